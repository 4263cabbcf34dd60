/*
 * normalize.h - the keys under which names are compared.
 *
 * Exact-after-normalization (the default): Unicode NFC, case folding, and
 * white space folded (runs become one space, ends trimmed), so
 * "Ju\u0308rgen Stock", "JÜRGEN  STOCK" and "Jürgen Stock" share a key.
 * Loose (--match loose) also strips accents and drops punctuation and
 * white space altogether, so "Jurgen Stock", "J\u00fcrgen-Stock" and
 * "jurgenstock" share one.  Unicode data comes from utf8proc.
 */
#ifndef KG_NORMALIZE_H
#define KG_NORMALIZE_H

#include <stddef.h>

#include "util/buf.h"

/* Replaces the contents of `out` with the key of s[0..len) (valid UTF-8).
 * Returns 0, or -1 when out of memory. */
int kg_norm_key(kg_buf *out, const char *s, size_t len, int loose);

/* The same through utf8proc whatever the text (kg_norm_key takes a faster
 * path for ASCII; tests compare the two). */
int kg_norm_key_unicode(kg_buf *out, const char *s, size_t len, int loose);

#endif
