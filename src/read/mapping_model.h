/*
 * mapping_model.h - a FollowTheMoney mapping as read from its YAML
 * (mapping_model.c), for mapping.c to run over its tables.
 *
 * Every string points into the YAML tree (text/yaml_tree.h) or the
 * mapping's arena, which own it; the model owns only its arrays.
 */
#ifndef KG_MAPPING_MODEL_H
#define KG_MAPPING_MODEL_H

#include "text/yaml_tree.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sha1.h"

/* A column a query reads, where the mapping names it, and where it is in
 * the table being read (-1: not there). */
typedef struct map_ref {
    const char *name;
    const kg_ynode *at;
} map_ref;

/* How one property gets its values (FtM's PropertyMapping). */
typedef struct map_prop {
    const char *name;
    const kg_ynode *at;
    size_t *refs; /* indexes into the query's columns */
    size_t nrefs;
    const char **literals;
    size_t nliterals;
    const char *join, *split, *template_; /* NULL: none */
    const char *entity;                   /* another entity's name, or NULL */
    size_t entity_at;                     /* its index in the query */
    int required;
} map_prop;

/* One entity of each row (FtM's EntityMapping). */
typedef struct map_entity {
    const char *name;
    const kg_ynode *at;
    const char *schema;
    size_t *keys; /* indexes into the query's columns */
    size_t nkeys;
    int id_column;    /* its index into the columns, or -1 */
    kg_sha1_ctx seed; /* SHA-1 of key_literal so far */
    map_prop *props;
    size_t nprops;
    int relationship; /* its schema is one (rules/ftm_model.h) */
    /* rows it gave no entity: no key, a required property empty */
    unsigned long no_key, no_key_line, unmet, unmet_line;
    const char *unmet_prop;
} map_entity;

/* filters / filters_not: a column and the values it is compared with. */
typedef struct map_filter {
    size_t column;
    const char **values; /* a NULL value matches an empty cell */
    size_t nvalues;
    int not_;
} map_filter;

/* A table read into entities (FtM's QueryMapping with its CSVSource). */
typedef struct map_query {
    const kg_ynode *at;
    const kg_ynode **urls;
    size_t nurls;
    map_ref *cols; /* every column it reads */
    size_t ncols;
    map_entity *ents; /* in the order they are made: one an entity
                         refers to before it */
    size_t nents;
    map_filter *filters;
    size_t nfilters;
} map_query;

typedef struct mapping {
    const char *file; /* the mapping's path, as given */
    kg_diagsink *d;
    kg_ydoc doc;
    kg_arena arena;
    map_query *queries;
    size_t nqueries;
    unsigned long errors; /* in the mapping itself */
    int nomem;
} mapping;

/* Reads the YAML tree doc.root into m's queries: errors and warnings at
 * their places in m->file (m->errors counts the errors).  0, or -1 when
 * out of memory. */
int kg_mapping_model(mapping *m);
void kg_mapping_model_free(mapping *m);

#endif
