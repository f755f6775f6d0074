/* entry.c - typing a line of text (see entry.h). */
#include "entry.h"

#include "cells.h"
#include "draw.h"
#include "theme.h"

gboolean
entry_edit (GString *text, int code)
{
  if (keys_is_text (code))
    {
      g_string_append_unichar (text, code);
      return TRUE;
    }
  if (keys_is_erase (code))
    {
      const char *end = text->str + text->len;
      if (text->len)
        g_string_truncate (text, g_utf8_find_prev_char (text->str, end) - text->str);
      return TRUE;
    }
  if (code == KEYS_CTRL ('u'))
    {
      g_string_truncate (text, 0);
      return TRUE;
    }
  return FALSE;
}

void
entry_draw (const Viewer *v, WINDOW *bar, const char *what, const char *text,
            const char *why, const char *hint)
{
  attr_t label = theme_attr (THEME_LABEL);
  g_autofree char *typed = cells_escape (text);
  g_autoptr (GString) shown = g_string_new (NULL);
  /* The end of the text, where the typing is, stays in view; what is
   * wrong with it comes before the hint, which goes first. */
  int room = getmaxx (bar) - cells_width (what) - 1
             - MIN (why ? cells_width (why) : cells_width (hint), getmaxx (bar) / 2);

  draw_bar (bar);
  cells_fit_tail (shown, typed, MAX (room, 1), v->utf8);
  draw_put (v, bar, theme_attr (THEME_KEY), what);
  draw_put (v, bar, label, shown->str);
  draw_put (v, bar, label | A_BLINK, "_");
  if (why)
    draw_put (v, bar, theme_attr (THEME_ALERT) | A_REVERSE, why);
  else
    draw_put (v, bar, label, hint);
  wnoutrefresh (bar);
}
