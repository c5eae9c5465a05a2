#!/usr/bin/env bash
# A mypyc-compiled module imports what the `.py` beside its binary imports
# (graph/native_binary.c; docs/formats/graph.md "Native edges"): its module
# body is that source, compiled. The fixture binaries are built here with the
# C compiler (as in graph_binary.sh), named with python3's extension suffix:
#  - mpkg.fast:  a mypyc shim ("grp9__mypyc", "grp9__mypyc.init_mpkg___fast")
#                with mpkg/fast.py beside it, whose imports have every kind;
#  - mp2:        a package whose __init__ is a mypyc shim, __init__.py beside;
#  - mpkg.bare:  a mypyc shim without a .py: a leaf with its native edge;
#  - cyboth:     a Cython module (cython_runtime) with cyboth.py beside it;
#  - plainc:     a plain extension (no signature) with plainc.py beside it.
# The .py beside the last two must not be read. Then, when python3's headers
# are installed (optional), a real shim whose group library's init imports
# what its .py imports, and the start-up set against what python3 loads.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
export PYTHONDONTWRITEBYTECODE=1
py="${PYTHON3:-python3}"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/startup.sh"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/extensions.sh"
site="$tmp/site"
mkdir -p "$site/mpkg" "$site/mp2" "$tmp/proj"
touch "$site/mpkg/__init__.py"

strings_so "$site/mpkg/fast$suffix" grp9__mypyc grp9__mypyc.init_mpkg___fast
strings_so "$site/mpkg/bare$suffix" grp9__mypyc grp9__mypyc.init_mpkg___bare
strings_so "$site/mp2/__init__$suffix" grp9__mypyc grp9__mypyc.init_mp2
strings_so "$site/grp9__mypyc$suffix" grp9__mypyc grp9__mypyc.init_mpkg___fast \
  grp9__mypyc.init_mpkg___bare grp9__mypyc.init_mp2
strings_so "$site/cyboth$suffix" cython_runtime
strings_so "$site/plainc$suffix" "nothing generated"
cat > "$site/mpkg/fast.py" <<'EOF'
import only_from_fast
from . import helper
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    import tc_only
try:
    import opt_missing
except ImportError:
    opt_missing = None


def later():
    import in_function


def setup():
    import called_mod


setup()
EOF
printf 'from . import sub\n' > "$site/mp2/__init__.py"
for m in only_from_fast tc_only in_function called_mod mp2/sub mpkg/helper; do
  echo "X = 1" > "$site/$m.py"
done
printf 'import not_read_cy\n' > "$site/cyboth.py"
printf 'import not_read_plain\n' > "$site/plainc.py"
printf 'X = 1\n' > "$site/not_read_cy.py"
printf 'X = 1\n' > "$site/not_read_plain.py"
cat > "$tmp/proj/app.py" <<'EOF'
import mpkg.fast
import mpkg.bare
import mp2
import cyboth
import plainc
EOF

PYTHONPATH="$site" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry app --format json -q \
  > "$tmp/graph.json"
PYTHONPATH="$site" "$IMPGRAPH_CLI" why only_from_fast "$tmp/proj" --python "$py" --entry app -q \
  > "$tmp/why.txt" || echo "impgraph why only_from_fast: exit status $?" >> "$tmp/why.txt"
"$py" - "$tmp/graph.json" "$tmp/why.txt" "$site" "$suffix" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
why = open(sys.argv[2]).read()
site, suffix = sys.argv[3], sys.argv[4]
nodes = {n["name"]: n for n in doc["nodes"]}
out = {}
for e in doc["edges"]:
    out.setdefault(e["from"], []).append(e)

# The shim keeps its kind, path and native edge; its imports are its .py's.
fast = nodes["mpkg.fast"]
assert fast["kind"] == "extension" and fast["path"] == f"{site}/mpkg/fast{suffix}", fast
assert fast["source"] == f"{site}/mpkg/fast.py", fast
assert fast["expanded"] and fast["startup"], fast
kinds = {(e["to"], e["kind"]) for e in out["mpkg.fast"]}
assert kinds == {
    ("grp9__mypyc", "native"), ("only_from_fast", "eager"), ("mpkg.helper", "eager"),
    ("typing", "eager"), ("tc_only", "type_checking"), ("opt_missing", "eager"),
    ("in_function", "function"), ("called_mod", "called"), ("mpkg", "parent"),
}, kinds
for e in out["mpkg.fast"]:
    if e["kind"] in ("native", "parent"):
        assert e["file"] is None and e["line"] == 0, e
    else:
        assert e["file"] == f"{site}/mpkg/fast.py", e
        assert e["line"] > 0, e
lines = {e["to"]: e["line"] for e in out["mpkg.fast"]}
assert lines["only_from_fast"] == 1 and lines["tc_only"] == 5 and lines["opt_missing"] == 7, lines
opt = [e for e in out["mpkg.fast"] if e["to"] == "opt_missing"][0]
assert "optional" in opt["flags"], opt
called = [e for e in out["mpkg.fast"] if e["kind"] == "called"][0]
assert called["call"]["file"] == f"{site}/mpkg/fast.py" and called["call"]["line"] == 20, called
for name in ("only_from_fast", "mpkg.helper", "called_mod", "grp9__mypyc"):
    assert nodes[name]["startup"], nodes[name]
for name in ("tc_only", "in_function"):
    assert not nodes[name]["startup"], nodes[name]
assert nodes["opt_missing"]["kind"] == "missing", nodes["opt_missing"]
assert "missing_optional" in nodes["opt_missing"]["flags"], nodes["opt_missing"]

# A package whose __init__ is a mypyc shim: relative imports from the package.
mp2 = nodes["mp2"]
assert mp2["kind"] == "package" and mp2["source"] == f"{site}/mp2/__init__.py", mp2
assert mp2["path"] == f"{site}/mp2/__init__{suffix}", mp2
assert nodes["mp2.sub"]["startup"], nodes["mp2.sub"]

# No .py beside the shim: a leaf with its native edge, as before.
bare = nodes["mpkg.bare"]
assert "source" not in bare and not bare["expanded"] and bare["startup"], bare
assert {(e["to"], e["kind"]) for e in out["mpkg.bare"]} == {
    ("grp9__mypyc", "native"), ("mpkg", "parent")}, out["mpkg.bare"]

# A .py beside a Cython or plain extension is not what the binary runs.
for name in ("cyboth", "plainc"):
    assert "source" not in nodes[name] and not nodes[name]["expanded"], nodes[name]
for name in ("not_read_cy", "not_read_plain"):
    assert name not in nodes, name
assert "source" not in nodes["mpkg.helper"], nodes["mpkg.helper"]
assert f"{site}/mpkg/fast.py:1" in why, why
PY
echo "mypyc shims: imports of the .py beside them; none for the shim without one, the Cython and the plain extension"

# The graph in text form names where the call is.
PYTHONPATH="$site" "$IMPGRAPH_CLI" why called_mod "$tmp/proj" --python "$py" --entry app -q \
  > "$tmp/why_called.txt"
grep -q "run by the call at $site/mpkg/fast.py:20" "$tmp/why_called.txt" || {
  echo "FAIL: why called_mod does not name the .py:"
  cat "$tmp/why_called.txt"
  exit 1
}

# Reached only by a function-level import: expanded from its .py with --full
# only, and then still not in the start-up set.
printf 'def run():\n    import mpkg.fast\n' > "$tmp/proj/lateapp.py"
for full in "" --full; do
  PYTHONPATH="$site" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry lateapp $full \
    --format json -q > "$tmp/late.json"
  "$py" - "$tmp/late.json" "$full" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
nodes = {n["name"]: n for n in doc["nodes"]}
fast = nodes["mpkg.fast"]
assert fast["expanded"] == (sys.argv[2] == "--full") and not fast["startup"], fast
assert ("only_from_fast" in nodes) == (sys.argv[2] == "--full"), sorted(nodes)
PY
done
echo "--full: a shim reached only by a function-level import is expanded from its .py"

# A first-party mypyc module: the text output shows the notes of its .py
# (those of first-party files), named by the .py.
strings_so "$tmp/proj/fm$suffix" grp9__mypyc grp9__mypyc.init_fm
printf 'name = "json"\n__import__(name)\n' > "$tmp/proj/fm.py"
printf 'import fm\n' > "$tmp/proj/fmapp.py"
PYTHONPATH="$site" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry fmapp -q > "$tmp/fm.txt"
grep -q "$tmp/proj/fm.py:2:1: note: .*dynamic-import" "$tmp/fm.txt" || {
  echo "FAIL: the dynamic-import note of fm.py is not shown:"
  cat "$tmp/fm.txt"
  exit 1
}
echo "first-party mypyc module: the notes of its .py are shown"

# Optional: a real shim, when python3's headers are there.
include=$(python_include) || exit 0
real="$tmp/real"
mypyc_real "$real" grp7__mypyc rpkg rdep
printf 'import rdep\n' > "$real/rpkg/fast.py"
printf 'X = 1\n' > "$real/rdep.py"
printf 'import rpkg.fast\n' > "$tmp/proj/realapp.py"
truth=$(cd "$tmp/proj" && PYTHONPATH="$real" startup_truth realapp 'n != "realapp"')
PYTHONPATH="$real" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry realapp --format json \
  -q > "$tmp/real.json"
got=$(startup_got "$tmp/real.json" 'n != "realapp"')
startup_compare realapp "grp7__mypyc rdep rpkg rpkg.fast" "$truth" "$got"
echo "real shim: start-up set matches python3 ($truth)"
