/*
 * term.c - text for a terminal: the one rule of which characters are
 * shown as escapes (term.h).
 */
#include "util/term.h"

/* Whether the bytes at p are a C1 control, U+0080..U+009F. */
static int c1_control(const unsigned char *p)
{
    return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

size_t kg_term_plain(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (p[n] >= 0x20 && p[n] != 0x7F && !c1_control(p + n))
        n++;
    return n;
}

size_t kg_term_escape(const char *s, char esc[KG_TERM_ESCAPE_MAX])
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    int c1 = c1_control(p);
    if (!c1 && (!*p || (*p >= 0x20 && *p != 0x7F)))
        return 0;
    unsigned c = c1 ? p[1] : p[0];
    char named = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
    size_t n = 0;
    esc[n++] = '\\';
    if (named) {
        esc[n++] = named;
    } else {
        esc[n++] = c1 ? 'u' : 'x';
        if (c1) {
            esc[n++] = '0';
            esc[n++] = '0';
        }
        esc[n++] = hex[c >> 4];
        esc[n++] = hex[c & 15];
    }
    esc[n] = '\0';
    return c1 ? 2 : 1;
}
