/*
 * status.c - what each kg_status means, said (kg_strerror).
 */
#include "kgraph.h"

const char *kg_strerror(kg_status status)
{
    switch (status) {
    case KG_OK: return "success";
    case KG_ERR_NOMEM: return "out of memory";
    case KG_ERR_IO: return "input/output error";
    case KG_ERR_INPUT: return "the input has errors";
    case KG_ERR_USAGE: return "invalid use of the library";
    case KG_ERR_RENDER: return "Graphviz could not render the graph";
    }
    return "unknown status";
}
