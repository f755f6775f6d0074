/* event.c - helpers for the normalised event. */
#include "model/event.h"

#include <errno.h>
#include <string.h>

/* Names of the kinds, indexed by EventKind. */
static const char *const event_kind_names[EVENT_KIND_MAX] = {
  [EVENT_SNAPSHOT] = "snapshot",
  [EVENT_FORK] = "fork",
  [EVENT_EXEC] = "exec",
  [EVENT_UID] = "uid",
  [EVENT_GID] = "gid",
  [EVENT_SID] = "sid",
  [EVENT_PTRACE] = "ptrace",
  [EVENT_COMM] = "comm",
  [EVENT_COREDUMP] = "coredump",
  [EVENT_EXIT] = "exit",
  [EVENT_LOST] = "lost",
};

void
event_clear (Event *ev)
{
  g_free (ev->comm);
  g_strfreev (ev->argv);
  g_free (ev->exe);
  memset (ev, 0, sizeof *ev);
}

void
event_free (gpointer ev)
{
  if (!ev)
    return;
  event_clear (ev);
  g_free (ev);
}

void
event_copy (Event *dst, const Event *src)
{
  *dst = *src;
  dst->comm = g_strdup (src->comm);
  dst->argv = g_strdupv (src->argv);
  dst->exe = g_strdup (src->exe);
}

Event *
event_dup (const Event *src)
{
  Event *dst = g_new (Event, 1);
  event_copy (dst, src);
  return dst;
}

const char *
event_kind_name (EventKind kind)
{
  if ((guint) kind >= EVENT_KIND_MAX)
    return "?";
  return event_kind_names[kind];
}

int
event_kind_parse (const char *name)
{
  for (int k = 0; k < EVENT_KIND_MAX; k++)
    if (g_ascii_strcasecmp (name, event_kind_names[k]) == 0)
      return k;
  return -1;
}

int
event_kind_mask_parse (const char *list, guint *mask, char **bad)
{
  g_auto (GStrv) names = g_strsplit (list, ",", -1);
  guint m = 0;

  for (char **n = names; *n; n++)
    {
      g_strstrip (*n);
      if (**n == '\0')
        continue;
      if (g_ascii_strcasecmp (*n, "all") == 0)
        {
          m |= EVENT_MASK_ALL;
          continue;
        }
      int k = event_kind_parse (*n);
      if (k < 0)
        {
          *bad = g_strdup (*n);
          return -EINVAL;
        }
      m |= EVENT_MASK (k);
    }
  *mask = m;
  return 0;
}

ExitStatus
event_exit_status (guint32 raw)
{
  ExitStatus st = { 0 };
  guint sig = raw & 0x7f;

  if (sig == 0)
    st.code = (raw >> 8) & 0xff;
  else
    {
      st.signaled = TRUE;
      st.signal = sig;
      st.core = (raw & 0x80) != 0;
    }
  return st;
}

char *
event_exit_status_describe (guint32 raw, gboolean unknown)
{
  if (unknown)
    return g_strdup ("unknown");
  ExitStatus st = event_exit_status (raw);
  if (!st.signaled)
    return g_strdup_printf ("exit %d", st.code);
  const char *abbrev = sigabbrev_np (st.signal);
  g_autofree char *name = abbrev ? g_strconcat ("SIG", abbrev, NULL)
                                 : g_strdup_printf ("signal %d", st.signal);
  return st.core ? g_strconcat (name, " (core)", NULL) : g_steal_pointer (&name);
}
