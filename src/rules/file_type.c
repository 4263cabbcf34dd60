/*
 * file_type.c - the relation type a file's name gives (file_type.h).
 */
#include "rules/file_type.h"

#include <string.h>

/* The base name of path, and the length of its stem (without the last
 * extension; a leading dot is no extension). */
static const char *stem(const char *path, size_t *len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    *len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    return base;
}

static int separator(char c)
{
    return c == '_' || c == '-' || c == ' ';
}

size_t kg_file_type_prefix(const char *const *paths, size_t n)
{
    if (n < 2)
        return 0;
    size_t first_len, common;
    const char *first = stem(paths[0], &first_len);
    common = first_len;
    size_t shortest = first_len;
    for (size_t i = 1; i < n; i++) {
        size_t len, k = 0;
        const char *s = stem(paths[i], &len);
        while (k < common && k < len && s[k] == first[k])
            k++;
        common = k;
        if (len < shortest)
            shortest = len;
    }
    /* back to just after a separator, leaving every name something */
    size_t cut = common;
    while (cut > 0 && (!separator(first[cut - 1]) || cut >= shortest))
        cut--;
    return cut;
}

int kg_file_type(const char *path, size_t prefix, kg_buf *out)
{
    size_t len;
    const char *s = stem(path, &len);
    kg_buf_clear(out);
    int space = 0;
    for (size_t i = prefix < len ? prefix : len; i < len; i++) {
        char c = separator(s[i]) ? ' ' : s[i];
        if (c == ' ') {
            space = out->len > 0;
            continue;
        }
        if ((space && kg_buf_putc(out, ' ')) || kg_buf_putc(out, c))
            return -1;
        space = 0;
    }
    return kg_buf_append(out, "", 0);
}
