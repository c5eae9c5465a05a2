from . import ElementPath

try:
    from _elementtree import *
except ImportError:
    pass
