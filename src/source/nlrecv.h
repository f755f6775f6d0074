/* nlrecv.h - a batch of connector datagrams, received at once and decoded.
 *
 * Both of the netlink source's sockets are read this way: the main socket
 * by the main loop, the exec doorbell by the capture thread (capture.h),
 * each with buffers of its own. */
#pragma once

#include <glib.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include "event.h"
#include "nlparse.h"

#define NLRECV_BATCH 64           /* datagrams per recvmmsg() */
#define NLRECV_DGRAM_MAX 512      /* bytes per datagram; events are 76 */

/* One socket's receive buffers: a batch of datagrams and what they say. */
typedef struct {
  struct mmsghdr msgs[NLRECV_BATCH];
  struct iovec iov[NLRECV_BATCH];
  struct sockaddr_nl addrs[NLRECV_BATCH];
  guint8 bufs[NLRECV_BATCH][NLRECV_DGRAM_MAX];
  NlparseResult results[NLRECV_BATCH];
  Event events[NLRECV_BATCH];
} NlRecv;

/* Points RX's receive headers at its buffers; once, before any read. */
void nlrecv_init (NlRecv *rx);

/* Frees what RX's decoded events still own. */
void nlrecv_clear (NlRecv *rx);

/* Receives up to NLRECV_BATCH datagrams from FD into RX without waiting.
 * Returns how many, or -errno (-EAGAIN when there are none). */
int nlrecv_read (NlRecv *rx, int fd);

/* Decodes datagram I of the last nlrecv_read() into RX's results[I] and
 * events[I] (nlparse_datagram, with the sender the kernel gave). */
NlparseKind nlrecv_parse (NlRecv *rx, int i);
