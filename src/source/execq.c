/* execq.c - the hand-over of early-read EXECs between two threads. */
#include "execq.h"

#include <pthread.h>
#include <string.h>

/* Spare slots kept, at most; what a stall needed beyond is freed.  A
 * block that fits a slot (EXECQ_SLOT: an exec's command line, executable
 * and name, a compiler's long command lines included) is copied into one,
 * taken from the spare ones, which the main loop gives back as it takes
 * them: the thread allocates nothing once the queue has the slots it
 * needs, and the memory it writes to is what it wrote to a moment ago.
 * A bigger block is copied to the heap and back, out of the lock. */
#define EXECQ_SPARE_MAX 64

/* A slot: its bytes, or while spare the next spare one. */
typedef union ExecqSlot {
  union ExecqSlot *next;
  char bytes[EXECQ_SLOT];
} ExecqSlot;

/* One EXEC the thread read, waiting for its twin on the main socket. */
typedef struct {
  guint32 cpu;
  guint32 seq;
  gsize len;     /* the block's bytes */
  char *data;    /* the block: a slot when len <= EXECQ_SLOT */
} ExecqItem;

/* The queue: everything behind one mutex (but the flag `full`, also read
 * without it), a pthread one rather than a GMutex, whose futex code inside
 * libglib ThreadSanitizer cannot see. */
struct Execq {
  pthread_mutex_t lock;
  GArray *items;        /* ExecqItem, in the order pushed */
  guint max_items;
  gsize max_bytes;
  gsize bytes;          /* what the items count against max_bytes
                           (execq_cost) */
  ExecqSlot *spare;     /* slots to reuse, a stack */
  guint n_spare;
  NlparseSeq *passed;   /* per CPU, the newest seq the thread received */
  gboolean want_wake;   /* a take found nothing: wake on the next push */
  gint full;            /* atomic: no room for another item (execq_room) */
};

/* What an item with a block of LEN bytes counts against max_bytes: its
 * slot, or the block on the heap, and its place in the array. */
static gsize
execq_cost (gsize len)
{
  return MAX (len, EXECQ_SLOT) + sizeof (ExecqItem);
}

/* Whether an item of BYTES bytes fits; Q is locked. */
static gboolean
execq_fits (const Execq *q, gsize bytes)
{
  return q->items->len < q->max_items && q->bytes + bytes <= q->max_bytes;
}

/* A slot holding a copy of DATA, LEN bytes (at most EXECQ_SLOT); Q is
 * locked. */
static char *
execq_slot_copy (Execq *q, gconstpointer data, gsize len)
{
  ExecqSlot *slot = q->spare;

  if (slot)
    {
      q->spare = slot->next;
      q->n_spare--;
    }
  else
    slot = g_new (ExecqSlot, 1);
  return memcpy (slot->bytes, data, len);
}

/* Gives BYTES, a slot no item holds any more, back to the spare ones, or
 * frees it when there are enough; Q is locked. */
static void
execq_slot_free (Execq *q, char *bytes)
{
  ExecqSlot *slot = (ExecqSlot *) (void *) bytes;

  if (q->n_spare >= EXECQ_SPARE_MAX)
    {
      g_free (slot);
      return;
    }
  slot->next = q->spare;
  q->spare = slot;
  q->n_spare++;
}

/* Takes ITEM, removed from the array or about to be, out of Q's count:
 * a slot goes back to the spare ones; a block on the heap is returned,
 * for the caller to free (once Q is unlocked, where it can).  Q is
 * locked. */
static char *
execq_release (Execq *q, const ExecqItem *item)
{
  q->bytes -= execq_cost (item->len);
  if (item->len > EXECQ_SLOT)
    return item->data;
  execq_slot_free (q, item->data);
  return NULL;
}

/* Sets OUT to the LEN bytes at DATA. */
static void
execq_put (GByteArray *out, const char *data, gsize len)
{
  g_byte_array_set_size (out, 0);
  g_byte_array_append (out, (const guint8 *) data, (guint) len);
}

/* Says whether the least item would fit, for execq_full; Q is locked. */
static void
execq_room (Execq *q)
{
  g_atomic_int_set (&q->full, !execq_fits (q, execq_cost (0)));
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
    g_free (g_array_index (q->items, ExecqItem, i).data);   /* a slot starts with its bytes */
  while (q->spare)
    {
      ExecqSlot *slot = q->spare;
      q->spare = slot->next;
      g_free (slot);
    }
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
execq_push (Execq *q, guint32 cpu, guint32 seq, gconstpointer data, gsize len)
{
  /* A block too big for a slot is copied before the lock is taken. */
  char *heap = data && len > EXECQ_SLOT ? g_memdup2 (data, len) : NULL;

  pthread_mutex_lock (&q->lock);
  if (data && execq_fits (q, execq_cost (len)))
    {
      ExecqItem item = { cpu, seq, len, heap ? heap : execq_slot_copy (q, data, len) };
      g_array_append_val (q->items, item);
      q->bytes += execq_cost (len);
      execq_room (q);
      heap = NULL;
    }
  /* Recorded with the item, under the same lock: a take never sees the
   * thread past an EXEC whose copy is still on its way. */
  (void) nlparse_seq_gap (q->passed, cpu, seq);
  gboolean wake = q->want_wake;
  q->want_wake = FALSE;
  pthread_mutex_unlock (&q->lock);
  g_free (heap);   /* no room: not kept */
  return wake;
}

ExecqTake
execq_take (Execq *q, guint32 cpu, guint32 seq, GByteArray *out)
{
  ExecqTake r;

  pthread_mutex_lock (&q->lock);
  /* Both sockets nearly always see the EXECs in the same order: the copy
   * is the first item, or close. */
  for (guint i = 0; i < q->items->len; i++)
    {
      ExecqItem item = g_array_index (q->items, ExecqItem, i);
      if (item.cpu != cpu || item.seq != seq)
        continue;
      g_array_remove_index (q->items, i);
      /* A slot's bytes are copied before it goes back; a block on the
       * heap, out of the lock. */
      if (item.len <= EXECQ_SLOT)
        execq_put (out, item.data, item.len);
      char *heap = execq_release (q, &item);
      execq_room (q);
      pthread_mutex_unlock (&q->lock);
      if (heap)
        {
          execq_put (out, heap, item.len);
          g_free (heap);
        }
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
          g_free (execq_release (q, item));   /* rare: under the lock */
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
