/*
 * fuzz_roundtrip.c - libFuzzer entry point: any bytes, read as CSV files
 * (fuzz_input.h), written as DOT, and read back by Graphviz's own parser
 * (cgraph's agmemread), which must give the same graph: as many nodes and
 * edges as kgraph shows, each entity under its id with its label exactly
 * as it went in.  The same graph's JSON exports (Cytoscape.js, and
 * FollowTheMoney line by line) must parse (jansson) and hold every label
 * exactly.  A difference aborts, which libFuzzer keeps as a crash.
 */
#include <cgraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "graph/view.h"
#include "rules/dot.h"

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
    for (uint32_t e = 0; e < kg_nents(g); e++)
        nodes += kg_node_shown(g, e);
    for (uint32_t r = 0; r < kg_nrels(g); r++)
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
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const kg_entity *x = kg_ent(g, e);
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

static char *export_of(const kg_graph *g, kg_export_format fmt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        abort();
    kg_dot_options o = kg_dot_defaults();
    o.no_layout = 1; /* positions are not what is checked here */
    kg_status st = kg_write_export(g, f, fmt, &o);
    fclose(f);
    if (st != KG_OK)
        differ("kg_write_export failed", kg_strerror(st), "");
    return text;
}

/* The Cytoscape.js export parses, with no key twice in an object (a data
 * column named like kgraph's own is data_NAME: rules/data_key.h), and
 * node i of it is shown entity i with its label. */
static void check_cyjs(const kg_graph *g)
{
    char *text = export_of(g, KG_EXPORT_CYJS);
    json_error_t err;
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    if (!doc)
        differ("the Cytoscape.js export is not JSON", err.text, text);
    json_t *nodes = json_object_get(json_object_get(doc, "elements"), "nodes");
    size_t i = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        if (!kg_node_shown(g, e))
            continue;
        const kg_entity *x = kg_ent(g, e);
        json_t *data = json_object_get(json_array_get(nodes, i++), "data");
        const char *label = json_string_value(json_object_get(data, "label"));
        if (!label || strcmp(label, x->name ? x->name : x->id) != 0)
            differ("cyjs label", x->name ? x->name : x->id, label ? label : "");
    }
    json_decref(doc);
    free(text);
}

/* Every FollowTheMoney line parses, with no key twice in an object. */
static void check_ftm(const kg_graph *g)
{
    char *text = export_of(g, KG_EXPORT_FTM);
    for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        json_error_t err;
        json_t *o = json_loadb(line, end ? (size_t)(end - line) : strlen(line),
                               JSON_REJECT_DUPLICATES, &err);
        if (!json_is_object(o))
            differ("an FtM line is not a JSON object", err.text, line);
        json_decref(o);
    }
    free(text);
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
    check_cyjs(g);
    check_ftm(g);
    agclose(G);
    free(dot);
    kg_graph_free(g);
    return 0;
}
