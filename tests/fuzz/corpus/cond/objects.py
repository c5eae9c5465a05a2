class dep:
    def __init__(self, message, /, *, category: "Optional[type]" = DeprecationWarning, level=1):
        self.message = message
        self.category = category

    def __call__(self, arg, /):
        category = self.category
        if category is None and p is None:
            return arg
        elif isinstance(arg, type) or isinstance(cls, type):
            import functools
        elif callable(arg) and not callable(obj) and obj is not None:
            import asyncio.coroutines
        elif arg == None or cls == None or obj == None or not arg or not cls:
            pass
callable = None
isinstance(arg, (type, str))
