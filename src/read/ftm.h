/*
 * ftm.h - reading FollowTheMoney entity files (ftm.c).
 */
#ifndef KG_FTM_H
#define KG_FTM_H

#include "graph/store.h"

/* Whether a file name is FollowTheMoney's: *.ftm.json, *.jsonl, *.ftm. */
int kg_ftm_name(const char *path);

/* Reads the FollowTheMoney lines of open file `fd` (named `path`) into
 * g: errors at their lines, the other lines read. */
kg_status kg_load_ftm(kg_graph *g, const char *path, int fd);

#endif
