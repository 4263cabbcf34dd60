/*
 * lines.h - the lines of the rows items came from, a byte an item
 * (lines.c): millions of relations and entities each remember where their
 * row was for a byte, not four.
 */
#ifndef KG_LINES_H
#define KG_LINES_H

#include <stddef.h>
#include <stdint.h>

/* The lines of rows of items (relations, entities) that are added in row
 * order, a byte an item: the item's line less the line of the item
 * before, or `far` (the line in `far`, by item) when the byte cannot say
 * it; every 256 items, the line in full.  Bits of a byte above `far` are
 * the caller's (an entity's flags). */
typedef struct kg_lines {
    unsigned char *d;
    size_t d_cap;
    uint32_t *marks;
    size_t marks_cap;
    struct kg_far_line {
        uint32_t item, line;
    } * far; /* in item order */
    size_t nfar, far_cap;
    uint32_t last; /* the line of the last item set */
    uint32_t n;    /* items set */
} kg_lines;

/* Item i's line (i is the next item: rows come in order, a row may make
 * several); 0, or -1 when out of memory. */
int kg_lines_set(kg_lines *l, uint32_t i, uint32_t line, unsigned far);
/* Item i's line (i < the items set): at once for the last one (the row
 * being read asks), else a walk back of up to 255 bytes, 8 at a time. */
uint32_t kg_lines_get(const kg_lines *l, uint32_t i, unsigned far);
void kg_lines_free(kg_lines *l);

#endif
