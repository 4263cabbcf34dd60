/*
 * evidence.c - confidence levels and where a relation comes from
 * (evidence.h).
 */
#include "rules/evidence.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

const char *const kg_confidence_styles[3] = {"solid", "dashed", "dotted"};

static const char *const quote_keys[] = {"evidence", "quote", "excerpt", NULL};
static const char *const citation_keys[] = {"citation", "source", NULL};
static const char *const link_keys[] = {"url", "source_url", NULL};
static const char *const date_keys[] = {"date", NULL};
static const char *const start_keys[] = {"start_date", "begin_date", "start",
                                         NULL};
static const char *const end_keys[] = {"end_date", "end", NULL};
const char *const *const kg_prov_keys[KG_PROV_COUNT] = {
    quote_keys, citation_keys, link_keys, date_keys, start_keys, end_keys};

/* Asked of every attribute of every element written, so a key is only
 * compared with the words that start with its first letter (as ASCII
 * folds it: a byte OR 0x20 is a lower-case letter only for that letter in
 * either case). */
kg_prov kg_prov_of(const char *key)
{
    char first = key ? (char)(key[0] | 0x20) : 0;
    if (!key || !key[0] || !strchr("bcdequs", first))
        return KG_PROV_NONE;
    for (int r = 0; r < KG_PROV_COUNT; r++)
        for (const char *const *k = kg_prov_keys[r]; *k; k++)
            if ((*k)[0] == first && kg_ascii_casecmp(key, *k) == 0)
                return (kg_prov)r;
    return KG_PROV_NONE;
}

int kg_confidence_key(const char *key)
{
    return kg_ascii_casecmp(key, "confidence") == 0 ||
           kg_ascii_casecmp(key, "certainty") == 0 ||
           kg_ascii_casecmp(key, "grade") == 0;
}

/* Words, by level. */
static const char *const words[3][8] = {
    {"confirmed", "certain", "high", "verified", "reliable", NULL},
    {"unconfirmed", "probable", "likely", "medium", "moderate", NULL},
    {"tentative", "possible", "low", "doubtful", "unlikely", "rumour", "rumor",
     NULL},
};

/* A word's level, an Admiralty grade's ("B2"), or -1. */
static int word_level(const char *v)
{
    for (int k = 0; k < 3; k++)
        for (int i = 0; words[k][i]; i++)
            if (kg_ascii_casecmp(v, words[k][i]) == 0)
                return k;
    char c = v[0] >= 'a' && v[0] <= 'f' ? (char)(v[0] - 32) : v[0];
    if (c < 'A' || c > 'F' || (v[1] && (v[1] < '1' || v[1] > '6' || v[2])))
        return -1;
    int letter = c <= 'B' ? 0 : c == 'C' ? 1 : 2;
    int digit = !v[1] ? 0 : v[1] <= '2' ? 0 : v[1] == '3' ? 1 : 2;
    return letter > digit ? letter : digit;
}

static int number(const char *v, double *x)
{
    char *end;
    *x = strtod(v, &end);
    return end != v && !*end && *x >= 0 && *x <= 100;
}

int kg_confidence_valid(const char *value)
{
    double x;
    return word_level(value) >= 0 || number(value, &x);
}

const char *kg_confidence_level(const char *value, kg_scale scale)
{
    const char *const *st = kg_confidence_styles;
    int k = word_level(value);
    double x;
    if (k >= 0)
        return st[k];
    if (!number(value, &x))
        return NULL;
    switch (scale) {
    case KG_SCALE_UNIT: return x >= 0.7 ? st[0] : x >= 0.4 ? st[1] : st[2];
    case KG_SCALE_FIVE: return x >= 4 ? st[0] : x >= 3 ? st[1] : st[2];
    case KG_SCALE_PERCENT: return x >= 70 ? st[0] : x >= 40 ? st[1] : st[2];
    default: return NULL;
    }
}

const char *kg_confidence_meaning(int level, kg_scale scale)
{
    static const char *const m[5][3] = {
        {"", "", ""},
        {"confirmed", "unconfirmed", "tentative"},
        {"0.7\xE2\x80\x93"
         "1",
         "0.4\xE2\x80\x93"
         "0.7",
         "under 0.4"},
        {"4\xE2\x80\x93"
         "5 of 5",
         "3 of 5",
         "1\xE2\x80\x93"
         "2 of 5"},
        {"70\xE2\x80\x93"
         "100",
         "40\xE2\x80\x93"
         "69",
         "under 40"}};
    if (level < 0 || level > 2 || scale < 0 || scale > KG_SCALE_PERCENT)
        return "";
    return m[scale][level];
}
