/* libFuzzer harness for the profile JSON reader (render/profile_json.c,
 * impgraph_profile_load): any bytes either fail with EFORMAT/ENOMEM or give
 * a profile whose accessors keep their promises and which dumps to JSON that
 * reads back to the same dump (and whose text view renders). Traps when a
 * promise is broken, so the replay under ASan/UBSan fails. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/profile_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      __builtin_trap();                                                                            \
  } while (0)

static void check_profile(const impgraph_profile *p) {
  size_t modules = impgraph_profile_module_count(p);
  for (size_t i = 0; i < modules; i++) {
    const impgraph_module_stats *m = impgraph_profile_module(p, i);
    CHECK(m && m->name);
    if (i)
      CHECK(strcmp(impgraph_profile_module(p, i - 1)->name, m->name) < 0);
    size_t found = SIZE_MAX;
    CHECK(impgraph_profile_find(p, m->name, &found) == IMPGRAPH_OK && found == i);
  }
  CHECK(impgraph_profile_module(p, modules) == NULL);
  for (size_t i = 0; i < impgraph_profile_edge_count(p); i++) {
    const impgraph_observed_edge *e = impgraph_profile_edge(p, i);
    CHECK(e->importer_index == SIZE_MAX || e->importer_index < modules);
    CHECK(e->imported_index == SIZE_MAX || e->imported_index < modules);
  }
  for (size_t i = 0; i < impgraph_profile_run_count(p); i++)
    CHECK(impgraph_profile_run(p, i)->label != NULL);
  for (size_t i = 0; i < impgraph_profile_diagnostic_count(p); i++)
    CHECK(impgraph_profile_diagnostic(p, i)->message != NULL);
  CHECK(impgraph_profile_summary(p)->runs <= impgraph_profile_run_count(p));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  impgraph_profile *p = NULL;
  impgraph_error err;
  int rc = ipg_profile_parse_json(&p, (const char *)data, size, "fuzz.json", &err);
  if (rc != IMPGRAPH_OK) {
    CHECK(p == NULL);
    CHECK(rc == IMPGRAPH_EFORMAT || rc == IMPGRAPH_ENOMEM);
    CHECK(err.code == rc && err.message[0]);
    return 0;
  }
  check_profile(p);
  char *json = NULL, *again = NULL, *text = NULL;
  size_t len = 0, again_len = 0;
  CHECK(impgraph_render_profile(&json, &len, p, IMPGRAPH_FORMAT_JSON, NULL, &err) == 0);
  impgraph_profile *reloaded = NULL;
  CHECK(ipg_profile_parse_json(&reloaded, json, len, "dump.json", &err) == 0);
  CHECK(impgraph_render_profile(&again, &again_len, reloaded, IMPGRAPH_FORMAT_JSON, NULL, &err) ==
        0);
  CHECK(again_len == len && memcmp(json, again, len) == 0);
  impgraph_profile_view view = IMPGRAPH_PROFILE_VIEW_INIT;
  view.flags = IMPGRAPH_PROFILE_VIEW_TREE;
  view.width = 40;
  view.top = 3;
  CHECK(impgraph_render_profile(&text, NULL, p, IMPGRAPH_FORMAT_TEXT, &view, &err) == 0);
  impgraph_free(json);
  impgraph_free(again);
  impgraph_free(text);
  impgraph_profile_free(reloaded);
  impgraph_profile_free(p);
  return 0;
}
