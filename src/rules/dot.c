/*
 * dot.c - DOT's strings and attribute lists.
 *
 * Every piece of input text that reaches DOT goes through kg_dot_id or
 * kg_dot_label: it is never written outside a quoted or HTML-like string.
 */
#include "rules/dot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* ---- Strings ---- */

static int is_token_end(char c)
{
    return c == '"' || c == '\\';
}

/* Whether the plain quoted form of s reads back as s (see dot.h). */
static int quoted_exact(const char *s, size_t len)
{
    /* nearly all text has neither (two vector scans beat a byte loop) */
    if (!memchr(s, '\\', len) && !memchr(s, '\n', len))
        return 1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\') {
            size_t k = 0;
            while (i + k < len && s[i + k] == '\\')
                k++;
            char next = i + k < len ? s[i + k] : '\0';
            if ((k & 1) && (next == '"' || next == '\n' || next == '\0'))
                return 0;
            i += k - 1;
        } else if (s[i] == '\n') {
            int alone_before = i == 0 || is_token_end(s[i - 1]);
            int alone_after = i + 1 == len || is_token_end(s[i + 1]);
            if (alone_before && alone_after)
                return 0;
        }
    }
    return 1;
}

/* Whether <s> is a well-formed HTML-like string (brackets nest). */
static int html_exact(const char *s, size_t len)
{
    long depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '<')
            depth++;
        else if (s[i] == '>' && --depth < 0)
            return 0;
    }
    return depth == 0;
}

int kg_dot_exact(const char *s, size_t len)
{
    return quoted_exact(s, len) || html_exact(s, len);
}

/* The quoted form; with `fix`, an odd run of backslashes before a quote or
 * the end gets one more, so that the result is always valid DOT. */
static void write_quoted(kg_out *out, const char *s, int fix)
{
    kg_out_putc(out, '"');
    for (const char *p = s; *p;) {
        size_t plain = strcspn(p, fix ? "\"\\" : "\"");
        kg_out_write(out, p, plain);
        p += plain;
        if (*p == '"') {
            kg_out_write(out, "\\\"", 2);
            p++;
        } else if (*p == '\\') {
            size_t k = strspn(p, "\\");
            kg_out_write(out, p, k);
            if ((k & 1) && (p[k] == '"' || p[k] == '\0'))
                kg_out_putc(out, '\\');
            p += k;
        }
    }
    kg_out_putc(out, '"');
}

/* A DOT keyword (case does not matter to the DOT scanner).  Called for
 * nearly every attribute key: one comparison at most. */
static int is_keyword(const char *s, size_t len)
{
    static const char *const by_len[9] = {
        NULL, NULL, NULL, NULL, NULL, "graph", "strict", "digraph", "subgraph"};
    if (len == 4)
        return kg_ascii_casecmp(s, "node") == 0 ||
               kg_ascii_casecmp(s, "edge") == 0;
    return len < 9 && by_len[len] && kg_ascii_casecmp(s, by_len[len]) == 0;
}

/* What each byte means to kg_dot_id: not part of a bare identifier (1),
 * a quote (2), a backslash or line end (4). */
static const unsigned char byte_class[256] = {
#define R4(x)  x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
    /* 0x00 */ R4(1),
    R4(1),
    1,
    1,
    5,
    1,
    R4(1),
    /* 0x10 */ R16(1),
    /* 0x20 */ 1,
    1,
    3,
    1,
    R4(1),
    R4(1),
    R4(1),
    /* 0x30 '0'-'9' */ R4(0),
    R4(0),
    0,
    0,
    1,
    1,
    R4(1),
    /* 0x40 'A'-'Z' */ 1,
    0,
    0,
    0,
    R4(0),
    R4(0),
    R4(0),
    /* 0x50 */ R4(0),
    R4(0),
    0,
    0,
    0,
    1,
    5,
    1,
    1,
    0,
    /* 0x60 'a'-'z' */ 1,
    0,
    0,
    0,
    R4(0),
    R4(0),
    R4(0),
    /* 0x70 */ R4(0),
    R4(0),
    0,
    0,
    0,
    1,
    R4(1),
    /* 0x80-0xff: UTF-8 bytes are quoted */
    R16(1),
    R16(1),
    R16(1),
    R16(1),
    R16(1),
    R16(1),
    R16(1),
    R16(1),
#undef R16
#undef R4
};

void kg_dot_id(kg_out *out, const char *s)
{
    /* one pass sorts most strings: an identifier goes bare, and text
     * without backslashes or line ends is exact when quoted */
    size_t len = 0;
    unsigned cls = 0;
    for (unsigned char c; (c = (unsigned char)s[len]) != '\0'; len++)
        cls |= byte_class[c];
    if (!cls && len && !(*s >= '0' && *s <= '9') && !is_keyword(s, len)) {
        kg_out_write(out, s, len);
    } else if (!(cls & 6)) { /* nothing to escape */
        kg_out_putc(out, '"');
        kg_out_write(out, s, len);
        kg_out_putc(out, '"');
    } else if (!(cls & 4) || quoted_exact(s, len)) {
        write_quoted(out, s, 0);
    } else if (html_exact(s, len)) {
        kg_out_putc(out, '<');
        kg_out_write(out, s, len);
        kg_out_putc(out, '>');
    } else {
        write_quoted(out, s, 1); /* kg_dot_exact() warned at input */
    }
}

void kg_dot_label(kg_out *out, const char *s)
{
    kg_out_putc(out, '"');
    for (const char *p = s; *p;) {
        size_t plain = strcspn(p, "\\\"\n");
        kg_out_write(out, p, plain);
        p += plain;
        if (!*p)
            break;
        kg_out_write(out, *p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : "\\n", 2);
        p++;
    }
    kg_out_putc(out, '"');
}

/* Bytes XML text needs more than copying: controls, markup, and 0xEF
 * (which starts U+FFFE and U+FFFF); the rest is copied in runs. */
/* clang-format off */
static const unsigned char xml_special[256] = {
    [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1,
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
        while (p[run] && !xml_special[p[run]])
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

void kg_dot_html_text(kg_out *out, const char *s)
{
    kg_xml_text(out, s, 1, NULL);
}

/* ---- Output ---- */

void kg_out_init(kg_out *o, FILE *f)
{
    o->f = f;
    o->mem = NULL;
    o->n = 0;
    o->err = 0;
}

void kg_out_init_mem(kg_out *o, kg_buf *mem)
{
    kg_out_init(o, NULL);
    o->mem = mem;
}

/* Records a failed write: its errno, the first one kept. */
static void failed(kg_out *o)
{
    if (!o->err)
        o->err = errno ? errno : -1;
}

int kg_out_flush(kg_out *o)
{
    errno = 0;
    if (o->n && o->mem && kg_buf_append(o->mem, o->buf, o->n))
        failed(o);
    else if (o->n && o->f && fwrite(o->buf, 1, o->n, o->f) != o->n)
        failed(o);
    o->n = 0;
    return o->err ? -1 : 0;
}

void kg_out_write(kg_out *o, const char *s, size_t len)
{
    while (len) {
        if (o->n == sizeof o->buf)
            kg_out_flush(o);
        size_t k = sizeof o->buf - o->n;
        if (k > len)
            k = len;
        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        len -= k;
    }
}

void kg_out_write_block(kg_out *o, const char *s, size_t len)
{
    if (o->mem || len < sizeof o->buf) {
        kg_out_write(o, s, len);
        return;
    }
    kg_out_flush(o);
    errno = 0;
    if (fwrite(s, 1, len, o->f) != len)
        failed(o);
}

void kg_out_printf(kg_out *o, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        failed(o);
        return;
    }
    if ((size_t)n < sizeof small) {
        kg_out_write(o, small, (size_t)n);
        return;
    }
    char *big = kg_malloc((size_t)n + 1);
    if (!big) {
        o->err = ENOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    kg_out_write(o, big, (size_t)n);
    free(big);
}

/* ---- Attribute lists ---- */

static void attr_sep(kg_dot_attrs *a)
{
    kg_out_puts(a->out, a->n++ ? ", " : " [");
}

/* The separator, then "key=": the key as a DOT id, or as it is when it
 * is a literal of kgraph's own. */
static void attr_key(kg_dot_attrs *a, const char *key, int literal)
{
    attr_sep(a);
    if (literal)
        kg_out_puts(a->out, key);
    else
        kg_dot_id(a->out, key);
    kg_out_putc(a->out, '=');
}

void kg_dot_attr(kg_dot_attrs *a, const char *key, const char *value)
{
    attr_key(a, key, 0);
    kg_dot_id(a->out, value);
}

void kg_dot_attr_lit(kg_dot_attrs *a, const char *key, const char *value)
{
    attr_key(a, key, 1);
    kg_dot_id(a->out, value);
}

/* key=value rendered, malloc'd: the value as an id, or as a label. */
static char *render_pair(const char *key, const char *value, int label)
{
    kg_buf text;
    kg_buf_init(&text);
    kg_out *o = kg_malloc(sizeof *o);
    if (!o)
        return NULL;
    kg_out_init_mem(o, &text);
    kg_dot_id(o, key);
    kg_out_putc(o, '=');
    if (label)
        kg_dot_label(o, value);
    else
        kg_dot_id(o, value);
    int failed = kg_out_flush(o);
    free(o);
    if (failed || !text.data) {
        kg_buf_free(&text);
        return NULL;
    }
    return text.data;
}

char *kg_dot_pair(const char *key, const char *value)
{
    return render_pair(key, value, 0);
}

char *kg_dot_text_pair(const char *key, const char *text)
{
    return render_pair(key, text, 1);
}

void kg_dot_attr_raw(kg_dot_attrs *a, const char *pair)
{
    attr_sep(a);
    kg_out_puts(a->out, pair);
}

void kg_dot_attr_text(kg_dot_attrs *a, const char *key, const char *text)
{
    attr_key(a, key, 1);
    kg_dot_label(a->out, text);
}

void kg_dot_attrs_end(kg_dot_attrs *a)
{
    kg_out_puts(a->out, a->n ? "];\n" : ";\n");
}
