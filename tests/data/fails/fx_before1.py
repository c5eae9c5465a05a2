"""Imported before the failing line: stays loaded."""
