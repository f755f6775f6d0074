/* cost.c - what a process cost, packed and shared (see cost.h). */
#include "cost.h"

#include <string.h>

/* The measured values in field order, one per bit of HAVE. */
struct Cost {
  guint refs;
  guint32 have;
  guint64 v[];
};

/* JSON names of the fields, indexed by CostField. */
static const char *const cost_names[COST_FIELD_MAX] = {
  [COST_CPU] = "cpu_ns",
  [COST_CPU_USER] = "cpu_user_ns",
  [COST_CPU_SYSTEM] = "cpu_system_ns",
  [COST_PEAK_RSS] = "peak_rss_bytes",
  [COST_DISK_READ] = "disk_read_bytes",
  [COST_DISK_WRITE] = "disk_write_bytes",
  [COST_CSW_VOLUNTARY] = "ctx_switches_voluntary",
  [COST_CSW_INVOLUNTARY] = "ctx_switches_involuntary",
  [COST_DELAY_CPU] = "delay_cpu_ns",
  [COST_DELAY_BLKIO] = "delay_blkio_ns",
  [COST_DELAY_SWAPIN] = "delay_swapin_ns",
  [COST_DELAY_RECLAIM] = "delay_reclaim_ns",
  [COST_DELAY_THRASHING] = "delay_thrashing_ns",
  [COST_DELAY_COMPACT] = "delay_compact_ns",
  [COST_DELAY_WPCOPY] = "delay_wpcopy_ns",
  [COST_DELAY_IRQ] = "delay_irq_ns",
};

G_STATIC_ASSERT (COST_FIELD_MAX <= 32);  /* a bit per field in a guint32 */

/* Where field F's value is in C's packed array: the number of measured
 * fields before it. */
static guint
cost_slot (guint32 have, CostField f)
{
  return (guint) __builtin_popcount (have & (COST_BIT (f) - 1));
}

Cost *
cost_new (const CostValues *v)
{
  guint32 have = v->have & (COST_BIT (COST_FIELD_MAX) - 1);

  if (!have)
    return NULL;
  Cost *c = g_malloc (cost_size (have));
  c->refs = 1;
  c->have = have;
  /* The measured fields, lowest first: one step per field held. */
  guint i = 0;
  for (guint32 left = have; left;)
    c->v[i++] = v->v[cost_field_take (&left)];
  return c;
}

gsize
cost_size (guint32 have)
{
  guint n = (guint) __builtin_popcount (have & (COST_BIT (COST_FIELD_MAX) - 1));

  return n ? sizeof (Cost) + n * sizeof (guint64) : 0;
}

Cost *
cost_ref (Cost *c)
{
  if (c)
    c->refs++;
  return c;
}

void
cost_unref (Cost *c)
{
  if (c && --c->refs == 0)
    g_free (c);
}

gboolean
cost_get (const Cost *c, CostField f, guint64 *out)
{
  if (!c || (guint) f >= COST_FIELD_MAX || !(c->have & COST_BIT (f)))
    return FALSE;
  if (out)
    *out = c->v[cost_slot (c->have, f)];
  return TRUE;
}

void
cost_values (const Cost *c, CostValues *v)
{
  memset (v, 0, sizeof *v);
  if (!c)
    return;
  v->have = c->have;
  guint i = 0;
  for (guint32 left = c->have; left;)
    v->v[cost_field_take (&left)] = c->v[i++];
}

gboolean
cost_equal (const Cost *a, const Cost *b)
{
  guint32 have_a = a ? a->have : 0, have_b = b ? b->have : 0;

  if (have_a != have_b)
    return FALSE;
  return have_a == 0
         || memcmp (a->v, b->v, __builtin_popcount (have_a) * sizeof a->v[0]) == 0;
}

const char *
cost_field_name (CostField f)
{
  return (guint) f < COST_FIELD_MAX ? cost_names[f] : NULL;
}

int
cost_field_parse (const char *name)
{
  for (int f = 0; f < COST_FIELD_MAX; f++)
    if (strcmp (name, cost_names[f]) == 0)
      return f;
  return -1;
}
