/* logpos.c - the log's index of shown entries and positions in it (see
 * logpos.h). */
#include "logpos.h"

void
logpos_index_init (LogposIndex *ix)
{
  ix->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  ix->next = 0;
  ix->from = 0;
}

void
logpos_index_clear (LogposIndex *ix)
{
  g_clear_pointer (&ix->seqs, g_array_unref);
}

void
logpos_index_reset (LogposIndex *ix)
{
  g_array_set_size (ix->seqs, 0);
  ix->next = 0;
  ix->from = 0;
}

guint
logpos_rank (const LogposIndex *ix, guint64 seq)
{
  guint lo = 0, hi = ix->seqs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (ix->seqs, guint64, mid) < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
logpos_index_update (LogposIndex *ix, const History *h, LogposShown shown,
                     gpointer user)
{
  const HistoryEntry *first = history_get (h, 0);
  guint len = history_len (h);

  if (!first)
    return;
  /* A history that restarted (a replay moved back) is judged anew. */
  if (first->seq < ix->from || history_get (h, len - 1)->seq + 1 < ix->next)
    logpos_index_reset (ix);
  ix->from = first->seq;
  g_array_remove_range (ix->seqs, 0, logpos_rank (ix, first->seq));
  for (guint i = ix->next > first->seq ? (guint) MIN (ix->next - first->seq, len) : 0;
       i < len; i++)
    {
      const HistoryEntry *e = history_get (h, i);
      if (e->ev.kind != EVENT_SNAPSHOT && shown (e, user))
        g_array_append_val (ix->seqs, e->seq);
    }
  ix->next = history_get (h, len - 1)->seq + 1;
}

const HistoryEntry *
logpos_entry (const History *h, guint64 seq)
{
  const HistoryEntry *first = history_get (h, 0);

  if (!first || seq < first->seq)
    return NULL;
  return history_get (h, seq - first->seq);
}

guint
logpos_count (const LogposIndex *ix)
{
  return ix->seqs->len;
}

guint64
logpos_nth (const LogposIndex *ix, guint i)
{
  return i < ix->seqs->len ? g_array_index (ix->seqs, guint64, i) : 0;
}

guint64
logpos_newest (const LogposIndex *ix)
{
  return ix->seqs->len ? g_array_index (ix->seqs, guint64, ix->seqs->len - 1) : 0;
}

guint64
logpos_step (const LogposIndex *ix, guint64 seq, gint n)
{
  gint64 len = ix->seqs->len, i;

  if (len == 0)
    return 0;
  i = MIN ((gint64) logpos_rank (ix, seq), len - 1);
  i = CLAMP (i + n, 0, len - 1);
  return g_array_index (ix->seqs, guint64, i);
}

guint64
logpos_top (const LogposIndex *ix, guint64 top, guint64 sel, gint lines,
            gboolean follow)
{
  guint64 last_top;

  lines = MAX (lines, 1);
  if (follow || logpos_step (ix, top, 0) != top || top > sel)
    top = logpos_step (ix, sel, follow ? -(lines - 1) : 0);
  if (logpos_step (ix, top, lines - 1) < sel)
    top = logpos_step (ix, sel, -(lines - 1));
  last_top = logpos_step (ix, logpos_newest (ix), -(lines - 1));
  return MIN (top, last_top);
}

void
logpos_init (Logpos *lp, LogposShown shown, gpointer user)
{
  *lp = (Logpos) { .shown = shown, .user = user, .follow = TRUE };
  logpos_index_init (&lp->ix);
}

void
logpos_clear (Logpos *lp)
{
  logpos_index_clear (&lp->ix);
}

void
logpos_update (Logpos *lp, const History *h)
{
  logpos_index_update (&lp->ix, h, lp->shown, lp->user);
}

guint64
logpos_selected (const Logpos *lp)
{
  if (lp->follow)
    return logpos_newest (&lp->ix);
  return logpos_step (&lp->ix, lp->sel, 0);
}

void
logpos_select (Logpos *lp, guint64 seq)
{
  lp->sel = seq;
  lp->follow = FALSE;
}
