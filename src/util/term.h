/*
 * term.h - text for a terminal: which characters of the data may reach
 * one as they are, and the escape shown for each that may not (term.c).
 * The one rule behind every text kgraph shows on a terminal: the
 * diagnostics' quotes (kg_q, util/diag.h), the escaper of the library's
 * text outputs (kg_term_text, rules/escape.h: stats, diff) and the
 * command's standard error.
 *
 * The rule: a C0 control (U+0000..U+001F), DEL (U+007F) and a C1 control
 * (U+0080..U+009F, the bytes C2 80..C2 9F) steer a terminal, and a line
 * end starts a line the data did not; each is shown as an escape: \n, \r
 * and \t, \xHH for the other C0 controls and DEL, \u00HH for a C1
 * control.  Every other byte goes as it is.
 */
#ifndef KG_TERM_H
#define KG_TERM_H

#include <stddef.h>

/* Room for the longest escape and its NUL ("\u009F"). */
enum { KG_TERM_ESCAPE_MAX = 7 };

/* The number of bytes at the start of s that may go to a terminal as they
 * are: up to the NUL or the first character to be escaped. */
size_t kg_term_plain(const char *s);

/* When the character at s is one to be escaped: its escape, NUL-ended,
 * into esc, and the number of bytes of s it stands for (1, or 2 for a C1
 * control).  0 (esc left alone) when it may go as it is, or is the NUL. */
size_t kg_term_escape(const char *s, char esc[KG_TERM_ESCAPE_MAX]);

#endif
