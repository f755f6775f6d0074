/* viewer.h - what the panes share: the state of the viewer, and what it
 * shows of the model.  Pure: no terminal.
 *
 * The viewer's floors, each including only those below it (the build
 * enforces it, see src/ui/meson.build):
 *
 *   tui.c            the loop and the terminal
 *   screen/          the registry of panes and dialogs, drawing a frame,
 *                    keys and the mouse to handlers
 *   views/ dialogs/  one file per pane, one per dialog (curses)
 *   kit/             colours, drawing helpers, the View and Dialog
 *                    interfaces
 *   core/            this: the state, the time cursor, the actions, the
 *                    key table, layout, rows and their text (pure,
 *                    unit-tested)
 *
 * The view holds its own state (selection, collapsed subtrees, scroll) by
 * Proc serial, never by pointers into the model across updates; which
 * moment it shows is the time cursor's (cursor.h), asked for the table,
 * the history and the "now".  Actions (actions.h) change this state and
 * return what they invalidated (reaction.h), which viewer_react applies. */
#pragma once

#include <glib.h>
#include "cursor.h"
#include "details.h"
#include "graph.h"
#include "keys.h"
#include "layout.h"
#include "logpos.h"
#include "message.h"
#include "monitor.h"
#include "options.h"
#include "reaction.h"
#include "recall.h"
#include "rows.h"
#include "rowtext.h"

/* The viewer's state. */
struct Viewer {
  Monitor *m;
  Cursor *cursor;            /* the moment shown */
  Message message;           /* said in the function bar's place */
  gboolean utf8;             /* the terminal takes UTF-8 (the loop says) */
  gboolean live;             /* monitor_is_live: /proc may be read, signals sent */
  char *error;               /* why the source stopped: the header shows it,
                                the loop prints it after the terminal */
  Layout layout;             /* where the panes are (the loop lays them out) */
  LayoutPane focus;
  gboolean details_from_log; /* details show the log's selection, not the tree's */

  /* What is shown. */
  Filter *filter;            /* the tree's and the log's; never NULL */
  char *filter_error;        /* why the typed expression is not applied */
  Recall filter_recall;      /* the filters kept before (the prompt's Up) */
  gboolean threads, kthreads, cmdline;
  guint columns;             /* optional columns (ROWTEXT_COLUMN_BIT) */
  gboolean units_seen;       /* a process was seen in a cgroup other than
                                "/" (the unit column has something to say) */
  gboolean containers_seen;  /* a process was seen in a container, and */
  gboolean namespaces_seen;  /* one in a pid namespace below forkscope's */
  gboolean costs_seen;       /* an exit with a cost was on screen (CPU% and
                                MEM have something to say in a replay and
                                at the time cursor) */
  RowsSort sort;             /* siblings' order */
  gboolean sort_reverse;
  gint64 tomb_show_ns;       /* how long tombstones show (0: never) */
  gboolean hide_ok_tombs;    /* tombstones that did not fail are hidden */
  char *search;              /* NULL = none */
  gboolean search_missed;    /* the search matches nothing */
  gboolean search_back;      /* the search began in the log while it
                                followed the newest: what is typed looks
                                backwards from there */

  /* The tree pane. */
  GArray *rows;              /* of Row; rebuilt when rows_stale */
  GHashTable *live_cpu;      /* rows_live_cpu's sums of every tree, made
                                with the rows while TCPU is shown or
                                sorted by, else NULL */
  gboolean rows_stale;
  guint64 sel_serial;        /* the selected row's key (rows_find) */
  gint sel_tid;
  char *sel_fold;            /* a fold row's identity (RowsFold.name), else NULL */
  gint64 sel_fold_since;     /* a fold row's: its members that ended since
                                are held */
  GArray *sel_path;          /* guint64 serials of its ancestors, root first */
  gint sel_idx;
  guint64 held_log;          /* the serial of the process whose details
                                the log shows (0: none), held in the tree */
  gboolean seek_match;       /* a filter given at the start: the selection
                                goes to its first match when one comes,
                                until the user presses a key or clicks */
  gint tree_top;
  GHashTable *collapsed;     /* set of guint64* serials */
  GHashTable *unfolded;      /* set of rows_fold_key() strings */
  guint64 follow_serial;     /* 0 = not following */

  /* The activity graph and the timeline. */
  GraphWindow window;        /* the time window they show */
  ActivityScan *scan;        /* what the filter picks, counted; or NULL */
  gboolean scan_done;        /* it has counted up to the newest event
                                (frozen: the freeze's) */
  Activity *frozen_counts;   /* frozen, the history's counts up to the
                                freeze (viewer_activity), or NULL */
  guint64 frozen_limit;      /* the freeze they are of (cursor_limit) */
  gboolean timeline;         /* the tree pane shows lifetimes (T) */

  /* The event log pane: the events that pass the filter, by seq. */
  Logpos log;
  char *history_error;       /* the history's read failure said last
                                (history_error), or NULL */

  /* The details (pane or box) and what /proc says, read before drawing
   * (drawing does no I/O). */
  gint det_top;
  guint64 det_serial;        /* whose place det_live holds */
  DetailsLive det_live;
  GHashTable *samples;       /* serial -> ProcSample*, read for the rows on
                                screen, the details' subtree (when small),
                                and every process while the sort or TCPU
                                needs them, read again after each tick */
  GHashTable *thread_states; /* tid -> state letter (GINT_TO_POINTER; a
                                blank: not read) of the thread rows on
                                screen, read with the samples */
  gboolean samples_all;      /* every live process was read this tick */
  gboolean samples_stale;    /* a tick passed: the next frame not frozen
                                reads them again (frozen, they stay) */
};

/* Sets V up to show M, as OPTS asks (its filter is valid); the terminal's
 * part (utf8, layout) is the loop's to set. */
void viewer_init (Viewer *v, Monitor *m, const ViewerOptions *opts);

/* Frees what V holds. */
void viewer_clear (Viewer *v);

/* Applies what an action invalidated: the bits ROWS, MODEL, LOG, SAMPLES
 * and PLACE (the others are the loop's). */
void viewer_react (Viewer *v, Reaction r);

/* Parses filter expression EXPR (NULL: the empty filter) with the user
 * names of V's source: NULL with ERROR when it does not parse. */
Filter *viewer_parse_filter (Viewer *v, const char *expr, GError **error);

/* The tree's rows, rebuilt first if the model or the view changed. */
GArray *viewer_rows (Viewer *v);

/* The index of the first row of ROWS the filter picks, or -1. */
gint viewer_first_match (const GArray *rows);

/* Makes row I of ROWS the tree's selection (clamped; -1 when empty). */
void viewer_select (Viewer *v, GArray *rows, gint i);

/* The tree row selected now, or NULL. */
const Row *viewer_selected_row (Viewer *v);

/* Rows of content in PANE (its height less the title line, at least 1). */
gint viewer_pane_rows (Viewer *v, LayoutPane pane);

/* The monitor's pins (monitor_pin): the tree's selection, and the
 * process of the log's event while the details show it. */
enum { VIEWER_PIN_TREE, VIEWER_PIN_LOG };

/* How long exits stay in the tree: the tombstone time, or --keep when
 * shorter (the model forgets them then). */
gint64 viewer_tomb_window (Viewer *v);

/* How rows are written now. */
RowtextCtx viewer_rowtext_ctx (Viewer *v);

/* The optional columns asked for that have something to say now: not
 * those /proc fills (ROWTEXT_COLUMNS_LIVE) in a replay or at the time
 * cursor, but CPU% and MEM once an exit with a cost was seen, nor UNIT
 * until a process is seen in a cgroup other than "/" (a machine without
 * systemd), nor CONTAINER and NSPID until a process is seen in a
 * container, a pid namespace below forkscope's.  They leave their room
 * to the command. */
guint viewer_columns (Viewer *v);

/* Why column C, asked for, has nothing to say (viewer_columns leaves it
 * out): "live only", "none but /" (UNIT), "none seen". */
const char *viewer_column_silence (Viewer *v, RowtextColumn c);

/* Brings the log's position in line with the history shown. */
void viewer_update_log (Viewer *v);

/* The history's entry SEQ, or NULL when not held (logpos_entry: valid
 * until the log next reads one). */
const HistoryEntry *viewer_entry (Viewer *v, guint64 seq);

/* What the filter shows besides events (FilterShow): the threads' exits
 * while threads are shown. */
guint viewer_show (Viewer *v);

/* The process the details describe (the tree's selection, or the log's
 * when the log was focused last), or NULL; *ENTRY is the log's event when
 * the details follow the log. */
const Proc *viewer_details_subject (Viewer *v, const HistoryEntry **entry);

/* The details as lines WIDTH cells wide, or NULL when there is nothing to
 * describe; *TITLE (a new string) says whose. */
GPtrArray *viewer_details_text (Viewer *v, gint width, char **title);

/* Sets ON[action] for the toggles that are on (the function bar shows
 * their other label). */
void viewer_toggles (Viewer *v, gboolean on[KEYS_ACTION_MAX]);

/* The counts the activity graph shows: every event's (the history's), or
 * with a filter those it picks, counted a slice at a time (*COUNTING
 * while they are not all counted yet); frozen, none of the events that
 * came after the freeze. */
const Activity *viewer_activity (Viewer *v, gboolean *counting);

/* The time window of the graph and the timeline cut for CELLS cells
 * (intervals at least MIN_NS wide): it ends at the newest moment the view
 * reaches (cursor_edge), or earlier where a move of the time cursor took
 * it, so that the cursor is always in it. */
void viewer_span (Viewer *v, int cells, gint64 min_ns, GraphSpan *out);

/* The graph's span over its pane's width (the cells right of its labels,
 * GRAPH_LABEL), and the timeline's over CELLS cells. */
void viewer_graph_span (Viewer *v, GraphSpan *out);
void viewer_timeline_span (Viewer *v, int cells, GraphSpan *out);

/* Before a frame: scrolls the tree and the log to their selections,
 * counts a slice more of what the filter picks for the graph, and reads
 * through the monitor what /proc says about the rows on screen (and
 * every live process while sorted by CPU, memory or TCPU, or while TCPU
 * is shown), and about the details' subject and the live processes of
 * its subtree when they are DETAILS_SUBTREE_READ or fewer (once per tick
 * each); nothing at the time cursor.
 * Returns TRUE when work is left for the next frame (the log's
 * judgements or the graph's counts are not whole yet). */
gboolean viewer_prepare_frame (Viewer *v);

/* Once a second: what the tick invalidates (ages, expiry, what /proc
 * said; viewer_react keeps /proc's while frozen). */
Reaction viewer_tick (Viewer *v);
