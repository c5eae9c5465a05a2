/* resolve — declarations shared between the files of this module only. */
#ifndef IMPGRAPH_RESOLVE_INTERNAL_H
#define IMPGRAPH_RESOLVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve.h"
#include "util/util.h"

/* ---- probe cache (probe_cache.c) ---- */

/* Builds the cache key of an interpreter (its absolute path, realpath,
   mtime, size and the PYTHON* environment). Returns false when the
   interpreter must not be cached (a script such as a pyenv shim, whose
   target depends on the directory) or on any failure. *key is malloc'd. */
bool ipg_probe_cache_key(const char *interpreter, char **key);
/* The probe output stored under key when present and still valid (every
   validate path unchanged); malloc'd. NULL otherwise. */
char *ipg_probe_cache_load(const char *cache_dir, const char *key, size_t *len);
/* Stores probe output under key (atomic rename); failures are ignored. */
void ipg_probe_cache_store(const char *cache_dir, const char *key,
                           const ipg_probe *probe, const char *output,
                           size_t len);
/* The default cache directory, malloc'd, or NULL when neither
   $XDG_CACHE_HOME nor $HOME is set. */
char *ipg_probe_cache_default_dir(void);

/* ---- escaping shared by the probe parser and the cache ---- */

/* Appends value with \\ \t \n \r escaped. */
void ipg_escape_append(ipg_buf *buf, const char *value);
/* Unescapes in place; returns false on a bad escape. */
bool ipg_unescape(char *value, size_t *len);

/* ---- directory listings (finder.c) ---- */

enum {
  IPG_DENT_UNKNOWN = 0, /* symlink or d_type unknown: stat on demand */
  IPG_DENT_FILE = 1,
  IPG_DENT_DIR = 2,
  IPG_DENT_OTHER = 3 /* exists, neither (or a dangling symlink) */
};

typedef struct ipg_dirent {
  const char *name;
  int type; /* IPG_DENT_* */
} ipg_dirent;

/* One directory read once, like FileFinder's _path_cache. */
typedef struct ipg_dir {
  const char *path;
  bool exists;         /* opendir succeeded */
  ipg_map entries;     /* name -> ipg_dirent */
  const char **sorted; /* entry names in strcmp order */
  size_t count;
} ipg_dir;

/* ---- zip archives (zip.c) ---- */

typedef struct ipg_zip {
  const char *archive;
  bool readable; /* zipimport could read it; otherwise no finder */
  ipg_map names; /* stored names ("pkg/", "pkg/mod.py") -> non-NULL */
} ipg_zip;

/* Reads the central directory's file names, like zipimport's
   _read_directory (prepended data allowed; zip64 only when allow_zip64, as
   in Python 3.13+). Names go into `arena`. Returns IMPGRAPH_OK,
   IMPGRAPH_EIO (not a zip, corrupt; message says why) or IMPGRAPH_ENOMEM. */
int ipg_zip_read(ipg_zip *zip, ipg_arena *arena, const char *archive,
                 bool allow_zip64, impgraph_error *err);
void ipg_zip_free(ipg_zip *zip);

/* ---- Python literals (editable.c; also read by six.c) ---- */

/* A position in Python source text being read as literals. */
typedef struct ipg_literal_cursor {
  const char *p;
  const char *end;
  ipg_arena *arena;  /* where strings go */
  bool failed_alloc; /* set on ENOMEM */
} ipg_literal_cursor;

/* Skips spaces, newlines, comments and backslash continuations. */
void ipg_literal_skip_space(ipg_literal_cursor *c);
/* Skips space, then consumes `ch` when it comes next. */
bool ipg_literal_accept(ipg_literal_cursor *c, char ch);
/* Whether a string literal (r/u prefixes, any quotes) comes next. */
bool ipg_literal_starts_string(ipg_literal_cursor *c);
/* A string expression (adjacent literals, `+` concatenation of literals),
   unescaped, in the arena; NULL when none or malformed (the cursor is then
   somewhere inside it). */
const char *ipg_literal_string(ipg_literal_cursor *c);

/* ---- setuptools editable installs (editable.c) ---- */

typedef struct ipg_editable_namespace {
  const char *name;
  const char **paths;
  size_t path_count;
} ipg_editable_namespace;

/* One `__editable___<dist>_finder.py` (setuptools >= 64). */
typedef struct ipg_editable_finder {
  const char *module;         /* "__editable___pkg_1_0_finder" */
  const char *file;           /* its path */
  const char **mapping_names; /* MAPPING keys, in file order */
  const char **mapping_paths; /* MAPPING values */
  size_t mapping_count;
  ipg_editable_namespace *namespaces; /* NAMESPACES */
  size_t namespace_count;
  const char *path_placeholder; /* PATH_PLACEHOLDER value, or NULL */
} ipg_editable_finder;

/* Parses the MAPPING, NAMESPACES and PATH_PLACEHOLDER literals of a finder
   module's text (any quote style, escapes, annotations). Returns
   IMPGRAPH_OK, IMPGRAPH_ENOTFOUND (no MAPPING dict literal) or
   IMPGRAPH_ENOMEM. Strings go into `arena`. */
int ipg_editable_parse(ipg_editable_finder *out, ipg_arena *arena,
                       const char *text, size_t len);
/* Appends to `modules` (const char *, in arena) every
   `__editable___*_finder` module that an `import` line of this .pth text
   imports. Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_pth_editable_modules(ipg_vec *modules, ipg_arena *arena,
                             const char *text, size_t len);

/* ---- six's meta path importer (six.c) ---- */

/* Whether one entry of six's lists is in the list on the probed
   interpreter. */
typedef enum ipg_six_state {
  IPG_SIX_PRESENT = 0, /* unconditional, or its condition holds */
  IPG_SIX_ABSENT = 1,  /* added under a condition that is false here */
  IPG_SIX_UNKNOWN = 2  /* added under a condition impgraph cannot decide */
} ipg_six_state;

/* One `MovedModule(...)` / `MovedAttribute(...)` call of a list. */
typedef struct ipg_six_move {
  const char *name;      /* the attribute of six.moves (or of a urllib module) */
  bool is_module;        /* MovedModule, else MovedAttribute */
  const char *target;    /* its Python 3 module; NULL when not decidable */
  ipg_six_state state;   /* in the list here? */
  const char *condition; /* the `if` condition that adds it, or NULL */
  uint32_t line;         /* 1-based line of the call */
} ipg_six_move;

/* A top-level list of moves (`_moved_attributes = [...]`), with the
   conditional `+= [...]` / `.extend([...])` additions. */
typedef struct ipg_six_list {
  const char *name;
  ipg_six_move *moves;
  size_t count;
  bool complete; /* every call of it was read */
} ipg_six_list;

/* A module six's importer serves (its `known_modules`), by the name
   relative to six: "moves", "moves.urllib.parse", "moves.queue". */
typedef struct ipg_six_served {
  const char *name;
  const ipg_six_list *attributes; /* the lazy module class's list, or NULL */
  const ipg_six_move *moved;      /* a MovedModule served as a module (its
                                     import imports moved->target), or NULL */
  ipg_six_state state;            /* from the MovedModule's state */
  bool is_package;                /* other served names are under it */
} ipg_six_served;

/* Something in the text that could not be read (1-based line). */
typedef struct ipg_six_problem {
  uint32_t line;
  const char *message;
} ipg_six_problem;

/* What six.py's text says its importer serves on one interpreter. */
typedef struct ipg_six_importer {
  bool recognised; /* the text is six's (else everything below is empty) */
  ipg_six_list *lists;
  size_t list_count;
  ipg_six_served *served; /* known_modules in the end (later calls win) */
  size_t served_count;
  bool complete; /* every `_importer._add_module(...)` call was read */
  ipg_six_problem *problems;
  size_t problem_count;
} ipg_six_importer;

/* What the conditions in six.py are evaluated against. */
typedef struct ipg_six_env {
  const char *module_name; /* six's own name: "six", "pkg.vendored.six" */
  const char *platform;    /* sys.platform; NULL when unknown */
  int version_major;       /* 0 when unknown */
  int version_minor;
} ipg_six_env;

/* Whether `text` is six's module: a `class _SixMetaPathImporter`, a
   top-level `__path__ = []` and `sys.meta_path.append(_importer)`. */
bool ipg_six_recognise(const char *text, size_t len);
/* Reads six.py's lists of moves, the lazy modules' lists and the
   `_importer._add_module` calls (and the loop registering each
   MovedModule) from its text, evaluating `sys.platform` and
   `sys.version_info` conditions against env. Never fails on odd text:
   what cannot be read becomes a problem and leaves the result incomplete.
   Returns IMPGRAPH_OK, IMPGRAPH_ENOTFOUND (not six: ipg_six_recognise)
   or IMPGRAPH_ENOMEM. Everything goes into `arena`. */
int ipg_six_parse(ipg_six_importer *out, ipg_arena *arena, const char *text, size_t len,
                  const ipg_six_env *env);
/* The served module `rel` ("moves.urllib"), or NULL. */
const ipg_six_served *ipg_six_find_served(const ipg_six_importer *six, const char *rel);
/* The move `name` of a list, the last one present (or undecidable) wins;
   NULL when the list has none (or only absent ones). */
const ipg_six_move *ipg_six_find_move(const ipg_six_list *list, const char *name);

/* ---- the resolver (resolver.c, finder.c) ---- */

/* A suffix and the kind of module a file with it is, in FileFinder order
   (extension, source, bytecode). */
typedef struct ipg_loader_suffix {
  const char *suffix;
  ipg_module_kind kind;
} ipg_loader_suffix;

/* sys.path_importer_cache entry. */
typedef enum ipg_entry_kind {
  IPG_ENTRY_NONE = 0, /* no finder: does not exist, not a dir nor a zip */
  IPG_ENTRY_DIR = 1,
  IPG_ENTRY_ZIP = 2,
  IPG_ENTRY_EDITABLE_NS = 3 /* an editable finder's PATH_PLACEHOLDER */
} ipg_entry_kind;

typedef struct ipg_path_entry {
  const char *entry;
  ipg_entry_kind kind;
  ipg_dir *dir;
  ipg_zip *zip;
  const char *zip_prefix; /* "" or "sub/dir/" */
  const ipg_editable_finder *editable;
} ipg_path_entry;

/* What one path-entry finder says about a name. */
typedef struct ipg_find_result {
  ipg_module_kind kind; /* MISSING = nothing here */
  ipg_module_kind file_kind;
  bool is_package;
  bool namespace_portion; /* kind MISSING but a portion was found */
  const char *path;       /* file (arena) */
  const char *archive;
  const char *package_dir; /* __path__[0] of a regular package, or portion */
  const char *const *portions; /* editable namespaces: several portions */
  size_t portion_count;
} ipg_find_result;

struct ipg_resolver {
  const ipg_probe *probe;
  ipg_arena arena;
  ipg_map modules; /* name -> ipg_module */
  ipg_map entries; /* path entry -> ipg_path_entry */
  ipg_map dirs;    /* directory -> ipg_dir */
  ipg_map zips;    /* archive -> ipg_zip */
  ipg_loader_suffix *loaders;
  size_t loader_count;
  const char **sys_path; /* probe sys_path with "" made the cwd */
  size_t sys_path_count;
  bool editable_loaded;
  ipg_editable_finder *editable; /* meta_path order */
  size_t editable_count;
  int alias_depth; /* guards alias chains that loop */
  ipg_map six;     /* six.py path -> ipg_six_importer (NULL value: not six) */
  ipg_buf scratch;
};

/* The listing of `path`, read on first use (NULL only on ENOMEM). */
ipg_dir *ipg_resolver_dir(ipg_resolver *r, const char *path);
/* Whether a listed name is a regular file / directory (following
   symlinks; stat once, on demand). */
bool ipg_dir_isfile(ipg_dir *dir, const char *name);
bool ipg_dir_isdir(ipg_dir *dir, const char *name);
/* The finder for a path entry, created on first use (NULL only on
   ENOMEM). */
ipg_path_entry *ipg_resolver_entry(ipg_resolver *r, const char *entry);
/* FileFinder.find_spec / zipimporter.find_spec for the last component
   `tail` of a name. Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_find_in_dir(ipg_resolver *r, ipg_dir *dir, const char *tail,
                    ipg_find_result *out);
int ipg_find_in_zip(ipg_resolver *r, const ipg_path_entry *entry,
                    const char *tail, ipg_find_result *out);
/* Loads the editable finders of every sys.path directory (once). */
int ipg_resolver_load_editable(ipg_resolver *r);
/* Joins dir and name with one '/' into the arena. */
char *ipg_path_join(ipg_arena *arena, const char *dir, const char *name);

#endif
