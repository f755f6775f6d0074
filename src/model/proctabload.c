/* proctabload.c - the process table's encoding, read back
 * (proctab_load; written by proctabsave.c, see proctabprivate.h). */
#include "proctabprivate.h"

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
        p->threads = proc_threads_new ();
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
