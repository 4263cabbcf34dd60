/*
 * writer.h - writing the graph as DOT: shared by the writer itself
 * (writer.c), the legend (legend.c) and clusters (cluster.c).
 */
#ifndef KG_WRITER_H
#define KG_WRITER_H

#include <stdio.h>

#include "draw/paper.h"
#include "graph/graph.h"
#include "rules/dot.h"
#include "rules/evidence.h"
#include "rules/style.h"

typedef struct kg_writer {
    const kg_graph *g;
    kg_diagsink *diag; /* the graph's: warnings are writing's only change */
    kg_out *out;
    kg_dot_options opts;
    int paper;            /* drawn for a printed page (render.c) */
    double key_width;     /* the key's room, in points; 0: a default */
    const kg_paper *plan; /* folds, keyed types, numbers; or NULL */
    /* looks already found, per interned type (types are few) */
    struct look_memo {
        const char *type;
        kg_style_kind kind;
        const kg_look *look;
        const char **ikeys; /* the look's keys as interned, or NULL */
        char **pairs;       /* the look's pairs as DOT, or NULL */
        char *type_pair;    /* type=..., for a relation type (or NULL) */
        char *label_pair;   /* label="..." it shows when it has no label */
    } * memo;
    size_t nmemo, memo_cap;
    struct look_memo fallback; /* when the memo cannot grow */
    /* working space for the element being written: each thread has its
     * own (kg_writer_work_init) */
    kg_buf scratch;
    kg_buf tip;  /* an edge's tooltip, built from its provenance columns */
    kg_buf name; /* a data key with its prefix; a link as written */
    /* the attributes of the element being written, gathered once */
    struct kg_kv {
        const char *key, *value;
        unsigned cls;               /* what the key means to the writer */
        const struct kg_present *p; /* the presentation column, or NULL */
        uint32_t next;              /* index + 1 of the key's next value */
        uint32_t tail;              /* (first item) the key's last item */
        unsigned char first;        /* the key's first item */
        unsigned char drawn;        /* (first item) drawn as its attribute */
        unsigned char escaped;      /* written as data_KEY (present.h) */
    } * view;
    size_t nview, view_cap;
    unsigned drew;    /* the classes of the attributes the data drew */
    uint32_t *kslots; /* a long view's keys, hashed: item index + 1 */
    size_t nkslots;
    struct kg_key_class {
        const char *key;
        unsigned cls;
        const struct kg_present *node, *edge;
        unsigned char escaped;
    } classes[256]; /* per interned key, found once (a hash table) */
    size_t nclasses;
    /* per node: its id as DOT then as an SVG id part, "dot\0svg\0" at
     * ids.data + id_at[e] ("dot\0\0" when the two are the same); edges
     * name their ends from here */
    kg_buf ids;
    uint32_t *id_at;
    unsigned long confidence[3]; /* edges written solid, dashed, dotted
                                    for their confidence (the legend) */
    kg_scale scale;              /* of the graph's confidence values */
    double wmin, wmax;           /* of its strength or weight values:
                                    line widths when wmax > wmin */
    const char *wkey;            /* the column they come from */
    int nomem;
    int frozen; /* a copy writing on a second thread: memo is only read */
} kg_writer;

/* Sets up, and frees, w's working space (the view and buffers). */
void kg_writer_work_init(kg_writer *w);
void kg_writer_work_free(kg_writer *w);

/* The look of an entity type (KG_STYLE_NODE) or relation type. */
const kg_look *kg_writer_look(kg_writer *w, kg_style_kind kind,
                              const char *type);

/* The same, with its keys as interned (NULL for a key no data has). */
const struct look_memo *kg_writer_memo(kg_writer *w, kg_style_kind kind,
                                       const char *type);

/* Writes entity e's node statement, indented by `indent`. */
void kg_writer_node(kg_writer *w, uint32_t e, const char *indent);

/* Writes the nodes grouped by opts.cluster_by into nested clusters and
 * sets done[e] for each; nodes without a value are left to the caller. */
int kg_write_clusters(kg_writer *w, unsigned char *done);

/* Writes the legend: the key of entity looks, relation types (on paper,
 * the keyed ones) and confidence, as the graph's label under the drawing
 * (after the edges: it counts what they showed). */
int kg_write_legend(kg_writer *w);

/* kg_write_dot for a printed page: names wrapped, relations folded and
 * keyed (paper.h), the key fitted to `key_width` points (0: a default). */
kg_status kg_write_dot_paper(const kg_graph *g, FILE *out,
                             const kg_dot_options *opts, double key_width);

/*
 * Writes items [0, n) of a run (nodes, edges) as fn(w, from, to, ctx)
 * writes them, on two threads (writer_split.c): chunks of
 * g->writer_chunk items are formatted by either thread with a copy of w
 * (its own view, scratch, output and counts, `frozen`), and passed to
 * w->out in order, so the text is the same as fn(w, 0, n, ctx).  fn may
 * change nothing shared: every look it needs must be in w->memo already.
 * Returns 0, or -1 when fn failed or memory ran out.
 */
typedef int (*kg_writer_range_fn)(kg_writer *w, size_t from, size_t to,
                                  void *ctx);
int kg_writer_split(kg_writer *w, size_t n, kg_writer_range_fn fn, void *ctx);

/* The marks of a change (KG_CHANGE_*, graph.h) on an entity or a
 * relation (`edge`): the look's keys they replace, and the attributes
 * themselves; the colour of each. */
const char *const *kg_change_keys(int change, int edge);
void kg_write_change(kg_dot_attrs *a, int change, int edge);
extern const char *const kg_change_colour[];

/* The confidence scale of g's shown relations, as the writer finds it. */
kg_scale kg_writer_scale(const kg_graph *g);

/* A node name for legend item `i` that no entity uses. */
void kg_writer_fresh_id(kg_writer *w, const char *base, size_t i, kg_buf *id);

#endif
