"""A module attribute its __getattr__ serves, read at import time."""
import callpkg.lazyattr


class Holder:
    kind = callpkg.lazyattr.Other
