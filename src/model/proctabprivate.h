/* proctabprivate.h - what the files of the process table share:
 * proctab.c (the table, lookups and queries), proctabtree.c (the links
 * and the subtree totals), proctabapply.c (applying events),
 * proctabtomb.c (tombstones and expiry), proctabsave.c and
 * proctabload.c (the table's encoding).  Nothing outside src/model/
 * includes this. */
#pragma once

#include "proctab.h"
#include "shared.h"

/* Links deeper than this are treated as a cycle (corrupt input). */
#define PROCTAB_MAX_DEPTH 4096

/* The process table (proctab.h): its indexes, tombstones and settings. */
struct Proctab {
  GHashTable *live;       /* pid -> Proc*, live processes (not owned) */
  GHashTable *by_serial;  /* every Proc (owns them), a set keyed by serial */
  GHashTable *orphans;    /* ppid -> GQueue* of the live processes with that
                             parent tgid but no parent link, so that a new
                             process finds its orphans at once */
  GHashTable *orphan_links;  /* Proc* -> its GList link in those queues
                                (the queues own the links) */
  GHashTable *last_tomb;  /* pid -> Proc*, the newest tombstone of each pid */
  Proc *tombs_head;       /* tombstones, oldest first (via Proc.tomb_next) */
  Proc *tombs_tail;
  guint n_tombs;
  guint64 next_serial;
  gint64 keep_ns;
  guint max_tombs;
  guint64 pins[PROCTAB_PINS];  /* serials kept past expiry (proctab_pin), 0 none */
  gboolean drop_costs;    /* tombstones keep no cost (proctab_drop_costs) */
};

/* P's accounting, made on first use. */
static inline ProcAcct *
proc_acct (Proc *p)
{
  if (!p->acct)
    p->acct = g_new0 (ProcAcct, 1);
  return p->acct;
}

/* --- the table's encoding (proctab_save, proctab_load) ------------------ */

/* The encoding's version, its first varint. */
#define PROCTAB_SAVE_VERSION 4

/* Differences are taken modulo 2^64, so that any value comes back. */
static inline gint64
proctab_delta (gint64 a, gint64 b)
{
  return (gint64) ((guint64) a - (guint64) b);
}

/* The inverse of proctab_delta: B + D modulo 2^64. */
static inline gint64
proctab_undelta (gint64 b, gint64 d)
{
  return (gint64) ((guint64) b + (guint64) d);
}

/* The strings of a table's encoding (pack.h's dictionary), and those of
 * the process before, to which a process's are compared: tables list
 * many processes running the same thing, one after the other. */
typedef struct {
  PackDict dict;
  gint comm, exe, cgroup, tcomm;   /* indexes of the last ones, -1 none */
  gint runtime, id, pod;           /* a container's, likewise */
  GArray *argv;                    /* indexes of the last command line */
} ProctabStrs;

/* What a saved process's acct holds: a bit each. */
enum {
  PROCTAB_ACCT_COST = 1,     /* its end's cost: the fields' mask, then each */
  PROCTAB_ACCT_TOTALS = 2,   /* its descendants' totals */
};

/* Shared between the files, each described at its definition:
 * proctab.c's, the table's. */
GHashTable *proc_threads_new (void);
void proc_free (gpointer data);

/* proctabtree.c: the links and the subtree totals. */
guint proc_count_live (const Proc *p);
ProcTotals *proc_start_counting (Proc *p);
void proctab_add_orphan (Proctab *pt, Proc *p);
void proctab_remove_orphan (Proctab *pt, Proc *p);
void proctab_unlink_parent (Proctab *pt, Proc *p);
const Proc *proctab_walk_next (const Proc *top, const Proc *n);
void proctab_set_parent (Proctab *pt, Proc *p, gint ppid);
void proctab_link_parent (Proctab *pt, Proc *p, gint ppid, Proc *parent);
void proctab_count_spawned (Proc *p);
void proctab_link_spawned (Proctab *pt, Proc *p, gint ppid, Proc *parent);
void proctab_adopt_orphans (Proctab *pt, Proc *p);

/* Whether P belongs among the orphans (proctab_add_orphan): a live
 * process with a parent tgid but no link to it. */
static inline gboolean
proc_is_orphan (const Proc *p)
{
  return p->alive && !p->parent && p->ppid > 0;
}

/* P's totals, counted from now on (proc_start_counting the first time). */
static inline ProcTotals *
proc_counted (Proc *p)
{
  if (G_LIKELY (p->flags & PROC_F_TOTALS))
    return &p->acct->sub;
  return proc_start_counting (p);
}

/* Adds D (spawned, ended, failed and CPU) to the totals of the
 * PROCTAB_TOTALS_DEPTH nearest ancestors of a process whose parent is
 * PARENT, in the tree as it is, and ALIVE to their live descendants: -1
 * for a process that ends still linked and alive, 1 for a new one linked
 * already (which an ancestor whose totals start here finds in the tree),
 * 0 for neither.  Bounded: no event costs more as the tree grows deeper.
 * Inline, as it runs for every fork and end: a fork's constant D loses
 * its sums of zero. */
static inline void
proctab_add_totals (Proc *parent, const ProcTotals *d, gint alive)
{
  guint j = 0;

  for (Proc *a = parent; a && j < PROCTAB_TOTALS_DEPTH; a = a->parent, j++)
    {
      gboolean counted = (a->flags & PROC_F_TOTALS) != 0;
      ProcTotals *t = proc_counted (a);
      t->spawned += d->spawned;
      t->ended += d->ended;
      t->failed += d->failed;
      t->cpu_ns += d->cpu_ns;
      t->unmeasured += d->unmeasured;
      if (counted || alive < 0)
        t->alive += alive;
      t->max_alive = MAX (t->max_alive, t->alive);
    }
}

/* proctabapply.c: a process's fields. */
void proc_set_where (Proc *p, Where *w);
void proc_add_thread (Proc *p, gint tid, gint64 start_ns, const char *comm);

/* proctabtomb.c: the tombstones. */
void proctab_push_tomb (Proctab *pt, Proc *p);
gboolean proctab_is_pinned (const Proctab *pt, const Proc *p);
void proctab_bury (Proctab *pt, Proc *p, const Event *ev, gboolean unknown);

/* proctabsave.c: the strings of the encoding. */
void proctab_strs_init (ProctabStrs *s, gboolean writing);
void proctab_strs_clear (ProctabStrs *s);
