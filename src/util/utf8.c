/*
 * utf8.c - UTF-8 checks and ASCII comparisons (utf8.h).
 */
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid sequence starting at s[0], or 0 if it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c >= 0x01 && c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

size_t kg_utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* eight bytes at a time while they are ASCII and none is NUL */
        while (len - i >= 8) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            const uint64_t ones = 0x0101010101010101ull, highs = ones << 7;
            if ((v & highs) || ((v - ones) & ~v & highs))
                break;
            i += 8;
        }
        if (i == len)
            break;
        if (s[i] >= 0x01 && s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(s + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t kg_utf8_count(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

int kg_ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb || ca == '\0')
            return (int)ca - (int)cb;
    }
}

/* FNV-1a: simple, and good enough for identifiers. */
