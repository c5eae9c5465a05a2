/* graph/cond.h — a three-valued evaluator of the Python conditions that
 * guard imports (`if sys.platform == "win32":`), against what the probed
 * interpreter reports. Pure text: its own tokenizer over the condition's
 * bytes, no tree-sitter; bounded recursion and work, never reads outside
 * the text it is given (fuzzed: tests/fuzz/fuzz_cond.c).
 *
 * Known: `sys.platform` (also `.lower()`, `.upper()`, `.startswith()`,
 * `.endswith()`, slices, `in` a string), `os.name`, `sys.version_info`
 * (tuple comparisons, `[i]`, `[a:b]`, `.major` / `.minor` / `.micro`),
 * `sys.implementation.name`, `sys.byteorder`, `platform.system()` (derived
 * from sys.platform: linux, darwin, win32), `platform.python_implementation()`
 * (cpython, pypy), string / int / tuple / list / set literals, True / False /
 * None, `not`, `and`, `or` (Kleene logic: `unknown and False` is False),
 * comparisons (chained too), `in`, `is`, conditional expressions, and names
 * bound once in the module, at module level, before the condition, by
 * `NAME = <expression>` (WIN = sys.platform.startswith("win")). Everything
 * else is unknown.
 *
 * May include: util, parse (the public scan accessors), resolve. */
#ifndef IMPGRAPH_GRAPH_COND_H
#define IMPGRAPH_GRAPH_COND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve.h"

typedef enum ipg_truth { IPG_UNKNOWN = 0, IPG_FALSE = 1, IPG_TRUE = 2 } ipg_truth;

/* What the interpreter reports; NULL strings and version_parts 0 are
   unknown. Strings are borrowed. */
typedef struct ipg_cond_env {
  const char *platform;       /* sys.platform */
  const char *os_name;        /* os.name */
  const char *implementation; /* sys.implementation.name */
  const char *byteorder;      /* sys.byteorder */
  int version[3];             /* sys.version_info[:3] */
  int version_parts;          /* how many of version[] are known: 0, 2, 3 */
} ipg_cond_env;

/* The environment of a probe (NULL: nothing known). A static probe knows
   the version only. */
void ipg_cond_env_from_probe(ipg_cond_env *env, const ipg_probe *probe);

/* Names of the module bound to these modules by an import (and by nothing
   else): ipg_cond_scope.modules. */
enum { IPG_COND_SYS = 1u << 0, IPG_COND_OS = 1u << 1, IPG_COND_PLATFORM = 1u << 2 };

typedef struct ipg_cond_index ipg_cond_index;

/* Where conditions are read: one module's text. Fill the first five
   fields (zero the rest); `index` (the bindings of the module's text) is
   made on the first name that needs it and freed by ipg_cond_scope_free. */
typedef struct ipg_cond_scope {
  const ipg_cond_env *env;
  uint32_t modules; /* IPG_COND_* */
  const char *text;
  size_t len;
  /* Optional: the module's scan (`text` is its text). Then a name one of
     its imports binds is unknown without reading the text, and whether
     sys / os / platform are rebound is read from its use records: the text
     is indexed only for the other names. */
  const impgraph_scan *scan;
  ipg_cond_index *index;
  bool index_failed;  /* out of memory making it: names stay unknown */
  bool rebound_known; /* `rebound` was read from the scan */
  uint32_t rebound;   /* IPG_COND_* of the names something else binds */
} ipg_cond_scope;

void ipg_cond_scope_free(ipg_cond_scope *scope);

/* The truth value of the expression text[start, end) of scope->text in
   that module at that place. IPG_UNKNOWN for anything not understood,
   malformed or over the work budget. */
ipg_truth ipg_cond_eval(ipg_cond_scope *scope, size_t start, size_t end);

#endif
