/* logpos.h - positions in the event log over the history (pure).
 *
 * The log pane shows the events of the history (history.h) that pass the
 * view's filter (history_entry_shown: never snapshots), up to the view's
 * limit (a frozen view's newest event).  Which entries are shown is judged
 * once per entry, with the view's table as it is then, and remembered per
 * chunk of the history: a count, and a bit per entry when some are shown
 * but not all.  Entries are judged as moves reach them, at most
 * LOGPOS_JUDGE per call: a move that ran out finds what was judged so far
 * and says the log is busy (logpos_busy); the next call goes on from
 * there.  Moving in the log costs the chunks it crosses, not their events.
 *
 * Repeated lines fold, as the tree's exited children do: an event of the
 * same kind, parent and name as a line among the last LOGPOS_FOLD_REACH
 * lines of its chunk of the history (and that says the same, but for
 * forks and ends, whose statuses the line counts) joins that line instead
 * of making one (a child failing every 80 ms is one line, "exit sh x82"),
 * however many other lines come between.  A chunk holds up to 4,096
 * events: folds do not reach across chunks, so that the rows of a chunk
 * are its own and are worked out from it alone, when a move reaches it
 * (the rows of the LOGPOS_SEGMENTS chunks last reached are kept).  A line
 * is where its first event is and never moves; what joins it later only
 * changes what it says.  An unfolded fold shows its members too, each at
 * its own place.
 *
 * Rows have keys (LOGPOS_LINE, LOGPOS_MEMBER) made of their events' seqs,
 * which keep their meaning however the history grows: the selection and
 * the first row stay on their events while events come and while the
 * oldest go, so a scrolled log stays where the user left it.  When the
 * history lets go of the event the selection was on (its memory budget
 * or its spill file's cap), the position moves to the oldest event held
 * and the log says so (Logpos.gone).
 *
 * Memory: per chunk of the history judged, a few bytes and at most
 * LOGPOS_CHUNK_BYTES (a bit per event); the rows and folds of at most
 * LOGPOS_SEGMENTS chunks; the folds unfolded. */
#pragma once

#include <glib.h>
#include "history.h"
#include "rows.h"

/* Whether entry E is shown in the log. */
typedef gboolean (*LogposShown) (const HistoryEntry *e, gpointer user);

/* Entries one call judges at most. */
#define LOGPOS_JUDGE 65536

/* The most bytes the judgements of one chunk take besides its record. */
#define LOGPOS_CHUNK_BYTES (CHUNK_MAX_ENTRIES / 8)

/* The chunks whose rows are kept. */
#define LOGPOS_SEGMENTS 16

/* A fold's line and its members' rows have keys, ordered as the log shows
 * them: a line's key is that of its first event, and a member's, shown
 * under an unfolded line, comes right after the member's event. */
#define LOGPOS_LINE(seq) ((guint64) (seq) << 1)
#define LOGPOS_MEMBER(seq) (((guint64) (seq) << 1) | 1)
/* The event of a row's key, and whether it is a member's row. */
#define LOGPOS_SEQ(key) ((key) >> 1)
#define LOGPOS_IS_MEMBER(key) (((key) & 1) != 0)

/* A line joins the newest line of its kind, parent and name among the
 * last this many lines of its chunk. */
#define LOGPOS_FOLD_REACH 8

/* The events of one line of the log, two or more. */
typedef struct {
  GArray *members;     /* guint64 seqs, ascending, the line's first */
  gboolean unfolded;   /* its members show under it */
  RowsFold sum;        /* what every member says: their count, and for
                          ends their statuses and lifetimes */
  gint64 first_wall, last_wall;  /* when the first and the newest came */
} LogposFold;

/* The rows of one chunk (logpos.c). */
typedef struct LogposSegment LogposSegment;

/* The log's position over a history. */
typedef struct {
  History *h;          /* the history shown (logpos_update) */
  guint64 limit;       /* the newest seq shown; 0: the history's newest */
  GArray *chunks;      /* the judgements per chunk (logpos.c), by seq */
  GPtrArray *segments; /* of LogposSegment*, the rows of chunks, the most
                          recently reached last */
  GHashTable *unfolded;  /* the lines unfolded: guint64* seqs */
  HistoryIter it;      /* looks entries up */
  LogposShown shown;   /* judges the entries */
  gpointer user;
  guint budget;        /* entries the current call may still judge */
  gboolean busy;       /* a call ran out of its budget since the update */
  gboolean follow;     /* the newest row is selected, and stays so as
                          events come */
  guint64 sel;         /* the selected row's key when not following */
  guint64 top;         /* the first row's key */
  guint64 gone;        /* the seq the selection was on when the history let
                          it go, until told (0: none) */
} Logpos;

/* Sets LP up following, with SHOWN (USER its data) judging the entries;
 * logpos_clear frees it. */
void logpos_init (Logpos *lp, LogposShown shown, gpointer user);
void logpos_clear (Logpos *lp);

/* Forgets every judgement and every fold (the filter changed): entries
 * are judged again as they are reached. */
void logpos_reset (Logpos *lp);

/* Brings LP in line with H (seen up to LIMIT, 0: all): forgets what H no
 * longer holds; a selection (or first row) before the oldest entry held
 * moves to it, the selection noted in Logpos.gone.  Clears busy. */
void logpos_update (Logpos *lp, History *h, guint64 limit);

/* H's entry SEQ, or NULL when not held: valid until LP next reads an
 * entry (any call but these getters of state may). */
const HistoryEntry *logpos_entry (Logpos *lp, guint64 seq);

/* The seq of the first shown event after SEQ (DIR 1), or the last before
 * it (DIR -1), within the history held and the limit; 0 when there is
 * none (or the call ran out of its budget: busy).  Events, not rows: a
 * fold's members one by one. */
guint64 logpos_next (Logpos *lp, guint64 seq, int dir);

/* The key of the newest (oldest) row; 0 when there is none. */
guint64 logpos_newest (Logpos *lp);
guint64 logpos_oldest (Logpos *lp);

/* The key of the row after row KEY (DIR 1), or before it (DIR -1); 0
 * when there is none. */
guint64 logpos_row_next (Logpos *lp, guint64 key, int dir);

/* Row KEY moved by N rows (negative: older), clamped to the rows.  A key
 * that is no row starts from the nearest row after it, else before it.
 * Returns 0 when there is no row. */
guint64 logpos_step (Logpos *lp, guint64 key, gint n);

/* The first row the pane shows in LINES lines so that row SEL is on
 * screen, starting from the previous first row TOP: kept when SEL is still
 * in view, moved just enough when not, and never leaving blank lines
 * under the newest row while older ones exist.  With FOLLOW the newest row
 * is the last line. */
guint64 logpos_top (Logpos *lp, guint64 top, guint64 sel, gint lines, gboolean follow);

/* The key of the row selected now: the newest row while following, else
 * the selection or the nearest row after it (before it at the end); 0
 * when nothing is shown. */
guint64 logpos_selected (Logpos *lp);

/* The event of the row selected now: a lone event's, a member's, or a
 * fold's newest (up to the limit); 0 when nothing is shown. */
guint64 logpos_selected_event (Logpos *lp);

/* The key of the row that shows event SEQ: its line's, or its own as a
 * member of an unfolded fold. */
guint64 logpos_row_of (Logpos *lp, guint64 seq);

/* Selects the row that shows event SEQ, and stops following. */
void logpos_select (Logpos *lp, guint64 seq);

/* Selects the row KEY, and stops following. */
void logpos_select_row (Logpos *lp, guint64 key);

/* The fold whose line has KEY (LOGPOS_LINE), or NULL: a lone event, or a
 * member's row.  Valid until LP next works out the rows of a chunk. */
const LogposFold *logpos_fold (Logpos *lp, guint64 key);

/* The key of the line of the fold that row KEY belongs to (a fold's line,
 * or a member's row under it), or 0 when KEY is a lone event's. */
guint64 logpos_fold_line (Logpos *lp, guint64 key);

/* Unfolds (OPEN) or folds the fold of line KEY: its members' rows show
 * under it, each at its place, or go.  Returns whether it changed. */
gboolean logpos_unfold (Logpos *lp, guint64 key, gboolean open);

/* What fold F says as of event UNTIL (0: of all): into *SUM, and
 * *FIRST_WALL, *LAST_WALL.  Of all, the fold's own counts; as of an event
 * before its newest (the time cursor), those of its members up to it, or
 * its first alone when none had come by then.  Returns the newest member
 * counted (as logpos_entry), NULL when none is held. */
const HistoryEntry *logpos_fold_at (Logpos *lp, const LogposFold *f, guint64 until,
                                    RowsFold *sum, gint64 *first_wall, gint64 *last_wall);

/* Whether a call ran out of its budget since the last update: more
 * entries are to be judged before the log is whole. */
gboolean logpos_busy (const Logpos *lp);

/* Bytes the judgements and the rows kept take. */
gsize logpos_memory (const Logpos *lp);
