"""Imported by the plugin plug.plugins.alpha."""
