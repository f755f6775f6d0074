/* viewer.c - the viewer's state and what it shows (see viewer.h). */
#include "viewer.h"

#include <string.h>

#include "cells.h"
#include "words.h"

/* FilterUserParse: through the monitor USER. */
static gboolean
viewer_user_parse (const char *s, guint32 *uid, gpointer user)
{
  return monitor_user_parse (user, s, uid);
}

guint
viewer_show (Viewer *v)
{
  return v->threads ? FILTER_SHOW_THREADS : 0;
}

Filter *
viewer_parse_filter (Viewer *v, const char *expr, GError **error)
{
  return filter_parse (expr, viewer_user_parse, v->m, error);
}

/* LogposShown: whether the log shows entry E (history_entry_shown, on
 * the view's table). */
static gboolean
viewer_log_shown (const HistoryEntry *e, gpointer user)
{
  Viewer *v = user;

  return history_entry_shown (v->filter, e, cursor_proctab (v->cursor), viewer_show (v));
}

void
viewer_init (Viewer *v, Monitor *m, const ViewerOptions *opts)
{
  *v = (Viewer) { .m = m, .rows_stale = TRUE };
  v->live = monitor_is_live (m);
  v->threads = opts->threads;
  v->kthreads = opts->kthreads;
  v->cmdline = opts->cmdline;
  v->columns = opts->columns & (ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_MAX) - 1);
  v->sort = MIN (opts->sort, ROWS_SORT_MAX - 1);
  v->sort_reverse = opts->sort_reverse;
  v->tomb_show_ns = opts->tomb_show_ns;
  v->filter = viewer_parse_filter (v, opts->filter, NULL);
  g_assert (v->filter);  /* the command line checked it */
  v->seek_match = !filter_is_empty (v->filter);
  monitor_want_cgroups (m, filter_needs_cgroup (v->filter));
  v->collapsed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  v->unfolded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  v->samples = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  v->thread_states = g_hash_table_new (NULL, NULL);
  v->sel_path = g_array_new (FALSE, FALSE, sizeof (guint64));
  v->window.zoom = GRAPH_ZOOM_DEFAULT;
  logpos_init (&v->log, viewer_log_shown, v);
  recall_init (&v->filter_recall);
  v->cursor = cursor_new (m, &v->log, &v->message);
}

void
viewer_clear (Viewer *v)
{
  g_clear_pointer (&v->scan, activity_scan_free);
  g_clear_pointer (&v->frozen_counts, activity_free);
  g_clear_pointer (&v->cursor, cursor_free);
  g_clear_pointer (&v->rows, g_array_unref);
  g_clear_pointer (&v->live_cpu, g_hash_table_unref);
  g_clear_pointer (&v->history_error, g_free);
  g_clear_pointer (&v->collapsed, g_hash_table_unref);
  g_clear_pointer (&v->unfolded, g_hash_table_unref);
  g_clear_pointer (&v->samples, g_hash_table_unref);
  g_clear_pointer (&v->thread_states, g_hash_table_unref);
  g_clear_pointer (&v->sel_path, g_array_unref);
  logpos_clear (&v->log);
  details_live_clear (&v->det_live);
  g_clear_pointer (&v->filter, filter_free);
  g_clear_pointer (&v->filter_error, g_free);
  recall_clear (&v->filter_recall);
  g_clear_pointer (&v->search, g_free);
  g_clear_pointer (&v->sel_fold, g_free);
  g_clear_pointer (&v->error, g_free);
  message_clear (&v->message);
}

void
viewer_react (Viewer *v, Reaction r)
{
  if ((r & REACTION_ROWS) || ((r & REACTION_MODEL) && !cursor_frozen (v->cursor)))
    v->rows_stale = TRUE;
  if (r & REACTION_LOG)
    {
      /* What is shown changed: judged and counted again. */
      logpos_reset (&v->log);
      g_clear_pointer (&v->scan, activity_scan_free);
    }
  /* Read again by the next frame, unless frozen: the frozen view keeps
   * what /proc said when it froze (viewer_prepare_frame). */
  if (r & REACTION_SAMPLES)
    v->samples_stale = TRUE;
  /* Frozen, the details keep the place read before; the thaw reads it. */
  if ((r & REACTION_PLACE) && !cursor_frozen (v->cursor))
    v->det_serial = 0;
}

void
viewer_toggles (Viewer *v, gboolean on[KEYS_ACTION_MAX])
{
  memset (on, 0, KEYS_ACTION_MAX * sizeof on[0]);
  on[KEYS_FREEZE] = cursor_frozen (v->cursor);
  on[KEYS_CMDLINE] = v->cmdline;
  on[KEYS_FAILED] = filter_failures_only (v->filter);
  on[KEYS_HIDE_OK] = v->hide_ok_tombs;
  on[KEYS_TIMELINE] = v->timeline;
}

gint64
viewer_tomb_window (Viewer *v)
{
  /* The model forgets them after --keep, whatever -T says. */
  return MIN (v->tomb_show_ns, monitor_keep_ns (v->m));
}

RowtextCtx
viewer_rowtext_ctx (Viewer *v)
{
  guint64 at = cursor_seq (v->cursor);
  RowtextCtx ctx = {
    .utf8 = v->utf8, .cmdline = v->cmdline, .now_ns = cursor_now (v->cursor),
    .now_wall_ns = cursor_now_wall (v->cursor), .names = monitor_user_names (v->m),
    /* What /proc says now is not what was true at the time cursor. */
    .samples = at ? NULL : v->samples,
    .thread_states = at ? NULL : v->thread_states,
    .until_seq = at ? at : cursor_frozen (v->cursor) ? cursor_limit (v->cursor) : 0,
    .tomb_show_ns = viewer_tomb_window (v),
    .replay = monitor_is_replay (v->m),
    .followed = v->follow_serial,
    .procs = cursor_proctab (v->cursor),
    .live_cpu = v->live_cpu,
    .no_cost = monitor_cost_notice (v->m),
  };
  if (at)
    ctx.until_seq = at;
  return ctx;
}

guint
viewer_columns (Viewer *v)
{
  guint c = v->columns;

  if (!v->live || cursor_seq (v->cursor))
    c &= ~ROWTEXT_COLUMNS_LIVE | (v->costs_seen ? ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CPU)
                                                  | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_MEM)
                                                : 0);
  if (!v->units_seen)
    c &= ~ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_UNIT);
  if (!v->containers_seen)
    c &= ~ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CONTAINER);
  if (!v->namespaces_seen)
    c &= ~ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_NSPID);
  return c;
}

const char *
viewer_column_silence (Viewer *v, RowtextColumn c)
{
  if ((ROWTEXT_COLUMNS_LIVE & ROWTEXT_COLUMN_BIT (c)) && (!v->live || cursor_seq (v->cursor)))
    return "live only";
  return c == ROWTEXT_COLUMN_UNIT ? "none but /" : "none seen";
}

/* Notes whether ROWS show a process in a container, or in a pid namespace
 * below forkscope's: the columns that say so have something to say from
 * then on. */
static void
viewer_note_where (Viewer *v, const GArray *rows)
{
  for (guint i = 0; i < rows->len && !(v->containers_seen && v->namespaces_seen); i++)
    {
      const Where *w = proc_where (g_array_index (rows, Row, i).proc);
      v->containers_seen |= where_container (w) != NULL;
      v->namespaces_seen |= where_level (w) > 0;
    }
}

/* Remembers the selected row's identity and its ancestors, so that the
 * selection can go to the nearest survivor when the row leaves. */
static void
viewer_remember_selection (Viewer *v, GArray *rows)
{
  const Row *r = &g_array_index (rows, Row, v->sel_idx);

  /* A fold newly selected holds the members it has now (those that ended
   * within the window), and those that join it. */
  if (r->fold && !(v->sel_tid == ROWS_TID_FOLD && v->sel_serial == r->serial
                   && g_strcmp0 (v->sel_fold, r->fold->name) == 0))
    v->sel_fold_since = event_ns_sub (cursor_now (v->cursor), viewer_tomb_window (v));
  v->sel_serial = r->serial;
  v->sel_tid = r->tid;
  g_free (v->sel_fold);
  v->sel_fold = r->fold ? g_strdup (r->fold->name) : NULL;
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
  if (i < 0)
    return;
  viewer_remember_selection (v, rows);
  /* The model keeps it while it is selected (a fold's members are only
   * held in the tree). */
  monitor_pin (v->m, VIEWER_PIN_TREE, v->sel_tid == ROWS_TID_FOLD ? 0 : v->sel_serial);
}

/* Where the selection goes when its row has left ROWS (a filter hid it,
 * an ancestor was collapsed; what is selected is held, never expired):
 * a thread's process, else its nearest surviving ancestor, else the first
 * row; never a stranger that took its place. */
static gint
viewer_find_survivor (Viewer *v, GArray *rows)
{
  gint i;

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

/* Whether every live process is to be read each tick: the sort or TCPU
 * need them all. */
static gboolean
viewer_needs_all_samples (Viewer *v)
{
  return rows_sort_needs_samples (v->sort)
         || (v->columns & ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_TCPU));
}

/* RowsSampleFunc: the sample of P read this tick, if it was (the viewer
 * USER's); none at the time cursor. */
static const ProcSample *
viewer_sample_known (const Proc *p, gpointer user)
{
  Viewer *v = user;

  return cursor_seq (v->cursor) ? NULL : g_hash_table_lookup (v->samples, &p->serial);
}

/* Sums what the live processes of each tree under ROOTS used into
 * V->live_cpu, while TCPU is shown or sorted by (else drops it). */
static void
viewer_sum_live_cpu (Viewer *v, const GPtrArray *roots)
{
  RowsLiveCpu sum;

  g_clear_pointer (&v->live_cpu, g_hash_table_unref);
  if (v->sort != ROWS_SORT_TCPU && !(v->columns & ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_TCPU)))
    return;
  v->live_cpu = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < roots->len; i++)
    rows_live_cpu (roots->pdata[i], viewer_sample_known, v, v->live_cpu, &sum);
}

gint
viewer_first_match (const GArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, Row, i).flags & ROW_F_MATCH)
      return (gint) i;
  return -1;
}

GArray *
viewer_rows (Viewer *v)
{
  const Proctab *pt = cursor_proctab (v->cursor);
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
  viewer_sum_live_cpu (v, roots);
  gboolean fold = v->sel_tid == ROWS_TID_FOLD;
  RowsOptions o = {
    .threads = v->threads, .kthreads = v->kthreads, .collapsed = v->collapsed,
    .unfolded = v->unfolded, .filter = v->filter, .now_ns = cursor_now (v->cursor),
    .tomb_show_ns = viewer_tomb_window (v), .hide_ok_tombs = v->hide_ok_tombs,
    .reveal = reveal, .sort = v->sort, .sort_reverse = v->sort_reverse,
    .samples = cursor_seq (v->cursor) ? NULL : v->samples,
    .live_cpu = v->live_cpu,
    /* What the user selected stays until they move. */
    .held = !fold && v->sel_serial ? proctab_lookup_serial (pt, v->sel_serial) : NULL,
    .held_log = v->held_log ? proctab_lookup_serial (pt, v->held_log) : NULL,
    .held_fold = fold ? v->sel_serial : 0, .held_fold_name = fold ? v->sel_fold : NULL,
    .held_fold_since = v->sel_fold_since,
    .lives = v->timeline,
  };
  if (v->rows)
    g_array_unref (v->rows);
  v->rows = rows_build (roots, &o);
  v->rows_stale = FALSE;
  viewer_note_where (v, v->rows);
  if (reveal)
    i = rows_find (v->rows, v->follow_serial, 0, NULL);
  else
    i = rows_find (v->rows, v->sel_serial, v->sel_tid, v->sel_fold);
  if (i < 0 && v->rows->len)
    i = viewer_find_survivor (v, v->rows);
  gint match = v->seek_match && !reveal ? viewer_first_match (v->rows) : -1;
  if (match >= 0)
    {
      i = match;
      v->seek_match = FALSE;
    }
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

void
viewer_update_log (Viewer *v)
{
  logpos_update (&v->log, cursor_history (v->cursor),
                 cursor_frozen (v->cursor) ? cursor_limit (v->cursor) : 0);
}

const HistoryEntry *
viewer_entry (Viewer *v, guint64 seq)
{
  return logpos_entry (&v->log, seq);
}

const Proc *
viewer_details_subject (Viewer *v, const HistoryEntry **entry)
{
  const HistoryEntry *e = NULL;
  const Proc *p = NULL;

  if (v->details_from_log)
    {
      /* A fold's: its newest member's (at the time cursor, that had come). */
      const LogposFold *f = logpos_fold (&v->log, logpos_selected (&v->log));
      RowsFold sum;
      gint64 first, last;
      e = f ? logpos_fold_at (&v->log, f, cursor_seq (v->cursor), &sum, &first, &last)
            : viewer_entry (v, logpos_selected_event (&v->log));
      p = e && e->serial ? proctab_lookup_serial (cursor_proctab (v->cursor), e->serial)
                         : NULL;
    }
  else
    {
      const Row *r = viewer_selected_row (v);
      p = r ? r->proc : NULL;
    }
  *entry = e;
  return p;
}

GPtrArray *
viewer_details_text (Viewer *v, gint width, char **title)
{
  RowtextCtx ctx = viewer_rowtext_ctx (v);
  const HistoryEntry *e = NULL;
  /* The fold first: the entries read after it stay in its chunk. */
  const LogposFold *lf = v->details_from_log ? logpos_fold (&v->log, logpos_selected (&v->log))
                                              : NULL;
  const Proc *p = viewer_details_subject (v, &e);
  const Row *r = v->details_from_log ? NULL : viewer_selected_row (v);
  History *h = cursor_history (v->cursor);

  if (r && r->fold)
    {
      g_autofree char *c = cells_name (r->fold->comm);
      *title = g_strdup_printf (" Details: %u exited %s ", r->fold->count, c);
      return details_fold_lines (r->fold, NULL, 0, 0, p, h, &ctx, width);
    }
  RowsFold sum;
  gint64 first_wall, last_wall;
  /* A fold of the log (but one that has one member at the time cursor):
   * its newest member is E, its process P or as E says it was. */
  if (lf && e && logpos_fold_at (&v->log, lf, ctx.until_seq, &sum, &first_wall, &last_wall)
      && sum.count > 1)
    {
      ProcAcct subject_acct;
      Proc subject = history_subject (e, &subject_acct);
      const char *kind = event_kind_name (e->ev.kind);
      g_autofree char *c = cells_name (e->comm);
      sum.comm = c;
      *title = g_strdup_printf (" Details: %u %s events of %s ", sum.count, kind, c);
      return details_fold_lines (&sum, kind, first_wall, last_wall, p ? p : &subject, h, &ctx,
                                 width);
    }
  if (p)
    {
      g_autofree char *c = cells_name (p->comm);
      *title = g_strdup_printf (" Details: %d %s%s ", p->pid, c, p->alive ? "" : " (exited)");
      return details_lines (p, h, cursor_seq (v->cursor) ? NULL : &v->det_live, &ctx, width);
    }
  if (e)
    {
      *title = g_strdup (" Details: event ");
      return details_event_lines (e, &ctx, width);
    }
  *title = g_strdup (" Details ");
  return NULL;
}

/* Entries of the history the graph's filter counts judges per frame (a
 * few ms: frames come every tenth of a second while it counts). */
#define VIEWER_SCAN_STEP 16384

/* The history's counts as the view shows them: live, all of them;
 * frozen, a copy made at the first frame after the freeze less the events
 * appended since the freeze (a live source goes on appending), so that
 * the graph counts nothing the frozen view does not hold. */
static const Activity *
viewer_history_counts (Viewer *v, History *h)
{
  guint64 limit = cursor_limit (v->cursor), newest = history_newest (h);
  HistoryIter it;

  if (!cursor_frozen (v->cursor))
    {
      g_clear_pointer (&v->frozen_counts, activity_free);
      return history_activity (h);
    }
  if (v->frozen_counts && v->frozen_limit == limit)
    return v->frozen_counts;
  activity_free (v->frozen_counts);
  v->frozen_counts = activity_copy (history_activity (h));
  v->frozen_limit = limit;
  history_iter_init (&it, h, 0);
  for (const HistoryEntry *e = limit < newest ? history_iter_seek (&it, limit + 1) : NULL;
       e && e->seq <= newest; e = history_iter_next (&it))
    activity_remove (v->frozen_counts, &e->ev);
  history_iter_clear (&it);
  return v->frozen_counts;
}

const Activity *
viewer_activity (Viewer *v, gboolean *counting)
{
  History *h = cursor_history (v->cursor);

  *counting = FALSE;
  if (filter_is_empty (v->filter))
    return viewer_history_counts (v, h);
  if (!v->scan)
    {
      v->scan = activity_scan_new (h, v->filter, viewer_show (v));
      v->scan_done = FALSE;
    }
  *counting = !v->scan_done;
  return activity_scan_counts (v->scan);
}

void
viewer_span (Viewer *v, int cells, gint64 min_ns, GraphSpan *out)
{
  Cursor *c = v->cursor;
  gint64 edge = cursor_edge (c), first, last, end;

  if (!activity_span (history_activity (cursor_history (c)), &first, &last))
    first = edge;
  if (!cursor_frozen (c))
    v->window.end_ns = 0;
  end = v->window.end_ns ? MIN (v->window.end_ns, edge) : edge;
  graph_span (v->window.zoom, first, end, cells, min_ns, out);
  /* Frozen, the cursor is in the window, at an event or at the freeze
   * point (G, or a step forward, takes it back there). */
  if (cursor_frozen (c))
    {
      gint64 t = cursor_now (c), width = graph_span_end (out) - out->from_ns;
      if (t < out->from_ns || t >= graph_span_end (out))
        {
          /* The cursor went out of the window: it follows, the cursor in
           * its middle (or at the newest moment's end). */
          v->window.end_ns = MIN (edge, event_ns_add (t, width / 2));
          graph_span (v->window.zoom, first, v->window.end_ns, cells, min_ns, out);
        }
    }
}

void
viewer_graph_span (Viewer *v, GraphSpan *out)
{
  viewer_span (v, MAX (v->layout.pane[PANE_GRAPH].w - GRAPH_LABEL, 1), GRAPH_MIN_NS, out);
}

void
viewer_timeline_span (Viewer *v, int cells, GraphSpan *out)
{
  viewer_span (v, cells, GRAPH_LIFE_MIN_NS, out);
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
  monitor_sample (v->m, serial, (v->columns & ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_UNIT)) != 0,
                  s);
  g_hash_table_insert (v->samples, g_memdup2 (&serial, sizeof serial), s);
}

/* Reads through the monitor the state of thread row R, once per tick
 * (a blank where it could not be read, not read again that tick). */
static void
viewer_thread_state (Viewer *v, const Row *r)
{
  gpointer tid = GINT_TO_POINTER (r->tid);
  char state;

  if (g_hash_table_contains (v->thread_states, tid))
    return;
  state = monitor_thread_state (v->m, r->serial, r->tid);
  g_hash_table_insert (v->thread_states, tid, GINT_TO_POINTER ((gint) (state ? state : ' ')));
}

/* RowsSampleFunc: the sample of P, read now if it was not this tick (the
 * viewer USER's). */
static const ProcSample *
viewer_sample_now (const Proc *p, gpointer user)
{
  viewer_sample (user, p->serial);
  return viewer_sample_known (p, user);
}

/* Sums into the details' place what the live processes of P's subtree
 * used: each read now when they are DETAILS_SUBTREE_READ or fewer (or
 * every process is read anyway), else those read already. */
static void
viewer_read_subtree (Viewer *v, const Proc *p)
{
  RowsLiveCpu count;

  rows_live_cpu (p, NULL, NULL, NULL, &count);
  rows_live_cpu (p, !cursor_frozen (v->cursor)
                    && (v->samples_all || count.live <= DETAILS_SUBTREE_READ)
                    ? viewer_sample_now : viewer_sample_known, v, NULL, &v->det_live.cpu);
  v->det_live.cpu_read = TRUE;
}

/* GFunc of proctab_foreach: samples a live process for the viewer USER. */
static void
viewer_sample_cb (gpointer data, gpointer user)
{
  viewer_sample (user, ((const Proc *) data)->serial);
}

/* Says that the history let go of the event the log's selection was on,
 * and where it starts now. */
static void
viewer_say_gone (Viewer *v)
{
  g_autoptr (GString) what = g_string_new ("event #");

  if (!v->log.gone)
    return;
  words_count (what, v->log.gone);
  g_string_append (what, " is no longer held");
  cursor_say_start (v->cursor, what->str);
  v->log.gone = 0;
}

/* Says what of the history could not be read back (its spill file changed
 * or failed under it) once, when it is new. */
static void
viewer_say_history_error (Viewer *v)
{
  const char *err = history_error (cursor_history (v->cursor));

  if (!err || g_strcmp0 (err, v->history_error) == 0)
    return;
  g_free (v->history_error);
  v->history_error = g_strdup (err);
  message_say (&v->message, "%s", err);
}

gboolean
viewer_prepare_frame (Viewer *v)
{
  gboolean counting = FALSE;
  GArray *rows;
  gint h = viewer_pane_rows (v, PANE_TREE);
  gboolean at_cursor = cursor_seq (v->cursor) != 0;
  gboolean frozen = cursor_frozen (v->cursor);
  const HistoryEntry *e;
  const Proc *p;

  /* What /proc said a tick ago goes, unless frozen: the frozen view keeps
   * what it said at the freeze, today's would change a still view. */
  if (v->samples_stale && !frozen)
    {
      g_hash_table_remove_all (v->samples);
      g_hash_table_remove_all (v->thread_states);
      v->samples_all = FALSE;
      v->samples_stale = FALSE;
    }
  /* Sorted by what /proc says, or TCPU shown: every process, before the
   * rows are built. */
  if (v->live && !frozen && viewer_needs_all_samples (v) && !v->samples_all)
    {
      proctab_foreach (monitor_proctab (v->m), viewer_sample_cb, v);
      v->samples_all = TRUE;
      viewer_react (v, REACTION_MODEL);
    }
  rows = viewer_rows (v);
  viewer_tree_scroll (v);
  viewer_update_log (v);
  v->log.top = logpos_top (&v->log, v->log.top, logpos_selected (&v->log),
                           viewer_pane_rows (v, PANE_LOG), v->log.follow);
  viewer_say_gone (v);
  viewer_say_history_error (v);
  /* A frozen view's counts are copied at its first frame, whether the
   * graph shows or not: later, the events to take back would be many, and
   * perhaps spilled. */
  if (filter_is_empty (v->filter))
    (void) viewer_history_counts (v, cursor_history (v->cursor));
  if (layout_visible (&v->layout, PANE_GRAPH))
    {
      viewer_activity (v, &counting);
      /* A filter's counts go on with the events appended since the last
       * frame, as the history's own do (a scan done once counted none of
       * them). */
      if (v->scan)
        v->scan_done = activity_scan_step (v->scan, cursor_proctab (v->cursor),
                                           VIEWER_SCAN_STEP,
                                           cursor_frozen (v->cursor) ? cursor_limit (v->cursor)
                                                                     : G_MAXUINT64);
    }
  p = viewer_details_subject (v, &e);
  /* The model keeps the log's event's process while its details show, and
   * the tree shows it past its window. */
  guint64 held = v->details_from_log && p ? p->serial : 0;
  monitor_pin (v->m, VIEWER_PIN_LOG, held);
  if (held != v->held_log)
    {
      v->held_log = held;
      viewer_react (v, REACTION_ROWS);
    }
  /* An exit's cost gives CPU% and MEM something to say, even in a replay
   * and at the time cursor. */
  for (gint i = v->tree_top; !v->costs_seen && i < v->tree_top + h && i < (gint) rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      v->costs_seen = r->fold ? r->fold->cpu_measured || r->fold->peak_measured
                              : !r->thread && proc_cost (r->proc);
    }
  if (!v->live || at_cursor)
    return logpos_busy (&v->log) || (counting && !v->scan_done);
  /* Frozen: a row not read before the freeze stays without (see above). */
  for (gint i = v->tree_top; !frozen && i < v->tree_top + h && i < (gint) rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->fold || !r->proc->alive)
        continue;
      if (r->thread)
        {
          viewer_thread_state (v, r);
          continue;
        }
      viewer_sample (v, r->serial);
      /* A machine without systemd has every process in "/": the unit
       * column has nothing to say until one is elsewhere. */
      v->units_seen |= r->proc->cgroup && strcmp (r->proc->cgroup, "/") != 0;
    }
  if (p && v->det_serial != p->serial)
    {
      details_live_clear (&v->det_live);
      v->det_serial = p->serial;
      /* Frozen, today's place is not the freeze's: none is read. */
      if (!frozen)
        monitor_read_place (v->m, p->serial, &v->det_live.cwd, &v->det_live.cgroup);
      viewer_read_subtree (v, p);
    }
  return logpos_busy (&v->log) || (counting && !v->scan_done);
}

Reaction
viewer_tick (Viewer *v)
{
  return REACTION_MODEL | REACTION_SAMPLES | REACTION_PLACE;
}
