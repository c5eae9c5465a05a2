from . import heavy

ONE = 1


def use():
    return heavy.f()
