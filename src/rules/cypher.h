/*
 * cypher.h - what text from the data may become in Neo4j (cypher.c): the
 * names kgraph gives labels, relationship types and properties, in
 * load.cypher and in neo4j-admin's CSV headers alike, and Cypher's string
 * literals.
 *
 * Two readers see load.cypher before its statements run, and a name must
 * mean the same to both.  Neo4j's parser replaces every \uXXXX with its
 * character before it lexes (its CypherInputStream: `person\u0060` is
 * `person` and a backtick), and cypher-shell cuts a file into statements
 * taking a backslash as escaping the next character anywhere, inside
 * backticks too.  So a name never holds a backslash: then doubling a
 * backtick is all a name between backticks needs, in both.  A string
 * literal writes each backslash as \\, which neither undoes.
 */
#ifndef KG_CYPHER_H
#define KG_CYPHER_H

#include "util/buf.h"
#include "util/out.h"

/* The names kgraph writes for Neo4j. */
typedef enum kg_cypher_kind {
    KG_CYPHER_LABEL,    /* a node label, from an entity type */
    KG_CYPHER_REL_TYPE, /* a relationship type, from a relation type */
    KG_CYPHER_PROPERTY  /* a property, from a column: its CSV header too */
} kg_cypher_kind;

/*
 * Appends to b the name `s` (NULL: none) is written under as a `kind`:
 *  - a label: s, each backslash and control character (and DEL) made '_';
 *    "_" for none or "";
 *  - a relationship type: s when it is an identifier (ASCII letters,
 *    digits and '_', no digit first), else its ASCII letters upper case,
 *    its digits, '_' for every other byte and before a digit first ("took
 *    part in" -> TOOK_PART_IN); RELATED_TO for none or "";
 *  - a property: s, with data_ in front when it is one of kgraph's own
 *    columns (id, name, aliases, relation, label, type, directed, in any
 *    case) or begins with data_, and each ':' (Neo4j's type separator),
 *    ',', '"', backslash, control character, DEL and a space at either
 *    end made '_'; "_" for "".
 * Returns 0 when the name is s as it is (for a property, data_ in front
 * included: that alone never makes two names one), 1 when a character had
 * to change (then two texts may meet in one name, which the caller makes
 * unique), -1 when out of memory.
 */
int kg_cypher_name_of(kg_buf *b, kg_cypher_kind kind, const char *s);

/* Appends "_N" to b: how the N-th (N >= 2) of several texts whose names
 * meet is told apart.  0, or -1 when out of memory. */
int kg_cypher_name_again(kg_buf *b, unsigned long n);

/* Writes name between backticks, each backtick doubled.  A name from
 * kg_cypher_name_of holds no backslash or control character; one that
 * does anyway has each written as '_', so that nothing can end it. */
void kg_cypher_name(kg_out *o, const char *name);

/* Writes s as a Cypher string literal, quotes included: a quote as \',
 * a backslash as \\, a line end as \n. */
void kg_cypher_string(kg_out *o, const char *s);

#endif
