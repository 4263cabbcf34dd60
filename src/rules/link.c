/*
 * link.c - which links may go into a picture, and how they are written
 * (link.h says the rule).
 */
#include "rules/link.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/* HTML's named references to ASCII characters, the ones a link could use
 * to hide its scheme (HTML decodes some without the ';' too). */
/* clang-format off */
static const struct {
    const char *name;
    char c;
} named[] = {
    {"Tab", '\t'},    {"NewLine", '\n'}, {"excl", '!'},   {"quot", '"'},
    {"QUOT", '"'},    {"num", '#'},      {"dollar", '$'}, {"percnt", '%'},
    {"amp", '&'},     {"AMP", '&'},      {"apos", '\''},  {"lpar", '('},
    {"rpar", ')'},    {"ast", '*'},      {"midast", '*'}, {"plus", '+'},
    {"comma", ','},   {"period", '.'},   {"sol", '/'},    {"colon", ':'},
    {"semi", ';'},    {"lt", '<'},       {"LT", '<'},     {"equals", '='},
    {"gt", '>'},      {"GT", '>'},       {"quest", '?'},  {"commat", '@'},
    {"lsqb", '['},    {"lbrack", '['},   {"bsol", '\\'},  {"rsqb", ']'},
    {"rbrack", ']'},  {"Hat", '^'},      {"lowbar", '_'}, {"UnderBar", '_'},
    {"grave", '`'},   {"DiacriticalGrave", '`'},          {"lcub", '{'},
    {"lbrace", '{'},  {"verbar", '|'},   {"vert", '|'},   {"VerticalLine", '|'},
    {"rcub", '}'},    {"rbrace", '}'},   {"nbsp", ' '},   {"NonBreakingSpace", ' '},
};
/* clang-format on */

static int is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends code point cp as UTF-8 (U+FFFD for what is not a character).
 * Returns -1 for U+0000, which no link may hold. */
static int put_code_point(kg_buf *b, unsigned long cp)
{
    if (cp == 0)
        return -1;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 63));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 63));
        u[2] = (char)(0x80 | (cp & 63));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 63));
        u[2] = (char)(0x80 | (cp >> 6 & 63));
        u[3] = (char)(0x80 | (cp & 63));
        n = 4;
    }
    return kg_buf_append(b, u, n);
}

/* A numeric reference at s ("&#58;", "&#x3a", no ';' needed): its code
 * point in *cp and its length, or 0 when s is not one. */
static size_t numeric_ref(const char *s, unsigned long *cp)
{
    size_t i = 2;
    int hex = s[i] == 'x' || s[i] == 'X';
    i += (size_t)hex;
    size_t start = i;
    unsigned long v = 0;
    for (; hex ? hex_value((unsigned char)s[i]) >= 0
               : is_digit((unsigned char)s[i]);
         i++) {
        int d = hex ? hex_value((unsigned char)s[i]) : s[i] - '0';
        v = v > 0x10FFFF ? v : v * (hex ? 16u : 10u) + (unsigned)d;
    }
    if (i == start)
        return 0;
    *cp = v;
    return i + (s[i] == ';');
}

/* A named reference at s ("&colon;", "&Tab"): its character and length,
 * or 0. */
static size_t named_ref(const char *s, char *c)
{
    for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        size_t n = strlen(named[k].name);
        if (strncmp(s + 1, named[k].name, n) == 0) {
            *c = named[k].c;
            return 1 + n + (s[1 + n] == ';');
        }
    }
    return 0;
}

/* One round of what a browser may decode: character references, then
 * percent-escapes; tabs and line ends removed.  Returns -1 when the text
 * hides a NUL or memory runs out. */
static int decode_once(const char *s, kg_buf *out)
{
    kg_buf_clear(out);
    kg_buf refs;
    kg_buf_init(&refs);
    int rc = 0;
    for (const char *p = s; *p && rc == 0;) {
        unsigned long cp;
        char c;
        size_t n = 0;
        if (p[0] == '&' && p[1] == '#' && (n = numeric_ref(p, &cp)) > 0)
            rc = put_code_point(&refs, cp);
        else if (p[0] == '&' && (n = named_ref(p, &c)) > 0)
            rc = kg_buf_putc(&refs, c);
        else
            rc = kg_buf_putc(&refs, *p), n = 1;
        p += n;
    }
    for (const char *p = refs.data ? refs.data : ""; *p && rc == 0; p++) {
        int hi, lo;
        if (*p == '\t' || *p == '\n' || *p == '\r')
            continue;
        if (*p == '%' && (hi = hex_value((unsigned char)p[1])) >= 0 &&
            (lo = hex_value((unsigned char)p[2])) >= 0) {
            if (hi == 0 && lo == 0)
                rc = -1;
            else
                rc = kg_buf_putc(out, (char)(hi << 4 | lo));
            p += 2;
        } else {
            rc = kg_buf_putc(out, *p);
        }
    }
    kg_buf_free(&refs);
    return rc;
}

/* Strips controls and spaces at both ends, in place. */
static void strip(kg_buf *b)
{
    if (!b->data)
        return;
    size_t a = 0, z = b->len;
    while (a < z && (unsigned char)b->data[a] <= ' ')
        a++;
    while (z > a && (unsigned char)b->data[z - 1] <= ' ')
        z--;
    memmove(b->data, b->data + a, z - a);
    b->len = z - a;
    b->data[b->len] = '\0';
}

/* The scheme rule on decoded text d.  A link beginning with two slashes
 * (or backslashes, which a browser reads as slashes) names a host, not a
 * path: from a file on disk, //host/x is file://host/x, a request to
 * another machine (SMB on Windows). */
static const char *scheme_problem(const char *d)
{
    if ((d[0] == '/' || d[0] == '\\') && (d[1] == '/' || d[1] == '\\'))
        return "begins with two slashes: another host, without a scheme";
    size_t head = strcspn(d, ":/?#");
    if (d[head] != ':')
        return NULL; /* relative: no scheme */
    int valid = head > 0 && is_alpha((unsigned char)d[0]);
    for (size_t i = 1; valid && i < head; i++) {
        unsigned char c = (unsigned char)d[i];
        valid = is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
    }
    if (!valid)
        return "has a colon before its path but no scheme";
    static const char *const allowed[] = {"http", "https", "mailto"};
    char lower[8]; /* "HTTPS:" is https too */
    if (head >= sizeof lower)
        return "is not http, https, mailto or relative";
    for (size_t i = 0; i < head; i++)
        lower[i] = (char)(d[i] | 0x20);
    lower[head] = '\0';
    for (size_t i = 0; i < 3; i++)
        if (strcmp(lower, allowed[i]) == 0)
            return NULL;
    return "is not http, https, mailto or relative";
}

const char *kg_link_check(const char *url)
{
    if (!url || !*url)
        return "is empty";
    kg_buf a, b;
    kg_buf_init(&a);
    kg_buf_init(&b);
    const char *why = NULL;
    if (kg_buf_puts(&a, url))
        why = "cannot be checked (out of memory)";
    int stable = 0;
    for (int round = 0; round < 10 && !why && !stable; round++) {
        if (decode_once(a.data ? a.data : "", &b)) {
            why = "hides a NUL character";
            break;
        }
        strip(&b);
        /* a non-empty buffer has data */
        stable = b.len == a.len &&
                 /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
                 (!a.len || memcmp(a.data, b.data, a.len) == 0);
        kg_buf tmp = a;
        a = b;
        b = tmp;
    }
    if (!why && !stable)
        why = "is encoded too many times over";
    if (!why && a.len == 0)
        why = "is empty";
    if (!why)
        why = scheme_problem(a.data ? a.data : "");
    kg_buf_free(&a);
    kg_buf_free(&b);
    return why;
}

/* url percent-encoded, with '&' as `amp` ("&amp;" or "&"). */
static int encode(kg_buf *out, const char *url, const char *amp)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char keep[] = "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "-._~:/?#[]@!$()*+,;=%";
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        int rc;
        if (*p == '&') {
            rc = kg_buf_puts(out, amp);
        } else if (strchr(keep, *p)) {
            rc = kg_buf_putc(out, (char)*p);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = kg_buf_append(out, esc, 3);
        }
        if (rc)
            return -1;
    }
    return 0;
}

int kg_link_encode(kg_buf *out, const char *url)
{
    return encode(out, url, "&amp;");
}

int kg_link_url(kg_buf *out, const char *url)
{
    return encode(out, url, "&");
}

int kg_link_column(const char *key)
{
    return kg_ascii_casecmp(key, "url") == 0 ||
           kg_ascii_casecmp(key, "source_url") == 0;
}
