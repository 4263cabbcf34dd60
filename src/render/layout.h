/*
 * layout.h - how a figure is laid out: with the engine the caller names, else
 * by kgraph's size rule (kg_auto_engine), else, for a printed page, each
 * candidate way measured on Graphviz's own layout and the one that reads
 * best kept, laid out again with the key under it.
 */
#ifndef KG_LAYOUT_H
#define KG_LAYOUT_H

#include <cgraph.h>

#include "kgraph.h"
#include "render/tries.h"

struct kg_gv_format;

/* What the layout is doing, written as each engine starts and when one
 * fails: for a caller that must name the engine that failed, also in a
 * child it had to kill (the record is then memory the two share). */
typedef struct kg_layout_progress {
    char engine[24]; /* the layout running, or run last ("": none yet) */
    int failed;      /* Graphviz said that layout failed */
    int done;        /* the layout is done: rendering follows */
    char notes[512]; /* candidates skipped and why, a line each */
    /* each candidate timed (kg_layout_try_end) */
    kg_layout_tries tries;
} kg_layout_progress;

/* What to lay out, and for what page. */
typedef struct kg_layout_spec {
    const char *dot; /* kgraph's DOT; on a page, without the key */
    const struct kg_gv_format *format;
    const char *engine;      /* forced, or NULL: kgraph chooses */
    const char *auto_engine; /* kg_auto_engine's, or the engine */
    double page_w, page_h;   /* the text block, in points; 0: none */
    int page_either;         /* either orientation */
    int legend;              /* on a page: the key, added after the choice */
    const kg_graph *graph;   /* on a page with the key: its DOT, again;
                                the rows a failure names (or NULL) */
    const kg_dot_options *opts;
    long nodes; /* entities shown (which candidates are fast enough) */
    kg_layout_progress *progress; /* or NULL */
    const char *failed; /* an engine that failed already: not tried again */
} kg_layout_spec;

/*
 * Lays s->dot out as s says (the caller holds kg_gv_lock) and measures the
 * layout chosen into *figure (for s's page, else an A4 portrait block).
 * Graphviz 2.43 renders with what the last layout left in its context,
 * and only the graph laid out last may be rendered (another one crashes):
 * the graph returned is that one, drawn at the block's size when the
 * figure is fitted and larger.  NULL after saying why in err; the caller
 * frees the graph with agclose (no gvFreeLayout: in 2.43, dot's cleanup
 * frees twice on a graph with a cluster holding a rank=same subgraph,
 * which the key is).
 */
Agraph_t *kg_layout_choose(const kg_layout_spec *s, kg_figure *figure,
                           char *err, size_t errlen);

#endif
