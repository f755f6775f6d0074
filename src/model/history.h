/* history.h - a bounded ring of recent events, read by views.
 *
 * Each entry is a deep copy of an event plus what was true of its subject
 * at that moment (its serial, name, user and start), so that a log line
 * says what it said when it happened, after the process has changed its
 * name or been forgotten; and a sequence number that grows by one per
 * append, so a view can hold a position (the freeze point) by sequence
 * number. */
#pragma once

#include <glib.h>
#include "event.h"
#include "proctab.h"

/* One remembered event. */
typedef struct {
  guint64 seq;     /* 1 for the first event ever appended */
  guint64 serial;  /* Proc.serial it applied to, 0 if none */
  char *comm;      /* the subject's name as of the event, NULL unknown;
                      shared (shared.h): an event of a process whose name
                      has not changed costs none */
  gboolean creds;  /* ruid and euid are known */
  guint32 ruid, euid;  /* the subject's users as of the event */
  gint ppid;       /* the subject's parent process as of the event, 0
                      unknown */
  gint64 start_ns; /* the subject's start, 0 unknown (for lifetimes) */
  Event ev;
} HistoryEntry;

typedef struct History History;

/* Creates a ring holding at most CAPACITY (>= 1) events.  Its memory
 * grows with the events it holds, not with CAPACITY. */
History *history_new (guint capacity);
void history_free (History *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (History, history_free)

/* Deep copy, for freezing. */
History *history_copy (const History *h);

/* Appends a copy of EV and what P (its process after the event was
 * applied, or NULL) says of its subject; the oldest entry is dropped when
 * full. */
void history_append (History *h, const Event *ev, const Proc *p);

/* A Proc that stands for E's subject as of the event (name, users,
 * start, pid, parent pid), for the words of an event whose process the model may no
 * longer hold.  Only its fields are set; it holds no links, and borrows
 * E's name. */
Proc history_subject (const HistoryEntry *e);

/* Drops every entry; the next one appended gets sequence number NEXT_SEQ
 * (>= 1). */
void history_restart (History *h, guint64 next_seq);

/* Number of entries held now. */
guint history_len (const History *h);

/* Entry I, 0 = oldest held, history_len()-1 = newest; NULL if out of range. */
const HistoryEntry *history_get (const History *h, guint i);

