/*
 * evidence.h - what the data says of its own weight: how sure a relation
 * is (its confidence, drawn as a line style) and where it comes from (the
 * columns of its quote, citation, link and dates) (evidence.c).
 */
#ifndef KG_EVIDENCE_H
#define KG_EVIDENCE_H

/*
 * Confidence, drawn as a line style in three levels, strongest first:
 * "solid", "dashed", "dotted".  Only columns that name it count:
 * confidence, certainty, grade (any case).  The scale is found from all
 * of a graph's values (kg_confidence_scale): numbers all within 0-1, or
 * whole numbers 1-5, or 0-100; or words (confirmed / unconfirmed /
 * tentative, as i2 has them; certain, high, probable, medium, possible,
 * low, doubtful...), or an Admiralty grade ("B2": the weaker of the
 * source's letter and the information's digit).
 */
typedef enum kg_scale {
    KG_SCALE_NONE,   /* no confidence values */
    KG_SCALE_WORDS,  /* words and grades only */
    KG_SCALE_UNIT,   /* 0 to 1: 0.7 and up, 0.4 and up, below */
    KG_SCALE_FIVE,   /* 1 to 5: 4-5, 3, 1-2 */
    KG_SCALE_PERCENT /* 0 to 100: 70 and up, 40 and up, below */
} kg_scale;

/* Whether `key` names a confidence column. */
int kg_confidence_key(const char *key);

/*
 * Where a relation comes from: the columns that hold it, by role, any
 * case.  The one table the tooltip (draw/element.c), the sources table
 * (sources.c), the FollowTheMoney export and the report read.
 */
typedef enum kg_prov {
    KG_PROV_NONE = -1,
    KG_PROV_QUOTE,    /* evidence, quote, excerpt */
    KG_PROV_CITATION, /* citation, source */
    KG_PROV_LINK,     /* url, source_url: a link to the source */
    KG_PROV_DATE,     /* date */
    KG_PROV_START,    /* start_date, begin_date, start */
    KG_PROV_END,      /* end_date, end */
    KG_PROV_COUNT
} kg_prov;

/* The role of column `key`, or KG_PROV_NONE. */
kg_prov kg_prov_of(const char *key);

/* The keys of each role, in the order a tooltip lists them, NULL after
 * the last. */
extern const char *const *const kg_prov_keys[KG_PROV_COUNT];

/* Whether `value` can be a confidence at all (a number from 0 to 100, a
 * word or a grade kgraph knows). */
int kg_confidence_valid(const char *value);

/* The style of `value` on `scale` (the one its graph's values have), or
 * NULL when it is none. */
const char *kg_confidence_level(const char *value, kg_scale scale);

/* "0.7-1", "3 of 5", "confirmed"... : what a level means on a scale, for
 * the key. */
const char *kg_confidence_meaning(int level, kg_scale scale);

/* The three styles, strongest first (kg_confidence_level returns these
 * very pointers). */
extern const char *const kg_confidence_styles[3];

#endif
