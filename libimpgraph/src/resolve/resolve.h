/* resolve — emulates importlib's meta path (BuiltinImporter, FrozenImporter,
 * PathFinder with FileFinder and zipimporter, setuptools editable finders)
 * against a probed interpreter. libc/POSIX only.
 * May include: util, impgraph.h. Nothing else.
 *
 * Two handles:
 *  - ipg_probe: what an interpreter reports about itself (sys.path after site
 *    and .pth processing, version, builtin/stdlib/frozen module names, import
 *    suffixes). Built by running the interpreter once (cached on disk) or
 *    statically from a sys.path list and a version. Immutable once built: may
 *    be read from several threads and shared by several resolvers.
 *  - ipg_resolver: finds modules by name for one probe. Owns its caches
 *    (directory listings, zip directories, results); one thread at a time.
 */
#ifndef IMPGRAPH_RESOLVE_H
#define IMPGRAPH_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* ------------------------------------------------------------------------ */
/* Probe                                                                    */
/* ------------------------------------------------------------------------ */

/** A list of strings. Sorted (strcmp order) and duplicate-free when noted. */
typedef struct ipg_strlist {
  const char *const *items;
  size_t count;
} ipg_strlist;

/** Where ipg_probe.stdlib comes from. */
typedef enum ipg_stdlib_source {
  IPG_STDLIB_UNKNOWN = 0, /* static probe: not known */
  IPG_STDLIB_SYS = 1,     /* sys.stdlib_module_names (3.10+) */
  IPG_STDLIB_DERIVED = 2  /* stdlib directory + lib-dynload + builtins */
} ipg_stdlib_source;

/**
 * What an interpreter reports about itself. Every string and list lives in
 * the probe; all fields are read-only. A list with a `_known` flag is empty
 * and the flag false when a static probe was not told the list.
 */
typedef struct ipg_probe {
  bool is_static;  /* built by ipg_probe_static(), not by running Python */
  bool from_cache; /* ipg_probe_run() read it from the probe cache */

  /* Interpreter as run: absolute path as given (symlinks kept, since a venv's
     python is a symlink whose location matters); NULL when static. */
  const char *interpreter;
  const char *executable; /* sys.executable; NULL when static */

  int version_major;          /* 3 */
  int version_minor;          /* 11 */
  int version_micro;          /* 4; -1 when unknown (static "3.11") */
  const char *implementation; /* "cpython", "pypy"; NULL when unknown */
  const char *cache_tag;      /* "cpython-311"; NULL when unknown */
  const char *platform;       /* sys.platform; NULL when unknown */
  const char *os_name;        /* os.name; NULL when unknown */
  const char *byteorder;      /* sys.byteorder; NULL when unknown */
  const char *prefix;         /* sys.prefix; NULL when unknown */
  const char *base_prefix;    /* sys.base_prefix; NULL when unknown */

  /* sys.path after site and .pth processing, in order, minus the entry `-c`
     put first (the current directory, ''), which is not part of the
     environment: path_entry_dropped says whether one was dropped. */
  ipg_strlist sys_path;
  bool path_entry_dropped;

  ipg_strlist builtins; /* sys.builtin_module_names; sorted */
  bool builtins_known;
  ipg_strlist stdlib; /* top-level stdlib names; sorted */
  ipg_stdlib_source stdlib_source;
  ipg_strlist frozen;          /* frozen modules (packages too); sorted */
  ipg_strlist frozen_packages; /* the frozen modules that are packages */
  bool frozen_known;

  /* importlib.machinery suffix lists, in importlib's order: [".py"],
     [".pyc"], [".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"]. */
  ipg_strlist source_suffixes;
  ipg_strlist bytecode_suffixes;
  ipg_strlist extension_suffixes;

  ipg_strlist startup_modules; /* sorted(sys.modules) after a bare start */
  bool startup_modules_known;
  /* "name=target" for start-up sys.modules entries that no finder can find
     because their parent is not a package ("os.path=posixpath"); sorted.
     Static probes assume "os.path=posixpath". See ipg_probe_alias(). */
  ipg_strlist aliases;
  /* sys.meta_path after start-up, as "module.QualName" of each finder, in
     order. Finders other than BuiltinImporter, FrozenImporter, PathFinder
     and setuptools' editable finders (e.g. _distutils_hack's
     DistutilsMetaFinder) are not emulated: callers may warn about them. */
  ipg_strlist meta_path;

  /* Paths whose change invalidates a cached probe (sys.path entries, site
     directories, pyvenv.cfg); empty when static. */
  ipg_strlist validate;
} ipg_probe;

#define IPG_PROBE_DEFAULT_TIMEOUT_MS 20000u

/** Options of ipg_probe_run(). Zero-initialise for the defaults. */
typedef struct ipg_probe_options {
  /* Kill the interpreter's process group after this long; 0 = 20 s. */
  unsigned timeout_ms;
  /* Cache directory; NULL = $XDG_CACHE_HOME/impgraph or ~/.cache/impgraph;
     "" = no cache. */
  const char *cache_dir;
  bool no_cache;      /* neither read nor write the cache */
  bool refresh_cache; /* do not read the cache, but write the fresh result */
} ipg_probe_options;

/**
 * Runs `interpreter` (a path, or a bare name looked up in $PATH) once as
 * `interpreter -B -c <probe script>` in the caller's environment (no -E/-I:
 * PYTHONPATH, user site and .pth files count, as they will when the
 * application runs), stdin from /dev/null, in its own process group, and
 * parses what it prints (skipping anything a sitecustomize or .pth file
 * prints around it). Reads and writes the probe cache unless told not to;
 * cache problems are never errors. `opts` may be NULL.
 * Returns 0; IMPGRAPH_ENOTFOUND (no such interpreter); IMPGRAPH_EIO (not
 * executable, exited non-zero, killed by a signal, timed out, printed no or
 * malformed probe output, Python older than 3.7 — the message names the
 * interpreter, what happened and the first and last lines of its stderr);
 * IMPGRAPH_EINVAL; IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (ipg_probe_free). Thread-safe (no shared
 * state; concurrent writers of one cache file are safe: writes are atomic
 * renames).
 */
int ipg_probe_run(ipg_probe **out, const char *interpreter,
                  const ipg_probe_options *opts, impgraph_error *err);

/** Options of ipg_probe_static(). NULL lists mean "unknown" (builtins) or
    the defaults (suffixes). */
typedef struct ipg_probe_static_options {
  const char *const *sys_path; /* entries in order */
  size_t sys_path_count;
  const char *version; /* "3.11" or "3.11.4"; required */
  /* Builtin module names when known. NULL = unknown: a top-level name found
     nowhere is then missing with reason "not found (static mode: builtins
     unknown)". */
  const char *const *builtins;
  size_t builtin_count;
  const char *const *frozen; /* NULL = unknown (none assumed) */
  size_t frozen_count;
  const char *const *source_suffixes; /* NULL = {".py"} */
  size_t source_suffix_count;
  const char *const *bytecode_suffixes; /* NULL = {".pyc"} */
  size_t bytecode_suffix_count;
  /* NULL = {".cpython-XY[m]-<machine>-linux-gnu.so", ".abi3.so", ".so"} on
     Linux (".cpython-XY-darwin.so" on macOS) for the given version. */
  const char *const *extension_suffixes;
  size_t extension_suffix_count;
} ipg_probe_static_options;

/**
 * Builds a probe without running Python. Fields not given are marked unknown
 * (builtins_known, frozen_known, startup_modules_known false, stdlib_source
 * IPG_STDLIB_UNKNOWN, NULL strings).
 * Returns 0, IMPGRAPH_EINVAL (bad version, NULL entries) or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (ipg_probe_free); inputs are copied.
 */
int ipg_probe_static(ipg_probe **out, const ipg_probe_static_options *opts,
                     impgraph_error *err);

/**
 * ipg_probe_static() from a `--sys-path DIR:DIR` string (empty elements
 * skipped) and a version string, every other field defaulted.
 * Returns as ipg_probe_static(). Ownership: *out is a new object.
 */
int ipg_probe_static_spec(ipg_probe **out, const char *sys_path_spec,
                          const char *version, impgraph_error *err);

/**
 * Parses probe script output (`text`, `len` bytes, need not be
 * NUL-terminated); `label` names the source in messages. Exposed for tests
 * and fuzzing. Returns 0, IMPGRAPH_EIO (malformed or truncated output, or the
 * probe reported an error; message starts with `label`) or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (ipg_probe_free).
 */
int ipg_probe_parse(ipg_probe **out, const char *text, size_t len,
                    const char *label, impgraph_error *err);

/** Frees a probe. NULL is a no-op. */
void ipg_probe_free(ipg_probe *probe);

/** Whether `name` is in a sorted list. O(log n). */
bool ipg_strlist_contains(const ipg_strlist *list, const char *name);

/** The module that start-up alias `name` stands for ("posixpath" for
    "os.path"), or NULL. Ownership: borrowed from the probe. O(log n). */
const char *ipg_probe_alias(const ipg_probe *probe, const char *name);

/** The embedded probe script (probe.py). Ownership: borrowed (static). */
const char *ipg_probe_script(void);

/* ------------------------------------------------------------------------ */
/* Resolver                                                                 */
/* ------------------------------------------------------------------------ */

/** What a name resolved to. */
typedef enum ipg_module_kind {
  IPG_MODULE_MISSING = 0,   /* not found; see ipg_module.reason */
  IPG_MODULE_SOURCE = 1,    /* a SOURCE_SUFFIXES file (.py) */
  IPG_MODULE_BYTECODE = 2,  /* a sourceless BYTECODE_SUFFIXES file (.pyc) */
  IPG_MODULE_EXTENSION = 3, /* an EXTENSION_SUFFIXES file (.so) */
  IPG_MODULE_PACKAGE = 4,   /* a regular package (file_kind: its __init__) */
  IPG_MODULE_NAMESPACE = 5, /* a PEP 420 namespace package */
  IPG_MODULE_BUILTIN = 6,   /* compiled into the interpreter */
  IPG_MODULE_FROZEN = 7,    /* frozen into the interpreter */
  /* Created by its parent, a standard-library extension or builtin module,
     and put into sys.modules by that module's C code (pyexpat.errors): no
     file, no finder; found because importing the parent registers it
     (ipg_native_registers). Not a package. */
  IPG_MODULE_REGISTERED = 8
} ipg_module_kind;

/** Which finder found a module. */
typedef enum ipg_module_via {
  IPG_VIA_NONE = 0,     /* missing */
  IPG_VIA_BUILTIN = 1,  /* BuiltinImporter */
  IPG_VIA_FROZEN = 2,   /* FrozenImporter */
  IPG_VIA_PATH = 3,     /* PathFinder: a directory (FileFinder) */
  IPG_VIA_ZIP = 4,      /* PathFinder: a zip archive (zipimporter) */
  IPG_VIA_EDITABLE = 5, /* a setuptools __editable___*_finder MAPPING */
  IPG_VIA_PARENT = 6,   /* registered in sys.modules by its parent's C code */
  IPG_VIA_SIX = 7       /* six's _SixMetaPathImporter (six.moves...) */
} ipg_module_via;

/** "missing", "source", "bytecode", "extension", "package", "namespace",
    "builtin", "frozen", "registered"; "unknown" otherwise. Static
    storage. */
const char *ipg_module_kind_name(ipg_module_kind kind);

/**
 * One resolved (or missing) module. Owned by the resolver: every pointer is
 * borrowed and valid until the resolver is freed. Resolving the same name
 * again returns the same record.
 */
typedef struct ipg_module {
  const char *name; /* absolute dotted name, "a.b.c" */
  ipg_module_kind kind;
  ipg_module_via via;
  /* Kind of the file at `path`: for packages the __init__ file's kind
     (IPG_MODULE_SOURCE, _BYTECODE or _EXTENSION); equals `kind` for plain
     modules; IPG_MODULE_MISSING when there is no file (namespace, builtin,
     frozen, missing). */
  ipg_module_kind file_kind;
  /* Has a __path__: regular, namespace and frozen packages (a frozen
     package's search_path is empty). */
  bool is_package;
  /* The file (for packages the __init__ file); inside a zip archive it is
     "archive.zip/pkg/mod.py". NULL for namespace, builtin, frozen, missing. */
  const char *path;
  /* The zip archive holding the module (a prefix of path), or NULL. */
  const char *archive;
  /* The sys.path (or parent __path__) entry it was found in; for namespace
     packages the entry of the first portion; for IPG_VIA_EDITABLE the
     finder module's file. NULL for builtin, frozen and missing modules. */
  const char *entry;
  /* __path__ for packages (for namespace packages: every portion in path
     order); count 0 otherwise. */
  const char *const *search_path;
  size_t search_path_count;
  /* For a start-up alias ("os.path"): the module it is (posixpath), whose
     kind, file and __path__ this record copies. NULL otherwise. */
  const struct ipg_module *alias_of;
  /* The parent package (for "a.b.c": "a.b"), NULL for top-level names. Walk
     it for the implicit edges child -> parent of `import a.b.c`. */
  const struct ipg_module *parent;
  /* Why the module is missing (one line), NULL otherwise. CPython's wording
     where it has one: "No module named 'x'", "No module named 'a.b'; 'a' is
     not a package"; also "parent 'a' not found", "not found (static mode:
     builtins unknown)", "invalid module name". */
  const char *reason;
  /* Missing, but a finder impgraph cannot fully read may still serve it at
     run time (six's importer with a condition impgraph cannot decide): an
     import of it is not known to fail. */
  bool undecided;
} ipg_module;

typedef struct ipg_resolver ipg_resolver;

/**
 * Creates a resolver for `probe`, which is borrowed and must outlive it.
 * Entries that are "" mean the current directory at creation time.
 * Returns 0, IMPGRAPH_EINVAL or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (ipg_resolver_free).
 */
int ipg_resolver_new(ipg_resolver **out, const ipg_probe *probe,
                     impgraph_error *err);

/** Frees a resolver and every record it returned. NULL is a no-op. */
void ipg_resolver_free(ipg_resolver *resolver);

/** The probe given to ipg_resolver_new(). Ownership: borrowed. */
const ipg_probe *ipg_resolver_probe(const ipg_resolver *resolver);

/**
 * Resolves an absolute dotted module name the way `import name` would:
 * start-up aliases first (`os.path`, which is in sys.modules), then
 * parents (a missing or non-package parent makes the child missing),
 * then builtin (top-level), frozen, the path (sys.path for top-level names,
 * the parent's __path__ otherwise), then editable-install mappings.
 * Missing modules are results (kind IPG_MODULE_MISSING with a reason), not
 * errors. Results are memoised; directory listings and zip directories are
 * read once per resolver.
 * Returns 0, IMPGRAPH_EINVAL (NULL argument) or IMPGRAPH_ENOMEM.
 * Ownership: *out is borrowed (valid until the resolver is freed).
 * Complexity: O(depth * path entries) hash lookups on first resolution
 * (plus one directory listing per directory first consulted), O(length)
 * afterwards.
 */
int ipg_resolve(ipg_resolver *resolver, const char *name,
                const ipg_module **out, impgraph_error *err);

/**
 * Fills out[0..] with the chain of `module` from its top-level package down
 * to module itself ("a", "a.b", "a.b.c"), writing at most `cap` entries.
 * Returns the chain length (which may exceed cap).
 */
size_t ipg_module_chain(const ipg_module *module, const ipg_module **out,
                        size_t cap);

/**
 * Computes the absolute name of a relative import like CPython's
 * importlib._bootstrap._resolve_name(): `level` leading dots of `module`
 * ("" for `from . import x`) in the module `importer`, which is a package
 * (`__init__`) when importer_is_package. Level 0 returns `module` itself.
 * Returns 0 with *out a new buffer (impgraph_free); or IMPGRAPH_ENOTFOUND
 * with *out NULL and *problem set to CPython's message ("attempted relative
 * import beyond top-level package", "attempted relative import with no known
 * parent package", static storage); or IMPGRAPH_EINVAL / IMPGRAPH_ENOMEM.
 */
int ipg_resolve_relative_name(char **out, const char **problem,
                              const char *importer, bool importer_is_package,
                              const char *module, unsigned level,
                              impgraph_error *err);

/** The outcome of resolving one imported module of an import statement. */
typedef struct ipg_import_resolution {
  /* The absolute module name ("pkg.sub"); NULL when a relative import could
     not be made absolute (see problem). Borrowed from the resolver. */
  const char *absolute_name;
  /* The module the statement names (`import a.b` -> a.b; `from a import b`
     -> a). NULL when absolute_name is NULL. Its parent chain gives the
     implicitly imported packages. */
  const ipg_module *module;
  /* What `from module import name` binds when it is a module: the
     submodule module.name when module is a package and module.name is not
     missing. NULL for plain imports and when `name` is an attribute. */
  const ipg_module *submodule;
  /* six: the module that six's importer imports when the statement runs:
     the Python 3 target of the MovedModule / MovedAttribute `name` of a
     module six serves (`from six.moves import queue` -> queue), or of the
     MovedModule served as module (`import six.moves.queue` -> queue);
     missing when that module does not exist. NULL otherwise, and when the
     target is undecidable. */
  const ipg_module *moved_target;
  /* six: `from M import name` where M is a module six serves and six
     defines no `name` on this interpreter (`from six.moves import winreg`
     off Windows): the missing record M.name, which the import raises
     ImportError for. NULL otherwise. */
  const ipg_module *missing_name;
  /* Why absolute_name is NULL (static storage), else NULL. */
  const char *problem;
} ipg_import_resolution;

/**
 * Resolves one module of an import statement in module `importer`
 * (`importer_is_package` when it is an __init__): `module`/`level` as in
 * impgraph_import (module "" with level >= 1 for `from . import x`), and
 * `from_name` the imported name of a from-import (NULL for a plain import;
 * "*" never names a submodule). `importer` may be NULL for level 0.
 * Returns 0 (problems such as "attempted relative import beyond top-level
 * package" are reported in out->problem, not as errors), IMPGRAPH_EINVAL or
 * IMPGRAPH_ENOMEM.
 * Ownership: every pointer in *out is borrowed from the resolver.
 */
int ipg_resolve_import(ipg_resolver *resolver, ipg_import_resolution *out,
                       const char *importer, bool importer_is_package,
                       const char *module, unsigned level,
                       const char *from_name, impgraph_error *err);

/* ------------------------------------------------------------------------ */
/* Imports made by the standard library's C code (native_imports.c)        */
/* ------------------------------------------------------------------------ */

/* What one entry of the table says the module's C code does when the
   module is imported. */
typedef enum ipg_native_how {
  IPG_NATIVE_IMPORT = 0,  /* imports `target` through the import system */
  IPG_NATIVE_REGISTER = 1 /* creates module `target` and puts it into
                             sys.modules itself (IPG_MODULE_REGISTERED) */
} ipg_native_how;

/* Bit m of ipg_native_import.minors: the entry holds for CPython 3.m. */
#define IPG_MINOR(m) (1u << (m))
/* Bits first..last. */
#define IPG_MINORS(first, last) ((2u << (last)) - (1u << (first)))

/* One entry: module `module` (a standard-library extension or builtin
   module of CPython, top-level) imports or registers `target` in the
   CPython minor versions of `minors`. */
typedef struct ipg_native_import {
  const char *module;
  const char *target;
  ipg_native_how how;
  uint32_t minors;
} ipg_native_import;

/* The generated table (native_imports.c, scripts/gen_native_imports.py):
   sorted by module, then target; it covers CPython 3.first..3.last, every
   version of the range measured. */
extern const ipg_native_import ipg_native_table[];
extern const size_t ipg_native_table_count;
extern const int ipg_native_first_minor;
extern const int ipg_native_last_minor;

/** Whether the table knows CPython major.minor (3.7..3.13 today): a module
    with no entry then imports nothing from its C code. */
bool ipg_native_covers(int major, int minor);

/** Whether the probe is an interpreter the table applies to: CPython (or
    unknown: static mode assumes CPython) of a covered version. */
bool ipg_native_applies(const ipg_probe *probe);

/**
 * The entries of `module` that hold for CPython major.minor, in table order
 * (targets sorted): fills out[0 .. min(count, cap)) and returns the count
 * (0 for an uncovered version or a module with no entry). O(log n + k).
 * Ownership: entries are borrowed (static storage). Thread-safe.
 */
size_t ipg_native_imports(const char *module, int major, int minor, const ipg_native_import **out,
                          size_t cap);

/** Whether `module`'s C code registers `target` (IPG_NATIVE_REGISTER) in
    CPython major.minor. O(log n). Thread-safe. */
bool ipg_native_registers(const char *module, const char *target, int major, int minor);

/* ------------------------------------------------------------------------ */
/* Imports made by generated extension modules (binary.c)                  */
/* ------------------------------------------------------------------------ */

/* At most this many imports are taken from one binary (Cython: 2, mypyc: 1). */
#define IPG_BINARY_MAX_IMPORTS 4
/* Binaries larger than this are not read (a note, IMPGRAPH_EIO). */
#define IPG_BINARY_MAX_SIZE ((size_t)256 << 20)

/* One module a third-party extension module's init code imports or
   creates, read from its binary. */
typedef struct ipg_binary_import {
  const char *name;   /* in the caller's arena */
  ipg_native_how how; /* REGISTER: created with no file and put into
                         sys.modules (`cython_runtime`, `_cython_3_1_4`);
                         IMPORT: imported through the import system
                         (mypyc's group library) */
} ipg_binary_import;

/* What one binary's init code imports: Cython modules create
   `cython_runtime` and, when the binary names one, the shared ABI module
   `_cython_<version>[suffix]`; a mypyc shim imports its group library. */
typedef struct ipg_binary_imports {
  const char *generator; /* "Cython", "mypyc" (static strings) or NULL */
  ipg_binary_import items[IPG_BINARY_MAX_IMPORTS];
  size_t count;
} ipg_binary_imports;

/**
 * Recognises the generator signatures in the bytes of extension module
 * `module` (its full dotted name; keys the mypyc signature): fills *out
 * (count 0 when there is none). When the bytes are not a whole ELF, Mach-O
 * or PE object (empty, truncated, another format) *problem says so (static
 * string) and *out is empty. O(len). Returns 0 or IMPGRAPH_ENOMEM.
 * Ownership: names are new strings in `arena`. Thread-safe on distinct
 * arenas.
 */
int ipg_binary_imports_scan(ipg_binary_imports *out, ipg_arena *arena, const unsigned char *data,
                            size_t len, const char *module, const char **problem);

/**
 * ipg_binary_imports_scan() over the file at `path` (at most
 * IPG_BINARY_MAX_SIZE bytes): of a 64-bit little-endian ELF object, its
 * header checks and then only its `.rodata*` sections, each followed by a
 * NUL; any other file read whole, once. Returns 0, IMPGRAPH_EIO (cannot be read, too
 * large, not a whole shared object: err's message says why, without the
 * path) or IMPGRAPH_ENOMEM.
 * Ownership: as ipg_binary_imports_scan(). Thread-safe on distinct arenas.
 */
int ipg_binary_imports_read(ipg_binary_imports *out, ipg_arena *arena, const char *path,
                            const char *module, impgraph_error *err);

#endif
