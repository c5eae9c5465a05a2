"""Decorations by instances that the rules do not follow, though the
interpreter runs them (so not compared with it: graph_called.sh checks that
the imports stay `function` edges). Each class's __call__ imports its leaf
when the decorated object is callable and the category is not None."""
from callpkg.decorating import dep


class Base:
    pass


class based(Base):  # a base class (and its metaclass) may change anything
    def __init__(self, category=DeprecationWarning):
        self.category = category

    def __call__(self, arg):
        category = self.category
        if category is not None and callable(arg):
            import callpkg.leaf_dr_based
        return arg


class created:  # __new__ may return anything
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, category=DeprecationWarning):
        self.category = category

    def __call__(self, arg):
        category = self.category
        if category is not None and callable(arg):
            import callpkg.leaf_dr_created
        return arg


class twice:  # the attribute is set again elsewhere in the class
    def __init__(self, category=DeprecationWarning):
        self.category = category
        self.reset()

    def reset(self):
        self.category = None if False else 1

    def __call__(self, arg):
        category = self.category
        if category is not None and callable(arg):
            import callpkg.leaf_dr_twice
        return arg


class rebound:  # the local is bound again in __call__
    def __init__(self, category=DeprecationWarning):
        self.category = category

    def __call__(self, arg):
        category = self.category
        category = None if False else category
        if category is not None and callable(arg):
            import callpkg.leaf_dr_rebound
        return arg


class described:  # a property of the attribute's name
    def __init__(self, category=DeprecationWarning):
        self.category = category

    @property
    def category(self):
        return None

    @category.setter
    def category(self, value):
        pass

    def __call__(self, arg):
        category = self.category
        if category is not None and callable(arg):
            import callpkg.leaf_dr_described
        return arg


def identity(f):
    return f


@based()
def a():
    pass


@created()
def b():
    pass


@twice()
def c():
    pass


@rebound()
def d():
    pass


@described()
def h():
    pass


@dep("another decorator below: what it returns is not known")
@identity
def e():
    pass


@dep(*("arguments not known",))
def g():
    pass
