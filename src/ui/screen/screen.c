/* screen.c - the panes' windows, drawing a frame (see screen.h). */
#include "screen.h"

#include <sys/ioctl.h>

#include "panes.h"

void
screen_init (Screen *s, FILE *tty)
{
  *s = (Screen) { .tty = tty, .views = g_new0 (View *, panes_table_len) };
  for (guint i = 0; i < panes_table_len; i++)
    s->views[i] = view_new (panes_table[i].view);
}

/* Frees the panes' windows. */
static void
screen_free_windows (Screen *s)
{
  for (int i = 0; i < PANE_MAX; i++)
    g_clear_pointer (&s->win[i], delwin);
}

void
screen_clear (Screen *s)
{
  screen_close (s);
  screen_free_windows (s);
  for (guint i = 0; s->views && i < panes_table_len; i++)
    g_clear_pointer (&s->views[i], view_free);
  g_clear_pointer (&s->views, g_free);
}

Reaction
screen_layout (Screen *s, Viewer *v)
{
  Reaction r = REACTION_NONE;

  screen_free_windows (s);
  layout_compute (COLS, LINES, &v->layout);
  for (int i = 0; i < PANE_MAX; i++)
    if (panes_entry (v, i) >= 0 && layout_visible (&v->layout, i))
      {
        const LayoutRect *rect = &v->layout.pane[i];
        s->win[i] = newwin (rect->h, rect->w, rect->y, rect->x);
      }
  if (!s->win[v->focus])
    v->focus = PANE_TREE;
  if (s->dialog && s->dialog->klass->relayout)
    r = s->dialog->klass->relayout (s->dialog, v);
  erase ();
  wnoutrefresh (stdscr);
  return r;
}

Reaction
screen_resize (Screen *s, Viewer *v)
{
  struct winsize ws;

  if (ioctl (fileno (s->tty), TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
    resize_term (ws.ws_row, ws.ws_col);
  /* The terminal may have reflowed or kept old text: repaint it all. */
  clearok (curscr, TRUE);
  return screen_layout (s, v);
}

View *
screen_view (Screen *s, const Viewer *v, LayoutPane pane)
{
  gint i = pane < PANE_MAX ? panes_entry (v, pane) : -1;

  return i >= 0 ? s->views[i] : NULL;
}

void
screen_draw (Screen *s, Viewer *v)
{
  if (LINES <= 0 || COLS <= 0)
    return;
  for (guint i = 0; i < panes_table_len; i++)
    {
      LayoutPane pane = panes_table[i].pane;
      if (s->win[pane] && panes_entry (v, pane) == (gint) i)
        s->views[i]->klass->draw (s->views[i], v, s->win[pane]);
    }
  if (s->dialog)
    s->dialog->klass->draw (s->dialog, v, s->win[PANE_FNBAR]);
  doupdate ();
}

gboolean
screen_open (Screen *s, Viewer *v, const DialogClass *klass)
{
  screen_close (s);
  s->dialog = dialog_open (klass, v);
  return s->dialog != NULL;
}

void
screen_close (Screen *s)
{
  g_clear_pointer (&s->dialog, dialog_free);
}
