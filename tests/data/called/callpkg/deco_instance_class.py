"""`@dep("m", stacklevel=2)` on a class, through the module's attribute: the
class branch of dep.__call__ (isinstance(arg, type)) comes first."""
import callpkg.decorating


@callpkg.decorating.dep("use B instead", stacklevel=2)
class A:
    pass
