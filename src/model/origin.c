/* origin.c - where events were recorded; stable process ids (origin.h). */
#include "origin.h"

#include "event.h"

#include <string.h>

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

char *
origin_entity_id_put (char *d, const char *boot_id, gsize boot_len, gint tgid, gint64 start_ns)
{
  if (!boot_id || start_ns <= 0)
    return NULL;
  d = mempcpy (d, boot_id, boot_len);
  *d++ = ':';
  d = decimal_put (d, (guint64) MAX (tgid, 0));
  *d++ = ':';
  return decimal_put (d, (guint64) (start_ns / EVENT_TICK_NS));
}

gboolean
origin_entity_id (GString *out, const char *boot_id, gint tgid, gint64 start_ns)
{
  gsize at = out->len, len = boot_id ? strlen (boot_id) : 0;

  g_string_set_size (out, at + ORIGIN_ENTITY_ID_ROOM (len));
  char *end = origin_entity_id_put (out->str + at, boot_id, len, tgid, start_ns);
  g_string_truncate (out, end ? (gsize) (end - out->str) : at);
  return end != NULL;
}
