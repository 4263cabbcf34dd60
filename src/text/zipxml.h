/*
 * zipxml.h - XML parts of a zip archive (an .xlsx or .ods), read as
 * untrusted: libzip finds and inflates them in memory (a part's name is
 * only ever looked up in the archive, never used as a path), expat parses
 * them as they inflate.
 *
 * Bounds: a part inflates to at most KG_ZIP_MAX_PART bytes, and past its
 * first MiB to at most KG_ZIP_MAX_RATIO times its compressed size (as
 * Apache POI's zip-bomb check); an XML part may not have a DOCTYPE (so no
 * entity is ever declared, nor anything external read).
 */
#ifndef KG_ZIPXML_H
#define KG_ZIPXML_H

#include <expat.h>
#include <stddef.h>

#include "util/diag.h"

#define KG_ZIP_MAX_PART  ((size_t)1 << 30)
#define KG_ZIP_MAX_RATIO 100

typedef struct kg_zip kg_zip;

/* The archive at `path`, named `file` in diagnostics (kept by pointer);
 * NULL when it cannot be opened (said as an error) or out of memory
 * (*nomem set). */
kg_zip *kg_zip_open(const char *path, const char *file, kg_diagsink *diag,
                    int *nomem);
void kg_zip_free(kg_zip *z);

/* Whether the archive holds part `name` (case ignored, as OPC says). */
int kg_zip_has(kg_zip *z, const char *name);

/*
 * A parse in progress: the first member of a format's parsing context,
 * whose handlers get it as their user data.  A handler that must stop
 * the parse calls kg_xml_halt.
 */
typedef struct kg_xml {
    XML_Parser parser;
    int halt;    /* 0, or why the parse stopped: kg_xml_halt's `how` */
    int doctype; /* the part has a DOCTYPE: refused */
} kg_xml;

/* Stops the parse: `how` is 1 when the caller asked, -1 after an error
 * said, -2 out of memory. */
void kg_xml_halt(kg_xml *x, int how);

/* The local part of an element's or attribute's name ("c" for
 * "http://...main c"). */
const char *kg_xml_local(const char *name);

/* The value of attribute `local` in atts, or NULL. */
const char *kg_xml_attr(const char **atts, const char *local);

/*
 * Parses part `name` with the handlers, x their user data.  Errors (the
 * part missing, damaged, too big, not XML) are said to diag at `file`, line
 * *row (0 when row is NULL: no row).  0 when the whole part was read, 1 when a
 * handler halted it with 1, -1 after an error, -2 out of memory.
 */
int kg_zip_parse(kg_zip *z, const char *name, kg_xml *x,
                 XML_StartElementHandler start, XML_EndElementHandler end,
                 XML_CharacterDataHandler text, kg_diagsink *diag,
                 const char *file, const unsigned long *row);

#endif
