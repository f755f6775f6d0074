/* history.h - the history: every event since forkscope started, compact,
 * and the process table right after any of them.
 *
 * Entries (chunk.h: an event and what was true of its subject then) are
 * appended in chunks of the compact encoding, numbered by seq from 1.
 * The history only grows: a frozen view is a seq limit, not a copy.
 *
 * Memory.  Sealed chunks, and the tables saved beside them, stay in
 * memory up to HistoryOptions.memory bytes (their index included); past
 * that, the oldest go to the spill file (spill.h), laid out as a ring of
 * HistoryOptions.spill_cap bytes: when it is full, the oldest chunks in it
 * go.  Without a spill file, or once writing it failed (ENOSPC, EIO:
 * forkscope goes on), the oldest chunks in memory go instead.  What
 * remains reachable always starts right after a saved table, so the
 * oldest reachable seq moves by whole table intervals, and history_limit
 * says why it is not 1.  Nothing else grows with the events; the rest is
 * bounded apart from the budget:
 *   - the chunk being written: at most CHUNK_TARGET_BYTES of output and
 *     CHUNK_TARGET_DECODED of strings, and its decoding for readers (at
 *     most CHUNK_MAX_ENTRIES entries of sizeof (HistoryEntry) and as many
 *     strings), but for one entry larger than that;
 *   - the decoded chunks cached, HistoryOptions.cache of them, each as
 *     large at most; and one more held by each HistoryIter;
 *   - the fold table, a process table as large as the live one (its
 *     tombstones capped by HistoryOptions.max_tombs), unless the live
 *     table is given to be saved (history_set_table: the monitor's);
 *   - the activity counts (activity.h: at most about 340 KB);
 *   - a table saved larger than the whole budget, kept as the base of
 *     the reachable events when there is no spill file.
 *
 * Chunks read back from the file are checked (a header naming the chunk,
 * a CRC-32C of its bytes): one changed under forkscope's feet is
 * unreadable, history_error says which events and why, and its entries are
 * not served; everything else is.
 *
 * Tables.  The history folds every event into a table of its own
 * (proctab_fold), or is given the table the events are applied to, and
 * saves it (proctab_save) after a chunk now and then:
 * when the events since the last one take four times the bytes a table
 * would (its bytes per process last time, times the processes now), so
 * that tables take a fifth of the memory or so; and at least every
 * HISTORY_TABLE_MAX_EVENTS events and every eighth of the memory budget.
 * The table right after any reachable event is the last table saved
 * before it, loaded (and expired at its event's time), with the events
 * after it folded in: exactly the fold of every event from the first. */
#pragma once

#include <glib.h>
#include "activity.h"
#include "chunk.h"
#include "filter.h"
#include "proctab.h"
#include "spill.h"

/* How a store keeps its history. */
typedef struct {
  gsize memory;        /* bytes of sealed chunks, tables and index kept in
                          memory (HISTORY_MEMORY_MIN .. HISTORY_MEMORY_MAX) */
  guint64 spill_cap;   /* bytes of the spill file at most
                          (HISTORY_SPILL_CAP_MIN .. HISTORY_SPILL_CAP_MAX) */
  guint cache;         /* decoded chunks kept (1 .. HISTORY_CACHE_MAX) */
  gint64 keep_ns;      /* the tables keep tombstones as proctab_new does */
  guint max_tombs;
  guint chunk_entries; /* entries a chunk holds at most (0: CHUNK_MAX_ENTRIES) */
  guint table_every;   /* events between saved tables at most (0:
                          HISTORY_TABLE_MAX_EVENTS) */
} HistoryOptions;

#define HISTORY_MIB (G_GUINT64_CONSTANT (1) << 20)
#define HISTORY_MEMORY_DEFAULT (64 * HISTORY_MIB)
#define HISTORY_MEMORY_MIN (HISTORY_MIB / 4)
#define HISTORY_MEMORY_MAX (16384 * HISTORY_MIB)
#define HISTORY_SPILL_CAP_DEFAULT (1024 * HISTORY_MIB)
#define HISTORY_SPILL_CAP_MIN HISTORY_MIB
#define HISTORY_SPILL_CAP_MAX (1024 * 1024 * HISTORY_MIB)
#define HISTORY_CACHE_DEFAULT 8
#define HISTORY_CACHE_MAX 64
/* Events between two saved tables at most: bounds what a jump folds. */
#define HISTORY_TABLE_MAX_EVENTS 262144

/* Why the oldest reachable event is not the first. */
typedef enum {
  HISTORY_LIMIT_NONE,          /* every event since the first is reachable */
  HISTORY_LIMIT_MEMORY,        /* no spill file: the memory budget */
  HISTORY_LIMIT_SPILL_CAP,     /* the spill file's cap */
  HISTORY_LIMIT_SPILL_FAILED,  /* writing the spill file failed: memory only
                                since */
} HistoryLimit;

typedef struct History History;

/* A new, empty store with options O (values out of range are clamped)
 * spilling to SPILL (taken: the store frees it; NULL: memory only). */
History *history_new (const HistoryOptions *o, Spill *spill);
void history_free (History *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (History, history_free)

/* Saves PT, the table every event appended is applied to (the monitor's
 * live table), instead of folding every event into a table of its own:
 * PT must outlive S, and be given before the first append.  Its saved
 * copies are expired at their last event's time when loaded, so that the
 * tables at events are the fold's, but for a tombstone whose time was up
 * within the moment the monitor took to read the event (its expiry runs
 * on the clock, not on the events' times); what else the live table
 * knows (the cgroups the monitor read) comes along. */
void history_set_table (History *s, const Proctab *pt);

/* Appends EV (already applied to the live table) and what P, its process
 * after it (or NULL), says of its subject; it gets seq history_newest + 1. */
void history_append (History *s, const Event *ev, const Proc *p);

/* The oldest reachable seq and the newest; 0 when there is none. */
guint64 history_oldest (const History *s);
guint64 history_newest (const History *s);

/* The times of the oldest reachable and the newest event; FALSE when
 * there is none. */
gboolean history_oldest_time (const History *s, gint64 *mono_ns, gint64 *wall_ns);
gboolean history_newest_time (const History *s, gint64 *mono_ns, gint64 *wall_ns);

/* Why history_oldest is not 1 (HISTORY_LIMIT_NONE when it is, or nothing is
 * held yet). */
HistoryLimit history_limit (const History *s);

/* What the limit is, for a person: "memory budget of 64 MiB", "spill
 * file cap of 1 GiB", "spill file write failed: No space left on device;
 * 64 MiB in memory", or NULL for HISTORY_LIMIT_NONE.  Valid until the next
 * append. */
const char *history_limit_text (const History *s);

/* The last failure to read chunks back ("events 1200-3400 cannot be read
 * back: the spill file was changed (checksum)"), or NULL. */
const char *history_error (const History *s);

/* The last seq at or before monotonic (wall-clock) time NS, seen from
 * LIMIT (the newest event a frozen view holds; 0: no limit): the seq
 * before the first reachable event later than NS, or LIMIT when none up
 * to it is later.  0 when the oldest reachable event is already later.
 * Events come in receive order, not strictly in time order: this is the
 * event a log read from the oldest stops at. */
guint64 history_seq_at_mono (History *s, gint64 ns, guint64 limit);
guint64 history_seq_at_wall (History *s, gint64 ns, guint64 limit);

/* A position in the history, for reading entries.  An entry it returns
 * stays valid until the iterator moves to another chunk, or is cleared
 * (it holds a reference to the decoded chunk); copy what must live
 * longer.  Appends do not disturb it.  Entries after LIMIT (0: none) are
 * not read. */
typedef struct {
  History *s;
  guint64 limit;
  Chunk *c;          /* the decoded chunk it is in, or NULL */
  guint64 first;     /* its first seq */
  guint i;           /* the entry's index in it */
} HistoryIter;

/* Sets IT up on S, at no entry; history_iter_clear releases it. */
void history_iter_init (HistoryIter *it, History *s, guint64 limit);
void history_iter_clear (HistoryIter *it);

/* The entry SEQ, or NULL when it is not reachable (before the oldest,
 * past the newest or the limit, or in a chunk that cannot be read:
 * history_error says). */
const HistoryEntry *history_iter_seek (HistoryIter *it, guint64 seq);

/* The entry after (before) the iterator's, skipping chunks that cannot be
 * read; NULL at the end (the oldest reachable), the iterator staying
 * where it was. */
const HistoryEntry *history_iter_next (HistoryIter *it);
const HistoryEntry *history_iter_prev (HistoryIter *it);

/* The summary of the chunk holding SEQ (reachable), and the seqs it spans:
 * [*FIRST, *END).  For the chunk being written, what it holds so far.
 * FALSE when SEQ is not reachable. */
gboolean history_summary (History *s, guint64 seq, const ChunkSummary **sum, guint64 *first,
                        guint64 *end);

/* A new table: the one right after event SEQ (history_oldest - 1 ..
 * history_newest; SEQ history_oldest - 1 is the table before the oldest
 * reachable event).  NULL with ERROR when SEQ is out of reach, or a
 * chunk or table on the way cannot be read. */
Proctab *history_table_at (History *s, guint64 seq, GError **error);

/* Folds into PT, which is the table right after event FROM, the events
 * after FROM up to and including TO (FROM <= TO <= history_newest): a step
 * forward.  Returns 0, or -1 with ERROR when a chunk on the way cannot
 * be read (PT is then after the last event folded). */
int history_fold (History *s, Proctab *pt, guint64 from, guint64 to, GError **error);

/* The counts of every event appended since the first (activity.h): not
 * only those still reachable. */
const Activity *history_activity (const History *s);

/* Whether the log shows entry E: never a snapshot; else whether its event
 * passes filter F (filter_match_event) with SHOW (FilterShow), judged on
 * its subject as of the event and on the process PT holds with its
 * serial (the view's table).  What the activity counts of a filter count
 * too (activity_scan_step). */
gboolean history_entry_shown (const Filter *f, const HistoryEntry *e, const Proctab *pt, guint show);

/* Where the store's bytes are. */
typedef struct {
  gsize chunks;        /* sealed chunks in memory */
  gsize tables;        /* saved tables in memory */
  gsize index;         /* the chunk index */
  gsize writer;        /* the chunk being written (and its decoding) */
  gsize cache;         /* decoded chunks cached */
  gsize activity;      /* the activity counts */
  guint64 file;        /* bytes of the spill file in use */
  guint64 file_chunks; /* chunks in the spill file */
} HistoryMemory;

/* Fills M. */
void history_memory (const History *s, HistoryMemory *m);
