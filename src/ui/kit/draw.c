/* draw.c - writing text into curses windows (see draw.h). */
#include "draw.h"

#include "cells.h"
#include "theme.h"

int
draw_put (const Viewer *v, WINDOW *w, attr_t attr, const char *text)
{
  g_autoptr (GString) s = g_string_new (NULL);
  int left = getmaxx (w) - getcurx (w);

  if (left <= 0)
    return 0;
  cells_fit (s, text, left, v->utf8, FALSE);
  wattrset (w, attr);
  waddstr (w, s->str);
  wattrset (w, A_NORMAL);
  return getmaxx (w) - getcurx (w);
}

void
draw_line (const Viewer *v, WINDOW *w, int y, int x, attr_t attr, const char *text)
{
  g_autoptr (GString) s = g_string_new (NULL);
  int width = getmaxx (w) - x;

  if (y < 0 || y >= getmaxy (w) || width <= 0)
    return;
  cells_fit (s, text, width, v->utf8, TRUE);
  wattrset (w, attr);
  mvwaddstr (w, y, x, s->str);
  wattrset (w, A_NORMAL);
}

void
draw_title (const Viewer *v, WINDOW *w, LayoutPane pane, const char *text)
{
  draw_line (v, w, 0, 0, theme_attr (v->focus == pane ? THEME_TITLE_FOCUS : THEME_TITLE),
             text);
}

void
draw_cells (const Viewer *v, WINDOW *w, int y, int x, const GraphCell *cells, int n)
{
  static const ThemeRole roles[] = {
    [GRAPH_CELL_EMPTY] = THEME_NORMAL, [GRAPH_CELL_START] = THEME_NEW,
    [GRAPH_CELL_EXIT] = THEME_TOMB, [GRAPH_CELL_FAIL] = THEME_TOMB_BAD,
    [GRAPH_CELL_CURSOR] = THEME_FROZEN,
  };

  if (y < 0 || y >= getmaxy (w))
    return;
  for (int i = 0; i < n && x + i < getmaxx (w); i++)
    {
      attr_t attr = theme_attr (roles[cells[i].kind]);
      wattrset (w, cells[i].on_cursor ? attr | A_REVERSE : attr);
      mvwaddstr (w, y, x + i, cells[i].glyph);
    }
  wattrset (w, A_NORMAL);
}

void
draw_bar (WINDOW *w)
{
  wbkgdset (w, ' ' | theme_attr (THEME_LABEL));
  werase (w);
  wmove (w, 0, 0);
}

WINDOW *
draw_box (const Viewer *v, int h, int w, const char *title)
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
  draw_put (v, win, theme_attr (THEME_TITLE_FOCUS), title);
  return win;
}

void
draw_box_show (const Viewer *v, WINDOW *box, GPtrArray *lines, gint first, gint sel)
{
  g_autoptr (GString) s = g_string_new (NULL);
  gint h = getmaxy (box) - 2, w = getmaxx (box) - 4;

  for (gint i = 0; i < h && first + i < (gint) lines->len; i++)
    {
      g_string_truncate (s, 0);
      cells_fit (s, lines->pdata[first + i], w, v->utf8, TRUE);
      wattrset (box, first + i == sel ? theme_attr (THEME_SELECTED) : A_NORMAL);
      mvwaddstr (box, 1 + i, 2, s->str);
    }
  wattrset (box, A_NORMAL);
  wnoutrefresh (box);
  delwin (box);
}
