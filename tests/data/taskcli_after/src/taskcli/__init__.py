"""taskcli: a small to-do list manager, impgraph's demo app.

impgraph's end-to-end test: examples/taskcli with every suggestion of
`impgraph suggest` applied by hand (lazy-getattr: the two re-exports share
one module __getattr__)."""
__all__ = ["Task", "TaskList", "to_csv", "__version__"]
__version__ = "1.2.0"


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .export import to_csv
    from .model import Task, TaskList

_LAZY = {
    "Task": (".model", "Task"),
    "TaskList": (".model", "TaskList"),
    "to_csv": (".export", "to_csv"),
}


def __getattr__(name):
    try:
        module_name, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    from importlib import import_module

    value = import_module(module_name, __name__)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value  # later accesses skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
