/*
 * dot.c - DOT's strings and attribute lists.
 *
 * Every piece of input text that reaches DOT goes through kg_dot_id or
 * kg_dot_label: it is never written outside a quoted or HTML-like string.
 * The DOT handed to Graphviz for a picture then has its '&'s escaped where
 * Graphviz would decode them (kg_dot_drawn).
 */
#include "rules/dot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules/data_key.h"
#include "rules/escape.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- Strings ---- */

static int is_token_end(char c)
{
    return c == '"' || c == '\\';
}

/* Whether the plain quoted form of s reads back as s (see dot.h). */
int kg_dot_plain(const char *s, size_t len)
{
    /* two vector scans beat a byte loop */
    return !memchr(s, '\\', len) && !memchr(s, '\n', len);
}

static int quoted_exact(const char *s, size_t len)
{
    if (kg_dot_plain(s, len))
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

/*
 * Graphviz's scanner reads the text of a quoted string between two
 * escapes as one token, in a buffer of 16,384 bytes: a longer run is a
 * "syntax error ... (missing endquote? longer than 16384?)", so a line
 * that folds thousands of rows could not be read.  Past RUN_MAX bytes
 * without a backslash a line continuation is written (a backslash and a
 * line end, which the scanner drops: dot.h), where it splits no UTF-8
 * character and no line end stands beside it (a line end alone between
 * two tokens would be dropped).  RUN_MAX leaves room for kg_dot_drawn,
 * which makes an '&' five bytes.  `run` counts the bytes since the last
 * backslash written.
 */
enum { RUN_MAX = KG_DOT_RUN_MAX };

static int may_break(const char *p, size_t i)
{
    return ((unsigned char)p[i] & 0xC0) != 0x80 && p[i] != '\n' &&
           p[i - 1] != '\n';
}

static void put_run(kg_out *out, const char *p, size_t n, size_t *run)
{
    while (*run + n > RUN_MAX) {
        size_t i = *run < RUN_MAX ? RUN_MAX - *run : 1;
        while (i < n && !may_break(p, i))
            i++;
        if (i >= n)
            break;
        kg_out_write(out, p, i);
        kg_out_write(out, "\\\n", 2);
        p += i;
        n -= i;
        *run = 0;
    }
    kg_out_write(out, p, n);
    *run += n;
}

/* The quoted form; with `fix`, an odd run of backslashes before a quote or
 * the end gets one more, so that the result is always valid DOT (without
 * it such a run is never there: quoted_exact). */
static void write_quoted(kg_out *out, const char *s, int fix)
{
    size_t run = 0;
    kg_out_putc(out, '"');
    for (const char *p = s; *p;) {
        size_t plain = strcspn(p, "\"\\");
        put_run(out, p, plain, &run);
        p += plain;
        if (*p == '"') {
            kg_out_write(out, "\\\"", 2);
            p++;
            run = 0;
        } else if (*p == '\\') {
            size_t k = strspn(p, "\\");
            kg_out_write(out, p, k);
            if (fix && (k & 1) && (p[k] == '"' || p[k] == '\0'))
                kg_out_putc(out, '\\');
            p += k;
            run = 0;
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

/* The OR of byte_class over s[0..len), four bytes a step (the loop's
 * own count and test were half of it a byte). */
static unsigned dot_class(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned a = 0, b = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        a |= byte_class[u[i]] | byte_class[u[i + 1]];
        b |= byte_class[u[i + 2]] | byte_class[u[i + 3]];
    }
    for (; i < len; i++)
        a |= byte_class[u[i]];
    return a | b;
}

/* A bare identifier: no byte that needs quotes (cls, byte_class of each),
 * not empty, no digit first, no keyword. */
static int is_bare(unsigned cls, const char *s, size_t len)
{
    return !cls && len && !(*s >= '0' && *s <= '9') && !is_keyword(s, len);
}

/* kg_dot_id of s[0..len), with cls the OR of byte_class over its bytes:
 * one pass sorts most strings, as an identifier goes bare and text
 * without backslashes or line ends is exact when quoted. */
static void write_id(kg_out *out, const char *s, size_t len, unsigned cls)
{
    if (is_bare(cls, s, len)) {
        kg_out_write(out, s, len);
    } else if (!(cls & 6) && len <= RUN_MAX) { /* nothing to escape */
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

void kg_dot_id(kg_out *out, const char *s)
{
    size_t len = 0; /* found in the same pass */
    unsigned cls = 0;
    for (unsigned char c; (c = (unsigned char)s[len]) != '\0'; len++)
        cls |= byte_class[c];
    write_id(out, s, len, cls);
}

void kg_dot_id_len(kg_out *out, const char *s, size_t len)
{
    write_id(out, s, len, dot_class(s, len));
}

int kg_dot_bare(const char *s, size_t len)
{
    return is_bare(dot_class(s, len), s, len);
}

/* The bytes that end a run of plain text in an escString: the end, a
 * backslash, a quote, a line end. */
static const unsigned char label_stop[256] = {
    [0] = 1, ['\\'] = 1, ['"'] = 1, ['\n'] = 1};

void kg_dot_label_piece(kg_out *out, const char *s)
{
    size_t run = 0; /* the bytes since the last backslash written */
    for (const char *p = s; *p;) {
        size_t plain = 0; /* a table, not strcspn: labels are short */
        while (!label_stop[(unsigned char)p[plain]])
            plain++;
        if (run + plain <= RUN_MAX) { /* put_run's usual case, inline */
            kg_out_write(out, p, plain);
            run += plain;
        } else {
            put_run(out, p, plain, &run);
        }
        p += plain;
        if (!*p)
            break;
        kg_out_write(out, *p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : "\\n", 2);
        p++;
        run = 0;
    }
}

void kg_dot_label(kg_out *out, const char *s)
{
    kg_out_putc(out, '"');
    kg_dot_label_piece(out, s);
    kg_out_putc(out, '"');
}

void kg_dot_html_text(kg_out *out, const char *s)
{
    kg_xml_text(out, s, 1, NULL);
}

/* ---- Attribute lists ---- */

void kg_dot_attr(kg_dot_attrs *a, const char *key, const char *value)
{
    kg_dot_attr_sep(a);
    kg_dot_id(a->out, key);
    kg_out_putc(a->out, '=');
    kg_dot_id(a->out, value);
}

void kg_dot_attr_bare(kg_dot_attrs *a, int data, const char *key, size_t len,
                      const char *value, size_t value_len)
{
    kg_dot_attr_sep(a);
    if (data)
        kg_out_write(a->out, KG_DATA_PREFIX, sizeof KG_DATA_PREFIX - 1);
    kg_out_write(a->out, key, len);
    kg_out_putc(a->out, '=');
    kg_dot_id_len(a->out, value, value_len);
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

void kg_dot_attrs_end(kg_dot_attrs *a)
{
    kg_out_puts(a->out, a->n ? "];\n" : ";\n");
}

/* ---- DOT for Graphviz to draw ---- */

/* The attributes whose text Graphviz 2.43 reads as HTML entities (&#65;
 * &amp;): labels (make_label's htmlEntityUTF8, unless HTML-like) and
 * tooltips (emit.c's preprocessTooltip) it decodes itself; ids, classes,
 * targets and comments it writes into an SVG as they are but for a bare
 * '&' (xml_string keeps "&#65;"), so the SVG's reader decodes them.
 * Links are not among them: kg_link_encode writes '&' as "&amp;" already,
 * which Graphviz copies to the SVG's href.  The first four may be
 * HTML-like labels, which are markup (kgraph's key), XML already. */
static const char *const entity_keys[] = {
    "label",       "xlabel",       "headlabel",   "taillabel",   "tooltip",
    "edgetooltip", "labeltooltip", "headtooltip", "tailtooltip", "id",
    "class",       "comment",      "target",      "edgetarget",  "headtarget",
    "labeltarget", "tailtarget"};
enum { HTML_LABEL_KEYS = 4 };

/* Which of entity_keys the DOT ID key[0..len) is (quoted or bare), or -1. */
static int entity_key(const char *key, size_t len)
{
    if (len >= 2 && key[0] == '"' && key[len - 1] == '"') {
        key++;
        len -= 2;
    }
    for (size_t i = 0; i < sizeof entity_keys / sizeof *entity_keys; i++)
        if (strlen(entity_keys[i]) == len &&
            memcmp(entity_keys[i], key, len) == 0)
            return (int)i;
    return -1;
}

/* The length of the quoted or HTML-like string at s (to the end of the
 * text when it does not end), as cgraph's scanner reads it: in quotes a
 * backslash takes the byte after it; angle brackets nest. */
static size_t string_len(const char *s)
{
    size_t i = 1;
    if (*s == '"') {
        while (s[i] && s[i] != '"')
            i += s[i] == '\\' && s[i + 1] ? 2 : 1;
        return s[i] ? i + 1 : i;
    }
    for (long depth = 1; s[i] && depth; i++)
        depth += s[i] == '<' ? 1 : s[i] == '>' ? -1 : 0;
    return i;
}

/* The length of a comment at s ("//" to the line's end, or a slash-star
 * one), or 0. */
static size_t comment_len(const char *s)
{
    if (s[0] != '/' || (s[1] != '/' && s[1] != '*'))
        return 0;
    const char *end = s[1] == '/' ? strchr(s, '\n') : strstr(s + 2, "*/");
    if (!end)
        return strlen(s);
    return (size_t)(end - s) + (s[1] == '*' ? 2 : 0);
}

/* Appends s[0..len) with each '&' as "&amp;" (with `escape`). */
static int copy_text(kg_buf *b, const char *s, size_t len, int escape)
{
    while (len) {
        const char *amp = escape ? memchr(s, '&', len) : NULL;
        size_t plain = amp ? (size_t)(amp - s) : len;
        if (kg_buf_append(b, s, plain) || (amp && kg_buf_append(b, "&amp;", 5)))
            return -1;
        plain += amp != NULL;
        s += plain;
        len -= plain;
    }
    return 0;
}

char *kg_dot_drawn(const char *dot)
{
    kg_buf b;
    kg_buf_init(&b);
    const char *last = NULL, *key = NULL; /* the last ID; the value's key */
    size_t last_len = 0, key_len = 0;
    int rc = 0;
    for (const char *p = dot; *p && rc == 0;) {
        size_t n = comment_len(p);
        if (n) {
            rc = kg_buf_append(&b, p, n);
        } else if (*p == '"' || *p == '<') {
            n = string_len(p);
            int k = key ? entity_key(key, key_len) : -1;
            /* a name (node, edge end, graph, subgraph) or a key goes to an
             * SVG's titles and comments as it is */
            int escape =
                !key || (k >= 0 && !(*p == '<' && k < HTML_LABEL_KEYS));
            rc = copy_text(&b, p, n, escape);
            last = p;
            last_len = n;
            key = NULL;
        } else if (byte_class[(unsigned char)*p] == 0 ||
                   (unsigned char)*p >= 0x80) { /* a bare ID: no '&' */
            while (p[n] && (byte_class[(unsigned char)p[n]] == 0 ||
                            (unsigned char)p[n] >= 0x80 || p[n] == '.'))
                n++;
            rc = kg_buf_append(&b, p, n);
            last = p;
            last_len = n;
            key = NULL;
        } else {
            n = 1;
            if (*p == '=') {
                key = last;
                key_len = last_len;
            } else if (!strchr(" \t\r\n", *p)) {
                key = NULL;
            }
            rc = kg_buf_putc(&b, *p);
        }
        p += n;
    }
    if (rc) {
        kg_buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : kg_strndup("", 0);
}
