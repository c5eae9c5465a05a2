#!/usr/bin/env bash
# Runs the benchmarks against the Release build given as $1 (default
# build/release). Each prints its own baseline and ratio from the same run.
#
#   bench/run.sh [BUILD]                 wall-clock medians (ROUNDS, default 5)
#   bench/run.sh [BUILD] --instructions  also instruction counts with callgrind
#                                        on a fixed stdlib subset: repeatable
#                                        whatever else the machine is doing
set -euo pipefail
build=${1:-build/release}
py=${PYTHON3:-python3}
stdlib=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
echo "== scanner throughput on $stdlib (without site-packages)"
# The stdlib directory holds site-packages/dist-packages on some systems:
# list the top level without them.
roots=()
for entry in "$stdlib"/*; do
  case $(basename "$entry") in site-packages|dist-packages) continue;; esac
  roots+=("$entry")
done
"$build/bin/bench_scan" --rounds "${ROUNDS:-5}" "${roots[@]}"

# The editor API: re-scanning one edited file into the graph against a
# rebuild (probe cached: the real executable, not a pyenv shim, is cached).
src=$(cd "$(dirname "$0")/.." && pwd)
echo "== editor: impgraph_graph_update_file vs a rebuild (examples/taskcli, cli.py)"
"$build/bin/bench_editor_update" --rounds "${ROUNDS:-5}" \
  --python "$("$py" -c 'import sys; print(sys.executable)')" --console-script taskcli \
  "$src/examples/taskcli" "$src/examples/taskcli/src/taskcli/cli.py"

if [[ "${2:-}" == --instructions ]] && ! command -v valgrind >/dev/null; then
  echo "== instructions: skipped (valgrind not installed)"
elif [[ "${2:-}" == --instructions ]]; then
  subset=()
  for d in email asyncio json xml; do [[ -d "$stdlib/$d" ]] && subset+=("$stdlib/$d"); done
  echo "== instructions (callgrind) on ${subset[*]##*/}"
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect="$1" \
      "$build/bin/bench_scan" --rounds 1 "${subset[@]}" 2>&1 |
      sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
  }
  raw=$(count bench_raw_pass)
  scan=$(count bench_scan_pass)
  awk -v r="$raw" -v s="$scan" 'BEGIN {
    printf "raw tree-sitter parse:  %14d instructions\n", r
    printf "impgraph scan (full):   %14d instructions\n", s
    printf "ratio scan/raw parse:   %14.3f  (goal <= 1.10)\n", s / r }'
fi
