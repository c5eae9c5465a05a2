from . import mid

THREE = 3


def use():
    return mid.g()
