/* chunkread.c - the history's compact encoding decoded (see chunk.h). */
#include "chunkprivate.h"

#include <stdint.h>
#include <string.h>

/* --- decoding ----------------------------------------------------------- */

/* Entries per block of a decoded chunk: blocks never move, so entry
 * pointers stay valid while the chunk grows. */
#define CHUNK_BLOCK 256
/* Bytes of a block of the string arena. */
#define CHUNK_ARENA_BLOCK (16 * 1024)

struct Chunk {
  gint refs;
  guint64 first_seq;
  gsize max_decoded;
  gsize decoded;        /* bytes counted against max_decoded */
  gsize memory;         /* bytes allocated */
  gsize off;            /* bytes of the chunk decoded */
  guint n;
  GPtrArray *blocks;    /* of HistoryEntry[CHUNK_BLOCK] */
  GSList *arena;        /* blocks of strings and arrays */
  guint8 *arena_p;
  gsize arena_left;
  ChunkState st;
  GPtrArray *wheres;    /* of Where*, the entries' (they hold none) */
  guint64 bits;         /* every field's presence bit */
  char *broken;         /* why decoding failed, or NULL */
};

Chunk *
chunk_new (guint64 first_seq, gsize max_decoded)
{
  Chunk *c = g_new0 (Chunk, 1);

  c->refs = 1;
  c->first_seq = first_seq;
  c->max_decoded = max_decoded;
  c->blocks = g_ptr_array_new_with_free_func (g_free);
  c->memory = sizeof *c;
  chunk_state_init (&c->st, FALSE);
  for (guint f = 0; f < F_MAX; f++)
    c->bits |= CHUNK_BIT (f);
  return c;
}

Chunk *
chunk_ref (Chunk *c)
{
  c->refs++;
  return c;
}

void
chunk_unref (Chunk *c)
{
  if (!c || --c->refs > 0)
    return;
  for (guint i = 0; i < c->n; i++)
    cost_unref (((HistoryEntry *) c->blocks->pdata[i / CHUNK_BLOCK])[i % CHUNK_BLOCK].ev.cost);
  g_ptr_array_unref (c->blocks);
  g_slist_free_full (c->arena, g_free);
  if (c->wheres)
    g_ptr_array_unref (c->wheres);
  chunk_state_clear (&c->st);
  g_free (c->broken);
  g_free (c);
}

/* N bytes of C's arena, aligned for pointers. */
static void *
chunk_alloc (Chunk *c, gsize n)
{
  n = (n + sizeof (gpointer) - 1) & ~(sizeof (gpointer) - 1);
  if (n > CHUNK_ARENA_BLOCK / 4)
    {
      /* A large string or array: a block of its own, behind the current. */
      void *big = g_malloc (n);
      if (c->arena)
        c->arena->next = g_slist_prepend (c->arena->next, big);
      else
        c->arena = g_slist_prepend (NULL, big);
      c->memory += n;
      return big;
    }
  if (c->arena_left < n)
    {
      c->arena_p = g_malloc (CHUNK_ARENA_BLOCK);
      c->arena_left = CHUNK_ARENA_BLOCK;
      c->arena = g_slist_prepend (c->arena, c->arena_p);
      c->memory += CHUNK_ARENA_BLOCK;
    }
  void *at = c->arena_p;
  c->arena_p += n;
  c->arena_left -= n;
  return at;
}

/* Counts N decoded bytes against C's budget; FALSE when exceeded. */
static gboolean
chunk_spend (Chunk *c, gsize n)
{
  c->decoded += n;
  return c->decoded <= c->max_decoded;
}

/* PackDictAlloc: room for a new string of N bytes in the arena of the
 * chunk USER, counted against its budget. */
static char *
chunk_alloc_str (gsize n, gpointer user)
{
  Chunk *c = user;

  return chunk_spend (c, n) ? chunk_alloc (c, n) : NULL;
}

/* Reads a string code, given the index of the field's last value, into
 * *IDX (-1 for NULL, which only NULL_OK allows).  FALSE when broken. */
static gboolean
chunk_read_str (Chunk *c, PackReader *r, gint slot, gboolean null_ok, gint *idx)
{
  return pack_dict_get (&c->st.dict, r, slot, idx, chunk_alloc_str, c) && (*idx >= 0 || null_ok);
}

/* Reads a command line into *ARGV (the arena's), compared with the last
 * one of the executable with string index EXE, which it becomes.  FALSE
 * when broken. */
static gboolean
chunk_read_argv (Chunk *c, PackReader *r, gint exe, char ***argv)
{
  gpointer key = GINT_TO_POINTER (exe + 1);
  GArray *last = g_hash_table_lookup (c->st.argv_by_exe, key);
  guint64 argc = pack_read_uvarint (r), lead = pack_read_uvarint (r);
  guint had = last ? last->len : 0;

  /* Every element past the leading ones takes a byte at least. */
  if (r->bad || lead > argc || lead > had || argc - lead > pack_left (r)
      || argc >= G_MAXUINT32 / sizeof (char *)
      || !chunk_spend (c, (argc + 1) * sizeof (char *)))
    return FALSE;
  if (!last)
    {
      last = g_array_sized_new (FALSE, FALSE, sizeof (gint), (guint) argc);
      g_hash_table_insert (c->st.argv_by_exe, key, last);
    }
  char **out = chunk_alloc (c, (argc + 1) * sizeof (char *));
  for (guint i = (guint) lead; i < argc; i++)
    {
      gint idx;
      if (!chunk_read_str (c, r, i < had ? g_array_index (last, gint, i) : -1, FALSE, &idx))
        return FALSE;
      if (i < had)
        g_array_index (last, gint, i) = idx;
      else
        g_array_append_val (last, idx);
    }
  g_array_set_size (last, (guint) argc);
  for (guint i = 0; i < argc; i++)
    out[i] = c->st.dict.strs->pdata[g_array_index (last, gint, i)];
  out[argc] = NULL;
  *argv = out;
  return TRUE;
}

/* Reads where a process runs (chunk_put_where's) into *OUT, a Where the
 * chunk holds.  FALSE when broken, or when it says the host unless
 * HOST_OK (then *OUT is NULL). */
static gboolean
chunk_read_where (Chunk *c, PackReader *r, gboolean host_ok, Where **out)
{
  guint64 level = pack_read_uvarint (r), nspid = pack_read_uvarint (r);
  const char *strs[3];

  if (r->bad || level > WHERE_LEVEL_MAX || nspid > G_MAXINT)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      gint idx;
      if (!chunk_read_str (c, r, c->st.where_slot[i], TRUE, &idx))
        return FALSE;
      if (idx >= 0)
        c->st.where_slot[i] = idx;
      strs[i] = idx >= 0 ? c->st.dict.strs->pdata[idx] : NULL;
    }
  Container *k = container_get (strs[0], strs[1], strs[2]);
  /* Its container is all of its strings or none; a Where is somewhere,
   * the host has no pid of its own. */
  if ((k != NULL) != (strs[1] != NULL) || (!k && level == 0 && (!host_ok || nspid))
      || ((k || level) && !chunk_spend (c, CHUNK_WHERE_BYTES)))
    {
      container_unref (k);
      return FALSE;
    }
  if (!k && level == 0)
    {
      *out = NULL;
      return TRUE;
    }
  c->memory += CHUNK_WHERE_BYTES;
  *out = where_new ((gint) nspid, (guint) level, k);
  container_unref (k);
  if (!c->wheres)
    c->wheres = g_ptr_array_new_with_free_func ((GDestroyNotify) where_unref);
  g_ptr_array_add (c->wheres, *out);
  return TRUE;
}

/* Reads a cost chunk_put_cost wrote into *COST (a new one), which
 * becomes the chunk's last.  FALSE when broken: no field measured, fields
 * that do not exist, a value said to differ that does not. */
static gboolean
chunk_read_cost (Chunk *c, PackReader *r, Cost **cost)
{
  CostValues v = { 0 }, *last = &c->st.cost;
  guint64 have = last->have ^ pack_read_uvarint (r), changed = pack_read_uvarint (r);

  if (r->bad || have == 0 || have >= COST_BIT (COST_FIELD_MAX) || (changed & ~have) != 0
      || !chunk_spend (c, cost_size ((guint32) have)))
    return FALSE;
  v.have = (guint32) have;
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    if (have & COST_BIT (f))
      {
        guint64 d = 0;
        if (changed & COST_BIT (f))
          {
            d = (guint64) pack_read_svarint (r);
            if (d == 0 || r->bad)
              return FALSE;
          }
        v.v[f] = last->v[f] + d;
      }
  *last = v;
  *cost = cost_new (&v);
  c->memory += cost_size (v.have);
  return TRUE;
}

/* Decodes one record into E.  FALSE when it is broken. */
static gboolean
chunk_read_entry (Chunk *c, PackReader *r, HistoryEntry *e)
{
  guint64 head = pack_read_uvarint (r), mask = head >> CHUNK_KIND_BITS;
  EventKind kind = head & ((1u << CHUNK_KIND_BITS) - 1);
  guint64 v[F_MAX] = { 0 };  /* predictions read only fields decoded before them */
  gint idx[F_MAX];

  if (r->bad || kind >= EVENT_KIND_MAX || (mask & ~c->bits) != 0
      || !chunk_spend (c, sizeof (HistoryEntry)))
    return FALSE;
  memset (e, 0, sizeof *e);
  e->ev.kind = kind;
#pragma GCC unroll 32
  for (guint f = 0; f < F_STRINGS; f++)
    {
      const ChunkField *cf = &chunk_fields[f];
      guint64 delta = 0;
      if (mask & CHUNK_BIT (f))
        {
          delta = (guint64) pack_read_svarint (r);
          if (delta == 0 || r->bad)
            return FALSE;
        }
      v[f] = chunk_predict (&c->st, kind, f, v) + delta;
      if (!chunk_fits (cf, v[f]))
        return FALSE;
      chunk_set (e, cf, v[f]);
    }
  for (guint f = F_STRINGS; f < F_ARGV; f++)
    {
      const ChunkField *cf = &chunk_fields[f];
      char **at = (char **) ((char *) e + cf->offset);
      char *base = cf->pred == CP_FIELD && idx[cf->base] >= 0
                   ? c->st.dict.strs->pdata[idx[cf->base]] : NULL;
      const char *pred = chunk_predict_str (&c->st, f, v, base);
      idx[f] = -1;
      if (mask & CHUNK_BIT (f))
        {
          if (!chunk_read_str (c, r, c->st.slot[f], pred != NULL, &idx[f]))
            return FALSE;
          *at = idx[f] >= 0 ? c->st.dict.strs->pdata[idx[f]] : NULL;
          /* A field said to differ from its prediction must differ. */
          if (g_strcmp0 (*at, pred) == 0)
            return FALSE;
        }
      else if (cf->pred == CP_FIELD)
        {
          idx[f] = idx[cf->base];
          *at = base;
        }
      else if (pred)
        {
          /* A string the chunk does not hold: made, in the arena. */
          gsize n = strlen (pred) + 1;
          char *made = chunk_alloc_str (n, c);
          if (!made)
            return FALSE;
          memcpy (made, pred, n);
          *at = made;
        }
    }
  if ((mask & CHUNK_BIT (F_ARGV)) && !chunk_read_argv (c, r, idx[F_EXE], &e->ev.argv))
    return FALSE;
  if ((mask & CHUNK_BIT (F_WHERE)) && !chunk_read_where (c, r, FALSE, &e->ev.where))
    return FALSE;
  const Where *where_pred = chunk_predict_where (&c->st, &e->ev);
  if (mask & CHUNK_BIT (F_SUBJ_WHERE))
    {
      /* Said to differ from its prediction: it must. */
      if (!chunk_read_where (c, r, TRUE, &e->where) || where_equal (e->where, where_pred))
        return FALSE;
    }
  else
    e->where = (Where *) (uintptr_t) where_pred;
  chunk_state_note_where (&c->st, e->where);
  if ((guint) e->ev.ends > EVENT_ENDS_PROCESS)
    return FALSE;
  /* Last: an entry refused owns no cost. */
  if ((mask & CHUNK_BIT (F_COST)) && !chunk_read_cost (c, r, &e->ev.cost))
    return FALSE;
  chunk_state_note (&c->st, kind, v, idx);
  return TRUE;
}

int
chunk_decode (Chunk *c, const guint8 *data, gsize len, GError **error)
{
  PackReader r;

  if (c->broken)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", c->broken);
      return -1;
    }
  if (len < c->off)
    {
      c->broken = g_strdup ("the chunk is shorter than what was decoded of it");
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", c->broken);
      return -1;
    }
  pack_reader_init (&r, data + c->off, len - c->off);
  if (c->off == 0)
    {
      const guint8 *version = pack_read_bytes (&r, 1);
      if (!version || *version != CHUNK_VERSION)
        {
          c->broken = g_strdup_printf ("chunk version %d, not %d", version ? *version : -1,
                                       CHUNK_VERSION);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", c->broken);
          return -1;
        }
      c->off = 1;
    }
  while (pack_left (&r) > 0)
    {
      if (c->n % CHUNK_BLOCK == 0 && c->n / CHUNK_BLOCK == c->blocks->len)
        {
          g_ptr_array_add (c->blocks, g_new (HistoryEntry, CHUNK_BLOCK));
          c->memory += CHUNK_BLOCK * sizeof (HistoryEntry);
        }
      HistoryEntry *e = (HistoryEntry *) c->blocks->pdata[c->n / CHUNK_BLOCK] + c->n % CHUNK_BLOCK;
      if (!chunk_read_entry (c, &r, e))
        {
          c->broken = g_strdup_printf ("entry %u of the chunk (byte %zu) is broken", c->n,
                                       c->off);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", c->broken);
          return -1;
        }
      e->seq = c->first_seq + c->n++;
      c->off = len - pack_left (&r);
    }
  return 0;
}

guint
chunk_len (const Chunk *c)
{
  return c->n;
}

const HistoryEntry *
chunk_entry (const Chunk *c, guint i)
{
  if (i >= c->n)
    return NULL;
  return (const HistoryEntry *) c->blocks->pdata[i / CHUNK_BLOCK] + i % CHUNK_BLOCK;
}

gsize
chunk_memory (const Chunk *c)
{
  return c->memory + c->st.dict.strs->len * (sizeof (gpointer) + sizeof (guint32));
}
