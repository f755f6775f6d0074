/* menu.c - lists to choose from (see menu.h). */
#include "menu.h"

#include "draw.h"

gboolean
menu_move (gint *sel, gint n, int code, gboolean wrap)
{
  if (code == KEYS_KEY_HOME || code == KEYS_KEY_END)
    {
      *sel = code == KEYS_KEY_HOME ? 0 : MAX (n - 1, 0);
      return TRUE;
    }
  if (code != KEYS_KEY_UP && code != KEYS_KEY_DOWN)
    return FALSE;
  if (wrap && n > 0)
    *sel = (*sel + (code == KEYS_KEY_UP ? n - 1 : 1)) % n;
  else if (code == KEYS_KEY_UP)
    *sel = MAX (*sel - 1, 0);
  else
    *sel = MIN (*sel + 1, MAX (n - 1, 0));
  return TRUE;
}

gboolean
menu_closes (int code, KeysAction own)
{
  return code == KEYS_ESC || code == 'q' || (own != KEYS_NONE && keys_action (code) == own);
}

void
menu_draw (const Viewer *v, GPtrArray *lines, int w, const char *title, gint sel)
{
  WINDOW *box = draw_box (v, lines->len + 2, w, title);
  gint first = 0;

  if (!box)
    return;
  if (sel >= getmaxy (box) - 2)
    first = sel - (getmaxy (box) - 3);
  draw_box_show (v, box, lines, first, sel);
}
