"""A plugin, loaded by plug.core with a computed module name."""
import plug.beta  # noqa: F401
