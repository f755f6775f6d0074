/* chunkwrite.c - the history's compact encoding written (see chunk.h). */
#include "chunkprivate.h"

#include <string.h>


/* --- summary ------------------------------------------------------------ */

/* Counts entry E into S. */
static void
chunk_summary_add (ChunkSummary *s, const HistoryEntry *e)
{
  int a = activity_kind (&e->ev);

  if (s->count == 0)
    {
      s->first_mono = s->max_mono = e->ev.mono_ns;
      s->first_wall = s->max_wall = e->ev.wall_ns;
    }
  s->count++;
  s->kinds |= EVENT_MASK (e->ev.kind);
  if (a >= 0)
    activity_add_sat (&s->activity[a], activity_weight (&e->ev));
  if (e->serial)
    {
      s->serial_min = s->serial_min ? MIN (s->serial_min, e->serial) : e->serial;
      s->serial_max = MAX (s->serial_max, e->serial);
    }
  s->last_mono = e->ev.mono_ns;
  s->last_wall = e->ev.wall_ns;
  s->max_mono = MAX (s->max_mono, e->ev.mono_ns);
  s->max_wall = MAX (s->max_wall, e->ev.wall_ns);
  s->decoded += sizeof (HistoryEntry);
}

/* --- writing ------------------------------------------------------------ */

struct ChunkWriter {
  PackBuf out;
  ChunkState st;
  gsize strings;       /* bytes of the dictionary's strings */
  guint max_entries;
  ChunkSummary sum;
};

ChunkWriter *
chunk_writer_new (guint max_entries)
{
  ChunkWriter *w = g_new0 (ChunkWriter, 1);

  w->max_entries = max_entries && max_entries < CHUNK_MAX_ENTRIES ? max_entries
                                                                  : CHUNK_MAX_ENTRIES;
  chunk_state_init (&w->st, TRUE);
  pack_bytes (&w->out, (const guint8[]) { CHUNK_VERSION }, 1);
  return w;
}

void
chunk_writer_free (ChunkWriter *w)
{
  if (!w)
    return;
  pack_buf_clear (&w->out);
  chunk_state_clear (&w->st);
  g_free (w);
}

/* Writes S as a string code, given the index of the field's last value
 * (SLOT, -1 none); returns the index of S (-1 for NULL). */
static gint
chunk_put_str (ChunkWriter *w, gint slot, const char *s)
{
  gsize added = 0;
  gint i = pack_dict_put (&w->st.dict, &w->out, slot, s, &added);

  w->strings += added;
  w->sum.decoded += added;
  return i;
}

/* Writes command line ARGV (not NULL), compared with the last one of the
 * executable with string index EXE (-1: none), which it becomes. */
static void
chunk_put_argv (ChunkWriter *w, gint exe, char *const *argv)
{
  gpointer key = GINT_TO_POINTER (exe + 1);
  GArray *last = g_hash_table_lookup (w->st.argv_by_exe, key);
  guint argc = 0, lead = 0, had;

  while (argv[argc])
    argc++;
  if (!last)
    {
      last = g_array_sized_new (FALSE, FALSE, sizeof (gint), argc);
      g_hash_table_insert (w->st.argv_by_exe, key, last);
    }
  had = last->len;
  while (lead < argc && lead < had
         && strcmp (pack_dict_str (&w->st.dict, g_array_index (last, gint, lead)), argv[lead]) == 0)
    lead++;
  pack_uvarint (&w->out, argc);
  pack_uvarint (&w->out, lead);
  /* Each element is compared with the last one's before it takes its
   * place. */
  for (guint i = lead; i < argc; i++)
    {
      gint idx = chunk_put_str (w, i < had ? g_array_index (last, gint, i) : -1, argv[i]);
      if (i < had)
        g_array_index (last, gint, i) = idx;
      else
        g_array_append_val (last, idx);
    }
  g_array_set_size (last, argc);
  w->sum.decoded += (argc + 1) * sizeof (char *);
}

/* The strings of container C (NULL: none) that a Where writes, in the
 * order of ChunkState.where_slot. */
static void
chunk_where_strings (const Container *c, const char *out[3])
{
  out[0] = c ? c->runtime : NULL;
  out[1] = c ? c->id : NULL;
  out[2] = c ? c->pod : NULL;
}

/* Writes where W says a process runs (NULL: the host, for F_SUBJ_WHERE
 * only): its level and pid, then its container's strings, each compared
 * with the last container's. */
static void
chunk_put_where (ChunkWriter *w, const Where *where)
{
  const char *strs[3];

  pack_uvarint (&w->out, where_level (where));
  pack_uvarint (&w->out, where ? (guint64) where->nspid : 0);
  chunk_where_strings (where_container (where), strs);
  for (guint i = 0; i < 3; i++)
    {
      gint idx = chunk_put_str (w, w->st.where_slot[i], strs[i]);
      if (idx >= 0)
        w->st.where_slot[i] = idx;
    }
  if (where)
    w->sum.decoded += CHUNK_WHERE_BYTES;
}

/* Writes COST (not NULL) compared with the chunk's last one, which it
 * becomes: its fields as those that differ from the last's measured, a
 * mask of the values that differ from the last's (absent ones were 0),
 * and by how much. */
static void
chunk_put_cost (ChunkWriter *w, const Cost *cost)
{
  CostValues v, *last = &w->st.cost;
  guint32 changed = 0;

  cost_values (cost, &v);
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    if ((v.have & COST_BIT (f)) && v.v[f] != last->v[f])
      changed |= COST_BIT (f);
  pack_uvarint (&w->out, v.have ^ last->have);
  pack_uvarint (&w->out, changed);
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    if (changed & COST_BIT (f))
      pack_svarint (&w->out, (gint64) (v.v[f] - last->v[f]));
  *last = v;
  w->sum.decoded += cost_size (v.have);
}

void
chunk_writer_add (ChunkWriter *w, const HistoryEntry *e)
{
  /* Kinds out of range do not come from the model; LOST keeps them apart. */
  EventKind kind = (guint) e->ev.kind < EVENT_KIND_MAX ? e->ev.kind : EVENT_LOST;
  char **argv = e->ev.argv;
  guint64 v[F_MAX], mask = 0;
  gint idx[F_MAX];
  guint8 nums[F_STRINGS * 10], *q = nums;

  /* Numbers: what differs from its prediction, by how much, in order.
   * Unrolled, each field's type and prediction are known where it is
   * handled. */
#pragma GCC unroll 32
  for (guint f = 0; f < F_STRINGS; f++)
    {
      guint64 d;
      v[f] = chunk_get (e, &chunk_fields[f]);
      d = v[f] - chunk_predict (&w->st, kind, f, v);
      if (d)
        {
          mask |= CHUNK_BIT (f);
          q = pack_put_uvarint (q, pack_zigzag ((gint64) d));
        }
    }
  /* Strings: which differ from their prediction. */
  for (guint f = F_STRINGS; f < F_ARGV; f++)
    {
      const ChunkField *cf = &chunk_fields[f];
      const char *pred = chunk_predict_str (&w->st, f, v, cf->pred == CP_FIELD
                                            ? chunk_get_str (e, &chunk_fields[cf->base])
                                            : NULL);
      if (g_strcmp0 (chunk_get_str (e, cf), pred) != 0)
        mask |= CHUNK_BIT (f);
      else if (pred && cf->pred != CP_FIELD)
        w->sum.decoded += strlen (pred) + 1;  /* decoding makes it */
    }
  if (argv)
    mask |= CHUNK_BIT (F_ARGV);
  if (e->ev.where)
    mask |= CHUNK_BIT (F_WHERE);
  gboolean subj_where = !where_equal (e->where, chunk_predict_where (&w->st, &e->ev));
  if (subj_where)
    mask |= CHUNK_BIT (F_SUBJ_WHERE);
  if (e->ev.cost)
    mask |= CHUNK_BIT (F_COST);
  pack_uvarint (&w->out, (guint64) kind | mask << CHUNK_KIND_BITS);
  pack_bytes (&w->out, nums, (gsize) (q - nums));
  for (guint f = F_STRINGS; f < F_ARGV; f++)
    {
      const ChunkField *cf = &chunk_fields[f];
      if (mask & CHUNK_BIT (f))
        idx[f] = chunk_put_str (w, w->st.slot[f], chunk_get_str (e, cf));
      else
        idx[f] = cf->pred == CP_FIELD ? idx[cf->base] : -1;
    }
  if (argv)
    chunk_put_argv (w, idx[F_EXE], argv);
  if (e->ev.where)
    chunk_put_where (w, e->ev.where);
  if (subj_where)
    chunk_put_where (w, e->where);
  chunk_state_note_where (&w->st, e->where);
  if (e->ev.cost)
    chunk_put_cost (w, e->ev.cost);
  chunk_state_note (&w->st, kind, v, idx);
  chunk_summary_add (&w->sum, e);
}

gboolean
chunk_writer_full (const ChunkWriter *w)
{
  return w->out.len >= CHUNK_TARGET_BYTES || w->sum.count >= w->max_entries
         || w->sum.decoded - w->sum.count * sizeof (HistoryEntry) >= CHUNK_TARGET_DECODED;
}

const guint8 *
chunk_writer_data (const ChunkWriter *w, gsize *len)
{
  *len = w->out.len;
  return w->out.data;
}

const ChunkSummary *
chunk_writer_summary (const ChunkWriter *w)
{
  return &w->sum;
}

gsize
chunk_writer_memory (const ChunkWriter *w)
{
  /* The dictionary's strings, its arrays and the hash table's nodes. */
  return sizeof *w + w->out.cap + w->strings
         + w->st.dict.strs->len * (sizeof (gpointer) + sizeof (guint32) + 3 * sizeof (gpointer));
}

guint8 *
chunk_writer_finish (ChunkWriter *w, gsize *len)
{
  guint8 *data = pack_buf_steal (&w->out, len);

  chunk_writer_free (w);
  return data;
}
