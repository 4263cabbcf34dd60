/*
 * cmd_mapping.h - kgraph mapping: a FollowTheMoney mapping drafted from
 * the headers of the given tables, on standard output.
 */
#ifndef KG_CLI_CMD_MAPPING_H
#define KG_CLI_CMD_MAPPING_H

#include "cli/cli.h"
#include "cli/print.h"

/* Writes the draft of o->paths to standard output, the run's messages
 * through p: 0; 1 when a table cannot be read or has no header (nothing
 * written); 2 when the output cannot be written. */
int cmd_mapping(const options *o, printer *p);

#endif
