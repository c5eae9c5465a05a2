"""A module-level call of a function of the same module, followed through
the calls it makes."""


def setup():
    import callpkg.leaf_intra

    helper()


def helper():
    from callpkg import leaf_helper

    return leaf_helper


def never():
    import callpkg.leaf_never


setup()
