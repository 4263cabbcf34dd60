/*
 * render.c - laying out and rendering with Graphviz (libgvc).
 *
 * kgraph's own DOT is the single description of the picture: it is written
 * to memory, parsed by cgraph and handed to gvLayout/gvRenderData, so that
 * a rendered file and `dot -T` on relations.dot always agree.  cgraph is
 * only used in render/, for the few thousand nodes a picture can hold; the
 * store itself never builds a cgraph graph.
 *
 * Graphviz in this process is gv.c's; the bounded child, sandbox.c's.
 */
#include <errno.h>
#include <gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/write_dot.h"
#include "graph/graph.h"
#include "kgraph.h"
#include "render/dotread.h"
#include "render/figure.h"
#include "render/gv.h"
#include "render/reason.h"
#include "render/render.h"
#include "render/sandbox.h"

/* dot is the most readable layout, but its time grows fast with the edges
 * that do not fit a tree (measured here with labelled edges on random
 * graphs: 100 nodes + 100 extra edges 0.5 s, 150 + 150 6 s, 300 + 300 95 s;
 * 800 nodes + 100 extra 0.4 s; 2 nodes and 2,000 parallel edges 0.5 s,
 * where sfdp took a minute placing the 2,000 labels).  sfdp draws
 * thousands of nodes in seconds; with components packed in an array (not
 * node by node), 3,000 isolated nodes take 0.1 s instead of 33. */
enum { KG_DOT_MAX_NODES = 800, KG_DOT_MAX_EXTRA_EDGES = 100 };

/* ---- Laying out and rendering ---- */

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
 * (and isolated nodes) packed in rows, largest first. */
static void tune_for_force_layout(Agraph_t *g)
{
    default_attr(g, "packmode", "array");
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
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e)) {
            char *text = agxget(e, label);
            if (text && *text && !aghtmlstr(text)) {
                agxset(e, beside, text);
                agxset(e, label, "");
            }
        }
}

/* Whether two edges join the same two nodes (either way round). */
static int two_lines_a_pair(Agraph_t *g)
{
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstedge(g, v); e; e = agnxtedge(g, e, v)) {
            Agnode_t *u = agtail(e) == v ? aghead(e) : agtail(e);
            if (u == v)
                continue;
            int n = 0;
            for (Agedge_t *f = agfstedge(g, v); f && n < 2;
                 f = agnxtedge(g, f, v))
                n += (agtail(f) == v ? aghead(f) : agtail(f)) == u;
            if (n > 1)
                return 1;
        }
    return 0;
}

/* On paper: dot's separations a little under one line of names;
 * neato's overlaps removed by the smallest moves (vpsc) rather than by
 * scaling the whole layout up (prism), lines routed around names where
 * that stays fast, and relation labels placed by kgraph clear of names
 * (kg_figure_place_labels). */
static void tune_for_paper(Agraph_t *g, const char *engine)
{
    if (strcmp(engine, "dot") == 0) {
        default_attr(g, "nodesep", "0.12");
        default_attr(g, "ranksep", "0.3");
    } else {
        if (strcmp(engine, "neato") == 0)
            default_attr(g, "overlap", "vpsc");
        /* lines around names: 0.24 s at 50 entities and 100 relations,
         * 7.6 s at 200 and 400; never with two lines between the same two
         * entities (2.43's makeMultiSpline writes past its buffer:
         * valgrind, and crashes at random) */
        if (agnnodes(g) <= 80 && agnedges(g) <= 200 && !two_lines_a_pair(g))
            default_attr(g, "splines", "true");
        labels_beside(g);
    }
}

/* What a render needs, and what it gives back. */
typedef struct job {
    const char *dot;
    const kg_gv_format *format;
    const char *engine; /* forced (-K), or NULL: kgraph chooses */
    const char *auto_engine;
    const char *images;    /* real path of --images, or NULL */
    double page_w, page_h; /* the text block, in points; 0: none */
    int page_either;       /* either orientation */
    const char *page_unit; /* the SVG's width and height in it, or NULL */
    int legend;            /* the DOT has kgraph's legend */
    const kg_graph *graph; /* on paper: to write the final DOT */
    const kg_dot_options *opts;
    long nodes;       /* in the graph (the choice of candidates) */
    kg_gv_data data;  /* the rendered bytes */
    kg_figure figure; /* what was drawn, measured */
} job;

static char *visible_controls(const char *dot);

/* A way to lay the graph out: an engine and the attributes it gets. */
typedef struct candidate {
    const char *name; /* as kg_figure says it */
    const char *engine;
    const char *rankdir; /* or NULL */
    const char *sep;     /* force layouts: room around nodes */
    const char *overlap; /* how overlaps are removed (ipsep and KK: and
                            neato's mode) */
} candidate;

/* The ways kgraph tries for a page: dot's two directions (for large
 * graphs, sfdp as without a page), then the force layouts where they stay
 * fast.  Clusters are drawn by dot and fdp alone (neato and sfdp would
 * draw boxes over entities that are not in them, or none). */
static size_t candidates(const job *j, candidate *c)
{
    size_t n = 0;
    int clusters = j->opts && j->opts->cluster_by;
    if (strcmp(j->auto_engine, "dot") == 0 || clusters) {
        c[n++] = (candidate){"dot", "dot", NULL, NULL, NULL};
        c[n++] = (candidate){"dot LR", "dot", "LR", NULL, NULL};
    } else {
        c[n++] = (candidate){"sfdp", "sfdp", NULL, NULL, NULL};
    }
    if (clusters) { /* fdp draws boxes that hold just their members */
        if (j->nodes <= 100)
            c[n++] = (candidate){"fdp", "fdp", NULL, "+2", "vpsc"};
        return n;
    }
    /* vpsc moves names apart the least, but tends to a tall column past
     * a few dozen; ipsep (stress with separation constraints) keeps the
     * layout's shape; prism scales it up, and suits larger graphs */
    if (j->nodes <= 500)
        c[n++] = (candidate){"neato", "neato", NULL, "+2", "vpsc"};
    if (j->nodes <= 100) {
        c[n++] = (candidate){"neato", "neato", NULL, "+6", "vpsc"};
        c[n++] = (candidate){"neato KK", "neato", NULL, "+2", "KK"};
        c[n++] = (candidate){"fdp", "fdp", NULL, "+2", "vpsc"};
    }
    if (j->nodes <= 150)
        c[n++] = (candidate){"neato ipsep", "neato", NULL, "+2", "ipsep"};
    if (j->nodes > 100 && j->nodes <= 500)
        c[n++] = (candidate){"neato prism", "neato", NULL, "+2", "prism"};
    return n;
}

/* Reads the DOT and lays it out as c says; NULL after saying why. */
static Agraph_t *lay_out(const job *j, const char *dot, const candidate *c,
                         char *err, size_t errlen)
{
    Agraph_t *g = kg_dot_read(dot);
    if (!g) {
        kg_reason_set(err, errlen, "Graphviz could not read the DOT",
                      kg_gv_errors());
        return NULL;
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
        if (strcmp(c->overlap, "ipsep") == 0)
            default_attr(g, "mode", "ipsep");
    }
    int pinned = strcmp(c->engine, "nop") == 0; /* kgraph placed it all */
    if (j->page_w > 0 && !pinned)               /* on paper: room for names */
        tune_for_paper(g, c->engine);
    if (j->format->page) /* the PDF's page is the figure, no more */
        default_attr(g, "margin", "0");
    if (strcmp(c->engine, "dot") != 0 && !pinned)
        tune_for_force_layout(g);
    if (gvLayout(kg_gv_context(), g, c->engine) != 0 || kg_gv_errors()[0]) {
        kg_reason_set(err, errlen, "layout failed", kg_gv_errors());
        agclose(g);
        return NULL;
    }
    if (j->page_w > 0 && strcmp(c->engine, "dot") != 0 && !pinned)
        kg_figure_place_labels(g);
    return g;
}

/* Measures g for the page (A4 either way round for "auto"), or for an
 * A4 portrait block when there is none; sets the block chosen. */
static void measure(const job *j, Agraph_t *g, const char *name, kg_figure *f)
{
    double w = j->page_w, h = j->page_h;
    if (w <= 0 || h <= 0)
        kg_page_parse("a4", &w, &h, &(int){0});
    memset(f, 0, sizeof *f); /* sent whole through a pipe */
    kg_figure_measure(g, w, h, f);
    if (j->page_either) { /* "auto": A4 either way round */
        kg_figure turned;
        double tw, th;
        memset(&turned, 0, sizeof turned);
        kg_page_parse("a4-landscape", &tw, &th, &(int){0});
        kg_figure_measure(g, tw, th, &turned);
        if (kg_figure_better(&turned, f))
            *f = turned;
    }
    snprintf(f->engine, sizeof f->engine, "%s", name);
    f->fitted = j->page_w > 0;
}

/* Lays the graph out: as -K says, or without a page as kgraph's size rule
 * says, or with a page each candidate way, keeping the one that reads
 * best.  The layout chosen is measured into j->figure.  Graphviz keeps
 * the last layout's engine in its context and renders with it, so the
 * winner is laid out again when another came after it. */
/* The DOT for a page with the key fitted to `width` points, as a
 * picture shows it (malloc'd), or NULL. */
static char *dot_text(const kg_graph *g, const kg_dot_options *opts,
                      const kg_gv_format *f, double key_width, kg_status *st);

static char *paper_dot(const job *j, double width)
{
    kg_status st;
    return dot_text(j->graph, j->opts, j->format, width, &st);
}

/* Candidate c laid out again with the key under it, fitted to the width
 * its drawing had, and measured into *f; NULL after saying why.  Graphviz
 * 2.43 renders with what the last layout left in its context: only the
 * graph laid out last may be rendered (another one crashes). */
static Agraph_t *with_key(job *j, const candidate *c, double width,
                          kg_figure *f, char *err, size_t errlen)
{
    char *dot = paper_dot(j, width);
    if (!dot) {
        kg_reason_set(err, errlen, "out of memory", "");
        return NULL;
    }
    Agraph_t *g = lay_out(j, dot, c, err, errlen);
    free(dot); /* the graph has its own copy of every string */
    if (g)
        measure(j, g, c->name, f);
    return g;
}

static Agraph_t *choose_layout(job *j, char *err, size_t errlen)
{
    candidate c[8];
    kg_figure f[8];
    double width[8] = {0};
    size_t n = 1, best = 0, second = 0;
    memset(f, 0, sizeof f); /* sent whole through a pipe */
    if (j->engine)
        c[0] = (candidate){j->engine, j->engine, NULL, NULL, NULL};
    else if (j->page_w <= 0)
        c[0] = (candidate){j->auto_engine, j->auto_engine, NULL, NULL, NULL};
    else
        n = candidates(j, c);
    Agraph_t *g = NULL;
    for (size_t i = 0; i < n; i++) {
        if (g)
            agclose(g);
        if (!(g = lay_out(j, j->dot, &c[i], err, errlen)))
            return NULL;
        measure(j, g, c[i].name, &f[i]);
        width[i] = GD_bb(g).UR.x - GD_bb(g).LL.x;
        if (i && kg_figure_better(&f[i], &f[best])) {
            second = best;
            best = i;
        } else if (i &&
                   (second == best || kg_figure_better(&f[i], &f[second]))) {
            second = i;
        }
    }
    j->figure = f[best];
    if (j->page_w > 0 && j->legend) {
        /* the key changes the figure's shape: the two best are drawn
         * with it, and the better kept */
        agclose(g);
        kg_figure fb = f[best], fs = f[second];
        if (second != best) { /* the one kept must be laid out last */
            if (!(g = with_key(j, &c[second], width[second], &fs, err, errlen)))
                return NULL;
            agclose(g);
        }
        g = with_key(j, &c[best], width[best], &fb, err, errlen);
        if (g && second != best && kg_figure_better(&fs, &fb)) {
            agclose(g);
            g = with_key(j, &c[second], width[second], &fb, err, errlen);
        }
        if (g)
            j->figure = fb;
    } else if (best + 1 < n) {
        agclose(g);
        g = lay_out(j, j->dot, &c[best], err, errlen);
    }
    return g;
}

/* Lays out and renders into memory, and checks the result.  On failure
 * a message in err. */
static kg_status render_data(job *j, char *err, size_t errlen)
{
    if (!kg_gv_context()) {
        kg_reason_set(err, errlen, "cannot start Graphviz", "");
        return KG_ERR_RENDER;
    }
    Agraph_t *g = choose_layout(j, err, errlen);
    if (!g)
        return KG_ERR_RENDER;
    if (j->figure.fitted) { /* drawn at the block's size, if larger */
        GD_drawing(g)->size.x = j->figure.block_width;
        GD_drawing(g)->size.y = j->figure.block_height;
        GD_drawing(g)->filled = FALSE;
    }
    kg_status st = kg_gv_render(g, j->format, j->images, j->page_unit, &j->data,
                                err, errlen);
    /* no gvFreeLayout: in 2.43 dot's cleanup frees twice on a graph with a
     * cluster holding a rank=same subgraph (our legend); agclose frees the
     * graph and what layout hung on it */
    agclose(g);
    return st;
}

/* Renders in this process, to a stream without a descriptor. */
static kg_status render_here(job *j, FILE *out, char *err, size_t errlen)
{
    kg_gv_forget();
    agusererrf previous = kg_gv_listen();
    kg_status st = render_data(j, err, errlen);
    agseterrf(previous);
    if (st == KG_OK &&
        (fwrite(j->data.bytes, 1, j->data.len, out) != j->data.len ||
         fflush(out) != 0 || ferror(out))) {
        kg_reason_set(err, errlen, "cannot write", strerror(errno));
        st = KG_ERR_IO;
    }
    if (st == KG_OK)
        kg_reason_set(err, errlen, "", kg_gv_warnings());
    kg_gv_data_free(&j->data);
    return st;
}

/* ---- The child process ---- */

/* What the child sends back. */
typedef struct reply {
    int status; /* a kg_status */
    kg_figure figure;
    char message[1536];
} reply;

/* The job as the child sees it: the render, and where its bytes go. */
typedef struct child_job {
    job *job;
    int fd;
} child_job;

/* Renders a graph of one node with the job's engine and format, so that
 * Graphviz loads its plugins, fonts and threads before the memory limit:
 * what is left to limit is the work the graph itself makes. */
static void warm_up(void *ctx)
{
    const job *j = ((child_job *)ctx)->job;
    job w = {.dot = "digraph { a [label=\"a\", pos=\"0,0!\"]; }", /* nop too */
             .format = j->format,
             .engine = j->engine ? j->engine : j->auto_engine,
             .auto_engine = j->auto_engine};
    char ignored[256];
    render_data(&w, ignored, sizeof ignored);
    kg_gv_data_free(&w.data);
    kg_gv_forget();
}

/* The render itself, under the limits: the bytes to the caller's
 * descriptor, the rest in the reply. */
static void render_in_child(void *ctx, void *into)
{
    child_job *c = ctx;
    reply *r = into;
    kg_gv_forget();
    kg_gv_listen(); /* for good: the child ends after this */
    r->status = render_data(c->job, r->message, sizeof r->message);
    r->figure = c->job->figure;
    if (r->status == KG_OK &&
        kg_sandbox_write_all(c->fd, c->job->data.bytes, c->job->data.len)) {
        r->status = KG_ERR_IO;
        kg_reason_set(r->message, sizeof r->message, "cannot write",
                      strerror(errno));
    } else if (r->status == KG_OK) {
        kg_reason_set(r->message, sizeof r->message, "", kg_gv_warnings());
    }
    kg_gv_data_free(&c->job->data);
}

/* Whether what a failed child said looks like the memory limit: an
 * allocation, a thread or a plugin that could not be had. */
static int short_of_memory(const char *text)
{
    static const char *const signs[] = {"memory", "alloc", "thread",
                                        "not recognized", "Cannot"};
    for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
        if (strstr(text, signs[i]))
            return 1;
    return 0;
}

static void out_of_memory(size_t memory, const char *detail, char *err,
                          size_t errlen)
{
    char what[160];
    snprintf(what, sizeof what,
             "Graphviz ran out of memory (it may use %zu MB: "
             "--max-memory)",
             memory >> 20);
    kg_reason_set(err, errlen, what, detail);
}

/* The reason a child that sent no reply stopped; `text` is what it wrote
 * to its standard error. */
static void stopped(kg_sandbox_end end, const char *text, size_t memory,
                    char *err, size_t errlen)
{
    char what[160];
    if (short_of_memory(text)) {
        out_of_memory(memory, text, err, errlen);
        return;
    }
    if (end.signal) /* Graphviz rarely checks malloc */
        snprintf(what, sizeof what,
                 "Graphviz crashed (%s); if the graph is large, it may have "
                 "run out of the %zu MB it may use (--max-memory)",
                 strsignal(end.signal), memory >> 20);
    else
        snprintf(what, sizeof what,
                 "Graphviz stopped without finishing (exit status %d)",
                 end.exit_status);
    kg_reason_set(err, errlen, what, text);
}

/* The child's reply, and its standard error (Pango's complaints and the
 * like) added to the warnings. */
static kg_status replied(job *j, const reply *r, const char *text,
                         size_t memory, char *err, size_t errlen)
{
    kg_reason_set(err, errlen, "", r->message);
    if (r->status == KG_OK)
        kg_reason_add_lines(err, errlen, "Graphviz: ", text);
    if (r->status == KG_ERR_RENDER && short_of_memory(r->message))
        out_of_memory(memory, r->message, err, errlen);
    j->figure = r->figure;
    return (kg_status)r->status;
}

/*
 * Graphviz cannot be interrupted or trusted with memory, so the render
 * runs in a child process (sandbox.h) that writes to the same output and
 * sends back a reply; what a child that sent none died of is told here,
 * in Graphviz's terms.
 */
static kg_status render_bounded(job *j, FILE *out, unsigned timeout,
                                size_t memory, char *err, size_t errlen)
{
    if (fflush(out) != 0) {
        kg_reason_set(err, errlen, "cannot write", strerror(errno));
        return KG_ERR_IO;
    }
    child_job c = {j, fileno(out)};
    kg_sandbox s = {.timeout = timeout,
                    .memory = memory,
                    .prepare = warm_up,
                    .run = render_in_child,
                    .ctx = &c,
                    .reply_size = sizeof(reply)};
    reply r;
    char text[2048];
    kg_sandbox_end end = kg_sandbox_run(&s, &r, text, sizeof text);
    switch (end.how) {
    case KG_SANDBOX_UNSTARTED: return render_here(j, out, err, errlen);
    case KG_SANDBOX_LATE:
        snprintf(err, errlen,
                 "layout with %s took longer than %u seconds; try a longer "
                 "--timeout, another engine (-K), or a smaller part of the "
                 "graph (--focus, --types)",
                 j->engine, timeout);
        return KG_ERR_RENDER;
    case KG_SANDBOX_STOPPED:
        stopped(end, text, memory, err, errlen);
        return KG_ERR_RENDER;
    case KG_SANDBOX_REPLIED: break;
    }
    return replied(j, &r, text, memory, err, errlen);
}

/* ---- The entry points ---- */

/* The shown graph's cycles as the simple undirected graph has them
 * (distinct pairs, self-loops dropped): its edges beyond a spanning
 * forest, which is what makes dot slow.  Parallel edges and isolated
 * nodes cost dot nearly nothing.  -1 when out of memory. */
static long extra_edges(const kg_graph *g)
{
    size_t nslots = 64, pairs = 0;
    while (nslots < (size_t)kg_nrels(g) * 2)
        nslots *= 2;
    uint64_t *slots = kg_calloc(nslots, sizeof *slots); /* pair + 1, 0 empty */
    uint32_t *up = kg_malloc((kg_nents(g) + 1) * sizeof *up);
    if (!slots || !up) {
        free(slots);
        free(up);
        return -1;
    }
    for (uint32_t i = 0; i < kg_nents(g); i++)
        up[i] = i;
    long joins = 0;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        uint32_t a = kg_rel(g, i)->src, b = kg_rel(g, i)->dst;
        if (!kg_edge_shown(g, i) || a == b)
            continue;
        uint64_t key = (uint64_t)(a < b ? a : b) << 32 | (a < b ? b : a);
        size_t j = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (nslots - 1);
        while (slots[j] && slots[j] != key + 1)
            j = (j + 1) & (nslots - 1);
        if (slots[j])
            continue; /* a parallel edge */
        slots[j] = key + 1;
        pairs++;
        uint32_t ra = kg_uf_find(up, a), rb = kg_uf_find(up, b);
        if (ra != rb) {
            up[ra] = rb;
            joins++;
        }
    }
    free(slots);
    free(up);
    return (long)pairs - joins;
}

const char *kg_auto_engine(const kg_graph *g)
{
    if (!g)
        return NULL;
    kg_stats s = kg_graph_stats(g);
    long extra = s.entities <= KG_DOT_MAX_NODES ? extra_edges(g) : -1;
    return extra >= 0 && extra <= KG_DOT_MAX_EXTRA_EDGES ? "dot" : "sfdp";
}

/* Shows the characters XML cannot hold (C0 controls but tab and line
 * ends, DEL, U+FFFE, U+FFFF) as the symbols of Unicode's Control Pictures
 * block (or U+FFFD), in a picture's text: they can only appear inside
 * DOT strings, and a symbol of three bytes keeps those strings intact. */
static char *visible_controls(const char *dot)
{
    kg_buf b;
    kg_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)dot; *p; p++) {
        int nonchar =
            p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
        int control =
            (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F;
        int rc;
        if (nonchar) {
            rc = kg_buf_puts(&b, "\xEF\xBF\xBD");
            p += 2;
        } else if (control) { /* U+2400 + c, U+2421 for DEL */
            unsigned c = *p == 0x7F ? 0x21 : *p;
            char u[3] = {(char)0xE2, (char)(0x90 | c >> 6),
                         (char)(0x80 | (c & 63))};
            rc = kg_buf_append(&b, u, 3);
        } else {
            rc = kg_buf_putc(&b, (char)*p);
        }
        if (rc) {
            kg_buf_free(&b);
            return NULL;
        }
    }
    return b.data ? b.data : kg_strndup("", 0);
}

/* The DOT to render (for a page: kgraph's paper DOT, its key fitted to
 * key_width points), with a picture's controls made visible. */
static char *dot_text(const kg_graph *g, const kg_dot_options *opts,
                      const kg_gv_format *f, double key_width, kg_status *st)
{
    char *dot = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&dot, &len);
    if (!mem) {
        *st = KG_ERR_NOMEM;
        return NULL;
    }
    if (opts && opts->page_width > 0) /* drawn for a page */
        *st = kg_write_dot_paper(g, mem, opts, key_width);
    else
        *st = kg_write_dot(g, mem, opts);
    if (fclose(mem) != 0 && *st == KG_OK)
        *st = KG_ERR_NOMEM;
    if (*st == KG_OK && f->picture) {
        char *shown = visible_controls(dot);
        free(dot);
        dot = shown;
        *st = dot ? KG_OK : KG_ERR_NOMEM;
    }
    if (*st != KG_OK) {
        free(dot);
        return NULL;
    }
    return dot;
}

kg_status kg_render(const kg_graph *g, const kg_dot_options *opts,
                    const char *format, const char *engine, FILE *out)
{
    return kg_render_figure(g, opts, format, engine, out, NULL);
}

kg_status kg_render_figure(const kg_graph *g, const kg_dot_options *opts,
                           const char *format, const char *engine, FILE *out,
                           kg_figure *figure)
{
    char err[2048];
    kg_status st =
        kg_render_quiet(g, opts, format, engine, out, figure, err, sizeof err);
    if (g && st == KG_OK)
        kg_tell_lines(kg_graph_diag(g), KG_WARNING, err);
    else if (g && err[0])
        kg_fail(kg_graph_diag(g), st, "%s", err);
    return st;
}

static kg_status render_locked(const kg_graph *g, const kg_dot_options *opts,
                               const char *format, const char *engine,
                               FILE *out, kg_figure *figure, char *err,
                               size_t errlen);

kg_status kg_render_quiet(const kg_graph *g, const kg_dot_options *opts,
                          const char *format, const char *engine, FILE *out,
                          kg_figure *figure, char *err, size_t errlen)
{
    kg_gv_lock();
    kg_status st =
        render_locked(g, opts, format, engine, out, figure, err, errlen);
    kg_gv_unlock();
    return st;
}

static kg_status render_locked(const kg_graph *g, const kg_dot_options *opts,
                               const char *format, const char *engine,
                               FILE *out, kg_figure *figure, char *err,
                               size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!g || !format || !out)
        return KG_ERR_USAGE;
    const kg_gv_format *f = kg_gv_format_find(format);
    if (!f) {
        kg_reason_set(err, errlen, "kgraph does not render this format",
                      format);
        return KG_ERR_USAGE;
    }
    kg_dot_options o = opts ? *opts : kg_dot_defaults();
    const char *dropped = NULL; /* clusters the engine cannot draw */
    if (engine && o.cluster_by && strcmp(engine, "dot") != 0 &&
        strcmp(engine, "fdp") != 0) {
        dropped = engine;
        o.cluster_by = NULL;
    }
    kg_status st;
    kg_dot_options first = o; /* on a page, the key comes after the choice */
    if (first.page_width > 0)
        first.legend = 0;
    char *dot = dot_text(g, &first, f, 0, &st);
    if (!dot)
        return st;
    job j = {.dot = dot,
             .format = f,
             .engine = engine,
             .auto_engine = kg_auto_engine(g),
             .images = kg_graph_settings(g)->images,
             .page_w = opts ? opts->page_width : 0,
             .page_h = opts ? opts->page_height : 0,
             .page_either = opts ? opts->page_either : 0,
             .page_unit = opts ? opts->page_unit : NULL,
             .legend = o.legend,
             .graph = g,
             .opts = &o,
             .nodes = (long)kg_graph_stats(g).entities};
    size_t memory = opts && opts->max_memory ? opts->max_memory
                                             : kg_sandbox_default_memory();
    /* A stream with a file descriptor is rendered in a child process,
     * which bounds time and memory and keeps a Graphviz crash or leak away
     * from the caller; a memory stream can only be rendered here. */
    if (fileno(out) >= 0)
        st = render_bounded(&j, out, opts ? opts->timeout : 0, memory, err,
                            errlen);
    else
        st = render_here(&j, out, err, errlen);
    if (figure && st == KG_OK)
        *figure = j.figure;
    if (dropped && st == KG_OK) {
        char why[160];
        snprintf(why, sizeof why,
                 "--cluster-by: %s draws no cluster boxes that hold only "
                 "their members; drawn without them (use -K dot or fdp)",
                 dropped);
        kg_reason_add_lines(err, errlen, "", why);
    }
    free(dot);
    return st;
}

kg_status kg_render_text(const char *dot, const kg_dot_options *opts,
                         const char *format, const char *engine, FILE *out,
                         char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    const kg_gv_format *f = kg_gv_format_find(format);
    if (!dot || !out || !engine)
        return KG_ERR_USAGE;
    if (!f) {
        kg_reason_set(err, errlen, "kgraph does not render this format",
                      format);
        return KG_ERR_USAGE;
    }
    char *shown = f->picture ? visible_controls(dot) : kg_strdup(dot);
    if (!shown)
        return KG_ERR_NOMEM;
    kg_dot_options o = opts ? *opts : kg_dot_defaults();
    job j = {.dot = shown,
             .format = f,
             .engine = engine,
             .auto_engine = engine,
             .page_w = o.page_width,
             .page_h = o.page_height,
             .page_either = o.page_either,
             .page_unit = o.page_unit,
             .opts = &o};
    size_t memory = o.max_memory ? o.max_memory : kg_sandbox_default_memory();
    kg_gv_lock();
    kg_status st = fileno(out) >= 0
                       ? render_bounded(&j, out, o.timeout, memory, err, errlen)
                       : render_here(&j, out, err, errlen);
    kg_gv_unlock();
    free(shown);
    return st;
}

int kg_render_has_format(const char *format, char *known, size_t knownlen)
{
    return format && kg_gv_has_plugin("device", format, known, knownlen);
}

int kg_render_has_engine(const char *engine, char *known, size_t knownlen)
{
    return engine && kg_gv_has_plugin("layout", engine, known, knownlen);
}
