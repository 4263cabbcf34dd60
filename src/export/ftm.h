/*
 * ftm.h - the graph as FollowTheMoney entities (ftm.c).
 */
#ifndef KG_EXPORT_FTM_H
#define KG_EXPORT_FTM_H

struct kg_export_backend;

/* A JSON object a line, as Aleph and OpenSanctions take them: entities
 * as FtM's schemata, relations as its relationship schemata, countries
 * as properties, ids as FtM allows them (rules/ftm_model.h), and what
 * FtM has no property for in notes.  read/ftm.c reads it back. */
extern const struct kg_export_backend kg_export_ftm;

#endif
