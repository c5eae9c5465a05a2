"""Loaded or not by fx_cut."""
