/*
 * origin.c - the input row a part of a picture was drawn from (origin.h).
 */
#define _GNU_SOURCE /* memmem */
#include "render/origin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/lookup.h"
#include "graph/store.h"
#include "graph/view.h"
#include "util/buf.h"

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* The text kg_svg_id made s[0..len) of (letters, digits, _XX) into b;
 * 0, or -1 when s is not such an id. */
static int id_text(const char *s, size_t len, kg_buf *b)
{
    for (size_t i = 0; i < len; i++) {
        int hi = i + 2 < len ? hex_digit(s[i + 1]) : -1,
            lo = i + 2 < len ? hex_digit(s[i + 2]) : -1;
        if (s[i] == '_' && hi >= 0 && lo >= 0) {
            if (kg_buf_putc(b, (char)(hi << 4 | lo)))
                return -1;
            i += 2;
        } else if (!alnum(s[i]) || kg_buf_putc(b, s[i])) {
            return -1;
        }
    }
    return b->data ? 0 : -1;
}

/* The shown entity whose SVG id part is s[0..len), or KG_NONE. */
static uint32_t entity_of(const kg_graph *g, const char *s, size_t len)
{
    kg_buf b;
    kg_buf_init(&b);
    uint32_t e = KG_NONE;
    if (id_text(s, len, &b) == 0) {
        uint32_t y = kg_sym_find(g, b.data);
        e = y == KG_NONE ? KG_NONE : kg_sym_entity(g, y);
    }
    kg_buf_free(&b);
    return e != KG_NONE && kg_node_shown(g, e) ? e : KG_NONE;
}

static int say(const kg_graph *g, const char *what, kg_loc loc, char *out,
               size_t outlen)
{
    if (!loc.line)
        return -1;
    snprintf(out, outlen, "the %s of %s:%lu", what, kg_loc_file(g, loc),
             (unsigned long)loc.line);
    return 0;
}

/* The relation drawn as the edge SOURCE-TARGET-N (id[0..len)). */
static int edge_origin(const kg_graph *g, const char *id, size_t len, char *out,
                       size_t outlen)
{
    const char *end = id + len, *a = memchr(id, '-', len);
    const char *b = a ? memchr(a + 1, '-', (size_t)(end - a - 1)) : NULL;
    if (!b)
        return -1;
    uint32_t src = entity_of(g, id, (size_t)(a - id)),
             dst = entity_of(g, a + 1, (size_t)(b - a - 1));
    unsigned long n = 0;
    for (const char *p = b + 1; p < end && *p >= '0' && *p <= '9'; p++)
        n = n * 10 + (unsigned long)(*p - '0');
    for (uint32_t i = 0; src != KG_NONE && dst != KG_NONE && i < kg_nrels(g);
         i++) {
        const kg_relation *r = kg_rel(g, i);
        if (kg_edge_shown(g, i) && r->src == src && r->dst == dst && --n == 0)
            return say(g, "relation", kg_rel_loc(g, r), out, outlen);
    }
    return -1;
}

/* The id of the node or edge group (<g id="ID" class="node">) open at
 * byte `at` of svg[0..len), as Graphviz wrote it ('-' as "&#45;"), in b;
 * 0, or -1. */
static int group_at(const char *svg, size_t len, size_t at, kg_buf *b)
{
    static const char open[] = "<g id=\"";
    const char *end = svg + len;
    for (size_t i = at; i-- > 0;) {
        if (svg[i] != '<' || len - i < sizeof open ||
            memcmp(svg + i, open, sizeof open - 1) != 0)
            continue;
        const char *id = svg + i + sizeof open - 1;
        const char *q = memchr(id, '"', (size_t)(end - id));
        if (!q || end - q < 14 ||
            (memcmp(q, "\" class=\"node", 13) != 0 &&
             memcmp(q, "\" class=\"edge", 13) != 0))
            continue; /* a cluster, an anchor */
        long depth = 0;
        for (const char *p = svg + i; p < svg + at && end - p >= 4; p++)
            depth += memcmp(p, "<g ", 3) == 0    ? 1
                     : memcmp(p, "</g>", 4) == 0 ? -1
                                                 : 0;
        if (depth <= 0)
            return -1; /* closed before it: between two */
        for (const char *p = id; p < q; p++) {
            int dash = q - p >= 5 && memcmp(p, "&#45;", 5) == 0;
            if (kg_buf_putc(b, dash ? '-' : *p))
                return -1;
            p += dash ? 4 : 0;
        }
        return b->data ? 0 : -1;
    }
    return -1;
}

/* The row of the node or edge whose SVG id is id[0..len) (n-..., e-...). */
static int id_origin(const kg_graph *g, const char *id, size_t len, char *out,
                     size_t outlen)
{
    if (len > 2 && memcmp(id, "n-", 2) == 0) {
        uint32_t e = entity_of(g, id + 2, len - 2);
        return e == KG_NONE
                   ? -1
                   : say(g, "entity", kg_ent_loc(g, kg_ent(g, e)), out, outlen);
    }
    if (len > 2 && memcmp(id, "e-", 2) == 0)
        return edge_origin(g, id + 2, len - 2, out, outlen);
    return -1;
}

int kg_origin_in_svg(const kg_graph *g, const char *svg, size_t len, size_t at,
                     char *out, size_t outlen)
{
    if (!g || !svg || at > len)
        return -1;
    kg_buf id;
    kg_buf_init(&id);
    int rc = group_at(svg, len, at, &id);
    if (rc == 0)
        rc = id_origin(g, id.data, id.len, out, outlen);
    kg_buf_free(&id);
    return rc;
}

int kg_origin_in_dot(const kg_graph *g, const char *dot, unsigned long line,
                     char *out, size_t outlen)
{
    if (!g || !dot || !line)
        return -1;
    const char *p = dot;
    for (unsigned long n = 1; n < line && p; n++)
        if ((p = strchr(p, '\n')) != NULL)
            p++;
    if (!p)
        return -1;
    size_t len = strcspn(p, "\n");
    static const char key[] = " id=\"";
    const char *id = NULL;
    for (const char *q = p;
         (q = memmem(q, (size_t)(p + len - q), key, sizeof key - 1)) != NULL;
         q++)
        id = q + sizeof key - 1; /* the statement's own: the last */
    const char *end = id ? memchr(id, '"', (size_t)(p + len - id)) : NULL;
    return end ? id_origin(g, id, (size_t)(end - id), out, outlen) : -1;
}
