/* text.c - the human-readable event log (see text.h). */
#include "output/text.h"

#include <pwd.h>
#include <time.h>

#include "output/escape.h"
#include "output/json.h"

/* Column widths (the details column is last and unbounded). */
enum {
  TEXT_W_EVENT = 8,
  TEXT_W_PID = 7,
  TEXT_W_USER = 8,
  TEXT_W_COMM = 16,
};

/* Whether the printer shows local user names (output_text_set_user_names). */
static gboolean text_user_names = TRUE;

void
output_text_set_user_names (gboolean resolve)
{
  text_user_names = resolve;
}

/* The name the printer shows for UID, or NULL for the number. */
static const char *
text_user_name (guint32 uid)
{
  return text_user_names ? output_text_user_name (uid) : NULL;
}

void
output_text_header (GString *out)
{
  g_string_append_printf (out, "%-12s %-*s %-*s %-*s %-*s %-*s %s\n", "TIME",
                          TEXT_W_EVENT, "EVENT", TEXT_W_PID, "PID",
                          TEXT_W_PID, "PPID", TEXT_W_USER, "USER",
                          TEXT_W_COMM, "COMM", "DETAILS");
}

void
output_text_duration (GString *out, gint64 ns)
{
  const gint64 us = 1000, ms = 1000 * us, s = 1000 * ms;
  const gint64 min = 60 * s, hour = 60 * min, day = 24 * hour;

  if (ns < 0)
    g_string_append (out, "?");
  else if (ns < ms)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "us", ns / us);
  else if (ns < s)
    g_string_append_printf (out, "%.1fms", (double) ns / ms);
  else if (ns < min)
    g_string_append_printf (out, "%.2fs", (double) ns / s);
  else if (ns < hour)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s",
                            ns / min, ns % min / s);
  else if (ns < day)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m",
                            ns / hour, ns % hour / min);
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT "d%02" G_GINT64_FORMAT "h",
                            ns / day, ns % day / hour);
}

const char *
output_text_user_name (guint32 uid)
{
  /* uid -> name, or NULL for a uid known not to resolve. */
  static GHashTable *cache;
  gpointer key = GUINT_TO_POINTER (uid), name;

  if (!cache)
    cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  if (g_hash_table_lookup_extended (cache, key, NULL, &name))
    return name;

  struct passwd pw, *res = NULL;
  char buf[4096];
  char *found = NULL;
  if (getpwuid_r ((uid_t) uid, &pw, buf, sizeof buf, &res) == 0 && res)
    found = g_strdup (res->pw_name);
  g_hash_table_insert (cache, key, found);
  return found;
}

gboolean
output_text_user_parse (const char *s, guint32 *uid)
{
  struct passwd pw, *res = NULL;
  char buf[4096];
  guint64 n;

  if (getpwnam_r (s, &pw, buf, sizeof buf, &res) == 0 && res)
    {
      *uid = res->pw_uid;
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT32 - 1, &n, NULL))
    {
      *uid = (guint32) n;
      return TRUE;
    }
  return FALSE;
}

/* Appends local time HH:MM:SS.mmm of a CLOCK_REALTIME value in ns. */
static void
text_time (GString *out, gint64 wall_ns)
{
  time_t t = (time_t) (wall_ns / G_GINT64_CONSTANT (1000000000));
  gint64 msec = wall_ns < 0 ? 0 : wall_ns % G_GINT64_CONSTANT (1000000000) / 1000000;
  struct tm tm;
  char buf[32];

  if (wall_ns < 0 || !localtime_r (&t, &tm)
      || strftime (buf, sizeof buf, "%H:%M:%S", &tm) == 0)
    g_strlcpy (buf, "??:??:??", sizeof buf);
  g_string_append_printf (out, "%s.%03" G_GINT64_FORMAT, buf, msec);
}

/* Appends a pid right after a space, left-aligned in its column; 0 is "-". */
static void
text_pid (GString *out, gint pid)
{
  if (pid > 0)
    g_string_append_printf (out, " %-*d", TEXT_W_PID, pid);
  else
    g_string_append_printf (out, " %-*s", TEXT_W_PID, "-");
}

/* Appends "UID(NAME)" or "UID" when the name does not resolve. */
static void
text_id_user (GString *out, guint32 uid)
{
  const char *name = text_user_name (uid);
  g_string_append_printf (out, "%u", uid);
  if (name)
    {
      g_string_append_c (out, '(');
      escape_append (out, name, 32);
      g_string_append_c (out, ')');
    }
}

/* Appends the effective user column. */
static void
text_user (GString *out, const Event *ev, const Proc *p)
{
  gboolean known = TRUE;
  guint32 euid = 0;

  if (ev->kind == EVENT_UID || (ev->flags & EVENT_F_CREDS))
    euid = ev->euid;
  else if (p && (p->flags & PROC_F_CREDS))
    euid = p->euid;
  else
    known = FALSE;

  g_string_append_c (out, ' ');
  if (!known)
    escape_append_padded (out, "-", TEXT_W_USER);
  else
    {
      const char *name = text_user_name (euid);
      g_autofree char *num = name ? NULL : g_strdup_printf ("%u", euid);
      escape_append_padded (out, name ? name : num, TEXT_W_USER);
    }
}

/* Appends the kind-specific details. */
static void
text_details (GString *out, const Event *ev, const Proc *p)
{
  g_autofree char *status = NULL;

  switch (ev->kind)
    {
    case EVENT_SNAPSHOT:
    case EVENT_EXEC:
      if (ev->argv && ev->argv[0])
        escape_append_argv (out, (const char *const *) ev->argv, 0);
      else if (ev->exe)
        escape_append (out, ev->exe, 0);
      else if (ev->flags & EVENT_F_KTHREAD)
        g_string_append (out, "[kernel thread]");
      else if (ev->kind == EVENT_EXEC)
        g_string_append (out, "(command line unreadable)");
      break;
    case EVENT_FORK:
      break;
    case EVENT_UID:
      g_string_append (out, "uid ");
      text_id_user (out, ev->ruid);
      g_string_append (out, " euid ");
      text_id_user (out, ev->euid);
      break;
    case EVENT_GID:
      g_string_append_printf (out, "gid %u egid %u", ev->rgid, ev->egid);
      break;
    case EVENT_SID:
      g_string_append_printf (out, "session %d", ev->sid);
      break;
    case EVENT_PTRACE:
      if (ev->tracer_tgid == 0 && ev->tracer_pid == 0)
        g_string_append (out, "detached");
      else if (ev->tracer_pid != ev->tracer_tgid)
        g_string_append_printf (out, "traced by %d (thread %d)",
                                ev->tracer_tgid, ev->tracer_pid);
      else
        g_string_append_printf (out, "traced by %d", ev->tracer_tgid);
      break;
    case EVENT_COMM:
      g_string_append (out, "new name");
      break;
    case EVENT_COREDUMP:
      g_string_append (out, "dumping core");  /* the status comes with the exit */
      break;
    case EVENT_EXIT:
      status = event_exit_status_describe (ev->exit_code,
                                           ev->flags & EVENT_F_STATUS_UNKNOWN);
      g_string_append (out, status);
      if (ev->kind == EVENT_EXIT && ev->pid == ev->tgid && p && p->start_ns
          && ev->mono_ns >= p->start_ns)
        {
          g_string_append (out, " after ");
          output_text_duration (out, ev->mono_ns - p->start_ns);
        }
      break;
    case EVENT_LOST:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT " events lost", ev->lost);
      break;
    case EVENT_KIND_MAX:
      break;
    }
}

void
output_text_event (GString *out, const Event *ev, const Proc *p)
{
  gint ppid = 0;
  const char *comm = json_subject_comm (ev, p);

  if (json_kind_fields (ev->kind) & JSON_FIELDS_PARENT)
    ppid = ev->ptgid ? ev->ptgid : ev->ppid;
  if (!ppid && p)
    ppid = p->ppid;

  text_time (out, ev->wall_ns);
  g_string_append_printf (out, " %-*s", TEXT_W_EVENT, event_kind_name (ev->kind));
  text_pid (out, ev->pid);
  text_pid (out, ppid);
  text_user (out, ev, p);
  g_string_append_c (out, ' ');
  escape_append_padded (out, comm ? comm : "-", TEXT_W_COMM);
  g_string_append_c (out, ' ');
  if (ev->kind != EVENT_LOST && ev->pid != ev->tgid)
    g_string_append_printf (out, "[thread of %d] ", ev->tgid);
  text_details (out, ev, p);
  /* Kinds with no details leave trailing padding; lines end cleanly. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}
