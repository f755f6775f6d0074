/* view.c - views' lifecycle (see view.h). */
#include "view.h"

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
