/* parse — the only user of <tree_sitter/api.h>. Turns one buffer into plain
 * records (impgraph_import, impgraph_use, impgraph_definition,
 * impgraph_local_ref, impgraph_cli_command, impgraph_effect,
 * impgraph_diagnostic) that know nothing of tree-sitter. May include: util,
 * impgraph.h, tree-sitter. */
#ifndef IMPGRAPH_PARSE_H
#define IMPGRAPH_PARSE_H

#include <tree_sitter/api.h>

#include "util/util.h"

struct impgraph_scan {
  ipg_arena arena;  /* every string and names array of the records */
  const char *path; /* in arena */
  char *text;       /* malloc'd copy of the (decoded) source, NUL-terminated */
  size_t text_len;
  ipg_vec imports;      /* impgraph_import */
  ipg_vec uses;         /* impgraph_use */
  ipg_vec definitions;  /* impgraph_definition */
  ipg_vec local_refs;   /* impgraph_local_ref */
  ipg_vec cli_commands; /* impgraph_cli_command */
  ipg_vec effects;      /* impgraph_effect */
  ipg_vec diagnostics;  /* impgraph_diagnostic */
  /* Guard chains (impgraph_scan_import_guards): `guard_sets` holds one
     ipg_guard_set per import statement under some if/elif/else, sorted by
     `at`; its guards are guards[first .. first + count). */
  ipg_vec guards;     /* impgraph_guard */
  ipg_vec guard_sets; /* ipg_guard_set */
};

/* The guards of the import records whose statement starts at byte `at`
   (impgraph_import.statement.start_byte). */
typedef struct ipg_guard_set {
  uint32_t at;
  uint32_t first;
  uint32_t count;
} ipg_guard_set;

/* Adds a diagnostic to the scan (strings copied into the arena).
 * Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_scan_add_diagnostic(impgraph_scan *scan, impgraph_severity severity,
                            const char *code, uint32_t line, uint32_t column,
                            const char *fmt, ...) IPG_PRINTF(6, 7);

/* ---- grammar ---- */

/* tree-sitter's ERROR symbol ((TSSymbol)-1; the 0.20 runtime has neither
 * ts_node_is_error nor ts_builtin_sym_error in api.h). */
#define IPG_TS_ERROR_SYMBOL ((TSSymbol)-1)

/* The symbol table size the kind map covers; tree-sitter-python 0.23.6 has
 * 275 symbols including aliases. */
#define IPG_MAX_SYMBOLS 512

/* Field ids of the grammar that the extraction reads. */
typedef struct ipg_fields {
  TSFieldId alias, alternative, argument, arguments, attribute, body, condition, consequence,
      definition, function, left, module_name, name, object, operator, parameters, return_type,
      right, subject, superclasses, type, type_parameters, value;
} ipg_fields;

/* What the extraction needs to know about the grammar, resolved once per
 * scanner: symbol names are looked up by linear search, far too slow to
 * repeat for every file. `kind` maps a public TSSymbol to an IPG_K_* code
 * (extract.h); symbols the extraction ignores map to 0, and ERROR
 * (ts_builtin_sym_error, outside the table) is handled apart. */
typedef struct ipg_grammar {
  uint32_t symbol_count;
  uint8_t kind[IPG_MAX_SYMBOLS];
  ipg_fields field;
} ipg_grammar;

/* Resolves every symbol and field the extraction uses. Returns IMPGRAPH_OK,
 * or IMPGRAPH_EABI when the grammar lacks one of them (a grammar version the
 * extraction was not written for). */
int ipg_grammar_init(ipg_grammar *g, const TSLanguage *language);

/* PEP 810: tree-sitter-python 0.23.6 does not know the soft keyword `lazy`
 * and parses `lazy import x` as an ERROR node holding the identifier `lazy`
 * followed by an ordinary import statement. True when `node` is such an
 * ERROR: exactly the identifier `lazy`, at the start of a statement (line
 * start, after `;` or after the `:` of a one-line compound statement),
 * followed (after blanks and line continuations) by the keyword `import` or
 * `from`; *import_start then gets the byte offset (in `text`) where that
 * keyword starts. The extraction flags an import statement LAZY by the same
 * textual rule (ipg_lazy_prefix in extract.h). */
bool ipg_lazy_keyword_error(TSNode node, const char *text, size_t len, uint32_t *import_start);

/* ---- extraction ---- */

typedef struct ipg_frame ipg_frame; /* extract.h */

/* Per-scanner state of the extraction: the grammar's symbols, and buffers
 * reused from one source to the next (a fresh large allocation after a parse
 * makes glibc consolidate the parser's freed chunks, which would cost more
 * than the extraction itself). */
typedef struct ipg_extractor {
  ipg_grammar grammar;
  ipg_frame *frames; /* context of each depth of the current path */
  size_t frame_cap;
  ipg_vec positions;    /* ipg_pos: candidate byte positions */
  ipg_vec names;        /* ipg_name: import-bound names */
  uint32_t *name_slots; /* open-addressing index into `names` */
  uint32_t name_slot_count;
  ipg_vec pending_calls; /* ipg_pending_call */
  ipg_vec items;         /* ipg_import_item of the statement at hand */
  ipg_vec guard_conds;   /* ipg_guard_cond: if/elif conditions of the path */
  TSTreeCursor cursors[3];
  bool have_cursors;
} ipg_extractor;

/* Resolves the grammar (see ipg_grammar_init) and prepares empty buffers.
 * Returns IMPGRAPH_OK or IMPGRAPH_EABI. */
int ipg_extractor_init(ipg_extractor *x, const TSLanguage *language);
void ipg_extractor_free(ipg_extractor *x);

/* Walks `tree` (parsed from `text`, which starts `byte_delta` bytes into
 * scan->text: 3 when a UTF-8 BOM was skipped, else 0) and appends every
 * import, every use of an import-bound name, the definitions, local
 * references, CLI commands and import-time effects to `scan`, each kind in
 * source order.
 * Iterative; never recurses on tree depth. Uses `x`'s buffers, so one
 * extractor serves one thread at a time. Returns IMPGRAPH_OK or
 * IMPGRAPH_ENOMEM. */
int ipg_extract(impgraph_scan *scan, ipg_extractor *x, TSTree *tree, const char *text, size_t len,
                uint32_t byte_delta);

/* IMPGRAPH_OK when the tree-sitter runtime linked in can load a grammar of
 * ABI `abi`, else IMPGRAPH_EABI with a message saying what to rebuild. */
int ipg_check_grammar_abi(uint32_t abi, impgraph_error *err);

/* The compiled-in grammar (hidden symbol, never exported). */
const TSLanguage *tree_sitter_python(void);

#endif
