/* chunk.h - the history's compact encoding: a chunk of consecutive
 * entries (events with what was true of their subject then), and its
 * decoding.
 *
 * A chunk starts with a version byte (CHUNK_VERSION), then one record per
 * entry.  A record is a varint holding the event kind (4 bits) and a bit
 * per field that differs from its prediction, then those fields in the
 * order of the field table (chunk.c, chunk_fields: adding a field to
 * Event or HistoryEntry is one line there).  Numbers are predicted from the
 * previous entry (times, pids, serials), from the previous entry of the
 * same kind (exit codes, flags), or from another field of the entry (tgid
 * from pid, wall time from monotonic time), and written as zigzag varints
 * of the difference, which wraps, so that any 64-bit value comes back.
 * Strings are written once per chunk: later uses name the earlier one (a
 * reference back, or "same as this field's last"), and a new string is
 * written as the length of the prefix it shares with this field's last
 * value and the rest.  A command line is compared with the last one of
 * the same executable, element by element, with a count of the leading
 * elements that are the same.  Where the event says its subject runs
 * (Event.where) comes next: its namespace's level, its pid there and its
 * container's strings, compared as strings are; then where the subject
 * ran as of the event (HistoryEntry.where) in the same words, when it is
 * not what the event says, or without one what the entry before's was.
 * What an end cost (Event.cost) comes last:
 * its measured fields as those that differ from the chunk's last cost's,
 * a mask of the figures that differ from the last's, and by how much; a
 * decoded chunk holds a reference to each.  Each chunk starts afresh: it
 * decodes on its own.
 *
 * Entries are numbered (seq) by their place: the chunk's first_seq, then
 * one more per entry. */
#pragma once

#include <glib.h>
#include "activity.h"
#include "event.h"
#include "proctab.h"

/* The encoding's version: the first byte of every chunk, a check that
 * the bytes read back are a chunk.  The history never outlives the
 * process (its spill file has no name), so no chunk of another version
 * is ever read: one of another is refused, never converted. */
#define CHUNK_VERSION 3

/* One remembered event and what was true of its subject at that moment
 * (its serial, name, users, start and where it ran), so that a log line
 * says what it said when it happened, after the process has changed its
 * name or been forgotten. */
typedef struct {
  guint64 seq;     /* 1 for the first event ever appended */
  guint64 serial;  /* Proc.serial it applied to, 0 if none */
  char *comm;      /* the subject's name as of the event, NULL unknown */
  gboolean creds;  /* ruid and euid are known */
  guint32 ruid, euid;  /* the subject's users as of the event */
  gint ppid;       /* the subject's parent process as of the event, 0
                      unknown */
  gint64 start_ns; /* the subject's start, 0 unknown (for lifetimes) */
  Where *where;    /* where the subject ran as of the event (its container
                      and pid namespace, proc_event_where), NULL the host:
                      borrowed, like the strings */
  Event ev;
} HistoryEntry;

/* Sets E up as the entry of EV (not copied: E borrows its strings) and
 * what P, its process after the event was applied (or NULL), says of its
 * subject (its parent: P's, else the event's); seq 0. */
void history_entry_init (HistoryEntry *e, const Event *ev, const Proc *p);

/* A Proc that stands for E's subject as of the event (name, users,
 * start, pid, parent pid, and where it ran, which ACCT, the caller's,
 * holds), for the words of an event whose process the model may no
 * longer hold.  Only its fields are set; it holds no links, and borrows
 * E's name and where. */
Proc history_subject (const HistoryEntry *e, ProcAcct *acct);

/* What a chunk holds, for searches that skip chunks, kept as entries are
 * added. */
typedef struct {
  guint count;                          /* entries */
  guint kinds;                          /* EVENT_MASK of the kinds held */
  guint32 activity[ACTIVITY_KIND_MAX];  /* activity_kind counts (saturating) */
  guint64 serial_min, serial_max;       /* subjects' serials, 0 excluded;
                                           0, 0 when none */
  gint64 first_mono, first_wall;        /* the first entry's times */
  gint64 last_mono, last_wall;          /* the last entry's times */
  gint64 max_mono, max_wall;            /* the latest times in the chunk */
  gsize decoded;                        /* bytes its decoding takes at most
                                           (chunk_decode's budget) */
} ChunkSummary;

/* A chunk being written. */
typedef struct ChunkWriter ChunkWriter;

/* Limits that end a chunk (chunk_writer_full): encoded bytes, entries, and
 * bytes of decoded strings and arrays.  A single entry larger than these
 * still makes a chunk of its own. */
#define CHUNK_TARGET_BYTES (64 * 1024)
#define CHUNK_MAX_ENTRIES 4096
#define CHUNK_TARGET_DECODED (1024 * 1024)

/* A new, empty chunk (its version byte written) that is full at
 * MAX_ENTRIES entries (0: CHUNK_MAX_ENTRIES; more is taken as that). */
ChunkWriter *chunk_writer_new (guint max_entries);
void chunk_writer_free (ChunkWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChunkWriter, chunk_writer_free)

/* Appends E (its seq is not written: it is the entry's place). */
void chunk_writer_add (ChunkWriter *w, const HistoryEntry *e);

/* Whether the chunk has reached one of its limits: the next entry goes to
 * a new chunk. */
gboolean chunk_writer_full (const ChunkWriter *w);

/* The bytes written so far (valid until the next chunk_writer_add), and
 * their length in *LEN: a prefix that decodes on its own. */
const guint8 *chunk_writer_data (const ChunkWriter *w, gsize *len);

/* What the chunk holds so far. */
const ChunkSummary *chunk_writer_summary (const ChunkWriter *w);

/* Bytes the writer holds: its output and its string dictionary. */
gsize chunk_writer_memory (const ChunkWriter *w);

/* Ends the chunk: returns its bytes (g_free them), their length in *LEN,
 * and frees the writer. */
guint8 *chunk_writer_finish (ChunkWriter *w, gsize *len);

/* A decoded chunk: its entries, with strings shared between entries,
 * owned by the chunk.  Reference counted: an entry pointer stays valid as
 * long as a reference to its chunk is held. */
typedef struct Chunk Chunk;

/* Starts decoding a chunk whose first entry has sequence number
 * FIRST_SEQ; decoding may take at most MAX_DECODED bytes of strings and
 * arrays (ChunkSummary.decoded): more is an error. */
Chunk *chunk_new (guint64 first_seq, gsize max_decoded);
Chunk *chunk_ref (Chunk *c);
void chunk_unref (Chunk *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Chunk, chunk_unref)

/* Decodes the records of DATA (LEN bytes: the whole chunk from its version
 * byte) that come after those decoded by earlier calls: a chunk still
 * being written is decoded as it grows, DATA being its bytes each time.
 * Returns 0, or -1 with ERROR when the bytes are broken or the budget is
 * exceeded (the entries decoded before stay; later calls fail). */
int chunk_decode (Chunk *c, const guint8 *data, gsize len, GError **error);

/* Entries decoded. */
guint chunk_len (const Chunk *c);

/* Entry I (0 = first), or NULL past the decoded ones: the chunk's while
 * it lives (its strings, where and cost; event_copy to keep). */
const HistoryEntry *chunk_entry (const Chunk *c, guint i);

/* Bytes the decoded chunk holds. */
gsize chunk_memory (const Chunk *c);
