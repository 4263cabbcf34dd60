/*
 * key_memo.h - a small answer about an attribute key, remembered by the
 * key's address.  A graph's keys are its files' column names, each held
 * once, the same few on every element: a pass over a graph that does not
 * change meanwhile asks a costly question of a key (a score of words, a
 * list of roles) once per key instead of once per attribute.
 *
 * The memo compares addresses and owns nothing: it is right while the
 * keys it was asked about live and no other text takes an address one of
 * them had, so it lives no longer than one pass over one graph.
 */
#ifndef KG_KEY_MEMO_H
#define KG_KEY_MEMO_H

#include <stddef.h>
#include <stdint.h>

enum { KG_KEY_MEMO_SLOTS = 16 };

/* Zeroed to begin ({0}). */
typedef struct kg_key_memo {
    const char *key[KG_KEY_MEMO_SLOTS];
    signed char answer[KG_KEY_MEMO_SLOTS];
} kg_key_memo;

/* ask(key), which must fit a signed char: from m when it was asked of
 * this address before; m NULL asks every time. */
static inline int kg_key_memo_ask(kg_key_memo *m, const char *key,
                                  int (*ask)(const char *))
{
    if (!m)
        return ask(key);
    size_t h = ((uintptr_t)key >> 3) % KG_KEY_MEMO_SLOTS;
    if (m->key[h] != key) {
        m->key[h] = key;
        m->answer[h] = (signed char)ask(key);
    }
    return m->answer[h];
}

#endif
