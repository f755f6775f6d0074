/* resync.c - diffing the model against a /proc scan, as events. */
#include "resync.h"

#include <stdint.h>

/* One event of the result and why it was made. */
typedef struct {
  Event *ev;
  guint why;  /* ResyncChange */
  const Proc *proc;  /* EXIT of a process: the process, else NULL */
  guint rank;        /* and how many of its nearest ancestors end too */
} ResyncItem;

/* State of one diff while walking the model. */
typedef struct {
  GHashTable *procs;    /* tgid -> scan Event* of the process */
  GHashTable *threads;  /* tid -> scan Event* of a thread */
  GArray *exits;        /* of ResyncItem */
  const Proc *proc;     /* the process whose threads are being checked */
  gint64 now_mono_ns;
  gint64 now_wall_ns;
} ResyncWalk;

/* The start time a snapshot carries, 0 when unknown. */
static gint64
resync_event_start (const Event *ev)
{
  return (ev->flags & EVENT_F_START) ? ev->start_ns : 0;
}

/* Queues an EXIT (status unknown) for thread PID of process P. */
static void
resync_add_exit (ResyncWalk *w, const Proc *p, gint pid, guint why)
{
  Event *ev = g_new0 (Event, 1);
  proctab_end_event (p, pid, w->now_mono_ns, w->now_wall_ns, ev);
  ResyncItem item = { ev, why, pid == p->pid ? p : NULL, 0 };
  g_array_append_val (w->exits, item);
}

/* Ranks the processes that end (ITEMS with a proc): how many of each
 * one's nearest ancestors end too, so that the ends come children first
 * and a filter on descendants still finds a child at its end.  Each
 * process is climbed over once: ranks found are kept (VANISHED holds
 * rank + 1, 0 while not known). */
static void
resync_rank_exits (GArray *items)
{
  g_autoptr (GHashTable) vanished = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GPtrArray) path = g_ptr_array_new ();
  gpointer known;

  for (guint i = 0; i < items->len; i++)
    {
      const Proc *p = g_array_index (items, ResyncItem, i).proc;
      if (p)
        g_hash_table_insert (vanished, (gpointer) (uintptr_t) p, NULL);
    }
  for (guint i = 0; i < items->len; i++)
    {
      ResyncItem *item = &g_array_index (items, ResyncItem, i);
      const Proc *a = item->proc;
      if (!a)
        continue;
      /* Up while the parent ends too and its rank is not known. */
      g_ptr_array_set_size (path, 0);
      for (;;)
        {
          g_ptr_array_add (path, (gpointer) (uintptr_t) a);
          if (!a->parent || !g_hash_table_lookup_extended (vanished, a->parent, NULL, &known)
              || known)
            break;
          a = a->parent;
        }
      guint rank = a->parent && g_hash_table_lookup_extended (vanished, a->parent, NULL, &known)
                   ? GPOINTER_TO_UINT (known) : 0;
      for (guint j = path->len; j-- > 0;)
        g_hash_table_insert (vanished, path->pdata[j], GUINT_TO_POINTER (++rank));
      item->rank = rank - 1;
    }
}

/* GHFunc: queues EXITs for the vanished threads of a surviving process. */
static void
resync_check_thread (gpointer key, gpointer value, gpointer user)
{
  const ProcThread *t = value;
  ResyncWalk *w = user;
  const Proc *p = w->proc;
  const Event *s = g_hash_table_lookup (w->threads, GINT_TO_POINTER (t->tid));

  if (!s || s->tgid != p->pid)
    resync_add_exit (w, p, t->tid, RESYNC_GONE);
  else if (!event_same_start (t->start_ns, resync_event_start (s)))
    resync_add_exit (w, p, t->tid, RESYNC_REUSED);
}

/* GFunc over live processes: queues EXITs for the vanished and reused ones,
 * and for the vanished threads of the others. */
static void
resync_check_proc (gpointer data, gpointer user)
{
  const Proc *p = data;
  ResyncWalk *w = user;
  const Event *s = g_hash_table_lookup (w->procs, GINT_TO_POINTER (p->pid));

  if (!s)
    resync_add_exit (w, p, p->pid, RESYNC_GONE);
  else if (!event_same_start (p->start_ns, resync_event_start (s)))
    resync_add_exit (w, p, p->pid, RESYNC_REUSED);
  else if (p->threads)
    {
      w->proc = p;
      g_hash_table_foreach (p->threads, resync_check_thread, w);
    }
}

/* Orders EXIT items: children before their parents, then by tgid, then
 * pid. */
static gint
resync_cmp_exit (gconstpointer a, gconstpointer b)
{
  const ResyncItem *i = a, *j = b;
  const Event *x = i->ev, *y = j->ev;

  if (i->rank != j->rank)
    return i->rank > j->rank ? -1 : 1;
  if (x->tgid != y->tgid)
    return x->tgid < y->tgid ? -1 : 1;
  return (x->pid > y->pid) - (x->pid < y->pid);
}

/* What differs between the live process P and its snapshot S, which are the
 * same incarnation.  Only what S knows is compared. */
static guint
resync_compare_proc (const Proc *p, const Event *s)
{
  guint why = 0;

  if (s->ptgid != p->ppid)
    why |= RESYNC_PARENT;
  if (s->comm && g_strcmp0 (s->comm, p->comm) != 0)
    why |= RESYNC_COMM;
  if (s->argv)
    why |= !p->argv ? RESYNC_FILL
           : !g_strv_equal ((const char *const *) s->argv,
                            (const char *const *) p->argv) ? RESYNC_EXEC : 0;
  if (s->exe)
    why |= !p->exe ? RESYNC_FILL : g_strcmp0 (s->exe, p->exe) ? RESYNC_EXEC : 0;
  if ((s->flags & EVENT_F_CREDS) && !(p->flags & PROC_F_CREDS))
    why |= RESYNC_FILL;
  else if (s->flags & EVENT_F_CREDS)
    {
      if (s->ruid != p->ruid || s->euid != p->euid)
        why |= RESYNC_UID;
      if (s->rgid != p->rgid || s->egid != p->egid)
        why |= RESYNC_GID;
    }
  if (s->sid)
    why |= !p->sid ? RESYNC_FILL : s->sid != p->sid ? RESYNC_SID : 0;
  if ((s->flags & EVENT_F_WHERE) && !where_equal (s->where, proc_where (p)))
    why |= RESYNC_WHERE;
  return why;
}

/* Why the scan's thread S must be applied to PT (0: it need not be).
 * PROCS maps tgids to the scan's processes. */
static guint
resync_check_thread_snapshot (const Proctab *pt, GHashTable *procs, const Event *s)
{
  const Proc *p = proctab_lookup (pt, s->tgid);
  const Event *ps = g_hash_table_lookup (procs, GINT_TO_POINTER (s->tgid));

  if (!p || (ps && !event_same_start (p->start_ns, resync_event_start (ps))))
    return RESYNC_NEW;
  const ProcThread *t = p->threads ? g_hash_table_lookup (p->threads,
                                                          GINT_TO_POINTER (s->pid))
                                   : NULL;
  if (!t || !event_same_start (t->start_ns, resync_event_start (s)))
    return RESYNC_NEW;
  return s->comm && g_strcmp0 (s->comm, t->comm) != 0 ? RESYNC_COMM : 0;
}

/* Why the scan's process S must be applied to PT (0: it need not be).  A
 * process whose end the model has seen is not new again: the kernel
 * reports an exit before the task becomes a zombie, so a scan can still
 * find it running. */
static guint
resync_check_proc_snapshot (const Proctab *pt, const Event *s)
{
  const Proc *p = proctab_lookup (pt, s->pid);
  const Proc *tomb = p ? NULL : proctab_lookup_tomb (pt, s->pid);

  if (tomb && tomb->start_ns && resync_event_start (s)
      && event_same_start (tomb->start_ns, resync_event_start (s)))
    return 0;
  if (!p || !event_same_start (p->start_ns, resync_event_start (s)))
    return RESYNC_NEW;
  return resync_compare_proc (p, s);
}

/* Appends a deep copy of EV and its reason to the result. */
static void
resync_emit (GPtrArray *out, GArray *why, const Event *ev, guint reason)
{
  g_ptr_array_add (out, event_dup (ev));
  g_array_append_val (why, reason);
}

GPtrArray *
resync_diff_explain (const Proctab *pt, GPtrArray *scan, gint64 now_mono_ns,
                     gint64 now_wall_ns, GArray **why)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (event_free);
  g_autoptr (GArray) reasons = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GHashTable) procs = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) threads = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GArray) exits = g_array_new (FALSE, FALSE, sizeof (ResyncItem));

  for (guint i = 0; i < scan->len; i++)
    {
      Event *s = scan->pdata[i];
      if (s->kind == EVENT_SNAPSHOT)
        g_hash_table_insert (s->pid == s->tgid ? procs : threads,
                             GINT_TO_POINTER (s->pid), s);
    }

  ResyncWalk w = { procs, threads, exits, NULL, now_mono_ns, now_wall_ns };
  proctab_foreach (pt, resync_check_proc, &w);
  resync_rank_exits (exits);
  g_array_sort (exits, resync_cmp_exit);
  for (guint i = 0; i < exits->len; i++)
    {
      ResyncItem *item = &g_array_index (exits, ResyncItem, i);
      g_ptr_array_add (out, item->ev);
      g_array_append_val (reasons, item->why);
    }

  for (guint i = 0; i < scan->len; i++)
    {
      const Event *s = scan->pdata[i];
      if (s->kind != EVENT_SNAPSHOT)
        continue;
      guint reason = s->pid == s->tgid ? resync_check_proc_snapshot (pt, s)
                                       : resync_check_thread_snapshot (pt, procs, s);
      if (reason)
        resync_emit (out, reasons, s, reason);
    }

  if (why)
    *why = g_steal_pointer (&reasons);
  return out;
}

GPtrArray *
resync_diff (const Proctab *pt, GPtrArray *scan, gint64 now_mono_ns,
             gint64 now_wall_ns)
{
  return resync_diff_explain (pt, scan, now_mono_ns, now_wall_ns, NULL);
}
