"""Decorators run at import time: `@f` calls f, `@f(...)` calls f too; a
class passed to a decorator is not called."""
from callpkg.helpers import deco, deco_factory


class Marker:
    def __init__(self):
        import callpkg.leaf_marker


@deco
def f():
    pass


@deco_factory("x")
def g():
    pass


@deco_factory(Marker)
def h():
    pass
