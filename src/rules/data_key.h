/*
 * data_key.h - the one rule for a data column's key in an output: written
 * as it is, or as "data_" + key.
 *
 * Every output kgraph writes has keys of its own beside the data's (the
 * DOT its label, type and aliases and every attribute Graphviz reads;
 * Cytoscape.js its id, source, target, label, type, kg_fill...; GraphML
 * and GEXF theirs and those their readers make of what kgraph writes).
 * A data column named like one of them would be read as kgraph's (a
 * first-key JSON parser, Graphviz keeping the last of two attributes),
 * lose its value beside kgraph's, or make a reader refuse the file
 * (networkx's GEXF reader and a column `key`).  So a data key that is one
 * of the output's own, or that starts with "data_" itself, is written
 * "data_" + key; any other is written as it is.  The naming can be
 * undone: a key written "data_X" is always the data column X.
 *
 * Each writer states its own keys (a kg_own_keys beside the code that
 * writes them) and asks this rule how a data key is written.
 */
#ifndef KG_DATA_KEY_H
#define KG_DATA_KEY_H

#define KG_DATA_PREFIX "data_"

/* The keys an output writes itself. */
typedef struct kg_own_keys {
    const char *const *names;      /* NULL-terminated */
    const char *const *prefixes;   /* NULL-terminated, or NULL: keys
                                      starting so are the output's too */
    int any_case;                  /* names, prefixes and "data_" matched
                                      in any ASCII case (Neo4j's headers) */
    int (*reads)(const char *key); /* more names the output's reader takes
                                      as its own (Graphviz's), or NULL */
} kg_own_keys;

/* Whether data key `key` is written KG_DATA_PREFIX + key in the output
 * whose own keys are `own`. */
int kg_data_key_renamed(const kg_own_keys *own, const char *key);

/* What is written before data key `key` in that output: KG_DATA_PREFIX
 * or "". */
const char *kg_data_key_prefix(const kg_own_keys *own, const char *key);

#endif
