/* layout.c - pane geometry for any terminal size. */
#include <string.h>
#include "layout.h"

/* Minimum useful heights: a title row plus content rows. */
enum {
  LAYOUT_TREE_MIN = 3,
  LAYOUT_LOG_MIN = 4,
  LAYOUT_DETAILS_MIN = 6,
  LAYOUT_SIDE_COLS = 100,    /* from this width, details go to the right */
  LAYOUT_STACK_BODY = 26,    /* below this body height, narrow drops details */
  LAYOUT_GRAPH_LINES = 12,   /* from this height, the graph's strip */
  LAYOUT_GRAPH3_LINES = 30,  /* ... of 3 rows (a title and two lanes) */
  LAYOUT_GRAPH5_LINES = 40,  /* ... of 5 rows (lanes of two) */
};

/* The rows of the activity graph on a terminal LINES high. */
static int
layout_graph_rows (int lines)
{
  if (lines >= LAYOUT_GRAPH5_LINES)
    return 5;
  if (lines >= LAYOUT_GRAPH3_LINES)
    return 3;
  return lines >= LAYOUT_GRAPH_LINES ? 1 : 0;
}

/* Sets R to the given rectangle. */
static void
layout_set (LayoutRect *r, int y, int x, int h, int w)
{
  r->y = y;
  r->x = x;
  r->h = h;
  r->w = w;
}

void
layout_compute (int cols, int lines, Layout *out)
{
  int body_y = 0, body_h, log_h = 0, det_h = 0, graph = layout_graph_rows (lines), extra = 0;

  memset (out, 0, sizeof *out);
  out->cols = MAX (cols, 0);
  out->lines = MAX (lines, 0);
  if (cols <= 0 || lines <= 0)
    return;

  body_h = lines;
  if (lines >= 1 + LAYOUT_TREE_MIN)
    {
      layout_set (&out->pane[PANE_HEADER], 0, 0, 1, cols);
      body_y = 1;
      body_h--;
    }
  if (body_h >= 1 + LAYOUT_TREE_MIN)
    {
      layout_set (&out->pane[PANE_FNBAR], lines - 1, 0, 1, cols);
      body_h--;
    }
  if (graph)
    {
      /* Which panes show is decided with a strip of one row, so that a
       * taller graph never brings back a pane a shorter terminal had:
       * its other rows come out of the tree's. */
      body_y++;
      body_h--;
      extra = graph - 1;
    }

  /* The log takes about a third, and only when the tree keeps its minimum
   * plus a few rows. */
  if (body_h >= LAYOUT_TREE_MIN + LAYOUT_LOG_MIN + 2)
    log_h = CLAMP (body_h / 3, LAYOUT_LOG_MIN, 16);

  out->side_details = log_h && cols >= LAYOUT_SIDE_COLS
                      && body_h - log_h >= LAYOUT_DETAILS_MIN;
  if (log_h && !out->side_details && body_h >= LAYOUT_STACK_BODY)
    det_h = CLAMP (body_h / 4, LAYOUT_DETAILS_MIN, 12);
  extra = CLAMP (body_h - log_h - det_h - LAYOUT_TREE_MIN, 0, extra);
  if (graph)
    layout_set (&out->pane[PANE_GRAPH], body_y - 1, 0, 1 + extra, cols);
  body_y += extra;
  body_h -= extra;
  if (out->side_details)
    {
      int top_h = body_h - log_h;
      int det_w = CLAMP (cols * 2 / 5, 36, 64);
      layout_set (&out->pane[PANE_TREE], body_y, 0, top_h, cols - det_w);
      layout_set (&out->pane[PANE_DETAILS], body_y, cols - det_w, top_h, det_w);
    }
  else
    {
      layout_set (&out->pane[PANE_TREE], body_y, 0, body_h - log_h - det_h, cols);
      if (det_h)
        layout_set (&out->pane[PANE_DETAILS], body_y + body_h - log_h - det_h,
                    0, det_h, cols);
    }
  if (log_h)
    layout_set (&out->pane[PANE_LOG], body_y + body_h - log_h, 0, log_h, cols);
}

gboolean
layout_visible (const Layout *l, LayoutPane pane)
{
  return pane < PANE_MAX && l->pane[pane].h > 0 && l->pane[pane].w > 0;
}

LayoutPane
layout_hit (const Layout *l, int y, int x)
{
  for (int i = 0; i < PANE_MAX; i++)
    {
      const LayoutRect *r = &l->pane[i];
      if (layout_visible (l, i) && y >= r->y && y < r->y + r->h
          && x >= r->x && x < r->x + r->w)
        return i;
    }
  return PANE_MAX;
}

LayoutPane
layout_next_focus (const Layout *l, LayoutPane from)
{
  static const LayoutPane order[] = { PANE_TREE, PANE_LOG, PANE_DETAILS };
  guint n = G_N_ELEMENTS (order), at = n;

  for (guint i = 0; i < n; i++)
    if (order[i] == from)
      at = i;
  if (at == n || !layout_visible (l, from))
    return PANE_TREE;
  for (guint k = 1; k <= n; k++)
    if (layout_visible (l, order[(at + k) % n]))
      return order[(at + k) % n];
  return from;
}
