/* monitor.c - the one path every event takes: source -> proctab -> history
 * -> listener, plus the /proc snapshot and resyncs for live sources. */
#include "monitor.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <unistd.h>

#include "config.h"
#if HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "cgroup.h"
#include "command.h"
#include "containers.h"
#include "oomkill.h"
#include "procfs.h"
#include "resync.h"
#include "source.h"
#include "spillfile.h"
#include "taskstats.h"
#include "users.h"

struct Monitor {
  Source *src;
  Proctab *pt;
  History *history;      /* every event, for a viewer; or NULL */
  MonitorStats stats;
  MonitorListener listener;
  MonitorDone done;
  gpointer user;
  MonitorOriginListener origin_listener;
  gpointer origin_user;
  Origin *origin;        /* see monitor_origin() */
  char *proc_root;
  char *notice;          /* why this source, when it was not asked for */
  char *history_notice;  /* what the history could not have */
  char *notice_all;      /* both, with the source's description */
  gint64 keep_ns;        /* the tables' tombstone keeping, for new ones */
  guint max_tombs;
  gint64 last_mono_ns;   /* newest event's clocks (replay time) */
  gint64 last_wall_ns;
  Event *lost;           /* a live source's loss, held until its batch is in */
  guint resync_id;       /* the idle source that reports it and resyncs */
  GHashTable *resync_exits;  /* pid -> when a resync reported its end */
  gint self_pid;         /* live sources: forkscope's own process, whose
                            events are left out; 0 for a replay */
  GHashTable *samples;   /* serial -> MonitorCpu: each process's last CPU
                            reading, for the CPU used since */
  Taskstats *ts;         /* the kernel's task statistics, or NULL */
  Oomkill *oom;          /* the OOM killer's victims (live sources, where
                            the kernel's log is readable), or NULL */
  char *cost_notice;     /* see monitor_cost_notice() */
  gboolean cost_refused; /* they could not be had */
  gboolean want_cgroups; /* every live process's cgroup is read */
  GArray *unread;        /* serials of processes forked since the last
                            monitor_tick whose namespace was inherited,
                            not read (monitor_check_where) */
  char *names_root;      /* where runtimes' files are read for containers'
                            names ("/"), NULL not read */
  GPtrArray *to_name;    /* of Container*, seen and not looked up yet */
  gint64 cgroup_pass_ns; /* when monitor_tick last read young processes'
                            cgroups (CLOCK_MONOTONIC) */
  Command *command;      /* the command watched, or NULL */
  guint command_id;      /* the watch of its children, 0 when none */
  guint settle_id;       /* the wait for its subtree's last reports */
  gint64 settle_end_ns;  /* when that wait ends at the latest */
  gboolean passed;       /* a signal was passed to it */
  int command_status;    /* monitor_command_status() */
  GError *command_error; /* why it could not be run, or NULL */
  guint64 pins[PROCTAB_PINS];  /* what the table keeps (monitor_pin) */
};

/* A process's CPU time at its last sample (monitor_sample). */
typedef struct {
  guint64 ticks;
  gint64 ns;             /* CLOCK_MONOTONIC when read */
} MonitorCpu;

/* Whether EV is about forkscope's own process or one of its threads
 * (a live source's), which it does not report: counts and recordings
 * start with the machine's events, not with its own worker threads. */
static gboolean
monitor_is_own (Monitor *m, const Event *ev)
{
  if (!m->self_pid || ev->tgid != m->self_pid)
    return FALSE;
  /* With a command, forkscope's process is the root of its tree. */
  return !(m->command && ev->kind == EVENT_SNAPSHOT && ev->pid == ev->tgid);
}

/* Reads the cgroup of live process P from /proc into the model, when the
 * source is live and, unless FRESH, it is not known yet.  A forked child
 * starts with its parent's, which a fresh read corrects: a service
 * manager or a container runtime moves its child between fork and exec,
 * or forks it straight into another cgroup (CLONE_INTO_CGROUP).  When the
 * read fails the process is ending, and what was read last stays. */
static void
monitor_read_cgroup (Monitor *m, Proc *p, gboolean fresh)
{
  g_autofree char *cgroup = NULL;

  if (!m->src->klass->live || !p || !p->alive || (p->cgroup && !fresh))
    return;
  if (procfs_read_cgroup (m->proc_root, p->pid, &cgroup) == 0)
    proc_set_cgroup (p, cgroup);
}

/* GFunc of proctab_foreach: reads the cgroup of a live process afresh. */
static void
monitor_read_cgroup_cb (gpointer data, gpointer user)
{
  monitor_read_cgroup (user, data, TRUE);
}

/* How young a process is read again on each pass of monitor_tick: moves
 * come soon after a process starts (a service manager, a runtime, a
 * shell's job control moving it into its scope). */
#define MONITOR_CGROUP_YOUNG_NS (10 * G_GINT64_CONSTANT (1000000000))

/* GFunc of proctab_foreach: reads afresh the cgroup of a process that
 * started less than MONITOR_CGROUP_YOUNG_NS before the pass (user data:
 * the Monitor); kernel threads do not move. */
static void
monitor_read_young_cgroup_cb (gpointer data, gpointer user)
{
  Monitor *m = user;
  Proc *p = data;

  if (!(p->flags & PROC_F_KTHREAD)
      && event_ns_sub (m->cgroup_pass_ns, p->start_ns) < MONITOR_CGROUP_YOUNG_NS)
    monitor_read_cgroup (m, p, TRUE);
}

/* The most processes monitor_check_where remembers to read between two
 * ticks (a fork storm's beyond them go unread, as if they had ended). */
#define MONITOR_UNREAD_MAX 65536
/* The most containers' names looked up on one tick. */
#define MONITOR_NAMES_PER_TICK 16

/* Reads where live process PID runs, a child of a process at PARENT (the
 * basis of what it inherits), into *OUT: its pid namespace from its
 * status; its container read from its cgroup where it entered a namespace
 * its parent is not in, else its parent's (a fork inherits its cgroup),
 * unless KNOWN (read already, NULL for none) is given with KNOWN_SET.
 * FALSE when the status says nothing (gone, or Linux before 4.1). */
static gboolean
monitor_read_where (Monitor *m, gint pid, const Where *parent, Container *known,
                    gboolean known_set, Where **out)
{
  ProcfsStatus st;
  Container *c = NULL;

  if (procfs_read_status (m->proc_root, pid, &st) < 0 || !st.has_nspid)
    return FALSE;
  if (known_set)
    c = container_ref (known);
  else if (st.ns_level > where_level (parent))
    (void) procfs_read_container (m->proc_root, pid, &c);
  else
    c = container_ref (where_container (parent));
  *out = where_new (st.nspid, st.ns_level, c);
  container_unref (c);
  return TRUE;
}

/* Before EV is applied (a live source's): says on it where its subject
 * runs where that is worth a read (monitor_read_where), a new reference
 * in EV->where.  A process forked by one in a pid namespace below
 * forkscope's is read at once: its pid there is its own, not its
 * parent's.  When cgroups are wanted, CGROUP is the subject's, read
 * already: a container that differs from what the model holds (a runtime
 * moved it into one between fork and exec, or setns took it into one) is
 * the cheap sign that its namespace is to be read too.  Others are read
 * on the tick (monitor_check_where).  Returns whether EV->where was set. */
static gboolean
monitor_note_where (Monitor *m, Event *ev, const char *cgroup)
{
  gboolean said = (ev->flags & EVENT_F_WHERE) != 0, found = FALSE;
  Container *read;
  Where *w = NULL;

  if (ev->pid != ev->tgid
      || !(ev->kind == EVENT_FORK || ev->kind == EVENT_EXEC || ev->kind == EVENT_SNAPSHOT))
    return FALSE;
  const Proc *self = proctab_lookup (m->pt, ev->tgid);
  const Proc *parent = ev->kind == EVENT_FORK ? proctab_lookup (m->pt, ev->ptgid)
                                              : self ? self->parent : NULL;
  const Where *basis = parent ? proc_where (parent) : NULL;
  const Where *now = said ? ev->where : ev->kind == EVENT_FORK ? basis : self ? proc_where (self) : NULL;

  read = cgroup_container (cgroup);
  if (cgroup && read != where_container (now))
    {
      /* A container the model did not expect. */
      if (said)
        {
          w = where_new (ev->where ? ev->where->nspid : 0, where_level (ev->where), read);
          found = TRUE;
        }
      else
        found = monitor_read_where (m, ev->tgid, basis, read, TRUE, &w);
    }
  else if (!said && ev->kind == EVENT_FORK && where_level (basis) > 0)
    found = monitor_read_where (m, ev->tgid, basis, NULL, FALSE, &w);
  container_unref (read);
  if (!found)
    return FALSE;
  ev->where = w;
  ev->flags |= EVENT_F_WHERE;
  return TRUE;
}

/* After EV was applied to P: remembers a new process whose namespace was
 * inherited, to be read on the tick, and a container whose name is to be
 * looked up. */
static void
monitor_note_new (Monitor *m, const Event *ev, const Proc *p)
{
  Container *c = p ? where_container (proc_where (p)) : NULL;

  if (ev->kind == EVENT_FORK && ev->pid == ev->tgid && p && p->alive
      && !(p->flags & (PROC_F_WHERE | PROC_F_KTHREAD)) && m->unread->len < MONITOR_UNREAD_MAX)
    g_array_append_val (m->unread, p->serial);
  if (c && m->names_root && container_claim_lookup (c))
    g_ptr_array_add (m->to_name, container_ref (c));
}

/* Notes on the EXIT EV of a live source what it cost, from the task
 * statistics: the process's when the model will conclude that it ends it,
 * a thread's (when asked for) otherwise, or that none came for an end
 * (EV holds the new reference); and whether the OOM killer ended it, as
 * the kernel's log says (it may name a thread of the process). */
static void
monitor_note_end (Monitor *m, Event *ev)
{
  ExitStatus st = event_exit_status (ev->exit_code);
  gboolean killed = m->oom && st.signaled && st.signal == SIGKILL
                    && !(ev->flags & EVENT_F_STATUS_UNKNOWN);

  if (!m->ts && !killed)
    return;
  gboolean ends = proctab_exit_ends (m->pt, ev);
  if (m->ts)
    {
      ev->cost = taskstats_exit_cost (m->ts, ev, ends);
      if (ends && !ev->cost)
        ev->flags |= EVENT_F_COST_UNKNOWN;
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

/* Applies EV, records it and tells the listener.  The model notes on EV
 * what it meant (proctab_apply), so the history and the listener get its
 * conclusion with the event.  While cgroups are wanted, the cgroup of a
 * process that starts (not a thread), execs or comes in a snapshot is read
 * before the listener sees it, and that of any other whose cgroup is not
 * known. */
static Proc *
monitor_apply (Monitor *m, Event *ev)
{
  gboolean live = m->src->klass->live;
  gboolean fresh = ev->kind == EVENT_EXEC
                   || ((ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT)
                       && ev->pid == ev->tgid);
  g_autofree char *cgroup = NULL;
  Where *had = ev->where;
  guint had_flags = ev->flags & EVENT_F_WHERE;
  gboolean noted = FALSE;
  Proc *p;

  /* Read before the model applies the event, so that the event says it. */
  if (live && m->want_cgroups && fresh)
    (void) procfs_read_cgroup (m->proc_root, ev->tgid, &cgroup);
  if (live)
    noted = monitor_note_where (m, ev, cgroup);
  if (ev->kind == EVENT_EXIT)
    monitor_note_end (m, ev);
  p = proctab_apply (m->pt, ev);
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

/* How long a resync remembers the ends it reported: the kernel's late
 * report of one comes within a read or two, even with several losses in a
 * row. */
#define MONITOR_LATE_EXIT_NS (10 * G_GINT64_CONSTANT (1000000000))

/* Forgets the ends resyncs reported before LIMIT_NS (GHRFunc). */
static gboolean
monitor_is_old_exit (gpointer key, gpointer value, gpointer limit)
{
  return GPOINTER_TO_SIZE (value) < GPOINTER_TO_SIZE (limit);
}

/* Gives an EXIT EV of unknown status (a resync's, a poller's) the status
 * the command was reaped with when it is the command's end: its pid, and
 * the process of that pid in the model is forkscope's child. */
static void
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

/* Brings the model in line with a fresh /proc scan, through events
 * stamped with the scan's time.  The pids whose end it reports are
 * remembered for a while: the kernel's own report of such an end, read
 * after the scan (it was queued after the socket was drained), is not a
 * second end, even when another loss and resync come in between. */
static void
monitor_resync_scan (Monitor *m)
{
  gint64 mono = monitor_now_mono_ns (m), wall = monitor_now_wall_ns (m);
  g_autoptr (GPtrArray) scan = procfs_scan (m->proc_root, mono, wall);
  g_autoptr (GPtrArray) diff = resync_diff (m->pt, scan, mono, wall);

  g_hash_table_foreach_remove (m->resync_exits, monitor_is_old_exit,
                               GSIZE_TO_POINTER ((gsize) MAX (mono - MONITOR_LATE_EXIT_NS, 0)));
  for (guint i = 0; i < diff->len; i++)
    {
      Event *ev = diff->pdata[i];
      if (monitor_is_own (m, ev))
        continue;
      monitor_note_command_end (m, ev);
      monitor_apply (m, ev);
      if (ev->kind == EVENT_EXIT && event_ends_process (ev))
        g_hash_table_insert (m->resync_exits, GINT_TO_POINTER (ev->tgid),
                             GSIZE_TO_POINTER ((gsize) MAX (mono, 0)));
    }
}

/* Brings the model in line with a fresh /proc scan (monitor_resync_scan),
 * and hands the scan's memory back. */
static void
monitor_resync (Monitor *m)
{
  monitor_resync_scan (m);
#if HAVE_MALLOC_TRIM
  /* The scan held every process twice over (its events and the diff's)
   * for a moment: give that memory back rather than keep it resident. */
  malloc_trim (0);
#endif
}

/* Idle source, run once the batch that revealed a loss has been read:
 * reports the loss after the events received before it (so the log stays
 * in time order), then resyncs.  While the source still holds events back,
 * it waits for them (monitor_on_event asks again). */
static gboolean
monitor_on_loss (gpointer data)
{
  Monitor *m = data;

  m->resync_id = 0;
  if (source_holding (m->src))
    return G_SOURCE_REMOVE;
  g_autoptr (Event) lost = g_steal_pointer (&m->lost);
  m->stats.lost += lost->lost;
  m->stats.resyncs++;
  /* The events were lost before this point of the stream, which is all
   * that is known of when: the report takes the newest time before it
   * (when it was found comes later, after events read since). */
  if (m->last_mono_ns)
    {
      lost->mono_ns = m->last_mono_ns;
      lost->wall_ns = m->last_wall_ns;
    }
  monitor_apply (m, lost);
  monitor_resync (m);
  return G_SOURCE_REMOVE;
}

/* Reports a held loss once the source's current read is over: before its
 * next read, which would bring later events. */
static void
monitor_schedule_loss (Monitor *m)
{
  if (m->lost && !m->resync_id)
    m->resync_id = g_idle_add_full (G_PRIORITY_HIGH, monitor_on_loss, m, NULL);
}

/* Holds a live source's loss until the events received with it are in. */
static void
monitor_hold_loss (Monitor *m, const Event *ev)
{
  if (m->lost)
    m->lost->lost += ev->lost;
  else
    m->lost = event_dup (ev);
  monitor_schedule_loss (m);
}

/* Whether EV is the kernel's late report of an end a resync has already
 * reported (the process is no longer live in the model). */
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
  monitor_note_command_end (m, &noted);
  monitor_apply (m, &noted);
  /* The cost the monitor gave it is its own (the source's is the source's). */
  if (noted.cost != ev->cost)
    cost_unref (noted.cost);
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
  /* The viewer's header says the source's notice, the poller's already. */
  if (!m->src->klass->scans)
    m->notice = g_strdup_printf ("%s; %s", m->cost_notice, m->src->why);
}

Monitor *
monitor_new (const MonitorOptions *opts, GError **error)
{
  g_autoptr (Monitor) m = g_new0 (Monitor, 1);
  SourceCallbacks cb = { monitor_on_event, monitor_on_done, m, monitor_on_origin };
  g_autoptr (GError) nl_error = NULL;
  guint poll_ms = opts->poll_ms ? opts->poll_ms : 1000;

  m->proc_root = g_strdup (opts->proc_root ? opts->proc_root : "/proc");
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
                                     "than that are not seen",
                                     where, nl_error->message, poll_ms);
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

const Origin *
monitor_origin (Monitor *m)
{
  return m->origin;
}

/* How long the end of a command's subtree waits for the kernel's last
 * reports of it: they are sent as the processes exit, but can be read
 * after forkscope has reaped the last one. */
#define MONITOR_SETTLE_NS (G_GINT64_CONSTANT (1000000000))

/* Whether the model has seen the end of every child of forkscope's own
 * process: the command and what was handed to forkscope. */
static gboolean
monitor_command_settled (Monitor *m)
{
  const Proc *self = proctab_lookup (m->pt, m->self_pid);

  if (self)
    for (GList *l = self->children.head; l; l = l->next)
      if (((const Proc *) l->data)->alive)
        return FALSE;
  return TRUE;
}

/* Timer while the command's subtree settles: once the model has seen
 * its end, or the wait is over, a last resync, and the run is told. */
static gboolean
monitor_on_settle (gpointer data)
{
  Monitor *m = data;

  if (!monitor_command_settled (m) && g_get_monotonic_time () * 1000 < m->settle_end_ns)
    return G_SOURCE_CONTINUE;
  m->settle_id = 0;
  monitor_resync (m);
  m->command_status = command_status (m->command);
  if (m->done)
    m->done (NULL, m->user);
  return G_SOURCE_REMOVE;
}

/* The command's descriptor: a child has changed.  Once none is left, the
 * subtree has ended: its last reports are waited for (not a poller's,
 * which come a whole interval late). */
static gboolean
monitor_on_child (gint fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;

  if (command_reap (m->command))
    return G_SOURCE_CONTINUE;
  m->command_id = 0;
  m->settle_end_ns = g_get_monotonic_time () * 1000
                     + (m->src->klass->scans ? 0 : MONITOR_SETTLE_NS);
  m->settle_id = g_timeout_add (10, monitor_on_settle, m);
  return G_SOURCE_REMOVE;
}

/* Idle source: the command could not be forked; the run is over. */
static gboolean
monitor_on_command_failed (gpointer data)
{
  Monitor *m = data;

  m->settle_id = 0;
  if (m->done)
    m->done (NULL, m->user);
  return G_SOURCE_REMOVE;
}

/* Starts the command, and watches its children.  When its exec failed,
 * its end (126 or 127) is watched as any; when it could not even be
 * forked, the done listener is told, from the main loop (which may not
 * be running yet). */
static void
monitor_command_go (Monitor *m)
{
  if (!command_start (m->command, &m->command_error) && !command_pid (m->command))
    {
      m->command_status = command_error_status (m->command_error);
      /* Not a mere idle: a poller that scans all the time would starve it. */
      m->settle_id = g_idle_add_full (G_PRIORITY_DEFAULT, monitor_on_command_failed, m, NULL);
      return;
    }
  m->command_id = g_unix_fd_add (command_fd (m->command), G_IO_IN, monitor_on_child, m);
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

/* Reads where the processes forked since the last tick run, those still
 * live whose namespace and container were inherited at their fork: a
 * SNAPSHOT says it where it is not what they inherited (they entered a pid
 * namespace of their own, or a container took them in), recorded and
 * replayed as any event.  Each process is read once, at the first tick
 * after its fork, and only if it lives until then: parents before
 * children, in the order they were forked. */
static void
monitor_check_where (Monitor *m)
{
  g_autoptr (GArray) serials = m->unread;

  m->unread = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < serials->len; i++)
    {
      Proc *p = proctab_lookup_serial (m->pt, g_array_index (serials, guint64, i));
      Where *w;

      if (!p || !p->alive || (p->flags & PROC_F_WHERE)
          || !monitor_read_where (m, p->pid, p->parent ? proc_where (p->parent) : NULL, NULL, FALSE,
                                  &w))
        continue;
      if (where_equal (w, proc_where (p)))
        {
          where_unref (w);
          continue;
        }
      Event ev = { .kind = EVENT_SNAPSHOT, .pid = p->pid, .tgid = p->pid, .ppid = p->ppid,
                   .ptgid = p->ppid, .flags = EVENT_F_WHERE | (p->start_ns ? EVENT_F_START : 0),
                   .start_ns = p->start_ns, .mono_ns = monitor_now_mono_ns (m),
                   .wall_ns = monitor_now_wall_ns (m), .where = w };
      monitor_apply (m, &ev);
      where_unref (w);
    }
}

/* Looks up the names of a few containers seen since (their runtimes'
 * files, containers.h), which every output then shows. */
static void
monitor_name_containers (Monitor *m)
{
  guint n = MIN (m->to_name->len, MONITOR_NAMES_PER_TICK);

  for (guint i = 0; i < n; i++)
    {
      Container *c = m->to_name->pdata[i];
      g_autofree char *name = NULL;
      if (containers_read_name (m->names_root, c, &name) == 0)
        container_set_name (c, name);
    }
  g_ptr_array_remove_range (m->to_name, 0, n);
}

void
monitor_tick (Monitor *m)
{
  GHashTableIter it;
  gpointer key;

  gint64 now = monitor_now_mono_ns (m);

  proctab_expire (m->pt, now);
  if (m->src->klass->live)
    {
      monitor_check_where (m);
      monitor_name_containers (m);
    }
  if (m->ts)
    taskstats_tick (m->ts);
  if (m->oom)
    oomkill_drain (m->oom);
  /* Once a second, the young processes, which may have moved to another
   * cgroup without a fork or an exec. */
  if (m->want_cgroups && event_ns_sub (now, m->cgroup_pass_ns) >= G_GINT64_CONSTANT (1000000000))
    {
      m->cgroup_pass_ns = now;
      proctab_foreach (m->pt, monitor_read_young_cgroup_cb, m);
    }
  /* The CPU readings of processes that have ended are no longer needed. */
  g_hash_table_iter_init (&it, m->samples);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      const Proc *p = proctab_lookup_serial (m->pt, *(guint64 *) key);
      if (!p || !p->alive)
        g_hash_table_iter_remove (&it);
    }
}

WordsUserName
monitor_user_names (Monitor *m)
{
  return m->src->klass->live ? users_name : users_recorded;
}

gboolean
monitor_user_parse (Monitor *m, const char *s, guint32 *uid)
{
  return m->src->klass->live ? users_parse (s, uid) : users_parse_recorded (s, uid);
}

/* The live process with this serial, when /proc may be asked about it. */
static Proc *
monitor_live_proc (Monitor *m, guint64 serial)
{
  Proc *p = m->src->klass->live ? proctab_lookup_serial (m->pt, serial) : NULL;
  return p && p->alive ? p : NULL;
}

gboolean
monitor_sample (Monitor *m, guint64 serial, gboolean cgroup, ProcSample *out)
{
  Proc *p = monitor_live_proc (m, serial);
  ProcfsStat st = { 0 };

  *out = (ProcSample) { .cpu_permille = -1, .rss_bytes = -1, .cpu_ns = -1 };
  if (!p)
    return FALSE;
  if (procfs_read_stat (m->proc_root, p->pid, p->pid, &st) < 0
      || !event_same_start (procfs_ticks_to_ns (st.start_ticks), p->start_ns))
    {
      /* Gone, or the pid is another process's already. */
      procfs_stat_clear (&st);
      return TRUE;
    }
  /* After the start time is checked: never another process's cgroup. */
  if (cgroup)
    monitor_read_cgroup (m, p, TRUE);
  gint64 now = monitor_now_mono_ns (m);
  MonitorCpu *last = g_hash_table_lookup (m->samples, &serial);
  if (last)
    out->cpu_permille = procfs_cpu_permille (last->ticks, last->ns, st.cpu_ticks, now);
  else
    {
      last = g_new (MonitorCpu, 1);
      g_hash_table_insert (m->samples, g_memdup2 (&serial, sizeof serial), last);
    }
  *last = (MonitorCpu) { st.cpu_ticks, now };
  out->state = st.state;
  out->rss_bytes = st.rss_bytes;
  out->cpu_ns = procfs_ticks_to_ns (st.cpu_ticks);
  procfs_stat_clear (&st);
  return TRUE;
}

void
monitor_want_cgroups (Monitor *m, gboolean want)
{
  if (want && !m->want_cgroups)
    proctab_foreach (m->pt, monitor_read_cgroup_cb, m);
  m->want_cgroups = want;
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

void
monitor_watch_command (Monitor *m, Command *c)
{
  g_return_if_fail (m->src->klass->live && !m->command);
  m->command = c;
}

gint
monitor_command_pid (Monitor *m)
{
  return m->command ? command_pid (m->command) : 0;
}

int
monitor_command_status (Monitor *m)
{
  return m->command_status;
}

const GError *
monitor_command_error (Monitor *m)
{
  return m->command_error;
}

gboolean
monitor_command_signal (Monitor *m, int sig)
{
  if (!m->command || m->passed || m->command_status >= 0 || !m->command_id)
    return FALSE;
  m->passed = TRUE;
  return command_signal (m->command, sig) == 0;
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

gboolean
monitor_is_replay (Monitor *m)
{
  return source_is_replay (m->src);
}

void
monitor_replay_pause (Monitor *m, gboolean paused)
{
  source_replay_pause (m->src, paused);
}

void
monitor_replay_set_speed (Monitor *m, double speed)
{
  source_replay_set_speed (m->src, speed);
}

double
monitor_replay_speed (Monitor *m)
{
  return source_replay_speed (m->src);
}

guint64
monitor_replay_position (Monitor *m)
{
  return source_replay_records (m->src);
}

int
monitor_replay_read_to (Monitor *m, guint64 record, gint64 wall_ns, GError **error)
{
  MonitorListener listener = m->listener;
  int r;

  /* Quiet: the events go into the model and the history, not to the
   * listener. */
  m->listener = NULL;
  for (;;)
    {
      const Event *next;
      Event ev = { 0 };
      r = source_replay_peek (m->src, &next, error);
      if (r <= 0)
        break;
      if ((record && source_replay_records (m->src) + 1 > record) || next->wall_ns > wall_ns)
        {
          r = 1;
          break;
        }
      r = source_replay_read (m->src, &ev, error);
      if (r <= 0)
        break;
      monitor_on_event (&ev, m);
      event_clear (&ev);
    }
  m->listener = listener;
  return r;
}
