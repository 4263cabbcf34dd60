/*
 * print.h - what the command says on standard error: the library's
 * diagnostics in the compiler form FILE:LINE:COL: error: MESSAGE, and
 * kgraph's own "kgraph: error: ..." lines.  Every error is shown.  Of the
 * warnings, a few of each kind (kg_diag.kind) are shown and the rest
 * counted in one line each (printer_tally), unless --warnings all; never
 * more than --max-warnings; none with -q.  The closing summary counts
 * them all.  Everything shown of a name or a file name goes through
 * kg_guard_puts.
 */
#ifndef KG_CLI_PRINT_H
#define KG_CLI_PRINT_H

#include <stddef.h>

#include "kgraph.h"

struct progress_line;

/* The warnings of one kind shown before the rest are only counted. */
enum { EXAMPLES_PER_KIND = 3, KIND_SLOTS = 64, KIND_MAX = 32 };

/* One kind of warning: how many were shown, how many only counted, and
 * the first of those (shown instead of a count when it is the only one). */
typedef struct warning_kind {
    char kind[KIND_MAX];
    unsigned long shown, hidden;
    char *held_file, *held_message; /* malloc'd, or NULL */
    unsigned long held_line, held_col;
} warning_kind;

/*
 * The printer a run's graphs report to (printer_diag).  Set it up with
 * printer_setup; it owns `notes`, which printer_free releases.
 * While `output` is set, a diagnostic without a file is a failure of that
 * output: it is shown as "kgraph: error: OUTPUT: why" and counted in
 * `failures` (outfiles.c sets and clears both; write.c for a Neo4j folder).
 */
typedef struct printer {
    struct progress_line *progress; /* a progress line to clear first */
    unsigned long max_warnings;     /* at most so many shown (ULONG_MAX: all) */
    int max_given;                  /* --max-warnings was given */
    int all_warnings;               /* --warnings all: no kind cut short */
    int quiet;                      /* -q: no warning shown */
    unsigned long warnings_shown;
    unsigned long past_max; /* not shown for --max-warnings */
    warning_kind kinds[KIND_SLOTS];
    size_t nkinds;
    const char *output; /* the output being written, or NULL */
    int failures;       /* why a call failed, said by the library */
    char **notes;       /* what was said, a line each (for a report), */
    size_t nnotes;      /* up to MAX_NOTES */
} printer;

/* The most lines a report lists of what the run said. */
enum { MAX_NOTES = 10000 };

struct options;

/* An empty printer for the options' -q, --warnings and --max-warnings. */
void printer_setup(printer *p, const struct options *o);

/* A kg_diag_fn: prints d (ctx is the printer) and keeps it as a note. */
void printer_diag(const kg_diag *d, void *ctx);

/*
 * The warnings not shown since the last tally, a line for each kind
 * ("kgraph: 47 more relation ends name no entity; --warnings all shows
 * them") and one for those past --max-warnings; nothing with -q.  Called
 * when the inputs are read, and when the command ends.
 */
void printer_tally(printer *p);

/* Frees the notes and what the kinds hold; the printer is empty after. */
void printer_free(printer *p);

/* A kg_timing_fn (--timings): "kgraph: timings: PHASE[ SUBJECT]: W s
 * wall, C s cpu, M MiB peak", and for a layout ", name N pt, K
 * collisions", on stderr (ctx is the printer). */
void printer_timing(const kg_timing *t, void *ctx);

/* "kgraph: WHAT: TEXT" (what: error, warning...), the text shown safely. */
void say(const char *what, const char *text);

/* "kgraph: error: " fmt (with arg for its one %s), then "Try 'kgraph
 * --help'."; returns EXIT_USAGE, for `return usage_error(...)`. */
int usage_error(const char *fmt, const char *arg);

#endif
