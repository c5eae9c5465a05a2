/* Source discovery: the Python files under a set of roots, deterministic,
 * with every skipped or unreadable path reported as a diagnostic. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/util.h"

struct impgraph_file_list {
  ipg_arena arena;
  ipg_vec paths;       /* const char * */
  ipg_vec diagnostics; /* impgraph_diagnostic */
  ipg_vec visiting;    /* dev/ino pairs of the directories on the current walk */
};

typedef struct dir_id {
  dev_t dev;
  ino_t ino;
} dir_id;

static const char *const skipped_dirs[] = {".git", ".hg", ".svn", "__pycache__", "node_modules",
                                           ".tox", ".nox", ".mypy_cache", ".pytest_cache",
                                           ".ruff_cache", ".eggs"};

static bool is_python_file(const char *name) {
  size_t n = strlen(name);
  return n > 3 && strcmp(name + n - 3, ".py") == 0;
}

static int add_diagnostic(impgraph_file_list *list, impgraph_severity severity, const char *code,
                          const char *path, const char *fmt, ...) IPG_PRINTF(5, 6);
static int add_diagnostic(impgraph_file_list *list, impgraph_severity severity, const char *code,
                          const char *path, const char *fmt, ...) {
  impgraph_diagnostic *d = ipg_vec_push(&list->diagnostics);
  if (!d)
    return IMPGRAPH_ENOMEM;
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  d->severity = severity;
  d->code = code;
  d->path = ipg_arena_strdup(&list->arena, path);
  d->message = ipg_arena_strdup(&list->arena, message);
  return d->path && d->message ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static int add_file(impgraph_file_list *list, const char *path) {
  const char **slot = ipg_vec_push(&list->paths);
  if (!slot)
    return IMPGRAPH_ENOMEM;
  *slot = ipg_arena_strdup(&list->arena, path);
  return *slot ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p)
    return NULL;
  memcpy(p, dir, a);
  size_t at = a;
  if (a && dir[a - 1] != '/')
    p[at++] = '/';
  memcpy(p + at, name, b + 1);
  return p;
}

static bool is_virtualenv(const char *dir) {
  char *cfg = join(dir, "pyvenv.cfg");
  struct stat st;
  bool yes = cfg && stat(cfg, &st) == 0;
  free(cfg);
  return yes;
}

/* Walks one directory. Recursion depth is the directory depth of the tree
 * on disk, bounded by PATH_MAX; symlinked loops are cut by `visiting`. */
static int walk_dir(impgraph_file_list *list, const char *dir, const struct stat *dir_st) {
  for (size_t i = 0; i < list->visiting.len; i++) {
    dir_id *id = ipg_vec_at(&list->visiting, i);
    if (id->dev == dir_st->st_dev && id->ino == dir_st->st_ino)
      return add_diagnostic(list, IMPGRAPH_SEVERITY_WARNING, "symlink-loop", dir,
                            "symbolic link loop: directory already being walked; skipped");
  }
  DIR *d = opendir(dir);
  if (!d)
    return add_diagnostic(list, IMPGRAPH_SEVERITY_WARNING, "unreadable", dir,
                          "cannot open directory: %s", strerror(errno));
  dir_id *id = ipg_vec_push(&list->visiting);
  if (!id) {
    closedir(d);
    return IMPGRAPH_ENOMEM;
  }
  id->dev = dir_st->st_dev;
  id->ino = dir_st->st_ino;

  ipg_vec names;
  ipg_vec_init(&names, sizeof(char *));
  int rc = IMPGRAPH_OK;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char **slot = ipg_vec_push(&names);
    if (!slot || !(*slot = strdup(e->d_name))) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
  }
  closedir(d);
  if (names.len)
    qsort(names.data, names.len, sizeof(char *), ipg_strcmp_ptr);
  for (size_t i = 0; i < names.len && !rc; i++) {
    const char *name = *(char **)ipg_vec_at(&names, i);
    char *path = join(dir, name);
    if (!path) {
      rc = IMPGRAPH_ENOMEM;
      break;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
      struct stat lst;
      bool dangling = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
      if (dangling || is_python_file(name))
        rc = add_diagnostic(list, IMPGRAPH_SEVERITY_WARNING, "unreadable", path, "%s",
                            dangling ? "broken symbolic link; skipped" : strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      bool skip = false;
      for (size_t k = 0; k < sizeof skipped_dirs / sizeof *skipped_dirs; k++)
        skip = skip || strcmp(name, skipped_dirs[k]) == 0;
      if (skip)
        ; /* tool and VCS directories: never sources */
      else if (is_virtualenv(path))
        rc = add_diagnostic(list, IMPGRAPH_SEVERITY_NOTE, "skipped", path,
                            "virtual environment (has pyvenv.cfg); skipped");
      else
        rc = walk_dir(list, path, &st);
    } else if (S_ISREG(st.st_mode) && is_python_file(name)) {
      rc = add_file(list, path);
    }
    free(path);
  }
  for (size_t i = 0; i < names.len; i++)
    free(*(char **)ipg_vec_at(&names, i));
  ipg_vec_free(&names);
  list->visiting.len--;
  return rc;
}

int impgraph_file_list_new(impgraph_file_list **out, const char *const *roots, size_t root_count,
                           impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || (!roots && root_count))
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_file_list_new: NULL argument");
  impgraph_file_list *list = calloc(1, sizeof *list);
  if (!list)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "impgraph_file_list_new: out of memory");
  ipg_arena_init(&list->arena);
  ipg_vec_init(&list->paths, sizeof(const char *));
  ipg_vec_init(&list->diagnostics, sizeof(impgraph_diagnostic));
  ipg_vec_init(&list->visiting, sizeof(dir_id));
  int rc = IMPGRAPH_OK;
  for (size_t i = 0; i < root_count && !rc; i++) {
    const char *root = roots[i];
    struct stat st;
    if (!root) {
      rc = IMPGRAPH_EINVAL;
    } else if (stat(root, &st) != 0) {
      rc = add_diagnostic(list, IMPGRAPH_SEVERITY_ERROR, "unreadable", root, "%s",
                          strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      rc = walk_dir(list, root, &st);
    } else {
      rc = add_file(list, root); /* a file named explicitly is taken as given */
    }
  }
  ipg_vec_free(&list->visiting);
  if (rc) {
    impgraph_file_list_free(list);
    return ipg_fail(err, rc, "impgraph_file_list_new: %s", impgraph_strerror(rc));
  }
  *out = list;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

void impgraph_file_list_free(impgraph_file_list *list) {
  if (!list)
    return;
  ipg_vec_free(&list->paths);
  ipg_vec_free(&list->diagnostics);
  ipg_vec_free(&list->visiting);
  ipg_arena_free(&list->arena);
  free(list);
}

size_t impgraph_file_list_count(const impgraph_file_list *list) {
  return list ? list->paths.len : 0;
}

const char *impgraph_file_list_path(const impgraph_file_list *list, size_t index) {
  return list && index < list->paths.len ? *(const char **)ipg_vec_at(&list->paths, index)
                                         : NULL;
}

size_t impgraph_file_list_diagnostic_count(const impgraph_file_list *list) {
  return list ? list->diagnostics.len : 0;
}

const impgraph_diagnostic *impgraph_file_list_diagnostic(const impgraph_file_list *list,
                                                         size_t index) {
  return list && index < list->diagnostics.len ? ipg_vec_at(&list->diagnostics, index) : NULL;
}
