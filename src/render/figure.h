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

/* Finishes a force layout for paper (laid out with straight lines,
 * relation labels beside them: xlabel): routes its lines around the
 * entities they do not end at (kg_route_lines) and moves each relation
 * label to the nearest spot along its line, from the middle out, clear
 * of every name, the key and the labels placed before it (and of other
 * lines where a spot as near is).  A label with no spot near its line
 * goes further out where a leader to its line crosses no name or label,
 * and is drawn with it (the edge's `decorate`, which the layout must have
 * declared).  While more than one label in ten would need a leader, or
 * one has no spot at all, the entities are moved apart (kg_route_spread:
 * 1.1, then 1.2 times as far) and the lines and labels made again; a
 * label with no spot at all at the last stays where Graphviz put it.
 * Labels are skipped for graphs too large to check pairwise. */
void kg_figure_finish(Agraph_t *g);

/* Moves g's key (its graph label, under the drawing) into a corner of
 * the drawing where it is clear of every entity, line, label and cluster
 * box by 6 pt (bottom left first, then bottom right, top left, top
 * right), and shrinks the drawing's box to what it draws: the space a
 * drawing leaves empty holds the key, as a chart's legend is placed where
 * it hides no data.  Left under the drawing when no corner is clear. */
void kg_figure_key_inside(Agraph_t *g);

/* Whether a key of w x h points would fit in a corner of g as
 * kg_figure_key_inside would place it. */
int kg_figure_key_fits(Agraph_t *g, double w, double h);

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
