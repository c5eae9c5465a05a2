"""Functions other fixture modules call at import time."""


def register(name):
    import callpkg.leaf_register

    return name


def configure():
    from callpkg import leaf_configure

    return leaf_configure


def deco(fn):
    import callpkg.leaf_deco

    return fn


def deco_factory(arg):
    import callpkg.leaf_factory

    return deco_inner


def deco_inner(fn):
    return fn


def make():
    import callpkg.leaf_class

    return 1


def conditional_inside(flag):
    if flag:
        import callpkg.leaf_cond_inside
    return flag
