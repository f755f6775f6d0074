/* historyread.c - the history read back: chunks found and decoded,
 * entries iterated, times looked up, the table after an event (see
 * history.h). */
#include "historyprivate.h"

#include <string.h>

#include "pack.h"

/* --- reading ------------------------------------------------------------- */

/* The index of the sealed chunk holding SEQ, or the number of chunks when
 * SEQ is in the chunk being written (or past it). */
static guint
history_find (const History *s, guint64 seq)
{
  guint lo = 0, hi = s->chunks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (history_chunk_end (s->chunks->pdata[mid]) <= seq)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Notes that the events of SC cannot be read back, and why. */
static void
history_unreadable (History *s, HistoryChunk *sc, const char *why)
{
  sc->error = g_strdup_printf ("events %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                               " cannot be read back: %s", sc->first,
                               history_chunk_end (sc) - 1, why);
  g_free (s->error);
  s->error = g_strdup (sc->error);
}

/* The bytes of blob B, KIND for SEQ with COUNT entries: its memory, or
 * read back from the file into *OWNED (checked).  NULL with *WHY set when
 * it cannot be had. */
static const guint8 *
history_blob_bytes (History *s, const HistoryBlob *b, guint32 kind, guint64 seq, guint32 count,
                  guint8 **owned, const char **why)
{
  PackReader r;
  int err;

  *owned = NULL;
  if (b->where == BLOB_MEMORY)
    return b->data;
  if (b->where != BLOB_FILE || !s->spill)
    {
      *why = "the spill file no longer holds them";
      return NULL;
    }
  *owned = g_malloc (history_extent (b));
  err = s->spill->klass->read (s->spill, b->off, *owned, history_extent (b));
  if (err < 0)
    {
      *why = g_strerror (-err);
      g_clear_pointer (owned, g_free);
      return NULL;
    }
  pack_reader_init (&r, *owned, HISTORY_FILE_HEADER);
  guint32 magic = pack_read_u32 (&r), k = pack_read_u32 (&r);
  guint64 sq = pack_read_u64 (&r);
  guint32 size = pack_read_u32 (&r), crc = pack_read_u32 (&r), n = pack_read_u32 (&r);
  guint32 hcrc = pack_read_u32 (&r);
  if (magic != HISTORY_FILE_MAGIC || k != kind || sq != seq || size != b->size || crc != b->crc
      || n != count || hcrc != pack_crc32c (0, *owned, HISTORY_FILE_HEADER - 4))
    *why = "the spill file was changed under forkscope (a header does not match)";
  else if (pack_crc32c (0, *owned + HISTORY_FILE_HEADER, b->size) != b->crc)
    *why = "the spill file was changed under forkscope (checksum)";
  else
    return *owned + HISTORY_FILE_HEADER;
  g_clear_pointer (owned, g_free);
  return NULL;
}

/* The decoded chunk I (a new reference), kept in the cache when CACHE
 * (one cached already is used either way); NULL when it cannot be read
 * (history_error). */
static Chunk *
history_chunk_get (History *s, guint i, gboolean cache)
{
  HistoryChunk *sc = s->chunks->pdata[i];
  g_autofree guint8 *owned = NULL;
  g_autoptr (GError) error = NULL;
  const char *why = NULL;

  if (sc->cached)
    {
      sc->used = ++s->clock;
      return chunk_ref (sc->cached);
    }
  if (sc->error)
    return NULL;
  const guint8 *data = history_blob_bytes (s, &sc->events, HISTORY_FILE_EVENTS, sc->first,
                                         sc->sum.count, &owned, &why);
  if (!data)
    {
      history_unreadable (s, sc, why);
      return NULL;
    }
  Chunk *c = chunk_new (sc->first, sc->sum.decoded);
  if (chunk_decode (c, data, sc->events.size, &error) < 0 || chunk_len (c) != sc->sum.count)
    {
      history_unreadable (s, sc, error ? error->message : "fewer entries than written");
      chunk_unref (c);
      return NULL;
    }
  if (cache)
    history_cache (s, sc, c);
  return c;
}

/* The decoding of the chunk being written, brought up to date (a new
 * reference), or NULL when there is none. */
static Chunk *
history_open_chunk (History *s)
{
  gsize len;
  const guint8 *data;

  if (!s->w)
    return NULL;
  if (!s->w_chunk)
    s->w_chunk = chunk_new (s->w_first, G_MAXSIZE);
  data = chunk_writer_data (s->w, &len);
  /* What this writer wrote decodes: a failure would be a bug, and leaves
   * the entries decoded before. */
  (void) chunk_decode (s->w_chunk, data, len, NULL);
  return chunk_ref (s->w_chunk);
}

/* The decoded chunk holding SEQ (reachable; a new reference) and its
 * first seq in *FIRST; NULL when it cannot be read. */
static Chunk *
history_chunk_of (History *s, guint64 seq, gboolean cache, guint64 *first)
{
  guint i = history_find (s, seq);

  if (i < s->chunks->len)
    {
      *first = ((HistoryChunk *) s->chunks->pdata[i])->first;
      return history_chunk_get (s, i, cache);
    }
  *first = s->w_first;
  return history_open_chunk (s);
}

gboolean
history_summary (History *s, guint64 seq, const ChunkSummary **sum, guint64 *first, guint64 *end)
{
  guint i;

  if (!history_oldest (s) || seq < history_oldest (s) || seq > s->newest)
    return FALSE;
  i = history_find (s, seq);
  if (i < s->chunks->len)
    {
      const HistoryChunk *sc = s->chunks->pdata[i];
      *sum = &sc->sum;
      *first = sc->first;
      *end = history_chunk_end (sc);
      return TRUE;
    }
  *sum = chunk_writer_summary (s->w);
  *first = s->w_first;
  *end = s->newest + 1;
  return TRUE;
}

void
history_iter_init (HistoryIter *it, History *s, guint64 limit)
{
  *it = (HistoryIter) { .s = s, .limit = limit };
}

void
history_iter_clear (HistoryIter *it)
{
  g_clear_pointer (&it->c, chunk_unref);
}

/* The newest seq IT may read. */
static guint64
history_iter_last (const HistoryIter *it)
{
  return it->limit ? MIN (it->limit, it->s->newest) : it->s->newest;
}

const HistoryEntry *
history_iter_seek (HistoryIter *it, guint64 seq)
{
  History *s = it->s;
  guint64 first;

  if (!history_oldest (s) || seq < history_oldest (s) || seq > history_iter_last (it))
    return NULL;
  if (it->c && it->c == s->w_chunk && seq >= it->first)
    chunk_unref (history_open_chunk (s));  /* brings it up to date */
  if (it->c && seq >= it->first && seq - it->first < chunk_len (it->c))
    {
      it->i = (guint) (seq - it->first);
      return chunk_entry (it->c, it->i);
    }
  Chunk *c = history_chunk_of (s, seq, TRUE, &first);
  if (!c || seq - first >= chunk_len (c))
    {
      if (c)
        chunk_unref (c);
      return NULL;
    }
  chunk_unref (it->c);
  it->c = c;
  it->first = first;
  it->i = (guint) (seq - first);
  return chunk_entry (c, it->i);
}

const HistoryEntry *
history_iter_next (HistoryIter *it)
{
  const ChunkSummary *sum;
  guint64 first, end;

  if (!it->c)
    return NULL;
  for (guint64 seq = it->first + it->i + 1; seq <= history_iter_last (it);)
    {
      const HistoryEntry *e = history_iter_seek (it, seq);
      if (e)
        return e;
      if (seq < history_oldest (it->s))
        seq = history_oldest (it->s);
      else if (history_summary (it->s, seq, &sum, &first, &end))
        seq = end;  /* a chunk that cannot be read */
      else
        break;
    }
  return NULL;
}

const HistoryEntry *
history_iter_prev (HistoryIter *it)
{
  const ChunkSummary *sum;
  guint64 first, end;

  if (!it->c)
    return NULL;
  for (guint64 seq = it->first + it->i - 1; seq >= history_oldest (it->s) && seq > 0;)
    {
      if (seq > history_iter_last (it))
        seq = history_iter_last (it);
      const HistoryEntry *e = history_iter_seek (it, seq);
      if (e)
        return e;
      if (!history_summary (it->s, seq, &sum, &first, &end))
        break;
      seq = first - 1;  /* a chunk that cannot be read */
    }
  return NULL;
}

/* history_seq_at_mono and history_seq_at_wall: WALL picks the clock. */
static guint64
history_seq_at (History *s, gint64 ns, guint64 limit, gboolean wall)
{
  guint64 oldest = history_oldest (s), last = limit ? MIN (limit, s->newest) : s->newest;
  guint lo = 0, hi = s->chunks->len;
  guint64 first;

  if (!oldest || last < oldest)
    return 0;
  /* The first chunk whose entries reach past NS holds the first such
   * entry. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const HistoryChunk *sc = s->chunks->pdata[mid];
      if ((wall ? sc->run_wall : sc->run_mono) > ns)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (lo == s->chunks->len)
    {
      const ChunkSummary *sum = s->w ? chunk_writer_summary (s->w) : NULL;
      if (!sum || sum->count == 0 || (wall ? sum->max_wall : sum->max_mono) <= ns)
        return last;
    }
  else if (((HistoryChunk *) s->chunks->pdata[lo])->first > last)
    return last;
  g_autoptr (Chunk) c = lo < s->chunks->len ? history_chunk_get (s, lo, TRUE) : history_open_chunk (s);
  first = lo < s->chunks->len ? ((HistoryChunk *) s->chunks->pdata[lo])->first : s->w_first;
  if (!c)
    return first - 1 < oldest ? 0 : MIN (first - 1, last);  /* unreadable: before it */
  for (guint i = 0; i < chunk_len (c); i++)
    {
      const HistoryEntry *e = chunk_entry (c, i);
      if ((wall ? e->ev.wall_ns : e->ev.mono_ns) > ns)
        {
          guint64 before = first + i - 1;
          return before < oldest ? 0 : MIN (before, last);
        }
    }
  return last;
}

guint64
history_seq_at_mono (History *s, gint64 ns, guint64 limit)
{
  return history_seq_at (s, ns, limit, FALSE);
}

guint64
history_seq_at_wall (History *s, gint64 ns, guint64 limit)
{
  return history_seq_at (s, ns, limit, TRUE);
}

/* --- tables -------------------------------------------------------------- */

int
history_fold (History *s, Proctab *pt, guint64 from, guint64 to, GError **error)
{
  /* A short way (a step) keeps its chunks cached; a long one (a jump)
   * would only push out what the views read. */
  gboolean cache = to - from <= 2 * CHUNK_MAX_ENTRIES;

  for (guint64 seq = from + 1; seq <= to;)
    {
      guint64 first;
      g_autoptr (Chunk) c = seq >= history_oldest (s) && seq <= s->newest
                            ? history_chunk_of (s, seq, cache, &first) : NULL;
      if (!c)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s",
                       s->error && seq >= history_oldest (s) ? s->error
                       : "the history no longer holds those events");
          return -1;
        }
      for (guint i = (guint) (seq - first); i < chunk_len (c) && seq <= to; i++, seq++)
        proctab_fold (pt, &chunk_entry (c, i)->ev);
    }
  return 0;
}

/* The table saved in blob B (after event SEQ), loaded; NULL with *WHY when
 * it cannot be had. */
static Proctab *
history_load_table (History *s, const HistoryBlob *b, guint64 seq, GError **error)
{
  g_autofree guint8 *owned = NULL;
  const char *why = NULL;

  if (b->where == BLOB_NONE)
    return proctab_new (s->o.keep_ns, s->o.max_tombs);
  const guint8 *data = history_blob_bytes (s, b, HISTORY_FILE_TABLE, seq, 0, &owned, &why);
  if (!data)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "the table after event %"
                   G_GUINT64_FORMAT " cannot be read back: %s", seq, why);
      return NULL;
    }
  return proctab_load (data, b->size, s->o.keep_ns, s->o.max_tombs, error);
}

Proctab *
history_table_at (History *s, guint64 seq, GError **error)
{
  Proctab *pt = NULL;
  guint64 from = s->base_seq;
  guint i;

  if (seq < s->base_seq || seq > s->newest)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "event %" G_GUINT64_FORMAT
                   " is not in the history (it holds %" G_GUINT64_FORMAT " to %"
                   G_GUINT64_FORMAT ")", seq, s->base_seq + 1, s->newest);
      return NULL;
    }
  /* After the newest event: the fold itself. */
  if (seq == s->newest)
    return proctab_copy (history_table (s));
  /* The last table saved at or before SEQ that can be read; the base
   * when none can. */
  i = history_find (s, seq);
  if (i < s->chunks->len && history_chunk_end (s->chunks->pdata[i]) - 1 == seq)
    i++;
  while (!pt && i-- > 0)
    {
      const HistoryChunk *sc = s->chunks->pdata[i];
      if (!history_blob_usable (&sc->table))
        continue;
      pt = history_load_table (s, &sc->table, history_chunk_end (sc) - 1, NULL);
      from = history_chunk_end (sc) - 1;
      /* A table given was expired when the monitor's clock said, maybe
       * a moment before: as a fold, at its event. */
      if (pt)
        proctab_expire (pt, sc->sum.last_mono);
    }
  if (!pt)
    {
      from = s->base_seq;
      pt = history_load_table (s, &s->base, s->base_seq, error);
      if (!pt)
        return NULL;
      if (s->base_seq)
        proctab_expire (pt, s->base_mono);
    }
  if (history_fold (s, pt, from, seq, error) < 0)
    g_clear_pointer (&pt, proctab_free);
  return pt;
}
