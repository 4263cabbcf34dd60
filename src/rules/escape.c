/*
 * escape.c - text from the data, escaped for where it lands (escape.h):
 * one function for each kind of place, so that every writer escapes a
 * context the same way.  DOT's own strings are dot.c's.
 */
#include "rules/escape.h"

#include <stdlib.h>
#include <string.h>

#include "util/term.h"
#include "util/utf8.h"

/* ---- JSON ---- */

/* clang-format off */
/* Bytes a JSON string needs more than copying: quote, backslash,
 * controls, DEL, and 0xE2 (which starts U+2028 and U+2029); in a script
 * also the markup characters (2). */
static const unsigned char json_special[256] = {
    [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1,
    [9] = 1, [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1,
    [16] = 1, [17] = 1, [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1,
    [23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1, [28] = 1, [29] = 1,
    [30] = 1, [31] = 1, ['"'] = 1, ['\\'] = 1, [0x7F] = 1, [0xE2] = 1,
    ['<'] = 2, ['>'] = 2, ['&'] = 2};
/* clang-format on */

void kg_json_text(kg_out *out, const char *prefix, const char *s,
                  unsigned flags)
{
    unsigned char plain = flags & KG_JSON_IN_SCRIPT ? 0 : 2;
    kg_out_putc(out, '"');
    if (prefix)
        kg_out_puts(out, prefix);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
         p++) {
        size_t run = 0;
        while (p[run] && (json_special[p[run]] | plain) == plain)
            run++;
        if (run) {
            kg_out_write(out, (const char *)(p), run);
            p += run;
            if (!*p)
                break;
        }
        if (*p == '"' || *p == '\\')
            kg_out_printf(out, "\\%c", *p);
        else if (*p == '\n')
            kg_out_puts(out, "\\n");
        else if (*p < 0x20 || *p == 0x7F || json_special[*p] == 2)
            kg_out_printf(out, "\\u%04x", *p);
        else if (p[0] == 0xE2 && p[1] == 0x80 &&
                 (p[2] == 0xA8 || p[2] == 0xA9)) {
            kg_out_printf(out, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
            p += 2;
        } else
            kg_out_putc(out, (char)*p);
    }
    kg_out_putc(out, '"');
}

void kg_yaml_text(kg_out *out, const char *s)
{
    kg_out_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
         p++) {
        if (*p == '"' || *p == '\\')
            kg_out_printf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7F)
            kg_out_printf(out, "\\x%02x", *p);
        else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            kg_out_printf(out, "\\x%02x", p[1]);
            p++;
        } else if (p[0] == 0xEF && p[1] == 0xBF &&
                   (p[2] == 0xBE || p[2] == 0xBF)) {
            kg_out_printf(out, "\\u%04x", p[2] == 0xBE ? 0xFFFE : 0xFFFF);
            p += 2;
        } else
            kg_out_putc(out, (char)*p);
    }
    kg_out_putc(out, '"');
}

/* ---- XML and HTML ---- */

/* Bytes XML text needs more than copying: controls, markup, and 0xEF
 * (which starts U+FFFE and U+FFFF); the rest is copied in runs.  The NUL
 * is one too, so that a run ends at it with no test of its own. */
/* clang-format off */
static const unsigned char xml_special[256] = {
    [0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1,
    [9] = 1, [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1,
    [16] = 1, [17] = 1, [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1,
    [23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1, [28] = 1, [29] = 1,
    [30] = 1, [31] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1,
    ['\''] = 1, [0xEF] = 1};
/* clang-format on */

void kg_xml_text(kg_out *out, const char *s, int label, unsigned long *replaced)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t run = 0;
        while (!xml_special[p[run]])
            run++;
        kg_out_write(out, (const char *)p, run);
        p += run;
        if (!*p)
            break;
        int nonchar =
            p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
        int control = *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r';
        if (nonchar || control) { /* XML has no place for it */
            kg_out_puts(out, "\xEF\xBF\xBD");
            p += nonchar ? 2 : 0;
            if (replaced)
                (*replaced)++;
            continue;
        }
        switch (*p) {
        case '&': kg_out_puts(out, "&amp;"); break;
        case '<': kg_out_puts(out, "&lt;"); break;
        case '>': kg_out_puts(out, "&gt;"); break;
        case '"': kg_out_puts(out, "&quot;"); break;
        case '\'': kg_out_puts(out, "&#39;"); break;
        case '\n': kg_out_puts(out, label ? "<br/>" : "&#10;"); break;
        case '\r': kg_out_puts(out, label ? "" : "&#13;"); break;
        case '\t': kg_out_puts(out, label ? " " : "&#9;"); break;
        default: kg_out_putc(out, (char)*p); /* 0xEF starting a character */
        }
    }
}

void kg_html_text(kg_out *out, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': kg_out_puts(out, "&amp;"); break;
        case '<': kg_out_puts(out, "&lt;"); break;
        case '>': kg_out_puts(out, "&gt;"); break;
        case '"': kg_out_puts(out, "&quot;"); break;
        case '\'': kg_out_puts(out, "&#39;"); break;
        case '\n': kg_out_puts(out, "<br>"); break;
        default: kg_out_putc(out, *s);
        }
}

/* ---- Tables: CSV and Markdown ---- */

void kg_csv_cell(kg_out *out, const char *s)
{
    kg_csv_cell_n(out, s, strlen(s));
}

void kg_csv_cell_n(kg_out *out, const char *s, size_t n)
{
    /* a spreadsheet would run it as a formula: OWASP's advice */
    int formula = n && strchr("=+-@\t\r", s[0]) && s[0];
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        kg_out_putc(out, '"');
    if (formula)
        kg_out_putc(out, '\'');
    if (!quote) {
        kg_out_write(out, s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            kg_out_putc(out, '"');
        kg_out_putc(out, s[i]);
    }
    kg_out_putc(out, '"');
}

void kg_md_cell(kg_out *out, const char *s)
{
    kg_out_putc(out, ' ');
    for (; *s; s++) {
        if (*s == '\r' && s[1] == '\n')
            continue;
        if (*s == '\n' || *s == '\r')
            kg_out_puts(out, "<br>");
        else if (strchr("\\`*_[]<>|~&", *s) && *s)
            kg_out_printf(out, "\\%c", *s);
        else
            kg_out_putc(out, *s);
    }
    kg_out_puts(out, " |");
}

/* ---- Terminals ---- */

/* The length of the run at p that goes as it is: in quotes, up to the
 * quote or a backslash as well. */
static size_t term_run(const char *p, char quote)
{
    size_t run = kg_term_plain(p);
    for (size_t i = 0; quote && i < run; i++)
        if (p[i] == quote || p[i] == '\\')
            return i;
    return run;
}

size_t kg_term_text(kg_out *out, const char *s, char quote)
{
    size_t chars = quote ? 2 : 0;
    if (quote)
        kg_out_putc(out, quote);
    for (const char *p = s ? s : ""; *p;) {
        size_t run = term_run(p, quote);
        kg_out_write(out, p, run);
        chars += kg_utf8_count((const unsigned char *)p, run);
        p += run;
        if (!*p)
            break;
        char esc[KG_TERM_ESCAPE_MAX];
        size_t used = kg_term_escape(p, esc);
        if (!used) { /* the quote or a backslash */
            esc[0] = '\\';
            esc[1] = *p;
            esc[2] = '\0';
            used = 1;
        }
        kg_out_puts(out, esc);
        chars += strlen(esc);
        p += used;
    }
    if (quote)
        kg_out_putc(out, quote);
    return chars;
}

/* ---- Ids and words ---- */

int kg_type_text(kg_buf *out, const char *type)
{
    size_t start = out->len;
    if (kg_buf_puts(out, type))
        return -1;
    for (char *p = out->data + start; *p; p++)
        if (*p == '_')
            *p = ' ';
    return 0;
}

size_t kg_svg_plain_run(const char *s)
{
    /* ASCII letters and digits (strspn with a set this long is glibc's
     * slow generic one: a table built on every call) */
    size_t n = 0;
    for (unsigned char c; (c = (unsigned char)s[n]) != '\0'; n++)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            break;
    return n;
}

int kg_svg_id(kg_buf *out, const char *prefix, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    if (kg_buf_puts(out, prefix))
        return -1;
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t run = kg_svg_plain_run((const char *)p);
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
