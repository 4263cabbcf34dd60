/*
 * progress.c - the progress line (progress.h).
 */
#include "cli/progress.h"

#include <stdio.h>

static double seconds_between(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) +
           (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

/* The library's progress callback: `bytes` of `file` read so far. */
static void on_progress(const char *file, unsigned long long bytes,
                        unsigned long rows, void *ctx)
{
    progress_line *p = ctx;
    if (p->file != file) { /* a new file */
        p->done += p->file_bytes;
        p->file = file;
    }
    p->file_bytes = bytes;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (seconds_between(p->last, now) < 0.25)
        return;
    p->last = now;
    double mb = (double)(p->done + bytes) / 1e6;
    double secs = seconds_between(p->start, now);
    fprintf(stderr, "\rkgraph: %lu rows, %.0f MB read, %.0f MB/s   ", rows, mb,
            secs > 0 ? mb / secs : 0);
    p->shown = 1;
}

void progress_start(progress_line *p, kg_graph *g)
{
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
    kg_graph_set_progress(g, on_progress, p);
}

void progress_clear(progress_line *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}
