/* nlsock.h - a process-connector socket: requests sent to the kernel, and
 * batches of datagrams received at once and decoded.
 *
 * Both of the netlink source's sockets are used this way: the main socket
 * by the main loop, the exec doorbell by the capture thread (capture.h),
 * each with a batch of its own. */
#pragma once

#include <glib.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <libmnl/libmnl.h>
#include "event.h"
#include "nlparse.h"

#define NLSOCK_BATCH 64           /* datagrams per recvmmsg() */
#define NLSOCK_DGRAM_MAX 512      /* bytes per datagram; events are 76 */

/* One socket's receive buffers: a batch of datagrams and what they say. */
typedef struct {
  struct mmsghdr msgs[NLSOCK_BATCH];
  struct iovec iov[NLSOCK_BATCH];
  struct sockaddr_nl addrs[NLSOCK_BATCH];
  guint8 bufs[NLSOCK_BATCH][NLSOCK_DGRAM_MAX];
  NlparseResult results[NLSOCK_BATCH];
  Event events[NLSOCK_BATCH];
} NlsockBatch;

/* Sends one request of LEN bytes at DATA (at most a struct proc_input) to
 * the process connector on NL, tagged ACK (the kernel answers with
 * ACK + 1).  Returns 0 or a negative errno. */
int nlsock_send (struct mnl_socket *nl, guint32 ack, const void *data, guint16 len);

/* Points B's receive headers at its buffers; once, before any read. */
void nlsock_batch_init (NlsockBatch *b);

/* Frees what B's decoded events still own. */
void nlsock_batch_clear (NlsockBatch *b);

/* Receives up to NLSOCK_BATCH datagrams from FD into B: with WAIT, blocks
 * until the first one comes (or the socket's receive timeout passes), then
 * takes what is there; without, does not wait at all.  Returns how many,
 * or -errno (-EAGAIN when there are none). */
int nlsock_read (NlsockBatch *b, int fd, gboolean wait);

/* Decodes datagram I of the last nlsock_read() into B's results[I] and
 * events[I] (nlparse_datagram, with the sender the kernel gave). */
NlparseKind nlsock_parse (NlsockBatch *b, int i);
