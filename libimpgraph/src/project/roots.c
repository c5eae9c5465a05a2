/* Source roots: what directory goes on the search path and which top-level
 * packages and modules a project has, the way an install would see them.
 *
 *  - a file: a single script; its directory goes on the path (as `python
 *    script.py` puts it first on sys.path) and its stem is the module;
 *  - a directory holding __init__.py: a package directory; walking up
 *    through __init__.py files finds the top-level package, whose parent
 *    goes on the path;
 *  - a directory with a src/ directory holding Python code: src layout;
 *    src/ goes on the path, every package (regular or namespace) and module
 *    in it is top-level;
 *  - any other directory: flat layout; the directory goes on the path, and
 *    its packages and modules are top-level except those setuptools'
 *    automatic discovery leaves out too (tests, docs, examples, setup.py,
 *    conftest.py, ...).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "project/project.h"

/* setuptools' FlatLayoutPackageFinder.DEFAULT_EXCLUDE and
   FlatLayoutModuleFinder.DEFAULT_EXCLUDE (names starting with '.' or '_'
   are excluded too). */
static const char *const flat_excluded_packages[] = {
    "benchmark",  "benchmarks", "bin",           "build",         "changelog",    "ci",
    "debian",     "doc",        "docs",          "documentation", "dist",         "env",
    "example",    "examples",   "exercise",      "exercises",     "fabfile",      "htmlcov",
    "manpages",   "news",       "newsfragments", "python",        "requirements", "scripts",
    "site_scons", "tasks",      "test",          "tests",         "tools",        "unit_test",
    "unit_tests", "util",       "utils",         "venv"};
static const char *const flat_excluded_modules[] = {
    "benchmark", "benchmarks", "build",      "conanfile", "conftest", "dodo",
    "example",   "examples",   "exercise",   "exercises", "fabfile",  "manage",
    "noxfile",   "pavement",   "setup",      "tasks",     "test",     "tests",
    "toxfile",   "SConstruct", "SConscript", "sconstruct"};

static bool in_list(const char *name, const char *const *list, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(name, list[i]) == 0)
      return true;
  return false;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(ipg_arena *arena, const char *dir, const char *name) {
  if (strcmp(dir, ".") == 0) /* keep relative paths short: "src", not "./src" */
    return ipg_arena_strdup(arena, name);
  size_t len = strlen(dir);
  if (len && dir[len - 1] == '/')
    return ipg_arena_printf(arena, "%s%s", dir, name);
  return ipg_arena_printf(arena, "%s/%s", dir, name);
}

static bool has_init(ipg_arena *arena, const char *dir) {
  char *init = join(arena, dir, "__init__.py");
  return init && is_file(init);
}

static bool identifier_part(const char *s, size_t len) {
  if (!len || (s[0] >= '0' && s[0] <= '9'))
    return false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c >= 0x80))
      return false;
  }
  return true;
}

bool ipg_is_dotted_identifier(const char *name) {
  if (!name || !*name)
    return false;
  for (const char *p = name;;) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    if (!identifier_part(p, len))
      return false;
    if (!dot)
      return true;
    p = dot + 1;
  }
}

/* The path without trailing slashes ("/" stays). */
static char *trimmed(ipg_arena *arena, const char *path) {
  size_t len = strlen(path);
  while (len > 1 && path[len - 1] == '/')
    len--;
  return ipg_arena_strndup(arena, path, len);
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The parent directory, keeping relative paths relative ("pkg" -> ".",
   "a/b" -> "a"); "." and ".." go through realpath. */
static char *parent_dir(ipg_arena *arena, const char *path) {
  const char *base = base_name(path);
  if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
    char *real = realpath(path, NULL);
    if (!real)
      return NULL;
    char *parent = parent_dir(arena, real);
    free(real);
    return parent;
  }
  if (base == path)
    return ipg_arena_strdup(arena, ".");
  size_t len = (size_t)(base - path - 1);
  return len ? ipg_arena_strndup(arena, path, len) : ipg_arena_strdup(arena, "/");
}

/* Whether a directory holds Python code within a few levels (a namespace
   package candidate). */
static bool holds_python(const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d)
    return false;
  bool found = false;
  struct dirent *de;
  while (!found && (de = readdir(d))) {
    const char *name = de->d_name;
    if (name[0] == '.' || strcmp(name, "__pycache__") == 0)
      continue;
    size_t len = strlen(name);
    if (len > 3 && strcmp(name + len - 3, ".py") == 0) {
      found = true;
    } else if (depth > 0) {
      size_t dlen = strlen(dir);
      char *child = malloc(dlen + len + 2);
      if (!child)
        break;
      memcpy(child, dir, dlen);
      child[dlen] = '/';
      memcpy(child + dlen + 1, name, len + 1);
      found = is_dir(child) && holds_python(child, depth - 1);
      free(child);
    }
  }
  closedir(d);
  return found;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Top-level packages and modules of a search entry directory. */
static int list_top_level(ipg_graph_root *root, ipg_arena *arena, bool flat) {
  ipg_vec names;
  ipg_vec_init(&names, sizeof(const char *));
  DIR *d = opendir(root->search_entry);
  struct dirent *de;
  int rc = IMPGRAPH_OK;
  while (!rc && d && (de = readdir(d))) {
    const char *name = de->d_name;
    size_t len = strlen(name);
    if (name[0] == '.' || strcmp(name, "__pycache__") == 0 || (flat && name[0] == '_'))
      continue;
    char *path = join(arena, root->search_entry, name);
    if (!path) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    const char *module = NULL;
    if (len > 3 && strcmp(name + len - 3, ".py") == 0 && is_file(path)) {
      module = ipg_arena_strndup(arena, name, len - 3);
      if (module && flat &&
          in_list(module, flat_excluded_modules,
                  sizeof flat_excluded_modules / sizeof *flat_excluded_modules))
        continue;
    } else if (is_dir(path)) {
      if (flat && in_list(name, flat_excluded_packages,
                          sizeof flat_excluded_packages / sizeof *flat_excluded_packages))
        continue;
      /* Namespace packages only in src layouts: in a flat project any
         directory of scripts would look like one. */
      if (has_init(arena, path) || (!flat && holds_python(path, 3)))
        module = ipg_arena_strdup(arena, name);
      else
        continue;
    } else {
      continue;
    }
    if (!module) {
      rc = IMPGRAPH_ENOMEM;
    } else if (ipg_is_dotted_identifier(module) && !strchr(module, '.')) {
      const char **slot = ipg_vec_push(&names);
      if (!slot)
        rc = IMPGRAPH_ENOMEM;
      else
        *slot = module;
    }
  }
  if (d)
    closedir(d);
  if (!rc && names.len) {
    qsort(names.data, names.len, sizeof(const char *), cmp_str);
    const char **items = ipg_arena_alloc(arena, names.len * sizeof *items);
    if (!items)
      rc = IMPGRAPH_ENOMEM;
    else {
      memcpy(items, names.data, names.len * sizeof *items);
      root->top_level = items;
      root->top_level_count = names.len;
    }
  }
  ipg_vec_free(&names);
  return rc;
}

static const char *existing(ipg_arena *arena, const char *dir, const char *name) {
  char *path = dir ? join(arena, dir, name) : NULL;
  return path && is_file(path) ? path : NULL;
}

static int detect_package(ipg_graph_root *root, ipg_arena *arena) {
  /* Walk up to the top-level package. */
  const char *top = root->path;
  for (int guard = 0; guard < 256; guard++) {
    char *parent = parent_dir(arena, top);
    if (!parent)
      return IMPGRAPH_ENOMEM;
    if (strcmp(parent, top) == 0 || !has_init(arena, parent))
      break;
    top = parent;
  }
  root->layout = IPG_LAYOUT_PACKAGE;
  root->search_entry = parent_dir(arena, top);
  const char *name = ipg_arena_strdup(arena, base_name(top));
  const char **items = ipg_arena_alloc(arena, sizeof *items);
  if (!root->search_entry || !name || !items)
    return IMPGRAPH_ENOMEM;
  if (strcmp(base_name(top), ".") == 0 || strcmp(base_name(top), "..") == 0) {
    char *real = realpath(top, NULL);
    name = real ? ipg_arena_strdup(arena, base_name(real)) : NULL;
    free(real);
    if (!name)
      return IMPGRAPH_ENOMEM;
  }
  items[0] = name;
  root->top_level = items;
  root->top_level_count = 1;
  /* pyproject.toml next to the search entry (flat) or one level up (src). */
  root->pyproject = existing(arena, root->search_entry, "pyproject.toml");
  if (!root->pyproject) {
    char *up = parent_dir(arena, root->search_entry);
    root->pyproject = existing(arena, up, "pyproject.toml");
  }
  return IMPGRAPH_OK;
}

static int detect_script(ipg_graph_root *root, ipg_arena *arena) {
  root->layout = IPG_LAYOUT_SCRIPT;
  root->search_entry = parent_dir(arena, root->path);
  const char *base = base_name(root->path);
  size_t len = strlen(base);
  if (len > 3 && strcmp(base + len - 3, ".py") == 0)
    len -= 3;
  const char **items = ipg_arena_alloc(arena, sizeof *items);
  if (!root->search_entry || !items || !(items[0] = ipg_arena_strndup(arena, base, len)))
    return IMPGRAPH_ENOMEM;
  root->top_level = items;
  root->top_level_count = 1;
  root->pyproject = existing(arena, root->search_entry, "pyproject.toml");
  return IMPGRAPH_OK;
}

int ipg_root_detect(ipg_graph_root *out, ipg_arena *arena, const char *path, impgraph_error *err) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (stat(path, &st) != 0)
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "source root '%s' not found: %s", path,
                    strerror(errno));
  if (!(out->path = trimmed(arena, path)))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  int rc;
  if (!S_ISDIR(st.st_mode)) {
    rc = detect_script(out, arena);
  } else if (has_init(arena, out->path)) {
    rc = detect_package(out, arena);
  } else {
    char *src = join(arena, out->path, "src");
    if (!src)
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    bool src_layout = is_dir(src) && holds_python(src, 3);
    out->layout = src_layout ? IPG_LAYOUT_SRC : IPG_LAYOUT_FLAT;
    out->search_entry = src_layout ? src : out->path;
    out->pyproject = existing(arena, out->path, "pyproject.toml");
    rc = list_top_level(out, arena, !src_layout);
  }
  return rc ? ipg_fail(err, rc, "out of memory") : IMPGRAPH_OK;
}

/* ---- the modules of a root ---- */

/* "entry/pkg/sub/mod.py" -> "pkg.sub.mod"; "entry/pkg/__init__.py" ->
   "pkg". NULL when the path is not under entry or not an identifier. */
static const char *module_name(ipg_arena *arena, const char *entry, const char *path) {
  size_t elen = strlen(entry);
  while (elen > 1 && entry[elen - 1] == '/')
    elen--;
  const char *rel;
  if (elen == 1 && entry[0] == '.' && strncmp(path, "./", 2) != 0) {
    rel = path; /* join() keeps paths under "." relative: "pkg/mod.py" */
  } else {
    if (strncmp(path, entry, elen) != 0 || path[elen] != '/')
      return NULL;
    rel = path + elen + 1;
  }
  size_t len = strlen(rel);
  if (len < 4 || strcmp(rel + len - 3, ".py") != 0)
    return NULL;
  len -= 3;
  if (len >= 9 && strncmp(rel + len - 9, "/__init__", 9) == 0)
    len -= 9;
  char *name = ipg_arena_strndup(arena, rel, len);
  if (!name)
    return NULL;
  for (char *p = name; *p; p++)
    if (*p == '/')
      *p = '.';
  return ipg_is_dotted_identifier(name) ? name : NULL;
}

int ipg_root_modules(ipg_vec *names, ipg_arena *arena, const ipg_graph_root *root,
                     impgraph_error *err) {
  if (root->layout == IPG_LAYOUT_SCRIPT)
    return IMPGRAPH_OK; /* the script itself is the entry */
  for (size_t i = 0; i < root->top_level_count; i++) {
    char *dir = join(arena, root->search_entry, root->top_level[i]);
    if (!dir)
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    if (!is_dir(dir)) {
      const char **slot = ipg_vec_push(names);
      if (!slot)
        return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
      *slot = root->top_level[i];
      continue;
    }
    const char *roots[] = {dir};
    impgraph_file_list *files = NULL;
    int rc = impgraph_file_list_new(&files, roots, 1, err);
    if (rc)
      return rc;
    size_t count = impgraph_file_list_count(files);
    for (size_t k = 0; k < count; k++) {
      const char *name = module_name(arena, root->search_entry, impgraph_file_list_path(files, k));
      if (!name)
        continue;
      const char **slot = ipg_vec_push(names);
      if (!slot) {
        impgraph_file_list_free(files);
        return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
      }
      *slot = name;
    }
    impgraph_file_list_free(files);
  }
  return IMPGRAPH_OK;
}

/* ---- scripts inside packages ---- */

const char *ipg_script_module(ipg_arena *arena, const char *entry, const char *path) {
  char *real_entry = realpath(entry, NULL);
  char *real_path = realpath(path, NULL);
  const char *name = NULL;
  if (real_entry && real_path) {
    size_t elen = strlen(real_entry);
    if (elen == 1)
      elen = 0; /* "/" */
    if (strncmp(real_path, real_entry, elen) == 0 && real_path[elen] == '/') {
      name = module_name(arena, elen ? real_entry : "", real_path);
      /* Every directory between entry and the file must be a regular
         package, or Python would not import it under that name. */
      char *dir = name ? ipg_arena_strdup(arena, real_path) : NULL;
      for (char *slash = dir ? strrchr(dir, '/') : NULL; name && slash; slash = strrchr(dir, '/')) {
        *slash = '\0';
        if (strlen(dir) <= elen)
          break;
        if (!has_init(arena, dir))
          name = NULL;
      }
    }
  }
  free(real_entry);
  free(real_path);
  return name;
}
