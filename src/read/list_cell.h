/*
 * list_cell.h - the values of a list cell: "A|B|C" in a target column
 * (an edge to each), "a;b" in aliases.
 */
#ifndef KG_LIST_CELL_H
#define KG_LIST_CELL_H

#include <stddef.h>

/* Calls fn on each value of s[0..len) (separated by any byte of `seps`,
 * one or more), trimmed of spaces and tabs; empty values are skipped.
 * Stops at the first nonzero, and returns it; 0 when all were 0. */
int kg_each_value(const char *s, size_t len, const char *seps,
                  int (*fn)(const char *v, size_t n, void *ctx), void *ctx);

#endif
