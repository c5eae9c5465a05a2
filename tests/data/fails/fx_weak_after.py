"""Loaded: nothing before it fails."""
