/*
 * geom.c - plane geometry shared by the figure's code (geom.h).
 */
#include "render/geom.h"

#include <math.h>

pointf kg_bezier_at(const pointf *p, double t)
{
    double u = 1 - t;
    double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return (pointf){a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                    a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y};
}

double kg_turn(pointf o, pointf a, pointf b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

int kg_segments_cross(pointf a, pointf b, pointf c, pointf d)
{
    double d1 = kg_turn(c, d, a), d2 = kg_turn(c, d, b);
    double d3 = kg_turn(a, b, c), d4 = kg_turn(a, b, d);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
           ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

boxf kg_box_round(pointf c, double w, double h)
{
    return (boxf){{c.x - w / 2, c.y - h / 2}, {c.x + w / 2, c.y + h / 2}};
}

void kg_box_grow(boxf *b, boxf a, int first)
{
    if (first) {
        *b = a;
        return;
    }
    b->LL.x = fmin(b->LL.x, a.LL.x);
    b->LL.y = fmin(b->LL.y, a.LL.y);
    b->UR.x = fmax(b->UR.x, a.UR.x);
    b->UR.y = fmax(b->UR.y, a.UR.y);
}

int kg_each_cluster(Agraph_t *g, int (*fn)(Agraph_t *cluster, void *ctx),
                    void *ctx)
{
    int rc = 0;
    for (int i = 1; i <= GD_n_cluster(g) && !rc; i++) {
        rc = fn(GD_clust(g)[i], ctx);
        if (!rc)
            rc = kg_each_cluster(GD_clust(g)[i], fn, ctx);
    }
    return rc;
}

static int one_more(Agraph_t *cluster, void *ctx)
{
    (void)cluster;
    ++*(int *)ctx;
    return 0;
}

int kg_count_clusters(Agraph_t *g)
{
    int n = 0;
    kg_each_cluster(g, one_more, &n);
    return n;
}
