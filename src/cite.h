/*
 * cite.h - numbered sources (--cite): which relations carry evidence or a
 * citation, their numbers, and the table a report prints under a figure.
 */
#ifndef KG_CITE_H
#define KG_CITE_H

#include "graph.h"

/*
 * Per relation, its source number, counted from 1 over every relation
 * with evidence or a citation in input order (shown or not, so that two
 * figures made from the same inputs number alike), 0 for one without.
 * A malloc'd array of g->nrels items (at least one), or NULL when out of
 * memory.
 */
uint32_t *kg_cite_numbers(const kg_graph *g);

/* Whether relation r has a column that says where it comes from. */
int kg_cite_has_source(const kg_graph *g, const kg_relation *r);

#endif
