/*
 * cells.h - the cell store: the relations' rows' cells, copied into pages
 * of KG_CELL_PAGE bytes that never move (cells.c; read with kg_rel_cells,
 * store.h).  Owned by the graph: kg_graph_cells_free (lifetime.c) gives
 * the pages back.
 */
#ifndef KG_GRAPH_CELLS_H
#define KG_GRAPH_CELLS_H

#include "graph/store.h"

/* The same block shared by relations (a row with a list of targets makes
 * several), copied into the cell store: returns where (for
 * kg_graph_relation_cells), or 0 when out of memory or the store is full
 * (4 GiB). */
uint32_t kg_graph_cells(kg_graph *g, const char *cells, size_t len, kg_loc loc);

/* Whether the cell store has no room for len bytes more (it holds 4 GiB
 * of relations' cells: its places are 32 bits; or the pages
 * kg_graph_cells_cap allows, for tests); when full, an error at loc says
 * so and that the row is not used. */
int kg_graph_cells_full(kg_graph *g, size_t len, kg_loc loc);
void kg_graph_cells_cap(kg_graph *g, size_t pages);

/* Frees the store's pages (at kg_graph_free). */
void kg_graph_cells_free(kg_graph *g);

#endif
