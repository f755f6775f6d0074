/* rows.h - the process tree flattened into the rows a view shows.
 *
 * Pure: no terminal.  Rows are rebuilt from the model on every change; a
 * view keeps its state (selection, collapsed subtrees, unfolded groups,
 * followed process) by Proc.serial and finds it again in the new rows.
 *
 * Exited children of one parent that share a name fold into one row when
 * there are more than ROWS_FOLD_MIN of them in the tombstone window: a
 * build's thousand `cc1` under one `make` are one row with their count,
 * statuses and lifetimes, expandable like a subtree.  Children that run in
 * different containers never share a fold (a Kubernetes pod's shim is the
 * parent of its containers' probes and execs). */
#pragma once

#include <glib.h>
#include "filter.h"
#include "graph.h"
#include "proctab.h"

/* Row.flags */
typedef enum {
  ROW_F_MATCH = 1 << 0,      /* matches the filter itself */
  ROW_F_DIM = 1 << 1,        /* shown only because a match lies beneath */
  ROW_F_LAST = 1 << 2,       /* the last of its siblings */
  ROW_F_CHILDREN = 1 << 3,   /* has rows beneath, shown or collapsed */
  ROW_F_COLLAPSED = 1 << 4,  /* its rows beneath are hidden */
  ROW_F_THREAD = 1 << 5,     /* a thread of the row's process */
  ROW_F_TOMB = 1 << 6,       /* an exited process */
  ROW_F_FOLD = 1 << 7,       /* exited children of one parent, one name */
  ROW_F_HELD = 1 << 8,       /* past its time in the tree: shown only
                                because it is selected (RowsOptions.held);
                                a fold: some of its members are */
} RowFlags;

/* A group of exited children folded into one row this many or fewer are
 * shown one by one. */
#define ROWS_FOLD_MIN 3

/* The most distinct statuses a fold counts one by one. */
#define ROWS_FOLD_STATUSES 3

/* One status among a fold's members and how many ended with it. */
typedef struct {
  guint32 raw;                 /* raw wait status */
  gboolean unknown;            /* found by a resync: no status */
  guint count;
} RowsFoldStatus;

/* What a fold row stands for. */
typedef struct {
  char *comm;                  /* the members' name, NULL when not known */
  char *name;                  /* its identity among its parent's folds
                                  (rows_fold_name): the name, and the
                                  container where it is not the parent's */
  guint64 parent;              /* the parent's serial */
  guint count;                 /* members */
  guint failed;                /* members that failed */
  gint64 min_life, max_life;   /* shortest and longest lifetimes, -1 unknown */
  RowsFoldStatus statuses[ROWS_FOLD_STATUSES];  /* the most frequent first */
  guint other;                 /* members with none of those statuses */
  guint64 cpu_ns;              /* the CPU time of those measured, summed */
  guint cpu_measured;          /* members whose CPU time was measured */
  guint64 peak_rss;            /* the most memory one of them had resident */
  guint peak_measured;         /* members whose peak was measured */
  guint64 tcpu_ns;             /* the members' TCPU (rows_tcpu), summed: a
                                  tree's fold only */
  guint64 tcpu_unknown;        /* what that leaves out (rows_tcpu) */
  GArray *lives;               /* of GraphLifeSpan: the members' starts and
                                  ends, with RowsOptions.lives; else NULL */
} RowsFold;

/* Counts into F a member that ended with raw wait status RAW (UNKNOWN: no
 * status), FAILED or not, after LIFE ns (-1 unknown), having cost COST
 * (NULL: not measured): the tree's folds and the log's. */
void rows_fold_count (RowsFold *f, guint32 raw, gboolean unknown, gboolean failed, gint64 life,
                      const Cost *cost);

/* The deepest level whose vertical guide is remembered. */
#define ROWS_MAX_GUIDES 63

/* One row of the tree pane. */
typedef struct {
  const Proc *proc;            /* valid until the model next changes; a
                                  fold's most recent member */
  const ProcThread *thread;    /* thread rows only */
  RowsFold *fold;              /* fold rows only (owned by the array) */
  guint64 serial;              /* proc->serial; a fold: the parent's */
  gint tid;                    /* thread rows: the thread id; fold rows:
                                  ROWS_TID_FOLD; else 0 */
  guint depth;                 /* 0 for roots */
  guint64 guides;              /* bit K: a guide line at level K (1..63) */
  guint flags;                 /* RowFlags */
} Row;

/* Row.tid of a fold row. */
#define ROWS_TID_FOLD (-1)

/* How siblings are ordered (the tree stays a tree: only the children of
 * one parent, and the roots, are sorted). */
typedef enum {
  ROWS_SORT_SEEN,              /* the order the model learnt of them (forks
                                  as they came, a scan's by start time),
                                  roots by pid: nothing is sorted */
  ROWS_SORT_START,             /* by start time */
  ROWS_SORT_PID,
  ROWS_SORT_NAME,
  ROWS_SORT_CPU,               /* the most CPU first */
  ROWS_SORT_MEM,               /* the most memory first */
  ROWS_SORT_TCPU,              /* the most CPU of the subtree first (TCPU) */
  ROWS_SORT_CONTAINER,         /* by the container they run in (as the
                                  CONTAINER column shows it), the host's
                                  last */
  ROWS_SORT_MAX
} RowsSort;

/* The sort keys' names (settings, the picker), NULL-ended. */
extern const char *const rows_sort_names[ROWS_SORT_MAX + 1];

/* Whether siblings come in the order seen (SORT seen, not REVERSE): as
 * the model holds them, with nothing to sort. */
gboolean rows_sort_is_seen (RowsSort sort, gboolean reverse);

/* Whether sorting by SORT needs every process's sample (ProcSample). */
gboolean rows_sort_needs_samples (RowsSort sort);

/* What to show. */
typedef struct {
  gboolean threads;            /* thread rows under their process */
  gboolean kthreads;           /* kernel threads (and kthreadd) */
  GHashTable *collapsed;       /* set of serials (guint64* keys,
                                  g_int64_hash); may be NULL */
  GHashTable *unfolded;        /* set of rows_fold_key() strings of folds
                                  shown expanded; may be NULL */
  const Filter *filter;        /* NULL: everything */
  gint64 now_ns;               /* the model's monotonic now */
  gint64 tomb_show_ns;         /* tombstones show this long after exit
                                  (0: never) */
  gboolean hide_ok_tombs;      /* tombstones that did not fail are hidden */
  const Proc *reveal;          /* always shown, its ancestors expanded */
  const Proc *held;            /* the selection: shown past its tombstone
                                  window (as long as the filter shows it),
                                  and not folded away while its fold is
                                  closed; may be NULL */
  const Proc *held_log;        /* the process whose details the log shows:
                                  shown past its window too; may be NULL */
  guint64 held_fold;           /* a fold selected: the parent's serial (0:
                                  none), and */
  const char *held_fold_name;  /* its identity (RowsFold.name), and */
  gint64 held_fold_since;      /* its members that ended since this time
                                  show past their window */
  RowsSort sort;               /* how siblings are ordered */
  gboolean sort_reverse;       /* the other way */
  GHashTable *samples;         /* serial (guint64*) -> ProcSample*, for the
                                  CPU and MEM sorts; may be NULL */
  GHashTable *live_cpu;        /* serial (guint64*) -> RowsLiveCpu* (the
                                  sums of rows_live_cpu), for the TCPU
                                  sort; may be NULL (none live known) */
  gboolean lives;              /* folds keep their members' lives (the
                                  timeline draws them) */
} RowsOptions;

/* The CPU time the live processes of a subtree have used, as /proc says
 * (ProcSample.cpu_ns): the live part of TCPU. */
typedef struct {
  guint64 ns;                  /* their CPU time since they started, summed */
  guint live;                  /* live processes (the subtree's top too) */
  guint unread;                /* of those, how many /proc told nothing of */
} RowsLiveCpu;

/* The sample of live process P, or NULL when none is known; a getter may
 * read it then (the viewer's, through the monitor). */
typedef const ProcSample *(*RowsSampleFunc) (const Proc *p, gpointer user);

/* Sums into *OUT the CPU time of the live processes of TOP's subtree (TOP
 * included), each as GET (NULL: none known) gives it.  With SUMS (not
 * NULL), each process of the subtree with live ones gets its own sum
 * there: serial (new guint64*) -> new RowsLiveCpu*.  A walk of the
 * subtree's live processes, without recursion. */
void rows_live_cpu (const Proc *top, RowsSampleFunc get, gpointer user, GHashTable *sums,
                    RowsLiveCpu *out);

/* The CPU time of P's subtree (TCPU): P's own (its end's cost; alive, in
 * LIVE), that of its descendants that ended (proc_ended_cpu) and that of
 * the live ones (LIVE: P's sum from rows_live_cpu; NULL: none read).
 * *UNKNOWN (may be NULL) is set to how many of them it leaves out: live
 * ones not read, ended ones not measured. */
guint64 rows_tcpu (const Proc *p, const RowsLiveCpu *live, guint64 *unknown);

/* The live CPU sum of the process of serial SERIAL in LIVE_CPU (of
 * rows_live_cpu; NULL: none read), or NULL. */
const RowsLiveCpu *rows_live_find (GHashTable *live_cpu, guint64 serial);

/* Whether exited P is past the time exits show in the tree at NOW_NS
 * (TOMB_SHOW_NS after it ended). */
gboolean rows_tomb_expired (const Proc *p, gint64 now_ns, gint64 tomb_show_ns);

/* Flattens the trees under ROOTS (as from proctab_roots) depth first,
 * siblings in the order of opts->sort (what is not known, such as the CPU
 * of an exited process, last whichever the direction; ties in the order
 * the model learnt of them).
 * A process shows when it matches the filter, lies under a match, or has a
 * match beneath (then dimmed, so the tree stays a tree).  Exited processes
 * show for tomb_show_ns (those that did not fail not at all with
 * hide_ok_tombs), or longer while something beneath them shows or they are
 * held (ROW_F_HELD); more than ROWS_FOLD_MIN of one parent with one name
 * fold into one row.  Returns a
 * new GArray of Row, which frees the rows' folds. */
GArray *rows_build (const GPtrArray *roots, const RowsOptions *opts);

/* The identity of the fold exited child C of PARENT belongs to: its name
 * (NULL when not known), with "\x1f" and its container's runtime and id
 * where that is not PARENT's.  Returns a new string, or NULL. */
char *rows_fold_name (const Proc *parent, const Proc *c);

/* The key of the fold of PARENT_SERIAL's exited children whose identity
 * is NAME (RowsFold.name; NULL: a name not known), for
 * RowsOptions.unfolded.  Returns a new string. */
char *rows_fold_key (guint64 parent_serial, const char *name);

/* Index of the row for SERIAL and TID (a thread row; ROWS_TID_FOLD and
 * the fold's identity NAME for a fold row; 0), or -1. */
gint rows_find (const GArray *rows, guint64 serial, gint tid, const char *name);

/* Index of the row above I that is its parent, or -1 for a root. */
gint rows_parent (const GArray *rows, gint i);

