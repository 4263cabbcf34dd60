/*
 * compact.c - rectangles pushed together for a page (compact.h).
 */
#include "render/compact.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/geom.h"
#include "util/alloc.h"

/* Rectangle i's centre along axis 0 (x) or 1 (y), its half size along
 * it, and across. */
static double along(const kg_rects *r, size_t i, int axis)
{
    return axis ? r->at[i].y : r->at[i].x;
}
static double half_along(const kg_rects *r, size_t i, int axis)
{
    return axis ? r->hh[i] : r->hw[i];
}
static double across(const kg_rects *r, size_t i, int axis)
{
    return axis ? r->at[i].x : r->at[i].y;
}
static double half_across(const kg_rects *r, size_t i, int axis)
{
    return axis ? r->hw[i] : r->hh[i];
}

/* Insertion sort of the rectangles' indices by their place along axis
 * (then index): few enough, and qsort would need a global. */
static void order_along(const kg_rects *r, int axis, size_t *order)
{
    size_t n = 0;
    for (size_t i = 0; i < r->m; i++) {
        if (r->hw[i] <= 0)
            continue;
        size_t j = n++;
        while (j > 0 && along(r, order[j - 1], axis) > along(r, i, axis)) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    order[n] = (size_t)-1;
}

/* The rectangles squeezed along axis by s towards the low side, their
 * order kept: each (in `order`) at s times its place, or gap past every
 * one before it that it faces (their extents across overlap), whichever
 * is further.  Places along the axis into out; the length of the whole
 * back. */
static double squeeze(const kg_rects *r, int axis, const size_t *order,
                      double s, double gap, double *out)
{
    double lo = 0, hi = 0;
    for (size_t a = 0; order[a] != (size_t)-1; a++) {
        size_t i = order[a];
        double x = along(r, i, axis) * s, h = half_along(r, i, axis);
        double c = across(r, i, axis), hc = half_across(r, i, axis);
        for (size_t b = 0; b < a; b++) {
            size_t j = order[b];
            if (fabs(across(r, j, axis) - c) >= half_across(r, j, axis) + hc)
                continue; /* side by side across: not in the way */
            x = fmax(x, out[j] + h + half_along(r, j, axis) + gap);
        }
        out[i] = x;
        lo = a ? fmin(lo, x - h) : x - h;
        hi = a ? fmax(hi, x + h) : x + h;
    }
    return hi - lo;
}

/* The rectangles squeezed along axis until they are `goal` long or no
 * shorter: the squeeze (0.98 down to 0.3 of their places) that makes
 * them shortest kept.  0, or -1 when out of memory. */
static int squeeze_axis(kg_rects *r, int axis, double goal, double gap)
{
    size_t *order = kg_calloc(r->m + 1, sizeof *order);
    double *out = kg_calloc(r->m + 1, sizeof *out);
    double *best = kg_calloc(r->m + 1, sizeof *best);
    if (!order || !out || !best) {
        free(order);
        free(out);
        free(best);
        return -1;
    }
    order_along(r, axis, order);
    double len = squeeze(r, axis, order, 1, gap, best);
    for (int k = 1; k <= 35 && len > goal; k++) {
        double l = squeeze(r, axis, order, 1 - 0.02 * k, gap, out);
        if (l < len - 0.01) {
            len = l;
            memcpy(best, out, r->m * sizeof *out);
        }
    }
    for (size_t a = 0; order[a] != (size_t)-1; a++) {
        size_t i = order[a];
        *(axis ? &r->at[i].y : &r->at[i].x) = best[i];
    }
    free(order);
    free(out);
    free(best);
    return 0;
}

void kg_rects_size(const kg_rects *r, double *w, double *h)
{
    boxf bb = {{0, 0}, {0, 0}};
    int first = 1;
    for (size_t i = 0; i < r->m; i++)
        if (r->hw[i] > 0) {
            kg_box_grow(&bb, kg_box_round(r->at[i], 2 * r->hw[i], 2 * r->hh[i]),
                        first);
            first = 0;
        }
    *w = bb.UR.x - bb.LL.x;
    *h = bb.UR.y - bb.LL.y;
}

int kg_compact(kg_rects *r, double page_w, double page_h, double gap)
{
    for (int round = 0; round < 8; round++) {
        double w, h, w2, h2;
        kg_rects_size(r, &w, &h);
        if (!(w > 0 && h > 0))
            return 0;
        int axis = w / page_w > h / page_h ? 0 : 1;
        double goal = axis ? page_h * (w / page_w) : page_w * (h / page_h);
        if (squeeze_axis(r, axis, goal * 0.97, gap))
            return -1;
        kg_rects_size(r, &w2, &h2);
        if (fmax(w2 / page_w, h2 / page_h) >
            fmax(w / page_w, h / page_h) * 0.995)
            break;
    }
    return 0;
}
