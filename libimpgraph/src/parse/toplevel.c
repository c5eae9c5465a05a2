/* The statements that run when the module is imported: module level, class
 * bodies, and the blocks of if / try / with / for / while / match at those
 * levels (never def bodies). One pass over them, before the use walk, finds
 * the names that module-level def, class and assignment statements bind,
 * and the import-time effects (impgraph_effect) outside `if TYPE_CHECKING:`
 * and `if __name__ == "__main__":`. It moves over statements only, so it
 * costs O(import-time statements), not O(nodes). */
#include <string.h>

#include "parse/extract.h"

/* Compound statements nested deeper are not looked into (Python itself
 * stops at 100 levels of indentation). */
#define IPG_TOPLEVEL_MAX_DEPTH 128
/* impgraph_effect.text is shortened to this many bytes. */
#define IPG_EFFECT_TEXT_MAX 80
/* Callee texts are classified from a buffer of this size. */
#define IPG_CALLEE_BUFFER 256

/* An if / elif condition bit besides IPG_C_*: `__name__ == "__main__"`. */
enum { IPG_C_MAIN = 8 };

/* What the children of one node have in common. */
typedef struct level {
  uint8_t parent; /* IPG_K_* of that node */
  bool module;    /* its statements bind module-level names (not a class body) */
  bool excluded;  /* its statements never run on import (TYPE_CHECKING, __main__) */
  uint8_t cond;   /* if / elif: IPG_C_* | IPG_C_MAIN of the condition */
  uint8_t prior;  /* if: the conditions its next elif / else has seen false */
} level;

/* ---- tables ---- */

/* Calls and decorators whose effect is on the interpreter state an importer
 * shares, by kind. A pattern is a name ("atexit.register"), a prefix
 * ("sys.modules.*") or, with a leading dot, a method of any receiver
 * (".setLevel" matches `logging.getLogger("x").setLevel`). */
static const struct {
  const char *pattern;
  impgraph_effect_kind kind;
} effect_calls[] = {
    {"sys.modules.*", IMPGRAPH_EFFECT_SYS_MODULES},
    {"sys.path.*", IMPGRAPH_EFFECT_SYS_PATH},
    {"sys.meta_path.*", IMPGRAPH_EFFECT_SYS_PATH},
    {"sys.path_hooks.*", IMPGRAPH_EFFECT_SYS_PATH},
    {"sys.path_importer_cache.*", IMPGRAPH_EFFECT_SYS_PATH},
    {"atexit.register", IMPGRAPH_EFFECT_ATEXIT},
    {"signal.signal", IMPGRAPH_EFFECT_SIGNAL},
    {"warnings.filterwarnings", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"warnings.simplefilter", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"warnings.resetwarnings", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"logging.basicConfig", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"logging.config.*", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"logging.disable", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"logging.captureWarnings", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"logging.setLoggerClass", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"logging.addLevelName", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {".setLevel", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {".addHandler", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {".removeHandler", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {".addFilter", IMPGRAPH_EFFECT_WARNINGS_LOGGING},
    {"os.environ.update", IMPGRAPH_EFFECT_ENVIRON},
    {"os.environ.setdefault", IMPGRAPH_EFFECT_ENVIRON},
    {"os.environ.pop", IMPGRAPH_EFFECT_ENVIRON},
    {"os.environ.popitem", IMPGRAPH_EFFECT_ENVIRON},
    {"os.environ.clear", IMPGRAPH_EFFECT_ENVIRON},
    {"os.environ.__setitem__", IMPGRAPH_EFFECT_ENVIRON},
    {"os.environ.__delitem__", IMPGRAPH_EFFECT_ENVIRON},
    {"os.putenv", IMPGRAPH_EFFECT_ENVIRON},
    {"os.unsetenv", IMPGRAPH_EFFECT_ENVIRON},
};

enum { Q_CALL = 1, Q_DECORATOR = 2, Q_BOTH = 3 };

/* Calls (Q_CALL) and decorators (Q_DECORATOR) common at import time that
 * are known to do nothing a program could rely on: builtins and
 * constructors of plain values, typing helpers, compiled patterns, loggers,
 * locks, paths, the decorators of functools / dataclasses / abc /
 * contextlib / typing, and the import functions (the imports themselves are
 * import records). Patterns as in effect_calls, which are matched first
 * (`os.environ.update` is ENVIRON although `os.environ.get` is quiet). */
static const struct {
  const char *pattern;
  uint8_t quiets;
} quiet_calls[] = {
    /* builtins */
    {"object", Q_CALL},
    {"dict", Q_CALL},
    {"list", Q_CALL},
    {"set", Q_CALL},
    {"frozenset", Q_CALL},
    {"tuple", Q_CALL},
    {"str", Q_CALL},
    {"bytes", Q_CALL},
    {"bytearray", Q_CALL},
    {"int", Q_CALL},
    {"float", Q_CALL},
    {"complex", Q_CALL},
    {"bool", Q_CALL},
    {"len", Q_CALL},
    {"getattr", Q_CALL},
    {"hasattr", Q_CALL},
    {"isinstance", Q_CALL},
    {"issubclass", Q_CALL},
    {"callable", Q_CALL},
    {"range", Q_CALL},
    {"sorted", Q_CALL},
    {"reversed", Q_CALL},
    {"enumerate", Q_CALL},
    {"zip", Q_CALL},
    {"map", Q_CALL},
    {"filter", Q_CALL},
    {"min", Q_CALL},
    {"max", Q_CALL},
    {"sum", Q_CALL},
    {"any", Q_CALL},
    {"all", Q_CALL},
    {"abs", Q_CALL},
    {"repr", Q_CALL},
    {"type", Q_CALL},
    {"id", Q_CALL},
    {"hash", Q_CALL},
    {"iter", Q_CALL},
    {"next", Q_CALL},
    {"chr", Q_CALL},
    {"ord", Q_CALL},
    {"divmod", Q_CALL},
    {"pow", Q_CALL},
    {"round", Q_CALL},
    {"format", Q_CALL},
    {"slice", Q_CALL},
    {"vars", Q_CALL},
    {"dir", Q_CALL},
    {"super", Q_CALL},
    {"property", Q_BOTH},
    {"staticmethod", Q_BOTH},
    {"classmethod", Q_BOTH},
    {"__import__", Q_CALL},
    {"str.maketrans", Q_CALL},
    {"bytes.maketrans", Q_CALL},
    {"dict.fromkeys", Q_CALL},
    /* typing and friends, with or without a module prefix */
    {".TypeVar", Q_CALL},
    {".ParamSpec", Q_CALL},
    {".TypeVarTuple", Q_CALL},
    {".NewType", Q_CALL},
    {".NamedTuple", Q_CALL},
    {".TypedDict", Q_CALL},
    {".namedtuple", Q_CALL},
    {".cast", Q_CALL},
    {".overload", Q_BOTH},
    {".final", Q_BOTH},
    {".override", Q_BOTH},
    {".runtime_checkable", Q_BOTH},
    {".no_type_check", Q_BOTH},
    {".dataclass_transform", Q_BOTH},
    {".deprecated", Q_BOTH},
    {"typing.*", Q_BOTH},
    {"typing_extensions.*", Q_BOTH},
    {"types.*", Q_CALL},
    /* enums and dataclasses */
    {".Enum", Q_CALL},
    {".IntEnum", Q_CALL},
    {".StrEnum", Q_CALL},
    {".Flag", Q_CALL},
    {".IntFlag", Q_CALL},
    {".unique", Q_DECORATOR},
    {"enum.*", Q_BOTH},
    {".field", Q_CALL},
    {".dataclass", Q_BOTH},
    {".make_dataclass", Q_CALL},
    {"dataclasses.*", Q_BOTH},
    /* functools, abc, contextlib */
    {".partial", Q_CALL},
    {".partialmethod", Q_CALL},
    {".wraps", Q_BOTH},
    {".lru_cache", Q_BOTH},
    {".cache", Q_BOTH},
    {".cached_property", Q_BOTH},
    {".total_ordering", Q_BOTH},
    {".singledispatch", Q_BOTH},
    {".singledispatchmethod", Q_BOTH},
    {"functools.*", Q_BOTH},
    {".abstractmethod", Q_BOTH},
    {"abc.*", Q_BOTH},
    {".contextmanager", Q_BOTH},
    {".asynccontextmanager", Q_BOTH},
    {"contextlib.*", Q_BOTH},
    /* containers, paths, patterns, numbers, dates */
    {"collections.*", Q_CALL},
    {".defaultdict", Q_CALL},
    {".OrderedDict", Q_CALL},
    {".deque", Q_CALL},
    {".Counter", Q_CALL},
    {".ChainMap", Q_CALL},
    {"weakref.*", Q_CALL},
    {".WeakSet", Q_CALL},
    {".WeakKeyDictionary", Q_CALL},
    {".WeakValueDictionary", Q_CALL},
    {"itertools.*", Q_CALL},
    {"operator.*", Q_CALL},
    {".Path", Q_CALL},
    {".PurePath", Q_CALL},
    {".PosixPath", Q_CALL},
    {".WindowsPath", Q_CALL},
    {".PurePosixPath", Q_CALL},
    {".PureWindowsPath", Q_CALL},
    {"re.*", Q_CALL},
    {".compile", Q_CALL},
    {"math.*", Q_CALL},
    {"struct.*", Q_CALL},
    {".Struct", Q_CALL},
    {"string.*", Q_CALL},
    {".Decimal", Q_CALL},
    {".Fraction", Q_CALL},
    {"datetime.*", Q_CALL},
    {".timedelta", Q_CALL},
    /* os, sys, platform: queries */
    {"os.path.*", Q_CALL},
    {"os.getenv", Q_CALL},
    {"os.environ.get", Q_CALL},
    {"os.environ.copy", Q_CALL},
    {"os.fspath", Q_CALL},
    {"os.fsencode", Q_CALL},
    {"os.fsdecode", Q_CALL},
    {"os.getcwd", Q_CALL},
    {"os.cpu_count", Q_CALL},
    {"os.getpid", Q_CALL},
    {"sys.intern", Q_CALL},
    {"sys.getdefaultencoding", Q_CALL},
    {"sys.getfilesystemencoding", Q_CALL},
    {"sys.platform.*", Q_CALL},
    {"platform.*", Q_CALL},
    /* synchronisation, context variables, loggers, warnings, parsers */
    {".Lock", Q_CALL},
    {".RLock", Q_CALL},
    {".Condition", Q_CALL},
    {".Semaphore", Q_CALL},
    {".BoundedSemaphore", Q_CALL},
    {".Event", Q_CALL},
    {"threading.local", Q_CALL},
    {".ContextVar", Q_CALL},
    {".getLogger", Q_CALL},
    {"warnings.warn", Q_CALL},
    {".ArgumentParser", Q_CALL},
    {".Typer", Q_CALL},
    /* click's own decorators make commands and options; registering one on
     * a group is `@group.command`, reported */
    {"click.*", Q_DECORATOR},
    /* imports are import records */
    {".import_module", Q_CALL},
};

/* `pattern` (see effect_calls) matches `text`. */
static bool matches(const char *pattern, const char *text, size_t text_len) {
  size_t n = strlen(pattern);
  if (pattern[0] == '.') {
    pattern++;
    n--;
    if (text_len == n)
      return memcmp(text, pattern, n) == 0;
    return text_len > n && text[text_len - n - 1] == '.' &&
           memcmp(text + text_len - n, pattern, n) == 0;
  }
  if (pattern[n - 1] == '*')
    return text_len >= n - 1 && memcmp(text, pattern, n - 1) == 0;
  return text_len == n && memcmp(text, pattern, n) == 0;
}

/* The kind of effect of calling `callee`, or -1 when it is an ordinary
 * call. */
static int effect_call_kind(const char *callee, size_t len) {
  for (size_t i = 0; i < sizeof effect_calls / sizeof *effect_calls; i++)
    if (matches(effect_calls[i].pattern, callee, len))
      return (int)effect_calls[i].kind;
  return -1;
}

static bool quiet(const char *callee, size_t len, uint8_t as) {
  for (size_t i = 0; i < sizeof quiet_calls / sizeof *quiet_calls; i++)
    if ((quiet_calls[i].quiets & as) && matches(quiet_calls[i].pattern, callee, len))
      return true;
  return false;
}

/* ---- effects ---- */

/* Appends an effect. A non-zero `root_len` names the root of the callee:
 * the effect is dropped at the end when that name's flags meet `drop_if`
 * (see drop_filtered). */
static void push_effect(ipg_walker *w, impgraph_effect_kind kind, const char *text, size_t len,
                        impgraph_range range, uint32_t root, uint32_t root_len, uint8_t drop_if) {
  const char *copy = ipg_strndup(w, text, ipg_utf8_cut(text, len, IPG_EFFECT_TEXT_MAX));
  impgraph_effect *e = copy ? ipg_vec_push(&w->scan->effects) : NULL;
  ipg_effect_filter *f = e ? ipg_vec_push(&w->effect_filters) : NULL;
  if (!f) {
    w->rc = IMPGRAPH_ENOMEM;
    return;
  }
  e->kind = kind;
  e->text = copy;
  e->range = range;
  f->root = root;
  f->root_len = root_len;
  f->drop_if = drop_if;
}

/* A call of `callee` at import time (a statement's call, or a decorator's
 * when `decorator`), recorded with `range`. */
static void call_effect(ipg_walker *w, TSNode callee, impgraph_range range, bool decorator) {
  if (ts_node_is_null(callee))
    return;
  char text[IPG_CALLEE_BUFFER];
  size_t len =
      ipg_compact_text(w, ts_node_start_byte(callee), ts_node_end_byte(callee), text, sizeof text);
  int kind = effect_call_kind(text, len);
  if (kind >= 0) {
    push_effect(w, (impgraph_effect_kind)kind, text, len, range, 0, 0, 0);
    return;
  }
  if (quiet(text, len, decorator ? Q_DECORATOR : Q_CALL))
    return;
  /* Receivers that are not names (`"".join`, `(a or b)()`) are values of
   * this module. */
  uint32_t root = ts_node_start_byte(callee), root_len = ipg_identifier_length(w, root);
  if (root_len == 0)
    return;
  if (decorator)
    push_effect(w, IMPGRAPH_EFFECT_REGISTER_DECORATOR, text, len, range, root, root_len,
                IPG_NAME_LOCAL);
  else
    push_effect(w, IMPGRAPH_EFFECT_CALL, text, len, range, root, root_len,
                IPG_NAME_LOCAL | IPG_NAME_ASSIGNED);
}

/* An assignment or `del` target (not a tuple of them). */
static void target_effect(ipg_walker *w, TSNode target, impgraph_range range) {
  uint8_t kind = ipg_kind(w, target);
  if (kind == IPG_K_IDENTIFIER || kind == IPG_K_COMMENT)
    return;
  char text[IPG_CALLEE_BUFFER];
  size_t len =
      ipg_compact_text(w, ts_node_start_byte(target), ts_node_end_byte(target), text, sizeof text);
  size_t base = 0; /* the part before a subscript */
  while (base < len && text[base] != '[')
    base++;
  static const struct {
    const char *name;
    impgraph_effect_kind kind;
  } bases[] = {
      {"sys.modules", IMPGRAPH_EFFECT_SYS_MODULES},
      {"sys.path", IMPGRAPH_EFFECT_SYS_PATH},
      {"sys.meta_path", IMPGRAPH_EFFECT_SYS_PATH},
      {"sys.path_hooks", IMPGRAPH_EFFECT_SYS_PATH},
      {"sys.path_importer_cache", IMPGRAPH_EFFECT_SYS_PATH},
      {"os.environ", IMPGRAPH_EFFECT_ENVIRON},
  };
  for (size_t i = 0; i < sizeof bases / sizeof *bases; i++)
    if (strlen(bases[i].name) == base && memcmp(text, bases[i].name, base) == 0) {
      push_effect(w, bases[i].kind, text, len, range, 0, 0, 0);
      return;
    }
  uint32_t root = ts_node_start_byte(target), root_len = ipg_identifier_length(w, root);
  if (root_len == 0 || root_len >= len || (text[root_len] != '.' && text[root_len] != '['))
    return;
  if (ipg_bound_find(&w->names, w->text + root, root_len))
    push_effect(w, IMPGRAPH_EFFECT_MONKEYPATCH, text, len, range, 0, 0, 0);
}

/* Tuples of targets: `a, sys.path[:] = ...`. */
static bool target_list(uint8_t kind) {
  return kind == IPG_K_PATTERN_LIST || kind == IPG_K_TUPLE_PATTERN || kind == IPG_K_LIST_PATTERN ||
         kind == IPG_K_TUPLE || kind == IPG_K_LIST || kind == IPG_K_EXPRESSION_LIST;
}

/* Marks the names a module-level target binds, and records the effects of
 * assigning to it (when `effects`). */
static void targets(ipg_walker *w, TSNode left, impgraph_range range, bool bind, bool effects) {
  uint8_t kind = ipg_kind(w, left);
  if (!target_list(kind)) {
    if (bind && kind == IPG_K_IDENTIFIER) {
      uint32_t start = ts_node_start_byte(left);
      ipg_names_mark(w, w->text + start, ts_node_end_byte(left) - start, IPG_NAME_ASSIGNED);
    }
    if (effects)
      target_effect(w, left, range);
    return;
  }
  TSTreeCursor *c = &w->aux2;
  ts_tree_cursor_reset(c, left);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && !w->rc;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    if (!ts_node_is_named(child))
      continue;
    if (bind && ipg_kind(w, child) == IPG_K_IDENTIFIER) {
      uint32_t start = ts_node_start_byte(child);
      ipg_names_mark(w, w->text + start, ts_node_end_byte(child) - start, IPG_NAME_ASSIGNED);
    }
    if (effects)
      target_effect(w, child, range);
  }
}

/* `a = b = value`, `a: T = value`, `a += value`. */
static void assignment(ipg_walker *w, TSNode node, impgraph_range range, const level *l) {
  const ipg_fields *f = &w->g->field;
  for (;;) {
    uint8_t kind = ipg_kind(w, node);
    if (kind != IPG_K_ASSIGNMENT && kind != IPG_K_AUG_ASSIGNMENT)
      break;
    TSNode left = ts_node_child_by_field_id(node, f->left);
    if (!ts_node_is_null(left))
      targets(w, left, range, l->module && kind == IPG_K_ASSIGNMENT, !l->excluded);
    node = ts_node_child_by_field_id(node, f->right);
    if (ts_node_is_null(node) || w->rc)
      return;
  }
  if (!l->excluded && ipg_kind(w, node) == IPG_K_CALL)
    call_effect(w, ts_node_child_by_field_id(node, f->function), range, false);
}

static void expression_statement(ipg_walker *w, TSNode statement, const level *l) {
  impgraph_range range = ipg_range_of(w, statement);
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, statement);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && !w->rc;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    uint8_t kind = ipg_kind(w, child);
    if (kind == IPG_K_CALL && !l->excluded)
      call_effect(w, ts_node_child_by_field_id(child, w->g->field.function), range, false);
    else if (kind == IPG_K_ASSIGNMENT || kind == IPG_K_AUG_ASSIGNMENT)
      assignment(w, child, range, l);
  }
}

/* `del sys.modules[name]`, `del os.environ["X"]`, `del json.dumps`. */
static void delete_statement(ipg_walker *w, TSNode statement) {
  impgraph_range range = ipg_range_of(w, statement);
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, statement);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && !w->rc;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    if (ts_node_is_named(child))
      targets(w, child, range, false, true);
  }
}

/* The definition of a module-level decorated_definition; records its
 * decorators that are calls or attributes. */
static TSNode decorated_definition(ipg_walker *w, TSNode decorated) {
  TSNode definition = IPG_NULL_NODE;
  TSTreeCursor *c = &w->aux;
  ts_tree_cursor_reset(c, decorated);
  for (bool more = ts_tree_cursor_goto_first_child(c); more && !w->rc;
       more = ts_tree_cursor_goto_next_sibling(c)) {
    TSNode child = ts_tree_cursor_current_node(c);
    uint8_t kind = ipg_kind(w, child);
    if (kind == IPG_K_FUNCTION_DEF || kind == IPG_K_CLASS_DEF)
      definition = child;
    if (kind != IPG_K_DECORATOR)
      continue;
    TSNode expr = ipg_first_named(w, child);
    if (ts_node_is_null(expr))
      continue;
    kind = ipg_kind(w, expr);
    if (kind == IPG_K_CALL)
      expr = ts_node_child_by_field_id(expr, w->g->field.function);
    else if (kind != IPG_K_ATTRIBUTE)
      continue;
    call_effect(w, expr, ipg_range_of(w, child), true);
  }
  return definition;
}

/* Drops the effects whose callee turned out to be the module's own: a call
 * of a module-level def / class, or of a method of a name assigned at
 * module level (that is not also import-bound). */
static void drop_filtered(ipg_walker *w) {
  ipg_vec *effects = &w->scan->effects;
  size_t kept = 0;
  for (size_t i = 0; i < effects->len; i++) {
    const ipg_effect_filter *f = ipg_vec_at(&w->effect_filters, i);
    if (f->root_len) {
      const ipg_name *n = ipg_names_find(&w->names, w->text + f->root, f->root_len);
      uint8_t flags = n ? n->flags & f->drop_if : 0;
      if ((flags & IPG_NAME_LOCAL) || ((flags & IPG_NAME_ASSIGNED) && !n->statements))
        continue;
    }
    if (kept != i)
      memcpy(ipg_vec_at(effects, kept), ipg_vec_at(effects, i), effects->elem_size);
    kept++;
  }
  effects->len = kept;
  w->effect_filters.len = 0;
}

/* ---- the pass ---- */

static uint8_t condition(ipg_walker *w, TSNode node) {
  uint8_t kind = ipg_condition_kind(w, node);
  if (kind != IPG_C_OTHER)
    return kind;
  /* `__name__ == "__main__"`, either operand order, any quotes, blanks or
   * parentheses. */
  TSNode cond = ts_node_child_by_field_id(node, w->g->field.condition);
  if (ts_node_is_null(cond))
    return kind;
  char text[32];
  uint32_t start = ts_node_start_byte(cond), end = ts_node_end_byte(cond);
  if (end - start >= 64)
    return kind;
  size_t len = ipg_compact_text(w, start, end, text, sizeof text), n = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] != '(' && text[i] != ')')
      text[n++] = text[i] == '\'' ? '"' : text[i];
  text[n] = '\0';
  if (strcmp(text, "__name__==\"__main__\"") == 0 || strcmp(text, "\"__main__\"==__name__") == 0)
    kind |= IPG_C_MAIN;
  return kind;
}

static void bind_definition(ipg_walker *w, TSNode node) {
  uint32_t start, len;
  if (ipg_definition_name(w, node, w->g->field.name, &start, &len) && len)
    ipg_names_mark(w, w->text + start, len, IPG_NAME_LOCAL);
}

/* Handles one node of the pass; returns whether to go into its children,
 * which `child` then describes. `l` describes the node and its siblings
 * (the children of their parent; an if's alternatives update its `prior`). */
static bool statement(ipg_walker *w, TSNode node, level *l, level *child) {
  uint8_t kind = ipg_kind(w, node);
  *child = (level){kind, l->module, l->excluded, 0, 0};
  switch (kind) {
  case IPG_K_BLOCK:
    if (l->parent == IPG_K_IF || l->parent == IPG_K_ELIF)
      child->excluded |= (l->cond & (IPG_C_TC | IPG_C_MAIN)) != 0;
    return true;
  case IPG_K_IF: child->cond = child->prior = condition(w, node); return true;
  case IPG_K_ELIF:
    child->excluded |= (l->prior & IPG_C_NOT_TC) != 0;
    child->cond = condition(w, node);
    l->prior |= child->cond;
    return true;
  case IPG_K_ELSE:
    if (l->parent == IPG_K_IF)
      child->excluded |= (l->prior & IPG_C_NOT_TC) != 0;
    return true;
  case IPG_K_TRY:
  case IPG_K_EXCEPT:
  case IPG_K_FINALLY:
  case IPG_K_WITH:
  case IPG_K_FOR:
  case IPG_K_WHILE:
  case IPG_K_MATCH:
  case IPG_K_CASE_CLAUSE:
  case IPG_K_ERROR: return true;
  case IPG_K_DECORATED_DEF: {
    /* Into decorated classes only (their bodies run on import); the name of
     * a decorated function is read here. */
    TSNode definition = l->module && !l->excluded
                            ? decorated_definition(w, node)
                            : ts_node_child_by_field_id(node, w->g->field.definition);
    if (ts_node_is_null(definition) || ipg_kind(w, definition) == IPG_K_CLASS_DEF)
      return true;
    if (l->module)
      bind_definition(w, definition);
    return false;
  }
  case IPG_K_FUNCTION_DEF:
    if (l->module)
      bind_definition(w, node);
    return false;
  case IPG_K_CLASS_DEF:
    if (l->module)
      bind_definition(w, node);
    child->module = false;
    return true;
  case IPG_K_EXPRESSION_STATEMENT: expression_statement(w, node, l); return false;
  case IPG_K_DELETE:
    if (!l->excluded)
      delete_statement(w, node);
    return false;
  default: return false;
  }
}

void ipg_toplevel(ipg_walker *w, TSNode root) {
  level levels[IPG_TOPLEVEL_MAX_DEPTH + 1];
  TSTreeCursor *c = &w->cursor;
  ts_tree_cursor_reset(c, root);
  if (!ts_tree_cursor_goto_first_child(c))
    return;
  size_t depth = 1; /* levels[depth] describes the cursor's node and siblings */
  levels[1] = (level){IPG_K_MODULE, true, false, 0, 0};
  while (!w->rc) {
    bool descend = statement(w, ts_tree_cursor_current_node(c), &levels[depth], &levels[depth + 1]);
    if (descend && depth + 1 < IPG_TOPLEVEL_MAX_DEPTH && ts_tree_cursor_goto_first_child(c)) {
      depth++;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(c)) {
      if (depth == 1) {
        drop_filtered(w);
        return;
      }
      ts_tree_cursor_goto_parent(c);
      depth--;
    }
  }
}
