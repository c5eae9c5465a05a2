"""A leaf."""
