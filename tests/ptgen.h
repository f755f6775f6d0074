/* ptgen.h - test support: random but valid-looking event streams, and a
 * canonical description of a table to compare two of them. */
#pragma once

#include "proctab.h"

#define PTGEN_MS G_GINT64_CONSTANT (1000000)
/* How long the tables of these tests keep tombstones. */
#define PTGEN_KEEP (2000 * PTGEN_MS)

/* A generator: forks, pid reuse, threads, exec, renames, uid changes,
 * exits (some with unknown status), resync snapshots that re-parent, and
 * pauses longer than PTGEN_KEEP. */
typedef struct {
  GRand *rand;
  GArray *pids;      /* processes believed alive */
  GArray *threads;   /* (tid, tgid) pairs believed alive, flattened */
  gint next_pid;
  gint64 now;
} PtGen;

/* Starts a generator from SEED. */
void ptgen_init (PtGen *g, guint32 seed);
/* Frees what it holds. */
void ptgen_clear (PtGen *g);
/* The next event into EV (the caller clears it with event_clear). */
void ptgen_next (PtGen *g, Event *ev);
/* A canonical description of PT: its trees from the roots, its counts. */
char *ptgen_dump (const Proctab *pt);
/* PT's encoding (proctab_save): equal tables give equal bytes. */
GBytes *ptgen_saved (const Proctab *pt);
