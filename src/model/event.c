/* event.c - helpers for the normalised event. */
#include "event.h"

#include <errno.h>
#include <string.h>

/* A kind's name and its length. */
typedef struct {
  const char *s;
  gsize n;
} EventKindName;

/* One entry of event_kind_names. */
#define EVENT_KIND_NAME(lit) { lit, sizeof (lit) - 1 }

/* Names of the kinds, indexed by EventKind. */
static const EventKindName event_kind_names[EVENT_KIND_MAX] = {
  [EVENT_SNAPSHOT] = EVENT_KIND_NAME ("snapshot"),
  [EVENT_FORK] = EVENT_KIND_NAME ("fork"),
  [EVENT_EXEC] = EVENT_KIND_NAME ("exec"),
  [EVENT_UID] = EVENT_KIND_NAME ("uid"),
  [EVENT_GID] = EVENT_KIND_NAME ("gid"),
  [EVENT_SID] = EVENT_KIND_NAME ("sid"),
  [EVENT_PTRACE] = EVENT_KIND_NAME ("ptrace"),
  [EVENT_COMM] = EVENT_KIND_NAME ("comm"),
  [EVENT_COREDUMP] = EVENT_KIND_NAME ("coredump"),
  [EVENT_EXIT] = EVENT_KIND_NAME ("exit"),
  [EVENT_LOST] = EVENT_KIND_NAME ("lost"),
};

/* Which field groups each kind carries, indexed by EventKind. */
static const guint event_kind_field_table[EVENT_KIND_MAX] = {
  [EVENT_SNAPSHOT] = EVENT_FIELDS_PARENT | EVENT_FIELDS_SID | EVENT_FIELDS_COMM
                     | EVENT_FIELDS_CMDLINE,
  [EVENT_FORK] = EVENT_FIELDS_PARENT | EVENT_FIELDS_COMM,
  [EVENT_EXEC] = EVENT_FIELDS_COMM | EVENT_FIELDS_CMDLINE | EVENT_FIELDS_EXEC_THREAD,
  [EVENT_UID] = EVENT_FIELDS_UID,
  [EVENT_GID] = EVENT_FIELDS_GID,
  [EVENT_SID] = EVENT_FIELDS_SID,
  [EVENT_PTRACE] = EVENT_FIELDS_TRACER,
  [EVENT_COMM] = EVENT_FIELDS_COMM,
  [EVENT_COREDUMP] = EVENT_FIELDS_PARENT,  /* the kernel sends no status */
  [EVENT_EXIT] = EVENT_FIELDS_PARENT | EVENT_FIELDS_EXIT | EVENT_FIELDS_EXIT_SIGNAL
                 | EVENT_FIELDS_COST,
  [EVENT_LOST] = EVENT_FIELDS_LOST,
};

void
event_clear (Event *ev)
{
  g_free (ev->comm);
  g_strfreev (ev->argv);
  g_free (ev->exe);
  g_free (ev->entity_id);
  g_free (ev->parent_entity_id);
  where_unref (ev->where);
  cost_unref (ev->cost);
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
  dst->entity_id = g_strdup (src->entity_id);
  dst->parent_entity_id = g_strdup (src->parent_entity_id);
  dst->where = where_ref (src->where);
  dst->cost = cost_ref (src->cost);
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
  return event_kind_names[kind].s;
}

int
event_kind_lookup (const char *s, gsize n)
{
  for (int k = 0; k < EVENT_KIND_MAX; k++)
    if (event_kind_names[k].n == n && memcmp (event_kind_names[k].s, s, n) == 0)
      return k;
  return -1;
}

int
event_kind_parse (const char *name)
{
  for (int k = 0; k < EVENT_KIND_MAX; k++)
    if (g_ascii_strcasecmp (name, event_kind_names[k].s) == 0)
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

guint
event_kind_fields (EventKind kind)
{
  if ((guint) kind >= EVENT_KIND_MAX)
    return 0;
  return event_kind_field_table[kind];
}

gboolean
event_status_failed (guint32 raw, gboolean unknown)
{
  if (unknown)
    return FALSE;
  ExitStatus st = event_exit_status (raw);
  return st.signaled || st.code != 0;
}

gboolean
event_unread (const Event *ev)
{
  return ev->kind == EVENT_EXEC && (!ev->comm || !ev->argv);
}

EventEnds
event_ends (const Event *ev)
{
  if (ev->kind != EVENT_EXIT)
    return EVENT_ENDS_UNSAID;
  if (ev->ends != EVENT_ENDS_UNSAID)
    return ev->ends;
  return ev->pid == ev->tgid ? EVENT_ENDS_PROCESS : EVENT_ENDS_THREAD;
}

gboolean
event_ends_process (const Event *ev)
{
  return event_ends (ev) == EVENT_ENDS_PROCESS;
}

gboolean
event_of_thread (const Event *ev)
{
  return ev->kind != EVENT_LOST && ev->pid != ev->tgid && !event_ends_process (ev);
}

gboolean
event_failed (const Event *ev)
{
  if (ev->kind == EVENT_COREDUMP)
    return TRUE;
  return event_ends_process (ev)
         && event_status_failed (ev->exit_code,
                                 (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0);
}

gboolean
event_same_start (gint64 a_ns, gint64 b_ns)
{
  if (a_ns == 0 || b_ns == 0)
    return TRUE;
  gint64 d = a_ns / EVENT_TICK_NS - b_ns / EVENT_TICK_NS;
  return d >= -1 && d <= 1;
}

gint64
event_ns_add (gint64 a, gint64 b)
{
  gint64 r;
  if (__builtin_add_overflow (a, b, &r))
    return b > 0 ? G_MAXINT64 : G_MININT64;
  return r;
}

gint64
event_ns_sub (gint64 a, gint64 b)
{
  gint64 r;
  if (__builtin_sub_overflow (a, b, &r))
    return b < 0 ? G_MAXINT64 : G_MININT64;
  return r;
}

gint64
event_wall_at (gint64 mono_ns, gint64 wall_ns, gint64 at_mono_ns)
{
  return event_ns_sub (wall_ns, event_ns_sub (mono_ns, at_mono_ns));
}

gint64
event_ns_span (gint64 start_ns, gint64 end_ns)
{
  if (start_ns <= 0 || end_ns < start_ns)
    return -1;
  return end_ns - start_ns;
}
