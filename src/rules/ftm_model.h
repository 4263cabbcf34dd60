/*
 * ftm_model.h - FollowTheMoney's vocabulary as kgraph speaks it, in one
 * place: read/ftm.c reads FtM lines with it and export/ftm.c writes them,
 * so that what one writes the other reads back.
 *
 * It holds FtM's relationship schemata (the properties of their two ends,
 * whether they have a direction, which of kgraph's relation types each
 * takes), the FtM properties kgraph keeps under names of its own
 * (startDate is date...), how an entity type becomes a schema and back,
 * which of kgraph's words FtM holds as a country, and the ids FtM allows.
 * Every string here is static.
 */
#ifndef KG_FTM_MODEL_H
#define KG_FTM_MODEL_H

#include "rules/evidence.h"
#include "util/buf.h"
#include "util/out.h"

/* What a relationship schema's ends must be for the writer to file a
 * relation under it. */
typedef enum kg_ftm_ends {
    KG_FTM_ANY_ENDS, /* whatever they are */
    KG_FTM_TO_ORG,   /* the target an Organization or a Company */
    KG_FTM_PEOPLE,   /* both a Person */
    KG_FTM_FALLBACK, /* whatever they are, when no other schema fits */
    KG_FTM_READ_ONLY /* kgraph reads it and writes none */
} kg_ftm_ends;

/* A relationship schema: an FtM entity that is a relation from its
 * source property to its target (FtM's own model, followthemoney 3). */
typedef struct kg_ftm_link {
    const char *schema;          /* "Ownership" */
    const char *source, *target; /* its ends' properties: "owner", "asset" */
    const char *type;            /* kgraph's relation type for a line with
                                    no role or relationship: "owns" */
    int directed;                /* FtM gives it a direction */
    const char *type_prop;       /* where the writer puts a relation's type:
                                    "role", "relationship" (Family and
                                    Associate); NULL when it writes none */
    const char *const *types;    /* the relation types (any case) the writer
                                    files under it, NULL after the last;
                                    NULL for none */
    kg_ftm_ends ends;
} kg_ftm_link;

/* The relationship schema named `schema`, or NULL when it is none (the
 * line is then an entity). */
const kg_ftm_link *kg_ftm_link_named(const char *schema);

/* The relationship schema a relation of `type` (may be NULL) between an
 * entity of schema `from` and one of schema `to` is written as:
 * UnknownLink when none fits. */
const kg_ftm_link *kg_ftm_link_for(const char *type, const char *from,
                                   const char *to);

/* An FtM property kgraph keeps under a name of its own, and the columns
 * the writer puts in it. */
typedef struct kg_ftm_prop {
    const char *prop; /* FtM's: "startDate" */
    const char *key;  /* what kgraph reads it back as: "date" */
    unsigned roles;   /* the columns written in it: 1u << KG_PROV_* */
    int entities;     /* written for entities too, not only relations */
} kg_ftm_prop;

/* Every such property, in the order a line has them; kg_ftm_nprops of
 * them. */
extern const kg_ftm_prop kg_ftm_props[];
extern const size_t kg_ftm_nprops;

/* Whether column `key` is written in property p; the same of a column
 * whose role (kg_prov_of) is `role`. */
int kg_ftm_prop_takes(const kg_ftm_prop *p, const char *key);
int kg_ftm_prop_takes_role(const kg_ftm_prop *p, kg_prov role);

/* The name kgraph reads FtM property `prop` as: its own for a property
 * in kg_ftm_props, else `prop` itself. */
const char *kg_ftm_key(const char *prop);

/* The FtM schema an entity of `type` (may be NULL) is written as:
 * "Person", "Organization", "Company", "Event", "Document", "Address",
 * else "LegalEntity"; NULL for a country, which FtM has as a property. */
const char *kg_ftm_schema_of(const char *type);

/* Appends the entity type an entity of schema `schema` is read as:
 * "Person" is person, "LegalEntity" legal_entity.  0, or -1 when out of
 * memory. */
int kg_ftm_type_of(kg_buf *out, const char *schema);

/* Whether column `key` (any case) is a country: written as FtM's
 * country property. */
int kg_ftm_country_key(const char *key);

/* Whether a relation of `type` (may be NULL) from an entity to a country
 * puts the entity in it ("located_in", "citizen_of"...): the writer
 * makes it a country value of the entity. */
int kg_ftm_in_country(const char *type);

/* Writes `id` as an FtM id: itself when FtM takes it as it is
 * (^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$, and not starting "kg-"),
 * else "kg-" and its letters and digits, every other byte as ".HH".  The
 * text needs no escaping in JSON; quotes are the caller's. */
void kg_ftm_write_id(kg_out *o, const char *id);

/*
 * The id that FtM id `id` stands for, in *out: a "kg-" id decoded (as
 * kg_ftm_write_id writes it: '.' and two hex digits a byte, any other
 * byte itself) into b, which is cleared first; any other id itself.  0;
 * -1 when out of memory; 1 when it stands for no id kgraph can hold (the
 * line is an error), *why then saying why ("it is empty", "its escapes
 * make bytes that are not UTF-8"...): an empty id, a '.' not followed by
 * two hex digits, escapes that make a NUL byte or bytes not UTF-8.  A
 * decoded id is text as a CSV cell is (utf8.h): control characters are
 * data, which every writer escapes.
 */
int kg_ftm_read_id(kg_buf *b, const char *id, const char **out,
                   const char **why);

#endif
