/*
 * ftm_lines.h - reading FollowTheMoney entity files (ftm_lines.c).
 */
#ifndef KG_FTM_LINES_H
#define KG_FTM_LINES_H

#include "graph/store.h"

/* Whether a file name is FollowTheMoney's: *.ftm.json, *.jsonl, *.ftm. */
int kg_ftm_name(const char *path);

/* Reads the FollowTheMoney lines of open file `fd` (named `path`) into
 * g: errors at their lines, the other lines read. */
kg_status kg_load_ftm(kg_graph *g, const char *path, int fd);

#endif
