#!/usr/bin/env bash
# `impgraph suggest` as a command: usage errors exit 2 with a message, an
# unreadable profile exits 3, --strict exits 1 when there are suggestions,
# every format renders (--static: nothing is run), -o writes the file,
# --top and --min-savings filter, --no-subcommands drops the per-command lines.
set -euo pipefail
cli="$IMPGRAPH_CLI"
src="$IMPGRAPH_SOURCE_DIR"
py="${PYTHON3:-python3}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_rc() { local want=$1; shift; set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?; set -e
  [[ $rc == "$want" ]] || { cat "$tmp/out" "$tmp/err"; fail "$* exited $rc, expected $want"; }; }
app="$src/examples/taskcli"
run=(suggest "$app" --console-script taskcli --python "$py" -q)

expect_rc 2 "$cli" "${run[@]}" --static --profile x.json
grep -q "exclude each other" "$tmp/err" || fail "no message for --static --profile"
expect_rc 2 "$cli" "${run[@]}" --color sometimes
expect_rc 2 "$cli" "${run[@]}" --min-savings fast
expect_rc 2 "$cli" "${run[@]}" --format dot
expect_rc 2 "$cli" "${run[@]}" --static --target-python three
grep -q "three" "$tmp/err" || fail "no message for a bad --target-python"
expect_rc 2 "$cli" suggest
expect_rc 3 "$cli" "${run[@]}" --profile "$tmp/nope.json"
grep -q "nope.json" "$tmp/err" || fail "the missing profile is not named"

expect_rc 1 "$cli" "${run[@]}" --static --strict
grep -q "ESTIMATES" "$tmp/out" || fail "static text is not labelled as estimates"
grep -q "taskcli stats" "$tmp/out" || fail "no per-subcommand line"

expect_rc 0 "$cli" "${run[@]}" --static --format json -o "$tmp/r.json"
[[ ! -s "$tmp/out" ]] || fail "-o also wrote to stdout"
"$py" - "$tmp/r.json" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "impgraph-suggestions" and d["measured"] is False
for key in ("startup_us", "predicted_startup_us", "entries", "suggestions"):
    assert key in d, key
for s in d["suggestions"]:
    for key in ("kind", "file", "line", "import", "savings_us", "group", "functions", "risk",
                "reason", "edit"):
        assert key in s, key
PY
expect_rc 0 "$cli" "${run[@]}" --static --format sarif
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"] == "2.1.0" and d["runs"][0]["results"]' "$tmp/out" || fail "sarif"
expect_rc 0 "$cli" "${run[@]}" --static --format markdown
grep -q '^|' "$tmp/out" || fail "markdown has no table"

expect_rc 0 "$cli" "${run[@]}" --static --format json --top 1
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["groups"]) == 1, d["groups"]' "$tmp/out" || fail "--top 1"
expect_rc 0 "$cli" "${run[@]}" --static --format json --min-savings 100000
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["suggestions"]' "$tmp/out" || fail "--min-savings"
expect_rc 0 "$cli" "${run[@]}" --static --format json --no-subcommands
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [e["label"] for e in d["entries"]] == ["taskcli"], d["entries"]; assert all(s["kind"] != "split-subcommands" for s in d["suggestions"])' "$tmp/out" || fail "--no-subcommands"
expect_rc 0 "$cli" "${run[@]}" --static -v --color always
grep -q $'\e\[' "$tmp/out" || fail "--color always gave no colour"
grep -q "Kept" "$tmp/out" || fail "-v lists no kept imports"
echo "suggest CLI: ok"
