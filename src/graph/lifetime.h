/*
 * lifetime.h - a graph's life, settings and state, for the layers above
 * (lifetime.c); kg_graph_new, kg_graph_free and the kg_graph_set_* calls
 * are kgraph.h's.
 */
#ifndef KG_LIFETIME_H
#define KG_LIFETIME_H

#include "graph/store.h"
#include "util/timing.h"

/* The settings the graph's calls read (kgraph.h's kg_graph_set_*). */
const kg_settings *kg_graph_settings(const kg_graph *g);

/* Sets where work goes to a second thread (kg_settings); 0 leaves one as
 * it is.  For the tests, which make both small. */
void kg_graph_tune(kg_graph *g, size_t link_half_min, size_t writer_chunk);

/* The graph's diagnostic sink: warnings and errors about it go there,
 * counted, even from calls that only read the graph. */
kg_diagsink *kg_graph_diag(const kg_graph *g);

/* A phase of a call on g begins / ends: measured for g's timing callback
 * (kg_graph_set_timings; util/timing.h), nothing when it has none or g
 * is NULL.  `subject` may be NULL. */
kg_clock kg_graph_clock(const kg_graph *g);
void kg_graph_timed(const kg_graph *g, kg_clock c, const char *phase,
                    const char *subject);

/* Makes `out` (a graph made from g: an overview, a graph of changes) say
 * what it says as g does: to g's callback, with g's setting names.  A
 * name that cannot be copied stays the library's own. */
void kg_graph_speak_as(kg_graph *out, const kg_graph *g);

/* The graph's counts of rows, merges... (kg_graph_stats adds the rest),
 * for loading to add to. */
kg_stats *kg_graph_counts(kg_graph *g);

/* The style sheet looks come from: the theme, and the sheets loaded. */
const struct kg_stylesheet *kg_graph_style(const kg_graph *g);

/* Whether kg_resolve has run (ends are entities, merges are done). */
int kg_graph_resolved(const kg_graph *g);

/* Whether g may be changed by loading or code (not resolved, not broken). */
int kg_graph_open(const kg_graph *g);

/*
 * A call that changes the graph (loading, resolving, folding, filtering)
 * ran out of memory halfway: the graph is left half changed, so from now
 * on it may only be freed (and its counts read); every other call is
 * KG_ERR_USAGE.  Returns KG_ERR_NOMEM for the call to return.
 */
kg_status kg_graph_broke(kg_graph *g);

#endif
