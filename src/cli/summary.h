/*
 * summary.h - what the run did, said on standard error: what each filter
 * removed, the closing counts, and how the figure reads on paper.
 */
#ifndef KG_CLI_SUMMARY_H
#define KG_CLI_SUMMARY_H

#include "cli/cli.h"

/* A line saying what each filter removed (unless -q), and a note when
 * they left nothing (even with -q). */
void summary_filters(const kg_graph *g, const options *o);

/* The closing line: files, rows, entities, relations, merges, errors and
 * warnings (unless -q). */
void summary_counts(const kg_graph *g, const options *o);

/* What the figure is like on paper (unless -q), and a warning, even with
 * -q, when its names print below the 6 pt print needs. */
void summary_figure(const kg_figure *f, const options *o);

#endif
