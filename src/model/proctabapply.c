/* proctabapply.c - applying an event to the process table
 * (proctab_apply) and setting a process's fields (see
 * proctabprivate.h). */
#include "proctabprivate.h"

/* Sets where P runs to W (NULL the host), taking the reference. */
void
proc_set_where (Proc *p, Where *w)
{
  if (!w && !p->acct)
    return;
  where_unref (proc_acct (p)->where);
  p->acct->where = w;
}

/* Replaces the shared string *DST with SRC's (NULL too, when ALWAYS;
 * else only when SRC is set). */
static void
proctab_set_str (char **dst, const char *src, gboolean always)
{
  if (!src && !always)
    return;
  char *old = *dst;
  *dst = shared_str (src);
  shared_str_unref (old);
}

/* Replaces P's command line with a shared copy of ARGV (NULL too, when
 * ALWAYS; else only when ARGV is set). */
static void
proctab_set_argv (Proc *p, char *const *argv, gboolean always)
{
  if (!argv && !always)
    return;
  shared_argv_unref (p->argv);
  p->argv = shared_argv (argv);
}

/* Copies the credentials an event carries into P. */
static void
proc_set_creds (Proc *p, const Event *ev)
{
  p->ruid = ev->ruid;
  p->euid = ev->euid;
  p->rgid = ev->rgid;
  p->egid = ev->egid;
  p->flags |= PROC_F_CREDS;
}

/* Adds (or refreshes) thread TID of P. */
void
proc_add_thread (Proc *p, gint tid, gint64 start_ns, const char *comm)
{
  if (!p->threads)
    p->threads = proc_threads_new ();
  ProcThread *t = g_new0 (ProcThread, 1);
  t->tid = tid;
  t->start_ns = start_ns;
  t->comm = comm ? shared_str (comm) : shared_str_ref (p->comm);
  g_hash_table_replace (p->threads, GINT_TO_POINTER (tid), t);
}

/* Creates a Proc with the next serial, registered but not linked or live. */
static Proc *
proctab_new_proc (Proctab *pt, gint pid)
{
  /* Not g_new0: glibc's calloc takes no chunk from the thread's cache of
   * freed ones, where a table that drops a tombstone for each new process
   * has one of this size every time. */
  Proc *p = g_new (Proc, 1);

  *p = (Proc) { .serial = pt->next_serial++, .pid = pid, .alive = TRUE, .sibling.data = p,
                .children = G_QUEUE_INIT };
  g_hash_table_add (pt->by_serial, p);
  return p;
}

/* Makes a new live process for PID, retiring OLD, the live process of
 * that pid (NULL: none). */
static Proc *
proctab_spawn (Proctab *pt, const Event *ev, gint pid, Proc *old)
{
  if (old)
    proctab_bury (pt, old, ev, TRUE);
  Proc *p = proctab_new_proc (pt, pid);
  g_hash_table_insert (pt->live, GINT_TO_POINTER (pid), p);
  proctab_adopt_orphans (pt, p);
  return p;
}

/* A SNAPSHOT: create or refresh a process or thread from a /proc scan.
 * LIVE is the live process of its tgid (NULL: none). */
static Proc *
proctab_apply_snapshot (Proctab *pt, const Event *ev, Proc *live)
{
  gint64 start = (ev->flags & EVENT_F_START) ? ev->start_ns : 0;
  Proc *p = live;

  if (ev->pid != ev->tgid)
    {
      if (p)
        proc_add_thread (p, ev->pid, start, ev->comm);
      return p;
    }
  if (!p || !event_same_start (p->start_ns, start))
    {
      p = proctab_spawn (pt, ev, ev->pid, p);
      p->flags |= PROC_F_SNAPSHOT;
      p->start_ns = start;
      p->start_wall_ns = start ? event_wall_at (ev->mono_ns, ev->wall_ns, start) : 0;
    }
  proctab_set_str (&p->comm, ev->comm, FALSE);
  proctab_set_argv (p, ev->argv, FALSE);
  proctab_set_str (&p->exe, ev->exe, FALSE);
  if (ev->flags & EVENT_F_CREDS)
    proc_set_creds (p, ev);
  if (ev->flags & EVENT_F_KTHREAD)
    p->flags |= PROC_F_KTHREAD;
  if (ev->sid)
    p->sid = ev->sid;
  proctab_set_parent (pt, p, ev->ptgid);
  return p;
}

/* Whether the FORK EV of a new process is that of P, the live process of
 * its pid: P was found by a /proc scan taken after the fork was queued,
 * and started then.  A process is forked once: after its own fork, a
 * second one of its pid is a new process, however soon. */
static gboolean
proctab_fork_known (const Proc *p, const Event *ev)
{
  return p && !(p->flags & PROC_F_FORKED) && event_same_start (p->start_ns, ev->mono_ns);
}

/* Whether EV may make a new process that takes the pid of a live one:
 * the FORK or the SNAPSHOT of a process. */
static gboolean
proctab_may_replace (const Event *ev)
{
  return (ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT) && ev->pid == ev->tgid;
}

/* P, the live process of the pid of EV (an event that may replace one:
 * proctab_may_replace), when applying EV ends it because another takes
 * its pid: the FORK of a new process (a process is forked once, so a
 * second FORK of a pid is a new process, however soon after the first) or
 * the SNAPSHOT of one that started at another time; else NULL. */
static Proc *
proctab_replaced_by (Proc *p, const Event *ev)
{
  if (!p)
    return NULL;
  if (ev->kind == EVENT_FORK)
    return proctab_fork_known (p, ev) ? NULL : p;
  if (ev->kind == EVENT_SNAPSHOT)
    return event_same_start (p->start_ns, (ev->flags & EVENT_F_START) ? ev->start_ns : 0)
           ? NULL : p;
  return NULL;
}

void
proctab_end_event (const Proc *p, gint pid, gint64 mono_ns, gint64 wall_ns, Event *ev)
{
  *ev = (Event) { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN, .mono_ns = mono_ns,
                  .wall_ns = wall_ns, .pid = pid, .tgid = p->pid,
                  .ends = pid == p->pid ? EVENT_ENDS_PROCESS : EVENT_ENDS_THREAD };
  if (pid == p->pid)
    ev->ppid = ev->ptgid = p->ppid;
  else
    ev->exit_signal = -1;
}

/* A FORK: a new thread of a known process, or a new process that inherits
 * its parent's name, command line and credentials.  LIVE is the live
 * process of its tgid (NULL: none): the thread's process, or the one a new
 * process may replace; PARENT is proctab_fork_parent's. */
static Proc *
proctab_apply_fork (Proctab *pt, const Event *ev, Proc *live, Proc *parent)
{
  Proc *p = live;

  if (ev->pid != ev->tgid)
    {
      if (p)
        proc_add_thread (p, ev->pid, ev->mono_ns, ev->comm);
      return p;
    }
  if (proctab_fork_known (p, ev))
    {
      /* Already known from a snapshot taken after the fork was queued. */
      p->flags |= PROC_F_FORKED;
      proctab_link_parent (pt, p, ev->ptgid, parent);
      proctab_count_spawned (p);
      return p;
    }
  p = proctab_spawn (pt, ev, ev->pid, live);
  p->flags |= PROC_F_FORKED;
  p->start_ns = ev->mono_ns;
  p->start_wall_ns = ev->wall_ns;
  if (parent)
    {
      parent->children_total++;
      /* Shared, not copied: a fork costs no string. */
      p->comm = shared_str_ref (parent->comm);
      p->argv = shared_argv_ref (parent->argv);
      p->exe = shared_str_ref (parent->exe);
      p->cgroup = shared_str_ref (parent->cgroup);
      if (proc_where (parent))
        proc_set_where (p, where_inherit (proc_where (parent)));
      p->ruid = parent->ruid;
      p->euid = parent->euid;
      p->rgid = parent->rgid;
      p->egid = parent->egid;
      p->sid = parent->sid;
      p->flags |= parent->flags & (PROC_F_CREDS | PROC_F_KTHREAD);
    }
  /* A FORK found by polling carries what the child runs now. */
  proctab_set_str (&p->comm, ev->comm, FALSE);
  proctab_set_argv (p, ev->argv, FALSE);
  proctab_set_str (&p->exe, ev->exe, FALSE);
  if (ev->sid)
    p->sid = ev->sid;
  if (ev->flags & EVENT_F_CREDS)
    proc_set_creds (p, ev);
  proctab_link_spawned (pt, p, ev->ptgid, parent);
  return p;
}

/* Notes on the EXEC EV of process P whether a thread other than the
 * leader exec'd.  The kernel reports the old leader's EXIT, then those of
 * the other threads, then the EXEC under the leader's pid: so a process
 * whose leader has exited execs by a thread, the one left if one is.  The
 * reports are sent after the threads are released, so under load another
 * thread's EXIT can come after the EXEC (then which thread exec'd is not
 * known, exec_tid 0), and even the old leader's, under the exec'ing
 * thread's id: then the exec looks like the leader's.  Either way those
 * late EXITs are threads' and no process end is made up. */
static void
proctab_note_exec (const Proc *p, Event *ev)
{
  ev->flags &= ~EVENT_F_EXEC_THREAD;
  ev->exec_tid = 0;
  if (!(p->flags & PROC_F_LEADER_EXITED))
    return;
  ev->flags |= EVENT_F_EXEC_THREAD;
  if (p->threads && g_hash_table_size (p->threads) == 1)
    {
      GHashTableIter it;
      gpointer tid;
      g_hash_table_iter_init (&it, p->threads);
      if (g_hash_table_iter_next (&it, &tid, NULL))
        ev->exec_tid = GPOINTER_TO_INT (tid);
    }
}

/* An EXEC: the process (whichever thread exec'd) has a new image, and
 * exec has killed every other thread.  LIVE is the live process of its
 * tgid (NULL: none). */
static Proc *
proctab_apply_exec (Proctab *pt, Event *ev, Proc *live)
{
  Proc *p = live;

  if (p)
    proctab_note_exec (p, ev);
  else
    {
      p = proctab_spawn (pt, ev, ev->tgid, NULL);
      /* A replay that never saw it start: its parent as its record said. */
      if (ev->ptgid > 0)
        proctab_set_parent (pt, p, ev->ptgid);
    }
  g_clear_pointer (&p->threads, g_hash_table_unref);
  p->flags &= ~(PROC_F_LEADER_EXITED | PROC_F_KTHREAD);
  p->flags |= PROC_F_EXECED;
  /* Without a name read at exec time, the old one would be a lie. */
  proctab_set_str (&p->comm, ev->comm, TRUE);
  proctab_set_argv (p, ev->argv, TRUE);
  proctab_set_str (&p->exe, ev->exe, TRUE);
  if (ev->flags & EVENT_F_CREDS)
    proc_set_creds (p, ev);
  return p;
}

/* Notes on the EXIT or COREDUMP EV of process P the parent the model knows
 * where the kernel gave none (an auto-reaped task: a thread, a child of a
 * parent that ignores SIGCHLD, or one reaped before the report). */
static void
proctab_note_parent (const Proc *p, Event *ev)
{
  if (ev->ptgid > 0 || p->ppid <= 0)
    return;
  ev->ppid = ev->ptgid = p->ppid;
  ev->flags |= EVENT_F_PARENT_MODEL;
}

/* proc_exit_ends of a known process P: a thread's EXIT ends it when its
 * leader has exited and it was the last thread left (the kernel gives
 * every thread of a group exit the group's status, so the last thread's
 * is the process's); the leader's when no thread is left, or when the
 * status is unknown (a resync found the process gone). */
static gboolean
proctab_known_exit_ends (const Proc *p, const Event *ev)
{
  guint threads = p->threads ? g_hash_table_size (p->threads) : 0;

  if (ev->pid != ev->tgid)
    {
      if (p->threads && g_hash_table_contains (p->threads, GINT_TO_POINTER (ev->pid)))
        threads--;
      return (p->flags & PROC_F_LEADER_EXITED) && threads == 0;
    }
  return (ev->flags & EVENT_F_STATUS_UNKNOWN) || threads == 0;
}

gboolean
proc_exit_ends (const Proc *p, const Event *ev)
{
  return p ? proctab_known_exit_ends (p, ev) : event_ends_process (ev);
}

/* An EXIT: of a thread, of a leader whose threads live on, of the last
 * thread after its leader, or of the whole process.  Notes on EV which
 * (Event.ends), and its parent; an EXIT of an unknown process (LIVE, that
 * of its tgid, NULL) keeps what EV says. */
static Proc *
proctab_apply_exit (Proctab *pt, Event *ev, Proc *live)
{
  Proc *p = live;
  gboolean unknown = (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0;

  if (!p)
    return NULL;
  gboolean ends = proctab_known_exit_ends (p, ev);
  proctab_note_parent (p, ev);
  ev->ends = ends ? EVENT_ENDS_PROCESS : EVENT_ENDS_THREAD;
  if (ev->pid != ev->tgid)
    {
      if (p->threads)
        g_hash_table_remove (p->threads, GINT_TO_POINTER (ev->pid));
    }
  else
    {
      /* The parent at exit may differ from the one we knew (re-parenting). */
      if (ev->ptgid > 0 && ev->ptgid != p->ppid)
        proctab_set_parent (pt, p, ev->ptgid);
      if (!ends)
        p->flags |= PROC_F_LEADER_EXITED;
      /* The leader's end may say the name the process had then (the
       * kernel's accounting, when it ended too soon for its exec to be
       * read): a name not known is taken from it, none is replaced. */
      else if (!p->comm)
        proctab_set_str (&p->comm, ev->comm, FALSE);
      /* A replay that never saw it start: its start as its record's
       * lifetime says. */
      if (ends && !p->start_ns && (ev->flags & EVENT_F_LIFETIME)
          && event_ns_sub (ev->mono_ns, ev->lifetime_ns) > 0)
        {
          p->start_ns = event_ns_sub (ev->mono_ns, ev->lifetime_ns);
          p->start_wall_ns = event_ns_sub (ev->wall_ns, ev->lifetime_ns);
        }
    }
  if (ends)
    proctab_bury (pt, p, ev, unknown);
  return p;
}

/* Applies an event of the kinds that change a known process's fields to
 * P, the live process of its tgid (NULL: none). */
static Proc *
proctab_apply_change (Event *ev, Proc *p)
{
  if (!p)
    return NULL;
  switch (ev->kind)
    {
    case EVENT_UID:
      p->ruid = ev->ruid;
      p->euid = ev->euid;
      p->flags |= PROC_F_CREDS;
      break;
    case EVENT_GID:
      p->rgid = ev->rgid;
      p->egid = ev->egid;
      break;
    case EVENT_SID:
      p->sid = ev->sid;
      break;
    case EVENT_PTRACE:
      p->tracer = ev->tracer_tgid;
      break;
    case EVENT_COMM:
      if (ev->pid == ev->tgid)
        proctab_set_str (&p->comm, ev->comm, FALSE);
      else if (p->threads)
        {
          ProcThread *t = g_hash_table_lookup (p->threads, GINT_TO_POINTER (ev->pid));
          if (t)
            proctab_set_str (&t->comm, ev->comm, FALSE);
        }
      break;
    case EVENT_COREDUMP:
      p->flags |= PROC_F_COREDUMP;
      proctab_note_parent (p, ev);
      break;
    default:
      break;
    }
  return p;
}

/* Sets where P runs when EV says it (EVENT_F_WHERE), and notes on EV
 * whether P entered a pid namespace its parent is not in. */
static void
proctab_note_where (Proc *p, Event *ev)
{
  if ((ev->flags & EVENT_F_WHERE) && proc_where (p) != ev->where)
    proc_set_where (p, where_ref (ev->where));
  if (ev->flags & EVENT_F_WHERE)
    p->flags |= PROC_F_WHERE;
  /* At the host's level, a process entered nothing. */
  if (proc_where (p) && p->parent && where_is_entry (proc_where (p), proc_where (p->parent)))
    ev->flags |= EVENT_F_NS_ENTRY;
  else
    ev->flags &= ~EVENT_F_NS_ENTRY;
}

Proc *
proctab_fork_parent (const Proctab *pt, const Event *ev)
{
  return ev->kind == EVENT_FORK && ev->pid == ev->tgid ? proctab_lookup (pt, ev->ptgid) : NULL;
}

Proc *
proctab_apply (Proctab *pt, Event *ev)
{
  return proctab_apply_known (pt, ev, proctab_lookup (pt, ev->tgid),
                              proctab_fork_parent (pt, ev));
}

Proc *
proctab_apply_known (Proctab *pt, Event *ev, Proc *live, Proc *parent)
{
  /* Every kind is about the process of its tgid, looked up once: a FORK or
   * SNAPSHOT that may replace one is of a process (pid == tgid). */
  Proc *replaced = proctab_may_replace (ev) ? proctab_replaced_by (live, ev) : NULL;
  Proc *p;

  ev->replaced = replaced ? replaced->serial : 0;
  switch (ev->kind)
    {
    case EVENT_SNAPSHOT:
      p = proctab_apply_snapshot (pt, ev, live);
      break;
    case EVENT_FORK:
      p = proctab_apply_fork (pt, ev, live, parent);
      break;
    case EVENT_EXEC:
      p = proctab_apply_exec (pt, ev, live);
      break;
    case EVENT_EXIT:
      p = proctab_apply_exit (pt, ev, live);
      break;
    case EVENT_LOST:
    case EVENT_KIND_MAX:
      p = NULL;
      break;
    default:
      p = proctab_apply_change (ev, live);
      break;
    }
  if (p)
    {
      p->events |= EVENT_MASK (ev->kind);
      proctab_note_where (p, ev);
    }
  return p;
}

void
proc_set_argv (Proc *p, char *const *argv)
{
  proctab_set_argv (p, argv, TRUE);
}

void
proc_set_cgroup (Proc *p, const char *cgroup)
{
  if (g_strcmp0 (p->cgroup, cgroup) != 0)
    proctab_set_str (&p->cgroup, cgroup, TRUE);
}
