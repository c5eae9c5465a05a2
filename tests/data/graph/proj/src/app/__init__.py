"""The fixture application."""
