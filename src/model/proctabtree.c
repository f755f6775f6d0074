/* proctabtree.c - the process table's links (parents, children,
 * orphans waiting for their parent) and the subtree totals of the
 * ancestors (see proctabprivate.h). */
#include "proctabprivate.h"

#include <string.h>

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
guint
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

/* Starts counting P's totals (PROC_F_TOTALS): counts its live descendants
 * in the tree, which is then also the most it has had at once: until one
 * of them forks, ends or moves away, they can only have joined.  Their
 * count costs a walk of P's subtree, once in P's life: out of line, so
 * that proc_counted's every other call stays small. */
G_GNUC_NO_INLINE ProcTotals *
proc_start_counting (Proc *p)
{
  ProcTotals *t = &proc_acct (p)->sub;

  t->alive = t->max_alive = proc_count_live (p);
  p->flags |= PROC_F_TOTALS;
  return t;
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
void
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
 * must not have changed since it was listed.  Only a process that is an
 * orphan (proc_is_orphan) is looked for. */
void
proctab_remove_orphan (Proctab *pt, Proc *p)
{
  if (!proc_is_orphan (p))
    return;
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
void
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
const Proc *
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
void
proctab_set_parent (Proctab *pt, Proc *p, gint ppid)
{
  proctab_link_parent (pt, p, ppid, proctab_lookup (pt, ppid));
}

/* PARENT, the live process of PPID (NULL: none), as the parent of P:
 * neither pid 0 nor P itself is one. */
static inline Proc *
proctab_parent_of (const Proc *p, gint ppid, Proc *parent)
{
  return ppid > 0 && ppid != p->pid ? parent : NULL;
}

/* Sets P's parent tgid to PPID and links P, linked to no parent and no
 * orphan, under PARENT (proctab_parent_of), or lists a live P among the
 * orphans of PPID.  Counts nothing.  Returns PARENT. */
static Proc *
proctab_attach (Proctab *pt, Proc *p, gint ppid, Proc *parent)
{
  p->ppid = ppid;
  if (parent)
    {
      p->parent = parent;
      g_queue_push_tail_link (&parent->children, &p->sibling);
    }
  else if (proc_is_orphan (p))
    proctab_add_orphan (pt, p);
  return parent;
}

/* As proctab_set_parent, PARENT being the live process of PPID (NULL:
 * none), which the caller looked up. */
void
proctab_link_parent (Proctab *pt, Proc *p, gint ppid, Proc *parent)
{
  parent = proctab_parent_of (p, ppid, parent);
  if (p->parent && p->parent == parent)
    {
      p->ppid = ppid;
      return;
    }
  proctab_unlink_parent (pt, p);
  /* Refuse links that would make a cycle (possible only with forged input);
   * a process without children, as every new one is, cannot make one. */
  if (parent && p->children.head && proctab_would_cycle (p, parent))
    parent = NULL;
  if (proctab_attach (pt, p, ppid, parent))
    proctab_count_alive (parent, p, 1);
}

/* Counts the new process P, linked already, as spawned by each of its
 * ancestors. */
void
proctab_count_spawned (Proc *p)
{
  ProcTotals d = { .spawned = 1 };

  if (p->parent)
    proctab_add_totals (p->parent, &d, 0);
}

/* Links the process P that a FORK just made (proctab_spawn: linked to no
 * parent and no orphan) as proctab_link_parent does, and counts it
 * spawned for its ancestors (proctab_count_spawned).  Alone, as nearly
 * every new process is, it counts alive for them in the same walk up. */
void
proctab_link_spawned (Proctab *pt, Proc *p, gint ppid, Proc *parent)
{
  ProcTotals d = { .spawned = 1 };

  if (p->children.head)
    {
      /* It adopted orphans (proctab_adopt_orphans): they count too. */
      proctab_link_parent (pt, p, ppid, parent);
      proctab_count_spawned (p);
    }
  else if (proctab_attach (pt, p, ppid, proctab_parent_of (p, ppid, parent)))
    proctab_add_totals (p->parent, &d, 1);
}

/* Links the orphans whose parent is the newly live process P under it. */
void
proctab_adopt_orphans (Proctab *pt, Proc *p)
{
  gpointer key = GINT_TO_POINTER (p->pid);
  GList *l;

  /* Most of the time there are none: nothing to look up. */
  if (g_hash_table_size (pt->orphans) == 0)
    return;
  GQueue *q = g_hash_table_lookup (pt->orphans, key);
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
