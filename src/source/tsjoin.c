/* tsjoin.c - task statistics joined to the ends of processes (see tsjoin.h). */
#include "tsjoin.h"

#include <string.h>

/* A record waiting for the EXIT of its task (or a group's sums, for the
 * end of their process), in its slot of Tsjoin.recs. */
typedef struct {
  TsparseStats s;
  gint64 arrived;
  gboolean used;         /* the slot holds a record (else it is free) */
  guint32 next_free;     /* free: the next free slot + 1, 0 for none */
} TsjoinRecord;

/* The sums of the records of a process's threads that ended, for its end. */
typedef struct {
  gint tgid;
  guint n;               /* records summed */
  guint32 have;          /* the fields all of them had */
  guint64 v[TSPARSE_FIELD_MAX];  /* sums; the highest HIWATER_RSS */
  GList link;            /* in Tsjoin.sums_order; data is the sum */
} TsjoinSum;

/* An entry of the index: a record's id and where it is, so that a search
 * reads the index alone. */
typedef struct {
  guint32 id;
  guint32 ref;           /* slot + 1 in Tsjoin.recs, with TSJOIN_GROUP for
                            a group's sums; 0: an empty entry */
} TsjoinEntry;

/* The bit of TsjoinEntry.ref that marks a group's sums, and the most
 * records held, whose slots stay below it. */
#define TSJOIN_GROUP 0x80000000u
#define TSJOIN_MAX_RECORDS (1u << 30)

/* The records, and an index of them by (id, group): open addressing with
 * linear probing over a power of two of slots, deletion by shifting back
 * (no tombstones), never shrinking.  Records come in bursts of exits and
 * go within milliseconds: a GHashTable would grow and shrink with each,
 * at a cost the budget of task statistics noticed. */
struct Tsjoin {
  GArray *recs;          /* TsjoinRecord, slots used and free */
  guint32 free_head;     /* the first free slot + 1, 0 for none */
  TsjoinEntry *index;
  guint32 mask;          /* the index's size - 1 */
  guint count;           /* records held */
  GHashTable *sums;      /* process id -> TsjoinSum* */
  GQueue sums_order;     /* the sums, least lately added to first */
  guint max;
  gint64 keep_ns;
  guint32 delays;        /* the delays taken (TSJOIN_DELAYS or _ALWAYS) */
};

/* A record's figures and a Cost's are the same and in the same order, but
 * for the tick samples, which a Cost holds as the split of the CPU time,
 * and the peak, in KiB in a record and in bytes in a Cost: a record's
 * field F is a Cost's field F. */
G_STATIC_ASSERT ((int) TSPARSE_CPU == (int) COST_CPU);
G_STATIC_ASSERT ((int) TSPARSE_UTIME == (int) COST_CPU_USER);
G_STATIC_ASSERT ((int) TSPARSE_STIME == (int) COST_CPU_SYSTEM);
G_STATIC_ASSERT ((int) TSPARSE_HIWATER_RSS == (int) COST_PEAK_RSS);
G_STATIC_ASSERT ((int) TSPARSE_READ_BYTES == (int) COST_DISK_READ);
G_STATIC_ASSERT ((int) TSPARSE_WRITE_BYTES == (int) COST_DISK_WRITE);
G_STATIC_ASSERT ((int) TSPARSE_NVCSW == (int) COST_CSW_VOLUNTARY);
G_STATIC_ASSERT ((int) TSPARSE_NIVCSW == (int) COST_CSW_INVOLUNTARY);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_CPU == (int) COST_DELAY_CPU);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_BLKIO == (int) COST_DELAY_BLKIO);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_SWAPIN == (int) COST_DELAY_SWAPIN);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_FREEPAGES == (int) COST_DELAY_RECLAIM);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_THRASHING == (int) COST_DELAY_THRASHING);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_COMPACT == (int) COST_DELAY_COMPACT);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_WPCOPY == (int) COST_DELAY_WPCOPY);
G_STATIC_ASSERT ((int) TSPARSE_DELAY_IRQ == (int) COST_DELAY_IRQ);
G_STATIC_ASSERT ((int) TSPARSE_FIELD_MAX == (int) COST_FIELD_MAX);

/* The delays, the last fields from the CPU's on, and the one the kernel
 * keeps without kernel.task_delayacct (the CPU's comes from the
 * scheduler). */
G_STATIC_ASSERT (COST_DELAY_CPU + 8 == COST_FIELD_MAX && COST_DELAY_IRQ + 1 == COST_FIELD_MAX);
#define TSJOIN_DELAYS (COST_BIT (COST_FIELD_MAX) - COST_BIT (COST_DELAY_CPU))
#define TSJOIN_DELAYS_ALWAYS COST_BIT (COST_DELAY_CPU)
/* The disk bytes and context switches. */
#define TSJOIN_COUNTS \
  (COST_BIT (COST_DISK_READ) | COST_BIT (COST_DISK_WRITE) | COST_BIT (COST_CSW_VOLUNTARY) \
   | COST_BIT (COST_CSW_INVOLUNTARY))

/* The index's first size. */
#define TSJOIN_INDEX_MIN 64

Tsjoin *
tsjoin_new (guint max_records, gint64 keep_ns, gboolean delays)
{
  Tsjoin *j = g_new0 (Tsjoin, 1);

  j->recs = g_array_new (FALSE, FALSE, sizeof (TsjoinRecord));
  j->index = g_new0 (TsjoinEntry, TSJOIN_INDEX_MIN);
  j->mask = TSJOIN_INDEX_MIN - 1;
  j->sums = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_queue_init (&j->sums_order);
  j->max = CLAMP (max_records, 1, TSJOIN_MAX_RECORDS);
  j->keep_ns = keep_ns;
  j->delays = delays ? TSJOIN_DELAYS : TSJOIN_DELAYS_ALWAYS;
  return j;
}

void
tsjoin_free (Tsjoin *j)
{
  if (!j)
    return;
  g_array_unref (j->recs);
  g_free (j->index);
  g_hash_table_unref (j->sums);
  g_free (j);
}

/* The record in slot I. */
static TsjoinRecord *
tsjoin_rec (const Tsjoin *j, guint32 i)
{
  return &g_array_index (j->recs, TsjoinRecord, i);
}

/* Where the index looks first for (ID, GROUP). */
static guint32
tsjoin_home (const Tsjoin *j, guint32 id, gboolean group)
{
  return ((id * 2654435761u) ^ (group ? 0x9e3779b9u : 0)) & j->mask;
}

/* The slot of Tsjoin.recs that the index entry E points to. */
static guint32
tsjoin_slot (const TsjoinEntry *e)
{
  return (e->ref & ~TSJOIN_GROUP) - 1;
}

/* Where the index looks first for entry E. */
static guint32
tsjoin_entry_home (const Tsjoin *j, const TsjoinEntry *e)
{
  return tsjoin_home (j, e->id, (e->ref & TSJOIN_GROUP) != 0);
}

/* The position in the index of the record of (ID, GROUP), or -1. */
static gint64
tsjoin_find (const Tsjoin *j, guint32 id, gboolean group)
{
  guint32 mark = group ? TSJOIN_GROUP : 0;

  for (guint32 at = tsjoin_home (j, id, group);; at = (at + 1) & j->mask)
    {
      const TsjoinEntry *e = &j->index[at];
      if (!e->ref)
        return -1;
      if (e->id == id && (e->ref & TSJOIN_GROUP) == mark)
        return at;
    }
}

/* Files the record in SLOT in the index, which has room. */
static void
tsjoin_index_put (Tsjoin *j, guint32 slot)
{
  const TsjoinRecord *r = tsjoin_rec (j, slot);
  guint32 at = tsjoin_home (j, r->s.id, r->s.group);

  while (j->index[at].ref)
    at = (at + 1) & j->mask;
  j->index[at] = (TsjoinEntry) { .id = r->s.id,
                                 .ref = (slot + 1) | (r->s.group ? TSJOIN_GROUP : 0) };
}

/* Takes position AT out of the index, shifting back the records after it
 * that would no longer be found, and frees the record's slot. */
static void
tsjoin_remove_at (Tsjoin *j, guint32 at)
{
  guint32 slot = tsjoin_slot (&j->index[at]), hole = at;
  TsjoinRecord *r = tsjoin_rec (j, slot);

  r->used = FALSE;
  r->next_free = j->free_head;
  j->free_head = slot + 1;
  j->count--;
  for (guint32 next = (at + 1) & j->mask; j->index[next].ref; next = (next + 1) & j->mask)
    {
      guint32 home = tsjoin_entry_home (j, &j->index[next]);
      /* It stays unless the hole lies between its home and it. */
      if (((next - home) & j->mask) >= ((next - hole) & j->mask))
        {
          j->index[hole] = j->index[next];
          hole = next;
        }
    }
  j->index[hole] = (TsjoinEntry) { 0 };
  /* Empty again after a backlog: what it took is given back. */
  if (j->count == 0 && j->mask + 1 > TSJOIN_INDEX_MIN)
    {
      g_array_set_size (j->recs, 0);
      j->free_head = 0;
      g_free (j->index);
      j->index = g_new0 (TsjoinEntry, TSJOIN_INDEX_MIN);
      j->mask = TSJOIN_INDEX_MIN - 1;
    }
}

/* Doubles the index, filing every record again. */
static void
tsjoin_grow (Tsjoin *j)
{
  g_free (j->index);
  j->mask = j->mask * 2 + 1;
  j->index = g_new0 (TsjoinEntry, j->mask + 1);
  for (guint32 i = 0; i < j->recs->len; i++)
    if (tsjoin_rec (j, i)->used)
      tsjoin_index_put (j, i);
}

void
tsjoin_expire (Tsjoin *j, gint64 now_ns)
{
  for (guint32 i = 0; i < j->recs->len && j->count; i++)
    {
      const TsjoinRecord *r = tsjoin_rec (j, i);
      if (r->used && now_ns - r->arrived > j->keep_ns)
        tsjoin_remove_at (j, (guint32) tsjoin_find (j, r->s.id, r->s.group));
    }
}

void
tsjoin_add (Tsjoin *j, const TsparseStats *s, gint64 now_ns)
{
  gint64 old = tsjoin_find (j, s->id, s->group);
  guint32 slot;

  if (old >= 0)
    tsjoin_remove_at (j, (guint32) old);
  else if (j->count >= j->max)
    {
      tsjoin_expire (j, now_ns);
      if (j->count >= j->max)
        return;
    }
  if (j->free_head)
    {
      slot = j->free_head - 1;
      j->free_head = tsjoin_rec (j, slot)->next_free;
    }
  else
    {
      slot = j->recs->len;
      g_array_set_size (j->recs, slot + 1);
    }
  *tsjoin_rec (j, slot) = (TsjoinRecord) { .s = *s, .arrived = now_ns, .used = TRUE };
  j->count++;
  if (j->count * 2 > j->mask + 1)
    tsjoin_grow (j);
  else
    tsjoin_index_put (j, slot);
}

gboolean
tsjoin_has (const Tsjoin *j, gint pid)
{
  return tsjoin_find (j, (guint32) pid, FALSE) >= 0;
}

/* Takes the record of (ID, GROUP) into *OUT.  Returns FALSE when there is
 * none. */
static gboolean
tsjoin_take (Tsjoin *j, gint id, gboolean group, TsparseStats *out)
{
  gint64 at = j->count ? tsjoin_find (j, (guint32) id, group) : -1;

  if (at < 0)
    return FALSE;
  *out = tsjoin_rec (j, tsjoin_slot (&j->index[at]))->s;
  tsjoin_remove_at (j, (guint32) at);
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

/* Sets the FIELDS of C that the figures V (those of HAVE) measured, the
 * peak in bytes. */
static void
tsjoin_take_fields (CostValues *c, guint32 have, const guint64 *v, guint32 fields)
{
  for (guint32 left = have & fields; left;)
    {
      guint f = cost_field_take (&left);
      c->v[f] = f == COST_PEAK_RSS ? v[f] * 1024 : v[f];
    }
  c->have |= have & fields;
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
 * the tick samples of SAMPLES (of SAMPLES_HAVE).  A time of 0 is not a
 * measure: the kernel adds up a task's running time at ticks and switches,
 * not at its exit, so a task that ran in one go, between two ticks, ends
 * with none counted. */
static void
tsjoin_put_cpu (CostValues *c, guint32 have, const guint64 *v, guint32 samples_have,
                const guint64 *samples)
{
  const guint32 ticks = TSPARSE_BIT (TSPARSE_UTIME) | TSPARSE_BIT (TSPARSE_STIME);

  if (!(have & TSPARSE_BIT (TSPARSE_CPU)) || v[TSPARSE_CPU] == 0)
    return;
  tsjoin_take_fields (c, have, v, COST_BIT (COST_CPU));
  if ((samples_have & ticks) == ticks)
    tsjoin_split (c, v[TSPARSE_CPU], samples[TSPARSE_UTIME], samples[TSPARSE_STIME]);
}

/* What the single task whose record is T cost; with PEAK its memory's
 * peak (a process's). */
static Cost *
tsjoin_task_cost (const Tsjoin *j, const TsparseStats *t, gboolean peak)
{
  CostValues c = { 0 };

  tsjoin_put_cpu (&c, t->have, t->v, t->have, t->v);
  tsjoin_take_fields (&c, t->have, t->v,
                      TSJOIN_COUNTS | j->delays | (peak ? COST_BIT (COST_PEAK_RSS) : 0));
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

  tsjoin_take_fields (&c, g->have, g->v, j->delays);
  if (sum)
    tsjoin_take_fields (&c, sum->have, sum->v, COST_BIT (COST_PEAK_RSS));
  tsjoin_put_cpu (&c, g->have, g->v, all ? sum->have : 0, all ? sum->v : g->v);
  if (all)
    tsjoin_take_fields (&c, sum->have, sum->v, TSJOIN_COUNTS);
  return cost_new (&c);
}

Cost *
tsjoin_exit (Tsjoin *j, gint pid, gint tgid, gboolean ends, gboolean thread_cost,
             char comm[16])
{
  TsparseStats task, group;
  gboolean have_task = tsjoin_take (j, pid, FALSE, &task);

  /* The record's name ends within its 16 bytes (tsparse_struct). */
  if (comm && ends && have_task && pid == tgid)
    memcpy (comm, task.comm, sizeof task.comm);
  else if (comm)
    comm[0] = '\0';
  if (!ends)
    {
      if (!have_task)
        return NULL;
      tsjoin_sum_thread (j, tgid, &task);
      return thread_cost ? tsjoin_task_cost (j, &task, FALSE) : NULL;
    }
  gboolean have_group = tsjoin_take (j, tgid, TRUE, &group);
  gpointer found = NULL;
  TsjoinSum *sum = NULL;
  Cost *cost = NULL;

  if (g_hash_table_size (j->sums)
      && g_hash_table_steal_extended (j->sums, GINT_TO_POINTER (tgid), NULL, &found))
    {
      sum = found;
      g_queue_unlink (&j->sums_order, &sum->link);
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
  return j->count;
}
