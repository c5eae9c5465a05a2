#!/usr/bin/env bash
# ctest `python.bindings`: the Python bindings' unittest suite
# (bindings/python/tests) against this build's libimpgraph.so.
#
# Environment (set by tests/CMakeLists.txt): IMPGRAPH_LIBRARY (the library
# file), IMPGRAPH_SOURCE_DIR, PYTHONPATH (<source>/bindings/python), PYTHON3,
# IMPGRAPH_SANITIZE (1 or 0), CC.
#
# A sanitized library (make test: ASan + UBSan) cannot be loaded into an
# uninstrumented python3 unless the sanitizer runtimes come first: they are
# preloaded here (the ones the library links, else the compiler's), and
# LeakSanitizer is off because CPython itself does not free everything at
# exit. Child processes (pip, the interpreters impgraph runs) inherit them.
set -euo pipefail
: "${IMPGRAPH_LIBRARY:?set IMPGRAPH_LIBRARY to libimpgraph.so}"
: "${IMPGRAPH_SOURCE_DIR:?set IMPGRAPH_SOURCE_DIR to the checkout}"
python=${PYTHON3:-python3}

links=$(ldd "$IMPGRAPH_LIBRARY" 2>/dev/null || true)
if [[ "${IMPGRAPH_SANITIZE:-0}" == 1 ]] || grep libasan <<<"$links" >/dev/null; then
  preload=()
  for runtime in asan ubsan; do
    path=$(awk -v lib="lib$runtime.so" 'index($1, lib) == 1 && $3 ~ /^\// {print $3; exit}' <<<"$links")
    if [[ -z "$path" ]]; then
      path=$("${CC:-cc}" -print-file-name="lib$runtime.so")
    fi
    [[ -e "$path" ]] || { echo "run_bindings.sh: cannot find lib$runtime.so for the sanitized library" >&2; exit 1; }
    preload+=("$path")
  done
  export LD_PRELOAD="${preload[*]}${LD_PRELOAD:+ $LD_PRELOAD}"
  export ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=1"
  echo "run_bindings.sh: sanitized library: LD_PRELOAD=$LD_PRELOAD ASAN_OPTIONS=$ASAN_OPTIONS"
fi

exec "$python" -m unittest discover -v -s "$IMPGRAPH_SOURCE_DIR/bindings/python/tests"
