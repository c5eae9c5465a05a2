"""A nested function is not run by running the function that defines it."""


def outer():
    def inner():
        import callpkg.leaf_nested

    return inner


outer()
