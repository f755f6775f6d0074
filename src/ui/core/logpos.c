/* logpos.c - the log's judgements per chunk and positions in them (see
 * logpos.h). */
#include "logpos.h"

#include <string.h>

/* The judgements of one chunk of the history. */
typedef struct {
  guint64 first;       /* the chunk's first seq */
  guint32 judged;      /* entries judged, from the first on */
  guint32 shown;       /* of them, shown */
  guint8 *marks;       /* bit I: entry FIRST + I is shown; NULL when none
                          or every judged entry is */
} LogposChunk;

void
logpos_init (Logpos *lp, LogposShown shown, gpointer user)
{
  *lp = (Logpos) { .shown = shown, .user = user, .follow = TRUE };
  lp->chunks = g_array_new (FALSE, FALSE, sizeof (LogposChunk));
}

/* Frees the judgements of chunks [FROM, FROM + N) and takes them out. */
static void
logpos_drop (Logpos *lp, guint from, guint n)
{
  for (guint i = from; i < from + n; i++)
    g_free (g_array_index (lp->chunks, LogposChunk, i).marks);
  g_array_remove_range (lp->chunks, from, n);
}

void
logpos_clear (Logpos *lp)
{
  if (!lp->chunks)
    return;
  logpos_drop (lp, 0, lp->chunks->len);
  g_clear_pointer (&lp->chunks, g_array_unref);
}

void
logpos_reset (Logpos *lp)
{
  logpos_drop (lp, 0, lp->chunks->len);
}

/* The index of the first chunk record whose first seq is SEQ or later. */
static guint
logpos_find (const Logpos *lp, guint64 seq)
{
  guint lo = 0, hi = lp->chunks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (lp->chunks, LogposChunk, mid).first < seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The oldest seq held, or 0. */
static guint64
logpos_low (const Logpos *lp)
{
  return lp->h ? history_oldest (lp->h) : 0;
}

/* The newest seq shown may be. */
static guint64
logpos_high (const Logpos *lp)
{
  guint64 newest = lp->h ? history_newest (lp->h) : 0;

  return lp->limit ? MIN (lp->limit, newest) : newest;
}

void
logpos_update (Logpos *lp, History *h, guint64 limit)
{
  guint64 oldest;

  lp->h = h;
  lp->limit = limit;
  lp->busy = FALSE;
  oldest = logpos_low (lp);
  logpos_drop (lp, 0, logpos_find (lp, oldest));
  if (!oldest)
    return;
  if (!lp->follow && lp->sel && lp->sel < oldest)
    {
      lp->gone = lp->sel;
      lp->sel = oldest;
    }
  if (lp->top && lp->top < oldest)
    lp->top = oldest;
}

/* Notes that entry I of C is shown (SHOWN) or not. */
static void
logpos_mark (LogposChunk *c, guint32 i, gboolean shown)
{
  gboolean alike = shown ? c->shown == c->judged : c->shown == 0;

  if (!c->marks && !alike)
    {
      /* Mixed from now on: a bit per entry, those so far all alike. */
      c->marks = g_malloc0 (LOGPOS_CHUNK_BYTES);
      if (c->shown)
        memset (c->marks, 0xff, LOGPOS_CHUNK_BYTES);
    }
  if (c->marks && i / 8 < LOGPOS_CHUNK_BYTES)
    {
      if (shown)
        c->marks[i / 8] |= (guint8) (1u << (i % 8));
      else
        c->marks[i / 8] &= (guint8) ~(1u << (i % 8));
    }
  c->shown += shown;
  c->judged = i + 1;
}

/* Whether entry I (judged) of C is shown. */
static inline gboolean
logpos_is_shown (const LogposChunk *c, guint32 i)
{
  if (!c->marks)
    return c->shown != 0;
  return i / 8 < LOGPOS_CHUNK_BYTES && (c->marks[i / 8] >> (i % 8)) & 1;
}

/* Judges the entries of chunk C (its seqs [C->first, END)) not judged
 * yet, within the call's budget; what cannot be read is not shown.
 * FALSE when the budget ran out first. */
static gboolean
logpos_judge (Logpos *lp, LogposChunk *c, guint64 end)
{
  HistoryIter it;
  const HistoryEntry *e;
  guint64 seq = c->first + c->judged;

  if (seq >= end)
    return TRUE;
  history_iter_init (&it, lp->h, 0);
  e = history_iter_seek (&it, seq);
  for (; seq < end && lp->budget > 0; seq++, lp->budget--)
    {
      if (e && e->seq == seq)
        {
          logpos_mark (c, (guint32) (seq - c->first),
                       e->ev.kind != EVENT_SNAPSHOT && lp->shown (e, lp->user));
          e = history_iter_next (&it);
        }
      else
        logpos_mark (c, (guint32) (seq - c->first), FALSE);  /* unreadable */
    }
  history_iter_clear (&it);
  if (seq < end)
    lp->busy = TRUE;
  return seq >= end;
}

/* The judgements of the chunk holding SEQ (held), made whole up to the
 * history's newest, and its span [*FIRST, *END); NULL when the budget ran
 * out first. */
static LogposChunk *
logpos_chunk (Logpos *lp, guint64 seq, guint64 *first, guint64 *end)
{
  const ChunkSummary *sum;
  guint i;

  if (!history_summary (lp->h, seq, &sum, first, end))
    return NULL;
  i = logpos_find (lp, *first);
  if (i == lp->chunks->len || g_array_index (lp->chunks, LogposChunk, i).first != *first)
    {
      LogposChunk fresh = { .first = *first };
      g_array_insert_val (lp->chunks, i, fresh);
    }
  LogposChunk *c = &g_array_index (lp->chunks, LogposChunk, i);
  return logpos_judge (lp, c, *end) ? c : NULL;
}

/* logpos_next, within the call's budget. */
static guint64
logpos_walk (Logpos *lp, guint64 seq, int dir)
{
  guint64 low = logpos_low (lp), high = logpos_high (lp);
  guint64 s = dir > 0 ? seq + 1 : seq - 1;

  if (!low || (seq == 0 && dir < 0))
    return 0;
  if (dir < 0 && s > high)
    s = high;
  if (dir > 0 && s < low)
    s = low;
  while (s >= low && s <= high && s > 0)
    {
      guint64 first, end;
      LogposChunk *c = logpos_chunk (lp, s, &first, &end);
      if (!c)
        return 0;
      if (c->shown)
        for (guint64 k = s; k >= MAX (first, low) && k < end && k <= high; k += dir)
          if (logpos_is_shown (c, (guint32) (k - first)))
            return k;
      s = dir > 0 ? end : first - 1;
    }
  return 0;
}

/* Starts a call: a fresh budget. */
static void
logpos_begin (Logpos *lp)
{
  lp->budget = LOGPOS_JUDGE;
}

guint64
logpos_next (Logpos *lp, guint64 seq, int dir)
{
  logpos_begin (lp);
  return logpos_walk (lp, seq, dir);
}

guint64
logpos_newest (Logpos *lp)
{
  logpos_begin (lp);
  return logpos_walk (lp, G_MAXUINT64, -1);
}

guint64
logpos_oldest (Logpos *lp)
{
  logpos_begin (lp);
  return logpos_walk (lp, 0, 1);
}

/* logpos_step, within the call's budget. */
static guint64
logpos_move (Logpos *lp, guint64 seq, gint n)
{
  guint64 at = logpos_walk (lp, seq ? seq - 1 : 0, 1);

  if (!at)
    at = logpos_walk (lp, seq, -1);
  for (; at && n != 0; n += n < 0 ? 1 : -1)
    {
      guint64 next = logpos_walk (lp, at, n < 0 ? -1 : 1);
      if (!next)
        break;
      at = next;
    }
  return at;
}

guint64
logpos_step (Logpos *lp, guint64 seq, gint n)
{
  logpos_begin (lp);
  return logpos_move (lp, seq, n);
}

guint64
logpos_top (Logpos *lp, guint64 top, guint64 sel, gint lines, gboolean follow)
{
  guint64 last_top;

  logpos_begin (lp);
  lines = MAX (lines, 1);
  if (follow || logpos_move (lp, top, 0) != top || top > sel)
    top = logpos_move (lp, sel, follow ? -(lines - 1) : 0);
  if (logpos_move (lp, top, lines - 1) < sel)
    top = logpos_move (lp, sel, -(lines - 1));
  last_top = logpos_move (lp, logpos_walk (lp, G_MAXUINT64, -1), -(lines - 1));
  return MIN (top, last_top);
}

guint64
logpos_selected (Logpos *lp)
{
  if (lp->follow)
    return logpos_newest (lp);
  return logpos_step (lp, lp->sel, 0);
}

void
logpos_select (Logpos *lp, guint64 seq)
{
  lp->sel = seq;
  lp->follow = FALSE;
}

gboolean
logpos_busy (const Logpos *lp)
{
  return lp->busy;
}

gsize
logpos_memory (const Logpos *lp)
{
  gsize n = lp->chunks->len * sizeof (LogposChunk);

  for (guint i = 0; i < lp->chunks->len; i++)
    if (g_array_index (lp->chunks, LogposChunk, i).marks)
      n += LOGPOS_CHUNK_BYTES;
  return n;
}
