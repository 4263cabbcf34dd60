/*
 * positions.c - where kgraph's own layout puts each entity, for exports:
 * the graph rendered to Graphviz's plain format (in the render child,
 * with its limits) and read back.
 */
#include "render/positions.h"

#include <stdlib.h>
#include <string.h>

#include "graph/lookup.h"
#include "graph/store.h"
#include "render/render.h"

/* An HTML-like word, <...> with its <> nested, into buf as it is written
 * (how kgraph names an id that ends in a backslash, `<C:\path\>`).
 * Returns the rest of the line, or NULL. */
static const char *angled(const char *p, char *buf, size_t len)
{
    size_t n = 0;
    int depth = 1;
    for (p++; *p && *p != '\n'; p++) {
        depth += (*p == '<') - (*p == '>');
        if (depth == 0)
            break;
        if (n + 1 < len)
            buf[n++] = *p;
    }
    buf[n] = '\0';
    return depth == 0 ? p + 1 : NULL;
}

/* The next word of a plain line: bare, quoted with \" inside (into buf,
 * unquoted) or <HTML-like>.  Returns the rest of the line, or NULL. */
static const char *word(const char *p, char *buf, size_t len)
{
    size_t n = 0;
    while (*p == ' ')
        p++;
    if (*p == '<')
        return angled(p, buf, len);
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                p++;
            if (n + 1 < len)
                buf[n++] = *p;
        }
        if (*p != '"')
            return NULL;
        p++;
    } else {
        for (; *p && *p != ' ' && *p != '\n'; p++)
            if (n + 1 < len)
                buf[n++] = *p;
    }
    buf[n] = '\0';
    return p;
}

/* "node NAME X Y W H ..." into p (inches to points, y turned down). */
static void read_node(const kg_graph *g, const char *line, double height,
                      kg_positions *p, char *name, size_t len)
{
    const char *rest = word(line + 5, name, len);
    double x, y, w, h;
    if (!rest || sscanf(rest, "%lf %lf %lf %lf", &x, &y, &w, &h) != 4)
        return;
    uint32_t e = kg_sym_entity(g, kg_sym_find(g, name));
    if (e == KG_NONE || e >= p->n)
        return;
    p->v[e] = (kg_position){x * 72, (height - y) * 72, w * 72, h * 72, 1};
}

int kg_positions_of(const kg_graph *g, const kg_dot_options *opts,
                    kg_positions *p)
{
    memset(p, 0, sizeof *p);
    if (kg_graph_stats(g).entities > KG_POSITIONS_MAX)
        return 0;
    FILE *tmp = tmpfile();
    if (!tmp)
        return 0; /* the tool lays it out */
    kg_dot_options o = opts ? *opts : kg_dot_defaults();
    o.legend = 0;
    o.page_width = o.page_height = 0;
    char err[256]; /* no positions is no failure: the tool lays it out */
    if (kg_render_quiet(g, &o, "plain", NULL, tmp, NULL, err, sizeof err) !=
        KG_OK) {
        fclose(tmp);
        return 0;
    }
    rewind(tmp);
    p->v = kg_calloc(kg_nents(g) + 1, sizeof *p->v);
    p->n = kg_nents(g);
    char *line = NULL, name[4096];
    size_t cap = 0;
    double height = 0;
    int rc = p->v ? 0 : -1;
    while (rc == 0 && getline(&line, &cap, tmp) > 0) {
        if (strncmp(line, "graph ", 6) == 0)
            sscanf(line + 6, "%*f %*f %lf", &height);
        else if (strncmp(line, "node ", 5) == 0)
            read_node(g, line, height, p, name, sizeof name);
    }
    free(line);
    fclose(tmp);
    return rc;
}

void kg_positions_free(kg_positions *p)
{
    free(p->v);
    memset(p, 0, sizeof *p);
}
