/*
 * diff_int.h - a diff's change lists, shared by diff.c (matching and
 * writing the list) and diff_graph.c (its picture).  Internal to
 * analysis/ (make layers refuses it elsewhere).
 */
#ifndef KG_DIFF_INT_H
#define KG_DIFF_INT_H

#include <stddef.h>
#include <stdint.h>

#include "kgraph.h"
#include "util/buf.h"

typedef enum change { ADDED, REMOVED, CHANGED } change;

/* One change: the element in OLD (a) and in NEW (b), KG_NONE where it is
 * not; its fields as "field\0old\0new\0" triples in `fields`. */
typedef struct item {
    change kind;
    uint32_t a, b;
    size_t off, len; /* its fields in kg_diff.text */
} item;

typedef struct list {
    item *v;
    size_t n, cap;
} list;

struct kg_diff {
    const kg_graph *a, *b;
    list ents, rels;
    kg_buf text;
    kg_diff_counts counts;
};

#endif
