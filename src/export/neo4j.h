/*
 * neo4j.h - the graph as a folder for Neo4j's bulk import (neo4j.c).
 */
#ifndef KG_NEO4J_H
#define KG_NEO4J_H

#include "kgraph.h"

/* kg_write_neo4j (kgraph.h) once its arguments are checked: makes `dir`
 * when missing and writes entities.csv, relations.csv, load.cypher and
 * import.sh into it, each safely (kg_output); says why it failed through
 * the graph's diagnostics. */
kg_status kg_neo4j_write(const kg_graph *g, const char *dir);

#endif
