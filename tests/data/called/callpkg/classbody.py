"""A call in a class body, and a class called at module level."""
from callpkg.helpers import make


class C:
    value = make()


class Registry:
    def __init__(self):
        import callpkg.leaf_init

    def other(self):
        import callpkg.leaf_method


REGISTRY = Registry()
