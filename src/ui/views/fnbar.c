/* fnbar.c - the function bar: the main keys and what they do, drawn from
 * the key table, or the message of the moment in their place. */
#include "view.h"

#include "draw.h"
#include "theme.h"

/* Draws the keys of the function bar from the key table, as many whole
 * as fit (keys_bar_next: a key cut in its middle would say nothing). */
static void
fnbar_keys (Viewer *v, WINDOW *w)
{
  gboolean on[KEYS_ACTION_MAX];
  const KeysEntry *e;
  guint i = 0;

  viewer_toggles (v, on);
  while ((e = keys_bar_next (&i, getmaxx (w) - getcurx (w), getmaxx (w), on)))
    {
      draw_put (v, w, theme_attr (THEME_KEY), e->bar_key);
      draw_put (v, w, theme_attr (THEME_LABEL), keys_bar_label (e, on[e->action], getmaxx (w)));
      if (draw_put (v, w, theme_attr (THEME_LABEL), " ") <= 0)
        break;
    }
}

/* Draws the bar: the message while there is one, else the keys. */
static void
fnbar_draw (View *view, Viewer *v, WINDOW *w)
{
  const char *said = message_shown (&v->message);

  draw_bar (w);
  if (said)
    draw_put (v, w, theme_attr (THEME_KEY), said);
  else
    fnbar_keys (v, w);
  wnoutrefresh (w);
}

/* A click on a key of the bar presses it (the entry's first code is what
 * its key sends); on a message, nothing. */
static Reaction
fnbar_click (View *view, Viewer *v, ViewClick *c)
{
  gboolean on[KEYS_ACTION_MAX];

  if (c->wheel || message_shown (&v->message))
    return REACTION_NONE;
  viewer_toggles (v, on);
  const KeysEntry *e = keys_bar_hit (c->x, v->layout.cols, on);
  if (e)
    c->press = e->codes[0];
  return REACTION_NONE;
}

/* The function bar. */
const ViewClass fnbar_class = {
  .name = "fnbar", .size = sizeof (View), .draw = fnbar_draw, .click = fnbar_click,
};
