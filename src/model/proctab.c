/* proctab.c - the process table, a fold over events. */
#include "proctab.h"
#include "shared.h"

#include <stdarg.h>
#include <string.h>

/* Links deeper than this are treated as a cycle (corrupt input). */
#define PROCTAB_MAX_DEPTH 4096

/* Proc.flags and Proc.events are 16 bits wide. */
G_STATIC_ASSERT (EVENT_KIND_MAX <= 16);

struct Proctab {
  GHashTable *live;       /* pid -> Proc*, live processes (not owned) */
  GHashTable *by_serial;  /* every Proc (owns them), a set keyed by serial */
  GHashTable *orphans;    /* ppid -> GQueue* of the live processes with that
                             parent tgid but no parent link, so that a new
                             process finds its orphans at once */
  GHashTable *orphan_links;  /* Proc* -> its GList link in those queues
                                (the queues own the links) */
  GHashTable *last_tomb;  /* pid -> Proc*, the newest tombstone of each pid */
  Proc *tombs_head;       /* tombstones, oldest first (via Proc.tomb_next) */
  Proc *tombs_tail;
  guint n_tombs;
  guint64 next_serial;
  gint64 keep_ns;
  guint max_tombs;
};

/* Frees one thread record. */
static void
proc_thread_free (gpointer data)
{
  ProcThread *t = data;
  shared_str_unref (t->comm);
  g_free (t);
}

/* Frees a Proc's own memory; links must already be undone. */
static void
proc_free (gpointer data)
{
  Proc *p = data;
  shared_str_unref (p->comm);
  shared_argv_unref (p->argv);
  shared_str_unref (p->exe);
  shared_str_unref (p->cgroup);
  if (p->threads)
    g_hash_table_unref (p->threads);
  g_free (p);
}

/* Hashes a Proc by its serial (Proctab.by_serial). */
static guint
proc_serial_hash (gconstpointer p)
{
  guint64 s = ((const Proc *) p)->serial;
  return (guint) (s ^ (s >> 32));
}

/* Whether two Procs have the same serial. */
static gboolean
proc_serial_equal (gconstpointer a, gconstpointer b)
{
  return ((const Proc *) a)->serial == ((const Proc *) b)->serial;
}

Proctab *
proctab_new (gint64 keep_ns, guint max_tombs)
{
  Proctab *pt = g_new0 (Proctab, 1);
  pt->live = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* A set: its keys are its values, so each entry costs one pointer. */
  pt->by_serial = g_hash_table_new_full (proc_serial_hash, proc_serial_equal, proc_free, NULL);
  pt->orphans = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                       (GDestroyNotify) g_queue_free);
  pt->orphan_links = g_hash_table_new (g_direct_hash, g_direct_equal);
  pt->last_tomb = g_hash_table_new (g_direct_hash, g_direct_equal);
  pt->next_serial = 1;
  pt->keep_ns = keep_ns;
  pt->max_tombs = max_tombs;
  return pt;
}

void
proctab_free (Proctab *pt)
{
  if (!pt)
    return;
  g_hash_table_unref (pt->live);
  g_hash_table_unref (pt->orphan_links);
  g_hash_table_unref (pt->orphans);
  g_hash_table_unref (pt->last_tomb);
  g_hash_table_unref (pt->by_serial);
  g_free (pt);
}

/* Creates a Proc with the next serial, registered but not linked or live. */
static Proc *
proctab_new_proc (Proctab *pt, gint pid)
{
  Proc *p = g_new0 (Proc, 1);
  p->serial = pt->next_serial++;
  p->pid = pid;
  p->alive = TRUE;
  p->sibling.data = p;
  g_queue_init (&p->children);
  g_hash_table_add (pt->by_serial, p);
  return p;
}

/* Lists the live process P, whose parent P->ppid has no link, among the
 * orphans of that parent tgid. */
static void
proctab_add_orphan (Proctab *pt, Proc *p)
{
  GQueue *q = g_hash_table_lookup (pt->orphans, GINT_TO_POINTER (p->ppid));

  if (!q)
    {
      q = g_queue_new ();
      g_hash_table_insert (pt->orphans, GINT_TO_POINTER (p->ppid), q);
    }
  GList *link = g_list_alloc ();
  link->data = p;
  g_queue_push_tail_link (q, link);
  g_hash_table_insert (pt->orphan_links, p, link);
}

/* Takes P off the orphan list of its parent tgid, if it is on it.  P->ppid
 * must not have changed since it was listed. */
static void
proctab_remove_orphan (Proctab *pt, Proc *p)
{
  GList *link = g_hash_table_lookup (pt->orphan_links, p);

  if (!link)
    return;
  GQueue *q = g_hash_table_lookup (pt->orphans, GINT_TO_POINTER (p->ppid));
  g_queue_unlink (q, link);
  g_list_free_1 (link);
  g_hash_table_remove (pt->orphan_links, p);
  if (q->length == 0)
    g_hash_table_remove (pt->orphans, GINT_TO_POINTER (p->ppid));
}

/* Detaches P from its parent, or from the orphans, if either. */
static void
proctab_unlink_parent (Proctab *pt, Proc *p)
{
  if (p->parent)
    {
      g_queue_unlink (&p->parent->children, &p->sibling);
      p->parent = NULL;
    }
  proctab_remove_orphan (pt, p);
}

/* The process after N in a preorder walk of the subtree of TOP (which N
 * is in), or NULL when the walk is over.  Uses the links alone, no stack,
 * however deep the tree. */
static const Proc *
proctab_walk_next (const Proc *top, const Proc *n)
{
  if (n->children.head)
    return n->children.head->data;
  for (; n != top; n = n->parent)
    if (n->sibling.next)
      return n->sibling.next->data;
  return NULL;
}

/* Whether linking P under PARENT would make a cycle: whether PARENT is P
 * or below it.  Walks up from PARENT and through P's subtree in turns, so
 * the cost is that of the shorter walk: a new process (no children) or a
 * small subtree moved under a deep one costs little. */
static gboolean
proctab_would_cycle (const Proc *p, const Proc *parent)
{
  const Proc *up = parent, *down = p;

  for (;;)
    {
      if (up == p)
        return TRUE;
      if (!up)
        return FALSE;
      up = up->parent;
      down = proctab_walk_next (p, down);
      if (down == parent)
        return TRUE;
      if (!down)
        return FALSE;
    }
}

/* Sets P's parent tgid to PPID and links it under the live process PPID if
 * known; a live P with an unknown parent is remembered as an orphan, to be
 * adopted when that parent shows up. */
static void
proctab_set_parent (Proctab *pt, Proc *p, gint ppid)
{
  Proc *parent = ppid > 0 && ppid != p->pid ? proctab_lookup (pt, ppid) : NULL;

  if (p->parent && p->parent == parent)
    {
      p->ppid = ppid;
      return;
    }
  proctab_unlink_parent (pt, p);
  p->ppid = ppid;
  /* Refuse links that would make a cycle (possible only with forged input);
   * a process without children, as every new one is, cannot make one. */
  if (parent && p->children.head && proctab_would_cycle (p, parent))
    parent = NULL;
  if (parent)
    {
      p->parent = parent;
      g_queue_push_tail_link (&parent->children, &p->sibling);
    }
  else if (ppid > 0 && p->alive)
    proctab_add_orphan (pt, p);
}

/* Links the orphans whose parent is the newly live process P under it. */
static void
proctab_adopt_orphans (Proctab *pt, Proc *p)
{
  gpointer key = GINT_TO_POINTER (p->pid);
  GQueue *q = g_hash_table_lookup (pt->orphans, key);
  GList *l;

  if (!q)
    return;
  g_hash_table_steal (pt->orphans, key);
  while ((l = g_queue_pop_head_link (q)))
    {
      Proc *o = l->data;
      g_list_free_1 (l);
      g_hash_table_remove (pt->orphan_links, o);
      proctab_set_parent (pt, o, o->ppid);
    }
  g_queue_free (q);
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

/* Frees the oldest tombstone P and undoes every link to it. */
static void
proctab_drop_tomb (Proctab *pt, Proc *p)
{
  g_assert (p == pt->tombs_head);
  if (g_hash_table_lookup (pt->last_tomb, GINT_TO_POINTER (p->pid)) == p)
    g_hash_table_remove (pt->last_tomb, GINT_TO_POINTER (p->pid));
  pt->tombs_head = p->tomb_next;
  if (!pt->tombs_head)
    pt->tombs_tail = NULL;
  pt->n_tombs--;
  proctab_unlink_parent (pt, p);
  while (p->children.head)
    {
      Proc *c = p->children.head->data;
      g_queue_unlink (&p->children, &c->sibling);
      c->parent = NULL;
    }
  g_hash_table_remove (pt->by_serial, p);
}

/* Queues the tombstone P as the newest. */
static void
proctab_push_tomb (Proctab *pt, Proc *p)
{
  p->tomb_next = NULL;
  if (pt->tombs_tail)
    pt->tombs_tail->tomb_next = p;
  else
    pt->tombs_head = p;
  pt->tombs_tail = p;
  pt->n_tombs++;
}

/* Turns the live process P into a tombstone at the event's time, with the
 * event's status (none when UNKNOWN).  Its live children are re-parented to
 * init as the kernel does (a subreaper is corrected later by a snapshot);
 * tombstone children stay with it. */
static void
proctab_bury (Proctab *pt, Proc *p, const Event *ev, gboolean unknown)
{
  GList *l, *next;

  g_hash_table_remove (pt->live, GINT_TO_POINTER (p->pid));
  proctab_remove_orphan (pt, p);
  p->alive = FALSE;
  p->end_ns = ev->mono_ns;
  p->end_wall_ns = ev->wall_ns;
  p->exit_code = unknown ? 0 : ev->exit_code;
  if (unknown)
    p->flags |= PROC_F_STATUS_UNKNOWN;
  g_clear_pointer (&p->threads, g_hash_table_unref);
  for (l = p->children.head; l; l = next)
    {
      Proc *c = l->data;
      next = l->next;
      if (c->alive)
        proctab_set_parent (pt, c, p->pid == 1 ? 0 : 1);
    }
  /* Make room first, so the new tombstone itself is never dropped here. */
  while (pt->max_tombs > 0 && pt->n_tombs >= pt->max_tombs)
    proctab_drop_tomb (pt, pt->tombs_head);
  proctab_push_tomb (pt, p);
  g_hash_table_insert (pt->last_tomb, GINT_TO_POINTER (p->pid), p);
}

/* Adds (or refreshes) thread TID of P. */
static void
proc_add_thread (Proc *p, gint tid, gint64 start_ns, const char *comm)
{
  if (!p->threads)
    p->threads = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        proc_thread_free);
  ProcThread *t = g_new0 (ProcThread, 1);
  t->tid = tid;
  t->start_ns = start_ns;
  t->comm = comm ? shared_str (comm) : shared_str_ref (p->comm);
  g_hash_table_replace (p->threads, GINT_TO_POINTER (tid), t);
}

/* Makes a new live process for PID, retiring a previous incarnation. */
static Proc *
proctab_spawn (Proctab *pt, const Event *ev, gint pid)
{
  Proc *old = proctab_lookup (pt, pid);
  if (old)
    proctab_bury (pt, old, ev, TRUE);
  Proc *p = proctab_new_proc (pt, pid);
  g_hash_table_insert (pt->live, GINT_TO_POINTER (pid), p);
  proctab_adopt_orphans (pt, p);
  return p;
}

/* A SNAPSHOT: create or refresh a process or thread from a /proc scan. */
static Proc *
proctab_apply_snapshot (Proctab *pt, const Event *ev)
{
  gint64 start = (ev->flags & EVENT_F_START) ? ev->start_ns : 0;
  Proc *p = proctab_lookup (pt, ev->tgid);

  if (ev->pid != ev->tgid)
    {
      if (p)
        proc_add_thread (p, ev->pid, start, ev->comm);
      return p;
    }
  if (!p || !event_same_start (p->start_ns, start))
    {
      p = proctab_spawn (pt, ev, ev->pid);
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

/* A FORK: a new thread of a known process, or a new process that inherits
 * its parent's name, command line and credentials. */
static Proc *
proctab_apply_fork (Proctab *pt, const Event *ev)
{
  Proc *parent = proctab_lookup (pt, ev->ptgid);
  Proc *p;

  if (ev->pid != ev->tgid)
    {
      p = proctab_lookup (pt, ev->tgid);
      if (p)
        proc_add_thread (p, ev->pid, ev->mono_ns, ev->comm);
      return p;
    }
  p = proctab_lookup (pt, ev->pid);
  if (p && event_same_start (p->start_ns, ev->mono_ns))
    {
      /* Already known from a snapshot taken after the fork was queued. */
      proctab_set_parent (pt, p, ev->ptgid);
      return p;
    }
  p = proctab_spawn (pt, ev, ev->pid);
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
  proctab_set_parent (pt, p, ev->ptgid);
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
 * exec has killed every other thread. */
static Proc *
proctab_apply_exec (Proctab *pt, Event *ev)
{
  Proc *p = proctab_lookup (pt, ev->tgid);

  if (p)
    proctab_note_exec (p, ev);
  else
    p = proctab_spawn (pt, ev, ev->tgid);
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

/* An EXIT: of a thread, of a leader whose threads live on, of the last
 * thread after its leader, or of the whole process.  Notes on EV which
 * (Event.ends), and its parent; an EXIT of an unknown process keeps what
 * EV says. */
static Proc *
proctab_apply_exit (Proctab *pt, Event *ev)
{
  Proc *p = proctab_lookup (pt, ev->tgid);
  gboolean unknown = (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0;

  if (!p)
    return NULL;
  proctab_note_parent (p, ev);
  ev->ends = EVENT_ENDS_THREAD;
  if (ev->pid != ev->tgid)
    {
      if (p->threads)
        g_hash_table_remove (p->threads, GINT_TO_POINTER (ev->pid));
      /* The kernel gives every thread of a group exit the group's status,
       * so the last thread's is the process's. */
      if ((p->flags & PROC_F_LEADER_EXITED) && proc_nthreads (p) == 0)
        {
          proctab_bury (pt, p, ev, unknown);
          ev->ends = EVENT_ENDS_PROCESS;
        }
      return p;
    }
  /* The parent at exit may differ from the one we knew (re-parenting). */
  if (ev->ptgid > 0 && ev->ptgid != p->ppid)
    proctab_set_parent (pt, p, ev->ptgid);
  if (!unknown && p->threads && g_hash_table_size (p->threads) > 0)
    {
      p->flags |= PROC_F_LEADER_EXITED;
      return p;
    }
  proctab_bury (pt, p, ev, unknown);
  ev->ends = EVENT_ENDS_PROCESS;
  return p;
}

/* Applies an event of the kinds that change a known process's fields. */
static Proc *
proctab_apply_change (Proctab *pt, Event *ev)
{
  Proc *p = proctab_lookup (pt, ev->tgid);

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

Proc *
proctab_apply (Proctab *pt, Event *ev)
{
  Proc *p;

  switch (ev->kind)
    {
    case EVENT_SNAPSHOT:
      p = proctab_apply_snapshot (pt, ev);
      break;
    case EVENT_FORK:
      p = proctab_apply_fork (pt, ev);
      break;
    case EVENT_EXEC:
      p = proctab_apply_exec (pt, ev);
      break;
    case EVENT_EXIT:
      p = proctab_apply_exit (pt, ev);
      break;
    case EVENT_LOST:
    case EVENT_KIND_MAX:
      p = NULL;
      break;
    default:
      p = proctab_apply_change (pt, ev);
      break;
    }
  if (p)
    p->events |= EVENT_MASK (ev->kind);
  return p;
}

guint
proctab_expire (Proctab *pt, gint64 now_ns)
{
  guint n = 0;

  while (pt->tombs_head)
    {
      Proc *p = pt->tombs_head;
      if (p->end_ns > event_ns_sub (now_ns, pt->keep_ns))
        break;
      proctab_drop_tomb (pt, p);
      n++;
    }
  return n;
}

Proc *
proctab_lookup (const Proctab *pt, gint pid)
{
  return g_hash_table_lookup (pt->live, GINT_TO_POINTER (pid));
}

Proc *
proctab_lookup_tomb (const Proctab *pt, gint pid)
{
  return g_hash_table_lookup (pt->last_tomb, GINT_TO_POINTER (pid));
}

Proc *
proctab_lookup_serial (const Proctab *pt, guint64 serial)
{
  Proc key;

  key.serial = serial;
  return g_hash_table_lookup (pt->by_serial, &key);
}

void
proctab_foreach (const Proctab *pt, GFunc func, gpointer user)
{
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, pt->live);
  while (g_hash_table_iter_next (&it, NULL, &value))
    func (value, user);
}

/* Orders Procs by pid, then serial. */
static gint
proc_cmp_pid (gconstpointer a, gconstpointer b)
{
  const Proc *pa = *(Proc *const *) a, *pb = *(Proc *const *) b;
  if (pa->pid != pb->pid)
    return pa->pid < pb->pid ? -1 : 1;
  return pa->serial < pb->serial ? -1 : pa->serial > pb->serial;
}

GPtrArray *
proctab_roots (const Proctab *pt)
{
  GPtrArray *roots = g_ptr_array_new ();
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (((Proc *) value)->parent == NULL)
      g_ptr_array_add (roots, value);
  g_ptr_array_sort (roots, proc_cmp_pid);
  return roots;
}

guint
proctab_count_live (const Proctab *pt)
{
  return g_hash_table_size (pt->live);
}

guint
proctab_count_threads (const Proctab *pt)
{
  GHashTableIter it;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&it, pt->live);
  while (g_hash_table_iter_next (&it, NULL, &value))
    n += proc_nthreads (value);
  return n;
}

guint
proctab_count_tombs (const Proctab *pt)
{
  return pt->n_tombs;
}

const char *
proctab_event_comm (const Event *ev, const Proc *p)
{
  if (ev->comm)
    return ev->comm;
  if (!p)
    return NULL;
  if (ev->pid != ev->tgid && p->threads)
    {
      const ProcThread *t = g_hash_table_lookup (p->threads, GINT_TO_POINTER (ev->pid));
      if (t && t->comm)
        return t->comm;
    }
  return p->comm;
}

gint64
proctab_event_lifetime (const Event *ev, const Proc *p)
{
  if (!event_ends_process (ev) || !p)
    return -1;
  return event_ns_span (p->start_ns, ev->mono_ns);
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

guint
proc_nthreads (const Proc *p)
{
  guint n = p->threads ? g_hash_table_size (p->threads) : 0;
  if (p->alive && !(p->flags & PROC_F_LEADER_EXITED))
    n++;
  return n;
}

gboolean
proc_is_descendant (const Proc *p, gint ancestor_pid)
{
  guint depth = 0;

  for (const Proc *a = p; a && depth < PROCTAB_MAX_DEPTH; a = a->parent, depth++)
    if (a->pid == ancestor_pid)
      return TRUE;
  return FALSE;
}

/* Copies the payload of P (not its links) into a new Proc. */
static Proc *
proc_clone (const Proc *p)
{
  Proc *c = g_new0 (Proc, 1);
  *c = *p;
  c->parent = NULL;
  g_queue_init (&c->children);
  c->sibling = (GList) { .data = c };
  c->tomb_next = NULL;
  c->comm = shared_str_ref (p->comm);
  c->argv = shared_argv_ref (p->argv);
  c->exe = shared_str_ref (p->exe);
  c->cgroup = shared_str_ref (p->cgroup);
  c->threads = NULL;
  if (p->threads)
    {
      GHashTableIter it;
      gpointer value;
      g_hash_table_iter_init (&it, p->threads);
      while (g_hash_table_iter_next (&it, NULL, &value))
        {
          const ProcThread *t = value;
          proc_add_thread (c, t->tid, t->start_ns, t->comm);
        }
    }
  return c;
}

Proctab *
proctab_copy (const Proctab *pt)
{
  Proctab *c = proctab_new (pt->keep_ns, pt->max_tombs);
  GHashTableIter it;
  gpointer value;

  c->next_serial = pt->next_serial;
  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      Proc *n = proc_clone (value);
      g_hash_table_add (c->by_serial, n);
      if (n->alive)
        g_hash_table_insert (c->live, GINT_TO_POINTER (n->pid), n);
    }
  /* Rebuild links in the original order. */
  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      const Proc *o = value;
      Proc *n = proctab_lookup_serial (c, o->serial);
      for (GList *l = o->children.head; l; l = l->next)
        {
          Proc *child = proctab_lookup_serial (c, ((Proc *) l->data)->serial);
          child->parent = n;
          g_queue_push_tail_link (&n->children, &child->sibling);
        }
    }
  g_hash_table_iter_init (&it, pt->orphans);
  while (g_hash_table_iter_next (&it, NULL, &value))
    for (GList *l = ((GQueue *) value)->head; l; l = l->next)
      proctab_add_orphan (c, proctab_lookup_serial (c, ((Proc *) l->data)->serial));
  for (const Proc *o = pt->tombs_head; o; o = o->tomb_next)
    {
      Proc *n = proctab_lookup_serial (c, o->serial);
      proctab_push_tomb (c, n);
      g_hash_table_insert (c->last_tomb, GINT_TO_POINTER (n->pid), n);
    }
  return c;
}

/* Sets *WHY (when not NULL) to the message; returns FALSE. */
static gboolean G_GNUC_PRINTF (2, 3)
proctab_fail (char **why, const char *fmt, ...)
{
  va_list ap;

  if (why)
    {
      va_start (ap, fmt);
      *why = g_strdup_vprintf (fmt, ap);
      va_end (ap);
    }
  return FALSE;
}

/* proctab_check() on one Proc: its keys, its links both ways, its place
 * among the orphans.  Adds its children to *N_CHILDREN. */
static gboolean
proctab_check_proc (const Proctab *pt, const Proc *p, guint *n_children, char **why)
{
  if (p->alive && proctab_lookup (pt, p->pid) != p)
    return proctab_fail (why, "live %d (serial %" G_GUINT64_FORMAT ") is not the table's",
                         p->pid, p->serial);
  if (!p->alive && p->threads)
    return proctab_fail (why, "tombstone %d has threads", p->pid);
  if (p->parent && p->parent->pid != p->ppid)
    return proctab_fail (why, "%d is linked under %d but its ppid is %d", p->pid,
                         p->parent->pid, p->ppid);
  if (p->parent && p->alive && !p->parent->alive)
    return proctab_fail (why, "live %d is under tombstone %d", p->pid, p->parent->pid);
  for (GList *l = p->children.head; l; l = l->next)
    {
      const Proc *c = l->data;
      if (c->parent != p || l != &c->sibling)
        return proctab_fail (why, "%d lists %d as a child, which does not say so",
                             p->pid, c->pid);
    }
  *n_children += p->children.length;
  gboolean orphan = p->alive && !p->parent && p->ppid > 0;
  if (orphan != g_hash_table_contains (pt->orphan_links, p))
    return proctab_fail (why, "%d (ppid %d) is %s the orphans", p->pid, p->ppid,
                         orphan ? "not among" : "wrongly among");
  return TRUE;
}

gboolean
proctab_check (const Proctab *pt, char **why)
{
  GHashTableIter it;
  gpointer key, value;
  guint n_alive = 0, n_linked = 0, n_children = 0, n_orphans = 0, n_reached = 0;

  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const Proc *p = value;
      if (key != value)
        return proctab_fail (why, "serial %" G_GUINT64_FORMAT " filed under another",
                             p->serial);
      if (!proctab_check_proc (pt, p, &n_children, why))
        return FALSE;
      n_alive += p->alive;
      n_linked += p->parent != NULL;
    }
  if (n_alive != g_hash_table_size (pt->live))
    return proctab_fail (why, "%u live processes, %u in the table", n_alive,
                         g_hash_table_size (pt->live));
  if (n_children != n_linked)
    return proctab_fail (why, "%u children listed, %u linked to a parent", n_children,
                         n_linked);
  guint n_procs = g_hash_table_size (pt->by_serial), n_queued = 0;
  for (const Proc *t = pt->tombs_head; t && n_queued <= n_procs; t = t->tomb_next)
    {
      if (t->alive)
        return proctab_fail (why, "live %d among the tombstones", t->pid);
      if (!t->tomb_next && t != pt->tombs_tail)
        return proctab_fail (why, "the tombstone queue ends before its tail");
      n_queued++;
    }
  if (n_queued != pt->n_tombs || pt->n_tombs != n_procs - n_alive)
    return proctab_fail (why, "%u tombstones queued, %u counted, %u exist", n_queued,
                         pt->n_tombs, n_procs - n_alive);
  if (pt->max_tombs > 0 && pt->n_tombs > pt->max_tombs)
    return proctab_fail (why, "%u tombstones, the cap is %u", pt->n_tombs,
                         pt->max_tombs);
  g_hash_table_iter_init (&it, pt->last_tomb);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (((const Proc *) value)->alive || ((const Proc *) value)->pid != GPOINTER_TO_INT (key))
      return proctab_fail (why, "the newest tombstone of %d is wrong", GPOINTER_TO_INT (key));
  g_hash_table_iter_init (&it, pt->orphans);
  while (g_hash_table_iter_next (&it, &key, &value))
    for (GList *l = ((GQueue *) value)->head; l; l = l->next, n_orphans++)
      if (((const Proc *) l->data)->ppid != GPOINTER_TO_INT (key))
        return proctab_fail (why, "%d is an orphan of %d, not of its ppid",
                             ((const Proc *) l->data)->pid, GPOINTER_TO_INT (key));
  if (n_orphans != g_hash_table_size (pt->orphan_links))
    return proctab_fail (why, "%u orphans listed, %u linked", n_orphans,
                         g_hash_table_size (pt->orphan_links));
  /* Every Proc hangs under a root: links in a cycle would hang under none. */
  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (!((const Proc *) value)->parent)
      for (const Proc *n = value; n && n_reached <= n_procs; n = proctab_walk_next (value, n))
        n_reached++;
  if (n_reached != n_procs)
    return proctab_fail (why, "%u of %u processes hang under no root (a cycle)",
                         n_procs - n_reached, n_procs);
  return TRUE;
}
