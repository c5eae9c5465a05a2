"""PEP 562: Thing and Other are imported when first asked for."""
from callpkg.lazyattr.eager import Eager


def __getattr__(name):
    if name == "Thing":
        from callpkg.lazyattr.thing import Thing

        return Thing
    if name == "Other":
        from callpkg.lazyattr.other import Other

        return Other
    raise AttributeError(name)
