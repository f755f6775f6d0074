/* monitorproc.c - what the monitor reads of /proc beside the events:
 * where processes run and their cgroups, the tick, the views' samples,
 * places and signals (see monitor.h). */
#include "monitorprivate.h"

#include <errno.h>

#include "cgroup.h"
#include "containers.h"
#include "procfs.h"
#include "users.h"

/* A process's CPU time at its last sample (monitor_sample). */
typedef struct {
  guint64 ticks;
  gint64 ns;             /* CLOCK_MONOTONIC when read */
} MonitorCpu;

/* Reads the cgroup of live process P from /proc into the model, when the
 * source is live and, unless FRESH, it is not known yet.  A forked child
 * starts with its parent's, which a fresh read corrects: a service
 * manager or a container runtime moves its child between fork and exec,
 * or forks it straight into another cgroup (CLONE_INTO_CGROUP).  When the
 * read fails the process is ending, and what was read last stays. */
void
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
 * (SUBJECT, the live process of its tgid, NULL: none; a FORK's parent is
 * FORKER, proctab_fork_parent) runs where that is worth a read
 * (monitor_read_where), a new reference in EV->where.  A process forked
 * by one in a pid namespace below forkscope's is read at once: its pid
 * there is its own, not its parent's.  When cgroups are wanted, CGROUP is
 * the subject's, read already: a container that differs from what the
 * model holds (a runtime moved it into one between fork and exec, or setns
 * took it into one) is the cheap sign that its namespace is to be read
 * too.  Others are read on the tick (monitor_check_where).  Returns
 * whether EV->where was set. */
gboolean
monitor_note_where (Monitor *m, Event *ev, const Proc *subject, const Proc *forker,
                    const char *cgroup)
{
  gboolean said = (ev->flags & EVENT_F_WHERE) != 0, found = FALSE;
  Container *read;
  Where *w = NULL;

  if (ev->pid != ev->tgid
      || !(ev->kind == EVENT_FORK || ev->kind == EVENT_EXEC || ev->kind == EVENT_SNAPSHOT))
    return FALSE;
  /* A fork's subject is new: only its parent counts. */
  const Proc *self = ev->kind == EVENT_FORK ? NULL : subject;
  const Proc *parent = ev->kind == EVENT_FORK ? forker : self ? self->parent : NULL;
  const Where *basis = parent ? proc_where (parent) : NULL;
  const Where *now = said ? ev->where
                     : ev->kind == EVENT_FORK ? basis : self ? proc_where (self) : NULL;

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
void
monitor_note_new (Monitor *m, const Event *ev, const Proc *p)
{
  Container *c = p ? where_container (proc_where (p)) : NULL;

  if (ev->kind == EVENT_FORK && ev->pid == ev->tgid && p && p->alive
      && !(p->flags & (PROC_F_WHERE | PROC_F_KTHREAD)) && m->unread->len < MONITOR_UNREAD_MAX)
    g_array_append_val (m->unread, p->serial);
  if (c && m->names_root && container_claim_lookup (c))
    g_ptr_array_add (m->to_name, container_ref (c));
}

/* Reads the stat of task TID of live process P (TID == P's pid: the
 * process) into ST, when it is the task the model knows: started at
 * START_NS (event_same_start: 0 is not checked).  Else FALSE, ST clear. */
static gboolean
monitor_task_stat (Monitor *m, const Proc *p, gint tid, gint64 start_ns, ProcfsStat *st)
{
  if (procfs_read_stat (m->proc_root, p->pid, tid, st) == 0
      && event_same_start (procfs_ticks_to_ns (st->start_ticks), start_ns))
    return TRUE;
  procfs_stat_clear (st);
  return FALSE;
}

/* Reads the stat of live process P into *ST (cleared when FALSE): FALSE
 * when it is gone, or its pid is another process's already (the start
 * time in /proc is not the model's). */
static gboolean
monitor_own_stat (Monitor *m, const Proc *p, ProcfsStat *st)
{
  return monitor_task_stat (m, p, p->pid, p->start_ns, st);
}

/* Whether live process P's pid is still P's (monitor_own_stat). */
static gboolean
monitor_still_own (Monitor *m, const Proc *p)
{
  ProcfsStat st = { 0 };
  gboolean own = monitor_own_stat (m, p, &st);

  procfs_stat_clear (&st);
  return own;
}

/* Reads where the processes forked since the last tick run, those still
 * live whose namespace and container were inherited at their fork: a
 * SNAPSHOT says it where it is not what they inherited (they entered a pid
 * namespace of their own, or a container took them in), recorded and
 * replayed as any event.  Each process is read once, at the first tick
 * after its fork, and only if it lives until then: parents before
 * children, in the order they were forked.  Its container is read from
 * its own cgroup, not inherited: a runtime that keeps the host's pid
 * namespace (docker --pid=host) moves its first process into the
 * container's cgroup between its fork and its exec. */
static void
monitor_check_where (Monitor *m)
{
  g_autoptr (GArray) serials = m->unread;

  m->unread = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < serials->len; i++)
    {
      Proc *p = proctab_lookup_serial (m->pt, g_array_index (serials, guint64, i));
      Container *c = NULL;
      Where *w;

      if (!p || !p->alive || (p->flags & PROC_F_WHERE))
        continue;
      gboolean known = procfs_read_container (m->proc_root, p->pid, &c) == 0;
      gboolean read = monitor_read_where (m, p->pid, p->parent ? proc_where (p->parent) : NULL,
                                          c, known, &w);
      container_unref (c);
      if (!read)
        continue;
      /* What differs is said only if the pid was still the process's own
       * after it was read (its start time then: not another process's
       * that took the pid); most read what they inherited. */
      if (where_equal (w, proc_where (p)) || !monitor_still_own (m, p))
        {
          where_unref (w);
          continue;
        }
      Event ev = { .kind = EVENT_SNAPSHOT, .pid = p->pid, .tgid = p->pid, .ppid = p->ppid,
                   .ptgid = p->ppid, .flags = EVENT_F_WHERE | (p->start_ns ? EVENT_F_START : 0),
                   .start_ns = p->start_ns, .mono_ns = monitor_now_mono_ns (m),
                   .wall_ns = monitor_now_wall_ns (m), .where = w };
      monitor_apply (m, &ev, p);
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
  if (!monitor_own_stat (m, p, &st))
    return TRUE;
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

char
monitor_thread_state (Monitor *m, guint64 serial, gint tid)
{
  Proc *p = monitor_live_proc (m, serial);
  const ProcThread *t = p && p->threads ? g_hash_table_lookup (p->threads, GINT_TO_POINTER (tid))
                                        : NULL;
  ProcfsStat st = { 0 };
  char state = 0;

  if (t && monitor_task_stat (m, p, tid, t->start_ns, &st))
    {
      state = st.state;
      procfs_stat_clear (&st);
    }
  return state;
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
