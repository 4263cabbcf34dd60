/*
 * picture.c - confidence styles and element ids.
 */
#include "picture.h"

#include <stdlib.h>
#include <string.h>

const char *const kg_confidence_styles[3] = {"solid", "dashed", "dotted"};

const char *kg_confidence_style(const char *value)
{
    const char *const *st = kg_confidence_styles;
    if (kg_ascii_casecmp(value, "confirmed") == 0)
        return st[0];
    if (kg_ascii_casecmp(value, "unconfirmed") == 0)
        return st[1];
    if (kg_ascii_casecmp(value, "tentative") == 0)
        return st[2];
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end || !(v >= 0 && v <= 100))
        return NULL;
    return v >= 70 ? st[0] : v >= 40 ? st[1] : st[2];
}

const char *kg_confidence_word(const char *style)
{
    if (strcmp(style, "solid") == 0)
        return "confirmed";
    return strcmp(style, "dashed") == 0 ? "unconfirmed" : "tentative";
}

int kg_svg_id(kg_buf *out, const char *prefix, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    if (kg_buf_puts(out, prefix))
        return -1;
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t run = strspn((const char *)p, plain);
        if (kg_buf_append(out, (const char *)p, run))
            return -1;
        p += run;
        if (!*p)
            break;
        char esc[3] = {'_', hex[*p >> 4], hex[*p & 15]};
        if (kg_buf_append(out, esc, 3))
            return -1;
        p++;
    }
    return 0;
}
