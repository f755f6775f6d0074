/* origin.c - where events were recorded; stable process ids (origin.h). */
#include "origin.h"

#include "event.h"

Origin *
origin_new (void)
{
  return g_new0 (Origin, 1);
}

void
origin_free (Origin *o)
{
  if (!o)
    return;
  g_free (o->version);
  g_free (o->host);
  g_free (o->boot_id);
  g_free (o->kernel);
  g_free (o);
}

Origin *
origin_dup (const Origin *o)
{
  if (!o)
    return NULL;
  Origin *d = origin_new ();
  d->version = g_strdup (o->version);
  d->host = g_strdup (o->host);
  d->boot_id = g_strdup (o->boot_id);
  d->kernel = g_strdup (o->kernel);
  return d;
}

gboolean
origin_equal (const Origin *a, const Origin *b)
{
  if (!a || !b)
    return a == b;
  return g_strcmp0 (a->version, b->version) == 0 && g_strcmp0 (a->host, b->host) == 0
         && g_strcmp0 (a->boot_id, b->boot_id) == 0 && g_strcmp0 (a->kernel, b->kernel) == 0;
}

gboolean
origin_entity_id (GString *out, const char *boot_id, gint tgid, gint64 start_ns)
{
  if (!boot_id || start_ns <= 0)
    return FALSE;
  /* Without printf: this is written for most records of a recording. */
  char buf[48];
  int i = sizeof buf;
  guint64 v = (guint64) (start_ns / EVENT_TICK_NS);

  do
    buf[--i] = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  buf[--i] = ':';
  v = (guint64) MAX (tgid, 0);
  do
    buf[--i] = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  buf[--i] = ':';
  g_string_append (out, boot_id);
  g_string_append_len (out, buf + i, sizeof buf - i);
  return TRUE;
}
