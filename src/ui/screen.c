/* screen.c - drawing the panes: one curses window each, wnoutrefresh each,
 * one doupdate per frame.  Nothing here changes the model. */
#include <string.h>
#include "theme.h"
#include "tui-int.h"

/* New processes are highlighted this long. */
#define SCREEN_NEW_NS (3 * G_GINT64_CONSTANT (1000000000))
/* The window over which events per second are counted. */
#define SCREEN_RATE_NS G_GINT64_CONSTANT (1000000000)

/* One function bar entry: the key shown, its label, the key it sends. */
typedef struct {
  const char *key;
  const char *label;
  int code;
} ScreenFn;

/* The function bar. */
static const ScreenFn screen_fns[] = {
  { "F1", "Help", KEY_F (1) },
  { "F3", "Search", KEY_F (3) },
  { "F4", "Filter", KEY_F (4) },
  { "u", "User", 'u' },
  { "z", "Freeze", 'z' },
  { "t", "Follow", 't' },
  { "c", "Cmd", 'c' },
  { "H", "Threads", 'H' },
  { "K", "Kthr", 'K' },
  { "F9", "Kill", KEY_F (9) },
  { "F10", "Quit", KEY_F (10) },
};

/* Appends TEXT at the cursor of W with ATTR, cut at the window's edge.
 * Returns the cells left on the line. */
static int
screen_put (Tui *t, WINDOW *w, attr_t attr, const char *text)
{
  g_autoptr (GString) s = g_string_new (NULL);
  int left = getmaxx (w) - getcurx (w);

  if (left <= 0)
    return 0;
  format_fit (s, text, left, t->utf8, FALSE);
  wattrset (w, attr);
  waddstr (w, s->str);
  wattrset (w, A_NORMAL);
  return getmaxx (w) - getcurx (w);
}

/* Writes TEXT on line Y of W from column X, padded to the edge, in ATTR. */
static void
screen_line (Tui *t, WINDOW *w, int y, int x, attr_t attr, const char *text)
{
  g_autoptr (GString) s = g_string_new (NULL);
  int width = getmaxx (w) - x;

  if (y < 0 || y >= getmaxy (w) || width <= 0)
    return;
  format_fit (s, text, width, t->utf8, TRUE);
  wattrset (w, attr);
  mvwaddstr (w, y, x, s->str);
  wattrset (w, A_NORMAL);
}

void
screen_free (Tui *t)
{
  for (int i = 0; i < PANE_MAX; i++)
    g_clear_pointer (&t->win[i], delwin);
}

void
screen_layout (Tui *t)
{
  screen_free (t);
  layout_compute (COLS, LINES, &t->layout);
  for (int i = 0; i < PANE_MAX; i++)
    if (layout_visible (&t->layout, i))
      {
        const LayoutRect *r = &t->layout.pane[i];
        t->win[i] = newwin (r->h, r->w, r->y, r->x);
      }
  if (!t->win[t->focus])
    t->focus = PANE_TREE;
  erase ();
  wnoutrefresh (stdscr);
}

/* Events per second: shown events in the last second of the live model's
 * clock, so a finished replay shows a stable figure.  When the history
 * holds less than that second, the rate is scaled from what it holds. */
static guint
screen_rate (Tui *t)
{
  const History *h = monitor_history (t->m);
  gint64 now = monitor_now_mono_ns (t->m), since = now - SCREEN_RATE_NS;
  guint n = 0, len = history_len (h);
  const HistoryEntry *oldest = history_get (h, 0);

  for (guint i = len; i-- > 0;)
    {
      const HistoryEntry *e = history_get (h, i);
      if (e->ev.mono_ns <= since)
        return n;
      n += e->ev.kind != EVENT_SNAPSHOT;
    }
  if (oldest && oldest->seq > 1 && now > oldest->ev.mono_ns)
    return (guint) MIN ((double) n * SCREEN_RATE_NS / (now - oldest->ev.mono_ns),
                        (double) G_MAXUINT);
  return n;
}

/* The header line: host and source, counts, rate, losses, filters, FROZEN. */
static void
screen_header (Tui *t, WINDOW *w)
{
  const Proctab *pt = tui_proctab (t);
  const MonitorStats *st = monitor_stats (t->m);
  const char *notice = monitor_notice (t->m);
  attr_t attr = theme_attr (THEME_HEADER);
  g_autofree char *counts = NULL;

  wbkgdset (w, ' ' | attr);
  werase (w);
  wmove (w, 0, 0);
  screen_put (t, w, attr | A_BOLD, "forkscope ");
  if (t->live)
    {
      screen_put (t, w, attr, g_get_host_name ());
      screen_put (t, w, attr, " ");
    }
  screen_put (t, w, attr, monitor_source_name (t->m));
  if (t->source_ended)
    screen_put (t, w, attr, " (ended)");
  counts = g_strdup_printf ("  %u procs %u thr %u exited  %u ev/s  ",
                            proctab_count_live (pt), proctab_count_threads (pt),
                            proctab_count_tombs (pt), screen_rate (t));
  screen_put (t, w, attr, counts);
  {
    g_autofree char *lost = g_strdup_printf ("lost %" G_GUINT64_FORMAT, st->lost);
    screen_put (t, w, st->lost ? theme_attr (THEME_ALERT) | A_REVERSE : attr, lost);
  }
  if (t->comm || t->has_uid)
    {
      g_autoptr (GString) f = g_string_new ("  filter:");
      if (t->comm)
        {
          g_autofree char *c = format_escape (t->comm);
          g_string_append_printf (f, " comm %s", c);
        }
      if (t->has_uid)
        g_string_append_printf (f, " uid %u", t->uid);
      screen_put (t, w, attr | A_BOLD, f->str);
    }
  if (t->frozen)
    {
      g_autoptr (GString) fz = g_string_new (" FROZEN at ");
      words_clock (fz, t->fz_wall);
      g_string_append_printf (fz, ", %" G_GUINT64_FORMAT " new ", st->events - t->fz_events);
      screen_put (t, w, attr, "  ");
      screen_put (t, w, theme_attr (THEME_FROZEN), fz->str);
    }
  if (notice)
    {
      g_autofree char *n = g_strdup_printf ("  (%s)", notice);
      screen_put (t, w, attr, n);
    }
  wnoutrefresh (w);
}

/* The title line of a pane, marked when focused. */
static void
screen_title (Tui *t, WINDOW *w, LayoutPane pane, const char *text)
{
  screen_line (t, w, 0, 0,
               theme_attr (t->focus == pane ? THEME_TITLE_FOCUS : THEME_TITLE), text);
}

/* How row R is drawn when not selected. */
static attr_t
screen_row_attr (Tui *t, const Row *r, gint64 now)
{
  const Proc *p = r->proc;

  if (t->search && rows_matches_text (r, t->search, t->cmdline))
    return theme_attr (THEME_MATCH);
  /* An ancestor kept only to hold the tree together is dim, dead or alive. */
  if (r->flags & ROW_F_DIM)
    return theme_attr (THEME_DIM);
  if (!p->alive)
    return theme_attr (event_status_failed (p->exit_code,
                                            (p->flags & PROC_F_STATUS_UNKNOWN) != 0)
                       ? THEME_TOMB_BAD : THEME_TOMB);
  if (!(p->flags & PROC_F_SNAPSHOT) && p->start_ns > 0
      && now - p->start_ns < SCREEN_NEW_NS)
    return theme_attr (THEME_NEW);
  if (p->flags & PROC_F_KTHREAD)
    return theme_attr (THEME_KTHREAD);
  return theme_attr (THEME_NORMAL);
}

/* The tree pane. */
static void
screen_tree (Tui *t, WINDOW *w)
{
  GArray *rows = tui_rows (t);
  FormatCtx ctx = tui_format_ctx (t);
  gint h = getmaxy (w) - 1, width = getmaxx (w);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GString) flags = g_string_new (NULL);

  werase (w);
  format_tree_title (s, width);
  if (t->follow_serial && t->sel_idx >= 0)
    g_string_append_printf (flags, " follow %d",
                            g_array_index (rows, Row, t->sel_idx).proc->pid);
  if (t->threads)
    g_string_append (flags, " +threads");
  if (t->kthreads)
    g_string_append (flags, " +kthreads");
  if (t->search)
    {
      g_autofree char *e = format_escape (t->search);
      g_string_append_printf (flags, " search %s", e);
    }
  if (flags->len && (gint) flags->len + 1 < width - 34)
    {
      g_string_truncate (s, width - flags->len - 1);
      g_string_append (s, flags->str);
    }
  screen_title (t, w, PANE_TREE, s->str);
  if (h <= 0)
    {
      wnoutrefresh (w);
      return;
    }

  if (rows->len == 0)
    screen_line (t, w, 1, 0, theme_attr (THEME_DIM),
                 (t->comm || t->has_uid) ? "  no process matches the filter (Esc clears)"
                                         : "  no processes");
  for (gint i = 0; i < h && t->tree_top + i < (gint) rows->len; i++)
    {
      gint k = t->tree_top + i;
      const Row *r = &g_array_index (rows, Row, k);
      attr_t attr;
      if (k == t->sel_idx)
        attr = theme_attr (t->focus == PANE_TREE || !t->details_from_log
                           ? THEME_SELECTED : THEME_SELECTED_DIM);
      else
        attr = screen_row_attr (t, r, ctx.now_ns);
      g_string_truncate (s, 0);
      format_tree_row (s, r, &ctx, width);
      screen_line (t, w, 1 + i, 0, attr, s->str);
    }
  wnoutrefresh (w);
}

/* How log entry E is drawn when not selected. */
static attr_t
screen_log_attr (const HistoryEntry *e)
{
  switch (e->ev.kind)
    {
    case EVENT_LOST:
      return theme_attr (THEME_ALERT);
    case EVENT_EXIT:
    case EVENT_COREDUMP:
      return theme_attr (event_failed (&e->ev) ? THEME_TOMB_BAD : THEME_TOMB);
    case EVENT_FORK:
      return theme_attr (THEME_NEW);
    default:
      return theme_attr (THEME_NORMAL);
    }
}

/* The first seq the log shows so that SEL is on screen in H lines. */
static guint64
screen_log_top (Tui *t, const History *h, guint64 sel, gint lines)
{
  guint64 top = t->log_top, last_top;

  if (t->log_follow || !tui_log_entry (h, top) || top > sel)
    top = tui_log_step (h, sel, t->log_follow ? -(lines - 1) : 0);
  if (tui_log_step (h, top, lines - 1) < sel)
    top = tui_log_step (h, sel, -(lines - 1));
  /* No blank lines under the newest event when there are older ones. */
  last_top = tui_log_step (h, tui_log_newest (h), -(lines - 1));
  return MIN (top, last_top);
}

/* The event log pane. */
static void
screen_log (Tui *t, WINDOW *w)
{
  const History *h = tui_history (t);
  const Proctab *pt = tui_proctab (t);
  FormatCtx ctx = tui_format_ctx (t);
  gint lines = getmaxy (w) - 1, width = getmaxx (w);
  guint64 sel = tui_log_selected (t), seq;
  g_autoptr (GString) s = g_string_new (NULL);
  const char *title;

  werase (w);
  if (t->frozen)
    title = " Events (frozen: Up/Down to inspect)";
  else if (t->log_follow)
    title = " Events (following newest)";
  else
    title = " Events (scrolled: End follows)";
  screen_title (t, w, PANE_LOG, title);
  if (!t->log_lines)
    t->log_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_set_size (t->log_lines, 0);
  if (lines <= 0 || sel == 0)
    {
      wnoutrefresh (w);
      return;
    }
  seq = t->log_top = screen_log_top (t, h, sel, lines);
  for (gint i = 0; i < lines; i++)
    {
      const HistoryEntry *e = tui_log_entry (h, seq);
      const Proc *p;
      attr_t attr;
      if (!e)
        break;
      p = e->serial ? proctab_lookup_serial (pt, e->serial) : NULL;
      if (seq == sel && (t->focus == PANE_LOG || t->details_from_log))
        attr = theme_attr (t->focus == PANE_LOG ? THEME_SELECTED : THEME_SELECTED_DIM);
      else
        attr = screen_log_attr (e);
      g_string_truncate (s, 0);
      format_log_row (s, e, p, &ctx, width);
      screen_line (t, w, 1 + i, 0, attr, s->str);
      g_array_append_val (t->log_lines, seq);
      if (tui_log_step (h, seq, 1) == seq)
        break;
      seq = tui_log_step (h, seq, 1);
    }
  wnoutrefresh (w);
}

/* The details pane: the tree's selection, or the log's when the log was
 * focused last. */
static void
screen_details (Tui *t, WINDOW *w)
{
  FormatCtx ctx = tui_format_ctx (t);
  gboolean side = t->layout.side_details;
  gint x = side ? 1 : 0, lines = getmaxy (w) - 1, width = getmaxx (w) - x;
  const Proc *p = NULL;
  const HistoryEntry *e = NULL;
  g_autoptr (GPtrArray) text = NULL;
  g_autofree char *title = NULL;

  werase (w);
  p = tui_details_subject (t, &e);
  if (p)
    {
      g_autofree char *c = format_escape (p->comm);
      title = g_strdup_printf (" Details: %d %s%s", p->pid, c,
                               p->alive ? "" : " (exited)");
      text = details_lines (p, tui_history (t), &t->det_live, &ctx, width);
    }
  else if (e)
    {
      title = g_strdup (" Details: event");
      text = details_event_lines (e, &ctx, width);
    }
  else
    title = g_strdup (" Details");
  screen_title (t, w, PANE_DETAILS, title);
  if (side)
    for (gint y = 1; y <= lines; y++)
      mvwaddstr (w, y, 0, t->utf8 ? "│" : "|");
  if (text && lines > 0)
    {
      t->det_top = CLAMP (t->det_top, 0, MAX ((gint) text->len - lines, 0));
      for (gint i = 0; i < lines && t->det_top + i < (gint) text->len; i++)
        screen_line (t, w, 1 + i, x, A_NORMAL, text->pdata[t->det_top + i]);
    }
  wnoutrefresh (w);
}

/* The label of function key I, which some toggles change. */
static const char *
screen_fn_label (const Tui *t, guint i)
{
  if (screen_fns[i].code == 'z' && t->frozen)
    return "Unfreeze";
  if (screen_fns[i].code == 'c' && t->cmdline)
    return "Comm";
  return screen_fns[i].label;
}

/* Draws the function bar's keys; returns nothing, fills W. */
static void
screen_fnbar_keys (Tui *t, WINDOW *w)
{
  for (guint i = 0; i < G_N_ELEMENTS (screen_fns); i++)
    {
      const char *label = screen_fn_label (t, i);
      if (screen_put (t, w, theme_attr (THEME_KEY), screen_fns[i].key) <= 0)
        break;
      if (screen_put (t, w, theme_attr (THEME_LABEL), label) <= 0)
        break;
      screen_put (t, w, theme_attr (THEME_LABEL), " ");
    }
}

int
screen_fnbar_key (Tui *t, int x)
{
  int at = 0;

  for (guint i = 0; i < G_N_ELEMENTS (screen_fns); i++)
    {
      const char *label = screen_fn_label (t, i);
      at += strlen (screen_fns[i].key) + strlen (label) + 1;
      if (x < at)
        return screen_fns[i].code;
    }
  return 0;
}

/* The function bar, or the prompt or message that replaces it. */
static void
screen_fnbar (Tui *t, WINDOW *w)
{
  attr_t label = theme_attr (THEME_LABEL);
  g_autofree char *text = NULL;

  wbkgdset (w, ' ' | label);
  werase (w);
  wmove (w, 0, 0);
  switch (t->mode)
    {
    case TUI_MODE_SEARCH:
    case TUI_MODE_FILTER:
    case TUI_MODE_USER:
      {
        g_autofree char *typed = format_escape (t->input->str);
        const char *what = t->mode == TUI_MODE_SEARCH ? "Search: "
                           : t->mode == TUI_MODE_FILTER ? "Filter comm: " : "User: ";
        screen_put (t, w, theme_attr (THEME_KEY), what);
        screen_put (t, w, label, typed);
        screen_put (t, w, label | A_BLINK, "_");
        screen_put (t, w, label, t->mode == TUI_MODE_SEARCH
                    ? "   F3/Down next  Up previous  Enter keep  Esc clear"
                    : "   Enter keep  Esc clear");
        break;
      }
    case TUI_MODE_CONFIRM:
      {
        const Proc *p = proctab_lookup_serial (monitor_proctab (t->m), t->sig_serial);
        g_autofree char *c = p ? format_escape (p->comm) : g_strdup ("?");
        text = g_strdup_printf ("Send SIG%s to %d (%s)? y/N", sigabbrev_np (t->sig_num),
                                p ? p->pid : 0, c);
        screen_put (t, w, theme_attr (THEME_ALERT) | A_REVERSE, text);
        break;
      }
    default:
      if (t->message && g_get_monotonic_time () < t->message_until_us)
        screen_put (t, w, theme_attr (THEME_KEY), t->message);
      else
        screen_fnbar_keys (t, w);
      break;
    }
  wnoutrefresh (w);
}

/* A boxed window of H x W cells centred on the screen (clamped to it), or
 * NULL when the screen is too small for a box. */
static WINDOW *
screen_box (Tui *t, int h, int w, const char *title)
{
  WINDOW *win;

  h = MIN (h, LINES);
  w = MIN (w, COLS);
  if (h < 3 || w < 6)
    return NULL;
  win = newwin (h, w, (LINES - h) / 2, (COLS - w) / 2);
  if (!win)
    return NULL;
  wbkgdset (win, ' ' | theme_attr (THEME_NORMAL));
  werase (win);
  box (win, 0, 0);
  wmove (win, 0, 2);
  screen_put (t, win, theme_attr (THEME_TITLE_FOCUS), title);
  return win;
}

/* Draws an overlay box's lines (from FIRST), highlighting SEL. */
static void
screen_box_lines (Tui *t, WINDOW *win, GPtrArray *lines, gint first, gint sel)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gint h = getmaxy (win) - 2, w = getmaxx (win) - 4;

  for (gint i = 0; i < h && first + i < (gint) lines->len; i++)
    {
      g_string_truncate (s, 0);
      format_fit (s, lines->pdata[first + i], w, t->utf8, TRUE);
      wattrset (win, first + i == sel ? theme_attr (THEME_SELECTED) : A_NORMAL);
      mvwaddstr (win, 1 + i, 2, s->str);
    }
  wattrset (win, A_NORMAL);
}

/* The help screen, the user picker or the signal menu over the panes. */
static void
screen_overlay (Tui *t)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  WINDOW *win = NULL;
  gint first = 0, sel = -1;
  char buf[32];

  switch (t->mode)
    {
    case TUI_MODE_HELP:
      for (guint i = 0; i < tui_help_len; i++)
        g_ptr_array_add (lines, g_strdup_printf ("%-18s %s", tui_help[i].keys,
                                                 tui_help[i].what));
      win = screen_box (t, lines->len + 2, 76, " forkscope keys (any key closes) ");
      if (win)
        {
          t->help_top = CLAMP (t->help_top, 0,
                               MAX ((gint) lines->len - (getmaxy (win) - 2), 0));
          first = t->help_top;
        }
      break;
    case TUI_MODE_USER:
      for (guint i = 0; i < t->users->len; i++)
        g_ptr_array_add (lines, g_strdup (((TuiUserItem *) t->users->pdata[i])->label));
      if (lines->len == 0)
        g_ptr_array_add (lines, g_strdup ("(none seen: Enter takes the typed name or uid)"));
      else
        sel = t->menu_sel;
      win = screen_box (t, lines->len + 2, 52, " Filter by user ");
      if (win && sel >= getmaxy (win) - 2)
        first = sel - (getmaxy (win) - 3);
      break;
    case TUI_MODE_SIGNAL:
    case TUI_MODE_CONFIRM:
      {
        const Proc *p = proctab_lookup_serial (monitor_proctab (t->m), t->sig_serial);
        g_autofree char *c = p ? format_escape (p->comm) : g_strdup ("?");
        for (gint i = 0; tui_signal_label (i, buf, sizeof buf); i++)
          g_ptr_array_add (lines, g_strdup (buf));
        title = g_strdup_printf (" Signal %d %s ", p ? p->pid : 0, c);
        sel = t->menu_sel;
        win = screen_box (t, lines->len + 2, 34, title);
        if (win && sel >= getmaxy (win) - 2)
          first = sel - (getmaxy (win) - 3);
        break;
      }
    default:
      return;
    }
  if (!win)
    return;
  screen_box_lines (t, win, lines, first, sel);
  wnoutrefresh (win);
  delwin (win);
}

void
screen_draw (Tui *t)
{
  if (LINES <= 0 || COLS <= 0)
    return;
  if (t->win[PANE_HEADER])
    screen_header (t, t->win[PANE_HEADER]);
  if (t->win[PANE_TREE])
    screen_tree (t, t->win[PANE_TREE]);
  if (t->win[PANE_LOG])
    screen_log (t, t->win[PANE_LOG]);
  if (t->win[PANE_DETAILS])
    screen_details (t, t->win[PANE_DETAILS]);
  if (t->win[PANE_FNBAR])
    screen_fnbar (t, t->win[PANE_FNBAR]);
  screen_overlay (t);
  doupdate ();
}
