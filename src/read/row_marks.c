/*
 * row_marks.c - facts about a row found by the CSV reading thread
 * (row_marks.h).
 *
 * The main thread stores the rows and is the build's critical path; the
 * reading thread waits for it.  Beside a busy process the two share what
 * the build gets of the cores, so work moved to the reading thread still
 * costs about half of what it cost the main thread: only a check that
 * costs the same here and is then not made there moves (a date column's,
 * rules/date.h), and the looking for it is kept to the date columns.  (A
 * target's '|', looked for here in one pass over the row, saved the main
 * thread less than the pass cost.)  The marks say only what holds; a
 * field not marked is looked at by the main thread as before, so a row
 * read without them gives the same graph.
 */
#include "read/row_marks.h"

#include "rules/date.h"

/* The state's bit for "the first record (the header, usually) was seen";
 * the others (0 to KG_MARKED_FIELDS - 1) mark a column that held no
 * date. */
#define SEEN (1ULL << 63)

/* Whether field f may be a date kg_date_read reads, worth its check. */
static int date_shaped(const kg_csv_field *f)
{
    return f->len >= 4 && f->len <= 10 && f->data[0] >= '0' &&
           f->data[0] <= '9';
}

unsigned long long kg_row_marks(const kg_csv_record *rec,
                                unsigned long long *state)
{
    size_t n = rec->nfields < KG_MARKED_FIELDS ? rec->nfields
                                               : (size_t)KG_MARKED_FIELDS;
    unsigned long long st = *state, m = 0;
    /* the columns still worth a look: after the first record (a header's
     * names), a column's first value that is no date ends its looks */
    unsigned long long look = ~st & ((1ULL << n) - 1);
    for (; look; look &= look - 1) {
        size_t i = (size_t)__builtin_ctzll(look);
        const kg_csv_field *f = &rec->fields[i];
        if (!f->len)
            continue;
        if (date_shaped(f) && kg_date_read(f->data, f->len, NULL) == 0)
            m |= 1ULL << i;
        else if (st & SEEN)
            st |= 1ULL << i;
    }
    *state = st | SEEN;
    return m;
}
