#!/usr/bin/env bash
# A frozen standard-library module (CPython 3.11+ freezes runpy,
# importlib.util, importlib.machinery, ... into the interpreter) runs the
# code of the .py it was frozen from: impgraph reads that file's imports
# (node field `source`, docs/formats/graph.md). On Debian's python3,
# `import importlib.util` loads 17 modules that a frozen leaf would miss.
# Checks, for runpy (frozen and not preloaded on every 3.11+ measured):
# kind, source, expansion, the edges' file, and the start-up set against
# what python3 really loads. Skipped on interpreters that do not freeze it.
# Then, in static mode (so that it holds whatever the test interpreter
# preloads): typing registers typing.io and typing.re (the native table's
# Python registrations, 3.7-3.12), and `why` says it is typing's own code.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
py="${PYTHON3:-python3}"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/startup.sh"
stdlib=$("$py" -c 'import os; print(os.path.dirname(os.__file__))')
cd "$tmp"

"$IMPGRAPH_CLI" why typing.io --sys-path "$stdlib" --python-version 3.11 --entry typing -q \
  > why_io.txt
grep -q "typing -> typing.io  \[native: put into sys.modules by the module's code, under a key its source computes\]" why_io.txt || {
  echo "FAIL: why typing.io (static 3.11):"
  cat why_io.txt
  exit 1
}
"$IMPGRAPH_CLI" graph --sys-path "$stdlib" --python-version 3.13 --entry typing --format json -q \
  > typing313.json
"$py" - typing313.json <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
names = {n["name"] for n in doc["nodes"]}
assert "typing.io" not in names and "typing.re" not in names, sorted(names)
PY
# importlib registers the frozen importlib._bootstrap_external under that
# key: a node of the start-up set whose file's code never runs (not
# expanded: no Windows-only `winreg` from it).
"$IMPGRAPH_CLI" graph --sys-path "$stdlib" --python-version 3.11 --entry importlib.util \
  --format json -q > importlib_util.json
"$py" - importlib_util.json <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
nodes = {n["name"]: n for n in doc["nodes"]}
ext = nodes["importlib._bootstrap_external"]
assert ext["startup"] and not ext["expanded"], ext
assert any(e["from"] == "importlib" and e["to"] == ext["name"] and e["kind"] == "native"
           for e in doc["edges"]), "no native edge importlib -> importlib._bootstrap_external"
assert "winreg" not in nodes, sorted(nodes)
PY
echo "typing registers typing.io and typing.re on 3.11, not on 3.13; importlib._bootstrap_external is not expanded (static mode)"

if ! "$py" -c 'import _imp, sys; sys.exit(not (hasattr(_imp, "_frozen_module_names") and "runpy" in _imp._frozen_module_names() and "runpy" not in sys.modules))'; then
  echo "runpy is not a frozen module of $py here: skipped"
  exit 0
fi
"$IMPGRAPH_CLI" graph --python "$py" --entry runpy --format json -q > graph.json
"$py" - graph.json "$stdlib" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
stdlib = sys.argv[2]
nodes = {n["name"]: n for n in doc["nodes"]}
runpy = nodes["runpy"]
assert runpy["kind"] == "frozen" and runpy["path"] is None, runpy
assert runpy["source"] == f"{stdlib}/runpy.py", runpy
assert "expanded" in runpy["flags"] and runpy["startup"], runpy
out = [e for e in doc["edges"] if e["from"] == "runpy" and e["kind"] != "parent"]
assert out and all(e["file"] == f"{stdlib}/runpy.py" and e["line"] > 0 for e in out), out
assert any(e["to"] == "importlib.machinery" for e in out), out
# A frozen module whose name is not its file's stays a leaf.
for name, n in nodes.items():
    if n["kind"] == "frozen" and "source" not in n:
        assert "expanded" not in n["flags"], n
PY
truth=$(startup_truth runpy True)
got=$(startup_got graph.json True)
if [[ "$truth" != "$got" ]]; then
  echo "FAIL: runpy: impgraph's start-up set [$got], $py loads [$truth]"
  exit 1
fi
echo "frozen runpy: read from $stdlib/runpy.py; start-up set matches $py ($truth)"
