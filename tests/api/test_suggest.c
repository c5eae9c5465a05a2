/* api.suggest — impgraph_suggest() through impgraph.h only, with the real
 * python3 (the probe) on tests/data/suggest (package `rules`, entry
 * rules.main:main) and a synthetic `-X importtime` profile, so every saving
 * is known exactly: one case per rule, the imports that must stay, groups
 * of changes that save only together, the planner's choice by
 * requires-python, filtering, options errors, and the four formats. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "impgraph.h"

#include "graph_support.h"

#define FIXTURE IMPGRAPH_TEST_DATA "/suggest"

static const char LOG[] = "import time: self [us] | cumulative | imported package\n"
                          "import time:     30000 |      30000 |     rules.heavy\n"
                          "import time:       100 |      30100 |   rules\n"
                          "import time:     10000 |      10000 |     rules.slow_a\n"
                          "import time:      5000 |       5000 |     rules.slow_b\n"
                          "import time:     20000 |      20000 |     rules.shared\n"
                          "import time:       100 |      20100 |     rules.helper_mod\n"
                          "import time:      3000 |       3000 |     rules.typed\n"
                          "import time:      2000 |       2000 |     rules.unused_mod\n"
                          "import time:       100 |        100 |     rules.deco\n"
                          "import time:      4000 |       4000 |     rules.effects\n"
                          "import time:      6000 |       6000 |     rules.local_call\n"
                          "import time:       100 |      50500 |   rules.main\n";

/* The graph of fixture directory `root` (under tests/data) from `entry`,
   with the profile of -X importtime log `log` attached (NULL: none). */
static impgraph_graph *build_at(const char *root, const char *entry, const char *log) {
  impgraph_graph *g = build_root(root, &entry, 1);
  if (log) {
    impgraph_error err;
    const char *texts[] = {log};
    size_t lens[] = {strlen(log)};
    impgraph_profile *p = NULL;
    assert_int_equal(impgraph_profile_from_logs(&p, texts, lens, NULL, 1, &err), 0);
    assert_int_equal(impgraph_graph_attach_profile(g, p, &err), 0);
    impgraph_profile_free(p);
  }
  return g;
}

static impgraph_graph *build_graph(bool with_profile) {
  return build_at(FIXTURE, "rules.main:main", with_profile ? LOG : NULL);
}

static impgraph_suggestions *suggest(const impgraph_graph *g, const char *requires,
                                     int64_t min_savings, size_t top) {
  impgraph_suggest_options opts;
  assert_int_equal(impgraph_suggest_options_init(&opts, IMPGRAPH_SUGGEST_OPTIONS_VERSION), 0);
  opts.requires_python = requires;
  opts.min_savings_us = min_savings;
  opts.top = top;
  impgraph_suggestions *s = NULL;
  impgraph_error err;
  if (impgraph_suggest(&s, g, &opts, &err))
    fail_msg("impgraph_suggest: %s", err.message);
  return s;
}

static const impgraph_suggestion *find(const impgraph_suggestions *s, const char *import) {
  for (size_t i = 0; i < impgraph_suggestions_count(s); i++)
    if (strcmp(impgraph_suggestions_get(s, i)->import, import) == 0)
      return impgraph_suggestions_get(s, i);
  return NULL;
}

static const impgraph_kept_import *kept(const impgraph_suggestions *s, const char *import) {
  for (size_t i = 0; i < impgraph_suggestions_kept_count(s); i++)
    if (strcmp(impgraph_suggestions_kept(s, i)->import, import) == 0)
      return impgraph_suggestions_kept(s, i);
  return NULL;
}

static void test_rules(void **state) {
  (void)state;
  impgraph_graph *g = build_graph(true);
  impgraph_suggestions *s = suggest(g, ">=3.8", 1000, 0);
  const impgraph_suggest_info *info = impgraph_suggestions_info(s);
  assert_int_equal(info->measured, 1);
  /* What was measured comes from the attached profile (here its log label). */
  assert_non_null(info->profile_command);
  assert_string_equal(info->profile_command, "'log 1'");
  assert_int_equal(info->min_major, 3);
  assert_int_equal(info->min_minor, 8);

  const impgraph_suggestion *a = find(s, "rules.slow_a");
  assert_non_null(a);
  assert_int_equal(a->kind, IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION);
  assert_string_equal(a->file, "rules/main.py");
  assert_int_equal(a->line, 5);
  assert_int_equal(a->savings_us, 10000);
  assert_int_equal(a->savings_alone_us, 10000);
  assert_int_equal(a->function_count, 1);
  assert_string_equal(a->functions[0], "run_a");
  assert_int_equal(a->risk, IMPGRAPH_RISK_SAFE);
  assert_int_equal(a->edit_count, 2); /* delete the line, insert into run_a */
  assert_string_equal(a->edits[1].new_text, "    from . import slow_a\n");

  /* shared: imported by main and by helper_mod; one group, 0 alone. */
  const impgraph_suggestion *sh = NULL, *sh2 = NULL;
  for (size_t i = 0; i < impgraph_suggestions_count(s); i++) {
    const impgraph_suggestion *x = impgraph_suggestions_get(s, i);
    if (strcmp(x->import, "rules.shared") == 0) {
      if (!sh)
        sh = x;
      else
        sh2 = x;
    }
  }
  assert_non_null(sh);
  assert_non_null(sh2);
  assert_int_equal(sh->group, sh2->group);
  assert_int_equal(sh->savings_us, 20000);
  assert_int_equal(sh->savings_alone_us, 0);
  assert_int_equal(sh2->savings_alone_us, 0);
  assert_int_equal(impgraph_suggestions_group(s, sh->group)->member_count, 2);

  const impgraph_suggestion *t = find(s, "rules.typed");
  assert_non_null(t);
  assert_int_equal(t->kind, IMPGRAPH_SUGGEST_TYPE_CHECKING);
  for (size_t i = 0; i < t->edit_count; i++) /* annotations already deferred */
    assert_null(strstr(t->edits[i].new_text, "__future__"));

  const impgraph_suggestion *u = find(s, "rules.unused_mod");
  assert_non_null(u);
  assert_int_equal(u->kind, IMPGRAPH_SUGGEST_REMOVE_UNUSED);
  assert_int_equal(u->risk, IMPGRAPH_RISK_REVIEW);

  const impgraph_suggestion *e = find(s, "rules.effects");
  assert_non_null(e);
  assert_int_equal(e->kind, IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION);
  assert_int_equal(e->risk, IMPGRAPH_RISK_REVIEW);
  assert_non_null(strstr(e->risk_reason, "atexit"));

  const impgraph_suggestion *h = find(s, "rules.heavy");
  assert_non_null(h);
  assert_int_equal(h->kind, IMPGRAPH_SUGGEST_LAZY_GETATTR);
  assert_string_equal(h->file, "rules/__init__.py");
  assert_int_equal(h->savings_us, 30000);
  assert_non_null(strstr(h->edit, "def __getattr__(name):"));
  assert_non_null(strstr(h->edit, "\"Heavy\": (\".heavy\", \"Heavy\")"));
  /* Ranked: the heaviest group first. */
  assert_ptr_equal(impgraph_suggestions_get(s, 0), h);

  /* What must stay, and why. */
  assert_null(find(s, "rules.slow_b"));
  assert_non_null(strstr(kept(s, "rules.slow_b")->reason, "every start"));
  assert_null(find(s, "rules.deco"));
  assert_non_null(strstr(kept(s, "rules.deco")->reason, "decorator"));
  assert_int_equal(kept(s, "rules.deco")->use_line, 18);
  assert_null(find(s, "rules.local_call"));
  assert_non_null(strstr(kept(s, "rules.local_call")->reason, "setup()"));
  assert_null(find(s, "rules.helper_mod"));
  assert_null(find(s, "__future__"));

  /* The entry: 100 (rules) + every module now; after: rules, main,
     helper_mod, slow_b, deco, local_call. */
  assert_int_equal(impgraph_suggestions_entry_count(s), 1);
  const impgraph_report_entry *entry = impgraph_suggestions_entry(s, 0);
  assert_string_equal(entry->label, "rules.main:main");
  assert_int_equal(entry->startup_us, 80400);
  /* Modules the log lacks but a measured module imports (`__future__`, and
     `atexit` unless preloaded) were not loaded by that run: 0, not
     estimated. */
  assert_int_equal(info->estimated_modules, 0);
  assert_int_equal(entry->predicted_startup_us, 100 + 100 + 100 + 5000 + 100 + 6000);
  assert_int_equal(info->predicted_startup_us, entry->predicted_startup_us);
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

static void test_lazy_import_planner(void **state) {
  (void)state;
  impgraph_graph *g = build_graph(true);
  impgraph_suggestions *s = suggest(g, ">=3.15", 1000, 0);
  const impgraph_suggestion *a = find(s, "rules.slow_a");
  assert_non_null(a);
  assert_int_equal(a->kind, IMPGRAPH_SUGGEST_LAZY_IMPORT);
  assert_int_equal(a->edit_count, 1);
  assert_string_equal(a->edits[0].new_text, "lazy ");
  assert_int_equal(a->edits[0].range.start_line, 5);
  assert_non_null(strstr(impgraph_suggestions_info(s)->mechanism, "lazy import"));
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

static void test_filters(void **state) {
  (void)state;
  impgraph_graph *g = build_graph(true);
  impgraph_suggestions *s = suggest(g, NULL, 5000, 0);
  assert_null(find(s, "rules.unused_mod")); /* 2 ms < 5 ms */
  assert_null(find(s, "rules.typed"));
  assert_non_null(find(s, "rules.slow_a"));
  assert_true(impgraph_suggestions_info(s)->filtered >= 2);
  impgraph_suggestions_free(s);
  s = suggest(g, NULL, 0, 1);
  assert_int_equal(impgraph_suggestions_group_count(s), 1);
  assert_string_equal(impgraph_suggestions_get(s, 0)->import, "rules.heavy");
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

/* A profile of another program (`import rules` only): what it never
   reached (the entry rules.main and everything only it imports) is
   estimated and counted; what it measured keeps its times. */
static void test_partial_profile(void **state) {
  (void)state;
  static const char log[] = "import time: self [us] | cumulative | imported package\n"
                            "import time:     30000 |      30000 |     rules.heavy\n"
                            "import time:       100 |      30100 |   rules\n";
  impgraph_graph *g = build_at(FIXTURE, "rules.main:main", log);
  impgraph_suggestions *s = suggest(g, ">=3.8", 1000, 0);
  const impgraph_suggest_info *info = impgraph_suggestions_info(s);
  assert_int_equal(info->measured, 1);

  size_t unmeasured = 0;
  int64_t expected = 30000 + 100;
  for (size_t v = 0; v < impgraph_graph_module_count(g); v++) {
    const impgraph_module *m = impgraph_graph_module(g, v);
    if (!(m->flags & IMPGRAPH_MODULE_IN_STARTUP) || strcmp(m->name, "rules") == 0 ||
        strcmp(m->name, "rules.heavy") == 0)
      continue;
    int64_t us = 0;
    assert_int_equal(impgraph_graph_module_estimate(g, v, &us), 0);
    expected += us;
    unmeasured++;
  }
  assert_true(unmeasured >= 10); /* rules.main and the 9 fixture modules it imports, at least */
  assert_int_equal(info->estimated_modules, unmeasured);
  const impgraph_report_entry *entry = impgraph_suggestions_entry(s, 0);
  assert_int_equal(entry->startup_us, expected);
  /* The measured 30 ms still make the package's re-export the best change. */
  const impgraph_suggestion *h = find(s, "rules.heavy");
  assert_non_null(h);
  assert_int_equal(h->savings_us, 30000);
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

static void test_estimates_without_profile(void **state) {
  (void)state;
  impgraph_graph *g = build_graph(false);
  impgraph_suggestions *s = suggest(g, NULL, 0, 0);
  assert_int_equal(impgraph_suggestions_info(s)->measured, 0);
  assert_int_equal(impgraph_suggestions_info(s)->estimated_modules, 0); /* none counted */
  assert_non_null(find(s, "rules.slow_a"));
  char *text = NULL;
  assert_int_equal(impgraph_render_suggestions(&text, NULL, s, IMPGRAPH_FORMAT_TEXT, NULL, NULL),
                   0);
  assert_non_null(strstr(text, "ESTIMATES"));
  impgraph_free(text);
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

static void test_errors_and_formats(void **state) {
  (void)state;
  impgraph_graph *g = build_graph(true);
  impgraph_suggest_options opts = IMPGRAPH_SUGGEST_OPTIONS_INIT;
  impgraph_suggestions *s = NULL;
  impgraph_error err;
  opts.target_python = "three";
  assert_int_equal(impgraph_suggest(&s, g, &opts, &err), IMPGRAPH_EINVAL);
  assert_non_null(strstr(err.message, "three"));
  opts.target_python = NULL;
  opts.requires_python = "<3";
  assert_int_equal(impgraph_suggest(&s, g, &opts, &err), IMPGRAPH_EINVAL);
  opts.requires_python = NULL;
  opts.version = 99;
  assert_int_equal(impgraph_suggest(&s, g, &opts, &err), IMPGRAPH_EVERSION);
  assert_int_equal(impgraph_suggest(NULL, g, NULL, &err), IMPGRAPH_EINVAL);
  assert_null(s);
  s = suggest(g, NULL, 1000, 0);
  impgraph_format formats[] = {IMPGRAPH_FORMAT_TEXT, IMPGRAPH_FORMAT_JSON,
                               IMPGRAPH_FORMAT_MARKDOWN, IMPGRAPH_FORMAT_SARIF};
  const char *marks[] = {"rules/main.py:5", "\"savings_us\": 10000", "rules/main.py",
                         "\"version\": \"2.1.0\""};
  for (size_t i = 0; i < 4; i++) {
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(impgraph_render_suggestions(&out, &len, s, formats[i], NULL, &err), 0);
    assert_int_equal(strlen(out), len);
    if (!strstr(out, marks[i]))
      fail_msg("format %zu lacks '%s':\n%s", i, marks[i], out);
    impgraph_free(out);
  }
  char *out = NULL;
  assert_int_equal(impgraph_render_suggestions(&out, NULL, s, IMPGRAPH_FORMAT_DOT, NULL, &err),
                   IMPGRAPH_EFORMAT);
  assert_string_equal(impgraph_suggestion_kind_name(IMPGRAPH_SUGGEST_SPLIT_SUBCOMMANDS),
                      "split-subcommands");
  impgraph_suggestions_free(s);
  impgraph_suggestions_free(NULL);
  impgraph_graph_free(g);
}

/* A click CLI (click itself need not be installed: it is a missing module
   for the graph): the root group is the entry, its commands are the
   subcommands, each import used by one command's handler only is a
   split-subcommands suggestion. Estimates (no profile). */
static void test_click_subcommands(void **state) {
  (void)state;
  impgraph_graph *g = build_at(IMPGRAPH_TEST_DATA "/suggest_click", "app.cli:cli", NULL);
  impgraph_suggestions *s = suggest(g, ">=3.9", 0, 0);
  assert_int_equal(impgraph_suggestions_entry_count(s), 3);
  assert_string_equal(impgraph_suggestions_entry(s, 0)->label, "app.cli:cli --help");
  assert_null(impgraph_suggestions_entry(s, 0)->subcommand);
  assert_string_equal(impgraph_suggestions_entry(s, 1)->subcommand, "stats");
  assert_string_equal(impgraph_suggestions_entry(s, 2)->subcommand, "export-csv");
  const impgraph_suggestion *h = find(s, "app.heavy");
  assert_non_null(h);
  assert_int_equal(h->kind, IMPGRAPH_SUGGEST_SPLIT_SUBCOMMANDS);
  assert_int_equal(h->subcommand_count, 1);
  assert_string_equal(h->subcommands[0], "stats");
  assert_string_equal(h->functions[0], "stats");
  const impgraph_suggestion *c = find(s, "csv");
  assert_non_null(c);
  assert_string_equal(c->subcommands[0], "export-csv");
  /* `stats` still loads app.heavy after the split; `export-csv` does not. */
  const impgraph_report_entry *stats = impgraph_suggestions_entry(s, 1);
  const impgraph_report_entry *help = impgraph_suggestions_entry(s, 0);
  assert_true(stats->predicted_startup_us > help->predicted_startup_us);
  assert_true(help->predicted_startup_us < help->startup_us);
  /* click is needed at import time (decorators); where it is not installed
     it is a missing module, which costs nothing. */
  const char *why = kept(s, "click")->reason;
  if (!strstr(why, "decorator") && !strstr(why, "missing"))
    fail_msg("click kept for: %s", why);
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

/* A package re-exports A and B; another module imports A from it at import
   time, so a lazy __getattr__ would load A at once: only B is suggested.
   And a from-import mixing an eagerly evaluated annotation with a name used
   in a function stays. */
static void test_reexport_imported_elsewhere(void **state) {
  (void)state;
  impgraph_graph *g = build_at(IMPGRAPH_TEST_DATA "/suggest_reexport", "pkg.main", NULL);
  impgraph_suggestions *s = suggest(g, ">=3.8", 0, 0);
  const impgraph_suggestion *b = find(s, "pkg.b");
  assert_non_null(b);
  assert_int_equal(b->kind, IMPGRAPH_SUGGEST_LAZY_GETATTR);
  assert_null(find(s, "pkg.a"));
  assert_non_null(kept(s, "pkg.a"));
  /* One statement binds an annotation-only name and a name called in a
     function: it cannot go under TYPE_CHECKING as a whole. */
  assert_null(find(s, "pkg.mixed"));
  assert_non_null(strstr(kept(s, "pkg.mixed")->reason, "import time"));
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

/* A module imported directly from two places and also through another
   suggested import (click: core, decorators and termui import inspect, and
   so does pdb, which testing imports): the two direct imports save only
   together (one group); the other import saves on its own, more once the
   group is applied. */
static const char OVERLAP_LOG[] = "import time: self [us] | cumulative | imported package\n"
                                  "import time:       100 |        100 | ov\n"
                                  "import time:     30000 |      30000 |     ov.heavy\n"
                                  "import time:       100 |      30100 |   ov.one\n"
                                  "import time:       100 |        100 |   ov.two\n"
                                  "import time:      5000 |       5000 |     ov.mid\n"
                                  "import time:       100 |       5100 |   ov.three\n"
                                  "import time:       100 |      35400 | ov.main\n";

static void test_overlapping_cut(void **state) {
  (void)state;
  impgraph_graph *g = build_at(IMPGRAPH_TEST_DATA "/suggest_overlap", "ov.main", OVERLAP_LOG);
  impgraph_suggestions *s = suggest(g, ">=3.8", 0, 0);
  const impgraph_suggestion *from_one = NULL, *from_two = NULL;
  for (size_t i = 0; i < impgraph_suggestions_count(s); i++) {
    const impgraph_suggestion *x = impgraph_suggestions_get(s, i);
    if (strcmp(x->import, "ov.heavy") == 0 && strcmp(x->module, "ov.one") == 0)
      from_one = x;
    if (strcmp(x->import, "ov.heavy") == 0 && strcmp(x->module, "ov.two") == 0)
      from_two = x;
  }
  const impgraph_suggestion *mid = find(s, "ov.mid");
  assert_non_null(from_one);
  assert_non_null(from_two);
  assert_non_null(mid);
  assert_int_equal(from_one->group, from_two->group);
  assert_int_equal(impgraph_suggestions_group(s, from_one->group)->member_count, 2);
  assert_int_equal(from_one->savings_us, 30000); /* applied last */
  assert_int_equal(from_one->savings_alone_us, 0);
  assert_int_equal(from_two->savings_alone_us, 0);
  assert_true(mid->group != from_one->group);
  assert_int_equal(impgraph_suggestions_group(s, mid->group)->member_count, 1);
  assert_int_equal(mid->savings_alone_us, 5000);
  assert_int_equal(mid->savings_us, 35000); /* heavy too, applied last */
  impgraph_suggestions_free(s);
  impgraph_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rules),
      cmocka_unit_test(test_lazy_import_planner),
      cmocka_unit_test(test_filters),
      cmocka_unit_test(test_partial_profile),
      cmocka_unit_test(test_estimates_without_profile),
      cmocka_unit_test(test_errors_and_formats),
      cmocka_unit_test(test_click_subcommands),
      cmocka_unit_test(test_reexport_imported_elsewhere),
      cmocka_unit_test(test_overlapping_cut),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
