/* Internals of the extraction, shared by the files of parse/ that implement
 * it: extract.c (entry point, candidate positions, the two walks),
 * context.c (how each node changes the context of its children),
 * imports.c (import records), uses.c (use records), records.c (definitions,
 * local references, CLI commands), toplevel.c (the statements that run at
 * import time: module-level names and effects), text.c (text helpers).
 *
 * The design in one paragraph: moving a tree-sitter cursor costs 40-100 ns
 * per node, so a full walk alone would cost 15-20% of the parse. Instead the
 * extraction first finds candidate byte positions in the text (every
 * "import" and "__lazy_modules__" for the import walk; every identifier-like
 * word that an import binds, for the use walk) and each walk only enters the
 * nodes whose byte range contains a candidate: it goes down with
 * ts_tree_cursor_goto_first_child_for_byte and right with
 * goto_next_sibling, stepping over the siblings in between without looking
 * at them. Context (def/class scopes, if/try/with..., roles such as
 * annotation or default value) lives in a heap-allocated frame per depth of
 * the current path, computed from the parent frame when a node is entered,
 * so nothing recurses on tree depth. What a skipped sibling could tell (the
 * conditions of an if/elif chain, the handlers of a try, the target of an
 * assignment) is read through the parent when the parent is entered. */
#ifndef IMPGRAPH_PARSE_EXTRACT_H
#define IMPGRAPH_PARSE_EXTRACT_H

#include "parse/parse.h"

/* Node kinds: what ipg_grammar.kind maps a symbol to. */
enum {
  IPG_K_OTHER = 0,
  IPG_K_MODULE,
  IPG_K_BLOCK,
  IPG_K_ERROR,
  IPG_K_COMMENT,
  IPG_K_IDENTIFIER,
  IPG_K_ATTRIBUTE,
  IPG_K_CALL,
  IPG_K_ARGUMENT_LIST,
  IPG_K_KEYWORD_ARGUMENT,
  IPG_K_LIST_SPLAT,
  IPG_K_DICT_SPLAT,
  IPG_K_STRING,
  IPG_K_STRING_START,
  IPG_K_STRING_CONTENT,
  IPG_K_STRING_END,
  IPG_K_INTEGER,
  IPG_K_IMPORT,
  IPG_K_IMPORT_FROM,
  IPG_K_FUTURE_IMPORT,
  IPG_K_FUTURE_TOKEN, /* the anonymous `__future__` token */
  IPG_K_DOTTED_NAME,
  IPG_K_ALIASED_IMPORT,
  IPG_K_RELATIVE_IMPORT,
  IPG_K_IMPORT_PREFIX,
  IPG_K_WILDCARD_IMPORT,
  IPG_K_FUNCTION_DEF,
  IPG_K_CLASS_DEF,
  IPG_K_DECORATED_DEF,
  IPG_K_DECORATOR,
  IPG_K_LAMBDA,
  IPG_K_PARAMETERS,
  IPG_K_DEFAULT_PARAM,
  IPG_K_TYPED_PARAM,
  IPG_K_TYPED_DEFAULT_PARAM,
  IPG_K_LIST_SPLAT_PATTERN,
  IPG_K_DICT_SPLAT_PATTERN,
  IPG_K_TUPLE_PATTERN,
  IPG_K_LIST_PATTERN,
  IPG_K_PATTERN_LIST,
  IPG_K_AS_PATTERN,
  IPG_K_AS_PATTERN_TARGET,
  IPG_K_TUPLE,
  IPG_K_LIST,
  IPG_K_SET,
  IPG_K_PAREN_EXPR,
  IPG_K_EXPRESSION_LIST,
  IPG_K_IF,
  IPG_K_ELIF,
  IPG_K_ELSE,
  IPG_K_WHILE,
  IPG_K_FOR,
  IPG_K_FOR_IN_CLAUSE,
  IPG_K_TRY,
  IPG_K_EXCEPT,
  IPG_K_FINALLY,
  IPG_K_WITH,
  IPG_K_MATCH,
  IPG_K_CASE_CLAUSE,
  IPG_K_CASE_PATTERN,
  IPG_K_CLASS_PATTERN,
  IPG_K_KEYWORD_PATTERN,
  IPG_K_SPLAT_PATTERN,
  IPG_K_ASSIGNMENT,
  IPG_K_AUG_ASSIGNMENT,
  IPG_K_NAMED_EXPR,
  IPG_K_DELETE,
  IPG_K_GLOBAL,
  IPG_K_TYPE_ALIAS,
  IPG_K_TYPE_PARAMETER,
  IPG_K_TYPE,
  IPG_K_NOT,
  IPG_K_BOOLEAN_OP,
  IPG_K_EXPRESSION_STATEMENT,
  IPG_K_PAIR,
  IPG_K_COUNT
};

/* How identifiers directly below a frame are to be read (ipg_frame.mode). */
enum {
  IPG_M_READ = 0,     /* a load: `np`, `np.array` */
  IPG_M_TARGET,       /* a binding target; pattern containers pass it on */
  IPG_M_SKIP,         /* not a name reference: `x.attr`, `f(kw=...)` */
  IPG_M_DECL,         /* the names of `global` / `nonlocal` */
  IPG_M_PARAMS,       /* the parameter list of a def or lambda */
  IPG_M_PARAM,        /* one default / typed parameter */
  IPG_M_PATTERN,      /* a `case` pattern: bare names capture (bind) */
  IPG_M_PATTERN_VALUE /* a dotted value pattern or a class pattern's class */
};

/* ipg_frame.bits */
enum {
  IPG_F_IN_ERROR = 1u << 0,   /* below an ERROR node */
  IPG_F_ALL_VALUE = 1u << 1,  /* the value assigned to __all__ */
  IPG_F_ASYNC = 1u << 2,      /* function_definition: `async def` */
  IPG_F_OPTIONAL = 1u << 3,   /* try_statement: handlers catch ImportError */
  IPG_F_ALL_TARGET = 1u << 4, /* (aug)assignment to __all__, __all__.extend() */
  IPG_F_SINGLE_NAME = 1u << 5 /* dotted_name of one identifier */
};

/* Kinds of an if/elif condition (ipg_frame.cond). */
enum { IPG_C_OTHER = 1, IPG_C_TC = 2, IPG_C_NOT_TC = 4 };

/* The context of one node of the current path. */
typedef struct ipg_frame {
  const char *scope;  /* qualified scope of the code in this subtree (arena) */
  const char *inner;  /* def / class / lambda: the scope of its body */
  uint32_t ctx;       /* IMPGRAPH_CTX_* an import here gets */
  uint32_t use;       /* IMPGRAPH_USE_* a use here gets (scope and role bits) */
  uint32_t chain_end; /* attribute / dotted value pattern: end byte of the
                         outermost node of the attribute chain */
  uint32_t owner;     /* parameter lists: depth of the def / lambda frame */
  uint32_t start;     /* byte range of the node */
  uint32_t end;
  uint32_t seen_at[3]; /* if: where each IPG_C_* bit (by index) joins the
                          conditions an alternative has seen false */
  uint32_t guard_top;  /* end of the ipg_walker.guard_conds entries of the
                          if statements on the path down to this node (an
                          if's own are [parent's guard_top, guard_top)) */
  uint8_t kind;        /* IPG_K_* */
  uint8_t mode;        /* IPG_M_* */
  uint8_t bits;        /* IPG_F_* */
  uint8_t cond;        /* if / elif: the kind of its condition, IPG_C_* */
} ipg_frame;

/* A name some import binds. */
typedef struct ipg_name {
  const char *name; /* arena, NUL-terminated */
  uint32_t len;
  uint32_t hash;
  uint32_t statements;     /* import statements that bind it */
  uint32_t last_statement; /* start byte + 1 of the last one counted */
  uint8_t flags;           /* IPG_NAME_* */
} ipg_name;

/* An entry of the table is import-bound when `statements` > 0; the other
 * entries are words the records need (flags below), never import-bound
 * names (look those up with ipg_bound_find). */
enum {
  IPG_NAME_IMPORTLIB = 1u << 0,     /* bound to the importlib module */
  IPG_NAME_IMPORT_MODULE = 1u << 1, /* bound to importlib.import_module */
  IPG_NAME_LOCAL = 1u << 2,         /* bound by a module-level def / class */
  IPG_NAME_ASSIGNED = 1u << 3,      /* bound by a module-level assignment */
  IPG_NAME_DEF_KEYWORD = 1u << 4,   /* `def` / `class`: every definition */
  IPG_NAME_CLI_CALL = 1u << 5,      /* add_parser, set_defaults, Typer */
  IPG_NAME_CLI_DECORATOR = 1u << 6, /* command, group (no position needed) */
  IPG_NAME_TYPER = 1u << 7          /* assigned typer.Typer(...) */
};

/* Flags of the entries whose occurrences the use walk must visit. */
#define IPG_NAME_VISIT (IPG_NAME_LOCAL | IPG_NAME_DEF_KEYWORD | IPG_NAME_CLI_CALL)

/* An open-addressing set of ipg_name. */
typedef struct ipg_name_table {
  ipg_vec names;       /* ipg_name */
  uint32_t *slots;     /* name index + 1; 0 = empty */
  uint32_t slot_count; /* power of two */
} ipg_name_table;

/* A candidate position: a byte offset in the text, and for the use walk the
 * index of the bound name spelled there. */
typedef struct ipg_pos {
  uint32_t at;
  uint32_t name;
} ipg_pos;

/* A call that looked like import_module() but whose callee must still be
 * checked against the import-bound names once all are known. */
typedef struct ipg_pending_call {
  size_t import_index;
  const char *callee; /* root name of the callee (arena) */
  bool attribute;     /* `callee.import_module(...)` rather than `callee(...)` */
} ipg_pending_call;

enum { IPG_PASS_IMPORTS = 1, IPG_PASS_USES = 2 };

/* One extraction in progress. Its cursors and buffers are borrowed from the
 * scanner's ipg_extractor for the duration of ipg_extract(). */
typedef struct ipg_walker {
  impgraph_scan *scan;
  const ipg_grammar *g;
  const char *text; /* the parsed text (after a BOM) */
  uint32_t len;
  uint32_t delta;          /* bytes skipped before `text` in scan->text */
  const char *empty_scope; /* "" in the arena */
  int pass;

  TSTreeCursor cursor; /* the walk */
  TSTreeCursor aux;    /* child iteration of one node, never across visits */
  TSTreeCursor aux2;   /* nested child iteration below `aux` */
  ipg_frame *frames;
  size_t frame_cap;
  size_t depth;

  ipg_vec positions; /* ipg_pos, ascending */
  size_t next_pos;

  ipg_name_table names;
  ipg_vec pending_calls;    /* ipg_pending_call */
  ipg_vec items;            /* ipg_import_item of the statement at hand */
  ipg_vec guard_conds;      /* ipg_guard_cond, see ipg_frame.guard_top */
  bool imports_unsorted;    /* the use walk appended an import */
  bool import_module_bound; /* some name is bound to importlib.import_module */

  /* Records of records.c and toplevel.c (scan->definitions, ...). */
  TSNode decorated;       /* the decorated_definition the walk last entered */
  bool cli_calls;         /* the text spells add_parser / set_defaults / Typer */
  bool cli_decorators;    /* ... command / group */
  ipg_vec cli_parsers;    /* ipg_cli_parser: argparse add_parser() calls */
  ipg_vec cli_defaults;   /* ipg_cli_defaults: set_defaults(func=...) calls */
  ipg_vec cli_decorated;  /* ipg_cli_decorated: click/typer candidates */
  ipg_vec effect_filters; /* ipg_effect_filter, parallel to scan->effects */

  int rc; /* first error (IMPGRAPH_ENOMEM); the walk stops on it */
} ipg_walker;

/* A null node (ts_node_is_null() is true for it). */
#define IPG_NULL_NODE ((TSNode){{0, 0, 0, 0}, NULL, NULL})

/* ---- text.c ---- */
extern const uint8_t ipg_ident_class[256]; /* 1 = start byte, 2 = continue only */
impgraph_range ipg_range_of(const ipg_walker *w, TSNode node);
impgraph_range ipg_range_bytes(const ipg_walker *w, uint32_t start, TSPoint start_point,
                               uint32_t end, TSPoint end_point);
/* The point of byte `to`, advancing from the known (from, from_point). */
TSPoint ipg_advance_point(const ipg_walker *w, uint32_t from, TSPoint from_point, uint32_t to);
bool ipg_text_eq(const ipg_walker *w, TSNode node, const char *s);
/* Dotted text between [start, end) without blanks, comments and line
 * continuations, copied into the arena. NULL on ENOMEM (w->rc set). */
const char *ipg_dotted_text(ipg_walker *w, uint32_t start, uint32_t end);
/* The attribute chain `a.b.c` starting at `start`: names and dots up to
 * `end` or the first other token, without fillers. NULL on ENOMEM. */
const char *ipg_chain_text(ipg_walker *w, uint32_t start, uint32_t end);
bool ipg_is_keyword(const char *s, size_t n);
/* Skips blanks and line continuations forward from `at` / back from `at`
 * (returning where the blanks begin). */
uint32_t ipg_skip_blanks(const char *text, size_t len, uint32_t at);
uint32_t ipg_skip_blanks_back(const char *text, uint32_t at);
/* True when the import statement starting at `import_start` is preceded by
 * the PEP 810 soft keyword `lazy` (see ipg_lazy_keyword_error); sets
 * *lazy_start. */
bool ipg_lazy_prefix(const char *text, size_t len, uint32_t import_start, uint32_t *lazy_start);
const char *ipg_strndup(ipg_walker *w, const char *s, size_t n);

/* The text of [start, end) without blanks, comments and line continuations
 * into `out` (`size` bytes, NUL included, so at most size - 1 bytes of
 * text); returns its length. */
size_t ipg_compact_text(const ipg_walker *w, uint32_t start, uint32_t end, char *out, size_t size);
/* The length of the first `n` bytes of `s` cut to at most `max` bytes at a
 * UTF-8 character boundary. */
size_t ipg_utf8_cut(const char *s, size_t n, size_t max);
/* The name of a function_definition / class_definition (its `name_field`
 * child), read from the text when it can be; false when it has none. */
bool ipg_definition_name(const ipg_walker *w, TSNode node, TSFieldId name_field, uint32_t *start,
                         uint32_t *len);
/* Length of the identifier starting at `at` (0 when none starts there). */
uint32_t ipg_identifier_length(const ipg_walker *w, uint32_t at);

/* ---- names (extract.c) ---- */
ipg_name *ipg_names_find(const ipg_name_table *t, const char *s, uint32_t len);
/* The entry of an import-bound name, or NULL (also for the other words). */
const ipg_name *ipg_bound_find(const ipg_name_table *t, const char *s, uint32_t len);
/* Adds (or finds) a name; counts statement `statement_start` once. */
ipg_name *ipg_names_add(ipg_walker *w, const char *s, uint32_t len, uint32_t statement_start);
/* Adds (or finds) a word without making it import-bound; ORs `flags` in. */
ipg_name *ipg_names_mark(ipg_walker *w, const char *s, uint32_t len, uint8_t flags);

/* ---- context.c ---- */
/* Fills frames[depth] for `node` from frames[depth - 1]. Called only for
 * nodes the walk enters, so the costlier set-up (scope names of defs, if
 * conditions, try handlers) is paid only where needed. */
void ipg_enter(ipg_walker *w, TSNode node, uint8_t kind, uint32_t start);
/* The IPG_K_* of a node (ERROR included). */
uint8_t ipg_kind(const ipg_walker *w, TSNode node);
/* The IPG_C_* kind of the condition of an if_statement / elif_clause. */
uint8_t ipg_condition_kind(ipg_walker *w, TSNode node);
/* The first named child that is not a comment (among the first 8), or a
 * null node. */
TSNode ipg_first_named(ipg_walker *w, TSNode node);

/* ---- guards.c ---- */
/* One condition of an if/elif chain on the current path: the `if`'s own
 * (clause_start = start of the if statement) or an `elif`'s (start of the
 * elif clause). */
typedef struct ipg_guard_cond {
  TSNode cond;
  uint32_t clause_start;
} ipg_guard_cond;
/* When an if statement is entered (frame `c`): drops the conditions of the
 * if statements the walk has left, then records the if's condition; the
 * caller adds each elif's with ipg_guard_cond_push. */
void ipg_guard_if_enter(ipg_walker *w, ipg_frame *c, TSNode cond);
void ipg_guard_cond_push(ipg_walker *w, ipg_frame *c, TSNode cond, uint32_t clause_start);
/* Records the guard chain of the import record(s) made at the current frame
 * whose statement starts at byte `at` of scan->text (once per statement;
 * nothing when no if/elif/else encloses it). */
void ipg_record_guards(ipg_walker *w, uint32_t at);
/* After both walks: sorts the guard sets when the use walk appended some
 * out of order. */
void ipg_guards_finish(ipg_walker *w);

/* ---- imports.c ---- */
/* Import walk: records of an import statement (the node of `kind`), of a
 * call if it is an import call, of an assignment to __lazy_modules__. */
void ipg_import_statement(ipg_walker *w, TSNode node, uint8_t kind);
void ipg_import_call(ipg_walker *w, TSNode node);
void ipg_lazy_modules(ipg_walker *w, TSNode node);
/* Use walk: BINDING uses of an import statement's names that several
 * statements bind; a call of a renamed import_module (`im("x")`), whose
 * record joins the imports (ipg_walker.imports_unsorted). */
void ipg_use_import_bindings(ipg_walker *w, TSNode node, uint8_t kind);
void ipg_use_call(ipg_walker *w, TSNode node, TSNode fn);
/* True when the string node is a plain literal (no f/b prefix, escapes or
 * interpolation); sets the content range. */
bool ipg_string_literal(ipg_walker *w, TSNode node, uint32_t *start, uint32_t *end,
                        TSPoint *start_point);
/* After the import walk: drops import_module() calls whose callee turned out
 * not to be importlib's. */
void ipg_resolve_pending_calls(ipg_walker *w);

/* ---- uses.c ---- */
/* A use of `name` at the identifier `node` (the current frame says how). */
void ipg_use_identifier(ipg_walker *w, TSNode node, const ipg_name *name);
/* Uses inside a string annotation or an __all__ entry; *handled tells
 * whether the string was one (else the walk descends into it). */
void ipg_use_string(ipg_walker *w, TSNode node, bool *handled);

/* ---- toplevel.c ---- */
/* Before the use walk: goes over the statements that run at import time
 * (module level, class bodies, if/try/with/for/while/match blocks at those
 * levels; never def bodies): marks the names bound by module-level def /
 * class (IPG_NAME_LOCAL) and assignments (IPG_NAME_ASSIGNED), and appends
 * the import-time effects (scan->effects) outside TYPE_CHECKING and
 * `if __name__ == "__main__":` blocks. Uses w->cursor, aux and aux2. */
void ipg_toplevel(ipg_walker *w, TSNode root);

/* ---- records.c ---- */
/* Use walk: a read of a module-level def / class name at the identifier
 * `node` (the current frame says how); a def / class statement (its frame is
 * the current one); a call, for argparse and typer. */
void ipg_local_ref(ipg_walker *w, TSNode node, const ipg_name *name);
void ipg_definition(ipg_walker *w, TSNode node, uint8_t kind);
void ipg_cli_call(ipg_walker *w, TSNode node, TSNode fn);
/* After the use walk: argparse handlers (set_defaults on the parser or its
 * variable) and typer applications. */
void ipg_records_finish(ipg_walker *w);
/* A string literal's content copied into the arena, or NULL (not a plain
 * literal, or ENOMEM with w->rc set). */
const char *ipg_literal_text(ipg_walker *w, TSNode node);

/* An argparse `add_parser(...)` call seen by the use walk. */
typedef struct ipg_cli_parser {
  size_t command;    /* index in scan->cli_commands */
  uint32_t at;       /* start byte of the call */
  const char *var;   /* the variable assigned the call's result, or NULL */
  const char *scope; /* scope of the call */
} ipg_cli_parser;

/* A `set_defaults(func=HANDLER)` call: on a parser call (`at`), or on a
 * variable (`var`) of `scope`. */
typedef struct ipg_cli_defaults {
  uint32_t at;     /* chained: start byte of the add_parser call */
  const char *var; /* else the variable, in `scope`, before `before` */
  const char *scope;
  uint32_t before;
  const char *handler; /* dotted text of the func= value */
} ipg_cli_defaults;

/* A click-style decorator `@OBJECT.command(...)`: typer when OBJECT was
 * assigned Typer(...) somewhere in the file. */
typedef struct ipg_cli_decorated {
  size_t command;
  const char *object;
} ipg_cli_decorated;

/* For an effect that names no local function: the root name of its callee,
 * and the IPG_NAME_* flags of that name which drop the effect. */
typedef struct ipg_effect_filter {
  uint32_t root;
  uint32_t root_len;
  uint8_t drop_if;
} ipg_effect_filter;

/* One imported name of a statement, as both walks parse it. */
typedef struct ipg_import_item {
  TSNode spec;   /* dotted_name, aliased_import or wildcard_import */
  TSNode module; /* the dotted_name of the module / imported name */
  TSNode alias;  /* alias identifier, or a null node */
  TSNode bind;   /* the identifier that gets bound, or a null node */
} ipg_import_item;

#endif
