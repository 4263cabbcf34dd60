/*
 * file_type.h - the relation type a file's name gives, for relation files
 * published without a type column (kg_graph_set_type_from_file).
 *
 * The type is the file's base name without its extension, less the start
 * every input's name shares, with '_' and '-' read as spaces:
 * montagna_meetings.csv and montagna_phone.csv give "meetings" and
 * "phone".  The shared start ends at a '_', '-' or space (phone.csv and
 * photo.csv share nothing), never takes a whole name, and one file alone
 * shares nothing with anything: it keeps its whole name.
 */
#ifndef KG_FILE_TYPE_H
#define KG_FILE_TYPE_H

#include <stddef.h>

#include "util/buf.h"

/* How many bytes at the start of every path's base name the names share,
 * as the rule above says; 0 for fewer than two names. */
size_t kg_file_type_prefix(const char *const *paths, size_t n);

/* Path's type, its base name's first `prefix` bytes dropped, into out
 * (cleared first, NUL-terminated; empty when nothing is left).  0, or -1
 * when out of memory. */
int kg_file_type(const char *path, size_t prefix, kg_buf *out);

#endif
