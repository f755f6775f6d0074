/* format.h - text of rows, columns and times for the viewer (pure).
 *
 * Widths are in terminal cells; strings are UTF-8.  Anything that came from
 * a process (comm, command line, exe) goes through format_escape() first. */
#pragma once

#include <glib.h>
#include "model/event.h"
#include "model/history.h"
#include "ui/rows.h"

/* Room for any formatted age or time. */
#define FORMAT_SHORT 24

/* How rows are drawn. */
typedef struct {
  gboolean utf8;               /* line drawing and "…"; else ASCII */
  gboolean cmdline;            /* command line instead of comm */
  gint64 now_ns;               /* the model's monotonic now */
  /* Name for a uid (or NULL for the number); may be NULL. */
  const char *(*user_name) (guint32 uid, gpointer user);
  /* One-letter state of a live process ('R', 'S', ...) or 0; may be NULL. */
  char (*state) (const Proc *p, gpointer user);
  gpointer user;
} FormatCtx;

/* Column widths of the tree pane, before the command. */
enum {
  FORMAT_COL_PID = 7,
  FORMAT_COL_USER = 8,
  FORMAT_COL_AGE = 5,
  FORMAT_COL_STATE = 1,
};

/* Escapes process-supplied text for the terminal; returns a new string. */
char *format_escape (const char *s);

/* A duration: "0.4s", "3.2s", "42s", "5m", "2h", "3d" (negative => "0.0s"). */
void format_age (gint64 ns, char buf[FORMAT_SHORT]);

/* Local wall-clock time with milliseconds: "12:34:56.789". */
void format_clock_ms (gint64 wall_ns, char buf[FORMAT_SHORT]);

/* Display width of UTF-8 text S (invalid bytes count as one cell each). */
int format_cells (const char *s);

/* Appends S cut to at most WIDTH cells, ending in "…" ("~" without UTF8)
 * when cut; pads with spaces to exactly WIDTH when PAD. */
void format_fit (GString *out, const char *s, int width, gboolean utf8,
                 gboolean pad);

/* Appends the tree prefix of R ("│  ├─ ", "`- " in ASCII), at most
 * MAX_CELLS wide: the deepest levels are kept and "«" marks the cut. */
void format_tree_prefix (GString *out, const Row *r, gboolean utf8,
                         int max_cells);

/* The process's command for display: escaped comm, or the command line
 * joined by spaces (comm in brackets when there is none). */
char *format_command (const Proc *p, gboolean cmdline);

/* One line of the tree pane, exactly WIDTH cells (>= 0) wide. */
void format_tree_row (GString *out, const Row *r, const FormatCtx *ctx,
                      int width);

/* The header line of the tree pane, exactly WIDTH cells wide. */
void format_tree_title (GString *out, int width);

/* What an event adds, for the log: "child 123", "exit 3", the command line. */
char *format_event_detail (const Event *ev);

/* One line of the event log, exactly WIDTH cells wide.  COMM names the
 * process when the event carries no name (FORK, EXIT: from the model);
 * may be NULL. */
void format_log_row (GString *out, const HistoryEntry *e, const char *comm,
                     gboolean utf8, int width);

/* Splits S into lines of at most WIDTH cells (at least 1), breaking at the
 * width (command lines have no good break points).  Returns a new array of
 * new strings. */
GPtrArray *format_wrap (const char *s, int width);
