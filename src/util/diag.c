/*
 * diag.c - formatting and counting diagnostics.
 */
#include "util/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/term.h"

void kg_diag_init(kg_diagsink *d)
{
    memset(d, 0, sizeof *d);
}

void kg_report(kg_diagsink *d, kg_severity sev, const char *file,
               unsigned long line, unsigned long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kg_vreport(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}

/* Counts one diagnostic and hands it on with its kind ("" for none). */
static void vreport_kind(kg_diagsink *d, kg_severity sev, const char *kind,
                         const char *file, unsigned long line,
                         unsigned long col, const char *fmt, va_list ap)
{
    if (sev == KG_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (sev == KG_ERROR && d->errors - d->row_mark == 1) {
        va_list again;
        va_copy(again, ap);
        vsnprintf(d->reason, sizeof d->reason, fmt, again);
        va_end(again);
        d->reason_col = col;
    }
    if (sev == KG_ERROR && file && d->shown &&
        d->errors - d->file_mark > d->shown) {
        d->hidden++;
        return;
    }
    if (!d->fn)
        return;
    char msg[4096];
    vsnprintf(msg, sizeof msg, fmt, ap);
    kg_diag diag = {sev, file, line, col, msg, kind ? kind : ""};
    d->fn(&diag, d->ctx);
}

void kg_vreport(kg_diagsink *d, kg_severity sev, const char *file,
                unsigned long line, unsigned long col, const char *fmt,
                va_list ap)
{
    vreport_kind(d, sev, "", file, line, col, fmt, ap);
}

void kg_warn(kg_diagsink *d, const char *kind, const char *file,
             unsigned long line, unsigned long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_kind(d, KG_WARNING, kind, file, line, col, fmt, ap);
    va_end(ap);
}

/* vreport_kind's "%s": a va_list cannot be made from nothing. */
static void report_text(kg_diagsink *d, kg_severity sev, const char *kind,
                        const char *file, unsigned long line, unsigned long col,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport_kind(d, sev, kind, file, line, col, fmt, ap);
    va_end(ap);
}

void kg_report_text(kg_diagsink *d, kg_severity sev, const char *kind,
                    const char *file, unsigned long line, unsigned long col,
                    const char *text)
{
    report_text(d, sev, kind, file, line, col, "%s", text);
}

void kg_diag_row_begin(kg_diagsink *d)
{
    d->row_mark = d->errors;
    d->reason[0] = '\0';
    d->reason_col = 0;
}

unsigned long kg_diag_row_errors(const kg_diagsink *d)
{
    return d->errors - d->row_mark;
}

void kg_diag_file_begin(kg_diagsink *d, unsigned long shown)
{
    d->file_mark = d->errors;
    d->shown = shown;
    d->hidden = 0;
}

void kg_diag_file_end(kg_diagsink *d, const char *file)
{
    unsigned long hidden = d->hidden;
    d->shown = 0;
    d->hidden = 0;
    if (!hidden || !d->fn)
        return;
    char msg[512];
    snprintf(msg, sizeof msg,
             "%lu more error%s in this file %s not shown; %s lists every "
             "rejected row",
             hidden, hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are",
             kg_setting_name(d, KG_SETTING_REJECTS));
    kg_diag diag = {KG_ERROR, file, 0, 0, msg, ""};
    d->fn(&diag, d->ctx);
}

static void tell(const kg_diagsink *d, kg_severity sev, const char *msg)
{
    if (!d->fn)
        return;
    kg_diag diag = {sev, NULL, 0, 0, msg, ""};
    d->fn(&diag, d->ctx);
}

kg_status kg_fail(const kg_diagsink *d, kg_status st, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tell(d, KG_ERROR, msg);
    return st;
}

void kg_tell_lines(const kg_diagsink *d, kg_severity sev, const char *text)
{
    char line[2048];
    while (text && *text) {
        size_t n = strcspn(text, "\n");
        if (n) {
            snprintf(line, sizeof line, "%.*s", (int)n, text);
            tell(d, sev, line);
        }
        text += n + (text[n] == '\n');
    }
}

kg_status kg_stream_end(const kg_diagsink *d, FILE *out, int err)
{
    errno = 0;
    if (fflush(out) != 0)
        err = errno ? errno : -1;
    else if (!err && ferror(out))
        err = -1;
    if (!err)
        return KG_OK;
    return kg_fail(d, KG_ERR_IO, "cannot write: %s",
                   err > 0 ? strerror(err) : "input/output error");
}

const char *kg_setting_name(const kg_diagsink *d, kg_setting s)
{
    static const char *const own[KG_SETTING_COUNT] = {
        [KG_SETTING_MAX_ROW] = "max_row_bytes (kg_graph_set_limits)",
        [KG_SETTING_MAX_COLUMNS] = "max_columns (kg_graph_set_limits)",
        [KG_SETTING_ENCODING] = "kg_graph_set_encoding",
        [KG_SETTING_IMAGES] = "kg_graph_set_images",
        [KG_SETTING_CLUSTER_BY] = "cluster_by",
        [KG_SETTING_DPI] = "dpi",
        [KG_SETTING_TIMEOUT] = "timeout",
        [KG_SETTING_MAX_MEMORY] = "max_memory",
        [KG_SETTING_ENGINE] = "engine",
        [KG_SETTING_SOURCES] = "kg_write_sources",
        [KG_SETTING_TYPES] = "types",
        [KG_SETTING_EXCLUDE_TYPES] = "exclude_types",
        [KG_SETTING_RELATIONS] = "relations",
        [KG_SETTING_EXCLUDE_RELATIONS] = "exclude_relations",
        [KG_SETTING_SINCE] = "since",
        [KG_SETTING_UNTIL] = "until",
        [KG_SETTING_DATED_ONLY] = "dated_only",
        [KG_SETTING_WHERE] = "where",
        [KG_SETTING_FOCUS] = "focus",
        [KG_SETTING_PATH_FROM] = "path_from",
        [KG_SETTING_PATH_TO] = "path_to",
        [KG_SETTING_MIN_DEGREE] = "min_degree",
        [KG_SETTING_COMPONENT] = "component",
        [KG_SETTING_TOP] = "top",
        [KG_SETTING_DATE_ORDER] = "kg_graph_set_date_order",
        [KG_SETTING_HEADER] = "kg_graph_set_header",
        [KG_SETTING_REJECTS] = "kg_graph_set_rejects",
        [KG_SETTING_THREADS] = "kg_graph_set_threads",
    };
    if ((unsigned)s >= KG_SETTING_COUNT)
        return "?";
    return d && d->names[s] ? d->names[s] : own[s];
}

const char *kg_q(kg_diagsink *d, const char *s)
{
    char *out = d->quoted[d->next_quote++ % KG_QUOTE_SLOTS];
    size_t o = 0, chars = 0;
    out[o++] = '\'';
    for (const char *p = s; *p;) {
        /* characters are counted at their first byte: text that is not
         * UTF-8 (a run of continuation bytes) is held by the bytes */
        if (((*p & 0xC0) != 0x80 && ++chars > KG_QUOTE_MAX) ||
            o > KG_QUOTE_MAX * 6) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        char esc[KG_TERM_ESCAPE_MAX];
        size_t used = kg_term_escape(p, esc); /* as every terminal text */
        if (used) {
            memcpy(out + o, esc, strlen(esc));
            o += strlen(esc);
            p += used;
        } else {
            out[o++] = *p++;
        }
    }
    out[o++] = '\'';
    out[o] = '\0';
    return out;
}
