/* logpos.h - positions in the event log, by History sequence number (pure).
 *
 * The log pane shows the history's events (never snapshots, which are the
 * scan's view of processes, not events) and keeps its selection and first
 * line as sequence numbers, which stay meaningful while the ring moves on:
 * an entry that fell out of the ring is simply no longer held. */
#pragma once

#include <glib.h>
#include "history.h"

/* The entry with sequence number SEQ, or NULL when not held (yet, or any
 * more). */
const HistoryEntry *logpos_entry (const History *h, guint64 seq);

/* The seq of the newest entry the log shows, 0 when there is none. */
guint64 logpos_newest (const History *h);

/* SEQ moved by N shown entries (negative: older), clamped to the shown
 * entries held.  A SEQ that is not shown (a snapshot, or no longer held)
 * starts from the nearest shown entry at or after it, else before it.
 * Returns 0 when nothing is shown. */
guint64 logpos_step (const History *h, guint64 seq, gint n);

/* The first seq the pane shows in LINES lines so that SEL is on screen,
 * starting from the previous first line TOP: kept when SEL is still in
 * view, moved just enough when not, and never leaving blank lines under
 * the newest entry while older ones exist.  With FOLLOW the newest entry
 * is the last line. */
guint64 logpos_top (const History *h, guint64 top, guint64 sel, gint lines,
                    gboolean follow);
