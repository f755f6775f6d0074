/* view.c - views' lifecycle (see view.h). */
#include "view.h"

#include "actions.h"
#include "draw.h"
#include "theme.h"

View *
view_new (const ViewClass *klass)
{
  View *view = g_malloc0 (klass->size);

  view->klass = klass;
  return view;
}

void
view_free (View *view)
{
  if (!view)
    return;
  if (view->klass->dispose)
    view->klass->dispose (view);
  g_free (view);
}

gboolean
view_move (KeysAction action, gint page, gint *n, int *to_end)
{
  *n = 0;
  *to_end = 0;
  switch (action)
    {
    case KEYS_UP: *n = -1; return TRUE;
    case KEYS_DOWN: *n = 1; return TRUE;
    case KEYS_PAGE_UP: *n = -page; return TRUE;
    case KEYS_PAGE_DOWN: *n = page; return TRUE;
    case KEYS_HOME: *to_end = -1; return TRUE;
    case KEYS_END: *to_end = 1; return TRUE;
    default: return FALSE;
    }
}

Reaction
view_tree_key (View *view, Viewer *v, KeysAction action)
{
  gint n;
  int to_end;

  if (!view_move (action, viewer_pane_rows (v, PANE_TREE), &n, &to_end))
    return REACTION_PASS;
  return actions_tree_move (v, n, to_end);
}

void
view_tree_empty (Viewer *v, WINDOW *w)
{
  draw_line (v, w, 1, 0, theme_attr (THEME_DIM),
             !filter_is_empty (v->filter) ? "  no process matches the filter (Esc clears)"
                                          : "  no processes");
}

attr_t
view_tree_selected_attr (const Viewer *v)
{
  return theme_attr (v->focus == PANE_TREE || !v->details_from_log
                     ? THEME_SELECTED : THEME_SELECTED_DIM);
}
