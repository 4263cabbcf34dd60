/*
 * cmd_diff.h - kgraph diff: two versions of the inputs read alike, then
 * what changed: entities and relations added, removed, changed.
 */
#ifndef KG_CLI_CMD_DIFF_H
#define KG_CLI_CMD_DIFF_H

#include "cli/cli.h"
#include "cli/print.h"

/* Compares o->old_paths with o->new_paths, the run's messages through p.
 * The exit status is diff(1)'s: 0 the same, 1 they differ, 2 trouble
 * (either version with errors included). */
int cmd_diff(const options *o, printer *p);

#endif
