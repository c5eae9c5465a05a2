#!/usr/bin/env bash
# Modules that fail to import (tests/data/fails, docs/formats/graph.md
# "Start-up set"): a module whose module-level code imports, unconditionally
# and unprotected, a module that is missing (or fails) raises ImportError and
# is removed from sys.modules; its imports before the failing line stay
# loaded, those after it never run, and the except-ImportError fallback of an
# import of it runs. For every entry of the fixture, the start-up set must
# equal what the real python3 loads (the fixture's modules in sys.modules
# after `import ENTRY`) and the set written down here; then the flags, the
# node `failure` field, the edge kinds, the `import-fails` notes and `why`.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache" # one probe for the whole test
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
py="${PYTHON3:-python3}"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/startup.sh"
root="$IMPGRAPH_SOURCE_DIR/tests/data/fails"
cd "$root"

# entry -> the fixture modules `python3 -c "import ENTRY"` loads.
declare -A expected=(
  [fx_opt]="fx_before1 fx_fallback1 fx_opt"
  [fx_two]="fx_l1_before fx_l2_before fx_two"
  [fx_protect]="fx_guarded fx_guarded_after fx_protect"
  [fx_cycle]="fx_cyc_b_mid fx_cyc_ok_a fx_cyc_ok_b fx_cycle"
  [fx_weak]="fx_plainmod fx_realpkg fx_weak fx_weak_after"
  [fx_sub]="fx_realpkg fx_sub"
  [fx_markup_user]="fx_markup fx_markup._speedups fx_markup_user"
  [fx_pkgfail]="fx_pfb.early fx_pkgfail"
  [fx_kinds]="fx_before1 fx_kinds fx_kinds_after fx_kinds_fb"
  [fx_cut]="fx_before1 fx_cut fx_cut_fallback fx_cut_reached"
)
status=0
entries=(fx_opt fx_two fx_protect fx_cycle fx_weak fx_sub fx_markup_user fx_pkgfail fx_kinds fx_cut)
for entry in "${entries[@]}"; do
  truth=$(startup_truth "$entry" "n.startswith('fx_') and getattr(m, '__file__', None)")
  "$IMPGRAPH_CLI" graph . --python "$py" --entry "$entry" --format json -q > "$tmp/$entry.json"
  got=$(startup_got "$tmp/$entry.json" "n.startswith('fx_')")
  startup_compare "$entry" "${expected[$entry]}" "$truth" "$got" || status=1
done
[[ $status == 0 ]] || exit 1
echo "start-up sets match python3 for ${#entries[@]} entries"

"$IMPGRAPH_CLI" graph . --python "$py" "${entries[@]/#/--entry=}" --format json -q > "$tmp/all.json"
"$py" - "$tmp/all.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
nodes = {n["name"]: n for n in doc["nodes"]}
fails = {n for n, node in nodes.items() if "fails" in node["flags"]}
assert fails == {"fx_fails1", "fx_level1", "fx_level2", "fx_fails3", "fx_cyc_a", "fx_cyc_b",
                 "fx_subfail", "fx_pf", "fx_pf.child", "fx_pfb", "fx_pfb.late"}, sorted(fails)
assert doc["summary"]["failing_modules"] == len(fails), doc["summary"]
for name, node in nodes.items():
    assert (node["failure"] is not None) == (name in fails), (name, node["failure"])
    assert not (node["startup"] and name in fails), name

def failure(name):
    return nodes[name]["failure"]

f = failure("fx_fails1")
assert (f["line"], f["imported"], f["missing"], f["parent"], f["reached"]) == \
    (4, "fx_missing_zz", "fx_missing_zz", False, True), f
assert f["file"].endswith("fx_fails1.py") and f["reason"] == "No module named 'fx_missing_zz'", f
# Two levels: fx_level1 fails where it imports fx_level2, which fails.
f = failure("fx_level1")
assert (f["line"], f["imported"], f["missing"]) == (2, "fx_level2", "fx_missing_zz"), f
assert failure("fx_level2")["line"] == 2
# The cycle: fx_cyc_b fails at its own missing import (line 3), not at
# `import fx_cyc_a` (line 1, a module in sys.modules while fx_cyc_b runs);
# fx_cyc_a fails where it imports fx_cyc_b.
assert (failure("fx_cyc_b")["line"], failure("fx_cyc_b")["imported"]) == (3, "fx_missing_zz")
assert (failure("fx_cyc_a")["line"], failure("fx_cyc_a")["imported"]) == (1, "fx_cyc_b")
assert "fails" not in nodes["fx_cyc_ok_a"]["flags"] and "fails" not in nodes["fx_cyc_ok_b"]["flags"]
# A package that fails takes its submodules with it (line 0: none of
# their code runs).
f = failure("fx_pf.child")
assert (f["line"], f["parent"], f["imported"], f["missing"], f["file"]) == \
    (0, True, "fx_pf", "fx_missing_zz", None), f
# A package that imports a submodule before it fails: the submodule ran
# while the package was in sys.modules and stays loaded.
assert "fails" not in nodes["fx_pfb.early"]["flags"] and nodes["fx_pfb.early"]["startup"]
assert failure("fx_pfb.late")["parent"] and failure("fx_pfb")["line"] == 4
# A real package without the submodule: the submodule is definitely missing.
assert failure("fx_subfail")["imported"] == "fx_realpkg.nope"
# fx_fails3 fails, but under try/except ImportError: fx_guarded does not.
assert "fails" not in nodes["fx_guarded"]["flags"] and nodes["fx_guarded"]["startup"]
# Weak reasons: fx_plainmod is no package (its `sub` is made at run time).
assert nodes["fx_plainmod.sub"]["kind"] == "missing" and "fails" not in nodes["fx_weak"]["flags"]

def edge(frm, to):
    found = [e for e in doc["edges"] if e["from"] == frm and e["to"] == to]
    assert len(found) == 1, (frm, to, found)
    return found[0]

# The preferred import fails: its fallback runs.
assert edge("fx_opt", "fx_fallback1")["kind"] == "eager"
# The preferred import works (a module seen for the first time, whose new
# node adds a PARENT edge while the importer is expanded): the fallback
# does not run and is never expanded.
assert edge("fx_markup", "fx_markup._native")["kind"] == "fallback"
assert not nodes["fx_markup._native"]["expanded"], nodes["fx_markup._native"]
assert "fx_native_dep" not in nodes
# Edges of a failing module: up to the failing import they run.
assert edge("fx_fails1", "fx_before1")["startup"] and not edge("fx_fails1", "fx_after1")["startup"]
assert edge("fx_opt", "fx_fails1")["startup"]
notes = sorted((d["path"].split("/")[-1], d["line"]) for d in doc["diagnostics"]
               if d["code"] == "import-fails")
assert notes == [("__init__.py", 1), ("__init__.py", 4), ("fx_cyc_a.py", 1), ("fx_cyc_b.py", 3), ("fx_fails1.py", 4),
                 ("fx_fails3.py", 1), ("fx_level1.py", 2), ("fx_level2.py", 2),
                 ("fx_subfail.py", 2)], notes
for d in doc["diagnostics"]:
    if d["code"] == "import-fails":
        assert d["severity"] == "note" and "fails to import here" in d["message"], d
# Imports an earlier import that raises cuts off (fx_cut): never run, one
# import-skipped note each, none past a failing module's own failing import
# (fx_fails1.py:5, which its import-fails note covers); the handler of the
# try whose body raised runs although its nearest preferred import exists.
skips = sorted((d["path"].split("/")[-1], d["line"]) for d in doc["diagnostics"]
               if d["code"] == "import-skipped")
assert skips == [("fx_cut.py", 8), ("fx_cut.py", 10), ("fx_cut.py", 14), ("fx_cut.py", 22)], skips
for name in ("fx_cut_never1", "fx_cut_never2", "fx_cut_never3", "fx_cut_never4"):
    assert not edge("fx_cut", name)["startup"] and edge("fx_cut", name)["kind"] == "eager", name
assert edge("fx_cut", "fx_cut_fallback")["kind"] == "eager", edge("fx_cut", "fx_cut_fallback")
assert edge("fx_cut", "fx_cut_reached")["startup"]
print("failures, fallbacks and notes: ok")
PY

# `why` exits with 1 when the module is not loaded.
"$IMPGRAPH_CLI" why fx_cut_never4 . --python "$py" --entry fx_cut > "$tmp/why.txt" || [[ $? == 1 ]]
grep -q "fx_cut imports it at ./fx_cut.py:22, but its import of fx_missing_zz at line 19 raises ImportError before that (it is missing)" "$tmp/why.txt"

"$IMPGRAPH_CLI" why fx_fails1 . --python "$py" --entry fx_opt > "$tmp/why.txt" || [[ $? == 1 ]]
grep -q "fx_fails1 is not loaded at start-up: it fails to import at ./fx_fails1.py:4" "$tmp/why.txt"
grep -q "fx_missing_zz, which is missing (No module named 'fx_missing_zz')" "$tmp/why.txt"
"$IMPGRAPH_CLI" why fx_after1 . --python "$py" --entry fx_opt > "$tmp/why.txt" || [[ $? == 1 ]]
grep -q "fx_fails1 imports it at ./fx_fails1.py:5, but fails to import before that" "$tmp/why.txt"
"$IMPGRAPH_CLI" why fx_pf.child . --python "$py" --entry fx_sub > "$tmp/why.txt" || [[ $? == 1 ]]
grep -q "because its parent package fx_pf fails to import" "$tmp/why.txt"
"$IMPGRAPH_CLI" graph . --python "$py" --entry fx_two > "$tmp/graph.txt"
grep -q "^modules that fail to import: 2 " "$tmp/graph.txt"
grep -q "^  fx_level1: ./fx_level1.py:2 imports fx_level2, which fails (fx_missing_zz is missing" \
  "$tmp/graph.txt"
"$IMPGRAPH_CLI" graph . --python "$py" --entry fx_opt --format dot -q > "$tmp/graph.dot"
grep -q '^  "fx_fails1" \[.*style="rounded,filled,dashed", color="#b02a37".*fails to import: fx_missing_zz is missing' \
  "$tmp/graph.dot"
echo "why, text and dot output: ok"

# suggest: the import of a failing module is kept (it is not loaded); what
# the failing module imports before failing counts (fx_before1: 3 modules).
"$IMPGRAPH_CLI" suggest . --python "$py" --entry fx_opt --static --min-savings 0 -v -q \
  > "$tmp/suggest.txt"
grep -q "fx_opt.py:3 fx_fails1 — fails to import (a module it imports is missing): it is not loaded" \
  "$tmp/suggest.txt"
grep -q "fx_opt .*→.*(.*3 → " "$tmp/suggest.txt"
echo "suggest: ok"

# A sys.meta_path finder impgraph does not emulate (installed here by a
# sitecustomize) may find a top-level name the path lacks: not a definite
# reason to fail. This one finds fx_missing_zz, so fx_fails1 loads.
mkdir "$tmp/finder"
cat > "$tmp/finder/sitecustomize.py" <<'PY'
import importlib.machinery, sys
class ZzFinder:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        return importlib.machinery.ModuleSpec(name, cls) if name == "fx_missing_zz" else None
    @staticmethod
    def create_module(spec):
        return None
    @staticmethod
    def exec_module(module):
        module.thing = 1
sys.meta_path.append(ZzFinder)
PY
truth=$(PYTHONPATH="$tmp/finder" "$py" -c "
import sys
before = set(sys.modules)
import fx_opt
print(' '.join(sorted(n for n in set(sys.modules) - before
                      if n.startswith('fx_') and getattr(sys.modules[n], '__file__', None))))")
[[ "$truth" == "fx_after1 fx_before1 fx_fails1 fx_opt" ]] || { echo "FAIL: finder truth [$truth]"; exit 1; }
PYTHONPATH="$tmp/finder" "$IMPGRAPH_CLI" graph . --python "$py" --entry fx_opt --no-probe-cache \
  --format json -q > "$tmp/finder.json"
"$py" - "$tmp/finder.json" "$truth" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
got = " ".join(sorted(n["name"] for n in doc["nodes"] if n["startup"] and n["name"].startswith("fx_")))
assert got == sys.argv[2], (got, sys.argv[2])
assert any("ZzFinder" in d["message"] for d in doc["diagnostics"] if d["code"] == "meta-path")
print("meta path finder: ok")
PY

# Static mode does not know the builtin modules: a top-level name found
# nowhere may be one, so it is no definite reason to fail; a real package
# without the submodule still is.
"$IMPGRAPH_CLI" graph . --sys-path . --python-version 3.11 --entry fx_opt --entry fx_sub \
  --format json -q > "$tmp/static.json"
"$py" - "$tmp/static.json" <<'PY'
import json, sys
nodes = {n["name"]: n for n in json.load(open(sys.argv[1]))["nodes"]}
assert "fails" not in nodes["fx_fails1"]["flags"], nodes["fx_fails1"]
assert nodes["fx_after1"]["startup"]
assert "fails" in nodes["fx_subfail"]["flags"], nodes["fx_subfail"]
print("static mode: ok")
PY
