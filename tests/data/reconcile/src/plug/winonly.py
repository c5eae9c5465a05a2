"""Imported only on Windows: statically in the start-up set, never loaded."""
import plug.extra  # noqa: F401
