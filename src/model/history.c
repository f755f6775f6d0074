/* history.c - the history: appending, sealing chunks, saved tables,
 * the limits (see history.h); the memory budget and the spill file are
 * in historyspill.c, reading back in historyread.c. */
#include "historyprivate.h"

#include <string.h>

#include "pack.h"

void
history_blob_clear (History *s, HistoryBlob *b)
{
  if (b->where == BLOB_MEMORY)
    {
      s->mem -= b->size;
      g_free (b->data);
    }
  *b = (HistoryBlob) { 0 };
}

/* Takes SC out of the cache, if it is in it. */
static void
history_uncache (History *s, HistoryChunk *sc)
{
  if (!sc->cached)
    return;
  g_ptr_array_remove_fast (s->cache, sc);
  g_clear_pointer (&sc->cached, chunk_unref);
}

/* Frees SC and what it holds. */
void
history_chunk_free (History *s, HistoryChunk *sc)
{
  history_uncache (s, sc);
  history_blob_clear (s, &sc->events);
  history_blob_clear (s, &sc->table);
  g_free (sc->error);
  g_free (sc);
}

History *
history_new (const HistoryOptions *o, Spill *spill)
{
  History *s = g_new0 (History, 1);

  s->o = *o;
  s->o.memory = CLAMP (o->memory, HISTORY_MEMORY_MIN, HISTORY_MEMORY_MAX);
  s->o.spill_cap = CLAMP (o->spill_cap, HISTORY_SPILL_CAP_MIN, HISTORY_SPILL_CAP_MAX);
  s->o.cache = CLAMP (o->cache, 1, HISTORY_CACHE_MAX);
  if (!s->o.table_every || s->o.table_every > HISTORY_TABLE_MAX_EVENTS)
    s->o.table_every = HISTORY_TABLE_MAX_EVENTS;
  s->spill = spill;
  s->chunks = g_ptr_array_new ();
  s->cache = g_ptr_array_new ();
  s->fold = proctab_new (o->keep_ns, o->max_tombs);
  s->activity = activity_new ();
  return s;
}

void
history_free (History *s)
{
  if (!s)
    return;
  for (guint i = 0; i < s->chunks->len; i++)
    history_chunk_free (s, s->chunks->pdata[i]);
  g_ptr_array_unref (s->chunks);
  g_ptr_array_unref (s->cache);
  chunk_writer_free (s->w);
  chunk_unref (s->w_chunk);
  history_blob_clear (s, &s->base);
  proctab_free (s->fold);
  activity_free (s->activity);
  spill_free (s->spill);
  g_free (s->limit_text);
  g_free (s->spill_error);
  g_free (s->error);
  g_free (s);
}

/* Recomputes the running latest times of the chunks, from the oldest
 * reachable one. */
void
history_rerun (History *s)
{
  for (guint i = 0; i < s->chunks->len; i++)
    {
      HistoryChunk *sc = s->chunks->pdata[i];
      const HistoryChunk *before = i ? s->chunks->pdata[i - 1] : NULL;
      sc->run_mono = before ? MAX (before->run_mono, sc->sum.max_mono) : sc->sum.max_mono;
      sc->run_wall = before ? MAX (before->run_wall, sc->sum.max_wall) : sc->sum.max_wall;
    }
}

/* Saves the fold table as the one after chunk SC. */
void
history_save_table (History *s, HistoryChunk *sc)
{
  PackBuf out = { 0 };
  gsize len;

  proctab_save (history_table (s), &out);
  sc->table.data = pack_buf_steal (&out, &len);
  sc->table.size = (guint32) len;
  sc->table.where = BLOB_MEMORY;
  s->mem += len;
  s->last_table = len;
  s->last_procs = proctab_count_live (history_table (s)) + proctab_count_tombs (history_table (s));
  s->since_events = 0;
  s->since_bytes = 0;
}

/* The bytes a table saved now would take: the last one's per process,
 * for the processes the fold table holds now. */
static gsize
history_table_estimate (const History *s)
{
  guint procs = proctab_count_live (history_table (s)) + proctab_count_tombs (history_table (s));

  if (!s->last_procs)
    return s->last_table;
  return (gsize) ((double) s->last_table / s->last_procs * procs);
}

/* Puts SC's decoded chunk C (a reference taken) in the cache, making
 * room. */
void
history_cache (History *s, HistoryChunk *sc, Chunk *c)
{
  sc->cached = chunk_ref (c);
  sc->used = ++s->clock;
  g_ptr_array_add (s->cache, sc);
  while (s->cache->len > s->o.cache)
    {
      HistoryChunk *lru = s->cache->pdata[0];
      for (guint i = 1; i < s->cache->len; i++)
        if (((HistoryChunk *) s->cache->pdata[i])->used < lru->used)
          lru = s->cache->pdata[i];
      history_uncache (s, lru);
    }
}

/* Seals the chunk being written; saves the fold table after it when it
 * is due, or when FORCE. */
void
history_seal (History *s, gboolean force)
{
  HistoryChunk *sc = g_new0 (HistoryChunk, 1);
  gsize len;

  sc->first = s->w_first;
  sc->sum = *chunk_writer_summary (s->w);
  sc->events.data = chunk_writer_finish (g_steal_pointer (&s->w), &len);
  sc->events.size = (guint32) len;
  sc->events.where = BLOB_MEMORY;
  s->mem += len;
  if (s->w_chunk)
    {
      /* Its readers' decoding, finished, goes on in the cache. */
      if (chunk_decode (s->w_chunk, sc->events.data, len, NULL) == 0)
        history_cache (s, sc, s->w_chunk);
      g_clear_pointer (&s->w_chunk, chunk_unref);
    }
  g_ptr_array_add (s->chunks, sc);
  {
    const HistoryChunk *before = s->chunks->len > 1 ? s->chunks->pdata[s->chunks->len - 2] : NULL;
    sc->run_mono = before ? MAX (before->run_mono, sc->sum.max_mono) : sc->sum.max_mono;
    sc->run_wall = before ? MAX (before->run_wall, sc->sum.max_wall) : sc->sum.max_wall;
  }
  s->since_events += sc->sum.count;
  s->since_bytes += len;
  if (force || s->since_events >= s->o.table_every || s->since_bytes >= s->o.memory / 8
      || s->since_bytes >= 4 * history_table_estimate (s))
    history_save_table (s, sc);
}

void
history_set_table (History *s, const Proctab *pt)
{
  s->table = pt;
  g_clear_pointer (&s->fold, proctab_free);
}

void
history_append (History *s, const Event *ev, const Proc *p)
{
  HistoryEntry e;

  history_entry_init (&e, ev, p);
  if (!s->w)
    {
      s->w = chunk_writer_new (s->o.chunk_entries);
      s->w_first = s->newest + 1;
    }
  chunk_writer_add (s->w, &e);
  s->newest++;
  s->newest_mono = ev->mono_ns;
  s->newest_wall = ev->wall_ns;
  if (!s->table)
    proctab_fold (s->fold, ev);
  activity_add (s->activity, ev);
  /* Sealed as soon as full, while the table is right after its last
   * event. */
  if (chunk_writer_full (s->w))
    {
      history_seal (s, FALSE);
      history_make_room (s);
    }
}

guint64
history_oldest (const History *s)
{
  return s->newest > s->base_seq ? s->base_seq + 1 : 0;
}

guint64
history_newest (const History *s)
{
  return s->newest;
}

gboolean
history_oldest_time (const History *s, gint64 *mono_ns, gint64 *wall_ns)
{
  const ChunkSummary *sum = s->chunks->len ? &((HistoryChunk *) s->chunks->pdata[0])->sum
                            : s->w ? chunk_writer_summary (s->w) : NULL;

  if (!history_oldest (s) || !sum)
    return FALSE;
  *mono_ns = sum->first_mono;
  *wall_ns = sum->first_wall;
  return TRUE;
}

gboolean
history_newest_time (const History *s, gint64 *mono_ns, gint64 *wall_ns)
{
  if (!s->newest)
    return FALSE;
  *mono_ns = s->newest_mono;
  *wall_ns = s->newest_wall;
  return TRUE;
}

HistoryLimit
history_limit (const History *s)
{
  return s->limit;
}

const char *
history_limit_text (const History *s)
{
  return s->limit_text;
}

const char *
history_error (const History *s)
{
  return s->error;
}

/* --- the rest ------------------------------------------------------------ */

const Activity *
history_activity (const History *s)
{
  return s->activity;
}

gboolean
history_entry_shown (const Filter *f, const HistoryEntry *e, const Proctab *pt, guint show)
{
  const Proc *p = e->serial && pt ? proctab_lookup_serial (pt, e->serial) : NULL;

  if (e->ev.kind == EVENT_SNAPSHOT)
    return FALSE;
  return filter_match_event (f, &e->ev, p, e->comm, show);
}

void
history_memory (const History *s, HistoryMemory *m)
{
  *m = (HistoryMemory) { .index = s->chunks->len * HISTORY_INDEX_BYTES,
                       .activity = activity_memory (s->activity) };
  if (s->w)
    m->writer = chunk_writer_memory (s->w) + (s->w_chunk ? chunk_memory (s->w_chunk) : 0);
  for (guint i = 0; i < s->chunks->len; i++)
    {
      const HistoryChunk *sc = s->chunks->pdata[i];
      if (sc->events.where == BLOB_MEMORY)
        m->chunks += sc->events.size;
      if (sc->table.where == BLOB_MEMORY)
        m->tables += sc->table.size;
      if (sc->events.where == BLOB_FILE)
        {
          m->file += history_extent (&sc->events);
          m->file_chunks++;
        }
      if (sc->table.where == BLOB_FILE)
        m->file += history_extent (&sc->table);
      if (sc->cached)
        m->cache += chunk_memory (sc->cached);
    }
  if (s->base.where == BLOB_MEMORY)
    m->tables += s->base.size;
  if (s->base.where == BLOB_FILE)
    m->file += history_extent (&s->base);
}
