/* render/profile_* — the start-up profile as text (profile_text.c) and JSON
 * (profile_json.c, which also loads it back: impgraph_profile_load). */
#ifndef IMPGRAPH_RENDER_PROFILE_H
#define IMPGRAPH_RENDER_PROFILE_H

#include "importtime/profile.h"
#include "util/util.h"

int ipg_render_profile_text(ipg_buf *out, const impgraph_profile *profile,
                            const impgraph_profile_view *view);
int ipg_render_profile_json(ipg_buf *out, const impgraph_profile *profile);
/* Reads a profile from JSON text (what impgraph_profile_load does after
 * reading the file); `label` names it in messages. Returns as
 * impgraph_profile_load(). */
int ipg_profile_parse_json(impgraph_profile **out, const char *text, size_t len, const char *label,
                           impgraph_error *err);

#endif
