/*
 * schema.h - what each column of a CSV header means.
 *
 * Column names are matched without regard to case, with the synonyms used
 * by the tools analysts come from (Neo4j's admin import, Gephi, Kumu, RDF
 * triples).  A header with source and target columns describes relations;
 * one with an id or name column describes entities.
 */
#ifndef KG_SCHEMA_H
#define KG_SCHEMA_H

#include <stddef.h>

#include "text/csv_reader.h"

typedef enum kg_role {
    KG_COL_ATTR = 0, /* any other column: kept as an attribute */
    KG_COL_ID,
    KG_COL_NAME,
    KG_COL_TYPE,
    KG_COL_ALIASES,
    KG_COL_SOURCE,
    KG_COL_TARGET,
    KG_COL_LABEL,       /* a relation's display text */
    KG_COL_SOURCE_TYPE, /* subject_type: the type of a source it creates */
    KG_COL_TARGET_TYPE, /* object_type */
    KG_COL_IGNORE,      /* Neo4j's :IGNORE */
    KG_COL_COUNT
} kg_role;

/* Neo4j value types that are checked (others are kept as text). */
typedef enum kg_vtype {
    KG_V_TEXT,
    KG_V_INT,
    KG_V_FLOAT,
    KG_V_BOOL,
    KG_V_DATE
} kg_vtype;

typedef struct kg_column {
    char *header; /* as written: "age:int", ":START_ID(Person)" */
    char *key;    /* the attribute name: "age"; any-case Weight is "weight" */
    char *space;  /* a Neo4j id space ("Person"), or NULL */
    const char *ikey; /* key interned in the graph (set by ingest.c) */
    int is_link;      /* url or source_url (link.h), checked per value */
    const struct kg_present
        *present;      /* a presentation column (presentation.h) */
    int is_confidence; /* kg_confidence_key */
    int is_date;       /* a date column (set by date_cols.c) */
    kg_role role;
    kg_vtype vtype;
    int array; /* "int[]": values separated by ';' */
} kg_column;

typedef enum kg_file_kind { KG_FILE_ENTITIES, KG_FILE_RELATIONS } kg_file_kind;

typedef struct kg_schema {
    kg_file_kind kind;
    size_t ncols;
    kg_column *cols;       /* one per column */
    int col[KG_COL_COUNT]; /* column of each role, or -1 */
} kg_schema;

/*
 * Reads the header record into `s`.  Reports problems (a header that is
 * neither kind, two columns for one role, a repeated or empty column name)
 * as errors at the header's line, and returns -1 then; -2 when out of
 * memory; 0 when the header is usable.
 */
int kg_schema_read(kg_schema *s, const kg_csv_record *header, kg_diagsink *diag,
                   const char *file);

void kg_schema_free(kg_schema *s);

/* Whether a header cell names a column kgraph knows: a role's name in
 * either kind of file, a Neo4j header ("age:int", ":ID"), or a column
 * with a meaning of its own (weight, date...).  A first row naming none
 * may be data (read/sniff.h). */
int kg_schema_known_name(const char *text);

/* The role header cell `text` gives its column in a file of relations
 * (`relations` nonzero) or of entities, by the rules kg_schema_read
 * follows; KG_COL_ATTR also when out of memory. */
kg_role kg_schema_column_role(const char *text, int relations);

/* "id", "name", ...: how a role is called in messages. */
const char *kg_role_name(kg_role role);

/* Whether `value` fits the column's Neo4j type (each element of an
 * array); "" always fits. */
int kg_schema_value_fits(const kg_column *c, const char *value, size_t len);

/* "an integer", "a number", "true or false", "a date (YYYY, YYYY-MM or
 * YYYY-MM-DD)" (rules/date.h). */
const char *kg_vtype_name(kg_vtype t);

#endif
