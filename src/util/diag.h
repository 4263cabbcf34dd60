/*
 * diag.h - formatting and counting diagnostics for the caller's callback.
 */
#ifndef KG_DIAG_H
#define KG_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "kgraph.h"

enum { KG_QUOTE_SLOTS = 4, KG_QUOTE_MAX = 200 };

typedef struct kg_diagsink {
    kg_diag_fn fn;
    void *ctx;
    /* Where the phases of calls are timed to (util/timing.h), or NULL. */
    kg_timing_fn timing;
    void *timing_ctx;
    unsigned long warnings;
    unsigned long errors;
    /* kg_q() hands out these in turn, so one message can quote a few
     * strings at once. */
    char quoted[KG_QUOTE_SLOTS][KG_QUOTE_MAX * 6 + 16];
    unsigned next_quote;
    /* What messages call each setting: the caller's names (borrowed; the
     * graph keeps the copies), NULL for the library's own. */
    const char *names[KG_SETTING_COUNT];
    /* The row being read (kg_diag_row_begin): the errors counted when it
     * began, and the first error since, its message and column: why the
     * row is rejected (graph/rejects.h). */
    unsigned long row_mark;
    unsigned long reason_col;
    char reason[512];
    /* The file being read (kg_diag_file_begin): the errors counted when
     * it began; past `shown` of them (0: no bound) an error with a file is
     * counted but not forwarded, and counted in `hidden`. */
    unsigned long file_mark;
    unsigned long shown;
    unsigned long hidden;
} kg_diagsink;

void kg_diag_init(kg_diagsink *d);

/*
 * Counts and forwards one diagnostic.  `fmt` is always a literal of ours:
 * text from the input only ever arrives as an argument, quoted by kg_q().
 */
void kg_report(kg_diagsink *d, kg_severity sev, const char *file,
               unsigned long line, unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

void kg_vreport(kg_diagsink *d, kg_severity sev, const char *file,
                unsigned long line, unsigned long col, const char *fmt,
                va_list ap);

/*
 * A warning of kind `kind` (a literal: one of the codes kgraph.3 lists,
 * the same at every site that says this kind of thing), counted and
 * forwarded as kg_report's.  Every warning about the input is said so:
 * kg_report's warnings have no kind, and a caller shows each of them.
 */
void kg_warn(kg_diagsink *d, const char *kind, const char *file,
             unsigned long line, unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* The same, for a warning said before and handed on (a reading thread's,
 * its text already made): `kind` as above, or NULL for none. */
void kg_report_text(kg_diagsink *d, kg_severity sev, const char *kind,
                    const char *file, unsigned long line, unsigned long col,
                    const char *text);

/*
 * A row of the input begins: its errors are those reported from now on,
 * the first of them kept in d->reason (empty while there is none).
 */
void kg_diag_row_begin(kg_diagsink *d);

/* The errors of the row begun last: how many there were. */
unsigned long kg_diag_row_errors(const kg_diagsink *d);

/*
 * A file begins: no more than `shown` of its errors (0: all) are
 * forwarded; the others are counted as usual.  kg_diag_file_end says how
 * many were not shown, as one message of the file that is not counted
 * (the errors it speaks of are), naming `rejects`, the setting where every
 * rejected row is written.
 */
void kg_diag_file_begin(kg_diagsink *d, unsigned long shown);
void kg_diag_file_end(kg_diagsink *d, const char *file);

/*
 * The one channel for why a call failed (a write, a render) and for what
 * Graphviz warned about: the callback, with no file, not counted among
 * the input's problems (kg_stats counts those).  kg_fail says it as an
 * error and returns st.
 */
kg_status kg_fail(const kg_diagsink *d, kg_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Each line of `text` as a message of its own. */
void kg_tell_lines(const kg_diagsink *d, kg_severity sev, const char *text);

/*
 * The end of writing to `out`: flushed, and KG_OK, or KG_ERR_IO said as
 * "cannot write: REASON" when this or an earlier write failed: `err` is
 * the errno of an earlier failure, -1 when one failed and its errno is
 * not known, 0 when none did.
 */
kg_status kg_stream_end(const kg_diagsink *d, FILE *out, int err);

/*
 * What a message calls setting `s`: the name the caller gave
 * (kg_graph_name_setting), else the library's own, as the API names it.
 * A library message never spells a command's option itself.
 */
const char *kg_setting_name(const kg_diagsink *d, kg_setting s);

/*
 * `s` in single quotes for a message, with control characters shown as
 * escapes (\n, \t, \x1B, \u009B: util/term.h's rule, as every text for
 * a terminal) so input cannot drive the terminal, and long text (past
 * KG_QUOTE_MAX characters, or bytes that are not UTF-8) shortened with
 * "...".  Valid until KG_QUOTE_SLOTS further calls.
 */
const char *kg_q(kg_diagsink *d, const char *s);

#endif
