/*
 * date.c - what kgraph reads as a date (date.h): the forms, the calendar
 * and day numbers.
 */
#include "rules/date.h"

#include <stdio.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
long kg_date_days(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

void kg_date_civil(long day, long *y, unsigned *m, unsigned *d)
{
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : (unsigned)-9);
    *y = (long)yoe + era * 400 + (*m <= 2);
}

static unsigned month_days(long y, unsigned m)
{
    static const unsigned char days[] = {31, 28, 31, 30, 31, 30,
                                         31, 31, 30, 31, 30, 31};
    int leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    return days[m - 1] + (m == 2 && leap);
}

/* The number written by the n digits at s, or -1 when one is not a
 * digit. */
static long digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int kg_date_read(const char *s, size_t len, kg_date *d)
{
    if (!s || (len != 4 && len != 7 && len != 10))
        return -1;
    if ((len >= 7 && s[4] != '-') || (len == 10 && s[7] != '-'))
        return -1;
    long y = digits(s, 4);
    long m = len >= 7 ? digits(s + 5, 2) : 1;
    long day = len == 10 ? digits(s + 8, 2) : 1;
    if (y < 0 || m < 1 || m > 12 || day < 1 ||
        day > (long)month_days(y, (unsigned)m))
        return -1;
    if (!d)
        return 0;
    d->first = kg_date_days(y, (unsigned)m, (unsigned)day);
    if (len == 10)
        d->last = d->first;
    else if (len == 7)
        d->last = d->first + (long)month_days(y, (unsigned)m) - 1;
    else
        d->last = kg_date_days(y, 12, 31);
    return 0;
}

int kg_date_is_day(const char *s)
{
    size_t n = 0;
    while (s && s[n] && n < 11)
        n++;
    return n == 10 && kg_date_read(s, n, NULL) == 0;
}

void kg_date_write(long day, char out[11])
{
    long y;
    unsigned m, d;
    kg_date_civil(day, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    snprintf(out, 11, "%04ld-%02u-%02u", y, m, d);
}
