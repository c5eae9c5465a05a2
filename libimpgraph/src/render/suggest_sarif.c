/* SARIF 2.1.0 rendering of the suggestions (docs/formats/sarif.md): one run,
 * one rule per suggestion kind used, one result per suggestion with its
 * import statement as the location, a stable partial fingerprint, the
 * savings as properties and the text edits as a fix. Diagnostics become tool
 * execution notifications.
 *
 * Columns: impgraph counts 1-based *byte* columns and has no source text
 * here, so it cannot convert them; the run says "unicodeCodePoints", which
 * is what byte columns are whenever the line is ASCII up to the column
 * (import statements almost always are). Fixes do not depend on that: their
 * regions are byteOffset/byteLength, exact, with the inserted content as
 * both text and base64 bytes (SARIF requires `binary` with a binary
 * region). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/json_util.h"
#include "render/render.h"
#include "render/suggest_render.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define FINGERPRINT_KEY "impgraphSuggestion/v1"

/* A result is a "warning" from this group saving on (10 ms), else a "note". */
enum { WARNING_SAVINGS_US = 10000 };

typedef struct rule_text {
  const char *name; /* PascalCase, SARIF reportingDescriptor.name */
  const char *short_text;
  const char *full_text;
  const char *help;
} rule_text;

/* Indexed by impgraph_suggestion_kind. */
static const rule_text rules_text[] = {
    {"MoveIntoFunction", "Import used only inside functions: move it into them",
     "A module-level import whose names are read only inside some functions runs at start-up "
     "for nothing: moved into each of those functions, it runs on the first call instead.",
     "Move the import statement into each function listed (the generated edits do it). The "
     "module then loads on the first call of one of them; if one of them runs while the module "
     "is imported, nothing is saved."},
    {"TypeChecking", "Import used only in annotations: import it under `if TYPE_CHECKING:`",
     "A module-level import whose names appear only in annotations that are not evaluated at run "
     "time is needed by type checkers only.",
     "Import it under `if TYPE_CHECKING:`, adding `from __future__ import "
     "annotations` when the target Python versions evaluate annotations eagerly. Libraries that "
     "read annotations at run time (pydantic, dataclasses' ClassVar detection, "
     "typing.get_type_hints) may still need the name."},
    {"LazyGetattr", "Package re-exports a heavy module: load it on first access (PEP 562)",
     "A package __init__ imports a heavy submodule (or names from it) only to re-export them: "
     "every importer of the package pays for it.",
     "Replace the import with a module-level __getattr__ and __dir__ (PEP 562) that import the "
     "submodule on first access; the generated code does it and keeps the names visible to "
     "type checkers under TYPE_CHECKING."},
    {"LazyImport", "Import the module lazily (PEP 810 or __lazy_modules__)",
     "The import is needed, but not while the module is being imported: Python can defer it "
     "until the name is first used.",
     "Use `lazy import` / `lazy from` (PEP 810) when every supported Python is 3.15 or later; "
     "otherwise list the module in `__lazy_modules__`, which 3.15+ honours and older versions "
     "ignore (they stay eager)."},
    {"SplitSubcommands", "Import needed only by some subcommands: move it into their handlers",
     "A command-line tool imports a module that only some of its subcommands use: `--help` and "
     "every other subcommand load it too.",
     "Move the import into the handlers of the subcommands that use it."},
    {"RemoveUnused", "Unused import: remove it",
     "The import binds names that are never used, yet it runs at start-up.",
     "Remove the import after checking that nothing relies on its side effects (registration, "
     "monkey-patching, configuration)."},
};

enum { RULE_COUNT = sizeof rules_text / sizeof rules_text[0] };

static const rule_text unknown_rule = {"Unknown", "A suggestion of an unknown kind",
                                       "A suggestion of a kind this renderer does not know.",
                                       "See the suggestion's message."};

/* Slot of a kind in the tables: its value, or RULE_COUNT when unknown. */
static size_t rule_slot(impgraph_suggestion_kind kind) {
  return (unsigned)kind < RULE_COUNT ? (size_t)kind : RULE_COUNT;
}

static const rule_text *rule_text_of(size_t slot) {
  return slot < RULE_COUNT ? &rules_text[slot] : &unknown_rule;
}

/* ---- encodings --------------------------------------------------------------- */

/* A relative path as a URI reference: RFC 3986 unreserved characters and
   path separators stay, everything else (':' too, which would read as a
   scheme in a first segment) is %-encoded byte by byte. */
static void put_uri_path(ipg_buf *out, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/!$&'()*+,;=@", *p)) {
      ipg_buf_putc(out, (char)*p);
    } else {
      char esc[4] = {'%', hex[*p >> 4], hex[*p & 15], '\0'};
      ipg_buf_puts(out, esc);
    }
  }
}

/* {"uri": ..., "uriBaseId": "%SRCROOT%"} for a file relative to the project
   root; an absolute path becomes a file:// URI without a base. */
static json_t *artifact_location(ipg_json_ctx *ctx, const char *path, bool from_root) {
  ipg_buf uri;
  ipg_buf_init(&uri);
  bool absolute = path[0] == '/';
  if (absolute)
    ipg_buf_puts(&uri, "file://");
  put_uri_path(&uri, path);
  json_t *o = json_object();
  ipg_json_set(ctx, o, "uri", uri.failed ? NULL : json_string(uri.data ? uri.data : ""));
  if (from_root && !absolute)
    ipg_json_set(ctx, o, "uriBaseId", json_string(SRCROOT));
  ipg_buf_free(&uri);
  return o;
}

static json_t *base64_json(const char *data, size_t len) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  ipg_buf out;
  ipg_buf_init(&out);
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < len; i += 3) {
    uint32_t chunk = (uint32_t)p[i] << 16;
    if (i + 1 < len)
      chunk |= (uint32_t)p[i + 1] << 8;
    if (i + 2 < len)
      chunk |= p[i + 2];
    char quad[5] = {alphabet[(chunk >> 18) & 63], alphabet[(chunk >> 12) & 63],
                    i + 1 < len ? alphabet[(chunk >> 6) & 63] : '=',
                    i + 2 < len ? alphabet[chunk & 63] : '=', '\0'};
    ipg_buf_puts(&out, quad);
  }
  json_t *v = out.failed ? NULL : json_string(out.data ? out.data : "");
  ipg_buf_free(&out);
  return v;
}

/* FNV-1a, 64 bits, written out here so fingerprints never change with the
   hash maps' implementation. */
static uint64_t fnv1a(uint64_t hash, const char *s) {
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    hash ^= *p;
    hash *= 1099511628211ull;
  }
  /* A 0 byte after each field: ("ab", "c") and ("a", "bc") differ. */
  hash *= 1099511628211ull;
  return hash;
}

static uint64_t fingerprint_hash(const impgraph_suggestion *sg) {
  uint64_t hash = 14695981039346656037ull;
  hash = fnv1a(hash, impgraph_suggestion_kind_name(sg->kind));
  hash = fnv1a(hash, sg->file);
  hash = fnv1a(hash, sg->module);
  hash = fnv1a(hash, sg->import);
  hash = fnv1a(hash, sg->names);
  return hash;
}

/* ---- pieces ------------------------------------------------------------------ */

static json_t *message(ipg_json_ctx *ctx, const char *text) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "text", ipg_json_str(text));
  return o;
}

static json_t *rule_json(ipg_json_ctx *ctx, size_t slot) {
  const rule_text *text = rule_text_of(slot);
  json_t *o = json_object();
  ipg_json_set(ctx, o, "id",
               json_string(slot < RULE_COUNT
                               ? impgraph_suggestion_kind_name((impgraph_suggestion_kind)slot)
                               : "unknown"));
  ipg_json_set(ctx, o, "name", json_string(text->name));
  ipg_json_set(ctx, o, "shortDescription", message(ctx, text->short_text));
  ipg_json_set(ctx, o, "fullDescription", message(ctx, text->full_text));
  ipg_json_set(ctx, o, "help", message(ctx, text->help));
  json_t *config = json_object();
  ipg_json_set(ctx, config, "level", json_string("note"));
  ipg_json_set(ctx, o, "defaultConfiguration", config);
  json_t *props = json_object();
  json_t *tags = json_array();
  ipg_json_append(ctx, tags, json_string("performance"));
  ipg_json_append(ctx, tags, json_string("imports"));
  ipg_json_append(ctx, tags, json_string("startup"));
  ipg_json_set(ctx, props, "tags", tags);
  ipg_json_set(ctx, o, "properties", props);
  return o;
}

static json_t *region_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "startLine", json_integer(sg->line));
  if (sg->column)
    ipg_json_set(ctx, o, "startColumn", json_integer(sg->column));
  /* An end before the start would make the region invalid: leave it out. */
  bool end_after_start = sg->range.end_line > sg->line ||
                         (sg->range.end_line == sg->line && sg->range.end_column >= sg->column);
  if (sg->range.end_line && end_after_start) {
    ipg_json_set(ctx, o, "endLine", json_integer(sg->range.end_line));
    if (sg->range.end_column)
      ipg_json_set(ctx, o, "endColumn", json_integer(sg->range.end_column));
  }
  return o;
}

static json_t *location_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg) {
  json_t *physical = json_object();
  ipg_json_set(ctx, physical, "artifactLocation",
               artifact_location(ctx, sg->file ? sg->file : "", true));
  if (sg->line)
    ipg_json_set(ctx, physical, "region", region_json(ctx, sg));
  json_t *o = json_object();
  ipg_json_set(ctx, o, "physicalLocation", physical);
  if (sg->module) {
    json_t *logical = json_object();
    ipg_json_set(ctx, logical, "fullyQualifiedName", ipg_json_str(sg->module));
    ipg_json_set(ctx, logical, "kind", json_string("module"));
    json_t *logicals = json_array();
    ipg_json_append(ctx, logicals, logical);
    ipg_json_set(ctx, o, "logicalLocations", logicals);
  }
  json_t *arr = json_array();
  ipg_json_append(ctx, arr, o);
  return arr;
}

/* "<action> — saves 40.1 ms at start-up (<reason>)"; a member of a group
   says that the saving needs the other changes too. */
static json_t *result_message(ipg_json_ctx *ctx, const impgraph_suggestions *s,
                              const impgraph_suggestion *sg) {
  ipg_buf text;
  ipg_buf_init(&text);
  const char *action = sg->action ? sg->action : rule_text_of(rule_slot(sg->kind))->short_text;
  ipg_buf_printf(&text, "%s \xe2\x80\x94 saves ", action);
  ipg_put_duration(&text, sg->savings_us);
  ipg_buf_puts(&text, " at start-up");
  const impgraph_suggestion_group *group =
      sg->group < s->groups.len ? ipg_vec_at(&s->groups, sg->group) : NULL;
  if (group && group->member_count > 1)
    ipg_buf_printf(&text, " together with %zu other change%s of its group", group->member_count - 1,
                   group->member_count == 2 ? "" : "s");
  if (sg->reason)
    ipg_buf_printf(&text, " (%s)", sg->reason);
  json_t *o = text.failed ? NULL : message(ctx, text.data);
  ipg_buf_free(&text);
  return o;
}

static json_t *properties_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "savings_us", json_integer((json_int_t)sg->savings_us));
  ipg_json_set(ctx, o, "savings_alone_us", json_integer((json_int_t)sg->savings_alone_us));
  ipg_json_set(ctx, o, "group", json_integer((json_int_t)sg->group));
  ipg_json_set(ctx, o, "risk", json_string(sg->risk == IMPGRAPH_RISK_REVIEW ? "review" : "safe"));
  ipg_json_set(ctx, o, "risk_reason", ipg_json_str(sg->risk_reason));
  ipg_json_set(ctx, o, "module", ipg_json_str(sg->module));
  ipg_json_set(ctx, o, "import", ipg_json_str(sg->import));
  json_t *dropped = json_array();
  for (size_t i = 0; sg->dropped && i < sg->dropped_count; i++)
    ipg_json_append(ctx, dropped, ipg_json_str(sg->dropped[i]));
  ipg_json_set(ctx, o, "dropped", dropped);
  return o;
}

static json_t *replacement_json(ipg_json_ctx *ctx, const impgraph_text_edit *e) {
  json_t *o = json_object();
  json_t *deleted = json_object();
  uint32_t start = e->range.start_byte;
  uint32_t length = e->range.end_byte > start ? e->range.end_byte - start : 0;
  ipg_json_set(ctx, deleted, "byteOffset", json_integer(start));
  ipg_json_set(ctx, deleted, "byteLength", json_integer(length));
  ipg_json_set(ctx, o, "deletedRegion", deleted);
  if (e->new_text && *e->new_text) {
    json_t *content = json_object();
    ipg_json_set(ctx, content, "text", ipg_json_str(e->new_text));
    ipg_json_set(ctx, content, "binary", base64_json(e->new_text, strlen(e->new_text)));
    ipg_json_set(ctx, o, "insertedContent", content);
  }
  return o;
}

/* One artifactChange per file, files in the order of their first edit; the
   edits of a file keep their (file) order. */
static json_t *fixes_json(ipg_json_ctx *ctx, const impgraph_suggestion *sg) {
  json_t *changes = json_array();
  for (size_t i = 0; i < sg->edit_count; i++) {
    const char *file = sg->edits[i].file ? sg->edits[i].file : "";
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = strcmp(sg->edits[k].file ? sg->edits[k].file : "", file) == 0;
    if (seen)
      continue;
    json_t *change = json_object();
    ipg_json_set(ctx, change, "artifactLocation", artifact_location(ctx, file, true));
    json_t *replacements = json_array();
    for (size_t k = i; k < sg->edit_count; k++)
      if (strcmp(sg->edits[k].file ? sg->edits[k].file : "", file) == 0)
        ipg_json_append(ctx, replacements, replacement_json(ctx, &sg->edits[k]));
    ipg_json_set(ctx, change, "replacements", replacements);
    ipg_json_append(ctx, changes, change);
  }
  json_t *fix = json_object();
  ipg_json_set(ctx, fix, "description", message(ctx, sg->action ? sg->action : "apply the change"));
  ipg_json_set(ctx, fix, "artifactChanges", changes);
  json_t *arr = json_array();
  ipg_json_append(ctx, arr, fix);
  return arr;
}

/* `hashes`: fingerprint_hash() of every suggestion. */
static json_t *result_json(ipg_json_ctx *ctx, const impgraph_suggestions *s, size_t index,
                           const size_t *rule_index, const uint64_t *hashes) {
  const impgraph_suggestion *sg = ipg_suggestion_at(s, index);
  json_t *o = json_object();
  size_t slot = rule_slot(sg->kind);
  ipg_json_set(
      ctx, o, "ruleId",
      json_string(slot < RULE_COUNT ? impgraph_suggestion_kind_name(sg->kind) : "unknown"));
  ipg_json_set(ctx, o, "ruleIndex", json_integer((json_int_t)rule_index[slot]));
  ipg_json_set(ctx, o, "level",
               json_string(sg->savings_us >= WARNING_SAVINGS_US ? "warning" : "note"));
  ipg_json_set(ctx, o, "message", result_message(ctx, s, sg));
  ipg_json_set(ctx, o, "locations", location_json(ctx, sg));
  /* Occurrence number among earlier results with the same hash (two
     from-imports of one module in one file), as GitHub's own fingerprints
     do: "<hash>:<n>". */
  uint64_t hash = hashes[index];
  size_t occurrence = 1;
  for (size_t k = 0; k < index; k++)
    occurrence += hashes[k] == hash;
  char fingerprint[48];
  snprintf(fingerprint, sizeof fingerprint, "%016llx:%zu", (unsigned long long)hash, occurrence);
  json_t *fingerprints = json_object();
  ipg_json_set(ctx, fingerprints, FINGERPRINT_KEY, json_string(fingerprint));
  ipg_json_set(ctx, o, "partialFingerprints", fingerprints);
  ipg_json_set(ctx, o, "properties", properties_json(ctx, sg));
  if (sg->edit_count && sg->edits)
    ipg_json_set(ctx, o, "fixes", fixes_json(ctx, sg));
  return o;
}

static json_t *notification_json(ipg_json_ctx *ctx, const impgraph_diagnostic *d) {
  json_t *o = json_object();
  ipg_json_set(ctx, o, "level", json_string(ipg_severity_name(d->severity)));
  ipg_json_set(ctx, o, "message", message(ctx, d->message ? d->message : ""));
  json_t *descriptor = json_object();
  ipg_json_set(ctx, descriptor, "id", ipg_json_str(d->code ? d->code : "unknown"));
  ipg_json_set(ctx, o, "descriptor", descriptor);
  /* "<buffer>", "<profile>": not a file. */
  if (d->path && *d->path && d->path[0] != '<') {
    json_t *physical = json_object();
    ipg_json_set(ctx, physical, "artifactLocation", artifact_location(ctx, d->path, false));
    if (d->line) {
      json_t *region = json_object();
      ipg_json_set(ctx, region, "startLine", json_integer(d->line));
      if (d->column)
        ipg_json_set(ctx, region, "startColumn", json_integer(d->column));
      ipg_json_set(ctx, physical, "region", region);
    }
    json_t *location = json_object();
    ipg_json_set(ctx, location, "physicalLocation", physical);
    json_t *locations = json_array();
    ipg_json_append(ctx, locations, location);
    ipg_json_set(ctx, o, "locations", locations);
  }
  return o;
}

static json_t *invocations_json(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  json_t *invocation = json_object();
  ipg_json_set(ctx, invocation, "executionSuccessful", json_true());
  if (s->diagnostics.len) {
    json_t *notes = json_array();
    for (size_t i = 0; i < s->diagnostics.len; i++)
      ipg_json_append(ctx, notes, notification_json(ctx, ipg_vec_at(&s->diagnostics, i)));
    ipg_json_set(ctx, invocation, "toolExecutionNotifications", notes);
  }
  json_t *arr = json_array();
  ipg_json_append(ctx, arr, invocation);
  return arr;
}

static json_t *run_properties(ipg_json_ctx *ctx, const impgraph_suggestions *s) {
  const impgraph_suggest_info *info = &s->info;
  json_t *o = json_object();
  ipg_json_set(ctx, o, "measured", json_boolean(info->measured));
  ipg_json_set(ctx, o, "profile_command", ipg_json_str(info->profile_command));
  ipg_json_set(ctx, o, "estimated_modules", json_integer((json_int_t)info->estimated_modules));
  ipg_json_set(ctx, o, "startup_us", json_integer((json_int_t)info->startup_us));
  ipg_json_set(ctx, o, "predicted_startup_us",
               json_integer((json_int_t)info->predicted_startup_us));
  char target[IPG_PYVERSION_SIZE], min[IPG_PYVERSION_SIZE];
  const char *target_text =
      ipg_format_python_version(target, info->target_major, info->target_minor);
  const char *min_text = ipg_format_python_version(min, info->min_major, info->min_minor);
  ipg_json_set(ctx, o, "python_target", ipg_json_str(target_text));
  ipg_json_set(ctx, o, "python_min", ipg_json_str(min_text));
  json_t *entries = json_array();
  for (size_t i = 0; i < s->entries.len; i++) {
    const impgraph_report_entry *e = ipg_vec_at(&s->entries, i);
    json_t *entry = json_object();
    ipg_json_set(ctx, entry, "label", ipg_json_str(e->label));
    ipg_json_set(ctx, entry, "startup_us", json_integer((json_int_t)e->startup_us));
    ipg_json_set(ctx, entry, "predicted_startup_us",
                 json_integer((json_int_t)e->predicted_startup_us));
    ipg_json_append(ctx, entries, entry);
  }
  ipg_json_set(ctx, o, "entries", entries);
  return o;
}

int ipg_render_suggest_sarif(ipg_buf *out, const impgraph_suggestions *s) {
  ipg_json_ctx ctx = {false};
  /* Rules: one per kind used, in kind order; rule_index maps a kind's slot
     to its index in the array. */
  bool used[RULE_COUNT + 1] = {false};
  size_t rule_index[RULE_COUNT + 1] = {0};
  for (size_t i = 0; i < s->suggestions.len; i++)
    used[rule_slot(ipg_suggestion_at(s, i)->kind)] = true;
  json_t *rules = json_array();
  size_t rule_count = 0;
  for (size_t slot = 0; slot <= RULE_COUNT; slot++) {
    if (!used[slot])
      continue;
    rule_index[slot] = rule_count++;
    ipg_json_append(&ctx, rules, rule_json(&ctx, slot));
  }

  json_t *driver = json_object();
  ipg_json_set(&ctx, driver, "name", json_string("impgraph"));
  ipg_json_set(&ctx, driver, "version", json_string(impgraph_version()));
  ipg_json_set(&ctx, driver, "semanticVersion", json_string(impgraph_version()));
  ipg_json_set(&ctx, driver, "rules", rules);
  json_t *tool = json_object();
  ipg_json_set(&ctx, tool, "driver", driver);

  json_t *base_ids = json_object();
  json_t *srcroot = json_object();
  ipg_json_set(&ctx, srcroot, "description",
               message(&ctx, "The project root: the files of the results are relative to it."));
  ipg_json_set(&ctx, base_ids, SRCROOT, srcroot);

  uint64_t *hashes = malloc((s->suggestions.len + 1) * sizeof *hashes);
  if (!hashes)
    ctx.failed = true;
  json_t *results = json_array();
  for (size_t i = 0; hashes && i < s->suggestions.len; i++)
    hashes[i] = fingerprint_hash(ipg_suggestion_at(s, i));
  for (size_t i = 0; hashes && i < s->suggestions.len; i++)
    ipg_json_append(&ctx, results, result_json(&ctx, s, i, rule_index, hashes));
  free(hashes);

  json_t *run = json_object();
  ipg_json_set(&ctx, run, "tool", tool);
  ipg_json_set(&ctx, run, "invocations", invocations_json(&ctx, s));
  ipg_json_set(&ctx, run, "originalUriBaseIds", base_ids);
  ipg_json_set(&ctx, run, "columnKind", json_string("unicodeCodePoints"));
  ipg_json_set(&ctx, run, "results", results);
  ipg_json_set(&ctx, run, "properties", run_properties(&ctx, s));
  json_t *runs = json_array();
  ipg_json_append(&ctx, runs, run);

  json_t *root = json_object();
  ipg_json_set(&ctx, root, "$schema", json_string(SARIF_SCHEMA));
  ipg_json_set(&ctx, root, "version", json_string("2.1.0"));
  ipg_json_set(&ctx, root, "runs", runs);
  if (!root)
    ctx.failed = true;
  return ipg_json_dump(out, &ctx, root, 0);
}
