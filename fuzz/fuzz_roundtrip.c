/*
 * fuzz_roundtrip.c - libFuzzer entry point: any bytes, read as CSV files
 * (fuzz_input.h), written as DOT, and read back by Graphviz's own parser
 * (cgraph's agmemread), which must give the same graph: as many nodes and
 * edges as kgraph shows, each entity under its id with its label exactly
 * as it went in.  A difference aborts, which libFuzzer keeps as a crash.
 */
#include <cgraph.h>
#include <stdio.h>
#include <stdlib.h>

#include "dot.h"
#include "fuzz_input.h"

static void differ(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "round trip differs: %s: [%s] vs [%s]\n", what, a, b);
    abort();
}

/* escString back to text: \\ is a backslash, \n a line end. */
static char *unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    if (!out)
        abort();
    for (; *s; s++) {
        if (*s == '\\' && (s[1] == '\\' || s[1] == 'n')) {
            *o++ = s[1] == 'n' ? '\n' : '\\';
            s++;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static char *dot_of(const kg_graph *g)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    kg_dot_options o = kg_dot_defaults();
    o.legend = 0;
    kg_status st = kg_write_dot(g, f, &o);
    fclose(f);
    if (st != KG_OK)
        differ("kg_write_dot failed", kg_strerror(st), "");
    return text;
}

static void check(const kg_graph *g, Agraph_t *G)
{
    unsigned long nodes = 0, edges = 0;
    for (uint32_t e = 0; e < g->nents; e++)
        nodes += kg_node_shown(g, e);
    for (uint32_t r = 0; r < g->nrels; r++)
        edges += kg_edge_shown(g, r);
    char a[32], b[32];
    snprintf(a, sizeof a, "%lu", nodes);
    snprintf(b, sizeof b, "%d", agnnodes(G));
    if (nodes != (unsigned long)agnnodes(G))
        differ("nodes", a, b);
    snprintf(a, sizeof a, "%lu", edges);
    snprintf(b, sizeof b, "%d", agnedges(G));
    if (edges != (unsigned long)agnedges(G))
        differ("edges", a, b);
    for (uint32_t e = 0; e < g->nents; e++) {
        const kg_entity *x = &g->ents[e];
        const char *label = x->name ? x->name : x->id;
        /* cgraph renames ids that begin with '%'; text DOT cannot hold
         * exactly is warned about at input and written as near as can be */
        if (!kg_node_shown(g, e) || x->id[0] == '%' ||
            !kg_dot_exact(x->id, strlen(x->id)) ||
            !kg_dot_exact(label, strlen(label)))
            continue;
        Agnode_t *n = agnode(G, (char *)x->id, 0);
        if (!n)
            differ("node not found", x->id, "");
        char *back = unescape(agget(n, "label"));
        if (strcmp(back, label) != 0)
            differ("label", label, back);
        free(back);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = fuzz_cut(data, size);
    kg_graph *g = fuzz_graph(&in);
    if (!g)
        return 0;
    char *dot = dot_of(g);
    agseterr(AGMAX);
    Agraph_t *G = agmemread(dot);
    if (!G)
        differ("cgraph cannot read the DOT", dot, "");
    check(g, G);
    agclose(G);
    free(dot);
    kg_graph_free(g);
    return 0;
}
