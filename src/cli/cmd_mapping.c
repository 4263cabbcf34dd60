/*
 * cmd_mapping.c - kgraph mapping (cmd_mapping.h): the library drafts
 * (kg_draft_mapping), the command writes it out.
 */
#include "cli/cmd_mapping.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/load.h"

int cmd_mapping(const options *o, printer *p)
{
    int rc;
    kg_graph *g = load_graph_new(o, p, &rc);
    if (!g)
        return rc;
    char *yaml = NULL;
    size_t len = 0;
    kg_status st = kg_draft_mapping(g, (const char *const *)o->paths,
                                    (size_t)o->npaths, &yaml, &len);
    printer_tally(p);
    if (st == KG_ERR_NOMEM) {
        fputs("kgraph: error: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else if (st != KG_OK) {
        rc = EXIT_INPUT;
    } else if (fwrite(yaml, 1, len, stdout) != len || fflush(stdout)) {
        perror("kgraph: standard output");
        rc = EXIT_USAGE;
    } else {
        rc = EXIT_OK;
    }
    free(yaml);
    kg_graph_free(g);
    return rc;
}
