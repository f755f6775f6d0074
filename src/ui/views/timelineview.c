/* timelineview.c - the timeline (T): the tree's rows in the tree pane's
 * place, each with its life as a bar across the time window the graph
 * shows; a fold's row with how many of it were alive in each cell. */
#include "view.h"

#include "actions.h"
#include "cells.h"
#include "draw.h"
#include "theme.h"
#include "words.h"

/* The name column's width for a pane WIDTH wide (the bars get the rest
 * but a space). */
static int
timelineview_names (int width)
{
  return MIN (CLAMP (width * 9 / 20, 16, 48), MAX (width - 9, 1));
}

/* Lays out the bar of row R into OUT (CELLS cells) across SP; a fold's
 * peak in *PEAK. */
static void
timelineview_bar (Viewer *v, const Row *r, const GraphSpan *sp, int cells, GraphCell *out,
                  guint *peak)
{
  const Proc *p = r->proc;
  gint64 now = cursor_now (v->cursor), at = cursor_seq (v->cursor) ? now : 0;

  *peak = 0;
  if (r->fold)
    {
      const GArray *lives = r->fold->lives;
      graph_concurrency (sp, lives ? (const GraphLifeSpan *) (const void *) lives->data : NULL,
                         lives ? lives->len : 0, r->fold->failed == r->fold->count, cells,
                         v->utf8, at, out, peak);
      return;
    }
  if (r->thread)
    {
      graph_life (sp, r->thread->start_ns, 0, now, GRAPH_LIFE_ALIVE, cells, v->utf8, at, out);
      return;
    }
  GraphLife how = p->alive ? GRAPH_LIFE_ALIVE
                  : ((p->flags & PROC_F_COREDUMP)
                     || event_status_failed (p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0))
                  ? GRAPH_LIFE_FAILED : GRAPH_LIFE_OK;
  graph_life (sp, p->start_ns, p->end_ns, now, how, cells, v->utf8, at, out);
}

/* The title: the columns' names, then the window's clock times across
 * the bars, its zoom between them. */
static void
timelineview_title (Viewer *v, WINDOW *w, const GraphSpan *sp, int names, int cells)
{
  gint64 wall_of_mono = event_ns_sub (cursor_now_wall (v->cursor), cursor_now (v->cursor));
  g_autoptr (GString) from = g_string_new (NULL);
  g_autoptr (GString) to = g_string_new (NULL);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autofree char *mid = g_strdup_printf (" %s ", graph_zoom_name (v->window.zoom));

  cells_fit (s, "    PID COMMAND", names + 1, v->utf8, TRUE);
  graph_span_times (sp, wall_of_mono, from, to);
  int gap = cells - cells_width (from->str) - cells_width (to->str) - cells_width (mid);
  if (gap >= 0)
    g_string_append_printf (s, "%s%*s%s%*s%s", from->str, gap / 2, "", mid,
                            gap - gap / 2, "", to->str);
  else
    g_string_append (s, mid);
  draw_title (v, w, PANE_TREE, s->str);
}

/* Draws the timeline. */
static void
timelineview_draw (View *view, Viewer *v, WINDOW *w)
{
  GArray *rows = viewer_rows (v);
  RowtextCtx ctx = viewer_rowtext_ctx (v);
  gint h = getmaxy (w) - 1, width = getmaxx (w);
  int names = timelineview_names (width), cells = MAX (width - names - 1, 1);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autofree GraphCell *out = g_new (GraphCell, cells);
  GraphSpan sp;

  werase (w);
  viewer_timeline_span (v, cells, &sp);
  timelineview_title (v, w, &sp, names, cells);
  if (rows->len == 0 && h > 0)
    view_tree_empty (v, w);
  for (gint i = 0; i < h && v->tree_top + i < (gint) rows->len; i++)
    {
      gint k = v->tree_top + i;
      const Row *r = &g_array_index (rows, Row, k);
      guint peak;
      timelineview_bar (v, r, &sp, cells, out, &peak);
      g_string_truncate (s, 0);
      rowtext_life_row (s, r, &ctx, names, peak);
      attr_t attr = k == v->sel_idx
                    ? view_tree_selected_attr (v)
                    : theme_attr ((r->flags & ROW_F_DIM) ? THEME_DIM : THEME_NORMAL);
      draw_line (v, w, 1 + i, 0, attr, s->str);
      draw_cells (v, w, 1 + i, names + 1, out, cells);
    }
  wnoutrefresh (w);
}

/* A click focuses the pane and selects the row under it; on its bar, it
 * takes the time cursor to that moment too.  The wheel moves the
 * selection. */
static Reaction
timelineview_click (View *view, Viewer *v, ViewClick *c)
{
  int width = v->layout.pane[PANE_TREE].w;
  int names = timelineview_names (width), cells = MAX (width - names - 1, 1);

  if (c->wheel)
    return actions_tree_move (v, c->wheel * VIEW_WHEEL_ROWS, 0);
  actions_focus (v, PANE_TREE);
  if (c->y < 1)
    return REACTION_NONE;
  if (c->x <= names)
    return actions_tree_pick (v, v->tree_top + c->y - 1);
  return actions_timeline_pick (v, v->tree_top + c->y - 1, c->x - names - 1, cells);
}

/* The timeline: in the tree pane's place while it is on (the registry,
 * screen/panes.c). */
const ViewClass timelineview_class = {
  .name = "timeline", .size = sizeof (View), .draw = timelineview_draw,
  .key = view_tree_key, .click = timelineview_click,
};
