/* logpos.h - positions in the event log, by history seq (pure).
 *
 * The log pane shows the events of the history (history.h) that pass the
 * view's filter (history_entry_shown: never snapshots), up to the view's
 * limit (a frozen view's newest event).  Positions (the selection, the
 * first line) are seqs: they keep their meaning however the history
 * grows, so a scrolled log stays where the user left it.  When the
 * history lets go of the event the selection was on (its memory budget
 * or its spill file's cap), the position moves to the oldest event held
 * and the log says so (Logpos.gone).
 *
 * Which entries are shown is judged once per entry, with the view's
 * table as it is then, and remembered per chunk of the history: a count,
 * and a bit per entry when some are shown but not all.  Moving in the log
 * costs the chunks it crosses, not their events, and the memory is at
 * most LOGPOS_CHUNK_BYTES per chunk the history holds (a bit per event).
 * Entries are judged as moves reach them, at most LOGPOS_JUDGE per call:
 * a move that ran out finds what was judged so far and says the log is
 * busy (logpos_busy); the next call goes on from there. */
#pragma once

#include <glib.h>
#include "history.h"

/* Whether entry E is shown in the log. */
typedef gboolean (*LogposShown) (const HistoryEntry *e, gpointer user);

/* Entries one call judges at most. */
#define LOGPOS_JUDGE 65536

/* The most bytes the judgements of one chunk take besides its record. */
#define LOGPOS_CHUNK_BYTES (CHUNK_MAX_ENTRIES / 8)

/* The log's position over a history. */
typedef struct {
  History *h;          /* the history shown (logpos_update) */
  guint64 limit;       /* the newest seq shown; 0: the history's newest */
  GArray *chunks;      /* of the judgements per chunk (logpos.c), by seq */
  LogposShown shown;   /* judges the entries */
  gpointer user;
  guint budget;        /* entries the current call may still judge */
  gboolean busy;       /* a call ran out of its budget since the update */
  gboolean follow;     /* the newest is selected, and stays so as events come */
  guint64 sel;         /* the selection's seq when not following */
  guint64 top;         /* the first line's seq */
  guint64 gone;        /* the seq the selection was on when the history let
                          it go, until told (0: none) */
} Logpos;

/* Sets LP up following, with SHOWN (USER its data) judging the entries;
 * logpos_clear frees it. */
void logpos_init (Logpos *lp, LogposShown shown, gpointer user);
void logpos_clear (Logpos *lp);

/* Forgets every judgement (the filter changed): entries are judged again
 * as they are reached. */
void logpos_reset (Logpos *lp);

/* Brings LP in line with H (seen up to LIMIT, 0: all): forgets the
 * judgements of the chunks H no longer holds; a selection (or first line)
 * before the oldest entry held moves to it, the selection noted in
 * Logpos.gone.  Clears busy. */
void logpos_update (Logpos *lp, History *h, guint64 limit);

/* The newest (oldest) seq of the history held and shown, up to the
 * limit; 0 when there is none. */
guint64 logpos_newest (Logpos *lp);
guint64 logpos_oldest (Logpos *lp);

/* The seq of the first shown entry after SEQ (DIR 1), or the last before
 * it (DIR -1), within the history held and the limit; 0 when there is
 * none (or the call ran out of its budget: busy). */
guint64 logpos_next (Logpos *lp, guint64 seq, int dir);

/* SEQ moved by N shown entries (negative: older), clamped to the shown
 * entries.  A SEQ that is not shown starts from the nearest shown entry
 * after it, else before it.  Returns 0 when nothing is shown. */
guint64 logpos_step (Logpos *lp, guint64 seq, gint n);

/* The first seq the pane shows in LINES lines so that SEL is on screen,
 * starting from the previous first line TOP: kept when SEL is still in
 * view, moved just enough when not, and never leaving blank lines under
 * the newest entry while older ones exist.  With FOLLOW the newest entry
 * is the last line. */
guint64 logpos_top (Logpos *lp, guint64 top, guint64 sel, gint lines, gboolean follow);

/* The seq selected now: the newest shown while following, else the
 * selection or the nearest shown entry after it (before it at the end);
 * 0 when nothing is shown. */
guint64 logpos_selected (Logpos *lp);

/* Selects the entry SEQ, and stops following. */
void logpos_select (Logpos *lp, guint64 seq);

/* Whether a call ran out of its budget since the last update: more
 * entries are to be judged before the log is whole. */
gboolean logpos_busy (const Logpos *lp);

/* Bytes the judgements take. */
gsize logpos_memory (const Logpos *lp);
