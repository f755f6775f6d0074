/* rows.c - tree flattening with collapse, filters and tombstone windows. */
#include <string.h>
#include "filter.h"
#include "rows.h"

/* State of one rows_build() walk. */
typedef struct {
  const RowsOptions *o;
  GArray *rows;
  gboolean filtering;
} RowsWalk;

/* Whether P passes the comm and user filters by itself. */
static gboolean
rows_proc_matches (const RowsWalk *w, const Proc *p)
{
  const RowsOptions *o = w->o;

  if (o->comm && *o->comm && !filter_comm_matches (o->comm, p->comm))
    return FALSE;
  if (o->has_uid
      && (!(p->flags & PROC_F_CREDS) || (p->ruid != o->uid && p->euid != o->uid)))
    return FALSE;
  return TRUE;
}

/* Whether tombstone P is still inside its display window. */
static gboolean
rows_tomb_recent (const RowsOptions *o, const Proc *p)
{
  return p->alive || o->now_ns - p->end_ns < o->tomb_show_ns;
}

/* Whether the user collapsed P and nothing followed lies beneath it. */
static gboolean
rows_collapsed (const RowsWalk *w, const Proc *p)
{
  guint64 key = p->serial;

  if (!w->o->collapsed || !g_hash_table_contains (w->o->collapsed, &key))
    return FALSE;
  /* Never hide the followed process: P must not be on its path to a root. */
  for (const Proc *a = w->o->reveal; a; a = a->parent)
    if (a == p)
      return FALSE;
  return TRUE;
}

/* Orders thread pointers by tid. */
static gint
rows_cmp_thread (gconstpointer a, gconstpointer b)
{
  const ProcThread *x = *(ProcThread *const *) a, *y = *(ProcThread *const *) b;
  return (x->tid > y->tid) - (x->tid < y->tid);
}

/* Appends one row for each thread of P, by tid. */
static void
rows_add_threads (RowsWalk *w, const Proc *p, guint depth)
{
  g_autoptr (GPtrArray) ts = NULL;
  GHashTableIter it;
  gpointer value;

  if (!p->threads || g_hash_table_size (p->threads) == 0)
    return;
  ts = g_ptr_array_sized_new (g_hash_table_size (p->threads));
  g_hash_table_iter_init (&it, p->threads);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (ts, value);
  g_ptr_array_sort (ts, rows_cmp_thread);
  for (guint i = 0; i < ts->len; i++)
    {
      const ProcThread *t = ts->pdata[i];
      Row r = { .proc = p, .thread = t, .serial = p->serial, .tid = t->tid,
                .depth = depth, .flags = ROW_F_THREAD };
      g_array_append_val (w->rows, r);
    }
}

/* Visits P at DEPTH; IN_MATCH when an ancestor matched.  With EMIT, appends
 * P's rows; without, only answers.  Returns whether P or anything beneath
 * it shows. */
static gboolean
rows_visit (RowsWalk *w, const Proc *p, guint depth, gboolean in_match,
            gboolean emit)
{
  const RowsOptions *o = w->o;
  gboolean self, shown, collapsed, below = FALSE;
  guint at = w->rows->len;

  if ((p->flags & PROC_F_KTHREAD) && !o->kthreads && p != o->reveal)
    return FALSE;
  self = rows_proc_matches (w, p) || p == o->reveal;
  shown = (self || in_match) && (rows_tomb_recent (o, p) || p == o->reveal);
  collapsed = rows_collapsed (w, p);

  if (!emit)
    {
      if (shown)
        return TRUE;
      for (GList *l = p->children.head; l; l = l->next)
        if (rows_visit (w, l->data, depth + 1, self || in_match, FALSE))
          return TRUE;
      return FALSE;
    }

  {
    Row r = { .proc = p, .serial = p->serial, .depth = depth };
    g_array_append_val (w->rows, r);
  }
  if (o->threads && !collapsed && (self || in_match))
    rows_add_threads (w, p, depth + 1);
  for (GList *l = p->children.head; l; l = l->next)
    {
      if (!collapsed)
        below |= rows_visit (w, l->data, depth + 1, self || in_match, TRUE);
      else if (!below)
        below = rows_visit (w, l->data, depth + 1, self || in_match, FALSE);
    }
  if (!shown && !below)
    {
      g_array_set_size (w->rows, at);
      return FALSE;
    }

  Row *r = &g_array_index (w->rows, Row, at);
  if (self && w->filtering)
    r->flags |= ROW_F_MATCH;
  if (!self && !in_match)
    r->flags |= ROW_F_DIM;
  if (!p->alive)
    r->flags |= ROW_F_TOMB;
  if (w->rows->len > at + 1)
    r->flags |= ROW_F_CHILDREN;
  if (collapsed && (below || (o->threads && p->threads
                              && g_hash_table_size (p->threads) > 0)))
    r->flags |= ROW_F_CHILDREN | ROW_F_COLLAPSED;
  return TRUE;
}

/* Sets ROW_F_LAST and the guide bits, scanning from the bottom: a level
 * K guide is drawn while a later sibling at depth K is still to come. */
static void
rows_link (GArray *rows)
{
  g_autoptr (GArray) pending = g_array_new (FALSE, TRUE, sizeof (gboolean));

  for (guint i = rows->len; i-- > 0;)
    {
      Row *r = &g_array_index (rows, Row, i);
      guint d = r->depth;

      if (pending->len <= d)
        g_array_set_size (pending, d + 1);
      for (guint k = 1; k < d && k <= ROWS_MAX_GUIDES; k++)
        if (g_array_index (pending, gboolean, k))
          r->guides |= G_GUINT64_CONSTANT (1) << k;
      if (!g_array_index (pending, gboolean, d))
        r->flags |= ROW_F_LAST;
      g_array_index (pending, gboolean, d) = TRUE;
      if (pending->len > d + 1)
        memset (&g_array_index (pending, gboolean, d + 1), 0,
                (pending->len - d - 1) * sizeof (gboolean));
    }
}

GArray *
rows_build (const GPtrArray *roots, const RowsOptions *opts)
{
  RowsWalk w = { .o = opts, .rows = g_array_new (FALSE, TRUE, sizeof (Row)) };

  w.filtering = (opts->comm && *opts->comm) || opts->has_uid;
  for (guint i = 0; roots && i < roots->len; i++)
    rows_visit (&w, roots->pdata[i], 0, FALSE, TRUE);
  rows_link (w.rows);
  return w.rows;
}

gint
rows_find (const GArray *rows, guint64 serial, gint tid)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->serial == serial && r->tid == tid)
        return i;
    }
  return -1;
}

gint
rows_parent (const GArray *rows, gint i)
{
  guint d;

  if (i < 0 || (guint) i >= rows->len)
    return -1;
  d = g_array_index (rows, Row, i).depth;
  while (--i >= 0)
    if (g_array_index (rows, Row, i).depth < d)
      return i;
  return -1;
}

gboolean
rows_matches_text (const Row *r, const char *text, gboolean cmdline)
{
  if (!text || !*text)
    return FALSE;
  if (r->thread)
    return r->thread->comm && strcasestr (r->thread->comm, text);
  if (r->proc->comm && strcasestr (r->proc->comm, text))
    return TRUE;
  for (char **a = r->proc->argv; cmdline && a && *a; a++)
    if (strcasestr (*a, text))
      return TRUE;
  return FALSE;
}

gint
rows_search (const GArray *rows, const char *text, gboolean cmdline,
             gint from, int dir)
{
  gint n = rows->len;

  if (n == 0)
    return -1;
  from = CLAMP (from, 0, n - 1);
  for (gint k = 1; k <= n; k++)
    {
      gint i = ((from + dir * k) % n + n) % n;
      if (rows_matches_text (&g_array_index (rows, Row, i), text, cmdline))
        return i;
    }
  return -1;
}
