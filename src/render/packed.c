/*
 * packed.c - clusters laid out by kgraph for paper (packed.h).
 */
#include "render/packed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/compact.h"
#include "render/geom.h"
#include "render/gv.h"
#include "util/alloc.h"

/* Room round a cluster's members inside its box, in points; room between
 * boxes and entities (neato's sep). */
#define BOX_ROOM 8.0
#define BOX_SEP  "+4"
/* How near two boxes (or members) come when pushed together: neato's
 * sep on both, as vpsc leaves them. */
#define BOX_GAP_PT 8.0

/* How many times the drawing of boxes is stretched to the page's shape,
 * each corrected by the shape the last came out (as layout.c's
 * fill_page). */
enum { ROUNDS = 6 };
/* How long a relation between two members of a cluster is to neato, in
 * inches (its default, 1, left families twice as wide as they need); and
 * how much longer than the two boxes' half diagonals a line between two
 * boxes (or entities) of the drawing of boxes is. */
#define MEMBER_LEN "0.7"
#define BOX_GAP    0.3

static int is_cluster(Agraph_t *sg)
{
    return strncmp(agnameof(sg), "cluster", 7) == 0;
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

/* ---- Geometry ---- */

/* A place Graphviz gave, to 1/64 pt: prism's sums follow heap
 * addresses in their last bits (layout.c's tune_for_force_layout), and
 * what kgraph works out from a place must not. */
static pointf settled(pointf p)
{
    return (pointf){round(p.x * 64) / 64, round(p.y * 64) / 64};
}

static pointf centre(boxf b)
{
    return (pointf){(b.LL.x + b.UR.x) / 2, (b.LL.y + b.UR.y) / 2};
}

/* A cluster's title's room: its size as Graphviz measured it in the
 * layout g had (its font's metrics), with 8 pt round it; none without a
 * title. */
static void title_size(Agraph_t *sg, double *w, double *h)
{
    textlabel_t *l = GD_label(sg);
    int titled = l && l->set && l->dimen.x > 0;
    *w = titled ? l->dimen.x + 16 : 0;
    *h = titled ? l->dimen.y + 8 : 0;
}

/* ---- The work ---- */

/* What kg_packed_layout works with: g's entities (in cgraph's order),
 * their sizes and clusters, and each cluster's members' places inside
 * it. */
typedef struct work {
    Agraph_t *g;
    size_t n, nc;
    Agnode_t **node;
    int *cluster;    /* per entity: its cluster, or -1 */
    size_t *index;   /* by AGSEQ: the entity's index */
    double *w, *h;   /* per entity: its shape's size, in points */
    pointf *inside;  /* per entity in a cluster: its place in it */
    double *cw, *ch; /* per cluster: its box's size */
    pointf *off;     /* per cluster: its members' middle in its box */
} work;

static void work_free(work *k)
{
    free(k->node);
    free(k->cluster);
    free(k->index);
    free(k->w);
    free(k->h);
    free(k->inside);
    free(k->cw);
    free(k->ch);
    free(k->off);
}

static int work_init(work *k, Agraph_t *g)
{
    memset(k, 0, sizeof *k);
    k->g = g;
    k->n = (size_t)agnnodes(g);
    for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg))
        k->nc += is_cluster(sg) != 0;
    k->node = kg_calloc(k->n + 1, sizeof *k->node);
    k->cluster = kg_calloc(k->n + 1, sizeof *k->cluster);
    k->w = kg_calloc(k->n + 1, sizeof *k->w);
    k->h = kg_calloc(k->n + 1, sizeof *k->h);
    k->inside = kg_calloc(k->n + 1, sizeof *k->inside);
    k->cw = kg_calloc(k->nc + 1, sizeof *k->cw);
    k->ch = kg_calloc(k->nc + 1, sizeof *k->ch);
    k->off = kg_calloc(k->nc + 1, sizeof *k->off);
    unsigned long seqs = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        seqs = AGSEQ(v) > seqs ? AGSEQ(v) : seqs;
    k->index = kg_calloc(seqs + 1, sizeof *k->index);
    if (!k->node || !k->cluster || !k->w || !k->h || !k->inside || !k->cw ||
        !k->ch || !k->off || !k->index)
        return -1;
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v), i++) {
        k->node[i] = v;
        k->w[i] = ND_width(v) * 72;
        k->h[i] = ND_height(v) * 72;
        k->cluster[i] = -1;
        k->index[AGSEQ(v)] = i;
        int c = 0;
        for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg)) {
            if (!is_cluster(sg))
                continue;
            if (agsubnode(sg, v, 0))
                k->cluster[i] = c;
            c++;
        }
    }
    return 0;
}

/* A fixed box node of a graph of kgraph's own, named `name`, w x h
 * points, at `at` when given (in points). */
static Agnode_t *box_node(Agraph_t *m, const char *name, double w, double h,
                          const pointf *at)
{
    Agnode_t *v = agnode(m, (char *)name, 1);
    if (!v)
        return NULL;
    char num[64];
    snprintf(num, sizeof num, "%.4f", w / 72);
    agsafeset(v, "width", num, "");
    snprintf(num, sizeof num, "%.4f", h / 72);
    agsafeset(v, "height", num, "");
    if (at) {
        snprintf(num, sizeof num, "%.2f,%.2f", at->x, at->y);
        agsafeset(v, "pos", num, "");
    }
    return v;
}

/* A graph of kgraph's own, for neato: fixed boxes, overlaps removed by
 * the smallest moves, components packed in rows.  With `moved_only` (an
 * overlap remover: "vpsc" or "prism"), nodes stay where their pos says
 * but for the overlaps, which it removes. */
static Agraph_t *own_graph(const char *name, const char *moved_only)
{
    Agraph_t *m = agopen((char *)name, Agstrictundirected, NULL);
    if (!m)
        return NULL;
    agattr(m, AGRAPH, "overlap", moved_only ? (char *)moved_only : "vpsc");
    agattr(m, AGRAPH, "sep", BOX_SEP);
    agattr(m, AGRAPH, "splines", "false");
    agattr(m, AGRAPH, "inputscale", "72");
    if (moved_only) /* the places kept (one component: tie_together) */
        agattr(m, AGRAPH, "maxiter", "0"); /* no stress: overlaps only */
    else
        agattr(m, AGRAPH, "packmode", "array_lb"); /* as layout.c's */
    agattr(m, AGNODE, "shape", "box");
    agattr(m, AGNODE, "fixedsize", "true");
    agattr(m, AGNODE, "label", "");
    return m;
}

static int lay_out(Agraph_t *m)
{
    return gvLayout(kg_gv_context(), m, "neato") == 0 && !kg_gv_errors()[0]
               ? 0
               : -1;
}

/* Cluster c's members (at k->inside) pushed together to the shape they
 * have. */
static int compact_members(work *k, int c)
{
    double *hw = kg_calloc(k->n + 1, sizeof *hw);
    double *hh = kg_calloc(k->n + 1, sizeof *hh);
    int rc = -1;
    if (hw && hh) {
        for (size_t i = 0; i < k->n; i++)
            if (k->cluster[i] == c) {
                hw[i] = k->w[i] / 2;
                hh[i] = k->h[i] / 2;
            }
        kg_rects r = {k->n, k->inside, hw, hh};
        double w, h;
        kg_rects_size(&r, &w, &h);
        rc = w > 0 && h > 0 ? kg_compact(&r, w, h, BOX_GAP_PT) : 0;
    }
    free(hw);
    free(hh);
    return rc;
}

/* Cluster c's members laid out by neato on their own (the relations
 * among them), each member's place in k->inside, the box's size (room
 * round them, and for the title above) in k->cw, k->ch. */
static int inside_cluster(work *k, Agraph_t *sg, int c)
{
    Agraph_t *m = own_graph("kgraph_cluster", NULL);
    if (!m)
        return -1;
    char name[32];
    int ok = 1;
    for (size_t i = 0; i < k->n && ok; i++)
        if (k->cluster[i] == c) {
            snprintf(name, sizeof name, "n%zu", i);
            ok = box_node(m, name, k->w[i], k->h[i], NULL) != NULL;
        }
    for (size_t i = 0; i < k->n && ok; i++) {
        if (k->cluster[i] != c)
            continue;
        for (Agedge_t *e = agfstout(k->g, k->node[i]); e && ok;
             e = agnxtout(k->g, e)) {
            size_t j = k->index[AGSEQ(aghead(e))];
            if (j == i || k->cluster[j] != c)
                continue;
            char a[32], b[32];
            snprintf(a, sizeof a, "n%zu", i);
            snprintf(b, sizeof b, "n%zu", j);
            Agedge_t *ab = agedge(m, agnode(m, a, 0), agnode(m, b, 0), NULL, 1);
            ok = ab != NULL;
            if (ok) /* members closer than neato's inch apart */
                agsafeset(ab, "len", MEMBER_LEN, "");
        }
    }
    if (!ok || lay_out(m)) {
        agclose(m);
        return -1;
    }
    for (size_t i = 0; i < k->n; i++) {
        if (k->cluster[i] != c)
            continue;
        snprintf(name, sizeof name, "n%zu", i);
        Agnode_t *v = agnode(m, name, 0);
        k->inside[i] = v ? settled(ND_coord(v)) : (pointf){0, 0};
    }
    gvFreeLayout(kg_gv_context(), m);
    agclose(m);
    if (compact_members(k, c))
        return -1;
    boxf bb = {{0, 0}, {0, 0}};
    int first = 1;
    for (size_t i = 0; i < k->n; i++)
        if (k->cluster[i] == c) {
            kg_box_grow(&bb, kg_box_round(k->inside[i], k->w[i], k->h[i]),
                        first);
            first = 0;
        }
    double tw, th;
    title_size(sg, &tw, &th);
    k->cw[c] = fmax(bb.UR.x - bb.LL.x + 2 * BOX_ROOM, tw);
    k->ch[c] = bb.UR.y - bb.LL.y + 2 * BOX_ROOM + th;
    /* the members' middle, from the box's: the title takes the top */
    pointf mid = centre(bb);
    k->off[c] = (pointf){-mid.x, -mid.y - th / 2};
    return 0;
}

/* Ties every node of m to an unseen one far below and left of them all:
 * neato keeps given places only within one component, and packs the
 * components of a graph as it likes whatever their places. */
static int tie_together(Agraph_t *m, const work *k, const pointf *at)
{
    double x = 0, y = 0;
    for (size_t i = 0; i < k->nc + k->n; i++) {
        x = fmin(x, at[i].x);
        y = fmin(y, at[i].y);
    }
    pointf far = {x - 10000, y - 10000};
    Agnode_t *hub = box_node(m, "hub", 0.5, 0.5, &far);
    if (!hub)
        return -1;
    for (Agnode_t *v = agfstnode(m); v; v = agnxtnode(m, v))
        if (v != hub && !agedge(m, hub, v, NULL, 1))
            return -1;
    return 0;
}

/* The node of the drawing of boxes entity i is in: its cluster's box
 * ("c<i>"), or its own ("n<i>"). */
static void box_name(const work *k, size_t i, char *name, size_t len)
{
    if (k->cluster[i] >= 0)
        snprintf(name, len, "c%d", k->cluster[i]);
    else
        snprintf(name, len, "n%zu", i);
}

/* Half the diagonal of that node's box, in points. */
static double half_diagonal(const work *k, size_t i)
{
    int c = k->cluster[i];
    return (c >= 0 ? hypot(k->cw[c], k->ch[c]) : hypot(k->w[i], k->h[i])) / 2;
}

/* A line of the drawing of boxes for a relation between entities i and
 * j, unless they are in one box: as long as the two boxes need, and
 * BOX_GAP.  0, or -1 when out of memory. */
static int link(Agraph_t *m, const work *k, size_t i, size_t j)
{
    char a[32], b[32], len[32];
    box_name(k, i, a, sizeof a);
    box_name(k, j, b, sizeof b);
    if (strcmp(a, b) == 0)
        return 0;
    Agedge_t *e = agedge(m, agnode(m, a, 0), agnode(m, b, 0), NULL, 1);
    if (!e)
        return -1;
    snprintf(len, sizeof len, "%.3f",
             (half_diagonal(k, i) + half_diagonal(k, j)) / 72 + BOX_GAP);
    agsafeset(e, "len", len, "");
    return 0;
}

/* The drawing of boxes: a node per cluster box ("c<i>"), one per entity
 * in no cluster ("n<i>"), an edge where a relation joins two of them;
 * or at `at` (nc + n places, boxes first), its overlaps to be removed by
 * `remover`. */
static Agraph_t *boxes_graph(const work *k, const pointf *at,
                             const char *remover)
{
    Agraph_t *m = own_graph("kgraph_boxes", at ? remover : NULL);
    if (!m)
        return NULL;
    char name[32];
    int ok = 1;
    for (size_t c = 0; c < k->nc && ok; c++) {
        snprintf(name, sizeof name, "c%zu", c);
        ok = box_node(m, name, k->cw[c], k->ch[c], at ? &at[c] : NULL) != NULL;
    }
    for (size_t i = 0; i < k->n && ok; i++)
        if (k->cluster[i] < 0) {
            snprintf(name, sizeof name, "n%zu", i);
            ok = box_node(m, name, k->w[i], k->h[i],
                          at ? &at[k->nc + i] : NULL) != NULL;
        }
    if (ok && at) /* one component, or neato packs each where it likes */
        ok = tie_together(m, k, at) == 0;
    for (size_t i = 0; i < k->n && ok && !at; i++)
        for (Agedge_t *e = agfstout(k->g, k->node[i]); e && ok;
             e = agnxtout(k->g, e))
            ok = link(m, k, i, k->index[AGSEQ(aghead(e))]) == 0;
    if (!ok) {
        agclose(m);
        return NULL;
    }
    return m;
}

/* The places of m's nodes (laid out), boxes first, into at. */
static void places(const work *k, Agraph_t *m, pointf *at)
{
    char name[32];
    for (size_t c = 0; c < k->nc; c++) {
        snprintf(name, sizeof name, "c%zu", c);
        Agnode_t *v = agnode(m, name, 0);
        at[c] = v ? settled(ND_coord(v)) : (pointf){0, 0};
    }
    for (size_t i = 0; i < k->n; i++) {
        if (k->cluster[i] >= 0)
            continue;
        snprintf(name, sizeof name, "n%zu", i);
        Agnode_t *v = agnode(m, name, 0);
        at[k->nc + i] = v ? settled(ND_coord(v)) : (pointf){0, 0};
    }
}

/* The drawing of boxes at `at` with its overlaps removed by neato's
 * `remover` (the places kept otherwise), into at. */
static int unoverlap(const work *k, pointf *at, const char *remover)
{
    Agraph_t *g = boxes_graph(k, at, remover);
    if (!g || lay_out(g)) {
        if (g)
            agclose(g);
        return -1;
    }
    places(k, g, at);
    gvFreeLayout(kg_gv_context(), g);
    agclose(g);
    return 0;
}

/* The shares of the page the boxes cover at first, each spread tried
 * (where the push together leaves a drawing depends on its start more
 * than on the share), and the overlap removers: prism keeps who is near
 * whom where vpsc stacks a crowd in columns (Gansner and Hu, 2010:
 * Montagna by family 6.4 pt with it, 5.9 with vpsc), but vpsc's moves
 * suit a few wide boxes (Atta's neighbourhood by flight: 8.3 pt, 7.9
 * with prism alone). */
static const double fills[] = {0.4, 0.6, 0.8, 1.0, 1.3};
static const char *const removers[] = {"prism", "vpsc"};

/* The drawing of boxes as rectangles: a box's or a free entity's half
 * sizes, none for an entity in a cluster (its box stands for it). */
static void box_halves(const work *k, double *hw, double *hh)
{
    for (size_t i = 0; i < k->nc; i++) {
        hw[i] = k->cw[i] / 2;
        hh[i] = k->ch[i] / 2;
    }
    for (size_t i = 0; i < k->n; i++) {
        int free_ = k->cluster[i] < 0;
        hw[k->nc + i] = free_ ? k->w[i] / 2 : 0;
        hh[k->nc + i] = free_ ? k->h[i] / 2 : 0;
    }
}

/* The drawing of boxes spread to the page's shape (as layout.c's
 * fill_page spreads a force layout): neato's places in `at` stretched to
 * a box of the page's shape in which the boxes cover a share of the area
 * (each of `fills`), its overlaps removed (each of `removers`), then
 * pushed together (compact), ROUNDS times a share and remover, each stretch
 * corrected by the shape the last came out; the places that fit the page
 * largest kept in at. Each try is a layout of boxes alone (no stress, a few
 * milliseconds). */
static int spread(const work *k, pointf *at, double page_w, double page_h)
{
    size_t m = k->nc + k->n;
    double *hw = kg_calloc(m + 1, sizeof *hw);
    double *hh = kg_calloc(m + 1, sizeof *hh);
    pointf *try = kg_calloc(m + 1, sizeof *try);
    pointf *kept = kg_calloc(m + 1, sizeof *kept);
    int rc = hw && hh && try && kept ? 0 : -1;
    double w = 1, h = 1, area = 0, best = 0, aspect = page_w / page_h;
    if (rc == 0) { /* the extent of the places, and the boxes' area */
        box_halves(k, hw, hh);
        boxf bb = {{0, 0}, {0, 0}};
        int first = 1;
        for (size_t i = 0; i < m; i++)
            if (hw[i] > 0) {
                kg_box_grow(&bb, kg_box_round(at[i], 0, 0), first);
                first = 0;
                area += 4 * hw[i] * hh[i];
            }
        memcpy(kept, at, m * sizeof *at);
        w = fmax(bb.UR.x - bb.LL.x, 1);
        h = fmax(bb.UR.y - bb.LL.y, 1);
    }
    size_t nf = sizeof fills / sizeof *fills;
    for (size_t f = 0; f < 2 * nf && rc == 0; f++) {
        double tw = sqrt(area / fills[f % nf] * aspect), th = tw / aspect;
        for (int r = 0; r < ROUNDS && rc == 0; r++) {
            for (size_t i = 0; i < m; i++)
                try[i] = (pointf){at[i].x * tw / w, at[i].y * th / h};
            kg_rects boxes = {m, try, hw, hh};
            double cw, ch;
            rc = unoverlap(k, try, removers[f / nf]);
            if (rc == 0)
                rc = kg_compact(&boxes, page_w, page_h, BOX_GAP_PT);
            kg_rects_size(&boxes, &cw, &ch);
            if (rc || !(cw > 0 && ch > 0))
                break;
            double fit = fmin(page_w / cw, page_h / ch);
            if (best == 0 || fit > best * 1.001) {
                best = fit;
                memcpy(kept, try, m * sizeof *try);
            }
            double s = sqrt(aspect / (cw / ch));
            tw *= s;
            th /= s;
        }
    }
    if (rc == 0)
        memcpy(at, kept, m * sizeof *at);
    free(hw);
    free(hh);
    free(try);
    free(kept);
    return rc;
}

/* Every entity's place and every cluster's box, from the boxes' places. */
static int compose(const work *k, const pointf *at, kg_packing *p)
{
    p->n = k->n;
    p->nc = k->nc;
    p->at = kg_calloc(k->n + 1, sizeof *p->at);
    p->box = kg_calloc(k->nc + 1, sizeof *p->box);
    if (!p->at || !p->box)
        return -1;
    for (size_t c = 0; c < k->nc; c++)
        p->box[c] = kg_box_round(at[c], k->cw[c], k->ch[c]);
    for (size_t i = 0; i < k->n; i++) {
        int c = k->cluster[i];
        if (c < 0) {
            p->at[i] = at[k->nc + i];
            continue;
        }
        pointf mid = centre(p->box[c]);
        p->at[i] = (pointf){mid.x + k->off[c].x + k->inside[i].x,
                            mid.y + k->off[c].y + k->inside[i].y};
    }
    return 0;
}

int kg_packed_layout(Agraph_t *g, double page_w, double page_h, kg_packing *p)
{
    memset(p, 0, sizeof *p);
    work k;
    int rc = work_init(&k, g);
    int c = 0;
    for (Agraph_t *sg = agfstsubg(g); sg && rc == 0; sg = agnxtsubg(sg))
        if (is_cluster(sg))
            rc = inside_cluster(&k, sg, c++);
    pointf *at = rc == 0 ? kg_calloc(k.nc + k.n + 1, sizeof *at) : NULL;
    Agraph_t *m = at ? boxes_graph(&k, NULL, NULL) : NULL;
    if (m && lay_out(m) == 0) {
        places(&k, m, at);
        gvFreeLayout(kg_gv_context(), m);
        rc = page_w > 0 && page_h > 0 ? spread(&k, at, page_w, page_h) : 0;
        if (rc == 0)
            rc = compose(&k, at, p);
    } else {
        rc = -1;
    }
    if (m)
        agclose(m);
    free(at);
    work_free(&k);
    if (rc)
        kg_packing_free(p);
    return rc;
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
