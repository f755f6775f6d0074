/* viewer.h - the viewer's state and the operations the keys, the mouse and
 * the dialogs perform on it.
 *
 * Who calls whom (never back): tui.c (loop, terminal) -> input.c (keys and
 * mouse) -> dialogs.c (prompts, picker, signal menu) -> viewer.c; tui.c ->
 * screen.c (drawing) -> dialogs.c, viewer.c.  The view holds its own state
 * (selection, collapsed subtrees, scroll, freeze) by Proc serial, never by
 * pointers into the model across updates. */
#pragma once

#include <curses.h>
#include "details.h"
#include "format.h"
#include "keys.h"
#include "layout.h"
#include "logpos.h"
#include "monitor.h"
#include "rows.h"
#include "tui.h"

/* What the keyboard is talking to. */
typedef enum {
  VIEWER_MODE_NORMAL,
  VIEWER_MODE_SEARCH,   /* typing a search */
  VIEWER_MODE_FILTER,   /* typing a filter expression */
  VIEWER_MODE_USER,     /* the user picker */
  VIEWER_MODE_SIGNAL,   /* the signal menu */
  VIEWER_MODE_CONFIRM,  /* confirming a signal */
  VIEWER_MODE_HELP,
  VIEWER_MODE_DETAILS,  /* the details over the body (no room for the pane) */
  VIEWER_MODE_GOTO,     /* typing where the time cursor goes */
  VIEWER_MODE_SETUP,    /* the setup picker: columns, colour scheme */
  VIEWER_MODE_SORT,     /* the sort picker */
} ViewerMode;

/* One entry of the user picker. */
typedef struct {
  gboolean all;      /* "all users" */
  guint32 uid;
  char *label;
} ViewerUser;

/* The whole viewer. */
typedef struct {
  Monitor *m;
  GMainLoop *loop;
  int status;                /* the process exit status */
  gboolean utf8;
  gboolean live;             /* monitor_is_live: /proc may be read, signals sent */
  gboolean source_ended;     /* replay reached its end */
  char *error;               /* printed after the terminal is restored */

  FILE *tty;
  Layout layout;
  WINDOW *win[PANE_MAX];
  LayoutPane focus;
  gboolean details_from_log; /* details show the log's selection, not the tree's */

  /* Freeze: copies of the model at one moment, and the time cursor over
   * the events before it (timeline.h). */
  gboolean frozen;
  Proctab *fz_live;          /* the live table at the freeze */
  Timeline *fz_tl;           /* the ring and lagging table at the freeze */
  gint64 fz_mono, fz_wall;
  guint64 fz_events;
  guint64 cursor;            /* seq of the event shown right after, 0: the
                                freeze point */
  TimelineCursor cursor_tl;  /* the table at the cursor, over fz_tl */
  gint64 cursor_mono, cursor_wall;

  /* What is shown. */
  Filter *filter;            /* the tree's and the log's; never NULL */
  char *filter_error;        /* why the typed expression is not applied */
  gboolean threads, kthreads, cmdline;
  guint columns;             /* optional columns (FORMAT_COLUMN_BIT) */
  RowsSort sort;             /* siblings' order */
  gboolean sort_reverse;
  gint64 tomb_show_ns;       /* how long tombstones show (0: never) */
  gboolean hide_ok_tombs;    /* tombstones that did not fail are hidden */
  char *search;              /* NULL = none */
  gboolean search_missed;    /* the search matches nothing */
  gboolean search_back;      /* the search began in the log while it
                                followed the newest: what is typed looks
                                backwards from there */

  /* Tree pane. */
  GArray *rows;              /* of Row; rebuilt when rows_stale */
  gboolean rows_stale;
  guint64 sel_serial;        /* the selected row's key (rows_find) */
  gint sel_tid;
  char *sel_fold;            /* a fold row's name, else NULL */
  char *sel_comm;            /* the selected process's name */
  GArray *sel_path;          /* guint64 serials of its ancestors, root first */
  gint sel_idx;
  gint tree_top;
  GHashTable *collapsed;     /* set of guint64* serials */
  GHashTable *unfolded;      /* set of rows_fold_key() strings */
  guint64 follow_serial;     /* 0 = not following */

  /* Event log pane, positions by History seq (logpos.h). */
  LogposIndex log_index;     /* the events that pass the filter */
  gboolean log_follow;
  guint64 log_sel, log_top;
  GArray *log_lines;         /* guint64 seq of each drawn line, for clicks */
  gint64 count_left;         /* --count: events to show before quitting,
                                -1 for no limit */

  /* Details pane and what /proc says, read before drawing (drawing does
   * no I/O). */
  gint det_top;
  guint64 det_serial;        /* whose place det_live holds */
  DetailsLive det_live;
  GHashTable *samples;       /* serial -> ProcSample*, read for the rows on
                                screen (and for every process while the
                                sort needs them), cleared each tick */
  gboolean samples_all;      /* every live process was read this tick */

  /* Prompts and menus. */
  ViewerMode mode;
  GString *input;
  char *prompt_saved;        /* what the prompt edits, as it was: Esc
                                puts it back */
  gint menu_sel;
  gint help_top;
  GPtrArray *users;          /* of ViewerUser*, the picker's choices */
  gint sig_num;              /* signal chosen in the menu */
  guint64 sig_serial;        /* its target */
  char *message;             /* shown in the function bar for a while */
  gint64 message_until_us;
} Viewer;

/* Sets V up to show M, as OPTS asks (its filter is valid). */
void viewer_init (Viewer *v, Monitor *m, const TuiOptions *opts);

/* Frees what V holds (not the terminal). */
void viewer_clear (Viewer *v);

/* The model shown: the live one, the frozen copy, or the table at the time
 * cursor (built when first asked for); and the history with it. */
const Proctab *viewer_proctab (Viewer *v);
const History *viewer_history (Viewer *v);

/* The monotonic now of what is shown (the freeze time when frozen). */
gint64 viewer_now (Viewer *v);

/* Its wall-clock time. */
gint64 viewer_now_wall (Viewer *v);

/* The tree's rows, rebuilt first if the model or the view changed. */
GArray *viewer_rows (Viewer *v);

/* The tree row selected now, or NULL. */
const Row *viewer_selected_row (Viewer *v);

/* Rows of content in PANE (its height less the title line, at least 1). */
gint viewer_pane_rows (Viewer *v, LayoutPane pane);

/* How rows are formatted now. */
FormatCtx viewer_format_ctx (Viewer *v);

/* The seq the log's selection is on now (the newest while following). */
guint64 viewer_log_selected (Viewer *v);

/* The process the details pane describes (the tree's selection, or the
 * log's when the log was focused last), or NULL; *ENTRY is the log's event
 * when the details follow the log. */
const Proc *viewer_details_subject (Viewer *v, const HistoryEntry **entry);

/* Sets ON[action] for the toggles that are on (the function bar shows
 * their other label). */
void viewer_toggles (Viewer *v, gboolean on[KEYS_ACTION_MAX]);

/* Shows a message in the function bar for a few seconds. */
void viewer_message (Viewer *v, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* Shows a message in the function bar for US microseconds. */
void viewer_message_for (Viewer *v, gint64 us, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* Takes the message away: the function bar shows again. */
void viewer_message_clear (Viewer *v);

/* Whether a message shows on the bottom line now, in the function bar's
 * place. */
gboolean viewer_message_shown (const Viewer *v);

/* Before a frame: scrolls the tree and the log to their selections, and
 * reads through the monitor what /proc says about the rows on screen (and
 * every live process while sorted by CPU or memory), and about the
 * details' subject (once per tick each); nothing at the time cursor. */
void viewer_prepare_frame (Viewer *v);

/* Once a second: forgets what /proc said, so it is read again. */
void viewer_tick (Viewer *v);

/* Moves by N rows, events or lines in the focused pane, or to an end
 * (TO_END -1 first, 1 last). */
void viewer_move (Viewer *v, gint n, int to_end);

/* Makes row I of ROWS the tree's selection (clamped; -1 when empty). */
void viewer_select (Viewer *v, GArray *rows, gint i);

/* Focuses PANE; the details follow the tree or the log accordingly. */
void viewer_focus (Viewer *v, LayoutPane pane);

/* Collapses (COLLAPSE) or expands the selected row's subtree. */
void viewer_collapse (Viewer *v, gboolean collapse);

/* Expands all when anything is collapsed, else collapses every subtree
 * below the roots. */
void viewer_collapse_all (Viewer *v);

/* Selects the selected row's parent. */
void viewer_select_parent (Viewer *v);

/* Jumps to the next (DIR 1) or previous search match in the focused pane
 * (the log's, or the tree's); with INCLUSIVE the selection itself may
 * match.  Sets search_missed when nothing matches. */
void viewer_search_next (Viewer *v, int dir, gboolean inclusive);

/* Applies filter expression EXPR: returns FALSE with filter_error set
 * (the filter unchanged) when it does not parse. */
gboolean viewer_set_filter (Viewer *v, const char *expr);

/* Replaces the filter's terms of KEY ("user", "failed", ...) by TERM (a
 * term's text; NULL: none). */
void viewer_replace_term (Viewer *v, const char *key, const char *term);

/* Whether the filter holds the term "failed". */
gboolean viewer_failures_only (Viewer *v);

/* Clears search, filters and follow (Esc). */
void viewer_clear_filters (Viewer *v);

/* Follows the selected process (in the log: the event's, selected in the
 * tree), or stops following. */
void viewer_toggle_follow (Viewer *v);

/* Shows the details of the selection: focuses the details pane, or opens
 * them over the body when the pane does not fit. */
void viewer_show_details (Viewer *v);

/* Freezes (copies the model) or unfreezes (drops the copies; a replay
 * that the time cursor paused plays on). */
void viewer_toggle_freeze (Viewer *v);

/* Leaves the details: closes them over the body, or takes the focus from
 * the details pane back to the tree or the log they came from. */
void viewer_leave_details (Viewer *v);

/* Freezes the view: copies of the table and the timeline as they are. */
void viewer_freeze (Viewer *v);

/* Back to now: the frozen copies and the time cursor go (a replay stays
 * paused or not as it is). */
void viewer_thaw (Viewer *v);

/* Shows or hides optional column C (FormatColumn). */
void viewer_toggle_column (Viewer *v, guint c);

/* Orders siblings by SORT (RowsSort), the usual way round. */
void viewer_set_sort (Viewer *v, guint sort);

/* Orders siblings the other way round. */
void viewer_invert_sort (Viewer *v);

/* Brings the log's index up to date with the history shown. */
void viewer_update_log (Viewer *v);
