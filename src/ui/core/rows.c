/* rows.c - tree flattening with collapse, filters and tombstone windows;
 * folds are made in rowsfold.c, the order of children in rowssort.c. */
#include <string.h>
#include "filter.h"
#include "rowsprivate.h"

/* GArray clear function: a row frees its fold. */
static void
rows_row_clear (gpointer data)
{
  Row *r = data;
  g_clear_pointer (&r->fold, rows_fold_free);
}

/* Whether P passes the filter by itself. */
static gboolean
rows_proc_matches (const RowsWalk *w, const Proc *p)
{
  return !w->o->filter || filter_match_proc (w->o->filter, p, w->o->now_ns);
}

/* Whether exited P failed: a non-zero code, a signal, a core dump. */
gboolean
rows_proc_failed (const Proc *p)
{
  return (p->flags & PROC_F_COREDUMP)
         || event_status_failed (p->exit_code, (p->flags & PROC_F_STATUS_UNKNOWN) != 0);
}

/* Adds B's sum into A's, saturating. */
static void
rows_live_add (RowsLiveCpu *a, const RowsLiveCpu *b)
{
  a->ns = b->ns > G_MAXUINT64 - a->ns ? G_MAXUINT64 : a->ns + b->ns;
  a->live += b->live;
  a->unread += b->unread;
}

/* One live process being summed by rows_live_cpu, and its next child. */
typedef struct {
  const Proc *p;
  GList *next;
  RowsLiveCpu sum;
} RowsLiveFrame;

void
rows_live_cpu (const Proc *top, RowsSampleFunc get, gpointer user, GHashTable *sums,
               RowsLiveCpu *out)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (RowsLiveFrame));

  *out = (RowsLiveCpu) { 0 };
  /* A tombstone has no live process below it (they go to init). */
  if (!top->alive)
    return;
  for (const Proc *p = top; p;)
    {
      /* Enter P: itself. */
      const ProcSample *s = get ? get (p, user) : NULL;
      RowsLiveFrame f = { .p = p, .next = p->children.head, .sum = { .live = 1 } };
      if (s && s->cpu_ns >= 0)
        f.sum.ns = (guint64) s->cpu_ns;
      else
        f.sum.unread = 1;
      g_array_append_val (stack, f);
      p = NULL;
      /* Then its next live child, or leave it (and those done) upwards. */
      while (!p && stack->len)
        {
          RowsLiveFrame *top_f = &g_array_index (stack, RowsLiveFrame, stack->len - 1);
          for (; top_f->next && !p; top_f->next = top_f->next->next)
            if (((const Proc *) top_f->next->data)->alive)
              p = top_f->next->data;
          if (p)
            break;
          RowsLiveFrame done = *top_f;
          g_array_set_size (stack, stack->len - 1);
          if (sums)
            g_hash_table_insert (sums, g_memdup2 (&done.p->serial, sizeof done.p->serial),
                                 g_memdup2 (&done.sum, sizeof done.sum));
          rows_live_add (stack->len ? &g_array_index (stack, RowsLiveFrame, stack->len - 1).sum
                                    : out, &done.sum);
        }
    }
}

guint64
rows_tcpu (const Proc *p, const RowsLiveCpu *live, guint64 *unknown)
{
  guint64 ns, unmeasured, own;

  proc_ended_cpu (p, &ns, &unmeasured);
  if (!p->alive && !cost_get (proc_cost (p), COST_CPU, &own))
    unmeasured++;
  else if (!p->alive)
    ns = own > G_MAXUINT64 - ns ? G_MAXUINT64 : ns + own;
  if (live)
    {
      ns = live->ns > G_MAXUINT64 - ns ? G_MAXUINT64 : ns + live->ns;
      unmeasured += live->unread;
    }
  else if (p->alive)
    unmeasured++;  /* itself, not read */
  if (unknown)
    *unknown = unmeasured;
  return ns;
}

const RowsLiveCpu *
rows_live_find (GHashTable *live_cpu, guint64 serial)
{
  return live_cpu ? g_hash_table_lookup (live_cpu, &serial) : NULL;
}

gboolean
rows_tomb_expired (const Proc *p, gint64 now_ns, gint64 tomb_show_ns)
{
  return !p->alive && event_ns_sub (now_ns, p->end_ns) >= tomb_show_ns;
}

/* Whether P is held: the selected process, the one whose details the log
 * shows, or a member of the selected fold that ended since it was
 * selected or within its window then. */
gboolean
rows_held (const RowsOptions *o, const Proc *p)
{
  if (p == o->held || p == o->held_log)
    return TRUE;
  g_autofree char *name = NULL;

  if (!o->held_fold || p->alive || !p->parent || p->parent->serial != o->held_fold
      || p->end_ns < o->held_fold_since)
    return FALSE;
  name = rows_fold_name (p->parent, p);
  return g_strcmp0 (name, o->held_fold_name) == 0;
}

/* Whether P is alive, or a tombstone inside its display window (or held
 * past it). */
static gboolean
rows_tomb_visible (const RowsOptions *o, const Proc *p)
{
  if (p->alive)
    return TRUE;
  if (rows_tomb_expired (p, o->now_ns, o->tomb_show_ns) && !rows_held (o, p))
    return FALSE;
  return !o->hide_ok_tombs || rows_proc_failed (p);
}

/* Whether P lies on the followed process's path to its root. */
gboolean
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

/* Whether P is a kernel thread not to be shown (nor anything beneath it). */
static gboolean
rows_hidden (const RowsWalk *w, const Proc *p)
{
  return (p->flags & PROC_F_KTHREAD) && !w->o->kthreads && p != w->o->reveal;
}

/* Whether P shows by itself: it matches the filter (SELF) and is alive or
 * a tombstone in its window, or it is the followed process. */
static gboolean
rows_shows (const RowsWalk *w, const Proc *p, gboolean self)
{
  return p == w->o->reveal || (self && rows_tomb_visible (w->o, p));
}

/* Whether P or anything beneath it shows. */
gboolean
rows_probe (RowsWalk *w, Proc *p)
{
  g_ptr_array_set_size (w->probe, 0);
  g_ptr_array_add (w->probe, p);
  while (w->probe->len)
    {
      const Proc *q = g_ptr_array_steal_index_fast (w->probe, w->probe->len - 1);
      if (rows_hidden (w, q))
        continue;
      if (rows_shows (w, q, rows_proc_matches (w, q)))
        return TRUE;
      for (GList *l = q->children.head; l; l = l->next)
        g_ptr_array_add (w->probe, l->data);
    }
  return FALSE;
}

/* One process (or an unfolded fold) being visited by rows_walk(). */
typedef struct {
  const Proc *p;         /* NULL for a fold, whose members follow */
  guint depth;           /* of the process's row; a fold's */
  guint at;              /* index of its row */
  gboolean self;         /* it matches the filter */
  gboolean shown;        /* it shows by itself (rows_shows) */
  gboolean collapsed;
  gboolean below;        /* something beneath it shows */
  RowsFolding *folding;  /* its folded children, or NULL */
  GList *next;           /* the next child to visit, when in order */
  GPtrArray *order;      /* else its children sorted (rows_sorted) */
  guint order_at;        /* and the next of them to visit */
  GPtrArray *members;    /* a fold: its members (borrowed) */
  guint member;          /* the next member to visit */
} RowsFrame;

/* The next child of frame F to visit (advancing), or NULL when done. */
static Proc *
rows_next_child (RowsFrame *f)
{
  Proc *c = NULL;

  if (f->order)
    {
      if (f->order_at < f->order->len)
        c = f->order->pdata[f->order_at++];
    }
  else if (f->next)
    {
      c = f->next->data;
      f->next = f->next->next;
    }
  return c;
}

/* Starts visiting P at DEPTH: appends its row (kept if it or something
 * beneath it shows), its threads, and a frame for its children.  A hidden
 * kernel thread gets nothing. */
static void
rows_enter (RowsWalk *w, const Proc *p, guint depth)
{
  RowsFrame f = { .p = p, .depth = depth, .at = w->rows->len, .next = p->children.head };
  Row r = { .proc = p, .serial = p->serial, .depth = depth };

  if (rows_hidden (w, p))
    return;
  f.self = rows_proc_matches (w, p) || p == w->o->reveal;
  f.shown = rows_shows (w, p, f.self);
  f.collapsed = rows_collapsed (w, p);
  if (!f.collapsed)
    {
      f.folding = rows_fold_groups (w, p);
      w->sorting = f.folding;
      f.order = rows_sorted (w, p->children.head);
      w->sorting = NULL;
    }
  g_array_append_val (w->rows, r);
  if (w->o->threads && !f.collapsed && f.self)
    rows_add_threads (w, p, depth + 1);
  g_array_append_val (w->frames, f);
}

/* Ends the visit of frame F: drops its row when neither it nor anything
 * beneath it shows, else marks it.  Returns whether it stays. */
static gboolean
rows_leave (RowsWalk *w, RowsFrame *f)
{
  const Proc *p = f->p;

  g_clear_pointer (&f->folding, rows_folding_free);
  g_clear_pointer (&f->order, g_ptr_array_unref);
  if (!p)
    return TRUE;  /* a fold's row always stays */
  if (!f->shown && !f->below)
    {
      g_array_set_size (w->rows, f->at);
      return FALSE;
    }
  Row *r = &g_array_index (w->rows, Row, f->at);
  if (f->self && w->filtering)
    r->flags |= ROW_F_MATCH;
  if (!f->self)
    r->flags |= ROW_F_DIM;
  if (!p->alive)
    r->flags |= ROW_F_TOMB;
  /* Past its window, it shows because it is held, not for what is below. */
  if (f->shown && !f->below && rows_held (w->o, p)
      && rows_tomb_expired (p, w->o->now_ns, w->o->tomb_show_ns))
    r->flags |= ROW_F_HELD;
  if (w->rows->len > f->at + 1)
    r->flags |= ROW_F_CHILDREN;
  if (f->collapsed && (f->below || (w->o->threads && p->threads
                                    && g_hash_table_size (p->threads) > 0)))
    r->flags |= ROW_F_CHILDREN | ROW_F_COLLAPSED;
  return TRUE;
}

/* Appends the rows of the tree under ROOT, depth first, with an explicit
 * stack of frames. */
static void
rows_walk (RowsWalk *w, const Proc *root)
{
  g_array_set_size (w->frames, 0);
  rows_enter (w, root, 0);
  while (w->frames->len)
    {
      RowsFrame *f = &g_array_index (w->frames, RowsFrame, w->frames->len - 1);
      if (f->members)
        {
          /* An unfolded fold: its members, one level below it. */
          if (f->member < f->members->len)
            rows_enter (w, f->members->pdata[f->member++], f->depth + 1);
          else
            g_array_set_size (w->frames, w->frames->len - 1);
          continue;
        }
      Proc *c = rows_next_child (f);
      if (!c)
        {
          gboolean stays = rows_leave (w, f);
          g_array_set_size (w->frames, w->frames->len - 1);
          if (w->frames->len)
            g_array_index (w->frames, RowsFrame, w->frames->len - 1).below |= stays;
          continue;
        }
      RowsGroup *g = f->folding ? g_hash_table_lookup (f->folding->by_member, c) : NULL;
      if (g)
        {
          /* The group's first member stands for all of them. */
          f->below = TRUE;
          if (g->fold)
            {
              GPtrArray *members = g->members;
              guint depth = f->depth + 1;
              if (rows_emit_fold (w, g, depth))
                {
                  RowsFrame fold = { .depth = depth, .members = members };
                  g_array_append_val (w->frames, fold);
                }
            }
        }
      else if (!f->collapsed)
        rows_enter (w, c, f->depth + 1);  /* F may move: not used after */
      else if (!f->below)
        f->below = rows_probe (w, c);
    }
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
  w.frames = g_array_new (FALSE, TRUE, sizeof (RowsFrame));
  w.probe = g_ptr_array_new ();
  if (roots)
    {
      g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (roots->len);
      for (guint i = 0; i < roots->len; i++)
        g_ptr_array_add (sorted, roots->pdata[i]);
      if (!rows_sort_is_seen (opts->sort, opts->sort_reverse))
        g_ptr_array_sort_with_data (sorted, rows_cmp, &w);
      for (guint i = 0; i < sorted->len; i++)
        rows_walk (&w, sorted->pdata[i]);
    }
  rows_link (w.rows);
  g_array_unref (w.frames);
  g_ptr_array_unref (w.probe);
  return w.rows;
}

gint
rows_find (const GArray *rows, guint64 serial, gint tid, const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      if (r->serial == serial && r->tid == tid
          && (tid != ROWS_TID_FOLD || g_strcmp0 (r->fold->name, name) == 0))
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
