"""Re-exports setup_api."""
from callpkg.api.impl import setup_api

__all__ = ["setup_api"]
