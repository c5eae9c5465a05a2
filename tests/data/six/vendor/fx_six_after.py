# never loaded off Windows: after the failing import
