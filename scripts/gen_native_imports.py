#!/usr/bin/env python3
"""Generates libimpgraph/src/resolve/native_imports.c: what the C code of
CPython's standard-library extension and builtin modules imports, or puts into
sys.modules, when the module is imported — per minor version. impgraph reads
Python sources; it cannot see `PyImport_ImportModule("copy")` in
`_elementtree`'s C init, nor `pyexpat` registering `pyexpat.errors` and
`pyexpat.model`. This script asks each interpreter instead.

    python3 scripts/gen_native_imports.py -o libimpgraph/src/resolve/native_imports.c \
        "$(pyenv root)"/versions/3.{7,8,9,10,11,12,13}.*/bin/python3 /usr/bin/python3

Interpreters that are not CPython 3.7+ are refused. For every interpreter:

1. The modules examined: sys.builtin_module_names and the extension modules of
   the lib-dynload directory, standard library only (sys.stdlib_module_names
   from 3.10; before, the names CPython's generate_stdlib_module_names.py
   leaves out are left out: _test*, _xx*, xx*, _ctypes_test). Modules already
   in sys.modules after a bare `-I -S` start are skipped (their imports ran
   before any program: nothing to follow), and so are modules whose import
   touches the terminal or a display: readline, _tkinter, _curses*.
2. Each module is imported alone, in a fresh `python -I -S -X importtime`
   (no site, no environment, no user site: nothing but the module; the
   script names itself other than __main__, as a library would be, so a
   DeprecationWarning is ignored as it would be), which prints the modules
   it added to sys.modules with their __name__, and the calls of
   builtins.__import__ made by C code (PyImport_Import, which
   PyImport_ImportModule and PyCapsule_Import use): a call with no Python
   frame of its own, whose caller is importlib's _call_with_frames_removed
   running the create/exec function of the module being loaded.
3. What the C code itself caused is kept:
   - IMPORT: a module the C code of the module imported: a -X importtime
     row that is a direct child of the module's own row (the module has no
     Python code, so whatever its row directly contains was imported by its
     C code), or a call of __import__ from that C code (which also sees
     modules already loaded: `_asyncio` imports `asyncio.events` after
     `asyncio` has loaded it). Rows nested deeper were imported by the
     Python code of those modules, which impgraph reads from their sources:
     they are left out (their closure is the same). A name that is a parent
     package of another is left out too (the PARENT edge implies it).
   - REGISTER: a module in sys.modules with no row at all (nothing imported
     it through the import system), whose __name__ is its key, and whose name
     is `M.sub` with M the module itself: M's C code created it and put it in
     sys.modules (pyexpat.errors, pyexpat.model).
   Every other new module must be explained: a row nested under another row,
   an alias (a key whose module has another __name__, such as
   `xml.parsers.expat.errors` -> pyexpat.errors), or a row-less `P.sub` whose
   P has a row (P's own code registered it: when P is an extension its own
   table entry says so, when P is Python see 5.). Anything left
   unexplained is recorded as an IMPORT of the module (the full set: the
   closure stays right) and printed as a warning.
5. The standard library's Python code registers modules too, which impgraph
   does not read from the source because the key is computed
   (`sys.modules[io.__name__] = io` in typing, after `io.__name__ = __name__
   + '.io'`) or the value is a module loaded under another name
   (`sys.modules['importlib._bootstrap_external'] = _bootstrap_external` in
   importlib). The Python modules whose source assigns to `sys.modules[...]`
   (a plain text search of the standard library's directory) are imported
   alone the same way, and the same REGISTER rule applies to them: a
   row-less `M.sub` whose __name__ is its key. Their IMPORT rows are not
   kept (impgraph reads their imports from their sources).
4. Entries are merged over interpreters by minor version: an entry holds for
   3.N when an interpreter 3.N showed it. Interpreters of one minor version
   that disagree (different builds: Debian vs pyenv) are reported on stderr
   and in the generated file; their union is kept.

The output is impgraph's own data (no third-party code), sorted, stable.

    python3 scripts/gen_native_imports.py --check libimpgraph/src/resolve/native_imports.c python3

checks the committed table against the interpreters given instead (exit status 1 and the
differences when an entry of their minor versions is missing or extra): the test suite runs it
(cli.native_table).
"""
import argparse
import ast
import json
import re
import subprocess
import sys

SKIP_SIDE_EFFECTS = ("readline", "_tkinter")
# Python modules whose import does something to the machine or the
# terminal (a web browser, the Zen printed, a GUI).
SKIP_PYTHON = ("antigravity", "this", "turtle", "pydoc_data", "webbrowser")
SKIP_SIDE_EFFECT_PREFIXES = ("_curses",)
# Not standard library although built with it (Python < 3.10 has no
# sys.stdlib_module_names; mirrors probe.py's STDLIB_IGNORE).
NOT_STDLIB = ("_ctypes_test", "xxlimited", "xxlimited_35", "xxsubtype")
NOT_STDLIB_PREFIXES = ("_test", "_xx")

INFO_SCRIPT = r"""
import sys
bare = sorted(sys.modules)  # before this script's own imports
import os, json, importlib.machinery as m
dynload = [p for p in sys.path if os.path.basename(p.rstrip('/')) == 'lib-dynload']
ext = []
for d in dynload:
    for f in sorted(os.listdir(d)):
        for s in m.EXTENSION_SUFFIXES:
            if f.endswith(s) and '.' not in f[:-len(s)]:
                ext.append(f[:-len(s)])
                break
# Python modules of the standard library whose code assigns to sys.modules.
import re
stdlib_dir = os.path.dirname(os.__file__)
assigns = re.compile(r'sys\.modules\[[^\]\n]+\]\s*=[^=]')
skip_dirs = {'test', 'tests', 'idlelib', 'tkinter', 'turtledemo', 'site-packages',
             'dist-packages', 'lib2to3', 'ensurepip', 'venv', '__pycache__'}
registrants = []
for root, dirs, files in os.walk(stdlib_dir):
    dirs[:] = sorted(d for d in dirs if d not in skip_dirs and d.isidentifier())
    rel = os.path.relpath(root, stdlib_dir)
    package = [] if rel == '.' else rel.split(os.sep)
    if package and not os.path.isfile(os.path.join(root, '__init__.py')):
        dirs[:] = []
        continue
    for f in sorted(files):
        if not f.endswith('.py') or not f[:-3].isidentifier():
            continue
        parts = package + ([] if f == '__init__.py' else [f[:-3]])
        if not parts:
            continue
        try:
            with open(os.path.join(root, f), encoding='utf-8') as fh:
                if assigns.search(fh.read()):
                    registrants.append('.'.join(parts))
        except (OSError, UnicodeError):
            pass
print(json.dumps({
    'registrants': sorted(registrants),
    'implementation': sys.implementation.name,
    'version': list(sys.version_info[:3]),
    'builtins': sorted(sys.builtin_module_names),
    'extensions': sorted(set(ext)),
    'stdlib': sorted(getattr(sys, 'stdlib_module_names', ())) or None,
    'bare': bare,
}))
"""

# Imports nothing but the module (sys is builtin and loaded): printing with
# json would load re, functools, collections... first and hide them. The
# hook on builtins.__import__ sees what C code imports through
# PyImport_Import (PyImport_ImportModule, PyCapsule_Import), loaded already
# or not: such a call comes from no Python frame of its own, so its caller
# is importlib._bootstrap._call_with_frames_removed(f, *args), running the
# create/exec function of the module being loaded, args[0] its spec or the
# module itself. (Python code calls __import__ from its own frames.) The
# script calls itself something other than __main__, as a library importing
# the module would be: a DeprecationWarning the import raises is then
# ignored, not printed (printing one imports modules a real program would
# not).
TRIAL_SCRIPT = r"""
__name__ = '_impgraph_trial'
import sys, builtins
def loading(frame):
    args = frame.f_locals.get('args') or ()
    first = args[0] if args else None
    return getattr(first, 'name', None) or getattr(first, '__name__', None)
def hook(name, globals=None, locals=None, fromlist=(), level=0, _orig=builtins.__import__):
    caller = sys._getframe(1)
    if caller.f_code.co_name == '_call_with_frames_removed' and level == 0:
        calls.append((loading(caller), name))
    return _orig(name, globals, locals, fromlist, level)
calls = []
before = set(sys.modules)
builtins.__import__ = hook
import %s
builtins.__import__ = hook.__defaults__[0]
new = [(key, getattr(sys.modules[key], '__name__', None))
       for key in sorted(set(sys.modules) - before)]
sys.stdout.write(repr((new, calls)) + '\n')
"""

ROW = re.compile(r"^import time:\s+(\d+|self \[us\]) \|\s+(\S+) \|( +)(.*)$")


def run(python, args, timeout=60):
    return subprocess.run([python] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout)


def interpreter_info(python):
    proc = run(python, ["-I", "-S", "-c", INFO_SCRIPT])
    if proc.returncode != 0:
        sys.exit("%s: the info script failed: %s" % (python, proc.stderr.strip()))
    return json.loads(proc.stdout)


def is_stdlib(name, info):
    if info["stdlib"] is not None:
        return name in info["stdlib"]
    return name not in NOT_STDLIB and not name.startswith(NOT_STDLIB_PREFIXES)


def import_rows(stderr):
    """The -X importtime rows as (depth, name), in print order (children
    before their parent)."""
    rows = []
    for line in stderr.splitlines():
        m = ROW.match(line)
        if not m or m.group(1).startswith("self"):
            continue
        rows.append(((len(m.group(3)) - 1) // 2, m.group(4).strip()))
    return rows


def row_tree(rows):
    """{name: [direct child names]} for every row, and the top-level rows."""
    pending = {}
    children = {}
    for depth, name in rows:
        children[name] = pending.pop(depth + 1, [])
        pending.setdefault(depth, []).append(name)
    return children, pending.get(0, [])


def trial(python, module):
    """(imports, registers, unexplained, problem) of one module."""
    try:
        proc = run(python, ["-I", "-S", "-X", "importtime", "-c", TRIAL_SCRIPT % module])
    except subprocess.TimeoutExpired:
        return None, None, None, "timed out"
    if proc.returncode != 0:
        tail = [l for l in proc.stderr.strip().splitlines() if not l.startswith("import time:")]
        return None, None, None, (tail[-1] if tail else "exit status %d" % proc.returncode)
    new, calls = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    new = dict(new)
    children, _ = row_tree(import_rows(proc.stderr))
    if module not in children:
        return None, None, None, "no -X importtime row for the module"
    direct = set(children[module])
    direct.update(name for loader, name in calls if loader == module and name != module)
    rowed = set(children)
    imports = sorted(n for n in direct if not any(o.startswith(n + ".") for o in direct))
    registers, unexplained = [], []
    for key, name in sorted(new.items()):
        if key in rowed or key == module:
            continue
        if name != key:
            continue  # an alias set by Python code (os.path, xml.parsers.expat.errors)
        parent = key.rpartition(".")[0]
        if parent == module:
            registers.append(key)
        elif parent and parent in rowed:
            continue  # registered by another module of the run: its own business
        else:
            unexplained.append(key)
    return imports, registers, unexplained, None


def examine(python, log):
    info = interpreter_info(python)
    if info["implementation"] != "cpython" or tuple(info["version"][:2]) < (3, 7):
        sys.exit("%s: CPython 3.7+ required, not %s %s" %
                 (python, info["implementation"], ".".join(map(str, info["version"]))))
    version = ".".join(map(str, info["version"]))
    bare = set(info["bare"])
    names = sorted(set(info["builtins"]) | set(info["extensions"]))
    result = {"version": version, "minor": info["version"][1], "entries": set(),
              "skipped": [], "preloaded": [], "failed": [], "examined": []}
    for name in names:
        if not is_stdlib(name, info):
            continue
        if name in bare:
            result["preloaded"].append(name)
            continue
        if name in SKIP_SIDE_EFFECTS or name.startswith(SKIP_SIDE_EFFECT_PREFIXES):
            result["skipped"].append(name)
            continue
        examine_one(python, name, True, result, log)
    for name in info["registrants"]:
        top = name.partition(".")[0]
        if (not is_stdlib(top, info) or name in bare or name in SKIP_PYTHON
                or name.rpartition(".")[2] == "__main__"
                or top in SKIP_SIDE_EFFECTS):
            continue
        examine_one(python, name, False, result, log)
    return result


def examine_one(python, name, native, result, log):
    """One module's trial into result: for an extension or builtin module
    (native) what its C code imports or registers; for a Python module only
    what it registers (its imports are read from its source)."""
    version = result["version"]
    imports, registers, unexplained, problem = trial(python, name)
    if problem:
        result["failed"].append("%s (%s)" % (name, problem))
        log("%s %s: not examined: %s" % (version, name, problem))
        return
    result["examined"].append(name)
    for target in registers:
        result["entries"].add((name, target, "REGISTER"))
    if not native:
        return
    for target in imports:
        result["entries"].add((name, target, "IMPORT"))
    for target in unexplained:
        log("%s %s: %s is new in sys.modules and unexplained: recorded as an import"
            % (version, name, target))
        result["entries"].add((name, target, "IMPORT"))


def minors_expr(minors):
    """IPG_MINORS(7, 13) | IPG_MINOR(5) ... for a set of minor versions."""
    runs, ordered = [], sorted(minors)
    for m in ordered:
        if runs and runs[-1][1] == m - 1:
            runs[-1][1] = m
        else:
            runs.append([m, m])
    return " | ".join("IPG_MINOR(%d)" % a if a == b else "IPG_MINORS(%d, %d)" % (a, b)
                      for a, b in runs)


def wrap_names(prefix, names, width=78):
    lines, line = [], prefix
    for n in names:
        piece = (" " if line.strip(" *") else "") + n
        if len(line) + len(piece) > width:
            lines.append(line.rstrip())
            line = " *   " + n
        else:
            line += piece
    lines.append(line.rstrip())
    return lines


def render(results, disagreements):
    by_minor = {}
    for r in results:
        by_minor.setdefault(r["minor"], []).append(r)
    merged = {}
    for r in results:
        for entry in r["entries"]:
            merged.setdefault(entry, set()).add(r["minor"])
    first, last = min(by_minor), max(by_minor)
    missing_minors = sorted(set(range(first, last + 1)) - set(by_minor))
    if missing_minors:
        sys.exit("no interpreter for 3.%s: the table must cover %d..%d without gaps"
                 % (", 3.".join(map(str, missing_minors)), first, last))
    out = []
    out.append("/* Imports made by the C code of CPython's standard-library extension and")
    out.append(" * builtin modules, per minor version (resolve/resolve.h, ipg_native_*).")
    out.append(" *")
    out.append(" * Generated by scripts/gen_native_imports.py; do not edit. Regenerate with")
    out.append(" * every CPython 3.%d..3.%d at hand (see the script for the method):" % (first, last))
    out.append(" *   python3 scripts/gen_native_imports.py -o libimpgraph/src/resolve/native_imports.c "
               "PYTHON...")
    out.append(" * Generated from (Linux x86-64):")
    for r in sorted(results, key=lambda r: [int(x) for x in r["version"].split(".")]):
        out.append(" *   CPython %s: %d modules examined, %d already loaded at a bare start, "
                   "%d skipped" % (r["version"], len(r["examined"]), len(r["preloaded"]),
                                   len(r["skipped"])))
    skipped = sorted(set(s for r in results for s in r["skipped"]))
    out.extend(wrap_names(" * Skipped (import touches the terminal or a display):", skipped))
    failed = sorted(set("%s: %s" % (r["version"], f) for r in results for f in r["failed"]))
    if failed:
        out.append(" * Not examined (import failed):")
        for f in failed:
            out.append(" *   " + f)
    if disagreements:
        out.append(" * Builds of one minor version that disagree (their union is kept):")
        for d in disagreements:
            out.append(" *   " + d)
    out.append(" *")
    out.append(" * IMPORT: the module's C code imports `target` when the module is imported")
    out.append(" * (imports nested in the target's own Python code are not listed).")
    out.append(" * REGISTER: it creates module `target` and puts it into sys.modules itself")
    out.append(" * (no file, no finder); for a Python module of the standard library (typing,")
    out.append(" * importlib): its code puts an object into sys.modules under that key.")
    out.append(" * Sorted by module, then target. */")
    out.append('#include "resolve/resolve.h"')
    out.append("")
    out.append("const int ipg_native_first_minor = %d;" % first)
    out.append("const int ipg_native_last_minor = %d;" % last)
    out.append("")
    out.append("const ipg_native_import ipg_native_table[] = {")
    for (module, target, how), minors in sorted(merged.items()):
        out.append('    {"%s", "%s", IPG_NATIVE_%s, %s},' % (module, target, how,
                                                            minors_expr(minors)))
    out.append("};")
    out.append("")
    out.append("const size_t ipg_native_table_count = sizeof ipg_native_table / "
               "sizeof *ipg_native_table;")
    return "\n".join(out) + "\n"


def find_disagreements(results):
    out = []
    by_minor = {}
    for r in results:
        by_minor.setdefault(r["minor"], []).append(r)
    for minor, group in sorted(by_minor.items()):
        if len(group) < 2:
            continue
        common = set.intersection(*(set(r["examined"]) for r in group))
        for r in group:
            for other in group:
                if r is other:
                    continue
                only = sorted(e for e in r["entries"] - other["entries"] if e[0] in common)
                for module, target, how in only:
                    out.append("3.%d: %s %s %s in %s, not in %s" % (
                        minor, module, how.lower(), target, r["version"], other["version"]))
    return out


TABLE_ROW = re.compile(r'^\s*\{"([^"]+)", "([^"]+)", IPG_NATIVE_(IMPORT|REGISTER), ([^}]+)\},\s*$')
MINORS_TERM = re.compile(r"IPG_MINORS?\((\d+)(?:, (\d+))?\)")


def read_table(path):
    """{(module, target, how): {minor, ...}} of a generated table."""
    table = {}
    with open(path) as f:
        for line in f:
            m = TABLE_ROW.match(line)
            if not m:
                continue
            minors = set()
            for a, b in MINORS_TERM.findall(m.group(4)):
                minors.update(range(int(a), int(b or a) + 1))
            table[(m.group(1), m.group(2), m.group(3))] = minors
    if not table:
        sys.exit("%s: no table rows found" % path)
    return table


def check(path, results):
    """Differences between the table and what the interpreters showed, for
    the modules they examined."""
    table = read_table(path)
    problems = []
    for r in results:
        expected = set(e for e, minors in table.items()
                       if r["minor"] in minors and e[0] in r["examined"])
        for module, target, how in sorted(expected - r["entries"]):
            problems.append("%s: the table says %s %s %s, the interpreter did not"
                            % (r["version"], module, how.lower(), target))
        for module, target, how in sorted(r["entries"] - expected):
            problems.append("%s: %s %s %s, missing from the table"
                            % (r["version"], module, how.lower(), target))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", help="write here (default: stdout)")
    parser.add_argument("--check", metavar="TABLE",
                        help="compare the interpreters with this generated table instead")
    parser.add_argument("pythons", nargs="+", help="CPython interpreters, 3.7 and later")
    args = parser.parse_args()
    log = lambda message: print(message, file=sys.stderr)
    results = []
    for python in args.pythons:
        r = examine(python, log)
        log("%s (%s): %d examined, %d entries" % (python, r["version"], len(r["examined"]),
                                                  len(r["entries"])))
        results.append(r)
    if args.check:
        problems = check(args.check, results)
        for p in problems:
            print(p)
        if problems:
            print("the table is stale: regenerate it (python3 scripts/gen_native_imports.py -h)")
            sys.exit(1)
        print("%s agrees with %s" % (args.check, ", ".join(r["version"] for r in results)))
        return
    disagreements = find_disagreements(results)
    for d in disagreements:
        log("disagreement: " + d)
    text = render(results, disagreements)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
