/*
 * page_plan.h - how relations are drawn for a printed page (kg_render with a
 * page) and with --cite: which relation's edge draws which rows, in which
 * direction, with which source numbers, and which relation types are
 * shown by colour and the key instead of a label on every line.
 */
#ifndef KG_PAGE_PLAN_H
#define KG_PAGE_PLAN_H

#include "graph/store.h"
#include "util/buf.h"

enum { KG_PAPER_KEYED = 6 }; /* relation types shown by colour at most */

/* Characters of a line of text on paper: a line of an entity's name, and
 * the longest relation name a numbered line keeps (kg_paper_name_fits). */
enum { KG_PAPER_LINE = 14 };

typedef struct kg_paper {
    int folding;         /* a pair's rows of one type drawn as one line */
    uint32_t *draw;      /* per relation: the relation whose edge draws it,
                            KG_NONE when it is not in the figure */
    uint32_t *rows;      /* per drawing relation: the rows it draws */
    unsigned char *both; /* per drawing relation: rows go both ways */
    uint32_t *cite_at;   /* per drawing relation: offset + 1 of its "[3, 7]"
                            in cites (0: none); NULL without --cite */
    kg_buf cites;
    const char *keyed[KG_PAPER_KEYED]; /* types (interned), most drawn
                                          first */
    const char *colour[KG_PAPER_KEYED];
    size_t nkeyed;
} kg_paper;

/*
 * Plans g's edges: with `folding`, the rows between the same two
 * entities with the same type become one line ("x3"), both ways when
 * they go both ways (every row is still in the sources table); with
 * `cite`, the numbers each line shows.  Returns 0, or -1 when out of
 * memory (p is then freed).
 */
int kg_paper_plan(kg_paper *p, const kg_graph *g, int folding, int cite);
void kg_paper_free(kg_paper *p);

/* The colour relation type `type` (interned) is keyed with, or NULL. */
const char *kg_paper_colour(const kg_paper *p, const char *type);

/*
 * Whether a line numbered with --cite on paper keeps its relation's name
 * `name` (its label, or its type as text) before its numbers, "signed
 * [17]": when the name fits on one line of a name, KG_PAPER_LINE
 * characters; a longer one leaves the numbers alone, "[17]", and the
 * sources table says it.  A keyed type's line has no name either way:
 * its colour and the key say it.
 */
int kg_paper_name_fits(const char *name);

/* Appends `text` to out with line ends at spaces, so that no line is
 * longer than `width` characters unless one word is.  0 or -1. */
int kg_wrap_text(kg_buf *out, const char *text, size_t width);

#endif
