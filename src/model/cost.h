/* cost.h - what a process (or a thread) cost, as the kernel's task
 * statistics tell it at its end: CPU time, peak memory, disk bytes,
 * context switches and delays.
 *
 * A Cost holds only the figures that were measured (a bit per CostField),
 * packed, so an end whose kernel gave fewer fields (an older kernel, delay
 * accounting off) costs less memory.  It is immutable once made and counted
 * by reference: an exit event, the tombstone of its process, the history
 * and recordings share one (cost_ref).  Where no Cost is, nothing was
 * measured. */
#pragma once

#include <glib.h>

/* The figures a Cost may hold.  The order is the JSON writer's. */
typedef enum {
  COST_CPU,              /* CPU time, ns (the scheduler's own count) */
  COST_CPU_USER,         /* the part in user mode, ns */
  COST_CPU_SYSTEM,       /* the part in the kernel, ns */
  COST_PEAK_RSS,         /* the most resident memory at once, bytes */
  COST_DISK_READ,        /* bytes read from storage */
  COST_DISK_WRITE,       /* bytes written to storage */
  COST_CSW_VOLUNTARY,    /* context switches: waits for something */
  COST_CSW_INVOLUNTARY,  /* context switches: preempted */
  COST_DELAY_CPU,        /* ns runnable, waiting for a CPU */
  COST_DELAY_BLKIO,      /* ns waiting for synchronous block I/O */
  COST_DELAY_SWAPIN,     /* ns waiting for pages to be swapped in */
  COST_DELAY_RECLAIM,    /* ns in memory reclaim */
  COST_DELAY_THRASHING,  /* ns waiting for evicted pages read back */
  COST_DELAY_COMPACT,    /* ns in memory compaction */
  COST_DELAY_WPCOPY,     /* ns copying write-protected pages */
  COST_DELAY_IRQ,        /* ns lost to interrupts */
  COST_FIELD_MAX
} CostField;

/* Bit for field F in CostValues.have. */
#define COST_BIT(f) (1u << (f))

/* The lowest field in the nonzero set of bits *LEFT, taken out of it: a
 * loop over the fields of a set, lowest first, one step per field. */
static inline guint
cost_field_take (guint32 *left)
{
  guint f = (guint) __builtin_ctz (*left);

  *left &= *left - 1;
  return f;
}

/* Figures being gathered, to make a Cost of: a value per field, those
 * with their bit in HAVE measured. */
typedef struct {
  guint32 have;
  guint64 v[COST_FIELD_MAX];
} CostValues;

typedef struct Cost Cost;

/* A new Cost (one reference) holding the measured fields of V, or NULL
 * when V has none. */
Cost *cost_new (const CostValues *v);

/* The bytes a Cost holding the fields in HAVE takes (0 for none). */
gsize cost_size (guint32 have);

/* Another reference to C (NULL gives NULL). */
Cost *cost_ref (Cost *c);

/* Drops a reference (NULL is a no-op); the last frees C. */
void cost_unref (Cost *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cost, cost_unref)

/* Whether C (NULL: none) holds field F; with OUT, stores its value. */
gboolean cost_get (const Cost *c, CostField f, guint64 *out);

/* The fields of C (NULL: none) back into V. */
void cost_values (const Cost *c, CostValues *v);

/* Whether A and B hold the same fields with the same values (two NULLs
 * are equal). */
gboolean cost_equal (const Cost *a, const Cost *b);

/* The name of field F in JSON ("cpu_ns", "peak_rss_bytes", ...), NULL out
 * of range. */
const char *cost_field_name (CostField f);

/* The field called NAME in JSON, or -1. */
int cost_field_parse (const char *name);
