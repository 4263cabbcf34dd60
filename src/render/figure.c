/*
 * figure.c - measuring a laid-out graph for the page (figure.h), and the
 * pages kgraph knows (kg_page_parse).
 */
#include "render/figure.h"

#include <gvc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/collide.h"
#include "render/geom.h"
#include "render/route.h"
#include "util/alloc.h"

/* ---- Pages ---- */

#define CM (72 / 2.54)

/* Named pages, portrait, in centimetres. */
static const struct {
    const char *name;
    double w, h;
} pages[] = {{"a4", 21.0, 29.7}, {"a3", 29.7, 42.0}, {"letter", 21.59, 27.94}};

/* The text block of a page: 2.5 cm margins at the sides, 2.85 cm at the
 * top and bottom in portrait, 2.5 cm all round in landscape. */
static void block_of(double w, double h, int landscape, double *bw, double *bh)
{
    if (landscape) {
        *bw = (h - 5.0) * CM;
        *bh = (w - 5.0) * CM;
    } else {
        *bw = (w - 5.0) * CM;
        *bh = (h - 5.7) * CM;
    }
}

/* "16x24cm": a block with a unit. */
static int parse_block(const char *s, double *w, double *h)
{
    char *end;
    double a = strtod(s, &end);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    double b = strtod(p, &end);
    if (end == p)
        return -1;
    static const struct {
        const char *unit;
        double pt;
    } units[] = {{"cm", CM}, {"mm", CM / 10}, {"in", 72}, {"pt", 1}};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcmp(end, units[i].unit) == 0) {
            *w = a * units[i].pt;
            *h = b * units[i].pt;
            /* from a 1 cm stamp to a 10 m wall */
            return isfinite(*w) && isfinite(*h) && *w >= CM && *h >= CM &&
                           *w <= 1000 * CM && *h <= 1000 * CM
                       ? 0
                       : -1;
        }
    return -1;
}

const char *kg_page_unit(const char *spec)
{
    double w, h;
    int either;
    if (kg_page_parse(spec, &w, &h, &either) != KG_OK)
        return NULL;
    size_t n = strlen(spec);
    static const char *const units[] = {"cm", "mm", "in", "pt"};
    for (size_t i = 0; n > 2 && i < 4; i++)
        if (strcmp(spec + n - 2, units[i]) == 0)
            return units[i];
    return (spec[0] == 'l' || spec[0] == 'L') ? "in" : "cm";
}

kg_status kg_page_parse(const char *spec, double *width, double *height,
                        int *either)
{
    if (!spec || !width || !height || !either)
        return KG_ERR_USAGE;
    *either = 0;
    char lower[32]; /* names in any case: "A4" */
    size_t n = strlen(spec);
    if (n < sizeof lower) {
        for (size_t i = 0; i <= n; i++)
            lower[i] = spec[i] >= 'A' && spec[i] <= 'Z'
                           ? (char)(spec[i] - 'A' + 'a')
                           : spec[i];
        spec = lower;
    }
    if (strcmp(spec, "auto") == 0) {
        *either = 1;
        spec = "a4";
    }
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        n = strlen(pages[i].name);
        if (strncmp(spec, pages[i].name, n) != 0)
            continue;
        if (spec[n] && strcmp(spec + n, "-landscape") != 0)
            continue;
        block_of(pages[i].w, pages[i].h, spec[n] != '\0', width, height);
        return KG_OK;
    }
    return parse_block(spec, width, height) ? KG_ERR_USAGE : KG_OK;
}

/* ---- Measuring ---- */

/* Nodes and edges of the legend are not entities and relations. */
static int legend(const char *name)
{
    return strncmp(name, "kgraph_legend_", 14) == 0;
}

typedef struct area {
    double x0, y0, x1, y1;
} area;

static area node_box(Agnode_t *n)
{
    pointf c = ND_coord(n);
    double w = ND_width(n) * 36, h = ND_height(n) * 36; /* half, in pt */
    return (area){c.x - w, c.y - h, c.x + w, c.y + h};
}

static int overlap(area a, area b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int inside(pointf p, area b)
{
    return p.x > b.x0 && p.x < b.x1 && p.y > b.y0 && p.y < b.y1;
}

static area label_box(const textlabel_t *l)
{
    return (area){l->pos.x - l->dimen.x / 2, l->pos.y - l->dimen.y / 2,
                  l->pos.x + l->dimen.x / 2, l->pos.y + l->dimen.y / 2};
}

/* An edge's label as drawn: outside the line (xlabel) or on it. */
static textlabel_t *edge_label(Agedge_t *e)
{
    textlabel_t *x = ED_xlabel(e);
    return x && x->set ? x : ED_label(e);
}

/* The collisions (collide.h) into the figure. */
static void count_clashes(Agraph_t *g, kg_figure *f)
{
    kg_collisions c;
    kg_collide_count(g, &c);
    f->relations = c.relations;
    f->entity_overlaps = c.entity_overlaps;
    f->text_overlaps = c.text_overlaps;
    f->labels_on_nodes = c.labels_on_entities;
    f->names_outside = c.names_outside;
    f->cluster_overlaps = c.cluster_overlaps;
    f->clusters_over_entities = c.clusters_over_entities;
    f->edges_through_names = c.lines_through;
}

/* ---- Crossings ---- */

enum { LINE_POINTS = 8 * 16 + 1 }; /* 8 a Bezier segment, 16 at most */

typedef struct polyline {
    pointf p[LINE_POINTS]; /* the line's points (a routed line has two
                              segments a bend) */
    int n;
    area box;
    Agnode_t *a, *b;
} polyline;

static void polyline_of(Agedge_t *e, polyline *l)
{
    l->n = 0;
    l->a = agtail(e);
    l->b = aghead(e);
    const splines *spl = ED_spl(e);
    if (!spl || !spl->size || spl->list[0].size < 4)
        return;
    const bezier *bz = &spl->list[0];
    for (int i = 0; i + 3 < bz->size && l->n < LINE_POINTS - 1; i += 3)
        for (int s = i ? 1 : 0; s <= 8 && l->n < LINE_POINTS; s++)
            l->p[l->n++] = kg_bezier_at(bz->list + i, s / 8.0);
    l->box = (area){l->p[0].x, l->p[0].y, l->p[0].x, l->p[0].y};
    for (int i = 1; i < l->n; i++) {
        l->box.x0 = fmin(l->box.x0, l->p[i].x);
        l->box.y0 = fmin(l->box.y0, l->p[i].y);
        l->box.x1 = fmax(l->box.x1, l->p[i].x);
        l->box.y1 = fmax(l->box.y1, l->p[i].y);
    }
}

static int lines_cross(const polyline *x, const polyline *y)
{
    if (x->a == y->a || x->a == y->b || x->b == y->a || x->b == y->b)
        return 0; /* lines that meet at an entity do not cross there */
    area bx = x->box, by = y->box;
    if (!(bx.x0 <= by.x1 && by.x0 <= bx.x1 && bx.y0 <= by.y1 && by.y0 <= bx.y1))
        return 0;
    for (int i = 0; i + 1 < x->n; i++) {
        pointf a = x->p[i], b = x->p[i + 1];
        area s = {fmin(a.x, b.x), fmin(a.y, b.y), fmax(a.x, b.x),
                  fmax(a.y, b.y)};
        if (!(s.x0 <= by.x1 && by.x0 <= s.x1 && s.y0 <= by.y1 && by.y0 <= s.y1))
            continue; /* this piece is nowhere near y */
        for (int k = 0; k + 1 < y->n; k++) {
            pointf c = y->p[k], d = y->p[k + 1];
            if (fmax(c.x, d.x) < s.x0 || fmin(c.x, d.x) > s.x1 ||
                fmax(c.y, d.y) < s.y0 || fmin(c.y, d.y) > s.y1)
                continue; /* pieces whose boxes are apart cannot cross */
            if (kg_segments_cross(a, b, c, d))
                return 1;
        }
    }
    return 0;
}

/* Pairs of lines that cross (each pair once), or -1 past 2,000 lines. */
static long count_crossings(Agraph_t *g)
{
    int m = agnedges(g);
    if (m > 2000)
        return -1;
    polyline *l = kg_calloc((size_t)m + 1, sizeof *l);
    if (!l)
        return -1;
    int k = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e))
            if (k < m && !legend(agnameof(v)))
                polyline_of(e, &l[k++]);
    long crossings = 0;
    for (int i = 0; i < k; i++)
        for (int j = i + 1; j < k; j++)
            crossings += lines_cross(&l[i], &l[j]);
    free(l);
    return crossings;
}

/* ---- Placing relation labels ---- */

/* Where a label of size d may go near point p: on it, then beside it on
 * either side, above and below, and the corners; `far` steps further
 * out (that many label sizes more, or a part of one). */
static area label_at(pointf p, pointf d, int k, double far)
{
    static const double dx[] = {0, 1, -1, 0, 0, 1, -1, 1, -1};
    static const double dy[] = {0, 0, 0, 1, -1, 1, 1, -1, -1};
    double fx = d.x / 2 + 2 + far * d.x, fy = d.y / 2 + 1 + far * d.y;
    double cx = p.x + dx[k] * fx, cy = p.y + dy[k] * fy;
    return (area){cx - d.x / 2, cy - d.y / 2, cx + d.x / 2, cy + d.y / 2};
}

/* Whether a is clear of the first n boxes, and within bb unless `out`. */
static int clear_of(area a, const area *boxes, int n, area bb, int out)
{
    if (!out && (a.x0 < bb.x0 || a.y0 < bb.y0 || a.x1 > bb.x1 || a.y1 > bb.y1))
        return 0;
    for (int j = 0; j < n; j++)
        if (overlap(a, boxes[j]))
            return 0;
    return 1;
}

/* The point at fraction f of an edge's drawn line (by control points,
 * close enough to place a label). */
static int edge_point(Agedge_t *e, double f, pointf *out)
{
    const splines *spl = ED_spl(e);
    if (!spl || !spl->size || spl->list[0].size < 4)
        return 0;
    const bezier *bz = &spl->list[0];
    int segs = (bz->size - 1) / 3;
    double at = f * segs;
    int i = (int)at;
    if (i >= segs)
        i = segs - 1;
    *out = kg_bezier_at(bz->list + 3 * i, at - i);
    return 1;
}

/* Whether segment ab passes through box r. */
static int segment_in_box(pointf a, pointf b, area r)
{
    if (inside(a, r) || inside(b, r))
        return 1;
    pointf c[4] = {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}};
    for (int k = 0; k < 4; k++)
        if (kg_segments_cross(a, b, c[k], c[(k + 1) % 4]))
            return 1;
    return 0;
}

/* Whether box a lies on another line than `own` (lines: the figure's). */
static int on_a_line(area a, const polyline *lines, int nlines,
                     const polyline *own)
{
    for (int i = 0; i < nlines; i++) {
        const polyline *l = &lines[i];
        if (l == own || !(a.x0 <= l->box.x1 && l->box.x0 <= a.x1 &&
                          a.y0 <= l->box.y1 && l->box.y0 <= a.y1))
            continue;
        for (int k = 0; k + 1 < l->n; k++)
            if (segment_in_box(l->p[k], l->p[k + 1], a))
                return 1;
    }
    return 0;
}

typedef struct placing {
    area *boxes; /* names and the key, then the labels placed */
    int n;
    area bb;         /* the drawing's, grown by labels placed outside it */
    polyline *lines; /* every line, to keep labels off the others */
    int nlines;
    pointf at; /* where place_one put the last label */
} placing;

/* A cluster's title among what labels keep clear of (kg_each_cluster). */
static int title_placed(Agraph_t *c, void *ctx)
{
    placing *p = ctx;
    textlabel_t *title = GD_label(c);
    if (title && title->set)
        p->boxes[p->n++] = label_box(title);
    return 0;
}

/* How far a search for a label's spot goes, in steps of a label's size,
 * and how many spots along its line it tries (from the middle out). */
enum { NEAR = 3, FAR = 10, ALONG = 19 };

/* Room kept round a label, in points: Graphviz measures text a little
 * narrower than the font draws it (pango's 81 pt for "coordinated [57]"
 * at 10 pt, 83.6 by DejaVu Sans' advances), and a label touching a box
 * reads as part of it. */
#define LABEL_ROOM 2.0

static int same_area(area a, area b)
{
    return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}

/* The box inside an entity's shape that every shape kgraph draws
 * covers (an ellipse's inscribed box: 1/sqrt 2 of its box each way). */
static area inner_box(Agnode_t *v)
{
    area b = node_box(v);
    double cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    double hw = (b.x1 - b.x0) / 2 * 0.7, hh = (b.y1 - b.y0) / 2 * 0.7;
    return (area){cx - hw, cy - hh, cx + hw, cy + hh};
}

/* The point of line l nearest to p, outside the entities it ends at (to
 * its sampled points: close enough for a leader); l's middle when none
 * is outside. */
static pointf nearest_on(const polyline *l, pointf p)
{
    pointf best = l->p[l->n / 2];
    double bd = -1;
    area a = inner_box(l->a), b = inner_box(l->b);
    for (int i = 0; i < l->n; i++) {
        if (inside(l->p[i], a) || inside(l->p[i], b))
            continue;
        double dx = l->p[i].x - p.x, dy = l->p[i].y - p.y;
        if (bd < 0 || dx * dx + dy * dy < bd) {
            bd = dx * dx + dy * dy;
            best = l->p[i];
        }
    }
    return best;
}

/* Whether a leader from label box a (LABEL_ROOM round it) to its line
 * `own` passes through nothing placed: Graphviz draws it (decorate) from
 * the label's lower left corner to the point of the line nearest the
 * label's middle. */
static int leader_clear(const placing *p, area a, const polyline *own)
{
    pointf from = {a.x0 + LABEL_ROOM, a.y0 + LABEL_ROOM};
    pointf to = nearest_on(own, (pointf){(a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2});
    area ta = node_box(own->a), hb = node_box(own->b);
    for (int i = 0; i < p->n; i++) {
        area x = p->boxes[i]; /* its own line's ends: their inner boxes */
        if (same_area(x, ta))
            x = inner_box(own->a);
        else if (same_area(x, hb))
            x = inner_box(own->b);
        if (segment_in_box(from, to, x))
            return 0;
    }
    return 1;
}

/* The first spot for label l along its line, from the middle out, at
 * `far` label sizes from it: clear of every name, the key and the labels
 * placed before it, and (with `lines`) of the other lines; within the
 * drawing, or (`out`) anywhere; with `leader`, where a leader from it to
 * its line crosses nothing placed either.  1 when found, in *a. */
static int spot(const placing *p, const textlabel_t *l, Agedge_t *e,
                const polyline *own, double far, int lines, int out, int leader,
                area *a)
{
    for (int i = 0; i < ALONG; i++) {
        double along = 0.5 + (i % 2 ? 1 : -1) * ((i + 1) / 2) * 0.05;
        pointf at;
        if (!edge_point(e, along, &at))
            return 0;
        for (int k = far ? 1 : 0; k < 9; k++) {
            *a = label_at(at, l->dimen, k, far);
            a->x0 -= LABEL_ROOM, a->y0 -= LABEL_ROOM;
            a->x1 += LABEL_ROOM, a->y1 += LABEL_ROOM;
            if (clear_of(*a, p->boxes, p->n, p->bb, out) &&
                (!lines || !on_a_line(*a, p->lines, p->nlines, own)) &&
                (!leader || leader_clear(p, *a, own)))
                return 1;
        }
    }
    return 0;
}

/* How a label was placed: near its line, further out with a leader to
 * it, or not at all. */
enum { NOT_PLACED, PLACED_AWAY, PLACED_NEAR };

/* One label: the nearest spot to its line, up to NEAR label sizes from
 * it in quarters of one, clear of names, the key and the labels placed
 * before it: within the drawing (clear of other lines first), then
 * beside it too (the drawing then grows to hold it).  Failing that,
 * further out, up to FAR label sizes, within the drawing and then beside
 * it, where a leader from the label to its line `own` crosses nothing
 * placed either: the label is then drawn with it (Graphviz's decorate;
 * without `own`, a figure too large to test lines, with none).  A label
 * with no spot stays where Graphviz put it. */
static int place_one(placing *p, const textlabel_t *l, Agedge_t *e,
                     const polyline *own)
{
    area a;
    int found = 0, away = 0;
    /* near its line, in steps of a quarter of the label's size (a whole
     * one missed the spots between: Krebs' network printed at 5.7 pt, 5.9
     * so) */
    for (int quarter = 0; quarter < 4 * NEAR && !found; quarter++)
        for (int lines = p->lines ? 1 : 0; lines >= 0 && !found; lines--)
            found = spot(p, l, e, own, quarter / 4.0, lines, 0, 0, &a);
    for (int quarter = 0; quarter < 4 * NEAR && !found; quarter++)
        found = spot(p, l, e, own, quarter / 4.0, 0, 1, 0, &a);
    for (int out = 0; out <= 1 && !found; out++) /* no line: no leader */
        for (int far = NEAR; far < FAR && !found; far++)
            found = away = spot(p, l, e, own, far, 0, out, own != NULL, &a);
    if (!found)
        a = (area){l->pos.x - l->dimen.x / 2, l->pos.y - l->dimen.y / 2,
                   l->pos.x + l->dimen.x / 2, l->pos.y + l->dimen.y / 2};
    p->bb = (area){fmin(p->bb.x0, a.x0), fmin(p->bb.y0, a.y0),
                   fmax(p->bb.x1, a.x1), fmax(p->bb.y1, a.y1)};
    p->boxes[p->n++] = a;
    if (found)
        p->at = (pointf){(a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2};
    return !found ? NOT_PLACED : away ? PLACED_AWAY : PLACED_NEAR;
}

/* Moves e's label to `at`; with `leader`, drawn as the edge's label with
 * a leader to its line (Graphviz draws decorate for `label`, not for
 * `xlabel`), else as it was. */
static void move_label(Agedge_t *e, pointf at, int leader, Agsym_t *decorate)
{
    if (leader && ED_xlabel(e) && ED_xlabel(e)->set) {
        textlabel_t *x = ED_xlabel(e); /* its owner now ED_label */
        ED_xlabel(e) = ED_label(e);
        ED_label(e) = x;
    }
    textlabel_t *l = edge_label(e);
    l->pos = at;
    l->set = TRUE;
    if (decorate)
        agxset(e, decorate, leader ? "true" : "false");
}

/* Places every relation label (place_one); the labels with no spot near
 * their line (placed away, with a leader, or not at all), or -1 when the
 * graph is too large to place them.  *labels: how many there are;
 * *lost: how many found no spot at all. */
static int place_labels(Agraph_t *g, int *labels, int *lost)
{
    int n = agnnodes(g), m = agnedges(g);
    *labels = *lost = 0;
    if ((double)(n + m) * m > 4e6) /* as for the counts: about a second */
        return -1;
    /* names, the key, cluster titles, then the labels */
    size_t room = (size_t)n + (size_t)m + (size_t)kg_count_clusters(g) + 2;
    placing p = {
        kg_calloc(room, sizeof *p.boxes), 0, {0, 0, 0, 0}, NULL, 0, {0, 0}};
    if (!p.boxes)
        return -1;
    if (m <= 300) /* off other lines too: labels x spots x lines */
        p.lines = kg_calloc((size_t)m + 1, sizeof *p.lines);
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        p.boxes[p.n++] = node_box(v);
        for (Agedge_t *e = agfstout(g, v); p.lines && e; e = agnxtout(g, e))
            polyline_of(e, &p.lines[p.nlines++]);
    }
    textlabel_t *key = GD_label(g); /* the key, or a title */
    if (key && key->set)
        p.boxes[p.n++] = label_box(key);
    kg_each_cluster(g, title_placed, &p);
    boxf b = GD_bb(g);
    p.bb = (area){b.LL.x, b.LL.y, b.UR.x, b.UR.y};
    Agsym_t *decorate = agattr(g, AGEDGE, "decorate", NULL);
    int i = 0, left = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e), i++) {
            textlabel_t *l = edge_label(e);
            if (!l || !l->set || l->dimen.x <= 0)
                continue;
            ++*labels;
            int how = place_one(&p, l, e, p.lines ? &p.lines[i] : NULL);
            left += how != PLACED_NEAR;
            *lost += how == NOT_PLACED;
            if (how != NOT_PLACED)
                move_label(e, p.at, how == PLACED_AWAY && decorate, decorate);
        }
    GD_bb(g) = (boxf){{p.bb.x0, p.bb.y0}, {p.bb.x1, p.bb.y1}};
    /* place_one, given &p, could replace p.lines as far as the analyzer
     * knows; it does not */
    free(p.boxes); /* NOLINT(clang-analyzer-unix.Malloc) */
    free(p.lines);
    return left;
}

/* ---- The key in the drawing ---- */

/* Room kept between the key and what the drawing draws, in points. */
#define KEY_ROOM 6.0

static area grow(area a, area b)
{
    return (area){fmin(a.x0, b.x0), fmin(a.y0, b.y0), fmax(a.x1, b.x1),
                  fmax(a.y1, b.y1)};
}

/* Calls fn with each thing g draws other than its key: entities,
 * relation labels, lines (by their polyline) and cluster boxes; stops
 * when fn returns nonzero, and returns that. */
typedef int (*drawn_fn)(area b, const polyline *line, void *ctx);

typedef struct drawn_call {
    drawn_fn fn;
    void *ctx;
} drawn_call;

/* A cluster's box to a drawn_fn (kg_each_cluster). */
static int cluster_drawn(Agraph_t *c, void *ctx)
{
    const drawn_call *d = ctx;
    boxf b = GD_bb(c);
    return d->fn((area){b.LL.x, b.LL.y, b.UR.x, b.UR.y}, NULL, d->ctx);
}

static int each_drawn(Agraph_t *g, drawn_fn fn, void *ctx)
{
    polyline pl; /* one at a time: a large graph's would not fit */
    int rc = 0;
    for (Agnode_t *v = agfstnode(g); v && !rc; v = agnxtnode(g, v)) {
        rc = fn(node_box(v), NULL, ctx);
        for (Agedge_t *e = agfstout(g, v); e && !rc; e = agnxtout(g, e)) {
            textlabel_t *l = edge_label(e);
            if (l && l->set && l->dimen.x > 0)
                rc = fn(label_box(l), NULL, ctx);
            polyline_of(e, &pl);
            if (!rc && pl.n >= 2)
                rc = fn(pl.box, &pl, ctx);
        }
    }
    return rc ? rc : kg_each_cluster(g, cluster_drawn, &(drawn_call){fn, ctx});
}

typedef struct grown {
    area all;
    int any;
} grown;

static int grow_by(area b, const polyline *line, void *ctx)
{
    (void)line;
    grown *g = ctx;
    g->all = g->any ? grow(g->all, b) : b;
    g->any = 1;
    return 0;
}

/* Whether something drawn comes into the area *ctx. */
static int comes_into(area b, const polyline *line, void *ctx)
{
    const area *room = ctx;
    if (!overlap(b, *room))
        return 0;
    return line ? on_a_line(*room, line, 1, NULL) : 1;
}

/* A place for a w x h key inside the box of what g draws, in one of its
 * corners, clear of everything by KEY_ROOM: bottom left (where the key
 * is under the drawing), bottom right, top left, top right.  1 when
 * found, the key's box in *at and the drawing's (without the key) in
 * *all; 0 when none is clear. */
static int key_corner(Agraph_t *g, double w, double h, area *at, area *all)
{
    grown d = {{0, 0, 0, 0}, 0};
    if (w <= 0 || h <= 0)
        return 0;
    each_drawn(g, grow_by, &d);
    area b = *all = d.all;
    for (int k = 0; d.any && k < 4; k++) {
        double x = k % 2 ? b.x1 - w : b.x0, y = k < 2 ? b.y0 : b.y1 - h;
        *at = (area){x, y, x + w, y + h};
        area room = {at->x0 - KEY_ROOM, at->y0 - KEY_ROOM, at->x1 + KEY_ROOM,
                     at->y1 + KEY_ROOM};
        if (at->x1 <= b.x1 && at->y1 <= b.y1 &&
            !each_drawn(g, comes_into, &room))
            return 1;
    }
    return 0;
}

int kg_figure_key_fits(Agraph_t *g, double w, double h)
{
    area at, all;
    return key_corner(g, w, h, &at, &all);
}

void kg_figure_key_inside(Agraph_t *g)
{
    textlabel_t *key = GD_label(g);
    area at, all;
    if (!key || !key->set ||
        !key_corner(g, key->dimen.x, key->dimen.y, &at, &all))
        return;
    key->pos = (pointf){(at.x0 + at.x1) / 2, (at.y0 + at.y1) / 2};
    GD_bb(g) = (boxf){{all.x0, all.y0}, {all.x1, all.y1}};
}

/* Labels away from their lines (with leaders) a finished figure may
 * have, at most: three in twenty, and one in any case.  More, and the
 * entities are moved apart for them instead (kg_figure_finish).  A
 * leader costs its label a few millimetres of line; moving apart costs
 * every name on the page its size (Montagna by family: 5 of its 36
 * labels on leaders print its names at 6.3 pt, moved apart at 5.8). */
static int away_allowed(int labels)
{
    return labels * 3 / 20 > 1 ? labels * 3 / 20 : 1;
}

void kg_figure_finish(Agraph_t *g)
{
    /* how far apart entities are moved, in turn, until few enough labels
     * are left without a spot near their line: no further than they
     * need */
    static const double spread[] = {1, 1.04, 1.08, 1.13, 1.2};
    size_t last = sizeof spread / sizeof *spread - 1;
    for (size_t i = 0; i <= last; i++) {
        if (i && kg_route_spread(g, spread[i] / spread[i - 1]))
            return;            /* out of memory */
        if (kg_route_lines(g)) /* out of memory: lines stay straight */
            return;
        int labels, lost, left = place_labels(g, &labels, &lost);
        if (!lost && left <= away_allowed(labels))
            return;
    }
}

void kg_figure_measure(Agraph_t *g, double block_w, double block_h,
                       kg_figure *f)
{
    boxf bb = GD_bb(g);
    double pad = 4;
    const char *p = agget(g, "pad");
    if (p && *p)
        pad = atof(p) * 72;
    f->width = bb.UR.x - bb.LL.x + 2 * pad;
    f->height = bb.UR.y - bb.LL.y + 2 * pad;
    f->block_width = block_w;
    f->block_height = block_h;
    f->scale = 1;
    if (block_w > 0 && block_h > 0 && f->width > 0 && f->height > 0) {
        double sx = block_w / f->width, sy = block_h / f->height;
        double s = sx < sy ? sx : sy;
        f->scale = s < 1 ? s : 1;
    }
    double name = 0, label = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        if (legend(agnameof(v)))
            continue;
        double size = ND_label(v) ? ND_label(v)->fontsize : 0;
        if (size > 0 && (name == 0 || size < name))
            name = size;
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            textlabel_t *l = edge_label(e);
            if (l && l->fontsize > 0 && (label == 0 || l->fontsize < label))
                label = l->fontsize;
        }
    }
    f->name_pt = name * f->scale;
    f->label_pt = label * f->scale;
    count_clashes(g, f);
    f->crossings = count_crossings(g);
}

/* A count for the choice: not measured is none. */
static long counted(long n)
{
    return n > 0 ? n : 0;
}

/* What hides something the reader must read, each once. */
static long hidden(const kg_figure *f)
{
    return counted(f->entity_overlaps) + counted(f->text_overlaps) +
           counted(f->labels_on_nodes) + counted(f->names_outside) +
           counted(f->cluster_overlaps) + counted(f->clusters_over_entities);
}

/* The collisions, weighed (figure.h says why). */
static long collisions(const kg_figure *f)
{
    return 4 * hidden(f) + counted(f->edges_through_names);
}

int kg_figure_better(const kg_figure *a, const kg_figure *b)
{
    int a_reads = a->name_pt >= KG_PRINT_MIN_PT - 0.05;
    int b_reads = b->name_pt >= KG_PRINT_MIN_PT - 0.05;
    if (a_reads != b_reads)
        return a_reads;
    if (!a_reads && fabs(a->name_pt - b->name_pt) > 0.05)
        return a->name_pt > b->name_pt; /* the nearer to reading */
    long ca = collisions(a), cb = collisions(b);
    if (ca != cb)
        return ca < cb;
    if (fabs(a->name_pt - b->name_pt) > 0.05)
        return a->name_pt > b->name_pt;
    return counted(a->crossings) < counted(b->crossings);
}
