/*
 * path.h - how an output names an input file (path.c).
 *
 * A report or a merge list is mailed on; the folders of the machine it
 * was made on are the analyst's business.  So an output names an input
 * by the path it was given by when that is relative (the reader sees
 * what the analyst typed), by its path from the working folder when it
 * was given absolute and lies inside it, and else by its file name
 * alone: never by an absolute path.  Terminal diagnostics are not
 * outputs, and keep the path as given.
 */
#ifndef KG_PATH_H
#define KG_PATH_H

#include "util/buf.h"

/* Appends to b how outputs name input `path`.  0, or -1 when out of
 * memory. */
int kg_path_shown(kg_buf *b, const char *path);

/* Appends to b the path of file `name` in folder `dir`: a '/' between
 * them unless dir ends in one.  0, or -1 when out of memory. */
int kg_path_join(kg_buf *b, const char *dir, const char *name);

#endif
