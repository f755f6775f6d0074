/* chunkprivate.h - what the files of the history's compact encoding
 * share: chunk.c (the fields, the state both ends keep and what it
 * predicts, a history entry's subject), chunkwrite.c (the writer) and
 * chunkread.c (the decoder).  Nothing outside src/model/ includes this. */
#pragma once

#include <stddef.h>

#include "chunk.h"
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
  F_LOST, F_SUBJ_PPID, F_LIFETIME,
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

/* The fields' table, static in each file: the writer's and the
 * decoder's unrolled loops fold each field's type and prediction in. */
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
  [F_LIFETIME] = { EVF (lifetime_ns), CF_I64, CP_ZERO, 0, 36 },
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
/* Where the subject of an entry of EV is predicted to run
 * (F_SUBJ_WHERE's CP_ELSE_PREV): what EV says, else the entry before's. */
static inline const Where *
chunk_predict_where (const ChunkState *st, const Event *ev)
{
  return (ev->flags & EVENT_F_WHERE) ? ev->where : st->subj_where;
}

/* Shared between the files, each described at its definition: chunk.c's. */
void chunk_state_init (ChunkState *st, gboolean writing);
void chunk_state_clear (ChunkState *st);
const char *chunk_predict_str (ChunkState *st, guint f, const guint64 *v, const char *base);
void chunk_state_note (ChunkState *st, EventKind kind, const guint64 *v, const gint *idx);
void chunk_state_note_where (ChunkState *st, Where *where);
