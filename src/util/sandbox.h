/*
 * sandbox.h - a job run in a child process that cannot take the caller
 * down: bounded in time and in memory, a crash in it a status for the
 * caller, its standard error handed back as text.
 *
 * The sandbox knows nothing of the job.  In the child it calls
 * prepare(ctx), then limits the address space, then run(ctx, reply):
 * the job does its work, writes its output itself (to a descriptor the
 * child inherited, the caller flushing its streams before, or as a
 * stream of bytes the caller takes as they come), and fills `reply`, a
 * fixed-size record the sandbox sends back through a pipe.  What comes
 * from the child is the caller's to check: a job that crashed may have
 * said anything before.
 * The child ends with _exit, so no atexit handler or stdio buffer of the
 * caller runs or flushes twice.  The sandbox says how the child ended:
 * in time or not, by which signal, with which exit status.  Running out
 * of memory is not among them: past the limit an allocation fails and
 * the process goes on, so only the job's own words (its reply, its
 * standard error) can tell, and the job's caller reads them.
 *
 * The child has only the calling thread: no other thread of the process
 * may be inside what the job uses when it starts (for the render, the
 * Graphviz lock sees to that; kgraph.h asks the same of a caller's fork).
 */
#ifndef KG_SANDBOX_H
#define KG_SANDBOX_H

#include <stddef.h>

typedef struct kg_sandbox {
    unsigned long timeout_ms; /* before the child is killed; 0: none */
    size_t memory; /* bytes the child may map beyond what it has after
                      prepare (no limit in a sanitizer build, whose
                      shadow memory is terabytes of address space) */
    /* In the child, before the limits: loads what every job needs
     * (plugins, fonts), so that the limit bounds the job's own work.
     * May be NULL. */
    void (*prepare)(void *ctx);
    /* In the child, under the limits: the job.  Fills reply (reply_size
     * bytes, zeroed beforehand). */
    void (*run)(void *ctx, void *reply);
    void *ctx;
    size_t reply_size;
    /* May be NULL.  Else the job's output is a stream: in the child, the
     * job writes it to kg_sandbox_stream_fd(); in the caller, stream(ctx,
     * bytes, n) gets it in order, piece by piece, while the child runs,
     * and returns 0, or -1 to have the child killed (KG_SANDBOX_CUT). */
    int (*stream)(void *ctx, const void *bytes, size_t n);
} kg_sandbox;

/* How the child ended. */
typedef enum kg_sandbox_how {
    KG_SANDBOX_REPLIED,  /* it sent its whole reply */
    KG_SANDBOX_LATE,     /* time ran out (or its pipes could not be
                            watched): it was killed */
    KG_SANDBOX_STOPPED,  /* it ended without a whole reply */
    KG_SANDBOX_CUT,      /* the caller's stream callback stopped it */
    KG_SANDBOX_UNSTARTED /* no pipe or no process: nothing ran; the
                            caller may do the job itself */
} kg_sandbox_how;

typedef struct kg_sandbox_end {
    kg_sandbox_how how;
    int signal;      /* STOPPED: the signal that ended it, or 0 */
    int exit_status; /* STOPPED by no signal: its exit status, or -1 */
} kg_sandbox_end;

/*
 * Runs s's job in a child and waits for it.  `reply` (s->reply_size
 * bytes) receives the child's reply, whole when the answer is REPLIED;
 * `text` (textlen bytes, more than 0) the start of what the child wrote
 * to its standard error, ended by '\0'.
 */
kg_sandbox_end kg_sandbox_run(const kg_sandbox *s, void *reply, char *text,
                              size_t textlen);

/* `size` bytes of zeroed memory that the child and the caller share:
 * what the job writes there the caller reads, also after the child was
 * killed (what it was doing then).  NULL when it cannot be had; freed with
 * kg_sandbox_shared_free. */
void *kg_sandbox_shared(size_t size);
void kg_sandbox_shared_free(void *p, size_t size);

/* Half the machine's memory (4 GB when unknown): a default for
 * kg_sandbox.memory. */
size_t kg_sandbox_default_memory(void);

/* For the job, in the child: the descriptor its stream goes to (-1
 * when the sandbox has no stream callback). */
int kg_sandbox_stream_fd(void);

/* For the job, in the child: writes all of data[0..len) to fd, again
 * after a signal.  0, or -1 with errno. */
int kg_sandbox_write_all(int fd, const void *data, size_t len);

#endif
