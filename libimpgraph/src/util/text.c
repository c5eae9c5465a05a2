/* Python source text, without parsing it: `if __name__ == "__main__":`
 * blocks (the graph makes their imports MAIN edges; the suggestion engine
 * does not count their calls as run on import). */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* `if __name__ == "__main__":` (either operand order, any quotes, spaces or
   parentheses), at column 0. */
static bool is_main_guard(const char *line, const char *end) {
  char compact[64];
  size_t n = 0;
  const char *p = line;
  for (; p < end && *p != ':' && *p != '#'; p++) {
    if (*p == ' ' || *p == '\t' || *p == '(' || *p == ')')
      continue;
    if (n + 1 >= sizeof compact)
      return false;
    compact[n++] = *p == '\'' ? '"' : *p;
  }
  compact[n] = '\0';
  return p < end && *p == ':' &&
         (strcmp(compact, "if__name__==\"__main__\"") == 0 ||
          strcmp(compact, "if\"__main__\"==__name__") == 0);
}

static bool contains(const char *text, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = text, *end = text + len; (size_t)(end - p) >= n; p++) {
    p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
    if (!p)
      return false;
    if (memcmp(p, needle, n) == 0)
      return true;
  }
  return false;
}

int ipg_main_blocks(const char *text, size_t len, ipg_line_range **blocks_out, size_t *count) {
  *blocks_out = NULL;
  *count = 0;
  if (!text || !len || !contains(text, len, "__main__"))
    return IMPGRAPH_OK;
  ipg_vec blocks;
  ipg_vec_init(&blocks, sizeof(ipg_line_range));
  uint32_t line_no = 0, first = 0;
  bool in_block = false;
  int rc = IMPGRAPH_OK;
  for (const char *p = text, *end = text + len; !rc && p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    line_no++;
    bool code_at_column_0 = p < line_end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#';
    if (code_at_column_0) {
      if (in_block) {
        ipg_line_range *r = ipg_vec_push(&blocks);
        if (!r)
          rc = IMPGRAPH_ENOMEM;
        else
          *r = (ipg_line_range){first, line_no - 1};
        in_block = false;
      }
      if (line_end - p > 2 && p[0] == 'i' && p[1] == 'f' && is_main_guard(p, line_end)) {
        in_block = true;
        first = line_no;
      }
    }
    p = nl ? nl + 1 : end;
  }
  if (!rc && in_block) {
    ipg_line_range *r = ipg_vec_push(&blocks);
    if (!r)
      rc = IMPGRAPH_ENOMEM;
    else
      *r = (ipg_line_range){first, line_no};
  }
  if (rc) {
    ipg_vec_free(&blocks);
    return rc;
  }
  *blocks_out = blocks.data;
  *count = blocks.len;
  return IMPGRAPH_OK;
}

bool ipg_in_line_ranges(const ipg_line_range *ranges, size_t count, uint32_t line) {
  for (size_t i = 0; i < count; i++)
    if (line >= ranges[i].first && line <= ranges[i].last)
      return true;
  return false;
}
