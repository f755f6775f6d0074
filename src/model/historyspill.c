/* historyspill.c - the history's memory budget and its spill file:
 * the oldest chunks and tables written to the file, or dropped, and
 * the limit reached (see history.h). */
#include "historyprivate.h"

#include <errno.h>
#include <string.h>

#include "pack.h"

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
void
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
