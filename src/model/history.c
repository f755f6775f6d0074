/* history.c - the bounded ring of recent events. */
#include "history.h"

#include <string.h>

#include "shared.h"

/* Entries allocated at first; the ring doubles from there up to its
 * capacity, so that a large --history costs memory only once used. */
#define HISTORY_FIRST 256

/* A ring of entries; head is the index of the oldest.  The ring has room
 * for ALLOCATED entries, fewer than CAPACITY until it has filled once
 * (head stays 0 until then). */
struct History {
  HistoryEntry *ring;
  guint capacity;
  guint allocated;
  guint head;
  guint len;
  guint64 last_seq;
};

/* Makes room for N entries (at most the capacity), before the ring has
 * wrapped. */
static void
history_reserve (History *h, guint n)
{
  if (n <= h->allocated)
    return;
  h->ring = g_renew (HistoryEntry, h->ring, n);
  memset (h->ring + h->allocated, 0, (n - h->allocated) * sizeof *h->ring);
  h->allocated = n;
}

History *
history_new (guint capacity)
{
  History *h = g_new0 (History, 1);
  h->capacity = MAX (capacity, 1);
  history_reserve (h, MIN (h->capacity, HISTORY_FIRST));
  return h;
}

/* Frees what entry E owns. */
static void
history_entry_clear (HistoryEntry *e)
{
  event_clear (&e->ev);
  g_clear_pointer (&e->comm, shared_str_unref);
}

/* Deep-copies entry SRC into DST. */
static void
history_entry_copy (HistoryEntry *dst, const HistoryEntry *src)
{
  *dst = *src;
  event_copy (&dst->ev, &src->ev);
  dst->comm = shared_str_ref (src->comm);
}

void
history_free (History *h)
{
  if (!h)
    return;
  for (guint i = 0; i < h->len; i++)
    history_entry_clear (&h->ring[(h->head + i) % h->allocated]);
  g_free (h->ring);
  g_free (h);
}

History *
history_copy (const History *h)
{
  History *c = history_new (h->capacity);
  history_reserve (c, h->len);
  for (guint i = 0; i < h->len; i++)
    history_entry_copy (&c->ring[i], history_get (h, i));
  c->len = h->len;
  c->last_seq = h->last_seq;
  return c;
}

void
history_append (History *h, const Event *ev, const Proc *p)
{
  HistoryEntry *slot;
  const char *comm = proctab_event_comm (ev, p);

  if (h->len == h->allocated && h->len < h->capacity)
    history_reserve (h, (guint) MIN ((guint64) h->allocated * 2, h->capacity));
  if (h->len == h->capacity)
    {
      slot = &h->ring[h->head];
      history_entry_clear (slot);
      h->head = (h->head + 1) % h->capacity;
    }
  else
    slot = &h->ring[h->head + h->len++];
  *slot = (HistoryEntry) { .seq = ++h->last_seq };
  event_copy (&slot->ev, ev);
  slot->comm = shared_str (comm);
  slot->ppid = ev->ptgid;
  if (p)
    {
      slot->serial = p->serial;
      slot->creds = (p->flags & PROC_F_CREDS) != 0;
      slot->ruid = p->ruid;
      slot->euid = p->euid;
      slot->start_ns = p->start_ns;
      if (p->ppid)
        slot->ppid = p->ppid;
    }
}

Proc
history_subject (const HistoryEntry *e)
{
  return (Proc) { .serial = e->serial, .pid = e->ev.tgid, .ppid = e->ppid, .comm = e->comm,
                  .ruid = e->ruid, .euid = e->euid,
                  .flags = e->creds ? PROC_F_CREDS : 0, .start_ns = e->start_ns,
                  .alive = TRUE };
}

void
history_restart (History *h, guint64 next_seq)
{
  for (guint i = 0; i < h->len; i++)
    history_entry_clear (&h->ring[(h->head + i) % h->capacity]);
  h->head = h->len = 0;
  h->last_seq = MAX (next_seq, 1) - 1;
}

guint
history_len (const History *h)
{
  return h->len;
}

const HistoryEntry *
history_get (const History *h, guint i)
{
  if (i >= h->len)
    return NULL;
  return &h->ring[(h->head + i) % h->allocated];
}

