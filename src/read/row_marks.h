/*
 * row_marks.h - facts about a row found by the CSV reading thread
 * (kg_csv_set_marks), so that the main thread, which stores the row, does
 * not look for them again: which fields are dates (row_marks.c).
 */
#ifndef KG_ROW_MARKS_H
#define KG_ROW_MARKS_H

#include <stddef.h>

#include "text/csv_reader.h"

/* Only a row's first fields are marked; the others are looked at as
 * before. */
enum { KG_MARKED_FIELDS = 32 };

/*
 * rec's marks, a kg_csv_mark_fn: bit i, for a field i < KG_MARKED_FIELDS,
 * when kg_date_read reads the field as a date.  A date is looked for only
 * in a field of 4 to 10 bytes that starts with a digit (an ISO year,
 * month or day, or a day in digits), and only in a column that has held
 * nothing else since the file's first record: *state (0 at the start of
 * a file) keeps which have.
 */
unsigned long long kg_row_marks(const kg_csv_record *rec,
                                unsigned long long *state);

/* Whether rec's field i is marked a date kg_date_read reads; 0 when it is
 * not one or not known (rec not marked, or i too far). */
static inline int kg_marked_date(const kg_csv_record *rec, size_t i)
{
    return i < KG_MARKED_FIELDS && (rec->marks >> i & 1);
}

#endif
