/*
 * compact.h - rectangles pushed together for a page: an order-keeping
 * compaction (as in chip layout, and Misue, Eades, Lai and Sugiyama's
 * orthogonal order, 1995).  Along one axis at a time, each rectangle
 * goes to a fraction of its place or just past every rectangle before it
 * that it faces (their extents across overlap), whichever is further:
 * no two come nearer than the gap, and what was left of (or under) a
 * rectangle it faces stays so.  The axis that binds the page's fit is
 * squeezed until the other binds, in turns, while the fit grows.
 * packed.c pushes clusters' boxes and their members together with it,
 * layout.c a spread drawing's entities.  Arithmetic in a fixed order:
 * the same rectangles give the same places.
 */
#ifndef KG_COMPACT_H
#define KG_COMPACT_H

#include <gvc.h>
#include <stddef.h>

/* m rectangles centred at at[i] (the caller's array, moved in place),
 * half as wide as hw[i] and half as tall as hh[i]; one of no width
 * takes no part. */
typedef struct kg_rects {
    size_t m;
    pointf *at;
    const double *hw, *hh;
} kg_rects;

/* The width and height of the box round the rectangles. */
void kg_rects_size(const kg_rects *r, double *w, double *h);

/* The rectangles pushed together for a page of page_w x page_h points
 * (or any of that shape), no two nearer than gap points.  0, or -1 when
 * out of memory (the places then as they were, or squeezed along one
 * axis). */
int kg_compact(kg_rects *r, double page_w, double page_h, double gap);

#endif
