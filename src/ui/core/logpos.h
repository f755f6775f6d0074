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
 * Repeated lines fold, as the tree's exited children do: an event of the
 * same kind, parent and name as a line among the last LOGPOS_FOLD_REACH
 * lines (and that says the same, but for forks and ends, whose statuses
 * the line counts) joins that line instead of making one (a child failing
 * every 80 ms is one line, "exit sh x82"), however many other lines come
 * between.  A line is where its first event is and never moves; what
 * joins it later only changes what it says, so a scrolled log stays where
 * the user left it as members arrive.  An unfolded fold shows its members
 * too, each at its own place.
 *
 * A Logpos is the log pane's whole position: the index of the events, the
 * rows it shows (lines and unfolded members), the selection and the first
 * row drawn, and whether it follows the newest event. */
#pragma once

#include <glib.h>
#include "history.h"
#include "rows.h"

/* Whether entry E is shown in the log. */
typedef gboolean (*LogposShown) (const HistoryEntry *e, gpointer user);

/* Sequence numbers, ascending: of the shown entries, or the keys of the
 * log's rows. */
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

/* A fold's line and its members' rows have keys, ordered as the log shows
 * them: a line's key is that of its first event, and a member's, shown
 * under an unfolded line, comes right after the line's event. */
#define LOGPOS_LINE(seq) ((guint64) (seq) << 1)
#define LOGPOS_MEMBER(seq) (((guint64) (seq) << 1) | 1)
/* The event of a row's key, and whether it is a member's row. */
#define LOGPOS_SEQ(key) ((key) >> 1)
#define LOGPOS_IS_MEMBER(key) (((key) & 1) != 0)

/* A line joins the newest line of its kind, parent and name among the
 * last this many lines. */
#define LOGPOS_FOLD_REACH 8

/* The events of one line of the log, two or more. */
typedef struct {
  GArray *members;     /* guint64 seqs held, ascending */
  gboolean unfolded;   /* its members show under it */
  RowsFold sum;        /* what every event that joined it says, those the
                          ring has let go too: their count, and for ends
                          their statuses and lifetimes */
  gint64 first_wall, last_wall;  /* when the first and the newest came */
} LogposFold;

/* What fold F of H says as of event UNTIL (0: of all): into *SUM, and
 * *FIRST_WALL, *LAST_WALL.  Of all, the fold's own counts; as of an event
 * before its newest (the time cursor), those of its members held up to
 * it, or its first held alone when none had come by then.  Returns the
 * newest member counted, NULL when none is held. */
const HistoryEntry *logpos_fold_at (const History *h, const LogposFold *f, guint64 until,
                                    RowsFold *sum, gint64 *first_wall, gint64 *last_wall);

/* The folds of the log (logpos.c). */
typedef struct LogposFolds LogposFolds;

/* The log's position over a history. */
typedef struct {
  LogposIndex ix;      /* the shown entries (the time cursor steps them) */
  LogposIndex rows;    /* the rows of the pane: keys (LOGPOS_LINE,
                          LOGPOS_MEMBER) */
  LogposFolds *folds;
  LogposShown shown;   /* judges the entries */
  gpointer user;
  gboolean follow;     /* the newest row is selected, and stays so as
                          events come */
  guint64 sel;         /* the selected row's key when not following */
  guint64 top;         /* the first row's key */
} Logpos;

/* Sets LP up following, with SHOWN (USER its data) judging the entries;
 * logpos_clear frees it. */
void logpos_init (Logpos *lp, LogposShown shown, gpointer user);
void logpos_clear (Logpos *lp);

/* Forgets every judgement and every fold (the filter changed). */
void logpos_reset (Logpos *lp);

/* Brings LP's index and rows in line with H (logpos_index_update); a
 * history that restarted is judged and folded anew. */
void logpos_update (Logpos *lp, const History *h);

/* The key of the row selected now: the newest row while following, else
 * the selection or the nearest row after it (before it at the end); 0
 * when nothing is shown. */
guint64 logpos_selected (const Logpos *lp);

/* The event of the row selected now: a lone event's, a member's, or a
 * fold's newest; 0 when nothing is shown. */
guint64 logpos_selected_event (const Logpos *lp);

/* The key of the row that shows event SEQ: its line's, or its own as a
 * member of an unfolded fold. */
guint64 logpos_row_of (const Logpos *lp, guint64 seq);

/* Selects the row that shows event SEQ, and stops following. */
void logpos_select (Logpos *lp, guint64 seq);

/* Selects the row KEY, and stops following. */
void logpos_select_row (Logpos *lp, guint64 key);

/* The fold whose line has KEY (LOGPOS_LINE), or NULL: a lone event, or a
 * member's row. */
const LogposFold *logpos_fold (const Logpos *lp, guint64 key);

/* The key of the line of the fold that row KEY belongs to (a fold's line,
 * or a member's row under it), or 0 when KEY is a lone event's. */
guint64 logpos_fold_line (const Logpos *lp, guint64 key);

/* Unfolds (OPEN) or folds the fold of line KEY: its members' rows show
 * under it, each at its place, or go.  Returns whether it changed. */
gboolean logpos_unfold (Logpos *lp, guint64 key, gboolean open);
