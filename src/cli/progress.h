/*
 * progress.h - a progress line on a terminal while the inputs are read:
 * rows read and speed, four times a second at most.
 */
#ifndef KG_CLI_PROGRESS_H
#define KG_CLI_PROGRESS_H

#include <time.h>

#include "kgraph.h"

/* Zeroed before use; it must outlive the graph it was started on. */
typedef struct progress_line {
    struct timespec start, last;
    unsigned long long done; /* bytes of the files finished */
    unsigned long long file_bytes;
    const char *file;
    int shown; /* a line is on the terminal */
} progress_line;

/* Starts the clock and has g report its reading to p.  The caller decides
 * whether a line is wanted (a terminal, no -q). */
void progress_start(progress_line *p, kg_graph *g);

/* Wipes the line, if one is shown, so that other text starts clean. */
void progress_clear(progress_line *p);

#endif
