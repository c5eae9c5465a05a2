#include <string.h>

#include "util/util.h"

/* Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t valid_sequence(const unsigned char *s, size_t i, size_t len) {
  unsigned char c = s[i];
  if (c < 0x80)
    return 1;
  size_t need;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    need = 1;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3;
    min = 0x10000;
  } else {
    return 0;
  }
  uint32_t cp = c & (0x3Fu >> need);
  for (size_t k = 1; k <= need; k++) {
    if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i + k] & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return need + 1;
}

size_t ipg_utf8_invalid_at(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    /* Sources are mostly ASCII: eight bytes at a time while no byte has its
       high bit set. */
    while (i + 8 <= len) {
      uint64_t word;
      memcpy(&word, u + i, sizeof word);
      if (word & 0x8080808080808080ull)
        break;
      i += 8;
    }
    if (i >= len)
      break;
    if (u[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = valid_sequence(u, i, len);
    if (!n)
      return i;
    i += n;
  }
  return SIZE_MAX;
}

void ipg_utf8_sanitize(ipg_buf *out, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t n = valid_sequence(u, i, len);
    if (n) {
      ipg_buf_append(out, s + i, n);
      i += n;
    } else {
      ipg_buf_append(out, "\xEF\xBF\xBD", 3);
      i++;
    }
  }
}
