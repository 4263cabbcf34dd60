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
#include "rules/evidence.h"

/*
 * Records that key `ikey` (interned) holds dates, day and month in digits
 * read in `order` (KG_DATE_AUTO: as the setting says).  A key recorded
 * again with another order is read with none (KG_DATE_YMD) from then on,
 * and 1 is returned (the reader says why); else 0, or -1 when out of
 * memory.
 */
int kg_graph_date_column(kg_graph *g, const char *ikey, kg_date_order order);

/* Makes `out`, a graph made from g (a diff's picture, an overview), read
 * dates as g does: g's date order setting, and the keys g's reader
 * recorded (their order with them).  0, or -1 when out of memory. */
int kg_graph_dates_from(kg_graph *out, const kg_graph *g);

/* Whether key holds dates. */
int kg_graph_date_key(const kg_graph *g, const char *key);

/* Reads value (of date key `key`) as a date into *d (may be NULL).  0, or
 * -1 when it is none. */
int kg_graph_date(const kg_graph *g, const char *key, const char *value,
                  kg_date *d);

/* The value of date key `key` written as ISO 8601 (kg_date_iso) in out;
 * NULL when it is no date.  A day already in ISO form is its own text
 * (kg_date_iso_day): copied, its key's order not looked up. */
const char *kg_graph_date_text(const kg_graph *g, const char *key,
                               const char *value, char out[11]);

/* The first and last days of the value of date key `key` (NULL: none),
 * each as YYYY-MM-DD, in first and last: "2014" is 2014-01-01 and
 * 2014-12-31, "Nov 2014" 2014-11-01 and 2014-11-30, a day itself (and a
 * day already in ISO form is its own text, as above).  0, or -1 when it
 * is no date. */
int kg_graph_date_bounds(const kg_graph *g, const char *key, const char *value,
                         char first[11], char last[11]);

/* The first value in list l of a key with date role `role` (evidence.h:
 * KG_PROV_DATE, KG_PROV_START or KG_PROV_END), its key in *key (may be
 * NULL); NULL when there is none. */
const char *kg_graph_date_role(const kg_graph *g, kg_list l, kg_prov role,
                               const char **key);

/* The same for the three roles in one pass over l: value[i] and key[i]
 * for KG_PROV_DATE + i (date, start, end), NULL where there is none. */
void kg_graph_date_roles(const kg_graph *g, kg_list l, const char *value[3],
                         const char *key[3]);

/* A relation's days: its date's, or from its start's first day to its
 * end's last (either may be open: LONG_MIN, LONG_MAX).  1 when dated, 0
 * when it has no date column, -1 when a date column's value is no date
 * (then it counts as undated; *key and *value say which). */
int kg_graph_relation_days(const kg_graph *g, const kg_relation *r, long *lo,
                           long *hi, const char **key, const char **value);

#endif
