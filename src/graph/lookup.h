/*
 * lookup.h - symbols found by their text after loading (lookup.c).
 */
#ifndef KG_GRAPH_LOOKUP_H
#define KG_GRAPH_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph.h"

/* The symbol for s, or KG_NONE.  Makes the symbols' slots again when
 * kg_resolve left them dropped (safe on any thread). */
uint32_t kg_sym_find(const kg_graph *g, const char *s);
/* The symbols of n keys (KG_NONE each not interned), without making the
 * slots again when they are dropped: one pass over the symbols instead,
 * for a writer with a few keys that must not hold the slots. */
void kg_sym_find_all(const kg_graph *g, const char *const *keys, size_t n,
                     uint32_t *ys);
/* Whether the symbols have their slots now (for tests). */
int kg_graph_sym_slots(const kg_graph *g);

#endif
