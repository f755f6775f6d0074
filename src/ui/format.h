/* format.h - text of rows, columns and times for the viewer (pure).
 *
 * Widths are in terminal cells; strings are UTF-8.  Anything that came from
 * a process (comm, command line, exe) goes through format_escape() first. */
#pragma once

#include <glib.h>
#include "event.h"
#include "history.h"
#include "rows.h"
#include "words.h"

/* Room for a formatted pid column. */
#define FORMAT_SHORT 24

/* The optional columns of the tree pane, in the order they are shown
 * (between the state and the command). */
typedef enum {
  FORMAT_COLUMN_CPU,           /* CPU used since the last sample, % of a CPU */
  FORMAT_COLUMN_MEM,           /* resident memory */
  FORMAT_COLUMN_START,         /* when it started */
  FORMAT_COLUMN_UNIT,          /* its cgroup's systemd unit or container */
  FORMAT_COLUMN_MAX
} FormatColumn;

/* The bit of column C in FormatCtx.columns. */
#define FORMAT_COLUMN_BIT(c) (1u << (c))

/* The columns' names, as the settings file, --columns and the picker say
 * them, NULL-ended. */
extern const char *const format_column_names[FORMAT_COLUMN_MAX + 1];

/* What the picker says a column is. */
extern const char *const format_column_help[FORMAT_COLUMN_MAX];

/* How rows are drawn: plain values, read before drawing (drawing does no
 * I/O). */
typedef struct {
  gboolean utf8;               /* line drawing and "…"; else ASCII */
  gboolean cmdline;            /* command line instead of comm */
  gint64 now_ns;               /* the model's monotonic now */
  gint64 now_wall_ns;          /* and its wall clock */
  WordsUserName names;         /* uid to name; NULL shows numbers */
  GHashTable *samples;         /* serial (guint64*) -> ProcSample* of live
                                  processes, read from /proc before drawing;
                                  NULL at the time cursor, where what /proc
                                  says would be today's: the state letter,
                                  CPU, MEM and UNIT are blank then */
  guint columns;               /* FORMAT_COLUMN_BIT of the optional columns
                                  shown, and */
  int unit_width;              /* UNIT's width: both set for a pane's width
                                  by format_columns_fit (none before) */
  guint64 until_seq;           /* the time cursor: events after this seq
                                  have not happened yet; 0: all have */
} FormatCtx;

/* Column widths of the tree pane, before the command. */
enum {
  FORMAT_COL_PID = 7,
  FORMAT_COL_USER = 8,
  FORMAT_COL_AGE = 5,
  FORMAT_COL_STATE = 1,
  FORMAT_COL_CPU = 5,
  FORMAT_COL_MEM = 8,
  FORMAT_COL_START = 8,
  FORMAT_COL_UNIT = 20,
  FORMAT_COL_UNIT_MIN = 10,
};

/* Escapes process-supplied text for the terminal; returns a new string. */
char *format_escape (const char *s);

/* A process or thread name for display: COMM escaped, or WORDS_NO_NAME
 * when it is not known (NULL).  Returns a new string. */
char *format_name (const char *comm);

/* Display width of UTF-8 text S (invalid bytes count as one cell each). */
int format_cells (const char *s);

/* Appends S cut to at most WIDTH cells, ending in "…" ("~" without UTF8)
 * when cut; pads with spaces to exactly WIDTH when PAD. */
void format_fit (GString *out, const char *s, int width, gboolean utf8,
                 gboolean pad);

/* Appends the end of S that fits in WIDTH cells, after "…" ("~" without
 * UTF8) when its start is cut: the end of what is being typed. */
void format_fit_tail (GString *out, const char *s, int width, gboolean utf8);

/* Appends the tree prefix of R ("│  ├─ ", "`- " in ASCII), at most
 * MAX_CELLS wide: the deepest levels are kept and "«" marks the cut. */
void format_tree_prefix (GString *out, const Row *r, gboolean utf8,
                         int max_cells);

/* The process's command for display: its name (format_name), or the
 * command line joined by spaces (the known name in brackets when there is
 * none). */
char *format_command (const Proc *p, gboolean cmdline);

/* Appends what fold F stands for: "exit 0 ×213, exit 1 ×1, lived
 * 40ms–2.10s" (x and - without UTF8). */
void format_fold_summary (GString *out, const RowsFold *f, gboolean utf8);

/* One line of the tree pane, exactly WIDTH cells (>= 0) wide. */
void format_tree_row (GString *out, const Row *r, const FormatCtx *ctx,
                      int width);

/* Sets CTX's columns to those of the optional COLUMNS (FORMAT_COLUMN_BIT)
 * that a tree pane WIDTH cells wide shows: in their order, as many as
 * leave room for the tree and the command, UNIT narrowed (down to
 * FORMAT_COL_UNIT_MIN) before it goes; none where the pane is too narrow
 * for USER and AGE. */
void format_columns_fit (FormatCtx *ctx, guint columns, int width);

/* The header line of the tree pane with CTX's columns, exactly WIDTH
 * cells wide. */
void format_tree_title (GString *out, int width, const FormatCtx *ctx);

/* One line of the event log, exactly WIDTH cells wide: time, kind, pid
 * (words_pid), the subject's name (format_name) and what the event adds
 * (words_event), all as they were at the event (history_subject). */
void format_log_row (GString *out, const HistoryEntry *e, const FormatCtx *ctx,
                     int width);

/* Whether the log line of E, as format_log_row writes it, holds TEXT,
 * ignoring case. */
gboolean format_log_matches (const HistoryEntry *e, const FormatCtx *ctx,
                             const char *text);

/* Whether row R's command as the tree shows it (a thread's or a fold's
 * name, the process's name, or its command line joined by spaces when
 * CMDLINE) holds TEXT, ignoring case. */
gboolean format_row_matches (const Row *r, const char *text, gboolean cmdline);

/* The next row after FROM (DIR 1) or before it (DIR -1) matching TEXT,
 * wrapping around and ending with FROM itself; -1 when none.  FROM may be
 * -1 or the number of rows, to start before the first or after the last. */
gint format_search_rows (const GArray *rows, const char *text, gboolean cmdline,
                         gint from, int dir);

/* Splits S into lines of at most WIDTH cells (at least 1), breaking after
 * the last space that fits, or at the width in a word longer than a line.
 * Returns a new array of new strings. */
GPtrArray *format_wrap (const char *s, int width);
