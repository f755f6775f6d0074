/* proctab.c - the process table, a fold over events: the table, its
 * lookups and queries, copies and the check of its invariants (the rest
 * in proctab*.c, see proctabprivate.h). */
#include "proctabprivate.h"

#include <stdarg.h>

/* Proc.flags and Proc.events are 16 bits wide. */
G_STATIC_ASSERT (EVENT_KIND_MAX <= 16);

/* Frees one thread record. */
static void
proc_thread_free (gpointer data)
{
  ProcThread *t = data;
  shared_str_unref (t->comm);
  g_free (t);
}

/* A new table of a process's threads: tid -> ProcThread*, owned (the key
 * compared inline, as the table's own are). */
GHashTable *
proc_threads_new (void)
{
  return g_hash_table_new_full (g_direct_hash, NULL, NULL, proc_thread_free);
}

/* Frees a Proc's own memory; links must already be undone. */
void
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
  /* Keyed by pid or pointer with no equal function: GLib then compares
   * the keys inline, not through a call. */
  pt->live = g_hash_table_new (g_direct_hash, NULL);
  /* A set: its keys are its values, so each entry costs one pointer. */
  pt->by_serial = g_hash_table_new_full (proc_serial_hash, proc_serial_equal, proc_free, NULL);
  pt->orphans = g_hash_table_new_full (g_direct_hash, NULL, NULL,
                                       (GDestroyNotify) g_queue_free);
  pt->orphan_links = g_hash_table_new (g_direct_hash, NULL);
  pt->last_tomb = g_hash_table_new (g_direct_hash, NULL);
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

Proc *
proctab_lookup (const Proctab *pt, gint pid)
{
  return g_hash_table_lookup (pt->live, GINT_TO_POINTER (pid));
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
proc_lifetime (const Proc *p, gint64 now_ns)
{
  if (!p->alive && (p->flags & PROC_F_STATUS_UNKNOWN))
    return -1;
  return event_ns_span (p->start_ns, p->alive ? now_ns : p->end_ns);
}

gint64
proctab_event_lifetime (const Event *ev, const Proc *p)
{
  gint64 lifetime = -1;

  if (p && event_ends_process (ev) && !(ev->flags & EVENT_F_STATUS_UNKNOWN))
    lifetime = event_ns_span (p->start_ns, ev->mono_ns);
  if (lifetime < 0 && (ev->flags & EVENT_F_LIFETIME))
    return ev->lifetime_ns;
  return lifetime;
}

gint
proctab_event_ptgid (const Event *ev, const Proc *p)
{
  if ((event_kind_fields (ev->kind) & EVENT_FIELDS_PARENT) || !p || !p->ppid)
    return ev->ptgid;
  return p->ppid;
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
  gboolean orphan = proc_is_orphan (p);
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
