/*
 * style.c - the built-in look.
 *
 * Colours are light fills that keep black text readable, distinct for the
 * common kinds of colour blindness (after the Okabe-Ito palette), and each
 * kind also has its own shape, so a greyscale print still tells them apart.
 */
#include "style.h"

#include <stddef.h>

#include "util.h"

static const kg_style styles[] = {
    {"person", "ellipse", "filled", "#9ecae1", "#3b6e8f"},
    {"agency", "box", "filled,rounded", "#f6d55c", "#8a6d00"},
    {"country", "hexagon", "filled", "#a1d99b", "#357a38"},
    {"location", "house", "filled", "#d9f0d3", "#5a8f5a"},
    {"operation", "diamond", "filled", "#f4a582", "#a0442a"},
    {"event", "octagon", "filled", "#cbb4e3", "#6a4c93"},
    {"document", "note", "filled", "#fdebd0", "#9c6b30"},
    {"threat", "parallelogram", "filled", "#f7b6d2", "#a23b72"},
    {"unknown", "ellipse", "filled,dashed", "#ffffff", "#888888"},
    {"other", "ellipse", "filled", "#e0e0e0", "#666666"},
};

enum {
    PERSON,
    AGENCY,
    COUNTRY,
    LOCATION,
    OPERATION,
    EVENT,
    DOCUMENT,
    THREAT,
    UNKNOWN,
    OTHER
};

static const struct {
    const char *word;
    int style;
} words[] = {
    {"person", PERSON},        {"people", PERSON},
    {"individual", PERSON},    {"human", PERSON},
    {"suspect", PERSON},       {"suspects", PERSON},
    {"official", PERSON},      {"agency", AGENCY},
    {"organization", AGENCY},  {"organisation", AGENCY},
    {"org", AGENCY},           {"company", AGENCY},
    {"institution", AGENCY},   {"group", AGENCY},
    {"unit", AGENCY},          {"country", COUNTRY},
    {"nation", COUNTRY},       {"state", COUNTRY},
    {"region", LOCATION},      {"location", LOCATION},
    {"place", LOCATION},       {"city", LOCATION},
    {"venue", LOCATION},       {"address", LOCATION},
    {"site", LOCATION},        {"operation", OPERATION},
    {"event", EVENT},          {"meeting", EVENT},
    {"conference", EVENT},     {"agreement", DOCUMENT},
    {"document", DOCUMENT},    {"treaty", DOCUMENT},
    {"publication", DOCUMENT}, {"report", DOCUMENT},
    {"paper", DOCUMENT},       {"database", DOCUMENT},
    {"threat", THREAT},        {"crime", THREAT},
    {"offence", THREAT},       {"offense", THREAT},
    {"weapon", THREAT},        {"unknown", UNKNOWN},
};

const kg_style *kg_style_for(const char *type)
{
    if (!type)
        return &styles[OTHER];
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (kg_ascii_casecmp(type, words[i].word) == 0)
            return &styles[words[i].style];
    return &styles[OTHER];
}

const char kg_style_defaults[] =
    "  graph [fontname=\"DejaVu Sans\", nodesep=0.35, ranksep=0.5, "
    "pad=0.3];\n"
    "  node [fontname=\"DejaVu Sans\", fontsize=11, margin=\"0.12,0.06\"];\n"
    "  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#555555\", "
    "fontcolor=\"#333333\", arrowsize=0.7];\n";
