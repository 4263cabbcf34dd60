/*
 * reason.h - why a render failed, or what it warned of, in the caller's
 * buffer: the text kg_render_quiet leaves in `err` and kg_render_figure
 * then says through the graph's callback.
 */
#ifndef KG_REASON_H
#define KG_REASON_H

#include <stddef.h>

/* `what`, then ": " and `detail` (its trailing blanks and line ends
 * dropped), into err of errlen bytes.  With a `what` it is a failure, one
 * line: detail's lines are joined; with an empty `what` it is warnings,
 * a line each.  Nothing when err is NULL or errlen 0. */
void kg_reason_set(char *err, size_t errlen, const char *what,
                   const char *detail);

/* Appends each non-empty line of `text`, after `prefix`, to the lines in
 * err; what does not fit is cut. */
void kg_reason_add_lines(char *err, size_t errlen, const char *prefix,
                         const char *text);

#endif
