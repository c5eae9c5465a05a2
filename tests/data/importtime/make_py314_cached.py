"""Synthesizes py314-cached-handmade.log: a HAND-MADE CPython 3.14
`-X importtime=2` log. No 3.14 interpreter is installed here, so this script
runs a real 3.13 interpreter with `-X importtime` and rewrites its output into
3.14's format, adding the `cached` rows 3.14 prints for imports of modules
that are already in sys.modules.

3.14's Python/import.c (import_ensure_initialized) prints them as

    fprintf(stderr, "import time: cached    | cached     | %*s\n",
            import_level*2, PyUnicode_AsUTF8(name));

i.e. the name is RIGHT-aligned in a field of import_level*2 columns, so a
name longer than the field gets no indentation at all: the indentation of a
cached row does not give its level.

How the rewrite knows the level: an audit hook marks the start of every
fresh import (the "import" event of import_find_and_load), every timed row
marks an end, so level = starts - ends. A builtins.__import__ wrapper marks
imports of already-loaded modules (plus the implicit import of the top-level
package for `import a.b`, as PyImport_ImportModuleLevelObject does). Imports
made before the hook is installed (interpreter start-up, site) and C-level
PyImport_GetModule() calls get no cached rows, unlike a real 3.14.

    python3 tests/data/importtime/make_py314_cached.py \
        /root/.pyenv/versions/3.13.0/bin/python 'import json, uuid, os' \
        > tests/data/importtime/py314-cached-handmade.log
"""
import re
import subprocess
import sys

PROLOGUE = r'''
import builtins, sys, os
_b = sys.modules["_frozen_importlib"]
def _hook(event, args):
    if event == "import" and args[1] is None:
        os.write(2, b"@@START " + str(args[0]).encode() + b"\n")
sys.addaudithook(_hook)
_orig = builtins.__import__
def _imp(name, globals=None, locals=None, fromlist=(), level=0):
    absname = name
    if level > 0:
        pkg = (globals or {}).get("__package__")
        if not pkg:
            spec = (globals or {}).get("__spec__")
            pkg = spec.parent if spec else ""
        try:
            absname = _b._resolve_name(name, pkg, level)
        except Exception:
            absname = None
    if absname is not None and sys.modules.get(absname) is not None:
        os.write(2, b"@@CACHED " + absname.encode() + b"\n")
    mod = _orig(name, globals, locals, fromlist, level)
    if level == 0 and not fromlist and "." in name:
        os.write(2, b"@@CACHED " + name.partition(".")[0].encode() + b"\n")
    return mod
builtins.__import__ = _imp
'''

ROW = re.compile(r"import time:\s+(-?\d+) \|\s+(-?\d+) \| ( *)(.*)$")


def main():
    python, statement = sys.argv[1], sys.argv[2]
    proc = subprocess.run([python, "-X", "importtime", "-c", PROLOGUE + statement],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    open_imports = []
    for line in proc.stderr.decode().splitlines():
        if line.startswith("@@START "):
            open_imports.append(line[len("@@START "):])
        elif line.startswith("@@CACHED "):
            name = line[len("@@CACHED "):]
            print("import time: cached    | cached     | %*s" % (len(open_imports) * 2, name))
        else:
            row = ROW.match(line)
            if row and open_imports:
                assert open_imports.pop() == row.group(4), line
            print(line)


if __name__ == "__main__":
    main()
