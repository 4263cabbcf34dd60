/*
 * route.c - relation lines routed around entities (route.h).
 *
 * An entity is an obstacle of its shape's outline: a convex polygon of
 * half-planes (its polygon; an ellipse's octagon around it; a box for
 * other shapes), widened by moving each half-plane out by the margin; a
 * cluster's title is one of its box.
 * A line is routed when its drawn curve enters an entity it does not end
 * at.  Its pair's way is searched on a visibility graph built for that
 * one search: its two ends (the entities' centres) and the corners of
 * the widened obstacles near the straight segment between them; the
 * window around the segment widens while no way is found, or while the
 * way found runs into an obstacle outside it.  Obstacles are found
 * through a grid of cells, so a search costs what is near its line, not
 * what is in the graph.
 */
#include "render/route.h"

#include <gvc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/geom.h"
#include "util/alloc.h"

/* Room, in points: between a routed line and a name, between two lines
 * of one pair, and the largest rounding of a bend. */
#define MARGIN 4.0
#define GAP    6.0
#define BEND   24.0
/* Bounds, as counts: the obstacles one search looks at (in a second
 * pass over the lines left, with the budget left, twice as many: a long
 * line across a crowd), the windows it tries, its vertices, and the
 * obstacle tests for a whole graph. */
#define LOCAL_MAX       48
#define LOCAL_MAX_LATE  96
#define WINDOWS         6
#define CORNERS         (2 + 8 * LOCAL_MAX_LATE)
#define PATH_MAX_POINTS CORNERS
#define BUDGET          12000000L
/* Detours: a way this much longer than the straight line is sought
 * narrower too; a narrower margin's way must be this much shorter a
 * step; a way longer than DETOUR_MAX times the line and an inch is not
 * taken. */
#define DETOUR_NARROW   1.1
#define DETOUR_PER_STEP 0.15
#define DETOUR_MAX      2.0
/* Touching an obstacle (within EPS pt) is not entering it; an outline
 * has SIDES_MAX half-planes at most, and one with a corner sharper than
 * REACH_MAX (how far a corner moves as the outline widens) is its box. */
#define EPS       0.01
#define SIDES_MAX 16
#define REACH_MAX 4.0

typedef struct rect {
    double x0, y0, x1, y1;
} rect;

/* An entity's outline: the points p with nrm[i] . p <= c[i] for each i
 * (unit normals, in order round the outline), and its bounding box;
 * widened by m, a corner moves out by reach x m at most. */
typedef struct hull {
    int k;
    pointf nrm[SIDES_MAX];
    double c[SIDES_MAX];
    rect bb;
    double reach;
} hull;

/* A relation line to route: its edge, its ends (tail a, head b) and the
 * pair's ends in index order (lo < hi). */
typedef struct line_rec {
    Agedge_t *e;
    int a, b, lo, hi, order;
} line_rec;

typedef struct router {
    int n;
    Agnode_t **node;
    hull *obst; /* each entity's outline, in points */
    /* the grid: cells of `cell` pt from (gx, gy), each listing the
     * obstacles over it (item[first[c]] .. item[first[c + 1] - 1]) */
    double gx, gy, cell;
    int cols, rows;
    int *first, *item;
    int *seen; /* the query an obstacle was last listed by */
    int tick;
    long work; /* obstacle tests so far */
    int *found;
    int nfound;
    /* one search */
    int local[LOCAL_MAX_LATE];
    int nlocal, local_max;
    pointf v[CORNERS];
    pointf side[CORNERS][2]; /* a corner's two neighbours on its outline */
    double dist[CORNERS], togo[CORNERS]; /* from p; to q, straight */
    int prev[CORNERS];
    char done[CORNERS];
} router;

/* ---- Geometry ---- */

static double len(pointf a, pointf b)
{
    double dx = b.x - a.x, dy = b.y - a.y;
    return sqrt(dx * dx + dy * dy);
}

static rect widen(rect b, double m)
{
    return (rect){b.x0 - m, b.y0 - m, b.x1 + m, b.y1 + m};
}

static int boxes_meet(rect a, rect b)
{
    return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

static rect rect_of_segment(pointf a, pointf b)
{
    return (rect){fmin(a.x, b.x), fmin(a.y, b.y), fmax(a.x, b.x),
                  fmax(a.y, b.y)};
}

static int strictly_inside(pointf p, rect r)
{
    return p.x > r.x0 && p.x < r.x1 && p.y > r.y0 && p.y < r.y1;
}

/* Whether segment ab passes through the inside of outline h widened by
 * m (Cyrus-Beck); running along a side or through a corner is not
 * passing through. */
static int segment_enters(pointf a, pointf b, const hull *h, double m)
{
    double out = h->reach * m;
    if (fmax(a.x, b.x) <= h->bb.x0 - out || fmin(a.x, b.x) >= h->bb.x1 + out ||
        fmax(a.y, b.y) <= h->bb.y0 - out || fmin(a.y, b.y) >= h->bb.y1 + out)
        return 0; /* far from it */
    double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
    for (int i = 0; i < h->k; i++) {
        pointf n = h->nrm[i];
        double num = h->c[i] + m - EPS - (n.x * a.x + n.y * a.y);
        double den = n.x * dx + n.y * dy;
        if (den == 0) {
            if (num <= 0)
                return 0;
            continue;
        }
        double t = num / den;
        if (den < 0 && t > t0)
            t0 = t;
        else if (den > 0 && t < t1)
            t1 = t;
        if (t0 >= t1)
            return 0;
    }
    return 1;
}

/* Whether p is inside outline h widened by m. */
static int hull_holds(const hull *h, pointf p, double m)
{
    for (int i = 0; i < h->k; i++)
        if (h->nrm[i].x * p.x + h->nrm[i].y * p.y >= h->c[i] + m)
            return 0;
    return 1;
}

/* Corner i of outline h widened by m (where sides i and i + 1 meet);
 * 0, or -1 for two sides that do not meet. */
static int hull_corner(const hull *h, int i, double m, pointf *out)
{
    pointf a = h->nrm[i], b = h->nrm[(i + 1) % h->k];
    double ca = h->c[i] + m, cb = h->c[(i + 1) % h->k] + m;
    double det = a.x * b.y - a.y * b.x;
    if (fabs(det) < 1e-9)
        return -1;
    *out = (pointf){(ca * b.y - cb * a.y) / det, (a.x * cb - b.x * ca) / det};
    return 0;
}

/* Cubic c split at t (de Casteljau) into left and right (either NULL). */
static void split(const pointf *c, double t, pointf *left, pointf *right)
{
    pointf m[4][4];
    for (int i = 0; i < 4; i++)
        m[0][i] = c[i];
    for (int k = 1; k < 4; k++)
        for (int i = 0; i + k < 4; i++)
            m[k][i] = (pointf){
                m[k - 1][i].x + t * (m[k - 1][i + 1].x - m[k - 1][i].x),
                m[k - 1][i].y + t * (m[k - 1][i + 1].y - m[k - 1][i].y)};
    for (int k = 0; k < 4; k++) {
        if (left)
            left[k] = m[k][0];
        if (right)
            right[k] = m[3 - k][k];
    }
}

/* ---- Entities and the grid ---- */

static int legend(Agnode_t *v)
{
    return strncmp(agnameof(v), "kgraph_legend_", 14) == 0;
}

static rect node_box(Agnode_t *v)
{
    pointf c = ND_coord(v);
    double w = ND_width(v) * 36, h = ND_height(v) * 36; /* half, in pt */
    return (rect){c.x - w, c.y - h, c.x + w, c.y + h};
}

/* Outline h of the polygon v[0..n-1] (about the origin, either way
 * round) moved to c; -1 when it is not convex. */
static int hull_of(const pointf *v, int n, pointf c, hull *h)
{
    double turn = 0;
    h->k = 0;
    for (int i = 0; i < n && h->k < SIDES_MAX; i++) {
        pointf a = v[i], b = v[(i + 1) % n], d = v[(i + 2) % n];
        double cr = (b.x - a.x) * (d.y - b.y) - (b.y - a.y) * (d.x - b.x);
        if (fabs(cr) > 1e-9) {
            if (turn * cr < 0)
                return -1;
            turn = cr;
        }
        double l = len(a, b);
        if (l < 1e-9)
            continue;
        h->nrm[h->k] = (pointf){(b.y - a.y) / l, -(b.x - a.x) / l};
        h->c[h->k] =
            h->nrm[h->k].x * (a.x + c.x) + h->nrm[h->k].y * (a.y + c.y);
        h->k++;
    }
    if (h->k < 3 || turn == 0)
        return -1;
    for (int i = 0; turn < 0 && i < h->k; i++) { /* clockwise: inwards */
        h->nrm[i] = (pointf){-h->nrm[i].x, -h->nrm[i].y};
        h->c[i] = -h->c[i];
    }
    h->reach = 1;
    for (int i = 0; i < h->k; i++) {
        pointf at, out;
        if (hull_corner(h, i, 0, &at) || hull_corner(h, i, 1, &out))
            return -1;
        h->reach = fmax(h->reach, len(at, out));
    }
    return h->reach <= REACH_MAX ? 0 : -1;
}

/* The outline of v's shape: its polygon (the outer periphery, to the
 * node's size), an octagon round an ellipse, else its box. */
static hull node_hull(Agnode_t *v)
{
    hull h;
    rect b = node_box(v);
    pointf c = ND_coord(v);
    double hw = (b.x1 - b.x0) / 2, hh = (b.y1 - b.y0) / 2;
    h.bb = b;
    const polygon_t *poly =
        ND_shape(v) && ND_shape(v)->polygon ? ND_shape_info(v) : NULL;
    pointf pts[SIDES_MAX];
    int n = 0;
    if (poly && poly->sides < 3) { /* an ellipse: sides tangent to it */
        double s = hypot(hw, hh);
        pointf q[8] = {{hw, -(s - hw)},  {hw, s - hw},  {s - hh, hh},
                       {-(s - hh), hh},  {-hw, s - hw}, {-hw, -(s - hw)},
                       {-(s - hh), -hh}, {s - hh, -hh}};
        memcpy(pts, q, sizeof q);
        n = 8;
    } else if (poly && poly->vertices && poly->sides <= SIDES_MAX) {
        int outer =
            (poly->peripheries > 1 ? poly->peripheries - 1 : 0) * poly->sides;
        double mx = 0, my = 0;
        for (int i = 0; i < poly->sides; i++) {
            mx = fmax(mx, fabs(poly->vertices[outer + i].x));
            my = fmax(my, fabs(poly->vertices[outer + i].y));
        }
        for (int i = 0; mx > 0 && my > 0 && i < poly->sides; i++)
            pts[n++] = (pointf){poly->vertices[outer + i].x * hw / mx,
                                poly->vertices[outer + i].y * hh / my};
    }
    if (n > 0 && hull_of(pts, n, c, &h) == 0)
        return h;
    pointf sq[4] = {{-hw, -hh}, {hw, -hh}, {hw, hh}, {-hw, hh}};
    hull_of(sq, 4, c, &h);
    return h;
}

/* A cluster's title, as an obstacle of its box, after the router's
 * others (kg_each_cluster). */
static int title_obstacle(Agraph_t *c, void *ctx)
{
    router *r = ctx;
    textlabel_t *l = GD_label(c);
    if (!l || !l->set || l->dimen.x <= 0 || l->dimen.y <= 0)
        return 0;
    double hw = l->dimen.x / 2, hh = l->dimen.y / 2;
    pointf sq[4] = {{-hw, -hh}, {hw, -hh}, {hw, hh}, {-hw, hh}};
    hull *h = &r->obst[r->n++];
    hull_of(sq, 4, l->pos, h);
    h->bb = (rect){l->pos.x - hw, l->pos.y - hh, l->pos.x + hw, l->pos.y + hh};
    return 0;
}

int kg_route_inside(Agnode_t *v, pointf p)
{
    shape_desc *s = ND_shape(v);
    if (!s || !s->fns || !s->fns->insidefn)
        return strictly_inside(p, node_box(v));
    inside_t ctx;
    ctx.s.n = v;
    ctx.s.bp = NULL;
    pointf c = ND_coord(v);
    return s->fns->insidefn(&ctx, (pointf){p.x - c.x, p.y - c.y});
}

static int cell_x(const router *r, double x)
{
    int i = (int)floor((x - r->gx) / r->cell);
    return i < 0 ? 0 : i >= r->cols ? r->cols - 1 : i;
}

static int cell_y(const router *r, double y)
{
    int i = (int)floor((y - r->gy) / r->cell);
    return i < 0 ? 0 : i >= r->rows ? r->rows - 1 : i;
}

/* Lays a grid of about one obstacle a cell over the obstacles; -1 when
 * out of memory. */
static int make_grid(router *r)
{
    rect all = r->obst[0].bb;
    double area = 0;
    for (int i = 0; i < r->n; i++) {
        rect b = r->obst[i].bb;
        all = (rect){fmin(all.x0, b.x0), fmin(all.y0, b.y0), fmax(all.x1, b.x1),
                     fmax(all.y1, b.y1)};
        area += (b.x1 - b.x0) * (b.y1 - b.y0);
    }
    double w = all.x1 - all.x0 + 1, h = all.y1 - all.y0 + 1;
    r->cell = fmax(sqrt(fmax(w * h, area) / r->n), 1.0);
    r->cell = fmax(r->cell, fmax(w, h) / 256); /* 256 x 256 at most */
    r->gx = all.x0;
    r->gy = all.y0;
    r->cols = (int)(w / r->cell) + 1;
    r->rows = (int)(h / r->cell) + 1;
    size_t cells = (size_t)r->cols * (size_t)r->rows;
    r->first = kg_calloc(cells + 1, sizeof *r->first);
    if (!r->first)
        return -1;
    for (int pass = 0; pass < 2; pass++) { /* count, then fill */
        for (int i = 0; i < r->n; i++) {
            rect b = r->obst[i].bb;
            for (int y = cell_y(r, b.y0); y <= cell_y(r, b.y1); y++)
                for (int x = cell_x(r, b.x0); x <= cell_x(r, b.x1); x++) {
                    size_t c = (size_t)y * (size_t)r->cols + (size_t)x;
                    if (pass == 0)
                        r->first[c + 1]++;
                    else
                        r->item[r->first[c]++] = i;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < cells; c++)
                r->first[c + 1] += r->first[c];
            r->item =
                kg_malloc(((size_t)r->first[cells] + 1) * sizeof *r->item);
            if (!r->item)
                return -1;
        }
    }
    for (size_t c = cells; c > 0; c--) /* filling moved each start on */
        r->first[c] = r->first[c - 1];
    r->first[0] = 0;
    return 0;
}

/* Lists in r->found the obstacles that may meet q when widened by m, but
 * a and b, each once, in the grid's order. */
static void near(router *r, rect q, double m, int a, int b)
{
    r->tick++;
    r->nfound = 0;
    m = fabs(m);
    rect cells = widen(q, REACH_MAX * m);
    for (int y = cell_y(r, cells.y0); y <= cell_y(r, cells.y1); y++)
        for (int x = cell_x(r, cells.x0); x <= cell_x(r, cells.x1); x++) {
            size_t c = (size_t)y * (size_t)r->cols + (size_t)x;
            for (int k = r->first[c]; k < r->first[c + 1]; k++) {
                int i = r->item[k];
                if (r->seen[i] == r->tick || i == a || i == b)
                    continue;
                r->seen[i] = r->tick;
                if (boxes_meet(widen(r->obst[i].bb, r->obst[i].reach * m), q))
                    r->found[r->nfound++] = i;
            }
        }
}

/* The first obstacle (but a and b) whose outline widened by m segment pq
 * enters, or -1. */
static int first_hit(router *r, pointf p, pointf q, double m, int a, int b)
{
    near(r, rect_of_segment(p, q), m, a, b);
    for (int k = 0; k < r->nfound; k++) {
        r->work++;
        if (segment_enters(p, q, &r->obst[r->found[k]], m))
            return r->found[k];
    }
    return -1;
}

/* ---- The search ---- */

/* Whether segment uv clears the search's obstacles widened by m. */
static int visible(router *r, pointf u, pointf v, double m)
{
    for (int k = 0; k < r->nlocal; k++) {
        r->work++;
        if (segment_enters(u, v, &r->obst[r->local[k]], m))
            return 0;
    }
    return 1;
}

/* The search's vertices: the two ends, then each obstacle's corners that
 * are inside no other obstacle; returns their count. */
static int corners(router *r, pointf p, pointf q, double m)
{
    int nv = 0;
    r->v[nv++] = p;
    r->v[nv++] = q;
    for (int k = 0; k < r->nlocal; k++) {
        const hull *h = &r->obst[r->local[k]];
        pointf c[SIDES_MAX];
        int ok[SIDES_MAX];
        for (int i = 0; i < h->k; i++)
            ok[i] = hull_corner(h, i, m, &c[i]) == 0;
        for (int i = 0; i < h->k; i++) {
            int before = (i + h->k - 1) % h->k, after = (i + 1) % h->k;
            int free_corner = ok[i] && ok[before] && ok[after];
            for (int j = 0; j < r->nlocal && free_corner; j++)
                free_corner =
                    j == k || !hull_holds(&r->obst[r->local[j]], c[i], m - EPS);
            if (free_corner && nv < CORNERS) {
                r->side[nv][0] = c[before];
                r->side[nv][1] = c[after];
                r->v[nv++] = c[i];
            }
        }
    }
    return nv;
}

/* Whether a way along uw could bend round corner w, whose neighbours on
 * its outline are side[0] and side[1]: the line uw leaves both on one
 * side (it touches w's outline there rather than cutting into it), as a
 * shortest way must. */
static int tangent(pointf u, pointf w, const pointf *side)
{
    return kg_turn(u, w, side[0]) * kg_turn(u, w, side[1]) >= 0;
}

/* c[0..n) in the other order. */
static void reverse(pointf *c, int n)
{
    for (int i = 0; i < n / 2; i++) {
        pointf t = c[i];
        c[i] = c[n - 1 - i];
        c[n - 1 - i] = t;
    }
}

/* A* from vertex 0 to vertex 1 over the visibility graph of the search's
 * obstacles; the way's points into way (at most PATH_MAX_POINTS), its
 * count, or 0 when there is none. */
static int shortest(router *r, pointf p, pointf q, double m, pointf *way)
{
    int nv = corners(r, p, q, m);
    for (int i = 0; i < nv; i++) {
        r->dist[i] = HUGE_VAL;
        r->togo[i] = len(r->v[i], q);
        r->prev[i] = -1;
        r->done[i] = 0;
    }
    r->dist[0] = 0;
    for (;;) {
        int u = -1;
        double best = HUGE_VAL;
        for (int i = 0; i < nv; i++)
            if (!r->done[i] && r->dist[i] + r->togo[i] < best) {
                best = r->dist[i] + r->togo[i];
                u = i;
            }
        if (u < 0 || r->work > BUDGET)
            return 0;
        if (u == 1)
            break;
        r->done[u] = 1;
        for (int w = 0; w < nv; w++) {
            if (r->done[w] ||
                (w >= 2 && !tangent(r->v[u], r->v[w], r->side[w])) ||
                (u >= 2 && !tangent(r->v[w], r->v[u], r->side[u])))
                continue;
            double d = r->dist[u] + len(r->v[u], r->v[w]);
            if (d >= r->dist[w] || !visible(r, r->v[u], r->v[w], m))
                continue;
            r->dist[w] = d;
            r->prev[w] = u;
        }
    }
    int n = 0;
    for (int i = 1; i >= 0 && n < PATH_MAX_POINTS; i = r->prev[i])
        way[n++] = r->v[i];
    reverse(way, n); /* from p to q */
    return n;
}

/* How far obstacle i widened by m lies from segment pq, about: from its
 * centre, less half its box's diagonal. */
static double off_segment(const router *r, int i, pointf p, pointf q, double m)
{
    rect b = r->obst[i].bb;
    pointf c = {(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2};
    double dx = q.x - p.x, dy = q.y - p.y, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((c.x - p.x) * dx + (c.y - p.y) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    pointf f = {p.x + t * dx, p.y + t * dy};
    return len(c, f) - len((pointf){b.x0, b.y0}, c) - r->obst[i].reach * m;
}

/* The shortest way from p to q clear of every obstacle but a and b
 * widened by m, into way; its count of points, or 0 when none was found
 * within the bounds. */
static int find_path(router *r, pointf p, pointf q, int a, int b, double m,
                     pointf *way)
{
    int hit = first_hit(r, p, q, m, a, b);
    if (hit < 0) {
        way[0] = p;
        way[1] = q;
        return 2;
    }
    rect h = widen(r->obst[hit].bb, m);
    double pad = fmax(h.x1 - h.x0, h.y1 - h.y0);
    for (int tries = 0; tries < WINDOWS; tries++) {
        near(r, widen(rect_of_segment(p, q), pad), m, a, b);
        r->nlocal = 0;
        for (int k = 0; k < r->nfound; k++) /* a corridor along pq */
            if (off_segment(r, r->found[k], p, q, m) <= pad &&
                r->nlocal++ < r->local_max)
                r->local[r->nlocal - 1] = r->found[k];
        if (r->nlocal > r->local_max)
            return 0;
        int n = shortest(r, p, q, m, way);
        if (n == 0) { /* walled in: look further out */
            pad *= 2;
            continue;
        }
        int missed = -1;
        for (int i = 0; i + 1 < n && missed < 0; i++)
            missed = first_hit(r, way[i], way[i + 1], m - EPS, a, b);
        if (missed < 0)
            return n;
        pad = fmax(pad, off_segment(r, missed, p, q, m) + 1); /* take it in */
    }
    return 0;
}

/* ---- Curves ---- */

/* Whether the drawn curve of e enters an entity it does not end at. */
static int enters_an_entity(router *r, Agedge_t *e, int a, int b)
{
    const splines *spl = ED_spl(e);
    for (int k = 0; spl && k < spl->size; k++) {
        const bezier *bz = &spl->list[k];
        for (int i = 0; i + 3 < bz->size; i += 3) {
            pointf last = bz->list[i];
            for (int s = 1; s <= 8; s++) {
                pointf p = kg_bezier_at(bz->list + i, s / 8.0);
                if (first_hit(r, last, p, 0, a, b) >= 0)
                    return 1;
                last = p;
            }
        }
    }
    return 0;
}

/* Path moved sideways by o (left of its direction), into out. */
static void offset(const pointf *way, int n, double o, pointf *out)
{
    for (int i = 0; i < n; i++) {
        pointf nsum = {0, 0};
        for (int k = i - 1; k <= i; k++) { /* the segments on either side */
            if (k < 0 || k + 1 >= n)
                continue;
            double l = len(way[k], way[k + 1]);
            if (l > 0) {
                nsum.x += -(way[k + 1].y - way[k].y) / l;
                nsum.y += (way[k + 1].x - way[k].x) / l;
            }
        }
        double l = hypot(nsum.x, nsum.y), scale = o;
        if (i > 0 && i + 1 < n && l > 0) { /* a bend: keep o from both */
            double cos_half = l / 2;
            scale = o / fmax(cos_half, 0.5);
        }
        out[i] = l > 0 ? (pointf){way[i].x + nsum.x / l * scale,
                                  way[i].y + nsum.y / l * scale}
                       : way[i];
    }
}

/* Appends a straight cubic from c[*n - 1] to to. */
static void line_to(pointf *c, int *n, pointf to)
{
    pointf from = c[*n - 1];
    if (len(from, to) < 1e-6)
        return;
    c[(*n)++] =
        (pointf){from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3};
    c[(*n)++] = (pointf){from.x + 2 * (to.x - from.x) / 3,
                         from.y + 2 * (to.y - from.y) / 3};
    c[(*n)++] = to;
}

/* The cubic rounding bend p with radius rad, from the way in (from
 * pin) to the way out (towards pout), into c[0..3]. */
static void bend(pointf pin, pointf p, pointf pout, double rad, pointf *c)
{
    double li = len(pin, p), lo = len(p, pout);
    pointf a = {p.x - (p.x - pin.x) / li * rad, p.y - (p.y - pin.y) / li * rad};
    pointf b = {p.x + (pout.x - p.x) / lo * rad,
                p.y + (pout.y - p.y) / lo * rad};
    c[0] = a;
    c[1] = (pointf){a.x + 2 * (p.x - a.x) / 3, a.y + 2 * (p.y - a.y) / 3};
    c[2] = (pointf){b.x + 2 * (p.x - b.x) / 3, b.y + 2 * (p.y - b.y) / 3};
    c[3] = b;
}

/* Whether cubic c stays clear of every entity but a and b by m. */
static int clear(router *r, const pointf *c, int a, int b, double m)
{
    pointf last = c[0];
    for (int s = 1; s <= 8; s++) {
        pointf p = kg_bezier_at(c, s / 8.0);
        if (first_hit(r, last, p, m, a, b) >= 0)
            return 0;
        last = p;
    }
    return 1;
}

/* The polyline way (n points) as cubic Bezier pieces into c: straight
 * runs, and each bend rounded as far as the curve stays clear of the
 * entities by m (else less, else not); returns the count of points,
 * 3k + 1. */
static int smooth(router *r, const pointf *way, int n, int a, int b, double m,
                  pointf *c)
{
    int nc = 0;
    c[nc++] = way[0];
    for (int i = 1; i + 1 < n; i++) {
        double li = len(way[i - 1], way[i]), lo = len(way[i], way[i + 1]);
        double rad = fmin(BEND, fmin(li, lo) / 2);
        pointf piece[4] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
        int fits = 0;
        for (int tries = 0; !fits && tries < 4 && rad > 0.5; tries++) {
            bend(way[i - 1], way[i], way[i + 1], rad, piece);
            fits = clear(r, piece, a, b, m);
            rad /= 2;
        }
        if (!fits) {
            line_to(c, &nc, way[i]); /* a sharp bend */
            continue;
        }
        line_to(c, &nc, piece[0]);
        if (len(c[nc - 1], piece[3]) >= 1e-6) {
            c[nc++] = piece[1];
            c[nc++] = piece[2];
            c[nc++] = piece[3];
        }
    }
    line_to(c, &nc, way[n - 1]);
    return nc;
}

/* The parameter in [0, 1] where `in` changes along cubic c, from
 * in(c(0)) to !in(c(0)), by bisection. */
static double crossing(const pointf *c, int (*in)(const void *, pointf),
                       const void *ctx)
{
    int start = in(ctx, c[0]);
    double lo = 0, hi = 1;
    for (int k = 0; k < 24; k++) {
        double mid = (lo + hi) / 2;
        if (in(ctx, kg_bezier_at(c, mid)) == start)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

static int in_node(const void *ctx, pointf p)
{
    return kg_route_inside((Agnode_t *)ctx, p);
}

typedef struct circle {
    pointf o;
    double r;
} circle;

static int in_circle(const void *ctx, pointf p)
{
    const circle *k = ctx;
    return len(p, k->o) < k->r;
}

/* Cuts the curve c (*n points) where it leaves `in` from its start:
 * drops the pieces inside, splits the one that crosses; 0, or -1 when it
 * never leaves. */
static int cut_start(pointf *c, int *n, int (*in)(const void *, pointf),
                     const void *ctx)
{
    if (!in(ctx, c[0]))
        return 0;
    int i = 0;
    while (i + 3 < *n && in(ctx, c[i + 3]))
        i += 3;
    if (i + 3 >= *n)
        return -1;
    pointf right[4];
    split(c + i, crossing(c + i, in, ctx), NULL, right);
    memmove(c, c + i, (size_t)(*n - i) * sizeof *c);
    *n -= i;
    memcpy(c, right, sizeof right);
    return 0;
}

/* As cut_start, at the curve's end. */
static int cut_end(pointf *c, int *n, int (*in)(const void *, pointf),
                   const void *ctx)
{
    reverse(c, *n);
    int st = cut_start(c, n, in, ctx);
    reverse(c, *n);
    return st;
}

/* What Graphviz drew of a line that routing keeps: its arrowheads (flags,
 * tips, lengths) and which end it starts at. */
typedef struct ends {
    int sflag, eflag;
    double slen, elen;
    int reversed; /* the curve runs from head to tail */
} ends;

static int ends_of(Agedge_t *e, ends *d)
{
    const splines *spl = ED_spl(e);
    if (!spl || spl->size != 1 || spl->list[0].size < 4)
        return -1;
    const bezier *bz = &spl->list[0];
    pointf first = bz->sflag ? bz->sp : bz->list[0];
    d->sflag = bz->sflag;
    d->eflag = bz->eflag;
    d->slen = bz->sflag ? len(bz->sp, bz->list[0]) : 0;
    d->elen = bz->eflag ? len(bz->ep, bz->list[bz->size - 1]) : 0;
    d->reversed =
        len(first, ND_coord(aghead(e))) < len(first, ND_coord(agtail(e)));
    return 0;
}

/* Graphviz's lists are malloc'ed, and freed by its cleanup with free()
 * (gv_free_splines). */
static void free_line(splines *spl)
{
    for (int i = 0; spl && i < spl->size; i++)
        free(spl->list[i].list);
    if (spl)
        free(spl->list);
    free(spl);
}

/* cgraph calls this as it deletes an edge (agclose deletes every one):
 * its line is freed, unless gvFreeLayout freed it, and the layout's
 * record with it, before. */
static void line_deleted(Agraph_t *g, Agobj_t *obj, void *state)
{
    (void)g;
    (void)state;
    Agedgeinfo_t *info = (Agedgeinfo_t *)aggetrec(obj, "Agedgeinfo_t", 0);
    if (info) {
        free_line(info->spl);
        info->spl = NULL;
    }
}

/* Lines freed as their edges are deleted: kgraph closes a laid-out graph
 * with agclose alone (layout.h), which frees no line. */
static Agcbdisc_t freeing_lines = {
    {NULL, NULL, NULL}, {NULL, NULL, NULL}, {NULL, NULL, line_deleted}};

/* g's lines freed with it, once however often they are drawn again. */
static void own_lines(Agraph_t *g)
{
    agpopdisc(g, &freeing_lines);
    agpushdisc(g, &freeing_lines, NULL);
}

static void grow_bb(boxf *bb, pointf p)
{
    bb->LL.x = fmin(bb->LL.x, p.x);
    bb->LL.y = fmin(bb->LL.y, p.y);
    bb->UR.x = fmax(bb->UR.x, p.x);
    bb->UR.y = fmax(bb->UR.y, p.y);
}

/* Clips curve c (n points, from `from`'s centre to `to`'s) at the two
 * shapes and at its arrowheads, and makes it e's line; 1 when the curve
 * is too short for that (e keeps its line), -1 when out of memory. */
static int install(Agraph_t *g, Agedge_t *e, const ends *d, Agnode_t *from,
                   Agnode_t *to, pointf *c, int n)
{
    if (cut_start(c, &n, in_node, from) || cut_end(c, &n, in_node, to))
        return 1;
    pointf sp = c[0], ep = c[n - 1];
    circle head = {ep, d->elen}, tail = {sp, d->slen};
    if (d->eflag &&
        (in_circle(&head, c[0]) || cut_end(c, &n, in_circle, &head)))
        return 1; /* shorter than its arrowhead */
    if (d->sflag &&
        (in_circle(&tail, c[n - 1]) || cut_start(c, &n, in_circle, &tail)))
        return 1;
    splines *spl = kg_calloc(1, sizeof *spl);
    bezier *bz = kg_calloc(1, sizeof *bz);
    pointf *list = kg_malloc((size_t)n * sizeof *list);
    if (!spl || !bz || !list) {
        free(spl);
        free(bz);
        free(list);
        return -1;
    }
    memcpy(list, c, (size_t)n * sizeof *list);
    *bz = (bezier){list, n, d->sflag, d->eflag, sp, ep};
    spl->list = bz;
    spl->size = 1;
    spl->bb = (boxf){c[0], c[0]};
    for (int i = 0; i < n; i++)
        grow_bb(&spl->bb, c[i]);
    grow_bb(&spl->bb, sp);
    grow_bb(&spl->bb, ep);
    free_line(ED_spl(e));
    ED_spl(e) = spl;
    grow_bb(&GD_bb(g), spl->bb.LL);
    grow_bb(&GD_bb(g), spl->bb.UR);
    return 0;
}

/* ---- Lines ---- */

static int by_pair(const void *x, const void *y)
{
    const line_rec *a = x, *b = y;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

static double length(const pointf *way, int n)
{
    double l = 0;
    for (int i = 0; i + 1 < n; i++)
        l += len(way[i], way[i + 1]);
    return l;
}

/* The way for the lines of pair lo-hi (from p to q), `room` wide, into
 * way, and the margin it keeps into *margin; its count of points, or 0
 * for none worth taking.  The margin (on
 * top of the room) is the full one, clear of the line's pen too, unless
 * a narrower one (through a gap between names) makes the way
 * shorter by more than DETOUR_PER_STEP for each step narrower; a way
 * longer than DETOUR_MAX times the straight one and an inch is not worth
 * taking: it would wind round half the figure. */
static int best_way(router *r, pointf p, pointf q, int lo, int hi, double room,
                    double pen, pointf *way, double *margin)
{
    double margins[] = {MARGIN + pen / 2, MARGIN / 4, MARGIN / 16};
    pointf other[PATH_MAX_POINTS];
    double best = HUGE_VAL;
    int n = 0;
    for (int t = 0; t < 3 && best > DETOUR_NARROW * len(p, q); t++) {
        int m = find_path(r, p, q, lo, hi, room + margins[t], other);
        double cost = m ? length(other, m) * (1 + DETOUR_PER_STEP * t) : 0;
        if (m && cost < best) {
            best = cost;
            *margin = margins[t];
            n = m;
            memcpy(way, other, (size_t)m * sizeof *way);
        }
    }
    return n && length(way, n) <= DETOUR_MAX * len(p, q) + 72 ? n : 0;
}

/* Routes the k lines of one pair, if one of them enters an entity: their
 * way found once, with room for them all, and each line moved sideways
 * by its place in the pair.  0, or -1 when out of memory. */
static int route_pair(router *r, Agraph_t *g, const line_rec *l, int k)
{
    int need = 0;
    for (int j = 0; j < k && !need; j++)
        need = enters_an_entity(r, l[j].e, l[j].a, l[j].b);
    if (!need)
        return 0;
    int lo = l[0].lo, hi = l[0].hi;
    pointf p = ND_coord(r->node[lo]), q = ND_coord(r->node[hi]);
    pointf way[PATH_MAX_POINTS], moved[PATH_MAX_POINTS];
    pointf c[3 * PATH_MAX_POINTS + 1];
    double pen = 1; /* the widest line's */
    for (int j = 0; j < k; j++) {
        const char *w = agget(l[j].e, "penwidth");
        double width = w && *w ? strtod(w, NULL) : 1;
        pen = width > pen && width < 20 ? width : pen;
    }
    double margin = MARGIN;
    int n = best_way(r, p, q, lo, hi, GAP * (k - 1) / 2, pen, way, &margin);
    if (n == 0)
        return 0;
    for (int j = 0; j < k; j++) {
        ends d;
        if (ends_of(l[j].e, &d))
            continue;
        offset(way, n, (j - (k - 1) / 2.0) * GAP, moved);
        Agnode_t *from = r->node[lo], *to = r->node[hi];
        int back = (agtail(l[j].e) == to) != d.reversed; /* hi to lo */
        if (back) {
            reverse(moved, n);
            from = r->node[hi];
            to = r->node[lo];
        }
        int nc = smooth(r, moved, n, lo, hi, margin / 2, c);
        if (nc >= 4 && install(g, l[j].e, &d, from, to, c, nc) < 0)
            return -1;
    }
    return 0;
}

/* The lines to route (not the key's, not loops), sorted by pair. */
static line_rec *lines_of(Agraph_t *g, const int *index, int *count)
{
    line_rec *l = kg_calloc((size_t)agnedges(g) + 1, sizeof *l);
    int m = 0;
    for (Agnode_t *v = agfstnode(g); l && v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            int a = index[AGSEQ(agtail(e))], b = index[AGSEQ(aghead(e))];
            if (a == b || legend(agtail(e)) || legend(aghead(e)))
                continue;
            l[m] = (line_rec){e, a, b, a < b ? a : b, a < b ? b : a, m};
            m++;
        }
    if (l)
        qsort(l, (size_t)m, sizeof *l, by_pair);
    *count = m;
    return l;
}

static void router_free(router *r, int *index, line_rec *l)
{
    free(r->node);
    free(r->obst);
    free(r->first);
    free(r->item);
    free(r->seen);
    free(r->found);
    free(r);
    free(index);
    free(l);
}

/* ---- Moving entities apart ---- */

/* e drawn straight again between its two entities' places, clipped at
 * their shapes and its arrowheads; 0, or -1 when out of memory. */
static int straight(Agraph_t *g, Agedge_t *e)
{
    ends d;
    if (agtail(e) == aghead(e) || ends_of(e, &d))
        return 0;
    Agnode_t *from = d.reversed ? aghead(e) : agtail(e);
    Agnode_t *to = d.reversed ? agtail(e) : aghead(e);
    pointf p = ND_coord(from), q = ND_coord(to);
    pointf c[4] = {p,
                   {p.x + (q.x - p.x) / 3, p.y + (q.y - p.y) / 3},
                   {p.x + 2 * (q.x - p.x) / 3, p.y + 2 * (q.y - p.y) / 3},
                   q};
    return install(g, e, &d, from, to, c, 4) < 0 ? -1 : 0;
}

/* The graph's own label (the key, or a title) under or over the
 * drawing as Graphviz put it, again after the drawing's box changed. */
static void label_again(Agraph_t *g, boxf old)
{
    textlabel_t *l = GD_label(g);
    if (!l || !l->set)
        return;
    boxf *bb = &GD_bb(g);
    int under = l->pos.y < (old.LL.y + old.UR.y) / 2;
    l->pos.x = (bb->LL.x + bb->UR.x) / 2;
    if (under) {
        l->pos.y = bb->LL.y - l->dimen.y / 2;
        bb->LL.y -= l->dimen.y;
    } else {
        l->pos.y = bb->UR.y + l->dimen.y / 2;
        bb->UR.y += l->dimen.y;
    }
    grow_bb(bb, (pointf){l->pos.x - l->dimen.x / 2, bb->LL.y});
    grow_bb(bb, (pointf){l->pos.x + l->dimen.x / 2, bb->UR.y});
}

/* Each cluster's box (and its title) `factor` times as far from o, and
 * as much larger: its members, moved so, stay inside it, and boxes that
 * were apart stay apart. */
static void spread_clusters(Agraph_t *g, pointf o, double factor)
{
    for (int i = 1; i <= GD_n_cluster(g); i++) {
        Agraph_t *c = GD_clust(g)[i];
        boxf *b = &GD_bb(c);
        double top = b->UR.y;
        b->LL = (pointf){o.x + (b->LL.x - o.x) * factor,
                         o.y + (b->LL.y - o.y) * factor};
        b->UR = (pointf){o.x + (b->UR.x - o.x) * factor,
                         o.y + (b->UR.y - o.y) * factor};
        textlabel_t *l = GD_label(c);
        if (l && l->set) { /* as far under the top as it was */
            l->pos.x = o.x + (l->pos.x - o.x) * factor;
            l->pos.y = b->UR.y - (top - l->pos.y);
        }
        spread_clusters(c, o, factor);
    }
}

int kg_route_spread(Agraph_t *g, double factor)
{
    boxf old = GD_bb(g);
    pointf o = {(old.LL.x + old.UR.x) / 2, (old.LL.y + old.UR.y) / 2};
    int first = 1;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v)) {
        pointf *c = &ND_coord(v);
        c->x = o.x + (c->x - o.x) * factor;
        c->y = o.y + (c->y - o.y) * factor;
        rect b = node_box(v);
        boxf nb = {{b.x0, b.y0}, {b.x1, b.y1}};
        if (first)
            GD_bb(g) = nb;
        grow_bb(&GD_bb(g), nb.LL);
        grow_bb(&GD_bb(g), nb.UR);
        first = 0;
    }
    spread_clusters(g, o, factor);
    for (int i = 1; i <= GD_n_cluster(g); i++) {
        boxf cb = GD_bb(GD_clust(g)[i]);
        grow_bb(&GD_bb(g), cb.LL);
        grow_bb(&GD_bb(g), cb.UR);
    }
    own_lines(g);
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e))
            if (straight(g, e))
                return -1;
    label_again(g, old);
    return 0;
}

int kg_route_lines(Agraph_t *g)
{
    int n = agnnodes(g);
    if (n < 3 || agnedges(g) == 0)
        return 0;
    router *r = kg_calloc(1, sizeof *r);
    unsigned long seqs = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        seqs = AGSEQ(v) > seqs ? AGSEQ(v) : seqs;
    int *index = kg_calloc(seqs + 1, sizeof *index);
    line_rec *l = NULL;
    if (!r || !index)
        goto oom;
    size_t most = (size_t)n + (size_t)kg_count_clusters(g);
    r->node = kg_calloc((size_t)n, sizeof *r->node);
    r->obst = kg_calloc(most, sizeof *r->obst);
    r->seen = kg_calloc(most, sizeof *r->seen);
    r->found = kg_calloc(most, sizeof *r->found);
    if (!r->node || !r->obst || !r->seen || !r->found)
        goto oom;
    int i = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v), i++) {
        r->node[i] = v;
        r->obst[i] = node_hull(v);
        index[AGSEQ(v)] = i;
    }
    r->n = n;
    kg_each_cluster(g, title_obstacle, r); /* names too: after the entities */
    int m;
    if (make_grid(r) || !(l = lines_of(g, index, &m)))
        goto oom;
    own_lines(g);
    /* every line, then the lines still through an entity again with more
     * obstacles a search (the budget left, counted on) */
    static const int local_max[] = {LOCAL_MAX, LOCAL_MAX_LATE};
    for (int pass = 0; pass < 2; pass++) {
        r->local_max = local_max[pass];
        for (int j = 0; j < m && r->work <= BUDGET;) {
            int k = 1;
            while (j + k < m && l[j + k].lo == l[j].lo &&
                   l[j + k].hi == l[j].hi)
                k++;
            if (route_pair(r, g, l + j, k))
                goto oom;
            j += k;
        }
    }
    router_free(r, index, l);
    return 0;
oom:
    if (r)
        router_free(r, index, l);
    else
        free(index);
    return -1;
}
