/*
 * yaml_tree.c - YAML read into a bounded tree (yaml_tree.h), on libyaml's
 * event parser: each event a node, or the end of one; marks give every
 * node its line and column.
 */
#include "text/yaml_tree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/alloc.h"

/* A sequence or map being read: its node, and its kids so far. */
typedef struct open_node {
    kg_ynode *node;
    kg_ynode **kids;
    size_t n, cap;
} open_node;

typedef struct builder {
    kg_ydoc *doc;
    const char *file;
    kg_diagsink *d;
    open_node stack[KG_YAML_MAX_DEPTH];
    size_t depth;
    size_t nodes;
    int documents;
    int nomem;
} builder;

static int fail_at(builder *b, const yaml_mark_t *m, const char *what)
{
    kg_report(b->d, KG_ERROR, b->file, (unsigned long)m->line + 1,
              (unsigned long)m->column + 1, "%s", what);
    return 1;
}

/* A new node of kind k at mark m; NULL (b->nomem set) when out of
 * memory. */
static kg_ynode *new_node(builder *b, kg_ynode_kind k, const yaml_mark_t *m)
{
    kg_ynode *n = kg_arena_alloc(&b->doc->arena, sizeof *n);
    if (!n) {
        b->nomem = 1;
        return NULL;
    }
    *n = (kg_ynode){.kind = k,
                    .text = "",
                    .line = (unsigned long)m->line + 1,
                    .col = (unsigned long)m->column + 1};
    return n;
}

/* n becomes the last kid of the node open at the top, or the root. */
static int attach(builder *b, kg_ynode *n)
{
    if (!b->depth) {
        if (!b->doc->root)
            b->doc->root = n;
        return 0;
    }
    open_node *o = &b->stack[b->depth - 1];
    if (kg_grow((void **)&o->kids, &o->cap, o->n + 1, sizeof *o->kids)) {
        b->nomem = 1;
        return -1;
    }
    o->kids[o->n++] = n;
    return 0;
}

static int is_null(const char *s, size_t len)
{
    return len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static int scalar(builder *b, const yaml_event_t *ev)
{
    kg_ynode *n = new_node(b, KG_Y_SCALAR, &ev->start_mark);
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (!n)
        return -1;
    if (memchr(v, '\0', len))
        return fail_at(b, &ev->start_mark, "a NUL byte in a YAML scalar");
    n->text = kg_arena_strndup(&b->doc->arena, v, len);
    if (!n->text) {
        b->nomem = 1;
        return -1;
    }
    n->len = len;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->null = n->plain && is_null(n->text, len);
    return attach(b, n);
}

static int open_collection(builder *b, const yaml_event_t *ev, kg_ynode_kind k)
{
    if (b->depth == KG_YAML_MAX_DEPTH)
        return fail_at(b, &ev->start_mark,
                       "YAML nested deeper than kgraph reads (64 levels)");
    kg_ynode *n = new_node(b, k, &ev->start_mark);
    if (!n || attach(b, n))
        return -1;
    b->stack[b->depth++] = (open_node){n, NULL, 0, 0};
    return 0;
}

static int close_collection(builder *b)
{
    if (!b->depth) /* (libyaml pairs its ends with starts) */
        return 0;
    open_node *o = &b->stack[--b->depth];
    int rc = 0;
    if (o->n) {
        o->node->kids = kg_arena_alloc(&b->doc->arena, o->n * sizeof *o->kids);
        if (o->node->kids) {
            memcpy(o->node->kids, o->kids, o->n * sizeof *o->kids);
            o->node->nkids = o->n;
        } else {
            b->nomem = 1;
            rc = -1;
        }
    }
    free(o->kids);
    o->kids = NULL;
    return rc;
}

/* One event: 0 to go on, 1 when the input is refused (said), -1 when out
 * of memory, 2 at the stream's end. */
static int event(builder *b, const yaml_event_t *ev)
{
    if (ev->type == YAML_SCALAR_EVENT ||
        ev->type == YAML_SEQUENCE_START_EVENT ||
        ev->type == YAML_MAPPING_START_EVENT || ev->type == YAML_ALIAS_EVENT) {
        if (b->documents > 1)
            return 0;
        if (++b->nodes > KG_YAML_MAX_NODES)
            return fail_at(b, &ev->start_mark,
                           "more than 100000 YAML nodes: not read");
    }
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return fail_at(b, &ev->start_mark,
                       "a YAML alias (*name): kgraph does not read aliases, "
                       "which can make a small file stand for a huge one; "
                       "write the value out");
    case YAML_SCALAR_EVENT: return scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT: return open_collection(b, ev, KG_Y_SEQ);
    case YAML_MAPPING_START_EVENT: return open_collection(b, ev, KG_Y_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return b->documents > 1 ? 0 : close_collection(b);
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents == 2)
            kg_warn(b->d, "mapping-key", b->file,
                    (unsigned long)ev->start_mark.line + 1,
                    (unsigned long)ev->start_mark.column + 1,
                    "a second YAML document: only the first is read");
        return 0;
    case YAML_STREAM_END_EVENT: return 2;
    default: return 0;
    }
}

int kg_yaml_read(kg_ydoc *doc, const char *text, size_t len, const char *file,
                 kg_diagsink *d)
{
    kg_arena_init(&doc->arena);
    doc->root = NULL;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return -1;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    builder b = {.doc = doc, .file = file, .d = d};
    int rc = 0;
    while (rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            if (p.error == YAML_MEMORY_ERROR) {
                rc = -1;
                break;
            }
            kg_report(d, KG_ERROR, file, (unsigned long)p.problem_mark.line + 1,
                      (unsigned long)p.problem_mark.column + 1,
                      "not YAML: %s%s%s", p.problem ? p.problem : "?",
                      p.context ? " " : "", p.context ? p.context : "");
            rc = 1;
            break;
        }
        rc = event(&b, &ev);
        yaml_event_delete(&ev);
        if (b.nomem)
            rc = -1;
    }
    while (b.depth)
        close_collection(&b);
    yaml_parser_delete(&p);
    if (rc == 2)
        return 0;
    doc->root = NULL;
    return rc;
}

void kg_ydoc_free(kg_ydoc *doc)
{
    if (doc)
        kg_arena_free(&doc->arena);
}

const kg_ynode *kg_ymap_get(const kg_ynode *m, const char *key)
{
    const kg_ynode *found = NULL;
    if (!m || m->kind != KG_Y_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < m->nkids; i += 2)
        if (m->kids[i]->kind == KG_Y_SCALAR &&
            strcmp(m->kids[i]->text, key) == 0)
            found = m->kids[i + 1];
    return found;
}
