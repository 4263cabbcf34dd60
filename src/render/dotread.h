/*
 * dotread.h - reading kgraph's DOT with cgraph for layout, so that the
 * picture does not depend on where the C library put things.
 *
 * cgraph 2.43's own ID discipline makes a named object's ID the address of
 * its interned name, and keeps subgraphs ordered by ID: the clusters of an
 * SVG then come out in the order of heap addresses, which moves whenever
 * the process allocates differently (Graphviz issue 1614).  This reader
 * gives named objects IDs in the order they first appear, so clusters are
 * drawn and written in the order kgraph wrote them.
 *
 * A node named with a leading '%' (an entity id may start so) is nameless
 * to cgraph once read, "%1" in every output, spelt <%1> or "%1" at random
 * in plain, xdot and canon; this reader keeps its name, so that every
 * output calls it by its id ("%s"), the same bytes each time.
 */
#ifndef KG_DOTREAD_H
#define KG_DOTREAD_H

#include <cgraph.h>

/* The graph in the DOT text `dot`, or NULL; freed with agclose. */
Agraph_t *kg_dot_read(const char *dot);

#endif
