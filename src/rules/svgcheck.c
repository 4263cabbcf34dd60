/*
 * svgcheck.c - a small XML reader that allows what Graphviz's SVG
 * renderer writes and nothing else (svgcheck.h).
 *
 * The reader is a loop over the text: markup ('<' ...) or character
 * data, one token at a time, with a stack of open element names.  It is
 * strict on purpose: anything it does not understand is a refusal, since
 * a browser might understand it differently.
 */
#define _GNU_SOURCE /* memmem */
#include "rules/svgcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/link.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

typedef struct reader {
    const char *s, *end, *p;
    int picture;        /* an SVG picture of an entity (kg_svg_check_image) */
    const char *images; /* the folder images may come from, or NULL */
    const char *images_setting; /* what messages call it */
    char *why;
    size_t whylen;
    size_t at;             /* where the first problem is */
    const char *stack[64]; /* open elements (pointers into s) */
    size_t stack_len[64];
    size_t depth;
    int roots;
    kg_buf value; /* an attribute value, decoded */
} reader;

static int refuse(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int refuse(reader *r, const char *fmt, ...)
{
    unsigned long line = 1;
    for (const char *q = r->s; q < r->p && q < r->end; q++)
        line += *q == '\n';
    r->at = (size_t)((r->p < r->end ? r->p : r->end) - r->s);
    int n = snprintf(r->why, r->whylen, "line %lu: ", line);
    if (n >= 0 && (size_t)n < r->whylen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->why + n, r->whylen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Whether a[0..len) and b[0..len) are equal but for ASCII case. */
static int same_ci(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return 0;
    return 1;
}

/* What a picture of an entity may not hold: code, other documents,
 * animation that can change a link, style sheets that can load one,
 * links. */
static int banned_in_picture(const char *name, size_t len)
{
    /* clang-format off */
    static const char *const names[] = {
        "script",  "foreignObject", "iframe",  "object",  "embed",
        "handler", "listener",      "set",     "animate", "animateMotion",
        "animateTransform", "animateColor", "style", "image", "feImage",
        "a",       "audio",         "video",   "canvas"};
    /* clang-format on */
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == len && same_ci(names[i], name, len))
            return 1;
    return 0;
}

/* The elements Graphviz 2.43 writes to SVG. */
static int allowed_element(const char *name, size_t len)
{
    /* clang-format off */
    static const char *const names[] = {
        "svg",   "g",        "title",    "a",              "text",
        "polygon", "polyline", "path",   "ellipse",        "image",
        "defs",  "stop",     "linearGradient", "radialGradient"};
    /* clang-format on */
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return 1;
    return 0;
}

static int name_char(unsigned char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == ':' ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* A name at r->p; its length, or 0. */
static size_t read_name(reader *r)
{
    const char *q = r->p;
    if (q >= r->end || !name_char((unsigned char)*q, 1))
        return 0;
    while (q < r->end && name_char((unsigned char)*q, 0))
        q++;
    return (size_t)(q - r->p);
}

static void skip_space(reader *r)
{
    while (r->p < r->end && strchr(" \t\r\n", *r->p))
        r->p++;
}

/* Appends the character a reference at q ("&amp;", "&#45;") stands for to
 * out, or returns -1 when it is not one of XML's.  *n is its length. */
static int reference(const char *q, const char *end, kg_buf *out, size_t *n)
{
    static const struct {
        const char *name;
        char c;
    } predefined[] = {{"amp;", '&'},
                      {"lt;", '<'},
                      {"gt;", '>'},
                      {"quot;", '"'},
                      {"apos;", '\''}};
    for (size_t i = 0; i < 5; i++) {
        size_t k = strlen(predefined[i].name);
        if ((size_t)(end - q) > k &&
            memcmp(q + 1, predefined[i].name, k) == 0) {
            *n = k + 1;
            return out ? kg_buf_putc(out, predefined[i].c) : 0;
        }
    }
    if (end - q < 4 || q[1] != '#')
        return -1;
    const char *d = q + 2;
    int hex = *d == 'x';
    d += hex;
    unsigned long cp = 0;
    const char *start = d;
    while (d < end && d - start < 8 &&
           (hex ? strchr("0123456789abcdefABCDEF", *d) != NULL
                : (*d >= '0' && *d <= '9'))) {
        cp = cp * (hex ? 16 : 10) +
             (unsigned long)(*d <= '9' ? *d - '0' : (*d | 0x20) - 'a' + 10);
        d++;
    }
    if (d == start || d >= end || *d != ';' || cp == 0 || cp > 0x10FFFF ||
        (cp < 0x20 && cp != 9 && cp != 10 && cp != 13) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return -1;
    *n = (size_t)(d + 1 - q);
    if (!out)
        return 0;
    char u[4];
    size_t len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (len == 1) {
        u[0] = (char)cp;
    } else {
        for (size_t i = len - 1; i > 0; i--, cp >>= 6)
            u[i] = (char)(0x80 | (cp & 63));
        u[0] = (char)((0xF00 >> len & 0xF0) | cp);
    }
    return kg_buf_append(out, u, len);
}

/* Character data up to the next '<': references well-formed, no "]]>". */
static int text(reader *r)
{
    while (r->p < r->end && *r->p != '<') {
        size_t n = 1;
        if (*r->p == '&' && reference(r->p, r->end, NULL, &n))
            return refuse(r, "a '&' that starts no reference");
        if (*r->p == '>' && r->p - r->s >= 2 && memcmp(r->p - 2, "]]", 2) == 0)
            return refuse(r, "']]>' in text");
        r->p += n;
    }
    return 0;
}

/* Whether attribute name[0..n) is read by a browser as CSS that may load
 * something: `style`, and the presentation attributes of the properties
 * that take a <url> (SVG 1.1 and SVG 2's presentation attributes, CSS
 * Masking, CSS UI): paints, filters, clips, masks, markers, cursors,
 * colour profiles.  Compared by local name in any case, since an HTML
 * parser lowercases the attribute names of an SVG inside a page. */
static int takes_url(const char *name, size_t n)
{
    static const char *const names[] = {
        "style",      "fill",       "stroke",        "filter",
        "clip-path",  "mask",       "marker",        "marker-start",
        "marker-mid", "marker-end", "color-profile", "cursor"};
    for (size_t i = n; i > 0; i--)
        if (name[i - 1] == ':') {
            name += i;
            n -= i;
            break;
        }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && same_ci(names[i], name, n))
            return 1;
    return 0;
}

/* Whether the word before v[at] (an opening parenthesis) is `word`, in
 * any case. */
static int function_is(const char *v, size_t at, const char *word)
{
    size_t n = strlen(word);
    return at >= n && same_ci(v + at - n, word, n);
}

/* Whether the decoded value of an attribute that takes CSS (takes_url)
 * may load something: url(...) other than url(#...), the functions that
 * show other images, or a CSS escape, which could spell either. */
static int loads(const char *v)
{
    static const char *const loaders[] = {"image-set", "image", "cross-fade",
                                          "element", "src"};
    if (strchr(v, '\\'))
        return 1;
    for (const char *q = v; (q = strchr(q, '(')) != NULL; q++) {
        size_t at = (size_t)(q - v);
        const char *in = q + 1;
        while (*in == ' ' || *in == '\t' || *in == '\'' || *in == '"')
            in++;
        if (function_is(v, at, "url") && *in != '#')
            return 1;
        for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++)
            if (function_is(v, at, loaders[i]))
                return 1;
    }
    return 0;
}

/* Whether path (an <image>'s href: relative to the folder, as Graphviz
 * writes it with imagepath, or absolute) names a file inside r->images. */
static int image_allowed(const reader *r, const char *path)
{
    if (!r->images)
        return 0;
    size_t n = strlen(r->images), size = n + strlen(path) + 2;
    char *joined = kg_malloc(size);
    if (!joined)
        return 0;
    if (path[0] == '/')
        snprintf(joined, size, "%s", path);
    else
        snprintf(joined, size, "%s/%s", r->images, path);
    char *real = realpath(joined, NULL);
    int ok = real && strncmp(real, r->images, n) == 0 && real[n] == '/';
    free(real);
    free(joined);
    return ok;
}

/* One attribute: name="value", checked. */
static int attribute(reader *r, const char *elem, size_t elen)
{
    size_t n = read_name(r);
    if (!n)
        return refuse(r, "a malformed attribute");
    const char *name = r->p;
    r->p += n;
    skip_space(r);
    if (r->p >= r->end || *r->p != '=')
        return refuse(r, "an attribute without a value");
    r->p++;
    skip_space(r);
    if (r->p >= r->end || (*r->p != '"' && *r->p != '\''))
        return refuse(r, "an unquoted attribute value");
    char quote = *r->p++;
    kg_buf_clear(&r->value);
    while (r->p < r->end && *r->p != quote) {
        size_t k = 1;
        if (*r->p == '<')
            return refuse(r, "a '<' in an attribute value");
        if (*r->p == '&') {
            if (reference(r->p, r->end, &r->value, &k))
                return refuse(r, "a '&' that starts no reference");
        } else if (kg_buf_putc(&r->value, *r->p)) {
            return refuse(r, "out of memory");
        }
        r->p += k;
    }
    if (r->p >= r->end)
        return refuse(r, "an attribute value that does not end");
    r->p++;
    const char *v = r->value.data ? r->value.data : "";
    if (n >= 2 && (name[0] | 0x20) == 'o' && (name[1] | 0x20) == 'n')
        return refuse(r, "an event handler attribute (%.*s)", (int)n, name);
    if (n == 8 && memcmp(name, "xml:base", 8) == 0)
        return refuse(r, "an xml:base attribute");
    int href = (n == 4 && memcmp(name, "href", 4) == 0) ||
               (n == 10 && memcmp(name, "xlink:href", 10) == 0);
    if (href && r->picture && v[0] != '#')
        return refuse(r, "a link out of the picture");
    int image = elen == 5 && memcmp(elem, "image", 5) == 0;
    if (href && image && !image_allowed(r, v))
        return refuse(r, "an image outside the folder %s allows",
                      r->images_setting);
    const char *why = href && !image ? kg_link_check(v) : NULL;
    if (why)
        return refuse(r, "a link that %s", why);
    if (takes_url(name, n) && loads(v))
        return refuse(r,
                      "CSS in %.*s that could load what is not inside the SVG "
                      "(url() but url(#id), image-set(), an escape)",
                      (int)(n < 40 ? n : 40), name);
    return 0;
}

/* A start tag after '<': name, attributes, '>' or '/>'. */
static int start_tag(reader *r)
{
    size_t n = read_name(r);
    if (!n)
        return refuse(r, "a malformed tag");
    const char *name = r->p;
    if (r->picture ? banned_in_picture(name, n) : !allowed_element(name, n))
        return refuse(r, "a <%.*s> element", (int)(n < 40 ? n : 40), name);
    if (r->depth == 0 && (r->roots++ || n != 3 || memcmp(name, "svg", 3)))
        return refuse(r, "content outside the one <svg> element");
    r->p += n;
    for (;;) {
        const char *before = r->p;
        skip_space(r);
        if (r->p >= r->end)
            return refuse(r, "a tag that does not end");
        if (*r->p == '>' ||
            (*r->p == '/' && r->p + 1 < r->end && r->p[1] == '>')) {
            int empty = *r->p == '/';
            r->p += empty ? 2 : 1;
            if (empty)
                return 0;
            if (r->depth == sizeof r->stack / sizeof *r->stack)
                return refuse(r, "elements nested too deep");
            r->stack[r->depth] = name;
            r->stack_len[r->depth++] = n;
            return 0;
        }
        if (r->p == before)
            return refuse(r, "attributes not separated by space");
        if (attribute(r, name, n))
            return -1;
    }
}

static int end_tag(reader *r)
{
    size_t n = read_name(r);
    if (!n || r->depth == 0 || r->stack_len[r->depth - 1] != n ||
        memcmp(r->stack[r->depth - 1], r->p, n) != 0)
        return refuse(r, "an end tag that closes nothing open");
    r->p += n;
    skip_space(r);
    if (r->p >= r->end || *r->p != '>')
        return refuse(r, "a malformed end tag");
    r->p++;
    r->depth--;
    return 0;
}

/* Markup after '<' outside elements' names: comments, the declaration,
 * the DOCTYPE (with no internal subset). */
static int special(reader *r)
{
    size_t left = (size_t)(r->end - r->p);
    if (left >= 4 && memcmp(r->p, "!--", 3) == 0) {
        const char *close = NULL;
        for (const char *q = r->p + 3; q + 1 < r->end; q++)
            if (q[0] == '-' && q[1] == '-') {
                close = q;
                break;
            }
        if (!close || close + 2 >= r->end || close[2] != '>')
            return refuse(r, "a comment with '--' inside, or unended");
        r->p = close + 3;
        return 0;
    }
    if (left >= 5 && memcmp(r->p, "?xml ", 5) == 0 && r->p == r->s + 1) {
        const char *close = memmem(r->p, left, "?>", 2);
        if (!close || memchr(r->p, '<', (size_t)(close - r->p)))
            return refuse(r, "a malformed XML declaration");
        r->p = close + 2;
        return 0;
    }
    if (left >= 9 && memcmp(r->p, "!DOCTYPE ", 9) == 0 && r->roots == 0) {
        const char *close = memchr(r->p, '>', left);
        if (!close || memchr(r->p, '[', (size_t)(close - r->p)))
            return refuse(r, "a DOCTYPE with an internal subset");
        r->p = close + 1;
        return 0;
    }
    return refuse(r, "markup kgraph does not allow in an SVG (%.12s)", r->p);
}

/* Every character one XML allows, in valid UTF-8. */
static int characters(reader *r)
{
    const unsigned char *s = (const unsigned char *)r->s;
    size_t len = (size_t)(r->end - r->s);
    size_t bad = kg_utf8_check(s, len);
    for (size_t i = 0; i < len && i < bad; i++) {
        int control =
            s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r';
        int nonchar = i + 2 < len && s[i] == 0xEF && s[i + 1] == 0xBF &&
                      (s[i + 2] == 0xBE || s[i + 2] == 0xBF);
        if (control || nonchar) {
            r->p = r->s + i;
            return refuse(r, "a character XML does not allow");
        }
    }
    if (bad < len) {
        r->p = r->s + bad;
        return refuse(r, "bytes that are not UTF-8");
    }
    return 0;
}

static int check(const char *svg, size_t len, int picture,
                 const kg_picture_dir *images, char *why, size_t whylen,
                 size_t *at)
{
    reader r = {.s = svg,
                .end = svg + len,
                .p = svg,
                .picture = picture,
                .images = images ? images->path : NULL,
                .images_setting = images ? images->setting : "",
                .why = why,
                .whylen = whylen};
    kg_buf_init(&r.value);
    int rc = characters(&r);
    while (rc == 0 && r.p < r.end) {
        if (*r.p != '<') {
            if (r.depth == 0 && !strchr(" \t\r\n", *r.p))
                rc = refuse(&r, "text outside the <svg> element");
            else
                rc = text(&r);
            continue;
        }
        r.p++;
        if (r.p < r.end && *r.p == '/') {
            r.p++;
            rc = end_tag(&r);
        } else if (r.p < r.end && (*r.p == '!' || *r.p == '?')) {
            rc = special(&r);
        } else {
            rc = start_tag(&r);
        }
    }
    if (rc == 0 && (r.depth || r.roots != 1))
        rc = refuse(&r, "an SVG that does not end, or has no <svg>");
    kg_buf_free(&r.value);
    if (at)
        *at = rc ? r.at : len;
    return rc;
}

int kg_svg_check(const char *svg, size_t len, const kg_picture_dir *images,
                 char *why, size_t whylen)
{
    return check(svg, len, 0, images, why, whylen, NULL);
}

int kg_svg_check_at(const char *svg, size_t len, const kg_picture_dir *images,
                    char *why, size_t whylen, size_t *at)
{
    return check(svg, len, 0, images, why, whylen, at);
}

int kg_svg_check_image(const char *svg, size_t len, char *why, size_t whylen)
{
    return check(svg, len, 1, NULL, why, whylen, NULL);
}
