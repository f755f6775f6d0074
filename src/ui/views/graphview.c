/* graphview.c - the activity graph: process starts, exits and failures
 * per interval of the time window, the time cursor marked on it; a click
 * on a column takes the cursor to that moment, the wheel zooms. */
#include "view.h"

#include "actions.h"
#include "cells.h"
#include "draw.h"
#include "theme.h"
#include "words.h"

/* Appends the window's label: its zoom and the scale, the peak per
 * second ("1m peak 240/s"), or that the filter's counts are still being
 * counted. */
static void
graphview_label (Viewer *v, GString *s, const GraphSpan *sp, guint64 peak, gboolean counting)
{
  g_string_append_printf (s, "%s ", graph_zoom_name (v->window.zoom));
  if (counting)
    g_string_append (s, v->utf8 ? "counting…" : "counting...");
  else
    {
      g_string_append (s, "peak ");
      graph_rate_text (s, peak, sp->width_ns);
    }
}

/* Draws the title line of a strip of several rows: what it shows, the
 * scale, which glyphs are failures, and the window's clock times. */
static void
graphview_title (Viewer *v, WINDOW *w, const GraphSpan *sp, guint64 peak, gboolean counting)
{
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GString) when = g_string_new (NULL);
  gint64 wall_of_mono = event_ns_sub (cursor_now_wall (v->cursor), cursor_now (v->cursor));
  int width = getmaxx (w);

  g_string_printf (s, " Activity over %s%s: ", v->window.zoom == GRAPH_ZOOM_ALL ? "" : "the last ",
                   graph_zoom_name (v->window.zoom));
  if (counting)
    g_string_append (s, v->utf8 ? "counting…" : "counting...");
  else
    {
      g_string_append (s, "peak ");
      graph_rate_text (s, peak, sp->width_ns);
    }
  g_string_append_printf (s, "; starts above, ends below, failed %s.  w s: zoom, a d or a "
                          "click: go there", v->utf8 ? "⣿" : "X");
  g_autoptr (GString) to = g_string_new (NULL);
  graph_span_times (sp, wall_of_mono, when, to);
  g_string_append_printf (when, "%s%s ", v->utf8 ? " – " : " - ", to->str);
  /* The times at the right end, the text cut before them. */
  int room = width - cells_width (when->str);
  g_autoptr (GString) line = g_string_new (NULL);
  cells_fit (line, s->str, MAX (room, 0), v->utf8, TRUE);
  g_string_append (line, when->str);
  draw_line (v, w, 0, 0, theme_attr (THEME_TITLE), line->str);
}

/* Draws the graph. */
static void
graphview_draw (View *view, Viewer *v, WINDOW *w)
{
  int rows = getmaxy (w), width = getmaxx (w), cells = MAX (width - GRAPH_LABEL, 1);
  int bars = rows >= 3 ? rows - 1 : 1, top = rows - bars;
  gboolean counting;
  const Activity *a = viewer_activity (v, &counting);
  g_autoptr (GString) s = g_string_new (NULL);
  GraphSpan sp;

  werase (w);
  viewer_graph_span (v, &sp);
  g_autofree ActivityCounts *counts = g_new (ActivityCounts, sp.n);
  g_autofree GraphCount *c = g_new (GraphCount, sp.n);
  g_autofree GraphCell *out = g_new (GraphCell, (gsize) bars * cells);
  activity_query (a, sp.from_ns, sp.width_ns, sp.n, counts);
  graph_counts (counts, sp.n, c);
  guint64 peak = graph_peak (c, sp.n, bars);
  graph_strip (&sp, c, peak, bars, cells, v->utf8,
               cursor_seq (v->cursor) ? cursor_now (v->cursor) : 0, out);
  if (top)
    graphview_title (v, w, &sp, peak, counting);
  else
    {
      graphview_label (v, s, &sp, peak, counting);
      draw_line (v, w, 0, 0, theme_attr (THEME_TITLE), s->str);
    }
  if (bars > 1)
    {
      /* Each lane's name on its lowest row. */
      int lane = bars / 2;
      draw_line (v, w, top + lane - 1, 0, theme_attr (THEME_NEW), "         starts ");
      draw_line (v, w, top + bars - 1, 0, theme_attr (THEME_TOMB), "           ends ");
    }
  for (int r = 0; r < bars; r++)
    draw_cells (v, w, top + r, GRAPH_LABEL, out + (gsize) r * cells, cells);
  wnoutrefresh (w);
}

/* A click on a column takes the time cursor to the end of its interval;
 * the wheel zooms (up: a shorter window). */
static Reaction
graphview_click (View *view, Viewer *v, ViewClick *c)
{
  if (c->wheel)
    return c->wheel < 0 ? actions_zoom_in (v) : actions_zoom_out (v);
  if (c->x < GRAPH_LABEL)
    return REACTION_NONE;
  return actions_graph_pick (v, c->x - GRAPH_LABEL);
}

/* The graph: no state, no keys of its own (its keys are the key table's,
 * whatever pane has the focus). */
const ViewClass graphview_class = {
  .name = "graph", .size = sizeof (View), .draw = graphview_draw, .click = graphview_click,
};
