/* monitor.c - the one path every event takes: source -> proctab -> history
 * -> listener, plus the /proc snapshot for live sources; the monitor's
 * state, set up and asked (see monitor.h).  A live source's resyncs are in
 * monitorlive.c, what is read of /proc beside events in monitorproc.c, the
 * command in monitorcommand.c, a replay's seeks in monitorreplay.c. */
#include "monitorprivate.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "procfs.h"
#include "spillfile.h"
#include "words.h"

/* Whether EV is about forkscope's own process or one of its threads
 * (a live source's), which it does not report: counts and recordings
 * start with the machine's events, not with its own worker threads. */
gboolean
monitor_is_own (Monitor *m, const Event *ev)
{
  if (!m->self_pid || ev->tgid != m->self_pid)
    return FALSE;
  /* With a command, forkscope's process is the root of its tree. */
  return !(m->command && ev->kind == EVENT_SNAPSHOT && ev->pid == ev->tgid);
}

/* Notes on the EXIT EV of a live source, about P (the live process of its
 * tgid, NULL: none), what it cost, from the task statistics: the
 * process's when the model will conclude that it ends it,
 * a thread's (when asked for) otherwise, or that none came for an end
 * (EV holds the new reference), and the name the kernel's accounting gave
 * a process whose name is not known; and whether the OOM killer ended it, as
 * the kernel's log says (it may name a thread of the process). */
static void
monitor_note_end (Monitor *m, Event *ev, const Proc *p)
{
  ExitStatus st = event_exit_status (ev->exit_code);
  gboolean killed = m->oom && st.signaled && st.signal == SIGKILL
                    && !(ev->flags & EVENT_F_STATUS_UNKNOWN);

  if (!m->ts && !killed)
    return;
  gboolean ends = proc_exit_ends (p, ev);
  if (m->ts)
    {
      char comm[16];
      ev->cost = taskstats_exit_cost (m->ts, ev, ends, comm);
      if (ends && !ev->cost)
        ev->flags |= EVENT_F_COST_UNKNOWN;
      /* A process that ended before its exec could be read, or that the
       * model never saw (it started before the first scan and was gone by
       * then), is named by the kernel's accounting (the model takes a name
       * it lacks). */
      if (comm[0] && !ev->comm && (!p || !p->comm))
        {
          ev->comm = g_strdup (comm);
          ev->flags |= EVENT_F_NAMED_AT_END;
        }
    }
  if (!killed)
    return;
  if (ends)
    {
      if (oomkill_take (m->oom, ev->tgid)
          || (ev->pid != ev->tgid && oomkill_take (m->oom, ev->pid)))
        ev->flags |= EVENT_F_OOM;
    }
  /* A thread named as the victim: its process's end is the OOM killer's. */
  else if (ev->pid != ev->tgid && oomkill_take (m->oom, ev->pid))
    oomkill_note (m->oom, ev->tgid);
}

/* Applies EV, records it and tells the listener; SUBJECT is the live
 * process of its tgid (proctab_lookup, NULL: none), which every caller
 * has at hand: each process an event names is looked up once.  The model notes
 * on EV what it meant (proctab_apply), so the history and the listener get
 * its conclusion with the event.  While cgroups are wanted, the cgroup of
 * a process that starts (not a thread), execs or comes in a snapshot is
 * read before the listener sees it, and that of any other whose cgroup is
 * not known. */
Proc *
monitor_apply (Monitor *m, Event *ev, Proc *subject)
{
  gboolean live = m->src->klass->live;
  gboolean fresh = ev->kind == EVENT_EXEC
                   || ((ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT)
                       && ev->pid == ev->tgid);
  g_autofree char *cgroup = NULL;
  Where *had = ev->where;
  guint had_flags = ev->flags & EVENT_F_WHERE;
  gboolean noted = FALSE;
  Proc *parent = proctab_fork_parent (m->pt, ev);
  Proc *p;

  /* Read before the model applies the event, so that the event says it. */
  if (live && m->want_cgroups && fresh)
    (void) procfs_read_cgroup (m->proc_root, ev->tgid, &cgroup);
  if (live)
    noted = monitor_note_where (m, ev, subject, parent, cgroup);
  if (ev->kind == EVENT_EXIT)
    monitor_note_end (m, ev, subject);
  p = proctab_apply_known (m->pt, ev, subject, parent);
  if (cgroup && p && p->alive)
    proc_set_cgroup (p, cgroup);
  else if (m->want_cgroups)
    monitor_read_cgroup (m, p, fresh);
  if (live)
    monitor_note_new (m, ev, p);

  if (ev->mono_ns > m->last_mono_ns)
    {
      m->last_mono_ns = ev->mono_ns;
      m->last_wall_ns = ev->wall_ns;
    }
  if (ev->kind != EVENT_SNAPSHOT)
    m->stats.events++;
  /* Snapshots too: the history's tables fold everything the table folded. */
  if (m->history)
    history_append (m->history, ev, p);
  if (m->listener)
    m->listener (ev, p, m->user);
  /* The event is the caller's: what was noted on it goes. */
  if (noted)
    {
      where_unref (ev->where);
      ev->where = had;
      ev->flags = (ev->flags & ~EVENT_F_WHERE) | had_flags;
    }
  return p;
}

/* Gives an EXIT EV of unknown status (a resync's, a poller's) the status
 * the command was reaped with when it is the command's end: its pid, and
 * the process of that pid in the model is forkscope's child. */
void
monitor_note_command_end (Monitor *m, Event *ev)
{
  const Proc *p;

  if (!m->command || ev->kind != EVENT_EXIT || !(ev->flags & EVENT_F_STATUS_UNKNOWN)
      || ev->pid != ev->tgid || ev->tgid != command_pid (m->command)
      || command_status (m->command) < 0 || !(p = proctab_lookup (m->pt, ev->tgid))
      || p->ppid != m->self_pid)
    return;
  ev->exit_code = command_wait_status (m->command);
  ev->flags &= ~EVENT_F_STATUS_UNKNOWN;
}

/* Reports a held loss once the source's current read is over: before its
 * next read, which would bring later events. */
void
monitor_schedule_loss (Monitor *m)
{
  if (m->lost && !m->resync_id)
    m->resync_id = g_idle_add_full (G_PRIORITY_HIGH, monitor_on_loss, m, NULL);
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
  if (monitor_is_own (m, ev))
    return;
  /* The process the event is about, looked up once for all that ask. */
  Proc *subject = proctab_lookup (m->pt, ev->tgid);
  const Proc *ending = live && ev->kind == EVENT_EXIT ? subject : NULL;
  if (live && monitor_is_late (m, ev, subject))
    return;
  /* Most of the time no resync's end is remembered: nothing to look up. */
  if ((ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT)
      && g_hash_table_size (m->resync_exits) > 0)
    g_hash_table_remove (m->resync_exits, GINT_TO_POINTER (ev->tgid));
  if (ending)
    orphans = monitor_live_children (ending);
  monitor_note_command_end (m, &noted);
  monitor_apply (m, &noted, subject);
  /* The cost and name the monitor gave it are its own (the source's are
   * the source's). */
  if (noted.cost != ev->cost)
    cost_unref (noted.cost);
  if (noted.comm != ev->comm)
    g_free (noted.comm);
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
void
monitor_on_event (const Event *ev, gpointer user)
{
  Monitor *m = user;

  monitor_handle (m, ev);
  /* A loss that waited for events held back: they are coming. */
  monitor_schedule_loss (m);
}

/* SourceCallbacks.origin: a replay's header record. */
static void
monitor_on_origin (const Origin *o, gpointer user)
{
  Monitor *m = user;

  origin_free (m->origin);
  m->origin = origin_dup (o);
  if (m->origin_listener)
    m->origin_listener (m->origin, m->origin_user);
}

/* SourceCallbacks.notice: a replay's notice record, passed on unless a
 * joined recording's repeats it. */
static void
monitor_on_notice (const char *text, gpointer user)
{
  Monitor *m = user;

  for (guint i = 0; i < m->recorded->len; i++)
    if (strcmp (m->recorded->pdata[i], text) == 0)
      return;
  if (m->recorded->len < MONITOR_RECORDED_MAX)
    {
      g_ptr_array_add (m->recorded, g_strdup (text));
      g_clear_pointer (&m->recorded_said, g_free);
    }
  if (m->notice_listener)
    m->notice_listener (text, m->notice_user);
}

const char *
monitor_recorded_notice (Monitor *m)
{
  if (!m->recorded->len)
    return NULL;
  if (!m->recorded_said)
    {
      GString *s = g_string_new (NULL);
      words_recorded_notices (s, (const char *const *) m->recorded->pdata, m->recorded->len);
      m->recorded_said = g_string_free (s, FALSE);
    }
  return m->recorded_said;
}

void
monitor_set_notice_listener (Monitor *m, MonitorNoticeListener fn, gpointer user)
{
  m->notice_listener = fn;
  m->notice_user = user;
}

/* SourceCallbacks.long_wait: a replay's wait shortened. */
static void
monitor_on_long_wait (gint64 due_ns, gint64 wait_ns, gpointer user)
{
  Monitor *m = user;

  if (m->long_wait_listener)
    m->long_wait_listener (due_ns, wait_ns, m->long_wait_user);
}

/* SourceCallbacks.done */
static void
monitor_on_done (const GError *error, gpointer user)
{
  Monitor *m = user;
  if (m->done)
    m->done (error, m->user);
}

/* Sets up M's history as OPTS asks: its spill file in a directory on a
 * disk where there is one (spillfile_dir), else in memory only; what it
 * could not have is said in the notice. */
static void
monitor_history_open (Monitor *m, const MonitorOptions *opts)
{
  HistoryOptions ho = { .memory = opts->history_memory, .spill_cap = opts->history_file,
                        .cache = HISTORY_CACHE_DEFAULT, .keep_ns = opts->keep_ns,
                        .max_tombs = opts->max_tombs };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  Spill *spill = NULL;
  gboolean ram = FALSE;

  if (opts->history_file)
    {
      dir = spillfile_dir (&ram);
      spill = dir ? spillfile_open (dir, 0, &error) : NULL;
      if (!spill)
        m->history_notice = g_strdup_printf ("no spill file (%s): the history keeps what "
                                             "fits in memory",
                                             error ? error->message
                                             : "no temporary directory");
      else if (ram)
        m->history_notice = g_strdup_printf ("the history's spill file is in memory (%s is "
                                             "a RAM file system: set TMPDIR to a disk's)",
                                             dir);
    }
  m->history = history_new (&ho, spill);
  /* The history saves the live table: it need not fold every event into
   * one of its own. */
  history_set_table (m->history, m->pt);
}

/* What forkscope says of where it runs when the connector refuses it: in
 * a pid namespace not the host's (a container: the connector takes its
 * requests from the initial namespaces only), "in a container (pid
 * namespace N, not the host's): "; else "".  A new string. */
static char *
monitor_in_container (const char *proc_root)
{
  guint64 ns;

  if (procfs_read_pidns (proc_root, "self", &ns) < 0 || ns == PROCFS_PIDNS_INIT)
    return g_strdup ("");
  return g_strdup_printf ("in a container (pid namespace %" G_GUINT64_FORMAT
                          ", not the host's): ", ns);
}

/* Opens the task statistics of a live source as OPTS asks, or notes why
 * there are none.  Only the connector's EXITs come as soon as the kernel's
 * statistics do: the poller has none. */
static void
monitor_open_taskstats (Monitor *m, const MonitorOptions *opts)
{
  g_autoptr (GError) error = NULL;

  if (opts->no_taskstats)
    {
      m->cost_notice = g_strdup ("no task statistics (--no-taskstats)");
      return;
    }
  if (!m->src->klass->scans)
    m->ts = taskstats_new (m->proc_root, opts->thread_costs, &error);
  if (m->ts)
    return;
  m->cost_refused = TRUE;
  m->cost_notice = g_strdup_printf ("no task statistics (%s)",
                                    error ? error->message : "none while polling /proc");
}

Monitor *
monitor_new (const MonitorOptions *opts, GError **error)
{
  g_autoptr (Monitor) m = g_new0 (Monitor, 1);
  SourceCallbacks cb = { monitor_on_event, monitor_on_done, m, monitor_on_origin,
                         monitor_on_long_wait, monitor_on_notice };
  g_autoptr (GError) nl_error = NULL;
  guint poll_ms = opts->poll_ms ? opts->poll_ms : 1000;

  m->proc_root = g_strdup (opts->proc_root ? opts->proc_root : "/proc");
  m->recorded = g_ptr_array_new_with_free_func (g_free);
  m->keep_ns = opts->keep_ns;
  m->max_tombs = opts->max_tombs;
  m->pt = proctab_new (opts->keep_ns, opts->max_tombs);
  /* Only views (which keep a history) read what tombstones cost. */
  if (!opts->history)
    proctab_drop_costs (m->pt);
  else
    monitor_history_open (m, opts);
  m->resync_exits = g_hash_table_new (NULL, NULL);
  m->command_status = -1;
  m->samples = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  m->unread = g_array_new (FALSE, FALSE, sizeof (guint64));
  m->to_name = g_ptr_array_new_with_free_func ((GDestroyNotify) container_unref);
  m->names_root = g_strdup (opts->names_root);

  switch (opts->source)
    {
    case MONITOR_SOURCE_REPLAY:
      m->src = source_replay_new (&cb, opts->replay_path, opts->speed, error);
      if (!m->src)
        return NULL;
      break;
    case MONITOR_SOURCE_AUTO:
      m->src = source_netlink_new (&cb, m->proc_root, opts->realtime, &nl_error);
      if (m->src)
        break;
      {
        g_autofree char *where = monitor_in_container (m->proc_root);
        m->notice = g_strdup_printf ("%sprocess-events connector unavailable (%s); "
                                     "polling /proc every %u ms: processes shorter "
                                     "than that are not seen%s",
                                     where, nl_error->message, poll_ms,
                                     opts->realtime ? " (--realtime: no exec reader to "
                                                      "make real-time)" : "");
      }
      G_GNUC_FALLTHROUGH;
    case MONITOR_SOURCE_POLL:
      m->src = source_poll_new (&cb, m->proc_root, poll_ms);
      break;
    }
  if (m->src->klass->live)
    {
      m->self_pid = getpid ();
      m->origin = procfs_read_origin (m->proc_root);
      m->origin->version = g_strdup (FORKSCOPE_VERSION);
    }
  if (m->src->klass->live)
    {
      monitor_open_taskstats (m, opts);
      m->oom = oomkill_new ("/dev/kmsg", NULL);
    }
  return g_steal_pointer (&m);
}

void
monitor_free (Monitor *m)
{
  if (!m)
    return;
  g_clear_handle_id (&m->resync_id, g_source_remove);
  g_clear_handle_id (&m->command_id, g_source_remove);
  g_clear_handle_id (&m->settle_id, g_source_remove);
  command_free (m->command);
  g_clear_error (&m->command_error);
  event_free (m->lost);
  if (m->resync_exits)
    g_hash_table_unref (m->resync_exits);
  if (m->samples)
    g_hash_table_unref (m->samples);
  if (m->unread)
    g_array_unref (m->unread);
  if (m->to_name)
    g_ptr_array_unref (m->to_name);
  g_free (m->names_root);
  source_free (m->src);
  taskstats_free (m->ts);
  oomkill_free (m->oom);
  g_free (m->cost_notice);
  proctab_free (m->pt);
  history_free (m->history);
  g_free (m->proc_root);
  g_free (m->notice);
  g_free (m->history_notice);
  g_free (m->notice_all);
  g_ptr_array_unref (m->recorded);
  g_free (m->recorded_said);
  origin_free (m->origin);
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
monitor_set_origin_listener (Monitor *m, MonitorOriginListener fn, gpointer user)
{
  m->origin_listener = fn;
  m->origin_user = user;
}

void
monitor_set_long_wait_listener (Monitor *m, MonitorLongWaitListener fn, gpointer user)
{
  m->long_wait_listener = fn;
  m->long_wait_user = user;
}

const Origin *
monitor_origin (Monitor *m)
{
  return m->origin;
}

void
monitor_start (Monitor *m)
{
  /* The poller's first scan is its own snapshot. */
  if (m->src->klass->live && !m->src->klass->scans)
    monitor_resync (m);
  source_attach (m->src);
  if (m->command)
    monitor_command_go (m);
}

Proctab *
monitor_proctab (Monitor *m)
{
  return m->pt;
}

History *
monitor_history (Monitor *m)
{
  return m->history;
}

const MonitorStats *
monitor_stats (Monitor *m)
{
  m->stats.dropped = m->src->dropped;
  if (m->ts)
    m->stats.costs_lost = taskstats_lost (m->ts);
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
  const char *source = m->notice ? m->notice : m->src->why;

  if (!m->history_notice || !source)
    return source ? source : m->history_notice;
  /* The source first, then what the history could not have. */
  if (!m->notice_all)
    m->notice_all = g_strdup_printf ("%s; %s", source, m->history_notice);
  return m->notice_all;
}

const char *
monitor_cost_notice (Monitor *m)
{
  return m->cost_notice;
}

gboolean
monitor_cost_refused (Monitor *m)
{
  return m->cost_refused;
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

gint64
monitor_keep_ns (Monitor *m)
{
  return m->keep_ns;
}

void
monitor_pin (Monitor *m, guint slot, guint64 serial)
{
  g_return_if_fail (slot < PROCTAB_PINS);
  m->pins[slot] = serial;
  proctab_pin (m->pt, slot, serial);
}
