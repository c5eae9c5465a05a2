#!/usr/bin/env bash
# The CMake project version, the header's version macros and the CLI agree.
set -euo pipefail
h="$IMPGRAPH_SOURCE_DIR/libimpgraph/include/impgraph.h"
hv=$(sed -n 's/^#define IMPGRAPH_VERSION_STRING "\(.*\)"/\1/p' "$h")
cv=$(sed -n 's/^project(impgraph VERSION \([0-9.]*\).*/\1/p' "$IMPGRAPH_SOURCE_DIR/CMakeLists.txt")
maj=$(sed -n 's/^#define IMPGRAPH_VERSION_MAJOR //p' "$h")
min=$(sed -n 's/^#define IMPGRAPH_VERSION_MINOR //p' "$h")
pat=$(sed -n 's/^#define IMPGRAPH_VERSION_PATCH //p' "$h")
cli=$("$IMPGRAPH_CLI" --version)
[[ "$hv" == "$cv" ]] || { echo "header $hv != CMake $cv"; exit 1; }
[[ "$hv" == "$maj.$min.$pat" ]] || { echo "IMPGRAPH_VERSION_STRING $hv != $maj.$min.$pat"; exit 1; }
[[ "$cli" == "impgraph $hv" ]] || { echo "CLI says '$cli', expected 'impgraph $hv'"; exit 1; }
echo "version $hv consistent"
