"""Imported by fx_kinds."""
