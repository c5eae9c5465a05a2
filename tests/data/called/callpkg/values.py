"""Values of a module-level loop passed through an alias and a function's
arguments, conditions decided per value (the shape of CPython's hashlib:
only the `gamma`/`delta` branch imports)."""

__supported = ("alpha", "beta", "gamma", "delta")
__blocked = {"gamma", "delta"}


def __get_builtin(name):
    cache = {}
    constructor = cache.get(name)
    if constructor is not None:
        return constructor
    try:
        if name in {"ALPHA", "alpha"}:
            import callpkg.leaf_v_alpha
        elif name == "beta":
            import callpkg.leaf_v_beta
        elif name in {"gamma", "delta"}:
            import callpkg.leaf_v_gamma
        else:
            import callpkg.leaf_v_other
    except ImportError:
        pass
    return None


def __get_native(name):
    if name in __blocked:
        return __get_builtin(name)
    try:
        f = getattr(callpkg.v_native, "x_" + name)
        f()
        return f
    except (AttributeError, ValueError):
        return __get_builtin(name)


try:
    import callpkg.v_native

    __get = __get_native
except ImportError:
    __get = __get_builtin

for __name in __supported:
    try:
        globals()[__name] = __get(__name)
    except ValueError:
        import callpkg.leaf_v_logging
