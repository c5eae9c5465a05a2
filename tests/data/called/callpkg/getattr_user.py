"""`from M import NAME` where M serves NAME from its module __getattr__."""
from callpkg.lazyattr import Eager, Thing
