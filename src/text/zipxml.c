/*
 * zipxml.c - XML parts of a zip archive, bounded (zipxml.h).
 */
#include "text/zipxml.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/alloc.h"

struct kg_zip {
    zip_t *zip;
};

kg_zip *kg_zip_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem)
{
    int err = 0;
    zip_t *zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        if (err == ZIP_ER_NOENT || err == ZIP_ER_OPEN || err == ZIP_ER_READ)
            kg_report(diag, KG_ERROR, file, 0, 0, "cannot read: %s",
                      zip_error_strerror(&ze));
        else
            kg_report(diag, KG_ERROR, file, 0, 0,
                      "not a workbook that can be read: its zip archive is "
                      "damaged or cut short (%s)",
                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    kg_zip *z = kg_calloc(1, sizeof *z);
    if (!z) {
        zip_discard(zip);
        *nomem = 1;
        return NULL;
    }
    z->zip = zip;
    return z;
}

void kg_zip_free(kg_zip *z)
{
    if (!z)
        return;
    zip_discard(z->zip);
    free(z);
}

int kg_zip_has(kg_zip *z, const char *name)
{
    return zip_name_locate(z->zip, name, ZIP_FL_NOCASE) >= 0;
}

void kg_xml_halt(kg_xml *x, int how)
{
    if (!x->halt)
        x->halt = how;
    XML_StopParser(x->parser, XML_FALSE);
}

const char *kg_xml_local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

const char *kg_xml_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(kg_xml_local(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int internal)
{
    (void)name, (void)sysid, (void)pubid, (void)internal;
    kg_xml *x = ud;
    x->doctype = 1;
    kg_xml_halt(x, -1);
}

typedef struct part {
    kg_zip *z;
    kg_diagsink *diag;
    const char *name, *file;
    const unsigned long *row; /* the sheet's row being read, or NULL */
    zip_uint64_t comp;
} part;

static int part_error(const part *pt, const char *why, const char *detail)
{
    kg_diagsink *d = pt->diag;
    unsigned long row = pt->row ? *pt->row : 0;
    kg_report(d, KG_ERROR, pt->file, row, 0,
              "the workbook's part %s %s%s%s; %s", kg_q(d, pt->name), why,
              detail ? ": " : "", detail ? detail : "",
              pt->row ? "the rest of the sheet is not read" : "not read");
    return -1;
}

/* Whether `total` bytes inflated from the part are within the bounds. */
static int within(const part *pt, size_t total)
{
    char msg[160];
    if (total > KG_ZIP_MAX_PART) {
        snprintf(msg, sizeof msg,
                 "inflates to more than %zu bytes, the limit for one part",
                 (size_t)KG_ZIP_MAX_PART);
        return part_error(pt, msg, NULL);
    }
    zip_uint64_t comp = pt->comp ? pt->comp : 1;
    if (total > ((size_t)1 << 20) && total / comp > KG_ZIP_MAX_RATIO) {
        snprintf(msg, sizeof msg,
                 "inflates over %d times its size in the archive (%llu "
                 "bytes): a zip bomb, or damaged",
                 KG_ZIP_MAX_RATIO, (unsigned long long)pt->comp);
        return part_error(pt, msg, NULL);
    }
    return 0;
}

static int expat_error(const part *pt, XML_Parser p)
{
    char where[96];
    snprintf(where, sizeof where, "line %lu, column %lu",
             (unsigned long)XML_GetCurrentLineNumber(p),
             (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
    char msg[160];
    snprintf(msg, sizeof msg, "is not well-formed XML (%s)", where);
    return part_error(pt, msg, XML_ErrorString(XML_GetErrorCode(p)));
}

/* Feeds the part's bytes to the parser as they inflate. */
static int feed(const part *pt, zip_file_t *f, kg_xml *x)
{
    enum { CHUNK = 1 << 16 };
    char *buf = kg_malloc(CHUNK);
    if (!buf)
        return -2;
    size_t total = 0;
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, CHUNK);
        if (n < 0) {
            rc = part_error(pt, "cannot be inflated", zip_file_strerror(f));
            break;
        }
        total += (size_t)n;
        if ((rc = within(pt, total)) != 0)
            break;
        if (XML_Parse(x->parser, buf, (int)n, n == 0) != XML_STATUS_OK) {
            if (x->doctype)
                rc = part_error(pt, "has a DOCTYPE, which no workbook needs",
                                NULL);
            else
                rc = x->halt ? x->halt : expat_error(pt, x->parser);
            break;
        }
        if (n == 0)
            break;
    }
    free(buf);
    return rc;
}

int kg_zip_parse(kg_zip *z, const char *name, kg_xml *x,
                 XML_StartElementHandler start, XML_EndElementHandler end,
                 XML_CharacterDataHandler text, kg_diagsink *diag,
                 const char *file, const unsigned long *row)
{
    part pt = {z, diag, name, file, row, 0};
    zip_int64_t i = zip_name_locate(z->zip, name, ZIP_FL_NOCASE);
    if (i < 0)
        return part_error(&pt, "is missing", NULL);
    zip_stat_t st;
    if (zip_stat_index(z->zip, (zip_uint64_t)i, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_COMP_SIZE))
        pt.comp = st.comp_size;
    if (zip_stat_index(z->zip, (zip_uint64_t)i, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE) && within(&pt, (size_t)st.size))
        return -1;
    zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
    if (!f)
        return part_error(&pt, "cannot be opened",
                          zip_error_strerror(zip_get_error(z->zip)));
    x->parser = XML_ParserCreateNS(NULL, '|');
    if (!x->parser) {
        zip_fclose(f);
        return -2;
    }
    x->halt = 0;
    x->doctype = 0;
    XML_SetParamEntityParsing(x->parser, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
    XML_SetUserData(x->parser, x);
    XML_SetElementHandler(x->parser, start, end);
    XML_SetCharacterDataHandler(x->parser, text);
    int rc = feed(&pt, f, x);
    XML_ParserFree(x->parser);
    x->parser = NULL;
    zip_fclose(f);
    return rc;
}
