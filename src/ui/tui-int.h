/* tui-int.h - the viewer's state, shared by tui.c (input, loop) and
 * screen.c (drawing).  Not for use outside src/ui/. */
#pragma once

#include <curses.h>
#include "monitor.h"
#include "details.h"
#include "format.h"
#include "layout.h"
#include "rows.h"
#include "tui.h"

/* What the keyboard is talking to. */
typedef enum {
  TUI_MODE_NORMAL,
  TUI_MODE_SEARCH,   /* typing a search */
  TUI_MODE_FILTER,   /* typing a comm filter */
  TUI_MODE_USER,     /* the user picker */
  TUI_MODE_SIGNAL,   /* the signal menu */
  TUI_MODE_CONFIRM,  /* confirming a signal */
  TUI_MODE_HELP,
} TuiMode;

/* One entry of the user picker. */
typedef struct {
  gboolean all;      /* "all users" */
  guint32 uid;
  char *label;
} TuiUserItem;

/* The whole viewer. */
typedef struct {
  Monitor *m;
  TuiOptions opts;
  GMainLoop *loop;
  int status;
  gboolean utf8;
  gboolean live;             /* monitor_is_live: /proc may be read, signals sent */
  gboolean source_ended;     /* replay reached its end */
  char *error;               /* printed after the terminal is restored */

  SCREEN *screen;
  FILE *tty;
  Layout layout;
  WINDOW *win[PANE_MAX];
  LayoutPane focus;
  gboolean details_from_log; /* details show the log's selection, not the tree's */

  /* Freeze: copies of the model at one moment. */
  gboolean frozen;
  Proctab *fz_pt;
  History *fz_h;
  gint64 fz_mono, fz_wall;
  guint64 fz_events;

  /* Tree pane. */
  GArray *rows;              /* of Row; rebuilt when rows_stale */
  gboolean rows_stale;
  guint64 sel_serial;
  gint sel_tid;
  gint sel_idx;
  gint tree_top;
  GHashTable *collapsed;     /* set of guint64* serials */
  guint64 follow_serial;     /* 0 = not following */
  gboolean threads, kthreads, cmdline;
  char *comm;                /* comm filter, NULL = none */
  gboolean has_uid;
  guint32 uid;
  char *search;              /* NULL = none */

  /* Event log pane, positions by History seq. */
  gboolean log_follow;
  guint64 log_sel, log_top;
  GArray *log_lines;         /* guint64 seq of each drawn line, for clicks */

  /* Details pane. */
  gint det_top;
  guint64 det_serial;        /* whose live fields det_live holds */
  DetailsLive det_live;

  /* Prompts and menus. */
  TuiMode mode;
  GString *input;
  gint menu_sel;
  gint help_top;
  GPtrArray *users;          /* of TuiUserItem*, the picker's choices */
  gint sig_num;              /* signal chosen in the menu */
  guint64 sig_serial;        /* its target */
  char *message;             /* shown in the function bar for a while */
  gint64 message_until_us;

  /* Timing (real time, not the model's clock: it paces the terminal). */
  guint frame_id;
  gint64 last_frame_us;
  guint tick_id;
  guint sig_ids[4];
  guint input_id, tstp_id;

  GHashTable *states;        /* serial -> state letter, read for the rows on
                                screen, cleared each tick */
} Tui;

/* One documented key: the help screen is this table. */
typedef struct {
  const char *keys;
  const char *what;
} TuiHelp;

extern const TuiHelp tui_help[];
extern const guint tui_help_len;

/* The model the screen shows: the frozen copy or the live one. */
const Proctab *tui_proctab (Tui *t);
const History *tui_history (Tui *t);
/* The monotonic now of what is shown (the freeze time when frozen). */
gint64 tui_now (Tui *t);
/* The tree's rows, rebuilt if the model or the view changed. */
GArray *tui_rows (Tui *t);
/* How rows are formatted now. */
FormatCtx tui_format_ctx (Tui *t);
/* The process the details pane describes (the tree's selection, or the
 * log's when the log was focused last), or NULL; *ENTRY is the log's event
 * when the details follow the log. */
const Proc *tui_details_subject (Tui *t, const HistoryEntry **entry);

/* Log positions: seq of the newest entry shown in the log (0 if none),
 * and SEQ moved by N shown entries (negative = older), clamped. */
guint64 tui_log_newest (const History *h);
guint64 tui_log_step (const History *h, guint64 seq, gint n);
/* The entry with sequence number SEQ, or NULL when no longer held. */
const HistoryEntry *tui_log_entry (const History *h, guint64 seq);
/* The seq the log's selection is on now (the newest while following). */
guint64 tui_log_selected (Tui *t);

/* Entry I of the signal menu ("SIGTERM 15") written into BUF, or NULL
 * past the end. */
const char *tui_signal_label (gint i, char *buf, gsize size);

/* Draws everything that changed (screen.c). */
void screen_draw (Tui *t);
/* Recreates the pane windows for the current terminal size. */
void screen_layout (Tui *t);
/* Frees the pane windows. */
void screen_free (Tui *t);
/* The key a click at column X of the function bar stands for, or 0. */
int screen_fnbar_key (Tui *t, int x);
