#!/usr/bin/env bash
# Golden CLI tests: for every fixture tree tests/corpus/<command>/<name>/,
# run `impgraph <command> --format json <name>` from tests/corpus/<command>
# (so paths in the output are relative and stable) and compare with
# tests/corpus/<command>/<name>.json (and .txt for --format text).
# Regenerate after an intended change with `make golden`
# (IMPGRAPH_UPDATE_GOLDEN=1), then review the diff like code.
# An optional tests/corpus/<command>/<name>.args holds extra arguments,
# whitespace-separated, put before <name> (e.g. a static --sys-path into the
# tree, so that outputs do not depend on the machine's Python).
set -euo pipefail
corpus="$IMPGRAPH_SOURCE_DIR/tests/corpus"
cli="$IMPGRAPH_CLI"
failed=0 checked=0
for cmddir in "$corpus"/*/; do
  command=$(basename "$cmddir")
  for tree in "$cmddir"*/; do
    [[ -d "$tree" ]] || continue
    name=$(basename "$tree")
    extra=()
    if [[ -f "$cmddir$name.args" ]]; then
      read -r -a extra <<<"$(tr '\n' ' ' < "$cmddir$name.args")"
    fi
    for format in json text; do
      expected="$cmddir$name.$format"
      [[ $format == text ]] && expected="$cmddir$name.txt"
      actual=$(cd "$cmddir" && "$cli" "$command" --format "$format" ${extra[@]+"${extra[@]}"} "$name" || true)
      if [[ "${IMPGRAPH_UPDATE_GOLDEN:-}" == 1 ]]; then
        printf '%s\n' "$actual" > "$expected"
        echo "updated $expected"
      elif [[ ! -f "$expected" ]]; then
        echo "missing golden file $expected (run make golden)"; failed=1
      elif ! diff -u "$expected" <(printf '%s\n' "$actual"); then
        echo "golden mismatch: $command $name ($format)"; failed=1
      fi
      checked=$((checked + 1))
    done
  done
done
[[ $checked -gt 0 ]] || { echo "no golden fixtures found"; exit 1; }
echo "golden: $checked outputs checked"
exit $failed
