#!/usr/bin/env bash
# The scanner finds exactly the import statements Python's own ast finds
# (position, modules, level, names) on real code: the example app and a few
# standard-library packages of the test interpreter. The full standard
# library and site-packages run as a benchmark (docs/performance.md).
set -euo pipefail
py=${PYTHON3:-python3}
stdlib=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
roots=("$IMPGRAPH_SOURCE_DIR/examples")
for d in json email importlib logging concurrent; do
  [[ -d "$stdlib/$d" ]] && roots+=("$stdlib/$d")
done
exec "$py" "$IMPGRAPH_SOURCE_DIR/bench/ast_crosscheck.py" --cli "$IMPGRAPH_CLI" "${roots[@]}"
