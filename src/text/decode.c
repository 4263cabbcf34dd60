/*
 * decode.c - another encoding to UTF-8, with iconv.
 */
#include "text/decode.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

struct kg_decoder {
    iconv_t cd;
    char *name;
    size_t unit;
    unsigned char cut[8]; /* a sequence cut at the end of the last call */
    size_t ncut;
};

int kg_encoding_is_utf8(const char *name)
{
    return kg_ascii_casecmp(name, "utf-8") == 0 ||
           kg_ascii_casecmp(name, "utf8") == 0;
}

/* UTF-16 and UTF-32 by name; everything else is read a byte at a time as
 * far as invalid input goes. */
static size_t unit_of(const char *name)
{
    if (kg_ascii_casecmp(name, "utf-16") == 0 ||
        kg_ascii_casecmp(name, "utf-16le") == 0 ||
        kg_ascii_casecmp(name, "utf-16be") == 0 ||
        kg_ascii_casecmp(name, "ucs-2") == 0)
        return 2;
    if (kg_ascii_casecmp(name, "utf-32") == 0 ||
        kg_ascii_casecmp(name, "utf-32le") == 0 ||
        kg_ascii_casecmp(name, "utf-32be") == 0)
        return 4;
    return 1;
}

kg_decoder *kg_decoder_new(const char *name)
{
    kg_decoder *d = kg_calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->name = kg_strndup(name, strlen(name));
    d->cd = iconv_open("UTF-8", name);
    if (!d->name || d->cd == (iconv_t)-1) {
        int e = d->name ? errno : ENOMEM;
        free(d->name);
        free(d);
        errno = e;
        return NULL;
    }
    d->unit = unit_of(name);
    return d;
}

void kg_decoder_free(kg_decoder *d)
{
    if (!d)
        return;
    iconv_close(d->cd);
    free(d->name);
    free(d);
}

const char *kg_decoder_name(const kg_decoder *d)
{
    return d->name;
}

size_t kg_decoder_unit(const kg_decoder *d)
{
    return d->unit;
}

/* In place of an invalid byte or unit: never valid UTF-8 where it stands
 * (decoded text never goes on with a continuation byte). */
static char marker(const kg_decoder *d, unsigned char first)
{
    return (char)(d->unit == 1 && first >= 0x80 ? first : 0xFF);
}

/* Converts in[0..*len) to the end of *out; leaves in *len the bytes of a
 * cut sequence at the end (not converted). */
static int convert(kg_decoder *d, const char *in, size_t *len, kg_buf *out)
{
    char *src = (char *)in;
    size_t left = *len;
    while (left) {
        if (kg_buf_room(out, left * 4 + 16))
            return -1;
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(d->cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        if (errno == EINVAL) /* cut at the end */
            break;
        /* EILSEQ: one unit that is not valid, marked and skipped */
        size_t skip = d->unit < left ? d->unit : left;
        if (kg_buf_putc(out, marker(d, (unsigned char)*src)))
            return -1;
        src += skip;
        left -= skip;
    }
    out->data[out->len] = '\0';
    *len = left;
    return 0;
}

int kg_decode(kg_decoder *d, const char *in, size_t len, kg_buf *out)
{
    /* a sequence cut last time: complete it a byte at a time from `in` */
    size_t taken = 0;
    while (d->ncut && taken < len && d->ncut < sizeof d->cut) {
        d->cut[d->ncut++] = (unsigned char)in[taken++];
        size_t n = d->ncut;
        if (convert(d, (const char *)d->cut, &n, out))
            return -1;
        if (n == d->ncut)
            continue; /* still cut */
        /* converted; what is left over was taken from `in` (a cut
         * sequence only waits for bytes after it) */
        size_t back = n < taken ? n : taken;
        taken -= back;
        memmove(d->cut, d->cut + d->ncut - n, n - back);
        d->ncut = n - back;
    }
    if (d->ncut) /* all of `in` went to the cut sequence, or it is too long
                    for any encoding (cannot happen) */
        return taken == len ? 0 : -1;
    in += taken;
    len -= taken;
    size_t rest = len;
    if (convert(d, in, &rest, out))
        return -1;
    if (rest > sizeof d->cut)
        return -1; /* cannot happen: no unit is that long */
    memcpy(d->cut, in + len - rest, rest);
    d->ncut = rest;
    return 0;
}

int kg_decode_finish(kg_decoder *d, kg_buf *out)
{
    int rc = d->ncut ? kg_buf_putc(out, marker(d, d->cut[0])) : 0;
    d->ncut = 0;
    iconv(d->cd, NULL, NULL, NULL, NULL);
    return rc;
}
