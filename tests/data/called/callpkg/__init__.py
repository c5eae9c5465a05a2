"""Fixture package: see ../README.md."""
