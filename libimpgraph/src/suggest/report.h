/* suggest/ — the finished report (struct impgraph_suggestions).
 *
 * Built by suggest/engine.c, read by render/suggest_*.c through the public
 * accessors (impgraph_suggestions_*) or this layout. Everything it points to
 * lives in `arena` (strings, arrays) or in the vectors: nothing is borrowed
 * from the graph, so a report outlives the graph it was made from.
 */
#ifndef IMPGRAPH_SUGGEST_REPORT_H
#define IMPGRAPH_SUGGEST_REPORT_H

#include "impgraph.h"
#include "util/util.h"

struct impgraph_suggestions {
  ipg_arena arena;
  impgraph_suggest_info info;
  ipg_vec suggestions; /* impgraph_suggestion, ranked */
  ipg_vec groups;      /* impgraph_suggestion_group */
  ipg_vec entries;     /* impgraph_report_entry */
  ipg_vec kept;        /* impgraph_kept_import, by file and line */
  ipg_vec diagnostics; /* impgraph_diagnostic: parse errors and unresolved
                          imports of first-party modules, counted in reports */
};

/* An empty report (info zeroed). */
void ipg_suggestions_init(impgraph_suggestions *s);

/* Frees what init and the engine allocated (not `s` itself). */
void ipg_suggestions_release(impgraph_suggestions *s);

#endif
