#!/usr/bin/env bash
# `impgraph graph`, `why` and `cycles`: every option in --help, exit codes
# (0 ok, 1 gate/negative answer, 2 usage, 3 runtime failure with a clear
# message: missing root, entry, console script or interpreter; a broken or
# hanging interpreter), the JSON contract fields, DOT that graphviz reads.
set -euo pipefail
cli="$IMPGRAPH_CLI"
data="$IMPGRAPH_SOURCE_DIR/tests/data/graph"
static=(--sys-path "$data/site-packages:$data/lib/python3.11" --python-version 3.11)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_rc() { local want=$1; shift; set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [[ $rc == "$want" ]] || { cat "$tmp/out" "$tmp/err"; fail "$* exited $rc, expected $want"; }; }
expect_err() { grep -q -- "$1" "$tmp/err" || { cat "$tmp/err"; fail "stderr lacks '$1'"; }; }

expect_rc 0 "$cli" --help
for command in graph why cycles; do
  grep -q "^  $command " "$tmp/out" || fail "--help does not list $command"
done

# --help lists every option each command accepts.
shared=(--entry --console-script --python --sys-path --python-version --full --jobs
        --no-probe-cache --probe-timeout-ms --format --output --quiet --help)
expect_rc 0 "$cli" graph --help
for opt in "${shared[@]}" --startup --depth --include --exclude --collapse --profile; do
  grep -q -- "$opt" "$tmp/out" || fail "graph --help lacks $opt"
done
grep -q "dot" "$tmp/out" || fail "graph --help does not mention dot"
expect_rc 0 "$cli" why --help
for opt in "${shared[@]}" --max-chains; do
  grep -q -- "$opt" "$tmp/out" || fail "why --help lacks $opt"
done
expect_rc 0 "$cli" cycles --help
for opt in "${shared[@]}" --strict; do
  grep -q -- "$opt" "$tmp/out" || fail "cycles --help lacks $opt"
done

# Usage errors: exit 2.
expect_rc 2 "$cli" graph
expect_err "nothing to analyse"
expect_rc 2 "$cli" graph --bogus "$data/proj"
expect_rc 2 "$cli" graph --format yaml "$data/proj"
expect_err "unknown --format 'yaml'"
expect_rc 2 "$cli" why --format dot json "$data/proj"
expect_rc 2 "$cli" graph --sys-path "$data/lib/python3.11" "$data/proj"
expect_err "needs --python-version"
expect_rc 2 "$cli" graph --python-version 3.11 "$data/proj"
expect_rc 2 "$cli" graph "${static[@]}" --python-version x.y "$data/proj"
expect_rc 2 "$cli" graph --python python3 "${static[@]}" "$data/proj"
expect_rc 2 "$cli" graph --jobs 0 "$data/proj"
expect_rc 2 "$cli" graph --depth abc "$data/proj"
expect_rc 2 "$cli" graph --entry
expect_rc 2 "$cli" why
expect_err "no MODULE"
expect_rc 2 "$cli" why --max-chains -1 json "$data/proj"
expect_rc 2 "$cli" cycles --strict=yes "$data/proj"

# Runtime failures: exit 3 with a message naming what is missing.
expect_rc 3 "$cli" graph "${static[@]}" "$tmp/no-such-root"
expect_err "source root '$tmp/no-such-root' not found"
expect_rc 3 "$cli" graph "${static[@]}" --entry app.nosuch "$data/proj"
expect_err "entry 'app.nosuch': module 'app.nosuch' not found"
expect_rc 3 "$cli" graph "${static[@]}" --entry "$tmp/nope.py" "$data/proj"
expect_err "no such script"
expect_rc 3 "$cli" graph "${static[@]}" --console-script nosuch "$data/proj"
expect_err "console script 'nosuch' not found"
# A plain script installed beside the interpreter (setup.py's scripts=, as
# awscli's `aws`) is not a console script: the error points to its path.
mkdir -p "$tmp/venv/bin"
ln -s "$(python3 -c "import sys; print(sys.executable)")" "$tmp/venv/bin/python"
printf '#!%s\nimport json\n' "$tmp/venv/bin/python" > "$tmp/venv/bin/mytool"
printf '#!/bin/sh\necho\n' > "$tmp/venv/bin/shtool"
expect_rc 3 "$cli" graph --python "$tmp/venv/bin/python" --no-probe-cache --console-script mytool
expect_err "$tmp/venv/bin/mytool is a Python script installed as a file: give its path as the entry"
expect_rc 3 "$cli" graph --python "$tmp/venv/bin/python" --no-probe-cache --console-script shtool
grep -q "is a Python script" "$tmp/err" && fail "a shell script was taken for a Python script"
expect_rc 0 "$cli" graph --python "$tmp/venv/bin/python" --no-probe-cache --entry "$tmp/venv/bin/mytool"
expect_rc 3 "$cli" graph --python "$tmp/no-such-python" --no-probe-cache "$data/proj"
expect_err "no-such-python"
[[ ! -s "$tmp/out" ]] || fail "a failure wrote to stdout"
expect_rc 3 "$cli" graph --python /bin/false --no-probe-cache "$data/proj"
expect_err "impgraph: "
printf '#!/bin/sh\nsleep 30\n' > "$tmp/hang"
chmod +x "$tmp/hang"
expect_rc 3 "$cli" why --python "$tmp/hang" --probe-timeout-ms 300 --no-probe-cache json "$data/proj"
expect_err "timed out"

# Success, static mode: a note says what is unknown.
expect_rc 0 "$cli" graph "${static[@]}" --entry app.cli "$data/proj"
grep -q "static mode" "$tmp/out" || fail "text output does not say static mode"
grep -q "start-up set: " "$tmp/out" || fail "no start-up set line"
grep -q "nonexistent  \[optional\]" "$tmp/out" || fail "missing module not listed"
[[ ! -s "$tmp/err" ]] || fail "stderr not empty: $(cat "$tmp/err")"

# JSON contract, to a file with -o.
expect_rc 0 "$cli" graph "${static[@]}" --console-script app --format json -o "$tmp/g.json" \
  "$data/proj"
[[ ! -s "$tmp/out" ]] || fail "-o still wrote to stdout"
"${PYTHON3:-python3}" - "$tmp/g.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "impgraph-graph" and doc["schema_version"] == 1, doc["schema"]
nodes = {n["name"]: n for n in doc["nodes"]}
for n in doc["nodes"]:
    for key in ("name", "kind", "path", "first_party", "startup"):
        assert key in n, (key, n)
for e in doc["edges"]:
    for key in ("from", "to", "kind", "file", "line"):
        assert key in e, (key, e)
    assert e["from"] in nodes and e["to"] in nodes, e
assert nodes["json"]["startup"] and not nodes["csv"]["startup"], nodes["csv"]
assert nodes["app.cli"]["first_party"] and not nodes["json"]["first_party"]
assert doc["entries"][0]["script"] == "app" and doc["entries"][0]["function"] == "main"
kinds = {(e["from"], e["to"]): e["kind"] for e in doc["edges"]}
assert kinds[("app.cli", "csv")] == "function" and kinds[("app.cli", "decimal")] == "type_checking"
assert kinds[("app.a.b.c", "app.a.b")] == "parent"
assert any(d["code"] == "static-mode" for d in doc["diagnostics"])
names = [n["name"] for n in doc["nodes"]]
assert names == sorted(names)
PY

# Views and DOT.
expect_rc 0 "$cli" graph "${static[@]}" --entry app.cli --startup --exclude 'json*' --format json \
  "$data/proj"
grep -q '"name": "csv"' "$tmp/out" && fail "--startup kept csv"
grep -q '"name": "json' "$tmp/out" && fail "--exclude kept json"
expect_rc 0 "$cli" graph "${static[@]}" --entry app.cli --full --collapse --depth 3 --format dot \
  -o "$tmp/g.dot" "$data/proj"
grep -q '^digraph impgraph {' "$tmp/g.dot" || fail "not a DOT graph"
if command -v dot >/dev/null; then
  dot -Tsvg "$tmp/g.dot" -o "$tmp/g.svg" || fail "graphviz rejects the DOT output"
fi

# why: 0 when loaded, 1 when not.
expect_rc 0 "$cli" why "${static[@]}" --entry app.cli json.decoder "$data/proj"
grep -q "cli.py:2: app.cli -> json  \[eager\]" "$tmp/out" || fail "why chain: $(cat "$tmp/out")"
expect_rc 1 "$cli" why "${static[@]}" --entry app.cli csv "$data/proj"
grep -q "imported only inside functions" "$tmp/out" || fail "why-not reason"
expect_rc 1 "$cli" why "${static[@]}" --entry app.cli no.such.module "$data/proj"
expect_rc 0 "$cli" why "${static[@]}" --format json --entry app.cli re "$data/proj"
grep -q '"schema": "impgraph-why"' "$tmp/out" || fail "why JSON schema"

# cycles: 1 with --strict when there are some.
expect_rc 0 "$cli" cycles "${static[@]}" "$data/proj"
grep -q "^1 import cycle" "$tmp/out" || fail "cycles: $(cat "$tmp/out")"
expect_rc 1 "$cli" cycles --strict "${static[@]}" "$data/proj"
expect_rc 0 "$cli" cycles --strict "${static[@]}" "$data/flat"
grep -q "no import cycles" "$tmp/out" || fail "flat project has no cycles"

# With the real interpreter: an installed package as the entry.
expect_rc 0 "$cli" why --no-probe-cache --python "${PYTHON3:-python3}" --entry json json.decoder
# --profile: a profile saved by `measure -o` (from a synthetic log: deterministic).
measure_data="$IMPGRAPH_SOURCE_DIR/tests/data/measure"
printf '%s\n' 'import time: self [us] | cumulative | imported package' \
  'import time:       500 |        500 |   extramod' \
  'import time:     40000 |      40000 |   slowmod' \
  'import time:       300 |      40800 | app' >"$tmp/app.log"
expect_rc 0 "$cli" measure --from-log "$tmp/app.log" -o "$tmp/prof.json"
real=(--no-probe-cache --python "${PYTHON3:-python3}" --entry app "$measure_data")
expect_rc 0 "$cli" graph "${real[@]}" --profile "$tmp/prof.json"
grep -q "^measured: 40.3 ms self time in 2 start-up modules" "$tmp/out" || fail "measured line: $(cat "$tmp/out")"
grep -q "40.0 ms  slowmod" "$tmp/out" || fail "slowest modules: $(cat "$tmp/out")"
expect_rc 0 "$cli" graph "${real[@]}" --profile "$tmp/prof.json" --format json
grep -q '"unmatched_modules": 1' "$tmp/out" || fail "JSON profile object"
grep -q '"self_us": 40000' "$tmp/out" || fail "JSON self_us"
expect_rc 0 "$cli" graph "${real[@]}" --profile "$tmp/prof.json" --format dot
grep -q 'label="slowmod (40.0 ms)"' "$tmp/out" || fail "DOT label: $(cat "$tmp/out")"
expect_rc 0 "$cli" graph "${real[@]}" --format json
grep -q '"self_us"' "$tmp/out" && fail "self_us without a profile"
expect_rc 3 "$cli" graph "${real[@]}" --profile "$tmp/no-such-profile.json"
expect_err "no-such-profile.json"
# Without a profile: estimates, labelled.
expect_rc 0 "$cli" graph "${real[@]}"
grep -q "^estimated: ~" "$tmp/out" || fail "estimated line: $(cat "$tmp/out")"
expect_rc 0 "$cli" graph "${real[@]}" --format json
grep -q '"weights": "estimated"' "$tmp/out" || fail "JSON weights"
grep -q '"estimate_self_us": ' "$tmp/out" || fail "JSON estimate_self_us"
expect_rc 0 "$cli" graph "${real[@]}" --format dot
grep -q 'label="slowmod (~[0-9.]* ms est.)"' "$tmp/out" || fail "DOT estimate label: $(cat "$tmp/out")"

# A dynamic import measured with the real interpreter becomes an
# observed-only edge (tests/data/reconcile, copied: runs write __pycache__).
cp -r "$IMPGRAPH_SOURCE_DIR/tests/data/reconcile" "$tmp/reconcile"
expect_rc 0 "$cli" measure --python "${PYTHON3:-python3}" --source-root "$tmp/reconcile/src" -q \
  -n 1 -o "$tmp/plug.json" -c 'import plug'
plug=(--no-probe-cache --python "${PYTHON3:-python3}" --entry plug "$tmp/reconcile")
expect_rc 0 "$cli" graph "${plug[@]}" --profile "$tmp/plug.json" --format json -o "$tmp/plug-graph.json"
"${PYTHON3:-python3}" - "$tmp/plug-graph.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["weights"] == "measured", doc["weights"]
only = [(e["from"], e["to"]) for e in doc["edges"] if e["kind"] == "observed_only"]
assert only == [("plug.core", "plug.plugins.alpha")], only
ids = [e["id"] for e in doc["edges"]]
assert ids == sorted(ids) and doc["edges"][-1]["kind"] == "observed_only", ids
last = doc["edges"][-1]
assert last["file"] is None and last["observed"] and not last["startup"], last
r = doc["reconciliation"]
assert r["startup_edges"]["static_eager"] == 7, r
assert r["startup_edges"]["never_observed_target_loaded"] == 1, r
assert r["startup_edges"]["never_observed_target_not_loaded"] == 1, r
assert r["startup_edges"]["never_observed_importer_not_loaded"] == 1, r
assert r["observed_imports"]["observed_only"] == 1, r
nodes = {n["name"]: n for n in doc["nodes"]}
assert not nodes["plug.plugins.alpha"]["startup"] and nodes["plug.plugins.alpha"]["self_us"] is not None
PY
expect_rc 0 "$cli" graph "${plug[@]}" --profile "$tmp/plug.json"
grep -q "^reconciliation with the profile:" "$tmp/out" || fail "no reconciliation: $(cat "$tmp/out")"
grep -q "^    plug.core -> plug.plugins.alpha$" "$tmp/out" || fail "observed-only edge not listed"
expect_rc 0 "$cli" graph "${plug[@]}" --profile "$tmp/plug.json" --format dot
grep -q '"plug.core" -> "plug.plugins.alpha" \[style=dotted.*label="observed"' "$tmp/out" ||
  fail "DOT observed-only edge: $(grep plugins.alpha "$tmp/out")"
echo "graph cli: all checks passed"
