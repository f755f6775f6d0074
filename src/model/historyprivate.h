/* historyprivate.h - what the files of the history share: history.c
 * (appending, sealing chunks, saving tables, the limits),
 * historyspill.c (the memory budget and the spill file) and
 * historyread.c (reading entries back, time lookups, tables at an
 * event).  Nothing outside src/model/ includes this. */
#pragma once

#include "history.h"

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
/* The seq after the last entry of SC. */
static inline guint64
history_chunk_end (const HistoryChunk *sc)
{
  return sc->first + sc->sum.count;
}

/* Whether a blob can be read (or is the empty table). */
static inline gboolean
history_blob_usable (const HistoryBlob *b)
{
  return b->where == BLOB_MEMORY || b->where == BLOB_FILE;
}

/* The bytes a blob takes in the file. */
static inline guint64
history_extent (const HistoryBlob *b)
{
  return HISTORY_FILE_HEADER + (guint64) b->size;
}

/* Shared between the files, each described at its definition:
 * history.c's, */
void history_blob_clear (History *s, HistoryBlob *b);
void history_chunk_free (History *s, HistoryChunk *sc);
void history_rerun (History *s);
void history_save_table (History *s, HistoryChunk *sc);
void history_cache (History *s, HistoryChunk *sc, Chunk *c);
void history_seal (History *s, gboolean force);
/* historyspill.c's. */
void history_make_room (History *s);
