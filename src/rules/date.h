/*
 * date.h - what kgraph reads as a date: the one rule the reader (a
 * column typed `:date`), the filters (since, until and a relation's
 * dates), the timeline and the GEXF spells all apply (date.c).
 *
 * A date is a year, a month of a year or a day of one, written in one of
 * these forms and nothing else (no space around it, no guessing from
 * free text); years have four digits (0000 to 9999, the proleptic
 * Gregorian calendar), a day is one its month has (2024-02-29 is one;
 * 2014-02-31 and 2023-02-29 are none):
 *
 *   ISO 8601       2015, 2015-03, 2015-03-25, 20150325, and a day with a
 *                  time and a zone: 2015-03-25T14:30:00Z, 2015-03-25
 *                  14:30, ...T14:30:00.5+01:00 (the date is the day as
 *                  written, whatever the zone)
 *   year first     2015/03/25, 2015.3.25
 *   month names    Mar 25, 2015; March 25 2015; 25 March 2015;
 *                  25 Mar 2015; 25-Mar-2015; Mar 2015; March 2015
 *                  (English, full or three letters, any case, an
 *                  abbreviation may end in '.')
 *   day and month  25/03/2015, 03/25/2015, 25.03.2015, 25-03-2015: read
 *   in digits      only in an order (kg_date_order): day first or month
 *                  first; no order reads them as none.  In a column,
 *                  kgraph infers the order from the values
 *                  (kg_date_numeric): read/ingest.c.
 *
 * Two-digit years are never read (25/03/15 is no date: 1915 or 2015?).
 * A date covers the days from its first to its last: 2018 is 2018-01-01
 * to 2018-12-31, 2018-02 is 2018-02-01 to 2018-02-28.  Days are counted
 * from 1970-01-01.  Written back (kg_date_iso) a date is ISO's YYYY,
 * YYYY-MM or YYYY-MM-DD.
 */
#ifndef KG_DATE_H
#define KG_DATE_H

#include <stddef.h>

#include "kgraph.h"

/* The forms, as messages name them. */
#define KG_DATE_FORMS "YYYY, YYYY-MM, YYYY-MM-DD or Mar 25, 2015"

/* The days a date covers, first and last. */
typedef struct kg_date {
    long first, last;
} kg_date;

/* Reads s[0..len) as a date into *d (may be NULL, to ask only whether it
 * is one), a day and month in digits in the given order (KG_DATE_AUTO
 * and KG_DATE_YMD read them as none).  0, or -1 when it is none. */
int kg_date_read_in(const char *s, size_t len, kg_date_order order, kg_date *d);

/* kg_date_read_in with no order: every form whose reading needs none. */
int kg_date_read(const char *s, size_t len, kg_date *d);

/* For a day and month in digits (a/b/YYYY, a.b.YYYY, a-b-YYYY): 1 when
 * a is over 12 (so the day comes first), 2 when b is (the month first),
 * 3 when both are, 0 when neither.  -1 when s[0..len) is not that form. */
int kg_date_numeric(const char *s, size_t len);

/* Writes d as ISO 8601 in out (11 bytes, NUL included): YYYY-MM-DD for a
 * day, YYYY-MM for a whole month, YYYY for a whole year. */
void kg_date_iso(const kg_date *d, char out[11]);

/* Whether s[0..len) is a day already in ISO form: exactly YYYY-MM-DD,
 * a day its month has (as kg_date_read_in reads it).  Such a day reads the
 * same in every order (the one form an order chooses, a/b/YYYY, has no
 * dash at 4 and 7 in ten bytes) and is its own text: kg_date_iso and
 * kg_date_write give it back byte for byte.  So a writer of ISO dates
 * copies it, with no order looked up and no days counted and written
 * back (graph/dates.h; a million dated relations). */
int kg_date_iso_day(const char *s, size_t len);

/* Whether s (NUL-terminated; NULL is none) is an ISO date of one whole
 * day, exactly YYYY-MM-DD: kg_date_iso_day of the whole string.  (Not
 * any ten bytes kg_date_read reads: `March 2015` is a month, and
 * `2015/03/25` a day written otherwise, which Neo4j's date() refuses.) */
int kg_date_is_day(const char *s);

/* Day number of y-m-d (m 1-12, d 1-31), and back. */
long kg_date_days(long y, unsigned m, unsigned d);
void kg_date_civil(long day, long *y, unsigned *m, unsigned *d);

/* Writes day as YYYY-MM-DD in out (11 bytes, NUL included) for a day of
 * the years 0000 to 9999. */
void kg_date_write(long day, char out[11]);

#endif
