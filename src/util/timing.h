/*
 * timing.h - a phase of a call measured for the caller's kg_timing_fn
 * (timing.c): wall and CPU time, and the peak of resident memory.
 */
#ifndef KG_TIMING_H
#define KG_TIMING_H

#include "util/diag.h"

/* When a phase began.  Zeroed (and free to take) when no one listens. */
typedef struct kg_clock {
    double wall, cpu;
} kg_clock;

/* Starts timing a phase for d's timing callback (nothing when it has
 * none). */
kg_clock kg_clock_start(const kg_diagsink *d);

/* Ends the phase begun at c and hands it to d's callback: `phase` and
 * `subject` (NULL: "") as kg_timing says. */
void kg_clock_say(const kg_diagsink *d, kg_clock c, const char *phase,
                  const char *subject);

/* Now, whether anyone listens or not (a phase timed where there is no
 * callback: a layout in the bounded child). */
kg_clock kg_clock_now(void);

/* The phase begun at c measured, its names and judgement left empty. */
kg_timing kg_clock_measure(kg_clock c);

/* Hands a phase measured elsewhere to d's callback, as it is. */
void kg_clock_pass(const kg_diagsink *d, const kg_timing *t);

#endif
