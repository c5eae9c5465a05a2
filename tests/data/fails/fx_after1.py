"""Imported after the failing line: never runs."""
