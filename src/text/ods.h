/*
 * ods.h - OpenDocument spreadsheets (.ods): the sheets of content.xml, and
 * one sheet's rows (cells.h).
 *
 * A cell is its typed value: a float, percentage or currency as the number
 * stored (office:value), a date (office:date-value, its time kept when it
 * is not midnight), a time (office:time-value), TRUE or FALSE; otherwise
 * its paragraphs' text, joined by line ends (comments and drawings left
 * out).  Repeated rows and columns are read as the rows and cells they
 * stand for, within Excel's bounds on a sheet.
 */
#ifndef KG_ODS_H
#define KG_ODS_H

#include <stddef.h>

#include "text/cells.h"
#include "util/diag.h"

typedef struct kg_ods kg_ods;

/* As kg_xlsx_open, kg_xlsx_free, kg_xlsx_sheets, kg_xlsx_read (xlsx.h). */
kg_ods *kg_ods_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem);
void kg_ods_free(kg_ods *o);
const kg_sheet *kg_ods_sheets(const kg_ods *o, size_t *n);
int kg_ods_read(kg_ods *o, size_t i, kg_rows *rows);

#endif
