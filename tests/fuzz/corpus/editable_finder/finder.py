import sys
from importlib.machinery import ModuleSpec, PathFinder
from typing import Dict

MAPPING: Dict[str, str] = {'demo': '/src/demo/src/demo', "single": "/src/single.py"}
NAMESPACES: Dict[str, list] = {'edns': ['/src/edns/__path_hook__.edns']}
PATH_PLACEHOLDER = '__editable__.demo-1.0.finder' + ".__path_hook__"

def install():
    pass
