/*
 * write_dot.c - the whole graph as DOT (kg_write_dot): the graph's
 * defaults, the nodes (clustered first), the edges, then the key.
 *
 * Output order is input order: unclustered nodes (entities as first seen,
 * then nodes made for unmatched relation ends), clusters, edges (relation
 * rows), then the legend.  Long runs of nodes and edges are formatted on
 * two threads and written in order (util/chunks.h); what every element
 * needs from the whole graph (its type's look, the number of an edge
 * among those between the same ends, each node's id as written) is found
 * before, so that any chunk can be written on its own.
 */
#include "draw/write_dot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "draw/cluster.h"
#include "draw/element.h"
#include "draw/legend.h"
#include "draw/line_values.h"
#include "graph/lifetime.h"
#include "graph/view.h"
#include "rules/dot.h"
#include "rules/escape.h"
#include "util/chunks.h"
#include "util/parallel.h"

/* ---- Parallel edges ---- */

/*
 * Edge ids number the edges between the same two ends (e-a-b-1, e-a-b-2)
 * in row order.  Most pairs have one edge, so no table of every pair is
 * kept: a first pass marks each pair's hash in a bitset, and a second bit
 * where a hash comes again (a repeated pair, or two pairs that share a
 * hash).  Only edges on such hashes are counted exactly, in a small table
 * made once, at its size: those edges are counted while the bits are
 * set.  The bitsets are 16 bits per edge, and stay in the cache far
 * better than a table of millions of pairs.
 */
typedef struct pair {
    uint32_t src, dst;
    uint32_t n; /* edges so far (less than kg_nrels, a uint32_t) */
} pair;

typedef struct pair_counter {
    uint64_t *once, *again; /* bitsets over hashed pairs (once only while
                               they are made) */
    size_t nbits;
    pair *slots; /* the exact counts, for hashes in `again`; at most half
                    full, so never grown */
    size_t nslots;
} pair_counter;

static uint64_t pair_hash(const kg_relation *r)
{
    uint64_t h = ((uint64_t)r->src << 32 | r->dst) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

/* The bitsets are megabytes, read at random: the word of relation i's
 * pair is fetched some relations ahead. */
enum { PAIR_AHEAD = 16 };

static void prefetch_pair(const uint64_t *bits, size_t nbits, const kg_graph *g,
                          size_t i)
{
    if (i < kg_nrels(g))
        kg_prefetch(
            &bits[(pair_hash(kg_rel(g, (uint32_t)i)) & (nbits - 1)) >> 6]);
}

static int pairs_init(pair_counter *pc, const kg_graph *g)
{
    memset(pc, 0, sizeof *pc);
    pc->nbits = 1024;
    while (pc->nbits < kg_nrels(g) * 16)
        pc->nbits *= 2;
    pc->once = kg_big_calloc(pc->nbits / 8);
    pc->again = kg_big_calloc(pc->nbits / 8);
    if (!pc->once || !pc->again)
        return -1;
    /* the edges counted exactly: each that finds its hash marked, and
     * the first on each hash marked again (counted below) */
    size_t counted = 0;
    for (uint32_t i = 0; i < kg_nrels(g); i++) {
        prefetch_pair(pc->once, pc->nbits, g, i + PAIR_AHEAD);
        if (!kg_edge_shown(g, i))
            continue;
        uint64_t b = pair_hash(kg_rel(g, i)) & (pc->nbits - 1);
        uint64_t bit = 1ull << (b & 63);
        if (pc->once[b >> 6] & bit) {
            pc->again[b >> 6] |= bit;
            counted++;
        }
        pc->once[b >> 6] |= bit;
    }
    /* counting reads `again` only: `once` would sit beside the exact
     * table, at the writer's peak */
    kg_big_free(pc->once, pc->nbits / 8);
    pc->once = NULL;
    if (!counted)
        return 0;
    for (size_t w = 0; w < pc->nbits / 64; w++)
        counted += (size_t)__builtin_popcountll(pc->again[w]);
    pc->nslots = 1024;
    while (pc->nslots < counted * 2)
        pc->nslots *= 2;
    pc->slots = kg_big_calloc(pc->nslots * sizeof *pc->slots);
    return pc->slots ? 0 : -1;
}

static void pairs_free(pair_counter *pc)
{
    kg_big_free(pc->once, pc->nbits / 8);
    kg_big_free(pc->again, pc->nbits / 8);
    kg_big_free(pc->slots, pc->nslots * sizeof *pc->slots);
}

/* The number of this edge among those between its two ends so far (it
 * included), for an edge whose hash is marked again. */
static uint32_t pair_count(pair_counter *pc, const kg_relation *r)
{
    size_t j = (pair_hash(r) >> 32) & (pc->nslots - 1);
    while (pc->slots[j].n &&
           (pc->slots[j].src != r->src || pc->slots[j].dst != r->dst))
        j = (j + 1) & (pc->nslots - 1);
    pc->slots[j] = (pair){r->src, r->dst, pc->slots[j].n + 1};
    return pc->slots[j].n;
}

/* Edges name their ends at random among millions of nodes: what edge i
 * needs is fetched some edges ahead, in two steps (its ends' entities,
 * then their ids), so that the cache misses overlap. */
enum { AHEAD = 16 };

static void prefetch_edge(const kg_writer *w, size_t i, int step)
{
    const kg_graph *g = w->g;
    if (i >= kg_nrels(g))
        return;
    const kg_relation *r = kg_rel(g, i);
    if (step == 0 && w->id_cells) {
        kg_prefetch(kg_writer_id(w, r->src));
        kg_prefetch(kg_writer_id(w, r->dst));
    } else if (step == 0) {
        kg_prefetch(&w->id_at[r->src]);
        kg_prefetch(&w->id_at[r->dst]);
    } else { /* strlen loads 32 bytes at once: the next line too */
        const char *src = kg_writer_id(w, r->src);
        const char *dst = kg_writer_id(w, r->dst);
        kg_prefetch(src);
        kg_prefetch(src + 31);
        kg_prefetch(dst);
        kg_prefetch(dst + 31);
    }
}

/* The ids of nodes [from, to), rendered into `text`; id_at[i] is where
 * node i's id begins there. */
typedef struct id_range {
    const kg_graph *g;
    uint32_t from, to;
    kg_buf *text;
    uint32_t *id_at;
    int failed;
} id_range;

static void render_range(void *arg)
{
    id_range *r = arg;
    const kg_graph *g = r->g;
    kg_out *o = kg_malloc(sizeof *o);
    if (!o) {
        r->failed = 1;
        return;
    }
    kg_out_init_mem(o, r->text);
    kg_buf svg;
    kg_buf_init(&svg);
    for (uint32_t i = r->from; i < r->to && !o->err; i++) {
        if (!kg_node_shown(g, i))
            continue;
        kg_out_flush(o);
        if (r->text->len > UINT32_MAX - (1u << 21)) { /* 4 GB of ids */
            o->err = ENOMEM;
            break;
        }
        r->id_at[i] = (uint32_t)r->text->len;
        size_t at = r->text->len;
        kg_buf_clear(&svg);
        kg_dot_id(o, kg_ent_id(g, kg_ent(g, i)));
        kg_out_flush(o);
        const char *dot = r->text->data ? r->text->data + at : "";
        size_t dot_len = r->text->len - at;
        if (kg_svg_id(&svg, "", kg_ent_id(g, kg_ent(g, i)))) {
            o->err = ENOMEM;
            break;
        }
        /* compared before writing on: a write may move r->text */
        int same = svg.len == dot_len && memcmp(svg.data, dot, dot_len) == 0;
        kg_out_putc(o, '\0');
        if (!same)
            kg_out_write(o, svg.data, svg.len);
        kg_out_putc(o, '\0');
    }
    r->failed |= kg_out_flush(o) != 0;
    free(o);
    kg_buf_free(&svg);
}

/* Whether every shown node of [from, to) has an id written as it is, in
 * DOT and as an SVG id part (e123, most large graphs' ids); the longest,
 * and what they would cost rendered (text and offset). */
typedef struct raw_range {
    const kg_graph *g;
    uint32_t from, to;
    int raw;
    size_t longest, rendered;
} raw_range;

static void check_raw(void *arg)
{
    raw_range *r = arg;
    const kg_graph *g = r->g;
    r->raw = 1;
    for (uint32_t i = r->from; i < r->to && r->raw; i++) {
        if (!kg_node_shown(g, i))
            continue;
        const char *id = kg_ent_id(g, kg_ent(g, i));
        size_t len = strlen(id);
        r->longest = len > r->longest ? len : r->longest;
        r->rendered += len + 2 + sizeof(uint32_t);
        /* kg_dot_id and kg_svg_id would write it as it is */
        r->raw = kg_dot_bare(id, len) && kg_svg_plain_run(id) == len;
    }
}

/* Each shown node's id as DOT and as an SVG id part, once: edges name
 * their ends at random among millions of nodes, and reading a short
 * string from here beats reading the entity, then its id, then escaping
 * it again for every edge.  A large graph's ids are rendered in two
 * halves on two threads, each into its own text; ids written as they are
 * go into cells of one size instead, when that is smaller. */
static int render_ids(kg_writer *w)
{
    const kg_graph *g = w->g;
    uint32_t n = (uint32_t)kg_nents(g), half = n / 2;
    raw_range ra = {g, 0, n, 0, 0, 0}, rb = {g, half, n, 1, 0, 0};
    if (half < kg_graph_settings(g)->writer_chunk) {
        check_raw(&ra);
    } else {
        ra.to = half;
        kg_parallel(check_raw, &ra, &rb);
    }
    size_t stride = (ra.longest > rb.longest ? ra.longest : rb.longest) + 1;
    if (ra.raw && rb.raw && n && stride * n <= ra.rendered + rb.rendered) {
        /* a cell each, found without an offset (one cache miss an end) */
        w->id_cells = kg_big_calloc(stride * n);
        if (!w->id_cells)
            return -1;
        w->id_stride = stride;
        for (uint32_t i = 0; i < n; i++) {
            if (!kg_node_shown(g, i))
                continue;
            const char *id = kg_ent_id(g, kg_ent(g, i));
            memcpy(w->id_cells + (size_t)i * stride, id, strlen(id));
        }
        return 0;
    }
    w->id_at = kg_big_calloc((kg_nents(g) + 1) * sizeof *w->id_at);
    if (!w->id_at)
        return -1;
    id_range a = {g, 0, n, &w->ids, w->id_at, 0};
    w->ids_half = n;
    if (half < kg_graph_settings(g)->writer_chunk) {
        render_range(&a);
        return a.failed ? -1 : 0;
    }
    id_range b = {g, half, n, &w->ids_hi, w->id_at, 0};
    a.to = half;
    w->ids_half = half;
    kg_parallel(render_range, &a, &b);
    return a.failed || b.failed ? -1 : 0;
}

/* The edges whose number is not 1, in row order: found before writing,
 * so that any chunk of edges can be written on its own. */
typedef struct numbered {
    uint32_t rel;
    uint32_t n;
} numbered;

typedef struct edge_run {
    numbered *v;
    size_t n, cap;
} edge_run;

/* One pass in row order: the numbers of edges whose pair hash repeats,
 * and the look of each relation type (read-only while writing). */
static int number_edges(kg_writer *w, edge_run *er)
{
    const kg_graph *g = w->g;
    pair_counter pc;
    int rc = pairs_init(&pc, g);
    uint32_t last = KG_NONE - 1; /* no type is that symbol */
    for (uint32_t i = 0; i < kg_nrels(g) && rc == 0; i++) {
        const kg_relation *r = kg_rel(g, i);
        prefetch_pair(pc.again, pc.nbits, g, i + PAIR_AHEAD);
        if (!kg_edge_shown(g, i))
            continue;
        if (r->type != last)
            kg_writer_memo(w, KG_STYLE_EDGE, kg_rel_type(g, r));
        last = r->type;
        uint64_t b = pair_hash(r) & (pc.nbits - 1);
        if (!pc.slots || !(pc.again[b >> 6] & 1ull << (b & 63)))
            continue; /* no table: no hash marked again */
        uint32_t n = pair_count(&pc, r);
        if (n < 2)
            continue;
        if (kg_grow((void **)&er->v, &er->cap, er->n + 1, sizeof *er->v))
            rc = -1;
        else
            er->v[er->n++] = (numbered){i, n};
    }
    pairs_free(&pc);
    return rc;
}

/* Before writing, passes over the graph that only read it: the edges'
 * numbers (and the looks of their types) on this thread; the relations'
 * values on the whole (kg_writer_scan) and, for the key, the types'
 * counts beside, on a second thread for a large graph.  The two halves
 * set different fields of the writer. */
typedef struct prelude {
    kg_writer *w;
    edge_run *er; /* NULL: the second half */
    int legend;
    int rc;
} prelude;

static void prelude_half(void *arg)
{
    prelude *p = arg;
    kg_writer *w = p->w;
    int k = p->er ? 0 : 1; /* the nodes' types here, the edges' there */
    if (p->er)
        p->rc = number_edges(w, p->er);
    else
        kg_writer_scan(w);
    if (p->legend)
        w->type_counts[k] = kg_graph_count_types(w->g, k, &w->ntype_counts[k]);
}

static int prelude_run(kg_writer *w, edge_run *er)
{
    int legend = w->opts.legend && kg_nents(w->g);
    prelude a = {w, er, legend, 0}, b = {w, NULL, legend, 0};
    if (kg_nrels(w->g) / 2 < kg_graph_settings(w->g)->writer_chunk) {
        prelude_half(&b);
        prelude_half(&a);
    } else {
        kg_parallel(prelude_half, &a, &b);
    }
    return a.rc;
}

static int edge_range(kg_writer *w, size_t from, size_t to, void *ctx)
{
    const edge_run *er = ctx;
    const kg_graph *g = w->g;
    size_t lo = 0, hi = er->n; /* the first numbered edge at or after from */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (er->v[mid].rel < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = from; i < to; i++) {
        prefetch_edge(w, i + AHEAD, 0);
        prefetch_edge(w, i + AHEAD / 2, 1);
        if (!kg_edge_shown(g, (uint32_t)i))
            continue;
        if (w->plan && w->plan->draw[i] != i) /* drawn by another line */
            continue;
        unsigned long n = 1;
        if (lo < er->n && er->v[lo].rel == i)
            n = er->v[lo++].n;
        kg_writer_edge(w, kg_rel(g, i), n, kg_edge_marked(g, i));
    }
    return 0;
}

/* ---- Long runs on two threads ---- */

/* A run of nodes or edges, formatted by fn(w, from, to, ctx) with the
 * caller's writer, or with a copy of it on each thread (util/chunks.h). */
typedef int (*range_fn)(kg_writer *w, size_t from, size_t to, void *ctx);

typedef struct run {
    kg_writer *w;
    range_fn fn;
    void *ctx;
} run;

/* A copy of the writer that shares only what is read-only while writing:
 * its own view, scratch text, output and counts; looks only read
 * (`frozen`: every look a run needs is found before it). */
static void *run_worker(void *self, kg_out *out)
{
    const run *r = self;
    run *c = kg_malloc(sizeof *c);
    kg_writer *w = kg_malloc(sizeof *w);
    if (!c || !w) {
        free(c);
        free(w);
        return NULL;
    }
    *w = *r->w;
    w->out = out;
    w->frozen = 1;
    kg_writer_work_init(w);
    memset(w->confidence, 0, sizeof w->confidence);
    w->nomem = 0;
    *c = (run){w, r->fn, r->ctx};
    return c;
}

static int run_format(void *worker, size_t from, size_t to)
{
    const run *r = worker;
    return r->fn(r->w, from, to, r->ctx);
}

static void run_done(void *self, void *worker)
{
    kg_writer *w = ((run *)self)->w, *c = ((run *)worker)->w;
    for (int k = 0; k < 3; k++)
        w->confidence[k] += c->confidence[k];
    w->nomem |= c->nomem;
    kg_writer_work_free(c);
    free(c);
    free(worker);
}

static int write_run(kg_writer *w, size_t n, range_fn fn, void *ctx)
{
    run self = {w, fn, ctx};
    kg_chunk_job job = {.n = n,
                        .chunk = kg_graph_settings(w->g)->writer_chunk,
                        .out = w->out,
                        .self = &self,
                        .worker_new = run_worker,
                        .format = run_format,
                        .worker_done = run_done};
    return kg_chunks_write(&job);
}

/* ---- The graph ---- */

kg_dot_options kg_dot_defaults(void)
{
    return (kg_dot_options){.legend = 1};
}

/* ctx: what is written already or not shown (clusters), or NULL: the
 * nodes not shown only */
static int node_range(kg_writer *w, size_t from, size_t to, void *ctx)
{
    const unsigned char *done = ctx;
    for (size_t i = from; i < to; i++)
        if (done ? !done[i] : kg_node_shown(w->g, (uint32_t)i))
            kg_writer_node(w, (uint32_t)i, "  ");
    return 0;
}

static int write_nodes(kg_writer *w)
{
    const kg_graph *g = w->g;
    unsigned char *done = NULL; /* a byte a node, for clusters only */
    if (w->opts.cluster_by) {
        done = kg_calloc(kg_nents(g) ? kg_nents(g) : 1, 1);
        if (!done)
            return -1;
        for (size_t i = 0; i < kg_nents(g); i++)
            done[i] = !kg_node_shown(g, (uint32_t)i);
    }
    int rc = done ? kg_write_clusters(w, done) : 0;
    uint32_t last = KG_NONE - 1;               /* no type is that symbol */
    for (size_t i = 0; i < kg_nents(g); i++) { /* the looks, before writing */
        if ((done ? done[i] : !kg_node_shown(g, (uint32_t)i)) ||
            (kg_ent(g, i)->type == last && !kg_graph_any_untyped(g)))
            continue;
        last = kg_ent(g, i)->type;
        kg_writer_memo(w, KG_STYLE_NODE, kg_ent_look_type(g, (uint32_t)i));
    }
    if (rc == 0)
        rc = write_run(w, kg_nents(g), node_range, done);
    free(done);
    return rc;
}

static kg_status write_dot(const kg_graph *g, FILE *out,
                           const kg_dot_options *opts, int paper, int picture,
                           double key_width)
{
    if (!g || !out || !kg_graph_resolved(g))
        return KG_ERR_USAGE;
    kg_dot_options o_ = opts ? *opts : kg_dot_defaults();
    kg_paper plan;
    int planned = paper || o_.cite;
    if (planned && kg_paper_plan(&plan, g, paper, o_.cite))
        return KG_ERR_NOMEM;
    kg_out *o = kg_malloc(sizeof *o);
    if (!o) {
        if (planned)
            kg_paper_free(&plan);
        return KG_ERR_NOMEM;
    }
    kg_out_init(o, out);
    /* diagnostics are the one thing writing changes in the graph (a
     * value too deep for --cluster-by) */
    kg_writer w = {.g = g,
                   .diag = kg_graph_diag(g),
                   .out = o,
                   .opts = o_,
                   .paper = paper,
                   .picture = picture,
                   .key_width = key_width,
                   .plan = planned ? &plan : NULL};
    kg_writer_work_init(&w);
    kg_out_puts(o, "digraph ");
    kg_dot_id(o, w.opts.title ? w.opts.title : "kgraph");
    kg_out_puts(o, " {\n");
    kg_writer_graph_attrs(&w);
    kg_buf_init(&w.ids);
    kg_buf_init(&w.ids_hi);
    /* edges are numbered before the ids are rendered, not beside: the
     * numbering's bitsets and the id table together were the peak of a
     * large build */
    /* the key alone: entities and relations are written, for what the key
     * counts, to nowhere (an output without a stream) */
    kg_out sink;
    kg_out_init(&sink, NULL);
    if (w.opts.legend == KG_LEGEND_ONLY)
        w.out = &sink;
    edge_run er = {NULL, 0, 0};
    /* the looks' keys found at once: the symbols' slots are not made
     * again for them (kg_resolve dropped them: 8 MiB at 1M) */
    int rc = kg_writer_style_keys(&w);
    if (rc == 0)
        rc = prelude_run(&w, &er);
    if (rc == 0)
        rc = render_ids(&w);
    if (rc == 0)
        rc = write_nodes(&w);
    if (rc == 0)
        rc = write_run(&w, kg_nrels(g), edge_range, &er);
    free(er.v);
    if (w.out == &sink)
        w.out = o;
    if (rc == 0 && w.opts.legend && kg_nents(g))
        rc = kg_write_legend(&w);
    kg_out_puts(o, "}\n");
    int failed = kg_out_flush(o) ? o->err : 0;
    free(o);
    kg_buf_free(&w.ids);
    kg_buf_free(&w.ids_hi);
    kg_big_free(w.id_at, (kg_nents(g) + 1) * sizeof *w.id_at);
    free(w.type_counts[0]); /* when the key did not take them */
    free(w.type_counts[1]);
    kg_big_free(w.id_cells, w.id_stride * kg_nents(g));
    kg_writer_free_looks(&w);
    kg_writer_work_free(&w);
    if (planned)
        kg_paper_free(&plan);
    if (rc || w.nomem)
        return kg_fail(kg_graph_diag(g), KG_ERR_NOMEM, "out of memory");
    return kg_stream_end(kg_graph_diag(g), out, failed);
}

/* A whole DOT file, not for paper, timed as "write dot". */
static kg_status write_dot_timed(const kg_graph *g, FILE *out,
                                 const kg_dot_options *opts, int picture)
{
    kg_clock c = kg_graph_clock(g);
    kg_status st = write_dot(g, out, opts, 0, picture, 0);
    kg_graph_timed(g, c, "write", "dot");
    return st;
}

kg_status kg_write_dot(const kg_graph *g, FILE *out, const kg_dot_options *opts)
{
    return write_dot_timed(g, out, opts, 0);
}

kg_status kg_write_dot_paper(const kg_graph *g, FILE *out,
                             const kg_dot_options *opts, double key_width)
{
    return write_dot(g, out, opts, 1, 0, key_width);
}

kg_status kg_write_dot_picture(const kg_graph *g, FILE *out,
                               const kg_dot_options *opts, int paper,
                               double key_width)
{
    if (paper)
        return write_dot(g, out, opts, 1, 1, key_width);
    return write_dot_timed(g, out, opts, 1);
}
