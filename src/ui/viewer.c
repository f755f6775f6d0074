/* viewer.c - the viewer's state and what keys do to it (see viewer.h). */
#include "viewer.h"

#include <string.h>

#include "logpos.h"

/* Exited processes stay in the tree this long. */
#define VIEWER_TOMB_SHOW_NS (5 * G_GINT64_CONSTANT (1000000000))
/* How long a message stays in the function bar. */
#define VIEWER_MESSAGE_US (4 * G_USEC_PER_SEC)

/* Frees a picker entry. */
static void
viewer_user_free (gpointer data)
{
  ViewerUser *u = data;

  g_free (u->label);
  g_free (u);
}

void
viewer_init (Viewer *v, Monitor *m, const TuiOptions *opts)
{
  *v = (Viewer) { .m = m, .log_follow = TRUE, .rows_stale = TRUE };
  v->live = monitor_is_live (m);
  v->threads = opts->threads;
  v->comm = opts->comm && *opts->comm ? g_strdup (opts->comm) : NULL;
  v->has_uid = opts->has_uid;
  v->uid = opts->uid;
  v->input = g_string_new (NULL);
  v->collapsed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  v->states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  v->users = g_ptr_array_new_with_free_func (viewer_user_free);
  v->loop = g_main_loop_new (NULL, FALSE);
}

void
viewer_clear (Viewer *v)
{
  g_clear_pointer (&v->fz_pt, proctab_free);
  g_clear_pointer (&v->fz_h, history_free);
  g_clear_pointer (&v->rows, g_array_unref);
  g_clear_pointer (&v->log_lines, g_array_unref);
  g_clear_pointer (&v->collapsed, g_hash_table_unref);
  g_clear_pointer (&v->states, g_hash_table_unref);
  g_clear_pointer (&v->users, g_ptr_array_unref);
  if (v->input)
    g_string_free (g_steal_pointer (&v->input), TRUE);
  details_live_clear (&v->det_live);
  g_clear_pointer (&v->comm, g_free);
  g_clear_pointer (&v->search, g_free);
  g_clear_pointer (&v->message, g_free);
  g_clear_pointer (&v->error, g_free);
  g_clear_pointer (&v->loop, g_main_loop_unref);
}

const Proctab *
viewer_proctab (Viewer *v)
{
  return v->frozen ? v->fz_pt : monitor_proctab (v->m);
}

const History *
viewer_history (Viewer *v)
{
  return v->frozen ? v->fz_h : monitor_history (v->m);
}

gint64
viewer_now (Viewer *v)
{
  return v->frozen ? v->fz_mono : monitor_now_mono_ns (v->m);
}

void
viewer_toggles (Viewer *v, gboolean on[KEYS_ACTION_MAX])
{
  memset (on, 0, KEYS_ACTION_MAX * sizeof on[0]);
  on[KEYS_FREEZE] = v->frozen;
  on[KEYS_CMDLINE] = v->cmdline;
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
    .names = monitor_user_names (v->m), .states = v->states,
  };
  return ctx;
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
    {
      const Row *r = &g_array_index (rows, Row, i);
      v->sel_serial = r->serial;
      v->sel_tid = r->tid;
    }
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
    .comm = v->comm, .has_uid = v->has_uid, .uid = v->uid,
    .now_ns = viewer_now (v), .tomb_show_ns = VIEWER_TOMB_SHOW_NS, .reveal = reveal,
  };
  if (v->rows)
    g_array_unref (v->rows);
  v->rows = rows_build (roots, &o);
  v->rows_stale = FALSE;
  i = reveal ? rows_find (v->rows, v->follow_serial, 0)
             : rows_find (v->rows, v->sel_serial, v->sel_tid);
  viewer_select (v, v->rows, i >= 0 ? i : v->sel_idx);
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

guint64
viewer_log_selected (Viewer *v)
{
  const History *h = viewer_history (v);

  if (v->log_follow)
    return logpos_newest (h);
  return logpos_step (h, v->log_sel, 0);
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
  v->log_top = logpos_top (viewer_history (v), v->log_top, viewer_log_selected (v),
                           viewer_pane_rows (v, PANE_LOG), v->log_follow);
  if (!v->live)
    return;
  for (gint i = v->tree_top; i < v->tree_top + h && i < (gint) rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->thread || !r->proc->alive || g_hash_table_contains (v->states, &r->serial))
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
  const History *h = viewer_history (v);
  guint64 newest = logpos_newest (h);

  if (to_end > 0)
    {
      v->log_follow = TRUE;
      return;
    }
  if (to_end < 0)
    v->log_sel = logpos_step (h, 0, 0);
  else
    v->log_sel = logpos_step (h, viewer_log_selected (v), n);
  v->log_follow = !v->frozen && n > 0 && v->log_sel == newest;
  v->details_from_log = TRUE;
}

void
viewer_move (Viewer *v, gint n, int to_end)
{
  switch (v->focus)
    {
    case PANE_LOG:
      viewer_log_move (v, n, to_end);
      break;
    case PANE_DETAILS:
      v->det_top = to_end < 0 ? 0 : to_end > 0 ? G_MAXINT / 2 : MAX (v->det_top + n, 0);
      break;
    default:
      viewer_tree_move (v, n, to_end);
      break;
    }
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

  if (!r || r->tid)
    return;
  if (collapse && (r->flags & ROW_F_CHILDREN))
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

void
viewer_search_next (Viewer *v, int dir, gboolean inclusive)
{
  GArray *rows = viewer_rows (v);
  gint i;

  if (!v->search || !*v->search || rows->len == 0)
    return;
  i = rows_search (rows, v->search, v->cmdline,
                   inclusive ? v->sel_idx - dir : v->sel_idx, dir);
  if (i < 0)
    viewer_message (v, "not found");
  else
    {
      v->follow_serial = 0;
      viewer_select (v, rows, i);
    }
}

void
viewer_clear_filters (Viewer *v)
{
  g_clear_pointer (&v->search, g_free);
  g_clear_pointer (&v->comm, g_free);
  v->has_uid = FALSE;
  v->follow_serial = 0;
  g_clear_pointer (&v->message, g_free);
  v->rows_stale = TRUE;
}

void
viewer_toggle_follow (Viewer *v)
{
  const Row *r = viewer_selected_row (v);

  v->follow_serial = (r && !v->follow_serial) ? r->serial : 0;
  v->rows_stale = TRUE;
}

void
viewer_toggle_freeze (Viewer *v)
{
  Monitor *m = v->m;

  if (v->frozen)
    {
      g_clear_pointer (&v->fz_pt, proctab_free);
      g_clear_pointer (&v->fz_h, history_free);
      v->frozen = FALSE;
    }
  else
    {
      v->fz_pt = proctab_copy (monitor_proctab (m));
      v->fz_h = history_copy (monitor_history (m));
      v->fz_mono = monitor_now_mono_ns (m);
      v->fz_wall = monitor_now_wall_ns (m);
      v->fz_events = monitor_stats (m)->events;
      v->log_sel = viewer_log_selected (v);
      v->frozen = TRUE;
    }
  v->rows_stale = TRUE;
  v->det_serial = 0;
}

void
viewer_log_to_tree (Viewer *v)
{
  const HistoryEntry *e = logpos_entry (viewer_history (v), viewer_log_selected (v));
  GArray *rows;
  gint i;

  if (!e || !e->serial)
    return;
  rows = viewer_rows (v);
  i = rows_find (rows, e->serial, 0);
  if (i < 0)
    {
      viewer_message (v, "that process is not in the tree now");
      return;
    }
  v->follow_serial = 0;
  viewer_select (v, rows, i);
  v->focus = PANE_TREE;
  v->details_from_log = FALSE;
}
