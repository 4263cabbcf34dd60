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

void printer_setup(printer *p, const options *o)
{
    *p = (printer){.max_warnings = o->max_warnings,
                   .max_given = o->max_warnings != MAX_WARNINGS_UNSET,
                   .all_warnings = o->all_warnings,
                   .quiet = o->quiet};
    if (!p->max_given)
        p->max_warnings = o->all_warnings ? ULONG_MAX : 100;
}

/* The kind's slot, made on its first warning; NULL for a warning with no
 * kind, or when every slot is taken (such a warning is shown as is). */
static warning_kind *kind_of(printer *p, const char *kind)
{
    if (!kind || !*kind)
        return NULL;
    for (size_t i = 0; i < p->nkinds; i++)
        if (strncmp(p->kinds[i].kind, kind, KIND_MAX - 1) == 0)
            return &p->kinds[i];
    if (p->nkinds == KIND_SLOTS)
        return NULL;
    warning_kind *k = &p->kinds[p->nkinds++];
    snprintf(k->kind, sizeof k->kind, "%s", kind);
    return k;
}

/* Keeps d, the first of its kind not shown: if no other follows, it is
 * shown after all (a count line would take its place for nothing). */
static void hold(warning_kind *k, const kg_diag *d)
{
    k->held_file = d->file ? strdup(d->file) : NULL;
    k->held_message = strdup(d->message);
    k->held_line = d->line;
    k->held_col = d->col;
}

static void drop_held(warning_kind *k)
{
    free(k->held_file);
    free(k->held_message);
    k->held_file = k->held_message = NULL;
}

/* Whether a warning goes unshown: with -q; past --max-warnings; past the
 * first few of its kind (not with --warnings all).  Those are counted
 * for printer_tally. */
static int hide_warning(printer *p, const kg_diag *d)
{
    if (d->severity != KG_WARNING)
        return 0;
    if (p->quiet)
        return 1;
    if (p->warnings_shown >= p->max_warnings) {
        p->past_max++;
        return 1;
    }
    warning_kind *k = kind_of(p, d->kind);
    if (k && !p->all_warnings && k->shown >= EXAMPLES_PER_KIND) {
        /* the held one keeps a place under --max-warnings until a
         * second makes it a count */
        if (!k->hidden++) {
            hold(k, d);
            p->warnings_shown++;
        } else if (k->hidden == 2) {
            p->warnings_shown--;
        }
        return 1;
    }
    if (k)
        k->shown++;
    p->warnings_shown++;
    return 0;
}

/* How the tally calls the warnings of a kind: one, many. */
static const struct {
    const char *kind, *one, *many;
} kind_names[] = {
    {"unknown-end", "relation end names no entity",
     "relation ends name no entity"},
    {"ambiguous-end", "relation end could name more than one entity",
     "relation ends could name more than one entity"},
    {"alias-claimed", "alias is claimed by more than one entity",
     "aliases are claimed by more than one entity"},
    {"conflict", "conflicting value is not kept",
     "conflicting values are not kept"},
    {"not-a-number", "weight is not a number", "weights are not numbers"},
    {"not-a-date", "date is not read", "dates are not read"},
    {"not-a-confidence", "confidence is not read", "confidences are not read"},
    {"wrong-value-type", "value is not of its column's type",
     "values are not of their column's type"},
    {"not-a-link", "link is kept as data", "links are kept as data"},
    {"not-drawn", "presentation value is kept as data",
     "presentation values are kept as data"},
    {"percent-id", "id starts with '%'", "ids start with '%'"},
    {"dot-inexact", "name cannot be written exactly in DOT",
     "names cannot be written exactly in DOT"},
    {"dates-unread", "column's dates are not read",
     "columns' dates are not read"},
    {"date-order", "column's day and month order is not known",
     "columns' day and month orders are not known"},
    {"no-header", "file is read without a header row",
     "files are read without a header row"},
    {"not-a-table", ".txt file is not a table", ".txt files are not tables"},
    {"repeated-key", "FtM file repeats keys", "FtM files repeat keys"},
    {"one-ended", "FtM file has one-ended relationships",
     "FtM files have one-ended relationships"},
    {"mapping-key", "mapping key is ignored", "mapping keys are ignored"},
    {"mapping-skip", "mapping's entity is not made for some rows",
     "mapping's entities are not made for some rows"},
};

static void print_located(const kg_diag *d);

/* A line for the warnings of kind k not shown, or the one itself. */
static void say_kind(const warning_kind *k)
{
    const char *one = NULL, *many = NULL;
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
        if (strcmp(kind_names[i].kind, k->kind) == 0) {
            one = kind_names[i].one;
            many = kind_names[i].many;
        }
    if (k->hidden == 1 && k->held_message) {
        kg_diag d = {KG_WARNING,  k->held_file,    k->held_line,
                     k->held_col, k->held_message, k->kind};
        print_located(&d);
        return;
    }
    fprintf(stderr, "kgraph: %lu more ", k->hidden);
    if (one)
        fputs(k->hidden == 1 ? one : many, stderr);
    else
        fprintf(stderr, "%s of kind '%s'",
                k->hidden == 1 ? "warning" : "warnings", k->kind);
    fprintf(stderr, "; --warnings all shows %s\n",
            k->hidden == 1 ? "it" : "them");
}

void printer_tally(printer *p)
{
    if (p->progress)
        progress_clear(p->progress);
    for (size_t i = 0; i < p->nkinds; i++) {
        if (p->kinds[i].hidden && !p->quiet)
            say_kind(&p->kinds[i]);
        p->kinds[i].hidden = 0;
        drop_held(&p->kinds[i]);
    }
    if (p->past_max && !p->quiet)
        fprintf(stderr,
                "kgraph: %lu %s%s not shown (--max-warnings %lu); the "
                "summary counts %s\n",
                p->past_max, p->warnings_shown ? "more " : "",
                p->past_max == 1 ? "warning" : "warnings", p->max_warnings,
                p->past_max == 1 ? "it" : "them");
    p->past_max = 0;
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
    for (size_t i = 0; i < p->nkinds; i++)
        drop_held(&p->kinds[i]);
    p->nnotes = 0;
}

void printer_timing(const kg_timing *t, void *ctx)
{
    printer *p = ctx;
    if (p && p->progress)
        progress_clear(p->progress);
    fprintf(stderr, "kgraph: timings: %s", t->phase);
    if (t->subject[0]) {
        fputc(' ', stderr);
        kg_guard_puts(stderr, t->subject);
    }
    fprintf(stderr, ": %.3f s wall, %.3f s cpu, %.1f MiB peak", t->wall, t->cpu,
            t->peak / (1024.0 * 1024.0));
    if (t->name_pt >= 0)
        fprintf(stderr, ", name %.1f pt", t->name_pt);
    if (t->collisions >= 0)
        fprintf(stderr, ", %ld collisions", t->collisions);
    fputc('\n', stderr);
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
