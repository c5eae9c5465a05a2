#!/usr/bin/env bash
# Imports under branches the interpreter never takes are `untaken` edges,
# imports that run only when their module is already loaded are `if_loaded`,
# and imports in handlers of other exceptions are `handler` edges (JSON kind
# names, why's reason); the start-up set agrees with what the real python3
# loads on the fixture tests/data/guards (but for the one condition impgraph
# cannot decide, listed in its README); static mode decides only version
# conditions and says that the platform is unknown.
set -euo pipefail
cli="$IMPGRAPH_CLI"
py="${PYTHON3:-python3}"
data="$IMPGRAPH_SOURCE_DIR/tests/data/guards"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$cli" graph --no-probe-cache --python "$py" --entry guardpkg --format json "$data" >"$tmp/probe.json"
(cd "$data" && "$py" -B -c '
import sys
before = set(sys.modules)
import guardpkg
print("\n".join(sorted(set(sys.modules) - before)))') >"$tmp/truth.txt"
"$py" - "$tmp/probe.json" "$tmp/truth.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
truth = set(open(sys.argv[2]).read().split())
kinds = {e["to"]: e["kind"] for e in doc["edges"] if e["from"] == "guardpkg"}
for name in ("winonly", "py2only", "guardpkg._win", "solaris", "darwinonly"):
    assert kinds[name] == "untaken", (name, kinds)
assert kinds["handleronly"] == "handler", kinds
assert kinds["posixonly"] == "eager" and kinds["py37plus"] == "eager", kinds
assert doc["summary"]["edges_by_kind"]["untaken"] == 5, doc["summary"]
assert doc["summary"]["edges_by_kind"]["handler"] == 1, doc["summary"]
for name in ("loadedonly", "loadedget", "loadedpkg"):
    assert kinds[name] == "if_loaded", (name, kinds)
assert kinds["notloaded"] == "eager", kinds
fixture = set(kinds) - {"os", "sys"}
startup = {n["name"] for n in doc["nodes"] if n["startup"]} & fixture
# maybewin: `if hasattr(os, "startfile"):` is not understood, so assumed to run.
assert startup - {"maybewin"} == truth & fixture, (sorted(startup), sorted(truth))
print("probe: untaken and handler edges agree with python3")
PY

"$cli" why --no-probe-cache --python "$py" --entry guardpkg winonly "$data" >"$tmp/why.txt" 2>&1 || true
grep -q 'branches this interpreter does not take' "$tmp/why.txt" || { cat "$tmp/why.txt"; exit 1; }
grep -q '\[untaken, conditional: `sys.platform == "win32"` is false on linux' "$tmp/why.txt" ||
  { cat "$tmp/why.txt"; exit 1; }

static=(--sys-path "$IMPGRAPH_SOURCE_DIR/tests/data/graph/lib/python3.11" --python-version 3.11)
"$cli" graph "${static[@]}" --entry guardpkg --format json "$data" >"$tmp/static.json"
"$py" - "$tmp/static.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
kinds = {e["to"]: e["kind"] for e in doc["edges"] if e["from"] == "guardpkg"}
assert kinds["py2only"] == "untaken", kinds
for name in ("winonly", "posixonly", "guardpkg._win", "solaris", "darwinonly", "py37plus"):
    assert kinds[name] == "eager", (name, kinds)
for name in ("loadedonly", "loadedget", "loadedpkg"):
    assert kinds[name] == "if_loaded", (name, kinds)
notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "static-mode"]
assert notes and "platform" in notes[0], notes
print("static: only the version condition is decided")
PY
"$cli" graph "${static[@]}" --entry guardpkg "$data" | grep -q "preloaded modules and platform unknown"
