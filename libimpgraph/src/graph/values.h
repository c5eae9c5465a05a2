/* graph/values.h — the statement structure of Python code read from its
 * text, for following values through import-time calls (calls.c: loops
 * over literals, aliases, constant arguments, if/elif chains decided per
 * value; docs/formats/graph.md, "Values"). Pure text: no tree-sitter, never
 * reads outside the range it is given, no recursion on nesting.
 *
 * May include: libc, util. */
#ifndef IMPGRAPH_GRAPH_VALUES_H
#define IMPGRAPH_GRAPH_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* One logical line: from its first token to its last (comments, blanks and
   the newline left out); brackets, strings and backslash continuations may
   span physical lines. */
typedef struct ipg_pyline {
  uint32_t start, end;
  uint32_t indent; /* columns before its first token (a tab moves to the next multiple of 8) */
} ipg_pyline;

/* Appends to `out` (ipg_pyline) the logical lines that start in
   text[from, to). `from` must be the start of a line or of a statement.
   Returns IMPGRAPH_OK or IMPGRAPH_ENOMEM. O(to - from). */
int ipg_pylines(const char *text, size_t len, size_t from, size_t to, ipg_vec *out);

/* The index just past the lines that belong to the block of line `i`
   (those after it with a deeper indent). */
size_t ipg_pyline_block_end(const ipg_pyline *lines, size_t count, size_t i);

/* The first word of the line when it is a keyword that starts a statement
   ("if", "elif", "else", "try", "except", "finally", "for", "while",
   "with", "def", "class", "async", "match", "return", "raise", "import",
   "from", "pass", "global", ...), else NULL. */
const char *ipg_pyline_keyword(const char *text, const ipg_pyline *line);

/* A compound statement's header `KEYWORD rest:` whose body is on the
   lines below (the line ends with the colon): *rest_start, *rest_end get
   the text between the keyword and the colon (blanks trimmed). False for
   anything else (a one-line body, a simple statement). */
bool ipg_pyline_header(const char *text, const ipg_pyline *line, size_t *rest_start,
                       size_t *rest_end);

/* A plain name or dotted name (no blanks) text[start, end). */
bool ipg_py_dotted(const char *text, size_t start, size_t end);
bool ipg_py_identifier(const char *text, size_t start, size_t end);

/* The end of the run of identifier characters (letters, digits, `_`,
   non-ASCII bytes) starting at `at`, and the start of the run ending at
   `at`: `at` itself when there is none. */
size_t ipg_py_word_end(const char *text, size_t len, size_t at);
size_t ipg_py_word_start(const char *text, size_t at);

/* One argument of a call. */
typedef struct ipg_pyarg {
  uint32_t start, end;             /* the value */
  uint32_t keyword_start, keyword; /* `name=value`: the name's start and length; else 0, 0 */
  bool starred;                    /* `*x` or `**x` */
} ipg_pyarg;

#define IPG_PY_MAX_ARGS 8

/* A call statement: `CALLEE(ARGS)`, `return CALLEE(ARGS)` or `TARGETS =
   CALLEE(ARGS)` (the value after the last top-level `=`), where CALLEE is a
   dotted name and the closing parenthesis ends the statement. */
typedef struct ipg_pycall {
  uint32_t callee_start, callee_end;
  ipg_pyarg args[IPG_PY_MAX_ARGS];
  size_t arg_count; /* more than IPG_PY_MAX_ARGS: not a call here */
  uint32_t close;   /* the closing parenthesis */
} ipg_pycall;

/* Reads the statement text[start, end) as a call statement (see
   ipg_pycall). False when it is not one. */
bool ipg_py_call_statement(const char *text, size_t start, size_t end, ipg_pycall *call);

/* The arguments of the call whose callee ends at `callee_end` (blanks, then
   `(`): true and *call filled (callee_start left 0) when they are there. */
bool ipg_py_call_args(const char *text, size_t len, size_t callee_end, ipg_pycall *call);

/* `NAME = NAME2` (a simple statement, both plain names): their ranges. */
bool ipg_py_alias(const char *text, const ipg_pyline *line, size_t *name_end, size_t *value_start,
                  size_t *value_end);

/* `TARGET = VALUE` (a simple statement, both dotted names: `self.x = x`,
   `x = self.x`): their ranges. */
bool ipg_py_assign(const char *text, const ipg_pyline *line, size_t *target_end,
                   size_t *value_start);

/* The parameters of a def: names, in order. */
typedef struct ipg_pyparam {
  uint32_t start, len;
  bool positional; /* may be passed by position (before `*`, `*args`) */
  bool starred;    /* `*args` or `**kwargs` */
  /* The default value's expression (`p=1`, `p: int = 1`); both 0 when
     there is none. */
  uint32_t default_start, default_end;
} ipg_pyparam;

#define IPG_PY_MAX_PARAMS 16

/* The parameter list of the `def` statement text[start, end) (decorators
   may come first). False when it cannot be read (more than
   IPG_PY_MAX_PARAMS parameters too). */
bool ipg_py_def_params(const char *text, size_t start, size_t end, ipg_pyparam *params,
                       size_t *count);

/* Whether the statement starting at text[b] runs only after the simple
   statement text[a_start, a_end) has completed: it comes after it on its
   physical line (`if x: import a; import b`), or, when a_start begins its
   logical line, on a later line such that every logical line from there up
   to b is indented at least as deep (the same block or blocks nested in
   it). False for anything not read surely (the line before a_start's
   continued with a backslash, out of memory). */
bool ipg_runs_after(const char *text, size_t len, size_t a_start, size_t a_end, size_t b);

#endif
