/*
 * distance.h - how far apart two names are: the edit distance that ranks
 * the entities a name that matches none could have meant.
 */
#ifndef KG_DISTANCE_H
#define KG_DISTANCE_H

#include <stddef.h>

/* Names longer than this many characters are only compared whole. */
enum { KG_DISTANCE_MAX_CHARS = 128 };

/*
 * The number of edits (a character inserted, deleted or replaced, or two
 * neighbours swapped) that make a[0..alen) into b[0..blen), both valid
 * UTF-8 and counted in characters, when it is at most `k`; else k + 1.
 * Bounded: only a band of 2k + 1 cells a row is computed, and names whose
 * lengths differ by more than k are not compared at all, so ranking a
 * million names against one stays linear.  Names past
 * KG_DISTANCE_MAX_CHARS characters are 0 apart when equal, else k + 1.
 */
unsigned kg_edit_distance(const char *a, size_t alen, const char *b,
                          size_t blen, unsigned k);

#endif
