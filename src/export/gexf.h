/*
 * gexf.h - the graph as GEXF, for Gephi and Gephi Lite (gexf.c).
 */
#ifndef KG_GEXF_H
#define KG_GEXF_H

struct kg_export_backend;

/* GEXF 1.3, and 1.2draft (which networkx 2.8 reads): colours, sizes and
 * positions as viz:, attributes typed, relations with dates as spells on
 * Gephi's timeline. */
extern const struct kg_export_backend kg_export_gexf13;
extern const struct kg_export_backend kg_export_gexf12;

#endif
