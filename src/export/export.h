/*
 * export.h - the graph for other tools: kg_write_export and
 * kg_write_neo4j (declared in kgraph.h) check their arguments and pick
 * the format (export.c).  The formats are one file each (graphml.c,
 * gexf.c, cyjs.c, neo4j.c, ftm.c) over what they share (exporter.c,
 * exporter_int.h): the shape of curl's lib/vtls/.
 */
#ifndef KG_EXPORT_H
#define KG_EXPORT_H

#include "kgraph.h"

#endif
