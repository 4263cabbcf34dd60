/*
 * dates.h - which of a graph's attribute keys hold dates, and how each is
 * read (dates.c): the one place the reader's decisions (read/ingest.c)
 * meet those who read dates back (the filters, the timeline, the DOT's
 * date attributes, the exports).
 *
 * A key holds dates when it has a date role (rules/evidence.h: date,
 * start_date, begin_date, start, end_date, end, any case) or when the
 * reader recorded it (a `:date` column, or a column whose day-and-month
 * order it decided).  Its values are read by the one rule,
 * rules/date.h, in the key's recorded order, else the graph's setting
 * (kg_graph_set_date_order).
 */
#ifndef KG_DATES_H
#define KG_DATES_H

#include "graph/store.h"
#include "rules/date.h"

/*
 * Records that key `ikey` (interned) holds dates, day and month in digits
 * read in `order` (KG_DATE_AUTO: as the setting says).  A key recorded
 * again with another order is read with none (KG_DATE_YMD) from then on,
 * and 1 is returned (the reader says why); else 0, or -1 when out of
 * memory.
 */
int kg_graph_date_column(kg_graph *g, const char *ikey, kg_date_order order);

/* Whether key holds dates. */
int kg_graph_date_key(const kg_graph *g, const char *key);

/* Reads value (of date key `key`) as a date into *d (may be NULL).  0, or
 * -1 when it is none. */
int kg_graph_date(const kg_graph *g, const char *key, const char *value,
                  kg_date *d);

/* The value of date key `key` written as ISO 8601 (kg_date_iso) in out;
 * NULL when it is no date. */
const char *kg_graph_date_text(const kg_graph *g, const char *key,
                               const char *value, char out[11]);

#endif
