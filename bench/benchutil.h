/* benchutil.h - what the benchmark programs share: a busy machine's
 * events, the CPU time and the heap. */
#pragma once

#include <glib.h>
#include "event.h"

/* Services under init; the processes are their children. */
#define BENCHUTIL_SERVICES 50

/* A machine that stays at PROCS processes: services forking, exec'ing,
 * renaming and reaping short-lived children. */
typedef struct {
  GRand *rand;
  GArray *alive;     /* pids of the services' children */
  gint next_pid;
  gint64 now;
  gint64 tick_ns;    /* events come 0 to 3 ticks apart */
  gboolean vary;     /* command lines name a file of their own */
  guint snapshots;   /* snapshot records still to give */
  guint procs;
} BenchGen;

/* Starts the machine: PROCS processes, their scan first; events 1.5
 * TICK_NS apart on average; with VARY each exec compiles a file of its
 * own (else all the same command line). */
void benchutil_gen_init (BenchGen *g, guint procs, gint64 tick_ns, gboolean vary);

/* The next event of the machine into EV (event_clear frees it). */
void benchutil_gen_next (BenchGen *g, Event *ev);

/* Frees what the machine holds. */
void benchutil_gen_clear (BenchGen *g);

/* The CPU time of this process, in seconds. */
double benchutil_cpu (void);

/* Bytes malloc holds now, mapped blocks included. */
double benchutil_heap (void);

/* Prints a Markdown row: WHAT, N, then the min, median and max of the N
 * times T (seconds, sorted in place) in ms. */
void benchutil_report (const char *what, double *t, guint n);
