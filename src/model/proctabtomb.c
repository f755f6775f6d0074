/* proctabtomb.c - the process table's tombstones: burying a process,
 * the queue, pins, the cap and expiry (see proctabprivate.h). */
#include "proctabprivate.h"

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
void
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
gboolean
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
void
proctab_bury (Proctab *pt, Proc *p, const Event *ev, gboolean unknown)
{
  GList *l, *next;
  Cost *cost = ev->kind == EVENT_EXIT ? ev->cost : NULL;
  ProcTotals end = { .ended = 1, .failed = event_status_failed (ev->exit_code, unknown) };

  /* Its ancestors count it while it is still alive (proc_counted). */
  if (!cost_get (cost, COST_CPU, &end.cpu_ns))
    end.unmeasured = 1;
  if (p->parent)
    proctab_add_totals (p->parent, &end, -1);
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
proctab_lookup_tomb (const Proctab *pt, gint pid)
{
  return g_hash_table_lookup (pt->last_tomb, GINT_TO_POINTER (pid));
}

guint
proctab_count_tombs (const Proctab *pt)
{
  return pt->n_tombs;
}
