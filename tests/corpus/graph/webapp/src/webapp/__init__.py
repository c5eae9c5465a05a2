"""A small web application used by the golden tests of `impgraph graph`."""
__version__ = "1.0"

from .app import create_app
