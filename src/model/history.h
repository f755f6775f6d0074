/* history.h - a bounded ring of recent events, read by views.
 *
 * Each entry is a deep copy of an event plus the serial of the process it
 * applied to and a sequence number that grows by one per append, so a view
 * can hold a position (the freeze point) by sequence number. */
#pragma once

#include <glib.h>
#include "event.h"

/* One remembered event. */
typedef struct {
  guint64 seq;     /* 1 for the first event ever appended */
  guint64 serial;  /* Proc.serial it applied to, 0 if none */
  Event ev;
} HistoryEntry;

typedef struct History History;

/* Creates a ring holding at most CAPACITY (>= 1) events. */
History *history_new (guint capacity);
void history_free (History *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (History, history_free)

/* Deep copy, for freezing. */
History *history_copy (const History *h);

/* Appends a copy of EV; the oldest entry is dropped when full. */
void history_append (History *h, const Event *ev, guint64 serial);

/* Number of entries held now. */
guint history_len (const History *h);

/* Entry I, 0 = oldest held, history_len()-1 = newest; NULL if out of range. */
const HistoryEntry *history_get (const History *h, guint i);

