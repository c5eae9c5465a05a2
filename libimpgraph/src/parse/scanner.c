/* The scanner frame: options, the tree-sitter parser handle, decoding of the
 * input (BOM, PEP 263 cookies, NUL bytes, CR line endings), the parse with
 * its time budget, syntax-error diagnostics, and the accessors of the result.
 * The extraction of the records lives in extract.c. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"

struct impgraph_scanner {
  TSParser *parser;
  /* The last scan's tree, deleted just before the next parse: tree-sitter
     then takes its nodes' memory straight back from the allocator's caches,
     as a loop of parse + delete does, instead of the scan's own allocations
     in between first sorting thousands of freed nodes (glibc consolidates
     its fast bins before any allocation of 1 kB or more). */
  TSTree *previous_tree;
  impgraph_scan_options opts;
  ipg_extractor extractor; /* grammar symbols and buffers of the extraction */
};

/* Syntax errors reported per file: enough to locate the problem without
 * flooding the report when a whole file is not Python. */
#define IPG_MAX_SYNTAX_DIAGNOSTICS 10

int impgraph_scan_options_init(impgraph_scan_options *opts, uint32_t version) {
  if (!opts)
    return IMPGRAPH_EINVAL;
  if (version != IMPGRAPH_SCAN_OPTIONS_VERSION)
    return IMPGRAPH_EVERSION;
  impgraph_scan_options defaults = IMPGRAPH_SCAN_OPTIONS_INIT;
  *opts = defaults;
  return IMPGRAPH_OK;
}

int ipg_check_grammar_abi(uint32_t abi, impgraph_error *err) {
  if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || abi > TREE_SITTER_LANGUAGE_VERSION)
    return ipg_fail(err, IMPGRAPH_EABI,
                    "tree-sitter-python grammar has ABI %u but the tree-sitter runtime "
                    "supports ABI %u..%u: rebuild with a matching grammar "
                    "(tree-sitter-python 0.23.x is ABI 14)",
                    (unsigned)abi, (unsigned)TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
                    (unsigned)TREE_SITTER_LANGUAGE_VERSION);
  return IMPGRAPH_OK;
}

int impgraph_scanner_new(impgraph_scanner **out, const impgraph_scan_options *opts,
                         impgraph_error *err) {
  if (!out)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_scanner_new: out is NULL");
  *out = NULL;
  impgraph_scan_options defaults = IMPGRAPH_SCAN_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (opts->version != IMPGRAPH_SCAN_OPTIONS_VERSION)
    return ipg_fail(err, IMPGRAPH_EVERSION,
                    "impgraph_scanner_new: scan options version %u not supported "
                    "(this library knows %u)",
                    (unsigned)opts->version, (unsigned)IMPGRAPH_SCAN_OPTIONS_VERSION);
  const TSLanguage *language = tree_sitter_python();
  int rc = ipg_check_grammar_abi(ts_language_version(language), err);
  if (rc)
    return rc;
  impgraph_scanner *scanner = calloc(1, sizeof *scanner);
  if (!scanner)
    return ipg_fail(err, IMPGRAPH_ENOMEM, "impgraph_scanner_new: out of memory");
  if (ipg_extractor_init(&scanner->extractor, language) != IMPGRAPH_OK) {
    free(scanner);
    return ipg_fail(err, IMPGRAPH_EABI,
                    "the compiled-in tree-sitter-python grammar lacks node types the "
                    "import extraction needs (built for tree-sitter-python 0.23.x)");
  }
  scanner->parser = ts_parser_new();
  if (!scanner->parser) {
    ipg_extractor_free(&scanner->extractor);
    free(scanner);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "impgraph_scanner_new: out of memory");
  }
  if (!ts_parser_set_language(scanner->parser, language)) {
    ts_parser_delete(scanner->parser);
    ipg_extractor_free(&scanner->extractor);
    free(scanner);
    return ipg_fail(err, IMPGRAPH_EABI,
                    "tree-sitter runtime refused the tree-sitter-python grammar (ABI %u)",
                    (unsigned)ts_language_version(language));
  }
  scanner->opts = *opts;
  *out = scanner;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

void impgraph_scanner_free(impgraph_scanner *scanner) {
  if (!scanner)
    return;
  ts_tree_delete(scanner->previous_tree);
  ts_parser_delete(scanner->parser);
  ipg_extractor_free(&scanner->extractor);
  free(scanner);
}

void impgraph_scan_free(impgraph_scan *scan) {
  if (!scan)
    return;
  ipg_vec_free(&scan->imports);
  ipg_vec_free(&scan->uses);
  ipg_vec_free(&scan->definitions);
  ipg_vec_free(&scan->local_refs);
  ipg_vec_free(&scan->cli_commands);
  ipg_vec_free(&scan->effects);
  ipg_vec_free(&scan->diagnostics);
  ipg_vec_free(&scan->guards);
  ipg_vec_free(&scan->guard_sets);
  free(scan->text);
  ipg_arena_free(&scan->arena);
  free(scan);
}

int ipg_scan_add_diagnostic(impgraph_scan *scan, impgraph_severity severity, const char *code,
                            uint32_t line, uint32_t column, const char *fmt, ...) {
  impgraph_diagnostic *d = ipg_vec_push(&scan->diagnostics);
  if (!d)
    return IMPGRAPH_ENOMEM;
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  d->severity = severity;
  d->code = code; /* codes are static strings */
  d->path = scan->path;
  d->line = line;
  d->column = column;
  d->message = ipg_arena_strdup(&scan->arena, message);
  return d->message ? IMPGRAPH_OK : IMPGRAPH_ENOMEM;
}

/* ---- decoding ---- */

/* Line and column (1-based, bytes) of byte offset `at` in text. */
static void position_of(const char *text, size_t at, uint32_t *line, uint32_t *column) {
  uint32_t l = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; i++) {
    if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) {
      l++;
      line_start = i + 1;
    }
  }
  *line = l;
  *column = (uint32_t)(at - line_start + 1);
}

/* PEP 263: a comment matching `coding[:=]\s*([-\w.]+)` on line 1, or on
 * line 2 when line 1 is blank or a comment. Writes the lower-cased name. */
static bool find_coding_cookie(const char *text, size_t len, char *name, size_t name_size,
                               uint32_t *cookie_line) {
  size_t pos = 0;
  for (uint32_t line = 1; line <= 2 && pos < len; line++) {
    size_t end = pos;
    while (end < len && text[end] != '\n' && text[end] != '\r')
      end++;
    size_t i = pos;
    while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\f'))
      i++;
    bool comment = i < end && text[i] == '#';
    if (comment) {
      for (size_t k = i; k + 7 <= end; k++) {
        if (memcmp(text + k, "coding", 6) == 0 && (text[k + 6] == ':' || text[k + 6] == '=')) {
          size_t v = k + 7;
          while (v < end && (text[v] == ' ' || text[v] == '\t'))
            v++;
          size_t n = 0;
          while (v < end && n + 1 < name_size &&
                 (isalnum((unsigned char)text[v]) || text[v] == '-' || text[v] == '_' ||
                  text[v] == '.'))
            name[n++] = (char)tolower((unsigned char)text[v++]);
          name[n] = '\0';
          if (n) {
            *cookie_line = line;
            return true;
          }
        }
      }
    } else if (i < end) {
      return false; /* line 1 is code: no cookie on line 2 */
    }
    pos = end;
    if (pos < len && text[pos] == '\r')
      pos++;
    if (pos < len && text[pos] == '\n')
      pos++;
  }
  return false;
}

static bool is_utf8_name(const char *name) {
  /* Python normalises utf_8, utf8, utf-8-sig, u8 ... */
  char norm[64];
  size_t n = 0;
  for (const char *p = name; *p && n + 1 < sizeof norm; p++)
    if (*p != '-' && *p != '_')
      norm[n++] = *p;
  norm[n] = '\0';
  return strcmp(norm, "utf8") == 0 || strcmp(norm, "u8") == 0 || strcmp(norm, "utf") == 0 ||
         strcmp(norm, "utf8sig") == 0 || strcmp(norm, "ascii") == 0 ||
         strcmp(norm, "usascii") == 0;
}

/* Decodes `len` bytes in `encoding` to UTF-8 with iconv. Returns a malloc'd
 * buffer (NUL-terminated) or NULL, with *bad_offset set to the input offset
 * of the first undecodable byte when that was the reason. */
static char *decode_to_utf8(const char *encoding, const char *src, size_t len, size_t *out_len,
                            size_t *bad_offset, bool *unknown_encoding) {
  *bad_offset = SIZE_MAX;
  *unknown_encoding = false;
  char iconv_name[80];
  /* Python spellings iconv does not know. */
  if (strcmp(encoding, "latin-1") == 0 || strcmp(encoding, "latin_1") == 0 ||
      strcmp(encoding, "iso_8859_1") == 0)
    snprintf(iconv_name, sizeof iconv_name, "ISO-8859-1");
  else
    snprintf(iconv_name, sizeof iconv_name, "%s", encoding);
  for (char *p = iconv_name; *p; p++)
    if (*p == '_')
      *p = '-';
  iconv_t cd = iconv_open("UTF-8", iconv_name);
  if (cd == (iconv_t)-1) {
    *unknown_encoding = true;
    return NULL;
  }
  size_t cap = len * 4 + 16;
  char *out = malloc(cap);
  if (!out) {
    iconv_close(cd);
    return NULL;
  }
  char *in_ptr = (char *)src, *out_ptr = out;
  size_t in_left = len, out_left = cap - 1;
  size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == (size_t)-1) {
    *bad_offset = (size_t)(in_ptr - src);
    free(out);
    return NULL;
  }
  *out_ptr = '\0';
  *out_len = (size_t)(out_ptr - out);
  return out;
}

/* ---- syntax errors ---- */

static int report_syntax_errors(impgraph_scan *scan, TSNode root, const char *text, size_t text_len,
                                uint32_t byte_delta) {
  if (!ts_node_has_error(root))
    return IMPGRAPH_OK;
  int reported = 0, total = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool descend = true;
  int rc = IMPGRAPH_OK;
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    bool is_error = ts_node_symbol(node) == IPG_TS_ERROR_SYMBOL;
    bool is_missing = ts_node_is_missing(node);
    /* `lazy import x` (PEP 810) is valid Python the grammar predates; the
     * extraction records it as a lazy import. */
    bool lazy_keyword = is_error && ipg_lazy_keyword_error(node, text, text_len, NULL);
    if ((is_error || is_missing) && !lazy_keyword) {
      total++;
      if (reported < IPG_MAX_SYNTAX_DIAGNOSTICS) {
        TSPoint p = ts_node_start_point(node);
        uint32_t start = ts_node_start_byte(node);
        const char *hint = "";
        if (is_error && (strncmp(text + start, "print ", 6) == 0 ||
                         strncmp(text + start, "exec ", 5) == 0))
          hint = " (Python 2 source?)";
        if (is_missing)
          rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "syntax-error", p.row + 1,
                                       p.column + 1, "syntax error: missing '%s'",
                                       ts_node_type(node));
        else
          rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "syntax-error", p.row + 1,
                                       p.column + 1, "syntax error%s", hint);
        if (rc)
          break;
        reported++;
      }
    }
    /* Only subtrees that contain errors are worth entering. */
    if (descend && !is_error && ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor))
      continue;
    descend = true;
    if (ts_tree_cursor_goto_next_sibling(&cursor))
      continue;
    bool done = true;
    while (ts_tree_cursor_goto_parent(&cursor)) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        done = false;
        break;
      }
    }
    if (done)
      break;
  }
  ts_tree_cursor_delete(&cursor);
  (void)byte_delta;
  if (!rc && total > reported)
    rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_NOTE, "syntax-error", 0, 0,
                                 "%d more syntax errors not listed", total - reported);
  return rc;
}

/* ---- scanning ---- */

static int scan_text(impgraph_scanner *scanner, impgraph_scan *scan) {
  const char *text = scan->text;
  size_t len = scan->text_len;
  uint32_t byte_delta = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    byte_delta = 3;
  const char *body = text + byte_delta;
  size_t body_len = len - byte_delta;

  size_t bad = ipg_utf8_invalid_at(body, body_len);
  if (bad != SIZE_MAX) {
    uint32_t line, column;
    position_of(body, bad, &line, &column);
    int rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "encoding", line, column,
                                     "invalid UTF-8 byte 0x%02X (Python refuses to import "
                                     "this file; add a PEP 263 coding cookie or re-encode it)",
                                     (unsigned)(unsigned char)body[bad]);
    if (rc)
      return rc;
  }

  /* NUL bytes end the input for the grammar's lexer and lone CRs are not
   * newlines to it, though Python treats them as line ends: parse a
   * same-length copy with both replaced, so every offset stays valid. */
  char *parse_copy = NULL;
  const char *nul = memchr(body, '\0', body_len);
  bool lone_cr = false;
  for (const char *p = memchr(body, '\r', body_len); p;
       p = memchr(p + 1, '\r', body_len - (size_t)(p + 1 - body))) {
    if ((size_t)(p + 1 - body) >= body_len || p[1] != '\n') {
      lone_cr = true;
      break;
    }
  }
  if (nul) {
    uint32_t line, column;
    position_of(body, (size_t)(nul - body), &line, &column);
    int rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "nul-byte", line, column,
                                     "source contains a NUL byte (Python refuses to import it)");
    if (rc)
      return rc;
  }
  if (nul || lone_cr) {
    parse_copy = malloc(body_len + 1);
    if (!parse_copy)
      return IMPGRAPH_ENOMEM;
    memcpy(parse_copy, body, body_len);
    parse_copy[body_len] = '\0';
    for (size_t i = 0; i < body_len; i++) {
      if (parse_copy[i] == '\0')
        parse_copy[i] = ' ';
      else if (parse_copy[i] == '\r' && (i + 1 >= body_len || parse_copy[i + 1] != '\n'))
        parse_copy[i] = '\n';
    }
    body = parse_copy;
  }

  if (body_len > UINT32_MAX) {
    free(parse_copy);
    return ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "too-large", 0, 0,
                                   "source is larger than 4 GiB; not parsed");
  }
  ts_parser_set_timeout_micros(scanner->parser, scanner->opts.timeout_us);
  ts_tree_delete(scanner->previous_tree);
  scanner->previous_tree = NULL;
  TSTree *tree = ts_parser_parse_string(scanner->parser, NULL, body, (uint32_t)body_len);
  if (!tree) {
    ts_parser_reset(scanner->parser);
    free(parse_copy);
    return ipg_scan_add_diagnostic(
        scan, IMPGRAPH_SEVERITY_ERROR, "timeout", 0, 0,
        "parse exceeded its time budget of %llu ms; imports of this file are unknown",
        (unsigned long long)(scanner->opts.timeout_us / 1000));
  }
  TSNode root = ts_tree_root_node(tree);
  int rc = report_syntax_errors(scan, root, body, body_len, byte_delta);
  if (!rc)
    rc = ipg_extract(scan, &scanner->extractor, tree, body, body_len, byte_delta);
  scanner->previous_tree = tree;
  free(parse_copy);
  return rc;
}

/* Sets scan->text to the UTF-8 text to parse: the input, or its decoding
 * when a PEP 263 cookie names another encoding. `owned` (NULL, or `source`
 * itself: malloc'd and NUL-terminated) is taken over: kept as the text
 * when it needs no decoding, else freed. */
static int load_text(impgraph_scan *scan, const char *source, size_t len, char *owned) {
  char cookie[64];
  uint32_t cookie_line = 0;
  bool has_bom = len >= 3 && memcmp(source, "\xEF\xBB\xBF", 3) == 0;
  if (!has_bom && find_coding_cookie(source, len, cookie, sizeof cookie, &cookie_line) &&
      !is_utf8_name(cookie)) {
    size_t bad, out_len = 0;
    bool unknown;
    char *decoded = decode_to_utf8(cookie, source, len, &out_len, &bad, &unknown);
    if (decoded) {
      free(owned);
      scan->text = decoded;
      scan->text_len = out_len;
      return IMPGRAPH_OK;
    }
    int rc;
    if (unknown) {
      rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "encoding", cookie_line, 1,
                                   "unknown encoding '%s' in coding cookie; parsed as UTF-8",
                                   cookie);
    } else if (bad != SIZE_MAX) {
      uint32_t line, column;
      position_of(source, bad, &line, &column);
      rc = ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "encoding", line, column,
                                   "byte 0x%02X cannot be decoded as '%s'; parsed as UTF-8",
                                   (unsigned)(unsigned char)source[bad], cookie);
    } else {
      free(owned);
      return IMPGRAPH_ENOMEM;
    }
    if (rc) {
      free(owned);
      return rc;
    }
  }
  if (owned) {
    scan->text = owned;
    scan->text_len = len;
    return IMPGRAPH_OK;
  }
  scan->text = malloc(len + 1);
  if (!scan->text)
    return IMPGRAPH_ENOMEM;
  if (len)
    memcpy(scan->text, source, len);
  scan->text[len] = '\0';
  scan->text_len = len;
  return IMPGRAPH_OK;
}

/* impgraph_scanner_scan(), taking over `owned` (see load_text). */
static int scan_source(impgraph_scanner *scanner, impgraph_scan **out, const char *path,
                       const char *source, size_t len, char *owned, impgraph_error *err) {
  impgraph_scan *scan = calloc(1, sizeof *scan);
  if (!scan) {
    free(owned);
    return ipg_fail(err, IMPGRAPH_ENOMEM, "%s: out of memory", path ? path : "<buffer>");
  }
  ipg_arena_init(&scan->arena);
  ipg_vec_init(&scan->imports, sizeof(impgraph_import));
  ipg_vec_init(&scan->uses, sizeof(impgraph_use));
  ipg_vec_init(&scan->definitions, sizeof(impgraph_definition));
  ipg_vec_init(&scan->local_refs, sizeof(impgraph_local_ref));
  ipg_vec_init(&scan->cli_commands, sizeof(impgraph_cli_command));
  ipg_vec_init(&scan->effects, sizeof(impgraph_effect));
  ipg_vec_init(&scan->diagnostics, sizeof(impgraph_diagnostic));
  ipg_vec_init(&scan->guards, sizeof(impgraph_guard));
  ipg_vec_init(&scan->guard_sets, sizeof(ipg_guard_set));
  int rc = IMPGRAPH_OK;
  scan->path = ipg_arena_strdup(&scan->arena, path ? path : "<buffer>");
  if (!scan->path) {
    free(owned);
    rc = IMPGRAPH_ENOMEM;
  } else if (scanner->opts.max_bytes && len > scanner->opts.max_bytes) {
    free(owned);
    scan->text = calloc(1, 1);
    rc = !scan->text ? IMPGRAPH_ENOMEM
                     : ipg_scan_add_diagnostic(scan, IMPGRAPH_SEVERITY_ERROR, "too-large", 0, 0,
                                               "source is %zu bytes, over the %llu-byte cap; "
                                               "not parsed",
                                               len, (unsigned long long)scanner->opts.max_bytes);
  } else {
    rc = load_text(scan, source, len, owned);
    if (!rc)
      rc = scan_text(scanner, scan);
  }
  if (rc) {
    impgraph_scan_free(scan);
    return ipg_fail(err, rc, "%s: %s while scanning", path ? path : "<buffer>",
                    impgraph_strerror(rc));
  }
  *out = scan;
  ipg_ok(err);
  return IMPGRAPH_OK;
}

int impgraph_scanner_scan(impgraph_scanner *scanner, impgraph_scan **out, const char *path,
                          const char *source, size_t len, impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!scanner || !out || (!source && len > 0))
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_scanner_scan: %s is NULL",
                    !scanner ? "scanner" : !out ? "out" : "source");
  return scan_source(scanner, out, path, source ? source : "", len, NULL, err);
}

int impgraph_scanner_scan_file(impgraph_scanner *scanner, impgraph_scan **out, const char *path,
                               impgraph_error *err) {
  if (out)
    *out = NULL;
  if (!scanner || !out || !path)
    return ipg_fail(err, IMPGRAPH_EINVAL, "impgraph_scanner_scan_file: NULL argument");
  char *data;
  size_t len;
  int rc = ipg_read_file(path, &data, &len, err);
  if (rc)
    return rc;
  /* The buffer read becomes the scan's text: no second copy. */
  return scan_source(scanner, out, path, data, len, data, err);
}

/* ---- accessors ---- */

const char *impgraph_scan_path(const impgraph_scan *scan) { return scan ? scan->path : NULL; }

const char *impgraph_scan_text(const impgraph_scan *scan, size_t *len) {
  if (len)
    *len = scan ? scan->text_len : 0;
  return scan ? scan->text : NULL;
}

size_t impgraph_scan_import_count(const impgraph_scan *scan) {
  return scan ? scan->imports.len : 0;
}

const impgraph_import *impgraph_scan_import(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->imports.len ? ipg_vec_at(&scan->imports, index) : NULL;
}

const impgraph_guard *impgraph_scan_import_guards(const impgraph_scan *scan, size_t index,
                                                  size_t *count) {
  if (count)
    *count = 0;
  if (!scan || index >= scan->imports.len || !scan->guard_sets.len)
    return NULL;
  const impgraph_import *rec = ipg_vec_at(&scan->imports, index);
  const ipg_guard_set *sets = scan->guard_sets.data;
  size_t lo = 0, hi = scan->guard_sets.len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (sets[mid].at < rec->statement.start_byte)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == scan->guard_sets.len || sets[lo].at != rec->statement.start_byte)
    return NULL;
  if (count)
    *count = sets[lo].count;
  return ipg_vec_at(&scan->guards, sets[lo].first);
}

size_t impgraph_scan_use_count(const impgraph_scan *scan) { return scan ? scan->uses.len : 0; }

const impgraph_use *impgraph_scan_use(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->uses.len ? ipg_vec_at(&scan->uses, index) : NULL;
}

size_t impgraph_scan_definition_count(const impgraph_scan *scan) {
  return scan ? scan->definitions.len : 0;
}

const impgraph_definition *impgraph_scan_definition(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->definitions.len ? ipg_vec_at(&scan->definitions, index) : NULL;
}

size_t impgraph_scan_local_ref_count(const impgraph_scan *scan) {
  return scan ? scan->local_refs.len : 0;
}

const impgraph_local_ref *impgraph_scan_local_ref(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->local_refs.len ? ipg_vec_at(&scan->local_refs, index) : NULL;
}

size_t impgraph_scan_cli_command_count(const impgraph_scan *scan) {
  return scan ? scan->cli_commands.len : 0;
}

const impgraph_cli_command *impgraph_scan_cli_command(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->cli_commands.len ? ipg_vec_at(&scan->cli_commands, index) : NULL;
}

size_t impgraph_scan_effect_count(const impgraph_scan *scan) {
  return scan ? scan->effects.len : 0;
}

const impgraph_effect *impgraph_scan_effect(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->effects.len ? ipg_vec_at(&scan->effects, index) : NULL;
}

size_t impgraph_scan_diagnostic_count(const impgraph_scan *scan) {
  return scan ? scan->diagnostics.len : 0;
}

const impgraph_diagnostic *impgraph_scan_diagnostic(const impgraph_scan *scan, size_t index) {
  return scan && index < scan->diagnostics.len ? ipg_vec_at(&scan->diagnostics, index) : NULL;
}
