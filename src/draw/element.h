/*
 * element.h - the state of writing a graph as DOT (kg_writer), and its
 * elements: a node, an edge, the graph's defaults (element.c).  Used by
 * the whole file's writer (write_dot.c), clusters (cluster.c) and the key
 * (legend.c); it uses none of them.
 *
 * A kg_writer borrows the graph, the options and the output; it owns its
 * looks (kg_writer_free_looks), its working space (kg_writer_work_free)
 * and its ids (ids, id_at, id_cells: write_dot.c makes and frees them).
 */
#ifndef KG_ELEMENT_H
#define KG_ELEMENT_H

#include <stdio.h>

#include "draw/look_memo.h"
#include "draw/page_plan.h"
#include "graph/store.h"
#include "graph/view.h"
#include "rules/dot.h"
#include "rules/evidence.h"
#include "rules/image.h"
#include "rules/presentation.h"
#include "rules/style.h"

typedef struct kg_writer {
    const kg_graph *g;
    kg_diagsink *diag; /* the graph's: warnings are writing's only change */
    kg_out *out;
    kg_dot_options opts;
    int paper;            /* drawn for a printed page (render.c) */
    int picture;          /* for Graphviz to draw a picture: the data, which
                             no picture shows, is not written */
    double key_width;     /* the key's room, in points; 0: a default */
    const kg_paper *plan; /* folds, keyed types, numbers; or NULL */
    kg_looks looks;       /* the looks found, per type (look_memo.h) */
    /* working space for the element being written: each thread has its
     * own (kg_writer_work_init) */
    kg_buf scratch;
    kg_buf tip;  /* an edge's tooltip, built from its provenance columns */
    kg_buf name; /* a data key with its prefix; a link as written */
    /* the attributes of the element being written, gathered once */
    struct kg_kv {
        const char *key, *value;
        size_t len;                 /* strlen(value) */
        unsigned cls;               /* what the key means to the writer */
        const struct kg_present *p; /* the presentation column, or NULL */
        uint32_t next;              /* index + 1 of the key's next value */
        uint32_t tail;              /* (first item) the key's last item */
        unsigned char first;        /* the key's first item */
        unsigned char drawn;        /* (first item) drawn as its attribute */
        unsigned char escaped;      /* written as data_KEY (presentation.h) */
        unsigned char date;         /* the key holds dates (graph/dates.h) */
        unsigned char bare;         /* the key's length when it is written
                                       as it is (kg_dot_bare), else 0 */
        unsigned char bare_data;    /* the same for data_KEY */
    } * view;
    size_t nview, view_cap;
    unsigned drew;    /* the classes of the attributes the data drew */
    size_t ndrawn;    /* how many items the data drew (any class) */
    unsigned has;     /* the classes of the view's items (load_view) */
    uint32_t *kslots; /* a long view's keys, hashed: item index + 1 */
    size_t nkslots;
    /* per colset (the first few): 1 when its keys are all different and
     * fewer than a view that hashes, 2 when not, 0 not known yet */
    unsigned char distinct[32];
    struct kg_key_class {
        const char *key;
        unsigned cls;
        const struct kg_present *node, *edge;
        unsigned char escaped;
        unsigned char date;
        unsigned char bare, bare_data; /* as struct kg_kv's */
    } classes[256]; /* per interned key, found once (a hash table) */
    size_t nclasses;
    /* per node: its id as DOT then as an SVG id part, "dot\0svg\0" at
     * kg_writer_id ("dot\0\0" when the two are the same); edges name
     * their ends from here.  Nodes from ids_half on are in ids_hi (the
     * two halves are rendered on two threads, and not copied together:
     * the copy was the peak of a large build).  When every id is written
     * as it is, in DOT and in SVG ids, and they are short (e123): no
     * id_at, node e's id at id_cells + e * id_stride instead (a million
     * nodes in 8 MB, not 13) */
    kg_buf ids, ids_hi;
    uint32_t ids_half;
    uint32_t *id_at;
    char *id_cells;
    size_t id_stride;
    unsigned long confidence[3]; /* edges written solid, dashed, dotted
                                    for their confidence (the legend) */
    kg_scale scale;              /* of the graph's confidence values */
    kg_picture_dir pictures;     /* where pictures may come from */
    double wmin, wmax;           /* of its strength or weight values:
                                    line widths when wmax > wmin */
    const char *wkey;            /* the column they come from */
    /* line widths already worked out, by the value they come from (the
     * values are few: weights, strengths); each thread its own */
    struct kg_width_memo {
        char value[12]; /* "" when the entry is empty */
        char width[8];  /* "" when the value gives no width */
    } widths[16];
    kg_present_memo checked; /* presentation values checked, each thread
                                its own */
    /* the shown types' counts for the key (nodes, then edges), made
     * before writing beside the edges' numbers (write_dot.c); NULL: the
     * key counts them itself */
    kg_type_count *type_counts[2];
    size_t ntype_counts[2];
    int nomem;
    int frozen; /* a copy writing on a second thread: memo is only read */
} kg_writer;

/* Node e's id as written in DOT: "dot\0svg\0" as write_dot.c renders
 * it, or in its cell when no id needs rendering (the same in both). */
static inline const char *kg_writer_id(const kg_writer *w, uint32_t e)
{
    if (w->id_cells)
        return w->id_cells + (size_t)e * w->id_stride;
    return (e < w->ids_half ? w->ids.data : w->ids_hi.data) + w->id_at[e];
}

/* Sets up, and frees, w's working space (the view and buffers). */
/* Finds the interned text of every key of the style's looks at once,
 * without the symbols' slots (kg_sym_find_all); 0, or -1 when out of
 * memory. */
int kg_writer_style_keys(kg_writer *w);

void kg_writer_work_init(kg_writer *w);
void kg_writer_work_free(kg_writer *w);

/* The look of an entity type (KG_STYLE_NODE) or relation type. */
const kg_look *kg_writer_look(kg_writer *w, kg_style_kind kind,
                              const char *type);

/* The same, with its keys as interned (NULL for a key no data has);
 * inline: every element asks for its type's. */
static inline const struct look_memo *
kg_writer_memo(kg_writer *w, kg_style_kind kind, const char *type)
{
    return kg_looks_find(&w->looks, w->g, kind, type, w->frozen, &w->nomem);
}

/* Writes entity e's node statement, indented by `indent`. */
void kg_writer_node(kg_writer *w, uint32_t e, const char *indent);

/* Writes relation r's edge statement: n is its number among the edges
 * between the same two ends (1 for the first), `marked` a path edge. */
void kg_writer_edge(kg_writer *w, const kg_relation *r, unsigned long n,
                    int marked);

/* Writes the graph's default attributes: the style sheet's graph, node
 * and edge defaults, the title, the images folder, the resolution. */
void kg_writer_graph_attrs(kg_writer *w);

/* Frees the looks w found (kg_writer_memo). */
void kg_writer_free_looks(kg_writer *w);

/* The marks of a change (KG_CHANGE_*, graph.h) on an entity or a
 * relation (`edge`): the look's keys they replace, and the attributes
 * themselves; the colour of each. */
const char *const *kg_change_keys(int change, int edge);
void kg_write_change(kg_dot_attrs *a, int change, int edge);
extern const char *const kg_change_colour[];

#endif
