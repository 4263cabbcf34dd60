/*
 * sha256.c - SHA-256 as FIPS 180-4 gives it: no library needed for the
 * few hashes a report makes.
 */
#include "util/sha256.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define KG_SHA_NI 1
#endif

static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t rotr(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

static void compress(uint32_t *h, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ w[i - 15] >> 3;
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ w[i - 2] >> 10;
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5],
             g = h[6], x = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = x + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
                      ((e & f) ^ (~e & g)) + k[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +
                      ((a & b) ^ (a & c) ^ (b & c));
        x = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += x;
}

#ifdef KG_SHA_NI
/*
 * The same blocks with the processor's SHA instructions (SHA-NI: most
 * x86-64 processors since 2017), several times faster: a report hashes
 * every input it reads (176 MB at 1M rows).  Four words of the schedule
 * at a time: X[i] = msg2(msg1(X[i-4], X[i-3]) + (X[i-2]:X[i-1])[1..4],
 * X[i-1]); two rounds a sha256rnds2, on the state as ABEF and CDGH.
 */
__attribute__((target("sha,sse4.1"))) static void
compress_ni(uint32_t *h, const unsigned char *p, size_t blocks)
{
    const __m128i swap =
        _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xB1);
    __m128i s1 =
        _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)), 0x1B);
    __m128i s0 = _mm_alignr_epi8(t, s1, 8); /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xF0);      /* CDGH */
    for (; blocks; blocks--, p += 64) {
        __m128i abef = s0, cdgh = s1, x[4];
        for (int i = 0; i < 16; i++) {
            __m128i m;
            if (i < 4) {
                m = _mm_shuffle_epi8(
                    _mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
            } else {
                m = _mm_add_epi32(
                    _mm_sha256msg1_epu32(x[i & 3], x[(i + 1) & 3]),
                    _mm_alignr_epi8(x[(i + 3) & 3], x[(i + 2) & 3], 4));
                m = _mm_sha256msg2_epu32(m, x[(i + 3) & 3]);
            }
            x[i & 3] = m;
            m = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&k[4 * i]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, m);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }
    t = _mm_shuffle_epi32(s0, 0x1B);  /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1); /* DCHG */
    _mm_storeu_si128((__m128i *)h, _mm_blend_epi16(t, s1, 0xF0));
    _mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(s1, t, 8));
}

/* Whether this processor has the SHA extensions (and SSSE3, SSE4.1). */
static int have_sha_ni(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
        !(c & bit_SSE4_1))
        return 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}
#endif

/* -1 not asked yet, 0 the portable code, 1 the SHA instructions.  Two
 * threads may hash at once (the report's inputs, each on its reading
 * thread) and both ask: atomic, and either answer is the same. */
static int use_ni = -1;

void kg_sha256_portable(int on)
{
    __atomic_store_n(&use_ni, on ? 0 : -1, __ATOMIC_RELAXED);
}

/* n blocks from p into h, by the fastest code this processor runs. */
static void compress_blocks(uint32_t *h, const unsigned char *p, size_t n)
{
#ifdef KG_SHA_NI
    int ni = __atomic_load_n(&use_ni, __ATOMIC_RELAXED);
    if (ni < 0) {
        ni = have_sha_ni();
        __atomic_store_n(&use_ni, ni, __ATOMIC_RELAXED);
    }
    if (ni) {
        compress_ni(h, p, n);
        return;
    }
#endif
    for (; n; n--, p += 64)
        compress(h, p);
}

static void compress_one(uint32_t *h, const unsigned char *p)
{
    compress_blocks(h, p, 1);
}

void kg_sha256_init(kg_sha256_ctx *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->len = 0;
    s->used = 0;
}

void kg_md_update(kg_md_ctx *s, const void *data, size_t len,
                  kg_md_compress_fn block_fn)
{
    const unsigned char *p = data;
    s->len += len;
    while (len) {
        size_t n = 64 - s->used < len ? 64 - s->used : len;
        memcpy(s->block + s->used, p, n);
        s->used += n;
        p += n;
        len -= n;
        if (s->used == 64) {
            block_fn(s->h, s->block);
            s->used = 0;
        }
    }
}

void kg_md_finish(kg_md_ctx *s, kg_md_compress_fn block_fn)
{
    uint64_t bits = s->len * 8;
    unsigned char pad = 0x80;
    kg_md_update(s, &pad, 1, block_fn);
    pad = 0;
    while (s->used != 56)
        kg_md_update(s, &pad, 1, block_fn);
    unsigned char be[8];
    for (int i = 0; i < 8; i++)
        be[i] = (unsigned char)(bits >> (56 - 8 * i));
    kg_md_update(s, be, 8, block_fn);
}

void kg_sha256_update(kg_sha256_ctx *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    if (s->used) { /* the block begun first */
        size_t n = 64 - s->used < len ? 64 - s->used : len;
        kg_md_update(s, p, n, compress_one);
        p += n;
        len -= n;
    }
    size_t whole = len / 64; /* then whole blocks where they lie */
    if (whole) {
        compress_blocks(s->h, p, whole);
        s->len += whole * 64;
        p += whole * 64;
        len -= whole * 64;
    }
    kg_md_update(s, p, len, compress_one);
}

void kg_sha256_final(kg_sha256_ctx *s, unsigned char digest[32])
{
    kg_md_finish(s, compress_one);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(s->h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void kg_sha256(const void *data, size_t len, unsigned char digest[32])
{
    kg_sha256_ctx s;
    kg_sha256_init(&s);
    kg_sha256_update(&s, data, len);
    kg_sha256_final(&s, digest);
}
