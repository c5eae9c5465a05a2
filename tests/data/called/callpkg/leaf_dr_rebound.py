"""Empty: loaded only when the function-level import that names it runs."""
