/*
 * measure.c - how a DOT file drawn by plain Graphviz reads on a page, for
 * `make legibility` (the anchors kgraph's own figures are compared with).
 *
 *   measure ENGINE FILE.dot BLOCK_W BLOCK_H
 *
 * Lays FILE out with ENGINE and Graphviz's defaults (nothing tuned), and
 * prints, measured on that layout by the code kgraph's summary uses
 * (src/render/figure.c, collide.c): width and height in points, the
 * smallest name and relation label printed on the block, pairs of
 * entities and of texts over each other, relation labels on entities,
 * names outside their shapes, pairs of cluster boxes crossing, entities
 * under a cluster box not theirs, lines through entities, the lines
 * drawn, crossings; tab-separated.
 */
#include <gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/dotread.h"
#include "render/figure.h"

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: measure ENGINE FILE.dot BLOCK_W BLOCK_H\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f)
        return 2;
    static char text[64 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    GVC_t *gvc = gvContext();
    Agraph_t *g = kg_dot_read(text);
    if (!g || gvLayout(gvc, g, argv[1]) != 0)
        return 1;
    kg_figure fig;
    memset(&fig, 0, sizeof fig);
    kg_figure_measure(g, atof(argv[3]), atof(argv[4]), &fig);
    printf("%.0f\t%.0f\t%.1f\t%.1f\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\n",
           fig.width, fig.height, fig.name_pt, fig.label_pt,
           fig.entity_overlaps, fig.text_overlaps, fig.labels_on_nodes,
           fig.names_outside, fig.cluster_overlaps, fig.clusters_over_entities,
           fig.edges_through_names, fig.relations, fig.crossings);
    return 0;
}
