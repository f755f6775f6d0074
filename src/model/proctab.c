/* proctab.c - the process table, a fold over events. */
#include "proctab.h"
#include "shared.h"

#include <stdarg.h>
#include <stdint.h>
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
  guint64 pins[PROCTAB_PINS];  /* serials kept past expiry (proctab_pin), 0 none */
  gboolean drop_costs;    /* tombstones keep no cost (proctab_drop_costs) */
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
  if (p->acct)
    {
      cost_unref (p->acct->cost);
      where_unref (p->acct->where);
    }
  g_free (p->acct);
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

/* P's accounting, made on first use. */
static ProcAcct *
proc_acct (Proc *p)
{
  if (!p->acct)
    p->acct = g_new0 (ProcAcct, 1);
  return p->acct;
}

/* Sets where P runs to W (NULL the host), taking the reference. */
static void
proc_set_where (Proc *p, Where *w)
{
  if (!w && !p->acct)
    return;
  where_unref (proc_acct (p)->where);
  p->acct->where = w;
}

/* Counts into LEVELS[d] the live processes d generations below P (P itself
 * at 0), for d < N.  A walk of that part of P's subtree, through the
 * links alone. */
static void
proc_count_levels (const Proc *p, guint *levels, guint n_levels)
{
  const Proc *n = p;
  guint d = 0;

  for (;;)
    {
      levels[d] += n->alive;
      if (n->children.head && d + 1 < n_levels)
        {
          n = n->children.head->data;
          d++;
          continue;
        }
      while (n != p && !n->sibling.next)
        {
          n = n->parent;
          d--;
        }
      if (n == p)
        return;
      n = n->sibling.next->data;
    }
}

/* The live processes 1 to PROCTAB_TOTALS_DEPTH generations below P, counted
 * in the tree: a walk of that part of P's subtree. */
static guint
proc_count_live (const Proc *p)
{
  guint levels[PROCTAB_TOTALS_DEPTH + 1] = { 0 };
  guint n = 0;

  if (!p->children.head)
    return 0;
  proc_count_levels (p, levels, PROCTAB_TOTALS_DEPTH + 1);
  for (guint d = 1; d <= PROCTAB_TOTALS_DEPTH; d++)
    n += levels[d];
  return n;
}

/* P's totals, counted from now on (PROC_F_TOTALS).  The first call counts
 * its live descendants in the tree, which is then also the most it has
 * had at once: until one of them forks, ends or moves away, they can only
 * have joined.  Their count then costs a walk of P's subtree, once in P's
 * life. */
static ProcTotals *
proc_counted (Proc *p)
{
  if (!(p->flags & PROC_F_TOTALS))
    {
      ProcTotals *t = &proc_acct (p)->sub;
      t->alive = t->max_alive = proc_count_live (p);
      p->flags |= PROC_F_TOTALS;
    }
  return &p->acct->sub;
}

/* Adds D (spawned, ended, failed and CPU; a live process that ends when
 * DEAD) to the totals of the PROCTAB_TOTALS_DEPTH nearest ancestors of a
 * process whose parent is PARENT, in the tree as it is (a process that
 * ends still linked and alive).  Bounded: no event costs more as the tree
 * grows deeper. */
static void
proctab_add_totals (Proc *parent, const ProcTotals *d, gboolean dead)
{
  guint j = 0;

  for (Proc *a = parent; a && j < PROCTAB_TOTALS_DEPTH; a = a->parent, j++)
    {
      ProcTotals *t = proc_counted (a);
      t->spawned += d->spawned;
      t->ended += d->ended;
      t->failed += d->failed;
      t->cpu_ns += d->cpu_ns;
      t->unmeasured += d->unmeasured;
      t->alive -= dead;
      t->max_alive = MAX (t->max_alive, t->alive);
    }
}

/* Counts the live processes of P's subtree (P included) for the ancestors
 * of P, whose parent is PARENT, as P is linked there (SIGN 1) or before it
 * is unlinked (SIGN -1): each ancestor counts those up to
 * PROCTAB_TOTALS_DEPTH generations below it.  A link leaves an ancestor
 * whose totals are not counted yet as it is (the tree counts for it); an
 * unlink starts counting them (proc_counted), so that their most at once
 * stays.  Costs a walk of that part of P's subtree: moves of processes
 * that have children are rare. */
static void
proctab_count_alive (Proc *parent, const Proc *p, gint sign)
{
  guint levels[PROCTAB_TOTALS_DEPTH];
  guint j = 1;

  if (!p->children.head)
    {
      /* A process alone (a new one, or a tombstone): the same for all. */
      if (!p->alive)
        return;
      for (Proc *a = parent; a && j <= PROCTAB_TOTALS_DEPTH; a = a->parent, j++)
        if (sign < 0 || (a->flags & PROC_F_TOTALS))
          {
            ProcTotals *t = proc_counted (a);
            t->alive += sign;
            t->max_alive = MAX (t->max_alive, t->alive);
          }
      return;
    }
  memset (levels, 0, sizeof levels);
  proc_count_levels (p, levels, PROCTAB_TOTALS_DEPTH);
  /* Up to each depth: the ancestor j generations above P counts those
   * up to PROCTAB_TOTALS_DEPTH - j below P. */
  for (guint d = 1; d < PROCTAB_TOTALS_DEPTH; d++)
    levels[d] += levels[d - 1];
  for (Proc *a = parent; a && j <= PROCTAB_TOTALS_DEPTH; a = a->parent, j++)
    {
      guint n = levels[PROCTAB_TOTALS_DEPTH - j];
      if (n == 0)
        break;
      if (sign > 0 && !(a->flags & PROC_F_TOTALS))
        continue;
      ProcTotals *t = proc_counted (a);
      t->alive += sign > 0 ? n : -n;
      t->max_alive = MAX (t->max_alive, t->alive);
    }
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
      proctab_count_alive (p->parent, p, -1);
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
      proctab_count_alive (parent, p, 1);
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

/* Frees the tombstone P, which comes after PREV in the queue of tombstones
 * (NULL: P is the oldest), and undoes every link to it. */
static void
proctab_drop_tomb (Proctab *pt, Proc *prev, Proc *p)
{
  g_assert (prev ? prev->tomb_next == p : pt->tombs_head == p);
  if (g_hash_table_lookup (pt->last_tomb, GINT_TO_POINTER (p->pid)) == p)
    g_hash_table_remove (pt->last_tomb, GINT_TO_POINTER (p->pid));
  if (prev)
    prev->tomb_next = p->tomb_next;
  else
    pt->tombs_head = p->tomb_next;
  if (pt->tombs_tail == p)
    pt->tombs_tail = prev;
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

/* Whether tombstone P is kept whatever its age: a pinned process, or an
 * exited ancestor of one (so that the pinned one keeps its place in the
 * tree). */
static gboolean
proctab_is_pinned (const Proctab *pt, const Proc *p)
{
  for (guint i = 0; i < PROCTAB_PINS; i++)
    {
      const Proc *q = pt->pins[i] ? g_hash_table_lookup (pt->by_serial, &pt->pins[i]) : NULL;
      for (guint depth = 0; q && !q->alive && depth < PROCTAB_MAX_DEPTH; q = q->parent, depth++)
        if (q == p)
          return TRUE;
    }
  return FALSE;
}

/* The oldest tombstone that is not pinned, or NULL; *PREV is the one
 * before it in the queue (NULL: it is the oldest of all). */
static Proc *
proctab_oldest_unpinned (const Proctab *pt, Proc **prev)
{
  Proc *before = NULL;

  for (Proc *t = pt->tombs_head; t; before = t, t = t->tomb_next)
    if (!proctab_is_pinned (pt, t))
      {
        *prev = before;
        return t;
      }
  return NULL;
}

/* Turns the live process P into a tombstone at the event's time, with the
 * event's status (none when UNKNOWN).  Its live children are re-parented to
 * init as the kernel does (a subreaper is corrected later by a snapshot);
 * tombstone children stay with it. */
static void
proctab_bury (Proctab *pt, Proc *p, const Event *ev, gboolean unknown)
{
  GList *l, *next;
  Cost *cost = ev->kind == EVENT_EXIT ? ev->cost : NULL;
  ProcTotals end = { .ended = 1, .failed = event_status_failed (ev->exit_code, unknown) };

  /* Its ancestors count it while it is still alive (proc_counted). */
  if (!cost_get (cost, COST_CPU, &end.cpu_ns))
    end.unmeasured = 1;
  if (p->parent)
    proctab_add_totals (p->parent, &end, TRUE);
  g_hash_table_remove (pt->live, GINT_TO_POINTER (p->pid));
  proctab_remove_orphan (pt, p);
  p->alive = FALSE;
  p->end_ns = ev->mono_ns;
  p->end_wall_ns = ev->wall_ns;
  p->exit_code = unknown ? 0 : ev->exit_code;
  if (unknown)
    p->flags |= PROC_F_STATUS_UNKNOWN;
  if (ev->kind == EVENT_EXIT)
    p->flags |= ev->flags & EVENT_F_OOM ? PROC_F_OOM : 0;
  if (ev->kind == EVENT_EXIT && (ev->flags & EVENT_F_COST_UNKNOWN))
    p->flags |= PROC_F_COST_UNKNOWN;
  if (cost && !pt->drop_costs)
    proc_acct (p)->cost = cost_ref (cost);
  g_clear_pointer (&p->threads, g_hash_table_unref);
  for (l = p->children.head; l; l = next)
    {
      Proc *c = l->data;
      next = l->next;
      if (c->alive)
        proctab_set_parent (pt, c, p->pid == 1 ? 0 : 1);
    }
  /* Make room first, so the new tombstone itself is never dropped here;
   * pinned ones stay, beyond the cap if they must. */
  while (pt->max_tombs > 0 && pt->n_tombs >= pt->max_tombs)
    {
      Proc *prev, *oldest = proctab_oldest_unpinned (pt, &prev);
      if (!oldest)
        break;
      proctab_drop_tomb (pt, prev, oldest);
    }
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

/* Counts the new process P as spawned by each of its ancestors. */
static void
proctab_count_spawned (Proc *p)
{
  ProcTotals d = { .spawned = 1 };

  if (p->parent)
    proctab_add_totals (p->parent, &d, FALSE);
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

/* The live process that applying EV would end because another takes its
 * pid: the FORK of a new process (a process is forked once, so a second
 * FORK of a pid is a new process, however soon after the first) or the
 * SNAPSHOT of one that started at another time; else NULL. */
static Proc *
proctab_replaced_by (Proctab *pt, const Event *ev)
{
  Proc *p = ev->pid == ev->tgid ? proctab_lookup (pt, ev->pid) : NULL;

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
  if (proctab_fork_known (p, ev))
    {
      /* Already known from a snapshot taken after the fork was queued. */
      p->flags |= PROC_F_FORKED;
      proctab_set_parent (pt, p, ev->ptgid);
      proctab_count_spawned (p);
      return p;
    }
  p = proctab_spawn (pt, ev, ev->pid);
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
  proctab_set_parent (pt, p, ev->ptgid);
  proctab_count_spawned (p);
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

/* Whether the EXIT EV of the live process P ends it: a thread's ends it
 * when its leader has exited and it was the last thread left (the kernel
 * gives every thread of a group exit the group's status, so the last
 * thread's is the process's); the leader's when no thread is left, or
 * when the status is unknown (a resync found the process gone). */
static gboolean
proc_exit_ends (const Proc *p, const Event *ev)
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
proctab_exit_ends (const Proctab *pt, const Event *ev)
{
  const Proc *p = proctab_lookup (pt, ev->tgid);

  return p ? proc_exit_ends (p, ev) : event_ends_process (ev);
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
  gboolean ends = proc_exit_ends (p, ev);
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
    }
  if (ends)
    proctab_bury (pt, p, ev, unknown);
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
proctab_apply (Proctab *pt, Event *ev)
{
  Proc *replaced = proctab_replaced_by (pt, ev);
  Proc *p;

  ev->replaced = replaced ? replaced->serial : 0;
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
    {
      p->events |= EVENT_MASK (ev->kind);
      proctab_note_where (p, ev);
    }
  return p;
}

void
proctab_drop_costs (Proctab *pt)
{
  pt->drop_costs = TRUE;
}

guint
proctab_expire (Proctab *pt, gint64 now_ns)
{
  gint64 limit = event_ns_sub (now_ns, pt->keep_ns);
  Proc *prev = NULL, *next;
  guint n = 0;

  for (Proc *p = pt->tombs_head; p && p->end_ns <= limit; p = next)
    {
      next = p->tomb_next;
      if (proctab_is_pinned (pt, p))
        prev = p;
      else
        {
          proctab_drop_tomb (pt, prev, p);
          n++;
        }
    }
  /* Back within the cap once what went past it is no longer pinned. */
  while (pt->max_tombs > 0 && pt->n_tombs > pt->max_tombs)
    {
      Proc *oldest = proctab_oldest_unpinned (pt, &prev);
      if (!oldest)
        break;
      proctab_drop_tomb (pt, prev, oldest);
      n++;
    }
  return n;
}

void
proctab_pin (Proctab *pt, guint slot, guint64 serial)
{
  g_return_if_fail (slot < PROCTAB_PINS);
  pt->pins[slot] = serial;
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

/* GFunc of proctab_foreach: counts live kernel thread DATA into USER. */
static void
proctab_count_kthread (gpointer data, gpointer user)
{
  *(guint *) user += (((const Proc *) data)->flags & PROC_F_KTHREAD) != 0;
}

guint
proctab_count_kthreads (const Proctab *pt)
{
  guint n = 0;

  proctab_foreach (pt, proctab_count_kthread, &n);
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

void
proc_totals (const Proc *p, ProcTotals *out)
{
  if (p->flags & PROC_F_TOTALS)
    *out = p->acct->sub;
  else
    {
      /* Nothing but joins below it: its live descendants are its most. */
      guint live = proc_count_live (p);
      *out = (ProcTotals) { .alive = live, .max_alive = live };
    }
  out->whole_life = (p->flags & PROC_F_FORKED) != 0;
}

void
proc_ended_cpu (const Proc *p, guint64 *cpu_ns, guint64 *unmeasured)
{
  gboolean counted = (p->flags & PROC_F_TOTALS) != 0;

  *cpu_ns = counted ? p->acct->sub.cpu_ns : 0;
  *unmeasured = counted ? p->acct->sub.unmeasured : 0;
}

const Cost *
proc_cost (const Proc *p)
{
  return p->acct ? p->acct->cost : NULL;
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
  if (p->acct)
    {
      c->acct = g_memdup2 (p->acct, sizeof *p->acct);
      cost_ref (c->acct->cost);
      where_ref (c->acct->where);
    }
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
  c->drop_costs = pt->drop_costs;
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
  guint n_procs = g_hash_table_size (pt->by_serial), n_queued = 0, n_pinned = 0;
  for (const Proc *t = pt->tombs_head; t && n_queued <= n_procs; t = t->tomb_next)
    {
      if (t->alive)
        return proctab_fail (why, "live %d among the tombstones", t->pid);
      if (!t->tomb_next && t != pt->tombs_tail)
        return proctab_fail (why, "the tombstone queue ends before its tail");
      n_queued++;
      n_pinned += proctab_is_pinned (pt, t);
    }
  if (n_queued != pt->n_tombs || pt->n_tombs != n_procs - n_alive)
    return proctab_fail (why, "%u tombstones queued, %u counted, %u exist", n_queued,
                         pt->n_tombs, n_procs - n_alive);
  if (pt->max_tombs > 0 && pt->n_tombs > pt->max_tombs + n_pinned)
    return proctab_fail (why, "%u tombstones (%u pinned), the cap is %u", pt->n_tombs,
                         n_pinned, pt->max_tombs);
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
  /* With no cycle, each subtree's walk ends: the live descendants of
   * each process whose totals are counted, and no totals where they are
   * not (the tree counts for those). */
  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      const Proc *p = value;
      const ProcTotals *t = p->acct ? &p->acct->sub : NULL;
      if (!(p->flags & PROC_F_TOTALS))
        {
          if (t && (t->spawned | t->ended | t->failed | t->cpu_ns | t->unmeasured
                    | t->alive | t->max_alive) != 0)
            return proctab_fail (why, "%d has totals it does not count", p->pid);
          continue;
        }
      guint n = proc_count_live (p);
      if (!t || t->alive != n || t->max_alive < t->alive)
        return proctab_fail (why, "%d counts %u live descendants (at most %u), not %u",
                             p->pid, t ? t->alive : 0, t ? t->max_alive : 0, n);
    }
  return TRUE;
}

void
proctab_fold (Proctab *pt, const Event *ev)
{
  /* The model notes its conclusions on the event: fold a shallow copy. */
  Event e = *ev;

  proctab_apply (pt, &e);
  proctab_expire (pt, ev->mono_ns);
}

/* --- the table's encoding (proctab_save, proctab_load) ------------------ */

/* The encoding's version, its first varint. */
#define PROCTAB_SAVE_VERSION 4

/* Differences are taken modulo 2^64, so that any value comes back. */
static inline gint64
proctab_delta (gint64 a, gint64 b)
{
  return (gint64) ((guint64) a - (guint64) b);
}

/* The inverse of proctab_delta: B + D modulo 2^64. */
static inline gint64
proctab_undelta (gint64 b, gint64 d)
{
  return (gint64) ((guint64) b + (guint64) d);
}

/* The strings of a table's encoding (pack.h's dictionary), and those of
 * the process before, to which a process's are compared: tables list
 * many processes running the same thing, one after the other. */
typedef struct {
  PackDict dict;
  gint comm, exe, cgroup, tcomm;   /* indexes of the last ones, -1 none */
  gint runtime, id, pod;           /* a container's, likewise */
  GArray *argv;                    /* indexes of the last command line */
} ProctabStrs;

/* Sets S up, empty, for WRITING or reading. */
static void
proctab_strs_init (ProctabStrs *s, gboolean writing)
{
  pack_dict_init (&s->dict, writing, g_free);
  s->comm = s->exe = s->cgroup = s->tcomm = -1;
  s->runtime = s->id = s->pod = -1;
  s->argv = g_array_new (FALSE, FALSE, sizeof (gint));
}

/* Frees what S holds. */
static void
proctab_strs_clear (ProctabStrs *s)
{
  pack_dict_clear (&s->dict);
  g_array_unref (s->argv);
}

/* Writes string STR compared with the one at *SLOT, which becomes it
 * (unless it is NULL). */
static void
proctab_save_str (ProctabStrs *s, PackBuf *out, gint *slot, const char *str)
{
  gsize added = 0;
  gint i = pack_dict_put (&s->dict, out, *slot, str, &added);

  if (i >= 0)
    *slot = i;
}

/* Orders Procs by serial. */
static gint
proc_cmp_serial (gconstpointer a, gconstpointer b)
{
  guint64 x = (*(Proc *const *) a)->serial, y = (*(Proc *const *) b)->serial;
  return (x > y) - (x < y);
}

/* Orders thread ids held as pointers. */
static gint
proctab_cmp_tid (gconstpointer a, gconstpointer b)
{
  gint x = GPOINTER_TO_INT (a), y = GPOINTER_TO_INT (b);
  return (x > y) - (x < y);
}

/* Writes the serial of P as its difference from *BASE, the serial written
 * before it, which P's becomes. */
static void
proctab_save_serial (PackBuf *out, const Proc *p, guint64 *base)
{
  pack_svarint (out, (gint64) (p->serial - *base));
  *base = p->serial;
}

/* Writes the serials of the LENGTH Procs of the list at L, each as its
 * difference from the one before (from BASE for the first). */
static void
proctab_save_list (PackBuf *out, guint length, const GList *l, guint64 base)
{
  pack_uvarint (out, length);
  for (; l; l = l->next)
    proctab_save_serial (out, l->data, &base);
}

/* Writes the threads of P, by thread id. */
static void
proctab_save_threads (PackBuf *out, ProctabStrs *strs, const Proc *p)
{
  g_autoptr (GList) tids = p->threads ? g_hash_table_get_keys (p->threads) : NULL;
  gint last = p->pid;

  tids = g_list_sort (tids, proctab_cmp_tid);
  pack_uvarint (out, g_list_length (tids));
  for (GList *l = tids; l; l = l->next)
    {
      const ProcThread *t = g_hash_table_lookup (p->threads, l->data);
      pack_svarint (out, proctab_delta (t->tid, last));
      pack_svarint (out, proctab_delta (t->start_ns, p->start_ns));
      proctab_save_str (strs, out, &strs->tcomm, t->comm);
      last = t->tid;
    }
}

/* Writes where a process runs, W: its level + 1 (0: the host), then its
 * pid there and its container's runtime, id and pod. */
static void
proctab_save_where (PackBuf *out, ProctabStrs *strs, const Where *w)
{
  const Container *c = where_container (w);

  pack_uvarint (out, w ? w->level + 1 : 0);
  if (!w)
    return;
  pack_svarint (out, w->nspid);
  proctab_save_str (strs, out, &strs->runtime, c ? c->runtime : NULL);
  proctab_save_str (strs, out, &strs->id, c ? c->id : NULL);
  proctab_save_str (strs, out, &strs->pod, c ? c->pod : NULL);
}

/* What a saved process's acct holds: a bit each. */
enum {
  PROCTAB_ACCT_COST = 1,     /* its end's cost: the fields' mask, then each */
  PROCTAB_ACCT_TOTALS = 2,   /* its descendants' totals */
};

/* Writes what P's acct holds (ProcAcct): a mask of PROCTAB_ACCT_*, the
 * cost's measured fields and the totals where they are counted
 * (PROC_F_TOTALS; the live count too, which proctab_check compares with
 * the tree). */
static void
proctab_save_acct (PackBuf *out, const Proc *p)
{
  const ProcAcct *a = p->acct;

  if (!a)
    {
      pack_uvarint (out, 0);
      return;
    }
  gboolean totals = (p->flags & PROC_F_TOTALS) != 0;
  pack_uvarint (out, (a->cost ? PROCTAB_ACCT_COST : 0) | (totals ? PROCTAB_ACCT_TOTALS : 0));
  if (a->cost)
    {
      CostValues v;
      cost_values (a->cost, &v);
      pack_uvarint (out, v.have);
      for (guint f = 0; f < COST_FIELD_MAX; f++)
        if (v.have & COST_BIT (f))
          pack_uvarint (out, v.v[f]);
    }
  if (totals)
    {
      pack_uvarint (out, a->sub.spawned);
      pack_uvarint (out, a->sub.ended);
      pack_uvarint (out, a->sub.failed);
      pack_uvarint (out, a->sub.cpu_ns);
      pack_uvarint (out, a->sub.unmeasured);
      pack_uvarint (out, a->sub.alive);
      pack_uvarint (out, a->sub.max_alive);
    }
}

/* Writes process P, as differences from PREV (the one before, or an
 * empty Proc) where processes tend to agree. */
static void
proctab_save_proc (PackBuf *out, ProctabStrs *strs, const Proc *p, const Proc *prev)
{
  guint argc = 0;

  pack_svarint (out, (gint64) (p->serial - prev->serial));
  pack_svarint (out, proctab_delta (p->pid, prev->pid));
  pack_svarint (out, proctab_delta (p->ppid, p->pid));
  pack_uvarint (out, (guint64) p->flags << 1 | (p->alive ? 1 : 0));
  pack_uvarint (out, p->events);
  pack_svarint (out, proctab_delta (p->start_ns, prev->start_ns));
  pack_svarint (out, proctab_delta (proctab_delta (p->start_wall_ns, p->start_ns),
                                    proctab_delta (prev->start_wall_ns, prev->start_ns)));
  if (!p->alive)
    {
      pack_svarint (out, proctab_delta (p->end_ns, p->start_ns));
      pack_svarint (out, proctab_delta (proctab_delta (p->end_wall_ns, p->end_ns),
                                        proctab_delta (p->start_wall_ns, p->start_ns)));
      pack_uvarint (out, p->exit_code);
    }
  pack_svarint (out, proctab_delta (p->ruid, prev->ruid));
  pack_svarint (out, proctab_delta (p->euid, p->ruid));
  pack_svarint (out, proctab_delta (p->rgid, p->ruid));
  pack_svarint (out, proctab_delta (p->egid, p->rgid));
  pack_svarint (out, proctab_delta (p->sid, prev->sid));
  pack_svarint (out, p->tracer);
  proctab_save_str (strs, out, &strs->comm, p->comm);
  proctab_save_str (strs, out, &strs->exe, p->exe);
  proctab_save_str (strs, out, &strs->cgroup, p->cgroup);
  proctab_save_where (out, strs, proc_where (p));
  while (p->argv && p->argv[argc])
    argc++;
  pack_uvarint (out, p->argv ? argc + 1 : 0);
  for (guint i = 0; i < argc; i++)
    {
      gint slot = i < strs->argv->len ? g_array_index (strs->argv, gint, i) : -1;
      proctab_save_str (strs, out, &slot, p->argv[i]);
      if (i < strs->argv->len)
        g_array_index (strs->argv, gint, i) = slot;
      else
        g_array_append_val (strs->argv, slot);
    }
  if (p->argv)
    g_array_set_size (strs->argv, argc);
  pack_uvarint (out, p->children_total);
  proctab_save_acct (out, p);
  proctab_save_threads (out, strs, p);
  proctab_save_list (out, p->children.length, p->children.head, p->serial);
}

void
proctab_save (const Proctab *pt, PackBuf *out)
{
  g_autoptr (GPtrArray) procs = g_ptr_array_new ();
  g_autoptr (GList) ppids = g_hash_table_get_keys (pt->orphans);
  ProctabStrs strs;
  GHashTableIter it;
  gpointer value;
  Proc none = { 0 };
  const Proc *prev = &none;

  g_hash_table_iter_init (&it, pt->by_serial);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (procs, value);
  g_ptr_array_sort (procs, proc_cmp_serial);
  proctab_strs_init (&strs, TRUE);
  pack_uvarint (out, PROCTAB_SAVE_VERSION);
  pack_uvarint (out, pt->next_serial);
  pack_uvarint (out, procs->len);
  for (guint i = 0; i < procs->len; i++)
    {
      proctab_save_proc (out, &strs, procs->pdata[i], prev);
      prev = procs->pdata[i];
    }
  proctab_strs_clear (&strs);
  ppids = g_list_sort (ppids, proctab_cmp_tid);
  pack_uvarint (out, g_list_length (ppids));
  for (GList *l = ppids; l; l = l->next)
    {
      const GQueue *q = g_hash_table_lookup (pt->orphans, l->data);
      pack_svarint (out, GPOINTER_TO_INT (l->data));
      proctab_save_list (out, q->length, q->head, 0);
    }
  /* The tombstones, oldest first, as proctab_save_list writes a list. */
  guint64 base = 0;
  pack_uvarint (out, pt->n_tombs);
  for (const Proc *t = pt->tombs_head; t; t = t->tomb_next)
    proctab_save_serial (out, t, &base);
}

/* What proctab_load reads with: the bytes, the strings read so far. */
typedef struct {
  PackReader r;
  ProctabStrs strs;
} ProctabLoader;

/* PackDictAlloc: a new string's room, from the heap. */
static char *
proctab_alloc_str (gsize n, gpointer user)
{
  return g_malloc (n);
}

/* Drops a reference to a shared string (a GDestroyNotify). */
static void
proctab_unref_str (gpointer s)
{
  shared_str_unref (s);
}

/* Reads a string compared with the one at *SLOT (which becomes it unless
 * it is NULL) into a shared string in *S (shared.h; NULL for NULL).  FALSE
 * when broken. */
static gboolean
proctab_load_str (ProctabLoader *ld, gint *slot, char **s)
{
  gint i;

  *s = NULL;
  if (!pack_dict_get (&ld->strs.dict, &ld->r, *slot, &i, proctab_alloc_str, NULL))
    return FALSE;
  if (i >= 0)
    {
      *slot = i;
      *s = shared_str (pack_dict_str (&ld->strs.dict, i));
    }
  return TRUE;
}

/* Reads where a process runs (proctab_save_where's) into *W.  FALSE when
 * broken. */
static gboolean
proctab_load_where (ProctabLoader *ld, Where **w)
{
  guint64 level = pack_read_uvarint (&ld->r);
  char *runtime = NULL, *id = NULL, *pod = NULL;
  gboolean ok;

  *w = NULL;
  if (ld->r.bad || level > WHERE_LEVEL_MAX + 1)
    return FALSE;
  if (level == 0)
    return TRUE;
  gint64 nspid = pack_read_svarint (&ld->r);
  ok = !ld->r.bad && nspid >= 0 && nspid <= G_MAXINT
       && proctab_load_str (ld, &ld->strs.runtime, &runtime)
       && proctab_load_str (ld, &ld->strs.id, &id)
       && proctab_load_str (ld, &ld->strs.pod, &pod);
  if (ok)
    {
      Container *c = container_get (runtime, id, pod);
      /* A container is all of it or none; a Where is somewhere. */
      ok = (c != NULL) == (id != NULL) && (c || level > 1);
      if (ok)
        *w = where_new ((gint) nspid, (guint) level - 1, c);
      container_unref (c);
    }
  shared_str_unref (runtime);
  shared_str_unref (id);
  shared_str_unref (pod);
  return ok;
}

/* Reads the serials of a list proctab_save_list wrote (from BASE) into a
 * new array of guint64; NULL when broken. */
static GArray *
proctab_load_serials (ProctabLoader *ld, guint64 base)
{
  guint64 n = pack_read_uvarint (&ld->r);

  if (ld->r.bad || n > pack_left (&ld->r))
    return NULL;
  GArray *serials = g_array_sized_new (FALSE, FALSE, sizeof (guint64), (guint) n);
  for (guint64 i = 0; i < n; i++)
    {
      base += (guint64) pack_read_svarint (&ld->r);
      g_array_append_val (serials, base);
    }
  if (ld->r.bad)
    g_clear_pointer (&serials, g_array_unref);
  return serials;
}

/* The Procs of PT that SERIALS name, in their order, into a new array;
 * NULL when one is not in PT, or is named twice. */
static GPtrArray *
proctab_resolve (Proctab *pt, const GArray *serials)
{
  g_autoptr (GPtrArray) procs = g_ptr_array_sized_new (serials->len);
  g_autoptr (GHashTable) had = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < serials->len; i++)
    {
      Proc *p = proctab_lookup_serial (pt, g_array_index (serials, guint64, i));
      if (!p || !g_hash_table_add (had, p))
        return NULL;
      g_ptr_array_add (procs, p);
    }
  return g_steal_pointer (&procs);
}

/* Reads a list of serials and resolves it (proctab_resolve). */
static GPtrArray *
proctab_load_list (ProctabLoader *ld, Proctab *pt)
{
  g_autoptr (GArray) serials = proctab_load_serials (ld, 0);

  return serials ? proctab_resolve (pt, serials) : NULL;
}

/* Reads the threads of P, which must be live to have any.  FALSE when
 * broken. */
static gboolean
proctab_load_threads (ProctabLoader *ld, Proc *p)
{
  guint64 n = pack_read_uvarint (&ld->r);
  gint tid = p->pid;

  if (ld->r.bad || n > pack_left (&ld->r) || (n && !p->alive))
    return FALSE;
  for (guint64 i = 0; i < n; i++)
    {
      ProcThread *t = g_new0 (ProcThread, 1);
      t->tid = tid = (gint) proctab_undelta (tid, pack_read_svarint (&ld->r));
      t->start_ns = proctab_undelta (p->start_ns, pack_read_svarint (&ld->r));
      if (!p->threads)
        p->threads = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            proc_thread_free);
      if (!g_hash_table_insert (p->threads, GINT_TO_POINTER (t->tid), t))
        return FALSE;  /* the same thread twice (the table freed the first) */
      if (!proctab_load_str (ld, &ld->strs.tcomm, &t->comm))
        return FALSE;
    }
  return TRUE;
}

/* Reads what proctab_save_acct wrote into P's acct (none when it wrote
 * none).  FALSE when broken: unknown bits, a cost without fields, totals
 * where P's flags say none are counted or none where they say some are,
 * counts out of range. */
static gboolean
proctab_load_acct (ProctabLoader *ld, Proc *p)
{
  PackReader *r = &ld->r;
  guint64 bits = pack_read_uvarint (r);
  ProcTotals *t;

  if (r->bad || bits > (PROCTAB_ACCT_COST | PROCTAB_ACCT_TOTALS)
      || !(bits & PROCTAB_ACCT_TOTALS) != !(p->flags & PROC_F_TOTALS))
    return FALSE;
  if (!bits)
    return TRUE;
  proc_acct (p);
  if (bits & PROCTAB_ACCT_COST)
    {
      CostValues v = { 0 };
      guint64 have = pack_read_uvarint (r);
      if (r->bad || have == 0 || have >= COST_BIT (COST_FIELD_MAX))
        return FALSE;
      v.have = (guint32) have;
      for (guint f = 0; f < COST_FIELD_MAX; f++)
        if (v.have & COST_BIT (f))
          v.v[f] = pack_read_uvarint (r);
      p->acct->cost = cost_new (&v);
    }
  if (!(bits & PROCTAB_ACCT_TOTALS))
    return !r->bad;
  t = &p->acct->sub;
  t->spawned = pack_read_uvarint (r);
  t->ended = pack_read_uvarint (r);
  t->failed = pack_read_uvarint (r);
  t->cpu_ns = pack_read_uvarint (r);
  t->unmeasured = pack_read_uvarint (r);
  guint64 alive = pack_read_uvarint (r), max_alive = pack_read_uvarint (r);
  if (r->bad || alive > G_MAXUINT || max_alive > G_MAXUINT)
    return FALSE;
  t->alive = (guint) alive;
  t->max_alive = (guint) max_alive;
  return TRUE;
}

/* Reads a process into a new Proc of PT (registered, not linked), after
 * PREV (as proctab_save_proc wrote it); its children's serials into
 * *CHILDREN (a new array).  NULL when broken. */
static Proc *
proctab_load_proc (ProctabLoader *ld, Proctab *pt, const Proc *prev, GArray **children)
{
  PackReader *r = &ld->r;
  Proc *p = g_new0 (Proc, 1);
  guint64 bits, argc;
  Where *where;

  p->sibling.data = p;
  g_queue_init (&p->children);
  p->serial = prev->serial + (guint64) pack_read_svarint (r);
  /* Serials come in ascending order, below the next one to give. */
  if (r->bad || p->serial <= prev->serial || p->serial >= pt->next_serial)
    {
      proc_free (p);
      return NULL;
    }
  g_hash_table_insert (pt->by_serial, &p->serial, p);
  p->pid = (gint) proctab_undelta (prev->pid, pack_read_svarint (r));
  p->ppid = (gint) proctab_undelta (p->pid, pack_read_svarint (r));
  bits = pack_read_uvarint (r);
  p->alive = bits & 1;
  p->flags = (guint) (bits >> 1);
  p->events = (guint) pack_read_uvarint (r);
  p->start_ns = proctab_undelta (prev->start_ns, pack_read_svarint (r));
  p->start_wall_ns = proctab_undelta (p->start_ns,
                                      proctab_undelta (proctab_delta (prev->start_wall_ns,
                                                                      prev->start_ns),
                                                       pack_read_svarint (r)));
  if (!p->alive)
    {
      p->end_ns = proctab_undelta (p->start_ns, pack_read_svarint (r));
      p->end_wall_ns = proctab_undelta (p->end_ns,
                                        proctab_undelta (proctab_delta (p->start_wall_ns,
                                                                        p->start_ns),
                                                         pack_read_svarint (r)));
      p->exit_code = (guint32) pack_read_uvarint (r);
    }
  p->ruid = (guint32) proctab_undelta (prev->ruid, pack_read_svarint (r));
  p->euid = (guint32) proctab_undelta (p->ruid, pack_read_svarint (r));
  p->rgid = (guint32) proctab_undelta (p->ruid, pack_read_svarint (r));
  p->egid = (guint32) proctab_undelta (p->rgid, pack_read_svarint (r));
  p->sid = (gint) proctab_undelta (prev->sid, pack_read_svarint (r));
  p->tracer = (gint) pack_read_svarint (r);
  if (r->bad || (p->alive && proctab_lookup (pt, p->pid))
      || !proctab_load_str (ld, &ld->strs.comm, &p->comm)
      || !proctab_load_str (ld, &ld->strs.exe, &p->exe)
      || !proctab_load_str (ld, &ld->strs.cgroup, &p->cgroup)
      || !proctab_load_where (ld, &where))
    return NULL;
  proc_set_where (p, where);
  if (p->alive)
    g_hash_table_insert (pt->live, GINT_TO_POINTER (p->pid), p);
  argc = pack_read_uvarint (r);
  if (r->bad || argc > pack_left (r) + 1)
    return NULL;
  if (argc)
    {
      GArray *last = ld->strs.argv;
      /* Read as shared strings, then packed into one block. */
      g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (proctab_unref_str);
      for (guint i = 0; i + 1 < argc; i++)
        {
          gint slot = i < last->len ? g_array_index (last, gint, i) : -1;
          char *arg;
          if (!proctab_load_str (ld, &slot, &arg) || !arg)
            return NULL;
          g_ptr_array_add (args, arg);
          if (i < last->len)
            g_array_index (last, gint, i) = slot;
          else
            g_array_append_val (last, slot);
        }
      g_array_set_size (last, (guint) argc - 1);
      g_ptr_array_add (args, NULL);
      p->argv = shared_argv ((char *const *) args->pdata);
    }
  p->children_total = (guint) pack_read_uvarint (r);
  if (r->bad || !proctab_load_acct (ld, p) || !proctab_load_threads (ld, p))
    return NULL;
  *children = proctab_load_serials (ld, p->serial);
  return *children ? p : NULL;
}

/* Links the children of P (CHILDREN, serials) under it, in that order.
 * FALSE when one is linked already, is P, is not P's by its ppid, or is
 * live under a tombstone. */
static gboolean
proctab_load_children (Proctab *pt, Proc *p, const GArray *children)
{
  g_autoptr (GPtrArray) procs = proctab_resolve (pt, children);

  for (guint i = 0; procs && i < procs->len; i++)
    {
      Proc *c = procs->pdata[i];
      if (c->parent || c == p || c->ppid != p->pid || (c->alive && !p->alive))
        return FALSE;
      c->parent = p;
      g_queue_push_tail_link (&p->children, &c->sibling);
    }
  return procs != NULL;
}

/* Reads the orphans and the tombstones of PT.  FALSE when broken. */
static gboolean
proctab_load_queues (ProctabLoader *ld, Proctab *pt)
{
  guint64 nq = pack_read_uvarint (&ld->r);
  guint dead = g_hash_table_size (pt->by_serial) - g_hash_table_size (pt->live);

  if (ld->r.bad || nq > pack_left (&ld->r))
    return FALSE;
  for (guint64 i = 0; i < nq; i++)
    {
      gint ppid = (gint) pack_read_svarint (&ld->r);
      g_autoptr (GPtrArray) q = proctab_load_list (ld, pt);
      if (!q || q->len == 0 || g_hash_table_contains (pt->orphans, GINT_TO_POINTER (ppid)))
        return FALSE;
      for (guint k = 0; k < q->len; k++)
        {
          Proc *o = q->pdata[k];
          if (!o->alive || o->parent || o->ppid != ppid || ppid <= 0)
            return FALSE;
          proctab_add_orphan (pt, o);
        }
    }
  g_autoptr (GPtrArray) tombs = proctab_load_list (ld, pt);
  if (!tombs || tombs->len != dead)
    return FALSE;
  for (guint k = 0; k < tombs->len; k++)
    {
      Proc *t = tombs->pdata[k];
      if (t->alive)
        return FALSE;
      proctab_push_tomb (pt, t);
      /* Tombstones go oldest first: the last of a pid is its newest. */
      g_hash_table_insert (pt->last_tomb, GINT_TO_POINTER (t->pid), t);
    }
  return TRUE;
}

/* Reads the processes, their links and queues into PT.  FALSE when
 * broken. */
static gboolean
proctab_load_into (ProctabLoader *ld, Proctab *pt)
{
  g_autoptr (GPtrArray) kids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) procs = g_ptr_array_new ();
  Proc none = { 0 };
  const Proc *prev = &none;
  guint64 n;

  pt->next_serial = pack_read_uvarint (&ld->r);
  n = pack_read_uvarint (&ld->r);
  if (ld->r.bad || n > pack_left (&ld->r))
    return FALSE;
  for (guint64 i = 0; i < n; i++)
    {
      GArray *children = NULL;
      Proc *p = proctab_load_proc (ld, pt, prev, &children);
      if (!p)
        {
          if (children)
            g_array_unref (children);
          return FALSE;
        }
      g_ptr_array_add (procs, p);
      g_ptr_array_add (kids, children);
      prev = p;
    }
  for (guint i = 0; i < procs->len; i++)
    if (!proctab_load_children (pt, procs->pdata[i], kids->pdata[i]))
      return FALSE;
  return proctab_load_queues (ld, pt) && pack_left (&ld->r) == 0;
}

Proctab *
proctab_load (const guint8 *data, gsize len, gint64 keep_ns, guint max_tombs, GError **error)
{
  g_autoptr (Proctab) pt = proctab_new (keep_ns, max_tombs);
  g_autofree char *why = NULL;
  ProctabLoader ld;
  gboolean ok;

  pack_reader_init (&ld.r, data, len);
  if (pack_read_uvarint (&ld.r) != PROCTAB_SAVE_VERSION)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a table of version %d",
                   PROCTAB_SAVE_VERSION);
      return NULL;
    }
  proctab_strs_init (&ld.strs, FALSE);
  ok = proctab_load_into (&ld, pt);
  proctab_strs_clear (&ld.strs);
  if (!ok)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "a broken table at byte %zu",
                   len - pack_left (&ld.r));
      return NULL;
    }
  if (!proctab_check (pt, &why))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a valid table: %s", why);
      return NULL;
    }
  return g_steal_pointer (&pt);
}
