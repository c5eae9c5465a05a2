#!/usr/bin/env bash
# The CLI's contract: --help/--version, exit codes (0 ok, 1 gate findings,
# 2 usage, 3 runtime failure), machine output on stdout only, one bad file
# never losing the report for the rest.
set -euo pipefail
cli="$IMPGRAPH_CLI"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_rc() { local want=$1; shift; set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [[ $rc == "$want" ]] || { cat "$tmp/out" "$tmp/err"; fail "$* exited $rc, expected $want"; }; }

expect_rc 0 "$cli" --help
grep -q '^  scan ' "$tmp/out" || fail "--help does not list scan"
expect_rc 0 "$cli" --version
grep -qx "impgraph [0-9.]*" "$tmp/out" || fail "--version output: $(cat "$tmp/out")"
expect_rc 2 "$cli"
expect_rc 2 "$cli" frobnicate
grep -q "unknown command 'frobnicate'" "$tmp/err" || fail "unknown command message"
expect_rc 0 "$cli" scan --help
grep -q -- '--format' "$tmp/out" || fail "scan --help lacks --format"
expect_rc 2 "$cli" scan
expect_rc 2 "$cli" scan --format yaml x.py
grep -q "unknown --format 'yaml'" "$tmp/err" || fail "bad format message"
expect_rc 2 "$cli" scan --timeout-ms abc x.py
expect_rc 2 "$cli" scan --bogus x.py

# One broken file, one good file, one missing path: all reported, exit 0.
printf 'import os\n' > "$tmp/good.py"
printf 'import json\ndef f(:\n    pass\n' > "$tmp/broken.py"
expect_rc 0 "$cli" scan "$tmp/good.py" "$tmp/broken.py" "$tmp/missing.py"
grep -q "good.py:1:1: import os" "$tmp/out" || fail "good file's import missing"
grep -q "broken.py:1:1: import json" "$tmp/out" || fail "broken file's import missing"
grep -q "broken.py:2:.*syntax error" "$tmp/out" || fail "syntax error not reported"
grep -q "missing.py: error: .*No such file" "$tmp/out" || fail "missing path not reported"
grep -q "^2 files, 2 imports, 2 diagnostics" "$tmp/out" || fail "summary: $(tail -1 "$tmp/out")"
[[ ! -s "$tmp/err" ]] || fail "stderr not empty: $(cat "$tmp/err")"
# --strict turns error diagnostics into exit 1.
expect_rc 1 "$cli" scan --strict "$tmp/good.py" "$tmp/broken.py"
expect_rc 0 "$cli" scan --strict "$tmp/good.py"

# JSON is valid and goes to -o FILE when asked.
expect_rc 0 "$cli" scan --format json -o "$tmp/report.json" "$tmp/good.py"
[[ ! -s "$tmp/out" ]] || fail "-o still wrote to stdout"
"${PYTHON3:-python3}" - "$tmp/report.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == "impgraph-scan" and doc["schema_version"] == 1, doc
imp = doc["files"][0]["imports"][0]
assert imp["module"] == "os" and imp["kind"] == "import" and imp["flags"] == ["module"], imp
assert imp["statement"]["start_line"] == 1 and imp["statement"]["end_column"] == 10, imp
PY
expect_rc 3 "$cli" scan -o "$tmp/no/such/dir/out.txt" "$tmp/good.py"
grep -q "cannot open for writing" "$tmp/err" || fail "unwritable -o message"
echo "cli: all checks passed"
