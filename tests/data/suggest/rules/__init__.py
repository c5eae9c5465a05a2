"""Fixture of tests/api/test_suggest.c: one case per rule."""
from .heavy import Heavy  # re-exported by the package: lazy-getattr

__version__ = "1.0"
