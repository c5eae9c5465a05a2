#!/usr/bin/env bash
# The CLI links igraph's static archive when the configure step found that it
# links (cmake/StaticIgraph.cmake): then it needs neither libigraph.so nor
# libimpgraph.so at run time (igraph's shared library costs about 13 ms of
# dynamic loading at every start), and it runs. The configure step's test
# program calls every igraph function graph/igraph_glue.c calls, so that a
# new call cannot break the CLI's link after the check said it links.
set -euo pipefail
mode=$(sed -n 's/^IMPGRAPH_CLI_IGRAPH:INTERNAL=//p' "$IMPGRAPH_BINARY_DIR/CMakeCache.txt")
[[ "$mode" == static || "$mode" == shared ]] ||
  { echo "CMakeCache.txt: IMPGRAPH_CLI_IGRAPH is '$mode', expected static or shared"; exit 1; }

glue="$IMPGRAPH_SOURCE_DIR/libimpgraph/src/graph/igraph_glue.c"
check="$IMPGRAPH_SOURCE_DIR/cmake/StaticIgraph.cmake"
called=$(grep -o '\bigraph_[a-z0-9_]*(' "$glue" | tr -d '(' | sort -u)
[[ -n "$called" ]] || { echo "$glue: no igraph call found"; exit 1; }
tried=$(grep -o '\bigraph_[a-z0-9_]*(' "$check" | tr -d '(' | sort -u)
untried=$(comm -23 <(echo "$called") <(echo "$tried"))
if [[ -n "$untried" ]]; then
  echo "igraph functions graph/igraph_glue.c calls that cmake/StaticIgraph.cmake's test program does not:"
  echo "$untried"
  exit 1
fi

needed=$(readelf -d "$IMPGRAPH_CLI" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if [[ "$mode" == static ]]; then
  if grep -E '^lib(igraph|impgraph)\.so' <<<"$needed"; then
    echo "the CLI is configured with static igraph but needs the shared libraries above"; exit 1
  fi
else
  grep -q '^libimpgraph\.so' <<<"$needed" ||
    { echo "the CLI is configured with shared igraph but does not need libimpgraph.so"; exit 1; }
fi
"$IMPGRAPH_CLI" --version >/dev/null
echo "the CLI links igraph $mode; needs: $(tr '\n' ' ' <<<"$needed")"
