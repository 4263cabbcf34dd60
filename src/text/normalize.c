/*
 * normalize.c - matching keys for names, through utf8proc.
 */
#include "text/normalize.h"

#include <stdint.h>
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

/* The flags (0x80 in a byte) of v's bytes that are spaces; in *control
 * those of line ends, tabs and other spaces, in *upper those of 'A'-'Z'.
 * Each test is exact per byte: on the bytes with their top bit cleared,
 * adding 0x80 - k sets it where the byte is k or more, and no sum carries
 * into the next byte; a byte from 0x80 is in no class. */
static uint64_t space_bytes(uint64_t v, uint64_t *control, uint64_t *upper)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
    const uint64_t x = v & ~high, ascii = ~v & high;
#define KG_AT_LEAST(c) ((x + ones * (0x80 - (c))) & high)
    *control = KG_AT_LEAST(0x09) & ~KG_AT_LEAST(0x0E) & ascii;
    *upper = KG_AT_LEAST('A') & ~KG_AT_LEAST('Z' + 1) & ascii;
#undef KG_AT_LEAST
    uint64_t t = x ^ ones * 0x20; /* a space is 0 */
    return ~((t + ones * 0x7F) | t) & high & ascii;
}

/*
 * The exact key of text with no line end, tab or other space but single
 * spaces between other bytes, into d (room for len): the text itself
 * with 'A'-'Z' in lower case (a byte from 0x80 as it is), eight bytes at
 * a time (most names).  1 when done; 0 for other text and text shorter
 * than 8 bytes (d then holds nothing of use), and on a big-endian
 * machine.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define KG_SWAR 1
/* s[0..len), 0 < len < 8, as the low bytes of a word. */
static uint64_t load_short(const char *s, size_t len)
{
    if (len >= 4) { /* two loads that may overlap: the same bytes */
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        return a | (uint64_t)b << (8 * (len - 4));
    }
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++)
        v |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return v;
}

/* simple_key of text shorter than 8 bytes (most ids). */
static int simple_short_key(char *d, const char *s, size_t len)
{
    uint64_t v = load_short(s, len), control, upper;
    uint64_t space = space_bytes(v, &control, &upper);
    if (control || (space & (space >> 8)) || (space & 0x80) ||
        ((space >> (8 * (len - 1))) & 0x80))
        return 0;
    uint64_t key = v | upper >> 2;
    if (len >= 4) {
        uint32_t a = (uint32_t)key, b = (uint32_t)(key >> (8 * (len - 4)));
        memcpy(d, &a, 4);
        memcpy(d + len - 4, &b, 4);
        return 1;
    }
    for (size_t i = 0; i < len; i++)
        d[i] = (char)(key >> (8 * i));
    return 1;
}
#endif

static int simple_key(char *d, const char *s, size_t len)
{
#ifdef KG_SWAR
    if (len < 8)
        return len && simple_short_key(d, s, len);
    uint64_t after_space = 1; /* the start counts as one: none may lead */
    for (size_t i = 0; i < len; i += 8) {
        /* the last word, when short, is the last 8 bytes: it overlaps the
         * one before (a 1:1 key writes them again the same), and its
         * first byte begins no word */
        int overlap = len - i < 8;
        if (overlap)
            i = len - 8;
        uint64_t v, control, upper, space;
        memcpy(&v, s + i, 8);
        space = space_bytes(v, &control, &upper);
        if (control || (space & (space >> 8)) ||
            (!overlap && after_space && (space & 0x80)))
            return 0;
        after_space = space >> 56;
        uint64_t key = v | upper >> 2; /* 0x80 >> 2: the case bit */
        memcpy(d + i, &key, 8);
    }
    return !after_space; /* none may trail */
#else                    /* one byte at a time (ascii_key) */
    (void)d;
    (void)s;
    (void)len;
    return 0;
#endif
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
        if (simple_key(d + n, s, len)) {
            d[n + len] = '\0';
            out->len = n + len;
            return 0;
        }
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
#ifdef KG_SWAR
    /* eight bytes at a time, the last 8 (or the few) at the end */
    const uint64_t high = 0x8080808080808080ull;
    uint64_t v;
    for (; len - i > 8 && (memcpy(&v, s + i, 8), !(v & high));)
        i += 8;
    if (len - i <= 8 && len >= 8 && (memcpy(&v, s + len - 8, 8), !(v & high)))
        i = len;
    else if (len < 8 && len && !(load_short(s, len) & high))
        i = len;
#endif
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
