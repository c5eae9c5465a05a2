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
 * `NAME = <expression>` (WIN = sys.platform.startswith("win")) -- a
 * `del NAME` at column 0 after the condition does not count, one before it
 * makes the name unknown. In a function, names the caller says are local
 * (ipg_cond_scope.local) are unknown or the constant bound to them (a
 * function or class object passed to a decorator: `callable(arg)`,
 * `isinstance(arg, type)`, `arg is None`; an object that is not None).
 * `frozenset(...)` of a literal is a set when nothing binds `frozenset`;
 * `callable(x)` and `isinstance(x, type)` are read when nothing binds
 * `callable`, `isinstance`, `type`. `"M" in sys.modules` and
 * `sys.modules.get("M")` only under the caller's hypothesis that M is not
 * loaded (ipg_cond_scope.absent). A `del sys` does not rebind sys.
 * Everything else is unknown.
 *
 * May include: util, parse (the public scan accessors), resolve. */
#ifndef IMPGRAPH_GRAPH_COND_H
#define IMPGRAPH_GRAPH_COND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolve/resolve.h"
#include "util/util.h"

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

/* What an ipg_cond_const is besides a string or an int. */
typedef enum ipg_const_kind {
  IPG_CONST_PLAIN = 0, /* a string, or an int (is_int) */
  IPG_CONST_NONE,      /* None */
  IPG_CONST_TRUE,      /* True */
  IPG_CONST_FALSE,     /* False */
  IPG_CONST_FUNCTION,  /* a function object (a decorated def): callable, not a type */
  IPG_CONST_CLASS,     /* a class object (a decorated class): callable, a type */
  IPG_CONST_NOT_NONE   /* an object of which only that it is not None is known */
} ipg_const_kind;

/* A constant: a plain string literal's content, a small int, one of
   None / True / False, or an object known by its kind only (`kind`). */
typedef struct ipg_cond_const {
  bool is_int;
  int64_t i;     /* is_int */
  const char *s; /* else: the string, n bytes (borrowed; not NUL-terminated in general) */
  size_t n;
  uint8_t kind; /* ipg_const_kind; is_int, i, s, n are for IPG_CONST_PLAIN only */
} ipg_cond_const;

/* What ipg_cond_scope.local says of a name. */
enum {
  IPG_COND_NOT_LOCAL = 0,  /* a module-level name: read as usual */
  IPG_COND_LOCAL = 1,      /* a name of the function's own scope: unknown */
  IPG_COND_LOCAL_CONST = 2 /* ...bound to the constant *value */
};

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
  /* Optional: for a condition inside a function, what a name read in it
     (not in the module-level definitions it leads to) is: IPG_COND_* above,
     *value filled for IPG_COND_LOCAL_CONST (its string borrowed until the
     evaluation returns). */
  int (*local)(void *ctx, const char *name, size_t n, ipg_cond_const *value);
  void *local_ctx;
  /* Optional: a module assumed not to be loaded. Then `"NAME" in
     sys.modules` and `sys.modules.get("NAME")` (also `.get(NAME, None)`)
     are decided for NAME this module or one of its submodules: False and
     None (sys.modules is otherwise unknown). ipg_importer_kind asks whether
     an import's guards can hold while its target is not loaded. */
  const char *absent;
} ipg_cond_scope;

void ipg_cond_scope_free(ipg_cond_scope *scope);

/* The truth value of the expression text[start, end) of scope->text in
   that module at that place. IPG_UNKNOWN for anything not understood,
   malformed or over the work budget. */
ipg_truth ipg_cond_eval(ipg_cond_scope *scope, size_t start, size_t end);

/* The constants the expression text[start, end) stands for, read as
   ipg_cond_eval reads it: without `sequence`, one for a string, an int,
   None, True or False;
   with it, the items of a non-empty tuple / list / set / frozenset(...) of
   strings and ints (at most `cap`). *count is 0 for anything else (then out is untouched).
   Strings are copied into `arena`, NUL-terminated. Returns IMPGRAPH_OK or
   IMPGRAPH_ENOMEM. */
int ipg_cond_constants(ipg_cond_scope *scope, size_t start, size_t end, bool sequence,
                       ipg_arena *arena, ipg_cond_const *out, size_t cap, size_t *count);

/* How many times the module's text binds `name` (n bytes) outside import
   statements, anywhere (the index ipg_cond_eval uses), and where a `del`
   of it at column 0 first is (SIZE_MAX: none; such a del is no binding,
   and a name is known only before it). False when that is not known, or an
   import binds the name, or a star import may. */
bool ipg_cond_binding_count(ipg_cond_scope *scope, const char *name, size_t n, uint32_t *assigns,
                            size_t *deleted_at);

/* The names a piece of code binds (the same rules as the module's index:
   assignment targets, for / as / walrus / def / class / global / del /
   import), for the locals of a function body text[0, len). Returns
   IMPGRAPH_OK or IMPGRAPH_ENOMEM. */
int ipg_cond_names_new(ipg_cond_index **out, const char *text, size_t len);
bool ipg_cond_names_bind(const ipg_cond_index *index, const char *name, size_t n);
/* How many times the code binds the name (UINT32_MAX when a star import
   may). */
uint32_t ipg_cond_names_count(const ipg_cond_index *index, const char *name, size_t n);
void ipg_cond_names_free(ipg_cond_index *index);

#endif
