"""A class whose instances decorate (the shape of typing_extensions.deprecated,
which pydantic applies as `@deprecated("...")` and `@deprecated("...",
category=None)`): `@dep(...)` runs dep.__init__, then dep.__call__ with the
decorated def or class. Used by the deco_instance* scenarios; importing it
alone runs nothing."""


class dep:
    def __init__(self, message, /, *, category=DeprecationWarning, stacklevel=1):
        if not isinstance(message, str):
            raise TypeError(f"Expected str, not {type(message).__name__!r}")
        self.message = message
        self.category = category
        self.stacklevel = stacklevel

    def __call__(self, arg, /):
        msg = self.message
        category = self.category
        stacklevel = self.stacklevel
        import callpkg.leaf_di_call

        if category is None:
            import callpkg.leaf_di_silent

            arg.__deprecated__ = msg
            return arg
        elif isinstance(arg, type):
            import callpkg.leaf_di_class

            return arg
        elif callable(arg):
            import callpkg.leaf_di_function

            if stacklevel > 1:
                import callpkg.leaf_di_deep
            return arg
        else:
            raise TypeError(f"not a class or callable: {arg!r}")
