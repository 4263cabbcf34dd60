/*
 * reason.c - the reason a render failed, or its warnings, as text.
 */
#include "render/reason.h"

#include <stdio.h>
#include <string.h>

void kg_reason_set(char *err, size_t errlen, const char *what,
                   const char *detail)
{
    size_t n = strlen(detail);
    while (n && (detail[n - 1] == '\n' || detail[n - 1] == ' '))
        n--;
    if (!err || !errlen)
        return;
    snprintf(err, errlen, "%s%s%.*s", what, n && *what ? ": " : "", (int)n,
             detail);
    for (char *p = err; *what && *p; p++)
        if (*p == '\n')
            *p = ' ';
}

void kg_reason_add_lines(char *err, size_t errlen, const char *prefix,
                         const char *text)
{
    if (!err || !errlen)
        return;
    while (*text) {
        size_t n = strcspn(text, "\n"), used = strlen(err);
        if (n)
            snprintf(err + used, errlen - used, "%s%s%.*s", used ? "\n" : "",
                     prefix, (int)n, text);
        text += n + (text[n] == '\n');
    }
}
