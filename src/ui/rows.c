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

/* The exited children of one parent with one name, while they are grouped. */
typedef struct {
  RowsFold *fold;       /* moves to the fold row once emitted */
  GPtrArray *members;   /* Proc*, in the parent's order */
} RowsGroup;

static gboolean rows_visit (RowsWalk *w, const Proc *p, guint depth, gboolean in_match,
                            gboolean emit);

/* Frees a fold (NULL is a no-op). */
static void
rows_fold_free (RowsFold *f)
{
  if (!f)
    return;
  g_free (f->comm);
  g_free (f);
}

/* GArray clear function: a row frees its fold. */
static void
rows_row_clear (gpointer data)
{
  Row *r = data;
  g_clear_pointer (&r->fold, rows_fold_free);
}

/* Frees a group and its fold if no row took it. */
static void
rows_group_free (gpointer data)
{
  RowsGroup *g = data;
  rows_fold_free (g->fold);
  g_ptr_array_unref (g->members);
  g_free (g);
}

/* The folds among one parent's children. */
typedef struct {
  GHashTable *by_name;     /* comm -> RowsGroup* (owns them) */
  GHashTable *by_member;   /* Proc* -> its RowsGroup* */
} RowsFolding;

/* Frees a folding (NULL is a no-op). */
static void
rows_folding_free (RowsFolding *fg)
{
  if (!fg)
    return;
  g_hash_table_unref (fg->by_member);
  g_hash_table_unref (fg->by_name);
  g_free (fg);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowsFolding, rows_folding_free)

/* Whether P passes the filter by itself. */
static gboolean
rows_proc_matches (const RowsWalk *w, const Proc *p)
{
  return !w->o->filter || filter_match_proc (w->o->filter, p, w->o->now_ns);
}

/* Whether exited P failed: a non-zero code, a signal, a core dump. */
static gboolean
rows_proc_failed (const Proc *p)
{
  return (p->flags & PROC_F_COREDUMP)
         || event_status_failed (p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0);
}

/* Whether P is alive, or a tombstone inside its display window. */
static gboolean
rows_tomb_visible (const RowsOptions *o, const Proc *p)
{
  if (p->alive)
    return TRUE;
  if (o->now_ns - p->end_ns >= o->tomb_show_ns)
    return FALSE;
  return !o->hide_ok_tombs || rows_proc_failed (p);
}

/* Whether P lies on the followed process's path to its root. */
static gboolean
rows_on_reveal_path (const RowsOptions *o, const Proc *p)
{
  for (const Proc *a = o->reveal; a; a = a->parent)
    if (a == p)
      return TRUE;
  return FALSE;
}

/* Whether the user collapsed P and nothing followed lies beneath it. */
static gboolean
rows_collapsed (const RowsWalk *w, const Proc *p)
{
  guint64 key = p->serial;

  if (!w->o->collapsed || !g_hash_table_contains (w->o->collapsed, &key))
    return FALSE;
  return !rows_on_reveal_path (w->o, p);
}

char *
rows_fold_key (guint64 parent_serial, const char *comm)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%s", parent_serial, comm);
}

/* Counts exited member P into fold F, at NOW_NS. */
static void
rows_fold_add (RowsFold *f, const Proc *p)
{
  gboolean unknown = (p->flags & PROC_F_STATUS_UNKNOWN) != 0;
  gint64 life = p->start_ns > 0 && p->end_ns >= p->start_ns ? p->end_ns - p->start_ns : -1;
  guint i;

  f->count++;
  f->failed += rows_proc_failed (p);
  if (life >= 0)
    {
      f->min_life = f->min_life < 0 ? life : MIN (f->min_life, life);
      f->max_life = MAX (f->max_life, life);
    }
  for (i = 0; i < ROWS_FOLD_STATUSES && f->statuses[i].count; i++)
    if (f->statuses[i].unknown == unknown && (unknown || f->statuses[i].raw == p->exit_code))
      break;
  if (i == ROWS_FOLD_STATUSES)
    {
      f->other++;
      return;
    }
  f->statuses[i].raw = p->exit_code;
  f->statuses[i].unknown = unknown;
  f->statuses[i].count++;
  /* Keep the most frequent first. */
  for (; i > 0 && f->statuses[i].count > f->statuses[i - 1].count; i--)
    {
      RowsFoldStatus t = f->statuses[i];
      f->statuses[i] = f->statuses[i - 1];
      f->statuses[i - 1] = t;
    }
}

/* Groups P's exited children that would show at DEPTH by name, keeping the
 * groups of more than ROWS_FOLD_MIN.  Returns NULL when nothing folds.
 * The followed process never folds. */
static RowsFolding *
rows_fold_groups (RowsWalk *w, const Proc *p, guint depth, gboolean in_match)
{
  g_autoptr (GHashTable) groups = NULL;
  guint dead = 0;

  for (GList *l = p->children.head; l; l = l->next)
    dead += !((Proc *) l->data)->alive;
  if (dead <= ROWS_FOLD_MIN)
    return NULL;
  groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, rows_group_free);
  for (GList *l = p->children.head; l; l = l->next)
    {
      const Proc *c = l->data;
      /* Only known names fold: two unknowns need not be the same. */
      if (c->alive || !c->comm || rows_on_reveal_path (w->o, c)
          || !rows_visit (w, c, depth + 1, in_match, FALSE))
        continue;
      RowsGroup *g = g_hash_table_lookup (groups, c->comm);
      if (!g)
        {
          g = g_new0 (RowsGroup, 1);
          g->fold = g_new0 (RowsFold, 1);
          g->fold->comm = g_strdup (c->comm);
          g->fold->parent = p->serial;
          g->fold->min_life = g->fold->max_life = -1;
          g->members = g_ptr_array_new ();
          g_hash_table_insert (groups, g->fold->comm, g);
        }
      g_ptr_array_add (g->members, l->data);
    }
  GHashTableIter it;
  gpointer value;
  GHashTable *by_member = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&it, groups);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      RowsGroup *g = value;
      if (g->members->len <= ROWS_FOLD_MIN)
        {
          g_hash_table_iter_remove (&it);
          continue;
        }
      for (guint i = 0; i < g->members->len; i++)
        {
          rows_fold_add (g->fold, g->members->pdata[i]);
          g_hash_table_insert (by_member, g->members->pdata[i], g);
        }
    }
  if (g_hash_table_size (groups) == 0)
    {
      g_hash_table_unref (by_member);
      return NULL;
    }
  RowsFolding *fg = g_new0 (RowsFolding, 1);
  fg->by_name = g_steal_pointer (&groups);
  fg->by_member = by_member;
  return fg;
}

/* Emits the fold row of group G at DEPTH, and its members beneath when it
 * is unfolded. */
static void
rows_emit_fold (RowsWalk *w, RowsGroup *g, guint depth, gboolean in_match)
{
  g_autofree char *key = rows_fold_key (g->fold->parent, g->fold->comm);
  gboolean open = w->o->unfolded && g_hash_table_contains (w->o->unfolded, key);
  const Proc *latest = g->members->pdata[0];
  guint at = w->rows->len;

  for (guint i = 1; i < g->members->len; i++)
    if (((const Proc *) g->members->pdata[i])->end_ns >= latest->end_ns)
      latest = g->members->pdata[i];
  {
    Row r = { .proc = latest, .fold = g_steal_pointer (&g->fold), .serial = r.fold->parent,
              .tid = ROWS_TID_FOLD, .depth = depth,
              .flags = ROW_F_FOLD | ROW_F_TOMB | ROW_F_CHILDREN
                       | (open ? 0 : ROW_F_COLLAPSED) };
    g_array_append_val (w->rows, r);
  }
  if (w->filtering)
    g_array_index (w->rows, Row, at).flags |= ROW_F_MATCH;
  for (guint i = 0; open && i < g->members->len; i++)
    rows_visit (w, g->members->pdata[i], depth + 1, in_match, TRUE);
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
  g_autoptr (RowsFolding) folding = NULL;
  guint at = w->rows->len;

  if ((p->flags & PROC_F_KTHREAD) && !o->kthreads && p != o->reveal)
    return FALSE;
  self = rows_proc_matches (w, p) || p == o->reveal;
  shown = (self || in_match) && (rows_tomb_visible (o, p) || p == o->reveal);
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
  if (!collapsed)
    folding = rows_fold_groups (w, p, depth, self || in_match);
  for (GList *l = p->children.head; l; l = l->next)
    {
      const Proc *c = l->data;
      RowsGroup *g = folding ? g_hash_table_lookup (folding->by_member, c) : NULL;
      if (g)
        {
          /* The group's first member stands for all of them. */
          if (g->fold)
            rows_emit_fold (w, g, depth + 1, self || in_match);
          below = TRUE;
        }
      else if (!collapsed)
        below |= rows_visit (w, c, depth + 1, self || in_match, TRUE);
      else if (!below)
        below = rows_visit (w, c, depth + 1, self || in_match, FALSE);
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

  g_array_set_clear_func (w.rows, rows_row_clear);
  w.filtering = opts->filter && !filter_is_empty (opts->filter);
  for (guint i = 0; roots && i < roots->len; i++)
    rows_visit (&w, roots->pdata[i], 0, FALSE, TRUE);
  rows_link (w.rows);
  return w.rows;
}

gint
rows_find (const GArray *rows, guint64 serial, gint tid, const char *fold)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->serial == serial && r->tid == tid
          && (tid != ROWS_TID_FOLD || g_strcmp0 (r->fold->comm, fold) == 0))
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
