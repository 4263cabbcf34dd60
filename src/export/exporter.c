/*
 * exporter.c - the machinery every export format shares (exporter_int.h):
 * the attributes' schemata and types, the exporter, runs of elements on
 * two threads, names, looks and clusters.
 */
#include "export/exporter_int.h"

#include <assert.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph/lifetime.h"
#include "graph/view.h"
#include "rules/escape.h"
#include "rules/evidence.h"
#include "rules/style.h"
#include "util/chunks.h"
#include "util/utf8.h"

/* ---- What the attributes are ---- */

/* Whether the decimal number v (which strtod reads whole) is one a double
 * holds to the digit: at most DBL_DIG (15) significant digits, from the
 * first digit that is not 0 to the last, and zero or within a double's
 * normal range.  Any such number comes back unchanged from the double
 * nearest it, so that every reader (JavaScript, Python, jansson) gives
 * the value the data has; 0.12345678901234567 or 1e-400 does not. */
static int double_exact(const char *v)
{
    size_t sig = 0, zeros = 0;
    for (const char *p = v; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p < '0' || *p > '9')
            continue; /* the sign, the point */
        if (*p == '0') {
            zeros += sig > 0; /* significant if a digit follows */
            continue;
        }
        sig += zeros + 1;
        zeros = 0;
    }
    errno = 0;
    double d = fabs(strtod(v, NULL));
    return sig <= DBL_DIG && errno != ERANGE && (d == 0 || d >= DBL_MIN);
}

/* What v can be read as.  A number is a number only when a double holds
 * it exactly (double_exact: JavaScript reads every JSON number as one);
 * else it is text, in every export.  A whole number of more than 15
 * digits is text even when a double would hold it: such long numbers
 * are identifiers (accounts, phone numbers), not quantities, and
 * jansson refuses integers past 64 bits. */
static unsigned value_types(const char *v)
{
    unsigned t = KG_T_STRING;
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return t | KG_T_BOOL;
    char *end;
    const char *digits = v + (*v == '-' || *v == '+');
    if (*digits && strspn(digits, "0123456789") == strlen(digits) &&
        strlen(digits) > 15)
        return t;
    if (*v && strspn(v, "0123456789-+") == strlen(v)) {
        (void)strtoll(v, &end, 10);
        if (!*end && strlen(v) < 19 && (v[0] != '0' || !v[1]))
            t |= KG_T_LONG | KG_T_DOUBLE;
    }
    if (t & KG_T_DOUBLE)
        return t; /* a whole number: a double too, no need to ask */
    double d = strtod(v, &end);
    if (*v && !*end && isfinite(d) && !strchr("+.", v[0]) &&
        !strpbrk(v, "xXnNiI") && v[strlen(v) - 1] != '.' && double_exact(v))
        t |= KG_T_DOUBLE;
    return t;
}

/* The column of `key` in s, added when new; NULL when out of memory. */
static kg_export_column *column_of(kg_export_schema *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].key == key)
            return &s->v[i];
    if (kg_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return NULL;
    kg_export_column *c = &s->v[s->n++];
    memset(c, 0, sizeof *c);
    c->key = key;
    c->types = KG_T_BOOL | KG_T_LONG | KG_T_DOUBLE | KG_T_STRING;
    return c;
}

/* Whether v (len bytes) is a whole number of at most 15 digits, with
 * no sign and no leading zero: most values of a number column, whose
 * types are value_types' for them (a long, a double, a string) without
 * its calls. */
static int plain_whole(const char *v, size_t len)
{
    if (len == 0 || len > 15 || (v[0] == '0' && len > 1))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    return 1;
}

/* The table of where a file's cells go (s->at), empty: one entry for
 * each of g's colsets.  0, or -1 when out of memory. */
static int places_init(kg_export_schema *s, const kg_graph *g)
{
    s->nat = kg_graph_ncolsets(g);
    s->at = kg_calloc(s->nat + 1, sizeof *s->at);
    return s->at ? 0 : -1;
}

/* The columns of colset `cols`'s keys in s (s->at[cols]), made the
 * first time: the columns are added in the file's order (as the DOT has
 * them), even those its rows leave empty.  `cols` is one of the store's
 * colsets (a list's cells come with their file's, store.h; kg_attr_begin
 * reads it unchecked too).  NULL when out of memory. */
static const uint32_t *cells_at(kg_export_schema *s, const kg_graph *g,
                                uint32_t cols)
{
    assert(cols < s->nat);
    if (s->at[cols])
        return s->at[cols];
    const kg_colset *cs = kg_graph_colset(g, cols);
    uint32_t *at = kg_malloc((cs->n + 1) * sizeof *at);
    for (uint32_t k = 0; at && k < cs->n; k++) {
        kg_export_column *c = column_of(s, cs->keys[k]);
        if (!c) {
            free(at);
            return NULL;
        }
        at[k] = (uint32_t)(c - s->v);
    }
    return s->at[cols] = at;
}

/* Whether the value iterator `it` stands at is a cell mapped by `at`
 * (cells_at's, or NULL): then its column's index in *i.  A step over a
 * cell has passed its column, so keys[col - 1] is its key; an item after
 * the cells leaves col there, and maps right when its key is that one. */
static int cell_column(const uint32_t *at, const kg_attr_it *it, size_t *i)
{
    if (!at || !it->col || it->keys[it->col - 1] != it->key)
        return 0;
    *i = at[it->col - 1];
    return 1;
}

/* Gathers list l's keys (its file's columns first) and what their
 * values are.  0, or -1 when out of memory. */
static int learn(kg_export_schema *s, const kg_graph *g, kg_list l)
{
    const uint32_t *at = NULL;
    if (l.cells && !(at = cells_at(s, g, l.cols)))
        return -1;
    kg_attr_it it;
    const char *last = NULL;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        size_t i;
        kg_export_column *c =
            cell_column(at, &it, &i) ? &s->v[i] : column_of(s, it.key);
        if (!c)
            return -1;
        c->values++;
        if (c->types != KG_T_STRING) /* a string: no value makes it less */
            c->types &= plain_whole(it.value, it.len)
                            ? KG_T_STRING | KG_T_LONG | KG_T_DOUBLE
                            : value_types(it.value);
        c->multi |= it.key == last; /* met again on the same element */
        last = it.key;
    }
    return 0;
}

/* Whether a key's values repeat within one element, apart too (an item
 * added later repeats a cell's key after other keys). */
static void learn_multi(kg_export_schema *s, const kg_graph *g, kg_list l)
{
    kg_attr_it it;
    for (kg_attr_begin(g, l, &it); kg_attr_step(&it);) {
        kg_attr_it jt = it;
        while (kg_attr_step(&jt))
            if (jt.key == it.key) {
                kg_export_column *c = column_of(s, it.key);
                if (c)
                    c->multi = 1;
                break;
            }
    }
}

static int learn_list(kg_export_schema *s, const kg_graph *g, kg_list l)
{
    if (learn(s, g, l))
        return -1;
    if (l.head)
        learn_multi(s, g, l);
    return 0;
}

/* The schemata of the shown nodes and edges. */
static int learn_all(kg_exporter *x)
{
    const kg_graph *g = x->g;
    if (places_init(&x->nodes, g) || places_init(&x->edges, g))
        return -1;
    for (uint32_t i = 0; i < kg_nents(g); i++)
        if (kg_node_shown(g, i) &&
            learn_list(&x->nodes, g, kg_ent_attrs(g, kg_ent(g, i))))
            return -1;
    for (uint32_t r = 0; r < kg_nrels(g); r++)
        if (kg_edge_shown(g, r) &&
            learn_list(&x->edges, g, kg_rel_attrs(g, kg_rel(g, r))))
            return -1;
    return 0;
}

int kg_export_date_key(const char *key)
{
    kg_prov p = kg_prov_of(key); /* date, start_date, begin_date... */
    return p == KG_PROV_DATE || p == KG_PROV_START || p == KG_PROV_END;
}

const char *kg_export_column_type(const kg_export_column *c, int gexf)
{
    if (kg_export_date_key(c->key) || !c->values)
        return "string";
    if (c->multi)
        return gexf ? "liststring" : "string";
    if (c->types & KG_T_BOOL)
        return "boolean";
    if (c->types & KG_T_LONG)
        return "long";
    if (c->types & KG_T_DOUBLE)
        return "double";
    return "string";
}

/* ---- The exporter ---- */

static void values_free(kg_exporter *x);

int kg_exporter_init(kg_exporter *x, const kg_graph *g, kg_out *out,
                     const char *cluster_by)
{
    *x = (kg_exporter){.g = g, .out = out, .cluster_by = cluster_by};
    kg_buf_init(&x->scratch);
    kg_buf_init(&x->cluster);
    kg_buf_init(&x->joined);
    kg_buf_init(&x->nodes.text);
    kg_buf_init(&x->edges.text);
    return learn_all(x);
}

static void schema_free(kg_export_schema *s)
{
    for (size_t i = 0; s->at && i < s->nat; i++)
        free(s->at[i]);
    free(s->at);
    free(s->v);
    kg_buf_free(&s->text);
}

/* Makes s's openings (kg_export_openings) through `mem`, an output that
 * x->out is meanwhile.  0, or -1 when out of memory. */
static int make_openings(kg_exporter *x, kg_export_schema *s, kg_out *mem,
                         kg_export_opening_fn opening, int edges)
{
    kg_out_init_mem(mem, &s->text);
    for (size_t i = 0; i < s->n; i++) {
        kg_export_column *c = &s->v[i];
        size_t at = s->text.len;
        unsigned long before = x->replaced;
        opening(x, c, i, edges);
        if (kg_out_flush(mem))
            return -1;
        c->open_at = at;
        c->open_len = s->text.len - at;
        c->open_replaced = x->replaced - before;
    }
    return 0;
}

int kg_export_openings(kg_exporter *x, kg_export_opening_fn opening)
{
    kg_out *mem = kg_malloc(sizeof *mem), *out = x->out;
    unsigned long replaced = x->replaced; /* (counted at each use) */
    x->out = mem;
    int rc = !mem || make_openings(x, &x->nodes, mem, opening, 0) ||
             make_openings(x, &x->edges, mem, opening, 1);
    x->out = out;
    x->replaced = replaced;
    free(mem);
    x->nomem |= rc;
    return rc ? -1 : 0;
}

void kg_exporter_free(kg_exporter *x)
{
    schema_free(&x->nodes);
    schema_free(&x->edges);
    kg_positions_free(&x->pos);
    kg_buf_free(&x->scratch);
    kg_buf_free(&x->cluster);
    values_free(x);
}

int kg_export_scratch_puts(kg_exporter *x, const char *s)
{
    if (kg_buf_puts(&x->scratch, s) == 0)
        return 0;
    x->nomem = 1;
    return -1;
}

int kg_export_scratch_putc(kg_exporter *x, char c)
{
    if (kg_buf_putc(&x->scratch, c) == 0)
        return 0;
    x->nomem = 1;
    return -1;
}

/* ---- Elements on two threads (util/chunks.h) ---- */

/* The job's formatter: an exporter and what it writes.  A worker is one
 * with an exporter of its own, a copy of the caller's. */
typedef struct run {
    kg_exporter *x;
    kg_export_element_fn element;
} run;

typedef struct worker {
    run r; /* first: a worker is formatted as a run */
    kg_exporter own;
} worker;

static void *worker_new(void *self, kg_out *out)
{
    const run *r = self;
    const kg_exporter *x = r->x;
    worker *w = kg_malloc(sizeof *w);
    if (!w)
        return NULL;
    /* field by field: x's counts may be being added to meanwhile */
    w->own = (kg_exporter){.g = x->g,
                           .out = out,
                           .nodes = x->nodes,
                           .edges = x->edges,
                           .pos = x->pos,
                           .cluster_by = x->cluster_by,
                           .own = x->own};
    kg_buf_init(&w->own.scratch);
    kg_buf_init(&w->own.cluster);
    kg_buf_init(&w->own.joined);
    w->r = (run){&w->own, r->element};
    return w;
}

static int format(void *formatter, size_t from, size_t to)
{
    const run *r = formatter;
    for (size_t i = from; i < to; i++)
        r->element(r->x, (uint32_t)i);
    return r->x->nomem ? -1 : 0;
}

static void worker_done(void *self, void *formatter)
{
    kg_exporter *x = ((run *)self)->x;
    worker *w = formatter;
    x->replaced += w->own.replaced;
    x->nomem |= w->own.nomem;
    kg_buf_free(&w->own.scratch);
    kg_buf_free(&w->own.cluster);
    values_free(&w->own);
    free(w);
}

void kg_export_run(kg_exporter *x, size_t n, kg_export_element_fn element)
{
    run self = {x, element};
    kg_chunk_job job = {.n = n,
                        .chunk = kg_graph_settings(x->g)->writer_chunk,
                        .out = x->out,
                        .self = &self,
                        .worker_new = worker_new,
                        .format = format,
                        .worker_done = worker_done};
    if (kg_chunks_write(&job))
        x->nomem = 1;
}

/* ---- Text of the graph ---- */

const char *kg_export_name(const kg_graph *g, uint32_t e)
{
    return kg_ent(g, e)->name ? kg_ent(g, e)->name : kg_ent_id(g, kg_ent(g, e));
}

const char *kg_export_aliases(kg_exporter *x, const kg_entity *n,
                              const char *sep)
{
    kg_buf_clear(&x->scratch);
    for (const kg_attr *a = kg_attr_at(x->g, n->aliases); a;
         a = kg_attr_next(x->g, a))
        if ((x->scratch.len && kg_export_scratch_puts(x, sep)) ||
            kg_export_scratch_puts(x, a->value))
            break;
    return x->scratch.data ? x->scratch.data : "";
}

/* Appends every value of `key` in list l, "; " between them, and a NUL
 * to x->joined; 0, or -1 when out of memory. */
static int join_values(kg_exporter *x, kg_list l, const char *key)
{
    size_t start = x->joined.len;
    kg_attr_it it;
    for (kg_attr_begin(x->g, l, &it); kg_attr_step(&it);) {
        if (it.key != key)
            continue;
        if ((x->joined.len > start && kg_buf_puts(&x->joined, "; ")) ||
            kg_buf_puts(&x->joined, it.value))
            return -1;
    }
    return kg_buf_putc(&x->joined, '\0');
}

/* The index of column `key` in s, looked for from `from` on (where the
 * element's next column usually is) round to it; s->n when none. */
static size_t column_index(const kg_export_schema *s, const char *key,
                           size_t from)
{
    for (size_t k = 0; k < s->n; k++) {
        size_t i = from + k < s->n ? from + k : from + k - s->n;
        if (s->v[i].key == key)
            return i;
    }
    return s->n;
}

/* A key met twice: its values joined (in x->joined, one after another in
 * column order). */
static const char *const *join_repeated(kg_exporter *x,
                                        const kg_export_schema *s, kg_list l)
{
    kg_buf_clear(&x->joined);
    for (size_t i = 0; i < s->n; i++)
        if (x->many[i] && join_values(x, l, s->v[i].key)) {
            x->nomem = 1;
            return NULL;
        }
    const char *p = x->joined.data;
    for (size_t i = 0; i < s->n; i++)
        if (x->many[i]) {
            x->values[i] = p;
            p += strlen(p) + 1;
        }
    return x->values;
}

const char *const *kg_export_values(kg_exporter *x, const kg_export_schema *s,
                                    kg_list l)
{
    static const char *const none[1] = {""};
    if (s->n == 0)
        return none; /* (no column: nothing to allocate) */
    if (s->n > x->values_cap) {
        values_free(x);
        x->values = kg_malloc(s->n * sizeof *x->values);
        x->many = kg_malloc(s->n);
        if (!x->values || !x->many) {
            x->nomem = 1;
            return NULL;
        }
        x->values_cap = s->n;
    }
    for (size_t i = 0; i < s->n; i++)
        x->values[i] = "";
    memset(x->many, 0, s->n);
    int repeated = 0;
    size_t at = 0;
    assert(!l.cells || l.cols < s->nat); /* (cells_at's contract) */
    const uint32_t *cells = l.cells ? s->at[l.cols] : NULL;
    kg_attr_it it;
    for (kg_attr_begin(x->g, l, &it); kg_attr_step(&it);) {
        size_t i;
        if (!cell_column(cells, &it, &i))
            i = column_index(s, it.key, at);
        if (i == s->n)
            continue;
        if (x->values[i][0] || x->many[i]) {
            x->many[i] = 1; /* (a first value "" joins as none) */
            repeated = 1;
        }
        x->values[i] = it.value;
        at = i + 1 < s->n ? i + 1 : 0;
    }
    return repeated ? join_repeated(x, s, l) : x->values;
}

static void values_free(kg_exporter *x)
{
    free(x->values);
    free(x->many);
    x->values = NULL;
    x->many = NULL;
    x->values_cap = 0;
    kg_buf_free(&x->joined);
}

const char *kg_export_edge_text(kg_exporter *x, const kg_relation *r)
{
    const char *label = kg_rel_label(x->g, r), *type = kg_rel_type(x->g, r);
    if (label || !type)
        return label ? label : "";
    if (!strchr(type, '_'))
        return type; /* (as it reads: no copy) */
    kg_buf_clear(&x->scratch);
    if (kg_type_text(&x->scratch, type) == 0)
        return x->scratch.data;
    x->nomem = 1;
    return type;
}

static const char xml_key_tag[] = "xml key"; /* the memo's keys */

void kg_export_xml_key(kg_exporter *x, const kg_own_keys *own, const char *key)
{
    kg_export_memo_slot *m; /* the prefix, once per key */
    if (!kg_export_memo_find(&x->memo, xml_key_tag, own, key, &m))
        m->value = (uintptr_t)kg_data_key_prefix(own, key);
    kg_out_puts(x->out, (const char *)m->value);
    kg_xml_text(x->out, key, 0, &x->replaced);
}

/* ---- Looks ---- */

static const char *look_value(const kg_look *l, const char *key)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (strcmp(l->keys[i], key) == 0)
            return l->values[i];
    return NULL;
}

/* #RRGGBB (or #RRGGBBAA) from a look's colour, or `otherwise`. */
static const char *hex_colour(const char *c, const char *otherwise)
{
    if (c && c[0] == '#' && (strlen(c) == 7 || strlen(c) == 9) &&
        strspn(c + 1, "0123456789abcdefABCDEF") == strlen(c) - 1)
        return c;
    return otherwise;
}

static kg_export_look node_look(const kg_graph *g, const char *type)
{
    const kg_look *l = kg_style_look(kg_graph_style(g), KG_STYLE_NODE, type);
    const char *style = look_value(l, "style");
    int filled = style && strstr(style, "filled");
    kg_export_look k = {
        look_value(l, "shape"),
        filled ? hex_colour(look_value(l, "fillcolor"), "#e0e0e0") : "#ffffff",
        hex_colour(look_value(l, "color"), "#000000"),
        style,
        NULL,
        NULL};
    k.yed = kg_export_yed_shape(&k);
    k.line = kg_export_line_type(style);
    return k;
}

static kg_export_look edge_look(const kg_graph *g, const char *type)
{
    const kg_look *l = kg_style_look(kg_graph_style(g), KG_STYLE_EDGE, type);
    kg_export_look k = {NULL,
                        NULL,
                        hex_colour(look_value(l, "color"), "#555555"),
                        look_value(l, "style"),
                        NULL,
                        NULL};
    k.yed = kg_export_yed_shape(&k);
    k.line = kg_export_line_type(k.style);
    return k;
}

/* The memo's slot for a key's address. */
static size_t memo_hash(const void *a, const void *b, const void *c)
{
    uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15u;
    h = (h ^ (uint64_t)(uintptr_t)b) * 0x9E3779B97F4A7C15u;
    h = (h ^ (uint64_t)(uintptr_t)c) * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 40) & (KG_EXPORT_MEMO - 1);
}

int kg_export_memo_find(kg_export_memo *m, const void *a, const void *b,
                        const void *c, kg_export_memo_slot **slot)
{
    kg_export_memo_slot *s = &m->slot[memo_hash(a, b, c)];
    *slot = s;
    if (s->used && s->k[0] == a && s->k[1] == b && s->k[2] == c)
        return 1;
    *s = (kg_export_memo_slot){{a, b, c}, 0, 1};
    return 0;
}

/* The look of `type` from memo m, worked out by `make` when not in it. */
static kg_export_look
memo_look(kg_export_looks *m, const kg_graph *g, const char *type,
          kg_export_look (*make)(const kg_graph *, const char *))
{
    size_t i = memo_hash(type, NULL, NULL);
    if (!m->used[i] || m->type[i] != type) {
        m->look[i] = make(g, type);
        m->type[i] = type;
        m->used[i] = 1;
    }
    return m->look[i];
}

kg_export_look kg_export_node_look(kg_exporter *x, uint32_t e)
{
    return memo_look(&x->node_looks, x->g, kg_ent_look_type(x->g, e),
                     node_look);
}

kg_export_look kg_export_edge_look(kg_exporter *x, const kg_relation *r)
{
    return memo_look(&x->edge_looks, x->g, kg_rel_type(x->g, r), edge_look);
}

const char *kg_export_yed_shape(const kg_export_look *k)
{
    static const char *const map[][2] = {
        {"ellipse", "ellipse"},   {"oval", "ellipse"},
        {"circle", "ellipse"},    {"box", "rectangle"},
        {"rect", "rectangle"},    {"rectangle", "rectangle"},
        {"hexagon", "hexagon"},   {"octagon", "octagon"},
        {"diamond", "diamond"},   {"parallelogram", "parallelogram"},
        {"house", "trapezoid2"},  {"invhouse", "trapezoid"},
        {"triangle", "triangle"}, {"note", "rectangle"},
        {"box3d", "rectangle3d"}, {"trapezium", "trapezoid"}};
    const char *s = k->shape ? k->shape : "ellipse";
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
        if (strcmp(s, map[i][0]) != 0)
            continue;
        if (strcmp(map[i][1], "rectangle") == 0 && k->style &&
            strstr(k->style, "rounded"))
            return "roundrectangle";
        return map[i][1];
    }
    return "rectangle";
}

const char *kg_export_line_type(const char *style)
{
    if (style && strstr(style, "dotted"))
        return "dotted";
    if (style && strstr(style, "dashed"))
        return "dashed";
    return "line";
}

/* ---- Clusters ---- */

enum { CLUSTER_LEVELS = 10 }; /* as the DOT's clusters nest at most */

const char *kg_export_cluster_of(kg_exporter *x, uint32_t e)
{
    if (!x->cluster_by)
        return NULL;
    const char *v = kg_ent_group(x->g, e, x->cluster_by);
    if (!v || !*v)
        return NULL;
    const char *p = v;
    for (int level = 1; level < CLUSTER_LEVELS && (p = strchr(p, '/')); level++)
        p++;
    size_t n = p && (p = strchr(p, '/')) ? (size_t)(p - v) : strlen(v);
    kg_buf_clear(&x->cluster);
    if (kg_buf_append(&x->cluster, v, n)) {
        x->nomem = 1;
        return NULL;
    }
    return x->cluster.data;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts paths[0..n) and drops repeats; returns how many are left. */
static size_t sort_unique(char **paths, size_t n)
{
    if (!n)
        return 0;
    qsort(paths, n, sizeof *paths, by_string);
    size_t k = 1;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(paths[i], paths[k - 1]) == 0)
            free(paths[i]);
        else
            paths[k++] = paths[i];
    }
    return k;
}

char **kg_export_cluster_paths(kg_exporter *x, size_t *n)
{
    const kg_graph *g = x->g;
    char **paths = NULL;
    size_t cap = 0;
    *n = 0;
    for (uint32_t e = 0; e < kg_nents(g); e++) {
        const char *v = kg_node_shown(g, e) ? kg_export_cluster_of(x, e) : NULL;
        for (const char *p = v; v && p;) { /* "a", "a/b", "a/b/c" */
            const char *slash = strchr(p, '/');
            size_t len = slash ? (size_t)(slash - v) : strlen(v);
            if (kg_grow((void **)&paths, &cap, *n + 1, sizeof *paths) ||
                !(paths[*n] = kg_strndup(v, len)))
                return paths; /* what there is */
            (*n)++;
            p = slash ? slash + 1 : NULL;
        }
    }
    *n = sort_unique(paths, *n);
    return paths;
}

void kg_export_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}
