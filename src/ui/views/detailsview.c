/* detailsview.c - the details pane: everything known of the selected
 * process (the tree's, or the log's event's), or of the event. */
#include "view.h"

#include "actions.h"
#include "draw.h"

/* Lines the mouse wheel scrolls. */
#define DETAILSVIEW_WHEEL 3

/* Draws the details pane: beside the tree (a rule on its left) or under
 * it. */
static void
detailsview_draw (View *view, Viewer *v, WINDOW *w)
{
  gboolean side = v->layout.side_details;
  gint x = side ? 1 : 0, lines = getmaxy (w) - 1, width = getmaxx (w) - x;
  g_autofree char *title = NULL;
  g_autoptr (GPtrArray) text = viewer_details_text (v, width, &title);

  werase (w);
  draw_title (v, w, PANE_DETAILS, title);
  if (side)
    for (gint y = 1; y <= lines; y++)
      mvwaddstr (w, y, 0, v->utf8 ? "│" : "|");
  if (text && lines > 0)
    {
      v->det_top = CLAMP (v->det_top, 0, MAX ((gint) text->len - lines, 0));
      for (gint i = 0; i < lines && v->det_top + i < (gint) text->len; i++)
        draw_line (v, w, 1 + i, x, A_NORMAL, text->pdata[v->det_top + i]);
    }
  wnoutrefresh (w);
}

/* While the details have the focus: the moves scroll them; Esc and Enter
 * go back to the pane they came from. */
static Reaction
detailsview_key (View *view, Viewer *v, KeysAction action)
{
  gint n;
  int to_end;

  if (view_move (action, viewer_pane_rows (v, PANE_DETAILS), &n, &to_end))
    return actions_details_scroll (v, n, to_end);
  /* Enter again: back to the top, and to where the details came from. */
  if (action == KEYS_DETAILS)
    return actions_details_scroll (v, 0, -1) | actions_leave_details (v);
  if (action == KEYS_CLEAR)
    return actions_leave_details (v);
  return REACTION_PASS;
}

/* A click focuses the details; the wheel scrolls them. */
static Reaction
detailsview_click (View *view, Viewer *v, ViewClick *c)
{
  if (c->wheel)
    return actions_details_scroll (v, c->wheel * DETAILSVIEW_WHEEL, 0);
  return actions_focus (v, PANE_DETAILS);
}

/* The details pane. */
const ViewClass detailsview_class = {
  .name = "details", .size = sizeof (View), .draw = detailsview_draw,
  .key = detailsview_key, .click = detailsview_click,
};
