/* tui.h - the interactive viewer. */
#pragma once

#include <glib.h>
#include "monitor.h"

/* How the viewer starts. */
typedef struct {
  const char *filter;     /* the filter expression (filter.h), valid; may be NULL */
  gboolean threads;       /* show threads from the start */
  gint64 tomb_show_ns;    /* how long exited processes stay in the tree */
  gint64 count;           /* quit after this many events that pass (0: never) */
  double duration;        /* quit after this many seconds (0: never) */
} TuiOptions;

/* Runs the viewer on M until the user quits: sets M's listener, starts M,
 * and runs a GMainLoop.  The terminal is restored on every way out (q,
 * SIGINT, SIGTERM, SIGHUP, a source error).  Returns the process exit
 * status: 0 on quit, 128 + signal number when ended by a signal, 1 when the
 * terminal cannot be used or the source failed (the error is printed on
 * stderr after the terminal is restored). */
int tui_run (Monitor *m, const TuiOptions *opts);
