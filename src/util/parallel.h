/*
 * parallel.h - work cut in two halves, done on two threads (parallel.c).
 * (A long run of items written in order is util/chunks.h's.)
 */
#ifndef KG_PARALLEL_H
#define KG_PARALLEL_H

#include <stddef.h>

/*
 * Runs fn(b) on a second thread and fn(a) on this one, and returns when
 * both are done; both run here, one after the other, when no thread can
 * be made.  For work cut in two halves that only read what is shared.
 */
void kg_parallel(void (*fn)(void *), void *a, void *b);

/*
 * Work cut in numbered pieces, done by `workers` threads (this one and
 * workers - 1 more; fewer when no more can be made) and put together in
 * the pieces' order, so that the result is the same bytes whatever the
 * number of threads.  Each worker calls kg_pieces_next for the next piece
 * (-1: none left), does it into memory of its own, then kg_pieces_turn,
 * which returns when every piece before it is put together, puts it
 * together, and kg_pieces_done.  A worker that could not be given its
 * own thread runs after the others, here.
 */
typedef struct kg_pieces kg_pieces;

/* Runs work(ctx, pieces, k) for each worker k in [0, workers), over
 * pieces [0, npieces).  0, or -1 when out of memory (nothing ran). */
int kg_parallel_pieces(unsigned workers, size_t npieces,
                       void (*work)(void *ctx, kg_pieces *p, unsigned k),
                       void *ctx);

/* The next piece to do, or -1 (as size_t: SIZE_MAX) when none is left. */
size_t kg_pieces_next(kg_pieces *p);

/* Waits until piece i is the next to be put together. */
void kg_pieces_turn(kg_pieces *p, size_t i);

/* Piece i is put together: the next may be. */
void kg_pieces_done(kg_pieces *p, size_t i);

/*
 * A spare: a thread that has finished work of its own, lent to pieces
 * another thread runs at the same time, as one more worker of them.  The
 * pieces' result is the same bytes whether it comes or not (they are put
 * together in order), so it may come late, or never.
 */
typedef struct kg_spare kg_spare;

/* A spare to hand to kg_parallel_pieces_spare; NULL when out of memory.
 * Freed (after kg_spare_close and the lending thread's return) with
 * kg_spare_free, which takes NULL. */
kg_spare *kg_spare_new(void);
void kg_spare_free(kg_spare *s);

/* The spare thread's call: works as worker `workers` of the pieces
 * kg_parallel_pieces_spare runs with s, waiting for them to start when
 * they have not, and returns when none is left for it or when s is
 * closed.  NULL: returns at once. */
void kg_spare_lend(kg_spare *s);

/* No pieces will come to s: a thread lent returns, or will not wait.
 * NULL: nothing. */
void kg_spare_close(kg_spare *s);

/* As kg_parallel_pieces, with a worker more, numbered `workers`, whose
 * thread is the one lent to s (kg_spare_lend) while pieces are left; it
 * has returned (from the pieces) when this does.  s NULL: exactly
 * kg_parallel_pieces. */
int kg_parallel_pieces_spare(unsigned workers, size_t npieces,
                             void (*work)(void *ctx, kg_pieces *p, unsigned k),
                             void *ctx, kg_spare *s);

/* The number of processors online (at least 1, at most 256). */
unsigned kg_processors(void);

#endif
