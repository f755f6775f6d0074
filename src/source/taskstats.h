/* taskstats.h - what each process cost: the kernel's task statistics,
 * read beside the connector and joined to its EXITs.
 *
 * A socket of the generic netlink family, connected to the kernel so that
 * no other process can send to it, finds the family TASKSTATS
 * (CTRL_CMD_GETFAMILY) and registers for the statistics of every task that
 * exits on any CPU (TASKSTATS_CMD_ATTR_REGISTER_CPUMASK: CAP_NET_ADMIN, in
 * the initial user and pid namespaces).  The kernel queues a task's
 * statistics before the connector's EXIT of that task, so the socket is not
 * watched: it is read when an EXIT asks for a record that is not here yet
 * (then all that will ever come for it has come), and on each tick, so
 * that it never fills while no EXIT asks (taskstats_tick).  Reading is as careful as the
 * connector's: a large receive buffer, many messages per recvmmsg(), and
 * what the kernel dropped counted (ENOBUFS and the socket's drop counter)
 * as lost.  On the way out the registration is withdrawn. */
#pragma once

#include <glib.h>
#include "event.h"

typedef struct Taskstats Taskstats;

/* Opens the socket, finds the family and registers for every CPU.  The
 * kernel keeps the delays other than the CPU's only with the sysctl
 * kernel.task_delayacct on, read from PROC_ROOT.  With THREAD_COSTS, a
 * thread's exit gets its own cost.  Returns NULL with ERROR when there are
 * no task statistics to be had: G_FILE_ERROR_NOENT (the kernel has no
 * TASKSTATS family), G_FILE_ERROR_PERM (registering needs CAP_NET_ADMIN),
 * another code for other failures; the message says which. */
Taskstats *taskstats_new (const char *proc_root, gboolean thread_costs, GError **error);

/* Withdraws the registration, closes the socket and frees (NULL is a
 * no-op). */
void taskstats_free (Taskstats *ts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Taskstats, taskstats_free)

/* What the EXIT EV cost, ENDS when the model concludes that it ends its
 * process (proc_exit_ends): the process's cost, or a thread's when
 * asked for at taskstats_new(); and in COMM (16 bytes) the name the
 * kernel's accounting gives the process at its end, or "" (tsjoin_exit).
 * Reads the socket first when the record of EV's task has not been read
 * yet.  Returns a new reference, or NULL when nothing was measured. */
Cost *taskstats_exit_cost (Taskstats *ts, const Event *ev, gboolean ends, char comm[16]);

/* Reads what the socket holds, and forgets the records no EXIT claimed
 * within seconds: for a periodic tick. */
void taskstats_tick (Taskstats *ts);

/* Messages the kernel could not queue for us (the socket was full) since
 * it was opened: their processes' costs are unknown. */
guint64 taskstats_lost (Taskstats *ts);
