"""Imported only by plug.winonly."""
