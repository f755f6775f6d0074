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
  v->kthreads = opts->kthreads;
  v->cmdline = opts->cmdline;
  v->columns = opts->columns & (FORMAT_COLUMN_BIT (FORMAT_COLUMN_MAX) - 1);
  viewer_set_sort (v, opts->sort);
  v->sort_reverse = opts->sort_reverse;
  v->tomb_show_ns = opts->tomb_show_ns;
  v->count_left = opts->count > 0 ? opts->count : -1;
  v->filter = filter_parse (opts->filter, viewer_user_parse, m, NULL);
  g_assert (v->filter);  /* the command line checked it */
  monitor_want_cgroups (m, filter_needs_cgroup (v->filter));
  v->input = g_string_new (NULL);
  v->collapsed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  v->unfolded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  v->samples = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  v->users = g_ptr_array_new_with_free_func (viewer_user_free);
  v->sel_path = g_array_new (FALSE, FALSE, sizeof (guint64));
  logpos_index_init (&v->log_index);
  v->loop = g_main_loop_new (NULL, FALSE);
}

void
viewer_clear (Viewer *v)
{
  viewer_thaw (v);
  g_clear_pointer (&v->rows, g_array_unref);
  g_clear_pointer (&v->log_lines, g_array_unref);
  g_clear_pointer (&v->collapsed, g_hash_table_unref);
  g_clear_pointer (&v->unfolded, g_hash_table_unref);
  g_clear_pointer (&v->samples, g_hash_table_unref);
  g_clear_pointer (&v->users, g_ptr_array_unref);
  g_clear_pointer (&v->sel_path, g_array_unref);
  logpos_index_clear (&v->log_index);
  if (v->input)
    g_string_free (g_steal_pointer (&v->input), TRUE);
  details_live_clear (&v->det_live);
  g_clear_pointer (&v->filter, filter_free);
  g_clear_pointer (&v->filter_error, g_free);
  g_clear_pointer (&v->search, g_free);
  g_clear_pointer (&v->prompt_saved, g_free);
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

gint64
viewer_now_wall (Viewer *v)
{
  if (!v->frozen)
    return monitor_now_wall_ns (v->m);
  return v->cursor ? v->cursor_wall : v->fz_wall;
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

/* Shows the message FMT, AP in the function bar for US microseconds. */
static void viewer_message_va (Viewer *v, gint64 us, const char *fmt, va_list ap)
  G_GNUC_PRINTF (3, 0);

static void
viewer_message_va (Viewer *v, gint64 us, const char *fmt, va_list ap)
{
  g_free (v->message);
  v->message = g_strdup_vprintf (fmt, ap);
  v->message_until_us = g_get_monotonic_time () + us;
}

void
viewer_message (Viewer *v, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  viewer_message_va (v, VIEWER_MESSAGE_US, fmt, ap);
  va_end (ap);
}

void
viewer_message_for (Viewer *v, gint64 us, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  viewer_message_va (v, us, fmt, ap);
  va_end (ap);
}

void
viewer_message_clear (Viewer *v)
{
  g_clear_pointer (&v->message, g_free);
}

gboolean
viewer_message_shown (const Viewer *v)
{
  return v->message && g_get_monotonic_time () < v->message_until_us;
}

FormatCtx
viewer_format_ctx (Viewer *v)
{
  FormatCtx ctx = {
    .utf8 = v->utf8, .cmdline = v->cmdline, .now_ns = viewer_now (v),
    .now_wall_ns = viewer_now_wall (v), .names = monitor_user_names (v->m),
    /* What /proc says now is not what was true at the time cursor. */
    .samples = v->cursor ? NULL : v->samples,
    .until_seq = v->cursor,
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
    .reveal = reveal, .sort = v->sort, .sort_reverse = v->sort_reverse,
    .samples = v->cursor ? NULL : v->samples,
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

/* Reads through the monitor what /proc says about the process with this
 * serial, once per tick. */
static void
viewer_sample (Viewer *v, guint64 serial)
{
  ProcSample *s;

  if (g_hash_table_contains (v->samples, &serial))
    return;
  s = g_new (ProcSample, 1);
  monitor_sample (v->m, serial, (v->columns & FORMAT_COLUMN_BIT (FORMAT_COLUMN_UNIT)) != 0, s);
  g_hash_table_insert (v->samples, g_memdup2 (&serial, sizeof serial), s);
}

/* Forgets the samples read, so that they are read again before the next
 * frame. */
static void
viewer_samples_reset (Viewer *v)
{
  g_hash_table_remove_all (v->samples);
  v->samples_all = FALSE;
}

/* GFunc of proctab_foreach: samples a live process for the viewer USER. */
static void
viewer_sample_cb (gpointer data, gpointer user)
{
  viewer_sample (user, ((const Proc *) data)->serial);
}

void
viewer_prepare_frame (Viewer *v)
{
  GArray *rows;
  gint h = viewer_pane_rows (v, PANE_TREE);
  const HistoryEntry *e;
  const Proc *p;

  /* Sorted by what /proc says: every process, before the rows are built. */
  if (v->live && !v->cursor && rows_sort_needs_samples (v->sort) && !v->samples_all)
    {
      proctab_foreach (monitor_proctab (v->m), viewer_sample_cb, v);
      v->samples_all = TRUE;
      if (!v->frozen)
        v->rows_stale = TRUE;
    }
  rows = viewer_rows (v);
  viewer_tree_scroll (v);
  viewer_update_log (v);
  v->log_top = logpos_top (&v->log_index, v->log_top, viewer_log_selected (v),
                           viewer_pane_rows (v, PANE_LOG), v->log_follow);
  if (!v->live || v->cursor)
    return;
  for (gint i = v->tree_top; i < v->tree_top + h && i < (gint) rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (!r->thread && !r->fold && r->proc->alive)
        viewer_sample (v, r->serial);
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
  viewer_samples_reset (v);
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
      /* Following the newest, the newest match comes first, and so on
       * while the search that began there is typed. */
      guint64 seq = viewer_log_search (v, v->log_follow || (inclusive && v->search_back)
                                          ? -1 : dir, inclusive);
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
  monitor_want_cgroups (v->m, filter_needs_cgroup (f));
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
  viewer_message_clear (v);
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
  if (v->focus == PANE_DETAILS)
    {
      /* Enter again: back to where the details came from. */
      viewer_leave_details (v);
      return;
    }
  if (layout_visible (&v->layout, PANE_DETAILS))
    {
      v->details_from_log = v->focus == PANE_LOG;
      v->focus = PANE_DETAILS;
      return;
    }
  v->details_from_log = v->focus == PANE_LOG;
  v->mode = VIEWER_MODE_DETAILS;
}

void
viewer_leave_details (Viewer *v)
{
  if (v->mode == VIEWER_MODE_DETAILS)
    v->mode = VIEWER_MODE_NORMAL;
  else if (v->focus == PANE_DETAILS)
    v->focus = v->details_from_log ? PANE_LOG : PANE_TREE;
}

void
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
  v->log_sel = viewer_log_selected (v);
  v->frozen = TRUE;
  v->rows_stale = TRUE;
  v->det_serial = 0;
}

void
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
  /* What was said of the frozen view (the time cursor's edges) is no
   * longer true. */
  viewer_message_clear (v);
}

void
viewer_toggle_column (Viewer *v, guint c)
{
  v->columns ^= FORMAT_COLUMN_BIT (c);
  /* The unit is read with the samples: read them again. */
  viewer_samples_reset (v);
}

void
viewer_set_sort (Viewer *v, guint sort)
{
  v->sort = MIN (sort, ROWS_SORT_MAX - 1);
  v->sort_reverse = FALSE;
  v->rows_stale = TRUE;
}

void
viewer_invert_sort (Viewer *v)
{
  v->sort_reverse = !v->sort_reverse;
  v->rows_stale = TRUE;
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

