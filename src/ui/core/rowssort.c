/* rowssort.c - the sort keys and the order of a parent's children (see
 * rows.h). */
#include <string.h>
#include "rowsprivate.h"

const char *const rows_sort_names[ROWS_SORT_MAX + 1] = {
  "seen", "start", "pid", "name", "cpu", "mem", "tcpu", "container", NULL,
};

gboolean
rows_sort_is_seen (RowsSort sort, gboolean reverse)
{
  return sort == ROWS_SORT_SEEN && !reverse;
}

gboolean
rows_sort_needs_samples (RowsSort sort)
{
  return sort == ROWS_SORT_CPU || sort == ROWS_SORT_MEM || sort == ROWS_SORT_TCPU;
}

/* The value of P that the sort key of walk W orders by, or FALSE when it
 * is not known (no start, no name, no sample, no CPU time known). */
static gboolean
rows_sort_value (const RowsWalk *w, const Proc *p, gint64 *v)
{
  const RowsOptions *o = w->o;
  const ProcSample *sample;

  switch (o->sort)
    {
    case ROWS_SORT_PID:
      *v = p->pid;
      return TRUE;
    case ROWS_SORT_START:
      *v = p->start_ns;
      return p->start_ns != 0;
    case ROWS_SORT_CPU:
    case ROWS_SORT_MEM:
      sample = o->samples && p->alive ? g_hash_table_lookup (o->samples, &p->serial) : NULL;
      if (!sample)
        return FALSE;
      /* The most first: the value negated. */
      *v = o->sort == ROWS_SORT_CPU ? -(gint64) sample->cpu_permille : -sample->rss_bytes;
      return o->sort == ROWS_SORT_CPU ? sample->cpu_permille >= 0 : sample->rss_bytes >= 0;
    case ROWS_SORT_TCPU:
      {
        /* The most first; partly unknown, it is what is known; a fold's
         * members, the fold's (its row stands where the first of them
         * does). */
        const RowsGroup *g = w->sorting ? g_hash_table_lookup (w->sorting->by_member, p)
                                        : NULL;
        guint64 unknown = g ? g->fold->tcpu_unknown : 0;
        guint64 ns = g ? g->fold->tcpu_ns
                       : rows_tcpu (p, rows_live_find (o->live_cpu, p->serial), &unknown);
        *v = -(gint64) MIN (ns, (guint64) G_MAXINT64);
        return ns > 0 || unknown == 0;
      }
    case ROWS_SORT_SEEN:
      *v = (gint64) p->serial;
      return TRUE;
    case ROWS_SORT_NAME:
    case ROWS_SORT_CONTAINER:
    case ROWS_SORT_MAX:
      break;
    }
  return FALSE;
}

/* Orders two Proc pointers as the options of the RowsWalk USER say: by
 * the sort key, the unknown last, ties by serial (the order the model
 * learnt of them). */
gint
rows_cmp (gconstpointer a, gconstpointer b, gpointer user)
{
  const RowsWalk *w = user;
  const RowsOptions *o = w->o;
  const Proc *x = *(const Proc *const *) a, *y = *(const Proc *const *) b;
  gint64 vx = 0, vy = 0;
  gboolean kx, ky;
  gint c = 0;

  if (o->sort == ROWS_SORT_NAME)
    {
      kx = x->comm != NULL;
      ky = y->comm != NULL;
      if (kx && ky)
        c = strcmp (x->comm, y->comm);
    }
  else if (o->sort == ROWS_SORT_CONTAINER)
    {
      const Container *cx = where_container (proc_where (x)),
                      *cy = where_container (proc_where (y));
      kx = cx != NULL;
      ky = cy != NULL;
      if (kx && ky && cx != cy)
        {
          g_autoptr (GString) lx = g_string_new (NULL), ly = g_string_new (NULL);
          container_label (lx, cx);
          container_label (ly, cy);
          c = strcmp (lx->str, ly->str);
        }
    }
  else
    {
      kx = rows_sort_value (w, x, &vx);
      ky = rows_sort_value (w, y, &vy);
      c = (vx > vy) - (vx < vy);
    }
  if (kx != ky)
    return kx ? -1 : 1;
  if (kx && c)
    return o->sort_reverse ? -c : c;
  return (x->serial > y->serial) - (x->serial < y->serial);
}

/* PROCS (of Proc*) sorted as W's options say, or NULL when they are in
 * that order already (the seen order; often the start order): a new
 * array. */
GPtrArray *
rows_sorted (RowsWalk *w, GList *procs)
{
  GPtrArray *a = NULL;

  if (rows_sort_is_seen (w->o->sort, w->o->sort_reverse))
    return NULL;
  for (GList *l = procs; l && l->next; l = l->next)
    if (rows_cmp (&l->data, &l->next->data, w) > 0)
      {
        a = g_ptr_array_new ();
        for (GList *m = procs; m; m = m->next)
          g_ptr_array_add (a, m->data);
        g_ptr_array_sort_with_data (a, rows_cmp, w);
        break;
      }
  return a;
}
