"""The fallback of fx_fails1: runs because fx_fails1 fails."""
