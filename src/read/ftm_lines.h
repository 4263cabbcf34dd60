/*
 * ftm_lines.h - reading FollowTheMoney entity files (ftm_lines.c).
 */
#ifndef KG_FTM_LINES_H
#define KG_FTM_LINES_H

#include <jansson.h>

#include "graph/store.h"

/* Whether a file name is FollowTheMoney's: *.ftm.json, *.jsonl, *.ftm. */
int kg_ftm_name(const char *path);

/* Reads the FollowTheMoney lines of open file `fd` (named `path`) into
 * g: errors at their lines, the other lines read. */
kg_status kg_load_ftm(kg_graph *g, const char *path, int fd);

/*
 * FtM entities handed over whole, not read from lines: a FollowTheMoney
 * mapping's (read/mapping.c).  The same rules as a line's: a relationship
 * schema becomes a relation, any other an entity of its schema's type.
 *
 * kg_ftm_reader_new begins file `file` of g (kg_graph_add_file) for
 * diagnostics; NULL when out of memory.  kg_ftm_reader_row says which row
 * of it the entities that follow come from (its line, and its text as read
 * for graph/rejects.h; kept by pointer until the next row).
 * kg_ftm_reader_put reads one entity: `props` is an object of lists of
 * strings (borrowed; NULL for none); 0, or -1 when out of memory (then
 * every later put is refused).  kg_ftm_reader_end ends the file (its
 * relation ends interned, its warnings said) and frees the reader
 * (NULL-safe): KG_OK, or KG_ERR_NOMEM when memory ran out on the way.
 */
typedef struct kg_ftm_reader kg_ftm_reader;
kg_ftm_reader *kg_ftm_reader_new(kg_graph *g, uint32_t file);
void kg_ftm_reader_row(kg_ftm_reader *x, unsigned long line, const char *text,
                       size_t len);
int kg_ftm_reader_put(kg_ftm_reader *x, const char *id, const char *schema,
                      json_t *props);
kg_status kg_ftm_reader_end(kg_ftm_reader *x);

#endif
