/* history.c - the history: chunks in memory and in the spill file, saved
 * tables, lookups (see history.h). */
#include "history.h"

#include <errno.h>
#include <string.h>

#include "pack.h"

/* Where a chunk's events or a saved table are. */
typedef enum {
  BLOB_NONE,     /* not there (a chunk with no table after it) */
  BLOB_MEMORY,
  BLOB_FILE,
  BLOB_LOST,     /* overwritten in the file, or the file failed */
} HistoryWhere;

/* One chunk's events or one saved table. */
typedef struct {
  guint8 *data;    /* BLOB_MEMORY: the bytes */
  guint64 off;     /* BLOB_FILE: where its header starts */
  guint32 size;    /* bytes (not counting the file's header) */
  guint32 crc;     /* BLOB_FILE: CRC-32C of the bytes */
  HistoryWhere where;
} HistoryBlob;

/* A sealed chunk, and the table after its last event if one was saved. */
typedef struct {
  guint64 first;       /* seq of its first entry */
  ChunkSummary sum;
  gint64 run_mono;     /* the latest times from the oldest reachable entry */
  gint64 run_wall;     /*   to the end of this chunk (time lookups) */
  HistoryBlob events;
  HistoryBlob table;
  Chunk *cached;       /* decoded, while in the cache (its reference) */
  guint64 used;        /* the cache's clock when last used */
  char *error;         /* why it cannot be read, once it could not */
} HistoryChunk;

/* What a blob in the file is. */
enum {
  HISTORY_FILE_EVENTS = 1,
  HISTORY_FILE_TABLE = 2,
};

/* A blob's header in the file: magic, kind, seq (the chunk's first, or
 * the event a table is after), size, CRC-32C of the bytes, entries, and
 * the CRC-32C of the 28 bytes before it. */
#define HISTORY_FILE_MAGIC 0x48534b46u  /* "FKSH" */
#define HISTORY_FILE_HEADER 32

struct History {
  HistoryOptions o;
  Spill *spill;            /* NULL: none, or given up */
  guint64 wpos;            /* where the ring's next blob goes */
  GPtrArray *chunks;       /* of HistoryChunk*, sealed, oldest first */
  guint spilled;           /* chunks before this one are out of memory */
  ChunkWriter *w;          /* the chunk being written, or NULL */
  guint64 w_first;         /* its first seq */
  Chunk *w_chunk;          /* its decoding so far, for readers, or NULL */
  HistoryBlob base;          /* the table before the oldest reachable entry
                              (BLOB_NONE: the empty table) */
  guint64 base_seq;        /* the event it is after (0: before the first) */
  gint64 base_mono;        /* that event's time */
  guint64 newest;
  gint64 newest_mono, newest_wall;
  Proctab *fold;           /* the fold of every event appended, unless */
  const Proctab *table;    /* the table they are applied to is given
                              (history_set_table) */
  guint64 since_events;    /* appended since the last saved table */
  gsize since_bytes;
  gsize last_table;        /* bytes of the last saved table */
  guint last_procs;        /* processes (live and tombstones) it held */
  gsize mem;               /* bytes of blobs in memory */
  GPtrArray *cache;        /* of HistoryChunk* with a decoded chunk cached */
  guint64 clock;
  Activity *activity;
  HistoryLimit limit;
  char *limit_text;
  char *spill_error;       /* why the spill file was given up */
  char *error;             /* the last read failure */
};

/* The table after the newest event: the one given, or the fold. */
static inline const Proctab *
history_table (const History *s)
{
  return s->table ? s->table : s->fold;
}

/* Bytes the index takes per chunk. */
#define HISTORY_INDEX_BYTES (sizeof (HistoryChunk) + sizeof (gpointer))

/* Frees a blob's memory, if in memory, and forgets it. */
static void
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
static void
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

/* The seq after the last entry of SC. */
static inline guint64
history_chunk_end (const HistoryChunk *sc)
{
  return sc->first + sc->sum.count;
}

/* Recomputes the running latest times of the chunks, from the oldest
 * reachable one. */
static void
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
static void
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
static void
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
static void
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

/* BYTES for a person, in binary units: "256 KiB", "1.5 GiB" (a new
 * string). */
static char *
history_size_text (guint64 bytes)
{
  static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
  double v = (double) bytes;
  guint u = 0;

  while (v >= 1024 && u + 1 < G_N_ELEMENTS (units))
    {
      v /= 1024;
      u++;
    }
  char n[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (n, sizeof n, "%.1f", v);
  if (g_str_has_suffix (n, ".0"))
    n[strlen (n) - 2] = '\0';
  return g_strdup_printf ("%s %s", n, units[u]);
}

/* Sets the limit the oldest reachable entry has met. */
static void
history_set_limit (History *s, HistoryLimit limit)
{
  g_autofree char *mem = history_size_text (s->o.memory);
  g_autofree char *cap = history_size_text (s->o.spill_cap);

  s->limit = limit;
  g_free (s->limit_text);
  switch (limit)
    {
    case HISTORY_LIMIT_MEMORY:
      s->limit_text = g_strdup_printf ("memory budget of %s", mem);
      break;
    case HISTORY_LIMIT_SPILL_CAP:
      s->limit_text = g_strdup_printf ("spill file cap of %s", cap);
      break;
    case HISTORY_LIMIT_SPILL_FAILED:
      s->limit_text = g_strdup_printf ("%s; %s in memory", s->spill_error, mem);
      break;
    default:
      s->limit_text = NULL;
      break;
    }
}

/* Whether a blob can be read (or is the empty table). */
static inline gboolean
history_blob_usable (const HistoryBlob *b)
{
  return b->where == BLOB_MEMORY || b->where == BLOB_FILE;
}

/* Drops the oldest chunks up to and including the first whose table is
 * usable, which becomes the base: the reachable events still start
 * right after a table.  When no chunk has one, a table is saved now after
 * the newest event (the chunk being written sealed for it), and every
 * entry goes.  LIMIT says why. */
static void
history_drop_front (History *s, HistoryLimit limit)
{
  guint j = 0;

  while (j < s->chunks->len && !history_blob_usable (&((HistoryChunk *) s->chunks->pdata[j])->table))
    j++;
  if (j == s->chunks->len)
    {
      if (s->w)
        history_seal (s, TRUE);
      else if (s->chunks->len)
        history_save_table (s, s->chunks->pdata[s->chunks->len - 1]);
      else
        return;
      j = s->chunks->len - 1;
    }
  HistoryChunk *last = s->chunks->pdata[j];
  history_blob_clear (s, &s->base);
  s->base = last->table;
  s->base_mono = last->sum.last_mono;
  last->table = (HistoryBlob) { 0 };
  s->base_seq = history_chunk_end (last) - 1;
  for (guint i = 0; i <= j; i++)
    history_chunk_free (s, s->chunks->pdata[i]);
  g_ptr_array_remove_range (s->chunks, 0, j + 1);
  s->spilled = s->spilled > j + 1 ? s->spilled - (j + 1) : 0;
  history_rerun (s);
  history_set_limit (s, limit);
}

/* Drops from the front until the reachable entries start at a usable
 * base with their first chunk's events there. */
static void
history_cut (History *s, HistoryLimit limit)
{
  for (;;)
    {
      gboolean base_ok = s->base.where != BLOB_LOST;
      const HistoryChunk *front = s->chunks->len ? s->chunks->pdata[0] : NULL;
      if (base_ok && (!front || front->events.where != BLOB_LOST))
        return;
      history_drop_front (s, limit);
    }
}

/* Gives the spill file up after a failure to write it (-ERR): what it
 * held is dropped, the history goes on in memory. */
static void
history_spill_failed (History *s, int err)
{
  g_free (s->spill_error);
  s->spill_error = g_strdup_printf ("spill file write failed: %s", g_strerror (err));
  g_clear_pointer (&s->spill, spill_free);
  if (s->base.where == BLOB_FILE)
    s->base.where = BLOB_LOST;
  for (guint i = 0; i < s->chunks->len; i++)
    {
      HistoryChunk *sc = s->chunks->pdata[i];
      if (sc->events.where == BLOB_FILE)
        sc->events.where = BLOB_LOST;
      if (sc->table.where == BLOB_FILE)
        sc->table.where = BLOB_LOST;
    }
  history_cut (s, HISTORY_LIMIT_SPILL_FAILED);
}

/* The bytes a blob takes in the file. */
static inline guint64
history_extent (const HistoryBlob *b)
{
  return HISTORY_FILE_HEADER + (guint64) b->size;
}

/* Marks the file's blobs from the oldest that the ring is about to write
 * over (those in [AT, AT + LEN), and when it wrapped those past WAS, the
 * old write position) as lost. */
static void
history_evict (History *s, guint64 at, guint64 len, gboolean wrapped, guint64 was)
{
  HistoryBlob *order[2];

  /* The file's blobs, oldest first: the base, then the chunks in turn. */
  for (gint i = -1; i < (gint) s->chunks->len; i++)
    {
      guint n = 0;
      if (i < 0)
        order[n++] = &s->base;
      else
        {
          HistoryChunk *sc = s->chunks->pdata[i];
          order[n++] = &sc->events;
          order[n++] = &sc->table;
        }
      for (guint k = 0; k < n; k++)
        {
          HistoryBlob *b = order[k];
          if (b->where != BLOB_FILE)
            continue;
          if (!((wrapped && b->off >= was) || (b->off < at + len && at < b->off + history_extent (b))))
            return;
          b->where = BLOB_LOST;
        }
    }
}

/* Writes blob B (in memory) to the ring as KIND for SEQ (COUNT entries),
 * then frees its memory.  Returns 0 or -errno. */
static int
history_spill_blob (History *s, HistoryBlob *b, guint32 kind, guint64 seq, guint32 count)
{
  guint64 len = history_extent (b), at = s->wpos, was = s->wpos;
  gboolean wrapped = FALSE;
  PackBuf head = { 0 };
  int r;

  if (len > s->o.spill_cap)
    return -EFBIG;
  if (at + len > s->o.spill_cap)
    {
      at = 0;
      wrapped = TRUE;
    }
  history_evict (s, at, len, wrapped, was);
  b->crc = pack_crc32c (0, b->data, b->size);
  pack_u32 (&head, HISTORY_FILE_MAGIC);
  pack_u32 (&head, kind);
  pack_u64 (&head, seq);
  pack_u32 (&head, b->size);
  pack_u32 (&head, b->crc);
  pack_u32 (&head, count);
  pack_u32 (&head, pack_crc32c (0, head.data, head.len));
  r = s->spill->klass->write (s->spill, at, head.data, head.len);
  if (r == 0)
    r = s->spill->klass->write (s->spill, at + HISTORY_FILE_HEADER, b->data, b->size);
  pack_buf_clear (&head);
  if (r < 0)
    return r;
  s->mem -= b->size;
  g_clear_pointer (&b->data, g_free);
  b->where = BLOB_FILE;
  b->off = at;
  s->wpos = at + len;
  return 0;
}

/* Spills the oldest blob still in memory; FALSE when there is none (or
 * no spill file). */
static gboolean
history_spill_oldest (History *s)
{
  HistoryBlob *b = NULL;
  guint32 kind = HISTORY_FILE_TABLE, count = 0;
  guint64 seq = s->base_seq;
  int r;

  if (!s->spill)
    return FALSE;
  if (s->base.where == BLOB_MEMORY)
    b = &s->base;
  while (!b && s->spilled < s->chunks->len)
    {
      HistoryChunk *sc = s->chunks->pdata[s->spilled];
      if (sc->events.where == BLOB_MEMORY)
        {
          b = &sc->events;
          kind = HISTORY_FILE_EVENTS;
          seq = sc->first;
          count = sc->sum.count;
        }
      else if (sc->table.where == BLOB_MEMORY)
        {
          b = &sc->table;
          seq = history_chunk_end (sc) - 1;
        }
      else
        s->spilled++;
    }
  if (!b)
    return FALSE;
  r = history_spill_blob (s, b, kind, seq, count);
  if (r < 0)
    history_spill_failed (s, -r);
  else
    history_cut (s, HISTORY_LIMIT_SPILL_CAP);
  return TRUE;
}

/* Brings the memory held back within the budget: spills the oldest
 * blobs, or where there is no spill file, drops the oldest chunks. */
static void
history_make_room (History *s)
{
  while (s->mem + s->chunks->len * HISTORY_INDEX_BYTES > s->o.memory)
    {
      if (history_spill_oldest (s))
        continue;
      /* Nothing to spill: the oldest go, but never the base alone. */
      if (s->chunks->len == 0)
        break;
      history_drop_front (s, s->spill_error ? HISTORY_LIMIT_SPILL_FAILED : HISTORY_LIMIT_MEMORY);
    }
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
