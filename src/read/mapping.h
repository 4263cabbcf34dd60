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
 * Every table a mapping reads is read through this one call: the table
 * at `path`, a CSV or TSV file, or a workbook's sheet (`sheet`, or with
 * NULL the workbook's first sheet with cells: read/sheets.h), first
 * begin(name, ctx) with the name its rows are known by in diagnostics
 * (the path; "case.xlsx:Sheet" for a sheet; nonzero stops it: out of
 * memory), then its header and rows, each to fn(rec, ctx) (nonzero stops
 * it), with the graph's encoding and limits.  KG_OK; KG_ERR_IO when it
 * cannot be read (said); KG_ERR_NOMEM.
 */
kg_status kg_table_rows(kg_graph *g, const char *path, const char *sheet,
                        int (*begin)(const char *name, void *ctx),
                        kg_csv_record_fn fn, void *ctx);

/* kgraph.h's kg_load_mapping (mapping.c) and kg_draft_mapping
 * (mapping_draft.c) are the rest of the module's calls. */

#endif
