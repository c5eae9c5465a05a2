"""`@dep("m")` on a def and `@dep("m", category=None)` on a method under
@property (callpkg.decorating.dep, imported by name): dep.__call__ runs with
the defaults DeprecationWarning (not None) and 1, or None."""
from callpkg.decorating import dep


@dep("use g instead")
def f():
    pass


class Model:
    @property
    @dep("use model_fields instead", category=None)
    def fields(self):
        return {}
