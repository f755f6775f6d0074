/* details.h - the text of the details pane (pure). */
#pragma once

#include <glib.h>
#include "history.h"
#include "proctab.h"
#include "rowtext.h"

/* The most live processes in a subtree whose CPU time the viewer reads
 * for its details' totals, once a second, while it does not read every
 * process (TCPU shown or sorted by): a bound on what selecting a process
 * costs an idle viewer. */
#define DETAILS_SUBTREE_READ 64

/* What only /proc can tell about a live process; fields may be NULL. */
typedef struct {
  char *cwd;
  char *cgroup;
  RowsLiveCpu cpu;          /* what the live processes of its subtree used
                               (all read when DETAILS_SUBTREE_READ or
                               fewer, else those read already) */
  gboolean cpu_read;        /* cpu was read (else not known: a replay) */
} DetailsLive;

/* Frees the strings of LIVE and zeroes it. */
void details_live_clear (DetailsLive *live);

/* The most recent events of one process that details shows. */
#define DETAILS_MAX_EVENTS 8

/* Lines describing P (alive or exited) for a pane WIDTH cells wide: ids,
 * parent chain, users, names, command line (wrapped), times, exit status,
 * threads, children, LIVE's fields when given, and its recent events from H
 * (may be NULL) up to ctx->until_seq.  Returns a new array of new UTF-8 strings, each at most
 * WIDTH cells. */
GPtrArray *details_lines (const Proc *p, History *h,
                          const DetailsLive *live, const RowtextCtx *ctx,
                          int width);

/* Lines describing fold F and, after them, LATEST, its newest member
 * (details_lines): the tree's (KIND NULL: exited children of one parent
 * with one name), or the log's (events of KIND, between FIRST_WALL and
 * LAST_WALL; 0: not said). */
GPtrArray *details_fold_lines (const RowsFold *f, const char *kind, gint64 first_wall,
                               gint64 last_wall, const Proc *latest, History *h,
                               const RowtextCtx *ctx, int width);

/* Lines describing the event E whose process is no longer known. */
GPtrArray *details_event_lines (const HistoryEntry *e, const RowtextCtx *ctx,
                                int width);
