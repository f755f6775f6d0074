/* logpos.h - positions in the event log, by History sequence number (pure).
 *
 * The log pane shows the events of the history that pass the view's filter
 * (never snapshots, which are the scan's view of processes, not events).
 * Which ones those are is kept in an index of their sequence numbers,
 * brought up to date as the history grows (each event is judged once) and
 * rebuilt when the filter changes, so that moving in the log costs what is
 * on screen, not the length of the history.  Positions (selection, first
 * line) are sequence numbers, which stay meaningful while the ring moves
 * on: an entry that fell out of the ring is simply no longer held.
 *
 * A Logpos is the log pane's whole position: the index, the selection and
 * the first line drawn, and whether it follows the newest event. */
#pragma once

#include <glib.h>
#include "history.h"

/* Whether entry E is shown in the log. */
typedef gboolean (*LogposShown) (const HistoryEntry *e, gpointer user);

/* The shown entries' sequence numbers, ascending. */
typedef struct {
  GArray *seqs;        /* of guint64 */
  guint64 next;        /* the first seq not judged yet */
  guint64 from;        /* the oldest seq judged */
} LogposIndex;

/* Sets IX up empty; logpos_index_clear frees it. */
void logpos_index_init (LogposIndex *ix);
void logpos_index_clear (LogposIndex *ix);

/* Forgets every judgement (the filter changed): the next update judges
 * the whole history again. */
void logpos_index_reset (LogposIndex *ix);

/* Brings IX in line with H: drops what fell out of the ring, and judges
 * the entries appended since the last update with SHOWN (snapshots are
 * never shown); a history that restarted (entries older than those judged,
 * or fewer than before) is judged anew. */
void logpos_index_update (LogposIndex *ix, const History *h, LogposShown shown,
                          gpointer user);

/* The entry with sequence number SEQ, or NULL when not held. */
const HistoryEntry *logpos_entry (const History *h, guint64 seq);

/* The seq of the newest shown entry, 0 when there is none. */
guint64 logpos_newest (const LogposIndex *ix);

/* SEQ moved by N shown entries (negative: older), clamped to the shown
 * entries.  A SEQ that is not shown starts from the nearest shown entry
 * after it, else before it.  Returns 0 when nothing is shown. */
guint64 logpos_step (const LogposIndex *ix, guint64 seq, gint n);

/* The number of shown entries. */
guint logpos_count (const LogposIndex *ix);

/* The seq of shown entry I (0 = oldest), 0 when out of range. */
guint64 logpos_nth (const LogposIndex *ix, guint i);

/* The index in the shown entries of the entry at or after SEQ (the count
 * when none is). */
guint logpos_rank (const LogposIndex *ix, guint64 seq);

/* The first seq the pane shows in LINES lines so that SEL is on screen,
 * starting from the previous first line TOP: kept when SEL is still in
 * view, moved just enough when not, and never leaving blank lines under
 * the newest entry while older ones exist.  With FOLLOW the newest entry
 * is the last line. */
guint64 logpos_top (const LogposIndex *ix, guint64 top, guint64 sel, gint lines,
                    gboolean follow);

/* The log's position over a history. */
typedef struct {
  LogposIndex ix;      /* the shown entries */
  LogposShown shown;   /* judges them */
  gpointer user;
  gboolean follow;     /* the newest is selected, and stays so as events come */
  guint64 sel;         /* the selection's seq when not following */
  guint64 top;         /* the first line's seq */
} Logpos;

/* Sets LP up following, with SHOWN (USER its data) judging the entries;
 * logpos_clear frees it. */
void logpos_init (Logpos *lp, LogposShown shown, gpointer user);
void logpos_clear (Logpos *lp);

/* Brings LP's index in line with H (logpos_index_update). */
void logpos_update (Logpos *lp, const History *h);

/* The seq selected now: the newest shown while following, else the
 * selection or the nearest shown entry after it (before it at the end);
 * 0 when nothing is shown. */
guint64 logpos_selected (const Logpos *lp);

/* Selects the entry SEQ, and stops following. */
void logpos_select (Logpos *lp, guint64 seq);
