/*
 * json_keys.c - JSON objects that repeat a key (json_keys.h).
 *
 * jansson keeps one value a key (the last) or, with
 * JSON_REJECT_DUPLICATES, refuses the text.  Raw OpenSanctions exports
 * repeat keys ("education" twice in one entity's properties), and FtM
 * properties are lists, so the values belong together.  The text is
 * parsed as it is first; only when jansson finds a repeated key is it
 * scanned: each object's keys (as spelled) are sorted to find the repeats,
 * each later one is renamed in a copy of the text with a mark jansson
 * keeps (a \u0001 and its number), the copy is parsed, and every marked
 * key's value is merged into its first one's.
 */
#include "read/json_keys.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"

typedef struct key_span {
    const char *p; /* the key as spelled, between its quotes */
    size_t len;
} key_span;

typedef struct scan {
    const char *text;
    key_span *keys; /* the keys of the objects open, outer ones first */
    size_t nkeys, keys_cap;
    size_t *frames; /* per open container: its first key, or SIZE_MAX for
                       an array */
    size_t nframes, frames_cap;
    size_t *marks; /* where a renamed key's closing quote is, in order */
    size_t nmarks, marks_cap;
    int nomem;
} scan;

static int by_text(const void *a, const void *b)
{
    const key_span *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, n);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->p < y->p ? -1 : x->p > y->p; /* the first spelled first */
}

/* The object whose keys begin at keys[first] closes: its repeats are
 * marked. */
static void close_object(scan *s, size_t first)
{
    key_span *k = s->keys + first;
    size_t n = s->nkeys - first;
    qsort(k, n, sizeof *k, by_text);
    for (size_t i = 1; i < n && !s->nomem; i++) {
        if (k[i].len != k[i - 1].len || memcmp(k[i].p, k[i - 1].p, k[i].len))
            continue;
        if (kg_grow((void **)&s->marks, &s->marks_cap, s->nmarks + 1,
                    sizeof *s->marks))
            s->nomem = 1;
        else
            s->marks[s->nmarks++] = (size_t)(k[i].p - s->text) + k[i].len;
    }
    s->nkeys = first;
}

/* The end of the string whose opening quote is at t[i]: the index of its
 * closing quote, or len. */
static size_t string_end(const char *t, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (t[i] == '\\')
            i++;
        else if (t[i] == '"')
            return i;
    }
    return len;
}

static void push(scan *s, size_t frame)
{
    if (kg_grow((void **)&s->frames, &s->frames_cap, s->nframes + 1,
                sizeof *s->frames))
        s->nomem = 1;
    else
        s->frames[s->nframes++] = frame;
}

/* Finds the repeated keys of t (s->marks). */
static void scan_keys(scan *s, const char *t, size_t len)
{
    int want_key = 0;
    for (size_t i = 0; i < len && !s->nomem; i++) {
        char c = t[i];
        int in_object = s->nframes && s->frames[s->nframes - 1] != SIZE_MAX;
        if (c == '{') {
            push(s, s->nkeys);
            want_key = 1;
        } else if (c == '[') {
            push(s, SIZE_MAX);
        } else if ((c == '}' || c == ']') && s->nframes) {
            size_t f = s->frames[--s->nframes];
            if (f != SIZE_MAX)
                close_object(s, f);
            want_key = 0;
        } else if (c == ',') {
            want_key = in_object;
        } else if (c == '"') {
            size_t end = string_end(t, len, i);
            if (in_object && want_key &&
                kg_grow((void **)&s->keys, &s->keys_cap, s->nkeys + 1,
                        sizeof *s->keys))
                s->nomem = 1;
            else if (in_object && want_key)
                s->keys[s->nkeys++] = (key_span){t + i + 1, end - i - 1};
            want_key = 0;
            i = end;
        }
    }
}

static int by_place(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* t with each marked key renamed: "\u0001" and a number before its
 * closing quote.  0, or -1 when out of memory. */
static int rename_keys(const scan *s, const char *t, size_t len, kg_buf *out)
{
    size_t at = 0;
    for (size_t m = 0; m < s->nmarks; m++) {
        size_t q = s->marks[m];
        char tag[32];
        int n = snprintf(tag, sizeof tag, "\\u0001%zu", m);
        if (kg_buf_append(out, t + at, q - at) ||
            kg_buf_append(out, tag, (size_t)n))
            return -1;
        at = q;
    }
    return kg_buf_append(out, t + at, len - at);
}

static void merge_into(json_t *obj, const char *key, json_t *val);

/* The marked keys of every object in v, merged into their first ones,
 * inner objects first. */
static void merge_marked(json_t *v)
{
    size_t i;
    json_t *item;
    const char *key;
    json_t *tmp;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            merge_marked(item);
        }
        return;
    }
    if (!json_is_object(v))
        return;
    json_object_foreach(v, key, item)
    {
        merge_marked(item);
    }
    void *iter;
    json_object_foreach_safe(v, iter, key, tmp)
    {
        const char *mark = strchr(key, '\x01');
        if (!mark)
            continue;
        char *base = kg_strndup(key, (size_t)(mark - key));
        if (base) {
            json_incref(tmp);
            json_object_del(v, key);
            merge_into(v, base, tmp);
            json_decref(tmp);
            free(base);
        }
    }
}

static void merge_into(json_t *obj, const char *key, json_t *val)
{
    json_t *have = json_object_get(obj, key);
    if (json_is_array(have) && json_is_array(val)) {
        json_array_extend(have, val);
    } else if (json_is_object(have) && json_is_object(val)) {
        const char *k;
        json_t *v;
        json_object_foreach(val, k, v)
        {
            merge_into(have, k, v);
        }
    } else {
        json_object_set(obj, key, val);
    }
}

json_t *kg_json_load_merging(const char *text, size_t len, json_error_t *err,
                             char **repeated)
{
    *repeated = NULL;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, err);
    if (o || strncmp(err->text, "duplicate object key", 20) != 0)
        return o;
    scan s = {.text = text};
    scan_keys(&s, text, len);
    kg_buf copy;
    kg_buf_init(&copy);
    if (!s.nomem && s.nmarks) {
        qsort(s.marks, s.nmarks, sizeof *s.marks, by_place);
        if (rename_keys(&s, text, len, &copy) == 0) {
            json_error_t again;
            o = json_loadb(copy.data, copy.len, JSON_REJECT_DUPLICATES, &again);
        }
    }
    if (o) {
        /* the first key renamed names the repeat */
        size_t q = s.marks[0], b = q;
        while (b > 0 && text[b - 1] != '"')
            b--;
        *repeated = kg_strndup(text + b, q - b);
        merge_marked(o);
    }
    free(s.keys);
    free(s.frames);
    free(s.marks);
    kg_buf_free(&copy);
    return o;
}
