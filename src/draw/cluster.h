/*
 * cluster.h - nodes grouped in boxes by an attribute (kg_dot_options's
 * cluster_by): Graphviz clusters, nested for values "a/b" (cluster.c).
 */
#ifndef KG_CLUSTER_H
#define KG_CLUSTER_H

#include "draw/element.h"

/* Writes the nodes grouped by w->opts.cluster_by into nested clusters and
 * sets done[e] for each; nodes without a value are left to the caller.
 * 0, or -1 when out of memory. */
int kg_write_clusters(kg_writer *w, unsigned char *done);

#endif
