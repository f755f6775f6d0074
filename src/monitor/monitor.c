/* monitor.c - the one path every event takes: source -> proctab -> history
 * -> listener, plus the /proc snapshot and resyncs for live sources. */
#include "monitor.h"

#include <errno.h>
#include <unistd.h>

#include "procfs.h"
#include "resync.h"
#include "source.h"
#include "users.h"

struct Monitor {
  Source *src;
  Proctab *pt;
  History *hist;
  MonitorStats stats;
  MonitorListener listener;
  MonitorDone done;
  gpointer user;
  char *proc_root;
  char *notice;
  gint64 last_mono_ns;   /* newest event's clocks (replay time) */
  gint64 last_wall_ns;
  Event *lost;           /* a live source's loss, held until its batch is in */
  guint resync_id;       /* the idle source that reports it and resyncs */
  GHashTable *resync_exits;  /* pids whose end the last resync reported */
  gint self_pid;         /* live sources: forkscope's own process, whose
                            events are left out; 0 for a replay */
};

/* Whether EV is about forkscope's own process or one of its threads
 * (a live source's), which it does not report: counts and recordings
 * start with the machine's events, not with its own worker threads. */
static gboolean
monitor_is_own (Monitor *m, const Event *ev)
{
  return m->self_pid && ev->tgid == m->self_pid;
}

/* Applies EV, records it and tells the listener.  The model notes on EV
 * what it meant (proctab_apply), so the history and the listener get its
 * conclusion with the event. */
static Proc *
monitor_apply (Monitor *m, Event *ev)
{
  Proc *p = proctab_apply (m->pt, ev);

  if (ev->mono_ns > m->last_mono_ns)
    {
      m->last_mono_ns = ev->mono_ns;
      m->last_wall_ns = ev->wall_ns;
    }
  if (ev->kind != EVENT_SNAPSHOT)
    {
      m->stats.events++;
      if (m->hist)
        history_append (m->hist, ev, p);
    }
  if (m->listener)
    m->listener (ev, p, m->user);
  return p;
}

/* Brings the model in line with a fresh /proc scan, through events
 * stamped with the scan's time.  The pids whose end it reports are
 * remembered: the kernel's own report of such an end, read after the scan
 * (it was queued after the socket was drained), is not a second end. */
static void
monitor_resync (Monitor *m)
{
  gint64 mono = monitor_now_mono_ns (m), wall = monitor_now_wall_ns (m);
  g_autoptr (GPtrArray) scan = procfs_scan (m->proc_root, mono, wall);
  g_autoptr (GPtrArray) diff = resync_diff (m->pt, scan, mono, wall);

  g_hash_table_remove_all (m->resync_exits);
  for (guint i = 0; i < diff->len; i++)
    {
      Event *ev = diff->pdata[i];
      if (monitor_is_own (m, ev))
        continue;
      monitor_apply (m, ev);
      if (ev->kind == EVENT_EXIT && event_ends_process (ev))
        g_hash_table_add (m->resync_exits, GINT_TO_POINTER (ev->tgid));
    }
}

/* Idle source, run once the batch that revealed a loss has been read:
 * reports the loss after the events received before it (so the log stays
 * in time order), then resyncs. */
static gboolean
monitor_on_loss (gpointer data)
{
  Monitor *m = data;
  g_autoptr (Event) lost = g_steal_pointer (&m->lost);

  m->resync_id = 0;
  m->stats.lost += lost->lost;
  m->stats.resyncs++;
  monitor_apply (m, lost);
  monitor_resync (m);
  return G_SOURCE_REMOVE;
}

/* Holds a live source's loss until the events received with it are in. */
static void
monitor_hold_loss (Monitor *m, const Event *ev)
{
  if (m->lost)
    m->lost->lost += ev->lost;
  else
    m->lost = event_dup (ev);
  if (!m->resync_id)
    /* Before the source's next read, which would bring later events. */
    m->resync_id = g_idle_add_full (G_PRIORITY_HIGH, monitor_on_loss, m, NULL);
}

/* Whether EV is the kernel's late report of an end the last resync has
 * already reported (the process is no longer live in the model). */
static gboolean
monitor_is_late_exit (Monitor *m, const Event *ev)
{
  return ev->kind == EVENT_EXIT && !proctab_lookup (m->pt, ev->tgid)
         && g_hash_table_contains (m->resync_exits, GINT_TO_POINTER (ev->tgid));
}

/* After a process died, asks /proc who its orphans' new parent is: the
 * kernel sends no event for re-parenting to a subreaper. */
static void
monitor_check_orphans (Monitor *m, GArray *orphans, const Event *exit_ev)
{
  for (guint i = 0; i < orphans->len; i++)
    {
      gint pid = g_array_index (orphans, gint, i);
      ProcfsStat st;
      Proc *p = proctab_lookup (m->pt, pid);

      if (!p || procfs_read_stat (m->proc_root, pid, pid, &st) < 0)
        continue;
      if (st.ppid != p->ppid && st.ppid > 0)
        {
          Event ev = { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid,
                       .ppid = st.ppid, .ptgid = st.ppid,
                       .mono_ns = exit_ev->mono_ns, .wall_ns = exit_ev->wall_ns };
          monitor_apply (m, &ev);
        }
      procfs_stat_clear (&st);
    }
}

/* Live children of the process an EXIT is about, taken before the model
 * decides whether it ends the process (which re-parents them), or NULL. */
static GArray *
monitor_live_children (Monitor *m, const Event *ev)
{
  Proc *p = proctab_lookup (m->pt, ev->tgid);
  GArray *pids = NULL;

  if (!p)
    return NULL;
  for (GList *l = p->children.head; l; l = l->next)
    {
      Proc *c = l->data;
      if (!c->alive)
        continue;
      if (!pids)
        pids = g_array_new (FALSE, FALSE, sizeof (gint));
      g_array_append_val (pids, c->pid);
    }
  return pids;
}

/* Handles one event from the source. */
static void
monitor_handle (Monitor *m, const Event *ev)
{
  gboolean live = m->src->klass->live;
  g_autoptr (GArray) orphans = NULL;
  /* A shallow copy for the model's notes: the strings stay the source's. */
  Event noted = *ev;

  if (live && ev->kind == EVENT_LOST)
    {
      monitor_hold_loss (m, ev);
      return;
    }
  if (monitor_is_own (m, ev) || (live && monitor_is_late_exit (m, ev)))
    return;
  if (ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT)
    g_hash_table_remove (m->resync_exits, GINT_TO_POINTER (ev->tgid));
  if (ev->kind == EVENT_EXIT && live)
    orphans = monitor_live_children (m, ev);
  monitor_apply (m, &noted);
  switch (ev->kind)
    {
    case EVENT_LOST:
      m->stats.lost += ev->lost;
      break;
    case EVENT_EXIT:
      if (orphans && noted.ends == EVENT_ENDS_PROCESS)
        monitor_check_orphans (m, orphans, ev);
      proctab_expire (m->pt, m->last_mono_ns);
      break;
    default:
      break;
    }
}

/* SourceCallbacks.emit */
static void
monitor_on_event (const Event *ev, gpointer user)
{
  monitor_handle (user, ev);
}

/* SourceCallbacks.done */
static void
monitor_on_done (const GError *error, gpointer user)
{
  Monitor *m = user;
  if (m->done)
    m->done (error, m->user);
}

Monitor *
monitor_new (const MonitorOptions *opts, GError **error)
{
  g_autoptr (Monitor) m = g_new0 (Monitor, 1);
  SourceCallbacks cb = { monitor_on_event, monitor_on_done, m };
  g_autoptr (GError) nl_error = NULL;
  guint poll_ms = opts->poll_ms ? opts->poll_ms : 1000;

  m->proc_root = g_strdup (opts->proc_root ? opts->proc_root : "/proc");
  m->pt = proctab_new (opts->keep_ns, opts->max_tombs);
  m->hist = opts->history_size ? history_new (opts->history_size) : NULL;
  m->resync_exits = g_hash_table_new (NULL, NULL);

  switch (opts->source)
    {
    case MONITOR_SOURCE_REPLAY:
      m->src = source_replay_new (&cb, opts->replay_path, opts->speed, error);
      if (!m->src)
        return NULL;
      break;
    case MONITOR_SOURCE_AUTO:
      m->src = source_netlink_new (&cb, m->proc_root, &nl_error);
      if (m->src)
        break;
      m->notice = g_strdup_printf ("process-events connector unavailable (%s); "
                                   "polling /proc every %u ms: processes shorter "
                                   "than that are not seen",
                                   nl_error->message, poll_ms);
      G_GNUC_FALLTHROUGH;
    case MONITOR_SOURCE_POLL:
      m->src = source_poll_new (&cb, m->proc_root, poll_ms);
      break;
    }
  if (m->src->klass->live)
    m->self_pid = getpid ();
  return g_steal_pointer (&m);
}

void
monitor_free (Monitor *m)
{
  if (!m)
    return;
  g_clear_handle_id (&m->resync_id, g_source_remove);
  event_free (m->lost);
  if (m->resync_exits)
    g_hash_table_unref (m->resync_exits);
  source_free (m->src);
  proctab_free (m->pt);
  history_free (m->hist);
  g_free (m->proc_root);
  g_free (m->notice);
  g_free (m);
}

void
monitor_set_listener (Monitor *m, MonitorListener fn, MonitorDone done,
                      gpointer user)
{
  m->listener = fn;
  m->done = done;
  m->user = user;
}

void
monitor_start (Monitor *m)
{
  /* The poller's first scan is its own snapshot. */
  if (m->src->klass->live && !m->src->klass->scans)
    monitor_resync (m);
  source_attach (m->src);
}

Proctab *
monitor_proctab (Monitor *m)
{
  return m->pt;
}

History *
monitor_history (Monitor *m)
{
  return m->hist;
}

const MonitorStats *
monitor_stats (Monitor *m)
{
  m->stats.dropped = m->src->dropped;
  return &m->stats;
}

const char *
monitor_source_name (Monitor *m)
{
  return m->src->klass->name;
}

const char *
monitor_notice (Monitor *m)
{
  return m->notice ? m->notice : m->src->why;
}

gboolean
monitor_is_live (Monitor *m)
{
  return m->src->klass->live;
}

gboolean
monitor_is_polling (Monitor *m)
{
  return m->src->klass->scans;
}

gint64
monitor_now_mono_ns (Monitor *m)
{
  if (!m->src->klass->live)
    return m->last_mono_ns;
  return g_get_monotonic_time () * 1000;
}

gint64
monitor_now_wall_ns (Monitor *m)
{
  if (!m->src->klass->live)
    return m->last_wall_ns;
  return g_get_real_time () * 1000;
}

void
monitor_tick (Monitor *m)
{
  proctab_expire (m->pt, monitor_now_mono_ns (m));
}

WordsUserName
monitor_user_names (Monitor *m)
{
  return m->src->klass->live ? users_name : NULL;
}

gboolean
monitor_user_parse (Monitor *m, const char *s, guint32 *uid)
{
  return users_parse (s, uid);
}

/* The live process with this serial, when /proc may be asked about it. */
static const Proc *
monitor_live_proc (Monitor *m, guint64 serial)
{
  const Proc *p = m->src->klass->live ? proctab_lookup_serial (m->pt, serial) : NULL;
  return p && p->alive ? p : NULL;
}

char
monitor_read_state (Monitor *m, guint64 serial)
{
  const Proc *p = monitor_live_proc (m, serial);
  ProcfsStat st = { 0 };
  char c = 0;

  if (p && procfs_read_stat (m->proc_root, p->pid, p->pid, &st) == 0)
    c = st.state;
  procfs_stat_clear (&st);
  return c;
}

gboolean
monitor_read_place (Monitor *m, guint64 serial, char **cwd, char **cgroup)
{
  const Proc *p = monitor_live_proc (m, serial);

  *cwd = *cgroup = NULL;
  if (!p)
    return FALSE;
  (void) procfs_read_link (m->proc_root, p->pid, "cwd", cwd);
  (void) procfs_read_cgroup (m->proc_root, p->pid, cgroup);
  return TRUE;
}

int
monitor_signal (Monitor *m, guint64 serial, int sig)
{
  const Proc *p = monitor_live_proc (m, serial);

  if (!m->src->klass->live)
    return -EPERM;
  if (!p)
    return -ESRCH;
  return procfs_signal (m->proc_root, p->pid, p->start_ns, sig);
}
