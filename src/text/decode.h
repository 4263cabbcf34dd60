/*
 * decode.h - turning a file's bytes in another encoding into UTF-8 before
 * CSV reading (iconv does the work).
 *
 * Positions stay true: line ends are the same characters after decoding,
 * and columns count characters.  A byte (or code unit) that is not valid
 * in the encoding is not dropped and not guessed: it becomes a byte that
 * is never valid UTF-8 in that place (the byte itself for a one-byte
 * encoding, 0xFF otherwise), so that the UTF-8 check reports it at its
 * own line and column, and its row is rejected.
 */
#ifndef KG_DECODE_H
#define KG_DECODE_H

#include <stddef.h>

#include "util/buf.h"

typedef struct kg_decoder kg_decoder;

/*
 * A decoder from the encoding iconv calls `name` ("latin1", "cp1252",
 * "UTF-16LE"...; case does not matter).  NULL when iconv does not know
 * the name (errno EINVAL) or out of memory.
 */
kg_decoder *kg_decoder_new(const char *name);
void kg_decoder_free(kg_decoder *d);

/* Whether the encoding is UTF-8 itself (nothing to convert). */
int kg_encoding_is_utf8(const char *name);

/* The name given, and the size of its code unit (1, 2 or 4 bytes). */
const char *kg_decoder_name(const kg_decoder *d);
size_t kg_decoder_unit(const kg_decoder *d);

/*
 * Appends in[0..len) as UTF-8 to *out.  The bytes of a sequence cut at
 * the end of `in` wait for the next call.  Returns 0, or -1 when out of
 * memory.
 */
int kg_decode(kg_decoder *d, const char *in, size_t len, kg_buf *out);

/* At the end of the input: a cut sequence left over is invalid. */
int kg_decode_finish(kg_decoder *d, kg_buf *out);

#endif
