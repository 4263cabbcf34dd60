/*
 * packed.c - clusters laid out by kgraph for paper (packed.h).
 */
#include "render/packed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/gv.h"
#include "util/alloc.h"

#define CENTRE "kgraph_centre_"

/* Room round a cluster's members inside its box, and between boxes and
 * entities, in points. */
#define BOX_ROOM 8.0
#define BOX_SEP  "+4"

static int is_cluster(Agraph_t *sg)
{
    return strncmp(agnameof(sg), "cluster", 7) == 0;
}

static int is_centre(Agnode_t *v)
{
    return strncmp(agnameof(v), CENTRE, strlen(CENTRE)) == 0;
}

/* The cluster (of g's top level) v is in, as its index, or -1. */
static int cluster_of(Agraph_t *g, Agnode_t *v)
{
    int i = 0;
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) {
        if (!is_cluster(sg))
            continue;
        if (agsubnode(sg, v, 0))
            return i;
        i++;
    }
    return -1;
}

static int has_cluster(Agraph_t *g)
{
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg))
        if (is_cluster(sg) || has_cluster(sg))
            return 1;
    return 0;
}

int kg_packed_fits(Agraph_t *g)
{
    int n = 0;
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) {
        if (!is_cluster(sg))
            continue;
        if (has_cluster(sg))
            return 0; /* a cluster in a cluster */
        n++;
    }
    for (Agnode_t *v = agfstnode(g); n && v; v = agnxtnode(g, v)) {
        int in = 0;
        for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg))
            in += is_cluster(sg) && agsubnode(sg, v, 0) != NULL;
        if (in > 1)
            return 0; /* in two */
    }
    return n > 0;
}

int kg_packed_add_centres(Agraph_t *g)
{
    int i = 0;
    char name[64];
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) {
        if (!is_cluster(sg))
            continue;
        snprintf(name, sizeof name, CENTRE "%d", i++);
        Agnode_t *c = agnode(g, name, 1);
        if (!c)
            return -1;
        agsafeset(c, "shape", "point", "");
        agsafeset(c, "width", "0.02", "");
        agsafeset(c, "height", "0.02", "");
        agsafeset(c, "label", "", "");
        agsafeset(c, "style", "invis", "");
        for (Agnode_t *v = agfstnode(sg); v; v = agnxtnode(sg, v)) {
            Agedge_t *e = agedge(g, c, v, NULL, 1);
            if (!e)
                return -1;
            agsafeset(e, "len", "0.3", "");
            agsafeset(e, "style", "invis", "");
        }
    }
    return 0;
}

/* Node v's box were it at c. */
static boxf box_at(Agnode_t *v, pointf c)
{
    double w = ND_width(v) * 36, h = ND_height(v) * 36;
    return (boxf){{c.x - w, c.y - h}, {c.x + w, c.y + h}};
}

static void grow(boxf *b, boxf a, int first)
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

/* A cluster's title, as Graphviz will size it, about: DejaVu Sans'
 * letters average under 0.62 of the font size, and a line is 1.2 of it
 * with Graphviz's room round a label. */
static void title_size(Agraph_t *sg, double *w, double *h)
{
    const char *label = agget(sg, "label");
    const char *fs = agget(sg, "fontsize");
    double size = fs && *fs ? atof(fs) : 14;
    if (!(size > 0 && size < 1000))
        size = 14;
    size_t chars = 0;
    for (const char *p = label ? label : ""; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80; /* UTF-8 characters */
    *w = chars ? chars * size * 0.62 + 16 : 0;
    *h = chars ? size * 1.2 + 8 : 0;
}

/* The boxes of step 2: each cluster's round its members (its title above
 * them), in p->box. */
static void cluster_boxes(Agraph_t *g, kg_packing *p)
{
    int *seen = kg_calloc(p->nc + 1, sizeof *seen);
    size_t k = 0;
    for (Agnode_t *v = agfstnode(g); seen && v; v = agnxtnode(g, v)) {
        if (is_centre(v))
            continue;
        int c = cluster_of(g, v);
        if (c >= 0) {
            grow(&p->box[c], box_at(v, p->at[k]), !seen[c]);
            seen[c] = 1;
        }
        k++;
    }
    int i = 0;
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) {
        if (!is_cluster(sg))
            continue;
        boxf *b = &p->box[i];
        double tw, th;
        title_size(sg, &tw, &th);
        if (seen && !seen[i]) /* an empty cluster: a box for its title */
            *b = (boxf){{0, 0}, {0, 0}};
        b->LL.x -= BOX_ROOM;
        b->LL.y -= BOX_ROOM;
        b->UR.x += BOX_ROOM;
        b->UR.y += BOX_ROOM + th;
        double more = tw - (b->UR.x - b->LL.x);
        if (more > 0) {
            b->LL.x -= more / 2;
            b->UR.x += more / 2;
        }
        i++;
    }
    free(seen);
}

/* A node of the graph of boxes: a fixed box at a place, in points. */
static Agnode_t *box_node(Agraph_t *m, int i, boxf b)
{
    char name[32], num[64];
    snprintf(name, sizeof name, "b%d", i);
    Agnode_t *v = agnode(m, name, 1);
    if (!v)
        return NULL;
    snprintf(num, sizeof num, "%.2f,%.2f", (b.LL.x + b.UR.x) / 2,
             (b.LL.y + b.UR.y) / 2);
    agsafeset(v, "pos", num, "");
    snprintf(num, sizeof num, "%.4f", (b.UR.x - b.LL.x) / 72);
    agsafeset(v, "width", num, "");
    snprintf(num, sizeof num, "%.4f", (b.UR.y - b.LL.y) / 72);
    agsafeset(v, "height", num, "");
    return v;
}

/* Step 2's graph of boxes: a node per cluster box (0 to nc - 1), then
 * one per entity in no cluster; each moved apart by vpsc alone. */
static Agraph_t *boxes_graph(Agraph_t *g, const kg_packing *p,
                             const int *cluster)
{
    Agraph_t *m = agopen("kgraph_packing", Agundirected, NULL);
    if (!m)
        return NULL;
    agattr(m, AGRAPH, "overlap", "vpsc");
    agattr(m, AGRAPH, "sep", BOX_SEP);
    agattr(m, AGRAPH, "maxiter", "0"); /* no stress: overlaps only */
    agattr(m, AGRAPH, "inputscale", "72");
    agattr(m, AGRAPH, "packmode", "none");
    agattr(m, AGRAPH, "splines", "false");
    agattr(m, AGNODE, "shape", "box");
    agattr(m, AGNODE, "fixedsize", "true");
    agattr(m, AGNODE, "label", "");
    int ok = 1;
    for (size_t c = 0; c < p->nc && ok; c++)
        ok = box_node(m, (int)c, p->box[c]) != NULL;
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); ok && v; v = agnxtnode(g, v)) {
        if (is_centre(v))
            continue;
        if (cluster[i] < 0)
            ok = box_node(m, (int)(p->nc + i), box_at(v, p->at[i])) != NULL;
        i++;
    }
    if (!ok) {
        agclose(m);
        return NULL;
    }
    return m;
}

static pointf centre(boxf b)
{
    return (pointf){(b.LL.x + b.UR.x) / 2, (b.LL.y + b.UR.y) / 2};
}

/* Moves every entity and box to where the graph of boxes m, laid out,
 * put it. */
static void move_apart(Agraph_t *m, kg_packing *p, const int *cluster)
{
    pointf *shift = kg_calloc(p->nc + 1, sizeof *shift);
    char name[32];
    for (size_t c = 0; shift && c < p->nc; c++) {
        snprintf(name, sizeof name, "b%zu", c);
        Agnode_t *v = agnode(m, name, 0);
        pointf was = centre(p->box[c]);
        shift[c] = v ? (pointf){ND_coord(v).x - was.x, ND_coord(v).y - was.y}
                     : (pointf){0, 0};
        p->box[c].LL.x += shift[c].x;
        p->box[c].UR.x += shift[c].x;
        p->box[c].LL.y += shift[c].y;
        p->box[c].UR.y += shift[c].y;
    }
    for (size_t i = 0; shift && i < p->n; i++) {
        if (cluster[i] >= 0) {
            p->at[i].x += shift[cluster[i]].x;
            p->at[i].y += shift[cluster[i]].y;
            continue;
        }
        snprintf(name, sizeof name, "b%zu", p->nc + i);
        Agnode_t *v = agnode(m, name, 0);
        if (v)
            p->at[i] = ND_coord(v);
    }
    free(shift);
}

int kg_packed_places(Agraph_t *g, double sx, double sy, kg_packing *p)
{
    memset(p, 0, sizeof *p);
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        p->n += !is_centre(v);
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg))
        p->nc += is_cluster(sg) != 0;
    p->at = kg_calloc(p->n + 1, sizeof *p->at);
    p->box = kg_calloc(p->nc + 1, sizeof *p->box);
    int *cluster = kg_calloc(p->n + 1, sizeof *cluster);
    if (!p->at || !p->box || !cluster)
        goto fail;
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        if (is_centre(v))
            continue;
        p->at[i] = (pointf){ND_coord(v).x * sx, ND_coord(v).y * sy};
        cluster[i++] = cluster_of(g, v);
    }
    cluster_boxes(g, p);
    Agraph_t *m = boxes_graph(g, p, cluster);
    if (!m)
        goto fail;
    int laid = gvLayout(kg_gv_context(), m, "neato") == 0 && !kg_gv_errors()[0];
    if (laid) {
        move_apart(m, p, cluster);
        gvFreeLayout(kg_gv_context(), m);
    }
    agclose(m);
    if (!laid)
        goto fail;
    free(cluster);
    return 0;
fail:
    free(cluster);
    kg_packing_free(p);
    return -1;
}

boxf kg_packing_bb(const kg_packing *p, Agraph_t *g)
{
    boxf bb = {{0, 0}, {0, 0}};
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); v && i < p->n; v = agnxtnode(g, v)) {
        if (is_centre(v))
            continue;
        grow(&bb, box_at(v, p->at[i]), i == 0);
        i++;
    }
    for (size_t c = 0; c < p->nc; c++)
        grow(&bb, p->box[c], i == 0 && c == 0);
    return bb;
}

void kg_packing_free(kg_packing *p)
{
    free(p->at);
    free(p->box);
    memset(p, 0, sizeof *p);
}

void kg_packed_pin(Agraph_t *g, const kg_packing *p)
{
    Agsym_t *pos = agattr(g, AGNODE, "pos", "");
    Agsym_t *bb = agattr(g, AGRAPH, "bb", "");
    char xy[96];
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); v && i < p->n; v = agnxtnode(g, v)) {
        snprintf(xy, sizeof xy, "%.2f,%.2f!", p->at[i].x, p->at[i].y);
        agxset(v, pos, xy);
        i++;
    }
    size_t c = 0;
    for (Agraph_t *sg = agfstsubg(g); sg && c < p->nc; sg = agnxtsubg(sg)) {
        if (!is_cluster(sg))
            continue;
        boxf b = p->box[c++];
        snprintf(xy, sizeof xy, "%.2f,%.2f,%.2f,%.2f", b.LL.x, b.LL.y, b.UR.x,
                 b.UR.y);
        agxset(sg, bb, xy);
    }
}
