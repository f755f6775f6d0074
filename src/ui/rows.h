/* rows.h - the process tree flattened into the rows a view shows.
 *
 * Pure: no terminal.  Rows are rebuilt from the model on every change; a
 * view keeps its state (selection, collapsed subtrees, followed process) by
 * Proc.serial and finds it again in the new rows. */
#pragma once

#include <glib.h>
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
} RowFlags;

/* The deepest level whose vertical guide is remembered. */
#define ROWS_MAX_GUIDES 63

/* One row of the tree pane. */
typedef struct {
  const Proc *proc;            /* valid until the model next changes */
  const ProcThread *thread;    /* thread rows only */
  guint64 serial;              /* proc->serial */
  gint tid;                    /* thread rows: the thread id, else 0 */
  guint depth;                 /* 0 for roots */
  guint64 guides;              /* bit K: a guide line at level K (1..63) */
  guint flags;                 /* RowFlags */
} Row;

/* What to show. */
typedef struct {
  gboolean threads;            /* thread rows under their process */
  gboolean kthreads;           /* kernel threads (and kthreadd) */
  GHashTable *collapsed;       /* set of serials (guint64* keys,
                                  g_int64_hash); may be NULL */
  const char *comm;            /* filter: glob or substring; NULL/"" none */
  gboolean has_uid;            /* filter: real or effective uid */
  guint32 uid;
  gint64 now_ns;               /* the model's monotonic now */
  gint64 tomb_show_ns;         /* tombstones show this long after exit */
  const Proc *reveal;          /* always shown, its ancestors expanded */
} RowsOptions;

/* Flattens the trees under ROOTS (as from proctab_roots) depth first.
 * A process shows when it matches the filters, lies under a match, or has a
 * match beneath (then dimmed, so the tree stays a tree).  Exited processes
 * show for tomb_show_ns, or longer while something beneath them shows.
 * Returns a new GArray of Row. */
GArray *rows_build (const GPtrArray *roots, const RowsOptions *opts);

/* Index of the row for SERIAL (and TID for a thread row), or -1. */
gint rows_find (const GArray *rows, guint64 serial, gint tid);

/* Index of the row above I that is its parent, or -1 for a root. */
gint rows_parent (const GArray *rows, gint i);

/* Whether row R matches search TEXT: a case-insensitive substring of the
 * comm, or of the command line too when CMDLINE.  Threads match by name.
 * A name not known matches nothing. */
gboolean rows_matches_text (const Row *r, const char *text, gboolean cmdline);

/* The next row after FROM (DIR 1) or before it (DIR -1) matching TEXT,
 * wrapping around and ending with FROM itself; -1 when none. */
gint rows_search (const GArray *rows, const char *text, gboolean cmdline,
                  gint from, int dir);
