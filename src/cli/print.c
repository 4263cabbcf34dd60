/*
 * print.c - the printer (print.h).
 */
#include "cli/print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/guard.h"
#include "cli/progress.h"

/* Keeps what the run said about its input, as printed, for a report; a
 * note that cannot be kept (no memory, past MAX_NOTES) is dropped. */
static void keep_note(printer *p, const kg_diag *d)
{
    if (p->nnotes >= MAX_NOTES)
        return;
    char line[2048];
    int n = snprintf(line, sizeof line, "%s", d->file ? d->file : "kgraph");
    if (d->line && n >= 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ":%lu", d->line);
    if (d->line && d->col && n >= 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, ":%lu", d->col);
    if (n >= 0 && (size_t)n < sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, ": %s: %s",
                 d->severity == KG_ERROR ? "error" : "warning", d->message);
    char **more = realloc(p->notes, (p->nnotes + 1) * sizeof *more);
    char *copy = strdup(line);
    if (!more || !copy) {
        free(copy);
        if (more)
            p->notes = more;
        return;
    }
    p->notes = more;
    p->notes[p->nnotes++] = copy;
}

/* Whether a warning is past --max-warnings: said once, then counted only
 * by the summary. */
static int hide_warning(printer *p, const kg_diag *d)
{
    if (d->severity != KG_WARNING)
        return 0;
    if (p->max_warnings && p->warnings_shown >= p->max_warnings) {
        if (!p->told_hidden)
            fprintf(stderr, "kgraph: further warnings are not shown (see "
                            "--max-warnings); the summary counts them\n");
        p->told_hidden = 1;
        return 1;
    }
    p->warnings_shown++;
    return 0;
}

/* FILE:LINE:COL: SEVERITY: MESSAGE, as compilers say it. */
static void print_located(const kg_diag *d)
{
    kg_guard_puts(stderr, d->file ? d->file : "kgraph");
    if (d->line)
        fprintf(stderr, ":%lu", d->line);
    if (d->line && d->col)
        fprintf(stderr, ":%lu", d->col);
    fprintf(stderr, ": %s: ", d->severity == KG_ERROR ? "error" : "warning");
    kg_guard_puts(stderr, d->message);
    fputc('\n', stderr);
}

void printer_diag(const kg_diag *d, void *ctx)
{
    printer *p = ctx;
    if (d->file || !p->output)
        keep_note(p, d);
    if (p->progress)
        progress_clear(p->progress);
    if (hide_warning(p, d))
        return;
    if (!d->file && d->severity == KG_ERROR && p->output) {
        /* a write or a render failed: the library says why, kgraph
         * which output */
        p->failures++;
        fputs("kgraph: error: ", stderr);
        kg_guard_puts(stderr, p->output);
        fputs(": ", stderr);
        kg_guard_puts(stderr, d->message);
        fputc('\n', stderr);
        return;
    }
    print_located(d);
}

void printer_free(printer *p)
{
    for (size_t i = 0; i < p->nnotes; i++)
        free(p->notes[i]);
    free(p->notes);
    p->notes = NULL;
    p->nnotes = 0;
}

void say(const char *what, const char *text)
{
    fprintf(stderr, "kgraph: %s: ", what);
    kg_guard_puts(stderr, text);
    fputc('\n', stderr);
}

int usage_error(const char *fmt, const char *arg)
{
    fputs("kgraph: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'kgraph --help'.\n", stderr);
    return EXIT_USAGE;
}
