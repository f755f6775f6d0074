/* execq.h - EXECs read early, handed from the capture thread to the main loop.
 *
 * On 6.6+ the netlink source reads an EXEC-only socket (the doorbell) in a
 * thread of its own, which reads each EXEC's /proc files the moment it
 * arrives and pushes the result here.  The main loop takes it when the same
 * EXEC, with the same cpu and seq, comes through the main socket.  Pure: a
 * mutex and a bounded array, no I/O, so it is tested without a socket.
 *
 * The thread pushes (cpu, seq) pairs in the order it receives them.  The
 * kernel sends each CPU's events in sequence order, so once the thread has
 * gone past a later seq of a CPU, an earlier one that is not here will never
 * come: execq_take() then says EXECQ_MISSED and the main loop reads /proc
 * itself.  Otherwise it says EXECQ_PENDING, and the next push tells the
 * thread to wake the main loop. */
#pragma once

#include <glib.h>
#include "nlparse.h"

typedef struct Execq Execq;

/* The bytes of a slot of the queue: a block of up to that many counts
 * that many against the queue's bound (execq_new). */
#define EXECQ_SLOT 2048

/* What execq_take() found. */
typedef enum {
  EXECQ_TAKEN,    /* OUT now holds the thread's block */
  EXECQ_MISSED,   /* the thread went past it: its copy will never come */
  EXECQ_PENDING,  /* not yet: the next push asks for a wake-up */
} ExecqTake;

/* Creates an empty queue that holds at most MAX_ITEMS blocks and at most
 * MAX_BYTES bytes for them (each its slot or its bytes, and its place),
 * whichever is reached first, and up to 64 spare slots besides: what the
 * thread reads while the main loop is stalled is bounded. */
Execq *execq_new (guint max_items, gsize max_bytes);

/* Frees Q and the blocks it still holds (NULL is a no-op). */
void execq_free (Execq *q);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Execq, execq_free)

/* The thread's side. */

/* Whether a push now would find no room: the thread then skips the /proc
 * reads and pushes NULL.  Only the thread pushes, so room it saw stays.
 * Takes no lock. */
gboolean execq_full (Execq *q);

/* Records that the thread received the EXEC (CPU, SEQ) and keeps a copy
 * of DATA, the LEN bytes it read of it.  With DATA NULL, or when there is
 * no room, only records that the thread went past it.  Returns TRUE when
 * the main loop waits for a push and must be woken (once per wait). */
gboolean execq_push (Execq *q, guint32 cpu, guint32 seq, gconstpointer data, gsize len);

/* The main loop's side. */

/* Looks for the thread's block of the EXEC (CPU, SEQ).  EXECQ_TAKEN: OUT
 * holds its bytes (and nothing else); otherwise OUT is untouched. */
ExecqTake execq_take (Execq *q, guint32 cpu, guint32 seq, GByteArray *out);

/* Frees the blocks whose (cpu, seq) SEEN, the main socket's sequence
 * tracker, has gone past: their twins were lost, or read while the thread
 * was late.  Returns how many. */
guint execq_prune (Execq *q, const NlparseSeq *seen);
