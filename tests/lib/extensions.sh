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

# mypyc_real DIR GROUP PKG [DEP]: a real mypyc-compiled module PKG.fast in
# DIR, built with the interpreter's headers ($include, from python_include):
# DIR/PKG/fast$suffix is a shim as mypyc's module_shim template writes it,
# DIR/GROUP$suffix the group library exporting its init function as a
# capsule; that init imports module DEP first when DEP is given (the
# compiled body of a .py that imports DEP). DIR/PKG/__init__.py is created.
mypyc_real() {
  local dir=$1 group=$2 pkg=$3 dep=${4:-} body='return PyModule_Create(&mod_def);'
  if [[ -n $dep ]]; then
    body="PyObject *dep = PyImport_ImportModule(\"$dep\");
  if (!dep)
    return NULL;
  Py_DECREF(dep);
  return PyModule_Create(&mod_def);"
  fi
  mkdir -p "$dir/$pkg"
  touch "$dir/$pkg/__init__.py"
  cat > "$tmp/mypyc_group.c" <<EOF2
/* A mypyc group library: exports each module's init function as a capsule. */
#include <Python.h>
static struct PyModuleDef mod_def = {PyModuleDef_HEAD_INIT, "$pkg.fast", NULL, -1, NULL};
static PyObject *init_fast(void) {
  $body
}
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "$group", NULL, -1, NULL};
PyMODINIT_FUNC PyInit_$group(void) {
  PyObject *m = PyModule_Create(&def);
  PyObject *c = m ? PyCapsule_New((void *)init_fast, "$group.init_${pkg}___fast", NULL) : NULL;
  if (!c || PyModule_AddObject(m, "init_${pkg}___fast", c) < 0)
    return NULL;
  return m;
}
EOF2
  cat > "$tmp/mypyc_shim.c" <<EOF2
/* A mypyc shim, as mypyc's module_shim template writes it. */
#include <Python.h>
PyMODINIT_FUNC PyInit_fast(void) {
  PyObject *tmp = PyImport_ImportModule("$group");
  if (!tmp)
    return NULL;
  PyObject *capsule = PyObject_GetAttrString(tmp, "init_${pkg}___fast");
  Py_DECREF(tmp);
  if (!capsule)
    return NULL;
  void *init_func = PyCapsule_GetPointer(capsule, "$group.init_${pkg}___fast");
  Py_DECREF(capsule);
  if (!init_func)
    return NULL;
  return ((PyObject * (*)(void)) init_func)();
}
EOF2
  "$cc" -shared -fPIC -I"$include" -o "$dir/$group$suffix" "$tmp/mypyc_group.c"
  "$cc" -shared -fPIC -I"$include" -o "$dir/$pkg/fast$suffix" "$tmp/mypyc_shim.c"
}
