/* dialog.c - dialogs' lifecycle (see dialog.h). */
#include "dialog.h"

Dialog *
dialog_open (const DialogClass *klass, Viewer *v)
{
  Dialog *d = g_malloc0 (klass->size);

  d->klass = klass;
  /* A new question: what the last one's answer said goes (a refusal to
   * open says why anew). */
  message_clear (&v->message);
  if (klass->open && !klass->open (d, v))
    {
      dialog_free (d);
      return NULL;
    }
  return d;
}

void
dialog_free (Dialog *d)
{
  if (!d)
    return;
  if (d->klass->dispose)
    d->klass->dispose (d);
  g_free (d);
}
