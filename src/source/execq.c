/* execq.c - the hand-over of early-read EXECs between two threads. */
#include "execq.h"

#include <pthread.h>
#include <string.h>

/* One EXEC the thread read, waiting for its twin on the main socket. */
typedef struct {
  guint32 cpu;
  guint32 seq;
  gsize bytes;   /* what it counts against max_bytes */
  Event ev;
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
};

Execq *
execq_new (guint max_items, gsize max_bytes)
{
  Execq *q = g_new0 (Execq, 1);

  pthread_mutex_init (&q->lock, NULL);
  q->items = g_array_sized_new (FALSE, FALSE, sizeof (ExecqItem), MIN (max_items, 64));
  q->max_items = max_items;
  q->max_bytes = max_bytes;
  q->passed = nlparse_seq_new ();
  return q;
}

void
execq_free (Execq *q)
{
  if (!q)
    return;
  for (guint i = 0; i < q->items->len; i++)
    event_clear (&g_array_index (q->items, ExecqItem, i).ev);
  g_array_unref (q->items);
  nlparse_seq_free (q->passed);
  pthread_mutex_destroy (&q->lock);
  g_free (q);
}

/* The bytes EV holds: the struct and its strings with their NULs. */
static gsize
execq_bytes (const Event *ev)
{
  gsize n = sizeof *ev;

  if (ev->comm)
    n += strlen (ev->comm) + 1;
  if (ev->exe)
    n += strlen (ev->exe) + 1;
  for (char **a = ev->argv; a && *a; a++)
    n += sizeof *a + strlen (*a) + 1;
  return n;
}

/* Whether an item of BYTES bytes fits; Q is locked. */
static gboolean
execq_fits (const Execq *q, gsize bytes)
{
  return q->items->len < q->max_items && q->bytes + bytes <= q->max_bytes;
}

gboolean
execq_full (Execq *q)
{
  pthread_mutex_lock (&q->lock);
  gboolean full = !execq_fits (q, sizeof (Event));
  pthread_mutex_unlock (&q->lock);
  return full;
}

gboolean
execq_push (Execq *q, guint32 cpu, guint32 seq, Event *ev)
{
  gsize bytes = ev ? execq_bytes (ev) : 0;

  pthread_mutex_lock (&q->lock);
  if (ev && execq_fits (q, bytes))
    {
      ExecqItem item = { cpu, seq, bytes, *ev };
      g_array_append_val (q->items, item);
      q->bytes += bytes;
      memset (ev, 0, sizeof *ev);
    }
  else if (ev)
    event_clear (ev);
  /* Recorded with the item, under the same lock: a take never sees the
   * thread past an EXEC whose copy is still on its way. */
  (void) nlparse_seq_gap (q->passed, cpu, seq);
  gboolean wake = q->want_wake;
  q->want_wake = FALSE;
  pthread_mutex_unlock (&q->lock);
  return wake;
}

ExecqTake
execq_take (Execq *q, guint32 cpu, guint32 seq, Event *ev)
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
      event_clear (ev);
      *ev = item->ev;
      q->bytes -= item->bytes;
      g_array_remove_index (q->items, i);
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
          event_clear (&item->ev);
          continue;
        }
      g_array_index (q->items, ExecqItem, keep++) = *item;
    }
  pruned = q->items->len - keep;
  g_array_set_size (q->items, keep);
  pthread_mutex_unlock (&q->lock);
  return pruned;
}
