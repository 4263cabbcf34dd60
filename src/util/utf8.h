/*
 * utf8.h - checking and counting UTF-8, and comparing ASCII without
 * regard to case whatever the locale (utf8.c).
 */
#ifndef KG_UTF8_H
#define KG_UTF8_H

#include <stddef.h>

/*
 * Checks that s[0..len) is valid UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF) without NUL bytes.  Returns len when it is, or the offset
 * of the first bad byte.
 */
size_t kg_utf8_check(const unsigned char *s, size_t len);

/* Number of characters (code points) in valid UTF-8 s[0..len). */
size_t kg_utf8_count(const unsigned char *s, size_t len);

/* Compares a and b as strcmp does, ASCII letters without regard to case
 * (locale-independent). */
int kg_ascii_casecmp(const char *a, const char *b);

#endif
