#!/usr/bin/env bash
# Every symbol exported by libimpgraph.so starts with impgraph_ (the
# grammar's tree_sitter_python and every internal ipg_ symbol stay hidden),
# and every function declared IMPGRAPH_API in the header is exported.
set -euo pipefail
lib=$(ls "$IMPGRAPH_BINARY_DIR"/libimpgraph.so.* 2>/dev/null | head -1)
[[ -n "$lib" ]] || { echo "libimpgraph.so not built in $IMPGRAPH_BINARY_DIR"; exit 1; }
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort -u)
bad=$(grep -v '^impgraph_' <<<"$exported" || true)
if [[ -n "$bad" ]]; then
  echo "exported symbols without the impgraph_ prefix:"; echo "$bad"; exit 1
fi
declared=$(grep -A3 '^IMPGRAPH_API' "$IMPGRAPH_SOURCE_DIR/libimpgraph/include/impgraph.h" |
  grep -o 'impgraph_[a-z0-9_]*(' | tr -d '(' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
if [[ -n "$missing" ]]; then
  echo "declared in impgraph.h but not exported:"; echo "$missing"; exit 1
fi
extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
if [[ -n "$extra" ]]; then
  echo "exported but not declared in impgraph.h:"; echo "$extra"; exit 1
fi
echo "$(wc -l <<<"$exported") exported symbols, all impgraph_ and all declared"
