/* filter.h - which events and processes a user asked to see.
 *
 * The same rules serve every mode: the headless printers test events, the
 * views test processes. */
#pragma once

#include <glib.h>
#include "event.h"
#include "proctab.h"

/* What to show; every criterion that is set must match.  A zeroed Filter
 * matches everything. */
typedef struct {
  char **comms;        /* name patterns, any may match (filter_comm_matches) */
  gboolean has_uid;
  guint32 uid;         /* real or effective uid */
  gint subtree;        /* this pid and its descendants; 0 = any */
  GArray *ppids;       /* of gint: processes whose parent is one of these */
  guint kinds;         /* EventKind mask; 0 = every kind but snapshot */
  gboolean failed;     /* only ends of processes with a non-zero code or a
                          signal, and coredumps */
  gboolean threads;    /* thread exits too; without it an exit passes only
                          when it ends a process (event_ends_process) */
} Filter;

/* Frees what a filter holds and zeroes it. */
void filter_clear (Filter *f);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Filter, filter_clear)

/* Whether NAME matches PATTERN: a glob ('*', '?', '[') against the whole
 * name when it has one of those characters, else a substring.  Case
 * sensitive.  NULL names never match. */
gboolean filter_comm_matches (const char *pattern, const char *name);

/* Whether P passes the comm, user, subtree and parent criteria. */
gboolean filter_match_proc (const Filter *f, const Proc *p);

/* Whether event EV (already applied, so that it says what it ended; P is
 * its process or NULL) passes.  LOST events always pass: losses are never
 * hidden. */
gboolean filter_match_event (const Filter *f, const Event *ev,
                             const Proc *p);
