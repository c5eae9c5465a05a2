#!/usr/bin/env bash
# `impgraph measure`: --help (every option documented in
# docs/cli/impgraph-measure.md), usage errors exit 2, a missing interpreter
# or a failing program exit 3 with a clear message, real runs of the
# fixture modules of tests/data/measure/ (copied to a temporary directory),
# the profile JSON, --from-profile, --keep-logs + --from-log giving the same
# modules, --console-script from a pyproject.toml, --timeout.
set -euo pipefail
cli="$IMPGRAPH_CLI"
py="${PYTHON3:-python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_rc() { local want=$1; shift; set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [[ $rc == "$want" ]] || { cat "$tmp/out" "$tmp/err"; fail "$* exited $rc, expected $want"; }; }
mkdir "$tmp/src"
cp "$IMPGRAPH_SOURCE_DIR"/tests/data/measure/*.py "$tmp/src/"
run=(--python "$py" --source-root "$tmp/src" -q)

# --help lists every option, and the docs page documents each of them.
expect_rc 0 "$cli" measure --help
doc="$IMPGRAPH_SOURCE_DIR/docs/cli/impgraph-measure.md"
documented() { grep -qE -- "^\| \`([^|\`]*[ ,])?$1([ ,=\`]|$)" "$doc"; }
for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/out" | sort -u); do
  documented "$opt" || fail "$opt is in --help but not in an option table of $doc"
done
for opt in -m -c -n -o -q -h; do
  grep -q -- "^  $opt[ ,]" "$tmp/out" || fail "--help lacks $opt"
  documented "$opt" || fail "$opt is not in an option table of $doc"
done
documented --no-such-option && fail "the docs check accepts anything"
expect_rc 0 "$cli" --help
grep -q '^  measure ' "$tmp/out" || fail "impgraph --help does not list measure"

# Usage errors: exit 2.
expect_rc 2 "$cli" measure
grep -q "nothing to measure" "$tmp/err" || fail "no-target message: $(cat "$tmp/err")"
expect_rc 2 "$cli" measure --from-log a.log -m app
expect_rc 2 "$cli" measure -n 0 -m app
expect_rc 2 "$cli" measure -n x -m app
expect_rc 2 "$cli" measure --timeout soon -m app
expect_rc 2 "$cli" measure --warmup -1 -m app
expect_rc 2 "$cli" measure --env =x -m app
expect_rc 2 "$cli" measure --format yaml -m app
expect_rc 2 "$cli" measure --bogus -m app
expect_rc 2 "$cli" measure --keep-logs "$tmp/logs" --from-log x.log
expect_rc 2 "$cli" measure --from-profile a.json extra
expect_rc 2 "$cli" measure -m

# A missing interpreter: exit 3, naming it.
expect_rc 3 "$cli" measure --python /nonexistent/python3.99 -c pass
grep -q "/nonexistent/python3.99: cannot run" "$tmp/err" || fail "missing interpreter: $(cat "$tmp/err")"

# A real run: the text view, then the JSON profile in a file.
expect_rc 0 "$cli" measure "${run[@]}" -n 3 --tree --width 80 -c 'import app'
grep -q "1 warm-up run (not counted), 3 runs counted" "$tmp/out" || fail "header: $(head -3 "$tmp/out")"
grep -q "Slowest modules by self time" "$tmp/out" || fail "no self table"
grep -q "slowmod" "$tmp/out" || fail "slowmod not shown"
grep -q -- "\`- slowmod" "$tmp/out" || fail "tree lacks app -> slowmod: $(cat "$tmp/out")"
[[ ! -s "$tmp/err" ]] || fail "stderr not empty with -q: $(cat "$tmp/err")"
expect_rc 0 "$cli" measure --python "$py" --source-root "$tmp/src" -n 2 --keep-logs "$tmp/logs" \
  -o "$tmp/profile.json" -c 'import app'
[[ ! -s "$tmp/out" ]] || fail "-o FILE still wrote to stdout"
grep -q "wrote $tmp/profile.json: 2 runs" "$tmp/err" || fail "no summary line: $(cat "$tmp/err")"
ls "$tmp/logs" | sort | tr '\n' ' ' | grep -qx "run-1.log run-2.log warm-up-1.log " ||
  fail "--keep-logs wrote: $(ls "$tmp/logs")"
expect_rc 0 "$cli" measure --from-log "$tmp/logs/run-1.log" "$tmp/logs/run-2.log" --format json \
  -o "$tmp/from-log.json"
"$py" - "$tmp/profile.json" "$tmp/from-log.json" <<'PY'
import json, sys
measured, from_log = (json.load(open(p)) for p in sys.argv[1:3])
for doc in measured, from_log:
    assert doc["schema"] == "impgraph-profile" and doc["schema_version"] == 1, doc["schema"]
assert measured["source"] == "measure" and from_log["source"] == "log"
assert measured["summary"]["runs"] == 2 and measured["summary"]["warmup"] == 1
assert [r["label"] for r in measured["runs"]] == ["warm-up 1", "run 1", "run 2"]
assert measured["command"][1:] == ["-X", "importtime", "-c", "import app"], measured["command"]
mods = {m["name"]: m for m in measured["modules"]}
slow = mods["slowmod"]
assert 35000 <= slow["self_us"]["median"] <= 400000, slow
assert mods["app"]["cumulative_us"]["median"] >= slow["cumulative_us"]["median"]
assert any(e["importer"] == "app" and e["imported"] == "slowmod" and e["kind"] == "nested"
           for e in measured["edges"])
# The saved logs give the same modules and the same medians.
assert set(mods) == {m["name"] for m in from_log["modules"]}
for m in from_log["modules"]:
    assert m["self_us"] == mods[m["name"]]["self_us"], m["name"]
assert all(r["wall_us"] > r["total_us"] > 0 for r in measured["runs"])
PY
expect_rc 0 "$cli" measure --from-profile "$tmp/profile.json" --top 3
grep -q "slowmod" "$tmp/out" || fail "--from-profile view lacks slowmod"
grep -q "... [0-9]* more" "$tmp/out" || fail "--top 3 did not cut the table"
expect_rc 3 "$cli" measure --from-profile "$tmp/logs/run-1.log"
grep -q "not JSON" "$tmp/err" || fail "loading a log as a profile: $(cat "$tmp/err")"

# A failing program: exit 3 with its status and stderr; --allow-failure accepts it.
expect_rc 3 "$cli" measure "${run[@]}" -c 'import sys; sys.stderr.write("boom here\n"); sys.exit(4)'
grep -q "exited with status 4" "$tmp/err" || fail "failure status: $(cat "$tmp/err")"
grep -q "    boom here" "$tmp/err" || fail "failure stderr: $(cat "$tmp/err")"
grep -q "target-failed" "$tmp/out" || fail "failure not in the report"
expect_rc 0 "$cli" measure "${run[@]}" -n 2 --allow-failure -c 'import sys; sys.exit(4)'

# A hanging import: killed at the timeout, exit 3.
start=$(date +%s)
expect_rc 3 "$cli" measure "${run[@]}" --env HANGMOD_PIDFILE="$tmp/hang.pids" --timeout 1 \
  -c 'import hangmod'
(( $(date +%s) - start < 6 )) || fail "--timeout 1 took $(( $(date +%s) - start )) s"
grep -q "timed out" "$tmp/err" || fail "timeout message: $(cat "$tmp/err")"

# --console-script NAME from [project.scripts]; arguments after it go to the program.
cat > "$tmp/src/pyproject.toml" <<'TOML'
[project]
name = "demo"

[project.scripts]
other = "json.tool:main"
"demo-tool" = "app:main"  # the entry point

[tool.other]
demo-tool = "wrong:thing"
TOML
expect_rc 0 "$cli" measure "${run[@]}" -n 1 --warmup 0 --project "$tmp/src" --format json \
  --console-script demo-tool --flag-for-the-program
"$py" - "$tmp/out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["command"][-2:] == ["import sys; from app import main; sys.argv[0] = 'demo-tool'; "
                               "sys.exit(main())", "--flag-for-the-program"], doc["command"]
assert any(m["name"] == "slowmod" for m in doc["modules"])
PY
expect_rc 3 "$cli" measure "${run[@]}" --project "$tmp/src" --console-script nope
grep -q "'nope' is not in \[project.scripts\].*it has: other, demo-tool" "$tmp/err" ||
  fail "unknown console script: $(cat "$tmp/err")"
echo "measure: all checks passed"
