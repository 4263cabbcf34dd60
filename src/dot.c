/*
 * dot.c - DOT's strings and attribute lists.
 *
 * Every piece of input text that reaches DOT goes through kg_dot_id or
 * kg_dot_label: it is never written outside a quoted or HTML-like string.
 */
#include "dot.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- Strings ---- */

static int is_token_end(char c)
{
    return c == '"' || c == '\\';
}

/* Whether the plain quoted form of s reads back as s (see dot.h). */
static int quoted_exact(const char *s, size_t len)
{
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
 * the end gets one more, so that the result is always valid DOT.  Plain
 * runs go out in one fwrite. */
static void write_quoted(FILE *out, const char *s, int fix)
{
    putc('"', out);
    for (const char *p = s; *p;) {
        size_t plain = strcspn(p, fix ? "\"\\" : "\"");
        fwrite(p, 1, plain, out);
        p += plain;
        if (*p == '"') {
            fputs("\\\"", out);
            p++;
        } else if (*p == '\\') {
            size_t k = strspn(p, "\\");
            fwrite(p, 1, k, out);
            if ((k & 1) && (p[k] == '"' || p[k] == '\0'))
                putc('\\', out);
            p += k;
        }
    }
    putc('"', out);
}

/* A DOT keyword (case does not matter to the DOT scanner). */
static int is_keyword(const char *s)
{
    static const char *const words[] = {"node",    "edge",     "graph",
                                        "digraph", "subgraph", "strict"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (kg_ascii_casecmp(s, words[i]) == 0)
            return 1;
    return 0;
}

/* Whether s can go unquoted: an ASCII identifier that is not a keyword. */
static int is_bare(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return !is_keyword(s);
}

void kg_dot_id(FILE *out, const char *s)
{
    size_t len = strlen(s);
    if (is_bare(s)) {
        fputs(s, out);
    } else if (quoted_exact(s, len)) {
        write_quoted(out, s, 0);
    } else if (html_exact(s, len)) {
        putc('<', out);
        fputs(s, out);
        putc('>', out);
    } else {
        write_quoted(out, s, 1); /* kg_dot_exact() warned at input */
    }
}

void kg_dot_label(FILE *out, const char *s)
{
    putc('"', out);
    for (const char *p = s; *p;) {
        size_t plain = strcspn(p, "\\\"\n");
        fwrite(p, 1, plain, out);
        p += plain;
        if (!*p)
            break;
        fputs(*p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : "\\n", out);
        p++;
    }
    putc('"', out);
}

/* ---- Attribute lists ---- */

static void attr_sep(kg_dot_attrs *a)
{
    fputs(a->n++ ? ", " : " [", a->out);
}

void kg_dot_attr(kg_dot_attrs *a, const char *key, const char *value)
{
    attr_sep(a);
    kg_dot_id(a->out, key);
    putc('=', a->out);
    kg_dot_id(a->out, value);
}

void kg_dot_attr_text(kg_dot_attrs *a, const char *key, const char *text)
{
    attr_sep(a);
    kg_dot_id(a->out, key);
    putc('=', a->out);
    kg_dot_label(a->out, text);
}

void kg_dot_attrs_end(kg_dot_attrs *a)
{
    fputs(a->n ? "];\n" : ";\n", a->out);
}
