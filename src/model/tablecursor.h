/* tablecursor.h - the process table right after any event of a history
 * (history.h), moved about by the time cursor.
 *
 * The cursor holds the table at its event and an anchor, a table at most
 * TABLECURSOR_ANCHOR_EVENTS before it (twice that before it is moved),
 * so that a step back costs a copy of the anchor and at most that many
 * folds; a step forward costs the folds of the events stepped over; a
 * jump further costs a saved table loaded and at most
 * HISTORY_TABLE_MAX_EVENTS folds (history_table_at).  The table is exactly
 * the fold (proctab_fold) of every event up to the cursor's. */
#pragma once

#include <glib.h>
#include "proctab.h"
#include "history.h"

/* How far before the cursor its anchor lies at most (then twice that
 * before it is moved). */
#define TABLECURSOR_ANCHOR_EVENTS 1000

/* A cursor over a store.  It must not outlive it. */
typedef struct {
  History *s;
  Proctab *pt;          /* the table right after event SEQ, or NULL */
  guint64 seq;
  Proctab *anchor_pt;   /* the table right after event ANCHOR, or NULL */
  guint64 anchor;
} TableCursor;

/* Sets C up on S, at no event; tablecursor_clear frees its tables. */
void tablecursor_init (TableCursor *c, History *s);
void tablecursor_clear (TableCursor *c);

/* Moves C right after event SEQ (history_oldest - 1 .. history_newest) and
 * returns the table there, which C owns (valid until C next moves or is
 * cleared).  NULL with ERROR when SEQ is out of reach or the events on
 * the way cannot be read (C then holds no table). */
const Proctab *tablecursor_move (TableCursor *c, guint64 seq, GError **error);
