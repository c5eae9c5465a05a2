"""Calls of functions imported from another module."""
from callpkg import helpers
from callpkg.helpers import register

register("x")
helpers.configure()
