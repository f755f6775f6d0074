/* rowtext.h - the text of the tree's rows and columns and of the log's
 * lines (pure).
 *
 * Widths are in terminal cells (cells.h); strings are UTF-8; whatever a
 * process wrote goes through cells_escape() first. */
#pragma once

#include <glib.h>
#include "event.h"
#include "history.h"
#include "logpos.h"
#include "rows.h"
#include "words.h"

/* Room for a formatted pid column. */
#define ROWTEXT_SHORT 24

/* What marks a process that entered a pid namespace its parent is not in,
 * in the tree and the details, with UTF-8 and without. */
#define ROWTEXT_ENTRY_MARK "◆"
#define ROWTEXT_ENTRY_MARK_ASCII "*"

/* The optional columns of the tree pane, in the order they are shown
 * (between the state and the command). */
typedef enum {
  ROWTEXT_COLUMN_CPU,           /* CPU used since the last sample, % of a CPU
                                   (an exited process: over its life) */
  ROWTEXT_COLUMN_TCPU,          /* CPU time of its subtree (rows_tcpu) */
  ROWTEXT_COLUMN_MEM,           /* resident memory (an exited process: its
                                   peak) */
  ROWTEXT_COLUMN_START,         /* when it started */
  ROWTEXT_COLUMN_UNIT,          /* its cgroup's systemd unit or container */
  ROWTEXT_COLUMN_CONTAINER,     /* the container it runs in (where.h) */
  ROWTEXT_COLUMN_NSPID,         /* its pid in its pid namespace, where that
                                   is not forkscope's */
  ROWTEXT_COLUMN_MAX
} RowtextColumn;

/* The bit of column C in RowtextCtx.columns. */
#define ROWTEXT_COLUMN_BIT(c) (1u << (c))

/* The columns /proc fills, now: nothing to say in a replay or at the time
 * cursor, but what ended processes cost (CPU% and MEM). */
#define ROWTEXT_COLUMNS_LIVE (ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CPU)                    \
                              | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_MEM)                  \
                              | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_UNIT))

/* The columns' names, as the settings file, --columns and the picker say
 * them, NULL-ended. */
extern const char *const rowtext_column_names[ROWTEXT_COLUMN_MAX + 1];

/* Column C's title ("CPU%", "MEM"...). */
const char *rowtext_column_title (RowtextColumn c);

/* What the picker says a column is. */
extern const char *const rowtext_column_help[ROWTEXT_COLUMN_MAX];

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
  GHashTable *thread_states;   /* tid -> the state letter of a live thread
                                  (both GINT_TO_POINTER), read likewise;
                                  NULL where samples is */
  guint columns;               /* ROWTEXT_COLUMN_BIT of the optional columns
                                  shown, and */
  int widths[ROWTEXT_COLUMN_MAX];  /* their widths (UNIT and CONTAINER
                                  narrow): both set for a pane's width by
                                  rowtext_columns_fit (none before) */
  guint64 until_seq;           /* the newest event the view shows (the
                                  time cursor's, a frozen view's): those
                                  after it have not happened yet; 0: all
                                  have */
  gint64 tomb_show_ns;         /* how long exits stay in the tree */
  gboolean replay;             /* the events are a recording's (what was
                                  seen began when it did) */
  guint64 followed;            /* the serial of the process followed (t),
                                  0 none: its row is marked */
  GHashTable *live_cpu;        /* serial (guint64*) -> RowsLiveCpu*: what
                                  the live processes of each subtree used
                                  (rows_live_cpu), for TCPU; NULL: none
                                  known */
  const char *no_cost;         /* why ends carry no cost here
                                  (monitor_cost_notice), or NULL */
  const Proctab *procs;        /* the table shown, for the log's command
                                  lines (cmdline); may be NULL */
} RowtextCtx;

/* Column widths of the tree pane, before the command. */
enum {
  ROWTEXT_COL_PID = 7,
  ROWTEXT_COL_USER = 8,
  ROWTEXT_COL_AGE = 5,
  ROWTEXT_COL_STATE = 1,
  ROWTEXT_COL_CPU = 5,
  ROWTEXT_COL_TCPU = 6,
  ROWTEXT_COL_MEM = 8,
  ROWTEXT_COL_START = 8,
  ROWTEXT_COL_UNIT = 20,
  ROWTEXT_COL_UNIT_MIN = 10,
  ROWTEXT_COL_CONTAINER = 24,  /* containerd:0123456789ab */
  ROWTEXT_COL_CONTAINER_MIN = 12,
  ROWTEXT_COL_NSPID = 7,
};

/* Appends the tree prefix of R ("│  ├─ ", "`- " in ASCII), at most
 * MAX_CELLS wide.  Where R is deeper than the LEVELS = MAX_CELLS / 3 that
 * fit, "«  " ("<  ") takes the first level's three cells and the levels
 * after it are cut by LEVELS - 1 at a time, so that R is drawn 2 to
 * LEVELS levels in: a number cut that depends on R's depth alone, so
 * that rows of one depth line up and guides keep their columns (a child
 * is one level right of its parent, or right after the mark; with
 * LEVELS < 2 the mark alone). */
void rowtext_tree_prefix (GString *out, const Row *r, gboolean utf8,
                         int max_cells);

/* The process's command for display: its name (cells_name), or the
 * command line joined by spaces (the known name in brackets when there is
 * none). */
char *rowtext_command (const Proc *p, gboolean cmdline);

/* Appends what fold F stands for: "exit 0 ×213, exit 1 ×1, cpu 41.2s,
 * peak 310 MiB, lived 40ms–2.10s" (x and - without UTF8; the CPU time
 * summed over the members measured, with "+" when some were not, the
 * peak the most one of them had). */
void rowtext_fold_summary (GString *out, const RowsFold *f, gboolean utf8);

/* Appends a CPU time of NS, with "+" when UNKNOWN processes are left out
 * of it ("41.2s+": at least that), "?" when it is nothing but those. */
void rowtext_cpu_time (GString *out, guint64 ns, guint64 unknown);

/* One line of the tree pane, exactly WIDTH cells (>= 0) wide.  The tree's
 * prefix has half the cells after the columns whatever the row
 * (rowtext_tree_prefix).  The exit status of an exited process (a fold's
 * statuses) is the last thing cut of the rest: the command is cut first,
 * down to a few cells; a held row
 * (ROW_F_HELD) says "kept while selected" where there is room; the
 * followed process's command starts with a mark, and that of a process
 * that entered a pid namespace its parent is not in (a container's first
 * process) with ROWTEXT_ENTRY_MARK. */
void rowtext_tree_row (GString *out, const Row *r, const RowtextCtx *ctx,
                      int width);

/* The text of row R beside its timeline bar, exactly WIDTH cells wide:
 * its pid, the tree's prefix and its command; a fold's with the most of
 * it alive at once, PEAK ("cc1 ×240 peak 12"). */
void rowtext_life_row (GString *out, const Row *r, const RowtextCtx *ctx, int width,
                       guint peak);

/* Sets CTX's columns to those of the optional COLUMNS (ROWTEXT_COLUMN_BIT)
 * that a tree pane WIDTH cells wide shows: in their order, as many as
 * leave room for the tree and the command, UNIT and CONTAINER narrowed
 * (down to ROWTEXT_COL_UNIT_MIN, ROWTEXT_COL_CONTAINER_MIN) to leave the
 * columns after them their room, or before they go; none where the pane
 * is too narrow for USER and AGE. */
void rowtext_columns_fit (RowtextCtx *ctx, guint columns, int width);

/* The header line of the tree pane with CTX's columns, exactly WIDTH
 * cells wide. */
void rowtext_tree_title (GString *out, int width, const RowtextCtx *ctx);

/* A shallow copy of EV, an event of the history, as the table shown says
 * of its process P (NULL: as it is): noted EVENT_F_NS_ENTRY where P
 * entered a pid namespace its parent is not in, which the model may have
 * read only after the event (the history keeps the note it had then, and
 * where the process ran as of it: HistoryEntry.where). */
Event rowtext_event_as_shown (const Event *ev, const Proc *p);

/* One line of the event log, exactly WIDTH cells wide: time, kind, pid
 * (words_pid), the subject's name (cells_name; with cmdline an end's
 * command line, in a column of a third of the line) and what the event
 * adds (words_event; an end adds whose child ended), all as they were at
 * the event (history_subject). */
void rowtext_log_row (GString *out, const HistoryEntry *e, const RowtextCtx *ctx,
                     int width);

/* The row KEY of the log LP, exactly WIDTH cells wide: an event's
 * line (rowtext_log_row; a member's under its unfolded fold marked "└"),
 * or a fold's: its first event's time and kind, its name and count
 * ("+sh ×82" while folded), what its members say ("[exit 3 ×82, lived
 * 3.0ms]" for ends, else the newest's words), the seconds they span, and
 * whose children they are.  At the time cursor, a fold counts the members
 * that had come. */
void rowtext_log_line (GString *out, Logpos *lp, guint64 key, const RowtextCtx *ctx,
                       int width);

/* Whether the row KEY of LP, as rowtext_log_line writes it, holds TEXT,
 * ignoring case. */
gboolean rowtext_log_matches (Logpos *lp, guint64 key, const RowtextCtx *ctx,
                              const char *text);

/* Whether row R's command as the tree shows it (a thread's or a fold's
 * name, the process's name, or its command line joined by spaces when
 * CMDLINE) holds TEXT, ignoring case. */
gboolean rowtext_row_matches (const Row *r, const char *text, gboolean cmdline);

/* The next row after FROM (DIR 1) or before it (DIR -1) matching TEXT,
 * wrapping around and ending with FROM itself; -1 when none.  FROM may be
 * -1 or the number of rows, to start before the first or after the last. */
gint rowtext_search_rows (const GArray *rows, const char *text, gboolean cmdline,
                         gint from, int dir);
