/*
 * export.h - the graph for other tools (export.c).
 */
#ifndef KG_EXPORT_H
#define KG_EXPORT_H

#include "graph/graph.h"
#include "render/positions.h"

#endif
