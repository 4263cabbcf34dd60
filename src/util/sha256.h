/*
 * sha256.h - SHA-256 (FIPS 180-4), for the report's record of its input
 * files and its Content-Security-Policy hashes.
 */
#ifndef KG_SHA256_H
#define KG_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* What SHA-256 and SHA-1 (sha1.c) share: the state, 64-byte blocks each
 * compressed into it as it fills, and the padding that ends a message
 * with its length in bits (FIPS 180-4, 5.1.1). */
typedef struct kg_md_ctx {
    uint32_t h[8]; /* SHA-1 uses the first 5 */
    uint64_t len;  /* bytes hashed */
    unsigned char block[64];
    size_t used; /* bytes in block */
} kg_md_ctx;

typedef void (*kg_md_compress_fn)(uint32_t *h, const unsigned char *block);

/* data[0..len) into s, each full block compressed by block_fn. */
void kg_md_update(kg_md_ctx *s, const void *data, size_t len,
                  kg_md_compress_fn compress);
/* The message's padding and length: s->h is then the digest. */
void kg_md_finish(kg_md_ctx *s, kg_md_compress_fn compress);

typedef kg_md_ctx kg_sha256_ctx;

void kg_sha256_init(kg_sha256_ctx *s);
void kg_sha256_update(kg_sha256_ctx *s, const void *data, size_t len);
void kg_sha256_final(kg_sha256_ctx *s, unsigned char digest[32]);

/* For tests: with `on`, the portable code even where the processor has
 * SHA instructions; without, the fastest again.  Not thread-safe: call
 * before hashing starts. */
void kg_sha256_portable(int on);

/* The digest of data[0..len) in one call. */
void kg_sha256(const void *data, size_t len, unsigned char digest[32]);

/* A file's SHA-256 and size, taken from the bytes as they are read;
 * `whole` when they are all of a regular file (read to its end). */
typedef struct kg_file_digest {
    unsigned char sha256[32];
    unsigned long long bytes;
    int whole;
} kg_file_digest;

#endif
