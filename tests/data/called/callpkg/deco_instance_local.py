"""A decorator class of the module itself whose instance's attribute comes
from a positional literal argument."""


class trace:
    def __init__(self, level=1):
        self.level = level

    def __call__(self, fn):
        level = self.level
        if level > 1:
            import callpkg.leaf_dil_deep
        elif level == 1:
            import callpkg.leaf_dil_one
        return fn


@trace(2)
def f():
    pass
