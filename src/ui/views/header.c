/* header.c - the header line: where the view stands, what it shows, how
 * busy the machine is, where the events come from. */
#include "view.h"

#include "cells.h"
#include "draw.h"
#include "theme.h"
#include "words.h"

/* The counts at most (with the kernel threads said in full), and the room
 * the filter has at least after them, in cells. */
#define HEADER_COUNTS 60
#define HEADER_FILTER 24

/* Draws the header, most important first so that a narrow terminal cuts
 * the least: where the view stands (AT, FROZEN, PLAY), counts (of what
 * the tree shows: kernel threads apart while hidden) and rate, losses,
 * the filter, host and source, why there are no task statistics, and why
 * this source. */
static void
header_draw (View *view, Viewer *v, WINDOW *w)
{
  Cursor *c = v->cursor;
  const Proctab *pt = cursor_proctab (c);
  const MonitorStats *st = monitor_stats (v->m);
  const char *notice = monitor_notice (v->m);
  attr_t attr = theme_attr (THEME_HEADER);
  g_autoptr (GString) s = g_string_new (NULL);
  guint64 at, of;

  wbkgdset (w, ' ' | attr);
  werase (w);
  wmove (w, 0, 0);
  draw_put (v, w, attr | A_BOLD, "forkscope ");
  if (cursor_position (c, &at, &of))
    {
      /* The time cursor: unmistakably not now. */
      g_string_assign (s, " AT ");
      words_clock (s, cursor_now_wall (c));
      g_string_append (s, ", event ");
      words_count (s, at);
      g_string_append (s, " of ");
      words_count (s, of);
      g_string_append_c (s, ' ');
      draw_put (v, w, theme_attr (THEME_FROZEN) | A_REVERSE, s->str);
      draw_put (v, w, attr, " ");
    }
  else if (cursor_frozen (c))
    {
      g_string_assign (s, " FROZEN ");
      words_clock (s, cursor_now_wall (c));
      g_string_append_printf (s, " +%" G_GUINT64_FORMAT " new ", cursor_new_events (c));
      draw_put (v, w, theme_attr (THEME_FROZEN), s->str);
      draw_put (v, w, attr, " ");
    }
  else if (monitor_is_replay (v->m) && !cursor_ended (c))
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
      draw_put (v, w, attr | A_BOLD, s->str);
    }
  if (cursor_ended (c) && v->error)
    {
      g_autofree char *e = cells_escape (v->error);
      g_string_printf (s, " stopped: %s ", e);
      draw_put (v, w, theme_attr (THEME_ALERT) | A_REVERSE, s->str);
      draw_put (v, w, attr, " ");
    }
  else if (cursor_ended (c))
    draw_put (v, w, attr, "(ended) ");
  gint64 rate = cursor_rate (c);
  guint live = proctab_count_live (pt), kthreads = proctab_count_kthreads (pt);
  g_autofree char *filter = filter_is_empty (v->filter) ? NULL
                            : cells_escape (filter_text (v->filter));
  /* The filter's room, at least: where there would be less, the kernel
   * threads are said shorter. */
  int narrow = filter && getmaxx (w) - getcurx (w) < HEADER_COUNTS + HEADER_FILTER;
  /* The live processes, whatever the filter (as top counts them); kernel
   * threads only with K. */
  guint procs = v->kthreads ? live : live - kthreads;
  g_string_printf (s, " %u proc%s", procs, procs == 1 ? "" : "s");
  if (!v->kthreads && kthreads)
    g_string_append_printf (s, narrow ? " (+%u kthr)" : " (+%u kthread%s hidden)", kthreads,
                            kthreads == 1 ? "" : "s");
  if (v->threads)
    g_string_append_printf (s, " %u thr", proctab_count_threads (pt));
  g_string_append_printf (s, " %u exited  ", proctab_count_tombs (pt));
  if (rate < 0)
    g_string_append (s, "? ev/s  ");
  else
    g_string_append_printf (s, "%" G_GINT64_FORMAT " ev/s  ", rate);
  draw_put (v, w, attr, s->str);
  g_string_printf (s, "lost %" G_GUINT64_FORMAT, st->lost);
  draw_put (v, w, st->lost ? theme_attr (THEME_ALERT) | A_REVERSE : attr, s->str);
  /* The filter after the counts, cut at the end where it is long. */
  if (filter)
    {
      g_string_printf (s, "  filter: %s ", filter);
      draw_put (v, w, attr | A_BOLD, s->str);
    }
  if (v->hide_ok_tombs)
    draw_put (v, w, attr | A_BOLD, "  ok exits hidden");
  g_string_assign (s, "  ");
  if (v->live)
    g_string_append_printf (s, "%s ", g_get_host_name ());
  g_string_append (s, monitor_source_name (v->m));
  /* Task statistics that could not be had, before the source's notice,
   * which is long (a poller's says why it polls); why they could not is
   * in the details of every end. */
  if (monitor_cost_refused (v->m))
    g_string_append (s, ", no task statistics");
  if (notice)
    g_string_append_printf (s, " (%s)", notice);
  if (monitor_recorded_notice (v->m))
    g_string_append_printf (s, " (%s)", monitor_recorded_notice (v->m));
  draw_put (v, w, attr, s->str);
  wnoutrefresh (w);
}

/* The header: no state, no keys, no clicks. */
const ViewClass header_class = {
  .name = "header", .size = sizeof (View), .draw = header_draw,
};
