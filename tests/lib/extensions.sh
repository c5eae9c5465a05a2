# Sourced by the CLI tests that build extension-module fixtures with the C
# compiler (graph_binary.sh, graph_mypyc.sh). Needs $py (the interpreter)
# and $tmp (a scratch directory) set. Sets:
#   cc      the C compiler ($CC, else cc)
#   suffix  the interpreter's first extension-module suffix
#           (".cpython-311-x86_64-linux-gnu.so")

cc="${CC:-cc}"
suffix=$("$py" -c 'import importlib.machinery as m; print(m.EXTENSION_SUFFIXES[0])')

# strings_so OUT S...: a shared object holding the C strings S..., kept by
# an exported table (the compiler stores each literal NUL-terminated in
# .rodata): what impgraph reads of a binary to tell Cython and mypyc apart.
strings_so() {
  local out=$1
  shift
  {
    echo 'const char *const fixture_strings[] = {'
    echo '  "padding before the signatures",'
    for s in "$@"; do echo "  \"$s\","; done
    echo '  0};'
  } > "$tmp/strings_so.c"
  "$cc" -shared -fPIC -o "$out" "$tmp/strings_so.c"
}

# python_include: prints the interpreter's C header directory and succeeds
# when Python.h is there (python3-dev may not be installed: the tests that
# build real modules skip themselves then, saying so).
python_include() {
  local include
  include=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
  if [[ ! -f "$include/Python.h" ]]; then
    echo "no $include/Python.h: real-import check skipped" >&2
    return 1
  fi
  echo "$include"
}
