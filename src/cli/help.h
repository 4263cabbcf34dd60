/*
 * help.h - the text of kgraph --help.
 */
#ifndef KG_CLI_HELP_H
#define KG_CLI_HELP_H

#include <stdio.h>

/* Writes the usage, the commands and every option to f. */
void help_print(FILE *f);

#endif
