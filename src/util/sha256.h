/*
 * sha256.h - SHA-256 (FIPS 180-4), for the report's record of its input
 * files and its Content-Security-Policy hashes.
 */
#ifndef KG_SHA256_H
#define KG_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct kg_sha256_ctx {
    uint32_t h[8];
    uint64_t len; /* bytes hashed */
    unsigned char block[64];
    size_t used; /* bytes in block */
} kg_sha256_ctx;

void kg_sha256_init(kg_sha256_ctx *s);
void kg_sha256_update(kg_sha256_ctx *s, const void *data, size_t len);
void kg_sha256_final(kg_sha256_ctx *s, unsigned char digest[32]);

/* The digest of data[0..len) in one call. */
void kg_sha256(const void *data, size_t len, unsigned char digest[32]);

#endif
