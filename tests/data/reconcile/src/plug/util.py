"""A leaf imported by plug.core first, then by plug.registry (already loaded)."""
VALUE = 1
