/*
 * from_code.h - what building from code (from_code.c: kg_add_relation,
 * kg_set_relation_attr) checks and says of a relation row, without
 * adding it: for a caller that folds rows into one relation itself (an
 * overview, graph/edges.h) and says of each what adding it would have.
 */
#ifndef KG_GRAPH_FROM_CODE_H
#define KG_GRAPH_FROM_CODE_H

#include "kgraph.h"

/* What kg_add_relation(g, ..., type, ...) says of the type. */
void kg_check_relation_type(kg_graph *g, const char *type);

/* What kg_set_relation_attr(g, r, key, value) checks and says; `fresh`:
 * value is not among the row's values yet (its text is checked then, as
 * when it is added).  KG_OK, KG_ERR_USAGE (no valid key or value; g
 * closed) or KG_ERR_NOMEM, as kg_set_relation_attr would return. */
kg_status kg_check_relation_attr(kg_graph *g, const char *key,
                                 const char *value, int fresh);

#endif
