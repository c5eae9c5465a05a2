/* project — what ties a run together: source roots, entry points, console
 * scripts, and the public entry points built on them (impgraph_graph_build).
 * May include every other module of the library. */
#ifndef IMPGRAPH_PROJECT_H
#define IMPGRAPH_PROJECT_H

#include "graph/graph.h"
#include "resolve/resolve.h"
#include "util/util.h"

/* ---- source roots (roots.c) ---- */

/* Detects the layout of one source root: a src-layout or flat-layout
   project directory, a package directory (its top-level package is found by
   walking up through __init__.py files) or a single script. Strings go into
   `arena`. Returns 0, IMPGRAPH_ENOTFOUND (no such path; err names it) or
   IMPGRAPH_ENOMEM. A root where nothing importable is found is not an error
   (top_level_count 0). */
int ipg_root_detect(ipg_graph_root *out, ipg_arena *arena, const char *path, impgraph_error *err);

/* Appends (const char *, in arena) the dotted name of every module under
   the root's top-level packages and modules, in sorted path order: the
   default entries. Names that are not identifiers are skipped. Returns 0
   or IMPGRAPH_ENOMEM. */
int ipg_root_modules(ipg_vec *names, ipg_arena *arena, const ipg_graph_root *root,
                     impgraph_error *err);

/* Whether `name` is a dotted Python identifier ("a.b_c"; non-ASCII letters
   accepted). */
bool ipg_is_dotted_identifier(const char *name);

/* The module name of a script file `path` when it lies inside a regular
   package (or directly) under search entry `entry`: "pkg.cli" for
   entry/pkg/cli.py with entry/pkg/__init__.py. NULL otherwise (or on
   ENOMEM). Compares real paths. In arena. */
const char *ipg_script_module(ipg_arena *arena, const char *entry, const char *path);

/* ---- entries and console scripts (entries.c) ---- */

/* Reads the value of console script `name` ("pkg.cli:main") from the
   `[project.scripts]` (or `[tool.poetry.scripts]`) table of the TOML text.
   Returns a new string in arena, or NULL when absent. */
const char *ipg_pyproject_script(ipg_arena *arena, const char *text, size_t len, const char *name);

/* The string value of `key` in `[table]` of the TOML text
   (`requires-python` in `project`), or NULL. In arena. */
const char *ipg_pyproject_string(ipg_arena *arena, const char *text, size_t len,
                                 const char *table, const char *key);

/* Reads the value of `name` in the [console_scripts] (or [gui_scripts])
   section of an entry_points.txt text. In arena, or NULL. */
const char *ipg_entry_points_script(ipg_arena *arena, const char *text, size_t len,
                                    const char *name);

/* Finds console script `name`: the roots' pyproject.toml first, then the
   entry_points.txt of every *.dist-info / *.egg-info in the directories of
   the probe's sys.path, in path order. *value is "module:attr" (extras
   dropped) and *where names the file it came from (both in arena), or
   NULL when not found. Returns 0 or IMPGRAPH_ENOMEM. */
int ipg_console_script_find(const char **value, const char **where, ipg_arena *arena,
                            const ipg_graph_root *roots, size_t root_count, const ipg_probe *probe,
                            const char *name);

/* Splits "module:attr [extra]" into module and function (either may come
   back NULL when malformed). In arena. */
void ipg_split_entry_point(ipg_arena *arena, const char *value, const char **module,
                           const char **function);

/* ---- the build (build.c) ---- */

/* impgraph_graph_build() with a probe made by the caller (tests use static
   and parsed probes). `probe` is taken over whatever happens; opts->python,
   sys_path, python_version, cache_dir and probe_timeout_ms are ignored. */
int ipg_project_build(impgraph_graph **out, ipg_probe *probe, const impgraph_graph_options *opts,
                      impgraph_error *err);

#endif
