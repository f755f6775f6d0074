/* timeline.h - the process table as it was right after any recent event.
 *
 * A Timeline holds the history ring (the last CAPACITY events, snapshots
 * included: everything the model folded) and a lagging table, the fold of
 * every event that has left the ring.  The table right after the event with
 * sequence number SEQ is a copy of the lagging table with the ring's events
 * up to SEQ folded into it.  Folding here expires tombstones at each
 * event's own time (proctab_fold), in the lagging table and towards SEQ
 * alike, so the table at SEQ is exactly the fold of every event up to SEQ,
 * however the ring was filled.
 *
 * Cost: each event is folded once more, when it leaves the ring; a table
 * at SEQ costs a copy of the lagging table and at most CAPACITY folds, and
 * a step forward from a table already at hand one fold (timeline_advance).
 * Memory: one more table besides the live one, and the ring. */
#pragma once

#include <glib.h>
#include "history.h"
#include "proctab.h"

typedef struct Timeline Timeline;

/* Creates an empty timeline: a ring of CAPACITY (>= 1) events, and tables
 * that keep tombstones KEEP_NS after exit, MAX_TOMBS at most (as
 * proctab_new). */
Timeline *timeline_new (guint capacity, gint64 keep_ns, guint max_tombs);
void timeline_free (Timeline *tl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Timeline, timeline_free)

/* A deep copy, for freezing: it no longer changes with TL. */
Timeline *timeline_copy (const Timeline *tl);

/* Appends EV (already applied to the live table; P is its process after
 * it, as for history_append).  When the ring is full its oldest event
 * leaves it and is folded into the lagging table first. */
void timeline_append (Timeline *tl, const Event *ev, const Proc *p);

/* The ring. */
const History *timeline_history (const Timeline *tl);

/* A new table: the lagging table with the ring's events up to and
 * including sequence number SEQ folded in (0, or a SEQ before the ring:
 * the lagging table alone; a SEQ past the ring: all of it). */
Proctab *timeline_table_at (const Timeline *tl, guint64 seq);

/* Folds into PT, which is the table at FROM_SEQ, the ring's events after
 * FROM_SEQ up to and including TO_SEQ (>= FROM_SEQ): a cheap step forward. */
void timeline_advance (const Timeline *tl, Proctab *pt, guint64 from_seq, guint64 to_seq);

/* A moving view of a timeline for the time cursor: the table right after
 * one event of the ring, and an anchor, a table up to
 * TIMELINE_ANCHOR_EVENTS before it, so that a step back costs a copy and
 * at most that many folds, not the whole ring's; a step forward costs one
 * fold.  It must not outlive its timeline, which must not change. */
typedef struct {
  const Timeline *tl;
  Proctab *pt;          /* the table right after event SEQ, or NULL */
  guint64 seq;
  Proctab *anchor_pt;   /* the table right after event ANCHOR, or NULL */
  guint64 anchor;
} TimelineCursor;

/* How far before the cursor its anchor lies at most (then twice that
 * before it is moved). */
#define TIMELINE_ANCHOR_EVENTS 1000

/* Sets C up on TL, at no event; timeline_cursor_clear frees its tables. */
void timeline_cursor_init (TimelineCursor *c, const Timeline *tl);
void timeline_cursor_clear (TimelineCursor *c);

/* Moves C right after the event with sequence number SEQ (clamped to the
 * ring as timeline_table_at does) and returns the table there, which C
 * owns. */
const Proctab *timeline_cursor_move (TimelineCursor *c, guint64 seq);

/* Starts over from BASE (copied) as the lagging table, with an empty ring
 * whose next event gets sequence number NEXT_SEQ: a replay that seeks. */
void timeline_reset (Timeline *tl, const Proctab *base, guint64 next_seq);
