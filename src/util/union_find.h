/*
 * union_find.h - connected parts by union-find: the components of stats,
 * the component filter and the layout's size rule share it.
 */
#ifndef KG_UNION_FIND_H
#define KG_UNION_FIND_H

#include <stdint.h>

/* The root of v's set in the parent array `up` (with path halving). */
static inline uint32_t kg_uf_find(uint32_t *up, uint32_t v)
{
    while (up[v] != v)
        v = up[v] = up[up[v]];
    return v;
}

#endif
