/* logpos.c - event log positions by sequence number (see logpos.h). */
#include "logpos.h"

/* Whether history entry E is shown in the log (snapshots are not events). */
static gboolean
logpos_shown (const HistoryEntry *e)
{
  return e->ev.kind != EVENT_SNAPSHOT;
}

const HistoryEntry *
logpos_entry (const History *h, guint64 seq)
{
  const HistoryEntry *first = history_get (h, 0);

  if (!first || seq < first->seq)
    return NULL;
  return history_get (h, seq - first->seq);
}

guint64
logpos_newest (const History *h)
{
  for (guint i = history_len (h); i-- > 0;)
    {
      const HistoryEntry *e = history_get (h, i);
      if (logpos_shown (e))
        return e->seq;
    }
  return 0;
}

guint64
logpos_step (const History *h, guint64 seq, gint n)
{
  const HistoryEntry *first = history_get (h, 0);
  gint64 len = history_len (h), i, best = -1;
  int dir = n < 0 ? -1 : 1;

  if (!first)
    return 0;
  i = seq >= first->seq ? (gint64) MIN (seq - first->seq, (guint64) len - 1) : 0;
  /* Start on a shown entry: the nearest at or after I, else before. */
  for (gint64 k = i; k < len && best < 0; k++)
    if (logpos_shown (history_get (h, k)))
      best = k;
  for (gint64 k = i; k >= 0 && best < 0; k--)
    if (logpos_shown (history_get (h, k)))
      best = k;
  if (best < 0)
    return 0;
  for (i = best; n != 0;)
    {
      gint64 k = i + dir;
      while (k >= 0 && k < len && !logpos_shown (history_get (h, k)))
        k += dir;
      if (k < 0 || k >= len)
        break;
      i = k;
      n -= dir;
    }
  return history_get (h, i)->seq;
}

guint64
logpos_top (const History *h, guint64 top, guint64 sel, gint lines,
            gboolean follow)
{
  guint64 last_top;

  lines = MAX (lines, 1);
  if (follow || !logpos_entry (h, top) || top > sel)
    top = logpos_step (h, sel, follow ? -(lines - 1) : 0);
  if (logpos_step (h, top, lines - 1) < sel)
    top = logpos_step (h, sel, -(lines - 1));
  last_top = logpos_step (h, logpos_newest (h), -(lines - 1));
  return MIN (top, last_top);
}
