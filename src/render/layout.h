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

/* The most candidates a page's trial has (layout.c). */
enum { KG_LAYOUT_CANDIDATES = 8 };

/* What became of one candidate of a page's trial. */
typedef enum kg_layout_state {
    KG_LAYOUT_UNTRIED,
    KG_LAYOUT_MEASURED,  /* laid out and measured: mark's fields kept */
    KG_LAYOUT_FAILED,    /* Graphviz failed, or its child died, laying it
                            out: skipped */
    KG_LAYOUT_KEY_FAILED /* measured, but its child died laying it out
                            again with the key: not drawn */
} kg_layout_state;

/* A candidate's state and what its layout found, enough to choose among
 * the candidates without laying one out again. */
typedef struct kg_layout_mark {
    int state;        /* a kg_layout_state */
    int turned;       /* drawn turned a quarter */
    double sx, sy;    /* a spread drawing's scales */
    double width;     /* the room its key gets */
    kg_figure figure; /* how it reads */
} kg_layout_mark;

/* What the layout is doing, written as each engine starts and when one
 * fails: for a caller that must name the engine that failed, also in a
 * child it had to kill (the record is then memory the two share).  A
 * page's trial keeps each candidate's mark here as it ends, and which one
 * is running: when the child dies in one (a crash, the memory limit), the
 * caller marks it failed and starts another child, which takes the marks
 * of those before instead of laying them out again and goes on with the
 * next: the same choice as if the candidate had failed in Graphviz. */
typedef struct kg_layout_progress {
    char engine[24]; /* the layout running, or run last ("": none yet) */
    int failed;      /* Graphviz said that layout failed */
    int done;        /* the layout is done: rendering follows */
    int candidates;  /* how many the trial has */
    int running;     /* the candidate being laid out, from 1; 0: none */
    int keyed;       /* running is being laid out again with the key */
    char notes[512]; /* candidates skipped and why, a line each */
    kg_layout_mark marks[KG_LAYOUT_CANDIDATES];
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
    /* Tests only (NULL otherwise): called as each candidate of a page's
     * trial starts, with its name, and as one is laid out again with the
     * key ("dot with the key"); it may end the process as a crash would,
     * or return 1 to have that layout fail as when Graphviz says it
     * failed. */
    int (*test_candidate)(const char *name);
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
