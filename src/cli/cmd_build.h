/*
 * cmd_build.h - kgraph build, check, stats, report and timeline: read the
 * inputs into one graph, then write what the command makes of it.
 */
#ifndef KG_CLI_CMD_BUILD_H
#define KG_CLI_CMD_BUILD_H

#include "cli/cli.h"
#include "cli/print.h"

/* Runs o->cmd (not CMD_DIFF), the run's messages through p: the exit
 * status. */
int cmd_build(const options *o, printer *p);

#endif
