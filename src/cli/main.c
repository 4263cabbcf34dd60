/*
 * main.c - the kgraph command: a thin layer over libkgraph.
 *
 * It parses the command line, runs the command, prints diagnostics in the
 * compiler form FILE:LINE:COL: error: MESSAGE, picks the exit status and
 * owns the output files.  All the work is done by the library.  The
 * command's parts, each in its own file:
 *
 *   cmdline.c  the command line: the command word and the operands
 *   opt.c      the options, as a table; help.c the --help text
 *   cmd_build.c  build, check, stats, report, timeline; cmd_diff.c diff;
 *              cmd_mapping.c mapping
 *   load.c     a graph set up and read as the options say
 *   overview.c the graph to draw: whole, or an overview
 *   write.c    a graph written in the chosen format; output.c the files
 *   print.c    diagnostics and errors; progress.c the progress line;
 *              summary.c what the run did
 *   guard.c    temporary files removed on signals, outputs against
 *              inputs, text made safe for a terminal
 */
#include <malloc.h>

#include "cli/cli.h"
#include "cli/cmd_build.h"
#include "cli/cmd_diff.h"
#include "cli/cmd_mapping.h"
#include "cli/cmdline.h"
#include "cli/guard.h"
#include "cli/print.h"

/*
 * glibc's malloc moves its mmap threshold up each time a large block is
 * freed, so that later blocks of that size come from the heap, where a
 * freed block's pages stay with the process.  On the 1M/2M bench that
 * kept about 14 MB more at the peak, and how much moved with every change
 * in the order of allocations.  A fixed threshold (blocks from 512 KB get
 * their own mapping, given back when freed) and a high trim threshold (the
 * heap's top is not given back and asked for again) keep the peak at what
 * is in use: 294 to 284 MB there, 4% slower at 100k.
 */
static void tune_malloc(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
}

/* The command o names, its messages kept until it ends. */
static int run(const options *o)
{
    printer p;
    printer_setup(&p, o);
    int rc = o->cmd == CMD_DIFF      ? cmd_diff(o, &p)
             : o->cmd == CMD_MAPPING ? cmd_mapping(o, &p)
                                     : cmd_build(o, &p);
    printer_tally(&p);
    printer_free(&p);
    return rc;
}

int main(int argc, char **argv)
{
    tune_malloc();
    kg_guard_signals();
    options o;
    int rc = cmdline_parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    return run(&o);
}
