/* tui.h - the interactive viewer. */
#pragma once

#include <glib.h>
#include "monitor.h"

/* How the viewer starts; the toggles marked "in and out" are set, on
 * return, to what the viewer ended with (for the settings file). */
typedef struct {
  const char *filter;     /* the filter expression (filter.h), valid; may be NULL */
  gboolean threads;       /* show threads (in and out) */
  gboolean kthreads;      /* show kernel threads (in and out) */
  gboolean cmdline;       /* command lines instead of names (in and out) */
  guint columns;          /* optional columns, FORMAT_COLUMN_BIT (in and out) */
  guint sort;             /* RowsSort (in and out) */
  gboolean sort_reverse;  /* (in and out) */
  guint scheme;           /* ThemeScheme (in and out) */
  gboolean color;         /* colours may be used (NO_COLOR, --color) */
  const char *message;    /* shown in the function bar at start, or NULL */
  gint64 tomb_show_ns;    /* how long exited processes stay in the tree */
  gint64 count;           /* quit after this many events that pass (0: never) */
  double duration;        /* quit after this many seconds (0: never) */
} TuiOptions;

/* Runs the viewer on M until the user quits: sets M's listener, starts M,
 * and runs a GMainLoop.  The terminal is restored on every way out (q,
 * SIGINT, SIGTERM, SIGHUP, a source error).  Returns the process exit
 * status: 0 on quit, 128 + signal number when ended by a signal, 1 when the
 * terminal cannot be used (OPTS then unchanged) or the source failed (the
 * error is printed on stderr after the terminal is restored). */
int tui_run (Monitor *m, TuiOptions *opts);
