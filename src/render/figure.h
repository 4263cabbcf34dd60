/*
 * figure.h - how a laid-out graph will read on paper, measured on the
 * layout itself (Graphviz's own coordinates, not estimates).
 *
 * A figure scaled to fit a text block prints its text at
 *     font size x min(1, block width / figure width,
 *                        block height / figure height),
 * and print needs 6 pt or more (8-9 pt is comfortable).  Beside the
 * smallest name and relation label, a measure counts what makes a figure
 * hard to read however large it prints (collide.h): entities, texts and
 * cluster boxes drawn over each other, names outside their shapes, lines
 * through entities they do not end at, and crossings.
 */
#ifndef KG_FIGURE_H
#define KG_FIGURE_H

#include <cgraph.h>

#include "kgraph.h"

/* Measures g (laid out) for a text block of block_w x block_h points (0
 * x 0: its natural size) into f; f->engine is left alone.  The legend's
 * nodes and edges (named kgraph_legend_*) are not entities: they are
 * left out of the counts but not of the figure's size. */
void kg_figure_measure(Agraph_t *g, double block_w, double block_h,
                       kg_figure *f);

/* Moves each relation label of a force layout (laid out, labels beside
 * their lines: xlabel) to the first spot along its line, from the
 * middle out, that is clear of every name and of the labels placed
 * before it; a label with no such spot stays where Graphviz put it.
 * Skipped for graphs too large to check pairwise. */
void kg_figure_place_labels(Agraph_t *g);

/* Print needs names of this size or more. */
#define KG_PRINT_MIN_PT 6.0

/* Whether a is better to read than b, in this order:
 * 1. legibility: names that print at 6 pt or more beat names that do not;
 *    between two that do not, the larger print (the nearer to reading);
 * 2. fewer collisions, weighed: 4 for each thing that hides something a
 *    reader must read (a pair of entities or of texts over each other, a
 *    relation label on an entity, a name outside its shape, a pair of
 *    crossing cluster boxes, an entity under a cluster box not its own),
 *    1 for each line through an entity it does not end at, which leaves
 *    every word readable but may suggest a link that is not there.  A
 *    sum rather than an order of the counts, so that one hidden label
 *    is not worth any number of lines through entities;
 * 3. larger print (the smallest name, to a twentieth of a point);
 * 4. fewer crossings.
 * Counts not measured (-1) count as none.  Neither better: a tie, which
 * the caller breaks by the order it tried them in. */
int kg_figure_better(const kg_figure *a, const kg_figure *b);

#endif
