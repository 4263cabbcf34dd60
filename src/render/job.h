/*
 * job.h - one render: its layout chosen, drawn into memory and written to
 * the caller's stream, from a bounded child (util/sandbox.h) when the stream
 * has a file descriptor, else in this process.
 */
#ifndef KG_JOB_H
#define KG_JOB_H

#include <stddef.h>
#include <stdio.h>

#include "kgraph.h"
#include "render/layout.h"
#include "rules/image.h"
#include "util/diag.h"

typedef struct kg_job {
    kg_layout_spec layout;    /* what to lay out, for what page */
    kg_picture_dir images;    /* where pictures may come from */
    const kg_diagsink *names; /* what reasons call settings: the graph's */
    const char *page_unit;    /* an SVG's width and height in it, or NULL */
    kg_figure figure;         /* on success: what was drawn, measured */
} kg_job;

/*
 * Renders j to out; the caller holds kg_gv_lock.  A stream with a file
 * descriptor is rendered in a child process, which bounds time (timeout
 * seconds; 0: none) and memory (max_memory bytes; 0: half the machine's)
 * and keeps a Graphviz crash or leak away from the caller; the child's
 * end is always read.  A memory stream can only be rendered here, without
 * limits, and so is any stream when no child can be started.  On failure
 * the reason is in err, naming the engine; on success, Graphviz's
 * warnings, a line each.
 *
 * On a page, when the child dies laying out one of the candidates
 * (layout.h: a crash, the memory limit), another child goes on with the
 * next within what is left of the time, that one skipped with a warning
 * ("layout candidate "neato spread" crashed (signal 11, ...); skipped"):
 * the figure is the one drawn had Graphviz said that candidate failed.
 *
 * When kgraph chose the engine (j->layout.engine NULL) and chose dot, and
 * dot fails, crashes or runs out of time or memory while laying out, sfdp
 * draws the figure: dot has three quarters of the timeout, sfdp what is
 * left, so that the whole stays within it; the first warning says why.
 */
kg_status kg_job_run(kg_job *j, FILE *out, unsigned timeout, size_t max_memory,
                     char *err, size_t errlen);

#endif
