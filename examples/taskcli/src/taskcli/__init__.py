"""taskcli: a small to-do list manager used as impgraph's demo app."""
from .store import Store

__all__ = ["Store", "__version__"]
__version__ = "1.0.0"
