/* detailsbox.c - the details over the body, when the terminal has no room
 * for the details pane. */
#include "dialog.h"

#include "actions.h"
#include "draw.h"
#include "view.h"

/* The box at most this wide. */
#define DETAILSBOX_WIDTH 100
/* Lines PgUp and PgDn scroll. */
#define DETAILSBOX_PAGE 10

/* DialogClass.open: the details of the selection, from the top. */
static gboolean
detailsbox_open (Dialog *d, Viewer *v)
{
  actions_details_over (v);
  return TRUE;
}

/* DialogClass.key: the moves scroll (a page is PgUp or PgDn); Esc, Enter
 * and q close it; other keys do nothing. */
static Reaction
detailsbox_key (Dialog *d, Viewer *v, int code)
{
  gint n;
  int to_end;

  if (view_move (keys_action (code), DETAILSBOX_PAGE, &n, &to_end))
    return actions_details_scroll (v, n, to_end);
  return code == KEYS_ESC || code == 'q' || keys_is_enter (code) ? REACTION_CLOSE
                                                                  : REACTION_NONE;
}

/* DialogClass.draw: over all but the header and the function bar. */
static void
detailsbox_draw (Dialog *d, Viewer *v, WINDOW *bar)
{
  gint h = MAX (LINES - 2, 3), width = MIN (COLS, DETAILSBOX_WIDTH);
  g_autofree char *title = NULL;
  g_autoptr (GPtrArray) text = viewer_details_text (v, width - 4, &title);
  g_autoptr (GPtrArray) lines = g_ptr_array_new ();
  WINDOW *box = draw_box (v, h, width, title);

  if (!box)
    return;
  for (guint i = 0; text && i < text->len; i++)
    g_ptr_array_add (lines, text->pdata[i]);
  v->det_top = CLAMP (v->det_top, 0, MAX ((gint) lines->len - (getmaxy (box) - 2), 0));
  draw_box_show (v, box, lines, v->det_top, -1);
}

/* DialogClass.relayout: when the pane fits now, the details go there. */
static Reaction
detailsbox_relayout (Dialog *d, Viewer *v)
{
  if (!layout_visible (&v->layout, PANE_DETAILS))
    return REACTION_NONE;
  return actions_focus (v, PANE_DETAILS) | REACTION_CLOSE;
}

/* The details over the body. */
const DialogClass detailsbox_class = {
  .name = "details", .size = sizeof (Dialog), .open = detailsbox_open,
  .key = detailsbox_key, .draw = detailsbox_draw, .relayout = detailsbox_relayout,
};
