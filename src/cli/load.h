/*
 * load.h - a graph set up and read as the options say: its limits,
 * matching, encoding, pictures and style sheets; then its inputs read,
 * resolved, folded and filtered.
 */
#ifndef KG_CLI_LOAD_H
#define KG_CLI_LOAD_H

#include "cli/cli.h"
#include "cli/print.h"

/* A new graph set up as the options say, its diagnostics to p (which
 * must outlive it); the caller frees it.  NULL after saying why, the exit
 * status in *rc. */
kg_graph *load_graph_new(const options *o, printer *p, int *rc);

/* Reads paths[0..npaths) into g, each with the --header before it (the
 * paths are operands from+0, from+1... in command-line order), resolves
 * it, then folds (--merge-edges) and filters it as the options say: the
 * last status (KG_ERR_NOMEM stops it at once). */
kg_status load_paths(kg_graph *g, const options *o, char **paths, int npaths,
                     int from);

#endif
