/*
 * version.c - the library's version at run time (kgraph.h).
 */
#include "kgraph.h"

const char *kg_version(void)
{
    return KGRAPH_VERSION;
}

int kg_version_number(void)
{
    return KGRAPH_VERSION_NUMBER;
}
