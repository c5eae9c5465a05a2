#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds a small external C
# program against it twice: with pkg-config and with find_package(impgraph).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$IMPGRAPH_BINARY_DIR" --prefix "$tmp/prefix" >/dev/null
libdir=$(dirname "$(ls "$tmp"/prefix/lib*/libimpgraph.so | head -1)")
test -f "$tmp/prefix/include/impgraph.h"
test -f "$libdir/pkgconfig/impgraph.pc"
test -f "$libdir/cmake/impgraph/impgraphConfig.cmake"
test -x "$tmp/prefix/bin/impgraph"
# Man pages, generated from docs/cli/*.md: one per command and impgraph(1).
for page in impgraph impgraph-scan impgraph-graph impgraph-why impgraph-cycles impgraph-measure \
            impgraph-suggest; do
  f="$tmp/prefix/share/man/man1/$page.1"
  test -f "$f" || { echo "missing man page $f"; exit 1; }
  head -1 "$f" | grep -q '^\.TH ' || { echo "$f is not a man page"; exit 1; }
done
grep -q -- '--min-savings' "$tmp/prefix/share/man/man1/impgraph-suggest.1" ||
  { echo "impgraph-suggest.1 lacks --min-savings"; exit 1; }

# A sanitized build's library needs the sanitizer runtime in the consumer.
san=()
if ldd "$libdir/libimpgraph.so" | grep libasan >/dev/null; then  # not -q: with pipefail, an early grep exit fails the pipe
  san=(-fsanitize=address,undefined)
fi
src="$IMPGRAPH_SOURCE_DIR/tests/install/consumer"
expected=$'1 os\n2 json'

export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -std=c11 "${san[@]}" "$src/main.c" $(pkg-config --cflags --libs impgraph) -o "$tmp/by-pkgconfig"
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/by-pkgconfig" | tail -n +2)
[[ "$out" == "$expected" ]] || { echo "pkg-config consumer printed:"; echo "$out"; exit 1; }

cmake -S "$src" -B "$tmp/consumer-build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_C_FLAGS="${san[*]}" >/dev/null
cmake --build "$tmp/consumer-build" >/dev/null
out=$("$tmp/consumer-build/consumer" | tail -n +2)
[[ "$out" == "$expected" ]] || { echo "find_package consumer printed:"; echo "$out"; exit 1; }

# docs/examples/diagnose.c, built like its Makefile and its CMakeLists.txt
# say, prints the editor diagnostics of examples/taskcli's cli.py: the
# analytics import of `from . import analytics, sync` (line 5, columns
# 15-24) gets a split-subcommands diagnostic whose fix moves it into
# cmd_stats. Costs are estimates (no profile): the severity may vary.
examples="$IMPGRAPH_SOURCE_DIR/docs/examples"
cc -std=c11 -Wall -Wextra "${san[@]}" "$examples/diagnose.c" $(pkg-config --cflags --libs impgraph) \
  -o "$tmp/diagnose"
cmake -S "$examples" -B "$tmp/examples-build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_C_FLAGS="${san[*]}" >/dev/null
cmake --build "$tmp/examples-build" >/dev/null
test -x "$tmp/examples-build/diagnose"
out=$(cd "$IMPGRAPH_SOURCE_DIR/examples/taskcli" &&
  LD_LIBRARY_PATH="$libdir" "$tmp/diagnose" . src/taskcli/cli.py --console-script taskcli)
expect() {
  grep -qE -- "$1" <<<"$out" || { echo "diagnose: no line matching: $1"; echo "$out"; exit 1; }
}
expect '^src/taskcli/cli\.py:5:15-5:24: (warning|information) \[split-subcommands\] move `from \. import analytics` into the handler of `stats`'
expect '^  fix: 5:1-5:30 "from \. import sync"$'
expect '^  fix: 29:1-29:1 "    from \. import analytics\\n"$'
expect '^src/taskcli/cli\.py:5:26-5:30: (warning|information) \[split-subcommands\] move `from \. import sync`'
expect '^src/taskcli/cli\.py:1:8-1:16: (information|hint) \[startup-import\] argparse loads at start-up: .*\(estimated\)$'
expect '^src/taskcli/cli\.py:3:8-3:11: hint \[startup-import\] sys is preloaded by the interpreter'
echo "docs/examples/diagnose builds with pkg-config and CMake and diagnoses cli.py"

# The installed CLI runs from the install tree (RPATH points at its lib/).
"$tmp/prefix/bin/impgraph" --version
echo "install tree works with pkg-config and find_package"
