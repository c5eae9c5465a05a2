"""A function called through the package that re-exports it."""
from callpkg.api import setup_api

setup_api()
