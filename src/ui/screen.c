/* screen.c - drawing the panes (see screen.h). */
#include "screen.h"

#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>

#include "dialogs.h"
#include "keys.h"
#include "logpos.h"
#include "text.h"
#include "theme.h"
#include "travel.h"

/* New processes are highlighted this long. */
#define SCREEN_NEW_NS (3 * G_GINT64_CONSTANT (1000000000))
/* The window over which events per second are counted. */
#define SCREEN_RATE_NS G_GINT64_CONSTANT (1000000000)
/* The help box's width at most, and its column of keys. */
#define SCREEN_HELP_WIDTH 76
#define SCREEN_HELP_KEYS 18

/* Appends TEXT at the cursor of W with ATTR, cut at the window's edge.
 * Returns the cells left on the line. */
static int
screen_put (Viewer *v, WINDOW *w, attr_t attr, const char *text)
{
  g_autoptr (GString) s = g_string_new (NULL);
  int left = getmaxx (w) - getcurx (w);

  if (left <= 0)
    return 0;
  format_fit (s, text, left, v->utf8, FALSE);
  wattrset (w, attr);
  waddstr (w, s->str);
  wattrset (w, A_NORMAL);
  return getmaxx (w) - getcurx (w);
}

/* Writes TEXT on line Y of W from column X, padded to the edge, in ATTR. */
static void
screen_line (Viewer *v, WINDOW *w, int y, int x, attr_t attr, const char *text)
{
  g_autoptr (GString) s = g_string_new (NULL);
  int width = getmaxx (w) - x;

  if (y < 0 || y >= getmaxy (w) || width <= 0)
    return;
  format_fit (s, text, width, v->utf8, TRUE);
  wattrset (w, attr);
  mvwaddstr (w, y, x, s->str);
  wattrset (w, A_NORMAL);
}

void
screen_free (Viewer *v)
{
  for (int i = 0; i < PANE_MAX; i++)
    g_clear_pointer (&v->win[i], delwin);
}

void
screen_layout (Viewer *v)
{
  screen_free (v);
  layout_compute (COLS, LINES, &v->layout);
  for (int i = 0; i < PANE_MAX; i++)
    if (layout_visible (&v->layout, i))
      {
        const LayoutRect *r = &v->layout.pane[i];
        v->win[i] = newwin (r->h, r->w, r->y, r->x);
      }
  if (!v->win[v->focus])
    v->focus = PANE_TREE;
  /* The details over the body become the pane when it now fits. */
  if (v->mode == VIEWER_MODE_DETAILS && v->win[PANE_DETAILS])
    {
      v->mode = VIEWER_MODE_NORMAL;
      v->focus = PANE_DETAILS;
    }
  erase ();
  wnoutrefresh (stdscr);
}

/* Events per second: events in the second before the moment shown (now,
 * the freeze point or the time cursor) on the events' clock, so that a
 * finished replay shows a stable figure.  When the history holds less
 * than that second, the rate is scaled from the last tenth of a second or
 * more that it holds; from less, it is not known: -1. */
static gint64
screen_rate (Viewer *v)
{
  const History *h = viewer_history (v);
  gint64 now = viewer_now (v), since = event_ns_sub (now, SCREEN_RATE_NS);
  guint n = 0, len = history_len (h);
  const HistoryEntry *oldest = history_get (h, 0);

  for (guint i = len; i-- > 0;)
    {
      const HistoryEntry *e = history_get (h, i);
      if (v->cursor && e->seq > v->cursor)
        continue;
      if (e->ev.mono_ns <= since)
        return n;
      n += e->ev.kind != EVENT_SNAPSHOT;
    }
  if (!oldest || oldest->seq == 1)
    return n;  /* the history holds everything since the start */
  gint64 held = event_ns_sub (now, oldest->ev.mono_ns);
  if (held < SCREEN_RATE_NS / 10)
    return -1;
  return (gint64) ((double) n * SCREEN_RATE_NS / held);
}

/* The header line, most important first so that a narrow terminal cuts
 * the least: where the view stands (AT, FROZEN, PLAY), the filter, counts
 * and rate, losses, host and source, and why this source. */
static void
screen_header (Viewer *v, WINDOW *w)
{
  const Proctab *pt = viewer_proctab (v);
  const MonitorStats *st = monitor_stats (v->m);
  const char *notice = monitor_notice (v->m);
  attr_t attr = theme_attr (THEME_HEADER);
  g_autoptr (GString) s = g_string_new (NULL);
  guint64 at, of;

  wbkgdset (w, ' ' | attr);
  werase (w);
  wmove (w, 0, 0);
  screen_put (v, w, attr | A_BOLD, "forkscope ");
  if (travel_position (v, &at, &of))
    {
      /* The time cursor: unmistakably not now. */
      g_string_assign (s, " AT ");
      words_clock (s, viewer_now_wall (v));
      g_string_append (s, ", event ");
      words_count (s, at);
      g_string_append (s, " of ");
      words_count (s, of);
      g_string_append_c (s, ' ');
      screen_put (v, w, theme_attr (THEME_FROZEN) | A_REVERSE, s->str);
      screen_put (v, w, attr, " ");
    }
  else if (v->frozen)
    {
      g_string_assign (s, " FROZEN ");
      words_clock (s, v->fz_wall);
      g_string_append_printf (s, " +%" G_GUINT64_FORMAT " new ", st->events - v->fz_events);
      screen_put (v, w, theme_attr (THEME_FROZEN), s->str);
      screen_put (v, w, attr, " ");
    }
  else if (monitor_is_replay (v->m) && !v->source_ended)
    {
      /* A replay that plays: at what pace, and where. */
      double speed = monitor_replay_speed (v->m);
      g_string_assign (s, "PLAY ");
      if (speed > 0)
        g_string_append_printf (s, "%gx", speed);
      else
        g_string_append (s, "max");
      g_string_append (s, ", event ");
      words_count (s, monitor_replay_position (v->m));
      g_string_append_c (s, ' ');
      screen_put (v, w, attr | A_BOLD, s->str);
    }
  if (v->source_ended && v->error)
    {
      g_autofree char *e = format_escape (v->error);
      g_string_printf (s, " stopped: %s ", e);
      screen_put (v, w, theme_attr (THEME_ALERT) | A_REVERSE, s->str);
      screen_put (v, w, attr, " ");
    }
  else if (v->source_ended)
    screen_put (v, w, attr, "(ended) ");
  if (!filter_is_empty (v->filter))
    {
      g_autofree char *f = format_escape (filter_text (v->filter));
      g_string_printf (s, " filter: %s ", f);
      screen_put (v, w, attr | A_BOLD, s->str);
    }
  gint64 rate = screen_rate (v);
  g_string_printf (s, " %u procs", proctab_count_live (pt));
  if (v->threads)
    g_string_append_printf (s, " %u thr", proctab_count_threads (pt));
  g_string_append_printf (s, " %u exited  ", proctab_count_tombs (pt));
  if (rate < 0)
    g_string_append (s, "? ev/s  ");
  else
    g_string_append_printf (s, "%" G_GINT64_FORMAT " ev/s  ", rate);
  screen_put (v, w, attr, s->str);
  g_string_printf (s, "lost %" G_GUINT64_FORMAT, st->lost);
  screen_put (v, w, st->lost ? theme_attr (THEME_ALERT) | A_REVERSE : attr, s->str);
  if (v->hide_ok_tombs)
    screen_put (v, w, attr | A_BOLD, "  ok exits hidden");
  g_string_assign (s, "  ");
  if (v->live)
    g_string_append_printf (s, "%s ", g_get_host_name ());
  g_string_append (s, monitor_source_name (v->m));
  if (notice)
    g_string_append_printf (s, " (%s)", notice);
  screen_put (v, w, attr, s->str);
  wnoutrefresh (w);
}

/* The title line of a pane, marked when focused. */
static void
screen_title (Viewer *v, WINDOW *w, LayoutPane pane, const char *text)
{
  screen_line (v, w, 0, 0,
               theme_attr (v->focus == pane ? THEME_TITLE_FOCUS : THEME_TITLE), text);
}

/* How row R is drawn when not selected. */
static attr_t
screen_row_attr (Viewer *v, const Row *r, gint64 now)
{
  const Proc *p = r->proc;

  if (v->search && format_row_matches (r, v->search, v->cmdline))
    return theme_attr (THEME_MATCH);
  /* An ancestor kept only to hold the tree together is dim, dead or alive. */
  if (r->flags & ROW_F_DIM)
    return theme_attr (THEME_DIM);
  if (r->fold)
    return theme_attr (r->fold->failed ? THEME_TOMB_BAD : THEME_TOMB);
  if (!p->alive)
    return theme_attr ((p->flags & PROC_F_COREDUMP)
                       || event_status_failed (p->exit_code,
                                               (p->flags & PROC_F_STATUS_UNKNOWN) != 0)
                       ? THEME_TOMB_BAD : THEME_TOMB);
  if (!(p->flags & PROC_F_SNAPSHOT) && p->start_ns > 0
      && event_ns_sub (now, p->start_ns) < SCREEN_NEW_NS)
    return theme_attr (THEME_NEW);
  if (p->flags & PROC_F_KTHREAD)
    return theme_attr (THEME_KTHREAD);
  return theme_attr (THEME_NORMAL);
}

/* The tree pane. */
static void
screen_tree (Viewer *v, WINDOW *w)
{
  GArray *rows = viewer_rows (v);
  FormatCtx ctx = viewer_format_ctx (v);
  gint h = getmaxy (w) - 1, width = getmaxx (w);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GString) flags = g_string_new (NULL);

  werase (w);
  /* The optional columns that leave room for the command. */
  format_columns_fit (&ctx, v->columns, width);
  format_tree_title (s, width, &ctx);
  if (!rows_sort_is_seen (v->sort, v->sort_reverse))
    g_string_append_printf (flags, " by %s%s",
                            v->sort == ROWS_SORT_SEEN ? "order seen" : rows_sort_names[v->sort],
                            v->sort_reverse ? ", inverted" : "");
  if (v->columns != ctx.columns)
    {
      /* The columns the pane is too narrow for. */
      guint hidden = v->columns & ~ctx.columns, n = 0;
      for (; hidden; hidden &= hidden - 1)
        n++;
      g_string_append_printf (flags, " (%u column%s hidden)", n, n > 1 ? "s" : "");
    }
  if (v->follow_serial && v->sel_idx >= 0)
    g_string_append_printf (flags, " follow %d",
                            g_array_index (rows, Row, v->sel_idx).proc->pid);
  if (v->threads)
    g_string_append (flags, " +threads");
  if (v->kthreads)
    g_string_append (flags, " +kthreads");
  if (v->search && v->focus != PANE_LOG)
    {
      g_autofree char *e = format_escape (v->search);
      g_string_append_printf (flags, " search %s%s", e, v->search_missed ? " (no match)" : "");
    }
  if (flags->len)
    {
      /* At the right end but a space, or cut after the titles where there
       * is no room. */
      int room = width - 1 - format_cells (g_strchomp (s->str));
      int cells = format_cells (flags->str);
      g_string_set_size (s, strlen (s->str));
      if (cells < room)
        g_string_append_printf (s, "%*s", room - cells, "");
      format_fit (s, flags->str, MIN (cells, room), ctx.utf8, TRUE);
      format_fit (s, "", width - format_cells (s->str), ctx.utf8, TRUE);
    }
  screen_title (v, w, PANE_TREE, s->str);
  if (h <= 0)
    {
      wnoutrefresh (w);
      return;
    }

  if (rows->len == 0)
    screen_line (v, w, 1, 0, theme_attr (THEME_DIM),
                 !filter_is_empty (v->filter)
                 ? "  no process matches the filter (Esc clears)" : "  no processes");
  for (gint i = 0; i < h && v->tree_top + i < (gint) rows->len; i++)
    {
      gint k = v->tree_top + i;
      const Row *r = &g_array_index (rows, Row, k);
      attr_t attr;
      if (k == v->sel_idx)
        attr = theme_attr (v->focus == PANE_TREE || !v->details_from_log
                           ? THEME_SELECTED : THEME_SELECTED_DIM);
      else
        attr = screen_row_attr (v, r, ctx.now_ns);
      g_string_truncate (s, 0);
      format_tree_row (s, r, &ctx, width);
      screen_line (v, w, 1 + i, 0, attr, s->str);
    }
  wnoutrefresh (w);
}

/* How log entry E is drawn when not selected: by its tone, as a coloured
 * --log prints it. */
static attr_t
screen_log_attr (const HistoryEntry *e)
{
  static const ThemeRole roles[] = {
    [TEXT_TONE_PLAIN] = THEME_NORMAL, [TEXT_TONE_NEW] = THEME_NEW,
    [TEXT_TONE_ENDED] = THEME_TOMB, [TEXT_TONE_FAILED] = THEME_TOMB_BAD,
    [TEXT_TONE_ALERT] = THEME_ALERT,
  };
  return theme_attr (roles[text_tone (&e->ev)]);
}

/* The event log pane. */
static void
screen_log (Viewer *v, WINDOW *w)
{
  const History *h = viewer_history (v);
  FormatCtx ctx = viewer_format_ctx (v);
  gint lines = getmaxy (w) - 1, width = getmaxx (w);
  guint64 sel = viewer_log_selected (v);
  guint rank;
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GString) title = g_string_new (" Events");

  werase (w);
  if (v->frozen && v->cursor)
    g_string_append (title, " (time cursor: [ ] { } g move it, G back)");
  else if (v->frozen)
    g_string_append (title, " (frozen: Up/Down to inspect, g goes there)");
  else if (v->log_follow)
    g_string_append (title, " (following newest)");
  else
    g_string_append (title, " (scrolled: End follows)");
  if (!filter_is_empty (v->filter))
    g_string_append (title, ", filtered");
  if (v->search && v->focus == PANE_LOG)
    {
      g_autofree char *e = format_escape (v->search);
      g_string_append_printf (title, "  search %s%s", e, v->search_missed ? " (no match)" : "");
    }
  screen_title (v, w, PANE_LOG, title->str);
  if (!v->log_lines)
    v->log_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_set_size (v->log_lines, 0);
  if (lines <= 0 || sel == 0)
    {
      wnoutrefresh (w);
      return;
    }
  rank = logpos_rank (&v->log_index, v->log_top);
  for (gint i = 0; i < lines && rank + i < logpos_count (&v->log_index); i++)
    {
      guint64 seq = logpos_nth (&v->log_index, rank + i);
      const HistoryEntry *e = logpos_entry (h, seq);
      attr_t attr;
      if (!e)
        break;
      if (seq == sel && (v->focus == PANE_LOG || v->details_from_log))
        attr = theme_attr (v->focus == PANE_LOG ? THEME_SELECTED : THEME_SELECTED_DIM);
      else if (v->cursor && seq > v->cursor)
        attr = theme_attr (THEME_DIM);  /* after the time cursor: not yet */
      else
        attr = screen_log_attr (e);
      g_string_truncate (s, 0);
      format_log_row (s, e, &ctx, width);
      screen_line (v, w, 1 + i, 0, attr, s->str);
      g_array_append_val (v->log_lines, seq);
    }
  wnoutrefresh (w);
}

/* The details of the tree's selection, or of the log's when the log was
 * focused last, as lines WIDTH cells wide; *TITLE (new) says whose. */
static GPtrArray *
screen_details_text (Viewer *v, gint width, char **title)
{
  FormatCtx ctx = viewer_format_ctx (v);
  const HistoryEntry *e = NULL;
  const Proc *p = viewer_details_subject (v, &e);
  const Row *r = v->details_from_log ? NULL : viewer_selected_row (v);

  if (r && r->fold)
    {
      g_autofree char *c = format_name (r->fold->comm);
      *title = g_strdup_printf (" Details: %u exited %s ", r->fold->count, c);
      return details_fold_lines (r->fold, p, viewer_history (v), &ctx, width);
    }
  if (p)
    {
      g_autofree char *c = format_name (p->comm);
      *title = g_strdup_printf (" Details: %d %s%s ", p->pid, c, p->alive ? "" : " (exited)");
      return details_lines (p, viewer_history (v), v->cursor ? NULL : &v->det_live, &ctx,
                            width);
    }
  if (e)
    {
      *title = g_strdup (" Details: event ");
      return details_event_lines (e, &ctx, width);
    }
  *title = g_strdup (" Details ");
  return NULL;
}

/* The details pane. */
static void
screen_details (Viewer *v, WINDOW *w)
{
  gboolean side = v->layout.side_details;
  gint x = side ? 1 : 0, lines = getmaxy (w) - 1, width = getmaxx (w) - x;
  g_autofree char *title = NULL;
  g_autoptr (GPtrArray) text = screen_details_text (v, width, &title);

  werase (w);
  screen_title (v, w, PANE_DETAILS, title);
  if (side)
    for (gint y = 1; y <= lines; y++)
      mvwaddstr (w, y, 0, v->utf8 ? "│" : "|");
  if (text && lines > 0)
    {
      v->det_top = CLAMP (v->det_top, 0, MAX ((gint) text->len - lines, 0));
      for (gint i = 0; i < lines && v->det_top + i < (gint) text->len; i++)
        screen_line (v, w, 1 + i, x, A_NORMAL, text->pdata[v->det_top + i]);
    }
  wnoutrefresh (w);
}

/* Draws the function bar's keys from the key table. */
static void
screen_fnbar_keys (Viewer *v, WINDOW *w)
{
  gboolean on[KEYS_ACTION_MAX];

  viewer_toggles (v, on);
  for (guint i = 0; i < keys_table_len; i++)
    {
      const KeysEntry *e = &keys_table[i];
      if (!keys_bar_shows (e, getmaxx (w)))
        continue;
      if (screen_put (v, w, theme_attr (THEME_KEY), e->bar_key) <= 0)
        break;
      if (screen_put (v, w, theme_attr (THEME_LABEL), keys_bar_label (e, on[e->action])) <= 0)
        break;
      screen_put (v, w, theme_attr (THEME_LABEL), " ");
    }
}

/* The function bar, or the prompt or message that replaces it. */
static void
screen_fnbar (Viewer *v, WINDOW *w)
{
  attr_t label = theme_attr (THEME_LABEL);
  g_autofree char *text = NULL;

  wbkgdset (w, ' ' | label);
  werase (w);
  wmove (w, 0, 0);
  switch (v->mode)
    {
    case VIEWER_MODE_SEARCH:
    case VIEWER_MODE_FILTER:
    case VIEWER_MODE_USER:
    case VIEWER_MODE_GOTO:
      {
        g_autofree char *typed = format_escape (v->input->str);
        g_autofree char *why = NULL;
        g_autoptr (GString) shown = g_string_new (NULL);
        const char *what = v->mode == VIEWER_MODE_SEARCH ? "Search: "
                           : v->mode == VIEWER_MODE_FILTER ? "Filter: "
                           : v->mode == VIEWER_MODE_GOTO ? "Go to: " : "User: ";
        if (v->mode == VIEWER_MODE_SEARCH && v->search_missed)
          why = g_strdup (" no match ");
        else if (v->mode == VIEWER_MODE_FILTER && v->filter_error)
          why = g_strdup_printf ("  %s", v->filter_error);
        const char *hint = v->mode == VIEWER_MODE_SEARCH
                           ? "  F3/Down next  Up previous  Enter keep  Esc cancel"
                           : v->mode == VIEWER_MODE_GOTO
                           ? "  #event or hh:mm:ss.mmm  Enter go  Esc cancel"
                           : "  Enter keep  Esc cancel";
        /* The end of the text, where the typing is, stays in view; what
         * is wrong with it comes before the hint, which goes first. */
        int room = getmaxx (w) - format_cells (what) - 1
                   - MIN (why ? format_cells (why) : format_cells (hint), getmaxx (w) / 2);
        format_fit_tail (shown, typed, MAX (room, 1), v->utf8);
        screen_put (v, w, theme_attr (THEME_KEY), what);
        screen_put (v, w, label, shown->str);
        screen_put (v, w, label | A_BLINK, "_");
        if (why)
          screen_put (v, w, theme_attr (THEME_ALERT) | A_REVERSE, why);
        else
          screen_put (v, w, label, hint);
        break;
      }
    case VIEWER_MODE_CONFIRM:
      {
        const Proc *p = proctab_lookup_serial (monitor_proctab (v->m), v->sig_serial);
        g_autofree char *c = p ? format_name (p->comm) : g_strdup (WORDS_NO_NAME);
        text = g_strdup_printf ("Send SIG%s to %d (%s)? y/N", sigabbrev_np (v->sig_num),
                                p ? p->pid : 0, c);
        screen_put (v, w, theme_attr (THEME_ALERT) | A_REVERSE, text);
        break;
      }
    default:
      if (viewer_message_shown (v))
        screen_put (v, w, theme_attr (THEME_KEY), v->message);
      else
        screen_fnbar_keys (v, w);
      break;
    }
  wnoutrefresh (w);
}

/* A boxed window of H x W cells centred on the screen (clamped to it), or
 * NULL when the screen is too small for a box. */
static WINDOW *
screen_box (Viewer *v, int h, int w, const char *title)
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
  screen_put (v, win, theme_attr (THEME_TITLE_FOCUS), title);
  return win;
}

/* Draws an overlay box's lines (from FIRST), highlighting SEL. */
static void
screen_box_lines (Viewer *v, WINDOW *win, GPtrArray *lines, gint first, gint sel)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gint h = getmaxy (win) - 2, w = getmaxx (win) - 4;

  for (gint i = 0; i < h && first + i < (gint) lines->len; i++)
    {
      g_string_truncate (s, 0);
      format_fit (s, lines->pdata[first + i], w, v->utf8, TRUE);
      wattrset (win, first + i == sel ? theme_attr (THEME_SELECTED) : A_NORMAL);
      mvwaddstr (win, 1 + i, 2, s->str);
    }
  wattrset (win, A_NORMAL);
}

/* The help screen, the user picker or the signal menu over the panes. */
static void
screen_overlay (Viewer *v)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  WINDOW *win = NULL;
  gint first = 0, sel = -1;
  char buf[32];

  switch (v->mode)
    {
    case VIEWER_MODE_HELP:
      /* Keys in a column of their own, what they do wrapped beside it. */
      for (guint i = 0; i < keys_table_len; i++)
        {
          g_autoptr (GPtrArray) help = format_wrap (keys_table[i].help,
                                                    MIN (COLS, SCREEN_HELP_WIDTH) - 4
                                                    - SCREEN_HELP_KEYS - 1);
          for (guint k = 0; k < help->len; k++)
            g_ptr_array_add (lines, g_strdup_printf ("%-*s %s", SCREEN_HELP_KEYS,
                                                     k ? "" : keys_table[i].keys,
                                                     (char *) help->pdata[k]));
        }
      /* What F2 and F6 choose from. */
      {
        g_autoptr (GString) names = g_string_new ("colour schemes:");
        for (guint i = 0; i < THEME_SCHEME_MAX; i++)
          g_string_append_printf (names, " %s%s", theme_scheme_names[i],
                                  i == theme_scheme () ? " (now)" : "");
        g_ptr_array_add (lines, g_strdup (""));
        g_ptr_array_add (lines, g_string_free (g_steal_pointer (&names), FALSE));
        names = g_string_new ("sort keys:");
        for (guint i = 0; i < ROWS_SORT_MAX; i++)
          g_string_append_printf (names, " %s%s", rows_sort_names[i],
                                  i == v->sort ? " (now)" : "");
        g_ptr_array_add (lines, g_string_free (g_steal_pointer (&names), FALSE));
      }
      win = screen_box (v, lines->len + 2, SCREEN_HELP_WIDTH,
                        " forkscope keys (arrows scroll, other keys close) ");
      if (win)
        {
          v->help_top = CLAMP (v->help_top, 0,
                               MAX ((gint) lines->len - (getmaxy (win) - 2), 0));
          first = v->help_top;
        }
      break;
    case VIEWER_MODE_DETAILS:
      {
        /* Over the body: all but the header and the function bar. */
        gint h = MAX (LINES - 2, 3), width = MIN (COLS, 100);
        g_autoptr (GPtrArray) text = screen_details_text (v, width - 4, &title);
        win = screen_box (v, h, width, title);
        if (!win)
          break;
        for (guint i = 0; text && i < text->len; i++)
          g_ptr_array_add (lines, g_strdup (text->pdata[i]));
        v->det_top = CLAMP (v->det_top, 0, MAX ((gint) lines->len - (getmaxy (win) - 2), 0));
        first = v->det_top;
        break;
      }
    case VIEWER_MODE_USER:
      for (guint i = 0; i < v->users->len; i++)
        g_ptr_array_add (lines, g_strdup (((ViewerUser *) v->users->pdata[i])->label));
      if (lines->len == 0)
        g_ptr_array_add (lines, g_strdup ("(none seen: Enter takes the typed name or uid)"));
      else
        sel = v->menu_sel;
      win = screen_box (v, lines->len + 2, 52, " Filter by user ");
      if (win && sel >= getmaxy (win) - 2)
        first = sel - (getmaxy (win) - 3);
      break;
    case VIEWER_MODE_SETUP:
    case VIEWER_MODE_SORT:
      {
        g_autoptr (GPtrArray) picker = dialogs_picker_lines (v, &sel);
        for (guint i = 0; i < picker->len; i++)
          g_ptr_array_add (lines, g_strdup (picker->pdata[i]));
        win = screen_box (v, lines->len + 2, 64,
                          v->mode == VIEWER_MODE_SETUP ? " Setup (Esc closes) "
                                                       : " Sort siblings (Enter chooses) ");
        if (win && sel >= getmaxy (win) - 2)
          first = sel - (getmaxy (win) - 3);
        break;
      }
    case VIEWER_MODE_SIGNAL:
    case VIEWER_MODE_CONFIRM:
      {
        const Proc *p = proctab_lookup_serial (monitor_proctab (v->m), v->sig_serial);
        g_autofree char *c = p ? format_name (p->comm) : g_strdup (WORDS_NO_NAME);
        for (gint i = 0; dialogs_signal_label (i, buf, sizeof buf); i++)
          g_ptr_array_add (lines, g_strdup (buf));
        title = g_strdup_printf (" Signal %d %s ", p ? p->pid : 0, c);
        sel = v->menu_sel;
        win = screen_box (v, lines->len + 2, 34, title);
        if (win && sel >= getmaxy (win) - 2)
          first = sel - (getmaxy (win) - 3);
        break;
      }
    default:
      return;
    }
  if (!win)
    return;
  screen_box_lines (v, win, lines, first, sel);
  wnoutrefresh (win);
  delwin (win);
}

void
screen_resize (Viewer *v)
{
  struct winsize ws;

  if (ioctl (fileno (v->tty), TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
    resize_term (ws.ws_row, ws.ws_col);
  /* The terminal may have reflowed or kept old text: repaint it all. */
  clearok (curscr, TRUE);
  screen_layout (v);
}

void
screen_draw (Viewer *v)
{
  if (LINES <= 0 || COLS <= 0)
    return;
  if (v->win[PANE_HEADER])
    screen_header (v, v->win[PANE_HEADER]);
  if (v->win[PANE_TREE])
    screen_tree (v, v->win[PANE_TREE]);
  if (v->win[PANE_LOG])
    screen_log (v, v->win[PANE_LOG]);
  if (v->win[PANE_DETAILS])
    screen_details (v, v->win[PANE_DETAILS]);
  if (v->win[PANE_FNBAR])
    screen_fnbar (v, v->win[PANE_FNBAR]);
  screen_overlay (v);
  doupdate ();
}
