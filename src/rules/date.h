/*
 * date.h - what kgraph reads as a date: the one rule the reader (a
 * column typed `:date`), the filters (since, until and a relation's
 * dates), the timeline and the GEXF spells all apply (date.c).
 *
 * A date is YYYY, YYYY-MM or YYYY-MM-DD: four digits of year (0000 to
 * 9999, the proleptic Gregorian calendar), then, after a '-', two of a
 * month (01 to 12), then, after a '-', two of a day that month has
 * (2024-02-29 is one; 2014-02-31 and 2023-02-29 are none).  Nothing
 * else: no sign, space, time or other separator.  A date covers the days
 * from its first to its last: 2018 is 2018-01-01 to 2018-12-31, 2018-02
 * is 2018-02-01 to 2018-02-28.  Days are counted from 1970-01-01.
 */
#ifndef KG_DATE_H
#define KG_DATE_H

#include <stddef.h>

/* The forms, as messages name them. */
#define KG_DATE_FORMS "YYYY, YYYY-MM or YYYY-MM-DD"

/* The days a date covers, first and last. */
typedef struct kg_date {
    long first, last;
} kg_date;

/* Reads s[0..len) as a date into *d (may be NULL, to ask only whether it
 * is one).  0, or -1 when it is none. */
int kg_date_read(const char *s, size_t len, kg_date *d);

/* Whether s (NUL-terminated; NULL is none) is a date of one whole day,
 * YYYY-MM-DD. */
int kg_date_is_day(const char *s);

/* Day number of y-m-d (m 1-12, d 1-31), and back. */
long kg_date_days(long y, unsigned m, unsigned d);
void kg_date_civil(long day, long *y, unsigned *m, unsigned *d);

/* Writes day as YYYY-MM-DD in out (11 bytes, NUL included) for a day of
 * the years 0000 to 9999. */
void kg_date_write(long day, char out[11]);

#endif
