/* capture.h - the exec-capture thread: each EXEC's /proc details, read the
 * moment it happens.
 *
 * An EXEC event carries no command line: it must be read from /proc before
 * the process can exit, whatever the main loop is doing (a batch of JSON to
 * write, a frame to draw).  On 6.6+ the netlink source opens a second
 * socket subscribed to EXEC alone, the doorbell, and hands it to a thread
 * of its own, which blocks until an EXEC comes, reads its /proc files at
 * once (the command line first) and pushes the result into an Execq
 * (execq.h), from which the main loop takes it when the same EXEC comes
 * through the main socket.  The thread touches only the doorbell, /proc,
 * the queue and its two eventfds; the model and everything else stay on
 * the main thread. */
#pragma once

#include <glib.h>
#include <libmnl/libmnl.h>
#include "execq.h"

typedef struct Capture Capture;

/* Starts the thread on the doorbell BELL (subscribed to EXEC alone and a
 * member of the group), which it then owns, reading from PROC_ROOT (which
 * must outlive it).  With REALTIME it asks for SCHED_FIFO first and sets
 * *REALTIME_ERR to 0 or the errno that refused it (EPERM without
 * CAP_SYS_NICE or an RLIMIT_RTPRIO); without, *REALTIME_ERR is untouched.
 * The thread blocks every signal, which are the main loop's to handle.
 * Returns NULL, BELL still the caller's, if it cannot start. */
Capture *capture_start (struct mnl_socket *bell, const char *proc_root,
                        gboolean realtime, int *realtime_err);

/* Ends the thread and frees C with its queue; returns the doorbell, for
 * the caller to unsubscribe and close.  The thread is woken by a LISTEN
 * with mask ALL sent on the doorbell, tagged ACK (one of the caller's: it
 * sees the kernel's answer on its own sockets too), after which the
 * doorbell listens to everything until it is closed; at worst the thread
 * sees that it must stop within a second. */
struct mnl_socket *capture_stop (Capture *c, guint32 ack);

/* The queue the thread pushes into: the main loop takes, prunes. */
Execq *capture_queue (const Capture *c);

/* An eventfd the thread writes when the main loop waits for a push
 * (execq_push said so): watch it for reading, read it when it fires. */
int capture_wake_fd (const Capture *c);
