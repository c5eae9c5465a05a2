"""Loaded by fx_entry_needs once its missing dependency is taken as installed."""
