/* test-viewer.c - the viewer's state and actions, without a terminal, on
 * replays of tests/data recordings: the selection kept across expiry and
 * filter changes (or moved to the nearest survivor), focus, collapsing
 * subtrees and unfolding folds, search in the tree and in the log, moves
 * in the log, following a process, the toggles, the details' subject, and
 * what each action invalidates, applied by viewer_react; the key table's
 * handlers drive the same actions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "actions.h"
#include "viewer.h"

#define SEC G_GINT64_CONSTANT (1000000000)
/* The demo recording (tests/data/rec-demo.jsonl): 6 snapshots (systemd,
 * kthreadd, sshd, bash, python3 and its thread), then ls, make and cc,
 * sudo, a thread renamed worker, crash, sleep traced by gdb, a loss; 37
 * events.  Of them, the log leaves out the snapshots and the thread's
 * exit. */
#define DEMO "rec-demo.jsonl"
#define DEMO_EVENTS 37
/* The busy machine: 240 cc1 under make fold into one row. */
#define BUSY "rec-busy.jsonl"
/* A job failing every 80 ms (sh, child of jobrunner 1234), 100 times;
 * backup-job failing once (tests/data/make-flood.py). */
#define FLOOD "rec-flood.jsonl"
/* What processes cost: make (100) forks cc1 (200, 180 ms, 120 MiB), 202
 * (650 ms, 1.2 GiB, OOM-killed), 203 (its cost looked for in vain) and 204
 * (not measured); 13 events. */
#define COST "rec-cost.jsonl"

/* A viewer on a replay. */
typedef struct {
  Monitor *m;
  Viewer v;
} Fixture;

/* A replay of tests/data/FILE read up to event UPTO (0: all of it), and a
 * viewer on it, COLS x LINES, showing what passes FILTER (may be NULL),
 * tombstones for TOMB_S seconds, kept in the model KEEP_S seconds. */
static Fixture *
open_viewer_keep (const char *file, guint64 upto, const char *filter, gint64 tomb_s,
                  gint64 keep_s, int cols, int lines)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *path = g_build_filename (TEST_DATA, file, NULL);
  MonitorOptions o = { .source = MONITOR_SOURCE_REPLAY, .replay_path = path, .history = TRUE,
                       .history_memory = HISTORY_MEMORY_DEFAULT, .keep_ns = keep_s * SEC,
                       .max_tombs = 10000 };
  ViewerOptions vo = { .filter = filter, .tomb_show_ns = tomb_s * SEC };
  g_autoptr (GError) error = NULL;

  f->m = monitor_new (&o, &error);
  assert_non_null (f->m);
  assert_true (monitor_replay_read_to (f->m, upto, G_MAXINT64, &error) >= 0);
  viewer_init (&f->v, f->m, &vo);
  layout_compute (cols, lines, &f->v.layout);
  return f;
}

/* The same, kept in the model an hour. */
static Fixture *
open_viewer (const char *file, guint64 upto, const char *filter, gint64 tomb_s, int cols,
             int lines)
{
  return open_viewer_keep (file, upto, filter, tomb_s, 3600, cols, lines);
}

/* The demo, read whole, at 120 x 40, tombstones kept. */
static Fixture *
open_demo (void)
{
  return open_viewer (DEMO, 0, NULL, 3600, 120, 40);
}

/* Frees F. */
static void
fixture_free (Fixture *f)
{
  viewer_clear (&f->v);
  monitor_free (f->m);
  g_free (f);
}

/* Does ACTION's reaction, as the loop would. */
static void
act (Fixture *f, Reaction r)
{
  viewer_react (&f->v, r);
}

/* Reads F's replay on to event UPTO, the listener's way: the model
 * changed. */
static void
read_to (Fixture *f, guint64 upto)
{
  g_autoptr (GError) error = NULL;

  assert_true (monitor_replay_read_to (f->m, upto, G_MAXINT64, &error) >= 0);
  act (f, REACTION_MODEL);
}

/* The number of events the log of F shows. */
static guint
shown_count (Fixture *f)
{
  guint n = 0;

  viewer_update_log (&f->v);
  for (guint64 s = logpos_next (&f->v.log, 0, 1); s; s = logpos_next (&f->v.log, s, 1))
    n++;
  return n;
}

/* The number of rows the log of F shows. */
static guint
log_rows (Fixture *f)
{
  guint n = 0;

  viewer_update_log (&f->v);
  for (guint64 k = logpos_oldest (&f->v.log); k; k = logpos_row_next (&f->v.log, k, 1))
    n++;
  return n;
}

/* The index of the row of process PID (not a thread or fold row), or -1. */
static gint
row_of (Fixture *f, gint pid)
{
  GArray *rows = viewer_rows (&f->v);

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (!r->thread && !r->fold && r->proc->pid == pid)
        return i;
    }
  return -1;
}

/* Selects the row of PID, which must be there. */
static void
select_pid (Fixture *f, gint pid)
{
  gint i = row_of (f, pid);

  assert_true (i >= 0);
  act (f, actions_tree_pick (&f->v, i));
}

/* The pid of the selected row's process. */
static gint
selected_pid (Fixture *f)
{
  const Row *r = viewer_selected_row (&f->v);

  assert_non_null (r);
  return r->proc->pid;
}

/* The event the log selects (a fold's line: its first), its index
 * brought up to date first. */
static guint64
log_selected (Fixture *f)
{
  viewer_update_log (&f->v);
  return logpos_selected_event (&f->v.log);
}

/* Selects the log's row that shows event SEQ, as a click on it does. */
static Reaction
pick_event (Fixture *f, guint64 seq)
{
  viewer_update_log (&f->v);
  return actions_log_pick (&f->v, logpos_row_of (&f->v.log, seq));
}

/* Whether a line of LINES holds NEEDLE. */
static gboolean
has_line (GPtrArray *lines, const char *needle)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], needle))
      return TRUE;
  return FALSE;
}

/* A selected process that exits stays selected and shown past its time
 * in the tree, marked as held, until the selection moves; then it goes.
 * One that lives keeps the selection whatever comes and goes. */
static void
test_selection_expiry (void **state)
{
  Fixture *f = open_viewer (DEMO, 9, NULL, 1, 120, 40);

  select_pid (f, 1200);     /* ls, exited at 0.105 s: a tombstone */
  assert_true (viewer_selected_row (&f->v)->flags & ROW_F_TOMB);
  assert_false (viewer_selected_row (&f->v)->flags & ROW_F_HELD);
  read_to (f, 13);          /* 0.321 s: still in its second */
  assert_int_equal (selected_pid (f), 1200);
  read_to (f, 21);          /* 1.400 s: past it, held */
  assert_int_equal (selected_pid (f), 1200);
  assert_true (viewer_selected_row (&f->v)->flags & ROW_F_HELD);
  read_to (f, 0);
  assert_int_equal (selected_pid (f), 1200);
  /* Moved away, it goes. */
  act (f, actions_tree_move (&f->v, -1, 0));
  assert_int_not_equal (selected_pid (f), 1200);
  act (f, REACTION_MODEL);
  assert_int_equal (row_of (f, 1200), -1);

  select_pid (f, 1100);     /* python3 lives on */
  read_to (f, 0);
  assert_int_equal (selected_pid (f), 1100);
  /* Frozen, the model may change: the rows shown do not. */
  act (f, cursor_freeze (f->v.cursor));
  GArray *rows = viewer_rows (&f->v);
  act (f, REACTION_MODEL);
  assert_ptr_equal (viewer_rows (&f->v), rows);
  act (f, REACTION_ROWS);
  assert_ptr_not_equal (viewer_rows (&f->v), rows);
  fixture_free (f);
}

/* The model keeps what is selected past --keep (1 s here): the tree's
 * selection, and the process of the log's event while the details show
 * it; moved away, the model forgets them at its next expiry. */
static void
test_selection_kept (void **state)
{
  Fixture *f = open_viewer_keep (DEMO, 9, NULL, 1, 1, 120, 40);
  Viewer *v = &f->v;

  select_pid (f, 1200);     /* ls, exited at 0.105 s */
  guint64 ls = viewer_selected_row (v)->serial;
  read_to (f, 0);           /* 2.7 s: past its keeping */
  monitor_tick (f->m);
  assert_non_null (proctab_lookup_serial (monitor_proctab (f->m), ls));
  assert_int_equal (selected_pid (f), 1200);
  assert_true (viewer_selected_row (v)->flags & ROW_F_HELD);
  g_autofree char *title = NULL;
  g_autoptr (GPtrArray) text = viewer_details_text (v, 100, &title);
  assert_string_equal (title, " Details: 1200 ls (exited) ");
  assert_true (has_line (text, "kept while selected"));
  act (f, actions_tree_move (v, 0, -1));
  viewer_prepare_frame (v);
  monitor_tick (f->m);
  assert_null (proctab_lookup_serial (monitor_proctab (f->m), ls));
  fixture_free (f);

  /* The log's event: make's exit; its details keep make. */
  f = open_viewer_keep (DEMO, 15, NULL, 1, 1, 120, 40);
  v = &f->v;
  act (f, actions_focus (v, PANE_LOG));
  viewer_update_log (v);
  act (f, pick_event (f, 15));
  viewer_prepare_frame (v);
  read_to (f, 0);
  monitor_tick (f->m);
  const HistoryEntry *e;
  const Proc *p = viewer_details_subject (v, &e);
  assert_non_null (p);
  assert_int_equal (p->pid, 1201);
  /* ... and the tree shows it past its window, as it would the tree's
   * selection. */
  viewer_prepare_frame (v);
  assert_true (row_of (f, 1201) >= 0);
  act (f, actions_focus (v, PANE_TREE));
  viewer_prepare_frame (v);
  assert_int_equal (row_of (f, 1201), -1);
  monitor_tick (f->m);
  act (f, actions_focus (v, PANE_LOG));
  assert_null (viewer_details_subject (v, &e));
  fixture_free (f);
}

/* A filter's graph counts the events that come after its first count, as
 * the history's own counts do. */
static void
test_graph_filter_counts_on (void **state)
{
  Fixture *f = open_viewer (DEMO, 15, "!=zzz", 3600, 120, 40);
  gboolean counting;
  gint64 first, last, later;

  assert_true (layout_visible (&f->v.layout, PANE_GRAPH));
  for (int i = 0; i < 10 && viewer_prepare_frame (&f->v); i++)
    ;
  assert_true (activity_span (viewer_activity (&f->v, &counting), &first, &last));
  assert_false (counting);
  read_to (f, DEMO_EVENTS);
  viewer_prepare_frame (&f->v);
  assert_true (activity_span (viewer_activity (&f->v, &counting), &first, &later));
  assert_true (later > last);
  fixture_free (f);
}

/* Whether the time cursor's moment lies in the graph's window of F. */
static gboolean
cursor_in_graph (Fixture *f, GraphSpan *sp)
{
  viewer_graph_span (&f->v, sp);
  return graph_interval_of (sp, cursor_now (f->v.cursor)) >= 0;
}

/* The graph's window follows the time cursor back to the freeze point
 * (G) as it follows its other moves, and a moves one column from there. */
static void
test_graph_follows_return (void **state)
{
  Fixture *f = open_viewer (FLOOD, 0, NULL, 3600, 80, 24);
  Viewer *v = &f->v;
  GraphSpan sp;

  v->window.zoom = GRAPH_ZOOM_10S;
  act (f, cursor_goto (v->cursor, "12:00:00"));
  assert_true (cursor_seq (v->cursor) != 0);
  assert_true (cursor_in_graph (f, &sp));
  /* The flood's 10 s do not fit that window: the freeze point is past it. */
  assert_true (graph_span_end (&sp) < cursor_edge (v->cursor));
  act (f, actions_cursor_return (v));
  assert_int_equal (cursor_seq (v->cursor), 0);
  assert_true (cursor_in_graph (f, &sp));
  gint64 last = sp.from_ns + (gint64) (sp.n - 1) * sp.width_ns;
  act (f, actions_graph_back (v));
  /* One column back: the end of the interval before the freeze point's. */
  assert_true (cursor_now (v->cursor) < last);
  assert_true (cursor_now (v->cursor) >= last - sp.width_ns);
  fixture_free (f);
}

/* The starts and ends the graph of F counts over the whole recording
 * (one interval from time 0 on, as wide as the clock goes). */
static guint64
graph_total (Fixture *f)
{
  gboolean counting;
  ActivityCounts n;
  GraphCount c;

  for (int i = 0; i < 100 && viewer_prepare_frame (&f->v); i++)
    ;
  activity_query (viewer_activity (&f->v, &counting), 0, G_MAXINT64 / 2, 1, &n);
  assert_false (counting);
  graph_counts (&n, 1, &c);
  return c.starts + c.ends;
}

/* Frozen, the graph counts nothing of what a live source goes on
 * appending after the freeze (here, the replay read on while frozen),
 * with or without a filter; thawed, it counts all of it. */
static void
test_graph_frozen_counts (void **state)
{
  const char *filters[] = { NULL, "!=zzz" };

  for (guint k = 0; k < G_N_ELEMENTS (filters); k++)
    {
      Fixture *f = open_viewer (FLOOD, 120, filters[k], 3600, 80, 24);
      Fixture *all = open_viewer (FLOOD, 0, filters[k], 3600, 80, 24);
      guint64 at_freeze = graph_total (f);
      assert_true (at_freeze > 0);
      act (f, cursor_freeze (f->v.cursor));
      read_to (f, 0);
      assert_int_equal (graph_total (f), at_freeze);
      act (f, cursor_thaw (f->v.cursor));
      assert_true (graph_total (all) > at_freeze);
      assert_int_equal (graph_total (f), graph_total (all));
      fixture_free (all);
      fixture_free (f);
    }
  /* The graph hidden at the freeze (a short terminal): its counts are
   * taken at the freeze's first frame all the same, not when it shows
   * again (with every event since to take back). */
  Fixture *f = open_viewer (FLOOD, 120, NULL, 3600, 80, 24);
  guint64 at_freeze = graph_total (f);
  LayoutRect shown = f->v.layout.pane[PANE_GRAPH];
  act (f, cursor_freeze (f->v.cursor));
  f->v.layout.pane[PANE_GRAPH].h = 0;
  viewer_prepare_frame (&f->v);
  assert_non_null (f->v.frozen_counts);
  read_to (f, 0);
  f->v.layout.pane[PANE_GRAPH] = shown;
  assert_int_equal (graph_total (f), at_freeze);
  fixture_free (f);
}

/* A filter given at the start selects its first match when one comes
 * (not init above it), and stops once the user has pressed a key. */
static void
test_selection_start_filter (void **state)
{
  Fixture *f = open_viewer (DEMO, 20, "sleep", 3600, 120, 40);

  assert_int_equal (viewer_rows (&f->v)->len, 0);   /* no sleep yet */
  read_to (f, DEMO_EVENTS);
  viewer_rows (&f->v);
  assert_int_equal (selected_pid (f), 1205);
  fixture_free (f);
  f = open_viewer (DEMO, 20, "sleep", 3600, 120, 40);
  viewer_rows (&f->v);
  f->v.seek_match = FALSE;                  /* what a key does (input.c) */
  read_to (f, DEMO_EVENTS);
  viewer_rows (&f->v);
  assert_int_equal (selected_pid (f), 1);
  fixture_free (f);
}

/* A filter that hides the selection, or leaves it a dim ancestor, moves
 * it to the first match (never to init above them); one that keeps it
 * keeps it; a bad one changes nothing and says why. */
static void
test_selection_filter (void **state)
{
  Fixture *f = open_demo ();

  select_pid (f, 1100);
  act (f, actions_set_filter (&f->v, "make"));
  assert_int_equal (row_of (f, 1100), -1);
  assert_int_equal (selected_pid (f), 1201);
  assert_true (viewer_selected_row (&f->v)->flags & ROW_F_MATCH);
  act (f, actions_clear (&f->v));
  select_pid (f, 1);        /* systemd, which stays as a dim ancestor */
  act (f, actions_set_filter (&f->v, "sleep"));
  assert_true (row_of (f, 1) >= 0);
  assert_int_equal (selected_pid (f), 1205);
  act (f, actions_clear (&f->v));
  select_pid (f, 1202);     /* cc, under make */
  act (f, actions_set_filter (&f->v, "make"));
  assert_int_equal (row_of (f, 1202), -1);
  assert_int_equal (selected_pid (f), 1201);
  act (f, actions_set_filter (&f->v, "ma"));
  assert_int_equal (selected_pid (f), 1201);
  act (f, actions_set_filter (&f->v, "user:"));
  assert_non_null (f->v.filter_error);
  assert_string_equal (filter_text (f->v.filter), "ma");
  act (f, actions_clear (&f->v));
  assert_null (f->v.filter_error);
  assert_true (filter_is_empty (f->v.filter));
  assert_int_equal (selected_pid (f), 1201);
  assert_true (row_of (f, 1100) >= 0);
  /* The log judges its events again with the filter. */
  act (f, actions_set_filter (&f->v, "sleep"));
  assert_int_equal (shown_count (f), 5);   /* 2 of sleep, 2 ptraces, the loss */
  act (f, actions_clear (&f->v));
  assert_int_equal (shown_count (f), DEMO_EVENTS - 7);
  fixture_free (f);
}

/* Tab goes round the panes shown; the details follow the pane focused
 * last; Enter shows the details in their pane, or over the body when the
 * pane does not fit. */
static void
test_focus (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  assert_int_equal (v->focus, PANE_TREE);
  act (f, actions_focus_next (v));
  assert_int_equal (v->focus, PANE_LOG);
  assert_true (v->details_from_log);
  act (f, actions_focus_next (v));
  assert_int_equal (v->focus, PANE_DETAILS);
  assert_true (v->details_from_log);
  act (f, actions_focus_next (v));
  assert_int_equal (v->focus, PANE_TREE);
  assert_false (v->details_from_log);
  act (f, actions_focus_prev (v));
  assert_int_equal (v->focus, PANE_DETAILS);
  act (f, actions_focus_prev (v));
  assert_int_equal (v->focus, PANE_LOG);

  /* Enter from the log: its event's details, in their pane; back. */
  v->det_top = 5;
  assert_int_equal (actions_details (v), REACTION_NONE);
  assert_int_equal (v->focus, PANE_DETAILS);
  assert_true (v->details_from_log);
  assert_int_equal (v->det_top, 0);
  act (f, actions_leave_details (v));
  assert_int_equal (v->focus, PANE_LOG);
  act (f, actions_focus (v, PANE_TREE));
  act (f, actions_details (v));
  act (f, actions_leave_details (v));
  assert_int_equal (v->focus, PANE_TREE);

  /* 80 x 20: no room for the details pane; Tab skips it, Enter leaves
   * the details to a box over the body. */
  layout_compute (80, 20, &v->layout);
  assert_false (layout_visible (&v->layout, PANE_DETAILS));
  act (f, actions_focus_next (v));
  act (f, actions_focus_next (v));
  assert_int_equal (v->focus, PANE_TREE);
  assert_int_equal (actions_details (v), REACTION_PASS);
  assert_int_equal (v->focus, PANE_TREE);
  act (f, actions_focus (v, PANE_LOG));
  v->det_top = 3;
  act (f, actions_details_over (v));
  assert_int_equal (v->det_top, 0);
  assert_true (v->details_from_log);
  fixture_free (f);
}

/* Left collapses a subtree, then goes to the parent; Right expands; *
 * collapses everything below the roots, then expands all; Backspace goes
 * to the parent. */
static void
test_collapse (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;
  guint all = viewer_rows (v)->len;

  assert_int_equal (all, 11);     /* systemd, sshd, bash and its 8 children, cc */
  select_pid (f, 1000);
  act (f, actions_left (v));
  assert_int_equal (viewer_rows (v)->len, 3);
  assert_true (viewer_selected_row (v)->flags & ROW_F_COLLAPSED);
  assert_int_equal (selected_pid (f), 1000);
  act (f, actions_left (v));
  assert_int_equal (selected_pid (f), 500);
  select_pid (f, 1000);
  act (f, actions_right (v));
  assert_int_equal (viewer_rows (v)->len, all);
  select_pid (f, 1202);
  act (f, actions_parent (v));
  assert_int_equal (selected_pid (f), 1201);
  act (f, actions_collapse_all (v));
  assert_int_equal (viewer_rows (v)->len, 2);   /* systemd, sshd collapsed */
  assert_int_equal (selected_pid (f), 500);      /* the nearest ancestor left */
  act (f, actions_collapse_all (v));
  assert_int_equal (viewer_rows (v)->len, all);
  /* + and - in a replay at its end: the tree. */
  cursor_set_ended (v->cursor);
  select_pid (f, 1000);
  act (f, actions_collapse (v));
  assert_int_equal (viewer_rows (v)->len, 3);
  act (f, actions_expand (v));
  assert_int_equal (viewer_rows (v)->len, all);
  fixture_free (f);
}

/* The index of the selected row, the rows rebuilt first if they must be. */
static gint
selected_index (Fixture *f)
{
  viewer_rows (&f->v);
  return f->v.sel_idx;
}

/* The index of the first fold row, or -1. */
static gint
fold_row (Fixture *f)
{
  GArray *rows = viewer_rows (&f->v);

  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, Row, i).fold)
      return i;
  return -1;
}

/* A fold unfolds with Right and folds again with Left, the selection
 * staying on it; a member selected goes back into its fold when it
 * closes. */
static void
test_fold (void **state)
{
  Fixture *f = open_viewer (BUSY, 0, NULL, 3600, 160, 45);
  Viewer *v = &f->v;
  gint i = fold_row (f);
  guint folded = viewer_rows (v)->len;

  assert_true (i >= 0);
  const Row *r = &g_array_index (viewer_rows (v), Row, i);
  guint count = r->fold->count;
  assert_int_equal (count, 240);
  assert_true (r->flags & ROW_F_COLLAPSED);
  act (f, actions_tree_pick (v, i));
  act (f, actions_right (v));
  assert_int_equal (viewer_rows (v)->len, folded + count);
  assert_int_equal (selected_index (f), i);
  assert_int_equal (v->sel_tid, ROWS_TID_FOLD);
  assert_false (viewer_selected_row (v)->flags & ROW_F_COLLAPSED);
  act (f, actions_left (v));
  assert_int_equal (viewer_rows (v)->len, folded);
  assert_int_equal (selected_index (f), i);
  assert_int_equal (v->sel_tid, ROWS_TID_FOLD);

  /* A member selected, then its fold closes: the member stays selected,
   * beside its fold, until the selection moves. */
  act (f, actions_right (v));
  act (f, actions_tree_move (v, 5, 0));
  gint member = selected_pid (f);
  assert_int_equal (viewer_selected_row (v)->depth,
                    g_array_index (viewer_rows (v), Row, i).depth + 1);
  g_hash_table_remove_all (v->unfolded);
  act (f, REACTION_ROWS);
  assert_int_equal (selected_pid (f), member);
  assert_int_equal (g_array_index (viewer_rows (v), Row, i).fold->count, count - 1);
  act (f, actions_tree_pick (v, i));
  act (f, REACTION_MODEL);
  assert_int_equal (g_array_index (viewer_rows (v), Row, i).fold->count, count);
  assert_int_equal (row_of (f, member), -1);
  /* From a member, Left goes up to its fold. */
  act (f, actions_right (v));
  act (f, actions_tree_move (v, 3, 0));
  act (f, actions_left (v));
  assert_int_equal (selected_index (f), i);
  fixture_free (f);
}

/* Search in the tree: as shown, ignoring case, from the selection on,
 * round the ends; nothing found leaves the selection and says so. */
static void
test_search_tree (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  act (f, actions_tree_move (v, 0, -1));
  act (f, actions_search_set (v, "s"));
  assert_int_equal (selected_pid (f), 1);        /* systemd itself */
  act (f, actions_search_next (v));
  assert_int_equal (selected_pid (f), 500);      /* sshd */
  act (f, actions_search_next (v));
  assert_int_equal (selected_pid (f), 1000);     /* bash */
  act (f, actions_search_prev (v));
  assert_int_equal (selected_pid (f), 500);
  act (f, actions_search_set (v, "PYTHON"));
  assert_int_equal (selected_pid (f), 1100);
  assert_false (v->search_missed);
  act (f, actions_search_set (v, "zzz"));
  assert_true (v->search_missed);
  assert_int_equal (selected_pid (f), 1100);
  act (f, actions_search_restore (v, "sleep"));
  assert_false (v->search_missed);
  act (f, actions_search_next (v));
  assert_int_equal (selected_pid (f), 1205);
  act (f, actions_search_next (v));              /* round: itself */
  assert_int_equal (selected_pid (f), 1205);
  act (f, actions_search_set (v, NULL));
  assert_null (v->search);
  /* n without a search: the prompt's to open. */
  assert_int_equal (actions_search_next (v), REACTION_PASS);
  fixture_free (f);
}

/* Search in the log: its lines as shown; begun while the log follows the
 * newest, it looks backwards from there; then on and round. */
static void
test_search_log (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  act (f, actions_focus (v, PANE_LOG));
  viewer_update_log (v);
  act (f, actions_search_begin (v));
  assert_true (v->search_back);
  act (f, actions_search_set (v, "exit"));
  assert_int_equal (log_selected (f), 37);       /* sleep's exit, the newest */
  assert_false (v->log.follow);
  act (f, actions_search_set (v, "exit 0"));
  assert_int_equal (log_selected (f), 36);       /* gdb's, backwards */
  act (f, actions_search_next (v));
  assert_int_equal (log_selected (f), 9);        /* ls's, round the end */
  act (f, actions_search_prev (v));
  assert_int_equal (log_selected (f), 36);
  act (f, actions_search_set (v, "sigsegv"));
  assert_int_equal (log_selected (f), 28);
  act (f, actions_search_set (v, "nothing like it"));
  assert_true (v->search_missed);
  assert_int_equal (log_selected (f), 28);
  fixture_free (f);
}

/* Moves in the log: up from the newest, to the oldest, End follows
 * again; frozen, the log never follows. */
static void
test_log_move (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  act (f, actions_focus (v, PANE_TREE));
  viewer_update_log (v);
  act (f, actions_log_move (v, -1, 0));
  assert_int_equal (log_selected (f), 36);
  assert_false (v->log.follow);
  assert_true (v->details_from_log);
  act (f, actions_log_move (v, -12, 0));
  assert_int_equal (log_selected (f), 21);       /* by rows: the thread's exit is not
                                                    shown, forks of bash fold */
  act (f, actions_log_move (v, 0, -1));
  assert_int_equal (logpos_selected (&v->log), LOGPOS_LINE (7));   /* bash's forks */
  assert_int_equal (log_selected (f), 16);       /* the fold's newest */
  act (f, actions_log_move (v, -1, 0));
  assert_int_equal (logpos_selected (&v->log), LOGPOS_LINE (7));
  act (f, actions_log_move (v, 100, 0));
  assert_int_equal (log_selected (f), 37);
  assert_true (v->log.follow);
  act (f, pick_event (f, 20));
  assert_int_equal (log_selected (f), 20);
  act (f, actions_log_move (v, 0, 1));
  assert_true (v->log.follow);
  act (f, actions_freeze (v));
  act (f, actions_log_move (v, 100, 0));
  assert_false (v->log.follow);
  assert_int_equal (log_selected (f), 37);
  fixture_free (f);
}

/* Failures only, a child failing every 80 ms is one line of the log that
 * counts them; the log stays where the user left it as more come; Right
 * unfolds it (its members under it), Left from a member folds it back and
 * selects it; Enter's details are the fold's; g goes to its newest event;
 * a search finds it as shown. */
static void
test_log_fold (void **state)
{
  Fixture *f = open_viewer (FLOOD, 60, "failed", 5, 160, 45);
  Viewer *v = &f->v;
  g_autofree char *title = NULL;

  act (f, actions_focus (v, PANE_LOG));
  viewer_update_log (v);
  act (f, actions_log_move (v, 0, -1));          /* the oldest: the fold's line */
  guint64 line = logpos_selected (&v->log);
  const LogposFold *fold = logpos_fold (&v->log, line);
  assert_non_null (fold);
  guint members = fold->members->len;
  guint rows = log_rows (f);
  assert_true (members > 3);
  v->log.top = line;
  read_to (f, 0);
  viewer_prepare_frame (v);
  assert_int_equal (logpos_selected (&v->log), line);
  assert_int_equal (v->log.top, line);
  assert_int_equal (logpos_fold (&v->log, line)->members->len, 100);
  assert_int_equal (log_rows (f), rows);       /* no new line */

  /* Its details: the fold, then the newest member's process. */
  g_autoptr (GPtrArray) text = viewer_details_text (v, 100, &title);
  assert_string_equal (title, " Details: 100 exit events of sh ");
  assert_true (has_line (text, "fold     100 exit events of sh, children of 1234"));
  const HistoryEntry *e;
  assert_int_equal (viewer_details_subject (v, &e)->pid, 3099);

  /* Unfolded, folded back from a member. */
  act (f, actions_right (v));
  assert_int_equal (log_rows (f), rows + 100);
  act (f, actions_log_move (v, 5, 0));
  assert_true (LOGPOS_IS_MEMBER (logpos_selected (&v->log)));
  act (f, actions_left (v));
  assert_int_equal (logpos_selected (&v->log), line);
  assert_int_equal (log_rows (f), rows);
  cursor_set_ended (v->cursor);
  act (f, actions_expand (v));                   /* + at the replay's end */
  assert_int_equal (log_rows (f), rows + 100);
  act (f, actions_collapse (v));
  assert_int_equal (log_rows (f), rows);

  /* A search finds it as shown. */
  act (f, actions_log_move (v, 0, 1));
  act (f, actions_search_set (v, "sh x100"));   /* not UTF-8: x */
  assert_false (v->search_missed);
  assert_int_equal (logpos_selected (&v->log), line);
  /* g: its newest event, 3099's exit. */
  act (f, actions_cursor_go (v));
  fold = logpos_fold (&v->log, line);
  assert_int_equal (cursor_seq (v->cursor),
                    g_array_index (fold->members, guint64, fold->members->len - 1));
  fixture_free (f);
}

/* Following a process: the tree's selection, or the log's event's,
 * which then shows in the tree; again stops it. */
static void
test_follow (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  select_pid (f, 1205);
  assert_true (actions_follow (v) & REACTION_ROWS);
  assert_int_equal (v->follow_serial, viewer_selected_row (v)->serial);
  assert_string_equal (message_shown (&v->message),
                       "following 1205 sleep: kept in view and marked; t or Esc stops");
  assert_int_equal (viewer_rowtext_ctx (v).followed, v->follow_serial);
  act (f, REACTION_ROWS);
  assert_int_equal (selected_pid (f), 1205);
  assert_true (actions_follow (v) & REACTION_ROWS);
  assert_int_equal (v->follow_serial, 0);

  /* From the log, an event of a process collapsed away in the tree. */
  select_pid (f, 1000);
  act (f, actions_left (v));
  act (f, actions_focus (v, PANE_LOG));
  viewer_update_log (v);
  act (f, pick_event (f, 8));              /* ls's exec */
  act (f, actions_follow (v));
  assert_int_equal (v->focus, PANE_TREE);
  assert_int_equal (selected_pid (f), 1200);
  act (f, actions_follow (v));
  /* The loss is no process's. */
  act (f, actions_focus (v, PANE_LOG));
  act (f, pick_event (f, 34));
  assert_int_equal (actions_follow (v), REACTION_NONE);
  assert_string_equal (message_shown (&v->message), "that process is no longer known");
  fixture_free (f);
}

/* The toggles: threads (the tree and the log), kernel threads, exited
 * processes that did not fail, failures only, command lines; the
 * function bar's labels follow them. */
static void
test_toggles (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;
  guint rows = viewer_rows (v)->len;
  gboolean on[KEYS_ACTION_MAX];

  Reaction r = actions_threads (v);
  assert_true ((r & REACTION_ROWS) && (r & REACTION_LOG));
  act (f, r);
  assert_true (viewer_rows (v)->len > rows);
  assert_int_equal (shown_count (f), DEMO_EVENTS - 6);  /* the thread's exit too */
  act (f, actions_threads (v));
  act (f, actions_kthreads (v));
  assert_true (row_of (f, 2) >= 0);
  act (f, actions_kthreads (v));
  assert_int_equal (row_of (f, 2), -1);

  act (f, actions_hide_ok (v));
  assert_string_equal (message_shown (&v->message),
                       "exited processes that did not fail are hidden");
  assert_int_equal (row_of (f, 1200), -1);       /* ls: exit 0 */
  assert_true (row_of (f, 1201) >= 0);           /* make: exit 2 */
  viewer_toggles (v, on);
  assert_true (on[KEYS_HIDE_OK]);
  act (f, actions_hide_ok (v));

  act (f, actions_failed (v));
  assert_string_equal (filter_text (v->filter), "failed");
  viewer_toggles (v, on);
  assert_true (on[KEYS_FAILED]);
  assert_int_equal (row_of (f, 1200), -1);
  act (f, actions_failed (v));
  assert_true (filter_is_empty (v->filter));

  act (f, actions_cmdline (v));
  viewer_toggles (v, on);
  assert_true (on[KEYS_CMDLINE]);
  assert_false (on[KEYS_FREEZE]);
  act (f, actions_freeze (v));
  viewer_toggles (v, on);
  assert_true (on[KEYS_FREEZE]);

  act (f, actions_set_sort (v, ROWS_SORT_NAME));
  assert_int_equal (g_array_index (viewer_rows (v), Row, 0).proc->pid, 1);
  act (f, actions_sort_invert (v));
  assert_true (v->sort_reverse);
  act (f, actions_set_sort (v, 999));
  assert_int_equal (v->sort, ROWS_SORT_MAX - 1);
  assert_false (v->sort_reverse);
  assert_int_equal (actions_toggle_column (v, ROWTEXT_COLUMN_START), REACTION_SAMPLES);
  assert_int_equal (v->columns, ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_START));
  fixture_free (f);
}

/* The details describe the tree's selection, or the log's event's process
 * as it was then, or the event when its process is not known; a fold's
 * say so. */
static void
test_details (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;
  const HistoryEntry *e;
  g_autofree char *title = NULL;

  select_pid (f, 1205);
  assert_int_equal (viewer_details_subject (v, &e)->pid, 1205);
  assert_null (e);
  g_autoptr (GPtrArray) text = viewer_details_text (v, 60, &title);
  assert_string_equal (title, " Details: 1205 sleep (exited) ");
  assert_true (text->len > 5);

  act (f, actions_focus (v, PANE_LOG));
  viewer_update_log (v);
  act (f, pick_event (f, 13));             /* cc's exec */
  assert_int_equal (viewer_details_subject (v, &e)->pid, 1202);
  assert_int_equal (e->seq, 13);
  g_free (title);
  g_autoptr (GPtrArray) more = viewer_details_text (v, 60, &title);
  assert_string_equal (title, " Details: 1202 cc (exited) ");
  assert_true (more->len > 5);

  act (f, pick_event (f, 34));             /* the loss */
  assert_null (viewer_details_subject (v, &e));
  g_free (title);
  g_autoptr (GPtrArray) loss = viewer_details_text (v, 60, &title);
  assert_string_equal (title, " Details: event ");
  assert_non_null (loss);

  /* At the time cursor, the process as it was: sleep before its exit. */
  act (f, cursor_go (v->cursor, 33));
  act (f, actions_focus (v, PANE_TREE));
  select_pid (f, 1205);
  g_free (title);
  g_autoptr (GPtrArray) then = viewer_details_text (v, 60, &title);
  assert_string_equal (title, " Details: 1205 sleep ");
  assert_non_null (then);
  fixture_free (f);

  f = open_viewer (BUSY, 0, NULL, 3600, 160, 45);
  act (f, actions_tree_pick (&f->v, fold_row (f)));
  g_free (title);
  g_autoptr (GPtrArray) fold = viewer_details_text (&f->v, 60, &title);
  assert_string_equal (title, " Details: 240 exited cc1 ");
  assert_non_null (fold);
  fixture_free (f);
}

/* The details of process PID, selected, 100 cells wide. */
static GPtrArray *
details_of (Fixture *f, gint pid)
{
  g_autofree char *title = NULL;

  select_pid (f, pid);
  return viewer_details_text (&f->v, 100, &title);
}

/* A replay that carries costs: the details say what each end cost, or
 * why not; a process's, its subtree's totals, then and now; TCPU sorts;
 * CPU% and MEM say what exits cost once one is on screen. */
static void
test_details_cost (void **state)
{
  Fixture *f = open_viewer (COST, 0, NULL, 3600, 160, 45);
  Viewer *v = &f->v;

  v->columns = ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CPU) | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_TCPU)
               | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_MEM);
  assert_int_equal (viewer_columns (v), ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_TCPU));
  viewer_prepare_frame (v);
  assert_int_equal (viewer_columns (v), v->columns);
  g_autoptr (GPtrArray) make = details_of (f, 100);
  assert_true (has_line (make, "subtree  since the recording started: 4 spawned, 4 ended, "
                               "2 failed"));
  assert_true (has_line (make, "alive    0 now, 1 at most at once"));
  assert_true (has_line (make, "tcpu     830ms+: ended 830ms (2 not measured), alive not "
                               "known in a replay"));
  g_autoptr (GPtrArray) oom = details_of (f, 202);
  assert_true (has_line (oom, "SIGKILL (OOM killer)"));
  assert_true (has_line (oom, "cpu      650ms"));
  assert_true (has_line (oom, "memory   peak 1.1 GiB"));
  g_autoptr (GPtrArray) lost = details_of (f, 203);
  assert_true (has_line (lost, "not measured: the kernel's task statistics for it did not "
                               "come"));
  g_autoptr (GPtrArray) none = details_of (f, 204);
  assert_true (has_line (none, "not measured: the recording has no cost for it"));
  /* By TCPU: 202 (650 ms) before 200 (180 ms), the unmeasured last. */
  act (f, actions_set_sort (v, ROWS_SORT_TCPU));
  assert_true (row_of (f, 202) < row_of (f, 200));
  assert_true (row_of (f, 200) < row_of (f, 203));
  /* At the time cursor, after cc1's end and 202's fork: make's totals
   * then, its live part not known. */
  act (f, cursor_go (v->cursor, 8));
  g_autoptr (GPtrArray) then = details_of (f, 100);
  assert_true (has_line (then, "subtree  since the recording started: 2 spawned, 1 ended, "
                               "0 failed"));
  assert_true (has_line (then, "alive    1 then, 1 at most at once"));
  assert_true (has_line (then, "tcpu     180ms+: ended 180ms, alive not known at the time "
                               "cursor"));
  fixture_free (f);
}

/* A message said until a key is pressed (the settings file's warnings)
 * stays past the usual time, and goes with the next key; others do not
 * wait for one. */
static void
test_message (void **state)
{
  Message m = { 0 };

  message_say_until_key (&m, "forkscoperc:5: unknown key '%s'", "mystery");
  assert_true (m.until_us > g_get_monotonic_time () + (gint64) 3600 * G_USEC_PER_SEC);
  assert_string_equal (message_shown (&m), "forkscoperc:5: unknown key 'mystery'");
  message_key (&m);
  assert_null (message_shown (&m));
  message_say (&m, "said for a while");
  message_key (&m);
  assert_string_equal (message_shown (&m), "said for a while");
  message_clear (&m);
  assert_null (message_shown (&m));
}

/* What each reaction invalidates, applied in one place; what the tick
 * invalidates. */
static void
test_react (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  viewer_rows (v);
  assert_false (v->rows_stale);
  act (f, REACTION_MODEL);
  assert_true (v->rows_stale);
  viewer_rows (v);
  assert_true (shown_count (f) > 0);
  assert_true (logpos_memory (&v->log) > 0);
  act (f, REACTION_LOG);
  assert_int_equal (logpos_memory (&v->log), 0);  /* judged again from now */
  assert_false (v->rows_stale);
  guint64 serial = 1;
  g_hash_table_insert (v->samples, g_memdup2 (&serial, sizeof serial), g_new0 (ProcSample, 1));
  v->samples_all = TRUE;
  v->det_serial = 5;
  act (f, REACTION_SAMPLES);
  assert_true (v->samples_stale);  /* read again by the next frame */
  assert_int_equal (v->det_serial, 5);
  viewer_prepare_frame (v);
  assert_int_equal (g_hash_table_size (v->samples), 0);
  assert_false (v->samples_all);
  assert_false (v->samples_stale);
  act (f, REACTION_PLACE);
  assert_int_equal (v->det_serial, 0);
  Reaction tick = viewer_tick (v);
  assert_int_equal (tick, REACTION_MODEL | REACTION_SAMPLES | REACTION_PLACE);
  /* The loop's bits are not the viewer's. */
  act (f, REACTION_QUIT | REACTION_CLOSE | REACTION_LAYOUT);
  assert_false (v->rows_stale);
  fixture_free (f);
}

/* Presses CODE as the key table dispatches it when no pane or dialog
 * answers first. */
static Reaction
press (Fixture *f, int code)
{
  const KeysEntry *e = keys_find (code);

  assert_non_null (e);
  assert_non_null (e->run);
  Reaction r = e->run (&f->v);
  act (f, r);
  return r;
}

/* The key table's handlers are the actions: z, [, ], {, }, g, G, Space,
 * Esc, q, Ctrl-L, Ctrl-Z. */
static void
test_keys (void **state)
{
  Fixture *f = open_demo ();
  Viewer *v = &f->v;

  press (f, 'z');
  assert_true (cursor_frozen (v->cursor));
  press (f, '[');
  assert_int_equal (cursor_seq (v->cursor), 36);
  press (f, ']');
  press (f, ']');
  assert_int_equal (cursor_seq (v->cursor), 0);
  press (f, 'G');
  assert_int_equal (cursor_seq (v->cursor), 0);
  act (f, pick_event (f, 12));
  press (f, 'g');
  assert_int_equal (cursor_seq (v->cursor), 12);
  press (f, '{');
  assert_int_equal (cursor_seq (v->cursor), 1);
  press (f, '}');
  assert_int_equal (cursor_seq (v->cursor), 20);   /* sudo's session, at 0.906 s */
  press (f, ' ');                                /* a replay: plays on */
  assert_false (cursor_frozen (v->cursor));
  press (f, ']');                                /* not frozen: nothing */
  press (f, '}');
  press (f, 'G');
  assert_false (cursor_frozen (v->cursor));
  /* Esc, one level at a time: the search, the filter (kept for the
   * prompt's Up), following. */
  act (f, actions_set_filter (v, "sleep"));
  select_pid (f, 1205);
  act (f, actions_follow (v));
  v->search = g_strdup ("x");
  press (f, KEYS_ESC);
  assert_null (v->search);
  assert_string_equal (filter_text (v->filter), "sleep");
  press (f, KEYS_ESC);
  assert_true (filter_is_empty (v->filter));
  assert_string_equal (recall_step (&v->filter_recall, -1, ""), "sleep");
  assert_true (v->follow_serial != 0);
  assert_int_equal (press (f, KEYS_ESC), REACTION_ROWS);
  assert_int_equal (v->follow_serial, 0);
  assert_int_equal (press (f, KEYS_ESC), REACTION_NONE);
  /* Read to its end (] read on from the freeze point): + and - are the
   * tree's; in a replay with more to play, its pace. */
  assert_true (cursor_ended (v->cursor));
  double speed = monitor_replay_speed (f->m);
  press (f, '-');
  assert_true (monitor_replay_speed (f->m) == speed);
  Fixture *more = open_viewer (DEMO, 10, NULL, 3600, 120, 40);
  press (more, '-');
  assert_true (monitor_replay_speed (more->m) == 64);
  fixture_free (more);
  assert_int_equal (press (f, 'q'), REACTION_QUIT);
  assert_int_equal (press (f, KEYS_CTRL ('l')), REACTION_REDRAW);
  assert_int_equal (press (f, KEYS_CTRL ('z')), REACTION_SUSPEND);
  fixture_free (f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_selection_expiry),
    cmocka_unit_test (test_selection_kept),
    cmocka_unit_test (test_selection_start_filter),
    cmocka_unit_test (test_graph_filter_counts_on),
    cmocka_unit_test (test_graph_follows_return),
    cmocka_unit_test (test_graph_frozen_counts),
    cmocka_unit_test (test_selection_filter),
    cmocka_unit_test (test_focus),
    cmocka_unit_test (test_collapse),
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_search_tree),
    cmocka_unit_test (test_search_log),
    cmocka_unit_test (test_log_move),
    cmocka_unit_test (test_log_fold),
    cmocka_unit_test (test_follow),
    cmocka_unit_test (test_toggles),
    cmocka_unit_test (test_details),
    cmocka_unit_test (test_details_cost),
    cmocka_unit_test (test_message),
    cmocka_unit_test (test_react),
    cmocka_unit_test (test_keys),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
