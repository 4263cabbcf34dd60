/*
 * drawn_graph.c - the graph to draw, whole or an overview (drawn_graph.h).
 */
#include "cli/drawn_graph.h"

#include <stdio.h>
#include <string.h>

#include "cli/print.h"

/* An overview is a new graph: the style sheets are loaded into it too. */
static void restyle(kg_graph *c, const options *o)
{
    for (size_t i = 0; i < o->nstyles; i++)
        kg_load_style(c, o->styles[i]);
}

/* "kgraph: overview: ..." for --collapse-by's graph c of g. */
static void tell_collapsed(const kg_graph *c, const kg_graph *g,
                           const options *o)
{
    kg_stats sc = kg_graph_stats(c), sg = kg_graph_stats(g);
    fprintf(stderr,
            "kgraph: overview: %lu nodes and %lu relations for %lu "
            "entities and %lu relations (--collapse-by %s)",
            sc.entities, sc.relations, sg.entities, sg.relations,
            o->collapse_by);
    if (sc.left_out)
        fprintf(stderr, "; %lu rows of weaker links left out", sc.left_out);
    fputc('\n', stderr);
}

int overview_make(kg_graph *g, const options *o, kg_graph **shown)
{
    size_t count = 0;
    kg_status st = KG_OK;
    if (o->collapse_by && strcmp(o->collapse_by, "community") == 0 &&
        !o->communities)
        return usage_error("%s", "--collapse-by community needs "
                                 "--communities, which finds them");
    if (o->communities && (st = kg_find_communities(g, &count)) == KG_OK &&
        !o->quiet)
        fprintf(stderr,
                "kgraph: %zu communities (Louvain): the attribute "
                "'community', 1 the largest\n",
                count);
    if (st == KG_OK && o->collapse_by) {
        kg_graph *c = kg_collapse(g, o->collapse_by, &st);
        if (c)
            restyle(c, o);
        if (c && !o->quiet)
            tell_collapsed(c, g, o);
        if (c)
            *shown = c;
    }
    if (st == KG_OK)
        return EXIT_OK;
    if (st != KG_ERR_USAGE) /* a refused overview has said why */
        fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
    return EXIT_USAGE;
}

int overview_for_report(kg_graph *g, const options *o, kg_graph **shown,
                        kg_analyses **ahead)
{
    kg_stats s = kg_graph_stats(g);
    if (s.entities <= REPORT_DRAW_MAX || o->collapse_by || o->page)
        return EXIT_OK;
    size_t n = 0;
    kg_graph *c = NULL;
    kg_status st = kg_report_overview(g, &n, &c, ahead);
    if (!c) {
        fprintf(stderr, "kgraph: error: %s\n", kg_strerror(st));
        return EXIT_USAGE;
    }
    restyle(c, o);
    if (!o->quiet)
        fprintf(stderr,
                "kgraph: report: %lu entities are too many to draw whole: "
                "the figure shows their %zu communities (Louvain); the "
                "tables list them all\n",
                s.entities, n);
    *shown = c;
    return EXIT_OK;
}
