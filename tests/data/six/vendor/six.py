"""A minimal stand-in for six (written for impgraph's tests): the same
recognisable structure as six.py -- a _SixMetaPathImporter appended to
sys.meta_path, lists of MovedModule / MovedAttribute calls, lazy module
classes registered with _importer._add_module -- and it really works on
Python 3, so the test can compare impgraph with python3."""
import sys
import types

from importlib.util import spec_from_loader

PY34 = sys.version_info[0:2] >= (3, 4)


def _import_module(name):
    __import__(name)
    return sys.modules[name]


class _LazyDescr(object):
    def __init__(self, name):
        self.name = name

    def __get__(self, obj, tp):
        result = self._resolve()
        setattr(obj, self.name, result)
        try:
            delattr(obj.__class__, self.name)
        except AttributeError:
            pass
        return result


class MovedModule(_LazyDescr):
    def __init__(self, name, old, new=None):
        super(MovedModule, self).__init__(name)
        self.mod = new if new is not None else name

    def _resolve(self):
        return _import_module(self.mod)


class MovedAttribute(_LazyDescr):
    def __init__(self, name, old_mod, new_mod, old_attr=None, new_attr=None):
        super(MovedAttribute, self).__init__(name)
        self.mod = new_mod if new_mod is not None else name
        self.attr = new_attr or old_attr or name

    def _resolve(self):
        return getattr(_import_module(self.mod), self.attr)


class _LazyModule(types.ModuleType):
    _moved_attributes = []


class _SixMetaPathImporter(object):
    def __init__(self, six_module_name):
        self.name = six_module_name
        self.known_modules = {}

    def _add_module(self, mod, *fullnames):
        for fullname in fullnames:
            self.known_modules[self.name + "." + fullname] = mod

    def _get_module(self, fullname):
        return self.known_modules[self.name + "." + fullname]

    def find_spec(self, fullname, path, target=None):
        if fullname in self.known_modules:
            return spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        try:
            return sys.modules[spec.name]
        except KeyError:
            pass
        mod = self.known_modules[spec.name]
        if isinstance(mod, MovedModule):
            mod = mod._resolve()
        sys.modules[spec.name] = mod
        return mod

    def exec_module(self, module):
        pass

    def is_package(self, fullname):
        return hasattr(self.known_modules[fullname], "__path__")


_importer = _SixMetaPathImporter(__name__)


class _MovedItems(_LazyModule):
    __path__ = []


_moved_attributes = [
    MovedAttribute("reduce", "__builtin__", "functools"),
    MovedAttribute("reload_module", "__builtin__", "importlib" if PY34 else "imp", "reload"),
    MovedAttribute("shlex_quote", "pipes", "shlex", "quote"),
    MovedModule("queue", "Queue"),
    MovedModule("_thread", "thread", "_thread"),
    MovedModule("configparser", "ConfigParser"),
    MovedModule("collections_abc", "collections",
                "collections.abc" if sys.version_info >= (3, 3) else "collections"),
    MovedModule("urllib", __name__ + ".moves.urllib", __name__ + ".moves.urllib"),
]
# Windows only, as in six.
if sys.platform == "win32":
    _moved_attributes += [
        MovedModule("winreg", "_winreg"),
    ]

for attr in _moved_attributes:
    setattr(_MovedItems, attr.name, attr)
    if isinstance(attr, MovedModule):
        _importer._add_module(attr, "moves." + attr.name)
del attr

_MovedItems._moved_attributes = _moved_attributes

moves = _MovedItems(__name__ + ".moves")
_importer._add_module(moves, "moves")


class Module_six_moves_urllib_parse(_LazyModule):
    pass


_urllib_parse_moved_attributes = [
    MovedAttribute("urlparse", "urlparse", "urllib.parse"),
    MovedAttribute("quote", "urllib", "urllib.parse"),
]
for attr in _urllib_parse_moved_attributes:
    setattr(Module_six_moves_urllib_parse, attr.name, attr)
del attr

Module_six_moves_urllib_parse._moved_attributes = _urllib_parse_moved_attributes

_importer._add_module(Module_six_moves_urllib_parse(__name__ + ".moves.urllib_parse"),
                      "moves.urllib_parse", "moves.urllib.parse")


class Module_six_moves_urllib(types.ModuleType):
    __path__ = []
    parse = _importer._get_module("moves.urllib_parse")


_importer._add_module(Module_six_moves_urllib(__name__ + ".moves.urllib"),
                      "moves.urllib")

__path__ = []  # six is a package for its importer
sys.meta_path.append(_importer)
