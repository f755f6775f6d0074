/* chunk.c - the history's compact encoding (see chunk.h). */
#include "chunk.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "origin.h"
#include "pack.h"

/* How a field is held in HistoryEntry. */
typedef enum {
  CF_I64,
  CF_U64,
  CF_I32,
  CF_U32,
  CF_STR,    /* char *: NULL or a string */
  CF_ARGV,   /* char **: NULL or a NULL-terminated array */
  CF_WHERE,  /* Where *: NULL or its level, pid and container's strings */
  CF_COST,   /* Cost *: NULL (unmeasured) or what an end cost */
} ChunkType;

/* What a field's value is predicted from; the record holds the difference
 * (numbers) or the value (strings) only where it differs. */
typedef enum {
  CP_ZERO,   /* 0 (strings: NULL) */
  CP_PREV,   /* the previous entry's */
  CP_KIND,   /* the previous entry of the same kind's */
  CP_FIELD,  /* field BASE of this entry (strings: equal to it) */
  CP_TRACK,  /* field BASE of this entry plus the previous entry's
                difference between the two (wall time from monotonic) */
  CP_LIKE,   /* field BASE of this entry if the previous entry of the same
                kind had the field set, else 0 (a start only snapshots say) */
  CP_ENTITY, /* strings: the entity id (origin_entity_id) of the subject
                (tgid, start), in the boot of the field's last value, which
                a replayed record carries */
  CP_SERIAL, /* the value the last entry with the same serial had, among
                the last CHUNK_SERIALS serials; else field BASE (a
                subject's start: at its fork, the fork's time).  For
                F_SUBJ_START only (chunk_state_note keeps it). */
  CP_ELSE_PREV, /* field BASE of this entry if not 0, else the previous
                   entry's (a subject's parent: the event's parent when it
                   names one, else the entry before's, an exec's fork;
                   where a subject ran: the event's where when it says
                   one, EVENT_F_WHERE, else the entry before's) */
} ChunkPred;

/* One field of the encoding. */
typedef struct {
  guint16 offset;  /* in HistoryEntry */
  guint8 type;     /* ChunkType */
  guint8 pred;     /* ChunkPred */
  guint8 base;     /* CP_FIELD, CP_TRACK, CP_LIKE, CP_SERIAL,
                      CP_ELSE_PREV: an earlier field of the table */
  guint8 bit;      /* its presence bit in the record's header: the fields
                      most often present get the low ones, so that the
                      header is short */
} ChunkField;

/* The fields, in the order of the record: numbers, then strings, then
 * the command line, then where the subject runs (chunk_put_where), then
 * the cost (compared with the chunk's last one: chunk_put_cost); a field
 * predicted from another comes after it.
 * Adding a field to Event or HistoryEntry: a name here and a line in
 * chunk_fields with a presence bit of its own, nothing else (no chunk
 * outlives the process that wrote it: there is no older one to read). */
enum {
  F_MONO, F_PID, F_SERIAL, F_SUBJ_START, F_PPID, F_EXIT_CODE, F_EXIT_SIGNAL, F_ENDS,
  F_FLAGS, F_TGID, F_PTGID, F_WALL, F_CPU, F_RUID, F_EUID, F_RGID, F_EGID, F_CREDS,
  F_SUBJ_RUID, F_SUBJ_EUID, F_SID, F_START, F_TRACER_PID, F_TRACER_TGID, F_EXEC_TID,
  F_LOST, F_SUBJ_PPID,
  F_COMM, F_EXE, F_SUBJ_COMM, F_ENTITY, F_PARENT_ENTITY,   /* strings */
  F_ARGV,
  F_WHERE, F_SUBJ_WHERE,
  F_COST,
  F_MAX
};
/* The first string field. */
#define F_STRINGS F_COMM

/* What a decoded Where costs a chunk: its block and its place in
 * Chunk.wheres, with malloc's overhead. */
#define CHUNK_WHERE_BYTES 48

/* The kind takes the header's low bits, the presence bits the rest. */
#define CHUNK_KIND_BITS 4
G_STATIC_ASSERT (EVENT_KIND_MAX <= 1 << CHUNK_KIND_BITS);
G_STATIC_ASSERT (F_MAX + CHUNK_KIND_BITS <= 64);

#define EVF(f) (offsetof (HistoryEntry, ev) + offsetof (Event, f))
#define ENF(f) offsetof (HistoryEntry, f)

static const ChunkField chunk_fields[F_MAX] = {
  [F_MONO] = { EVF (mono_ns), CF_I64, CP_PREV, 0, 0 },
  [F_PID] = { EVF (pid), CF_I32, CP_PREV, 0, 1 },
  [F_SERIAL] = { ENF (serial), CF_U64, CP_PREV, 0, 2 },
  [F_SUBJ_START] = { ENF (start_ns), CF_I64, CP_SERIAL, F_MONO, 7 },
  [F_PPID] = { EVF (ppid), CF_I32, CP_KIND, 0, 8 },
  [F_EXIT_CODE] = { EVF (exit_code), CF_U32, CP_KIND, 0, 9 },
  [F_EXIT_SIGNAL] = { EVF (exit_signal), CF_I32, CP_KIND, 0, 10 },
  [F_ENDS] = { EVF (ends), CF_I32, CP_KIND, 0, 11 },
  [F_FLAGS] = { EVF (flags), CF_U32, CP_KIND, 0, 12 },
  [F_TGID] = { EVF (tgid), CF_I32, CP_FIELD, F_PID, 13 },
  [F_PTGID] = { EVF (ptgid), CF_I32, CP_FIELD, F_PPID, 14 },
  [F_WALL] = { EVF (wall_ns), CF_I64, CP_TRACK, F_MONO, 15 },
  [F_CPU] = { EVF (cpu), CF_U32, CP_PREV, 0, 16 },
  [F_RUID] = { EVF (ruid), CF_U32, CP_PREV, 0, 17 },
  [F_EUID] = { EVF (euid), CF_U32, CP_FIELD, F_RUID, 18 },
  [F_RGID] = { EVF (rgid), CF_U32, CP_FIELD, F_RUID, 19 },
  [F_EGID] = { EVF (egid), CF_U32, CP_FIELD, F_RGID, 20 },
  [F_CREDS] = { ENF (creds), CF_I32, CP_PREV, 0, 21 },
  [F_SUBJ_RUID] = { ENF (ruid), CF_U32, CP_FIELD, F_RUID, 22 },
  [F_SUBJ_EUID] = { ENF (euid), CF_U32, CP_FIELD, F_SUBJ_RUID, 32 },
  [F_SID] = { EVF (sid), CF_I32, CP_KIND, 0, 24 },
  [F_START] = { EVF (start_ns), CF_I64, CP_LIKE, F_SUBJ_START, 25 },
  [F_TRACER_PID] = { EVF (tracer_pid), CF_I32, CP_ZERO, 0, 26 },
  [F_TRACER_TGID] = { EVF (tracer_tgid), CF_I32, CP_FIELD, F_TRACER_PID, 27 },
  [F_EXEC_TID] = { EVF (exec_tid), CF_I32, CP_ZERO, 0, 28 },
  [F_LOST] = { EVF (lost), CF_U64, CP_ZERO, 0, 29 },
  [F_SUBJ_PPID] = { ENF (ppid), CF_I32, CP_ELSE_PREV, F_PTGID, 33 },
  [F_COMM] = { EVF (comm), CF_STR, CP_ZERO, 0, 3 },
  [F_EXE] = { EVF (exe), CF_STR, CP_ZERO, 0, 4 },
  [F_SUBJ_COMM] = { ENF (comm), CF_STR, CP_FIELD, F_COMM, 6 },
  [F_ENTITY] = { EVF (entity_id), CF_STR, CP_ENTITY, 0, 30 },
  [F_PARENT_ENTITY] = { EVF (parent_entity_id), CF_STR, CP_ZERO, 0, 31 },
  [F_ARGV] = { EVF (argv), CF_ARGV, CP_ZERO, 0, 5 },
  [F_WHERE] = { EVF (where), CF_WHERE, CP_ZERO, 0, 34 },
  [F_SUBJ_WHERE] = { ENF (where), CF_WHERE, CP_ELSE_PREV, F_WHERE, 35 },
  [F_COST] = { EVF (cost), CF_COST, CP_ZERO, 0, 23 },
};

/* Field F's presence bit in the header's mask. */
#define CHUNK_BIT(f) (G_GUINT64_CONSTANT (1) << chunk_fields[f].bit)

/* Serials CP_SERIAL remembers (a power of two: serial mod this is the
 * slot). */
#define CHUNK_SERIALS 256

/* What both ends know after each entry, to predict the next one. */
typedef struct {
  guint64 prev[F_MAX];                   /* the previous entry's values */
  guint64 kprev[EVENT_KIND_MAX][F_MAX];  /* the previous entry of each kind's */
  gint slot[F_MAX];                      /* strings: the index of the field's
                                            last value, -1 none */
  PackDict dict;                         /* the chunk's strings */
  GHashTable *argv_by_exe;               /* index of an executable + 1 (0:
                                            none) -> GArray of the string
                                            indexes of its last argv */
  gint where_slot[3];                    /* CF_WHERE: the string indexes of
                                            the last container's runtime,
                                            id and pod, -1 none */
  Where *subj_where;                     /* F_SUBJ_WHERE: the previous
                                            entry's (a reference) */
  guint64 serials[CHUNK_SERIALS];        /* CP_SERIAL: the last serials seen */
  guint64 by_serial[CHUNK_SERIALS];      /*   and the field's value with each */
  CostValues cost;                       /* the last cost's fields (none yet) */
  GString *boot, *derived;               /* CP_ENTITY's scratch */
} ChunkState;

/* Sets ST up for a new chunk, for WRITING or reading (the writer owns
 * its strings, a decoded chunk's arena holds them). */
static void
chunk_state_init (ChunkState *st, gboolean writing)
{
  memset (st->prev, 0, sizeof st->prev);
  memset (st->kprev, 0, sizeof st->kprev);
  memset (st->serials, 0, sizeof st->serials);
  memset (&st->cost, 0, sizeof st->cost);
  for (guint f = 0; f < F_MAX; f++)
    st->slot[f] = -1;
  for (guint i = 0; i < G_N_ELEMENTS (st->where_slot); i++)
    st->where_slot[i] = -1;
  st->subj_where = NULL;
  pack_dict_init (&st->dict, writing, writing ? g_free : NULL);
  st->boot = g_string_new (NULL);
  st->derived = g_string_new (NULL);
  st->argv_by_exe = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
}

/* Frees what ST holds. */
static void
chunk_state_clear (ChunkState *st)
{
  pack_dict_clear (&st->dict);
  g_clear_pointer (&st->subj_where, where_unref);
  g_clear_pointer (&st->argv_by_exe, g_hash_table_unref);
  if (st->boot)
    g_string_free (g_steal_pointer (&st->boot), TRUE);
  if (st->derived)
    g_string_free (g_steal_pointer (&st->derived), TRUE);
}

/* The value string field F of an entry whose numbers are V is predicted
 * to have; BASE is the entry's string in field BASE (CP_FIELD).  NULL, a
 * string of the entry, or ST's scratch (valid until the next call). */
static const char *
chunk_predict_str (ChunkState *st, guint f, const guint64 *v, const char *base)
{
  const char *last, *colon;

  switch (chunk_fields[f].pred)
    {
    case CP_FIELD:
      return base;
    case CP_ENTITY:
      if (st->slot[f] < 0)
        return NULL;
      last = pack_dict_str (&st->dict, st->slot[f]);
      colon = strchr (last, ':');
      g_string_assign (st->boot, last);
      if (colon)
        g_string_truncate (st->boot, (gsize) (colon - last));
      g_string_truncate (st->derived, 0);
      if (!origin_entity_id (st->derived, st->boot->str, (gint) v[F_TGID],
                             (gint64) v[F_SUBJ_START]))
        return NULL;
      return st->derived->str;
    default:
      return NULL;
    }
}

/* The value of numeric field F predicted for an entry of KIND whose
 * earlier fields are V. */
static inline guint64
chunk_predict (const ChunkState *st, EventKind kind, guint f, const guint64 *v)
{
  const ChunkField *cf = &chunk_fields[f];

  switch (cf->pred)
    {
    case CP_PREV:
      return st->prev[f];
    case CP_KIND:
      return st->kprev[kind][f];
    case CP_FIELD:
      return v[cf->base];
    case CP_TRACK:
      return v[cf->base] + (st->prev[f] - st->prev[cf->base]);
    case CP_LIKE:
      return st->kprev[kind][f] ? v[cf->base] : 0;
    case CP_SERIAL:
      {
        guint slot = v[F_SERIAL] % CHUNK_SERIALS;
        return v[F_SERIAL] && st->serials[slot] == v[F_SERIAL] ? st->by_serial[slot]
                                                               : v[cf->base];
      }
      G_STATIC_ASSERT (F_SERIAL < F_SUBJ_START);
    case CP_ELSE_PREV:
      return v[cf->base] ? v[cf->base] : st->prev[f];
    default:
      return 0;
    }
}

/* After an entry of KIND with numeric values V and string indexes IDX
 * (-1: NULL): what the next one is predicted from. */
static void
chunk_state_note (ChunkState *st, EventKind kind, const guint64 *v, const gint *idx)
{
  memcpy (st->prev, v, F_STRINGS * sizeof *v);
  memcpy (st->kprev[kind], v, F_STRINGS * sizeof *v);
  if (v[F_SERIAL])
    {
      st->serials[v[F_SERIAL] % CHUNK_SERIALS] = v[F_SERIAL];
      st->by_serial[v[F_SERIAL] % CHUNK_SERIALS] = v[F_SUBJ_START];
    }
  for (guint f = F_STRINGS; f < F_ARGV; f++)
    if (idx[f] >= 0)
      st->slot[f] = idx[f];
}

/* Numeric field CF of E, widened to 64 bits (signed ones sign-extended). */
static inline guint64
chunk_get (const HistoryEntry *e, const ChunkField *cf)
{
  const char *at = (const char *) e + cf->offset;

  switch (cf->type)
    {
    case CF_I64:
      return (guint64) *(const gint64 *) at;
    case CF_U64:
      return *(const guint64 *) at;
    case CF_I32:
      return (guint64) (gint64) *(const gint32 *) at;
    default:
      return *(const guint32 *) at;
    }
}

/* Sets numeric field CF of E to V (narrowed to its size). */
static inline void
chunk_set (HistoryEntry *e, const ChunkField *cf, guint64 v)
{
  char *at = (char *) e + cf->offset;

  switch (cf->type)
    {
    case CF_I64:
      *(gint64 *) at = (gint64) v;
      break;
    case CF_U64:
      *(guint64 *) at = v;
      break;
    case CF_I32:
      *(gint32 *) at = (gint32) v;
      break;
    default:
      *(guint32 *) at = (guint32) v;
      break;
    }
}

/* String field CF of E. */
static inline const char *
chunk_get_str (const HistoryEntry *e, const ChunkField *cf)
{
  return *(char *const *) ((const char *) e + cf->offset);
}

/* Whether a numeric field of a decoded entry fits its type: a record
 * decodes to one value, which encodes back to the same record. */
static inline gboolean
chunk_fits (const ChunkField *cf, guint64 v)
{
  switch (cf->type)
    {
    case CF_I32:
      return (gint64) v >= G_MININT32 && (gint64) v <= G_MAXINT32;
    case CF_U32:
      return v <= G_MAXUINT32;
    default:
      return TRUE;
    }
}

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

/* Where the subject of an entry of EV is predicted to run
 * (F_SUBJ_WHERE's CP_ELSE_PREV): what EV says, else the entry before's. */
static const Where *
chunk_predict_where (const ChunkState *st, const Event *ev)
{
  return (ev->flags & EVENT_F_WHERE) ? ev->where : st->subj_where;
}

/* Notes WHERE, an entry's subject's, as the one the next is predicted
 * from (F_SUBJ_WHERE). */
static void
chunk_state_note_where (ChunkState *st, Where *where)
{
  if (where == st->subj_where)
    return;
  where_unref (st->subj_where);
  st->subj_where = where_ref (where);
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

void
history_entry_init (HistoryEntry *e, const Event *ev, const Proc *p)
{
  /* The entry borrows the name; the writer copies what it keeps. */
  *e = (HistoryEntry) { .ev = *ev, .comm = (char *) (uintptr_t) proctab_event_comm (ev, p),
                        .ppid = ev->ptgid, .where = proc_event_where (p, ev) };
  if (p)
    {
      if (p->ppid)
        e->ppid = p->ppid;
      e->serial = p->serial;
      e->creds = (p->flags & PROC_F_CREDS) != 0;
      e->ruid = p->ruid;
      e->euid = p->euid;
      e->start_ns = p->start_ns;
    }
}

Proc
history_subject (const HistoryEntry *e, ProcAcct *acct)
{
  *acct = (ProcAcct) { .where = e->where };
  return (Proc) { .serial = e->serial, .pid = e->ev.tgid, .ppid = e->ppid, .comm = e->comm,
                  .ruid = e->ruid, .euid = e->euid,
                  .flags = e->creds ? PROC_F_CREDS : 0, .start_ns = e->start_ns,
                  .alive = TRUE, .acct = acct };
}
