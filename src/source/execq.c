/* execq.c - the hand-over of early-read EXECs between two threads. */
#include "execq.h"

#include <pthread.h>

/* One EXEC the thread read, waiting for its twin on the main socket. */
typedef struct {
  guint32 cpu;
  guint32 seq;
  gsize bytes;   /* what it counts against max_bytes */
  gpointer data; /* what the thread read of it */
} ExecqItem;

/* The queue: everything behind one mutex, a pthread one rather than a
 * GMutex, whose futex code inside libglib ThreadSanitizer cannot see. */
struct Execq {
  pthread_mutex_t lock;
  GArray *items;        /* ExecqItem, in the order pushed */
  guint max_items;
  gsize max_bytes;
  gsize bytes;          /* sum of items' bytes */
  NlparseSeq *passed;   /* per CPU, the newest seq the thread received */
  gboolean want_wake;   /* a take found nothing: wake on the next push */
  gint full;            /* atomic: no room for another item (execq_room) */
};

/* The least an item counts against max_bytes: its place in the array. */
#define EXECQ_ITEM_BYTES sizeof (ExecqItem)

/* Whether an item of BYTES bytes fits; Q is locked. */
static gboolean
execq_fits (const Execq *q, gsize bytes)
{
  return q->items->len < q->max_items && q->bytes + bytes <= q->max_bytes;
}

/* Says whether the least item would fit, for execq_full; Q is locked. */
static void
execq_room (Execq *q)
{
  g_atomic_int_set (&q->full, !execq_fits (q, EXECQ_ITEM_BYTES));
}

Execq *
execq_new (guint max_items, gsize max_bytes)
{
  Execq *q = g_new0 (Execq, 1);

  pthread_mutex_init (&q->lock, NULL);
  q->items = g_array_sized_new (FALSE, FALSE, sizeof (ExecqItem), MIN (max_items, 64));
  q->max_items = max_items;
  q->max_bytes = max_bytes;
  q->passed = nlparse_seq_new ();
  execq_room (q);
  return q;
}

void
execq_free (Execq *q)
{
  if (!q)
    return;
  for (guint i = 0; i < q->items->len; i++)
    g_free (g_array_index (q->items, ExecqItem, i).data);
  g_array_unref (q->items);
  nlparse_seq_free (q->passed);
  pthread_mutex_destroy (&q->lock);
  g_free (q);
}

gboolean
execq_full (Execq *q)
{
  return g_atomic_int_get (&q->full);
}

gboolean
execq_push (Execq *q, guint32 cpu, guint32 seq, gpointer data, gsize bytes)
{
  bytes += EXECQ_ITEM_BYTES;
  pthread_mutex_lock (&q->lock);
  if (data && execq_fits (q, bytes))
    {
      ExecqItem item = { cpu, seq, bytes, data };
      g_array_append_val (q->items, item);
      q->bytes += bytes;
      execq_room (q);
      data = NULL;
    }
  /* Recorded with the item, under the same lock: a take never sees the
   * thread past an EXEC whose copy is still on its way. */
  (void) nlparse_seq_gap (q->passed, cpu, seq);
  gboolean wake = q->want_wake;
  q->want_wake = FALSE;
  pthread_mutex_unlock (&q->lock);
  g_free (data);
  return wake;
}

ExecqTake
execq_take (Execq *q, guint32 cpu, guint32 seq, gpointer *data)
{
  ExecqTake r;

  pthread_mutex_lock (&q->lock);
  /* Both sockets nearly always see the EXECs in the same order: the copy
   * is the first item, or close. */
  for (guint i = 0; i < q->items->len; i++)
    {
      ExecqItem *item = &g_array_index (q->items, ExecqItem, i);
      if (item->cpu != cpu || item->seq != seq)
        continue;
      *data = item->data;
      q->bytes -= item->bytes;
      g_array_remove_index (q->items, i);
      execq_room (q);
      pthread_mutex_unlock (&q->lock);
      return EXECQ_TAKEN;
    }
  if (nlparse_seq_seen (q->passed, cpu, seq))
    r = EXECQ_MISSED;
  else
    {
      r = EXECQ_PENDING;
      q->want_wake = TRUE;
    }
  pthread_mutex_unlock (&q->lock);
  return r;
}

guint
execq_prune (Execq *q, const NlparseSeq *seen)
{
  guint keep = 0, pruned;

  pthread_mutex_lock (&q->lock);
  for (guint i = 0; i < q->items->len; i++)
    {
      ExecqItem *item = &g_array_index (q->items, ExecqItem, i);
      if (nlparse_seq_seen (seen, item->cpu, item->seq))
        {
          q->bytes -= item->bytes;
          g_free (item->data);
          continue;
        }
      g_array_index (q->items, ExecqItem, keep++) = *item;
    }
  pruned = q->items->len - keep;
  g_array_set_size (q->items, keep);
  execq_room (q);
  pthread_mutex_unlock (&q->lock);
  return pruned;
}
