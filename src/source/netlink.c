/* netlink.c - the kernel's process-events connector as a Source.
 *
 * Subscribing (measured on Linux 6.18: test_ack_needs_membership in
 * tests/integration/test-netlink.c):
 * the kernel multicasts its acks to the CN_IDX_PROC group, so a socket that
 * has not joined yet never sees them.  We therefore bind with no group, join
 * with NETLINK_ADD_MEMBERSHIP, then send the legacy LISTEN (acked by every
 * kernel; before 6.6 without CAP_NET_ADMIN the join fails or the ack says
 * EPERM) and the 8-byte proc_input LISTEN with mask ALL (acked only by
 * 6.6+: the feature probe).  Joining first lets no unwanted event in, because the mask is ALL.
 *
 * Reading (measured with bench/run.sh): a wake-up costs more than reading
 * a whole batch, so the main socket is not read at every event.  After each
 * read it is left unwatched for a pause (NETLINK_PAUSE_US) and read again
 * afterwards, so a storm costs a few wake-ups per pause.  Command lines
 * must still be read the moment an EXEC happens: on 6.6+ a second socket,
 * the doorbell, subscribes to EXEC alone and is always watched.  Its EXECs
 * are enriched at once and kept until their twins (same cpu and seq) come
 * through the main socket, which stays the one stream of events, in receive
 * order, unfiltered, with its sequence numbers.  Without the doorbell
 * (before 6.6) the pause is only taken while no EXEC has come for a while.
 *
 * Losses have three witnesses, each a lower bound on the same number: the
 * socket's drop counter (SO_MEMINFO SK_MEMINFO_DROPS, exact for this socket),
 * the per-CPU sequence gaps (also catch events the kernel failed to send) and
 * the count of ENOBUFS errors (each means at least one).  They describe the
 * same losses, so adding them would count one loss up to three times: we
 * keep each as a running total since subscribing and report growth of their
 * maximum as one EVENT_LOST. */
#include "source.h"
#include "nlparse.h"
#include "procfs.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <libmnl/libmnl.h>

#define NETLINK_BATCH 64           /* datagrams per recvmmsg() */
#define NETLINK_DGRAM_MAX 512      /* bytes per datagram; events are 76 */
#define NETLINK_RCVBUF (16 << 20)  /* about 20,000 queued events */
#define NETLINK_ACK_TIMEOUT_MS 1000
/* How long the main socket goes unwatched after a read: with the doorbell,
 * and without it while no EXEC has come for NETLINK_EXEC_QUIET_NS. */
#define NETLINK_PAUSE_US 10000
#define NETLINK_LEGACY_PAUSE_US 1000
#define NETLINK_EXEC_QUIET_NS (G_GINT64_CONSTANT (100) * 1000000)
/* Receive buffer bytes one queued event takes (an skb of a 76-byte
 * datagram).  No pause is taken after a read that found the queue a
 * quarter full. */
#define NETLINK_EVENT_TRUESIZE 832
/* Sequence gaps and ENOBUFS reveal losses as they happen; the socket's drop
 * counter (a system call) is read at most this often besides, to catch a
 * loss no later event has revealed yet. */
#define NETLINK_DROPS_EVERY_NS (G_GINT64_CONSTANT (250) * 1000000)

/* The cn_msg.ack of each request we send, from a random base; the kernel
 * answers a request with its ack + 1 (an ack arrives only for LISTENs we
 * wait for). */
typedef enum {
  NETLINK_REQ_LISTEN,        /* legacy LISTEN, answered by every kernel */
  NETLINK_REQ_LISTEN_MASK,   /* 8-byte LISTEN with mask ALL, 6.6+ only */
  NETLINK_REQ_IGNORE,
  NETLINK_REQ_BELL_LISTEN,   /* the doorbell's LISTEN with mask EXEC */
  NETLINK_REQ_BELL_IGNORE,
} NetlinkRequest;

/* An EXEC the doorbell read and enriched, waiting for its twin on the main
 * socket: the kernel sends both copies with the same cpu and seq, and the
 * EXECs of both sockets come in the same order. */
typedef struct {
  guint32 cpu;
  guint32 seq;
  gboolean taken;   /* ev was handed to the twin */
  Event ev;
} NetlinkEarly;

/* The main-loop source that watches both sockets. */
typedef struct NetlinkWatch NetlinkWatch;

/* The netlink source: the sockets, loss counters and receive buffers. */
typedef struct {
  Source base;
  struct mnl_socket *nl;
  struct mnl_socket *bell;  /* the EXEC-only doorbell (6.6+), or NULL */
  GSource *watch;           /* a NetlinkWatch, NULL when not watching */
  guint capacity;           /* events the main socket's buffer holds */
  GArray *early;            /* NetlinkEarly, in the doorbell's order */
  guint early_next;         /* the first of early not taken */
  gint64 drained_us;        /* when the main socket was last read */
  gboolean draining;        /* inside netlink_drain(): no re-entry */
  gboolean attached;        /* events go to the callbacks, not to pending */
  GArray *pending;          /* Event received while subscribing */
  guint32 ack_base;         /* cn_msg.ack of NETLINK_REQ_LISTEN */
  gboolean listening;       /* the kernel may count us: IGNORE on free */
  gboolean listen_acked;
  guint32 listen_err;       /* errno in the LISTEN ack */
  gboolean filtered;        /* the kernel acked the masked LISTEN (6.6+) */
  gboolean bell_acked;      /* the kernel acked the doorbell's LISTEN */
  gint64 wall_offset_ns;    /* CLOCK_REALTIME - CLOCK_MONOTONIC */
  gint64 last_exec_ns;      /* kernel time of the newest EXEC */
  gint64 drops_read_ns;     /* when SK_MEMINFO_DROPS was last read */
  char *proc_root;          /* where EXECs are enriched from */
  NlparseSeq *seq;
  guint64 gaps;             /* events missing from per-CPU sequences */
  guint64 enobufs;          /* ENOBUFS errors */
  guint32 drops_last;       /* SK_MEMINFO_DROPS when last read */
  guint64 drops;            /* growth of SK_MEMINFO_DROPS since subscribing */
  guint64 lost;             /* reported in EVENT_LOST so far */
  struct mmsghdr msgs[NETLINK_BATCH];
  struct iovec iov[NETLINK_BATCH];
  struct sockaddr_nl addrs[NETLINK_BATCH];
  guint8 bufs[NETLINK_BATCH][NETLINK_DGRAM_MAX];
  NlparseResult results[NETLINK_BATCH];
  Event events[NETLINK_BATCH];
} NetlinkSource;

/* Sets ERROR from errno value ERR, prefixed with WHAT; returns FALSE. */
static gboolean
netlink_fail (GError **error, int err, const char *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s",
               what, g_strerror (err));
  return FALSE;
}

/* Sends one request of LEN bytes at DATA to the process connector, tagged
 * ACK (the kernel answers with ACK + 1).  Returns 0 or a negative errno. */
static int
netlink_send (struct mnl_socket *nl, guint32 ack, const void *data, guint16 len)
{
  union {
    struct nlmsghdr align;
    char buf[NLMSG_SPACE (sizeof (struct cn_msg) + sizeof (struct proc_input))];
  } msg = { 0 };
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (msg.buf);
  struct cn_msg *cn;

  g_assert (len <= sizeof (struct proc_input));
  nlh->nlmsg_type = NLMSG_DONE;
  nlh->nlmsg_pid = mnl_socket_get_portid (nl);
  cn = mnl_nlmsg_put_extra_header (nlh, sizeof *cn + len);
  cn->id.idx = CN_IDX_PROC;
  cn->id.val = CN_VAL_PROC;
  cn->seq = ack;
  cn->ack = ack;
  cn->len = len;
  memcpy (cn->data, data, len);
  if (mnl_socket_sendto (nl, nlh, nlh->nlmsg_len) < 0)
    return -errno;
  return 0;
}

/* Hands EV (and its strings) to the consumer, or keeps it until attach. */
static void
netlink_deliver (NetlinkSource *self, Event *ev)
{
  if (self->attached)
    {
      source_emit (&self->base, ev);
      event_clear (ev);
      return;
    }
  g_array_append_val (self->pending, *ev);
  memset (ev, 0, sizeof *ev);
}

/* Brings the socket's drop counter up to date (kept if unsupported). */
static void
netlink_read_drops (NetlinkSource *self)
{
  guint32 mem[SK_MEMINFO_VARS] = { 0 };
  socklen_t len = sizeof mem;

  self->drops_read_ns = source_clock_ns (CLOCK_MONOTONIC);
  if (getsockopt (mnl_socket_get_fd (self->nl), SOL_SOCKET, SO_MEMINFO,
                  mem, &len) < 0 || len <= SK_MEMINFO_DROPS * sizeof mem[0])
    return;
  self->drops += (guint32) (mem[SK_MEMINFO_DROPS] - self->drops_last);
  self->drops_last = mem[SK_MEMINFO_DROPS];
}

/* Emits one EVENT_LOST if the best count of lost events has grown (see the
 * top of the file for why it is a maximum). */
static void
netlink_check_loss (NetlinkSource *self)
{
  netlink_read_drops (self);
  guint64 best = MAX (self->drops, MAX (self->gaps, self->enobufs));
  if (best <= self->lost)
    return;

  Event ev = { 0 };
  ev.kind = EVENT_LOST;
  ev.lost = best - self->lost;
  ev.mono_ns = source_clock_ns (CLOCK_MONOTONIC);
  ev.wall_ns = ev.mono_ns + self->wall_offset_ns;
  self->lost = best;
  netlink_deliver (self, &ev);
}

/* Records the answer to one of our LISTEN requests; others' acks (the
 * kernel multicasts them) are ignored. */
static void
netlink_ack (NetlinkSource *self, const NlparseResult *res)
{
  if (res->ack == self->ack_base + NETLINK_REQ_LISTEN + 1)
    {
      self->listen_acked = TRUE;
      self->listen_err = res->ack_err;
    }
  else if (res->ack == self->ack_base + NETLINK_REQ_LISTEN_MASK + 1)
    self->filtered = res->ack_err == 0;
  else if (res->ack == self->ack_base + NETLINK_REQ_BELL_LISTEN + 1)
    self->bell_acked = res->ack_err == 0;
}

/* Reads what an EXEC event lacks from /proc.  Done before anything else:
 * the process may exit, and its cmdline and exe vanish, at any moment.
 * A process already gone simply leaves the fields NULL. */
static void
netlink_enrich (NetlinkSource *self, Event *ev)
{
  (void) procfs_read_cmdline (self->proc_root, ev->tgid, &ev->argv);
  (void) procfs_read_link (self->proc_root, ev->tgid, "exe", &ev->exe);
  (void) procfs_read_comm (self->proc_root, ev->tgid, &ev->comm);
}

/* Points the receive headers at their buffers, once. */
static void
netlink_recv_init (NetlinkSource *self)
{
  for (int i = 0; i < NETLINK_BATCH; i++)
    {
      self->iov[i].iov_base = self->bufs[i];
      self->iov[i].iov_len = sizeof self->bufs[i];
      self->msgs[i].msg_hdr.msg_name = &self->addrs[i];
      self->msgs[i].msg_hdr.msg_namelen = sizeof self->addrs[i];
      self->msgs[i].msg_hdr.msg_iov = &self->iov[i];
      self->msgs[i].msg_hdr.msg_iovlen = 1;
    }
}

/* Receives up to NETLINK_BATCH datagrams from FD without waiting.
 * Returns how many, or -errno (-EAGAIN when there are none). */
static int
netlink_recv (NetlinkSource *self, int fd)
{
  int n = recvmmsg (fd, self->msgs, NETLINK_BATCH, MSG_DONTWAIT, NULL);
  if (n <= 0)
    return n == 0 ? -EAGAIN : -errno;
  /* The kernel wrote the sender's length over the room there was. */
  for (int i = 0; i < n; i++)
    self->msgs[i].msg_hdr.msg_namelen = sizeof self->addrs[i];
  return n;
}

/* Decodes datagram I of the last netlink_recv() into results[I] and
 * events[I]. */
static NlparseKind
netlink_parse (NetlinkSource *self, int i)
{
  const struct msghdr *h = &self->msgs[i].msg_hdr;
  guint32 sender = h->msg_namelen >= sizeof (struct sockaddr_nl)
                   ? self->addrs[i].nl_pid : G_MAXUINT32;
  return nlparse_datagram (self->bufs[i], self->msgs[i].msg_len, sender,
                           &self->results[i], &self->events[i]);
}

/* Reads the doorbell until it is empty and enriches each EXEC the main
 * socket has not delivered yet, keeping it in early.  Its errors cost only
 * early reads: on overflow (ENOBUFS) the twins are enriched on arrival. */
static void
netlink_read_doorbell (NetlinkSource *self)
{
  int fd = mnl_socket_get_fd (self->bell), n;

  while ((n = netlink_recv (self, fd)) > 0 || n == -ENOBUFS || n == -EINTR)
    {
      for (int i = 0; i < n; i++)
        {
          const NlparseResult *res = &self->results[i];
          if (netlink_parse (self, i) == NLPARSE_EVENT
              && self->events[i].kind == EVENT_EXEC
              && !nlparse_seq_seen (self->seq, res->cpu, res->seq))
            {
              NetlinkEarly early = { res->cpu, res->seq, FALSE, self->events[i] };
              netlink_enrich (self, &early.ev);
              g_array_append_val (self->early, early);
              memset (&self->events[i], 0, sizeof self->events[i]);
            }
          event_clear (&self->events[i]);
        }
      if (n > 0 && n < NETLINK_BATCH)
        break;
    }
}

/* Moves the doorbell's enriched copy of the EXEC in events[I] into it.
 * Returns FALSE if the doorbell had none.  Both sockets see the EXECs in
 * the same order, so the copy is nearly always the first not taken. */
static gboolean
netlink_take_early (NetlinkSource *self, int i)
{
  const NlparseResult *res = &self->results[i];

  for (guint k = self->early_next; k < self->early->len; k++)
    {
      NetlinkEarly *early = &g_array_index (self->early, NetlinkEarly, k);
      if (early->taken || early->cpu != res->cpu || early->seq != res->seq)
        continue;
      event_clear (&self->events[i]);
      self->events[i] = early->ev;
      early->taken = TRUE;
      while (self->early_next < self->early->len
             && g_array_index (self->early, NetlinkEarly, self->early_next).taken)
        self->early_next++;
      return TRUE;
    }
  return FALSE;
}

/* After the main socket was read empty: drops the early EXECs handed over,
 * and those whose twins the main socket has gone past (lost to an overflow,
 * which the loss count reports).  Twins still to come keep theirs. */
static void
netlink_early_prune (NetlinkSource *self)
{
  guint keep = 0;

  for (guint k = 0; k < self->early->len; k++)
    {
      NetlinkEarly *early = &g_array_index (self->early, NetlinkEarly, k);
      if (early->taken)
        continue;
      if (nlparse_seq_seen (self->seq, early->cpu, early->seq))
        {
          event_clear (&early->ev);
          continue;
        }
      g_array_index (self->early, NetlinkEarly, keep++) = *early;
    }
  g_array_set_size (self->early, keep);
  self->early_next = 0;
}

/* Handles N datagrams just received: decodes them all and gives every EXEC
 * its /proc details first (the doorbell's, else read now), then accounts
 * and delivers them in receive order. */
static void
netlink_batch (NetlinkSource *self, int n)
{
  for (int i = 0; i < n; i++)
    if (netlink_parse (self, i) == NLPARSE_EVENT
        && self->events[i].kind == EVENT_EXEC)
      {
        if (!netlink_take_early (self, i))
          netlink_enrich (self, &self->events[i]);
        self->last_exec_ns = self->events[i].mono_ns;
      }

  for (int i = 0; i < n; i++)
    {
      const NlparseResult *res = &self->results[i];
      guint32 gap = nlparse_seq_gap (self->seq, res->cpu, res->seq);
      if (gap)
        {
          self->gaps += gap;
          netlink_check_loss (self);
        }
      switch (res->kind)
        {
        case NLPARSE_EVENT:
          self->events[i].wall_ns = self->events[i].mono_ns
                                    + self->wall_offset_ns;
          netlink_deliver (self, &self->events[i]);
          break;
        case NLPARSE_ACK:
          netlink_ack (self, res);
          break;
        case NLPARSE_DROP:
          self->base.dropped++;
          break;
        }
    }
}

/* Reads the doorbell, then the main socket until it is empty.  Sets *READ
 * to the number of datagrams the main socket gave.  Returns FALSE with
 * ERROR when it fails for another reason than an overflow. */
static gboolean
netlink_drain (NetlinkSource *self, guint *read, GError **error)
{
  int fd = mnl_socket_get_fd (self->nl);

  /* Events go to callbacks that could, one day, run a nested main loop:
   * the watch may recurse (see netlink_attach), this may not. */
  g_assert (!self->draining);
  self->draining = TRUE;
  *read = 0;
  if (self->bell)
    netlink_read_doorbell (self);
  self->wall_offset_ns = source_clock_ns (CLOCK_REALTIME)
                         - source_clock_ns (CLOCK_MONOTONIC);
  for (;;)
    {
      int n = netlink_recv (self, fd);
      if (n > 0)
        {
          *read += n;
          netlink_batch (self, n);
          /* A short read emptied the queue: poll says when more comes,
           * without one more call that only returns EAGAIN. */
          if (n < NETLINK_BATCH)
            break;
        }
      else if (n == -EAGAIN || n == -EWOULDBLOCK)
        break;
      else if (n == -ENOBUFS)
        {
          self->enobufs++;
          netlink_check_loss (self);
        }
      else if (n != -EINTR)
        {
          self->draining = FALSE;
          return netlink_fail (error, -n, "Reading process events");
        }
    }
  self->draining = FALSE;
  netlink_early_prune (self);
  if (source_clock_ns (CLOCK_MONOTONIC) - self->drops_read_ns > NETLINK_DROPS_EVERY_NS)
    netlink_check_loss (self);
  return TRUE;
}

/* How long to leave the main socket unwatched after a read of READ
 * datagrams, SINCE_US after the one before (see the top of the file), in
 * microseconds; 0 after a read that found nothing.  The pause is cut
 * so that, at the rate of the last read, the queue would be at most a
 * quarter full: a small buffer (no CAP_NET_ADMIN) must not overflow. */
static gint64
netlink_pause_us (NetlinkSource *self, guint read, gint64 since_us)
{
  gint64 pause;

  if (read == 0 || read >= self->capacity / 4)
    return 0;
  if (self->bell)
    pause = NETLINK_PAUSE_US;
  else if (source_clock_ns (CLOCK_MONOTONIC) - self->last_exec_ns > NETLINK_EXEC_QUIET_NS)
    pause = NETLINK_LEGACY_PAUSE_US;
  else
    return 0;
  if (since_us > 0)
    pause = MIN (pause, since_us * (self->capacity / 4) / read);
  return pause;
}

/* A GSource that watches the sockets of SELF.  Its GPollFDs are ours, so
 * pausing is a change of events, with none of the wake-ups that
 * g_source_modify_unix_fd() and g_source_set_ready_time() cost. */
struct NetlinkWatch {
  GSource base;
  NetlinkSource *self;
  GPollFD nl;
  GPollFD bell;
  gint64 pause_end;  /* g_source_get_time() when the pause ends, or 0 */
};

/* The events watched on a socket. */
#define NETLINK_WATCH_EVENTS (G_IO_IN | G_IO_ERR | G_IO_HUP)

/* GSourceFuncs.prepare: polls until the pause ends, if there is one. */
static gboolean
netlink_prepare (GSource *source, gint *timeout)
{
  NetlinkWatch *w = (NetlinkWatch *) source;
  gint64 left = w->pause_end - g_source_get_time (source);

  if (!w->pause_end)
    {
      *timeout = -1;
      return FALSE;
    }
  *timeout = left > 0 ? (gint) ((left + 999) / 1000) : 0;
  return left <= 0;
}

/* GSourceFuncs.check: a socket is readable or the pause is over. */
static gboolean
netlink_check (GSource *source)
{
  NetlinkWatch *w = (NetlinkWatch *) source;

  return w->nl.revents || w->bell.revents
         || (w->pause_end && g_source_get_time (source) >= w->pause_end);
}

/* GSourceFuncs.dispatch: reads both sockets, then maybe pauses the main
 * one. */
static gboolean
netlink_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  NetlinkWatch *w = (NetlinkWatch *) source;
  NetlinkSource *self = w->self;
  gboolean nl_ready = w->nl.revents != 0;
  g_autoptr (GError) error = NULL;
  guint read;

  if (w->pause_end && g_source_get_time (source) >= w->pause_end)
    {
      /* The pause is over: read what came meanwhile and watch again. */
      w->pause_end = 0;
      w->nl.events = NETLINK_WATCH_EVENTS;
      nl_ready = TRUE;
    }
  if (!nl_ready)
    {
      /* Only the doorbell: enrich its EXECs now; the main socket delivers
       * them when its pause ends. */
      if (w->bell.revents)
        netlink_read_doorbell (self);
      return G_SOURCE_CONTINUE;
    }
  if (netlink_drain (self, &read, &error))
    {
      /* The pause is counted from the clock of this iteration: a long
       * read makes it shorter, never longer. */
      gint64 now = g_source_get_time (source);
      gint64 pause = netlink_pause_us (self, read, now - self->drained_us);
      self->drained_us = now;
      w->pause_end = pause > 0 ? now + pause : 0;
      w->nl.events = pause > 0 ? 0 : NETLINK_WATCH_EVENTS;
      return G_SOURCE_CONTINUE;
    }
  /* DONE may free the source: touch nothing after it.  The main context
   * holds the watch until it is removed by our return value. */
  g_clear_pointer (&self->watch, g_source_unref);
  if (self->base.cb.done)
    self->base.cb.done (error, self->base.cb.user);
  return G_SOURCE_REMOVE;
}

/* The watch's functions. */
static GSourceFuncs netlink_watch_funcs = {
  .prepare = netlink_prepare,
  .check = netlink_check,
  .dispatch = netlink_dispatch,
};

/* Sends both LISTEN requests and waits for the kernel to answer the legacy
 * one.  Events that arrive meanwhile wait in pending. */
static gboolean
netlink_subscribe (NetlinkSource *self, GError **error)
{
  enum proc_cn_mcast_op listen = PROC_CN_MCAST_LISTEN;
  struct proc_input input = {
    .mcast_op = PROC_CN_MCAST_LISTEN,
    .event_type = PROC_EVENT_ALL,
  };
  struct pollfd pfd = { .fd = mnl_socket_get_fd (self->nl), .events = POLLIN };
  gint64 deadline = g_get_monotonic_time ()
                    + NETLINK_ACK_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  int r;

  self->ack_base = g_random_int ();
  if ((r = netlink_send (self->nl, self->ack_base + NETLINK_REQ_LISTEN,
                         &listen, sizeof listen)) < 0)
    return netlink_fail (error, -r, "Subscribing to process events");
  self->listening = TRUE;
  if ((r = netlink_send (self->nl, self->ack_base + NETLINK_REQ_LISTEN_MASK, &input,
                         sizeof input)) < 0)
    return netlink_fail (error, -r, "Subscribing to process events");

  /* The kernel handles a request inside sendto(), so both answers are
   * queued by now, the masked one after the legacy one. */
  for (;;)
    {
      guint read;
      if (!netlink_drain (self, &read, error))
        return FALSE;
      if (self->listen_acked)
        break;
      gint64 left = deadline - g_get_monotonic_time ();
      if (left <= 0)
        return netlink_fail (error, ETIMEDOUT, "Subscribing to process events");
      if (poll (&pfd, 1, (int) (left / G_TIME_SPAN_MILLISECOND) + 1) < 0
          && errno != EINTR)
        return netlink_fail (error, errno, "Subscribing to process events");
    }
  if (self->listen_err)
    {
      /* Refused: the kernel did not count us as a listener. */
      self->listening = FALSE;
      return netlink_fail (error, (int) self->listen_err,
                         "The process connector refused to subscribe");
    }
  return TRUE;
}

/* Makes the receive buffer as large as we are allowed: forced to 16 MiB
 * with CAP_NET_ADMIN, else up to the net.core.rmem_max cap.  The tests of
 * loss and resync shrink it with FORKSCOPE_RCVBUF (bytes).  Returns the
 * size the kernel granted. */
static int
netlink_grow_buffer (int fd)
{
  const char *forced = g_getenv ("FORKSCOPE_RCVBUF");
  int size = forced ? (int) CLAMP (g_ascii_strtoll (forced, NULL, 10), 1, G_MAXINT / 2)
                    : NETLINK_RCVBUF;
  socklen_t len = sizeof size;

  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
    (void) setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, &len) < 0)
    return 0;
  return size;
}

/* Closes the doorbell, first sending IGNORE if the kernel counted it as a
 * listener (it never forgets one otherwise). */
static void
netlink_close_bell (NetlinkSource *self, gboolean counted)
{
  enum proc_cn_mcast_op ignore = PROC_CN_MCAST_IGNORE;

  if (counted)
    (void) netlink_send (self->bell, self->ack_base + NETLINK_REQ_BELL_IGNORE,
                         &ignore, sizeof ignore);
  g_clear_pointer (&self->bell, mnl_socket_close);
}

/* Opens the doorbell (see the top of the file): a socket subscribed to
 * EXEC alone, before it joins the group so that nothing else gets in.  Its
 * own ack is filtered out by its mask; the main socket sees it.  Without
 * that ack (an overflow, or a kernel that ignores masks) there is no
 * doorbell, which costs only CPU. */
static void
netlink_open_bell (NetlinkSource *self)
{
  struct proc_input input = {
    .mcast_op = PROC_CN_MCAST_LISTEN,
    .event_type = PROC_EVENT_EXEC,
  };
  int group = CN_IDX_PROC;
  guint read;

  self->bell = mnl_socket_open2 (NETLINK_CONNECTOR, SOCK_CLOEXEC);
  if (!self->bell)
    return;
  (void) netlink_grow_buffer (mnl_socket_get_fd (self->bell));
  if (mnl_socket_bind (self->bell, 0, MNL_SOCKET_AUTOPID) < 0
      || netlink_send (self->bell, self->ack_base + NETLINK_REQ_BELL_LISTEN,
                       &input, sizeof input) < 0)
    {
      netlink_close_bell (self, FALSE);
      return;
    }
  /* The kernel answers inside sendto(): the ack is queued by now. */
  if (!netlink_drain (self, &read, NULL) || !self->bell_acked
      || mnl_socket_setsockopt (self->bell, NETLINK_ADD_MEMBERSHIP, &group,
                                sizeof group) < 0)
    netlink_close_bell (self, TRUE);
}

/* SourceClass.attach: delivers what arrived while subscribing, then
 * watches the sockets. */
static void
netlink_attach (Source *src)
{
  NetlinkSource *self = (NetlinkSource *) src;

  self->attached = TRUE;
  for (guint i = 0; i < self->pending->len; i++)
    netlink_deliver (self, &g_array_index (self->pending, Event, i));
  g_array_set_size (self->pending, 0);
  NetlinkWatch *w = (NetlinkWatch *) g_source_new (&netlink_watch_funcs,
                                                   sizeof (NetlinkWatch));
  w->self = self;
  w->nl.fd = mnl_socket_get_fd (self->nl);
  w->nl.events = NETLINK_WATCH_EVENTS;
  g_source_add_poll (&w->base, &w->nl);
  if (self->bell)
    {
      w->bell.fd = mnl_socket_get_fd (self->bell);
      w->bell.events = NETLINK_WATCH_EVENTS;
      g_source_add_poll (&w->base, &w->bell);
    }
  g_source_set_name (&w->base, "netlink");
  /* GLib (2.74) blocks a source that cannot recurse while dispatching it,
   * taking its fds out of the poll set and back, each a wake-up write:
   * four system calls per dispatch.  Nothing here runs a nested loop. */
  g_source_set_can_recurse (&w->base, TRUE);
  self->watch = &w->base;
  g_source_attach (self->watch, NULL);
}

/* SourceClass.free: stops watching, unsubscribes and frees everything. */
static void
netlink_free (Source *src)
{
  NetlinkSource *self = (NetlinkSource *) src;
  enum proc_cn_mcast_op ignore = PROC_CN_MCAST_IGNORE;

  if (self->watch)
    {
      g_source_destroy (self->watch);
      g_source_unref (self->watch);
    }
  if (self->bell)
    netlink_close_bell (self, TRUE);
  if (self->nl)
    {
      /* The kernel never lowers its listener count for a closed socket;
       * before 6.6 an IGNORE it had not counted would lower it wrongly. */
      if (self->listening)
        (void) netlink_send (self->nl, self->ack_base + NETLINK_REQ_IGNORE, &ignore,
                             sizeof ignore);
      mnl_socket_close (self->nl);
    }
  for (guint i = 0; i < self->pending->len; i++)
    event_clear (&g_array_index (self->pending, Event, i));
  g_array_unref (self->pending);
  for (int i = 0; i < NETLINK_BATCH; i++)
    event_clear (&self->events[i]);
  for (guint k = 0; k < self->early->len; k++)
    if (!g_array_index (self->early, NetlinkEarly, k).taken)
      event_clear (&g_array_index (self->early, NetlinkEarly, k).ev);
  g_array_unref (self->early);
  nlparse_seq_free (self->seq);
  g_free (self->proc_root);
  g_free (self->base.why);
  g_free (self);
}

/* The netlink source's class. */
static const SourceClass netlink_class = {
  .name = "netlink",
  .live = TRUE,
  .attach = netlink_attach,
  .free = netlink_free,
};

Source *
source_netlink_new (const SourceCallbacks *cb, const char *proc_root, GError **error)
{
  g_autoptr (Source) src = NULL;
  NetlinkSource *self = g_new0 (NetlinkSource, 1);
  int group = CN_IDX_PROC;
  int rcvbuf;

  src = &self->base;
  src->klass = &netlink_class;
  src->cb = *cb;
  self->pending = g_array_new (FALSE, FALSE, sizeof (Event));
  self->early = g_array_new (FALSE, FALSE, sizeof (NetlinkEarly));
  netlink_recv_init (self);
  self->seq = nlparse_seq_new ();
  self->proc_root = g_strdup (proc_root);

  self->nl = mnl_socket_open2 (NETLINK_CONNECTOR, SOCK_CLOEXEC);
  if (!self->nl)
    {
      netlink_fail (error, errno, "Opening the process connector");
      return NULL;
    }
  rcvbuf = netlink_grow_buffer (mnl_socket_get_fd (self->nl));
  if (mnl_socket_bind (self->nl, 0, MNL_SOCKET_AUTOPID) < 0)
    {
      netlink_fail (error, errno, "Binding the process connector");
      return NULL;
    }
  if (mnl_socket_setsockopt (self->nl, NETLINK_ADD_MEMBERSHIP, &group,
                             sizeof group) < 0)
    {
      netlink_fail (error, errno, "Joining the process events group");
      return NULL;
    }
  netlink_read_drops (self);  /* the baseline: earlier drops are not ours */
  self->drops = 0;
  self->capacity = rcvbuf / NETLINK_EVENT_TRUESIZE;
  if (!netlink_subscribe (self, error))
    return NULL;
  /* FORKSCOPE_DOORBELL=0 tests and measures the path of older kernels. */
  if (self->filtered && g_strcmp0 (g_getenv ("FORKSCOPE_DOORBELL"), "0") != 0)
    netlink_open_bell (self);

  g_autofree char *size = g_format_size_full ((guint64) rcvbuf,
                                              G_FORMAT_SIZE_IEC_UNITS);
  src->why = g_strdup_printf ("kernel connector, %s subscription%s, %s buffer",
                              self->filtered ? "filtered (6.6+)" : "legacy",
                              self->bell ? ", exec doorbell" : "", size);
  return g_steal_pointer (&src);
}
