/*
 * sha1.h - SHA-1 (FIPS 180-4), for the ids FollowTheMoney mappings give
 * their entities (read/mapping.c): FtM hashes them with SHA-1, and the
 * same keys must give the same ids as FtM's own tools.  Not for security.
 */
#ifndef KG_SHA1_H
#define KG_SHA1_H

#include <stddef.h>
#include <stdint.h>

#include "util/sha256.h"

typedef kg_md_ctx kg_sha1_ctx; /* sha256.h's blocks and padding */

void kg_sha1_init(kg_sha1_ctx *s);
void kg_sha1_update(kg_sha1_ctx *s, const void *data, size_t len);
/* The digest as 40 lowercase hex digits and a NUL, as Python's
 * hexdigest() gives it; s is spent. */
void kg_sha1_hex(kg_sha1_ctx *s, char hex[41]);

#endif
