/* options.h - how the viewer starts, and what it ends with. */
#pragma once

#include <glib.h>

/* How the viewer starts; the toggles marked "in and out" are set, on
 * return from tui_run, to what the viewer ended with (for the settings
 * file). */
typedef struct {
  const char *filter;     /* the filter expression (filter.h), valid; may be NULL */
  gboolean threads;       /* show threads (in and out) */
  gboolean kthreads;      /* show kernel threads (in and out) */
  gboolean cmdline;       /* command lines instead of names (in and out) */
  guint columns;          /* optional columns, ROWTEXT_COLUMN_BIT (in and out) */
  guint sort;             /* RowsSort (in and out) */
  gboolean sort_reverse;  /* (in and out) */
  guint scheme;           /* ThemeScheme (in and out) */
  gboolean color;         /* colours may be used (NO_COLOR, --color) */
  const char *message;    /* shown in the function bar at start, or NULL */
  gint64 tomb_show_ns;    /* how long exited processes stay in the tree */
  gint64 count;           /* quit after this many events that pass (0: never) */
  double duration;        /* quit after this many seconds (0: never) */
} ViewerOptions;
