"""taskcli: a small to-do list manager, impgraph's demo app."""
from .model import Task, TaskList
from .export import to_csv  # re-exports a heavy submodule's function

__all__ = ["Task", "TaskList", "to_csv", "__version__"]
__version__ = "1.2.0"
