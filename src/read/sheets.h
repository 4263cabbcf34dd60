/*
 * sheets.h - workbooks as inputs: each sheet of an .xlsx, .ods or .xls
 * read as a file of its own (text/workbook.h), through the same reading
 * of headers and rows as a CSV (ingest.c's, handed in as `ingest`).
 *
 * A sheet's name in diagnostics and sources is "case.xlsx:Links", so an
 * error in its fourth row, second column reads case.xlsx:Links:4:2.  A
 * path "case.xlsx#Links" (when no file has that name) reads that sheet
 * alone.  A sheet with no cells is passed over with a warning; a hidden
 * one is read like the others, with a warning that says so.
 */
#ifndef KG_SHEETS_H
#define KG_SHEETS_H

#include "graph/store.h"
#include "text/csv_reader.h"

/* Feeds a reader all of a source's records and ends its input. */
typedef kg_status (*kg_pump_fn)(kg_csv_reader *r, void *src);
/* Reads one input named `name` from pump into g (ingest.c's). */
typedef kg_status (*kg_ingest_fn)(kg_graph *g, const char *name,
                                  kg_pump_fn pump, void *src);

/* Whether `path` names a sheet of a workbook ("case.xlsx#Links"): the
 * caller knows no file is called that. */
int kg_sheets_path(const char *path);

/* Reads the workbook (or the one sheet) `path` names into g. */
kg_status kg_load_sheets(kg_graph *g, const char *path, kg_ingest_fn ingest);

/* The rows of one sheet of the workbook at `path` (the sheet called
 * `sheet`, or with NULL its first sheet with cells), for a reader of its
 * own (a FollowTheMoney mapping's tables): first begin(name, ctx) with
 * the name its records carry ("path:Sheet"; nonzero stops it), then each
 * row, its first row first, to fn(rec, ctx) (nonzero stops it) as a CSV
 * record, with g's row limit.  KG_OK; KG_ERR_IO after an error said (no
 * such sheet: the error names the sheets there are); KG_ERR_NOMEM. */
kg_status kg_sheet_rows(kg_graph *g, const char *path, const char *sheet,
                        int (*begin)(const char *name, void *ctx),
                        kg_csv_record_fn fn, void *ctx);

#endif
