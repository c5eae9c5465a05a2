"""Empty: loaded only when the import that names it runs."""
