/* api.editor — the editor API through impgraph.h only, with the real
 * python3 (the probe) on a copy of examples/taskcli (console script
 * taskcli) and a synthetic `-X importtime` profile:
 *  - impgraph_editor_diagnostics_new() on cli.py as saved: codes, severities,
 *    ranges (UTF-16 and bytes), costs, the suggestions' fixes;
 *  - a buffer whose lines moved (the suggestion follows, the fix is
 *    re-based), one whose import line changed (no fix), non-ASCII text
 *    before an import (UTF-16 columns), a byte order mark, CRLF and lone-CR
 *    line ends, a syntax error, imports the graph lacks;
 *  - impgraph_graph_update_file(): removing and adding imports changes the
 *    edges and the start-up set exactly as a rebuild from the edited file
 *    does; unknown imports become diagnostics; failures leave the graph
 *    unchanged; adding and removing a module-level call of a function
 *    makes its import CALLED and back (and the editor agrees).
 * The timing (update vs rebuild) is bench/editor_update.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "impgraph.h"

#include "graph_support.h"

#define EXAMPLE IMPGRAPH_SOURCE_DIR "/examples/taskcli"

/* Times chosen so that every saving is far from the thresholds. */
static const char LOG[] = "import time: self [us] | cumulative | imported package\n"
                          "import time:       200 |        200 |       enum\n"
                          "import time:       300 |        300 |       json\n"
                          "import time:       100 |        600 |     taskcli.model\n"
                          "import time:      2000 |       2000 |       csv\n"
                          "import time:      1000 |       1000 |       xml.etree.ElementTree\n"
                          "import time:       100 |        100 |       taskcli._cost\n"
                          "import time:     30000 |      33100 |     taskcli.export\n"
                          "import time:       100 |      33800 |   taskcli\n"
                          "import time:      1500 |       1500 |     argparse\n"
                          "import time:       100 |        100 |     getpass\n"
                          "import time:      5000 |       5000 |       statistics\n"
                          "import time:     40000 |      45000 |     taskcli.analytics\n"
                          "import time:      6000 |       6000 |       urllib.request\n"
                          "import time:     25000 |      31000 |     taskcli.sync\n"
                          "import time:       100 |        100 |       textwrap\n"
                          "import time:       100 |        200 |     taskcli.report\n"
                          "import time:       100 |        100 |     readline\n"
                          "import time:       200 |      79300 |   taskcli.cli\n";

typedef struct fixture {
  char dir[64];  /* a copy of examples/taskcli */
  char cli[128]; /* its src/taskcli/cli.py */
  char *text;    /* cli.py as saved */
  size_t len;
  impgraph_graph *graph; /* with the profile */
  impgraph_suggestions *suggestions;
  uint32_t build_flags; /* IMPGRAPH_GRAPH_* of build(), besides NO_PROBE_CACHE */
} fixture;

static fixture fx;

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc((size_t)size + 1);
  assert_non_null(data);
  assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
  data[size] = '\0';
  fclose(f);
  *len = (size_t)size;
  return data;
}

static void write_all(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
  fclose(f);
}

static impgraph_graph *build(const char *root) {
  static const char *const scripts[] = {"taskcli"};
  impgraph_graph_options opts;
  root_options(&opts, &root, NULL, 0);
  opts.console_scripts = scripts;
  opts.console_script_count = 1;
  opts.flags |= fx.build_flags;
  return build_or_fail(&opts);
}

static void attach_log(impgraph_graph *g) {
  const char *texts[] = {LOG};
  size_t lens[] = {sizeof LOG - 1};
  impgraph_profile *p = NULL;
  impgraph_error err;
  assert_int_equal(impgraph_profile_from_logs(&p, texts, lens, NULL, 1, &err), 0);
  assert_int_equal(impgraph_graph_attach_profile(g, p, &err), 0);
  impgraph_profile_free(p);
}

static int setup(void **state) {
  (void)state;
  strcpy(fx.dir, "/tmp/impgraph-editor-XXXXXX");
  if (!mkdtemp(fx.dir))
    return -1;
  char cmd[512];
  snprintf(cmd, sizeof cmd, "cp -r '%s/.' '%s/' && rm -rf '%s'/src/taskcli/__pycache__", EXAMPLE,
           fx.dir, fx.dir);
  if (system(cmd) != 0)
    return -1;
  snprintf(fx.cli, sizeof fx.cli, "%s/src/taskcli/cli.py", fx.dir);
  fx.text = read_all(fx.cli, &fx.len);
  fx.graph = build(fx.dir);
  attach_log(fx.graph);
  impgraph_suggest_options opts;
  impgraph_suggest_options_init(&opts, IMPGRAPH_SUGGEST_OPTIONS_VERSION);
  impgraph_error err;
  if (impgraph_suggest(&fx.suggestions, fx.graph, &opts, &err))
    return -1;
  return 0;
}

static int teardown(void **state) {
  (void)state;
  impgraph_suggestions_free(fx.suggestions);
  impgraph_graph_free(fx.graph);
  free(fx.text);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
  return system(cmd) == 0 ? 0 : -1;
}

static impgraph_editor_diagnostics *diagnose(const char *text, size_t len,
                                             const impgraph_editor_options *opts) {
  impgraph_editor_diagnostics *d = NULL;
  impgraph_error err;
  if (impgraph_editor_diagnostics_new(&d, fx.graph, fx.suggestions, fx.cli, text, len, opts, &err))
    fail_msg("impgraph_editor_diagnostics_new: %s", err.message);
  return d;
}

/* The diagnostic about imported module `module` (the n-th one). */
static const impgraph_editor_diagnostic *about(const impgraph_editor_diagnostics *d,
                                               const char *module, size_t nth) {
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(d); i++) {
    const impgraph_editor_diagnostic *x = impgraph_editor_diagnostics_get(d, i);
    if (x->module && strcmp(x->module, module) == 0 && nth-- == 0)
      return x;
  }
  return NULL;
}

static void assert_position(const impgraph_editor_position *p, uint32_t line, uint32_t utf16,
                            uint32_t byte_column) {
  assert_int_equal(p->line, line);
  assert_int_equal(p->utf16_column, utf16);
  assert_int_equal(p->byte_column, byte_column);
}

/* The buffer with a diagnostic's fix applied (edits from the last). */
static char *apply_fix(const char *text, const impgraph_editor_diagnostic *d) {
  char *out = strdup(text);
  for (size_t k = d->fix_count; k-- > 0;) {
    const impgraph_editor_edit *e = &d->fixes[k];
    size_t len = strlen(out), add = strlen(e->new_text);
    size_t start = e->range.start.byte_offset, end = e->range.end.byte_offset;
    assert_true(start <= end && end <= len);
    char *next = malloc(len - (end - start) + add + 1);
    memcpy(next, out, start);
    memcpy(next + start, e->new_text, add);
    memcpy(next + start + add, out + end, len - end + 1);
    free(out);
    out = next;
  }
  return out;
}

static void test_saved_file(void **state) {
  (void)state;
  impgraph_editor_diagnostics *d = diagnose(fx.text, fx.len, NULL);
  assert_string_equal(impgraph_editor_diagnostics_module(d), "taskcli.cli");
  assert_non_null(impgraph_editor_diagnostics_scan(d));
  /* In buffer order. */
  for (size_t i = 1; i < impgraph_editor_diagnostics_count(d); i++)
    assert_true(impgraph_editor_diagnostics_get(d, i - 1)->range.start.byte_offset <=
                impgraph_editor_diagnostics_get(d, i)->range.start.byte_offset);

  /* `from . import analytics, sync` (line 5): one diagnostic per module,
     each underlining its own name. */
  const impgraph_editor_diagnostic *a = about(d, "taskcli.analytics", 0);
  assert_non_null(a);
  assert_string_equal(a->code, "split-subcommands");
  assert_int_equal(a->severity,
                   IMPGRAPH_EDITOR_SEVERITY_WARNING); /* saves 45 ms with report.py's */
  assert_position(&a->range.start, 4, 14, 14);
  assert_position(&a->range.end, 4, 23, 23);
  assert_position(&a->statement.start, 4, 0, 0);
  assert_position(&a->statement.end, 4, 29, 29);
  assert_int_equal(a->kind, IMPGRAPH_EDGE_EAGER);
  assert_true(a->flags & IMPGRAPH_EDITOR_DIAG_STARTUP);
  assert_true(a->flags & IMPGRAPH_EDITOR_DIAG_MEASURED);
  assert_false(a->flags & (IMPGRAPH_EDITOR_DIAG_MOVED | IMPGRAPH_EDITOR_DIAG_FIX_STALE));
  assert_int_equal(a->self_us, 40000);
  assert_int_equal(a->cumulative_us, 45000);
  assert_true(a->savings_us >= 45000);
  assert_int_not_equal(a->suggestion, SIZE_MAX);
  const impgraph_suggestion *sug = impgraph_suggestions_get(fx.suggestions, a->suggestion);
  assert_string_equal(sug->import, "taskcli.analytics");
  assert_non_null(strstr(a->message, "saves 45.0 ms at start-up together with 1 other change"));
  assert_int_equal(a->fix_count, 2);
  assert_string_equal(a->fixes[0].new_text, "from . import sync");
  assert_position(&a->fixes[0].range.start, 4, 0, 0);
  assert_position(&a->fixes[0].range.end, 4, 29, 29);
  assert_string_equal(a->fixes[1].new_text, "    from . import analytics\n");
  assert_position(&a->fixes[1].range.start, 28, 0, 0); /* cmd_stats' first line */
  char *fixed = apply_fix(fx.text, a);
  assert_non_null(strstr(fixed, "from . import sync\n"));
  assert_non_null(strstr(fixed, "def cmd_stats(args):\n    from . import analytics\n"));
  free(fixed);

  const impgraph_editor_diagnostic *s = about(d, "taskcli.sync", 0);
  assert_non_null(s);
  assert_string_equal(s->code, "split-subcommands");
  assert_position(&s->range.start, 4, 25, 25);
  assert_position(&s->range.end, 4, 29, 29);

  /* Start-up imports without a suggestion: measured cost, severity by it. */
  const impgraph_editor_diagnostic *ap = about(d, "argparse", 0);
  assert_non_null(ap);
  assert_string_equal(ap->code, "startup-import");
  assert_int_equal(ap->severity, IMPGRAPH_EDITOR_SEVERITY_INFORMATION); /* 1.5 ms >= 1 ms */
  assert_int_equal(ap->self_us, 1500);
  assert_int_equal(ap->suggestion, SIZE_MAX);
  assert_int_equal(ap->fix_count, 0);
  assert_string_equal(ap->message, "argparse loads at start-up: 1.5 ms self, 1.5 ms cumulative "
                                   "(measured)");
  const impgraph_editor_diagnostic *sys = about(d, "sys", 0);
  assert_non_null(sys);
  assert_int_equal(sys->severity, IMPGRAPH_EDITOR_SEVERITY_HINT);
  assert_true(sys->flags & IMPGRAPH_EDITOR_DIAG_PRELOADED);
  assert_int_equal(sys->self_us, 0);
  impgraph_editor_diagnostics_free(d);

  /* Only warnings. */
  impgraph_editor_options opts;
  assert_int_equal(impgraph_editor_options_init(&opts, IMPGRAPH_EDITOR_OPTIONS_VERSION), 0);
  opts.min_severity = IMPGRAPH_EDITOR_SEVERITY_WARNING;
  d = diagnose(fx.text, fx.len, &opts);
  assert_true(impgraph_editor_diagnostics_count(d) >= 2);
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(d); i++)
    assert_int_equal(impgraph_editor_diagnostics_get(d, i)->severity,
                     IMPGRAPH_EDITOR_SEVERITY_WARNING);
  impgraph_editor_diagnostics_free(d);
}

static char *concat(const char *a, const char *b) {
  char *out = malloc(strlen(a) + strlen(b) + 1);
  strcpy(out, a);
  strcat(out, b);
  return out;
}

static char *replace_first(const char *text, const char *old, const char *new_text) {
  const char *at = strstr(text, old);
  assert_non_null(at);
  size_t head = (size_t)(at - text);
  char *out = malloc(strlen(text) - strlen(old) + strlen(new_text) + 1);
  memcpy(out, text, head);
  strcpy(out + head, new_text);
  strcat(out, at + strlen(old));
  return out;
}

static void test_moved_lines(void **state) {
  (void)state;
  /* Three lines added at the top, one removed in cmd_list: the suggestion
     follows its statement (3 lines down), the fix is re-based. */
  char *top = concat("# one\n# two\n# three\n", fx.text);
  char *buffer = replace_first(top, "    print(render(tasks.tasks))\n", "");
  impgraph_editor_diagnostics *d = diagnose(buffer, strlen(buffer), NULL);
  const impgraph_editor_diagnostic *a = about(d, "taskcli.analytics", 0);
  assert_non_null(a);
  assert_string_equal(a->code, "split-subcommands");
  assert_true(a->flags & IMPGRAPH_EDITOR_DIAG_MOVED);
  assert_false(a->flags & IMPGRAPH_EDITOR_DIAG_FIX_STALE);
  assert_position(&a->range.start, 7, 14, 14);
  assert_int_equal(a->fix_count, 2);
  assert_position(&a->fixes[0].range.start, 7, 0, 0);
  assert_position(&a->fixes[1].range.start, 30, 0, 0); /* 28 + 3 - 1 */
  char *fixed = apply_fix(buffer, a);
  assert_non_null(strstr(fixed, "# three\nimport argparse\n"));
  assert_non_null(strstr(fixed, "def cmd_stats(args):\n    from . import analytics\n"));
  free(fixed);
  impgraph_editor_diagnostics_free(d);
  free(buffer);

  /* The import line itself changed: the suggestion still applies (same
     modules and names), but its edits cannot be re-based. */
  buffer = replace_first(top, "from . import analytics, sync\n",
                         "from . import analytics, sync  # edited\n");
  d = diagnose(buffer, strlen(buffer), NULL);
  a = about(d, "taskcli.analytics", 0);
  assert_string_equal(a->code, "split-subcommands");
  assert_true(a->flags & IMPGRAPH_EDITOR_DIAG_FIX_STALE);
  assert_int_equal(a->fix_count, 0);
  impgraph_editor_diagnostics_free(d);
  free(buffer);

  /* Moved into cmd_stats by hand: done, no suggestion any more. */
  buffer = replace_first(fx.text, "from . import analytics, sync\n", "from . import sync\n");
  char *moved = replace_first(buffer, "def cmd_stats(args):\n",
                              "def cmd_stats(args):\n    from . import analytics\n");
  impgraph_editor_diagnostics *d2 = diagnose(moved, strlen(moved), NULL);
  a = about(d2, "taskcli.analytics", 0);
  assert_non_null(a);
  assert_string_equal(a->code, "deferred-import");
  assert_int_equal(a->kind, IMPGRAPH_EDGE_FUNCTION);
  assert_false(a->flags & IMPGRAPH_EDITOR_DIAG_STARTUP);
  assert_non_null(strstr(a->message, "inside cmd_stats()"));
  impgraph_editor_diagnostics_free(d2);
  free(moved);
  free(buffer);
  free(top);
}

static void test_columns(void **state) {
  (void)state;
  /* é (2 bytes, 1 unit), € (3 bytes, 1 unit), 😀 (4 bytes, 2 units). */
  const char *text = "s = \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"; import json\n"
                     "from . import sync\n";
  impgraph_editor_diagnostics *d = diagnose(text, strlen(text), NULL);
  const impgraph_editor_diagnostic *j = about(d, "json", 0);
  assert_non_null(j);
  assert_position(&j->range.start, 0, 19, 24);
  assert_position(&j->range.end, 0, 23, 28);
  assert_int_equal(j->range.start.byte_offset, 24);
  assert_position(&j->statement.start, 0, 12, 17);
  /* The suggestion for sync (line 5 in the report) follows to line 2, but
     the lines its edits touch are gone. */
  const impgraph_editor_diagnostic *s = about(d, "taskcli.sync", 0);
  assert_string_equal(s->code, "split-subcommands");
  assert_true(s->flags & IMPGRAPH_EDITOR_DIAG_MOVED);
  assert_true(s->flags & IMPGRAPH_EDITOR_DIAG_FIX_STALE);
  assert_int_equal(s->fix_count, 0);
  impgraph_editor_diagnostics_free(d);

  /* A byte order mark is not a column; offsets count it. */
  const char *bom = "\xEF\xBB\xBFimport json\n";
  d = diagnose(bom, strlen(bom), NULL);
  j = about(d, "json", 0);
  assert_position(&j->range.start, 0, 7, 7);
  assert_int_equal(j->range.start.byte_offset, 10);
  impgraph_editor_diagnostics_free(d);

  /* CRLF and a lone CR end lines as LSP counts them. */
  const char *crlf = "import argparse\r\nimport json\rimport enum\n";
  d = diagnose(crlf, strlen(crlf), NULL);
  assert_position(&about(d, "json", 0)->range.start, 1, 7, 7);
  assert_int_equal(about(d, "json", 0)->range.start.byte_offset, 24);
  assert_position(&about(d, "enum", 0)->range.start, 2, 7, 7);
  impgraph_editor_diagnostics_free(d);
}

static void test_broken_and_unknown(void **state) {
  (void)state;
  const char *text = "import argparse\n"
                     "def broken(:\n"
                     "    pass\n"
                     "from . import sync\n"
                     "import wave\n"
                     "import nosuchmodule_impgraph\n"
                     "def later():\n"
                     "    import json\n"
                     "__import__(name)\n"
                     "from .... import x\n";
  impgraph_editor_diagnostics *d = diagnose(text, strlen(text), NULL);
  assert_non_null(about(d, "argparse", 0));
  const impgraph_editor_diagnostic *s = about(d, "taskcli.sync", 0);
  assert_non_null(s);
  assert_int_equal(s->range.start.line, 3);
  const impgraph_editor_diagnostic *w = about(d, "wave", 0);
  assert_non_null(w);
  assert_string_equal(w->code, "not-in-graph");
  assert_int_equal(w->severity, IMPGRAPH_EDITOR_SEVERITY_HINT);
  assert_true(w->flags & IMPGRAPH_EDITOR_DIAG_NOT_IN_GRAPH);
  assert_int_equal(w->self_us, -1);
  assert_string_equal(about(d, "nosuchmodule_impgraph", 0)->code, "not-in-graph");
  const impgraph_editor_diagnostic *j = about(d, "json", 0);
  assert_string_equal(j->code, "deferred-import");
  assert_int_equal(j->kind, IMPGRAPH_EDGE_FUNCTION);
  assert_true(j->flags & IMPGRAPH_EDITOR_DIAG_MEASURED);
  bool dynamic = false, relative = false, syntax = false;
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(d); i++) {
    const impgraph_editor_diagnostic *x = impgraph_editor_diagnostics_get(d, i);
    dynamic = dynamic || strcmp(x->code, "dynamic-import") == 0;
    if (strcmp(x->code, "relative-import") == 0) {
      relative = true;
      assert_int_equal(x->severity, IMPGRAPH_EDITOR_SEVERITY_WARNING);
      assert_null(x->module);
    }
    syntax = syntax || strcmp(x->code, "syntax-error") == 0;
  }
  assert_true(dynamic);
  assert_true(relative);
  assert_false(syntax); /* scan diagnostics only when asked */
  impgraph_editor_diagnostics_free(d);

  impgraph_editor_options opts;
  impgraph_editor_options_init(&opts, IMPGRAPH_EDITOR_OPTIONS_VERSION);
  opts.flags = IMPGRAPH_EDITOR_SCAN_DIAGNOSTICS;
  d = diagnose(text, strlen(text), &opts);
  syntax = false;
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(d); i++) {
    const impgraph_editor_diagnostic *x = impgraph_editor_diagnostics_get(d, i);
    if (strcmp(x->code, "syntax-error") == 0) {
      syntax = true;
      assert_int_equal(x->severity, IMPGRAPH_EDITOR_SEVERITY_ERROR);
      assert_int_equal(x->range.start.line, 1);
      assert_int_equal(x->import_index, SIZE_MAX);
    }
  }
  assert_true(syntax);
  impgraph_editor_diagnostics_free(d);
}

static void test_errors(void **state) {
  (void)state;
  impgraph_editor_diagnostics *d = NULL;
  impgraph_error err;
  assert_int_equal(impgraph_editor_diagnostics_new(NULL, fx.graph, NULL, fx.cli, "", 0, NULL, &err),
                   IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_editor_diagnostics_new(&d, fx.graph, NULL, NULL, "", 0, NULL, &err),
                   IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_editor_diagnostics_new(&d, fx.graph, NULL, fx.cli, NULL, 3, NULL, &err),
                   IMPGRAPH_EINVAL);
  assert_int_equal(
      impgraph_editor_diagnostics_new(&d, fx.graph, NULL, "/nonexistent/x.py", "", 0, NULL, &err),
      IMPGRAPH_ENOTFOUND);
  assert_non_null(strstr(err.message, "/nonexistent/x.py"));
  assert_null(d);
  impgraph_editor_options opts;
  assert_int_equal(impgraph_editor_options_init(&opts, 99), IMPGRAPH_EVERSION);
  assert_int_equal(impgraph_editor_options_init(NULL, IMPGRAPH_EDITOR_OPTIONS_VERSION),
                   IMPGRAPH_EINVAL);
  impgraph_editor_options_init(&opts, IMPGRAPH_EDITOR_OPTIONS_VERSION);
  opts.version = 99;
  assert_int_equal(impgraph_editor_diagnostics_new(&d, fx.graph, NULL, fx.cli, "", 0, &opts, &err),
                   IMPGRAPH_EVERSION);
  /* By module name, an unsaved new path, no report, an empty buffer. */
  impgraph_editor_options_init(&opts, IMPGRAPH_EDITOR_OPTIONS_VERSION);
  opts.module = "taskcli.report";
  assert_int_equal(impgraph_editor_diagnostics_new(&d, fx.graph, NULL, "unsaved.py",
                                                   "import textwrap\n", 15, &opts, &err),
                   0);
  assert_string_equal(impgraph_editor_diagnostics_module(d), "taskcli.report");
  assert_int_equal(impgraph_editor_diagnostics_count(d), 1);
  assert_null(impgraph_editor_diagnostics_get(d, 1));
  impgraph_editor_diagnostics_free(d);
  assert_int_equal(impgraph_editor_diagnostics_new(&d, fx.graph, NULL, fx.cli, NULL, 0, NULL, &err),
                   0);
  assert_int_equal(impgraph_editor_diagnostics_count(d), 0);
  impgraph_editor_diagnostics_free(d);
  impgraph_editor_diagnostics_free(NULL);
  assert_int_equal(impgraph_editor_diagnostics_count(NULL), 0);
  /* The relative path of the same file finds the module (realpath). */
  char relative[256];
  snprintf(relative, sizeof relative, "%s/src/taskcli/../taskcli/cli.py", fx.dir);
  assert_int_equal(impgraph_editor_diagnostics_new(&d, fx.graph, NULL, relative, "", 0, NULL, &err),
                   0);
  assert_string_equal(impgraph_editor_diagnostics_module(d), "taskcli.cli");
  impgraph_editor_diagnostics_free(d);
}

/* ---- update ---- */

/* "from -> to kind line names" of every edge (or of those whose importer
   is in the start-up set), one per line. */
static char *edge_dump(const impgraph_graph *g, bool startup_only) {
  size_t cap = 1 << 16, len = 0;
  char *out = malloc(cap);
  out[0] = '\0';
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (e->kind == IMPGRAPH_EDGE_OBSERVED_ONLY ||
        (startup_only && !(impgraph_graph_module(g, e->from)->flags & IMPGRAPH_MODULE_IN_STARTUP)))
      continue;
    char line[512];
    int n = snprintf(line, sizeof line, "%s -> %s %d %u %s %u\n",
                     impgraph_graph_module(g, e->from)->name, impgraph_graph_module(g, e->to)->name,
                     (int)e->kind, e->line, e->names ? e->names : "-", e->call_line);
    if (i > 0) /* ids by importer */
      assert_true(impgraph_graph_edge(g, i - 1)->from <= e->from ||
                  impgraph_graph_edge(g, i - 1)->kind == IMPGRAPH_EDGE_OBSERVED_ONLY);
    while (len + (size_t)n + 1 > cap)
      out = realloc(out, cap *= 2);
    memcpy(out + len, line, (size_t)n + 1);
    len += (size_t)n;
  }
  return out;
}

static char *startup_dump(const impgraph_graph *g) {
  size_t *ids = NULL, count = 0;
  assert_int_equal(impgraph_graph_startup(&ids, &count, g, SIZE_MAX, NULL), 0);
  char *out = calloc(1, 1 << 16);
  for (size_t i = 0; i < count; i++) {
    strcat(out, impgraph_graph_module(g, ids[i])->name);
    strcat(out, "\n");
  }
  impgraph_free(ids);
  return out;
}

/* The update leaves the graph as a rebuild from the edited file does
   (edges, kinds, lines, start-up set). An update never removes modules, so
   after an import was removed only the start-up part is compared: the
   modules no longer reached stay in the updated graph. */
static void assert_same_text(const char *a, const char *b) {
  size_t line = 1, i = 0;
  for (; a[i] && a[i] == b[i]; i++)
    line += a[i] == '\n';
  if (a[i] || b[i]) {
    size_t start = i;
    while (start > 0 && a[start - 1] != '\n')
      start--;
    fail_msg("update and rebuild differ at line %zu:\n  update:  %.80s\n  rebuild: %.80s", line,
             a + start, b + start);
  }
}

static void assert_same_as_rebuild(const impgraph_graph *updated, bool startup_only) {
  impgraph_graph *rebuilt = build(fx.dir);
  char *a = edge_dump(updated, startup_only), *b = edge_dump(rebuilt, startup_only);
  assert_same_text(a, b);
  free(a);
  free(b);
  a = startup_dump(updated);
  b = startup_dump(rebuilt);
  assert_same_text(a, b);
  free(a);
  free(b);
  impgraph_graph_free(rebuilt);
}

static const impgraph_diagnostic *graph_diag(const impgraph_graph *g, const char *code) {
  for (size_t i = 0; i < impgraph_graph_diagnostic_count(g); i++)
    if (strcmp(impgraph_graph_diagnostic(g, i)->code, code) == 0)
      return impgraph_graph_diagnostic(g, i);
  return NULL;
}

static void test_update_file(void **state) {
  (void)state;
  impgraph_graph *g = build(fx.dir);
  attach_log(g);
  impgraph_error err;
  size_t edges_before = impgraph_graph_edge_count(g);
  assert_true(in_startup(g, "taskcli.sync"));
  assert_true(in_startup(g, "urllib.request"));
  assert_true(has_edge(g, "taskcli.cli", "taskcli.sync", ANY_EDGE_KIND));

  /* Remove sync (the only importer of taskcli.sync): it and what only it
     loads leave the start-up set. The file on disk stays as it is. */
  char *removed =
      replace_first(fx.text, "from . import analytics, sync\n", "from . import analytics\n");
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, removed, strlen(removed), &err), 0);
  assert_false(has_edge(g, "taskcli.cli", "taskcli.sync", ANY_EDGE_KIND));
  assert_true(has_edge(g, "taskcli.cli", "taskcli.analytics", ANY_EDGE_KIND));
  assert_false(in_startup(g, "taskcli.sync"));
  assert_false(in_startup(g, "urllib.request"));
  assert_true(in_startup(g, "taskcli.analytics"));
  assert_int_equal(impgraph_graph_edge_count(g), edges_before - 1);
  assert_int_equal(impgraph_graph_has_profile(g), 1);
  /* Observed flags follow the edges to their new ids. */
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (strcmp(impgraph_graph_module(g, e->from)->name, "taskcli.cli") == 0 &&
        strcmp(impgraph_graph_module(g, e->to)->name, "taskcli.analytics") == 0)
      assert_int_equal(impgraph_graph_edge_observed(g, i), 1);
  }
  /* why and the editor see the new graph. */
  size_t *chain = NULL, *lengths = NULL, chains = 0;
  assert_int_equal(impgraph_graph_why(&chain, &lengths, &chains, g, "taskcli.sync", 0, &err),
                   IMPGRAPH_ENOTFOUND);

  /* Same as a rebuild from that text. */
  write_all(fx.cli, removed);
  assert_same_as_rebuild(g, true);

  /* Add imports: csv (in the graph), wave (exists, not in the graph), one
     that does not exist; and sync back, inside a function. */
  char *added =
      replace_first(removed, "import sys\n",
                    "import sys\nimport csv\nimport wave\nimport nosuchmodule_impgraph\n");
  char *in_function = replace_first(added, "def cmd_sync(args):\n",
                                    "def cmd_sync(args):\n    from . import sync\n");
  write_all(fx.cli, in_function);
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, NULL, 0, &err), 0); /* from disk */
  assert_true(has_edge(g, "taskcli.cli", "csv", ANY_EDGE_KIND));
  assert_true(has_edge(g, "taskcli.cli", "taskcli.sync", ANY_EDGE_KIND));
  assert_false(in_startup(g, "taskcli.sync")); /* a FUNCTION edge */
  size_t id;
  assert_int_equal(impgraph_graph_find(g, "wave", &id), IMPGRAPH_ENOTFOUND);
  const impgraph_diagnostic *nig = graph_diag(g, "not-in-graph");
  assert_non_null(nig);
  assert_non_null(strstr(nig->message, "wave"));
  assert_int_equal(nig->line, 5);
  const impgraph_diagnostic *unres = graph_diag(g, "unresolved-import");
  assert_non_null(unres);
  assert_non_null(strstr(unres->message, "nosuchmodule_impgraph"));

  /* The editor agrees with the updated graph: sync is deferred now. */
  impgraph_editor_diagnostics *d = NULL;
  assert_int_equal(impgraph_editor_diagnostics_new(&d, g, NULL, fx.cli, in_function,
                                                   strlen(in_function), NULL, &err),
                   0);
  assert_string_equal(about(d, "taskcli.sync", 0)->code, "deferred-import");
  assert_string_equal(about(d, "csv", 0)->code, "startup-import");
  impgraph_editor_diagnostics_free(d);

  /* A dynamic import over a module-level loop's literal values: one edge
     per value (docs/formats/graph.md, "Values"), as a rebuild gives. */
  size_t edges_unlooped = impgraph_graph_edge_count(g);
  char *looped = replace_first(in_function, "import csv\n",
                               "import csv\nfor _name in (\"csv\", \"sys\"):\n"
                               "    __import__(_name)\n");
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, looped, strlen(looped), &err), 0);
  assert_int_equal(impgraph_graph_edge_count(g), edges_unlooped + 2);
  free(looped);
  /* Without the modules the graph lacks (an update adds none). */
  looped = replace_first(removed, "import sys\n",
                         "import sys\nfor _name in (\"csv\", \"sys\"):\n"
                         "    __import__(_name)\n");
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, looped, strlen(looped), &err), 0);
  assert_true(has_edge(g, "taskcli.cli", "csv", ANY_EDGE_KIND));
  write_all(fx.cli, looped);
  assert_same_as_rebuild(g, true);
  free(looped);

  /* Back to the saved file: the original graph again. */
  write_all(fx.cli, fx.text);
  assert_int_equal(impgraph_graph_update_file(g, NULL, "taskcli.cli", fx.text, fx.len, &err), 0);
  assert_true(in_startup(g, "taskcli.sync"));
  assert_int_equal(impgraph_graph_edge_count(g), edges_before);
  assert_null(graph_diag(g, "not-in-graph"));
  assert_same_as_rebuild(g, false);

  /* Failures change nothing. */
  char *before = edge_dump(g, false);
  assert_int_equal(impgraph_graph_update_file(g, "/nonexistent.py", NULL, "", 0, &err),
                   IMPGRAPH_ENOTFOUND);
  assert_int_equal(impgraph_graph_update_file(g, NULL, "sys", "", 0, &err), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_graph_update_file(g, NULL, NULL, "", 0, &err), IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_graph_update_file(NULL, fx.cli, NULL, "", 0, &err), IMPGRAPH_EINVAL);
  char *after = edge_dump(g, false);
  assert_string_equal(before, after);
  free(before);
  free(after);
  free(in_function);
  free(added);
  free(removed);
  impgraph_graph_free(g);
}

/* The edge of `from` -> `to`, or NULL. */
static const impgraph_edge *edge_of(const impgraph_graph *g, const char *from, const char *to) {
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *e = impgraph_graph_edge(g, i);
    if (strcmp(impgraph_graph_module(g, e->from)->name, from) == 0 &&
        strcmp(impgraph_graph_module(g, e->to)->name, to) == 0)
      return e;
  }
  return NULL;
}

/* A module-level call of a function whose import was FUNCTION makes it
   CALLED (and the module it imports loads at start-up); removing the call
   makes it FUNCTION again; both as a rebuild does. */
static void test_update_called(void **state) {
  (void)state;
  impgraph_error err;
  char *called = concat(fx.text, "\n\ndef _warm():\n    import mimetypes\n\n\n_warm()\n");
  uint32_t call_line = 1;
  for (const char *p = called; *p; p++)
    call_line += *p == '\n';
  call_line -= 1; /* the last line */

  /* mimetypes is in the graph (imported inside functions of urllib.request)
     but was not scanned: its imports stay unknown until a rebuild. */
  impgraph_graph *g = build(fx.dir);
  assert_false(in_startup(g, "mimetypes"));
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, called, strlen(called), &err), 0);
  assert_true(in_startup(g, "mimetypes"));
  const impgraph_diagnostic *note = graph_diag(g, "not-scanned");
  assert_non_null(note);
  assert_non_null(strstr(note->message, "mimetypes"));
  impgraph_graph_free(g);

  /* Every module scanned (IMPGRAPH_GRAPH_FULL): the update is a rebuild. */
  fx.build_flags = IMPGRAPH_GRAPH_FULL;
  g = build(fx.dir);
  assert_false(in_startup(g, "mimetypes"));
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, called, strlen(called), &err), 0);
  const impgraph_edge *e = edge_of(g, "taskcli.cli", "mimetypes");
  assert_non_null(e);
  assert_int_equal(e->kind, IMPGRAPH_EDGE_CALLED);
  assert_string_equal(impgraph_graph_module(g, e->call_module)->name, "taskcli.cli");
  assert_int_equal(e->call_line, call_line);
  assert_int_equal(e->call_column, 1);
  assert_true(in_startup(g, "mimetypes"));

  /* The editor agrees: the import in _warm() loads at start-up. */
  impgraph_editor_diagnostics *d = NULL;
  assert_int_equal(
      impgraph_editor_diagnostics_new(&d, g, NULL, fx.cli, called, strlen(called), NULL, &err), 0);
  const impgraph_editor_diagnostic *x = about(d, "mimetypes", 0);
  assert_non_null(x);
  assert_int_equal(x->kind, IMPGRAPH_EDGE_CALLED);
  assert_string_equal(x->code, "startup-import");
  assert_non_null(strstr(x->message, "inside _warm(), which runs at import time"));
  impgraph_editor_diagnostics_free(d);
  write_all(fx.cli, called);
  assert_same_as_rebuild(g, false);

  /* Without the call: FUNCTION again, and mimetypes leaves the start-up. */
  char *uncalled = concat(fx.text, "\n\ndef _warm():\n    import mimetypes\n");
  write_all(fx.cli, uncalled);
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, uncalled, strlen(uncalled), &err),
                   0);
  e = edge_of(g, "taskcli.cli", "mimetypes");
  assert_non_null(e);
  assert_int_equal(e->kind, IMPGRAPH_EDGE_FUNCTION);
  assert_false(in_startup(g, "mimetypes"));
  for (size_t i = 0; i < impgraph_graph_edge_count(g); i++) {
    const impgraph_edge *edge = impgraph_graph_edge(g, i);
    if (edge->kind != IMPGRAPH_EDGE_CALLED)
      assert_int_equal(edge->call_module, SIZE_MAX);
  }
  assert_same_as_rebuild(g, false);
  write_all(fx.cli, fx.text);
  fx.build_flags = 0;
  free(uncalled);
  free(called);
  impgraph_graph_free(g);
}

/* Imports of modules six serves (`from six.moves import queue` -> six.moves
   and queue, `import six.moves.queue`, a name six does not define -> the
   missing six.moves.NAME): an update of each file from disk leaves exactly
   the edges the build made. */
static void test_update_six(void **state) {
  (void)state;
  const char *dir = IMPGRAPH_SOURCE_DIR "/tests/data/six/vendor";
  const char *entries[] = {"fx_six_user", "fx_six_sub", "fx_six_missing", "fx_six_entry_missing"};
  impgraph_graph *g = build_root(dir, entries, sizeof entries / sizeof *entries);
  assert_true(has_edge(g, "fx_six_user", "_thread", IMPGRAPH_EDGE_EAGER));
  assert_true(has_edge(g, "fx_six_sub", "queue", IMPGRAPH_EDGE_EAGER));
  assert_true(has_edge(g, "fx_six_missing", "six.moves.no_such_move", IMPGRAPH_EDGE_EAGER));
  char *built = edge_dump(g, false);
  impgraph_error err;
  /* The editor (no resolver of its own) sees the same targets. */
  struct {
    const char *module, *target;
  } seen[] = {{"fx_six_sub", "queue"},
              {"fx_six_sub", "six.moves.queue"},
              {"fx_six_user", "_thread"},
              {"fx_six_missing", "six.moves.no_such_move"}};
  for (size_t i = 0; i < sizeof seen / sizeof *seen; i++) {
    char *path = concat(dir, "/");
    char *file = concat(path, seen[i].module);
    char *py = concat(file, ".py");
    size_t len = 0;
    char *text = read_all(py, &len);
    impgraph_editor_diagnostics *d = NULL;
    assert_int_equal(impgraph_editor_diagnostics_new(&d, g, NULL, py, text, len, NULL, &err), 0);
    if (!about(d, seen[i].target, 0))
      fail_msg("%s: no editor diagnostic for %s", seen[i].module, seen[i].target);
    impgraph_editor_diagnostics_free(d);
    free(text);
    free(py);
    free(file);
    free(path);
  }
  for (size_t i = 0; i < sizeof entries / sizeof *entries; i++)
    assert_int_equal(impgraph_graph_update_file(g, NULL, entries[i], NULL, 0, &err), 0);
  char *updated = edge_dump(g, false);
  assert_same_text(updated, built);
  free(built);
  free(updated);
  impgraph_graph_free(g);
}

/* Imports an earlier import that raises cuts off (tests/data/fails/fx_cut.py):
   the editor says they never run, the handler of the try whose body raised
   loads at start-up, and an update leaves the edges the build made. */
static void test_update_cut_off(void **state) {
  (void)state;
  const char *dir = IMPGRAPH_SOURCE_DIR "/tests/data/fails";
  const char *entries[] = {"fx_cut"};
  impgraph_graph *g = build_root(dir, entries, 1);
  assert_false(in_startup(g, "fx_cut_never1"));
  assert_true(in_startup(g, "fx_cut_fallback"));
  size_t len = 0;
  char *text = read_all(IMPGRAPH_SOURCE_DIR "/tests/data/fails/fx_cut.py", &len);
  impgraph_error err;
  impgraph_editor_diagnostics *d = NULL;
  assert_int_equal(
      impgraph_editor_diagnostics_new(
          &d, g, NULL, IMPGRAPH_SOURCE_DIR "/tests/data/fails/fx_cut.py", text, len, NULL, &err),
      0);
  const char *never[] = {"fx_cut_never1", "fx_cut_never2", "fx_cut_never3", "fx_cut_never4"};
  for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
    const impgraph_editor_diagnostic *x = about(d, never[i], 0);
    assert_non_null(x);
    assert_string_equal(x->code, "deferred-import");
    if (!strstr(x->message, "never runs: the import of fx_"))
      fail_msg("%s: %s", never[i], x->message);
  }
  assert_string_equal(about(d, "fx_cut_fallback", 0)->code, "startup-import");
  assert_string_equal(about(d, "fx_cut_reached", 0)->code, "startup-import");
  impgraph_editor_diagnostics_free(d);
  char *built = edge_dump(g, false);
  assert_int_equal(impgraph_graph_update_file(g, NULL, "fx_cut", text, len, &err), 0);
  char *updated = edge_dump(g, false);
  assert_same_text(updated, built);
  assert_false(in_startup(g, "fx_cut_never1"));
  free(built);
  free(updated);
  free(text);
  impgraph_graph_free(g);
}

/* A syntax error in the updated text: HAS_ERRORS, the diagnostics, and the
   imports that parse still give edges. */
static void test_update_broken(void **state) {
  (void)state;
  impgraph_graph *g = build(fx.dir);
  impgraph_error err;
  char *broken = replace_first(fx.text, "def cmd_add(args):\n", "def cmd_add(args:\n");
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, broken, strlen(broken), &err), 0);
  size_t id;
  assert_int_equal(impgraph_graph_find(g, "taskcli.cli", &id), 0);
  assert_true(impgraph_graph_module(g, id)->flags & IMPGRAPH_MODULE_HAS_ERRORS);
  assert_non_null(graph_diag(g, "syntax-error"));
  assert_true(has_edge(g, "taskcli.cli", "taskcli.sync", ANY_EDGE_KIND));
  assert_int_equal(impgraph_graph_update_file(g, fx.cli, NULL, fx.text, fx.len, &err), 0);
  assert_false(impgraph_graph_module(g, id)->flags & IMPGRAPH_MODULE_HAS_ERRORS);
  assert_null(graph_diag(g, "syntax-error"));
  free(broken);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_saved_file),    cmocka_unit_test(test_moved_lines),
      cmocka_unit_test(test_columns),       cmocka_unit_test(test_broken_and_unknown),
      cmocka_unit_test(test_errors),        cmocka_unit_test(test_update_file),
      cmocka_unit_test(test_update_broken), cmocka_unit_test(test_update_called),
      cmocka_unit_test(test_update_six),    cmocka_unit_test(test_update_cut_off),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
