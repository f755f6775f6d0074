/* tsjoin.h - the kernel's task statistics joined to the ends the model
 * concludes.  Pure: no socket, no clock of its own, so every arrival order
 * is tested without a kernel.
 *
 * The kernel sends a task's statistics as it exits, before the connector's
 * EXIT of that task (both in do_exit(), in that order; test-taskstats.c
 * measures it): a record per task, and with the last task of a thread
 * group that had more than one thread, the group's sums.  Each record waits
 * here, by thread id, for the EXIT of its task.  A thread's EXIT adds its
 * record to its process's sums; the EXIT that ends a process (the model's
 * conclusion: its leader with no thread left, or its last thread after the
 * leader) takes what the process cost:
 *   - a process that never had a second thread: its own record;
 *   - one that had: the CPU time and delays of the group's sums (the
 *     kernel's, which count the threads that ended before forkscope
 *     started), the largest peak of memory among its records, and the sums
 *     of its threads' records for the user and system split, disk bytes
 *     and context switches, where those records account for all of the
 *     group's CPU time (each thread's is read after it is added to the
 *     group's, so records missing make the sum fall short);
 *   - nothing when its record, or its group's sums, never came.
 * What never comes stays unknown: a record waits at most the keeping time
 * (tsjoin_expire), and there are at most so many of them. */
#pragma once

#include <glib.h>
#include "cost.h"
#include "tsparse.h"

typedef struct Tsjoin Tsjoin;

/* Creates an empty join.  Records wait at most KEEP_NS after they arrive
 * (CLOCK_MONOTONIC ns, as the caller gives it) until tsjoin_expire(), and
 * at most MAX_RECORDS of them (1 to 2^30; and as many processes' sums of
 * threads) are held: past that, new ones are dropped.  DELAYS: the kernel
 * keeps the delays other than the CPU's (kernel.task_delayacct); without,
 * those fields are zeros and are left out of costs. */
Tsjoin *tsjoin_new (guint max_records, gint64 keep_ns, gboolean delays);

/* Frees J (NULL is a no-op). */
void tsjoin_free (Tsjoin *j);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tsjoin, tsjoin_free)

/* Takes one record S, which arrived at NOW_NS; a newer record of the same
 * task (or group) replaces an older one.  When the join is full, those
 * older than the keeping time go first; if none, S is dropped. */
void tsjoin_add (Tsjoin *j, const TsparseStats *s, gint64 now_ns);

/* Drops the records that arrived more than the keeping time before NOW_NS
 * (their EXIT never came: forkscope's own threads, an EXIT lost).  For a
 * tick: records are claimed within milliseconds. */
void tsjoin_expire (Tsjoin *j, gint64 now_ns);

/* Whether the record of task PID is here: when it is not, the caller reads
 * the kernel's socket before tsjoin_exit(), which then has what will ever
 * come. */
gboolean tsjoin_has (const Tsjoin *j, gint pid);

/* The EXIT of task PID of process TGID: ENDS when it ends the process.
 * Takes what the records say: for an end, the process's cost; for a
 * thread's, its record goes to its process's sums, and with THREAD_COST
 * the thread's own cost is returned (without peak memory, which is the
 * process's).  COMM (16 bytes; NULL: not asked) gets the name its
 * leader's record gives when the leader's EXIT ends the process, else "".
 * Returns a new Cost (no CPU time where the kernel counted none), or NULL
 * when nothing was measured. */
Cost *tsjoin_exit (Tsjoin *j, gint pid, gint tgid, gboolean ends, gboolean thread_cost,
                   char comm[16]);

/* Records held now (tasks' and groups'), for tests and accounting. */
guint tsjoin_count (const Tsjoin *j);
