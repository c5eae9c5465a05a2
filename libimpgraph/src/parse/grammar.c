/* Resolves the symbols and fields of tree-sitter-python that the extraction
 * reads, once per scanner (ts_language_symbol_for_name is a linear search
 * over every symbol name). */
#include <string.h>

#include "parse/extract.h"

typedef struct {
  const char *name;
  bool named;
  uint8_t kind;
} symbol_kind;

static const symbol_kind symbol_kinds[] = {
    {"module", true, IPG_K_MODULE},
    {"block", true, IPG_K_BLOCK},
    {"comment", true, IPG_K_COMMENT},
    {"identifier", true, IPG_K_IDENTIFIER},
    {"attribute", true, IPG_K_ATTRIBUTE},
    {"call", true, IPG_K_CALL},
    {"argument_list", true, IPG_K_ARGUMENT_LIST},
    {"keyword_argument", true, IPG_K_KEYWORD_ARGUMENT},
    {"list_splat", true, IPG_K_LIST_SPLAT},
    {"dictionary_splat", true, IPG_K_DICT_SPLAT},
    {"string", true, IPG_K_STRING},
    {"string_start", true, IPG_K_STRING_START},
    {"string_content", true, IPG_K_STRING_CONTENT},
    {"string_end", true, IPG_K_STRING_END},
    {"integer", true, IPG_K_INTEGER},
    {"import_statement", true, IPG_K_IMPORT},
    {"import_from_statement", true, IPG_K_IMPORT_FROM},
    {"future_import_statement", true, IPG_K_FUTURE_IMPORT},
    {"__future__", false, IPG_K_FUTURE_TOKEN},
    {"dotted_name", true, IPG_K_DOTTED_NAME},
    {"aliased_import", true, IPG_K_ALIASED_IMPORT},
    {"relative_import", true, IPG_K_RELATIVE_IMPORT},
    {"import_prefix", true, IPG_K_IMPORT_PREFIX},
    {"wildcard_import", true, IPG_K_WILDCARD_IMPORT},
    {"function_definition", true, IPG_K_FUNCTION_DEF},
    {"class_definition", true, IPG_K_CLASS_DEF},
    {"decorated_definition", true, IPG_K_DECORATED_DEF},
    {"decorator", true, IPG_K_DECORATOR},
    {"lambda", true, IPG_K_LAMBDA},
    {"parameters", true, IPG_K_PARAMETERS},
    {"lambda_parameters", true, IPG_K_PARAMETERS},
    {"default_parameter", true, IPG_K_DEFAULT_PARAM},
    {"typed_parameter", true, IPG_K_TYPED_PARAM},
    {"typed_default_parameter", true, IPG_K_TYPED_DEFAULT_PARAM},
    {"list_splat_pattern", true, IPG_K_LIST_SPLAT_PATTERN},
    {"dictionary_splat_pattern", true, IPG_K_DICT_SPLAT_PATTERN},
    {"tuple_pattern", true, IPG_K_TUPLE_PATTERN},
    {"list_pattern", true, IPG_K_LIST_PATTERN},
    {"pattern_list", true, IPG_K_PATTERN_LIST},
    {"as_pattern", true, IPG_K_AS_PATTERN},
    {"as_pattern_target", true, IPG_K_AS_PATTERN_TARGET},
    {"tuple", true, IPG_K_TUPLE},
    {"list", true, IPG_K_LIST},
    {"set", true, IPG_K_SET},
    {"parenthesized_expression", true, IPG_K_PAREN_EXPR},
    {"expression_list", true, IPG_K_EXPRESSION_LIST},
    {"if_statement", true, IPG_K_IF},
    {"elif_clause", true, IPG_K_ELIF},
    {"else_clause", true, IPG_K_ELSE},
    {"while_statement", true, IPG_K_WHILE},
    {"for_statement", true, IPG_K_FOR},
    {"for_in_clause", true, IPG_K_FOR_IN_CLAUSE},
    {"try_statement", true, IPG_K_TRY},
    {"except_clause", true, IPG_K_EXCEPT},
    {"except_group_clause", true, IPG_K_EXCEPT},
    {"finally_clause", true, IPG_K_FINALLY},
    {"with_statement", true, IPG_K_WITH},
    {"match_statement", true, IPG_K_MATCH},
    {"case_clause", true, IPG_K_CASE_CLAUSE},
    {"case_pattern", true, IPG_K_CASE_PATTERN},
    {"class_pattern", true, IPG_K_CLASS_PATTERN},
    {"keyword_pattern", true, IPG_K_KEYWORD_PATTERN},
    {"splat_pattern", true, IPG_K_SPLAT_PATTERN},
    {"assignment", true, IPG_K_ASSIGNMENT},
    {"augmented_assignment", true, IPG_K_AUG_ASSIGNMENT},
    {"named_expression", true, IPG_K_NAMED_EXPR},
    {"delete_statement", true, IPG_K_DELETE},
    {"global_statement", true, IPG_K_GLOBAL},
    {"nonlocal_statement", true, IPG_K_GLOBAL},
    {"type_alias_statement", true, IPG_K_TYPE_ALIAS},
    {"type_parameter", true, IPG_K_TYPE_PARAMETER},
    {"type", true, IPG_K_TYPE},
    {"not_operator", true, IPG_K_NOT},
    {"boolean_operator", true, IPG_K_BOOLEAN_OP},
    {"expression_statement", true, IPG_K_EXPRESSION_STATEMENT},
    {"pair", true, IPG_K_PAIR},
};

typedef struct {
  const char *name;
  size_t offset;
} field_slot;

#define FIELD(f)                                                                                   \
  { #f, offsetof(ipg_fields, f) }
static const field_slot field_slots[] = {
    FIELD(alias),       FIELD(alternative),
    FIELD(argument),    FIELD(arguments),
    FIELD(attribute),   FIELD(body),
    FIELD(condition),   FIELD(consequence),
    FIELD(definition),  FIELD(function),
    FIELD(left),        FIELD(module_name),
    FIELD(name),        FIELD(object),
    FIELD(operator),    FIELD(parameters),
    FIELD(return_type), FIELD(right),
    FIELD(subject),     FIELD(superclasses),
    FIELD(type),        FIELD(type_parameters),
    FIELD(value),
};
#undef FIELD

int ipg_grammar_init(ipg_grammar *g, const TSLanguage *language) {
  memset(g, 0, sizeof *g);
  g->symbol_count = ts_language_symbol_count(language);
  if (g->symbol_count > IPG_MAX_SYMBOLS)
    return IMPGRAPH_EABI;
  for (size_t i = 0; i < sizeof symbol_kinds / sizeof *symbol_kinds; i++) {
    const symbol_kind *s = &symbol_kinds[i];
    TSSymbol sym =
        ts_language_symbol_for_name(language, s->name, (uint32_t)strlen(s->name), s->named);
    if (sym == 0 || sym >= IPG_MAX_SYMBOLS)
      return IMPGRAPH_EABI;
    g->kind[sym] = s->kind;
  }
  for (size_t i = 0; i < sizeof field_slots / sizeof *field_slots; i++) {
    const char *name = field_slots[i].name;
    TSFieldId id = ts_language_field_id_for_name(language, name, (uint32_t)strlen(name));
    if (id == 0)
      return IMPGRAPH_EABI;
    memcpy((char *)&g->field + field_slots[i].offset, &id, sizeof id);
  }
  return IMPGRAPH_OK;
}
