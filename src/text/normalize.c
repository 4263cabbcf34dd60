/*
 * normalize.c - matching keys for names, through utf8proc.
 */
#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_space(utf8proc_int32_t cp, utf8proc_category_t cat)
{
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || (cp >= 0x09 && cp <= 0x0D);
}

static int is_dropped_when_loose(utf8proc_category_t cat)
{
    return (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO) ||
           (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP) ||
           cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF;
}

/* Copies the mapped text, folding or dropping spaces and punctuation. */
static int fold(kg_buf *out, const utf8proc_uint8_t *p, utf8proc_ssize_t n,
                int loose)
{
    int pending_space = 0;
    while (n > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, n, &cp);
        if (k <= 0)
            return 0; /* cannot happen: utf8proc_map produced it */
        utf8proc_category_t cat = utf8proc_category(cp);
        if (loose ? is_dropped_when_loose(cat) : is_space(cp, cat)) {
            pending_space = !loose && out->len > 0;
        } else {
            if (pending_space && kg_buf_putc(out, ' '))
                return -1;
            pending_space = 0;
            if (kg_buf_append(out, (const char *)p, (size_t)k))
                return -1;
        }
        p += k;
        n -= k;
    }
    return 0;
}

/* ASCII punctuation (Unicode categories P*); $ + < = > ^ ` | ~ are
 * symbols (S*) and stay. */
static int ascii_punct(unsigned char c)
{
    return c < 0x80 && strchr("!\"#%&'()*,-./:;?@[\\]_{}", c) && c;
}

/* The same keys as below for pure ASCII text, without utf8proc (most ids
 * and many names are ASCII; this is the hot path of kg_resolve). */
static int ascii_key(kg_buf *out, const char *s, size_t len, int loose)
{
    int pending_space = 0;
    if (!loose) { /* the exact key is no longer: room once, no putc */
        if (kg_buf_room(out, len))
            return -1;
        char *d = out->data;
        size_t n = out->len;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
                pending_space = n > 0;
                continue;
            }
            if (pending_space)
                d[n++] = ' ';
            pending_space = 0;
            d[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        d[n] = '\0';
        out->len = n;
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int space = c == ' ' || (c >= 0x09 && c <= 0x0D);
        int drop = loose && (space || ascii_punct(c) || c < 0x20 || c == 0x7F);
        if (drop)
            continue;
        if (space) {
            pending_space = out->len > 0;
            continue;
        }
        if (pending_space && kg_buf_putc(out, ' '))
            return -1;
        pending_space = 0;
        if (kg_buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c)))
            return -1;
    }
    return out->data ? 0 : kg_buf_append(out, "", 0);
}

/* Whether s[0..len) is ASCII and letters U+00C0..U+00FF but U+00DF (ß,
 * which case-folds to "ss"): text whose exact key needs no utf8proc. */
static int latin1_letters(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            continue;
        if (c != 0xC3 || i + 1 == len)
            return 0;
        unsigned char d = (unsigned char)s[++i];
        if (d < 0x80 || d > 0xBF || d == 0x9F)
            return 0;
    }
    return 1;
}

/* The exact key of such text: it is in NFC already (no combining mark can
 * follow a letter), and case folding turns U+00C0..U+00DE (but U+00D7,
 * the multiplication sign) into U+00E0..U+00FE, 0x20 on. */
static int latin1_key(kg_buf *out, const char *s, size_t len)
{
    if (ascii_key(out, s, len, 0))
        return -1;
    for (size_t i = 0; i + 1 < out->len; i++) {
        unsigned char c = (unsigned char)out->data[i];
        unsigned char d = (unsigned char)out->data[i + 1];
        if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97)
            out->data[i + 1] = (char)(d + 0x20);
        i += c == 0xC3;
    }
    return 0;
}

int kg_norm_key(kg_buf *out, const char *s, size_t len, int loose)
{
    kg_buf_clear(out);
    size_t i = 0;
    while (i < len && !((unsigned char)s[i] & 0x80))
        i++;
    if (i == len)
        return ascii_key(out, s, len, loose);
    if (!loose && latin1_letters(s + i, len - i))
        return latin1_key(out, s, len);
    return kg_norm_key_unicode(out, s, len, loose);
}

int kg_norm_key_unicode(kg_buf *out, const char *s, size_t len, int loose)
{
    kg_buf_clear(out);
    utf8proc_option_t opt =
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    if (loose)
        opt |= UTF8PROC_STRIPMARK | UTF8PROC_LUMP;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)len, &mapped, opt);
    if (n < 0) {
        /* not valid UTF-8 (the readers reject it first): compare as is */
        return kg_buf_append(out, s, len);
    }
    int rc = fold(out, mapped, n, loose);
    free(mapped);
    if (rc == 0 && !out->data)
        rc = kg_buf_append(out, "", 0); /* an empty key is still a string */
    return rc;
}
