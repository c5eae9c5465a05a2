#!/usr/bin/env bash
# Runs every benchmark against the Release build given as $1 (default
# build/release). Each prints its own baseline and ratio from the same run.
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
