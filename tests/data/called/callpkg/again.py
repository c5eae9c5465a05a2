"""A second module calling helpers.register at import time: with every
module an entry, the call recorded on the edge is the first in module name
order (callpkg.again before callpkg.cross)."""
from callpkg.helpers import register

register("y")
