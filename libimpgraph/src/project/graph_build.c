/* impgraph_graph_build(): the interpreter probe, source roots, entry points
 * and console scripts, handed to graph/'s builder. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project/project.h"

int impgraph_graph_options_init(impgraph_graph_options *opts, uint32_t version) {
  if (!opts)
    return IMPGRAPH_EINVAL;
  if (version != 1 && version != IMPGRAPH_GRAPH_OPTIONS_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_graph_options init = IMPGRAPH_GRAPH_OPTIONS_INIT;
  init.version = version;
  /* A version-1 struct ends where thread_start begins. */
  memcpy(opts, &init, version == 1 ? offsetof(impgraph_graph_options, thread_start) : sizeof init);
  return IMPGRAPH_OK;
}

/* Everything gathered for one build; strings in `arena`. */
typedef struct project {
  ipg_arena arena;
  ipg_vec roots;       /* ipg_graph_root */
  ipg_vec entries;     /* ipg_graph_entry_spec */
  ipg_vec script_dirs; /* const char *: directories of scripts outside packages */
  ipg_vec prefix;      /* const char *: the search prefix */
  ipg_vec first_party; /* const char *: top-level names (no roots only) */
  const ipg_probe *probe;
} project;

static void project_free(project *p) {
  ipg_vec_free(&p->roots);
  ipg_vec_free(&p->entries);
  ipg_vec_free(&p->script_dirs);
  ipg_vec_free(&p->prefix);
  ipg_vec_free(&p->first_party);
  ipg_arena_free(&p->arena);
}

static int push_str(ipg_vec *v, const char *s) {
  for (size_t i = 0; i < v->len; i++)
    if (strcmp(*(const char **)ipg_vec_at(v, i), s) == 0)
      return IMPGRAPH_OK;
  const char **slot = ipg_vec_push(v);
  if (!slot)
    return IMPGRAPH_ENOMEM;
  *slot = s;
  return IMPGRAPH_OK;
}

static ipg_graph_entry_spec *push_entry(project *p) {
  return ipg_vec_push(&p->entries);
}

static const char *dir_of(ipg_arena *arena, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return ipg_arena_strdup(arena, ".");
  if (slash == path)
    return ipg_arena_strdup(arena, "/");
  return ipg_arena_strndup(arena, path, (size_t)(slash - path));
}

static const char *stem_of(ipg_arena *arena, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  size_t len = strlen(base);
  if (len > 3 && strcmp(base + len - 3, ".py") == 0)
    len -= 3;
  return ipg_arena_strndup(arena, base, len);
}

static bool is_regular_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A script file as an entry: a module of a root when it lies inside one of
   its packages, else a script whose directory goes first on the path. */
static int script_entry(project *p, ipg_graph_entry_spec *e, const char *path) {
  for (size_t i = 0; i < p->roots.len; i++) {
    const ipg_graph_root *r = ipg_vec_at(&p->roots, i);
    const char *name = ipg_script_module(&p->arena, r->search_entry, path);
    if (name) {
      e->module = name;
      return IMPGRAPH_OK;
    }
  }
  const char *dir = dir_of(&p->arena, path);
  e->module = stem_of(&p->arena, path);
  e->script_path = ipg_arena_strdup(&p->arena, path);
  if (!dir || !e->module || !e->script_path)
    return IMPGRAPH_ENOMEM;
  return push_str(&p->script_dirs, dir);
}

static bool looks_like_path(const char *spec) {
  size_t len = strlen(spec);
  return strchr(spec, '/') || (len > 3 && strcmp(spec + len - 3, ".py") == 0);
}

static int explicit_entry(project *p, const char *spec, impgraph_error *err) {
  ipg_graph_entry_spec *e = push_entry(p);
  if (!e)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  e->spec = spec;
  if (looks_like_path(spec) && is_regular_file(spec))
    return script_entry(p, e, spec) ? ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory") : 0;
  if (strchr(spec, '/'))
    return ipg_fail(err, IMPGRAPH_ENOTFOUND, "entry '%s': no such script file", spec);
  ipg_split_entry_point(&p->arena, spec, &e->module, &e->function);
  if (!e->module || !ipg_is_dotted_identifier(e->module) || (strchr(spec, ':') && !e->function))
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "entry '%s': expected a module (pkg.mod), module:function or a script "
                    "path",
                    spec);
  return IMPGRAPH_OK;
}

/* A distribution may install a plain script (setup.py's `scripts=`, such
   as awscli's `aws`) instead of a console script: `name` beside the
   interpreter, starting with a `#!` line that names python. Fills `out`
   with its path. */
static bool python_script_beside(char *out, size_t size, const ipg_probe *probe,
                                 const char *name) {
  if (!probe || !probe->executable || strchr(name, '/'))
    return false;
  const char *slash = strrchr(probe->executable, '/');
  if (!slash)
    return false;
  int n = snprintf(out, size, "%.*s/%s", (int)(slash - probe->executable), probe->executable,
                   name);
  if (n < 0 || (size_t)n >= size || !is_regular_file(out))
    return false;
  FILE *f = fopen(out, "rb");
  if (!f)
    return false;
  char line[256];
  bool script = fgets(line, sizeof line, f) && strncmp(line, "#!", 2) == 0 &&
                strstr(line, "python") != NULL;
  fclose(f);
  return script;
}

static int console_script_entry(project *p, const char *name, impgraph_error *err) {
  const char *value = NULL, *where = NULL;
  if (ipg_console_script_find(&value, &where, &p->arena, p->roots.data, p->roots.len, p->probe,
                              name))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  if (!value) {
    char script[4096];
    if (python_script_beside(script, sizeof script, p->probe, name))
      return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                      "console script '%s' not found in the roots' pyproject.toml "
                      "[project.scripts] nor in any installed distribution's entry_points.txt; "
                      "%s is a Python script installed as a file: give its path as the entry",
                      name, script);
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "console script '%s' not found in the roots' pyproject.toml "
                    "[project.scripts] nor in any installed distribution's entry_points.txt",
                    name);
  }
  ipg_graph_entry_spec *e = push_entry(p);
  if (!e)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  e->spec = name;
  e->script = name;
  ipg_split_entry_point(&p->arena, value, &e->module, &e->function);
  if (!e->module || !ipg_is_dotted_identifier(e->module))
    return ipg_fail(err, IMPGRAPH_EINVAL, "console script '%s' in %s: cannot read '%s'", name,
                    where, value);
  return IMPGRAPH_OK;
}

/* With no entry given: every module of every root. */
static int default_entries(project *p, impgraph_error *err) {
  for (size_t i = 0; i < p->roots.len; i++) {
    const ipg_graph_root *r = ipg_vec_at(&p->roots, i);
    if (r->layout == IPG_LAYOUT_SCRIPT) {
      ipg_graph_entry_spec *e = push_entry(p);
      if (!e)
        return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
      e->spec = r->path;
      e->module = r->top_level[0];
      e->script_path = r->path;
      continue;
    }
    ipg_vec names;
    ipg_vec_init(&names, sizeof(const char *));
    int rc = ipg_root_modules(&names, &p->arena, r, err);
    for (size_t k = 0; !rc && k < names.len; k++) {
      ipg_graph_entry_spec *e = push_entry(p);
      if (!e) {
        rc = ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
        break;
      }
      e->spec = e->module = *(const char **)ipg_vec_at(&names, k);
      e->implicit = true;
    }
    ipg_vec_free(&names);
    if (rc)
      return rc;
  }
  return IMPGRAPH_OK;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Without roots, the packages under analysis are the entries' top-level
   packages: they count as first-party. */
static int entry_packages(project *p) {
  for (size_t i = 0; i < p->entries.len; i++) {
    const ipg_graph_entry_spec *e = ipg_vec_at(&p->entries, i);
    if (e->script_path)
      continue;
    const char *dot = strchr(e->module, '.');
    const char *top =
        dot ? ipg_arena_strndup(&p->arena, e->module, (size_t)(dot - e->module)) : e->module;
    if (!top || push_str(&p->first_party, top))
      return IMPGRAPH_ENOMEM;
  }
  if (p->first_party.len)
    qsort(p->first_party.data, p->first_party.len, sizeof(const char *), cmp_str);
  return IMPGRAPH_OK;
}

static int gather(project *p, const impgraph_graph_options *opts, impgraph_error *err) {
  for (size_t i = 0; i < opts->root_count; i++) {
    ipg_graph_root *r = ipg_vec_push(&p->roots);
    if (!r)
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
    int rc = ipg_root_detect(r, &p->arena, opts->roots[i], err);
    if (rc)
      return rc;
  }
  for (size_t i = 0; i < opts->entry_count; i++) {
    int rc = explicit_entry(p, opts->entries[i], err);
    if (rc)
      return rc;
  }
  for (size_t i = 0; i < opts->console_script_count; i++) {
    int rc = console_script_entry(p, opts->console_scripts[i], err);
    if (rc)
      return rc;
  }
  if (!p->entries.len) {
    int rc = default_entries(p, err);
    if (rc)
      return rc;
  }
  if (!p->entries.len) {
    if (!opts->root_count)
      return ipg_fail(err, IMPGRAPH_EINVAL,
                      "nothing to analyse: give a source root or an entry point");
    return ipg_fail(err, IMPGRAPH_ENOTFOUND,
                    "no Python packages or modules found in the source root%s (give --entry)",
                    opts->root_count == 1 ? "" : "s");
  }
  /* Script directories first (python puts a script's directory first on
     sys.path), then the roots, as an installed project would be. */
  for (size_t i = 0; i < p->script_dirs.len; i++)
    if (push_str(&p->prefix, *(const char **)ipg_vec_at(&p->script_dirs, i)))
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  for (size_t i = 0; i < p->roots.len; i++)
    if (push_str(&p->prefix, ((ipg_graph_root *)ipg_vec_at(&p->roots, i))->search_entry))
      return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  if (!p->roots.len && entry_packages(p))
    return ipg_fail(err, IMPGRAPH_ENOMEM, "out of memory");
  return IMPGRAPH_OK;
}

static unsigned default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1u : n > 256 ? 256u : (unsigned)n;
}

static int check_lists(const impgraph_graph_options *opts, impgraph_error *err) {
  struct {
    const char *const *items;
    size_t count;
    const char *what;
  } lists[] = {{opts->roots, opts->root_count, "roots"},
               {opts->entries, opts->entry_count, "entries"},
               {opts->console_scripts, opts->console_script_count, "console_scripts"}};
  for (size_t l = 0; l < 3; l++) {
    if (lists[l].count && !lists[l].items)
      return ipg_fail(err, IMPGRAPH_EINVAL, "graph options: %s is NULL", lists[l].what);
    for (size_t i = 0; i < lists[l].count; i++)
      if (!lists[l].items[i] || !*lists[l].items[i])
        return ipg_fail(err, IMPGRAPH_EINVAL, "graph options: %s[%zu] is empty", lists[l].what, i);
  }
  return IMPGRAPH_OK;
}

int ipg_project_build(impgraph_graph **out, ipg_probe *probe, const impgraph_graph_options *opts,
                      impgraph_error *err) {
  project p;
  memset(&p, 0, sizeof p);
  ipg_arena_init(&p.arena);
  ipg_vec_init(&p.roots, sizeof(ipg_graph_root));
  ipg_vec_init(&p.entries, sizeof(ipg_graph_entry_spec));
  ipg_vec_init(&p.script_dirs, sizeof(const char *));
  ipg_vec_init(&p.prefix, sizeof(const char *));
  ipg_vec_init(&p.first_party, sizeof(const char *));
  p.probe = probe;
  int rc = gather(&p, opts, err);
  if (rc) {
    ipg_probe_free(probe);
    project_free(&p);
    return rc;
  }
  ipg_graph_spec spec = {.probe = probe,
                         .search_prefix = p.prefix.data,
                         .search_prefix_count = p.prefix.len,
                         .first_party_names = p.first_party.data,
                         .first_party_name_count = p.first_party.len,
                         .roots = p.roots.data,
                         .root_count = p.roots.len,
                         .entries = p.entries.data,
                         .entry_count = p.entries.len,
                         .jobs = opts->jobs ? opts->jobs : default_jobs(),
                         .flags = opts->flags,
                         .scan = opts->scan,
                         .thread_start = opts->thread_start,
                         .thread_start_arg = opts->thread_start_arg};
  rc = ipg_graph_build(out, &spec, err);
  project_free(&p);
  return rc;
}

static int make_probe(ipg_probe **probe, const impgraph_graph_options *opts, impgraph_error *err) {
  if (opts->sys_path)
    return ipg_probe_static_spec(probe, opts->sys_path, opts->python_version, err);
  char venv_python[4096];
  const char *python = opts->python ? opts->python : ipg_default_python(venv_python, sizeof venv_python);
  ipg_probe_options po = {
      .timeout_ms =
          (unsigned)(opts->probe_timeout_ms > 0xFFFFFFFFu ? 0xFFFFFFFFu : opts->probe_timeout_ms),
      .cache_dir = opts->cache_dir,
      .no_cache = (opts->flags & IMPGRAPH_GRAPH_NO_PROBE_CACHE) != 0};
  return ipg_probe_run(probe, python, &po, err);
}

int impgraph_graph_build(impgraph_graph **out, const impgraph_graph_options *opts,
                         impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!out || !opts)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_graph_build: NULL argument");
  impgraph_graph_options upgraded;
  if (opts->version == 1) { /* no hook: copy what a version-1 struct has */
    impgraph_graph_options init = IMPGRAPH_GRAPH_OPTIONS_INIT;
    upgraded = init;
    memcpy(&upgraded, opts, offsetof(impgraph_graph_options, thread_start));
    upgraded.version = IMPGRAPH_GRAPH_OPTIONS_VERSION;
    opts = &upgraded;
  }
  if (opts->version != IMPGRAPH_GRAPH_OPTIONS_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION, "graph options version %u not supported",
                    (unsigned)opts->version);
  if (opts->sys_path && !opts->python_version)
    return ipg_fail(err, IMPGRAPH_EINVAL, "static mode (sys_path) needs python_version");
  if (opts->python_version && !opts->sys_path)
    return ipg_fail(err, IMPGRAPH_EINVAL, "python_version is only for static mode (sys_path)");
  if (opts->python && opts->sys_path)
    return ipg_fail(err, IMPGRAPH_EINVAL, "python and sys_path exclude each other");
  int rc = check_lists(opts, err);
  if (rc)
    return rc;
  if (!opts->root_count && !opts->entry_count && !opts->console_script_count)
    return ipg_fail(err, IMPGRAPH_EINVAL,
                    "nothing to analyse: give a source root or an entry point");
  ipg_probe *probe = NULL;
  if ((rc = make_probe(&probe, opts, err)))
    return rc;
  return ipg_project_build(out, probe, opts, err);
}
