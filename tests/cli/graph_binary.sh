#!/usr/bin/env bash
# NATIVE edges of third-party extension modules, read from their binaries
# (resolve/binary.c, graph/native_binary.c; docs/formats/graph.md "Native
# edges"). The fixture binaries are built here with the C compiler, named with
# python3's extension suffix, in a sys.path directory (PYTHONPATH):
#  - cyext:        the C strings a Cython 3.1 module's init passes to the C API
#                  ("cython_runtime", the shared ABI module "_cython_3_1_4", a
#                  type "_cython_3_1_4.cython_function_or_method");
#  - cyold:        a Cython 0.29 module: "cython_runtime" only;
#  - cypkg:        a package whose __init__ is a Cython 3.0 extension;
#  - shimpkg.fast: a mypyc shim: "grp123__mypyc",
#                  "grp123__mypyc.init_shimpkg___fast";
#  - grp123__mypyc: the group library (capsule names of other modules);
#  - plain:        no signature, only near misses ("__pyx_cython_runtime",
#                  "cython_runtime_dict", "_cython_3_1_4" without
#                  cython_runtime, another module's mypyc capsule);
#  - truncated:    the first 200 bytes of a real shared object;
#  - notelf:       a text file with the extension suffix.
# Then, when python3's headers are installed (optional), real importable
# modules doing what a Cython module and a mypyc shim do, and the start-up
# set against what python3 really loads.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
export PYTHONDONTWRITEBYTECODE=1
py="${PYTHON3:-python3}"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/startup.sh"
. "$IMPGRAPH_SOURCE_DIR/tests/lib/extensions.sh"
site="$tmp/site"
mkdir -p "$site/cypkg" "$site/shimpkg" "$tmp/proj"
touch "$site/shimpkg/__init__.py"

strings_so "$site/cyext$suffix" builtins cython_runtime __builtins__ \
  "_cython_3_1_4.cython_function_or_method" _cython_3_1_4 "does not match"
strings_so "$site/cyold$suffix" builtins cython_runtime __builtins__ "init cyold"
strings_so "$site/cypkg/__init__$suffix" cython_runtime _cython_3_0_11 "_cython_3_0_11.generator"
strings_so "$site/shimpkg/fast$suffix" grp123__mypyc init_shimpkg___fast \
  grp123__mypyc.init_shimpkg___fast
strings_so "$site/grp123__mypyc$suffix" grp123__mypyc grp123__mypyc.init_shimpkg___fast \
  grp123__mypyc.init_other
strings_so "$site/plain$suffix" __pyx_cython_runtime cython_runtime_dict _cython_3_1_4 \
  grp123__mypyc grp123__mypyc.init_shimpkg___fast
head -c 200 "$site/cyext$suffix" > "$site/truncated$suffix"
echo 'not a shared library' > "$site/notelf$suffix"

cat > "$tmp/proj/app.py" <<'EOF'
import cyext
import cyold
import cypkg
import shimpkg.fast
import plain
import truncated
import notelf
EOF

PYTHONPATH="$site" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry app --format json -q \
  > "$tmp/graph.json"
PYTHONPATH="$site" "$IMPGRAPH_CLI" why cython_runtime "$tmp/proj" --python "$py" --entry app -q \
  > "$tmp/why.txt"
PYTHONPATH="$site" "$IMPGRAPH_CLI" why grp123__mypyc "$tmp/proj" --python "$py" --entry app -q \
  >> "$tmp/why.txt"
"$py" - "$tmp/graph.json" "$tmp/why.txt" "$site" "$suffix" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
site, suffix = sys.argv[3], sys.argv[4]
nodes = {n["name"]: n for n in doc["nodes"]}
native = [(e["from"], e["to"]) for e in doc["edges"] if e["kind"] == "native"]
assert native == [
    ("cyext", "cython_runtime"), ("cyext", "_cython_3_1_4"),
    ("cyold", "cython_runtime"),
    ("cypkg", "cython_runtime"), ("cypkg", "_cython_3_0_11"),
    ("shimpkg.fast", "grp123__mypyc"),
], native
for e in doc["edges"]:
    if e["kind"] == "native":
        assert e["file"] is None and e["line"] == 0 and e["flags"] == [], e
for name in ("cython_runtime", "_cython_3_1_4", "_cython_3_0_11"):
    n = nodes[name]
    assert n["kind"] == "registered" and n["path"] is None and n["reason"] is None, n
    assert n["origin"] == "third_party" and n["startup"], n
    assert n["estimate_self_us"] == 0, n
group = nodes["grp123__mypyc"]
assert group["kind"] == "extension" and group["startup"], group
assert group["path"] == f"{site}/grp123__mypyc{suffix}", group
for name in ("plain", "grp123__mypyc", "truncated", "notelf"):
    assert not any(f == name for f, _ in native), name
unreadable = {d["path"]: d for d in doc["diagnostics"] if d["code"] == "unreadable"}
assert set(unreadable) == {f"{site}/truncated{suffix}", f"{site}/notelf{suffix}"}, unreadable
t = unreadable[f"{site}/truncated{suffix}"]
assert t["severity"] == "warning", t
assert "extension module truncated: truncated ELF file" in t["message"], t
assert "not followed" in t["message"], t
n = unreadable[f"{site}/notelf{suffix}"]
assert "not a shared library" in n["message"], n
assert doc["summary"]["edges_by_kind"]["native"] == 6, doc["summary"]
assert "cyext -> cython_runtime  [native: put into sys.modules by the module's C code]" in text, text
assert "shimpkg.fast -> grp123__mypyc  [native: imported by the module's C code]" in text, text
PY
echo "signatures: 6 native edges, 3 registered modules, 2 unreadable binaries"

# A source import of a module a binary creates: registered (not missing)
# whichever is resolved first.
printf 'import cython_runtime\nimport cyext\n' > "$tmp/proj/first.py"
printf 'import cyext\nimport cython_runtime\n' > "$tmp/proj/second.py"
for entry in first second; do
  PYTHONPATH="$site" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry $entry \
    --format json -q > "$tmp/$entry.json"
  "$py" - "$tmp/$entry.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
n = {n["name"]: n for n in doc["nodes"]}["cython_runtime"]
assert n["kind"] == "registered" and n["startup"] and n["reason"] is None, n
assert "fails" not in n["flags"] and doc["summary"]["missing_modules"] == 0, doc["summary"]
PY
done

# Optional: real modules, when python3's headers are there.
include=$(python_include) || exit 0
real="$tmp/real"
cat > "$tmp/cyreal.c" <<'EOF'
/* What a Cython module's init does: create cython_runtime and the shared
   ABI module with PyImport_AddModule. */
#include <Python.h>
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "cyreal", NULL, -1, NULL};
PyMODINIT_FUNC PyInit_cyreal(void) {
  if (!PyImport_AddModule("cython_runtime") || !PyImport_AddModule("_cython_3_1_4"))
    return NULL;
  return PyModule_Create(&def);
}
EOF
mypyc_real "$real" grp456__mypyc rshim
"$cc" -shared -fPIC -I"$include" -o "$real/cyreal$suffix" "$tmp/cyreal.c"
printf 'import cyreal\nimport rshim.fast\n' > "$tmp/proj/realapp.py"
truth=$(cd "$tmp/proj" && PYTHONPATH="$real" startup_truth realapp 'n != "realapp"')
PYTHONPATH="$real" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry realapp --format json \
  -q > "$tmp/real.json"
got=$(startup_got "$tmp/real.json" 'n != "realapp"')
startup_compare realapp "_cython_3_1_4 cyreal cython_runtime grp456__mypyc rshim rshim.fast" \
  "$truth" "$got"
echo "real modules: start-up set matches python3 ($truth)"

# With a measured profile: the registered modules count as loaded (they have
# no -X importtime row of their own) when the module creating them is.
(cd "$tmp/proj" && PYTHONPATH="$real" "$IMPGRAPH_CLI" measure --python "$py" --runs 1 --warmup 0 \
  -q -o "$tmp/prof.json" -c 'import realapp')
PYTHONPATH="$real" "$IMPGRAPH_CLI" graph "$tmp/proj" --python "$py" --entry realapp \
  --profile "$tmp/prof.json" --format json -q > "$tmp/real_prof.json"
"$py" - "$tmp/real_prof.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
modules = doc["reconciliation"]["modules"]
assert modules["startup"] == 7 and modules["startup_loaded"] == 7, modules
PY
echo "profile: every start-up module counted as loaded"
