#!/usr/bin/env bash
# docs/api/reference.md is generated from the public header: it must equal
# what scripts/gen_api_reference.py makes of the header now (every public
# function and type, with its doc comment).
set -euo pipefail
src="$IMPGRAPH_SOURCE_DIR"
py="${PYTHON3:-python3}"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$py" "$src/scripts/gen_api_reference.py" "$src/libimpgraph/include/impgraph.h" >"$tmp"
if ! diff -u "$src/docs/api/reference.md" "$tmp" >/dev/null; then
  diff -u "$src/docs/api/reference.md" "$tmp" | head -40
  echo "docs/api/reference.md is out of date: python3 scripts/gen_api_reference.py > docs/api/reference.md"
  exit 1
fi
echo "api reference: $(grep -c '^### ' "$tmp") entries match the header"
