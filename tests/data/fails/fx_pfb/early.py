"""Loaded: its package imports it before failing."""
