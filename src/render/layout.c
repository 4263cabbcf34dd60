/*
 * layout.c - choosing and making a figure's layout (layout.h).
 */
#include "render/layout.h"

#include <gvc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/dotread.h"
#include "render/dottext.h"
#include "render/figure.h"
#include "render/gv.h"
#include "render/origin.h"
#include "render/packed.h"
#include "render/reason.h"
#include "render/route.h"
#include "util/alloc.h"

/* ---- What each engine is told ---- */

/* Sets a graph attribute unless the DOT (a style sheet) set it. */
static void default_attr(Agraph_t *g, const char *name, const char *value)
{
    Agsym_t *sym = agattr(g, AGRAPH, (char *)name, NULL);
    if (!sym || !agxget(g, sym)[0])
        agattr(g, AGRAPH, (char *)name, (char *)value);
}

/* For neato, fdp and sfdp: no overlapping nodes (prism keeps the shape of
 * the layout), room around labels, straight lines (splines are slow on
 * big graphs and rarely clearer there), edges under nodes, components
 * (and isolated nodes) packed in rows, largest first, each at the left
 * and the bottom of its cell.  Not centred in it ("array"): Graphviz
 * 2.42's prism sums in an order that follows heap addresses, so a
 * component's box differs from run to run in its last bits, and the
 * tallest of a row, centred, sits at a whole point plus that noise,
 * which Graphviz truncates to an integer: 1 pt up or down from run to
 * run (the Saudi PEPs' 188-entity component, 1 run in 8).  At the left
 * and bottom, a place is a sum of the cells before it, noise never
 * truncated at a whole point. */
static void tune_for_force_layout(Agraph_t *g)
{
    default_attr(g, "packmode", "array_lb");
    default_attr(g, "overlap", "prism");
    default_attr(g, "sep", "+8");
    default_attr(g, "splines", "false");
    default_attr(g, "outputorder", "edgesfirst");
}

/* Relation labels placed by Graphviz beside their lines, clear of names
 * where it can (xlabel), rather than on the line's middle, which a force
 * layout does not keep clear. */
static void labels_beside(Agraph_t *g)
{
    Agsym_t *label = agattr(g, AGEDGE, "label", NULL);
    if (!label)
        return;
    Agsym_t *beside = agattr(g, AGEDGE, "xlabel", "");
    agattr(g, AGEDGE, "decorate", "false"); /* a leader, where a label is
                                               away from its line */
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            char *text = agxget(e, label);
            if (text && *text && !aghtmlstr(text)) {
                agxset(e, beside, text);
                agxset(e, label, "");
            }
        }
}

/* A shape's margin around its name on paper, in inches, at most: the
 * theme's 0.12 x 0.06 (Graphviz's own 0.11 x 0.055) suit a screen, and on
 * a page cost the figure a seventh of its print size. */
#define PAPER_MARGIN_X 0.05
#define PAPER_MARGIN_Y 0.025
/* A shape's least height on paper, in inches: Graphviz's half an inch is
 * twice what a line of names needs. */
#define PAPER_HEIGHT "0.2"

/* Gives every node whose `name` is the default (not one of its own: a
 * style sheet's row for its type, a presentation column) the value
 * `value`, and makes it the default. */
static void node_default(Agraph_t *g, Agsym_t *sym, const char *value)
{
    char *old = kg_strndup(sym->defval, strlen(sym->defval));
    if (!old)
        return;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        if (strcmp(agxget(v, sym), old) == 0)
            agxset(v, sym, (char *)value);
    agattr(g, AGNODE, sym->name, (char *)value);
    free(old);
}

/* On paper, names sit close in their shapes: the default margin at most
 * PAPER_MARGIN_X x PAPER_MARGIN_Y, and shapes no taller than their names
 * need (PAPER_HEIGHT) unless the DOT gives a default height. */
static void close_fit(Agraph_t *g)
{
    Agsym_t *margin = agattr(g, AGNODE, "margin", NULL);
    double x = 0.11, y = 0.055; /* Graphviz's */
    if (margin && margin->defval[0]) {
        int n = sscanf(margin->defval, "%lf,%lf", &x, &y);
        if (n == 1)
            y = x;
        else if (n != 2)
            x = y = 0; /* not a margin Graphviz reads: left alone */
    }
    if (x > PAPER_MARGIN_X || y > PAPER_MARGIN_Y) {
        char tight[64];
        snprintf(tight, sizeof tight, "%g,%g",
                 x < PAPER_MARGIN_X ? x : PAPER_MARGIN_X,
                 y < PAPER_MARGIN_Y ? y : PAPER_MARGIN_Y);
        if (!margin)
            margin = agattr(g, AGNODE, "margin", "");
        node_default(g, margin, tight);
    }
    Agsym_t *height = agattr(g, AGNODE, "height", NULL);
    if (!height)
        agattr(g, AGNODE, "height", PAPER_HEIGHT);
    else if (!height->defval[0])
        node_default(g, height, PAPER_HEIGHT);
}

/* Sets a graph attribute to `limit` (a number, in inches) unless the
 * DOT gives a smaller one; what follows the number ("equally") stays. */
static void at_most(Agraph_t *g, const char *name, double limit)
{
    Agsym_t *sym = agattr(g, AGRAPH, (char *)name, NULL);
    const char *now = sym ? agxget(g, sym) : "";
    char *end;
    double v = strtod(now, &end);
    if (end != now && v <= limit)
        return;
    char value[64];
    snprintf(value, sizeof value, "%g%s", limit, end != now ? end : "");
    agattr(g, AGRAPH, (char *)name, value);
}

/* On paper: dot's separations at most a little under one line of names
 * (the theme's 0.35 x 0.5 in suit a screen: Montagna's network clustered
 * by family printed at 1.6 pt with them, 3.1 without);
 * neato's overlaps removed by the smallest moves (vpsc) rather than by
 * scaling the whole layout up (prism); lines drawn straight, then routed
 * around names by kgraph (kg_route_lines: Graphviz 2.43's splines=true
 * costs 1-2 s a layout and writes past its buffer on two lines of one
 * pair), and relation labels placed clear of names
 * (kg_figure_finish); names close in their shapes (close_fit). */
static void tune_for_paper(Agraph_t *g, const char *engine)
{
    close_fit(g);
    if (strcmp(engine, "dot") == 0) {
        at_most(g, "nodesep", 0.12);
        at_most(g, "ranksep", 0.3);
        return;
    }
    if (strcmp(engine, "neato") == 0)
        default_attr(g, "overlap", "vpsc");
    labels_beside(g);
}

/* ---- The candidates ---- */

/* A way to lay the graph out: an engine and the attributes it gets. */
typedef struct candidate {
    const char *name; /* as kg_figure says it */
    const char *engine;
    const char *rankdir;    /* or NULL */
    const char *sep;        /* force layouts: room around nodes */
    const char *overlap;    /* how overlaps are removed (KK: and neato's
                               mode) */
    int turned;             /* the drawing turned a quarter (turn.h) */
    double fill;            /* > 0: spread to the page's shape (fill_page),
                               entities covering this share of it */
    double sx, sy;          /* > 0: the scales fill_page chose, to draw the
                               same again (with the key) */
    int packed;             /* clusters laid out by kgraph (packed.h) */
    const kg_packing *pins; /* packed.h's step 3: every place given */
} candidate;

/* A candidate laid out by neato with room `sep` round its nodes and
 * overlaps removed as `overlap` says. */
#define NEATO(name_, sep_, overlap_)                                           \
    ((candidate){.name = (name_),                                              \
                 .engine = "neato",                                            \
                 .sep = (sep_),                                                \
                 .overlap = (overlap_)})

/* A spread drawing's entities cover one of these shares of the block at
 * first (fill_page); vpsc then packs them apart, and where it leaves
 * them depends on the start more than on the share: Krebs' 9/11 network
 * printed at 5.97, 6.04, 6.05, 5.71, 5.79 and 5.87 pt on A4 portrait
 * from shares 0.5, 0.6, 0.7, 0.8, 0.9 and 1.2, and at 6.09 to 6.51 pt on
 * landscape.  Two starts, one sparse and one dense, each a candidate. */
#define FILL_SPARSE 0.6
#define FILL_DENSE  1.0
/* How many times a spread drawing is laid out, its shape corrected each
 * time (the same at 0.8: 6.2 pt, 4 collisions after 4 rounds, 2 after 6;
 * each round is a layout by neato from given places, a few ms). */
enum { FILL_ROUNDS = 6 };

/* Whether the DOT's clusters can be laid out by kgraph (packed.h). */
static int packable(const char *dot)
{
    Agraph_t *g = kg_dot_read(dot);
    int fits = g && kg_packed_fits(g);
    if (g)
        agclose(g);
    kg_gv_forget();
    return fits;
}

/* The ways kgraph tries for a page: dot's two directions (for large
 * graphs, sfdp as without a page), then the force layouts where they stay
 * fast, one of them spread to the page's shape (fill_page).  Clusters are
 * drawn by dot alone (neato and sfdp would draw boxes over entities that
 * are not in them, or none).  Once an engine has failed, in what is left
 * of the time, only the next one. */
static size_t candidates(const kg_layout_spec *s, candidate *c)
{
    size_t n = 0;
    int clusters = s->opts && s->opts->cluster_by;
    if (s->failed) {
        c[n++] = (candidate){.name = s->auto_engine, .engine = s->auto_engine};
        return n;
    }
    if (strcmp(s->auto_engine, "dot") == 0 || clusters) {
        c[n++] = (candidate){.name = "dot", .engine = "dot"};
        c[n++] =
            (candidate){.name = "dot LR", .engine = "dot", .rankdir = "LR"};
    } else {
        c[n++] = (candidate){.name = "sfdp", .engine = "sfdp"};
    }
    if (clusters && s->nodes <= 500 && packable(s->dot)) {
        c[n] = NEATO("neato clusters", "+2", "vpsc");
        c[n++].packed = 1;
    }
    if (clusters) /* not fdp: 2.43 lays clusters out differently from run
                     to run (its cluster code orders by address); not
                     neato's mode=ipsep, which crashes on them */
        return n;
    /* vpsc moves names apart the least, but tends to a tall column past
     * a few dozen; prism scales it up, and suits larger graphs.  Not
     * neato's ipsep mode: 2.43 orders nodes at one position by their
     * address there, so the layout changes from run to run.  Not fdp
     * either: in kgraph's child, after the layouts before it, 2.43's fdp
     * lays the same DOT out differently from run to run (Krebs' 9/11
     * network on A4 landscape: 7 layouts in 10 runs with -K fdp; the
     * Mohamed Atta focus 2 in 8), although fdp alone on the DOT does
     * not */
    if (s->nodes <= 500)
        c[n++] = NEATO("neato", "+2", "vpsc");
    if (s->nodes <= 100) {
        c[n++] = NEATO("neato", "+6", "vpsc");
        c[n++] = NEATO("neato KK", "+2", "KK");
        /* to the page's shape */
        c[n++] = NEATO("neato spread", "+2", "vpsc");
        c[n - 1].fill = FILL_SPARSE;
        c[n++] = NEATO("neato spread dense", "+2", "vpsc");
        c[n - 1].fill = FILL_DENSE;
    }
    if (s->nodes > 100 && s->nodes <= 500)
        c[n++] = NEATO("neato prism", "+2", "prism");
    return n;
}

/* Adds to the reason Graphviz could not read the DOT the input row of
 * the statement it stopped at ("syntax error in line N"), if it has one. */
static void name_the_row(const kg_layout_spec *s, const char *dot, char *err,
                         size_t errlen)
{
    const char *at = strstr(kg_gv_errors(), " in line ");
    unsigned long line = 0;
    char row[512];
    if (at && sscanf(at, " in line %lu", &line) == 1 &&
        kg_origin_in_dot(s->graph, dot, line, row, sizeof row) == 0) {
        size_t used = strlen(err);
        snprintf(err + used, errlen - used, " (drawing %s)", row);
    }
}

/* Starts each node (in the DOT's order) at at[i], in points, and lets
 * the layout only move nodes apart where they overlap. */
static void start_at(Agraph_t *g, const pointf *at)
{
    Agsym_t *pos = agattr(g, AGNODE, "pos", "");
    char xy[64];
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v), i++) {
        snprintf(xy, sizeof xy, "%.2f,%.2f", at[i].x, at[i].y);
        agxset(v, pos, xy);
    }
    agattr(g, AGRAPH, "inputscale", "72"); /* pos in points */
    agattr(g, AGRAPH, "maxiter", "0");     /* no stress: overlaps only */
    /* not a packmode Graphviz knows: its default.  neato keeps given
     * places within a component only and packs the components as it
     * likes (packed.c ties its own graph into one for that reason) */
    agattr(g, AGRAPH, "packmode", "none");
}

/* Reads the DOT and lays it out as c says, its nodes started `at` (or
 * NULL: where the engine likes), and with `finish`, on paper, a force
 * layout's lines routed and labels placed (kg_figure_finish); without,
 * laid out only, as the start of another layout.  NULL after saying why. */
static Agraph_t *lay_out_once(const kg_layout_spec *s, const char *dot,
                              const candidate *c, const pointf *at, int finish,
                              char *err, size_t errlen)
{
    Agraph_t *g = kg_dot_read(dot);
    if (!g) {
        kg_reason_set(err, errlen, "Graphviz could not read the DOT",
                      kg_gv_errors());
        name_the_row(s, dot, err, errlen);
        return NULL;
    }
    if (at)
        start_at(g, at);
    if (c->pins) { /* where packed.h put them: nothing moved */
        kg_packed_pin(g, c->pins);
        agattr(g, AGRAPH, "overlap", "true");
    }
    if (c->rankdir)
        default_attr(g, "rankdir", c->rankdir);
    if (c->sep)
        default_attr(g, "sep", c->sep);
    if (c->overlap && strcmp(c->overlap, "KK") == 0) { /* Kamada-Kawai */
        default_attr(g, "overlap", "vpsc");
        default_attr(g, "mode", "KK");
    } else if (c->overlap) {
        default_attr(g, "overlap", c->overlap);
    }
    /* kgraph placed it all (the timeline) */
    int pinned = strcmp(c->engine, "nop") == 0 && !c->pins;
    if (s->page_w > 0 && !pinned) /* on paper: room for names */
        tune_for_paper(g, c->engine);
    if (s->format->page) /* the PDF's page is the figure, no more */
        default_attr(g, "margin", "0");
    if (strcmp(c->engine, "dot") != 0 && !pinned)
        tune_for_force_layout(g);
    if (s->progress)
        snprintf(s->progress->engine, sizeof s->progress->engine, "%s",
                 c->name);
    if (gvLayout(kg_gv_context(), g, c->engine) != 0 || kg_gv_errors()[0]) {
        char what[64];
        snprintf(what, sizeof what, "layout with %s failed", c->name);
        kg_reason_set(err, errlen, what, kg_gv_errors());
        if (s->progress)
            s->progress->failed = 1;
        agclose(g);
        return NULL;
    }
    if (finish && s->page_w > 0 && strcmp(c->engine, "dot") != 0 && !pinned)
        kg_figure_finish(g);
    if (finish && s->page_w > 0 && !pinned)
        kg_figure_key_inside(g);
    return g;
}

/* The key's size, in points, under a drawing `width` wide: the key (a
 * graph label) laid out by dot alone, without the graph's entities.
 * 0 x 0 when there is no key or it cannot be laid out. */
static void key_size(const kg_layout_spec *s, double width, double *kw,
                     double *kh)
{
    *kw = *kh = 0;
    if (s->page_w <= 0 || !s->legend || !s->opts)
        return;
    kg_status st;
    kg_dot_options key = *s->opts; /* the key alone (write_dot.c) */
    key.legend = KG_LEGEND_ONLY;
    char *dot = kg_dottext_of(s->graph, &key, s->format->picture, width, &st);
    Agraph_t *g = dot ? kg_dot_read(dot) : NULL;
    free(dot);
    if (!g)
        return;
    if (gvLayout(kg_gv_context(), g, "dot") == 0 && !kg_gv_errors()[0]) {
        *kw = GD_bb(g).UR.x - GD_bb(g).LL.x;
        *kh = GD_bb(g).UR.y - GD_bb(g).LL.y;
        gvFreeLayout(kg_gv_context(), g);
    }
    kg_gv_forget();
    agclose(g);
}

/* Measures g for a block of w x h points; when the key is still to come
 * under g (kw x kh points), for the part of the block g will have beside
 * it, so that the figure is judged as it will print with its key. */
static void measure_in(Agraph_t *g, double w, double h, double kw, double kh,
                       kg_figure *f)
{
    double gw = GD_bb(g).UR.x - GD_bb(g).LL.x;
    double gh = GD_bb(g).UR.y - GD_bb(g).LL.y;
    if (gw > 0 && gh > 0 && (kw > 0 || kh > 0) &&
        !kg_figure_key_fits(g, kw, kh)) {
        w *= gw / (kw > gw ? kw : gw);
        h *= gh / (gh + kh);
    }
    memset(f, 0, sizeof *f); /* sent whole through a pipe */
    kg_figure_measure(g, w, h, f);
}

/* The drawing g (laid out from dot as c says) turned a quarter: its
 * entities' places turned counter-clockwise, then laid out again by
 * neato from there, which only moves apart the entities that now
 * overlap (shapes and text stay upright, so a row of wide names turned
 * into a column is too tight).  Closes g; NULL after saying why. */
static Agraph_t *turn_over(const kg_layout_spec *s, const char *dot,
                           const candidate *c, Agraph_t *g, char *err,
                           size_t errlen)
{
    pointf *at = kg_calloc((size_t)agnnodes(g) + 1, sizeof *at);
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); at && v; v = agnxtnode(g, v), i++)
        at[i] = (pointf){-ND_coord(v).y, ND_coord(v).x};
    agclose(g);
    if (!at) {
        kg_reason_set(err, errlen, "out of memory", "");
        return NULL;
    }
    candidate again = NEATO(c->name, c->sep ? c->sep : "+2", "vpsc");
    again.turned = 1;
    g = lay_out_once(s, dot, &again, at, 1, err, errlen);
    free(at);
    return g;
}

/* Lays the DOT out as c says, its nodes started at their places `at`
 * (n of them) moved by (-x0, -y0) and scaled by sx, sy. */
static Agraph_t *spread_at(const kg_layout_spec *s, const char *dot,
                           const candidate *c, const pointf *at, size_t n,
                           double x0, double y0, double sx, double sy,
                           char *err, size_t errlen)
{
    pointf *sc = kg_calloc(n + 1, sizeof *sc);
    if (!sc) {
        kg_reason_set(err, errlen, "out of memory", "");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        sc[i] = (pointf){(at[i].x - x0) * sx, (at[i].y - y0) * sy};
    Agraph_t *g = lay_out_once(s, dot, c, sc, 1, err, errlen);
    free(sc);
    return g;
}

/* The drawing g (neato's, its overlaps left) spread to the page's shape:
 * its entities' places scaled, each way apart, to a box of the block's
 * shape in which the entities cover c->fill of the area, then laid out
 * again by neato from there, which only moves apart the entities that
 * overlap (vpsc).  That stretches the drawing one way more than the
 * other, so the scales are corrected to the shape it came out and it is
 * laid out again, FILL_ROUNDS times, the one that reads best kept.
 * Closes g; NULL after saying why. */
static Agraph_t *fill_page(const kg_layout_spec *s, const char *dot,
                           candidate *c, Agraph_t *g, char *err, size_t errlen)
{
    size_t n = (size_t)agnnodes(g);
    pointf *at = kg_calloc(n + 1, sizeof *at);
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0, area = 0;
    size_t i = 0;
    for (Agnode_t *v = agfstnode(g); at && v; v = agnxtnode(g, v), i++) {
        at[i] = ND_coord(v);
        x0 = i == 0 || at[i].x < x0 ? at[i].x : x0;
        x1 = i == 0 || at[i].x > x1 ? at[i].x : x1;
        y0 = i == 0 || at[i].y < y0 ? at[i].y : y0;
        y1 = i == 0 || at[i].y > y1 ? at[i].y : y1;
        area += ND_width(v) * ND_height(v) * 72 * 72;
    }
    agclose(g);
    if (!at) {
        kg_reason_set(err, errlen, "out of memory", "");
        return NULL;
    }
    double w = fmax(x1 - x0, 1), h = fmax(y1 - y0, 1);
    candidate again = NEATO(c->name, c->sep ? c->sep : "+2", "vpsc");
    if (c->sx > 0) { /* drawn before: the same scales, the same drawing */
        g = spread_at(s, dot, &again, at, n, x0, y0, c->sx, c->sy, err, errlen);
        free(at);
        return g;
    }
    double aspect = s->page_w / s->page_h;
    double tw = sqrt(area / c->fill * aspect), th = tw / aspect, kw, kh;
    key_size(s, tw, &kw, &kh); /* before the layouts: Graphviz draws the
                                  graph it laid out last */
    if (dot != s->dot)         /* the DOT has its key: the drawing holds it */
        kw = kh = 0;
    kg_figure fb, f;
    double bw = tw, bh = th; /* the best round's box */
    int last_best = 0;
    g = NULL;
    for (int r = 0; r < FILL_ROUNDS; r++) {
        if (g)
            agclose(g);
        g = spread_at(s, dot, &again, at, n, x0, y0, tw / w, th / h, err,
                      errlen);
        if (!g)
            break;
        measure_in(g, s->page_w, s->page_h, kw, kh, &f);
        last_best = r == 0 || kg_figure_better(&f, &fb);
        if (last_best) {
            fb = f;
            bw = tw;
            bh = th;
        }
        double under = kg_figure_key_fits(g, kw, kh) ? 0 : kh;
        double k = sqrt(aspect / ((GD_bb(g).UR.x - GD_bb(g).LL.x) /
                                  (GD_bb(g).UR.y - GD_bb(g).LL.y + under)));
        tw *= k;
        th /= k;
    }
    if (g && !last_best) { /* Graphviz keeps one layout at a time */
        agclose(g);
        g = spread_at(s, dot, &again, at, n, x0, y0, bw / w, bh / h, err,
                      errlen);
    }
    c->sx = bw / w;
    c->sy = bh / h;
    free(at);
    return g;
}

/* Lays the DOT out with its clusters as packed.h says: neato on the
 * whole DOT for its entities' sizes, kgraph's boxes spread to the page's
 * shape (c->fill), every place pinned and drawn by "nop", then finished
 * for paper.  NULL after saying why. */
static Agraph_t *lay_out_packed(const kg_layout_spec *s, const char *dot,
                                const candidate *c, char *err, size_t errlen)
{
    candidate sizes = *c;
    sizes.packed = 0;
    sizes.overlap = "true"; /* the places are not used: fast */
    Agraph_t *g = lay_out_once(s, dot, &sizes, NULL, 0, err, errlen);
    if (!g)
        return NULL;
    kg_packing p;
    int placed = kg_packed_layout(g, s->page_w, s->page_h, &p);
    agclose(g);
    if (placed) {
        kg_reason_set(err, errlen, "layout with neato clusters failed",
                      kg_gv_errors());
        return NULL;
    }
    candidate three = *c;
    three.packed = 0;
    three.engine = "nop";
    three.pins = &p;
    g = lay_out_once(s, dot, &three, NULL, 1, err, errlen);
    kg_packing_free(&p);
    return g;
}

/* Reads the DOT and lays it out as c says (turned, if c is); NULL after
 * saying why. */
static Agraph_t *lay_out(const kg_layout_spec *s, const char *dot, candidate *c,
                         char *err, size_t errlen)
{
    if (c->packed)
        return lay_out_packed(s, dot, c, err, errlen);
    candidate plain = *c;
    plain.turned = 0;
    if (c->fill > 0) {          /* neato's places, overlaps left, then spread */
        plain.overlap = "true"; /* fill_page's start: overlaps left */
        Agraph_t *g = lay_out_once(s, dot, &plain, NULL, 0, err, errlen);
        return g ? fill_page(s, dot, c, g, err, errlen) : NULL;
    }
    Agraph_t *g = lay_out_once(s, dot, &plain, NULL, 1, err, errlen);
    return g && c->turned ? turn_over(s, dot, c, g, err, errlen) : g;
}

/* Measures g for the page (A4 either way round for "auto"), or for an
 * A4 portrait block when there is none; sets the block chosen.  Unless
 * g has its key (room NULL), the key it will get is measured with it,
 * and *room is the width the key is given: the drawing's, or more when
 * the block has room beside a tall drawing and the key is less tall. */
static void measure(const kg_layout_spec *s, Agraph_t *g, const char *name,
                    double *room, kg_figure *f)
{
    double w = s->page_w, h = s->page_h, kw = 0, kh = 0;
    if (w <= 0 || h <= 0)
        kg_page_parse("a4", &w, &h, &(int){0});
    if (room) {
        double gw = GD_bb(g).UR.x - GD_bb(g).LL.x;
        double gh = GD_bb(g).UR.y - GD_bb(g).LL.y;
        *room = gw;
        key_size(s, gw, &kw, &kh);
        /* a drawing narrower than the block's shape: the key may be as
         * wide as the block lets it be, and less tall */
        double wide = (gh + kh) * w / h;
        if (kh > 0 && wide > (kw > gw ? kw : gw) * 1.05 &&
            !kg_figure_key_fits(g, kw, kh)) {
            double kw2, kh2;
            key_size(s, wide, &kw2, &kh2);
            double now = fmin(w / fmax(gw, kw), h / (gh + kh));
            if (fmin(w / fmax(gw, kw2), h / (gh + kh2)) > now * 1.001) {
                *room = wide;
                kw = kw2;
                kh = kh2;
            }
        }
    }
    measure_in(g, w, h, kw, kh, f);
    if (s->page_either) { /* "auto": A4 either way round */
        kg_figure turned;
        double tw, th;
        kg_page_parse("a4-landscape", &tw, &th, &(int){0});
        measure_in(g, tw, th, kw, kh, &turned);
        if (kg_figure_better(&turned, f))
            *f = turned;
    }
    snprintf(f->engine, sizeof f->engine, "%s", name);
    f->fitted = s->page_w > 0;
}

/* The name a candidate is measured under. */
static void name_of(const candidate *c, char *name, size_t len)
{
    snprintf(name, len, "%s%s", c->name, c->turned ? " turned" : "");
}

/* ---- The choice ---- */

/* The candidates tried, each laid out and measured, ranked from the one
 * that reads best (order[0]) to the worst of those Graphviz laid out. */
typedef struct trial {
    candidate c[KG_LAYOUT_CANDIDATES];
    kg_figure f[KG_LAYOUT_CANDIDATES];
    double width[KG_LAYOUT_CANDIDATES]; /* the room its key gets (measure) */
    size_t n;
    size_t order[KG_LAYOUT_CANDIDATES]; /* laid out, best first */
    size_t drawn;                       /* how many: order's length */
} trial;

/* Ranks candidate i among those laid out before it: after the last one
 * it is not better than, so that of equals the first tried leads. */
static void rank_candidate(trial *t, size_t i)
{
    size_t at = t->drawn;
    while (at > 0 && kg_figure_better(&t->f[i], &t->f[t->order[at - 1]])) {
        t->order[at] = t->order[at - 1];
        at--;
    }
    t->order[at] = i;
    t->drawn++;
}

/* Keeps, in the progress record the caller reads (also from a child),
 * a line saying that a candidate was skipped and why (the first line of
 * err, shortened), then forgets Graphviz's errors for the next one. */
static void note_skipped(const kg_layout_spec *s, const char *err)
{
    if (s->progress) {
        kg_layout_progress *p = s->progress;
        size_t used = strlen(p->notes), n = strcspn(err, "\t\n");
        if (n > 120)
            n = 120;
        while (n && err[n - 1] == ' ')
            n--;
        snprintf(p->notes + used, sizeof p->notes - used,
                 "%s%.*s; another layout was drawn", used ? "\n" : "", (int)n,
                 err);
        p->failed = 0;
    }
    kg_gv_forget();
}

/* Whether a drawing of f's shape may be turned for s's page: a force
 * layout of 200 entities or fewer, without clusters (dot's other
 * direction is a candidate of its own), whose long side lies across the
 * page's (not for "auto": the page turns). */
static int may_turn(const kg_layout_spec *s, const candidate *c,
                    const kg_figure *f)
{
    return s->page_w > 0 && !s->page_either && s->nodes <= 200 &&
           !(s->opts && s->opts->cluster_by) && strcmp(c->engine, "dot") &&
           strcmp(c->engine, "nop") && !c->turned &&
           (f->width > f->height) != (s->page_w > s->page_h);
}

/* Candidate i's drawing *g turned (turn_over) and measured: when it
 * reads better, the candidate is drawn turned (1); else not (0), and *g
 * is the turned drawing, or NULL when Graphviz could not make it. */
static int try_turned(const kg_layout_spec *s, trial *t, size_t i, Agraph_t **g,
                      char *err, size_t errlen)
{
    kg_figure f;
    char name[sizeof f.engine];
    double room = 0;
    t->c[i].turned = 1;
    *g = turn_over(s, s->dot, &t->c[i], *g, err, errlen);
    if (*g) {
        name_of(&t->c[i], name, sizeof name);
        measure(s, *g, name, &room, &f);
    }
    if (!*g || !kg_figure_better(&f, &t->f[i])) {
        t->c[i].turned = 0;
        kg_gv_forget(); /* a failure here is no failure of the candidate */
        if (s->progress)
            s->progress->failed = 0;
        return 0;
    }
    t->f[i] = f;
    t->width[i] = room;
    return 1;
}

/* Keeps what candidate i's layout found in its mark (s's progress), for
 * a child started again after a later one died. */
static void keep_mark(const kg_layout_spec *s, const trial *t, size_t i,
                      kg_layout_state state)
{
    if (!s->progress || i >= KG_LAYOUT_CANDIDATES)
        return;
    kg_layout_mark *m = &s->progress->marks[i];
    m->state = (int)state;
    if (state != KG_LAYOUT_MEASURED)
        return;
    m->turned = t->c[i].turned;
    m->sx = t->c[i].sx;
    m->sy = t->c[i].sy;
    m->width = t->width[i];
    m->figure = t->f[i];
}

/* Candidate i as its mark says, when a child before this one ended it:
 * 1 (measured: ranked as it was; failed: skipped, its note said by the
 * caller), else 0 (to be laid out). */
static int from_mark(const kg_layout_spec *s, trial *t, size_t i)
{
    const kg_layout_mark *m = s->progress ? &s->progress->marks[i] : NULL;
    if (!m || m->state == KG_LAYOUT_UNTRIED)
        return 0;
    if (m->state != KG_LAYOUT_FAILED) {
        t->c[i].turned = m->turned;
        t->c[i].sx = m->sx;
        t->c[i].sy = m->sy;
        t->width[i] = m->width;
        t->f[i] = m->figure;
        rank_candidate(t, i);
    }
    return 1;
}

/* Lays out and measures each candidate; one Graphviz cannot lay out is
 * skipped with a note, one a child before this one died in is skipped
 * (its caller said why), and one a child before measured is taken from
 * its mark (from_mark).  The graph laid out last when that one was laid
 * out, else NULL; when none was, err says why the last one failed. */
static Agraph_t *try_each(const kg_layout_spec *s, trial *t, char *err,
                          size_t errlen)
{
    Agraph_t *g = NULL;
    kg_layout_progress *p = s->progress;
    kg_layout_tries *tries = p ? &p->tries : NULL;
    if (p)
        p->candidates = (int)t->n;
    for (size_t i = 0; i < t->n; i++) {
        if (g)
            agclose(g);
        g = NULL;
        if (from_mark(s, t, i))
            continue;
        kg_clock clock = kg_layout_try_start();
        if (p) {
            p->running = (int)i + 1;
            snprintf(p->engine, sizeof p->engine, "%s", t->c[i].name);
        }
        if (s->test_candidate && s->test_candidate(t->c[i].name) == 1)
            snprintf(err, errlen, "layout with %s failed: a test said so",
                     t->c[i].name);
        else
            g = lay_out(s, s->dot, &t->c[i], err, errlen);
        if (p)
            p->running = 0;
        if (!g) {
            if (t->n > 1) /* said only if another is drawn */
                note_skipped(s, err);
            keep_mark(s, t, i, KG_LAYOUT_FAILED);
            kg_layout_try_end(tries, clock, t->c[i].name, NULL);
            continue;
        }
        measure(s, g, t->c[i].name, &t->width[i], &t->f[i]);
        if (may_turn(s, &t->c[i], &t->f[i]) &&
            !try_turned(s, t, i, &g, err, errlen) && g) {
            agclose(g); /* turned, but better as it was: drawn again */
            g = NULL;
        }
        rank_candidate(t, i);
        keep_mark(s, t, i, KG_LAYOUT_MEASURED);
        kg_layout_try_end(tries, clock, t->f[i].engine, &t->f[i]);
    }
    if (!t->drawn && !err[0] && p) /* the last died in a child before */
        kg_reason_set(err, errlen, "no layout could be made", p->notes);
    if (!t->drawn && p)
        p->failed = 1; /* the engine's failure: another may follow */
    return g;
}

/* Candidate c laid out again with the key under it, fitted to the width
 * its drawing had, and measured into *f; NULL after saying why. */
static Agraph_t *with_key(const kg_layout_spec *s, candidate *c, double width,
                          kg_figure *f, char *err, size_t errlen)
{
    kg_status st;
    char *dot =
        kg_dottext_of(s->graph, s->opts, s->format->picture, width, &st);
    if (!dot) {
        kg_reason_set(err, errlen, "out of memory", "");
        return NULL;
    }
    Agraph_t *g = lay_out(s, dot, c, err, errlen);
    free(dot); /* the graph has its own copy of every string */
    char name[sizeof f->engine];
    name_of(c, name, sizeof name);
    if (g)
        measure(s, g, name, NULL, f);
    return g;
}

/* The key changes the figure's shape a little, not which layout reads
 * best (drawing the two best again with it cost a second layout each and
 * rarely changed the choice): the best is drawn again with the key, or,
 * if Graphviz cannot lay that out, the next best. */
static Agraph_t *best_with_key(const kg_layout_spec *s, trial *t,
                               kg_figure *figure, char *err, size_t errlen)
{
    kg_layout_progress *p = s->progress;
    for (size_t k = 0; k < t->drawn; k++) {
        size_t i = t->order[k];
        if (p && p->marks[i].state == KG_LAYOUT_KEY_FAILED)
            continue; /* a child before died in it: said by its caller */
        kg_figure f = t->f[i];
        if (p) {
            p->running = (int)i + 1;
            p->keyed = 1;
            snprintf(p->engine, sizeof p->engine, "%s", t->c[i].name);
        }
        char keyed[64];
        snprintf(keyed, sizeof keyed, "%s with the key", t->c[i].name);
        Agraph_t *g = NULL;
        if (s->test_candidate && s->test_candidate(keyed) == 1)
            snprintf(err, errlen, "layout with %s failed: a test said so",
                     keyed);
        else
            g = with_key(s, &t->c[i], t->width[i], &f, err, errlen);
        if (p)
            p->running = p->keyed = 0;
        if (g) {
            *figure = f;
            return g;
        }
        if (k + 1 < t->drawn)
            note_skipped(s, err);
    }
    if (!err[0] && p)
        kg_reason_set(err, errlen, "no layout could be made", p->notes);
    if (p)
        p->failed = 1; /* the engine's failure: another may follow */
    return NULL;
}

Agraph_t *kg_layout_choose(const kg_layout_spec *s, kg_figure *figure,
                           char *err, size_t errlen)
{
    trial t;
    memset(&t, 0, sizeof t); /* figures are sent whole through a pipe */
    t.n = 1;
    if (s->engine)
        t.c[0] = (candidate){.name = s->engine, .engine = s->engine};
    else if (s->page_w <= 0)
        t.c[0] = (candidate){.name = s->auto_engine, .engine = s->auto_engine};
    else
        t.n = candidates(s, t.c);
    Agraph_t *g = try_each(s, &t, err, errlen);
    if (!t.drawn)
        return NULL;
    size_t best = t.order[0];
    *figure = t.f[best];
    if (s->page_w > 0 && s->legend) {
        if (g)
            agclose(g);
        g = best_with_key(s, &t, figure, err, errlen);
    } else if (!g || best + 1 < t.n) { /* the best was not laid out last */
        if (g)
            agclose(g);
        g = lay_out(s, s->dot, &t.c[best], err, errlen);
    }
    if (g && figure->fitted) { /* drawn at the block's size, if larger */
        GD_drawing(g)->size.x = figure->block_width;
        GD_drawing(g)->size.y = figure->block_height;
        GD_drawing(g)->filled = FALSE;
    }
    return g;
}
