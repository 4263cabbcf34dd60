/*
 * fuzz_workbook.c - libFuzzer entry point: any bytes, made a workbook
 * (.xlsx or .ods) in a temporary folder and loaded with kg_load_path, as
 * `kgraph build book.xlsx` does, then resolved.  Sanitizers (address,
 * undefined) and libFuzzer's leak check judge the run.
 *
 * The first byte chooses (bits 0-1):
 *   0  the rest is an .xlsx file, as it is;
 *   1  the rest is an .ods file, as it is;
 *   2  the rest is an .xlsx's parts, cut by "\n%%\n": the sheet, the
 *      shared strings, the styles, the workbook, the workbook's
 *      relationships (those missing or empty are small ones of the
 *      fuzzer's own),
 *      zipped here uncompressed: the fuzzer works on the XML itself;
 *   3  the same for an .ods: content.xml, then styles.xml.
 * Bit 2: tiny limits (64-byte rows, 4 fields).  .xls is not fuzzed here:
 * FreeXL runs in a child process of its own (src/text/xls.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "kgraph.h"

/* A folder of this process's own, removed at exit. */
static char folder[64];
static char book[128];

static void remove_folder(void)
{
    static const char *const names[] = {"book.xlsx", "book.ods"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(book, sizeof book, "%s/%s", folder, names[i]);
        unlink(book);
    }
    rmdir(folder);
}

static int make_folder(void)
{
    if (folder[0])
        return 0;
    snprintf(folder, sizeof folder, "/tmp/kg-fuzz-wb-XXXXXX");
    if (!mkdtemp(folder)) {
        folder[0] = '\0';
        return -1;
    }
    atexit(remove_folder);
    return 0;
}

enum { PIECES = 5 };

/* data cut by "\n%%\n" into at most PIECES pieces; how many. */
static int cut(const char *s, size_t n, const char *piece[PIECES],
               size_t len[PIECES])
{
    int k = 0;
    piece[0] = s;
    for (size_t i = 0; i + 4 <= n && k + 1 < PIECES; i++) {
        if (memcmp(s + i, "\n%%\n", 4) != 0)
            continue;
        len[k] = (size_t)(s + i - piece[k]);
        piece[++k] = s + i + 4;
        i += 3;
    }
    len[k] = (size_t)(s + n - piece[k]);
    return k + 1;
}

static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char BOOK_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://"
    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
    "Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
static const char BOOK[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"Links\" sheetId=\"1\" "
    "r:id=\"rId2\"/></sheets></workbook>";
static const char SST[] = "<sst/>";
static const char STYLES[] = "<styleSheet/>";
static const char MIMETYPE[] = "application/vnd.oasis.opendocument.spreadsheet";

/* A zip at `path` of n parts (names[i], bytes[i], len[i]), stored. */
static int zip_parts(const char *path, int n, const char *const names[],
                     const char *const bytes[], const size_t len[])
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        return -1;
    for (int i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, bytes[i], len[i], 0);
        zip_int64_t at =
            src ? zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE) : -1;
        if (at < 0) {
            zip_source_free(src);
            zip_discard(z);
            return -1;
        }
        zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0);
    }
    return zip_close(z) == 0 ? 0 : (zip_discard(z), -1);
}

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The input as a workbook at `book`; 0 or -1. */
static int make_book(unsigned mode, const uint8_t *data, size_t size)
{
    snprintf(book, sizeof book, "%s/book.%s", folder,
             mode == 0 || mode == 2 ? "xlsx" : "ods");
    if (mode < 2)
        return write_file(book, data, size);
    const char *piece[PIECES];
    size_t len[PIECES];
    int k = cut((const char *)data, size, piece, len);
    if (mode == 2) {
        static const char *const names[] = {"xl/worksheets/sheet1.xml",
                                            "xl/sharedStrings.xml",
                                            "xl/styles.xml",
                                            "xl/workbook.xml",
                                            "xl/_rels/workbook.xml.rels",
                                            "_rels/.rels"};
        const char *bytes[6] = {NULL, SST, STYLES, BOOK, BOOK_RELS, RELS};
        size_t n[6] = {0,
                       sizeof SST - 1,
                       sizeof STYLES - 1,
                       sizeof BOOK - 1,
                       sizeof BOOK_RELS - 1,
                       sizeof RELS - 1};
        for (int i = 0; i < k; i++) {
            if (i > 0 && !len[i])
                continue; /* an empty piece: kgraph's own */
            bytes[i] = piece[i];
            n[i] = len[i];
        }
        return zip_parts(book, 6, names, bytes, n);
    }
    static const char *const names[] = {"mimetype", "content.xml",
                                        "styles.xml"};
    const char *bytes[3] = {MIMETYPE, piece[0], k > 1 ? piece[1] : NULL};
    size_t n[3] = {sizeof MIMETYPE - 1, len[0], k > 1 ? len[1] : 0};
    return zip_parts(book, k > 1 ? 3 : 2, names, bytes, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || make_folder() != 0)
        return 0;
    unsigned flags = data[0];
    if (make_book(flags & 3, data + 1, size - 1) != 0)
        return 0;
    kg_graph *g = kg_graph_new();
    if (!g)
        return 0;
    if (flags & 4)
        kg_graph_set_limits(g, 64, 4);
    kg_load_path(g, book);
    kg_resolve(g);
    kg_graph_free(g);
    return 0;
}
