/* filter.h - which events and processes a user asked to see.
 *
 * Used by every mode: headless printers test events, views test processes. */
#pragma once

#include <glib.h>
#include "model/event.h"
#include "model/proctab.h"

/* A filter; all set criteria must match.  Zeroed = match everything. */
typedef struct {
  GPtrArray *comms;      /* of GPatternSpec* (globs) or char* (substrings) */
  gboolean has_uid;
  guint32 uid;           /* real or effective uid */
  gint subtree;          /* descendants of this pid (and itself); 0 = any */
  GArray *ppids;         /* of gint: EXIT/COREDUMP of children of these */
  guint kinds;           /* EventKind mask; 0 = all */
  gboolean failed;       /* only non-zero / signalled exits */
} Filter;

/* Tests whether a name matches a pattern: a glob (with '*', '?' or '[')
 * against the whole name, otherwise a substring.  Case-sensitive. */
gboolean filter_comm_matches (const char *pattern, const char *comm);
