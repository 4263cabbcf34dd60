/*
 * collide.c - counting what a laid-out graph draws over what (collide.h).
 */
#include "render/collide.h"

#include <gvc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/geom.h"
#include "util/alloc.h"

#define INSET     0.5 /* touching is not overlapping, in points */
#define RING      24  /* sides of an ellipse's polygon */
#define MAX_SIDES 32  /* past this, a shape is taken as an ellipse */
#define MAX_TESTS 2e7 /* pair tests before a count gives up (-1) */

typedef struct rect {
    double x0, y0, x1, y1;
} rect;

static int boxes_meet(rect a, rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static rect box_around(pointf c, double hw, double hh)
{
    return (rect){c.x - hw, c.y - hh, c.x + hw, c.y + hh};
}

/* ---- Outlines ---- */

typedef struct outline {
    pointf v[MAX_SIDES > RING ? MAX_SIDES : RING];
    int n;
    rect bb;
} outline;

static void bound(outline *o)
{
    o->bb = (rect){o->v[0].x, o->v[0].y, o->v[0].x, o->v[0].y};
    for (int i = 1; i < o->n; i++) {
        o->bb.x0 = fmin(o->bb.x0, o->v[i].x);
        o->bb.y0 = fmin(o->bb.y0, o->v[i].y);
        o->bb.x1 = fmax(o->bb.x1, o->v[i].x);
        o->bb.y1 = fmax(o->bb.y1, o->v[i].y);
    }
}

/* The outer polygon Graphviz drew for n, in the layout's coordinates,
 * scaled to the node's size less `inset` on each side; an ellipse (or
 * a shape of no polygon) as RING sides. */
static void outline_of(Agnode_t *n, double inset, outline *o)
{
    pointf c = ND_coord(n);
    double hw = ND_width(n) * 36, hh = ND_height(n) * 36;
    double sx = hw > inset ? (hw - inset) / hw : 0;
    double sy = hh > inset ? (hh - inset) / hh : 0;
    const polygon_t *p =
        ND_shape(n) && ND_shape(n)->polygon ? ND_shape_info(n) : NULL;
    if (p && p->vertices && p->sides >= 3 && p->sides <= MAX_SIDES) {
        int ring = p->peripheries > 1 ? p->peripheries - 1 : 0;
        const pointf *v = p->vertices + ring * p->sides;
        double w = 0, h = 0; /* the polygon's half-size, to fit the node */
        for (int i = 0; i < p->sides; i++) {
            w = fmax(w, fabs(v[i].x));
            h = fmax(h, fabs(v[i].y));
        }
        double fx = w > 0 ? hw / w : 1, fy = h > 0 ? hh / h : 1;
        o->n = p->sides;
        for (int i = 0; i < o->n; i++)
            o->v[i] = (pointf){c.x + v[i].x * fx * sx, c.y + v[i].y * fy * sy};
    } else {
        o->n = RING;
        for (int i = 0; i < RING; i++) {
            double t = 2 * M_PI * i / RING;
            o->v[i] = (pointf){c.x + hw * sx * cos(t), c.y + hh * sy * sin(t)};
        }
    }
    bound(o);
}

static void outline_of_box(rect b, outline *o)
{
    o->n = 4;
    o->v[0] = (pointf){b.x0, b.y0};
    o->v[1] = (pointf){b.x1, b.y0};
    o->v[2] = (pointf){b.x1, b.y1};
    o->v[3] = (pointf){b.x0, b.y1};
    o->bb = b;
}

/* Whether p lies inside o (crossing number). */
static int holds(const outline *o, pointf p)
{
    int in = 0;
    for (int i = 0, j = o->n - 1; i < o->n; j = i++) {
        pointf a = o->v[i], b = o->v[j];
        if ((a.y > p.y) != (b.y > p.y) &&
            p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            in = !in;
    }
    return in;
}

static int outlines_meet(const outline *a, const outline *b)
{
    if (!boxes_meet(a->bb, b->bb))
        return 0;
    if (holds(a, b->v[0]) || holds(b, a->v[0]))
        return 1;
    for (int i = 0, j = a->n - 1; i < a->n; j = i++)
        for (int k = 0, l = b->n - 1; k < b->n; l = k++)
            if (kg_segments_cross(a->v[j], a->v[i], b->v[l], b->v[k]))
                return 1;
    return 0;
}

/* ---- A grid of buckets ---- */

/* Items' boxes bucketed by the cells of a uniform grid they cover. */
typedef struct grid {
    rect bb;
    double cell;
    int cols, rows;
    int *start; /* cell c's items: item[start[c]] .. item[start[c+1]-1] */
    int *item;
    const rect *boxes;
    int n;
    int *seen; /* a stamp per item, to visit each once in a query */
    int stamp;
} grid;

static void cells_of(const grid *gr, rect b, int *c0, int *r0, int *c1, int *r1)
{
    double x0 = floor((b.x0 - gr->bb.x0) / gr->cell);
    double y0 = floor((b.y0 - gr->bb.y0) / gr->cell);
    double x1 = floor((b.x1 - gr->bb.x0) / gr->cell);
    double y1 = floor((b.y1 - gr->bb.y0) / gr->cell);
    *c0 = (int)fmax(0, fmin(gr->cols - 1, x0));
    *r0 = (int)fmax(0, fmin(gr->rows - 1, y0));
    *c1 = (int)fmax(0, fmin(gr->cols - 1, x1));
    *r1 = (int)fmax(0, fmin(gr->rows - 1, y1));
}

static void grid_free(grid *gr)
{
    free(gr->start);
    free(gr->item);
    free(gr->seen);
}

/* Buckets n boxes, about one to a cell; -1 when memory or the bucket
 * entries (a rect in many cells) run out. */
static int grid_make(grid *gr, const rect *boxes, int n)
{
    memset(gr, 0, sizeof *gr);
    gr->boxes = boxes;
    gr->n = n;
    if (n <= 0)
        return 0;
    gr->bb = boxes[0];
    double area = 0;
    for (int i = 0; i < n; i++) {
        gr->bb.x0 = fmin(gr->bb.x0, boxes[i].x0);
        gr->bb.y0 = fmin(gr->bb.y0, boxes[i].y0);
        gr->bb.x1 = fmax(gr->bb.x1, boxes[i].x1);
        gr->bb.y1 = fmax(gr->bb.y1, boxes[i].y1);
        area += (boxes[i].x1 - boxes[i].x0) * (boxes[i].y1 - boxes[i].y0);
    }
    double w = gr->bb.x1 - gr->bb.x0, h = gr->bb.y1 - gr->bb.y0;
    /* cells about twice an item's mean size, at most 512 a side */
    gr->cell = fmax(1, fmax(2 * sqrt(area / n), fmax(w, h) / 512));
    gr->cols = (int)(w / gr->cell) + 1;
    gr->rows = (int)(h / gr->cell) + 1;
    size_t cells = (size_t)gr->cols * (size_t)gr->rows;
    gr->start = kg_calloc(cells + 1, sizeof *gr->start);
    gr->seen = kg_calloc((size_t)n, sizeof *gr->seen);
    if (!gr->start || !gr->seen)
        return -1;
    double entries = 0;
    for (int i = 0; i < n; i++) {
        int c0, r0, c1, r1;
        cells_of(gr, boxes[i], &c0, &r0, &c1, &r1);
        entries += (double)(c1 - c0 + 1) * (r1 - r0 + 1);
    }
    if (entries > MAX_TESTS)
        return -1;
    gr->item = kg_calloc((size_t)entries + 1, sizeof *gr->item);
    int *fill = kg_calloc(cells + 1, sizeof *fill);
    if (!gr->item || !fill) {
        free(fill);
        return -1;
    }
    for (int pass = 0; pass < 2; pass++) { /* count, then fill */
        for (int i = 0; i < n; i++) {
            int c0, r0, c1, r1;
            cells_of(gr, boxes[i], &c0, &r0, &c1, &r1);
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++) {
                    size_t at = (size_t)r * (size_t)gr->cols + (size_t)c;
                    if (pass)
                        gr->item[fill[at]++] = i;
                    else
                        gr->start[at + 1]++;
                }
        }
        for (size_t at = 0; !pass && at < cells; at++) {
            gr->start[at + 1] += gr->start[at];
            fill[at] = gr->start[at];
        }
    }
    free(fill);
    return 0;
}

/* Calls meet(ctx, i, j) once for each pair i < j of items whose boxes
 * meet; the number of tests, or -1 past MAX_TESTS. */
typedef void pair_fn(void *ctx, int i, int j);

static double grid_pairs(const grid *gr, pair_fn *meet, void *ctx)
{
    double tests = 0;
    for (int r = 0; r < gr->rows; r++)
        for (int c = 0; c < gr->cols; c++) {
            size_t at = (size_t)r * (size_t)gr->cols + (size_t)c;
            for (int a = gr->start[at]; a < gr->start[at + 1]; a++)
                for (int b = a + 1; b < gr->start[at + 1]; b++) {
                    if (++tests > MAX_TESTS)
                        return -1;
                    int i = gr->item[a], j = gr->item[b];
                    rect x = gr->boxes[i], y = gr->boxes[j];
                    if (!boxes_meet(x, y))
                        continue;
                    /* each pair in the one cell holding the corner
                     * where their boxes' overlap starts */
                    rect o = {fmax(x.x0, y.x0), fmax(x.y0, y.y0), 0, 0};
                    int c0, r0, c1, r1;
                    o.x1 = o.x0;
                    o.y1 = o.y0;
                    cells_of(gr, o, &c0, &r0, &c1, &r1);
                    if (c0 == c && r0 == r)
                        meet(ctx, i < j ? i : j, i < j ? j : i);
                }
        }
    return tests;
}

/* Calls hit(ctx, i) once for each item whose rect meets b; stops and
 * gives 1 when hit does, else 0. */
typedef int hit_fn(void *ctx, int i);

static int grid_query(grid *gr, rect b, hit_fn *hit, void *ctx)
{
    if (gr->n <= 0)
        return 0;
    int c0, r0, c1, r1;
    cells_of(gr, b, &c0, &r0, &c1, &r1);
    gr->stamp++;
    for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
            size_t at = (size_t)r * (size_t)gr->cols + (size_t)c;
            for (int a = gr->start[at]; a < gr->start[at + 1]; a++) {
                int i = gr->item[a];
                if (gr->seen[i] == gr->stamp || !boxes_meet(b, gr->boxes[i]))
                    continue;
                gr->seen[i] = gr->stamp;
                if (hit(ctx, i))
                    return 1;
            }
        }
    return 0;
}

/* ---- The scene: entities, texts, clusters ---- */

static int in_key(void *obj)
{
    return strncmp(agnameof(obj), "kgraph_legend_", 14) == 0;
}

typedef struct scene {
    Agnode_t **node; /* the entities */
    outline *shape;  /* their outlines, INSET inside */
    rect *shape_bb;
    int nn;
    rect *text; /* every text's rect, INSET inside */
    int nt;
    Agraph_t **cluster;
    int nc;
    grid shapes, texts;
} scene;

static textlabel_t *edge_label(Agedge_t *e)
{
    textlabel_t *x = ED_xlabel(e);
    return x && x->set ? x : ED_label(e);
}

static void add_text(scene *s, const textlabel_t *l, pointf at)
{
    if (!l || l->dimen.x <= 2 * INSET || l->dimen.y <= 2 * INSET)
        return;
    s->text[s->nt++] =
        box_around(at, l->dimen.x / 2 - INSET, l->dimen.y / 2 - INSET);
}

/* A cluster and its title into the scene (kg_each_cluster). */
static int add_cluster(Agraph_t *c, void *ctx)
{
    scene *s = ctx;
    s->cluster[s->nc++] = c;
    textlabel_t *l = GD_label(c);
    if (l && l->set)
        add_text(s, l, l->pos);
    return 0;
}

static void scene_free(scene *s)
{
    free(s->node);
    free(s->shape);
    free(s->shape_bb);
    free(s->text);
    free(s->cluster);
    grid_free(&s->shapes);
    grid_free(&s->texts);
}

static int scene_make(scene *s, Agraph_t *g)
{
    memset(s, 0, sizeof *s);
    size_t n = (size_t)agnnodes(g), m = (size_t)agnedges(g);
    size_t nc = (size_t)kg_count_clusters(g);
    s->node = kg_calloc(n + 1, sizeof *s->node);
    s->shape = kg_calloc(n + 1, sizeof *s->shape);
    s->shape_bb = kg_calloc(n + 1, sizeof *s->shape_bb);
    s->text = kg_calloc(n + m + nc + 2, sizeof *s->text);
    s->cluster = kg_calloc(nc + 1, sizeof *s->cluster);
    if (!s->node || !s->shape || !s->shape_bb || !s->text || !s->cluster)
        return -1;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        add_text(s, ND_label(v), ND_coord(v));
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            textlabel_t *l = edge_label(e);
            if (l && l->set)
                add_text(s, l, l->pos);
        }
        if (in_key(v))
            continue;
        s->node[s->nn] = v;
        outline_of(v, INSET, &s->shape[s->nn]);
        s->shape_bb[s->nn] = s->shape[s->nn].bb;
        s->nn++;
    }
    kg_each_cluster(g, add_cluster, s);
    if (GD_label(g) && GD_label(g)->set) /* the key, or a title */
        add_text(s, GD_label(g), GD_label(g)->pos);
    if (grid_make(&s->shapes, s->shape_bb, s->nn) ||
        grid_make(&s->texts, s->text, s->nt))
        return -1;
    return 0;
}

/* ---- The counts ---- */

typedef struct tally {
    scene *s;
    long count;
    const outline *probe; /* what a query tests against the entities */
    Agnode_t *skip_a, *skip_b;
    Agraph_t *cluster;
} tally;

static void entities_meet(void *ctx, int i, int j)
{
    tally *t = ctx;
    t->count += outlines_meet(&t->s->shape[i], &t->s->shape[j]);
}

static void texts_meet(void *ctx, int i, int j)
{
    (void)i;
    (void)j;
    ((tally *)ctx)->count++; /* boxes: meeting is overlapping */
}

static int probe_hits(void *ctx, int i)
{
    tally *t = ctx;
    Agnode_t *v = t->s->node[i];
    return v != t->skip_a && v != t->skip_b &&
           outlines_meet(t->probe, &t->s->shape[i]);
}

static int non_member_hit(void *ctx, int i)
{
    tally *t = ctx;
    if (!agcontains(t->cluster, t->s->node[i]) &&
        outlines_meet(t->probe, &t->s->shape[i]))
        t->count++;
    return 0;
}

/* Relation labels whose rect lies over an entity's outline. */
static long labels_on_entities(scene *s, Agraph_t *g)
{
    tally t = {s, 0, NULL, NULL, NULL, NULL};
    outline o;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); !in_key(v) && e;
             e = agnxtout(g, e)) {
            textlabel_t *l = edge_label(e);
            if (!l || !l->set || l->dimen.x <= 2 * INSET)
                continue;
            outline_of_box(box_around(l->pos, l->dimen.x / 2 - INSET,
                                      l->dimen.y / 2 - INSET),
                           &o);
            t.probe = &o;
            t.count += grid_query(&s->shapes, o.bb, probe_hits, &t);
        }
    return t.count;
}

/* Names whose text rect sticks out of their entity's outline (taken at
 * its edge): shapes drawn without a line (plaintext) hold nothing. */
static long names_outside(const scene *s)
{
    long count = 0;
    for (int i = 0; i < s->nn; i++) {
        Agnode_t *v = s->node[i];
        const textlabel_t *l = ND_label(v);
        const polygon_t *p =
            ND_shape(v) && ND_shape(v)->polygon ? ND_shape_info(v) : NULL;
        if (!l || l->dimen.x <= 2 * INSET || (p && p->peripheries < 1))
            continue;
        outline o;
        outline_of(v, 0, &o);
        rect b = box_around(ND_coord(v), l->dimen.x / 2 - INSET,
                            l->dimen.y / 2 - INSET);
        pointf corner[4] = {
            {b.x0, b.y0}, {b.x1, b.y0}, {b.x1, b.y1}, {b.x0, b.y1}};
        for (int k = 0; k < 4; k++)
            if (!holds(&o, corner[k])) {
                count++;
                break;
            }
    }
    return count;
}

static rect cluster_box(Agraph_t *c)
{
    boxf b = GD_bb(c);
    return (rect){b.LL.x + INSET, b.LL.y + INSET, b.UR.x - INSET,
                  b.UR.y - INSET};
}

static int box_holds(rect a, rect b)
{
    return a.x0 <= b.x0 && a.y0 <= b.y0 && b.x1 <= a.x1 && b.y1 <= a.y1;
}

/* Pairs of cluster boxes that cross; -1 past MAX_TESTS pairs. */
static long clusters_crossing(const scene *s)
{
    if ((double)s->nc * s->nc / 2 > MAX_TESTS)
        return -1;
    long count = 0;
    for (int i = 0; i < s->nc; i++)
        for (int j = i + 1; j < s->nc; j++) {
            rect a = cluster_box(s->cluster[i]), b = cluster_box(s->cluster[j]);
            count += boxes_meet(a, b) && !box_holds(a, b) && !box_holds(b, a);
        }
    return count;
}

static long clusters_over_entities(scene *s)
{
    tally t = {s, 0, NULL, NULL, NULL, NULL};
    outline o;
    for (int i = 0; i < s->nc; i++) {
        outline_of_box(cluster_box(s->cluster[i]), &o);
        t.probe = &o;
        t.cluster = s->cluster[i];
        grid_query(&s->shapes, o.bb, non_member_hit, &t);
    }
    return t.count;
}

/* Whether e's line, as drawn, passes inside an entity it does not end
 * at. */
static int line_through(scene *s, Agedge_t *e)
{
    const splines *spl = ED_spl(e);
    tally t = {s, 0, NULL, agtail(e), aghead(e), NULL};
    for (int k = 0; spl && k < spl->size; k++) {
        const bezier *bz = &spl->list[k];
        pointf last = bz->size ? bz->list[0] : (pointf){0, 0};
        for (int i = 0; i + 3 < bz->size; i += 3)
            for (int step = 1; step <= 8; step++) {
                pointf p = kg_bezier_at(bz->list + i, step / 8.0);
                outline seg = {.v = {last, p}, .n = 2};
                bound(&seg);
                last = p;
                t.probe = &seg;
                if (grid_query(&s->shapes, seg.bb, probe_hits, &t))
                    return 1;
            }
    }
    return 0;
}

void kg_collide_count(Agraph_t *g, kg_collisions *c)
{
    *c = (kg_collisions){0,  -1, -1, -1, -1,
                         -1, -1, -1}; /* -1: not
                                           measured */
    scene s;
    long relations = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e))
            relations += !in_key(v);
    c->relations = relations;
    if (scene_make(&s, g) == 0) {
        tally t = {&s, 0, NULL, NULL, NULL, NULL};
        if (grid_pairs(&s.shapes, entities_meet, &t) >= 0)
            c->entity_overlaps = t.count;
        t.count = 0;
        if (grid_pairs(&s.texts, texts_meet, &t) >= 0)
            c->text_overlaps = t.count;
        c->labels_on_entities = labels_on_entities(&s, g);
        c->names_outside = names_outside(&s);
        c->cluster_overlaps = clusters_crossing(&s);
        c->clusters_over_entities = clusters_over_entities(&s);
        long through = 0;
        for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
            for (Agedge_t *e = agfstout(g, v); !in_key(v) && e;
                 e = agnxtout(g, e))
                through += line_through(&s, e);
        c->lines_through = through;
    }
    scene_free(&s);
}
