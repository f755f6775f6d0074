/* tsjoin.c - task statistics joined to the ends of processes (see tsjoin.h). */
#include "tsjoin.h"

/* A record waiting for the EXIT of its task (or a group's sums, for the
 * end of their process). */
typedef struct {
  TsparseStats s;
  gint64 arrived;
  GList link;            /* in Tsjoin.order; data is the record */
} TsjoinRecord;

/* The sums of the records of a process's threads that ended, for its end. */
typedef struct {
  gint tgid;
  guint n;               /* records summed */
  guint32 have;          /* the fields all of them had */
  guint64 v[TSPARSE_FIELD_MAX];  /* sums; the highest HIWATER_RSS */
  GList link;            /* in Tsjoin.sums_order; data is the sum */
} TsjoinSum;

struct Tsjoin {
  GHashTable *tasks;     /* thread id -> TsjoinRecord* */
  GHashTable *groups;    /* process id -> TsjoinRecord* (group sums) */
  GQueue order;          /* every record, oldest first */
  GHashTable *sums;      /* process id -> TsjoinSum* */
  GQueue sums_order;     /* the sums, least lately added to first */
  guint max;
  gint64 keep_ns;
  gboolean delays;
};

/* The delays: their fields here and in a Cost, and whether the kernel keeps
 * them without kernel.task_delayacct (the CPU's comes from the scheduler). */
static const struct {
  TsparseField from;
  CostField to;
  gboolean always;
} tsjoin_delays[] = {
  { TSPARSE_DELAY_CPU, COST_DELAY_CPU, TRUE },
  { TSPARSE_DELAY_BLKIO, COST_DELAY_BLKIO, FALSE },
  { TSPARSE_DELAY_SWAPIN, COST_DELAY_SWAPIN, FALSE },
  { TSPARSE_DELAY_FREEPAGES, COST_DELAY_RECLAIM, FALSE },
  { TSPARSE_DELAY_THRASHING, COST_DELAY_THRASHING, FALSE },
  { TSPARSE_DELAY_COMPACT, COST_DELAY_COMPACT, FALSE },
  { TSPARSE_DELAY_WPCOPY, COST_DELAY_WPCOPY, FALSE },
  { TSPARSE_DELAY_IRQ, COST_DELAY_IRQ, FALSE },
};

/* The counts taken from a task's record or a process's threads' sums. */
static const struct {
  TsparseField from;
  CostField to;
} tsjoin_counts[] = {
  { TSPARSE_READ_BYTES, COST_DISK_READ },
  { TSPARSE_WRITE_BYTES, COST_DISK_WRITE },
  { TSPARSE_NVCSW, COST_CSW_VOLUNTARY },
  { TSPARSE_NIVCSW, COST_CSW_INVOLUNTARY },
};

/* Frees a record (a GDestroyNotify of the tables, which own them). */
static void
tsjoin_record_free (gpointer data)
{
  g_free (data);
}

Tsjoin *
tsjoin_new (guint max_records, gint64 keep_ns, gboolean delays)
{
  Tsjoin *j = g_new0 (Tsjoin, 1);

  j->tasks = g_hash_table_new_full (NULL, NULL, NULL, tsjoin_record_free);
  j->groups = g_hash_table_new_full (NULL, NULL, NULL, tsjoin_record_free);
  j->sums = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_queue_init (&j->order);
  g_queue_init (&j->sums_order);
  j->max = MAX (max_records, 1);
  j->keep_ns = keep_ns;
  j->delays = delays;
  return j;
}

void
tsjoin_free (Tsjoin *j)
{
  if (!j)
    return;
  g_hash_table_unref (j->tasks);
  g_hash_table_unref (j->groups);
  g_hash_table_unref (j->sums);
  g_free (j);
}

/* The table records like S are filed in. */
static GHashTable *
tsjoin_table (const Tsjoin *j, const TsparseStats *s)
{
  return s->group ? j->groups : j->tasks;
}

/* Takes record R out of the queue and its table, which frees it. */
static void
tsjoin_drop (Tsjoin *j, TsjoinRecord *r)
{
  g_queue_unlink (&j->order, &r->link);
  g_hash_table_remove (tsjoin_table (j, &r->s), GUINT_TO_POINTER (r->s.id));
}

/* Drops the records that arrived more than keep_ns before NOW_NS, and the
 * oldest while there are more than ROOM short of the cap. */
static void
tsjoin_expire (Tsjoin *j, gint64 now_ns, guint room)
{
  while (j->order.head)
    {
      TsjoinRecord *oldest = j->order.head->data;
      if (j->order.length + room <= j->max && now_ns - oldest->arrived <= j->keep_ns)
        break;
      tsjoin_drop (j, oldest);
    }
}

void
tsjoin_add (Tsjoin *j, const TsparseStats *s, gint64 now_ns)
{
  GHashTable *table = tsjoin_table (j, s);
  TsjoinRecord *old = g_hash_table_lookup (table, GUINT_TO_POINTER (s->id));

  if (old)
    tsjoin_drop (j, old);
  tsjoin_expire (j, now_ns, 1);
  TsjoinRecord *r = g_new0 (TsjoinRecord, 1);
  r->s = *s;
  r->arrived = now_ns;
  r->link.data = r;
  g_queue_push_tail_link (&j->order, &r->link);
  g_hash_table_insert (table, GUINT_TO_POINTER (s->id), r);
}

gboolean
tsjoin_has (Tsjoin *j, gint pid, gint64 now_ns)
{
  tsjoin_expire (j, now_ns, 0);
  return g_hash_table_contains (j->tasks, GINT_TO_POINTER (pid));
}

/* Takes the record of ID out of TABLE into *OUT.  Returns FALSE when
 * there is none. */
static gboolean
tsjoin_take (Tsjoin *j, GHashTable *table, gint id, TsparseStats *out)
{
  TsjoinRecord *r = g_hash_table_lookup (table, GINT_TO_POINTER (id));

  if (!r)
    return FALSE;
  *out = r->s;
  tsjoin_drop (j, r);
  return TRUE;
}

/* Adds the record S of a thread to SUM. */
static void
tsjoin_sum_add (TsjoinSum *sum, const TsparseStats *s)
{
  sum->have = sum->n++ ? sum->have & s->have : s->have;
  for (guint f = 0; f < TSPARSE_FIELD_MAX; f++)
    if (f == TSPARSE_HIWATER_RSS)
      sum->v[f] = MAX (sum->v[f], s->v[f]);
    else
      sum->v[f] += s->v[f];
}

/* Adds the record S of a thread that ended to the sums of its process
 * TGID, made if need be (dropping the least lately used beyond the cap). */
static void
tsjoin_sum_thread (Tsjoin *j, gint tgid, const TsparseStats *s)
{
  TsjoinSum *sum = g_hash_table_lookup (j->sums, GINT_TO_POINTER (tgid));

  if (sum)
    g_queue_unlink (&j->sums_order, &sum->link);
  else
    {
      while (j->sums_order.length >= j->max)
        {
          TsjoinSum *oldest = g_queue_pop_head_link (&j->sums_order)->data;
          g_hash_table_remove (j->sums, GINT_TO_POINTER (oldest->tgid));
        }
      sum = g_new0 (TsjoinSum, 1);
      sum->tgid = tgid;
      sum->link.data = sum;
      g_hash_table_insert (j->sums, GINT_TO_POINTER (tgid), sum);
    }
  g_queue_push_tail_link (&j->sums_order, &sum->link);
  tsjoin_sum_add (sum, s);
}

/* Sets field TO of C from field FROM of the figures V (those of HAVE),
 * times SCALE, when measured. */
static void
tsjoin_put (CostValues *c, CostField to, guint32 have, const guint64 *v, TsparseField from,
            guint64 scale)
{
  if (!(have & TSPARSE_BIT (from)))
    return;
  c->have |= COST_BIT (to);
  c->v[to] = v[from] * scale;
}

/* Splits CPU ns of C into user and system as getrusage(2) does, in the
 * proportion of the tick samples UTIME and STIME; nothing when no tick
 * was sampled. */
static void
tsjoin_split (CostValues *c, guint64 cpu, guint64 utime, guint64 stime)
{
  guint64 user;

  if (utime == 0 && stime == 0)
    return;
  if (stime == 0)
    user = cpu;
  else if (utime == 0)
    user = 0;
  else
    user = (guint64) ((double) cpu * ((double) utime / ((double) utime + (double) stime)));
  user = MIN (user, cpu);
  c->have |= COST_BIT (COST_CPU_USER) | COST_BIT (COST_CPU_SYSTEM);
  c->v[COST_CPU_USER] = user;
  c->v[COST_CPU_SYSTEM] = cpu - user;
}

/* The CPU time of C from the figures V (those of HAVE), and its split by
 * the tick samples of SAMPLES (of SAMPLES_HAVE). */
static void
tsjoin_put_cpu (CostValues *c, guint32 have, const guint64 *v, guint32 samples_have,
                const guint64 *samples)
{
  const guint32 ticks = TSPARSE_BIT (TSPARSE_UTIME) | TSPARSE_BIT (TSPARSE_STIME);

  tsjoin_put (c, COST_CPU, have, v, TSPARSE_CPU, 1);
  if ((have & TSPARSE_BIT (TSPARSE_CPU)) && (samples_have & ticks) == ticks)
    tsjoin_split (c, v[TSPARSE_CPU], samples[TSPARSE_UTIME], samples[TSPARSE_STIME]);
}

/* The delays of C from the figures V (those of HAVE). */
static void
tsjoin_put_delays (const Tsjoin *j, CostValues *c, guint32 have, const guint64 *v)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tsjoin_delays); i++)
    if (j->delays || tsjoin_delays[i].always)
      tsjoin_put (c, tsjoin_delays[i].to, have, v, tsjoin_delays[i].from, 1);
}

/* The disk bytes and context switches of C from the figures V (of HAVE). */
static void
tsjoin_put_counts (CostValues *c, guint32 have, const guint64 *v)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tsjoin_counts); i++)
    tsjoin_put (c, tsjoin_counts[i].to, have, v, tsjoin_counts[i].from, 1);
}

/* What the single task whose record is T cost; with PEAK its memory's
 * peak (a process's). */
static Cost *
tsjoin_task_cost (const Tsjoin *j, const TsparseStats *t, gboolean peak)
{
  CostValues c = { 0 };

  tsjoin_put_cpu (&c, t->have, t->v, t->have, t->v);
  if (peak)
    tsjoin_put (&c, COST_PEAK_RSS, t->have, t->v, TSPARSE_HIWATER_RSS, 1024);
  tsjoin_put_counts (&c, t->have, t->v);
  tsjoin_put_delays (j, &c, t->have, t->v);
  return cost_new (&c);
}

/* What a process that had more than one thread cost: its group's sums G,
 * and SUM of its threads' records (NULL: none came). */
static Cost *
tsjoin_group_cost (const Tsjoin *j, const TsparseStats *g, const TsjoinSum *sum)
{
  CostValues c = { 0 };

  /* Each thread's CPU time was read after it was added to the group's:
   * records that account for less than the group's are not all of them. */
  gboolean all = sum && (g->have & sum->have & TSPARSE_BIT (TSPARSE_CPU))
                 && sum->v[TSPARSE_CPU] >= g->v[TSPARSE_CPU];

  tsjoin_put_delays (j, &c, g->have, g->v);
  if (sum)
    tsjoin_put (&c, COST_PEAK_RSS, sum->have, sum->v, TSPARSE_HIWATER_RSS, 1024);
  tsjoin_put_cpu (&c, g->have, g->v, all ? sum->have : 0, all ? sum->v : g->v);
  if (all)
    tsjoin_put_counts (&c, sum->have, sum->v);
  return cost_new (&c);
}

Cost *
tsjoin_exit (Tsjoin *j, gint pid, gint tgid, gboolean ends, gboolean thread_cost,
             gint64 now_ns)
{
  TsparseStats task, group;
  gboolean have_task;

  tsjoin_expire (j, now_ns, 0);
  have_task = tsjoin_take (j, j->tasks, pid, &task);

  if (!ends)
    {
      if (!have_task)
        return NULL;
      tsjoin_sum_thread (j, tgid, &task);
      return thread_cost ? tsjoin_task_cost (j, &task, FALSE) : NULL;
    }
  gboolean have_group = tsjoin_take (j, j->groups, tgid, &group);
  TsjoinSum *sum = g_hash_table_lookup (j->sums, GINT_TO_POINTER (tgid));
  Cost *cost = NULL;

  if (sum)
    {
      g_queue_unlink (&j->sums_order, &sum->link);
      g_hash_table_steal (j->sums, GINT_TO_POINTER (tgid));
    }
  if (have_group)
    {
      if (have_task)
        {
          if (!sum)
            sum = g_new0 (TsjoinSum, 1);
          tsjoin_sum_add (sum, &task);
        }
      cost = tsjoin_group_cost (j, &group, sum);
    }
  else if (have_task && !sum)
    cost = tsjoin_task_cost (j, &task, TRUE);
  /* Otherwise threads ended but the group's sums never came: the
   * process's own record is a part only. */
  g_free (sum);
  return cost;
}

guint
tsjoin_count (const Tsjoin *j)
{
  return j->order.length;
}
