#!/usr/bin/env bash
# Imports that run because a function runs at import time (edge kind
# "called"; fixture tests/data/called, see its README.md):
#  - for every scenario module, impgraph's start-up set equals what the real
#    interpreter adds to sys.modules on `import callpkg.<scenario>`;
#  - the edges are "called" (with the call that runs them) or stay
#    "function" (conditional calls, conditional imports, nested functions,
#    methods nobody calls, names __getattr__ is not asked for);
#  - `impgraph why` shows the call;
#  - the output does not depend on the number of parser threads.
set -euo pipefail
fixture="$IMPGRAPH_SOURCE_DIR/tests/data/called"
py="${PYTHON3:-python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

scenarios="intra cross again decorators classbody conditional recursion nested reexport getattr_user getattr_attr values values_alias values_undecided values_default decorating deco_instance deco_instance_class deco_instance_local loop_import"
for s in $scenarios; do
  # -B: no __pycache__ in the source tree.
  truth=$(cd "$fixture" && "$py" -B -c \
    "import sys; b = set(sys.modules); import callpkg.$s; print(' '.join(sorted(set(sys.modules) - b)))")
  "$IMPGRAPH_CLI" graph --no-probe-cache --python "$py" "$fixture" --entry "callpkg.$s" \
    --format json > "$tmp/$s.json"
  got=$("$py" -c "import json, sys
d = json.load(open(sys.argv[1]))
print(' '.join(sorted(n['name'] for n in d['nodes'] if n['startup'])))" "$tmp/$s.json")
  [[ "$truth" == "$got" ]] || fail "callpkg.$s: interpreter loads [$truth], impgraph predicts [$got]"
done
echo "start-up sets equal the interpreter's: ok"

# Decorations by instances that the rules leave alone, though the interpreter
# runs them (so its start-up set is not compared): the edges are checked below.
"$IMPGRAPH_CLI" graph --no-probe-cache --python "$py" "$fixture" --entry callpkg.deco_refused \
  --format json > "$tmp/deco_refused.json"

# The standard library's hashlib (the case the value rules were made for):
# its loop over a literal tuple reaches `import _blake2` for blake2b/blake2s
# only, not _md5, _sha1, ... nor logging.
truth=$("$py" -B -c "import sys; b = set(sys.modules); import hashlib; print(' '.join(sorted(set(sys.modules) - b)))")
"$IMPGRAPH_CLI" graph --no-probe-cache --python "$py" "$fixture" --entry hashlib --format json \
  > "$tmp/hashlib.json"
got=$("$py" -c "import json, sys
d = json.load(open(sys.argv[1]))
print(' '.join(sorted(n['name'] for n in d['nodes'] if n['startup'])))" "$tmp/hashlib.json")
[[ "$truth" == "$got" ]] || fail "hashlib: interpreter loads [$truth], impgraph predicts [$got]"
echo "hashlib: ok"

"$py" - "$tmp" <<'PY'
import json, os, sys

tmp = sys.argv[1]

def edges(scenario):
    doc = json.load(open(os.path.join(tmp, scenario + ".json")))
    return {(e["from"], e["to"]): e for e in doc["edges"]}

def called(scenario, frm, to, module, line, column):
    e = edges(scenario)[("callpkg." + frm, "callpkg." + to)]
    assert e["kind"] == "called", (scenario, frm, to, e)
    call = e["call"]
    assert (call["module"], call["line"], call["column"]) == ("callpkg." + module, line, column), (scenario, to, call)
    assert call["file"].endswith(module.replace(".", "/") + ".py"), call
    assert e["startup"], e

def function(scenario, frm, to):
    e = edges(scenario)[("callpkg." + frm, "callpkg." + to)]
    assert e["kind"] == "function", (scenario, frm, to, e)
    assert "call" not in e, e

# The same module: the call, and what the called function calls.
called("intra", "intra", "leaf_intra", "intra", 21, 1)
called("intra", "intra", "leaf_helper", "intra", 21, 1)
function("intra", "intra", "leaf_never")
# Imported functions: `from m import f; f()` and `import m; m.f()`.
called("cross", "helpers", "leaf_register", "cross", 5, 1)
called("cross", "helpers", "leaf_configure", "cross", 6, 1)
# Decorators; a class passed to a decorator is not called.
called("decorators", "helpers", "leaf_deco", "decorators", 11, 2)
called("decorators", "helpers", "leaf_factory", "decorators", 16, 2)
function("decorators", "decorators", "leaf_marker")
# A class body's call; a called class runs its __init__, not its methods.
called("classbody", "helpers", "leaf_class", "classbody", 6, 13)
called("classbody", "classbody", "leaf_init", "classbody", 17, 12)
function("classbody", "classbody", "leaf_method")
# A call under `if`, an import under `if` in a called function.
function("conditional", "conditional", "leaf_cond_call")
function("conditional", "helpers", "leaf_cond_inside")
# Recursion ends; a nested function does not run.
called("recursion", "recursion", "leaf_ping", "recursion", 16, 1)
called("recursion", "recursion", "leaf_pong", "recursion", 16, 1)
function("nested", "nested", "leaf_nested")
# Through a package's re-export.
called("reexport", "api.impl", "leaf_api", "reexport", 4, 1)
# PEP 562: the import binding the name asked for, not the others.
called("getattr_user", "lazyattr", "lazyattr.thing", "getattr_user", 2, 1)
function("getattr_user", "lazyattr", "lazyattr.other")
called("getattr_attr", "lazyattr", "lazyattr.other", "getattr_attr", 6, 12)
function("getattr_attr", "lazyattr", "lazyattr.thing")
# Values: a module-level loop over a literal tuple, through an alias bound in
# a try body whose import is found, into a function that passes them on;
# the if/elif chain decided per value (the shape of CPython's hashlib).
called("values", "values", "leaf_v_gamma", "values", 48, 29)
for leaf in ("leaf_v_alpha", "leaf_v_beta", "leaf_v_other"):
    function("values", "values", leaf)
assert edges("values")[("callpkg.values", "callpkg.leaf_v_logging")]["kind"] == "handler"
# Aliases: unconditional; in a try body whose import is found (not its
# handler's); in the ImportError handler of a try whose import is missing.
called("values_alias", "values_alias", "leaf_va_first", "values_alias", 27, 1)
called("values_alias", "values_alias", "leaf_va_found", "values_alias", 35, 1)
called("values_alias", "values_alias", "leaf_va_handler", "values_alias", 43, 1)
function("values_alias", "values_alias", "leaf_va_second")
function("values_alias", "values_alias", "leaf_va_missing_side")
# A chain whose first condition is unknown is not followed; a later `if`
# decided by the value is.
function("values_undecided", "values_undecided", "leaf_vu_never")
called("values_undecided", "values_undecided", "leaf_vu_decided", "values_undecided", 15, 5)
# Parameters left at their literal default: None, True, an int and a string
# (through a class body's constructor call), False and keyword-only True (a
# module-level call); not when the call gives the parameter, has *args, or
# the default is not a literal, nor a parameter the body binds again.
called("values_default", "values_default", "leaf_vd_none", "values_default", 57, 16)
called("values_default", "values_default", "leaf_vd_fast", "values_default", 57, 16)
called("values_default", "values_default", "leaf_vd_quiet", "values_default", 60, 1)
for leaf in ("leaf_vd_parser", "leaf_vd_lax", "leaf_vd_given", "leaf_vd_starred",
             "leaf_vd_options", "leaf_vd_verbose", "leaf_vd_rebound"):
    function("values_default", "values_default", leaf)
# A decorator that is an instance of a class (typing_extensions.deprecated):
# dep.__call__ runs after dep.__init__ (its unconditional import), read with
# the instance's attributes (the call's literals, the defaults, a builtin
# default that is not None) and the decorated def or class.
called("deco_instance", "decorating", "leaf_di_call", "deco_instance", 7, 2)
called("deco_instance", "decorating", "leaf_di_function", "deco_instance", 7, 2)
called("deco_instance", "decorating", "leaf_di_silent", "deco_instance", 14, 6)
for leaf in ("leaf_di_class", "leaf_di_deep"):
    function("deco_instance", "decorating", leaf)
called("deco_instance_class", "decorating", "leaf_di_call", "deco_instance_class", 6, 2)
called("deco_instance_class", "decorating", "leaf_di_class", "deco_instance_class", 6, 2)
for leaf in ("leaf_di_silent", "leaf_di_function", "leaf_di_deep"):
    function("deco_instance_class", "decorating", leaf)
called("deco_instance_local", "deco_instance_local", "leaf_dil_deep", "deco_instance_local", 18, 2)
function("deco_instance_local", "deco_instance_local", "leaf_dil_one")
# Not followed: a class with a base, with __new__; an attribute set twice in
# the class, or a property of its name; a local bound twice in __call__;
# another decorator below (the object decorated is not known); *args in the
# decorator's call. __call__ itself still runs for the last two (dep
# qualifies).
for leaf in ("leaf_dr_based", "leaf_dr_created", "leaf_dr_twice", "leaf_dr_rebound",
             "leaf_dr_described"):
    function("deco_refused", "deco_refused", leaf)
called("deco_refused", "decorating", "leaf_di_call", "deco_refused", 112, 2)
for leaf in ("leaf_di_silent", "leaf_di_class", "leaf_di_function", "leaf_di_deep"):
    function("deco_refused", "decorating", leaf)
# __import__ / import_module of a loop variable: one edge per value.
for leaf in ("leaf_li_a", "leaf_li_b"):
    assert edges("loop_import")[("callpkg.loop_import", "callpkg." + leaf)]["kind"] == "eager", leaf
print("called edges: ok")
PY

"$IMPGRAPH_CLI" why --no-probe-cache --python "$py" callpkg.leaf_helper "$fixture" \
  --entry callpkg.intra > "$tmp/why.txt"
grep -q "callpkg.intra -> callpkg.leaf_helper (leaf_helper)  \[called, in helper, run by the call at .*callpkg/intra.py:21:1\]" \
  "$tmp/why.txt" || fail "why: $(cat "$tmp/why.txt")"
echo "why shows the call: ok"

# Every scenario an entry; one thread and three give the same graph.
for jobs in 1 3; do
  "$IMPGRAPH_CLI" graph --no-probe-cache --python "$py" "$fixture" --jobs "$jobs" --format json \
    -o "$tmp/all-$jobs.json"
done
cmp -s "$tmp/all-1.json" "$tmp/all-3.json" || fail "the graph depends on --jobs"
"$py" - "$tmp/all-1.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
e = [e for e in doc["edges"] if (e["from"], e["to"]) == ("callpkg.helpers", "callpkg.leaf_register")][0]
# Called from callpkg.again and callpkg.cross: the first by module name.
assert e["kind"] == "called" and (e["call"]["module"], e["call"]["line"]) == ("callpkg.again", 6), e
PY
echo "independent of --jobs: ok"
