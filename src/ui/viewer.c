/* viewer.c - the viewer's state and what keys do to it (see viewer.h). */
#include "viewer.h"

#include <string.h>

/* How a message stays in the function bar. */
#define VIEWER_MESSAGE_US (4 * G_USEC_PER_SEC)

/* Frees a picker entry. */
static void
viewer_user_free (gpointer data)
{
  ViewerUser *u = data;

  g_free (u->label);
  g_free (u);
}

/* FilterUserParse: through the monitor USER. */
static gboolean
viewer_user_parse (const char *s, guint32 *uid, gpointer user)
{
  return monitor_user_parse (user, s, uid);
}

void
viewer_init (Viewer *v, Monitor *m, const TuiOptions *opts)
{
  *v = (Viewer) { .m = m, .log_follow = TRUE, .rows_stale = TRUE };
  v->live = monitor_is_live (m);
  v->threads = opts->threads;
  v->tomb_show_ns = opts->tomb_show_ns;
  v->count_left = opts->count > 0 ? opts->count : -1;
  v->filter = filter_parse (opts->filter, viewer_user_parse, m, NULL);
  g_assert (v->filter);  /* the command line checked it */
  v->input = g_string_new (NULL);
  v->collapsed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  v->unfolded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  v->states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  v->users = g_ptr_array_new_with_free_func (viewer_user_free);
  v->sel_path = g_array_new (FALSE, FALSE, sizeof (guint64));
  logpos_index_init (&v->log_index);
  v->loop = g_main_loop_new (NULL, FALSE);
}

static void viewer_thaw (Viewer *v);

void
viewer_clear (Viewer *v)
{
  viewer_thaw (v);
  g_clear_pointer (&v->rows, g_array_unref);
  g_clear_pointer (&v->log_lines, g_array_unref);
  g_clear_pointer (&v->collapsed, g_hash_table_unref);
  g_clear_pointer (&v->unfolded, g_hash_table_unref);
  g_clear_pointer (&v->states, g_hash_table_unref);
  g_clear_pointer (&v->users, g_ptr_array_unref);
  g_clear_pointer (&v->sel_path, g_array_unref);
  logpos_index_clear (&v->log_index);
  if (v->input)
    g_string_free (g_steal_pointer (&v->input), TRUE);
  details_live_clear (&v->det_live);
  g_clear_pointer (&v->filter, filter_free);
  g_clear_pointer (&v->filter_error, g_free);
  g_clear_pointer (&v->search, g_free);
  g_clear_pointer (&v->sel_fold, g_free);
  g_clear_pointer (&v->sel_comm, g_free);
  g_clear_pointer (&v->message, g_free);
  g_clear_pointer (&v->error, g_free);
  g_clear_pointer (&v->loop, g_main_loop_unref);
}

const Proctab *
viewer_proctab (Viewer *v)
{
  if (!v->frozen)
    return monitor_proctab (v->m);
  /* The cursor's table is built when first needed: keys that move the
   * cursor faster than frames are drawn cost one table, not one each. */
  return v->cursor ? timeline_cursor_move (&v->cursor_tl, v->cursor) : v->fz_live;
}

const History *
viewer_history (Viewer *v)
{
  return v->frozen ? timeline_history (v->fz_tl) : monitor_history (v->m);
}

gint64
viewer_now (Viewer *v)
{
  if (!v->frozen)
    return monitor_now_mono_ns (v->m);
  return v->cursor ? v->cursor_mono : v->fz_mono;
}

void
viewer_toggles (Viewer *v, gboolean on[KEYS_ACTION_MAX])
{
  memset (on, 0, KEYS_ACTION_MAX * sizeof on[0]);
  on[KEYS_FREEZE] = v->frozen;
  on[KEYS_CMDLINE] = v->cmdline;
  on[KEYS_FAILED] = viewer_failures_only (v);
  on[KEYS_HIDE_OK] = v->hide_ok_tombs;
}

void
viewer_message (Viewer *v, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  g_free (v->message);
  v->message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  v->message_until_us = g_get_monotonic_time () + VIEWER_MESSAGE_US;
}

FormatCtx
viewer_format_ctx (Viewer *v)
{
  FormatCtx ctx = {
    .utf8 = v->utf8, .cmdline = v->cmdline, .now_ns = viewer_now (v),
    .names = monitor_user_names (v->m),
    /* What /proc says now is not what was true at the time cursor. */
    .states = v->cursor ? NULL : v->states, .until_seq = v->cursor,
  };
  return ctx;
}

/* Remembers the selected row's identity and its ancestors, so that the
 * selection can go to the nearest survivor when the row leaves. */
static void
viewer_remember_selection (Viewer *v, GArray *rows)
{
  const Row *r = &g_array_index (rows, Row, v->sel_idx);

  v->sel_serial = r->serial;
  v->sel_tid = r->tid;
  g_free (v->sel_fold);
  v->sel_fold = r->fold ? g_strdup (r->fold->comm) : NULL;
  g_free (v->sel_comm);
  v->sel_comm = g_strdup (r->fold ? r->fold->comm : r->proc->comm);
  g_array_set_size (v->sel_path, 0);
  for (gint i = rows_parent (rows, v->sel_idx); i >= 0; i = rows_parent (rows, i))
    g_array_prepend_val (v->sel_path, g_array_index (rows, Row, i).serial);
}

void
viewer_select (Viewer *v, GArray *rows, gint i)
{
  if (rows->len == 0)
    i = -1;
  else
    i = CLAMP (i, 0, (gint) rows->len - 1);
  v->sel_idx = i;
  if (i >= 0)
    viewer_remember_selection (v, rows);
}

/* Where the selection goes when its row has left ROWS: the fold its
 * process went into, else its nearest surviving ancestor (a collapsed one,
 * say), else the first row; never a stranger that took its place. */
static gint
viewer_find_survivor (Viewer *v, GArray *rows)
{
  gint i;

  if (v->sel_path->len && v->sel_comm && v->sel_tid != ROWS_TID_FOLD)
    {
      guint64 parent = g_array_index (v->sel_path, guint64, v->sel_path->len - 1);
      i = rows_find (rows, parent, ROWS_TID_FOLD, v->sel_comm);
      if (i >= 0)
        return i;
    }
  if (v->sel_tid != 0 && v->sel_tid != ROWS_TID_FOLD)
    {
      /* A thread row: its process. */
      i = rows_find (rows, v->sel_serial, 0, NULL);
      if (i >= 0)
        return i;
    }
  for (guint k = v->sel_path->len; k-- > 0;)
    {
      i = rows_find (rows, g_array_index (v->sel_path, guint64, k), 0, NULL);
      if (i >= 0)
        return i;
    }
  return 0;
}

GArray *
viewer_rows (Viewer *v)
{
  const Proctab *pt = viewer_proctab (v);
  const Proc *reveal = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  gint i;

  if (v->rows && !v->rows_stale)
    return v->rows;
  if (v->follow_serial)
    {
      reveal = proctab_lookup_serial (pt, v->follow_serial);
      if (!reveal)
        v->follow_serial = 0;
    }
  roots = proctab_roots (pt);
  RowsOptions o = {
    .threads = v->threads, .kthreads = v->kthreads, .collapsed = v->collapsed,
    .unfolded = v->unfolded, .filter = v->filter, .now_ns = viewer_now (v),
    .tomb_show_ns = v->tomb_show_ns, .hide_ok_tombs = v->hide_ok_tombs,
    .reveal = reveal,
  };
  if (v->rows)
    g_array_unref (v->rows);
  v->rows = rows_build (roots, &o);
  v->rows_stale = FALSE;
  if (reveal)
    i = rows_find (v->rows, v->follow_serial, 0, NULL);
  else
    i = rows_find (v->rows, v->sel_serial, v->sel_tid, v->sel_fold);
  if (i < 0 && v->rows->len)
    i = viewer_find_survivor (v, v->rows);
  viewer_select (v, v->rows, i);
  return v->rows;
}

const Row *
viewer_selected_row (Viewer *v)
{
  GArray *rows = viewer_rows (v);

  if (v->sel_idx < 0 || (guint) v->sel_idx >= rows->len)
    return NULL;
  return &g_array_index (rows, Row, v->sel_idx);
}

gint
viewer_pane_rows (Viewer *v, LayoutPane pane)
{
  return MAX (v->layout.pane[pane].h - 1, 1);
}

/* LogposShown: whether the log shows entry E: its event passes the filter,
 * judged on its subject as it was at the event. */
static gboolean
viewer_log_shown (const HistoryEntry *e, gpointer user)
{
  Viewer *v = user;
  const Proc *p = e->serial ? proctab_lookup_serial (viewer_proctab (v), e->serial) : NULL;

  return filter_match_event (v->filter, &e->ev, p, e->comm,
                             v->threads ? FILTER_SHOW_THREADS : 0);
}

void
viewer_update_log (Viewer *v)
{
  logpos_index_update (&v->log_index, viewer_history (v), viewer_log_shown, v);
}

guint64
viewer_log_selected (Viewer *v)
{
  if (v->log_follow)
    return logpos_newest (&v->log_index);
  return logpos_step (&v->log_index, v->log_sel, 0);
}

const Proc *
viewer_details_subject (Viewer *v, const HistoryEntry **entry)
{
  const HistoryEntry *e = NULL;
  const Proc *p = NULL;

  if (v->details_from_log)
    {
      e = logpos_entry (viewer_history (v), viewer_log_selected (v));
      p = e && e->serial ? proctab_lookup_serial (viewer_proctab (v), e->serial) : NULL;
    }
  else
    {
      const Row *r = viewer_selected_row (v);
      p = r ? r->proc : NULL;
    }
  *entry = e;
  return p;
}

/* Scrolls the tree so that the selection is on screen. */
static void
viewer_tree_scroll (Viewer *v)
{
  GArray *rows = viewer_rows (v);
  gint h = viewer_pane_rows (v, PANE_TREE);

  if (v->sel_idx >= 0 && v->sel_idx < v->tree_top)
    v->tree_top = v->sel_idx;
  if (v->sel_idx >= v->tree_top + h)
    v->tree_top = v->sel_idx - h + 1;
  v->tree_top = CLAMP (v->tree_top, 0, MAX ((gint) rows->len - h, 0));
}

void
viewer_prepare_frame (Viewer *v)
{
  GArray *rows = viewer_rows (v);
  gint h = viewer_pane_rows (v, PANE_TREE);
  const HistoryEntry *e;
  const Proc *p;

  viewer_tree_scroll (v);
  viewer_update_log (v);
  v->log_top = logpos_top (&v->log_index, v->log_top, viewer_log_selected (v),
                           viewer_pane_rows (v, PANE_LOG), v->log_follow);
  if (!v->live || v->cursor)
    return;
  for (gint i = v->tree_top; i < v->tree_top + h && i < (gint) rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->thread || r->fold || !r->proc->alive
          || g_hash_table_contains (v->states, &r->serial))
        continue;
      char c = monitor_read_state (v->m, r->serial);
      g_hash_table_insert (v->states, g_memdup2 (&r->serial, sizeof r->serial),
                           GINT_TO_POINTER (c ? c : '?'));
    }
  p = viewer_details_subject (v, &e);
  if (p && v->det_serial != p->serial)
    {
      details_live_clear (&v->det_live);
      v->det_serial = p->serial;
      monitor_read_place (v->m, p->serial, &v->det_live.cwd, &v->det_live.cgroup);
    }
}

void
viewer_tick (Viewer *v)
{
  if (!v->frozen)
    v->rows_stale = TRUE;
  g_hash_table_remove_all (v->states);
  v->det_serial = 0;
}

/* Moves the tree selection by N rows (or to an end with TO_END -1/1). */
static void
viewer_tree_move (Viewer *v, gint n, int to_end)
{
  GArray *rows = viewer_rows (v);

  v->follow_serial = 0;
  if (to_end)
    viewer_select (v, rows, to_end < 0 ? 0 : (gint) rows->len - 1);
  else
    viewer_select (v, rows, v->sel_idx + n);
  v->details_from_log = FALSE;
}

/* Moves the log selection by N events (TO_END as for viewer_tree_move). */
static void
viewer_log_move (Viewer *v, gint n, int to_end)
{
  guint64 newest = logpos_newest (&v->log_index);

  if (to_end > 0)
    {
      v->log_follow = TRUE;
      return;
    }
  if (to_end < 0)
    v->log_sel = logpos_nth (&v->log_index, 0);
  else
    v->log_sel = logpos_step (&v->log_index, viewer_log_selected (v), n);
  v->log_follow = !v->frozen && n > 0 && v->log_sel == newest;
  v->details_from_log = TRUE;
}

void
viewer_move (Viewer *v, gint n, int to_end)
{
  if (v->mode == VIEWER_MODE_DETAILS || v->focus == PANE_DETAILS)
    {
      v->det_top = to_end < 0 ? 0 : to_end > 0 ? G_MAXINT / 2 : MAX (v->det_top + n, 0);
      return;
    }
  if (v->focus == PANE_LOG)
    viewer_log_move (v, n, to_end);
  else
    viewer_tree_move (v, n, to_end);
}

void
viewer_focus (Viewer *v, LayoutPane pane)
{
  v->focus = pane;
  if (pane == PANE_TREE)
    v->details_from_log = FALSE;
  else if (pane == PANE_LOG)
    v->details_from_log = TRUE;
}

void
viewer_collapse (Viewer *v, gboolean collapse)
{
  const Row *r = viewer_selected_row (v);

  if (!r || r->thread)
    return;
  if (r->fold)
    {
      g_autofree char *key = rows_fold_key (r->fold->parent, r->fold->comm);
      if (collapse)
        g_hash_table_remove (v->unfolded, key);
      else
        g_hash_table_add (v->unfolded, g_steal_pointer (&key));
    }
  else if (collapse && (r->flags & ROW_F_CHILDREN))
    g_hash_table_add (v->collapsed, g_memdup2 (&r->serial, sizeof r->serial));
  else if (!collapse)
    g_hash_table_remove (v->collapsed, &r->serial);
  v->rows_stale = TRUE;
}

void
viewer_collapse_all (Viewer *v)
{
  if (g_hash_table_size (v->collapsed) > 0)
    g_hash_table_remove_all (v->collapsed);
  else
    {
      GArray *rows = viewer_rows (v);
      for (guint i = 0; i < rows->len; i++)
        {
          const Row *r = &g_array_index (rows, Row, i);
          if (r->depth > 0 && !r->tid && (r->flags & ROW_F_CHILDREN))
            g_hash_table_add (v->collapsed, g_memdup2 (&r->serial, sizeof r->serial));
        }
    }
  v->rows_stale = TRUE;
}

void
viewer_select_parent (Viewer *v)
{
  GArray *rows = viewer_rows (v);
  gint p = rows_parent (rows, v->sel_idx);

  if (p >= 0)
    {
      v->follow_serial = 0;
      viewer_select (v, rows, p);
    }
}

/* Whether the log entry SEQ, as the log shows it, holds TEXT. */
static gboolean
viewer_log_matches (Viewer *v, guint64 seq, const char *text)
{
  const HistoryEntry *e = logpos_entry (viewer_history (v), seq);
  FormatCtx ctx = viewer_format_ctx (v);

  return e && format_log_matches (e, &ctx, text);
}

/* The next shown log event after the selection (DIR 1) or before it
 * (DIR -1) holding the search, wrapping; 0 when none. */
static guint64
viewer_log_search (Viewer *v, int dir, gboolean inclusive)
{
  guint n = logpos_count (&v->log_index);
  gint64 from = logpos_rank (&v->log_index, viewer_log_selected (v));

  if (inclusive)
    from -= dir;
  for (guint k = 1; k <= n; k++)
    {
      gint64 i = ((from + dir * (gint64) k) % n + n) % n;
      guint64 seq = logpos_nth (&v->log_index, (guint) i);
      if (viewer_log_matches (v, seq, v->search))
        return seq;
    }
  return 0;
}

void
viewer_search_next (Viewer *v, int dir, gboolean inclusive)
{
  v->search_missed = FALSE;
  if (!v->search || !*v->search)
    return;
  if (v->focus == PANE_LOG)
    {
      guint64 seq = viewer_log_search (v, dir, inclusive);
      if (!seq)
        {
          v->search_missed = TRUE;
          return;
        }
      v->log_sel = seq;
      v->log_follow = FALSE;
      v->details_from_log = TRUE;
      return;
    }
  GArray *rows = viewer_rows (v);
  gint i = format_search_rows (rows, v->search, v->cmdline,
                               inclusive ? v->sel_idx - dir : v->sel_idx, dir);
  if (i < 0)
    {
      v->search_missed = TRUE;
      return;
    }
  v->follow_serial = 0;
  viewer_select (v, rows, i);
}

gboolean
viewer_set_filter (Viewer *v, const char *expr)
{
  g_autoptr (GError) error = NULL;
  Filter *f = filter_parse (expr, viewer_user_parse, v->m, &error);

  g_clear_pointer (&v->filter_error, g_free);
  if (!f)
    {
      v->filter_error = g_strdup (error->message);
      return FALSE;
    }
  filter_free (v->filter);
  v->filter = f;
  v->rows_stale = TRUE;
  logpos_index_reset (&v->log_index);
  return TRUE;
}

void
viewer_replace_term (Viewer *v, const char *key, const char *term)
{
  g_autofree char *rest = filter_text_without (v->filter, key);
  g_autofree char *expr = term ? g_strjoin (*rest ? " " : "", rest, term, NULL)
                               : g_strdup (rest);

  if (!viewer_set_filter (v, expr))
    viewer_message (v, "%s", v->filter_error);
}

gboolean
viewer_failures_only (Viewer *v)
{
  return filter_failures_only (v->filter);
}

void
viewer_clear_filters (Viewer *v)
{
  g_clear_pointer (&v->search, g_free);
  v->search_missed = FALSE;
  viewer_set_filter (v, NULL);
  v->follow_serial = 0;
  g_clear_pointer (&v->message, g_free);
}

void
viewer_toggle_follow (Viewer *v)
{
  if (v->follow_serial)
    {
      v->follow_serial = 0;
      v->rows_stale = TRUE;
      return;
    }
  if (v->focus == PANE_LOG)
    {
      const HistoryEntry *e = logpos_entry (viewer_history (v), viewer_log_selected (v));
      if (!e || !e->serial || !proctab_lookup_serial (viewer_proctab (v), e->serial))
        {
          viewer_message (v, "that process is no longer known");
          return;
        }
      v->follow_serial = e->serial;
      viewer_focus (v, PANE_TREE);
    }
  else
    {
      const Row *r = viewer_selected_row (v);
      if (!r || r->fold)
        return;
      v->follow_serial = r->serial;
    }
  v->rows_stale = TRUE;
}

void
viewer_show_details (Viewer *v)
{
  v->det_top = 0;
  if (layout_visible (&v->layout, PANE_DETAILS))
    {
      v->details_from_log = v->focus == PANE_LOG;
      v->focus = PANE_DETAILS;
      return;
    }
  v->details_from_log = v->focus == PANE_LOG;
  v->mode = VIEWER_MODE_DETAILS;
}

/* Freezes the view: a copy of the table and the timeline as they are. */
static void
viewer_freeze (Viewer *v)
{
  Monitor *m = v->m;

  viewer_update_log (v);
  v->fz_live = proctab_copy (monitor_proctab (m));
  v->fz_tl = timeline_copy (monitor_timeline (m));
  timeline_cursor_init (&v->cursor_tl, v->fz_tl);
  v->fz_mono = monitor_now_mono_ns (m);
  v->fz_wall = monitor_now_wall_ns (m);
  v->fz_events = monitor_stats (m)->events;
  v->fz_position = monitor_is_replay (m) ? monitor_replay_position (m) : 0;
  v->log_sel = viewer_log_selected (v);
  v->frozen = TRUE;
  v->rows_stale = TRUE;
  v->det_serial = 0;
}

/* Back to now: the frozen copies and the time cursor go. */
static void
viewer_thaw (Viewer *v)
{
  g_clear_pointer (&v->fz_live, proctab_free);
  g_clear_pointer (&v->fz_tl, timeline_free);
  timeline_cursor_clear (&v->cursor_tl);
  v->cursor = 0;
  v->frozen = FALSE;
  v->log_follow = TRUE;  /* now: the newest event again */
  v->rows_stale = TRUE;
  v->det_serial = 0;
}

void
viewer_toggle_freeze (Viewer *v)
{
  if (!v->frozen)
    viewer_freeze (v);
  else
    {
      viewer_thaw (v);
      /* A replay that moving the time cursor paused plays on. */
      if (monitor_is_replay (v->m))
        monitor_replay_pause (v->m, FALSE);
    }
}

/* Before the time cursor moves: the view freezes, a replay pauses. */
static void
viewer_hold (Viewer *v)
{
  if (monitor_is_replay (v->m))
    monitor_replay_pause (v->m, TRUE);
  if (!v->frozen)
    viewer_freeze (v);
}

/* The entry of the frozen ring with sequence number SEQ, or NULL. */
static const HistoryEntry *
viewer_ring_entry (Viewer *v, guint64 seq)
{
  return logpos_entry (timeline_history (v->fz_tl), seq);
}

void
viewer_set_cursor (Viewer *v, guint64 seq)
{
  const History *h;
  const HistoryEntry *e, *newest;

  viewer_hold (v);
  h = timeline_history (v->fz_tl);
  newest = history_get (h, history_len (h) - 1);
  e = seq ? viewer_ring_entry (v, seq) : NULL;
  if (!e || (newest && seq >= newest->seq))
    {
      /* The freeze point: the live table as it was. */
      v->cursor = 0;
    }
  else
    {
      v->cursor = seq;
      v->cursor_mono = e->ev.mono_ns;
      v->cursor_wall = e->ev.wall_ns;
    }
  /* The log shows the event the cursor is at (or the newest before it). */
  v->log_sel = v->cursor ? v->cursor : logpos_newest (&v->log_index);
  v->log_follow = FALSE;
  v->rows_stale = TRUE;
  v->det_serial = 0;
}

/* The seq the cursor stands on: its event, or the newest at the freeze. */
static guint64
viewer_cursor_seq (Viewer *v)
{
  const History *h = timeline_history (v->fz_tl);
  const HistoryEntry *newest = history_get (h, history_len (h) - 1);

  return v->cursor ? v->cursor : newest ? newest->seq : 0;
}

/* The seq of the frozen ring's last event at or before NS (its wall-clock
 * time when WALL, else its monotonic time), 0 when none is. */
static guint64
viewer_ring_before (Viewer *v, gint64 ns, gboolean wall)
{
  const History *h = timeline_history (v->fz_tl);
  guint64 best = 0;

  for (guint i = 0; i < history_len (h); i++)
    {
      const HistoryEntry *e = history_get (h, i);
      if ((wall ? e->ev.wall_ns : e->ev.mono_ns) > ns)
        break;
      best = e->seq;
    }
  return best;
}

/* Replays: moves the replay itself to right after its event RECORD, or
 * when RECORD is 0 to right after its last event at or before wall-clock
 * time WALL_NS (the history then ends there), and freezes the view there. */
static void
viewer_replay_at (Viewer *v, guint64 record, gint64 wall_ns)
{
  g_autoptr (GError) error = NULL;
  int r;

  monitor_replay_pause (v->m, TRUE);
  if (v->frozen)
    viewer_thaw (v);
  r = record ? monitor_replay_seek (v->m, record, &error)
             : monitor_replay_seek_time (v->m, wall_ns, &error);
  if (r < 0)
    viewer_message (v, "%s", error->message);
  else if (r == 0)
    viewer_message (v, "no later event in the recording");
  v->source_ended = FALSE;
  viewer_freeze (v);
  viewer_set_cursor (v, 0);
}

/* Replays: reads on until COUNT more events (not snapshots) have come or
 * the wall clock reaches UNTIL_WALL_NS (0: no limit), and freezes there. */
static void
viewer_replay_forward (Viewer *v, gint count, gint64 until_wall_ns)
{
  g_autoptr (GError) error = NULL;
  int r = 1;

  monitor_replay_pause (v->m, TRUE);
  if (v->frozen)
    viewer_thaw (v);
  while (r > 0 && (count > 0 || (until_wall_ns && monitor_now_wall_ns (v->m) < until_wall_ns)))
    {
      const History *h = monitor_history (v->m);
      r = monitor_replay_step (v->m, &error);
      if (r > 0 && history_get (h, history_len (h) - 1)->ev.kind != EVENT_SNAPSHOT)
        count--;
    }
  if (r < 0)
    viewer_message (v, "%s", error->message);
  if (r == 0)
    viewer_message (v, "no later event in the recording");
  viewer_freeze (v);
  viewer_set_cursor (v, 0);
}

void
viewer_step_events (Viewer *v, gint n)
{
  guint64 seq;
  int dir = n < 0 ? -1 : 1;
  gboolean replay = monitor_is_replay (v->m);

  viewer_hold (v);
  seq = viewer_cursor_seq (v);
  while (n != 0)
    {
      guint64 next = seq + dir;
      const HistoryEntry *e = viewer_ring_entry (v, next);
      if (!e && replay && dir < 0 && next >= 1)
        {
          /* Before the history: the replay goes back there. */
          viewer_replay_at (v, next, 0);
          return;
        }
      if (!e && replay && dir > 0)
        {
          /* After the history: the replay reads on. */
          viewer_replay_forward (v, n, 0);
          return;
        }
      if (!e)
        break;
      seq = next;
      if (e->ev.kind != EVENT_SNAPSHOT)
        n -= dir;
    }
  viewer_set_cursor (v, seq);
}

void
viewer_step_time (Viewer *v, double seconds)
{
  const History *h;
  guint64 seq;
  gint64 target;
  gboolean replay = monitor_is_replay (v->m);

  viewer_hold (v);
  h = timeline_history (v->fz_tl);
  seq = viewer_cursor_seq (v);
  if (!viewer_ring_entry (v, seq))
    return;
  target = viewer_ring_entry (v, seq)->ev.mono_ns + (gint64) (seconds * 1e9);
  if (replay && (target < history_get (h, 0)->ev.mono_ns
                 || (seconds > 0 && !v->cursor)))
    {
      /* Out of the history: the replay goes there. */
      gint64 wall = viewer_ring_entry (v, seq)->ev.wall_ns + (gint64) (seconds * 1e9);
      if (seconds > 0)
        viewer_replay_forward (v, 0, wall);
      else
        viewer_replay_at (v, 0, wall);
      return;
    }
  /* The last event at or before the target; the first one when none is. */
  seq = viewer_ring_before (v, target, FALSE);
  viewer_set_cursor (v, seq ? seq : history_get (h, 0)->seq);
}

gboolean
viewer_cursor_position (Viewer *v, guint64 *at, guint64 *of)
{
  const History *h;
  guint n = 0, k = 0;

  if (v->frozen && monitor_is_replay (v->m))
    {
      /* A replay numbers its events in the recording. */
      *at = v->cursor ? v->cursor : v->fz_position;
      *of = monitor_replay_records_seen (v->m);
      return TRUE;
    }
  if (!v->frozen || !v->cursor)
    return FALSE;
  h = timeline_history (v->fz_tl);
  for (guint i = 0; i < history_len (h); i++)
    {
      const HistoryEntry *e = history_get (h, i);
      if (e->ev.kind == EVENT_SNAPSHOT)
        continue;
      n++;
      if (e->seq <= v->cursor)
        k = n;
    }
  *at = k;
  *of = n;
  return TRUE;
}

/* The paces +/- go through in a replay, slowest first; 0 is as fast as
 * possible. */
static const double viewer_speeds[] = { 0.25, 0.5, 1, 2, 4, 8, 16, 64, 0 };

void
viewer_replay_toggle (Viewer *v)
{
  if (!monitor_is_replay (v->m))
    return;
  if (v->frozen)
    viewer_toggle_freeze (v);
  else
    {
      viewer_hold (v);
      viewer_message (v, "paused: Space plays on, [ ] { } : move in time");
    }
}

void
viewer_replay_speed (Viewer *v, int dir)
{
  double now = monitor_replay_speed (v->m);
  guint n = G_N_ELEMENTS (viewer_speeds), i;

  for (i = 0; i < n - 1 && !(now > 0 && now <= viewer_speeds[i]); i++)
    ;
  i = (guint) CLAMP ((gint) i + dir, 0, (gint) n - 1);
  monitor_replay_set_speed (v->m, viewer_speeds[i]);
  if (viewer_speeds[i] > 0)
    viewer_message (v, "replaying at %gx", viewer_speeds[i]);
  else
    viewer_message (v, "replaying as fast as possible");
}

/* Parses "HH:MM:SS[.mmm]" into *WALL_NS, on the local date of DAY_NS
 * (a CLOCK_REALTIME time in ns). */
static gboolean
viewer_parse_clock (const char *text, gint64 day_ns, gint64 *wall_ns)
{
  guint hh, mm, ss, ms = 0;
  int used = 0;

  if (sscanf (text, "%u:%u:%u%n", &hh, &mm, &ss, &used) != 3 || hh > 23 || mm > 59
      || ss > 60)
    return FALSE;
  if (text[used] == '.')
    {
      char *end;
      double frac = g_ascii_strtod (text + used, &end);
      if (*end || frac < 0 || frac >= 1)
        return FALSE;
      ms = (guint) (frac * 1000);
    }
  else if (text[used])
    return FALSE;
  g_autoptr (GDateTime) day = g_date_time_new_from_unix_local (day_ns / G_GINT64_CONSTANT (1000000000));
  if (!day)
    return FALSE;
  g_autoptr (GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                    g_date_time_get_month (day),
                                                    g_date_time_get_day_of_month (day),
                                                    hh, mm, ss);
  if (!at)
    return FALSE;
  *wall_ns = g_date_time_to_unix (at) * G_GINT64_CONSTANT (1000000000)
             + (gint64) ms * 1000000;
  return TRUE;
}

gboolean
viewer_goto (Viewer *v, const char *text)
{
  gboolean replay = monitor_is_replay (v->m);
  guint64 n;
  gint64 wall;

  text += *text == '#';
  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &n, NULL))
    {
      if (replay)
        {
          viewer_replay_at (v, n, 0);
          return TRUE;
        }
      /* Live: the Nth event the history holds (snapshots not counted). */
      viewer_hold (v);
      const History *h = timeline_history (v->fz_tl);
      for (guint i = 0, k = 0; i < history_len (h); i++)
        {
          const HistoryEntry *e = history_get (h, i);
          if (e->ev.kind != EVENT_SNAPSHOT && ++k == n)
            {
              viewer_set_cursor (v, e->seq);
              return TRUE;
            }
        }
      viewer_message (v, "the history holds fewer events than %" G_GUINT64_FORMAT, n);
      return FALSE;
    }
  if (!viewer_parse_clock (text, v->frozen ? (v->cursor ? v->cursor_wall : v->fz_wall)
                                           : monitor_now_wall_ns (v->m), &wall))
    {
      viewer_message (v, "go to what?  an event number (#4211) or a time (12:34:56.789)");
      return FALSE;
    }
  if (replay)
    {
      viewer_replay_at (v, 0, wall);
      return TRUE;
    }
  viewer_hold (v);
  guint64 best = viewer_ring_before (v, wall, TRUE);
  if (!best)
    {
      viewer_message (v, "the history starts after that time");
      return FALSE;
    }
  viewer_set_cursor (v, best);
  return TRUE;
}
