/*
 * graphml.h - the graph as GraphML, styled for yEd (graphml.c).
 */
#ifndef KG_GRAPHML_H
#define KG_GRAPHML_H

struct kg_export_backend;

/* Every node a y:ShapeNode with kgraph's shape, fill, border and name,
 * every edge a y:PolyLineEdge; attributes as GraphML data; clusters
 * (--cluster-by) as nested yEd group nodes. */
extern const struct kg_export_backend kg_export_graphml;

#endif
