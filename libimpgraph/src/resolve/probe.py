# impgraph interpreter probe. Run as `python -B -c <this text>`; prints one
# `key<TAB>value` row per line (values escaped: \\ \t \n \r), ending with an
# `end` row. Runs on Python 2.7 and 3.x only far enough to report the version
# (the C side rejects anything older than 3.7). Embedded verbatim in
# probe_script.c: regenerate it with `python3 embed.py` in this directory.
import sys

# Before importing anything else: the modules a bare interpreter has loaded,
# and those of them no finder can find because their parent is no package
# (os.path, which os.py puts into sys.modules as posixpath or ntpath).
STARTUP_MODULES = sorted(sys.modules)
STARTUP_ALIASES = sorted(
    (name, getattr(module, "__name__", name))
    for name, module in list(sys.modules.items())
    if "." in name and "=" not in name and not hasattr(
        sys.modules.get(name.rpartition(".")[0]), "__path__"))

FORMAT_VERSION = "1"

# Frozen modules of Python < 3.11, which has no _imp._frozen_module_names().
OLD_FROZEN_CANDIDATES = (
    "_frozen_importlib", "_frozen_importlib_external", "zipimport",
    "__hello__", "__phello__", "__phello__.spam",
)

# Not part of the standard library although they live in its directory
# (mirrors CPython's Tools/build/generate_stdlib_module_names.py).
STDLIB_IGNORE = (
    "__pycache__", "site-packages", "dist-packages", "test", "tests",
    "__hello__", "__phello__", "__hello_alias__", "__phello_alias__",
    "__hello_only__", "_ctypes_test", "idle_test", "xxlimited",
    "xxlimited_35", "xxsubtype",
)
STDLIB_IGNORE_PREFIXES = ("_test", "_xx", "__phello__")


def escape(value):
    return (value.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


class Output(object):
    def __init__(self):
        self.rows = []

    def row(self, key, value=""):
        self.rows.append(key + "\t" + escape(value))

    def rows_of(self, key, values):
        for value in values:
            self.row(key, value)

    def write(self):
        text = "\n".join(self.rows) + "\n"
        try:
            data = text.encode(sys.getfilesystemencoding(),
                               sys.getfilesystemencodeerrors())
        except (AttributeError, LookupError, UnicodeError):
            data = text.encode("utf-8", "surrogatepass")
        out = getattr(sys.stdout, "buffer", sys.stdout)
        out.write(data)
        out.flush()


def derived_stdlib_names():
    """Python < 3.10: names from the stdlib directory plus lib-dynload."""
    import os
    names = set(sys.builtin_module_names)
    names.update(("_frozen_importlib", "_frozen_importlib_external"))
    stdlib = os.path.dirname(os.__file__)
    for directory in (stdlib, os.path.join(stdlib, "lib-dynload")):
        try:
            entries = os.listdir(directory)
        except OSError:
            continue
        for entry in entries:
            full = os.path.join(directory, entry)
            if entry.endswith(".py"):
                names.add(entry[:-3])
            elif "." in entry and entry.endswith((".so", ".pyd")):
                names.add(entry.split(".", 1)[0])
            elif os.path.isfile(os.path.join(full, "__init__.py")):
                names.add(entry)
    return sorted(n for n in names
                  if n and n not in STDLIB_IGNORE and "-" not in n
                  and not n.startswith(STDLIB_IGNORE_PREFIXES))


def frozen_modules():
    """Yields (name, is_package)."""
    import _imp
    names = getattr(_imp, "_frozen_module_names", None)
    if names is not None:
        for name in sorted(names()):
            info = _imp.find_frozen(name)
            if info is not None:
                yield name, bool(info[1])
        return
    for name in OLD_FROZEN_CANDIDATES:
        if _imp.is_frozen(name):
            yield name, bool(_imp.is_frozen_package(name))


def finder_name(finder):
    kind = finder if isinstance(finder, type) else type(finder)
    return "%s.%s" % (getattr(kind, "__module__", "?"),
                      getattr(kind, "__qualname__", kind.__name__))


def site_dirs():
    """Site directories whose appearance or change alters sys.path."""
    import site
    dirs = []
    try:
        dirs.extend(site.getsitepackages())
    except Exception:
        pass
    try:
        if site.ENABLE_USER_SITE:
            dirs.append(site.getusersitepackages())
    except Exception:
        pass
    return dirs


def probe(out):
    import os
    path = list(sys.path)
    # `-c` puts the current directory ('') first, after site ran: not part of
    # the environment being analysed. Python 3.11+ omits it under safe_path.
    if not getattr(sys.flags, "safe_path", False) and path and path[0] == "":
        out.row("dropped_path", path.pop(0))
    out.rows_of("path", path)

    impl = getattr(sys, "implementation", None)
    out.row("implementation", impl.name if impl is not None else "")
    if impl is not None and impl.cache_tag:
        out.row("cache_tag", impl.cache_tag)
    out.row("platform", sys.platform)
    out.row("os_name", os.name)
    out.row("byteorder", sys.byteorder)
    out.row("executable", sys.executable or "")
    out.row("prefix", sys.prefix)
    out.row("base_prefix", getattr(sys, "base_prefix", sys.prefix))
    out.rows_of("builtin", sorted(sys.builtin_module_names))

    stdlib = getattr(sys, "stdlib_module_names", None)
    if stdlib is not None:
        out.row("stdlib_source", "sys")
        out.rows_of("stdlib", sorted(stdlib))
    else:
        out.row("stdlib_source", "derived")
        out.rows_of("stdlib", derived_stdlib_names())

    for name, is_package in frozen_modules():
        out.row("frozen_package" if is_package else "frozen", name)

    import importlib.machinery as machinery
    out.rows_of("source_suffix", machinery.SOURCE_SUFFIXES)
    out.rows_of("bytecode_suffix", machinery.BYTECODE_SUFFIXES)
    out.rows_of("extension_suffix", machinery.EXTENSION_SUFFIXES)
    out.rows_of("startup_module", STARTUP_MODULES)
    out.rows_of("alias", ["%s=%s" % pair for pair in STARTUP_ALIASES])
    out.rows_of("meta_path", [finder_name(f) for f in sys.meta_path])

    validate = list(path) + site_dirs()
    validate.append(os.path.join(sys.prefix, "pyvenv.cfg"))
    out.rows_of("validate", validate)


def main():
    out = Output()
    out.row("impgraph-probe", FORMAT_VERSION)
    version = sys.version_info
    out.row("version", "%d.%d.%d" % tuple(version[:3]))
    if version >= (3, 7):
        try:
            probe(out)
        except Exception as exc:
            out.row("error", "probe failed: %s: %s" % (type(exc).__name__, exc))
    out.row("end")
    out.write()


main()
