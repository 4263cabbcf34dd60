/*
 * style.h - the built-in look: a shape and colour per kind of entity.
 */
#ifndef KG_STYLE_H
#define KG_STYLE_H

typedef struct kg_style {
    const char *kind; /* "person", "agency", ... "other" */
    const char *shape;
    const char *style;
    const char *fillcolor;
    const char *color;
} kg_style;

/*
 * The style for an entity type, matched without regard to case against the
 * words analysts use ("person", "organisation", "city", "treaty"...).  NULL
 * (no type) and unrecognised types get the visible "other" style.
 */
const kg_style *kg_style_for(const char *type);

/* Graph-wide defaults, as DOT attribute statements (one per line). */
extern const char kg_style_defaults[];

#endif
