/* actions.c - what keys, clicks and dialogs do to the viewer (see
 * actions.h). */
#include "actions.h"

#include "cells.h"

Reaction
actions_tree_move (Viewer *v, gint n, int to_end)
{
  GArray *rows = viewer_rows (v);

  v->follow_serial = 0;
  if (to_end)
    viewer_select (v, rows, to_end < 0 ? 0 : (gint) rows->len - 1);
  else
    viewer_select (v, rows, v->sel_idx + n);
  v->details_from_log = FALSE;
  return REACTION_NONE;
}

Reaction
actions_tree_pick (Viewer *v, gint i)
{
  GArray *rows = viewer_rows (v);

  if (i >= 0 && i < (gint) rows->len)
    {
      v->follow_serial = 0;
      viewer_select (v, rows, i);
    }
  return REACTION_NONE;
}

Reaction
actions_log_move (Viewer *v, gint n, int to_end)
{
  Logpos *lp = &v->log;
  guint64 newest = logpos_newest (lp);

  if (to_end > 0)
    {
      lp->follow = TRUE;
      return REACTION_NONE;
    }
  if (to_end < 0)
    lp->sel = logpos_oldest (lp);
  else
    lp->sel = logpos_step (lp, logpos_selected (lp), n);
  lp->follow = !cursor_frozen (v->cursor) && n > 0 && lp->sel == newest;
  v->details_from_log = TRUE;
  return REACTION_NONE;
}

Reaction
actions_log_pick (Viewer *v, guint64 key)
{
  logpos_select_row (&v->log, key);
  return REACTION_NONE;
}

Reaction
actions_graph_pick (Viewer *v, int x)
{
  GraphSpan sp;
  int i;

  viewer_graph_span (v, &sp);
  i = graph_interval_at (&sp, x);
  if (i < 0)
    return REACTION_NONE;
  return cursor_go_mono (v->cursor, sp.from_ns + (i + 1) * sp.width_ns - 1);
}

Reaction
actions_timeline_pick (Viewer *v, gint i, int x, int cells)
{
  GraphSpan sp;
  int k;

  actions_tree_pick (v, i);
  viewer_timeline_span (v, cells, &sp);
  k = graph_interval_at (&sp, x);
  if (k < 0)
    return REACTION_NONE;
  /* The end of the cell's slice of its interval. */
  gint64 t = sp.from_ns + k * sp.width_ns
             + ((x - graph_cell_of (&sp, k) + 1) * sp.width_ns) / sp.per - 1;
  return cursor_go_mono (v->cursor, t);
}

Reaction
actions_details_scroll (Viewer *v, gint n, int to_end)
{
  v->det_top = to_end < 0 ? 0 : to_end > 0 ? G_MAXINT / 2 : MAX (v->det_top + n, 0);
  return REACTION_NONE;
}

Reaction
actions_focus (Viewer *v, LayoutPane pane)
{
  v->focus = pane;
  if (pane == PANE_TREE)
    v->details_from_log = FALSE;
  else if (pane == PANE_LOG)
    v->details_from_log = TRUE;
  return REACTION_NONE;
}

Reaction
actions_leave_details (Viewer *v)
{
  if (v->focus == PANE_DETAILS)
    v->focus = v->details_from_log ? PANE_LOG : PANE_TREE;
  return REACTION_NONE;
}

Reaction
actions_details_over (Viewer *v)
{
  v->det_top = 0;
  v->details_from_log = v->focus == PANE_LOG;
  return REACTION_NONE;
}

/* Rows the log's search reads at most before it gives up: a search costs
 * a line's words per row, which a long history has millions of. */
#define ACTIONS_SEARCH_MAX 100000

/* Whether the log's row KEY, as the log shows it, holds the search. */
static gboolean
actions_log_matches (Viewer *v, guint64 key)
{
  RowtextCtx ctx = viewer_rowtext_ctx (v);

  return rowtext_log_matches (&v->log, key, &ctx, v->search);
}

/* The next row of the log after the selection (DIR 1) or before it
 * (DIR -1) holding the search as shown, wrapping, the selection itself
 * first with INCLUSIVE, else last; 0 when none is among the
 * ACTIONS_SEARCH_MAX rows read. */
static guint64
actions_log_search (Viewer *v, int dir, gboolean inclusive)
{
  Logpos *lp = &v->log;
  guint64 start = logpos_selected (lp), key = start;

  if (!start)
    return 0;
  if (inclusive && actions_log_matches (v, start))
    return start;
  for (guint k = 0; k < ACTIONS_SEARCH_MAX; k++)
    {
      guint64 next = logpos_row_next (lp, key, dir);
      if (!next && logpos_busy (lp))
        return 0;
      if (!next)
        next = dir > 0 ? logpos_oldest (lp) : logpos_newest (lp);  /* wraps */
      if (next == start)
        return !inclusive && actions_log_matches (v, start) ? start : 0;
      if (actions_log_matches (v, next))
        return next;
      key = next;
    }
  return 0;
}

Reaction
actions_search (Viewer *v, int dir, gboolean inclusive)
{
  v->search_missed = FALSE;
  if (!v->search || !*v->search)
    return REACTION_NONE;
  if (v->focus == PANE_LOG)
    {
      /* Following the newest, the newest match comes first, and so on
       * while the search that began there is typed. */
      guint64 key = actions_log_search (v, v->log.follow || (inclusive && v->search_back)
                                           ? -1 : dir, inclusive);
      if (!key)
        {
          v->search_missed = TRUE;
          return REACTION_NONE;
        }
      logpos_select_row (&v->log, key);
      v->details_from_log = TRUE;
      return REACTION_NONE;
    }
  GArray *rows = viewer_rows (v);
  gint i = rowtext_search_rows (rows, v->search, v->cmdline,
                                inclusive ? v->sel_idx - dir : v->sel_idx, dir);
  if (i < 0)
    {
      v->search_missed = TRUE;
      return REACTION_NONE;
    }
  v->follow_serial = 0;
  viewer_select (v, rows, i);
  return REACTION_NONE;
}

Reaction
actions_search_begin (Viewer *v)
{
  v->search_back = v->focus == PANE_LOG && v->log.follow;
  return REACTION_NONE;
}

Reaction
actions_search_set (Viewer *v, const char *text)
{
  g_free (v->search);
  v->search = text && *text ? g_strdup (text) : NULL;
  return actions_search (v, 1, TRUE);
}

Reaction
actions_search_restore (Viewer *v, const char *text)
{
  g_free (v->search);
  v->search = g_strdup (text);
  v->search_missed = FALSE;
  return REACTION_NONE;
}

Reaction
actions_set_filter (Viewer *v, const char *expr)
{
  g_autoptr (GError) error = NULL;
  Filter *f = viewer_parse_filter (v, expr, &error);

  g_clear_pointer (&v->filter_error, g_free);
  if (!f)
    {
      v->filter_error = g_strdup (error->message);
      return REACTION_NONE;
    }
  filter_free (v->filter);
  v->filter = f;
  monitor_want_cgroups (v->m, filter_needs_cgroup (f));
  /* The rows now: a selection the filter leaves as a dim ancestor, or
   * hides, goes to the first match. */
  viewer_react (v, REACTION_ROWS | REACTION_LOG);
  const Row *r = viewer_selected_row (v);
  if (!filter_is_empty (f) && (!r || !(r->flags & ROW_F_MATCH)))
    {
      GArray *rows = viewer_rows (v);
      gint i = viewer_first_match (rows);
      if (i >= 0)
        {
          v->follow_serial = 0;
          viewer_select (v, rows, i);
        }
    }
  return REACTION_NONE;
}

Reaction
actions_replace_term (Viewer *v, const char *key, const char *term)
{
  g_autofree char *rest = filter_text_without (v->filter, key);
  g_autofree char *expr = term ? g_strjoin (*rest ? " " : "", rest, term, NULL)
                               : g_strdup (rest);
  Reaction r = actions_set_filter (v, expr);

  if (v->filter_error)
    message_say (&v->message, "%s", v->filter_error);
  return r;
}

Reaction
actions_set_sort (Viewer *v, guint sort)
{
  v->sort = MIN (sort, ROWS_SORT_MAX - 1);
  v->sort_reverse = FALSE;
  return REACTION_ROWS;
}

Reaction
actions_toggle_column (Viewer *v, guint c)
{
  v->columns ^= ROWTEXT_COLUMN_BIT (c);
  /* The unit is read with the samples: read them again. */
  return REACTION_SAMPLES;
}

/* Folds (COLLAPSE) or unfolds the fold of the log's selected row; from a
 * member's row, folding goes to its fold's line. */
static Reaction
actions_log_fold (Viewer *v, gboolean collapse)
{
  guint64 key = logpos_selected (&v->log), line = logpos_fold_line (&v->log, key);

  if (!line)
    return REACTION_NONE;
  if (collapse)
    logpos_select_row (&v->log, line);
  logpos_unfold (&v->log, line, !collapse);
  return REACTION_NONE;
}

/* Collapses (COLLAPSE) or expands the selected row's subtree or fold; in
 * the log, its fold. */
static Reaction
actions_fold (Viewer *v, gboolean collapse)
{
  const Row *r;

  if (v->focus == PANE_LOG)
    return actions_log_fold (v, collapse);
  r = viewer_selected_row (v);

  if (!r || r->thread)
    return REACTION_NONE;
  if (r->fold)
    {
      g_autofree char *key = rows_fold_key (r->fold->parent, r->fold->name);
      if (collapse)
        g_hash_table_remove (v->unfolded, key);
      else
        g_hash_table_add (v->unfolded, g_steal_pointer (&key));
    }
  else if (collapse && (r->flags & ROW_F_CHILDREN))
    g_hash_table_add (v->collapsed, g_memdup2 (&r->serial, sizeof r->serial));
  else if (!collapse)
    g_hash_table_remove (v->collapsed, &r->serial);
  return REACTION_ROWS;
}

Reaction
actions_parent (Viewer *v)
{
  GArray *rows = viewer_rows (v);
  gint p = rows_parent (rows, v->sel_idx);

  if (p >= 0)
    {
      v->follow_serial = 0;
      viewer_select (v, rows, p);
    }
  return REACTION_NONE;
}

Reaction
actions_left (Viewer *v)
{
  const Row *r;

  if (v->focus == PANE_LOG)
    return actions_log_fold (v, TRUE);
  r = viewer_selected_row (v);

  if (r && (r->flags & ROW_F_CHILDREN) && !(r->flags & ROW_F_COLLAPSED))
    return actions_fold (v, TRUE);
  return actions_parent (v);
}

Reaction
actions_right (Viewer *v)
{
  return actions_fold (v, FALSE);
}

/* + and -: a replay with more to play, its pace (DIR 1 faster); at its
 * end, or live, the tree (expand with DIR 1). */
static Reaction
actions_pace_or_fold (Viewer *v, int dir)
{
  if (monitor_is_replay (v->m) && !cursor_ended (v->cursor))
    return cursor_pace (v->cursor, dir);
  return actions_fold (v, dir < 0);
}

Reaction
actions_expand (Viewer *v)
{
  return actions_pace_or_fold (v, 1);
}

Reaction
actions_collapse (Viewer *v)
{
  return actions_pace_or_fold (v, -1);
}

Reaction
actions_collapse_all (Viewer *v)
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
  return REACTION_ROWS;
}

Reaction
actions_focus_next (Viewer *v)
{
  return actions_focus (v, layout_next_focus (&v->layout, v->focus));
}

Reaction
actions_focus_prev (Viewer *v)
{
  /* Three panes at most: two steps forward is one back. */
  return actions_focus (v, layout_next_focus (&v->layout,
                                              layout_next_focus (&v->layout, v->focus)));
}

Reaction
actions_details (Viewer *v)
{
  /* No room for the pane: the details open over the body (a dialog). */
  if (!layout_visible (&v->layout, PANE_DETAILS))
    return REACTION_PASS;
  v->det_top = 0;
  v->details_from_log = v->focus == PANE_LOG;
  v->focus = PANE_DETAILS;
  return REACTION_NONE;
}

Reaction
actions_search_next (Viewer *v)
{
  /* Without a search: the search prompt opens. */
  if (!v->search)
    return REACTION_PASS;
  return actions_search (v, 1, FALSE);
}

Reaction
actions_search_prev (Viewer *v)
{
  return actions_search (v, -1, FALSE);
}

Reaction
actions_failed (Viewer *v)
{
  return actions_replace_term (v, "failed", filter_failures_only (v->filter) ? NULL : "failed");
}

Reaction
actions_hide_ok (Viewer *v)
{
  v->hide_ok_tombs = !v->hide_ok_tombs;
  message_say (&v->message, v->hide_ok_tombs ? "exited processes that did not fail are hidden"
                                              : "every exited process is shown");
  return REACTION_ROWS;
}

Reaction
actions_clear (Viewer *v)
{
  message_clear (&v->message);
  if (v->search)
    {
      g_clear_pointer (&v->search, g_free);
      v->search_missed = FALSE;
      return REACTION_NONE;
    }
  if (!filter_is_empty (v->filter))
    {
      /* Kept, so that the prompt's Up brings it back. */
      recall_add (&v->filter_recall, filter_text (v->filter));
      return actions_set_filter (v, NULL);
    }
  if (v->follow_serial)
    {
      v->follow_serial = 0;
      return REACTION_ROWS;
    }
  return REACTION_NONE;
}

Reaction
actions_freeze (Viewer *v)
{
  return cursor_toggle_freeze (v->cursor);
}

Reaction
actions_cursor_back (Viewer *v)
{
  return cursor_step_events (v->cursor, -1);
}

Reaction
actions_cursor_forward (Viewer *v)
{
  return cursor_frozen (v->cursor) ? cursor_step_events (v->cursor, 1) : REACTION_NONE;
}

Reaction
actions_cursor_back_second (Viewer *v)
{
  return cursor_step_time (v->cursor, -1);
}

Reaction
actions_cursor_forward_second (Viewer *v)
{
  return cursor_frozen (v->cursor) ? cursor_step_time (v->cursor, 1) : REACTION_NONE;
}

Reaction
actions_cursor_go (Viewer *v)
{
  guint64 seq = logpos_selected_event (&v->log);

  return seq ? cursor_go (v->cursor, seq) : REACTION_NONE;
}

Reaction
actions_cursor_return (Viewer *v)
{
  return cursor_frozen (v->cursor) ? cursor_go (v->cursor, 0) : REACTION_NONE;
}

Reaction
actions_play (Viewer *v)
{
  if (monitor_is_replay (v->m))
    return cursor_play (v->cursor);
  return cursor_toggle_freeze (v->cursor);
}

/* Narrows (DIR -1) or widens the graph's and timeline's window, and says
 * how long it is now. */
static Reaction
actions_zoom (Viewer *v, int dir)
{
  gint z = CLAMP ((gint) v->window.zoom + dir, 0, GRAPH_ZOOM_MAX - 1);

  v->window.zoom = (GraphZoom) z;
  if (z == GRAPH_ZOOM_ALL)
    message_say (&v->message, "graph: everything since the %s started",
                 monitor_is_replay (v->m) ? "recording" : "viewer");
  else
    message_say (&v->message, "graph: the last %s", graph_zoom_name (v->window.zoom));
  return REACTION_NONE;
}

Reaction
actions_zoom_in (Viewer *v)
{
  return actions_zoom (v, -1);
}

Reaction
actions_zoom_out (Viewer *v)
{
  return actions_zoom (v, 1);
}

/* Moves the time cursor to the end of the graph's interval before (DIR
 * -1) or after the one it is in (the freeze point's, not frozen); forward
 * past an interval with no event, on to the next event. */
static Reaction
actions_graph_step (Viewer *v, int dir)
{
  Cursor *c = v->cursor;
  gint64 at = cursor_seq (c) ? cursor_now (c) : cursor_edge (c);
  GraphSpan sp;
  int i;

  if (dir > 0 && !cursor_frozen (c))
    return REACTION_NONE;
  viewer_graph_span (v, &sp);
  i = graph_interval_of (&sp, at);
  if (i < 0)
    i = (int) sp.n - 1;
  if (dir > 0)
    return cursor_step_to (c, sp.from_ns + (i + 2) * sp.width_ns - 1, "the next column");
  return cursor_go_mono (c, sp.from_ns + i * sp.width_ns - 1);
}

Reaction
actions_graph_back (Viewer *v)
{
  return actions_graph_step (v, -1);
}

Reaction
actions_graph_forward (Viewer *v)
{
  return actions_graph_step (v, 1);
}

Reaction
actions_timeline (Viewer *v)
{
  v->timeline = !v->timeline;
  return REACTION_ROWS;
}

Reaction
actions_follow (Viewer *v)
{
  if (v->follow_serial)
    {
      v->follow_serial = 0;
      return REACTION_ROWS;
    }
  if (v->focus == PANE_LOG)
    {
      const HistoryEntry *e = viewer_entry (v, logpos_selected_event (&v->log));
      if (!e || !e->serial
          || !proctab_lookup_serial (cursor_proctab (v->cursor), e->serial))
        {
          message_say (&v->message, "that process is no longer known");
          return REACTION_NONE;
        }
      v->follow_serial = e->serial;
      actions_focus (v, PANE_TREE);
    }
  else
    {
      const Row *r = viewer_selected_row (v);
      if (!r || r->fold)
        return REACTION_NONE;
      v->follow_serial = r->serial;
    }
  const Proc *p = proctab_lookup_serial (cursor_proctab (v->cursor), v->follow_serial);
  g_autofree char *name = cells_name (p ? p->comm : NULL);
  message_say (&v->message, "following %d %s: kept in view and marked; t or Esc stops",
               p ? p->pid : 0, name);
  return REACTION_ROWS;
}

Reaction
actions_cmdline (Viewer *v)
{
  v->cmdline = !v->cmdline;
  return REACTION_NONE;
}

Reaction
actions_threads (Viewer *v)
{
  /* Thread exits show in the log with the threads. */
  v->threads = !v->threads;
  return REACTION_ROWS | REACTION_LOG;
}

Reaction
actions_kthreads (Viewer *v)
{
  v->kthreads = !v->kthreads;
  return REACTION_ROWS;
}

Reaction
actions_sort_invert (Viewer *v)
{
  v->sort_reverse = !v->sort_reverse;
  return REACTION_ROWS;
}

Reaction
actions_redraw (Viewer *v)
{
  return REACTION_REDRAW;
}

Reaction
actions_suspend (Viewer *v)
{
  return REACTION_SUSPEND;
}

Reaction
actions_quit (Viewer *v)
{
  return REACTION_QUIT;
}
