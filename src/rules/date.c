/*
 * date.c - what kgraph reads as a date (date.h): the forms, the calendar
 * and day numbers.
 */
#include "rules/date.h"

#include <stdio.h>
#include <string.h>

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

/* A date as written: year, month (-1: none), day (-1: none). */
typedef struct ymd {
    long y, m, d;
} ymd;

/* The 1 to `most` digits at s[*at..len) (exactly `most` when `least` is
 * `most`), not followed by another digit: their number, *at moved past
 * them; or -1, *at unmoved. */
static long number_at(const char *s, size_t len, size_t *at, size_t least,
                      size_t most)
{
    size_t n = 0;
    while (*at + n < len && s[*at + n] >= '0' && s[*at + n] <= '9' && n <= most)
        n++;
    if (n < least || n > most)
        return -1;
    long v = digits(s + *at, n);
    *at += n;
    return v;
}

/* Whether s[*at] is c; moves past it. */
static int sep(const char *s, size_t len, size_t *at, char c)
{
    if (*at >= len || s[*at] != c)
        return 0;
    (*at)++;
    return 1;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* An English month's name at s[*at..len), whole or its first three
 * letters (then perhaps a '.'), any case: 1 to 12, *at moved past it; or
 * -1. */
static long month_at(const char *s, size_t len, size_t *at)
{
    static const char *const names[12] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    size_t n = 0;
    while (*at + n < len && lower(s[*at + n]) >= 'a' &&
           lower(s[*at + n]) <= 'z')
        n++;
    for (int m = 0; m < 12 && n >= 3; m++) {
        size_t full = strlen(names[m]), k = 0;
        while (k < n && k < full && lower(s[*at + k]) == names[m][k])
            k++;
        if (k != n || (n != 3 && n != full))
            continue;
        *at += n;
        if (n == 3 && n != full)
            sep(s, len, at, '.');
        return m + 1;
    }
    return -1;
}

/* HH:MM, then :SS and a fraction, then Z or an offset (+01:00, +0100,
 * +01), all of s[at..len).  0 or -1. */
static int time_of_day(const char *s, size_t len, size_t at)
{
    long h = number_at(s, len, &at, 2, 2);
    if (h < 0 || h > 23 || !sep(s, len, &at, ':'))
        return -1;
    long m = number_at(s, len, &at, 2, 2);
    if (m < 0 || m > 59)
        return -1;
    if (sep(s, len, &at, ':')) {
        long sec = number_at(s, len, &at, 2, 2);
        if (sec < 0 || sec > 60)
            return -1;
        if ((sep(s, len, &at, '.') || sep(s, len, &at, ',')) &&
            number_at(s, len, &at, 1, 9) < 0)
            return -1;
    }
    if (at == len || (sep(s, len, &at, 'Z') && at == len))
        return 0;
    if (!sep(s, len, &at, '+') && !sep(s, len, &at, '-'))
        return -1;
    size_t mark = at;
    long zh = number_at(s, len, &at, 4, 4), zm = 0; /* +0100 */
    if (zh >= 0) {
        zm = zh % 100;
        zh /= 100;
    } else {
        at = mark;
        zh = number_at(s, len, &at, 2, 2); /* +01, +01:00 */
        if (sep(s, len, &at, ':'))
            zm = number_at(s, len, &at, 2, 2);
    }
    return zh >= 0 && zh <= 14 && zm >= 0 && zm <= 59 && at == len ? 0 : -1;
}

/* ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD (and a time), YYYYMMDD. */
static int iso(const char *s, size_t len, ymd *v)
{
    size_t at = 0;
    if (len == 8)
        return (v->y = number_at(s, len, &at, 8, 8)) < 0
                   ? -1
                   : (v->d = v->y % 100, v->m = v->y / 100 % 100, v->y /= 10000,
                      0);
    if ((v->y = number_at(s, len, &at, 4, 4)) < 0)
        return -1;
    if (at == len)
        return 0;
    if (!sep(s, len, &at, '-') || (v->m = number_at(s, len, &at, 2, 2)) < 0)
        return -1;
    if (at == len)
        return 0;
    if (!sep(s, len, &at, '-') || (v->d = number_at(s, len, &at, 2, 2)) < 0)
        return -1;
    if (at == len)
        return 0;
    if (!sep(s, len, &at, 'T') && !sep(s, len, &at, ' '))
        return -1;
    return time_of_day(s, len, at);
}

/* YYYY/M/D or YYYY.M.D. */
static int year_first(const char *s, size_t len, ymd *v)
{
    size_t at = 0;
    if ((v->y = number_at(s, len, &at, 4, 4)) < 0 || at == len)
        return -1;
    char c = s[at++];
    if (c != '/' && c != '.')
        return -1;
    if ((v->m = number_at(s, len, &at, 1, 2)) < 0 || !sep(s, len, &at, c) ||
        (v->d = number_at(s, len, &at, 1, 2)) < 0)
        return -1;
    return at == len ? 0 : -1;
}

/* Mar 25, 2015; March 25 2015; Mar 2015. */
static int month_first(const char *s, size_t len, ymd *v)
{
    size_t at = 0;
    if ((v->m = month_at(s, len, &at)) < 0 || !sep(s, len, &at, ' '))
        return -1;
    size_t mark = at;
    v->y = number_at(s, len, &at, 4, 4);
    if (v->y >= 0 && at == len)
        return 0;
    at = mark;
    if ((v->d = number_at(s, len, &at, 1, 2)) < 0)
        return -1;
    sep(s, len, &at, ',');
    if (!sep(s, len, &at, ' ') || (v->y = number_at(s, len, &at, 4, 4)) < 0)
        return -1;
    return at == len ? 0 : -1;
}

/* 25 March 2015; 25 Mar 2015; 25-Mar-2015. */
static int day_first(const char *s, size_t len, ymd *v)
{
    size_t at = 0;
    if ((v->d = number_at(s, len, &at, 1, 2)) < 0 || at == len)
        return -1;
    char c = s[at++];
    if ((c != ' ' && c != '-') || (v->m = month_at(s, len, &at)) < 0 ||
        !sep(s, len, &at, c) || (v->y = number_at(s, len, &at, 4, 4)) < 0)
        return -1;
    return at == len ? 0 : -1;
}

/* a/b/YYYY, a.b.YYYY or a-b-YYYY: a and b in *a, *b.  0 or -1. */
static int numeric(const char *s, size_t len, long *a, long *b, long *y)
{
    size_t at = 0;
    if ((*a = number_at(s, len, &at, 1, 2)) < 0 || at == len)
        return -1;
    char c = s[at++];
    if ((c != '/' && c != '.' && c != '-') ||
        (*b = number_at(s, len, &at, 1, 2)) < 0 || !sep(s, len, &at, c) ||
        (*y = number_at(s, len, &at, 4, 4)) < 0)
        return -1;
    return at == len ? 0 : -1;
}

int kg_date_numeric(const char *s, size_t len)
{
    long a, b, y;
    if (!s || numeric(s, len, &a, &b, &y))
        return -1;
    return (a > 12) | (b > 12) << 1;
}

/* The value of digit c, or a number over 9 when c is no digit. */
static unsigned digit_of(char c)
{
    return (unsigned)(unsigned char)c - '0';
}

/* YYYY-MM-DD, the form nearly every date in a large file has, read in
 * one step (the forms below would read it too, at ten times the cost):
 * its eight digits told apart at once, with no loop.  0, or -1 when s is
 * not in that form.  Inline: a call of it, from two places, cost more
 * than the reading (200k dates read, 5.5M instructions). */
static inline int iso_day(const char *s, size_t len, ymd *v)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    unsigned y0 = digit_of(s[0]), y1 = digit_of(s[1]), y2 = digit_of(s[2]),
             y3 = digit_of(s[3]), m0 = digit_of(s[5]), m1 = digit_of(s[6]),
             d0 = digit_of(s[8]), d1 = digit_of(s[9]);
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) |
        (d0 > 9) | (d1 > 9))
        return -1;
    *v = (ymd){y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1};
    return 0;
}

/* The written date, in any form the order allows.  0 or -1. */
static int written(const char *s, size_t len, kg_date_order order, ymd *v)
{
    if (iso_day(s, len, v) == 0)
        return 0;
    static int (*const forms[])(const char *, size_t, ymd *) = {
        iso, year_first, month_first, day_first};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        *v = (ymd){0, -1, -1};
        if (forms[i](s, len, v) == 0)
            return 0;
    }
    *v = (ymd){0, -1, -1};
    long a, b;
    if ((order != KG_DATE_DMY && order != KG_DATE_MDY) ||
        numeric(s, len, &a, &b, &v->y))
        return -1;
    v->d = order == KG_DATE_DMY ? a : b;
    v->m = order == KG_DATE_DMY ? b : a;
    return 0;
}

/* Whether v (its month and day given) is a day of the calendar: years
 * 0000 to 9999, a day its month has. */
static int in_calendar(const ymd *v)
{
    return v->y >= 0 && v->y <= 9999 && v->m >= 1 && v->m <= 12 && v->d >= 1 &&
           v->d <= (long)month_days(v->y, (unsigned)v->m);
}

int kg_date_read_in(const char *s, size_t len, kg_date_order order, kg_date *d)
{
    ymd v = {0, -1, -1};
    if (!s || written(s, len, order, &v))
        return -1;
    int month = v.m != -1, day = v.d != -1;
    if (!month)
        v.m = 1;
    if (!day)
        v.d = 1;
    if (!in_calendar(&v) || (day && !month))
        return -1;
    if (!d)
        return 0;
    d->first = kg_date_days(v.y, (unsigned)v.m, (unsigned)v.d);
    if (day)
        d->last = d->first;
    else if (month)
        d->last = d->first + (long)month_days(v.y, (unsigned)v.m) - 1;
    else
        d->last = kg_date_days(v.y, 12, 31);
    return 0;
}

int kg_date_read(const char *s, size_t len, kg_date *d)
{
    return kg_date_read_in(s, len, KG_DATE_AUTO, d);
}

void kg_date_iso(const kg_date *d, char out[11])
{
    long y, y2;
    unsigned m, day, m2, day2;
    kg_date_write(d->first, out);
    if (d->first == d->last)
        return;
    kg_date_civil(d->first, &y, &m, &day);
    kg_date_civil(d->last, &y2, &m2, &day2);
    out[m == 1 && m2 == 12 && y == y2 ? 4 : 7] = '\0';
}

int kg_date_iso_day(const char *s, size_t len)
{
    ymd v; /* (no other form of ten bytes has a dash at 4 and 7) */
    return iso_day(s, len, &v) == 0 && in_calendar(&v);
}

int kg_date_is_day(const char *s)
{
    size_t n = 0;
    while (s && s[n] && n < 11)
        n++;
    return n == 10 && kg_date_iso_day(s, n);
}

void kg_date_write(long day, char out[11])
{
    long y;
    unsigned m, d;
    kg_date_civil(day, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    /* by hand: a DOT of a million dated relations writes a million dates,
     * and snprintf cost 1% of the whole build */
    static const char digit[] = "0123456789";
    const unsigned long yy = (unsigned long)y;
    const char text[11] = {digit[yy / 1000],
                           digit[yy / 100 % 10],
                           digit[yy / 10 % 10],
                           digit[yy % 10],
                           '-',
                           digit[m / 10 % 10],
                           digit[m % 10],
                           '-',
                           digit[d / 10 % 10],
                           digit[d % 10],
                           '\0'};
    memcpy(out, text, sizeof text);
}
