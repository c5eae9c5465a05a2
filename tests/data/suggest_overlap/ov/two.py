from . import heavy

TWO = 1


def use():
    return heavy.f()
