/* history.c - the bounded ring of recent events. */
#include "history.h"

/* A ring of entries; head is the index of the oldest. */
struct History {
  HistoryEntry *ring;
  guint capacity;
  guint head;
  guint len;
  guint64 last_seq;
};

History *
history_new (guint capacity)
{
  History *h = g_new0 (History, 1);
  h->capacity = MAX (capacity, 1);
  h->ring = g_new0 (HistoryEntry, h->capacity);
  return h;
}

void
history_free (History *h)
{
  if (!h)
    return;
  for (guint i = 0; i < h->len; i++)
    event_clear (&h->ring[(h->head + i) % h->capacity].ev);
  g_free (h->ring);
  g_free (h);
}

History *
history_copy (const History *h)
{
  History *c = history_new (h->capacity);
  for (guint i = 0; i < h->len; i++)
    {
      const HistoryEntry *e = history_get (h, i);
      HistoryEntry *d = &c->ring[i];
      d->seq = e->seq;
      d->serial = e->serial;
      event_copy (&d->ev, &e->ev);
    }
  c->len = h->len;
  c->last_seq = h->last_seq;
  return c;
}

void
history_append (History *h, const Event *ev, guint64 serial)
{
  HistoryEntry *slot;

  if (h->len == h->capacity)
    {
      slot = &h->ring[h->head];
      event_clear (&slot->ev);
      h->head = (h->head + 1) % h->capacity;
    }
  else
    slot = &h->ring[(h->head + h->len++) % h->capacity];
  slot->seq = ++h->last_seq;
  slot->serial = serial;
  event_copy (&slot->ev, ev);
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
  return &h->ring[(h->head + i) % h->capacity];
}

