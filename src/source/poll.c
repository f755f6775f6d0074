/* poll.c - the fallback source: scanning /proc on a timer and diffing.
 *
 * Each tick scans the tree and diffs it (resync_diff_explain) against a
 * private Proctab holding the previous scan, then reports the differences as
 * the events the kernel would have sent: FORK for what started since the
 * previous scan, EXIT (with the status when the process is still a zombie),
 * EXEC, COMM, UID, GID, SID; SNAPSHOT for everything on the first scan and
 * for re-parenting.  What lived and died between two scans is never seen.
 * A consumer that applies every event to its own Proctab ends each tick in
 * line with the scan (tests/source/test-poll.c checks exactly that). */
#include "source.h"

#include <time.h>

#include "proctab.h"
#include "resync.h"
#include "procfs.h"

/* A polling source; the previous scan lives on as a private model. */
typedef struct {
  Source base;
  char *root;
  guint interval_ms;
  guint first_id;        /* idle source of the first scan, 0 once run */
  guint timer_id;        /* periodic scans, 0 when detached */
  Proctab *pt;           /* the tree as the previous scan saw it */
  gint64 prev_mono_ns;   /* when the previous scan was taken, 0 before any */
} PollSource;

/* An event of KIND about the subject of snapshot S at its scan time; it
 * borrows nothing yet (callers point it at S's strings as needed). */
static Event
poll_derive (const Event *s, EventKind kind)
{
  return (Event) { .kind = kind, .mono_ns = s->mono_ns, .wall_ns = s->wall_ns,
                   .pid = s->pid, .tgid = s->tgid };
}

/* Orders thread ids stored as pointers. */
static gint
poll_cmp_tid (gconstpointer a, gconstpointer b)
{
  gint x = GPOINTER_TO_INT (a), y = GPOINTER_TO_INT (b);
  return (x > y) - (x < y);
}

/* Reports the EXIT of EV, with the zombie's real status when the process is
 * still one (same start time as the model's P).  A known status comes after
 * EXITs of the threads the model holds, as the kernel sends them: a leader's
 * known exit with threads left means the process lives on. */
static void
poll_report_exit (PollSource *ps, const Event *ev, const Proc *p)
{
  Event out = *ev;
  ProcfsStat st = { 0 };

  if (p && ev->pid == ev->tgid
      && procfs_read_stat (ps->root, ev->pid, ev->pid, &st) == 0)
    {
      if ((st.state == 'Z' || st.state == 'X')
          && event_same_start (p->start_ns, procfs_ticks_to_ns (st.start_ticks)))
        {
          out.flags &= ~EVENT_F_STATUS_UNKNOWN;
          out.exit_code = st.exit_code;
        }
      procfs_stat_clear (&st);
    }
  if (!(out.flags & EVENT_F_STATUS_UNKNOWN) && p->threads)
    {
      g_autoptr (GList) tids = g_list_sort (g_hash_table_get_keys (p->threads),
                                            poll_cmp_tid);
      for (GList *l = tids; l; l = l->next)
        {
          Event t = { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN,
                      .mono_ns = ev->mono_ns, .wall_ns = ev->wall_ns,
                      .pid = GPOINTER_TO_INT (l->data), .tgid = ev->tgid,
                      .exit_signal = -1 };
          source_emit (&ps->base, &t);
        }
    }
  source_emit (&ps->base, &out);
}

/* Reports a process or thread the previous scan lacked: a FORK when it
 * started since then (carrying its name and command line), else SNAPSHOT. */
static void
poll_report_new (PollSource *ps, const Event *s)
{
  gint64 start = s->start_ns;

  if (ps->prev_mono_ns == 0 || !(s->flags & EVENT_F_START)
      || (start < ps->prev_mono_ns && !event_same_start (start, ps->prev_mono_ns)))
    {
      source_emit (&ps->base, s);
      return;
    }
  /* The model takes a FORK's timestamp as the start time. */
  Event fork = *s;
  fork.kind = EVENT_FORK;
  fork.flags &= ~EVENT_F_KTHREAD;
  fork.mono_ns = start;
  fork.wall_ns = event_wall_at (s->mono_ns, s->wall_ns, start);
  source_emit (&ps->base, &fork);
}

/* After an EXEC of the model's P (which ends all other threads in the
 * consumer's model), re-reports the threads of SCAN that P already had: the
 * "exec" was an argv rewrite, since a real one would have ended them. */
static void
poll_report_survivors (PollSource *ps, GPtrArray *scan, const Proc *p)
{
  for (guint i = 0; p->threads && i < scan->len; i++)
    {
      const Event *t = scan->pdata[i];
      const ProcThread *known;
      if (t->tgid != p->pid || t->pid == t->tgid)
        continue;
      known = g_hash_table_lookup (p->threads, GINT_TO_POINTER (t->pid));
      if (known && event_same_start (known->start_ns, t->start_ns))
        source_emit (&ps->base, t);
    }
}

/* Reports what changed in the model's process or thread S (P its process,
 * SCAN the whole scan), in the order the kernel would: ids first (a setuid
 * exec sends UID before EXEC). */
static void
poll_report_change (PollSource *ps, GPtrArray *scan, const Event *s, const Proc *p,
                    guint why)
{
  Event ev;

  if (why & RESYNC_SID)
    {
      ev = poll_derive (s, EVENT_SID);
      ev.sid = s->sid;
      source_emit (&ps->base, &ev);
    }
  if (why & RESYNC_UID)
    {
      ev = poll_derive (s, EVENT_UID);
      ev.ruid = s->ruid;
      ev.euid = s->euid;
      source_emit (&ps->base, &ev);
    }
  if (why & RESYNC_GID)
    {
      ev = poll_derive (s, EVENT_GID);
      ev.rgid = s->rgid;
      ev.egid = s->egid;
      source_emit (&ps->base, &ev);
    }
  if (why & (RESYNC_EXEC | RESYNC_COMM))
    {
      ev = poll_derive (s, (why & RESYNC_EXEC) ? EVENT_EXEC : EVENT_COMM);
      ev.comm = s->comm;
      if (why & RESYNC_EXEC)
        {
          ev.argv = s->argv;
          ev.exe = s->exe;
          ev.flags = s->flags & EVENT_F_CREDS;
          ev.ruid = s->ruid;
          ev.euid = s->euid;
          ev.rgid = s->rgid;
          ev.egid = s->egid;
        }
      source_emit (&ps->base, &ev);
      if (why & RESYNC_EXEC)
        poll_report_survivors (ps, scan, p);
    }
  if (why & (RESYNC_PARENT | RESYNC_FILL))
    source_emit (&ps->base, s);
}

/* One scan: diff, report, and bring the private model in line. */
static void
poll_round (PollSource *ps)
{
  gint64 now_mono = source_clock_ns (CLOCK_MONOTONIC);
  gint64 now_wall = source_clock_ns (CLOCK_REALTIME);
  g_autoptr (GPtrArray) scan = procfs_scan (ps->root, now_mono, now_wall);
  g_autoptr (GArray) why = NULL;
  g_autoptr (GPtrArray) diff = resync_diff_explain (ps->pt, scan, now_mono,
                                                    now_wall, &why);

  for (guint i = 0; i < diff->len; i++)
    {
      Event *ev = diff->pdata[i];
      guint reason = g_array_index (why, guint, i);
      const Proc *p = proctab_lookup (ps->pt, ev->tgid);

      if (ev->kind == EVENT_EXIT)
        poll_report_exit (ps, ev, p);
      else if (reason & RESYNC_NEW)
        poll_report_new (ps, ev);
      else
        poll_report_change (ps, scan, ev, p, reason);
      proctab_apply (ps->pt, ev);
    }
  proctab_expire (ps->pt, now_mono);
  ps->prev_mono_ns = now_mono;
}

/* GSourceFunc of the first scan, run as soon as the loop is idle. */
static gboolean
poll_first (gpointer data)
{
  PollSource *ps = data;
  ps->first_id = 0;
  poll_round (ps);
  return G_SOURCE_REMOVE;
}

/* GSourceFunc of the periodic scans. */
static gboolean
poll_tick (gpointer data)
{
  poll_round (data);
  return G_SOURCE_CONTINUE;
}

/* SourceClass.attach: a scan now, then one every interval. */
static void
poll_attach (Source *src)
{
  PollSource *ps = (PollSource *) src;
  if (ps->timer_id)
    return;
  ps->first_id = g_idle_add (poll_first, ps);
  ps->timer_id = g_timeout_add (ps->interval_ms, poll_tick, ps);
}

/* SourceClass.free */
static void
poll_free (Source *src)
{
  PollSource *ps = (PollSource *) src;
  g_clear_handle_id (&ps->first_id, g_source_remove);
  g_clear_handle_id (&ps->timer_id, g_source_remove);
  proctab_free (ps->pt);
  g_free (ps->root);
  g_free (ps->base.why);
  g_free (ps);
}

/* The polling source's class. */
static const SourceClass poll_class = {
  .name = "poll",
  .live = TRUE,
  .scans = TRUE,
  .attach = poll_attach,
  .free = poll_free,
};

Source *
source_poll_new (const SourceCallbacks *cb, const char *proc_root,
                 guint interval_ms)
{
  PollSource *ps = g_new0 (PollSource, 1);
  ps->base.klass = &poll_class;
  ps->base.cb = *cb;
  ps->interval_ms = MAX (interval_ms, 1);
  ps->base.why = g_strdup_printf ("polling %s every %u ms", proc_root,
                                  ps->interval_ms);
  ps->root = g_strdup (proc_root);
  /* Keep no tombstones: the model only mirrors the previous scan. */
  ps->pt = proctab_new (0, 1);
  return &ps->base;
}
