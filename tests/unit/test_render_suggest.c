/* Unit tests of the suggestion report's renderers (render/suggest*.c): a
 * report is built by hand in the layout of suggest/report.h (no engine, no
 * graph) and rendered as text, Markdown, JSON and SARIF. JSON and SARIF are
 * parsed back with jansson and checked field by field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "render/suggest_render.h"
#include "suggest/report.h"

/* ---- building a report -------------------------------------------------------- */

static impgraph_suggestions *new_report(void) {
  impgraph_suggestions *s = calloc(1, sizeof *s);
  assert_non_null(s);
  ipg_suggestions_init(s);
  return s;
}

static const char *str(impgraph_suggestions *s, const char *text) {
  if (!text)
    return NULL;
  const char *copy = ipg_arena_strdup(&s->arena, text);
  assert_non_null(copy);
  return copy;
}

static const char *const *strs(impgraph_suggestions *s, const char *const *items, size_t count) {
  const char **arr = ipg_arena_alloc(&s->arena, (count ? count : 1) * sizeof *arr);
  assert_non_null(arr);
  for (size_t i = 0; i < count; i++)
    arr[i] = str(s, items[i]);
  return arr;
}

static void push_entry(impgraph_suggestions *s, const char *label, const char *subcommand,
                       int64_t now, int64_t after, size_t modules, size_t after_modules) {
  impgraph_report_entry *e = ipg_vec_push(&s->entries);
  assert_non_null(e);
  *e = (impgraph_report_entry){str(s, label), 0,       str(s, subcommand), now,
                               after,         modules, after_modules};
}

static impgraph_suggestion *push_suggestion(impgraph_suggestions *s, impgraph_suggestion_kind kind,
                                            const char *file, uint32_t line, const char *import,
                                            const char *names, size_t group, int64_t savings) {
  impgraph_suggestion *sg = ipg_vec_push(&s->suggestions);
  assert_non_null(sg);
  sg->kind = kind;
  sg->file = str(s, file);
  sg->line = line;
  sg->column = 1;
  sg->range = (impgraph_range){0, 0, line, 1, line, 1};
  sg->module = str(s, "taskcli.mod");
  sg->import = str(s, import);
  sg->names = str(s, names);
  sg->group = group;
  sg->savings_us = savings;
  sg->savings_alone_us = savings;
  sg->risk = IMPGRAPH_RISK_SAFE;
  sg->reason = str(s, "used only in functions");
  sg->action = str(s, "defer it");
  return sg;
}

static void push_group(impgraph_suggestions *s, const size_t *members, size_t count,
                       int64_t savings, const int64_t *entry_savings) {
  impgraph_suggestion_group *g = ipg_vec_push(&s->groups);
  assert_non_null(g);
  size_t *m = ipg_arena_alloc(&s->arena, (count ? count : 1) * sizeof *m);
  assert_non_null(m);
  memcpy(m, members, count * sizeof *m);
  g->members = m;
  g->member_count = count;
  g->savings_us = savings;
  if (entry_savings) {
    int64_t *e = ipg_arena_alloc(&s->arena, s->entries.len * sizeof *e);
    assert_non_null(e);
    memcpy(e, entry_savings, s->entries.len * sizeof *e);
    g->entry_savings_us = e;
  }
}

#define PANDAS_EDIT "def cmd_stats(args):\n    import pandas as pd\n"
#define GETATTR_EDIT "def __getattr__(name):\n    \"\"\"```not a fence```\"\"\"\n"

/* The report of a small CLI, "taskcli": 4 suggestions in 3 groups, one
   kept import, one diagnostic. */
static impgraph_suggestions *sample_report(bool measured) {
  impgraph_suggestions *s = new_report();
  impgraph_suggest_info *info = &s->info;
  info->measured = measured;
  info->profile_command = measured ? str(s, "python3 -X importtime -m taskcli --help") : NULL;
  info->startup_us = 97300;
  info->predicted_startup_us = 12100;
  info->min_major = 3, info->min_minor = 8;
  info->target_major = 3, info->target_minor = 11;
  info->versions_from = str(s, "requires-python >=3.8 (pyproject.toml)");
  info->mechanism = str(s, "move imports into functions: Python 3.8 has no lazy import");
  info->considered = 24;
  info->filtered = 1;

  push_entry(s, "taskcli --help", NULL, 97300, 12100, 88, 40);
  push_entry(s, "taskcli stats", "stats", 130000, 95500, 120, 101);

  impgraph_suggestion *a = push_suggestion(s, IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION, "taskcli/cli.py",
                                           3, "pandas", NULL, 0, 40100);
  a->range = (impgraph_range){40, 60, 3, 1, 3, 21};
  a->module = str(s, "taskcli.cli");
  static const char *const functions[] = {"cmd_stats", "cmd_export"};
  a->functions = strs(s, functions, 2);
  uint32_t *lines = ipg_arena_alloc(&s->arena, 2 * sizeof *lines);
  lines[0] = 29, lines[1] = 40;
  a->function_lines = lines;
  a->function_count = 2;
  a->reason = str(s, "used only in cmd_stats (line 29) and cmd_export (line 40)");
  a->action = str(s, "move `import pandas as pd` into cmd_stats and cmd_export");
  a->edit = str(s, PANDAS_EDIT);
  impgraph_text_edit *edits = ipg_arena_alloc(&s->arena, 2 * sizeof *edits);
  edits[0] = (impgraph_text_edit){str(s, "taskcli/cli.py"), {40, 60, 3, 1, 4, 1}, str(s, "")};
  edits[1] = (impgraph_text_edit){
      str(s, "taskcli/cli.py"), {300, 300, 29, 1, 29, 1}, str(s, "    import pandas as pd\n")};
  a->edits = edits;
  a->edit_count = 2;
  static const char *const dropped[] = {"pandas", "numpy",  "pytz",        "dateutil",
                                        "six",    "tzdata", "pandas.core", "numpy.linalg"};
  a->dropped = strs(s, dropped, 8);
  a->dropped_count = 8;

  impgraph_suggestion *b = push_suggestion(s, IMPGRAPH_SUGGEST_TYPE_CHECKING, "taskcli/models.py",
                                           5, "yaml", "Loader,Dumper", 1, 12000);
  b->savings_alone_us = 0;
  b->risk = IMPGRAPH_RISK_REVIEW;
  b->risk_reason = str(s, "yaml registers representers at import | check users");
  b->action = str(s, "import it under `if TYPE_CHECKING:`, then `a|b`");
  b->reason = str(s, "used only in annotations, a lone ` backtick");

  impgraph_suggestion *c = push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_GETATTR, "taskcli/__init__.py",
                                           2, "taskcli.heavy", NULL, 1, 12000);
  c->savings_alone_us = 0;
  c->edit = str(s, GETATTR_EDIT);

  push_suggestion(s, IMPGRAPH_SUGGEST_REMOVE_UNUSED, "taskcli/util.py", 1, "json", NULL, 2, 800);

  push_group(s, (size_t[]){0}, 1, 40100, (int64_t[]){40100, 12000});
  push_group(s, (size_t[]){1, 2}, 2, 12000, (int64_t[]){12000, 0});
  push_group(s, (size_t[]){3}, 1, 800, (int64_t[]){800, 800});

  impgraph_kept_import *k = ipg_vec_push(&s->kept);
  *k = (impgraph_kept_import){str(s, "taskcli/cli.py"),
                              1,
                              str(s, "taskcli.cli"),
                              str(s, "click"),
                              str(s, "needed at import time: used in a decorator at line 12"),
                              12};
  impgraph_diagnostic *d = ipg_vec_push(&s->diagnostics);
  *d = (impgraph_diagnostic){
      IMPGRAPH_SEVERITY_ERROR, str(s, "syntax-error"), str(s, "taskcli/broken.py"), 3, 5,
      str(s, "invalid syntax")};
  return s;
}

static char *render(const impgraph_suggestions *s, impgraph_format format, uint32_t flags,
                    uint32_t width) {
  impgraph_suggest_view view = IMPGRAPH_SUGGEST_VIEW_INIT;
  view.flags = flags;
  view.width = width;
  char *out = NULL;
  size_t len = 0;
  impgraph_error err;
  if (impgraph_render_suggestions(&out, &len, s, format, &view, &err) != 0)
    fail_msg("%s", err.message);
  assert_non_null(out);
  assert_int_equal(strlen(out), len);
  return out;
}

static json_t *parse(const char *text) {
  json_error_t error;
  json_t *root = json_loads(text, 0, &error);
  if (!root)
    fail_msg("not JSON: %s at line %d\n%s", error.text, error.line, text);
  return root;
}

#define assert_contains(haystack, needle)                                                          \
  do {                                                                                             \
    if (!strstr((haystack), (needle)))                                                             \
      fail_msg("expected \"%s\" in:\n%s", (needle), (haystack));                                   \
  } while (0)

#define assert_not_contains(haystack, needle)                                                      \
  do {                                                                                             \
    if (strstr((haystack), (needle)))                                                              \
      fail_msg("did not expect \"%s\" in:\n%s", (needle), (haystack));                             \
  } while (0)

static const char *get_str(json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_string(v))
    fail_msg("\"%s\" is not a string", key);
  return json_string_value(v);
}

static json_int_t get_int(json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_integer(v))
    fail_msg("\"%s\" is not an integer", key);
  return json_integer_value(v);
}

/* ---- API ------------------------------------------------------------------------- */

static void test_arguments(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  char *out = (char *)1;
  size_t len = 7;
  impgraph_error err;
  assert_int_equal(impgraph_render_suggestions(NULL, NULL, s, IMPGRAPH_FORMAT_TEXT, NULL, &err),
                   IMPGRAPH_EINVAL);
  assert_int_equal(impgraph_render_suggestions(&out, &len, NULL, IMPGRAPH_FORMAT_TEXT, NULL, &err),
                   IMPGRAPH_EINVAL);
  assert_null(out);
  assert_int_equal(len, 0);
  assert_non_null(strstr(err.message, "NULL"));
  assert_int_equal(impgraph_render_suggestions(&out, NULL, s, IMPGRAPH_FORMAT_DOT, NULL, &err),
                   IMPGRAPH_EFORMAT);
  assert_null(out);
  assert_int_equal(impgraph_render_suggestions(&out, NULL, s, (impgraph_format)42, NULL, NULL),
                   IMPGRAPH_EFORMAT);
  impgraph_suggest_view view = IMPGRAPH_SUGGEST_VIEW_INIT;
  view.version = 99;
  assert_int_equal(impgraph_render_suggestions(&out, NULL, s, IMPGRAPH_FORMAT_TEXT, &view, &err),
                   IMPGRAPH_EVERSION);
  assert_null(out);
  /* NULL view: the defaults. out_len may be NULL. */
  assert_int_equal(impgraph_render_suggestions(&out, NULL, s, IMPGRAPH_FORMAT_TEXT, NULL, &err), 0);
  assert_non_null(out);
  assert_int_equal(err.code, 0);
  impgraph_free(out);
  impgraph_suggestions_free(s);
}

static void test_empty_report(void **state) {
  (void)state;
  impgraph_suggestions *s = new_report();
  char *text = render(s, IMPGRAPH_FORMAT_TEXT, IMPGRAPH_SUGGEST_VIEW_VERBOSE, 80);
  assert_contains(text, "ESTIMATES");
  assert_contains(text, "No import to defer.");
  assert_contains(text, "0 import sites considered: 0 suggestions in 0 groups, 0 kept");
  assert_not_contains(text, "diagnostics");
  impgraph_free(text);

  char *md = render(s, IMPGRAPH_FORMAT_MARKDOWN, IMPGRAPH_SUGGEST_VIEW_VERBOSE, 0);
  assert_contains(md, "No import to defer.");
  assert_not_contains(md, "| # | saving");
  assert_not_contains(md, "<details>");
  impgraph_free(md);

  char *js = render(s, IMPGRAPH_FORMAT_JSON, 0, 0);
  json_t *root = parse(js);
  assert_int_equal(json_array_size(json_object_get(root, "suggestions")), 0);
  assert_true(json_is_false(json_object_get(root, "measured")));
  assert_true(json_is_null(json_object_get(root, "profile_command")));
  assert_true(json_is_null(json_object_get(json_object_get(root, "python"), "target")));
  json_decref(root);
  impgraph_free(js);

  char *sarif = render(s, IMPGRAPH_FORMAT_SARIF, 0, 0);
  root = parse(sarif);
  json_t *run = json_array_get(json_object_get(root, "runs"), 0);
  assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
  json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
  assert_int_equal(json_array_size(json_object_get(driver, "rules")), 0);
  json_decref(root);
  impgraph_free(sarif);
  impgraph_suggestions_free(s);
}

static void test_duration(void **state) {
  (void)state;
  char buf[IPG_DURATION_SIZE];
  ipg_format_duration(buf, 850);
  assert_string_equal(buf, "850 \xc2\xb5s");
  ipg_format_duration(buf, 0);
  assert_string_equal(buf, "0 \xc2\xb5s");
  ipg_format_duration(buf, 999);
  assert_string_equal(buf, "999 \xc2\xb5s");
  ipg_format_duration(buf, 1000);
  assert_string_equal(buf, "1.0 ms");
  ipg_format_duration(buf, 12345);
  assert_string_equal(buf, "12.3 ms");
  ipg_format_duration(buf, -85200);
  assert_string_equal(buf, "-85.2 ms");
  ipg_format_duration(buf, -5);
  assert_string_equal(buf, "-5 \xc2\xb5s");
  ipg_format_duration(buf, INT64_MIN); /* no overflow */
  assert_true(buf[0] == '-');
}

static void test_order(void **state) {
  (void)state;
  impgraph_suggestions *s = new_report();
  /* Ranked suggestions 0..4: blocks come in the order of their first
     member (group 1 first), members in rank order whatever the group's own
     list says; suggestion 3 names no valid group and is a block of its own;
     group 2 is named by no suggestion and is left out. */
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "a.py", 1, "x", NULL, 1, 300);
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "b.py", 1, "y", NULL, 0, 200);
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "c.py", 1, "z", NULL, 1, 300);
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "d.py", 1, "w", NULL, 7, 100);
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "e.py", 1, "v", NULL, 1, 300);
  push_group(s, (size_t[]){1}, 1, 200, NULL);
  push_group(s, (size_t[]){4, 2, 0}, 3, 300, NULL);
  push_group(s, (size_t[]){0}, 0, 0, NULL);
  ipg_suggest_order order;
  assert_int_equal(ipg_suggest_order_build(&order, s), 0);
  assert_int_equal(order.count, 3);
  assert_int_equal(order.blocks[0].group_index, 1);
  assert_int_equal(order.blocks[0].savings_us, 300);
  assert_int_equal(order.blocks[0].member_count, 3);
  assert_int_equal(order.blocks[0].members[0], 0);
  assert_int_equal(order.blocks[0].members[1], 2);
  assert_int_equal(order.blocks[0].members[2], 4);
  assert_int_equal(order.blocks[1].group_index, 0);
  assert_int_equal(order.blocks[1].member_count, 1);
  assert_int_equal(order.blocks[1].members[0], 1);
  assert_null(order.blocks[2].group);
  assert_int_equal(order.blocks[2].group_index, SIZE_MAX);
  assert_int_equal(order.blocks[2].member_count, 1);
  assert_int_equal(order.blocks[2].members[0], 3);
  assert_int_equal(order.blocks[2].savings_us, 100);
  ipg_suggest_order_free(&order);

  /* Every suggestion is shown once, lone ones included. */
  char *text = render(s, IMPGRAPH_FORMAT_TEXT, 0, 0);
  assert_contains(text, "#1  saves 300 \xc2\xb5s\n  3 changes, saving only together:\n"
                        "  a.py:1  lazy-import  x\n");
  assert_contains(text, "#3  saves 100 \xc2\xb5s\n  d.py:1  lazy-import  w\n");
  assert_not_contains(text, "#4");
  impgraph_free(text);
  impgraph_suggestions_free(s);
}

/* ---- text ---------------------------------------------------------------------- */

static void test_text_measured(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  char *text = render(s, IMPGRAPH_FORMAT_TEXT, 0, 0);
  assert_true(strncmp(text, "impgraph suggest: measured: python3 -X importtime -m taskcli --help\n",
                      68) == 0);
  assert_not_contains(text, "ESTIMATES");
  assert_contains(text, "Python: target 3.11, oldest supported 3.8 (from requires-python >=3.8 "
                        "(pyproject.toml))\n");
  assert_contains(text, "mechanism: move imports into functions: Python 3.8 has no lazy import\n");
  /* Entries aligned, deltas and module counts. */
  assert_contains(text,
                  "  taskcli --help   97.3 ms \xe2\x86\x92 12.1 ms  (-85.2 ms, 88 \xe2\x86\x92 "
                  "40 modules)\n");
  assert_contains(text,
                  "  taskcli stats   130.0 ms \xe2\x86\x92 95.5 ms  (-34.5 ms, 120 \xe2\x86\x92 "
                  "101 modules)\n");
  assert_contains(text, "  all entries      97.3 ms \xe2\x86\x92 12.1 ms  (-85.2 ms)\n");
  /* Groups ranked, per-entry savings without the zeros. */
  assert_contains(text, "#1  saves 40.1 ms  [taskcli --help 40.1 ms, taskcli stats 12.0 ms]\n");
  assert_contains(text, "#2  saves 12.0 ms  [taskcli --help 12.0 ms]\n"
                        "  2 changes, saving only together:\n");
  assert_contains(text, "#3  saves 800 \xc2\xb5s  [taskcli --help 800 \xc2\xb5s, taskcli stats "
                        "800 \xc2\xb5s]\n");
  assert_true(strstr(text, "#1 ") < strstr(text, "#2 "));
  assert_true(strstr(text, "#2 ") < strstr(text, "#3 "));
  /* Members. */
  assert_contains(text, "  taskcli/cli.py:3  move-into-function  pandas\n"
                        "    do: move `import pandas as pd` into cmd_stats and cmd_export\n"
                        "    why: used only in cmd_stats (line 29) and cmd_export (line 40)\n"
                        "    functions: cmd_stats (line 29), cmd_export (line 40)\n"
                        "    drops 8 modules: pandas, numpy, pytz, dateutil, six and 3 more\n"
                        "    edit:\n"
                        "      def cmd_stats(args):\n"
                        "          import pandas as pd\n");
  assert_contains(text, "  taskcli/models.py:5  type-checking  yaml [Loader, Dumper]\n");
  assert_contains(text, "    risk: review \xe2\x80\x94 yaml registers representers at import | "
                        "check users\n");
  assert_contains(text, "    alone: saves 0 \xc2\xb5s\n");
  /* Safe suggestions have no risk line; a single-member group no "alone". */
  const char *unused = strstr(text, "taskcli/util.py:1  remove-unused  json\n");
  assert_non_null(unused);
  assert_null(strstr(unused, "risk:"));
  assert_null(strstr(unused, "alone:"));
  /* Footer. */
  assert_contains(text, "24 import sites considered: 4 suggestions in 3 groups, 1 filtered out "
                        "(minimum saving, top), 1 kept (the verbose view lists them)\n");
  assert_contains(text, "diagnostics: 1\n  taskcli/broken.py:3:5: error: invalid syntax "
                        "[syntax-error]\n");
  assert_not_contains(text, "Kept (");
  assert_not_contains(text, "\033");
  impgraph_free(text);
  impgraph_suggestions_free(s);
}

/* A lone suggestion that saves less applied alone (part of what it drops
   is also imported through another suggested import) says so. */
static void test_lone_suggestion_alone(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  impgraph_suggestion *a = ipg_vec_at(&s->suggestions, 0);
  assert_string_equal(a->import, "pandas");
  a->savings_alone_us = 30000;
  char *text = render(s, IMPGRAPH_FORMAT_TEXT, 0, 0);
  assert_contains(text, "    why: used only in cmd_stats (line 29) and cmd_export (line 40)\n"
                        "    alone: saves 30.0 ms (the rest once the other suggestions are "
                        "applied)\n");
  assert_null(strstr(strstr(text, "remove-unused  json"), "alone:"));
  impgraph_free(text);
  char *md = render(s, IMPGRAPH_FORMAT_MARKDOWN, 0, 0);
  assert_contains(md, "| 1 | **40.1 ms**; alone 30.0 ms | `taskcli/cli.py:3` |");
  impgraph_free(md);
  impgraph_suggestions_free(s);
}

static void test_text_estimated(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(false);
  char *text = render(s, IMPGRAPH_FORMAT_TEXT, 0, 0);
  assert_contains(text, "impgraph suggest: ESTIMATES \xe2\x80\x94 times estimated from module "
                        "sizes \xe2\x80\x94 run with a profile for measured times\n");
  assert_not_contains(text, "measured:");
  impgraph_free(text);
  impgraph_suggestions_free(s);
}

static void test_text_color(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(false);
  char *plain = render(s, IMPGRAPH_FORMAT_TEXT, 0, 0);
  assert_not_contains(plain, "\033[");
  char *color = render(s, IMPGRAPH_FORMAT_TEXT, IMPGRAPH_SUGGEST_VIEW_COLOR, 0);
  assert_contains(color, "#1  saves \033[1m40.1 ms\033[0m");
  assert_contains(color, "\033[33mreview");
  assert_contains(color, "\033[1m\033[33mESTIMATES\033[0m");
  /* The colours are the only difference. */
  ipg_buf stripped;
  ipg_buf_init(&stripped);
  for (const char *p = color; *p;) {
    if (*p == '\033') {
      p += strcspn(p, "m") + 1;
      continue;
    }
    ipg_buf_putc(&stripped, *p++);
  }
  assert_string_equal(stripped.data, plain);
  ipg_buf_free(&stripped);
  impgraph_free(plain);
  impgraph_free(color);
  impgraph_suggestions_free(s);
}

static void test_text_verbose(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  char *text = render(s, IMPGRAPH_FORMAT_TEXT, IMPGRAPH_SUGGEST_VIEW_VERBOSE, 0);
  assert_contains(text, "\nKept (1 import stays as it is)\n"
                        "  taskcli/cli.py:1 click \xe2\x80\x94 needed at import time: used in a "
                        "decorator at line 12\n");
  assert_contains(text, ", 1 kept\n");
  assert_not_contains(text, "verbose view lists");
  impgraph_free(text);
  impgraph_suggestions_free(s);
}

static size_t line_columns(const char *line, size_t len) {
  size_t count = 0;
  for (size_t i = 0; i < len; i++)
    count += ((unsigned char)line[i] & 0xC0) != 0x80;
  return count;
}

static void test_text_width(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  impgraph_suggestion *sg = ipg_vec_at(&s->suggestions, 3);
  sg->file = str(s, "taskcli/very/deeply/nested/package/with/a/long/path/util.py");
  sg->reason = str(s, "the import binds names that are never used anywhere in this module or "
                      "in the modules that import it");
  char *wide = render(s, IMPGRAPH_FORMAT_TEXT, 0, 0);
  assert_contains(wide, "  taskcli/very/deeply/nested/package/with/a/long/path/util.py:1  "
                        "remove-unused  json\n");
  impgraph_free(wide);

  char *text = render(s, IMPGRAPH_FORMAT_TEXT, 0, 60);
  /* The path keeps its end; prose wraps under its label. */
  assert_contains(text, "  ...package/with/a/long/path/util.py:1  remove-unused  json\n");
  assert_contains(text, "    why: the import binds names that are never used anywhere\n"
                        "         in this module or in the modules that import it\n");
  /* Every line fits but generated code, the entry rows (they keep their
     numbers) and diagnostics (one line each, for editors and grep). */
  const char *line = text;
  bool in_edit = false;
  const char *diagnostics = strstr(text, "\ndiagnostics: ");
  assert_non_null(diagnostics);
  while (*line && line < diagnostics) {
    size_t n = strcspn(line, "\n");
    if (strncmp(line, "    edit:", 9) == 0)
      in_edit = true;
    else if (strncmp(line, "      ", 6) != 0)
      in_edit = false;
    bool entry_row = strstr(line, " modules)") && strstr(line, " modules)") < line + n;
    if (!in_edit && !entry_row && line_columns(line, n) > 60)
      fail_msg("line longer than 60 columns: %.*s", (int)n, line);
    line += n + (line[n] == '\n');
  }
  impgraph_free(text);
  impgraph_suggestions_free(s);
}

/* ---- Markdown -------------------------------------------------------------------- */

static void test_markdown(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  char *md = render(s, IMPGRAPH_FORMAT_MARKDOWN, 0, 0);
  assert_contains(md, "## impgraph: start-up import suggestions\n\n");
  assert_contains(md, "Times are **measured**: `python3 -X importtime -m taskcli --help`.\n");
  assert_not_contains(md, "Estimates");
  assert_contains(md, "| entry | now | after | saved |\n|---|---:|---:|---:|\n"
                      "| `taskcli --help` | 97.3 ms (88 modules) | 12.1 ms (40 modules) | "
                      "**85.2 ms** |\n");
  assert_contains(md, "| # | saving | file:line | rule | import | what to do | risk |\n"
                      "|---:|---:|---|---|---|---|---|\n"
                      "| 1 | **40.1 ms** | `taskcli/cli.py:3` | move-into-function | `pandas` | "
                      "move `import pandas as pd` into cmd\\_stats and cmd\\_export | safe |\n");
  /* Group 2 saves only as a whole: each member says what it saves alone;
     the second member leaves the group's saving out. */
  assert_contains(md, "| 2 | **12.0 ms** (2 changes together); alone 0 \xc2\xb5s | "
                      "`taskcli/models.py:5` | "
                      "type-checking | `yaml` (`Loader, Dumper`) | import it under "
                      "`if TYPE_CHECKING:`, then `a\\|b` | **review**: yaml registers "
                      "representers at import \\| check users |\n");
  assert_contains(md, "| 2 | alone 0 \xc2\xb5s | `taskcli/__init__.py:2` | lazy-getattr | "
                      "`taskcli.heavy` |");
  /* Generated code: a fence longer than the backticks inside. */
  assert_contains(md, "<details>\n<summary>#1 taskcli/cli.py:3 \xe2\x80\x94 move-into-function: "
                      "pandas</summary>\n\n```python\n" PANDAS_EDIT "```\n\n</details>\n");
  assert_contains(md, "````python\n" GETATTR_EDIT "````\n");
  assert_contains(md, "<summary>Diagnostics (1)</summary>\n\n- `taskcli/broken.py:3:5` error: "
                      "invalid syntax [syntax-error]\n");
  assert_not_contains(md, "Kept imports");
  impgraph_free(md);

  char *verbose = render(s, IMPGRAPH_FORMAT_MARKDOWN, IMPGRAPH_SUGGEST_VIEW_VERBOSE, 0);
  assert_contains(verbose, "<summary>Kept imports (1)</summary>\n\n"
                           "| file:line | import | why it stays |\n|---|---|---|\n"
                           "| `taskcli/cli.py:1` | `click` | needed at import time: used in a "
                           "decorator at line 12 |\n");
  impgraph_free(verbose);

  char *estimated;
  s->info.measured = 0;
  estimated = render(s, IMPGRAPH_FORMAT_MARKDOWN, 0, 0);
  assert_contains(estimated, "> **Estimates**: times are estimated from module sizes");
  assert_not_contains(estimated, "**measured**");
  impgraph_free(estimated);
  impgraph_suggestions_free(s);
}

static void test_markdown_escaping(void **state) {
  (void)state;
  impgraph_suggestions *s = new_report();
  impgraph_suggestion *sg =
      push_suggestion(s, IMPGRAPH_SUGGEST_REMOVE_UNUSED, "odd|dir/`m`.py", 7, "m", NULL, 0, 5000);
  sg->action = str(s, "a lone ` backtick, *stars*, <tags> & [links]");
  sg->risk = IMPGRAPH_RISK_REVIEW;
  sg->risk_reason = str(s, "``double `tick` span`` | pipe");
  push_group(s, (size_t[]){0}, 1, 5000, NULL);
  char *md = render(s, IMPGRAPH_FORMAT_MARKDOWN, 0, 0);
  /* A value with backticks gets a longer fence, padded; its pipe is \|. */
  assert_contains(md, "| ``odd\\|dir/`m`.py:7`` |");
  /* Prose: a lone backtick and markup characters are escaped. */
  assert_contains(md, "| a lone \\` backtick, \\*stars\\*, \\<tags\\> \\& \\[links\\] |");
  /* A balanced span stays code; the pipe outside it is escaped too. */
  assert_contains(md, "| **review**: ``double `tick` span`` \\| pipe |");
  impgraph_free(md);
  impgraph_suggestions_free(s);
}

/* ---- JSON ----------------------------------------------------------------------- */

static void test_json(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  char *js = render(s, IMPGRAPH_FORMAT_JSON, 0, 0);
  assert_contains(js, "{\n  \"schema\": \"impgraph-suggestions\",\n"); /* pretty-printed */
  json_t *root = parse(js);
  assert_string_equal(get_str(root, "schema"), "impgraph-suggestions");
  assert_int_equal(get_int(root, "schema_version"), IMPGRAPH_SUGGEST_SCHEMA_VERSION);
  assert_true(json_is_true(json_object_get(root, "measured")));
  assert_string_equal(get_str(root, "profile_command"), "python3 -X importtime -m taskcli --help");
  json_t *python = json_object_get(root, "python");
  assert_string_equal(get_str(python, "target"), "3.11");
  assert_string_equal(get_str(python, "min"), "3.8");
  assert_string_equal(get_str(python, "from"), "requires-python >=3.8 (pyproject.toml)");
  assert_non_null(strstr(get_str(python, "mechanism"), "no lazy import"));
  assert_int_equal(get_int(root, "startup_us"), 97300);
  assert_int_equal(get_int(root, "predicted_startup_us"), 12100);

  json_t *entries = json_object_get(root, "entries");
  assert_int_equal(json_array_size(entries), 2);
  json_t *e = json_array_get(entries, 1);
  assert_string_equal(get_str(e, "label"), "taskcli stats");
  assert_int_equal(get_int(e, "entry"), 0);
  assert_string_equal(get_str(e, "subcommand"), "stats");
  assert_true(json_is_null(json_object_get(json_array_get(entries, 0), "subcommand")));
  assert_int_equal(get_int(e, "startup_us"), 130000);
  assert_int_equal(get_int(e, "predicted_startup_us"), 95500);
  assert_int_equal(get_int(e, "module_count"), 120);
  assert_int_equal(get_int(e, "predicted_module_count"), 101);

  json_t *suggestions = json_object_get(root, "suggestions");
  assert_int_equal(json_array_size(suggestions), 4);
  json_t *a = json_array_get(suggestions, 0);
  /* The contract's names. */
  static const char *const contract[] = {"kind",  "file",      "line", "import", "savings_us",
                                         "group", "functions", "risk", "reason", "edit"};
  for (size_t i = 0; i < sizeof contract / sizeof contract[0]; i++)
    if (!json_object_get(a, contract[i]))
      fail_msg("suggestion has no \"%s\"", contract[i]);
  assert_int_equal(get_int(a, "id"), 0);
  assert_string_equal(get_str(a, "kind"), "move-into-function");
  assert_string_equal(get_str(a, "file"), "taskcli/cli.py");
  assert_int_equal(get_int(a, "line"), 3);
  assert_int_equal(get_int(a, "column"), 1);
  assert_int_equal(get_int(a, "end_line"), 3);
  assert_int_equal(get_int(a, "end_column"), 21);
  assert_string_equal(get_str(a, "module"), "taskcli.cli");
  assert_string_equal(get_str(a, "import"), "pandas");
  assert_true(json_is_null(json_object_get(a, "names")));
  assert_int_equal(get_int(a, "group"), 0);
  assert_int_equal(get_int(a, "savings_us"), 40100);
  assert_int_equal(get_int(a, "savings_alone_us"), 40100);
  json_t *functions = json_object_get(a, "functions");
  assert_int_equal(json_array_size(functions), 2);
  assert_string_equal(get_str(json_array_get(functions, 1), "name"), "cmd_export");
  assert_int_equal(get_int(json_array_get(functions, 1), "line"), 40);
  assert_int_equal(json_array_size(json_object_get(a, "subcommands")), 0);
  assert_string_equal(get_str(a, "risk"), "safe");
  assert_true(json_is_null(json_object_get(a, "risk_reason")));
  assert_string_equal(get_str(a, "edit"), PANDAS_EDIT);
  json_t *edit = json_array_get(json_object_get(a, "edits"), 1);
  assert_string_equal(get_str(edit, "file"), "taskcli/cli.py");
  assert_int_equal(get_int(edit, "start_line"), 29);
  assert_int_equal(get_int(edit, "start_byte"), 300);
  assert_int_equal(get_int(edit, "end_byte"), 300);
  assert_string_equal(get_str(edit, "new_text"), "    import pandas as pd\n");
  assert_int_equal(json_array_size(json_object_get(a, "dropped")), 8);

  json_t *b = json_array_get(suggestions, 1);
  json_t *names = json_object_get(b, "names");
  assert_int_equal(json_array_size(names), 2);
  assert_string_equal(json_string_value(json_array_get(names, 0)), "Loader");
  assert_string_equal(json_string_value(json_array_get(names, 1)), "Dumper");
  assert_string_equal(get_str(b, "risk"), "review");
  assert_non_null(strstr(get_str(b, "risk_reason"), "representers"));
  assert_true(json_is_null(json_object_get(b, "edit")));
  assert_int_equal(json_array_size(json_object_get(b, "edits")), 0);

  json_t *groups = json_object_get(root, "groups");
  assert_int_equal(json_array_size(groups), 3);
  json_t *g = json_array_get(groups, 1);
  assert_int_equal(get_int(g, "id"), 1);
  assert_int_equal(json_array_size(json_object_get(g, "members")), 2);
  assert_int_equal(json_integer_value(json_array_get(json_object_get(g, "members"), 1)), 2);
  assert_int_equal(get_int(g, "savings_us"), 12000);
  json_t *per_entry = json_object_get(g, "entry_savings_us");
  assert_int_equal(get_int(per_entry, "taskcli --help"), 12000);
  assert_int_equal(get_int(per_entry, "taskcli stats"), 0);

  json_t *kept = json_array_get(json_object_get(root, "kept"), 0);
  assert_string_equal(get_str(kept, "import"), "click");
  assert_int_equal(get_int(kept, "use_line"), 12);
  json_t *diag = json_array_get(json_object_get(root, "diagnostics"), 0);
  assert_string_equal(get_str(diag, "path"), "taskcli/broken.py");
  assert_string_equal(get_str(diag, "severity"), "error");
  assert_string_equal(get_str(diag, "code"), "syntax-error");
  json_t *counts = json_object_get(root, "counts");
  assert_int_equal(get_int(counts, "considered"), 24);
  assert_int_equal(get_int(counts, "suggestions"), 4);
  assert_int_equal(get_int(counts, "groups"), 3);
  assert_int_equal(get_int(counts, "filtered"), 1);
  assert_int_equal(get_int(counts, "kept"), 1);
  assert_int_equal(get_int(counts, "diagnostics"), 1);
  json_decref(root);

  /* Deterministic. */
  char *again = render(s, IMPGRAPH_FORMAT_JSON, IMPGRAPH_SUGGEST_VIEW_COLOR, 40);
  assert_string_equal(js, again);
  impgraph_free(again);
  impgraph_free(js);
  impgraph_suggestions_free(s);
}

/* ---- SARIF ------------------------------------------------------------------------ */

static void test_sarif(void **state) {
  (void)state;
  impgraph_suggestions *s = sample_report(true);
  char *sarif = render(s, IMPGRAPH_FORMAT_SARIF, 0, 0);
  json_t *root = parse(sarif);
  assert_string_equal(get_str(root, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  assert_string_equal(get_str(root, "version"), "2.1.0");
  json_t *runs = json_object_get(root, "runs");
  assert_int_equal(json_array_size(runs), 1);
  json_t *run = json_array_get(runs, 0);
  assert_string_equal(get_str(run, "columnKind"), "unicodeCodePoints");
  json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
  assert_string_equal(get_str(driver, "name"), "impgraph");
  assert_string_equal(get_str(driver, "version"), impgraph_version());

  /* One rule per kind used, in kind order. */
  json_t *rules = json_object_get(driver, "rules");
  assert_int_equal(json_array_size(rules), 4);
  static const char *const rule_ids[] = {"move-into-function", "type-checking", "lazy-getattr",
                                         "remove-unused"};
  for (size_t i = 0; i < 4; i++) {
    json_t *rule = json_array_get(rules, i);
    assert_string_equal(get_str(rule, "id"), rule_ids[i]);
    assert_non_null(get_str(json_object_get(rule, "shortDescription"), "text"));
    assert_non_null(get_str(json_object_get(rule, "fullDescription"), "text"));
    assert_non_null(get_str(json_object_get(rule, "help"), "text"));
    assert_string_equal(get_str(json_object_get(rule, "defaultConfiguration"), "level"), "note");
  }

  json_t *results = json_object_get(run, "results");
  assert_int_equal(json_array_size(results), 4);
  json_t *r0 = json_array_get(results, 0);
  assert_string_equal(get_str(r0, "ruleId"), "move-into-function");
  assert_int_equal(get_int(r0, "ruleIndex"), 0);
  assert_string_equal(get_str(r0, "level"), "warning"); /* 40.1 ms >= 10 ms */
  assert_string_equal(get_str(json_object_get(r0, "message"), "text"),
                      "move `import pandas as pd` into cmd_stats and cmd_export \xe2\x80\x94 "
                      "saves 40.1 ms at start-up (used only in cmd_stats (line 29) and "
                      "cmd_export (line 40))");
  json_t *physical =
      json_object_get(json_array_get(json_object_get(r0, "locations"), 0), "physicalLocation");
  json_t *artifact = json_object_get(physical, "artifactLocation");
  assert_string_equal(get_str(artifact, "uri"), "taskcli/cli.py");
  assert_string_equal(get_str(artifact, "uriBaseId"), "%SRCROOT%");
  json_t *region = json_object_get(physical, "region");
  assert_int_equal(get_int(region, "startLine"), 3);
  assert_int_equal(get_int(region, "startColumn"), 1);
  assert_int_equal(get_int(region, "endLine"), 3);
  assert_int_equal(get_int(region, "endColumn"), 21);
  json_t *props = json_object_get(r0, "properties");
  assert_int_equal(get_int(props, "savings_us"), 40100);
  assert_int_equal(get_int(props, "group"), 0);
  assert_string_equal(get_str(props, "risk"), "safe");
  assert_int_equal(json_array_size(json_object_get(props, "dropped")), 8);

  /* The fix: exact byte regions, pure deletion without content. */
  json_t *fix = json_array_get(json_object_get(r0, "fixes"), 0);
  json_t *changes = json_object_get(fix, "artifactChanges");
  assert_int_equal(json_array_size(changes), 1); /* both edits in one file */
  json_t *replacements = json_object_get(json_array_get(changes, 0), "replacements");
  assert_int_equal(json_array_size(replacements), 2);
  json_t *del = json_array_get(replacements, 0);
  assert_int_equal(get_int(json_object_get(del, "deletedRegion"), "byteOffset"), 40);
  assert_int_equal(get_int(json_object_get(del, "deletedRegion"), "byteLength"), 20);
  assert_null(json_object_get(del, "insertedContent"));
  json_t *ins = json_array_get(replacements, 1);
  assert_int_equal(get_int(json_object_get(ins, "deletedRegion"), "byteOffset"), 300);
  assert_int_equal(get_int(json_object_get(ins, "deletedRegion"), "byteLength"), 0);
  json_t *content = json_object_get(ins, "insertedContent");
  assert_string_equal(get_str(content, "text"), "    import pandas as pd\n");
  assert_string_equal(get_str(content, "binary"), "ICAgIGltcG9ydCBwYW5kYXMgYXMgcGQK");

  json_t *r1 = json_array_get(results, 1);
  assert_int_equal(get_int(r1, "ruleIndex"), 1);
  assert_string_equal(get_str(r1, "level"), "warning"); /* 12.0 ms */
  assert_string_equal(get_str(json_object_get(r1, "message"), "text"),
                      "import it under `if TYPE_CHECKING:`, then `a|b` \xe2\x80\x94 saves 12.0 ms "
                      "at start-up together with 1 other change of its group (used only in "
                      "annotations, a lone ` backtick)");
  assert_string_equal(get_str(json_object_get(r1, "properties"), "risk"), "review");
  assert_null(json_object_get(r1, "fixes")); /* no edits */
  json_t *r3 = json_array_get(results, 3);
  assert_string_equal(get_str(r3, "ruleId"), "remove-unused");
  assert_int_equal(get_int(r3, "ruleIndex"), 3);
  assert_string_equal(get_str(r3, "level"), "note"); /* 800 µs */

  /* Fingerprints: present, distinct, stable. */
  const char *f0 = get_str(json_object_get(r0, "partialFingerprints"), "impgraphSuggestion/v1");
  const char *f1 = get_str(json_object_get(r1, "partialFingerprints"), "impgraphSuggestion/v1");
  assert_int_equal(strlen(f0), 18);
  assert_string_equal(f0 + 16, ":1");
  assert_string_not_equal(f0, f1);

  /* Diagnostics: tool execution notifications. */
  json_t *invocation = json_array_get(json_object_get(run, "invocations"), 0);
  assert_true(json_is_true(json_object_get(invocation, "executionSuccessful")));
  json_t *note = json_array_get(json_object_get(invocation, "toolExecutionNotifications"), 0);
  assert_string_equal(get_str(note, "level"), "error");
  assert_string_equal(get_str(json_object_get(note, "descriptor"), "id"), "syntax-error");
  assert_true(json_is_true(json_object_get(json_object_get(run, "properties"), "measured")));

  char *again = render(s, IMPGRAPH_FORMAT_SARIF, 0, 0);
  assert_string_equal(sarif, again);
  impgraph_free(again);
  json_decref(root);
  impgraph_free(sarif);
  impgraph_suggestions_free(s);
}

static void test_sarif_fingerprints_and_uris(void **state) {
  (void)state;
  impgraph_suggestions *s = new_report();
  /* Two from-imports of one module in one file: same hash, occurrences 1 and 2. */
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "my dir/a:b.py", 3, "m", "x", 0, 100);
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "my dir/a:b.py", 9, "m", "x", 0, 100);
  push_suggestion(s, IMPGRAPH_SUGGEST_LAZY_IMPORT, "my dir/a:b.py", 9, "m", "y", 0, 100);
  push_group(s, (size_t[]){0, 1, 2}, 3, 100, NULL);
  char *sarif = render(s, IMPGRAPH_FORMAT_SARIF, 0, 0);
  json_t *root = parse(sarif);
  json_t *results = json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results");
  const char *f[3];
  for (size_t i = 0; i < 3; i++)
    f[i] = get_str(json_object_get(json_array_get(results, i), "partialFingerprints"),
                   "impgraphSuggestion/v1");
  assert_memory_equal(f[0], f[1], 16);
  assert_string_equal(f[0] + 16, ":1");
  assert_string_equal(f[1] + 16, ":2");
  assert_memory_not_equal(f[0], f[2], 16);
  json_t *physical =
      json_object_get(json_array_get(json_object_get(json_array_get(results, 0), "locations"), 0),
                      "physicalLocation");
  assert_string_equal(get_str(json_object_get(physical, "artifactLocation"), "uri"),
                      "my%20dir/a%3Ab.py");
  json_decref(root);
  impgraph_free(sarif);
  impgraph_suggestions_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arguments),
      cmocka_unit_test(test_empty_report),
      cmocka_unit_test(test_duration),
      cmocka_unit_test(test_order),
      cmocka_unit_test(test_text_measured),
      cmocka_unit_test(test_lone_suggestion_alone),
      cmocka_unit_test(test_text_estimated),
      cmocka_unit_test(test_text_color),
      cmocka_unit_test(test_text_verbose),
      cmocka_unit_test(test_text_width),
      cmocka_unit_test(test_markdown),
      cmocka_unit_test(test_markdown_escaping),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_sarif),
      cmocka_unit_test(test_sarif_fingerprints_and_uris),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
