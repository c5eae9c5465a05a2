"""Serves the submodule `sub` made at run time, as six serves six.moves."""
import sys

__path__ = []
sub = type(sys)(__name__ + ".sub")
sys.modules[sub.__name__] = sub
