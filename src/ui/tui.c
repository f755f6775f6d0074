/* tui.c - the interactive viewer: main loop, terminal, keys, state.
 *
 * Keys (the help screen, F1 or ?, shows the same list from tui_help[]):
 *
 *   Up, Down, PgUp, PgDn, Home, End
 *                  move in the focused pane (tree rows, log events, details
 *                  lines); End in the log follows the newest event again
 *   Left, Right    tree: collapse the selected subtree / expand it (Left on
 *                  a collapsed or childless row goes to the parent)
 *   Tab, Shift-Tab move focus between the tree, log and details panes
 *   Enter          log: show the event's process in the tree
 *   + - *          expand / collapse the selected subtree / collapse every
 *                  subtree below the roots, or expand all if any is collapsed
 *   Backspace      select the parent process
 *   / or F3        search (comm, and command line when shown): jumps to the
 *                  next match without hiding rows; while typing, F3 or Down
 *                  finds the next match, Up the previous, Enter keeps it
 *   \ or F4        filter by comm (glob with * ? [ or substring): keeps the
 *                  dimmed ancestors of matches and their descendants
 *   u              filter by user: a picker of users seen; type a name or
 *                  uid to narrow, Enter to choose
 *   Esc            clear search, filters and follow (cancel a prompt)
 *   z              freeze / unfreeze the display (the model keeps going)
 *   t              follow the selected process (kept selected and visible)
 *   c              show command lines / comms
 *   H              show / hide threads
 *   K              show / hide kernel threads
 *   k or F9        send a signal to the selected process, after a
 *                  confirmation (live sources only)
 *   F1 or ?        this help
 *   Ctrl-L         redraw the screen
 *   Ctrl-Z         suspend (resume with fg)
 *   q or F10       quit
 *   Mouse          click selects a row or event and focuses its pane,
 *                  the wheel scrolls, clicks on the function bar press keys
 */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <glib-unix.h>
#include "theme.h"
#include "tui-int.h"

/* Shortest interval between two frames: at most 30 per second. */
#define TUI_FRAME_US (G_USEC_PER_SEC / 30)
/* Exited processes stay in the tree this long. */
#define TUI_TOMB_SHOW_NS (5 * G_GINT64_CONSTANT (1000000000))
/* How long a message stays in the function bar. */
#define TUI_MESSAGE_US (4 * G_USEC_PER_SEC)
/* Ctrl + letter. */
#define TUI_CTRL(c) ((c) & 0x1f)
/* Rows the mouse wheel moves. */
#define TUI_WHEEL 3

const TuiHelp tui_help[] = {
  { "Up Down PgUp PgDn", "move in the focused pane" },
  { "Home End", "first / last (End in the log: follow newest)" },
  { "Left Right", "collapse / expand the selected subtree" },
  { "Tab Shift-Tab", "focus the next / previous pane (also: click)" },
  { "Enter", "log: show the event's process in the tree" },
  { "+ - *", "expand / collapse subtree / collapse or expand all" },
  { "Backspace", "select the parent process" },
  { "/ F3", "search; F3 or Down next, Up previous, Enter keep" },
  { "\\ F4", "filter by comm (glob or substring)" },
  { "u", "filter by user (picker; type a name or uid)" },
  { "Esc", "clear search, filters and follow" },
  { "z", "freeze / unfreeze the display" },
  { "t", "follow the selected process" },
  { "c", "show command lines / comms" },
  { "H", "show / hide threads" },
  { "K", "show / hide kernel threads" },
  { "k F9", "send a signal (live sources, confirmed)" },
  { "F1 ?", "this help" },
  { "Ctrl-L", "redraw" },
  { "Ctrl-Z", "suspend (resume with fg)" },
  { "q F10", "quit" },
  { "mouse", "click selects, wheel scrolls, function bar keys" },
};
const guint tui_help_len = G_N_ELEMENTS (tui_help);

/* Signals offered by the k menu. */
static const int tui_signals[] = {
  SIGTERM, SIGINT, SIGHUP, SIGKILL, SIGSTOP, SIGCONT, SIGUSR1, SIGUSR2, SIGQUIT,
};

/* The write end of the SIGTSTP self-pipe, and whether curses is active
 * (for the crash handlers and atexit). */
static int tui_tstp_fd = -1;
static volatile sig_atomic_t tui_curses_active;

static void tui_mark_dirty (Tui *t);

/* Shows MSG in the function bar for a few seconds. */
static void
tui_message (Tui *t, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
tui_message (Tui *t, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  g_free (t->message);
  t->message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  t->message_until_us = g_get_monotonic_time () + TUI_MESSAGE_US;
  tui_mark_dirty (t);
}

const Proctab *
tui_proctab (Tui *t)
{
  return t->frozen ? t->fz_pt : monitor_proctab (t->m);
}

const History *
tui_history (Tui *t)
{
  return t->frozen ? t->fz_h : monitor_history (t->m);
}

gint64
tui_now (Tui *t)
{
  return t->frozen ? t->fz_mono : monitor_now_mono_ns (t->m);
}

FormatCtx
tui_format_ctx (Tui *t)
{
  FormatCtx ctx = {
    .utf8 = t->utf8, .cmdline = t->cmdline, .now_ns = tui_now (t),
    .names = monitor_user_names (t->m), .states = t->states,
  };
  return ctx;
}

/* Makes row I (or none, -1) the tree's selection. */
static void
tui_select (Tui *t, GArray *rows, gint i)
{
  if (rows->len == 0)
    i = -1;
  else
    i = CLAMP (i, 0, (gint) rows->len - 1);
  t->sel_idx = i;
  if (i >= 0)
    {
      const Row *r = &g_array_index (rows, Row, i);
      t->sel_serial = r->serial;
      t->sel_tid = r->tid;
    }
}

GArray *
tui_rows (Tui *t)
{
  const Proctab *pt = tui_proctab (t);
  const Proc *reveal = NULL;
  g_autoptr (GPtrArray) roots = NULL;
  gint i;

  if (t->rows && !t->rows_stale)
    return t->rows;
  if (t->follow_serial)
    {
      reveal = proctab_lookup_serial (pt, t->follow_serial);
      if (!reveal)
        t->follow_serial = 0;
    }
  roots = proctab_roots (pt);
  RowsOptions o = {
    .threads = t->threads, .kthreads = t->kthreads, .collapsed = t->collapsed,
    .comm = t->comm, .has_uid = t->has_uid, .uid = t->uid,
    .now_ns = tui_now (t), .tomb_show_ns = TUI_TOMB_SHOW_NS, .reveal = reveal,
  };
  if (t->rows)
    g_array_unref (t->rows);
  t->rows = rows_build (roots, &o);
  t->rows_stale = FALSE;
  i = reveal ? rows_find (t->rows, t->follow_serial, 0)
             : rows_find (t->rows, t->sel_serial, t->sel_tid);
  tui_select (t, t->rows, i >= 0 ? i : t->sel_idx);
  return t->rows;
}

/* Whether history entry E is shown in the log (snapshots are not events). */
static gboolean
tui_log_shown (const HistoryEntry *e)
{
  return e->ev.kind != EVENT_SNAPSHOT;
}

const HistoryEntry *
tui_log_entry (const History *h, guint64 seq)
{
  const HistoryEntry *first = history_get (h, 0);

  if (!first || seq < first->seq)
    return NULL;
  return history_get (h, seq - first->seq);
}

guint64
tui_log_newest (const History *h)
{
  for (guint i = history_len (h); i-- > 0;)
    {
      const HistoryEntry *e = history_get (h, i);
      if (tui_log_shown (e))
        return e->seq;
    }
  return 0;
}

guint64
tui_log_step (const History *h, guint64 seq, gint n)
{
  const HistoryEntry *first = history_get (h, 0);
  guint len = history_len (h);
  gint64 i, best = -1;
  int dir = n < 0 ? -1 : 1;

  if (!first)
    return 0;
  i = seq >= first->seq ? (gint64) (seq - first->seq) : 0;
  i = MIN (i, (gint64) len - 1);
  /* Start on a shown entry: the nearest at or after I, else before. */
  for (gint64 k = i; k < len && best < 0; k++)
    if (tui_log_shown (history_get (h, k)))
      best = k;
  for (gint64 k = i; k >= 0 && best < 0; k--)
    if (tui_log_shown (history_get (h, k)))
      best = k;
  if (best < 0)
    return 0;
  for (i = best; n != 0;)
    {
      gint64 k = i + dir;
      while (k >= 0 && k < len && !tui_log_shown (history_get (h, k)))
        k += dir;
      if (k < 0 || k >= len)
        break;
      i = k;
      n -= dir;
    }
  return history_get (h, i)->seq;
}

guint64
tui_log_selected (Tui *t)
{
  const History *h = tui_history (t);

  if (t->log_follow || !tui_log_entry (h, t->log_sel))
    return t->log_follow ? tui_log_newest (h) : tui_log_step (h, t->log_sel, 0);
  return t->log_sel;
}

/* Rows of content in PANE (its height less the title line). */
static gint
tui_pane_rows (Tui *t, LayoutPane pane)
{
  return MAX (t->layout.pane[pane].h - 1, 1);
}

/* Schedules a frame: at once if the last was long enough ago, else when
 * the frame interval is up.  Event callbacks only come here. */
static gboolean tui_frame (gpointer data);

static void
tui_mark_dirty (Tui *t)
{
  gint64 wait_us;

  if (t->frame_id)
    return;
  wait_us = t->last_frame_us + TUI_FRAME_US - g_get_monotonic_time ();
  t->frame_id = g_timeout_add (wait_us > 0 ? (guint) (wait_us / 1000) : 0,
                               tui_frame, t);
}

const Proc *
tui_details_subject (Tui *t, const HistoryEntry **entry)
{
  const HistoryEntry *e = NULL;
  const Proc *p = NULL;

  if (t->details_from_log)
    {
      e = tui_log_entry (tui_history (t), tui_log_selected (t));
      p = e && e->serial ? proctab_lookup_serial (tui_proctab (t), e->serial) : NULL;
    }
  else if (t->sel_idx >= 0 && (guint) t->sel_idx < tui_rows (t)->len)
    p = g_array_index (tui_rows (t), Row, t->sel_idx).proc;
  *entry = e;
  return p;
}

/* Scrolls the tree so that the selection is on screen. */
static void
tui_tree_scroll (Tui *t)
{
  GArray *rows = tui_rows (t);
  gint h = tui_pane_rows (t, PANE_TREE);

  if (t->sel_idx >= 0 && t->sel_idx < t->tree_top)
    t->tree_top = t->sel_idx;
  if (t->sel_idx >= t->tree_top + h)
    t->tree_top = t->sel_idx - h + 1;
  t->tree_top = CLAMP (t->tree_top, 0, MAX ((gint) rows->len - h, 0));
}

/* Reads from /proc, through the monitor, what the frame will show and the
 * model does not know: the state letters of the rows on screen and the
 * details subject's cwd and cgroup, once per tick each.  Drawing then only
 * looks them up. */
static void
tui_read_live (Tui *t)
{
  GArray *rows = tui_rows (t);
  gint h = tui_pane_rows (t, PANE_TREE);
  const HistoryEntry *e;
  const Proc *p;

  if (!t->live)
    return;
  for (gint i = t->tree_top; i < t->tree_top + h && i < (gint) rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->thread || !r->proc->alive || g_hash_table_contains (t->states, &r->serial))
        continue;
      char c = monitor_read_state (t->m, r->serial);
      g_hash_table_insert (t->states, g_memdup2 (&r->serial, sizeof r->serial),
                           GINT_TO_POINTER (c ? c : '?'));
    }
  p = tui_details_subject (t, &e);
  if (p && t->det_serial != p->serial)
    {
      details_live_clear (&t->det_live);
      t->det_serial = p->serial;
      monitor_read_place (t->m, p->serial, &t->det_live.cwd, &t->det_live.cgroup);
    }
}

/* Draws one frame. */
static gboolean
tui_frame (gpointer data)
{
  Tui *t = data;

  t->frame_id = 0;
  t->last_frame_us = g_get_monotonic_time ();
  if (t->win[PANE_TREE])
    tui_tree_scroll (t);
  tui_read_live (t);
  screen_draw (t);
  return G_SOURCE_REMOVE;
}

/* The model changed: the tree must be rebuilt before it is next used. */
static void
tui_on_event (const Event *ev, const Proc *p, gpointer user)
{
  Tui *t = user;

  if (!t->frozen)
    t->rows_stale = TRUE;
  tui_mark_dirty (t);
}

/* The source ended (replay EOF) or failed. */
static void
tui_on_done (const GError *error, gpointer user)
{
  Tui *t = user;

  if (error)
    {
      t->error = g_strdup (error->message);
      t->status = 1;
      g_main_loop_quit (t->loop);
      return;
    }
  t->source_ended = TRUE;
  tui_mark_dirty (t);
}

/* Once a second: expire tombstones, refresh ages and /proc readings. */
static gboolean
tui_tick (gpointer data)
{
  Tui *t = data;

  monitor_tick (t->m);
  if (!t->frozen)
    t->rows_stale = TRUE;
  g_hash_table_remove_all (t->states);
  t->det_serial = 0;
  tui_mark_dirty (t);
  return G_SOURCE_CONTINUE;
}

/* Freezes (copies the model) or unfreezes (drops the copies). */
static void
tui_toggle_freeze (Tui *t)
{
  Monitor *m = t->m;

  if (t->frozen)
    {
      g_clear_pointer (&t->fz_pt, proctab_free);
      g_clear_pointer (&t->fz_h, history_free);
      t->frozen = FALSE;
    }
  else
    {
      t->fz_pt = proctab_copy (monitor_proctab (m));
      t->fz_h = history_copy (monitor_history (m));
      t->fz_mono = monitor_now_mono_ns (m);
      t->fz_wall = monitor_now_wall_ns (m);
      t->fz_events = monitor_stats (m)->events;
      t->log_sel = tui_log_selected (t);
      t->frozen = TRUE;
    }
  t->rows_stale = TRUE;
  t->det_serial = 0;
  tui_mark_dirty (t);
}

/* Reads the terminal size and lays the panes out again. */
static void
tui_resize (Tui *t)
{
  struct winsize ws;

  if (ioctl (fileno (t->tty), TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
    resize_term (ws.ws_row, ws.ws_col);
  /* The terminal may have reflowed or kept old text: repaint it all. */
  clearok (curscr, TRUE);
  screen_layout (t);
  tui_mark_dirty (t);
}

/* The tree row selected now, or NULL. */
static const Row *
tui_selected_row (Tui *t)
{
  GArray *rows = tui_rows (t);

  if (t->sel_idx < 0 || (guint) t->sel_idx >= rows->len)
    return NULL;
  return &g_array_index (rows, Row, t->sel_idx);
}

/* Moves the tree selection by N rows (or to an end with TO_END -1/1). */
static void
tui_tree_move (Tui *t, gint n, int to_end)
{
  GArray *rows = tui_rows (t);

  t->follow_serial = 0;
  if (to_end)
    tui_select (t, rows, to_end < 0 ? 0 : (gint) rows->len - 1);
  else
    tui_select (t, rows, t->sel_idx + n);
  t->details_from_log = FALSE;
}

/* Moves the log selection by N events (TO_END as for tui_tree_move). */
static void
tui_log_move (Tui *t, gint n, int to_end)
{
  const History *h = tui_history (t);
  guint64 newest = tui_log_newest (h);

  if (to_end > 0)
    {
      t->log_follow = TRUE;
      return;
    }
  if (to_end < 0)
    t->log_sel = tui_log_step (h, 0, 0);
  else
    t->log_sel = tui_log_step (h, tui_log_selected (t), n);
  t->log_follow = !t->frozen && n > 0 && t->log_sel == newest;
  t->details_from_log = TRUE;
}

/* Moves within the focused pane. */
static void
tui_move (Tui *t, gint n, int to_end)
{
  switch (t->focus)
    {
    case PANE_LOG:
      tui_log_move (t, n, to_end);
      break;
    case PANE_DETAILS:
      t->det_top = to_end < 0 ? 0 : to_end > 0 ? G_MAXINT / 2 : MAX (t->det_top + n, 0);
      break;
    default:
      tui_tree_move (t, n, to_end);
      break;
    }
}

/* Collapses (COLLAPSE) or expands the selected row's subtree. */
static void
tui_collapse (Tui *t, gboolean collapse)
{
  const Row *r = tui_selected_row (t);

  if (!r || r->tid)
    return;
  if (collapse && (r->flags & ROW_F_CHILDREN))
    g_hash_table_add (t->collapsed, g_memdup2 (&r->serial, sizeof r->serial));
  else if (!collapse)
    g_hash_table_remove (t->collapsed, &r->serial);
  t->rows_stale = TRUE;
}

/* '*': expands all when anything is collapsed, else collapses every
 * subtree below the roots. */
static void
tui_collapse_all (Tui *t)
{
  GArray *rows;

  if (g_hash_table_size (t->collapsed) > 0)
    g_hash_table_remove_all (t->collapsed);
  else
    {
      rows = tui_rows (t);
      for (guint i = 0; i < rows->len; i++)
        {
          const Row *r = &g_array_index (rows, Row, i);
          if (r->depth > 0 && !r->tid && (r->flags & ROW_F_CHILDREN))
            g_hash_table_add (t->collapsed,
                              g_memdup2 (&r->serial, sizeof r->serial));
        }
    }
  t->rows_stale = TRUE;
}

/* Selects the selected row's parent. */
static void
tui_select_parent (Tui *t)
{
  GArray *rows = tui_rows (t);
  gint p = rows_parent (rows, t->sel_idx);

  if (p >= 0)
    {
      t->follow_serial = 0;
      tui_select (t, rows, p);
    }
}

/* Jumps to the next (DIR 1) or previous search match; with INCLUSIVE the
 * selected row itself may match. */
static void
tui_search_next (Tui *t, int dir, gboolean inclusive)
{
  GArray *rows = tui_rows (t);
  gint i;

  if (!t->search || !*t->search || rows->len == 0)
    return;
  i = rows_search (rows, t->search, t->cmdline,
                   inclusive ? t->sel_idx - dir : t->sel_idx, dir);
  if (i < 0)
    tui_message (t, "not found");
  else
    {
      t->follow_serial = 0;
      tui_select (t, rows, i);
    }
}

/* Clears search, filters and follow (Esc). */
static void
tui_clear (Tui *t)
{
  g_clear_pointer (&t->search, g_free);
  g_clear_pointer (&t->comm, g_free);
  t->has_uid = FALSE;
  t->follow_serial = 0;
  g_clear_pointer (&t->message, g_free);
  t->rows_stale = TRUE;
}

/* Opens a prompt in MODE, starting from TEXT. */
static void
tui_prompt (Tui *t, TuiMode mode, const char *text)
{
  t->mode = mode;
  g_string_assign (t->input, text ? text : "");
  t->menu_sel = 0;
}

/* Frees a picker entry. */
static void
tui_user_item_free (gpointer data)
{
  TuiUserItem *it = data;

  g_free (it->label);
  g_free (it);
}

/* Adds P's users to the set (a hash table of uids). */
static void
tui_collect_uid (gpointer data, gpointer user)
{
  const Proc *p = data;

  if (p->flags & PROC_F_CREDS)
    {
      g_hash_table_add (user, GUINT_TO_POINTER (p->ruid + 1));
      g_hash_table_add (user, GUINT_TO_POINTER (p->euid + 1));
    }
}

/* Orders uids (stored as pointers) for qsort. */
static int
tui_cmp_uid (const void *a, const void *b)
{
  guint x = GPOINTER_TO_UINT (*(gpointer const *) a);
  guint y = GPOINTER_TO_UINT (*(gpointer const *) b);
  return (x > y) - (x < y);
}

/* Rebuilds the picker's entries: all users, then each uid seen whose
 * label holds the typed text. */
static void
tui_users_refresh (Tui *t)
{
  g_autoptr (GHashTable) set = g_hash_table_new (NULL, NULL);
  g_autofree gpointer *uids = NULL;
  guint n_uids = 0;
  const char *typed = t->input->str;

  g_ptr_array_set_size (t->users, 0);
  if (!*typed)
    {
      TuiUserItem *all = g_new0 (TuiUserItem, 1);
      all->all = TRUE;
      all->label = g_strdup ("(all users)");
      g_ptr_array_add (t->users, all);
    }
  proctab_foreach (tui_proctab (t), tui_collect_uid, set);
  uids = g_hash_table_get_keys_as_array (set, &n_uids);
  qsort (uids, n_uids, sizeof *uids, tui_cmp_uid);
  for (guint i = 0; i < n_uids; i++)
    {
      guint32 uid = GPOINTER_TO_UINT (uids[i]) - 1;
      WordsUserName names = monitor_user_names (t->m);
      const char *name = names ? names (uid) : NULL;
      g_autofree char *label = name ? g_strdup_printf ("%u %s", uid, name)
                                    : g_strdup_printf ("%u", uid);
      if (*typed && !strstr (label, typed))
        continue;
      TuiUserItem *it = g_new0 (TuiUserItem, 1);
      it->uid = uid;
      it->label = g_steal_pointer (&label);
      g_ptr_array_add (t->users, it);
    }
  t->menu_sel = CLAMP (t->menu_sel, 0, MAX ((gint) t->users->len - 1, 0));
}

/* Applies the picker's choice, or the typed name or uid. */
static void
tui_users_choose (Tui *t)
{
  const char *typed = t->input->str;

  t->mode = TUI_MODE_NORMAL;
  t->rows_stale = TRUE;
  if (t->users->len > 0)
    {
      TuiUserItem *it = t->users->pdata[CLAMP (t->menu_sel, 0, (gint) t->users->len - 1)];
      t->has_uid = !it->all;
      t->uid = it->uid;
      return;
    }
  if (monitor_user_parse (t->m, typed, &t->uid))
    {
      t->has_uid = TRUE;
      return;
    }
  tui_message (t, "no such user");
}

/* The process the k menu would signal: the tree's selection or the log's. */
static const Proc *
tui_target (Tui *t)
{
  const Proctab *pt = tui_proctab (t);

  if (t->details_from_log)
    {
      const HistoryEntry *e = tui_log_entry (tui_history (t), tui_log_selected (t));
      return e ? proctab_lookup_serial (pt, e->serial) : NULL;
    }
  const Row *r = tui_selected_row (t);
  return r ? r->proc : NULL;
}

/* Opens the signal menu for the selected process. */
static void
tui_signal_menu (Tui *t)
{
  const Proc *p = tui_target (t);

  if (!t->live)
    {
      tui_message (t, "signals are only sent to processes of a live source");
      return;
    }
  if (!p || !p->alive)
    {
      tui_message (t, "no live process selected");
      return;
    }
  t->sig_serial = p->serial;
  t->mode = TUI_MODE_SIGNAL;
  t->menu_sel = 0;
}

/* Sends the chosen signal; the monitor makes sure a reused pid is never
 * hit. */
static void
tui_send_signal (Tui *t)
{
  const Proc *p = proctab_lookup_serial (monitor_proctab (t->m), t->sig_serial);
  int r;

  t->mode = TUI_MODE_NORMAL;
  if (!p || !p->alive)
    {
      tui_message (t, "the process has exited");
      return;
    }
  r = monitor_signal (t->m, p->serial, t->sig_num);
  if (r < 0)
    tui_message (t, "signal %s to %d failed: %s", sigabbrev_np (t->sig_num),
                 p->pid, g_strerror (-r));
  else
    tui_message (t, "sent SIG%s to %d", sigabbrev_np (t->sig_num), p->pid);
}

const char *
tui_signal_label (gint i, char *buf, gsize size)
{
  if (i < 0 || (guint) i >= G_N_ELEMENTS (tui_signals))
    return NULL;
  g_snprintf (buf, size, "SIG%-6s %2d", sigabbrev_np (tui_signals[i]), tui_signals[i]);
  return buf;
}

/* Whether KEY edits the prompt's text (and did). */
static gboolean
tui_edit_input (Tui *t, int key, gboolean is_char)
{
  if (is_char && key >= 0x20 && key != 0x7f)
    {
      g_string_append_unichar (t->input, key);
      return TRUE;
    }
  if (key == KEY_BACKSPACE || key == 0x7f || key == TUI_CTRL ('h'))
    {
      const char *end = t->input->str + t->input->len;
      if (t->input->len)
        g_string_truncate (t->input,
                           g_utf8_find_prev_char (t->input->str, end) - t->input->str);
      return TRUE;
    }
  if (key == TUI_CTRL ('u'))
    {
      g_string_truncate (t->input, 0);
      return TRUE;
    }
  return FALSE;
}

/* Sets *DST to the prompt's text, NULL when empty. */
static void
tui_take_input (Tui *t, char **dst)
{
  g_free (*dst);
  *dst = t->input->len ? g_strdup (t->input->str) : NULL;
}

/* A key in the search or filter prompt. */
static void
tui_key_prompt (Tui *t, int key, gboolean is_char)
{
  gboolean search = t->mode == TUI_MODE_SEARCH;

  if (key == 27)
    {
      g_clear_pointer (search ? &t->search : &t->comm, g_free);
      t->mode = TUI_MODE_NORMAL;
      t->rows_stale = TRUE;
      return;
    }
  if (key == '\n' || key == '\r' || key == KEY_ENTER)
    {
      t->mode = TUI_MODE_NORMAL;
      return;
    }
  if (search && !is_char && (key == KEY_F (3) || key == KEY_DOWN))
    {
      tui_search_next (t, 1, FALSE);
      return;
    }
  if (search && !is_char && key == KEY_UP)
    {
      tui_search_next (t, -1, FALSE);
      return;
    }
  if (!tui_edit_input (t, key, is_char))
    return;
  if (search)
    {
      tui_take_input (t, &t->search);
      tui_search_next (t, 1, TRUE);
    }
  else
    {
      tui_take_input (t, &t->comm);
      t->rows_stale = TRUE;
    }
}

/* A key in the user picker. */
static void
tui_key_users (Tui *t, int key, gboolean is_char)
{
  if (key == 27)
    t->mode = TUI_MODE_NORMAL;
  else if (key == '\n' || key == '\r' || key == KEY_ENTER)
    tui_users_choose (t);
  else if (!is_char && key == KEY_UP)
    t->menu_sel = MAX (t->menu_sel - 1, 0);
  else if (!is_char && key == KEY_DOWN)
    t->menu_sel = MIN (t->menu_sel + 1, MAX ((gint) t->users->len - 1, 0));
  else if (tui_edit_input (t, key, is_char))
    tui_users_refresh (t);
}

/* A key in the signal menu or its confirmation. */
static void
tui_key_signal (Tui *t, int key, gboolean is_char)
{
  gint n = G_N_ELEMENTS (tui_signals);

  if (t->mode == TUI_MODE_CONFIRM)
    {
      if (key == 'y' || key == 'Y')
        tui_send_signal (t);
      else
        {
          t->mode = TUI_MODE_NORMAL;
          tui_message (t, "no signal sent");
        }
      return;
    }
  if (key == 27 || key == 'q')
    t->mode = TUI_MODE_NORMAL;
  else if (!is_char && key == KEY_UP)
    t->menu_sel = (t->menu_sel + n - 1) % n;
  else if (!is_char && key == KEY_DOWN)
    t->menu_sel = (t->menu_sel + 1) % n;
  else if (key == '\n' || key == '\r' || key == KEY_ENTER)
    {
      t->sig_num = tui_signals[CLAMP (t->menu_sel, 0, n - 1)];
      t->mode = TUI_MODE_CONFIRM;
    }
}

/* Suspends on SIGTSTP (Ctrl-Z): restores the terminal, stops, and takes
 * the screen back after fg. */
static void
tui_suspend (Tui *t)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL }, old;

  def_prog_mode ();
  endwin ();
  sigaction (SIGTSTP, &dfl, &old);
  raise (SIGTSTP);
  sigaction (SIGTSTP, &old, NULL);
  reset_prog_mode ();
  clearok (curscr, TRUE);
  tui_resize (t);
}

/* Enter in the log: select the event's process in the tree. */
static void
tui_log_to_tree (Tui *t)
{
  const HistoryEntry *e = tui_log_entry (tui_history (t), tui_log_selected (t));
  GArray *rows;
  gint i;

  if (!e || !e->serial)
    return;
  rows = tui_rows (t);
  i = rows_find (rows, e->serial, 0);
  if (i < 0)
    {
      tui_message (t, "that process is not in the tree now");
      return;
    }
  t->follow_serial = 0;
  tui_select (t, rows, i);
  t->focus = PANE_TREE;
  t->details_from_log = FALSE;
}

/* Focuses PANE. */
static void
tui_focus (Tui *t, LayoutPane pane)
{
  t->focus = pane;
  if (pane == PANE_TREE)
    t->details_from_log = FALSE;
  else if (pane == PANE_LOG)
    t->details_from_log = TRUE;
}

/* A mouse event. */
static void
tui_mouse (Tui *t)
{
  MEVENT me;
  LayoutPane pane;
  const LayoutRect *r;
  int line;

  if (getmouse (&me) != OK)
    return;
  if (t->mode == TUI_MODE_HELP)
    {
      t->mode = TUI_MODE_NORMAL;
      return;
    }
  if (t->mode != TUI_MODE_NORMAL)
    return;
  pane = layout_hit (&t->layout, me.y, me.x);
  if (pane == PANE_MAX)
    return;
  r = &t->layout.pane[pane];
  line = me.y - r->y - 1;
  if (me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED))
    {
      LayoutPane keep = t->focus;
      if (pane == PANE_TREE || pane == PANE_LOG || pane == PANE_DETAILS)
        {
          t->focus = pane;
          tui_move (t, (me.bstate & BUTTON4_PRESSED) ? -TUI_WHEEL : TUI_WHEEL, 0);
          t->focus = keep;
        }
      return;
    }
  if (!(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED)))
    return;
  if (pane == PANE_FNBAR)
    {
      int key = screen_fnbar_key (t, me.x);
      if (key)
        ungetch (key);
      return;
    }
  if (pane == PANE_TREE || pane == PANE_LOG || pane == PANE_DETAILS)
    tui_focus (t, pane);
  if (pane == PANE_TREE && line >= 0)
    {
      GArray *rows = tui_rows (t);
      if (t->tree_top + line < (gint) rows->len)
        {
          t->follow_serial = 0;
          tui_select (t, rows, t->tree_top + line);
        }
    }
  else if (pane == PANE_LOG && line >= 0 && t->log_lines
           && (guint) line < t->log_lines->len)
    {
      t->log_sel = g_array_index (t->log_lines, guint64, line);
      t->log_follow = FALSE;
    }
}

/* A key in normal mode. */
static void
tui_key_normal (Tui *t, int key, gboolean is_char)
{
  gint page = tui_pane_rows (t, t->focus == PANE_LOG ? PANE_LOG
                                 : t->focus == PANE_DETAILS ? PANE_DETAILS : PANE_TREE);

  if (!is_char)
    switch (key)
      {
      case KEY_UP: tui_move (t, -1, 0); return;
      case KEY_DOWN: tui_move (t, 1, 0); return;
      case KEY_PPAGE: tui_move (t, -page, 0); return;
      case KEY_NPAGE: tui_move (t, page, 0); return;
      case KEY_HOME: tui_move (t, 0, -1); return;
      case KEY_END: tui_move (t, 0, 1); return;
      case KEY_LEFT:
        {
          const Row *r = tui_selected_row (t);
          if (r && (r->flags & ROW_F_CHILDREN) && !(r->flags & ROW_F_COLLAPSED))
            tui_collapse (t, TRUE);
          else
            tui_select_parent (t);
          return;
        }
      case KEY_RIGHT: tui_collapse (t, FALSE); return;
      case KEY_BACKSPACE: tui_select_parent (t); return;
      case KEY_BTAB:
        for (int i = 0; i < 2; i++)
          t->focus = layout_next_focus (&t->layout, t->focus);
        tui_focus (t, t->focus);
        return;
      case KEY_ENTER: if (t->focus == PANE_LOG) tui_log_to_tree (t); return;
      case KEY_F (1): t->mode = TUI_MODE_HELP; t->help_top = 0; return;
      case KEY_F (3): tui_prompt (t, TUI_MODE_SEARCH, t->search); return;
      case KEY_F (4): tui_prompt (t, TUI_MODE_FILTER, t->comm); return;
      case KEY_F (9): tui_signal_menu (t); return;
      case KEY_F (10): g_main_loop_quit (t->loop); return;
      case KEY_MOUSE: tui_mouse (t); return;
      case KEY_RESIZE: tui_resize (t); return;
      default: return;
      }
  switch (key)
    {
    case 'q': g_main_loop_quit (t->loop); break;
    case '?': case 'h': t->mode = TUI_MODE_HELP; t->help_top = 0; break;
    case '\t': tui_focus (t, layout_next_focus (&t->layout, t->focus)); break;
    case '\n': case '\r': if (t->focus == PANE_LOG) tui_log_to_tree (t); break;
    case '+': case '=': tui_collapse (t, FALSE); break;
    case '-': tui_collapse (t, TRUE); break;
    case '*': tui_collapse_all (t); break;
    case 0x7f: case TUI_CTRL ('h'): tui_select_parent (t); break;
    case '/': tui_prompt (t, TUI_MODE_SEARCH, NULL); break;
    case '\\': tui_prompt (t, TUI_MODE_FILTER, t->comm); break;
    case 'u':
      tui_prompt (t, TUI_MODE_USER, NULL);
      tui_users_refresh (t);
      break;
    case 27: tui_clear (t); break;
    case 'z': tui_toggle_freeze (t); break;
    case 't':
      {
        const Row *r = tui_selected_row (t);
        t->follow_serial = (r && !t->follow_serial) ? r->serial : 0;
        t->rows_stale = TRUE;
        break;
      }
    case 'c': t->cmdline = !t->cmdline; break;
    case 'H': t->threads = !t->threads; t->rows_stale = TRUE; break;
    case 'K': t->kthreads = !t->kthreads; t->rows_stale = TRUE; break;
    case 'k': tui_signal_menu (t); break;
    case TUI_CTRL ('l'): clearok (curscr, TRUE); break;
    case TUI_CTRL ('c'): g_main_loop_quit (t->loop); break;
    default: break;
    }
}

/* Reads every pending key from the terminal. */
static gboolean
tui_on_input (gint fd, GIOCondition cond, gpointer data)
{
  Tui *t = data;
  wint_t wc;
  int r;

  if (cond & (G_IO_HUP | G_IO_ERR))
    {
      t->status = 1;
      g_main_loop_quit (t->loop);
      return G_SOURCE_REMOVE;
    }
  while ((r = wget_wch (stdscr, &wc)) != ERR)
    {
      gboolean is_char = r == OK;
      int key = (int) wc;

      if (!is_char && key == KEY_RESIZE)
        tui_resize (t);
      else if (!is_char && key == KEY_MOUSE)
        tui_mouse (t);
      else
        switch (t->mode)
          {
          case TUI_MODE_HELP:
            if (!is_char && key == KEY_DOWN)
              t->help_top++;
            else if (!is_char && key == KEY_UP)
              t->help_top = MAX (t->help_top - 1, 0);
            else
              t->mode = TUI_MODE_NORMAL;
            break;
          case TUI_MODE_SEARCH:
          case TUI_MODE_FILTER:
            tui_key_prompt (t, key, is_char);
            break;
          case TUI_MODE_USER:
            tui_key_users (t, key, is_char);
            break;
          case TUI_MODE_SIGNAL:
          case TUI_MODE_CONFIRM:
            tui_key_signal (t, key, is_char);
            break;
          case TUI_MODE_NORMAL:
            tui_key_normal (t, key, is_char);
            break;
          }
    }
  tui_mark_dirty (t);
  return G_SOURCE_CONTINUE;
}

/* SIGINT, SIGTERM, SIGHUP: quit, restoring the terminal. */
static gboolean
tui_on_quit_signal (gpointer data)
{
  Tui *t = *(Tui **) data;
  int sig = GPOINTER_TO_INT (((gpointer *) data)[1]);

  t->status = 128 + sig;
  g_main_loop_quit (t->loop);
  return G_SOURCE_CONTINUE;
}

/* SIGWINCH. */
static gboolean
tui_on_winch (gpointer data)
{
  tui_resize (data);
  return G_SOURCE_CONTINUE;
}

/* SIGTSTP arrives here through the self-pipe. */
static gboolean
tui_on_tstp (gint fd, GIOCondition cond, gpointer data)
{
  char buf[64];

  while (read (fd, buf, sizeof buf) > 0)
    ;
  tui_suspend (data);
  return G_SOURCE_CONTINUE;
}

/* The SIGTSTP handler: defer to the main loop. */
static void
tui_tstp_handler (int sig)
{
  int saved = errno;

  if (tui_tstp_fd >= 0 && write (tui_tstp_fd, "z", 1) < 0)
    {
      /* The pipe is full: a suspend is already pending. */
    }
  errno = saved;
}

/* Crashes: give the terminal back before dying. */
static void
tui_fatal_handler (int sig)
{
  if (tui_curses_active)
    endwin ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* exit() while the screen is up (a library calling exit, g_error). */
static void
tui_atexit (void)
{
  if (tui_curses_active)
    endwin ();
}

/* Opens the terminal (on /dev/tty, so a replay may come on stdin) and
 * sets curses up.  Returns FALSE with t->error set on failure. */
static gboolean
tui_term_open (Tui *t)
{
  FILE *out;
  const char *codeset;

  t->tty = fopen ("/dev/tty", "r+e");
  if (!t->tty)
    {
      t->error = g_strdup_printf ("cannot open the terminal: %s", g_strerror (errno));
      return FALSE;
    }
  out = isatty (STDOUT_FILENO) ? stdout : t->tty;
  t->screen = newterm (NULL, out, t->tty);
  if (!t->screen)
    {
      t->error = g_strdup ("cannot set up the terminal (is TERM right?)");
      return FALSE;
    }
  set_term (t->screen);
  tui_curses_active = 1;
  codeset = nl_langinfo (CODESET);
  t->utf8 = codeset && (!g_ascii_strcasecmp (codeset, "UTF-8")
                        || !g_ascii_strcasecmp (codeset, "utf8"));
  cbreak ();
  noecho ();
  nonl ();
  intrflush (stdscr, FALSE);
  keypad (stdscr, TRUE);
  /* Home and End as tmux, screen, the Linux console and rxvt send them,
   * whatever TERM claims. */
  define_key ("\033[1~", KEY_HOME);
  define_key ("\033[4~", KEY_END);
  define_key ("\033[7~", KEY_HOME);
  define_key ("\033[8~", KEY_END);
  nodelay (stdscr, TRUE);
  set_escdelay (25);
  curs_set (0);
  mousemask (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED
             | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
  mouseinterval (0);
  theme_init ();
  return TRUE;
}

/* Installs the signal handling; curses has installed its own by now, and
 * these replace them. */
static void
tui_signals_open (Tui *t, gpointer quit_data[3][2], int tstp_pipe[2])
{
  static const int quit_sigs[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction sa = { .sa_handler = tui_tstp_handler, .sa_flags = SA_RESTART };
  struct sigaction fatal = { .sa_handler = tui_fatal_handler };
  static const int fatal_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

  for (guint i = 0; i < G_N_ELEMENTS (quit_sigs); i++)
    {
      quit_data[i][0] = t;
      quit_data[i][1] = GINT_TO_POINTER (quit_sigs[i]);
      t->sig_ids[i] = g_unix_signal_add (quit_sigs[i], tui_on_quit_signal, quit_data[i]);
    }
  t->sig_ids[3] = g_unix_signal_add (SIGWINCH, tui_on_winch, t);
  if (g_unix_open_pipe (tstp_pipe, FD_CLOEXEC, NULL)
      && g_unix_set_fd_nonblocking (tstp_pipe[0], TRUE, NULL)
      && g_unix_set_fd_nonblocking (tstp_pipe[1], TRUE, NULL))
    {
      tui_tstp_fd = tstp_pipe[1];
      t->tstp_id = g_unix_fd_add (tstp_pipe[0], G_IO_IN, tui_on_tstp, t);
      sigemptyset (&sa.sa_mask);
      sigaction (SIGTSTP, &sa, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fatal_sigs); i++)
    sigaction (fatal_sigs[i], &fatal, NULL);
  atexit (tui_atexit);
}

/* Undoes tui_signals_open. */
static void
tui_signals_close (Tui *t, int tstp_pipe[2])
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };

  for (guint i = 0; i < G_N_ELEMENTS (t->sig_ids); i++)
    if (t->sig_ids[i])
      g_source_remove (t->sig_ids[i]);
  if (t->tstp_id)
    {
      g_source_remove (t->tstp_id);
      sigaction (SIGTSTP, &dfl, NULL);
      tui_tstp_fd = -1;
      close (tstp_pipe[0]);
      close (tstp_pipe[1]);
    }
}

/* Gives the terminal back and frees everything curses holds. */
static void
tui_term_close (Tui *t)
{
  screen_free (t);
  if (t->screen)
    {
      endwin ();
      tui_curses_active = 0;
      delscreen (t->screen);
    }
  if (t->tty)
    fclose (t->tty);
}

/* Frees the view state. */
static void
tui_clear_state (Tui *t)
{
  g_clear_pointer (&t->fz_pt, proctab_free);
  g_clear_pointer (&t->fz_h, history_free);
  g_clear_pointer (&t->rows, g_array_unref);
  g_clear_pointer (&t->log_lines, g_array_unref);
  g_clear_pointer (&t->collapsed, g_hash_table_unref);
  g_clear_pointer (&t->states, g_hash_table_unref);
  g_clear_pointer (&t->users, g_ptr_array_unref);
  g_string_free (t->input, TRUE);
  details_live_clear (&t->det_live);
  g_free (t->comm);
  g_free (t->search);
  g_free (t->message);
  g_free (t->error);
  g_clear_pointer (&t->loop, g_main_loop_unref);
}

int
tui_run (Monitor *m, const TuiOptions *opts)
{
  Tui t = { .m = m, .opts = *opts, .log_follow = TRUE, .sel_idx = 0 };
  gpointer quit_data[3][2];
  int tstp_pipe[2] = { -1, -1 };
  int status;

  setlocale (LC_ALL, "");
  t.live = monitor_is_live (m);
  t.threads = opts->threads;
  t.comm = opts->comm && *opts->comm ? g_strdup (opts->comm) : NULL;
  t.has_uid = opts->has_uid;
  t.uid = opts->uid;
  t.rows_stale = TRUE;
  t.input = g_string_new (NULL);
  t.collapsed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  t.states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  t.users = g_ptr_array_new_with_free_func (tui_user_item_free);
  t.loop = g_main_loop_new (NULL, FALSE);

  if (!tui_term_open (&t))
    {
      tui_term_close (&t);
      g_printerr ("forkscope: %s\n", t.error);
      tui_clear_state (&t);
      return 1;
    }
  tui_signals_open (&t, quit_data, tstp_pipe);
  t.input_id = g_unix_fd_add (fileno (t.tty), G_IO_IN | G_IO_HUP | G_IO_ERR,
                              tui_on_input, &t);
  t.tick_id = g_timeout_add_seconds (1, tui_tick, &t);
  screen_layout (&t);

  monitor_set_listener (m, tui_on_event, tui_on_done, &t);
  monitor_start (m);
  tui_mark_dirty (&t);
  if (!t.error)
    g_main_loop_run (t.loop);

  monitor_set_listener (m, NULL, NULL, NULL);
  g_source_remove (t.input_id);
  g_source_remove (t.tick_id);
  if (t.frame_id)
    g_source_remove (t.frame_id);
  tui_signals_close (&t, tstp_pipe);
  tui_term_close (&t);
  if (t.error)
    g_printerr ("forkscope: %s\n", t.error);
  status = t.status;
  tui_clear_state (&t);
  return status;
}
