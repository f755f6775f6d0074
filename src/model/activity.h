/* activity.h - exact counts of what the machine did, per interval of the
 * events' monotonic clock: process starts, execs, ends (apart: those that
 * failed), and events lost.
 *
 * Counts are kept at several resolutions at once, each a ring of a fixed
 * number of buckets ending at the newest event's bucket: 1 s for the last
 * hour, 10 s for 6 hours, 1 min for a day, 10 min for a week, 1 h for a
 * year (ACTIVITY_LEVELS).  Every event is counted at every level, so a
 * coarse bucket is exactly the sum of the fine ones it spans, and the
 * memory is bounded (activity_memory; at most about 340 KB, allocated as
 * the time span grows).  Events older than a level's ring (a replay's
 * clock going back a long way) are counted only at the levels that still
 * reach them.
 *
 * An ActivityScan counts what a filter picks, scanning a history's
 * entries a bounded number at a time (the viewer does it in idle slices),
 * then keeping up with new ones; whether an entry counts is decided by
 * history_entry_shown, the predicate the log uses for what it shows. */
#pragma once

#include <glib.h>
#include "event.h"
#include "filter.h"
#include "proctab.h"

/* What an event counts as (activity_kind). */
typedef enum {
  ACTIVITY_START,   /* a process started: a FORK of a process, not a thread */
  ACTIVITY_EXEC,
  ACTIVITY_EXIT,    /* a process ended (event_ends_process), not failing */
  ACTIVITY_FAIL,    /* a process ended and failed (event_status_failed);
                       with ACTIVITY_EXIT, every end; a core dump counts
                       through the end that follows it */
  ACTIVITY_LOST,    /* events the kernel dropped (a LOST event's count) */
  ACTIVITY_KIND_MAX
} ActivityKind;

/* What EV counts as, or -1: nothing (snapshots, thread ends, other kinds). */
int activity_kind (const Event *ev);

/* How much EV counts: its count for LOST, else 1. */
guint64 activity_weight (const Event *ev);

/* Adds W to *N, stopping at G_MAXUINT32. */
void activity_add_sat (guint32 *n, guint64 w);

/* Counts of one interval. */
typedef struct {
  guint32 n[ACTIVITY_KIND_MAX];
} ActivityCounts;

typedef struct Activity Activity;

/* Resolutions kept, finest first. */
#define ACTIVITY_LEVELS 5

/* A new, empty set of counts. */
Activity *activity_new (void);
void activity_free (Activity *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Activity, activity_free)

/* Counts EV (when activity_kind says it counts) at its monotonic time. */
void activity_add (Activity *a, const Event *ev);

/* A copy of A (activity_free frees it). */
Activity *activity_copy (const Activity *a);

/* Takes back EV, which activity_add counted in A (the counts at a moment
 * are a copy made later, less what came after that moment): its buckets
 * that A still holds lose its weight, down to 0; a count that reached
 * G_MAXUINT32 stays there.  The span (activity_span) is not narrowed. */
void activity_remove (Activity *a, const Event *ev);

/* Fills OUT[0..N) with the counts of the intervals [FROM_NS + i * WIDTH_NS,
 * FROM_NS + (i + 1) * WIDTH_NS) (WIDTH_NS > 0).  Each interval is summed
 * from the coarsest level whose buckets tile it exactly, else the finest
 * one that reaches it no coarser than WIDTH_NS, else the finest one that
 * reaches it at all; a bucket is counted in the interval where it starts,
 * so that nothing is counted twice.  Returns the coarsest resolution used
 * in ns (intervals narrower than it are approximate: a bucket falls
 * whole into one of them), or 0 when some interval lies before what any
 * level reaches (its counts are then 0: not known). */
gint64 activity_query (const Activity *a, gint64 from_ns, gint64 width_ns, guint n,
                       ActivityCounts *out);

/* The times of the first and the newest event counted; FALSE when none
 * was. */
gboolean activity_span (const Activity *a, gint64 *first_ns, gint64 *last_ns);

/* The resolution of level L (0 .. ACTIVITY_LEVELS - 1) in ns, and in *SPAN_NS
 * how far back from the newest bucket it reaches. */
gint64 activity_level (guint l, gint64 *span_ns);

/* Bytes held. */
gsize activity_memory (const Activity *a);

/* A filter's counts over a history (see above). */
typedef struct ActivityScan ActivityScan;

/* The history the scan reads (history.h). */
typedef struct History History;

/* A scan of S counting the entries FILTER (borrowed: it must outlive the
 * scan) shows with SHOW (FilterShow), as the log does. */
ActivityScan *activity_scan_new (History *s, const Filter *filter, guint show);
void activity_scan_free (ActivityScan *sc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActivityScan, activity_scan_free)

/* Judges up to MAX more entries (skipping, unread, the chunks that hold
 * nothing that counts), on table PT as the log judges them (the view's
 * table, for processes the entries name by serial), up to entry UNTIL
 * (a frozen view's newest, so that nothing after it is counted;
 * G_MAXUINT64: the history's newest).  Returns TRUE when the scan has
 * reached UNTIL or the history's newest entry (call again as entries are
 * appended, or with a later UNTIL: it goes on from there), FALSE when
 * there is more to do.
 * Entries the history no longer holds are skipped (the counts start at
 * activity_scan_from). */
gboolean activity_scan_step (ActivityScan *sc, const Proctab *pt, guint max, guint64 until);

/* The counts so far. */
const Activity *activity_scan_counts (const ActivityScan *sc);

/* The first seq counted, 0 before the first step. */
guint64 activity_scan_from (const ActivityScan *sc);
