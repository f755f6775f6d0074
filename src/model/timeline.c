/* timeline.c - the table at any recent event (see timeline.h). */
#include "timeline.h"

/* A ring and the fold of what left it. */
struct Timeline {
  History *ring;
  Proctab *base;       /* the fold of every event before the ring's first */
  guint capacity;
};

Timeline *
timeline_new (guint capacity, gint64 keep_ns, guint max_tombs)
{
  Timeline *tl = g_new0 (Timeline, 1);
  tl->capacity = MAX (capacity, 1);
  tl->ring = history_new (tl->capacity);
  tl->base = proctab_new (keep_ns, max_tombs);
  return tl;
}

void
timeline_free (Timeline *tl)
{
  if (!tl)
    return;
  history_free (tl->ring);
  proctab_free (tl->base);
  g_free (tl);
}

Timeline *
timeline_copy (const Timeline *tl)
{
  Timeline *c = g_new0 (Timeline, 1);
  c->capacity = tl->capacity;
  c->ring = history_copy (tl->ring);
  c->base = proctab_copy (tl->base);
  return c;
}

void
timeline_append (Timeline *tl, const Event *ev, const Proc *p)
{
  if (history_len (tl->ring) == tl->capacity)
    proctab_fold (tl->base, &history_get (tl->ring, 0)->ev);
  history_append (tl->ring, ev, p);
}

const History *
timeline_history (const Timeline *tl)
{
  return tl->ring;
}

void
timeline_advance (const Timeline *tl, Proctab *pt, guint64 from_seq, guint64 to_seq)
{
  const HistoryEntry *first = history_get (tl->ring, 0);
  guint len = history_len (tl->ring);

  if (!first)
    return;
  /* Sequence numbers grow by one per entry: the index is a subtraction. */
  for (guint64 i = from_seq >= first->seq ? from_seq + 1 - first->seq : 0; i < len; i++)
    {
      const HistoryEntry *e = history_get (tl->ring, (guint) i);
      if (e->seq > to_seq)
        break;
      proctab_fold (pt, &e->ev);
    }
}

Proctab *
timeline_table_at (const Timeline *tl, guint64 seq)
{
  Proctab *pt = proctab_copy (tl->base);

  timeline_advance (tl, pt, 0, seq);
  return pt;
}

void
timeline_cursor_init (TimelineCursor *c, const Timeline *tl)
{
  *c = (TimelineCursor) { .tl = tl };
}

void
timeline_cursor_clear (TimelineCursor *c)
{
  g_clear_pointer (&c->pt, proctab_free);
  g_clear_pointer (&c->anchor_pt, proctab_free);
  c->seq = c->anchor = 0;
}

const Proctab *
timeline_cursor_move (TimelineCursor *c, guint64 seq)
{
  const HistoryEntry *first = history_get (c->tl->ring, 0);
  guint64 before_ring = first ? first->seq - 1 : 0;

  if (c->pt && c->seq <= seq)
    {
      /* Forward: fold on. */
      timeline_advance (c->tl, c->pt, c->seq, seq);
      c->seq = seq;
      return c->pt;
    }
  if (!c->anchor_pt || c->anchor > seq || seq - c->anchor > 2 * TIMELINE_ANCHOR_EVENTS)
    {
      /* The anchor moves a little before SEQ, from the lagging table. */
      proctab_free (c->anchor_pt);
      c->anchor = seq > before_ring + TIMELINE_ANCHOR_EVENTS
                  ? seq - TIMELINE_ANCHOR_EVENTS : before_ring;
      c->anchor_pt = timeline_table_at (c->tl, c->anchor);
    }
  proctab_free (c->pt);
  c->pt = proctab_copy (c->anchor_pt);
  timeline_advance (c->tl, c->pt, c->anchor, seq);
  c->seq = seq;
  return c->pt;
}

void
timeline_reset (Timeline *tl, const Proctab *base, guint64 next_seq)
{
  proctab_free (tl->base);
  tl->base = proctab_copy (base);
  history_restart (tl->ring, next_seq);
}
