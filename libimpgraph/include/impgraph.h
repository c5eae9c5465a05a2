/*
 * impgraph.h — the whole public API of libimpgraph.
 *
 * libimpgraph reads Python sources, finds every import with its context and
 * exact location, and (in later layers) resolves them into a module graph,
 * weighs it with measured start-up times and suggests which imports to defer.
 *
 * Conventions that hold for every declaration below:
 *
 *  - Names start with `impgraph_` / `IMPGRAPH_`. Nothing outside this header is
 *    API.
 *  - Functions that can fail return `int`: 0 (IMPGRAPH_OK) on success or one of
 *    the stable negative IMPGRAPH_E* codes. Their last parameter is an optional
 *    `impgraph_error *err` (may be NULL) that receives the code and a one-line
 *    message naming the file/line when there is one. There is no global or
 *    thread-local "last error".
 *  - Out-parameters come first, `err` last. On failure, out-parameters are set
 *    to NULL/0.
 *  - Ownership is stated on every function with one of three phrases:
 *      *borrowed*   — owned by another object; valid until that object is freed;
 *      *new object* — free with the matching `impgraph_<x>_free()`;
 *      *new buffer* — free with `impgraph_free()`, never plain free().
 *    Every `_free(NULL)` is a no-op.
 *  - No global state and no init call. One handle is used by one thread at a
 *    time; distinct handles may be used from distinct threads concurrently.
 *    Finished results (an `impgraph_scan`, an `impgraph_file_list`) are
 *    read-only and may be read from several threads at once.
 *  - The library never exits, aborts or prints. (tree-sitter itself aborts when
 *    malloc fails; see docs/guide.md "Limitations".)
 *  - Options structs carry a `version` field, an `_INIT` macro and an
 *    `_init()` function; everything is passed by pointer so that FFIs such as
 *    ctypes can call every function.
 */
#ifndef IMPGRAPH_H
#define IMPGRAPH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(IMPGRAPH_BUILDING) && defined(__GNUC__)
#define IMPGRAPH_API __attribute__((visibility("default")))
#else
#define IMPGRAPH_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

#define IMPGRAPH_VERSION_MAJOR 0
#define IMPGRAPH_VERSION_MINOR 1
#define IMPGRAPH_VERSION_PATCH 0
#define IMPGRAPH_VERSION_STRING "0.1.0"
/** Single comparable number: major * 10000 + minor * 100 + patch. */
#define IMPGRAPH_VERSION_NUMBER                                                \
  (IMPGRAPH_VERSION_MAJOR * 10000 + IMPGRAPH_VERSION_MINOR * 100 +             \
   IMPGRAPH_VERSION_PATCH)

/**
 * The version of the linked library, e.g. "0.1.0".
 * Ownership: borrowed (static storage, valid forever). Thread-safe.
 */
IMPGRAPH_API const char *impgraph_version(void);

/* ------------------------------------------------------------------------ */
/* Errors and memory                                                        */
/* ------------------------------------------------------------------------ */

/** Stable status codes. Never renumbered; new codes are only appended. */
enum {
  IMPGRAPH_OK = 0,
  IMPGRAPH_ENOMEM = -1,    /**< out of memory */
  IMPGRAPH_EINVAL = -2,    /**< invalid argument (NULL, bad option value) */
  IMPGRAPH_EIO = -3,       /**< reading or writing a file failed */
  IMPGRAPH_ENOTFOUND = -4, /**< a named file, module or item does not exist */
  IMPGRAPH_EABI = -5,      /**< the compiled-in grammar's ABI does not match
                                the tree-sitter runtime */
  IMPGRAPH_EVERSION = -6,  /**< options struct version not supported */
  IMPGRAPH_ERANGE = -7,    /**< an index is out of range */
  IMPGRAPH_EFORMAT = -8,   /**< unknown output format */
  IMPGRAPH_EINTERNAL = -9  /**< a bug in impgraph; please report it */
};

/** Size of the message buffer in impgraph_error. */
#define IMPGRAPH_ERROR_MESSAGE_SIZE 512

/**
 * Error details filled by a failing call when the caller passes one.
 * `message` is a NUL-terminated single line, e.g.
 * "src/app.py: cannot open: No such file or directory".
 */
typedef struct impgraph_error {
  int code;
  char message[IMPGRAPH_ERROR_MESSAGE_SIZE];
} impgraph_error;

/**
 * A short static description of a status code ("out of memory", ...).
 * Unknown codes give "unknown error". Ownership: borrowed (static storage).
 * Thread-safe.
 */
IMPGRAPH_API const char *impgraph_strerror(int code);

/**
 * Frees a *new buffer* returned by the library. NULL is a no-op.
 * Thread-safe.
 */
IMPGRAPH_API void impgraph_free(void *buffer);

/* ------------------------------------------------------------------------ */
/* Source positions                                                         */
/* ------------------------------------------------------------------------ */

/**
 * A range in a scanned source. Byte offsets index the UTF-8 text that was
 * parsed: for UTF-8 input this is the caller's buffer itself (a leading BOM is
 * counted in the offsets); for input decoded from a PEP 263 coding (latin-1,
 * cp1252, ...) it is the decoded text, see impgraph_scan_text().
 * Lines and columns are 1-based; columns count bytes from the start of the
 * line (after a BOM on line 1). `end_*` is exclusive, like a half-open range.
 */
typedef struct impgraph_range {
  uint32_t start_byte;
  uint32_t end_byte;
  uint32_t start_line;
  uint32_t start_column;
  uint32_t end_line;
  uint32_t end_column;
} impgraph_range;

/* ------------------------------------------------------------------------ */
/* Scanner: imports of one Python source                                    */
/* ------------------------------------------------------------------------ */

/** What kind of syntax produced an import record. */
typedef enum impgraph_import_kind {
  IMPGRAPH_IMPORT_PLAIN = 0,   /**< `import a.b.c`, `import a.b as c` */
  IMPGRAPH_IMPORT_FROM = 1,    /**< `from m import x`, `from . import x` */
  IMPGRAPH_IMPORT_STAR = 2,    /**< `from m import *` */
  IMPGRAPH_IMPORT_FUTURE = 3,  /**< `from __future__ import x` */
  IMPGRAPH_IMPORT_DUNDER = 4,  /**< `__import__("m")` */
  IMPGRAPH_IMPORT_IMPORTLIB = 5, /**< `importlib.import_module("m")`,
                                      `import_module(".m", "pkg")` */
  IMPGRAPH_IMPORT_LAZY_MODULES = 6 /**< one string of `__lazy_modules__ = [...]` */
} impgraph_import_kind;

/**
 * Context flags of an import (impgraph_import.flags). They combine: an import
 * inside a function under `try: ... except ImportError:` has
 * IMPGRAPH_CTX_FUNCTION | IMPGRAPH_CTX_OPTIONAL.
 */
enum {
  /** Executed when the module is imported: not inside any def or lambda
      (it may still be conditional, optional or in a class body). */
  IMPGRAPH_CTX_MODULE = 1u << 0,
  /** Inside a function (def, async def or lambda) body. */
  IMPGRAPH_CTX_FUNCTION = 1u << 1,
  /** The innermost function is `async def`. */
  IMPGRAPH_CTX_ASYNC = 1u << 2,
  /** The innermost function is a lambda. */
  IMPGRAPH_CTX_LAMBDA = 1u << 3,
  /** Directly in a class body (runs when the class statement runs). */
  IMPGRAPH_CTX_CLASS_BODY = 1u << 4,
  /** Under `if TYPE_CHECKING:` (also `typing.` / `t.` prefixed): never runs. */
  IMPGRAPH_CTX_TYPE_CHECKING = 1u << 5,
  /** In the `else:` branch of an `if TYPE_CHECKING:`: always runs. */
  IMPGRAPH_CTX_TYPE_CHECKING_ELSE = 1u << 6,
  /** In a `try:` body whose handlers catch ImportError, ModuleNotFoundError,
      Exception, BaseException or everything (bare except). A handler whose
      block ends with a `raise` statement lets the error go on and does not
      count. */
  IMPGRAPH_CTX_OPTIONAL = 1u << 7,
  /** Under another if/elif/else/while/for/with/match/try-handler. */
  IMPGRAPH_CTX_CONDITIONAL = 1u << 8,
  /** PEP 810 `lazy import` / `lazy from ... import`, or listed in
      `__lazy_modules__`. */
  IMPGRAPH_CTX_LAZY = 1u << 9,
  /** The module name is not a string literal (`__import__(name)`):
      impgraph_import.module is NULL. */
  IMPGRAPH_CTX_DYNAMIC = 1u << 10,
  /** In an `except` handler that catches ImportError (or ModuleNotFoundError,
      Exception, BaseException, bare except) of a `try`: a fallback that runs
      only when the `try` body failed (`try: from _decimal import * / except
      ImportError: from _pydecimal import *`). Also CONDITIONAL. */
  IMPGRAPH_CTX_FALLBACK = 1u << 11,
  /** In an `except` / `except*` handler that does not catch ImportError
      (`except ValueError:`, `except (KeyError, OSError) as e:`): it runs
      only when the `try` body raises that exception. Also CONDITIONAL. Like
      FALLBACK it does not carry into the body of a def or lambda; both are
      set for an import in one kind of handler nested in the other. */
  IMPGRAPH_CTX_HANDLER = 1u << 12
};

/** One name of a `from m import a, b as c` statement. */
typedef struct impgraph_import_name {
  const char *name;   /**< imported name ("a"; "*" for star imports) */
  const char *alias;  /**< `as` name, or NULL */
  const char *bound;  /**< name bound in the enclosing scope (alias or name);
                           NULL for star and __future__ imports */
  impgraph_range range; /**< the whole `name as alias` text */
} impgraph_import_name;

/**
 * One imported module. A statement importing several modules
 * (`import a, b.c as d`) gives one record per module; they share
 * `statement`. All strings are UTF-8 and NUL-terminated.
 */
typedef struct impgraph_import {
  impgraph_import_kind kind;
  /** Dotted module text without leading dots: "a.b.c", "pkg.mod", "" for
      `from . import x`; NULL when dynamic. */
  const char *module;
  /** Leading dots of a relative import (0 for absolute). For
      import_module(".m", "pkg") this counts the dots of the first argument. */
  uint32_t level;
  /** IMPGRAPH_CTX_* flags. */
  uint32_t flags;
  /** Qualified name of the innermost enclosing def/class, like
      `Cls.method`, `outer.<locals>.inner` shortened to `outer.inner`, or ""
      at module level. Lambdas add `<lambda>`. */
  const char *scope;
  /** For a plain import: the name bound in the enclosing scope (`a` for
      `import a.b.c`, `c` for `import a.b as c`); NULL otherwise. */
  const char *bound;
  /** For a plain import: the `as` name, or NULL. */
  const char *alias;
  /** import_module's literal `package` argument, or NULL. */
  const char *package;
  /** The whole statement or call (including a `lazy` keyword). */
  impgraph_range statement;
  /** The module text (for dynamic imports: the argument expression). */
  impgraph_range module_range;
  /** Imported names of a from-import (none for plain and call imports). */
  size_t name_count;
  const impgraph_import_name *names;
} impgraph_import;

/** Where a name bound by an import is used (impgraph_use.flags). */
enum {
  /** Evaluated at module level (outside any def/lambda body). */
  IMPGRAPH_USE_MODULE_LEVEL = 1u << 0,
  /** Inside a function body; see impgraph_use.scope. */
  IMPGRAPH_USE_FUNCTION = 1u << 1,
  /** Directly in a class body. */
  IMPGRAPH_USE_CLASS_BODY = 1u << 2,
  /** In an annotation (parameter, return or variable annotation). */
  IMPGRAPH_USE_ANNOTATION = 1u << 3,
  /** In a decorator expression. */
  IMPGRAPH_USE_DECORATOR = 1u << 4,
  /** In a parameter's default value. */
  IMPGRAPH_USE_DEFAULT = 1u << 5,
  /** In a class's bases or keywords (`class C(Base, metaclass=M)`). */
  IMPGRAPH_USE_BASE = 1u << 6,
  /** Under `if TYPE_CHECKING:`. */
  IMPGRAPH_USE_TYPE_CHECKING = 1u << 7,
  /** In a string inside `__all__ = [...]` (a re-export). */
  IMPGRAPH_USE_ALL = 1u << 8,
  /** In a `global` or `nonlocal` declaration. */
  IMPGRAPH_USE_DECLARATION = 1u << 9,
  /** A binding, not a read: assignment target, parameter, for/with/except
      target, `del`, def/class name or another import of that name in this
      scope. Lets a later pass see shadowing. */
  IMPGRAPH_USE_BINDING = 1u << 10,
  /** The reference is in a string annotation (`x: "np.ndarray"`) that the
      scanner did not parse; conservatively recorded. */
  IMPGRAPH_USE_STRING = 1u << 11,
  /** Under an if/elif/else, while, for, with or match block or in an
      exception handler (what gives an import IMPGRAPH_CTX_CONDITIONAL),
      where it stands or, inside a function, where that function is
      defined; a `try` body is not conditional. Also on local references
      (impgraph_local_ref). */
  IMPGRAPH_USE_CONDITIONAL = 1u << 12,
  /** The name or its attribute chain is called: it is the callee of a call
      (`f(...)`, `np.linalg.norm(...)`: the chain is the whole callee), or
      the whole expression of a decorator (`@f`, `@m.f`), which is called
      with the decorated function. Not on local references (see
      IMPGRAPH_REF_CALL). */
  IMPGRAPH_USE_CALL = 1u << 13
};

/**
 * One occurrence of a name that some import in the same source binds.
 * Occurrences of other names are not recorded.
 */
typedef struct impgraph_use {
  const char *name;   /**< the identifier, e.g. "np" */
  /** Attribute chain starting at the name, e.g. "np.linalg.norm"; equals
      `name` when no attribute follows. */
  const char *chain;
  uint32_t flags;     /**< IMPGRAPH_USE_* flags */
  /** Qualified name of the innermost def/class ("" at module level). */
  const char *scope;
  impgraph_range range; /**< the identifier (or the string in __all__) */
} impgraph_use;

/** Severity of a diagnostic. */
typedef enum impgraph_severity {
  IMPGRAPH_SEVERITY_ERROR = 0,
  IMPGRAPH_SEVERITY_WARNING = 1,
  IMPGRAPH_SEVERITY_NOTE = 2
} impgraph_severity;

/**
 * A problem with the input (not an API failure): a syntax error, an
 * undecodable byte, a file over the size cap, a parse over its time budget.
 * `code` is a stable short identifier: "syntax-error", "encoding",
 * "nul-byte", "too-large", "timeout", "unreadable", "skipped", "symlink-loop".
 */
typedef struct impgraph_diagnostic {
  impgraph_severity severity;
  const char *code;
  const char *path;  /**< file the diagnostic is about ("<buffer>" if none) */
  uint32_t line;     /**< 1-based; 0 when not about a position */
  uint32_t column;   /**< 1-based byte column; 0 when not about a position */
  const char *message; /**< one line, without the path/position prefix */
} impgraph_diagnostic;

/** Options of a scanner. Initialise with IMPGRAPH_SCAN_OPTIONS_INIT or
    impgraph_scan_options_init(). */
typedef struct impgraph_scan_options {
  uint32_t version; /**< IMPGRAPH_SCAN_OPTIONS_VERSION */
  /** Parse time budget per source, in microseconds; 0 = unlimited.
      Default 5 s. A source over budget yields a "timeout" diagnostic. */
  uint64_t timeout_us;
  /** Sources larger than this many bytes are not parsed and yield a
      "too-large" diagnostic; 0 = unlimited. Default 16 MiB. */
  uint64_t max_bytes;
} impgraph_scan_options;

#define IMPGRAPH_SCAN_OPTIONS_VERSION 1
#define IMPGRAPH_SCAN_OPTIONS_INIT                                             \
  { IMPGRAPH_SCAN_OPTIONS_VERSION, 5000000u, 16u * 1024u * 1024u }

/**
 * Fills `opts` with the defaults of IMPGRAPH_SCAN_OPTIONS_INIT.
 * Returns IMPGRAPH_EVERSION when `version` is not one this library knows,
 * IMPGRAPH_EINVAL when opts is NULL. Thread-safe.
 */
IMPGRAPH_API int impgraph_scan_options_init(impgraph_scan_options *opts,
                                            uint32_t version);

/** A reusable scanner: holds one tree-sitter parser. One thread at a time. */
typedef struct impgraph_scanner impgraph_scanner;

/**
 * Creates a scanner. `opts` may be NULL for the defaults.
 * Checks that the compiled-in grammar's ABI is supported by the tree-sitter
 * runtime the library is linked against.
 * Returns 0, IMPGRAPH_ENOMEM, IMPGRAPH_EINVAL (out is NULL), IMPGRAPH_EVERSION
 * (unknown opts->version) or IMPGRAPH_EABI (grammar/runtime mismatch).
 * Ownership: *out is a new object (impgraph_scanner_free).
 */
IMPGRAPH_API int impgraph_scanner_new(impgraph_scanner **out,
                                      const impgraph_scan_options *opts,
                                      impgraph_error *err);

/** Frees a scanner. NULL is a no-op. */
IMPGRAPH_API void impgraph_scanner_free(impgraph_scanner *scanner);

/** The result of scanning one source: imports, uses and diagnostics.
    Read-only once returned; may be read from several threads at once. */
typedef struct impgraph_scan impgraph_scan;

/**
 * Scans an in-memory buffer (no filesystem access; for editors).
 * `path` only labels diagnostics and may be NULL ("<buffer>"). `source` need
 * not be NUL-terminated and may contain any bytes: syntax errors, invalid
 * UTF-8, NUL bytes, a size over the cap or a parse over the time budget are
 * reported as diagnostics of the returned scan, not as errors; the imports of
 * the parts that parse are still returned.
 * Returns 0, IMPGRAPH_EINVAL (scanner/out NULL, or source NULL with len > 0)
 * or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_scan_free); `source` is copied.
 * Thread safety: uses `scanner`; one thread at a time per scanner.
 * Complexity: linear in the source size.
 */
IMPGRAPH_API int impgraph_scanner_scan(impgraph_scanner *scanner,
                                       impgraph_scan **out, const char *path,
                                       const char *source, size_t len,
                                       impgraph_error *err);

/**
 * Reads the file at `path` and scans it like impgraph_scanner_scan().
 * Returns IMPGRAPH_EIO (with the OS reason in err) when the file cannot be
 * read, otherwise as impgraph_scanner_scan().
 * Ownership: *out is a new object (impgraph_scan_free).
 */
IMPGRAPH_API int impgraph_scanner_scan_file(impgraph_scanner *scanner,
                                            impgraph_scan **out,
                                            const char *path,
                                            impgraph_error *err);

/** Frees a scan result. NULL is a no-op. */
IMPGRAPH_API void impgraph_scan_free(impgraph_scan *scan);

/** The path label given when scanning. Ownership: borrowed (until the scan
    is freed). */
IMPGRAPH_API const char *impgraph_scan_path(const impgraph_scan *scan);

/**
 * The UTF-8 text that was parsed (the input itself, or its decoding from a
 * PEP 263 coding), and its length. Ranges index this text.
 * Ownership: borrowed (until the scan is freed).
 */
IMPGRAPH_API const char *impgraph_scan_text(const impgraph_scan *scan,
                                            size_t *len);

/** Number of import records. O(1). */
IMPGRAPH_API size_t impgraph_scan_import_count(const impgraph_scan *scan);

/** Import record `index` in source order, or NULL when out of range.
    Ownership: borrowed (until the scan is freed). O(1). */
IMPGRAPH_API const impgraph_import *impgraph_scan_import(
    const impgraph_scan *scan, size_t index);

/**
 * One condition an import depends on (see impgraph_scan_import_guards()):
 * the import runs only when the condition's truth value is `!negated`.
 */
typedef struct impgraph_guard {
  /** The condition expression of an `if` / `elif` (without the keyword and
      the colon); index impgraph_scan_text(). */
  impgraph_range condition;
  /** 0: the branch needs the condition true (the `if` or `elif` it
      belongs to); 1: it needs it false (an earlier condition of the same
      if/elif chain, seen from a later `elif` or the `else`). */
  uint32_t negated;
} impgraph_guard;

/** The most guards impgraph_scan_import_guards() reports for one import. */
#define IMPGRAPH_GUARD_MAX 16

/**
 * The guard chain of import record `index`: for every if/elif/else branch
 * enclosing it, up to the innermost def or lambda body (class bodies do not
 * stop it), the conditions that branch needs. The import can only run when
 * every guard holds. Order: outermost statement first; within one if/elif
 * chain, the earlier conditions (negated) in source order, then the
 * branch's own condition. An `elif` branch gives the `if` condition and
 * every earlier `elif` condition negated, then its own; an `else` branch
 * gives every condition of its chain negated. Conditions of `while`, `with`,
 * `match` and conditional expressions are not guards.
 * At most IMPGRAPH_GUARD_MAX guards: when more apply, the ones nearest the
 * import are kept (its own branch's condition first, then the earlier
 * conditions of its chain, nearest first, then the enclosing statements
 * outwards), so a chain may be incomplete but never holds a condition
 * the import does not need.
 * `count` (may be NULL) gets the number of guards; 0 and NULL for an import
 * under no if/elif/else, an index out of range or a NULL scan.
 * Ownership: borrowed (until the scan is freed). Thread-safe on a finished
 * scan. O(log n) in the number of guarded import statements.
 */
IMPGRAPH_API const impgraph_guard *impgraph_scan_import_guards(
    const impgraph_scan *scan, size_t index, size_t *count);

/** Number of recorded uses. O(1). */
IMPGRAPH_API size_t impgraph_scan_use_count(const impgraph_scan *scan);

/** Use `index` in source order, or NULL when out of range.
    Ownership: borrowed (until the scan is freed). O(1). */
IMPGRAPH_API const impgraph_use *impgraph_scan_use(const impgraph_scan *scan,
                                                   size_t index);

/* --- Definitions, local references, CLI commands, import-time effects --- */

/** What a definition record is (impgraph_definition.kind). */
typedef enum impgraph_definition_kind {
  IMPGRAPH_DEF_FUNCTION = 0, /**< `def` or `async def` */
  IMPGRAPH_DEF_CLASS = 1     /**< `class` */
} impgraph_definition_kind;

/**
 * One `def` / `async def` / `class` statement, at any depth (for placing
 * code into a function body and for following calls within a module).
 */
typedef struct impgraph_definition {
  impgraph_definition_kind kind;
  /** Qualified name, as impgraph_import.scope names scopes: "f",
      "Cls.method", "outer.inner". */
  const char *qualname;
  /** The scope the statement is in ("" at module level). */
  const char *scope;
  /** The whole statement, decorators included. */
  impgraph_range statement;
  /** Where code may be inserted at the top of the body: the first
      statement of the block after the docstring, if any (for a body that is
      only a docstring, the docstring). A one-line body (`def f(): return
      x`) gives the statement after the colon. A first statement that is a
      string literal (read from the text: a quote after at most two prefix
      letters starts it, one ends it) counts as the docstring. Comments are
      not statements. Under error recovery, a body without statements gives
      an empty range at the end of the statement (body_inline 1). */
  impgraph_range body_first;
  /** Indentation of the body's statements in bytes (column - 1 of
      body_first); 0 when the body is on the def line itself. */
  uint32_t body_indent;
  /** 1 when the body is on the same line as the `def`/`class` colon, else
      0. */
  uint32_t body_inline;
} impgraph_definition;

/** Reference flags (impgraph_local_ref.flags), besides the IMPGRAPH_USE_*
    context flags that tell where the reference is. */
enum {
  /** The name is the callee of a call: `f(...)` (not `f.attr(...)`, not
      `(f)(...)`); with IMPGRAPH_USE_DECORATOR for `@f(...)`. */
  IMPGRAPH_REF_CALL = 1u << 16,
  /** The name is passed as a value: directly an argument, a keyword value
      such as `set_defaults(func=f)`, the right-hand side of an assignment
      (`x = f`, `x += f`), or an element of a list, tuple, set or dict
      display (`{"add": f}`); not the bases of a class. It may be called
      later from elsewhere. A name that is neither called nor passed (`return
      f`, `f.attr`, `@f`) has neither flag. */
  IMPGRAPH_REF_VALUE = 1u << 17
};

/**
 * One occurrence of a name that a module-level `def` or `class` of the
 * same source binds (the module's own functions and classes: directly at
 * module level or inside an if/try/with/for/while/match there, whatever the
 * condition; not in class bodies), so that calls within a module can be
 * followed. Reads only: definitions, assignment targets, parameters,
 * `global` names, attribute and keyword names are not references. The
 * occurrence may be anywhere (before the def, in any scope; a parameter of
 * the same name is not told apart) and the name may also be bound by an
 * import. Names in strings (`__all__`, string annotations) are not read.
 */
typedef struct impgraph_local_ref {
  const char *name;  /**< the referenced module-level name */
  /** Qualified name of the innermost def/class holding the reference (""
      at module level). */
  const char *scope;
  /** IMPGRAPH_USE_* context flags (MODULE_LEVEL, FUNCTION, CLASS_BODY,
      DECORATOR, DEFAULT, BASE, TYPE_CHECKING, ANNOTATION, CONDITIONAL) plus
      IMPGRAPH_REF_CALL / IMPGRAPH_REF_VALUE. */
  uint32_t flags;
  impgraph_range range; /**< the identifier */
} impgraph_local_ref;

/** CLI frameworks whose subcommands the scanner recognises. */
typedef enum impgraph_cli_framework {
  /** argparse: `SUB.add_parser("name", ...)` (any SUB: the method name is
      distinctive enough; `name=` works too, a name that is not a plain
      string literal is not recorded), with `.set_defaults(func=HANDLER)` on
      the parser it returns: chained on the call, or on the variable the
      call was assigned to (`p = sub.add_parser(...)`) in the same scope
      (the last such assignment before the set_defaults call). */
  IMPGRAPH_CLI_ARGPARSE = 0,
  /** click: a function decorated with `@GROUP.command(...)` /
      `@GROUP.group(...)` or `@click.command(...)` / `@click.group(...)`,
      also without parentheses (`@cli.command`); the name is the
      decorator's first argument or `name=` when it is a plain string
      literal (no record when it is another expression), else the function
      name in lower case with `_` replaced by `-`. The first such decorator
      of a function counts. */
  IMPGRAPH_CLI_CLICK = 1,
  /** typer: a function decorated with `@APP.command(...)` where APP was
      assigned `typer.Typer(...)` (or `Typer(...)`) anywhere in the source
      (`APP = ...`, any scope); named like click. */
  IMPGRAPH_CLI_TYPER = 2
} impgraph_cli_framework;

/** One subcommand of a command-line interface defined in this source. */
typedef struct impgraph_cli_command {
  impgraph_cli_framework framework;
  /** The subcommand as typed on the command line ("stats"). */
  const char *name;
  /** The handler: a function name as impgraph_definition.qualname names
      it ("cmd_stats"), or the dotted text of a handler that is not a plain
      local name ("handlers.stats"); NULL when the handler was not found
      (argparse without set_defaults(func=...), or a func= value that is
      not a name or attribute chain). For argparse this is the text of the
      func= value, which names a local function only when it is one. */
  const char *handler;
  /** Qualified name of the function that registers the subcommand ("" at
      module level): for argparse the function calling add_parser. */
  const char *scope;
  /** The `add_parser(...)` call, or the decorated definition. */
  impgraph_range range;
} impgraph_cli_command;

/** Kinds of import-time side effects (impgraph_effect.kind). */
typedef enum impgraph_effect_kind {
  /** A module-level call of a name not defined in this module that is not
      known to be free of effects (e.g. `register(...)`, `plugin.load()`);
      assignments of calls count too (`x = setup()`, also to attributes and
      in chains). Only the outermost call of an expression statement or of
      an assignment's value counts (not calls inside arguments, conditions
      or `with`/`for` headers). Not reported: calls of the module's own
      functions and classes (references, impgraph_local_ref) and of their
      attributes (`Cls.create()`); method calls on a name assigned at module
      level and not imported (`parser.add_argument(...)` after `parser =
      ...`: the assignment's own call is judged); receivers that are not
      names (`"".join(...)`); and a table of callables known to be quiet at
      import time (builtins such as `dict`, `len`, `getattr`; `TypeVar`,
      `NewType`, `namedtuple`, `cast`, `Enum`, `field`, `dataclass`;
      `logging.getLogger`, `re.compile`, `os.path.*`, `os.getenv`,
      `platform.*`, `collections.*`, `functools.*`, `weakref.*`, `Path`,
      locks, `ContextVar`, `warnings.warn`, `ArgumentParser`, `Typer`,
      `import_module`; the list is in parse/toplevel.c). */
  IMPGRAPH_EFFECT_CALL = 0,
  /** A decorator on a module-level def/class that is a call or an attribute
      (`@app.route("/")`, `@registry.register`): may register the
      function. `@property`-like builtins, `functools.*`, `dataclass`,
      `staticmethod`, `classmethod`, `abc`, `contextlib` and typing
      decorators are not reported, nor click's own (`@click.command`,
      `@click.option`: `@group.command()` is), nor decorators rooted at a
      def/class of the module. A decorator of one of the kinds below
      (`@atexit.register`) gets that kind. */
  IMPGRAPH_EFFECT_REGISTER_DECORATOR = 1,
  /** `sys.modules[...] = ...`, `del sys.modules[...]` or a call of a
      `sys.modules` method. */
  IMPGRAPH_EFFECT_SYS_MODULES = 2,
  /** `sys.path` changed (insert, append, assignment, `+=`, ...); also
      `sys.meta_path`, `sys.path_hooks`, `sys.path_importer_cache`. */
  IMPGRAPH_EFFECT_SYS_PATH = 3,
  /** `atexit.register(...)`. */
  IMPGRAPH_EFFECT_ATEXIT = 4,
  /** `signal.signal(...)`. */
  IMPGRAPH_EFFECT_SIGNAL = 5,
  /** `warnings.filterwarnings(...)`, `.simplefilter`, `.resetwarnings`;
      `logging.basicConfig(...)`, any function of `logging.config`,
      `logging.disable`, `.captureWarnings`, `.setLoggerClass`,
      `.addLevelName`; and a `.setLevel`, `.addHandler`, `.removeHandler` or
      `.addFilter` call on any receiver. */
  IMPGRAPH_EFFECT_WARNINGS_LOGGING = 6,
  /** `os.environ[...] = ...`, `del os.environ[...]`,
      `os.environ.update/setdefault/pop/popitem/clear(...)`,
      `os.putenv/unsetenv(...)`. */
  IMPGRAPH_EFFECT_ENVIRON = 7,
  /** Assignment (plain or augmented) to an attribute or item of a name
      bound by an import of this source, or `del` of one (`json.dumps =
      fast_dumps`, `mod.attr = value`, `registry["x"] = cls`):
      monkeypatching. */
  IMPGRAPH_EFFECT_MONKEYPATCH = 8
} impgraph_effect_kind;

/**
 * Something a module does while it is imported that a program may rely on
 * (so deferring the import of the module changes when it happens). Only
 * statements that run at import time are reported: module level and class
 * bodies, including under `if`/`try`/`with`/`for`/`while`/`match` (not
 * under TYPE_CHECKING, not under `if __name__ == "__main__":`, never in
 * def bodies). A statement may give several (`json.dumps = make()`: a
 * MONKEYPATCH and a CALL).
 */
typedef struct impgraph_effect {
  impgraph_effect_kind kind;
  /** The callee or target as written without blanks and comments,
      shortened to at most 80 bytes at a UTF-8 character boundary
      ("atexit.register", "sys.path.insert", "app.route",
      "os.environ[\"X\"]"). */
  const char *text;
  impgraph_range range; /**< the statement or decorator */
} impgraph_effect;

/** Number of definition records. O(1). */
IMPGRAPH_API size_t impgraph_scan_definition_count(const impgraph_scan *scan);

/** Definition `index` in source order (of the statement start), or NULL.
    Ownership: borrowed (until the scan is freed). O(1). */
IMPGRAPH_API const impgraph_definition *impgraph_scan_definition(
    const impgraph_scan *scan, size_t index);

/** Number of local references. O(1). */
IMPGRAPH_API size_t impgraph_scan_local_ref_count(const impgraph_scan *scan);

/** Local reference `index` in source order, or NULL. Ownership: borrowed
    (until the scan is freed). O(1). */
IMPGRAPH_API const impgraph_local_ref *impgraph_scan_local_ref(
    const impgraph_scan *scan, size_t index);

/** Number of CLI subcommands found. O(1). */
IMPGRAPH_API size_t impgraph_scan_cli_command_count(const impgraph_scan *scan);

/** Subcommand `index` in source order, or NULL. Ownership: borrowed (until
    the scan is freed). O(1). */
IMPGRAPH_API const impgraph_cli_command *impgraph_scan_cli_command(
    const impgraph_scan *scan, size_t index);

/** Number of import-time effects. O(1). */
IMPGRAPH_API size_t impgraph_scan_effect_count(const impgraph_scan *scan);

/** Effect `index` in source order, or NULL. Ownership: borrowed (until the
    scan is freed). O(1). */
IMPGRAPH_API const impgraph_effect *impgraph_scan_effect(
    const impgraph_scan *scan, size_t index);

/** Number of diagnostics. O(1). */
IMPGRAPH_API size_t impgraph_scan_diagnostic_count(const impgraph_scan *scan);

/** Diagnostic `index`, or NULL when out of range.
    Ownership: borrowed (until the scan is freed). O(1). */
IMPGRAPH_API const impgraph_diagnostic *impgraph_scan_diagnostic(
    const impgraph_scan *scan, size_t index);

/* ------------------------------------------------------------------------ */
/* Source discovery                                                         */
/* ------------------------------------------------------------------------ */

/** The Python sources found under some roots. Read-only once returned. */
typedef struct impgraph_file_list impgraph_file_list;

/**
 * Finds Python sources under `roots` (files are taken as given; directories
 * are walked in sorted order). Skips `.git`, `.hg`, `.svn`, `__pycache__`,
 * `node_modules`, `.tox`, `.nox`, `.mypy_cache`, and virtual environments
 * (directories holding `pyvenv.cfg`); follows symbolic links but detects
 * loops. Unreadable directories, symlink loops and missing roots become
 * diagnostics (see impgraph_file_list_diagnostic), not errors.
 * Returns 0, IMPGRAPH_EINVAL or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_file_list_free).
 */
IMPGRAPH_API int impgraph_file_list_new(impgraph_file_list **out,
                                        const char *const *roots,
                                        size_t root_count,
                                        impgraph_error *err);

/** Frees a file list. NULL is a no-op. */
IMPGRAPH_API void impgraph_file_list_free(impgraph_file_list *list);

/** Number of files found. O(1). */
IMPGRAPH_API size_t impgraph_file_list_count(const impgraph_file_list *list);

/** Path of file `index` (sorted, deterministic), or NULL when out of range.
    Ownership: borrowed (until the list is freed). */
IMPGRAPH_API const char *impgraph_file_list_path(
    const impgraph_file_list *list, size_t index);

/** Number of diagnostics (skipped, unreadable, loops). O(1). */
IMPGRAPH_API size_t impgraph_file_list_diagnostic_count(
    const impgraph_file_list *list);

/** Diagnostic `index`, or NULL. Ownership: borrowed (until freed). */
IMPGRAPH_API const impgraph_diagnostic *impgraph_file_list_diagnostic(
    const impgraph_file_list *list, size_t index);

/* ------------------------------------------------------------------------ */
/* Rendering                                                                */
/* ------------------------------------------------------------------------ */

/** Output formats. */
typedef enum impgraph_format {
  IMPGRAPH_FORMAT_TEXT = 0,
  IMPGRAPH_FORMAT_JSON = 1,
  IMPGRAPH_FORMAT_DOT = 2,      /**< graphviz; graphs only */
  IMPGRAPH_FORMAT_MARKDOWN = 3, /**< GitHub-flavoured Markdown; suggestions only */
  IMPGRAPH_FORMAT_SARIF = 4     /**< SARIF 2.1.0; suggestions only */
} impgraph_format;

/** Schema version of the scan JSON document (docs/formats/scan.md). */
#define IMPGRAPH_SCAN_SCHEMA_VERSION 1

/**
 * Renders scan results in `format` (text or JSON, see docs/formats/scan.md).
 * `scans` is an array of `scan_count` results; `extra` may hold diagnostics
 * that belong to no scan (from an impgraph_file_list), or be NULL.
 * Returns 0, IMPGRAPH_EINVAL, IMPGRAPH_EFORMAT or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new buffer (impgraph_free), NUL-terminated, *out_len
 * bytes long (out_len may be NULL). Thread-safe for distinct outputs.
 */
IMPGRAPH_API int impgraph_render_scans(char **out, size_t *out_len,
                                       const impgraph_scan *const *scans,
                                       size_t scan_count,
                                       const impgraph_file_list *extra,
                                       impgraph_format format,
                                       impgraph_error *err);

/* ------------------------------------------------------------------------ */
/* Module graph                                                             */
/* ------------------------------------------------------------------------ */

/** How a module is (or is not) found, as importlib would find it. */
typedef enum impgraph_module_kind {
  IMPGRAPH_MODULE_SOURCE = 0,    /**< a .py file */
  IMPGRAPH_MODULE_PACKAGE = 1,   /**< a regular package (its `__init__`) */
  IMPGRAPH_MODULE_NAMESPACE = 2, /**< a PEP 420 namespace package */
  IMPGRAPH_MODULE_EXTENSION = 3, /**< a compiled extension module */
  IMPGRAPH_MODULE_BUILTIN = 4,   /**< compiled into the interpreter */
  IMPGRAPH_MODULE_FROZEN = 5,    /**< frozen into the interpreter */
  IMPGRAPH_MODULE_BYTECODE = 6,  /**< a sourceless .pyc */
  IMPGRAPH_MODULE_MISSING = 7,   /**< not found; see impgraph_module.reason */
  /** Created and put into sys.modules by the C code of its parent, a
      standard-library extension or builtin module of CPython, when that is
      imported (`pyexpat.errors`, `pyexpat.model`), or by a standard-library
      Python module under a key its source computes (`typing.io`,
      `typing.re`), or by six's importer: no file, no finder, no
      import time of its own (its parent's includes it). Reached through an
      IMPGRAPH_EDGE_NATIVE edge from its parent, or named by `import
      parent.child`, which finds it in sys.modules. */
  IMPGRAPH_MODULE_REGISTERED = 8
} impgraph_module_kind;

/** Where a module comes from. */
typedef enum impgraph_origin {
  IMPGRAPH_ORIGIN_FIRST_PARTY = 0, /**< found through one of the project's source
                                        roots or a script's directory (without
                                        roots: the entries' top-level packages,
                                        unless they are stdlib) */
  IMPGRAPH_ORIGIN_THIRD_PARTY = 1, /**< installed (site-packages, other path entries) */
  IMPGRAPH_ORIGIN_STDLIB = 2       /**< the standard library (builtins and frozen included) */
} impgraph_origin;

/** Module flags (impgraph_module.flags). */
enum {
  /** An entry point of the analysis. */
  IMPGRAPH_MODULE_IS_ENTRY = 1u << 0,
  /** In the start-up set of the entries: loaded by importing them, following
      eager, called and parent edges only, not already loaded at bare
      interpreter start, not missing (a missing module is never loaded) and
      not failing (IMPGRAPH_MODULE_FAILS). */
  IMPGRAPH_MODULE_IN_STARTUP = 1u << 1,
  /** Already in sys.modules after a bare start of the interpreter: costs the
      program nothing. */
  IMPGRAPH_MODULE_PRELOADED = 1u << 2,
  /** Its source was scanned and its imports followed. */
  IMPGRAPH_MODULE_EXPANDED = 1u << 3,
  /** Its source has error diagnostics (see impgraph_graph_diagnostic). */
  IMPGRAPH_MODULE_HAS_ERRORS = 1u << 4,
  /** Missing modules: every import naming it is optional (try/except
      ImportError), so the program copes without it. */
  IMPGRAPH_MODULE_MISSING_OPTIONAL = 1u << 5,
  /** Missing modules: every import naming it is conditional. */
  IMPGRAPH_MODULE_MISSING_CONDITIONAL = 1u << 6,
  /** Missing modules: only imported under `if TYPE_CHECKING:`. */
  IMPGRAPH_MODULE_MISSING_TYPE_CHECKING = 1u << 7,
  /** Importing it raises ImportError: its module-level code imports, without
      a condition and outside any `try` that catches ImportError, a module
      that is missing (its top-level name is not on the search path, or a
      real package lacks that submodule) or that fails itself -- or its
      parent package fails. Python then removes it from sys.modules, so it is
      never in the start-up set; the imports it ran before the failing one
      stay loaded, those after it never run, and an `except ImportError:`
      fallback of an import of it runs instead (IMPGRAPH_EDGE_EAGER). See
      impgraph_graph_module_failure(). */
  IMPGRAPH_MODULE_FAILS = 1u << 8
};

/** One vertex of the graph. Module ids are 0..impgraph_graph_module_count-1,
    in a deterministic order (sorted by name). */
typedef struct impgraph_module {
  const char *name;          /**< dotted name */
  impgraph_module_kind kind;
  impgraph_origin origin;
  uint32_t flags;            /**< IMPGRAPH_MODULE_* flags */
  /** The file (the `__init__` for packages; `archive.zip/pkg/mod.py` inside
      zip archives); NULL for builtin, frozen, namespace and missing. */
  const char *path;
  /** Missing modules: one line saying why (e.g. "No module named 'x'");
      NULL otherwise. */
  const char *reason;
} impgraph_module;

/** Edge kinds: when an import runs. */
typedef enum impgraph_edge_kind {
  /** Runs when the importer is imported: module level, class body,
      conditional, optional (when it resolved), TYPE_CHECKING's else. */
  IMPGRAPH_EDGE_EAGER = 0,
  /** Inside a function or lambda: runs when that is called. */
  IMPGRAPH_EDGE_FUNCTION = 1,
  /** Under `if TYPE_CHECKING:`: never runs. */
  IMPGRAPH_EDGE_TYPE_CHECKING = 2,
  /** PEP 810 `lazy` or listed in `__lazy_modules__`: runs on first use. */
  IMPGRAPH_EDGE_LAZY = 3,
  /** Implicit: importing `a.b` first imports its parent package `a`. */
  IMPGRAPH_EDGE_PARENT = 4,
  /** Under a top-level `if __name__ == "__main__":`: runs only when the
      module is run as a program, never when it is imported. The imports of
      a script entry (path/to/script.py, run as __main__) are EAGER
      instead. */
  IMPGRAPH_EDGE_MAIN = 5,
  /** In an `except ImportError:` handler (IMPGRAPH_CTX_FALLBACK) whose
      `try` body's import resolved and does not fail
      (IMPGRAPH_MODULE_FAILS): the fallback runs only when that import
      fails, so it is not loaded at start-up here. (A fallback whose preferred
      import is missing or fails stays EAGER.) */
  IMPGRAPH_EDGE_FALLBACK = 6,
  /** Seen in the attached start-up profile but found by no static import
      site: added by impgraph_graph_attach_profile() (dynamic imports with
      computed names, plugin loaders, imports by extension modules or by
      functions called at import time) and replaced when another profile is
      attached. Only between two modules of the graph (pairs with a module
      the graph lacks count among impgraph_graph_unmatched()). `file` NULL,
      `line`/`column` 0, `flags` 0, `names` NULL, `scope` NULL,
      `import_index` SIZE_MAX. Never followed by impgraph_graph_startup(),
      impgraph_graph_why() or impgraph_graph_cycles(), which are the static
      analysis; renderers show them. */
  IMPGRAPH_EDGE_OBSERVED_ONLY = 7,
  /** Under an if/elif/else branch that the analysed interpreter never
      takes: a guard of impgraph_scan_import_guards() evaluates against the
      probe to the opposite of what the branch needs (`if sys.platform ==
      "win32":` on Linux, `if sys.version_info < (3, 8):` on 3.11, `else:`
      of a true condition). Conditions understood: sys.platform, os.name,
      sys.version_info, sys.implementation.name, sys.byteorder,
      platform.system(), literals, not/and/or, comparisons, and names bound
      once at module level to such an expression; anything else is unknown
      and leaves the import EAGER. A static probe (sys_path mode) knows
      only the version. Module level and class bodies only (an import in a
      function stays FUNCTION). Never followed at start-up nor expanded. */
  IMPGRAPH_EDGE_UNTAKEN = 8,
  /** In an `except` handler that does not catch ImportError
      (IMPGRAPH_CTX_HANDLER), at module level or in a class body: runs only
      when the `try` body raises at import time, so not at start-up. Takes
      precedence over FALLBACK (an import in both kinds of handler runs only
      when something other than an import failed). Never followed at
      start-up nor expanded. */
  IMPGRAPH_EDGE_HANDLER = 9,
  /** Made by the C code of a standard-library extension or builtin module
      of CPython when it is imported: it imports the target module
      (`_elementtree` imports `pyexpat`, `copy`, `xml.etree.ElementPath`) or
      registers it in sys.modules (`pyexpat` -> `pyexpat.errors`, an
      IMPGRAPH_MODULE_REGISTERED module); also what a standard-library
      Python module registers under a key its source computes (`typing` ->
      `typing.io`, `importlib` -> `importlib._bootstrap_external`). From a
      table generated by running
      every CPython 3.7-3.13 (scripts/gen_native_imports.py), for the
      interpreter's version; none for other implementations and versions
      (a `native-imports` note says so). Followed at start-up like EAGER.
      No import site: `file` NULL, `line`/`column` 0, `flags` 0, `names`
      NULL, `scope` NULL, `import_index` SIZE_MAX. */
  IMPGRAPH_EDGE_NATIVE = 10,
  /** Inside a function (like FUNCTION), but the function runs while the
      start-up set is imported, so the import runs at start-up: a call at
      import time (module level, class body, decorator, default value or
      base; not under if/elif/else, loops, with, match or an exception
      handler -- a try body is fine) of a function of the same module or of
      one imported from another scanned module, followed through the calls
      that function makes without condition; or a module `__getattr__`
      (PEP 562) serving `from M import NAME`. Only imports the function runs
      without condition (directly in its body, not under if/loops/with/
      match/handlers) are CALLED; for `__getattr__` also the imports that
      bind NAME. `call_module`, `call_line` and `call_column` say which call
      (docs/formats/graph.md, "Imports that run because a function runs").
      Followed at start-up like EAGER. */
  IMPGRAPH_EDGE_CALLED = 11,
  /** At module level or in a class body, under a guard that cannot hold
      unless the imported module is already in sys.modules (`if "IPython"
      in sys.modules: import IPython`; also `sys.modules.get("M")`, `not
      in`, `else:` branches and and/or/not around them, read like UNTAKEN
      guards): whenever the import runs, it loads nothing. A guard naming
      a module also covers its parent packages (`"a.b" in sys.modules`
      means `a` is loaded). Never followed at start-up nor expanded. */
  IMPGRAPH_EDGE_IF_LOADED = 12
} impgraph_edge_kind;

/** One edge: an import site (or an implicit child→parent dependency, or an
    import only a profile saw). Edge ids are 0..impgraph_graph_edge_count-1,
    deterministic: the static edges by importer, then file position; then,
    with an attached profile, its IMPGRAPH_EDGE_OBSERVED_ONLY edges by
    importer id, then imported id. Attaching a profile never changes the
    ids of static edges. */
typedef struct impgraph_edge {
  size_t from;             /**< importing module id */
  size_t to;               /**< imported module id */
  impgraph_edge_kind kind;
  uint32_t flags;          /**< IMPGRAPH_CTX_* of the import site; 0 for PARENT
                                and NATIVE */
  /** Importing file (for an extension module compiled by mypyc, the `.py`
      beside its binary that was scanned: impgraph_graph_module_scan());
      NULL for PARENT and NATIVE edges. */
  const char *file;
  uint32_t line;           /**< 1-based line of the import statement; 0 for
                                PARENT and NATIVE */
  uint32_t column;         /**< 1-based column; 0 for PARENT and NATIVE */
  /** Names imported by a from-import, comma-separated ("x,y"), or NULL. */
  const char *names;
  /** Enclosing def/class qualified name ("" at module level); NULL for
      PARENT and NATIVE edges. */
  const char *scope;
  /** Index of the import record in impgraph_graph_module_scan(g, from), or
      SIZE_MAX for PARENT and NATIVE edges. */
  size_t import_index;
  /** IMPGRAPH_EDGE_CALLED: the module whose import-time code makes the
      call that runs this import (its file is the file of that module's
      import edges: its path, or a mypyc-compiled module's `.py`); SIZE_MAX
      for every other kind. */
  size_t call_module;
  /** IMPGRAPH_EDGE_CALLED: 1-based line and column of that call (the
      callee's name), or of the `from M import NAME` statement served by
      M's `__getattr__`; 0 for every other kind. */
  uint32_t call_line;
  uint32_t call_column;
} impgraph_edge;

/** An entry point of the analysis. */
typedef struct impgraph_entry {
  const char *spec;     /**< as given: "pkg.mod", "path/to/script.py",
                             "pkg.mod:func", or the console script name */
  size_t module;        /**< module id */
  const char *function; /**< "func" of "pkg.mod:func", or NULL */
  const char *script;   /**< console script name, or NULL */
} impgraph_entry;

/** Graph build flags (impgraph_graph_options.flags). */
enum {
  /** Also follow the imports of modules reached only through function-level,
      TYPE_CHECKING, lazy or main edges (by default they become nodes but
      are not expanded). Modules preloaded at bare start are never
      expanded. */
  IMPGRAPH_GRAPH_FULL = 1u << 0,
  /** Do not read or write the interpreter probe cache. */
  IMPGRAPH_GRAPH_NO_PROBE_CACHE = 1u << 1
};

/** Options of impgraph_graph_build(). Initialise with
    IMPGRAPH_GRAPH_OPTIONS_INIT or impgraph_graph_options_init(). All arrays
    and strings are borrowed for the duration of the call only. */
typedef struct impgraph_graph_options {
  uint32_t version; /**< IMPGRAPH_GRAPH_OPTIONS_VERSION */
  /** Interpreter to probe; NULL: `$VIRTUAL_ENV/bin/python` when set, else
      `python3` on PATH. */
  const char *python;
  /** Static mode (no interpreter is run): `sys.path` as "DIR:DIR:...";
      NULL to probe the interpreter. */
  const char *sys_path;
  /** Static mode: the target version "X.Y" (required with sys_path). */
  const char *python_version;
  /** Source roots: project directories (src- or flat-layout), package
      directories or single scripts. Their modules are first-party and put
      first on the search path. */
  const char *const *roots;
  size_t root_count;
  /** Entry points: "pkg.mod", "path/to/script.py" or "pkg.mod:func".
      With none (and no console scripts), every first-party module is an
      entry. A script runs as __main__ with its directory first on the
      search path (a script inside a package of a root is that module).
      Without roots, a module found on sys.path: the installed package is
      analysed as it is and its top-level package counts as first-party
      (unless it is part of the standard library). */
  const char *const *entries;
  size_t entry_count;
  /** Console script names, looked up in the roots' pyproject.toml
      `[project.scripts]`, then in installed distributions' entry_points.txt. */
  const char *const *console_scripts;
  size_t console_script_count;
  uint32_t jobs;             /**< parser threads; 0 = one per CPU */
  uint32_t flags;            /**< IMPGRAPH_GRAPH_* */
  /** Probe cache directory; NULL = `$XDG_CACHE_HOME/impgraph` or
      `~/.cache/impgraph`. */
  const char *cache_dir;
  uint64_t probe_timeout_ms; /**< default 20000 */
  /** Scanner options for every parsed file; NULL = defaults. */
  const impgraph_scan_options *scan;
  /* Version 2 and later. */
  /** Called once on each parser thread the build starts, on that thread,
      before the thread parses anything; NULL for none. For a host's
      per-thread set-up: a thread name, a priority, an allocator policy
      (the CLI uses it to give each thread's heap transparent huge pages,
      docs/performance.md). It receives `thread_start_arg` and must not use
      the graph being built. Threads run it concurrently. */
  void (*thread_start)(void *arg);
  void *thread_start_arg;
} impgraph_graph_options;

/** Version 2 added thread_start and thread_start_arg; a version-1 struct
    (without them) is still accepted everywhere and means no hook. */
#define IMPGRAPH_GRAPH_OPTIONS_VERSION 2
#define IMPGRAPH_GRAPH_OPTIONS_INIT                                            \
  { IMPGRAPH_GRAPH_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0,        \
    NULL, 0, 0, 0, NULL, 20000u, NULL, NULL, NULL }

/**
 * Fills `opts` with the defaults of IMPGRAPH_GRAPH_OPTIONS_INIT for
 * `version`: version 1 fills only the fields a version-1 struct has.
 * Returns IMPGRAPH_EINVAL (opts NULL) or IMPGRAPH_EVERSION. Thread-safe.
 */
IMPGRAPH_API int impgraph_graph_options_init(impgraph_graph_options *opts,
                                             uint32_t version);

/**
 * The entry point of console script `name` declared in the pyproject.toml
 * at path `pyproject`, found as a graph's console_scripts are: in
 * `[project.scripts]`, Poetry's `[tool.poetry.scripts]`, or `scripts = {...}`
 * inline in `[project]`. On success *entry is "pkg.module:function" (or a
 * module alone), with extras (`[cli]`) and spaces removed.
 * Returns 0, IMPGRAPH_EINVAL (NULL argument), IMPGRAPH_EIO (the file cannot
 * be read: err names it and the reason), IMPGRAPH_ENOTFOUND (the file does
 * not declare `name`: err names the file) or IMPGRAPH_ENOMEM.
 * Ownership: *entry is a new buffer (impgraph_free); NULL on error.
 * Thread safety: reentrant (no shared state). Cost: one read of the file.
 */
IMPGRAPH_API int impgraph_pyproject_console_script(const char *pyproject, const char *name,
                                                   char **entry, impgraph_error *err);

/** A module dependency graph. Read-only once built: every query below may be
    called from several threads at once, except while
    impgraph_graph_attach_profile() mutates it: that call replaces the
    weights, the observed-only edges (so impgraph_graph_edge_count() and the
    observed-only edge pointers change) and the reconciliation, and must not
    run while another thread queries or renders the same graph; likewise
    impgraph_graph_update_file() (one file's edges after an edit). The igraph
    library is not
    thread-safe as commonly built (Debian's 0.10: IGRAPH_THREAD_SAFE 0), so
    impgraph runs its own igraph calls under one process-wide lock -- the
    only global state of the library; queries on distinct graphs therefore
    serialise their igraph parts. A host program that calls igraph itself
    from other threads at the same time is not covered by that lock. */
typedef struct impgraph_graph impgraph_graph;

/**
 * Probes the interpreter (or builds a static probe), finds the source roots'
 * top-level packages, resolves the entries and builds the graph transitively
 * from them into third-party and standard-library modules (only what is
 * reachable), parsing files on `jobs` threads (each with its own scanner;
 * the calling thread resolves imports and feeds newly needed modules back to
 * them). Unresolved imports become MISSING modules; broken files become
 * diagnostics; the build goes on. Node and edge order does not depend on
 * `jobs`.
 * Returns 0; IMPGRAPH_EINVAL (bad options, e.g. sys_path without
 * python_version, nothing to analyse, a malformed entry spec);
 * IMPGRAPH_EVERSION; IMPGRAPH_ENOTFOUND (interpreter, root, entry module or
 * script, console script not found, or no package in the roots — err names
 * it); IMPGRAPH_EIO (interpreter failed, printed no probe output or timed
 * out); IMPGRAPH_EABI (grammar/runtime mismatch); IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_graph_free).
 * Complexity: linear in the size of the reachable sources.
 */
IMPGRAPH_API int impgraph_graph_build(impgraph_graph **out,
                                      const impgraph_graph_options *opts,
                                      impgraph_error *err);

/** Frees a graph. NULL is a no-op. */
IMPGRAPH_API void impgraph_graph_free(impgraph_graph *graph);

/** Number of modules. O(1). */
IMPGRAPH_API size_t impgraph_graph_module_count(const impgraph_graph *graph);

/** Module `id`, or NULL when out of range. Ownership: borrowed (until the
    graph is freed). O(1). */
IMPGRAPH_API const impgraph_module *impgraph_graph_module(
    const impgraph_graph *graph, size_t id);

/** Finds a module by dotted name. Returns 0 and sets *id, or
    IMPGRAPH_ENOTFOUND. O(1) expected. */
IMPGRAPH_API int impgraph_graph_find(const impgraph_graph *graph,
                                     const char *name, size_t *id);

/** The scan of module `id`'s source when it was expanded, else NULL. The
    source is the module's path, or for an extension module compiled by
    mypyc the `.py` beside its binary (impgraph_scan_path() of the scan;
    docs/formats/graph.md, "Native edges").
    Ownership: borrowed (until the graph is freed). O(1). */
IMPGRAPH_API const impgraph_scan *impgraph_graph_module_scan(
    const impgraph_graph *graph, size_t id);

/** Why a module fails to import (IMPGRAPH_MODULE_FAILS), from
    impgraph_graph_module_failure(). */
typedef struct impgraph_module_failure {
  /** The import that raises: an edge of the module (its import site: file,
      line, statement), or its PARENT edge when its parent package fails
      (then none of its own code runs). The module's eager imports before
      this one (earlier in the file) ran and stay loaded; those after it
      never run. */
  size_t edge;
  /** 1-based line of that import; 0 when the parent package fails. */
  uint32_t line;
  /** The module that import names (the edge's target): missing, or failing
      itself. */
  size_t imported;
  /** The missing module the chain of failing imports ends at: the
      missing module an import names, or its top-most missing parent
      package (`OpenSSL` for `import OpenSSL.SSL`) -- what to install. */
  size_t missing;
} impgraph_module_failure;

/**
 * Whether importing module `id` raises ImportError, and why: fills *out and
 * returns 0 when it fails (IMPGRAPH_MODULE_FAILS), IMPGRAPH_ENOTFOUND when
 * it does not (*out is then zeroed), IMPGRAPH_EINVAL (NULL argument) or
 * IMPGRAPH_ERANGE (no such module).
 *
 * A module fails when its module-level code imports, not under any
 * if/elif/else, loop, `with` or `match`, not inside a `try` whose handlers
 * catch ImportError, a module that is missing for a definite reason (its
 * top-level name is not on the search path, or a real package has no such
 * submodule; not when a plain module is used as a package, as `six.moves`,
 * nor a top-level name when builtins are unknown (static mode) or a
 * sys.meta_path finder impgraph does not emulate may find it) or that fails
 * itself; or when its parent package fails before importing it. An import
 * cycle alone never makes a module fail (a module is in sys.modules while
 * it runs): within a cycle the failure is traced to an import whose own
 * failure does not depend on the module.
 * Failing is a property of the module in this interpreter, independent of
 * the entries. Edge ids (and so `edge`) change after
 * impgraph_graph_update_file().
 * Thread-safe (reads the graph). O(1).
 */
IMPGRAPH_API int impgraph_graph_module_failure(
    const impgraph_graph *graph, size_t id, impgraph_module_failure *out);

/** Number of edges: the static ones, plus the observed-only edges of the
    attached profile (IMPGRAPH_EDGE_OBSERVED_ONLY, the last ids). O(1). */
IMPGRAPH_API size_t impgraph_graph_edge_count(const impgraph_graph *graph);

/** Edge `id`, or NULL when out of range. Ownership: borrowed (until the
    graph is freed; an observed-only edge only until another profile is
    attached). O(1). */
IMPGRAPH_API const impgraph_edge *impgraph_graph_edge(
    const impgraph_graph *graph, size_t id);

/** Number of source roots the graph was built with. O(1). */
IMPGRAPH_API size_t impgraph_graph_root_count(const impgraph_graph *graph);

/** The directory source root `index` puts first on the search path (the
    `src` directory of a src-layout project, the project directory of a flat
    layout, the directory above a package, a script's directory): what
    PYTHONPATH needs to run the project from its tree. NULL when out of
    range. Ownership: borrowed (until the graph is freed). O(1). */
IMPGRAPH_API const char *impgraph_graph_root_search_entry(const impgraph_graph *graph,
                                                          size_t index);

/** Number of entries. O(1). */
IMPGRAPH_API size_t impgraph_graph_entry_count(const impgraph_graph *graph);

/** Entry `index`, or NULL. Ownership: borrowed (until the graph is freed). */
IMPGRAPH_API const impgraph_entry *impgraph_graph_entry(
    const impgraph_graph *graph, size_t index);

/**
 * The start-up set of entry `entry_index` (SIZE_MAX: the union of all
 * entries): module ids loaded by importing the entry, following eager,
 * called and parent edges only, minus modules preloaded at bare start (whose
 * own imports are not followed either: they ran before the program did),
 * sorted. Missing modules are never in the set (an import of one loads only
 * the packages above it that exist), nor modules that fail to import
 * (IMPGRAPH_MODULE_FAILS: only their imports before the failing one are
 * followed). The entry itself is in it unless preloaded or failing. CALLED
 * edges come from the import-time calls of the start-up set of all entries:
 * with several entries, one entry's set may include an import that only a
 * call in another entry's modules runs.
 * Returns 0, IMPGRAPH_ERANGE or IMPGRAPH_ENOMEM.
 * Ownership: *ids is a new buffer (impgraph_free); *count its length.
 * Complexity: O(V + E).
 */
IMPGRAPH_API int impgraph_graph_startup(size_t **ids, size_t *count,
                                        const impgraph_graph *graph,
                                        size_t entry_index,
                                        impgraph_error *err);

/**
 * Why `module` is loaded at start-up: shortest chains of eager/called/parent
 * edges from an entry to it, one per distinct last importer (in module id order),
 * at most `max_chains` of them (0 = no limit). Each chain is a list of edge
 * ids, entry first; every hop is the first import site between its two
 * modules. An entry module gives one chain of length 0.
 * Returns 0, IMPGRAPH_ENOTFOUND (no such module, or not in the start-up
 * set: err says which), IMPGRAPH_ENOMEM.
 * Ownership: *edge_ids and *chain_lengths are new buffers (impgraph_free):
 * chain i is the chain_lengths[i] edge ids following the previous chains'.
 * Complexity: O(max_chains * (V + E)).
 */
IMPGRAPH_API int impgraph_graph_why(size_t **edge_ids, size_t **chain_lengths,
                                    size_t *chain_count,
                                    const impgraph_graph *graph,
                                    const char *module, size_t max_chains,
                                    impgraph_error *err);

/**
 * Import cycles among first-party modules: strongly connected components of
 * more than one module (or a module importing itself) over the edges that
 * run when modules are imported or used: EAGER, FUNCTION, CALLED and LAZY
 * (PARENT edges are implicit, TYPE_CHECKING imports never run and MAIN
 * imports run only in a module run as a program, so none of them closes a
 * cycle). Cycles come in order of their first module id; `module_ids` lists the members of every
 * cycle one after another, ascending (cycle i has module_counts[i] ids);
 * `edge_ids` likewise lists the edges inside each cycle, ascending
 * (edge_counts[i]).
 * Returns 0 or IMPGRAPH_ENOMEM.
 * Ownership: all four arrays are new buffers (impgraph_free).
 * Complexity: O(V + E).
 */
IMPGRAPH_API int impgraph_graph_cycles(size_t **module_ids,
                                       size_t **module_counts,
                                       size_t **edge_ids, size_t **edge_counts,
                                       size_t *cycle_count,
                                       const impgraph_graph *graph,
                                       impgraph_error *err);

/** Number of diagnostics (parse errors of scanned files, unresolved
    relative imports, skipped paths, static-mode unknowns). O(1). */
IMPGRAPH_API size_t impgraph_graph_diagnostic_count(
    const impgraph_graph *graph);

/** Diagnostic `index`, or NULL. Ownership: borrowed (until freed). */
IMPGRAPH_API const impgraph_diagnostic *impgraph_graph_diagnostic(
    const impgraph_graph *graph, size_t index);

/** Graph view flags (impgraph_graph_view.flags). */
enum {
  /** Keep only the start-up set of the entries (and the entries). */
  IMPGRAPH_VIEW_STARTUP = 1u << 0,
  /** Draw each third-party top-level package as one node. */
  IMPGRAPH_VIEW_COLLAPSE = 1u << 1
};

/** What part of a graph to render. Initialise with
    IMPGRAPH_GRAPH_VIEW_INIT or impgraph_graph_view_init(). */
typedef struct impgraph_graph_view {
  uint32_t version;  /**< IMPGRAPH_GRAPH_VIEW_VERSION */
  uint32_t flags;    /**< IMPGRAPH_VIEW_* */
  uint32_t max_depth; /**< keep modules within this many edges of an entry
                           (with IMPGRAPH_VIEW_STARTUP: eager, called and
                           parent edges); 0 = unlimited */
  /** fnmatch(3) patterns on module names: keep only matches (none = all),
      then drop matches of `exclude`. A module matches when its name or the
      name of one of its parent packages does (`numpy` matches
      numpy.linalg). */
  const char *const *include;
  size_t include_count;
  const char *const *exclude;
  size_t exclude_count;
} impgraph_graph_view;

#define IMPGRAPH_GRAPH_VIEW_VERSION 1
#define IMPGRAPH_GRAPH_VIEW_INIT                                               \
  { IMPGRAPH_GRAPH_VIEW_VERSION, 0, 0, NULL, 0, NULL, 0 }

/** Fills `view` with the defaults. Returns IMPGRAPH_EINVAL or
    IMPGRAPH_EVERSION. Thread-safe. */
IMPGRAPH_API int impgraph_graph_view_init(impgraph_graph_view *view,
                                          uint32_t version);

/** Schema version of the graph JSON document (docs/formats/graph.md). */
#define IMPGRAPH_GRAPH_SCHEMA_VERSION 1

/**
 * Renders a graph as text, JSON (docs/formats/graph.md) or DOT
 * (docs/formats/dot.md). `view` may be NULL (the whole graph).
 * Returns 0, IMPGRAPH_EINVAL, IMPGRAPH_EVERSION, IMPGRAPH_EFORMAT or
 * IMPGRAPH_ENOMEM.
 * Ownership: *out is a new buffer (impgraph_free), NUL-terminated, *out_len
 * bytes (out_len may be NULL). Thread-safe (the graph is only read).
 */
IMPGRAPH_API int impgraph_render_graph(char **out, size_t *out_len,
                                       const impgraph_graph *graph,
                                       impgraph_format format,
                                       const impgraph_graph_view *view,
                                       impgraph_error *err);

/** Schema version of the `why` JSON document (docs/formats/graph.md). */
#define IMPGRAPH_WHY_SCHEMA_VERSION 1

/**
 * Renders why `module` is loaded at start-up, as text or JSON
 * (docs/formats/graph.md, "why"): the chains of impgraph_graph_why() with
 * every hop's import site; or, when it is not loaded, why not (not a module
 * of the graph, preloaded, missing, or imported only inside functions,
 * lazily or under TYPE_CHECKING, with the sites importing it).
 * `max_chains` as in impgraph_graph_why().
 * Returns 0 (also when the module is not loaded: the document says so),
 * IMPGRAPH_EINVAL, IMPGRAPH_EFORMAT (DOT) or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new buffer (impgraph_free), NUL-terminated, *out_len
 * bytes (out_len may be NULL). Thread-safe (the graph is only read).
 * Complexity: O(max_chains * (V + E)).
 */
IMPGRAPH_API int impgraph_render_why(char **out, size_t *out_len,
                                     const impgraph_graph *graph,
                                     const char *module, size_t max_chains,
                                     impgraph_format format,
                                     impgraph_error *err);

/** Schema version of the `cycles` JSON document (docs/formats/graph.md). */
#define IMPGRAPH_CYCLES_SCHEMA_VERSION 1

/**
 * Renders the import cycles of impgraph_graph_cycles(), each with the
 * import sites that close it, as text or JSON (docs/formats/graph.md,
 * "cycles").
 * Returns 0, IMPGRAPH_EINVAL, IMPGRAPH_EFORMAT (DOT) or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new buffer (impgraph_free), NUL-terminated, *out_len
 * bytes (out_len may be NULL). Thread-safe (the graph is only read).
 * Complexity: O(V + E).
 */
IMPGRAPH_API int impgraph_render_cycles(char **out, size_t *out_len,
                                        const impgraph_graph *graph,
                                        impgraph_format format,
                                        impgraph_error *err);

/* ------------------------------------------------------------------------ */
/* Start-up measurement                                                     */
/* ------------------------------------------------------------------------ */

/** What impgraph_measure() runs (impgraph_measure_options.mode). */
typedef enum impgraph_measure_mode {
  /** `python -m target`: run through runpy._run_module_as_main, as `-m`
      itself does. */
  IMPGRAPH_MEASURE_MODULE = 0,
  /** `python -c target`. */
  IMPGRAPH_MEASURE_CODE = 1,
  /** `python target`: a script; a directory or a `.pyz`/`.zip` archive runs
      its `__main__` module. */
  IMPGRAPH_MEASURE_SCRIPT = 2,
  /** An entry point "pkg.mod:func" (or "pkg.mod:obj.attr"), run the way a
      console script runs it: `from pkg.mod import func;
      sys.argv[0] = program_name; sys.exit(func())`. */
  IMPGRAPH_MEASURE_ENTRY_POINT = 3
} impgraph_measure_mode;

/** Measurement flags (impgraph_measure_options.flags). */
enum {
  /** A failing run (exit status != 0, or killed by a signal that was not
      impgraph's timeout) does not stop the measurement; its imports are
      counted like any other run's. A run killed at the timeout is never
      counted and always stops the measurement. */
  IMPGRAPH_MEASURE_ALLOW_FAILURE = 1u << 0
};

/** Options of impgraph_measure(). Initialise with
    IMPGRAPH_MEASURE_OPTIONS_INIT or impgraph_measure_options_init(); set
    `mode` and `target`. Strings and arrays are borrowed for the duration of
    the call only. */
typedef struct impgraph_measure_options {
  uint32_t version; /**< IMPGRAPH_MEASURE_OPTIONS_VERSION */
  /** The interpreter: a path, or a name searched in PATH; NULL = `$VIRTUAL_ENV/bin/python`
      when VIRTUAL_ENV is set, else "python3".
      It is asked once for its version and `sys.executable`, which the runs
      then execute directly (a launcher such as a pyenv shim is not timed). */
  const char *python;
  impgraph_measure_mode mode;
  /** Module name, code, script path or "pkg.mod:func", per `mode`. */
  const char *target;
  /** ENTRY_POINT only: sys.argv[0] (the console script's name); NULL = the
      target. */
  const char *program_name;
  /** Arguments after the target (sys.argv[1:]). */
  const char *const *args;
  size_t arg_count;
  uint32_t runs;   /**< measured runs, >= 1; default 5 */
  uint32_t warmup; /**< warm-up runs before them (not counted); default 1 */
  /** Per run (and for the version probe), in milliseconds; 0 = none.
      Default 120000. At the deadline the run's whole process group is
      killed with SIGKILL. */
  uint64_t timeout_ms;
  /** "NAME=VALUE" sets a variable of the target's environment, "NAME" alone
      removes it; applied in order over the inherited environment. */
  const char *const *env;
  size_t env_count;
  /** Directories prepended (made absolute) to PYTHONPATH, before the
      PYTHONPATH that the environment (after `env`) would otherwise give, so
      that first-party code is measured from the tree. */
  const char *const *source_roots;
  size_t source_root_count;
  /** Working directory of the target; NULL = the caller's. */
  const char *cwd;
  uint32_t flags; /**< IMPGRAPH_MEASURE_* */
  /** Called before each run (warm-ups first) with its 0-based index, the
      number of warm-up runs and of measured runs, from the calling thread;
      may be NULL. For progress display. */
  void (*progress)(void *ctx, uint32_t index, uint32_t warmup, uint32_t runs);
  void *progress_ctx; /**< passed to `progress` */
} impgraph_measure_options;

#define IMPGRAPH_MEASURE_OPTIONS_VERSION 1
#define IMPGRAPH_MEASURE_OPTIONS_INIT                                          \
  { IMPGRAPH_MEASURE_OPTIONS_VERSION, NULL, IMPGRAPH_MEASURE_MODULE, NULL,     \
    NULL, NULL, 0, 5u, 1u, 120000u, NULL, 0, NULL, 0, NULL, 0u, NULL, NULL }

/**
 * Fills `opts` with the defaults of IMPGRAPH_MEASURE_OPTIONS_INIT.
 * Returns IMPGRAPH_EINVAL (opts NULL) or IMPGRAPH_EVERSION. Thread-safe.
 */
IMPGRAPH_API int impgraph_measure_options_init(impgraph_measure_options *opts,
                                               uint32_t version);

/** Median, range and spread of one quantity over runs, in microseconds. */
typedef struct impgraph_time_stats {
  /** Median; for an even count the mean of the two middle values, rounded
      half away from zero. */
  int64_t median_us;
  int64_t min_us;
  int64_t max_us;
  /** Robust relative spread: (Q3 - Q1) / max(|median|, 1 µs), quartiles
      interpolated linearly between the sorted values (so with 5 runs the
      fastest and the slowest run are ignored), rounded to 4 decimals.
      0 for fewer than 2 values. */
  double spread;
  uint32_t count; /**< number of values (runs) */
} impgraph_time_stats;

/** Module flags (impgraph_module_stats.flags). They combine. */
enum {
  /** Failed to import in at least one run (see failed_runs): absent from
      sys.modules when the program ended, or named by "No module named". */
  IMPGRAPH_PROFILE_MODULE_FAILED = 1u << 0,
  /** Some row had a negative or inconsistent time (threads importing at
      once): its times are not trustworthy. */
  IMPGRAPH_PROFILE_MODULE_NEGATIVE = 1u << 1,
  /** Some row had no parent at the depth it was printed at (threads, a
      truncated log): its importer is unknown in that run. */
  IMPGRAPH_PROFILE_MODULE_ORPHAN = 1u << 2,
  /** Imported more than once in one run (failed then retried, or removed
      from sys.modules): its self time is the sum. */
  IMPGRAPH_PROFILE_MODULE_REPEAT = 1u << 3,
  /** Imported again while being imported. */
  IMPGRAPH_PROFILE_MODULE_NESTED_SELF = 1u << 4,
  /** Imported at the top level (not by another timed import) in some run. */
  IMPGRAPH_PROFILE_MODULE_TOP_LEVEL = 1u << 5,
  /** Seen in a run whose log has negative times or orphans (threads). */
  IMPGRAPH_PROFILE_MODULE_SUSPECT = 1u << 6,
  /** The name may be cut short (last line of a killed process's log). */
  IMPGRAPH_PROFILE_MODULE_TRUNCATED = 1u << 7,
  /** The log printed "(null)" or bytes no module name has. */
  IMPGRAPH_PROFILE_MODULE_BAD_NAME = 1u << 8
};

/** Statistics of one module over the runs it was imported in. */
typedef struct impgraph_module_stats {
  const char *name;           /**< dotted name as logged */
  impgraph_time_stats self;   /**< time in the module's own code */
  impgraph_time_stats cumulative; /**< self plus its nested imports */
  uint32_t runs;        /**< runs it was imported in (= self.count) */
  uint32_t failed_runs; /**< runs in which its import failed */
  uint32_t flags;       /**< IMPGRAPH_PROFILE_MODULE_* */
} impgraph_module_stats;

/** How an importer → imported edge was observed. */
typedef enum impgraph_profile_edge_kind {
  /** A timed row nested under the importer's row: executed by it. */
  IMPGRAPH_PROFILE_EDGE_NESTED = 0,
  /** A 3.14 `-X importtime=2` "cached" row: imported while already loaded. */
  IMPGRAPH_PROFILE_EDGE_CACHED = 1
} impgraph_profile_edge_kind;

/** Edge flags (impgraph_observed_edge.flags). */
enum {
  /** CACHED: the log only bounds the importer; it was guessed in some run. */
  IMPGRAPH_PROFILE_EDGE_AMBIGUOUS = 1u << 0
};

/** An import observed in the logs. */
typedef struct impgraph_observed_edge {
  const char *importer;
  const char *imported;
  /** Indices for impgraph_profile_module(); SIZE_MAX when the module has no
      timed row in any counted run (a CACHED edge to a module loaded before
      it could be timed, e.g. at bare start: `sys`, `builtins`). */
  size_t importer_index;
  size_t imported_index;
  impgraph_profile_edge_kind kind;
  uint32_t runs;  /**< runs it was observed in */
  uint32_t flags; /**< IMPGRAPH_PROFILE_EDGE_* */
} impgraph_observed_edge;

/** Run flags (impgraph_measured_run.flags). They combine. */
enum {
  /** A warm-up run: reported, never counted. */
  IMPGRAPH_PROFILE_RUN_WARMUP = 1u << 0,
  /** Exit status != 0, killed by a signal or by the timeout. */
  IMPGRAPH_PROFILE_RUN_FAILED = 1u << 1,
  /** Killed at the deadline. */
  IMPGRAPH_PROFILE_RUN_TIMED_OUT = 1u << 2,
  /** Negative times or orphan rows: threads imported at once; the nesting
      and self times of this run are not trustworthy. */
  IMPGRAPH_PROFILE_RUN_SUSPECT = 1u << 3,
  /** Its stderr held more `-X importtime` logs (child processes given
      -X importtime or PYTHONPROFILEIMPORTTIME, subinterpreters); only the
      first, the program's own, is counted (see extra_logs). */
  IMPGRAPH_PROFILE_RUN_EXTRA_LOGS = 1u << 4,
  /** The program ended without reporting sys.modules (os._exit(), killed):
      failed imports were only found from "No module named" lines. */
  IMPGRAPH_PROFILE_RUN_NO_MODULE_LIST = 1u << 5,
  /** Its stderr exceeded the capture limit (256 MiB) and was cut. */
  IMPGRAPH_PROFILE_RUN_STDERR_TRUNCATED = 1u << 6,
  /** No `-X importtime` rows at all. */
  IMPGRAPH_PROFILE_RUN_NO_ROWS = 1u << 7,
  /** Not counted in the module statistics (warm-up, timed out, no rows, or
      a failure without IMPGRAPH_MEASURE_ALLOW_FAILURE). */
  IMPGRAPH_PROFILE_RUN_EXCLUDED = 1u << 8,
  /** From a log whose rows came before any header (cut at the top). */
  IMPGRAPH_PROFILE_RUN_NO_HEADER = 1u << 9
};

/** One run of the program, or one run of a log. */
typedef struct impgraph_measured_run {
  /** "warm-up 1", "run 3"; for logs "FILE" or "FILE#2" (second run). */
  const char *label;
  uint32_t flags;    /**< IMPGRAPH_PROFILE_RUN_* */
  /** Wall time from spawning to exit, µs; -1 when unknown (logs). */
  int64_t wall_us;
  /** User + system CPU time of the process (and of the children it
      waited for), µs; -1 when unknown. */
  int64_t cpu_us;
  /** The log's total: sum of the cumulative times of top-level imports. */
  int64_t total_us;
  int exit_status;   /**< exit code; -1 when killed or unknown */
  int term_signal;   /**< signal that killed it, or 0 */
  uint32_t row_count;      /**< timed rows of the counted log */
  uint32_t failed_imports; /**< rows marked failed */
  uint32_t extra_logs;     /**< further logs on its stderr, not counted */
  /** Failed runs: the last lines of stderr that are not log rows (a
      traceback), at most 20 lines / 4 KiB; NULL otherwise. */
  const char *stderr_tail;
} impgraph_measured_run;

/** What a profile is about. */
typedef struct impgraph_profile_info {
  const char *source;       /**< "measure" or "log" */
  const char *python;       /**< interpreter as given; NULL for logs */
  const char *executable;   /**< sys.executable that ran; NULL if unknown */
  const char *python_version; /**< "3.11.7"; NULL if unknown */
  const char *implementation; /**< "cpython"; NULL if unknown */
  const char *cwd;          /**< working directory of the runs; NULL for logs */
  /** The equivalent command line (without impgraph's wrapper), or for logs
      the log labels. */
  const char *const *command;
  size_t command_count;
  const char *const *source_roots; /**< as made absolute */
  size_t source_root_count;
  const char *const *env;   /**< the `env` options given */
  size_t env_count;
  uint32_t importtime_level; /**< 1, 2 (`-X importtime=2`), 0 if unknown */
  uint32_t warmup;          /**< warm-up runs done */
  uint32_t runs;            /**< runs counted in the module statistics */
  uint32_t failed_runs;     /**< runs flagged FAILED (warm-ups included) */
  impgraph_time_stats wall;  /**< over counted runs; count 0 for logs */
  impgraph_time_stats cpu;   /**< over counted runs; count 0 for logs */
  impgraph_time_stats total; /**< log totals over counted runs */
} impgraph_profile_info;

/** A start-up profile. Read-only once returned: may be read from several
    threads at once. */
typedef struct impgraph_profile impgraph_profile;

/**
 * Measures the start-up imports of a Python program: asks the interpreter
 * for its version, then runs it `warmup` + `runs` times with
 * `-X importtime` (`-X importtime=2` on 3.14+), stdin and stdout on
 * /dev/null, stderr captured (read while waiting: no deadlock on large
 * output), in its own process group (killed at the deadline, and when the
 * program exits leaving processes in it). A small `-c` wrapper runs the
 * target and reports sys.modules on an extra descriptor at the end, to tell
 * failed imports; it imports nothing that a bare start has not loaded.
 * PYTHONDONTWRITEBYTECODE and PYTHONPROFILEIMPORTTIME are removed from the
 * inherited environment (a note says so) unless `env` sets them.
 *
 * A target that fails (exit status != 0) or is killed is not an API error:
 * the run is flagged FAILED, with its stderr tail, a "target-failed" or
 * "timeout" error diagnostic is added, and the runs stop there (unless
 * IMPGRAPH_MEASURE_ALLOW_FAILURE lets failures other than the timeout go
 * on). Check impgraph_profile_info.failed_runs.
 *
 * Returns 0; IMPGRAPH_EINVAL (bad options: NULL target, runs 0, an array
 * NULL with a count, an empty env name, a CPython older than 3.7 or not
 * CPython); IMPGRAPH_EVERSION; IMPGRAPH_ENOTFOUND (the interpreter, the
 * script, a source root or cwd does not exist — err names it); IMPGRAPH_EIO
 * (the version probe failed or timed out, a pipe or spawn failed);
 * IMPGRAPH_ENOMEM.
 * The whole stderr of every run is kept in the profile
 * (impgraph_profile_run_log()), usually 10-500 KB per run.
 * Ownership: *out is a new object (impgraph_profile_free).
 * Thread safety: calls with distinct options are independent; reads the
 * process environment (environ) and PATH at the call, so do not setenv()
 * concurrently. Installs no signal handler and changes no process state.
 */
IMPGRAPH_API int impgraph_measure(impgraph_profile **out,
                                  const impgraph_measure_options *opts,
                                  impgraph_error *err);

/**
 * Builds a profile from existing `-X importtime` logs (stderr text, any
 * version 3.7+, messy or cut short): every run of every log (a header starts
 * one) is one run. `texts[i]` is `lens[i]` bytes (not necessarily
 * NUL-terminated); `labels[i]` names it in runs and diagnostics (`labels`
 * may be NULL: "log 1", "log 2", ...). Problems in the text are diagnostics.
 * Failed imports are only known from "No module named" lines.
 * Returns 0, IMPGRAPH_EINVAL (out NULL, count 0, a NULL text with a length)
 * or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_profile_free); the texts are
 * not kept. Thread-safe. Complexity: linear in the total size.
 */
IMPGRAPH_API int impgraph_profile_from_logs(impgraph_profile **out,
                                            const char *const *texts,
                                            const size_t *lens,
                                            const char *const *labels,
                                            size_t count, impgraph_error *err);

/**
 * Reads a profile saved as JSON (docs/formats/profile.md, schema
 * "impgraph-profile" version 1; unknown fields are ignored).
 * Returns 0, IMPGRAPH_EINVAL (out or path NULL), IMPGRAPH_EIO (cannot
 * read), IMPGRAPH_EFORMAT (not JSON, not a profile, a newer schema version
 * or a malformed field: err names the field) or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_profile_free). Thread-safe.
 */
IMPGRAPH_API int impgraph_profile_load(impgraph_profile **out,
                                       const char *path, impgraph_error *err);

/** Frees a profile. NULL is a no-op. */
IMPGRAPH_API void impgraph_profile_free(impgraph_profile *profile);

/** What the profile is about, with the summary statistics.
    Ownership: borrowed (until the profile is freed). O(1). */
IMPGRAPH_API const impgraph_profile_info *impgraph_profile_summary(
    const impgraph_profile *profile);

/** Number of modules. O(1). */
IMPGRAPH_API size_t impgraph_profile_module_count(
    const impgraph_profile *profile);

/** Module `index` (sorted by name), or NULL when out of range.
    Ownership: borrowed (until the profile is freed). O(1). */
IMPGRAPH_API const impgraph_module_stats *impgraph_profile_module(
    const impgraph_profile *profile, size_t index);

/** Finds a module by dotted name. Returns 0 and sets *index, or
    IMPGRAPH_ENOTFOUND (IMPGRAPH_EINVAL for NULL arguments).
    O(log modules). */
IMPGRAPH_API int impgraph_profile_find(const impgraph_profile *profile,
                                       const char *module, size_t *index);

/** Number of observed edges. O(1). */
IMPGRAPH_API size_t impgraph_profile_edge_count(
    const impgraph_profile *profile);

/** Edge `index` (sorted by importer, imported, kind), or NULL when out of
    range. Ownership: borrowed (until the profile is freed). O(1). */
IMPGRAPH_API const impgraph_observed_edge *impgraph_profile_edge(
    const impgraph_profile *profile, size_t index);

/** Number of runs, warm-ups and excluded runs included. O(1). */
IMPGRAPH_API size_t impgraph_profile_run_count(
    const impgraph_profile *profile);

/** Run `index` in the order they ran, or NULL when out of range.
    Ownership: borrowed (until the profile is freed). O(1). */
IMPGRAPH_API const impgraph_measured_run *impgraph_profile_run(
    const impgraph_profile *profile, size_t index);

/**
 * The whole stderr captured from run `index` of impgraph_measure() (the raw
 * log, e.g. to save it and rebuild the profile with
 * impgraph_profile_from_logs()), and its length in *len (may be NULL).
 * NULL for profiles built from logs or loaded, and out of range.
 * Ownership: borrowed (until the profile is freed). O(1).
 */
IMPGRAPH_API const char *impgraph_profile_run_log(
    const impgraph_profile *profile, size_t index, size_t *len);

/** Number of diagnostics. O(1). */
IMPGRAPH_API size_t impgraph_profile_diagnostic_count(
    const impgraph_profile *profile);

/** Diagnostic `index`, or NULL. Codes: those of the log parser (see
    docs/formats/profile.md) plus "target-failed", "timeout", "extra-logs",
    "suspect-run", "no-rows", "runs-disagree", "environment", "executable",
    "stderr-truncated", "no-module-list". `path` is the run label or the log
    label. Ownership: borrowed (until the profile is freed). */
IMPGRAPH_API const impgraph_diagnostic *impgraph_profile_diagnostic(
    const impgraph_profile *profile, size_t index);

/* Profile weights on the graph (merge) */

/**
 * Attaches the median self and cumulative times of `profile`'s modules to
 * the modules of `graph` with the same dotted name, flags every static edge
 * whose importer -> imported pair was observed in the profile
 * (impgraph_graph_edge_observed()), records the profile modules the graph
 * does not have (impgraph_graph_unmatched()), adds an
 * IMPGRAPH_EDGE_OBSERVED_ONLY edge for each observed pair of graph modules
 * that no static edge joins, and computes the reconciliation
 * (impgraph_graph_reconciliation()). Modules with no counted run are
 * ignored. Observed pairs (impgraph_profile_edge(): NESTED rows and 3.14
 * CACHED rows) become observed-only edges unless they would be noise
 * (docs/formats/graph.md, "observed-only edges"): a module importing itself;
 * either module preloaded at bare start (what the interpreter does before
 * the program); an implicit parent-package import (the importer has a
 * static edge to a submodule of the imported package, e.g. `from pkg import
 * sub` loads `pkg` too); a CACHED row whose importer the log leaves
 * ambiguous; an importer impgraph has a source for but did not scan (not
 * expanded: reached only through function-level imports without
 * IMPGRAPH_GRAPH_FULL, or inside a zip archive) -- its static edges are
 * unknown. Each is counted in the reconciliation. Attaching again replaces
 * the previous profile's weights, observed-only edges and reconciliation.
 * Renderers then add times and observed-only edges (docs/formats/graph.md,
 * "profile").
 * Returns 0, IMPGRAPH_EINVAL (NULL argument) or IMPGRAPH_ENOMEM (the graph
 * keeps its previous profile).
 * Ownership: nothing of `profile` is kept (names are copied); it may be
 * freed right after. Thread safety: mutates the graph -- do not call it
 * while other threads query or render the same graph; afterwards the graph
 * is read-only again. Complexity: O(P + E + O * k * d + O log O) for P
 * profile modules, E static edges, O observed edges, k the depth of
 * package nesting and d the out-degree.
 */
IMPGRAPH_API int impgraph_graph_attach_profile(impgraph_graph *graph,
                                               const impgraph_profile *profile,
                                               impgraph_error *err);

/** Whether a profile is attached to `graph`: 1 or 0. O(1). */
IMPGRAPH_API int impgraph_graph_has_profile(const impgraph_graph *graph);

/** Median self and cumulative times (µs) of module `id` in the attached
    profile (either out-pointer may be NULL). Returns 0,
    IMPGRAPH_ENOTFOUND (no profile attached, or the module was not loaded in
    the profile) or IMPGRAPH_ERANGE (bad id). O(1). */
IMPGRAPH_API int impgraph_graph_module_weight(const impgraph_graph *graph,
                                              size_t id, int64_t *self_us,
                                              int64_t *cumulative_us);

/** Whether edge `edge_id` was observed in the attached profile (its
    importer imported its target in the log): 1 (always for observed-only
    edges), or 0 (not observed, no profile, bad id). O(1). */
IMPGRAPH_API int impgraph_graph_edge_observed(const impgraph_graph *graph,
                                              size_t edge_id);

/** Number of modules of the attached profile that are not in the graph (0
    without a profile). O(1). */
IMPGRAPH_API size_t impgraph_graph_unmatched_count(
    const impgraph_graph *graph);

/** Name of unmatched profile module `index` (in profile order, i.e. by
    name), or NULL when out of range. Ownership: borrowed (until the graph
    is freed or another profile is attached). O(1). */
IMPGRAPH_API const char *impgraph_graph_unmatched(const impgraph_graph *graph,
                                                  size_t index);

/** Total median self time (µs) of the unmatched profile modules (0 without
    a profile). O(1). */
IMPGRAPH_API int64_t impgraph_graph_unmatched_self_us(
    const impgraph_graph *graph);

/**
 * How the attached profile and the static graph agree (docs/formats/graph.md,
 * "reconciliation"). "Start-up edges" are the static EAGER edges between two
 * modules of the start-up set; "loaded" means imported successfully in a
 * counted run of the profile (failed imports are logged too: they do not
 * count). Fields may be added at the end (the struct is only read through
 * the pointer impgraph_graph_reconciliation() returns).
 */
typedef struct impgraph_reconciliation {
  /* Static start-up edges: seen or not. never_observed is the sum of the
     three never_observed_* counts. */
  size_t static_eager_edges; /**< EAGER edges inside the start-up set */
  size_t observed;           /**< ... whose import the profile saw */
  size_t never_observed;     /**< ... whose import it did not see */
  /** Importer and target both loaded, this import not seen: usually the
      target had already been imported by another module (a NESTED row
      shows only the first import; 3.14's CACHED rows show the others). */
  size_t never_observed_target_loaded;
  /** Importer loaded, target never loaded: the import did not run (a branch
      not taken, e.g. `if sys.platform == "win32":`). */
  size_t never_observed_target_not_loaded;
  /** The importer itself was never loaded as a module (the program took
      another path, or the importer ran as `__main__`, e.g. `-m pkg` runs
      pkg.__main__ without importing it). */
  size_t never_observed_importer_not_loaded;

  /* Modules. */
  size_t startup_modules;        /**< modules of the start-up set */
  /** ... loaded in the profile (an IMPGRAPH_MODULE_REGISTERED module,
      which never has a row of its own, when its parent is) */
  size_t startup_modules_loaded;
  /** Modules of the graph loaded in the profile although not in the
      start-up set (nor preloaded): loaded by imports the static start-up
      set does not follow (function-level imports called at import time,
      dynamic imports), and their self time (µs). */
  size_t loaded_outside_startup;
  int64_t loaded_outside_startup_self_us;
  /** Profile modules the graph does not have, and their self time (µs):
      as impgraph_graph_unmatched_count() / _unmatched_self_us(). */
  size_t unmatched_modules;
  int64_t unmatched_self_us;

  /* Observed imports: distinct importer -> imported pairs of the profile.
     observed_pairs is the sum of the five counts after it. */
  size_t observed_pairs;
  size_t observed_static;    /**< joined by at least one static edge */
  size_t observed_only;      /**< added as IMPGRAPH_EDGE_OBSERVED_ONLY */
  /** From an importer with a source impgraph did not scan (not expanded;
      IMPGRAPH_GRAPH_FULL scans more): not added, its static edges are not
      known. */
  size_t observed_unscanned;
  /** Not added as noise: self-imports, a preloaded module at either end,
      implicit parent-package imports, ambiguous CACHED importers. */
  size_t observed_ignored;
  /** With a module the graph does not have (see unmatched_modules). */
  size_t observed_unmatched;
} impgraph_reconciliation;

/** The reconciliation of the attached profile with the static graph, or
    NULL when no profile is attached. Ownership: borrowed (until the graph
    is freed or another profile is attached). O(1): computed by
    impgraph_graph_attach_profile(). */
IMPGRAPH_API const impgraph_reconciliation *impgraph_graph_reconciliation(
    const impgraph_graph *graph);

/**
 * An estimate of module `id`'s self import time (µs), for when no profile
 * says: a fixed cost per kind plus, for modules loaded from a file (source,
 * a package's `__init__`, bytecode, extension), a cost per KiB of that file,
 * whose size was recorded when the graph was built (docs/formats/graph.md,
 * "estimates": the constants, fitted on CPython 3.11, and their error).
 * Renderers always label it an estimate. Preloaded and missing modules
 * estimate 0. Sets *self_us (0 on error).
 * Returns 0, IMPGRAPH_ERANGE (bad id) or IMPGRAPH_EINVAL (NULL graph or
 * self_us). O(1).
 */
IMPGRAPH_API int impgraph_graph_module_estimate(const impgraph_graph *graph,
                                                size_t id, int64_t *self_us);

/** Profile view flags (impgraph_profile_view.flags). */
enum {
  /** Text: add the tree of the slowest import chains. */
  IMPGRAPH_PROFILE_VIEW_TREE = 1u << 0
};

/** How to render a profile as text (JSON always holds everything).
    Initialise with IMPGRAPH_PROFILE_VIEW_INIT or
    impgraph_profile_view_init(). */
typedef struct impgraph_profile_view {
  uint32_t version; /**< IMPGRAPH_PROFILE_VIEW_VERSION */
  /** Rows of the slowest-by-self and slowest-by-cumulative tables, and
      children shown per tree node; 0 = all. Default 20. */
  uint32_t top;
  /** Columns to fit (module names are shortened with "..."); 0 = no
      limit. Default 100. */
  uint32_t width;
  uint32_t flags; /**< IMPGRAPH_PROFILE_VIEW_* */
} impgraph_profile_view;

#define IMPGRAPH_PROFILE_VIEW_VERSION 1
#define IMPGRAPH_PROFILE_VIEW_INIT                                             \
  { IMPGRAPH_PROFILE_VIEW_VERSION, 20u, 100u, 0u }

/** Fills `view` with the defaults. Returns IMPGRAPH_EINVAL or
    IMPGRAPH_EVERSION. Thread-safe. */
IMPGRAPH_API int impgraph_profile_view_init(impgraph_profile_view *view,
                                            uint32_t version);

/** Schema version of the profile JSON document (docs/formats/profile.md). */
#define IMPGRAPH_PROFILE_SCHEMA_VERSION 1

/**
 * Renders a profile as text (the slowest modules by self and cumulative
 * time, with `IMPGRAPH_PROFILE_VIEW_TREE` the import tree, then the
 * diagnostics) or as JSON (docs/formats/profile.md; `view` is ignored and
 * impgraph_profile_load() reads it back). `view` may be NULL (defaults).
 * Returns 0, IMPGRAPH_EINVAL, IMPGRAPH_EVERSION, IMPGRAPH_EFORMAT or
 * IMPGRAPH_ENOMEM.
 * Ownership: *out is a new buffer (impgraph_free), NUL-terminated, *out_len
 * bytes (out_len may be NULL). Thread-safe (the profile is only read).
 */
IMPGRAPH_API int impgraph_render_profile(char **out, size_t *out_len,
                                         const impgraph_profile *profile,
                                         impgraph_format format,
                                         const impgraph_profile_view *view,
                                         impgraph_error *err);

/* ------------------------------------------------------------------------ */
/* Suggestions: which imports to defer, how, and what it saves              */
/* ------------------------------------------------------------------------ */

/** The rules (impgraph_suggestion.kind). Names: impgraph_suggestion_kind_name(). */
typedef enum impgraph_suggestion_kind {
  /** "move-into-function": the import is needed only inside some functions:
      move it into each of them. */
  IMPGRAPH_SUGGEST_MOVE_INTO_FUNCTION = 0,
  /** "type-checking": needed only in annotations: import it under
      `if TYPE_CHECKING:` (adding `from __future__ import annotations` when
      the target versions evaluate annotations eagerly). */
  IMPGRAPH_SUGGEST_TYPE_CHECKING = 1,
  /** "lazy-getattr": a package `__init__` re-exports a heavy submodule or
      its names: a PEP 562 module `__getattr__` + `__dir__` loads them on
      first access. */
  IMPGRAPH_SUGGEST_LAZY_GETATTR = 2,
  /** "lazy-import": PEP 810 `lazy import` / `lazy from` (every supported
      version is 3.15+), or `__lazy_modules__` (older versions stay eager). */
  IMPGRAPH_SUGGEST_LAZY_IMPORT = 3,
  /** "split-subcommands": the import is needed only by some subcommands of
      a CLI: move it into their handlers so `tool --help` and the other
      subcommands do not load it. */
  IMPGRAPH_SUGGEST_SPLIT_SUBCOMMANDS = 4,
  /** "remove-unused": imported and never used; check for side effects. */
  IMPGRAPH_SUGGEST_REMOVE_UNUSED = 5
} impgraph_suggestion_kind;

/** The rule name ("move-into-function", ...), or "?" for an unknown kind.
    Ownership: borrowed (static storage). Thread-safe. */
IMPGRAPH_API const char *impgraph_suggestion_kind_name(impgraph_suggestion_kind kind);

/** How safe a suggestion is. */
typedef enum impgraph_risk {
  /** Deferring keeps the program's behaviour (only timing changes). */
  IMPGRAPH_RISK_SAFE = 0,
  /** The deferred module has import-time side effects the program may
      rely on, or the change is one the records cannot fully prove:
      impgraph_suggestion.risk_reason says which. */
  IMPGRAPH_RISK_REVIEW = 1
} impgraph_risk;

/** One text edit: replace `range` of `file` with `new_text` (an empty range,
    start == end, is an insertion). Edits of one suggestion do not overlap
    and are listed in file order; apply them from the last to the first. */
typedef struct impgraph_text_edit {
  const char *file;       /**< relative to the project root */
  impgraph_range range;
  const char *new_text;
} impgraph_text_edit;

/** A way the program is started, as the report counts it. */
typedef struct impgraph_report_entry {
  /** "taskcli --help", "taskcli stats", "pkg.mod", "pkg.mod:main". */
  const char *label;
  /** Index of the graph entry (impgraph_graph_entry()). */
  size_t entry;
  /** The subcommand run, or NULL for the entry itself (for a CLI: its
      `--help`, which only imports). */
  const char *subcommand;
  int64_t startup_us;           /**< start-up now (sum of self times) */
  int64_t predicted_startup_us; /**< after every suggestion is applied */
  size_t module_count;          /**< modules loaded now (excluding preloaded) */
  size_t predicted_module_count;
} impgraph_report_entry;

/** One suggested change at one import site. */
typedef struct impgraph_suggestion {
  impgraph_suggestion_kind kind;
  /** The importing file, relative to the project root. */
  const char *file;
  uint32_t line;   /**< 1-based line of the import statement */
  uint32_t column; /**< 1-based byte column */
  impgraph_range range; /**< the import statement */
  const char *module;   /**< the importing module (dotted) */
  const char *import;   /**< the imported module (dotted) */
  /** The names concerned of a from-import, comma-separated ("a,b"), or
      NULL for a plain import. */
  const char *names;
  /** Index of its group (impgraph_suggestions_group()): the changes that
      save only when applied together. */
  size_t group;
  /** The joint saving of its group on the start-up of all entries
      (imported, entry functions run, no subcommand), µs: the self time of
      every module that no longer loads -- the larger of what the group
      saves applied first and applied last (after every other suggestion:
      a module also imported through another suggested import drops only
      then). */
  int64_t savings_us;
  /** The saving of this change alone (0 when the module is still loaded
      through another import until the rest of the group is applied). */
  int64_t savings_alone_us;
  /** Functions to move the import into (MOVE_INTO_FUNCTION,
      SPLIT_SUBCOMMANDS), qualified names, and the line of the first use in
      each. */
  size_t function_count;
  const char *const *functions;
  const uint32_t *function_lines;
  /** SPLIT_SUBCOMMANDS: the subcommands that need the import. */
  size_t subcommand_count;
  const char *const *subcommands;
  impgraph_risk risk;
  const char *risk_reason; /**< one line; NULL when SAFE */
  /** Why the import can be deferred, one line ("used only in cmd_stats
      (line 29)"). */
  const char *reason;
  /** What to do, one line. */
  const char *action;
  /** The generated code as one block to read (e.g. the whole module
      `__getattr__` of LAZY_GETATTR), or NULL. */
  const char *edit;
  /** The same change as text edits to apply, or none when it cannot be
      generated safely (then `action` says what to do). */
  size_t edit_count;
  const impgraph_text_edit *edits;
  /** Modules that would no longer load at start-up with the whole group
      applied (dotted names), heaviest first. */
  size_t dropped_count;
  const char *const *dropped;
} impgraph_suggestion;

/** Changes that save only when applied together. */
typedef struct impgraph_suggestion_group {
  /** Indices of its suggestions. */
  size_t member_count;
  const size_t *members;
  /** Joint saving on the start-up of all entries, µs. */
  int64_t savings_us;
  /** Per report entry (impgraph_suggestions_entry() order): the saving of
      this group on that entry, µs (first or last, as savings_us). */
  const int64_t *entry_savings_us;
} impgraph_suggestion_group;

/** An import left as it is although it is on the start-up path, and why
    (for verbose reports). */
typedef struct impgraph_kept_import {
  const char *file;   /**< relative to the project root */
  uint32_t line;
  const char *module; /**< importing module */
  const char *import; /**< imported module */
  /** Why it stays: "needed at import time: used in a decorator at line
      12", "`main` always runs it", ... */
  const char *reason;
  uint32_t use_line; /**< first import-time use, or 0 */
} impgraph_kept_import;

/** The report as a whole. */
typedef struct impgraph_suggest_info {
  /** 1 when times are measured (a profile is attached to the graph), 0
      when they are estimates (impgraph_graph_module_estimate()). */
  int measured;
  /** What was measured: the profile's command line, joined; or NULL. */
  const char *profile_command;
  /** Start-up of all entries now and after every suggestion, µs. */
  int64_t startup_us;
  int64_t predicted_startup_us;
  /** The Python versions the suggestions must work on: the lowest
      (requires-python, else the target) and the target. */
  int min_major, min_minor;
  int target_major, target_minor;
  /** Where min_* came from: "requires-python >=3.8 (pyproject.toml)",
      "--target-python", "the interpreter". */
  const char *versions_from;
  /** The planner's choice of mechanism for functions-only imports, one
      line ("move imports into functions: Python 3.8 has no lazy import"). */
  const char *mechanism;
  size_t considered; /**< first-party module-level import sites examined */
  size_t filtered;   /**< suggestions dropped by min_savings_us / top */
  /** With a profile (measured == 1): modules of the entries' start-up sets
      that the measured program never reached (another entry's, or a
      subcommand's: absent from the profile, and no module the profile
      loaded imports them at start-up): their self times are estimates
      (impgraph_graph_module_estimate()), as are those of function-level
      imports it never ran. A module absent from the profile that a loaded
      module does import weighs 0 (the run did not load it). 0 without a
      profile (everything is estimated). */
  size_t estimated_modules;
} impgraph_suggest_info;

/** Suggestion flags (impgraph_suggest_options.flags). */
enum {
  /** Do not look for CLI subcommands (no split-subcommands, no per
      subcommand entries). */
  IMPGRAPH_SUGGEST_NO_SUBCOMMANDS = 1u << 0
};

/** Options of impgraph_suggest(). Initialise with
    IMPGRAPH_SUGGEST_OPTIONS_INIT or impgraph_suggest_options_init(). */
typedef struct impgraph_suggest_options {
  uint32_t version; /**< IMPGRAPH_SUGGEST_OPTIONS_VERSION */
  /** Target Python "X.Y"; NULL = the graph's interpreter version. */
  const char *target_python;
  /** A PEP 440 specifier such as ">=3.8"; NULL = read
      `[project] requires-python` from the first source root's
      pyproject.toml, else the target version only. */
  const char *requires_python;
  /** Project root: suggestion files are relative to it; NULL = the first
      source root (or the current directory). */
  const char *project_root;
  /** What the attached profile measured, shown at the top of reports;
      NULL = the profile's own command line (shell-quoted). */
  const char *profile_command;
  /** Drop groups saving less than this, µs (default 1000). */
  int64_t min_savings_us;
  /** Keep the best N groups; 0 = all. */
  size_t top;
  uint32_t flags; /**< IMPGRAPH_SUGGEST_* */
} impgraph_suggest_options;

#define IMPGRAPH_SUGGEST_OPTIONS_VERSION 1
#define IMPGRAPH_SUGGEST_OPTIONS_INIT                                          \
  { IMPGRAPH_SUGGEST_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 1000, 0, 0u }

/** Fills `opts` with the defaults. Returns IMPGRAPH_EINVAL or
    IMPGRAPH_EVERSION. Thread-safe. */
IMPGRAPH_API int impgraph_suggest_options_init(impgraph_suggest_options *opts,
                                               uint32_t version);

/** Suggestions for one graph. Read-only once returned: may be read from
    several threads at once. */
typedef struct impgraph_suggestions impgraph_suggestions;

/**
 * Decides which first-party module-level imports on the start-up path of
 * the graph's entries can be deferred, with which mechanism, and what each
 * change saves: the self time of every module that would no longer load
 * (measured when a profile is attached to the graph, else estimated), per
 * entry and per CLI subcommand. Imports that must stay (needed at import
 * time, `__future__`, run anyway by the entry function, preloaded modules)
 * are listed as kept. Groups of changes that save only together are found
 * with minimum cuts over the deferrable edges.
 * Returns 0, IMPGRAPH_EINVAL (NULL out/graph, malformed target_python or
 * requires_python), IMPGRAPH_EVERSION or IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_suggestions_free); it copies
 * what it keeps from the graph. Thread safety: reads the graph only (may
 * run while other threads query it).
 * Complexity: O(C * (V + E)) for C candidate import sites.
 */
IMPGRAPH_API int impgraph_suggest(impgraph_suggestions **out,
                                  const impgraph_graph *graph,
                                  const impgraph_suggest_options *opts,
                                  impgraph_error *err);

/** Frees suggestions. NULL is a no-op. */
IMPGRAPH_API void impgraph_suggestions_free(impgraph_suggestions *suggestions);

/** The report's summary. Ownership: borrowed (until freed). O(1). */
IMPGRAPH_API const impgraph_suggest_info *impgraph_suggestions_info(
    const impgraph_suggestions *suggestions);

/** Number of suggestions (ranked: by group saving, then file and line). */
IMPGRAPH_API size_t impgraph_suggestions_count(const impgraph_suggestions *suggestions);

/** Suggestion `index`, or NULL. Ownership: borrowed (until freed). O(1). */
IMPGRAPH_API const impgraph_suggestion *impgraph_suggestions_get(
    const impgraph_suggestions *suggestions, size_t index);

/** Number of groups. O(1). */
IMPGRAPH_API size_t impgraph_suggestions_group_count(
    const impgraph_suggestions *suggestions);

/** Group `index`, or NULL. Ownership: borrowed (until freed). O(1). */
IMPGRAPH_API const impgraph_suggestion_group *impgraph_suggestions_group(
    const impgraph_suggestions *suggestions, size_t index);

/** Number of report entries (graph entries, then their subcommands). */
IMPGRAPH_API size_t impgraph_suggestions_entry_count(
    const impgraph_suggestions *suggestions);

/** Report entry `index`, or NULL. Ownership: borrowed (until freed). */
IMPGRAPH_API const impgraph_report_entry *impgraph_suggestions_entry(
    const impgraph_suggestions *suggestions, size_t index);

/** Number of kept imports. O(1). */
IMPGRAPH_API size_t impgraph_suggestions_kept_count(
    const impgraph_suggestions *suggestions);

/** Kept import `index`, or NULL. Ownership: borrowed (until freed). */
IMPGRAPH_API const impgraph_kept_import *impgraph_suggestions_kept(
    const impgraph_suggestions *suggestions, size_t index);

/** Suggestion view flags (impgraph_suggest_view.flags). */
enum {
  /** Text: ANSI colours. */
  IMPGRAPH_SUGGEST_VIEW_COLOR = 1u << 0,
  /** Text/Markdown: list kept imports with the reason they stay. */
  IMPGRAPH_SUGGEST_VIEW_VERBOSE = 1u << 1
};

/** How to render suggestions. Initialise with IMPGRAPH_SUGGEST_VIEW_INIT
    or impgraph_suggest_view_init(). */
typedef struct impgraph_suggest_view {
  uint32_t version; /**< IMPGRAPH_SUGGEST_VIEW_VERSION */
  uint32_t flags;   /**< IMPGRAPH_SUGGEST_VIEW_* */
  /** Text: columns to fit; 0 = no limit. Default 100. */
  uint32_t width;
} impgraph_suggest_view;

#define IMPGRAPH_SUGGEST_VIEW_VERSION 1
#define IMPGRAPH_SUGGEST_VIEW_INIT { IMPGRAPH_SUGGEST_VIEW_VERSION, 0u, 100u }

/** Fills `view` with the defaults. Returns IMPGRAPH_EINVAL or
    IMPGRAPH_EVERSION. Thread-safe. */
IMPGRAPH_API int impgraph_suggest_view_init(impgraph_suggest_view *view, uint32_t version);

/** Schema version of the suggestions JSON document (docs/formats/suggest.md). */
#define IMPGRAPH_SUGGEST_SCHEMA_VERSION 1

/**
 * Renders suggestions as text (summary per entry, then the ranked list),
 * Markdown (for pull requests), JSON (docs/formats/suggest.md) or SARIF
 * 2.1.0 (docs/formats/sarif.md: one result per suggestion, with its region
 * and fixes). `view` may be NULL (defaults).
 * Returns 0, IMPGRAPH_EINVAL, IMPGRAPH_EVERSION, IMPGRAPH_EFORMAT (DOT) or
 * IMPGRAPH_ENOMEM.
 * Ownership: *out is a new buffer (impgraph_free), NUL-terminated, *out_len
 * bytes (out_len may be NULL). Thread-safe (the suggestions are only read).
 */
IMPGRAPH_API int impgraph_render_suggestions(char **out, size_t *out_len,
                                             const impgraph_suggestions *suggestions,
                                             impgraph_format format,
                                             const impgraph_suggest_view *view,
                                             impgraph_error *err);

/* ------------------------------------------------------------------------ */
/* Editor diagnostics                                                       */
/* ------------------------------------------------------------------------ */

/*
 * For editors and linters: the imports of one in-memory buffer (an unsaved
 * file) judged against an already-built graph (with its profile, if one is
 * attached) and, optionally, a suggestions report -- whether each import
 * loads at start-up, what it costs, the suggestion that applies -- as
 * diagnostics with ranges in both the units LSP wants (UTF-16) and those
 * SARIF and byte-oriented tools want (bytes); and the update of the graph
 * after an edit (impgraph_graph_update_file()). docs/api/README.md, "Editor
 * diagnostics", has the rules and an example.
 */

/** Severity of an editor diagnostic. The values are LSP's
    DiagnosticSeverity (1 = Error ... 4 = Hint); SARIF levels: error,
    warning, note, note. */
typedef enum impgraph_editor_severity {
  /** A syntax or decoding error of the buffer (only with
      IMPGRAPH_EDITOR_SCAN_DIAGNOSTICS). */
  IMPGRAPH_EDITOR_SEVERITY_ERROR = 1,
  /** A suggestion applies to the import and its group saves at least
      impgraph_editor_options.warning_savings_us; an invalid relative
      import. */
  IMPGRAPH_EDITOR_SEVERITY_WARNING = 2,
  /** A suggestion saving less; a start-up import whose imported module costs
      at least impgraph_editor_options.information_cost_us (cumulative); a
      missing module imported unconditionally at start-up. */
  IMPGRAPH_EDITOR_SEVERITY_INFORMATION = 3,
  /** Everything else: cheap or preloaded start-up imports, imports that do
      not run at start-up, modules the graph does not have, dynamic
      imports. */
  IMPGRAPH_EDITOR_SEVERITY_HINT = 4
} impgraph_editor_severity;

/**
 * A position in the buffer. Everything is 0-based. Lines end at "\n",
 * "\r\n" or a lone "\r" (as LSP and Python count them). Columns count from
 * the start of the line (after a UTF-8 byte order mark on line 0):
 * `utf16_column` in UTF-16 code units (LSP's `character`: a character
 * outside the BMP such as U+1F600 counts 2, an invalid UTF-8 byte counts
 * 1), `byte_column` in bytes. `byte_offset` counts bytes from the start of
 * the text, a byte order mark included. Positions index the text that was
 * scanned: the buffer itself, or for a buffer with a PEP 263 coding other
 * than UTF-8 its UTF-8 decoding (impgraph_scan_text() of
 * impgraph_editor_diagnostics_scan()).
 */
typedef struct impgraph_editor_position {
  uint32_t line;
  uint32_t utf16_column;
  uint32_t byte_column;
  uint32_t byte_offset;
} impgraph_editor_position;

/** A half-open range of the buffer: `end` is just past the last character
    (LSP's Range). */
typedef struct impgraph_editor_range {
  impgraph_editor_position start;
  impgraph_editor_position end;
} impgraph_editor_range;

/** One text edit of a fix: replace `range` of the buffer with `new_text`
    (an empty range inserts). A fix's edits do not overlap and are in buffer
    order; apply them from the last to the first (or all at once, as an LSP
    WorkspaceEdit does). */
typedef struct impgraph_editor_edit {
  impgraph_editor_range range;
  const char *new_text;
} impgraph_editor_edit;

/** Diagnostic flags (impgraph_editor_diagnostic.flags). They combine. */
enum {
  /** The import loads at start-up: the importing module is in the start-up
      set of the graph's entries and the import runs when it is imported
      (an EAGER edge to a module that is not missing and does not fail, or
      a CALLED one: an import in a function the graph found run at import
      time, as of its last build or update). */
  IMPGRAPH_EDITOR_DIAG_STARTUP = 1u << 0,
  /** self_us / cumulative_us (and savings_us) are measured: from the
      profile attached to the graph. */
  IMPGRAPH_EDITOR_DIAG_MEASURED = 1u << 1,
  /** ... estimated (impgraph_graph_module_estimate(); cumulative_us is then
      the sum of the estimates of every module the imported one loads at
      start-up, an upper bound). */
  IMPGRAPH_EDITOR_DIAG_ESTIMATED = 1u << 2,
  /** The imported module is preloaded at bare interpreter start: it costs
      the program nothing. */
  IMPGRAPH_EDITOR_DIAG_PRELOADED = 1u << 3,
  /** The graph has no module of that name (an import added since the
      build: see impgraph_graph_update_file()). */
  IMPGRAPH_EDITOR_DIAG_NOT_IN_GRAPH = 1u << 4,
  /** The imported module is missing (not found when the graph was built). */
  IMPGRAPH_EDITOR_DIAG_MISSING = 1u << 5,
  /** The suggestion was made for another line of the file (lines moved
      since the report): it was matched by importing module, imported module
      and names. */
  IMPGRAPH_EDITOR_DIAG_MOVED = 1u << 6,
  /** The suggestion has text edits but they could not be re-based onto the
      buffer (the lines they touch changed, or the graph's text of the file
      is not the one the report was made from): no fix is offered. */
  IMPGRAPH_EDITOR_DIAG_FIX_STALE = 1u << 7
};

/**
 * One diagnostic: one imported module of one import statement of the buffer
 * (`from . import a, b` gives one for the module a and one for b;
 * `from .m import x, y` one for .m), or, with
 * IMPGRAPH_EDITOR_SCAN_DIAGNOSTICS, one problem of the buffer's text.
 * `code` is one of: a rule name (impgraph_suggestion_kind_name(): a
 * suggestion applies), "startup-import" (loads at start-up, no
 * suggestion), "deferred-import" (does not run at start-up: inside a
 * function, lazy, under TYPE_CHECKING or `if __name__ == "__main__":`, a
 * fallback, cut off by an earlier import of its block that raises
 * ImportError, or the importing module itself is not loaded at start-up),
 * "missing-module", "import-fails" (the imported module fails to import:
 * IMPGRAPH_MODULE_FAILS), "not-in-graph", "relative-import" (cannot be made
 * absolute), "dynamic-import" (the name is not a literal), or a scan
 * diagnostic's code ("syntax-error", "encoding", ...).
 */
typedef struct impgraph_editor_diagnostic {
  /** What to underline: the imported names of a from-import that import
      submodules (`analytics` of `from . import analytics`), else the module
      text (`.model` of `from .model import Task`, `a.b` of `import a.b as
      c`); the position of a scan diagnostic (an empty range). */
  impgraph_editor_range range;
  /** The whole import statement (equal to `range` for scan diagnostics). */
  impgraph_editor_range statement;
  impgraph_editor_severity severity;
  const char *code;
  /** One line, e.g. "taskcli.sync loads at start-up: 2.1 ms self, 89.5 ms
      cumulative (measured)". */
  const char *message;
  /** The imported module's dotted name; NULL for relative-import,
      dynamic-import and scan diagnostics. */
  const char *module;
  /** When the import runs: the kind its edge has (or would have) in the
      graph; IMPGRAPH_EDGE_EAGER for diagnostics that are not about an
      import. */
  impgraph_edge_kind kind;
  uint32_t flags; /**< IMPGRAPH_EDITOR_DIAG_* */
  /** The imported module's self and cumulative import time, µs (see
      IMPGRAPH_EDITOR_DIAG_MEASURED / _ESTIMATED); 0 when preloaded; -1 when
      unknown (not in the graph, missing, no module). */
  int64_t self_us;
  int64_t cumulative_us;
  /** With a suggestion: its group's joint saving at start-up, µs
      (impgraph_suggestion.savings_us); else 0. */
  int64_t savings_us;
  /** The import record in impgraph_editor_diagnostics_scan(), or SIZE_MAX
      for scan diagnostics. */
  size_t import_index;
  /** The suggestion's index in the report given, or SIZE_MAX. */
  size_t suggestion;
  /** The fix: the suggestion's text edits re-based onto the buffer (none
      when the suggestion has none or IMPGRAPH_EDITOR_DIAG_FIX_STALE). */
  size_t fix_count;
  const impgraph_editor_edit *fixes;
} impgraph_editor_diagnostic;

/** Editor option flags (impgraph_editor_options.flags). */
enum {
  /** Also report the scan's own diagnostics of the buffer (syntax errors,
      decoding problems) as IMPGRAPH_EDITOR_SEVERITY_ERROR / _WARNING /
      _INFORMATION diagnostics with an empty range at their position. Off
      by default: a Python language server already reports them. */
  IMPGRAPH_EDITOR_SCAN_DIAGNOSTICS = 1u << 0
};

/** Options of impgraph_editor_diagnostics_new(). Initialise with
    IMPGRAPH_EDITOR_OPTIONS_INIT or impgraph_editor_options_init(). Strings
    are borrowed for the duration of the call only. */
typedef struct impgraph_editor_options {
  uint32_t version; /**< IMPGRAPH_EDITOR_OPTIONS_VERSION */
  /** The buffer's module (dotted name); NULL: the module whose file is the
      `path` given (equal, or the same file after realpath()). */
  const char *module;
  /** A suggestion whose group saves at least this much (µs) is a warning,
      else information. Default 10000 (10 ms). */
  int64_t warning_savings_us;
  /** A start-up import whose module costs at least this much cumulative
      time (µs) is information, else a hint. Default 1000 (1 ms). */
  int64_t information_cost_us;
  /** Leave out diagnostics less severe than this (numerically greater).
      Default IMPGRAPH_EDITOR_SEVERITY_HINT: keep all. */
  impgraph_editor_severity min_severity;
  uint32_t flags; /**< IMPGRAPH_EDITOR_* option flags */
  /** Scanner options for the buffer; NULL = the defaults. */
  const impgraph_scan_options *scan;
} impgraph_editor_options;

#define IMPGRAPH_EDITOR_OPTIONS_VERSION 1
#define IMPGRAPH_EDITOR_OPTIONS_INIT                                           \
  { IMPGRAPH_EDITOR_OPTIONS_VERSION, NULL, 10000, 1000,                        \
    IMPGRAPH_EDITOR_SEVERITY_HINT, 0u, NULL }

/**
 * Fills `opts` with the defaults of IMPGRAPH_EDITOR_OPTIONS_INIT.
 * Returns IMPGRAPH_EINVAL (opts NULL) or IMPGRAPH_EVERSION. Thread-safe.
 */
IMPGRAPH_API int impgraph_editor_options_init(impgraph_editor_options *opts,
                                              uint32_t version);

/** The diagnostics of one buffer. Read-only once returned: may be read from
    several threads at once. */
typedef struct impgraph_editor_diagnostics impgraph_editor_diagnostics;

/**
 * Scans `text` (`len` bytes, need not be NUL-terminated; any bytes: a buffer
 * that does not parse still gives the imports of the parts that do) as the
 * source of the graph's module whose file is `path` (or opts->module), and
 * makes one diagnostic per imported module of each import (see
 * impgraph_editor_diagnostic), in buffer order.
 *
 * Imports are resolved as impgraph_graph_update_file() would resolve them,
 * against the graph's modules by name (no file system access): a module the
 * graph lacks is IMPGRAPH_EDITOR_DIAG_NOT_IN_GRAPH. Costs are the attached
 * profile's median times, else estimates, and say which.
 *
 * `suggestions` (may be NULL) is a report made from this graph. A
 * suggestion applies to an import of the buffer with the same importing
 * module, imported module and names (for from-imports); among several, the
 * one whose statement is on the suggestion's line, followed through the
 * lines that moved between the graph's text of the file and the buffer (a
 * line diff), else the nearest. Its edits become the diagnostic's fix,
 * re-based onto the buffer through the same line diff, when the graph's
 * text is the one the report was made from (its import statement is where
 * the report says) and none of the lines they touch changed; otherwise
 * IMPGRAPH_EDITOR_DIAG_FIX_STALE.
 *
 * Returns 0; IMPGRAPH_EINVAL (out, graph or text NULL with len > 0, both
 * path and opts->module NULL); IMPGRAPH_EVERSION; IMPGRAPH_ENOTFOUND (no
 * module of the graph has that file or name: err says which);
 * IMPGRAPH_ENOMEM.
 * Ownership: *out is a new object (impgraph_editor_diagnostics_free); the
 * text is copied; nothing of the graph or the report is borrowed (either
 * may be freed or updated afterwards).
 * Thread safety: reads the graph and the report only: may run on several
 * threads at once with other queries of the same graph, but not while
 * impgraph_graph_attach_profile() or impgraph_graph_update_file() changes
 * it.
 * Complexity: linear in the buffer, plus O(V + E) per imported module whose
 * cost is estimated, plus a line diff O((N + M) * D) of the graph's text and
 * the buffer when a report is given.
 */
IMPGRAPH_API int impgraph_editor_diagnostics_new(
    impgraph_editor_diagnostics **out, const impgraph_graph *graph,
    const impgraph_suggestions *suggestions, const char *path,
    const char *text, size_t len, const impgraph_editor_options *opts,
    impgraph_error *err);

/** Frees editor diagnostics. NULL is a no-op. */
IMPGRAPH_API void impgraph_editor_diagnostics_free(
    impgraph_editor_diagnostics *diagnostics);

/** Number of diagnostics. O(1). */
IMPGRAPH_API size_t impgraph_editor_diagnostics_count(
    const impgraph_editor_diagnostics *diagnostics);

/** Diagnostic `index` (by start position, then import record), or NULL when
    out of range. Ownership: borrowed (until the diagnostics are freed).
    O(1). */
IMPGRAPH_API const impgraph_editor_diagnostic *impgraph_editor_diagnostics_get(
    const impgraph_editor_diagnostics *diagnostics, size_t index);

/** The dotted name of the module the buffer was taken as. Ownership:
    borrowed (until the diagnostics are freed). O(1). */
IMPGRAPH_API const char *impgraph_editor_diagnostics_module(
    const impgraph_editor_diagnostics *diagnostics);

/** The scan of the buffer (its import records, uses, diagnostics; the
    text positions index). Ownership: borrowed (until the diagnostics are
    freed). O(1). */
IMPGRAPH_API const impgraph_scan *impgraph_editor_diagnostics_scan(
    const impgraph_editor_diagnostics *diagnostics);

/**
 * Updates the graph after an edit of one file, without a rebuild: re-scans
 * the module's source from `text` (`len` bytes; NULL with len 0 reads the
 * file at `path`, else the module's own file) and replaces its scan, its
 * import edges (its implicit PARENT edge stays), the CALLED edges of the
 * whole graph (a call in the file can make imports of other modules run,
 * and the other way round), the followed edges, the
 * start-up set (IMPGRAPH_MODULE_IN_STARTUP of every module), the
 * MISSING_* flags, its own flags (EXPANDED, HAS_ERRORS), its diagnostics
 * among the graph's and, with a profile attached, the observed flags of its
 * edges (an import the profile saw keeps its flag; observed-only edges that
 * one of its static edges now explains are dropped; the reconciliation is
 * left as the attach computed it -- attach the profile again to recompute
 * it). The module is the one whose file is `path` (equal, or the same file
 * after realpath()), or the one named `module` when it is not NULL.
 *
 * Imports are resolved against the graph's modules by name, as the build
 * resolved them; no other file is read and no module is added or removed
 * (a rebuild does that). An import of a module the graph lacks gets no edge
 * and a graph diagnostic on the file: "not-in-graph" (the module exists on
 * the graph's search path; a rebuild adds it) or "unresolved-import" (no
 * such module; a rebuild adds it as missing). An import of the file (eager,
 * or CALLED) that now brings a module into the start-up set that was never
 * scanned (imported only inside functions before) gets a "not-scanned"
 * note: that module's own imports stay unknown until a rebuild (also when a
 * CALLED edge of another file brings it in, without a note).
 *
 * Edge ids stay deterministic (by importer, then import site: what a
 * rebuild gives for the same modules): the ids of the module's edges and of
 * every edge after them change. Module ids never change.
 * Returns 0; IMPGRAPH_EINVAL (graph NULL, both path and module NULL, text
 * NULL with len > 0, or the module has no Python source: builtin,
 * extension, namespace, missing; or it is an extension module compiled by
 * mypyc whose imports were read from the `.py` beside it, found by either
 * file: the binary, not the edited source, runs, so only a rebuild follows
 * the edit); IMPGRAPH_ENOTFOUND (no such module);
 * IMPGRAPH_EIO (text NULL and the file cannot be read); IMPGRAPH_ENOMEM or
 * IMPGRAPH_EINTERNAL (igraph failed). On failure the graph is unchanged.
 * Ownership: `text` is copied. Every pointer borrowed from the graph before
 * the call into the module's scan, its edges, the edges after them and the
 * diagnostics (impgraph_graph_module_scan(), impgraph_graph_edge(),
 * impgraph_graph_diagnostic()) is invalid afterwards; module records stay.
 * Thread safety: mutates the graph -- do not call it while other threads
 * query, render or suggest on the same graph (like
 * impgraph_graph_attach_profile()); afterwards the graph is read-only again.
 * Complexity: linear in the file, plus O(V + E) to rebuild the tables and
 * the start-up set; no other file is parsed, no interpreter is run.
 */
IMPGRAPH_API int impgraph_graph_update_file(impgraph_graph *graph,
                                            const char *path,
                                            const char *module,
                                            const char *text, size_t len,
                                            impgraph_error *err);

#ifdef __cplusplus
}
#endif

#endif /* IMPGRAPH_H */
