/* words.c - events, statuses, times and durations in words (see words.h). */
#include "words.h"

#include <time.h>

#include "decimal.h"
#include "escape.h"
#include "put.h"

/* Nanoseconds in each unit words_duration() uses. */
#define WORDS_US G_GINT64_CONSTANT (1000)
#define WORDS_MS (1000 * WORDS_US)
#define WORDS_S (1000 * WORDS_MS)
#define WORDS_MIN (60 * WORDS_S)
#define WORDS_HOUR (60 * WORDS_MIN)
#define WORDS_DAY (24 * WORDS_HOUR)

void
words_duration (GString *out, gint64 ns)
{
  if (ns < 0)
    g_string_append_c (out, '?');
  else if (ns < WORDS_MS)
    g_string_append_printf (out, "%dus", (int) (ns / WORDS_US));
  else if (ns < 10 * WORDS_MS)
    g_string_append_printf (out, "%d.%dms", (int) (ns / WORDS_MS),
                            (int) (ns % WORDS_MS / (100 * WORDS_US)));
  else if (ns < WORDS_S)
    g_string_append_printf (out, "%dms", (int) (ns / WORDS_MS));
  else if (ns < 10 * WORDS_S)
    g_string_append_printf (out, "%d.%02ds", (int) (ns / WORDS_S),
                            (int) (ns % WORDS_S / (10 * WORDS_MS)));
  else if (ns < WORDS_MIN)
    g_string_append_printf (out, "%d.%ds", (int) (ns / WORDS_S),
                            (int) (ns % WORDS_S / (100 * WORDS_MS)));
  else if (ns < 10 * WORDS_MIN)
    g_string_append_printf (out, "%dm%02ds", (int) (ns / WORDS_MIN),
                            (int) (ns % WORDS_MIN / WORDS_S));
  else if (ns < WORDS_HOUR)
    g_string_append_printf (out, "%dm", (int) (ns / WORDS_MIN));
  else if (ns < 10 * WORDS_HOUR)
    g_string_append_printf (out, "%dh%02dm", (int) (ns / WORDS_HOUR),
                            (int) (ns % WORDS_HOUR / WORDS_MIN));
  else if (ns < WORDS_DAY)
    g_string_append_printf (out, "%dh", (int) (ns / WORDS_HOUR));
  else if (ns < 10 * WORDS_DAY)
    g_string_append_printf (out, "%dd%02dh", (int) (ns / WORDS_DAY),
                            (int) (ns % WORDS_DAY / WORDS_HOUR));
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT "d", ns / WORDS_DAY);
}

void
words_count (GString *out, guint64 n)
{
  char digits[24];
  int len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, n);

  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

void
words_size (GString *out, guint64 bytes)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  guint64 scaled = bytes, rest = 0;
  guint u = 0;

  if (bytes < 1024)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT " B", bytes);
      return;
    }
  /* Tenths of the unit, rounded down, from the integer: no float. */
  for (;;)
    {
      rest = scaled % 1024;
      scaled /= 1024;
      if (scaled < 1024 || u == G_N_ELEMENTS (units) - 1)
        break;
      u++;
    }
  if (scaled < 10)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT " %s",
                            scaled, rest * 10 / 1024, units[u]);
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT " %s", scaled, units[u]);
}

/* English month names, whatever the locale. */
static const char *const words_months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Fills *TM with the local time of WALL_NS; FALSE when it is not known
 * (<= 0) or cannot be shown. */
static gboolean
words_local (gint64 wall_ns, struct tm *tm)
{
  time_t t = (time_t) (wall_ns / WORDS_S);

  return wall_ns > 0 && localtime_r (&t, tm);
}

void
words_start (GString *out, gint64 start_wall_ns, gint64 now_wall_ns)
{
  struct tm tm;

  if (!words_local (start_wall_ns, &tm))
    g_string_append_c (out, '?');
  else if (event_ns_sub (now_wall_ns, start_wall_ns) < WORDS_DAY)
    g_string_append_printf (out, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
  else
    g_string_append_printf (out, "%s %02d", words_months[tm.tm_mon % 12], tm.tm_mday);
}

void
words_clock (GString *out, gint64 wall_ns)
{
  struct tm tm;

  if (!words_local (wall_ns, &tm))
    {
      g_string_append (out, "--:--:--.---");
      return;
    }
  g_string_append_printf (out, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min,
                          tm.tm_sec, (int) (wall_ns % WORDS_S / WORDS_MS));
}

void
words_moment (GString *out, gint64 wall_ns, gint64 span_ns)
{
  struct tm tm;

  if (span_ns < WORDS_DAY || !words_local (wall_ns, &tm))
    words_clock (out, wall_ns);
  else
    g_string_append_printf (out, "%s %02d %02d:%02d", words_months[tm.tm_mon % 12], tm.tm_mday,
                            tm.tm_hour, tm.tm_min);
}

void
words_long_wait (GString *out, gint64 due_ns, gint64 wait_ns)
{
  g_string_append (out, "the next event is due in ");
  words_duration (out, due_ns);
  g_string_append (out, ": waiting ");
  words_duration (out, wait_ns);
  g_string_append (out, " instead");
}

void
words_status (GString *out, guint32 raw, gboolean unknown, gboolean oom)
{
  if (unknown)
    {
      g_string_append (out, "unknown");
      return;
    }
  ExitStatus st = event_exit_status (raw);
  if (!st.signaled)
    {
      /* Every exit says this: no printf (a tenth of a --json line). */
      char *d = put_room (out, 5 + DECIMAL_MAX);
      d = mempcpy (d, "exit ", 5);
      put_end (out, decimal_put (d, (guint) st.code));
      return;
    }
  const char *abbrev = sigabbrev_np (st.signal);
  if (abbrev)
    g_string_append_printf (out, "SIG%s", abbrev);
  else
    g_string_append_printf (out, "signal %d", st.signal);
  if (st.core)
    g_string_append (out, " (core)");
  if (oom)
    g_string_append (out, " (OOM killer)");
}

/* Appends "UID(NAME)", or "UID" when NAMES gives no name. */
static void
words_user (GString *out, guint32 uid, WordsUserName names)
{
  const char *name = names ? names (uid) : NULL;

  g_string_append_printf (out, "%u", uid);
  if (name)
    {
      g_string_append_c (out, '(');
      escape_append (out, name, 32);
      g_string_append_c (out, ')');
    }
}

void
words_origin (GString *out, const Origin *o)
{
  if (o && o->host)
    {
      g_string_append (out, ", recorded on ");
      escape_append (out, o->host, 0);
    }
  if (o && o->kernel)
    {
      g_string_append (out, ", kernel ");
      escape_append (out, o->kernel, 0);
    }
}

void
words_recorded_notices (GString *out, const char *const *notices, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, i ? "; " : "in the recording: ");
      escape_append (out, notices[i], 0);
    }
}

gint
words_pid (const Event *ev)
{
  if (ev->kind == EVENT_LOST)
    return 0;
  return event_ends_process (ev) ? ev->tgid : ev->pid;
}

/* Appends what an EXEC says: its command line, or that it could not be
 * read (never the name in its place), and which thread exec'd. */
static void
words_exec (GString *out, const Event *ev)
{
  if (ev->argv && ev->argv[0])
    {
      escape_append_argv (out, (const char *const *) ev->argv, 0);
      if (!ev->comm)
        g_string_append (out, " (name unreadable)");
    }
  else
    {
      g_string_append (out, ev->comm ? "command line unreadable"
                                     : "name and command line unreadable");
      if (ev->exe)
        {
          g_string_append (out, " (executable ");
          escape_append (out, ev->exe, 0);
          g_string_append_c (out, ')');
        }
    }
  if (!(ev->flags & EVENT_F_EXEC_THREAD))
    return;
  if (ev->exec_tid > 0)
    g_string_append_printf (out, " (by thread %d, which took over pid %d)",
                            ev->exec_tid, ev->tgid);
  else
    g_string_append_printf (out, " (by a thread other than the leader, which "
                            "took over pid %d)", ev->tgid);
}

void
words_cost (GString *out, const Cost *cost)
{
  guint64 v;

  if (cost_get (cost, COST_CPU, &v))
    {
      g_string_append (out, ", cpu ");
      words_duration (out, (gint64) MIN (v, (guint64) G_MAXINT64));
    }
  if (cost_get (cost, COST_PEAK_RSS, &v))
    {
      g_string_append (out, ", peak ");
      words_size (out, v);
    }
}

void
words_exit_cost (GString *out, const Event *ev)
{
  words_cost (out, ev->cost);
  if (ev->flags & EVENT_F_COST_UNKNOWN)
    g_string_append (out, ", cost unknown");
}

/* Appends what an EXIT says: a process's end with its status (and the
 * OOM killer's), lifetime and cost, or a thread's. */
static void
words_exit (GString *out, const Event *ev, const Proc *p)
{
  gboolean ends = event_ends_process (ev);
  gint64 lifetime = proctab_event_lifetime (ev, p);

  if (!ends && ev->pid == ev->tgid)
    g_string_append (out, "[leader thread] ");
  words_status (out, ev->exit_code, (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0,
                (ev->flags & EVENT_F_OOM) != 0);
  if (lifetime >= 0)
    {
      g_string_append (out, " after ");
      words_duration (out, lifetime);
    }
  if (ends && ev->pid != ev->tgid)
    g_string_append_printf (out, " (last thread %d)", ev->pid);
  else if (!ends && ev->pid == ev->tgid)
    g_string_append (out, ", other threads remain");
  words_exit_cost (out, ev);
}

void
words_child_of (GString *out, gint ppid)
{
  g_string_append_printf (out, "child of %d", ppid);
}

void
words_where (GString *out, const Where *w, gboolean entry)
{
  const Container *c = where_container (w);
  gsize start = out->len;

  if (entry)
    g_string_append (out, "new pid namespace: ");
  else if (!c && where_level (w) > 0)
    g_string_append (out, "pid namespace: ");
  if (c)
    {
      g_autoptr (GString) label = g_string_new (NULL);
      container_label (label, c);
      escape_append (out, label->str, 0);
    }
  if (where_level (w) > 0 && w->nspid > 0)
    g_string_append_printf (out, "%spid %d", c ? ", " : "", w->nspid);
  /* Nothing after the words: no colon left hanging. */
  if (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 2);
}

void
words_event (GString *out, const Event *ev, const Proc *p, WordsUserName names)
{
  gsize start = out->len;
  const Where *w = proc_event_where (p, ev);
  gboolean entry = (ev->flags & EVENT_F_NS_ENTRY) != 0;

  if (event_of_thread (ev))
    g_string_append_printf (out, "[thread of %d] ", ev->tgid);
  switch (ev->kind)
    {
    case EVENT_EXEC:
      words_exec (out, ev);
      break;
    case EVENT_SNAPSHOT:
      if (ev->argv && ev->argv[0])
        escape_append_argv (out, (const char *const *) ev->argv, 0);
      else if (ev->exe)
        escape_append (out, ev->exe, 0);
      else if (ev->flags & EVENT_F_KTHREAD)
        g_string_append (out, "[kernel thread]");
      break;
    case EVENT_FORK:
      if (ev->pid == ev->tgid)
        words_child_of (out, ev->ptgid);
      break;
    case EVENT_UID:
      g_string_append (out, "uid ");
      words_user (out, ev->ruid, names);
      g_string_append (out, " euid ");
      words_user (out, ev->euid, names);
      break;
    case EVENT_GID:
      g_string_append_printf (out, "gid %u egid %u", ev->rgid, ev->egid);
      break;
    case EVENT_SID:
      g_string_append_printf (out, "session %d", ev->sid);
      break;
    case EVENT_PTRACE:
      if (ev->tracer_tgid == 0 && ev->tracer_pid == 0)
        g_string_append (out, "no longer traced");
      else if (ev->tracer_pid != ev->tracer_tgid)
        g_string_append_printf (out, "traced by %d (thread %d)", ev->tracer_tgid,
                                ev->tracer_pid);
      else
        g_string_append_printf (out, "traced by %d", ev->tracer_tgid);
      break;
    case EVENT_COMM:
      g_string_append (out, "renamed to ");
      escape_append (out, ev->comm, 0);
      break;
    case EVENT_COREDUMP:
      g_string_append (out, "dumping core");
      break;
    case EVENT_EXIT:
      words_exit (out, ev, p);
      break;
    case EVENT_LOST:
      if (ev->flags & EVENT_F_LOST_OUTPUT)
        g_string_append_printf (out, "%" G_GUINT64_FORMAT " record%s not written (no room "
                                "in the output)", ev->lost, ev->lost == 1 ? "" : "s");
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT " event%s lost", ev->lost,
                                ev->lost == 1 ? "" : "s");
      break;
    case EVENT_KIND_MAX:
      break;
    }
  if (ev->kind != EVENT_LOST && (w || entry))
    {
      g_string_append (out, out->len > start ? " [" : "[");
      words_where (out, w, entry);
      g_string_append_c (out, ']');
    }
}
