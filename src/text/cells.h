/*
 * cells.h - a spreadsheet's cells as a reader sees them, and its rows as
 * CSV records (csv_reader.h): what xlsx.c, ods.c and xls.c share.
 *
 * A number is written as the shortest text that reads back as the number
 * stored, with at most 15 significant digits (what Excel and LibreOffice
 * hold and show: 0.1+0.2 is 0.3): 1250000.5, 1e-07, 42.  A number shown
 * by a date or time format is a serial (days since the workbook's epoch,
 * the fraction the time of day) and is written ISO: 1959-10-04,
 * 1959-10-04T13:45:00, 13:45:00.
 */
#ifndef KG_CELLS_H
#define KG_CELLS_H

#include <stddef.h>

#include "text/csv_reader.h"
#include "util/buf.h"

/* Longest text kg_cell_number and kg_cell_serial write, with its NUL. */
enum { KG_CELL_TEXT_MAX = 48 };

/* v as the text above into out (KG_CELL_TEXT_MAX bytes); its length. */
size_t kg_cell_number(double v, char *out);

/* What a number format shows: a number, or a date, a time or both
 * (flags); KG_FMT_ELAPSED for [h]-style durations. */
enum {
    KG_FMT_NUMBER = 0,
    KG_FMT_DATE = 1,
    KG_FMT_TIME = 2,
    KG_FMT_DATETIME = 3,
    KG_FMT_ELAPSED = 4
};

/* The kind of a format code ("dd/mm/yyyy", "mmm d, yyyy", "#,##0.00"):
 * date and time letters counted only outside quotes, brackets (but [h],
 * [m], [s]) and escapes, in the code's first section. */
int kg_cell_format_kind(const char *code);

/* The kind of built-in format `id` (ids 14-22 and 45-47 are dates and
 * times; the rest numbers). */
int kg_cell_builtin_kind(unsigned long id);

/* Serial `serial` of a workbook in the 1900 system (day 1 is 1900-01-01,
 * and day 60 the 1900-02-29 Lotus had and Excel keeps) or the 1904 one
 * (day 0 is 1904-01-01), shown by a format of kind `kind`, into out
 * (KG_CELL_TEXT_MAX bytes).  Its length, or 0 when the serial is no date
 * (negative, or past the year 9999). */
size_t kg_cell_serial(double serial, int date1904, int kind, char *out);

/* A sheet of a workbook: its name (UTF-8), whether the workbook hides it,
 * and where its cells are (a part of the archive, for xlsx). */
typedef struct kg_sheet {
    char *name;
    int hidden;
    char *part;
    int cells; /* 0: not known before the sheet is read; 1: it has a cell
                  with text, or cannot be read; -1: it has no text */
} kg_sheet;

/* Frees n sheets and the array. */
void kg_sheets_free(kg_sheet *s, size_t n);

/* Excel's limits: a sheet has at most these rows and columns. */
enum { KG_SHEET_MAX_ROWS = 1048576, KG_SHEET_MAX_COLS = 16384 };
/* and a workbook at most this many sheets (kgraph's bound). */
enum { KG_SHEET_MAX_SHEETS = 4096 };

/*
 * One sheet's rows, assembled cell by cell and handed to `fn` as CSV
 * records: `line` the sheet's row number, fields in column order (column A
 * the first), gaps filled with empty fields, as many as the widest of the
 * sheet's first row and this one (trailing empty cells dropped).  A row
 * with no text is skipped.  A row's text over `max_row` bytes (0: no
 * limit) stops the sheet with an error naming `setting`.
 */
typedef struct kg_rows {
    const char *file; /* the name in diagnostics: "case.xlsx:Links" */
    kg_diagsink *diag;
    size_t max_row;
    const char *setting; /* what the row limit is called */
    int keep_raw;        /* each record's text as a CSV line in raw */
    kg_csv_record_fn fn;
    void *ctx;
    unsigned long row; /* the row being read, 1-based */
    size_t width;      /* the first row's width: 0 before it */
    kg_buf text;       /* the row's cells, each NUL-terminated */
    kg_buf raw;
    struct kg_cell_at {
        size_t col, off, len;
    } * cells;
    size_t ncells, cap;
    kg_csv_field *fields;
    size_t fcap;
    unsigned long records; /* rows handed on */
    int bad;               /* an error in the current row */
    int stop;              /* 1: the callback asked, -1: an error, -2: memory */
} kg_rows;

void kg_rows_init(kg_rows *r, const char *file, kg_diagsink *diag);
void kg_rows_free(kg_rows *r);
/* Row `row` begins (its cells follow). */
void kg_rows_begin(kg_rows *r, unsigned long row);
/* Cell at column `col` (0-based) of the current row: its text, copied.
 * 0, or -1 when reading should stop (r->stop says why).  A cell past
 * Excel's last column, or more cells than it has columns, is an error
 * of the row (and not kept). */
int kg_rows_cell(kg_rows *r, size_t col, const char *s, size_t len);
/* The row ends: handed on unless empty.  0, or -1 to stop. */
int kg_rows_end(kg_rows *r);
/* An error at the current row (and column col, 1-based; 0: none) that
 * leaves the row bad: it is handed on marked bad. */
void kg_rows_error(kg_rows *r, unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
