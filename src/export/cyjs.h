/*
 * cyjs.h - the graph as Cytoscape.js JSON (cyjs.c).
 */
#ifndef KG_CYJS_H
#define KG_CYJS_H

struct kg_export_backend;

/* {"elements": {"nodes": [...], "edges": [...]}} as cy.add() and
 * Cytoscape desktop take it: attributes typed as in GraphML, kgraph's
 * looks as data (kg_fill...) and classes, clusters as compound nodes. */
extern const struct kg_export_backend kg_export_cyjs;

#endif
