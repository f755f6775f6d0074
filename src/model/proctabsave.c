/* proctabsave.c - the process table's encoding, written
 * (proctab_save; read back by proctabload.c, see proctabprivate.h). */
#include "proctabprivate.h"

/* Sets S up, empty, for WRITING or reading. */
void
proctab_strs_init (ProctabStrs *s, gboolean writing)
{
  pack_dict_init (&s->dict, writing, g_free);
  s->comm = s->exe = s->cgroup = s->tcomm = -1;
  s->runtime = s->id = s->pod = -1;
  s->argv = g_array_new (FALSE, FALSE, sizeof (gint));
}

/* Frees what S holds. */
void
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
