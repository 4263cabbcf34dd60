/*
 * json_keys.h - JSON text whose objects repeat a key, read as most JSON
 * tools and FollowTheMoney's own read it (json_keys.c).
 */
#ifndef KG_JSON_KEYS_H
#define KG_JSON_KEYS_H

#include <jansson.h>
#include <stddef.h>

/*
 * Parses text[0..len) as jansson's json_loadb does with
 * JSON_REJECT_DUPLICATES, except that a key repeated in one object is
 * taken: the values of a repeated key are merged (two lists are one list,
 * the first's items first; two objects are merged the same way, key by
 * key; otherwise the later value wins, as Python's json reads it), and
 * *repeated is set to the first repeated key (malloc'd; the caller frees
 * it), else NULL.  A repeated key spelled two ways ("a" and "\u0061") is
 * still refused, as jansson refuses it.  NULL with `err` set when the text
 * is not JSON (or memory ran out).
 */
json_t *kg_json_load_merging(const char *text, size_t len, json_error_t *err,
                             char **repeated);

#endif
