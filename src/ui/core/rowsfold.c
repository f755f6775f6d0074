/* rowsfold.c - folds: a parent's exited children of one name grouped in
 * one row, and what they add up to (see rows.h). */
#include "rowsprivate.h"

/* Frees a fold (NULL is a no-op). */
void
rows_fold_free (RowsFold *f)
{
  if (!f)
    return;
  g_free (f->comm);
  g_free (f->name);
  if (f->lives)
    g_array_unref (f->lives);
  g_free (f);
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

/* Frees a folding (NULL is a no-op). */
void
rows_folding_free (RowsFolding *fg)
{
  if (!fg)
    return;
  g_hash_table_unref (fg->by_member);
  g_hash_table_unref (fg->by_name);
  g_free (fg);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowsFolding, rows_folding_free)

char *
rows_fold_name (const Proc *parent, const Proc *c)
{
  const Container *k = where_container (proc_where (c));

  if (k == where_container (proc_where (parent)))
    return g_strdup (c->comm);
  return g_strdup_printf ("%s\x1f%s:%s", c->comm ? c->comm : "", k ? k->runtime : "",
                          k ? k->id : "");
}

char *
rows_fold_key (guint64 parent_serial, const char *name)
{
  /* Another separator for the names not known: no name is told from them. */
  return name ? g_strdup_printf ("%" G_GUINT64_FORMAT ":%s", parent_serial, name)
              : g_strdup_printf ("%" G_GUINT64_FORMAT "/", parent_serial);
}

/* GHashFunc of names, NULL (not known) among them. */
static guint
rows_name_hash (gconstpointer name)
{
  return name ? g_str_hash (name) : 0;
}

/* GEqualFunc of names, NULL (not known) among them. */
static gboolean
rows_name_equal (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (a, b) == 0;
}

void
rows_fold_count (RowsFold *f, guint32 raw, gboolean unknown, gboolean failed, gint64 life,
                 const Cost *cost)
{
  guint64 v;
  guint i;

  f->count++;
  f->failed += failed;
  if (cost_get (cost, COST_CPU, &v))
    {
      f->cpu_ns = v > G_MAXUINT64 - f->cpu_ns ? G_MAXUINT64 : f->cpu_ns + v;
      f->cpu_measured++;
    }
  if (cost_get (cost, COST_PEAK_RSS, &v))
    {
      f->peak_rss = MAX (f->peak_rss, v);
      f->peak_measured++;
    }
  if (life >= 0)
    {
      f->min_life = f->min_life < 0 ? life : MIN (f->min_life, life);
      f->max_life = MAX (f->max_life, life);
    }
  for (i = 0; i < ROWS_FOLD_STATUSES && f->statuses[i].count; i++)
    if (f->statuses[i].unknown == unknown && (unknown || f->statuses[i].raw == raw))
      break;
  if (i == ROWS_FOLD_STATUSES)
    {
      f->other++;
      return;
    }
  f->statuses[i].raw = raw;
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

/* Counts exited member P into fold F, its TCPU as options O give it, and
 * its life too when they ask for lives. */
static void
rows_fold_add (RowsFold *f, const Proc *p, const RowsOptions *o)
{
  guint64 unknown, ns = rows_tcpu (p, rows_live_find (o->live_cpu, p->serial), &unknown);

  f->tcpu_ns = ns > G_MAXUINT64 - f->tcpu_ns ? G_MAXUINT64 : f->tcpu_ns + ns;
  f->tcpu_unknown += unknown;
  if (o->lives)
    {
      GraphLifeSpan span = { p->start_ns, p->end_ns };
      if (!f->lives)
        f->lives = g_array_new (FALSE, FALSE, sizeof (GraphLifeSpan));
      g_array_append_val (f->lives, span);
    }
  rows_fold_count (f, p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0,
                   rows_proc_failed (p), proc_lifetime (p, 0), proc_cost (p));
}

/* Whether child C of P is the held process and stays out of its fold: a
 * closed fold would hide it (in an unfolded one it shows as a member, so
 * moving among members does not take them out of it). */
static gboolean
rows_held_apart (const RowsOptions *o, const Proc *p, const Proc *c)
{
  g_autofree char *key = NULL;

  if (c != o->held)
    return FALSE;
  g_autofree char *name = rows_fold_name (p, c);
  key = rows_fold_key (p->serial, name);
  return !o->unfolded || !g_hash_table_contains (o->unfolded, key);
}

/* Groups P's exited children that would show at DEPTH by name, keeping the
 * groups of more than ROWS_FOLD_MIN.  Returns NULL when nothing folds.
 * The followed process never folds. */
RowsFolding *
rows_fold_groups (RowsWalk *w, const Proc *p)
{
  g_autoptr (GHashTable) groups = NULL;
  guint dead = 0;

  for (GList *l = p->children.head; l; l = l->next)
    dead += !((Proc *) l->data)->alive;
  if (dead <= ROWS_FOLD_MIN)
    return NULL;
  groups = g_hash_table_new_full (rows_name_hash, rows_name_equal, NULL, rows_group_free);
  RowsGroup *last = NULL;
  for (GList *l = p->children.head; l; l = l->next)
    {
      Proc *c = l->data;
      /* Those whose name is not known fold together, under that. */
      if (c->alive || rows_on_reveal_path (w->o, c) || rows_held_apart (w->o, p, c)
          || !rows_probe (w, c))
        continue;
      /* Siblings of one name mostly come in a row: the last group first. */
      g_autofree char *name = rows_fold_name (p, c);
      RowsGroup *g = last && g_strcmp0 (last->fold->name, name) == 0
                     ? last : g_hash_table_lookup (groups, name);
      if (!g)
        {
          g = g_new0 (RowsGroup, 1);
          g->fold = g_new0 (RowsFold, 1);
          g->fold->comm = g_strdup (c->comm);
          g->fold->name = g_steal_pointer (&name);
          g->fold->parent = p->serial;
          g->fold->min_life = g->fold->max_life = -1;
          g->members = g_ptr_array_new ();
          g_hash_table_insert (groups, g->fold->name, g);
        }
      g_ptr_array_add (g->members, l->data);
      last = g;
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
          rows_fold_add (g->fold, g->members->pdata[i], w->o);
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

/* Emits the fold row of group G at DEPTH.  Returns whether it is unfolded
 * (its members then show beneath it). */
gboolean
rows_emit_fold (RowsWalk *w, RowsGroup *g, guint depth)
{
  g_autofree char *key = rows_fold_key (g->fold->parent, g->fold->name);
  gboolean open = w->o->unfolded && g_hash_table_contains (w->o->unfolded, key);
  const Proc *latest = g->members->pdata[0];
  guint at = w->rows->len;
  gboolean held = FALSE;

  for (guint i = 0; i < g->members->len; i++)
    {
      const Proc *m = g->members->pdata[i];
      if (m->end_ns >= latest->end_ns)
        latest = m;
      held |= rows_tomb_expired (m, w->o->now_ns, w->o->tomb_show_ns) && rows_held (w->o, m);
    }
  {
    Row r = { .proc = latest, .fold = g_steal_pointer (&g->fold), .serial = r.fold->parent,
              .tid = ROWS_TID_FOLD, .depth = depth,
              .flags = ROW_F_FOLD | ROW_F_TOMB | ROW_F_CHILDREN
                       | (open ? 0 : ROW_F_COLLAPSED) | (held ? ROW_F_HELD : 0) };
    g_array_append_val (w->rows, r);
  }
  if (w->filtering)
    g_array_index (w->rows, Row, at).flags |= ROW_F_MATCH;
  return open;
}
