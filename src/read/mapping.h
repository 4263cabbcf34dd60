/*
 * mapping.h - FollowTheMoney mappings (mapping.c, mapping_model.c,
 * mapping_draft.c): YAML that says how the rows of tables become FtM
 * entities, as Aleph and FtM's `ftm map` read it.
 *
 * A mapping names its tables relative to its own folder; each row of a
 * table yields the mapping's entities, which reach the graph as FtM
 * entities do (read/ftm_lines.h): a relationship schema (Ownership,
 * Employment...) a relation, any other an entity typed by its schema.
 */
#ifndef KG_MAPPING_H
#define KG_MAPPING_H

#include <stddef.h>

#include "graph/store.h"
#include "text/csv_reader.h"
#include "util/buf.h"

/*
 * Every table a mapping reads is read through this one call: the rows of
 * the table at `path` (`sheet`, a workbook's sheet, NULL for a CSV or TSV
 * file), its header first, each to fn(rec, ctx) (nonzero stops it), with
 * the graph's encoding and limits.  KG_OK; KG_ERR_IO when it cannot be
 * read (said at `path`); KG_ERR_INPUT when it is a workbook (said at
 * `at_file`:`at_line`:`at_col`, the mapping's place that names it);
 * KG_ERR_NOMEM.
 */
kg_status kg_table_rows(kg_graph *g, const char *path, const char *sheet,
                        kg_csv_record_fn fn, void *ctx, const char *at_file,
                        unsigned long at_line, unsigned long at_col);

/* kgraph.h's kg_load_mapping (mapping.c) and kg_draft_mapping
 * (mapping_draft.c) are the rest of the module's calls. */

#endif
