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

# The installed CLI runs from the install tree (RPATH points at its lib/).
"$tmp/prefix/bin/impgraph" --version
echo "install tree works with pkg-config and find_package"
