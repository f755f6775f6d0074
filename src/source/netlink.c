/* netlink.c - the kernel's process-events connector as a Source.
 *
 * Subscribing (measured on Linux 6.18: test_ack_needs_membership in
 * tests/integration/test-netlink.c):
 * the kernel multicasts its acks to the CN_IDX_PROC group, so a socket that
 * has not joined yet never sees them.  We therefore bind with no group, join
 * with NETLINK_ADD_MEMBERSHIP, then send the legacy LISTEN (acked by every
 * kernel; before 6.6 without CAP_NET_ADMIN the join fails or the ack says
 * EPERM) and the 8-byte proc_input LISTEN with mask ALL (acked only by
 * 6.6+: the feature probe).  Joining first lets no unwanted event in,
 * because the mask is ALL.
 *
 * Reading (measured with bench/run.sh): a wake-up costs more than reading
 * a whole batch, so the main socket is not read at every event.  After each
 * read it is left unwatched for a pause (NETLINK_PAUSE_US) and read again
 * afterwards, so a storm costs a few wake-ups per pause.  Command lines
 * must still be read the moment an EXEC happens: on 6.6+ a second socket,
 * the doorbell, subscribes to EXEC alone and is read by a thread of its own
 * (the capture thread, capture.h), which blocks until an EXEC comes and
 * reads its /proc files at once, whatever the main loop is doing.  It hands
 * each result over through an Execq (execq.h); the main loop takes it when
 * the twin (same cpu and seq) comes
 * through the main socket, which stays the one stream of events, in receive
 * order, unfiltered, with its sequence numbers.  Should the twin come first,
 * the main loop holds its batch until the thread has read the EXEC (one
 * eventfd wake-up), for at most NETLINK_HOLD_US; an EXEC the thread missed
 * (its socket overflowed, its queue was full) is read by the main loop.
 * Without the
 * doorbell (before 6.6) the pause is only taken while no EXEC has come for
 * a while, and EXECs are read as the main socket delivers them.
 *
 * Losses have three witnesses, each a lower bound on the same number: the
 * socket's drop counter (SO_MEMINFO SK_MEMINFO_DROPS, exact for this socket),
 * the per-CPU sequence gaps (also catch events the kernel failed to send) and
 * the count of ENOBUFS errors (each means at least one).  They describe the
 * same losses, so adding them would count one loss up to three times: we
 * keep each as a running total since subscribing and report growth of their
 * maximum as one EVENT_LOST. */
#include "source.h"
#include "capture.h"
#include "nlparse.h"
#include "nlsock.h"
#include "procfs.h"
#include "words.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <libmnl/libmnl.h>

#define NETLINK_ACK_TIMEOUT_MS 1000
/* How long the main socket goes unwatched after a read: with the doorbell,
 * and without it while no EXEC has come for NETLINK_EXEC_QUIET_NS.  With
 * the doorbell nothing waits on the main socket but the output (the
 * viewer draws at most four frames a second in a storm), so the pause is
 * long: each wake-up of the main loop costs more than the events it reads
 * (bench/storms.sh: a fifth less CPU in an exec storm than at 10 ms). */
#define NETLINK_PAUSE_US 50000
#define NETLINK_LEGACY_PAUSE_US 1000
#define NETLINK_EXEC_QUIET_NS (G_GINT64_CONSTANT (100) * 1000000)
/* How long the main loop holds a batch for the capture thread's copy of
 * one of its EXECs before reading /proc itself.  The thread normally has
 * it within microseconds; this only bounds the wait for one it lost. */
#define NETLINK_HOLD_US 10000
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
  NETLINK_REQ_BELL_WAKE,     /* a LISTEN with mask ALL that wakes its thread */
  NETLINK_REQ_BELL_IGNORE,
} NetlinkRequest;

/* The main-loop source that watches the main socket and the wake-ups. */
typedef struct NetlinkWatch NetlinkWatch;

/* The netlink source: the sockets, loss counters and receive buffers. */
typedef struct {
  Source base;
  struct mnl_socket *nl;
  Capture *capture;         /* the doorbell's reader (6.6+), or NULL */
  GSource *watch;           /* a NetlinkWatch, NULL when not watching */
  guint capacity;           /* events the main socket's buffer holds */
  int batch_len;            /* datagrams in rx from the last read */
  int batch_ready;          /* those whose EXEC has its details (or none) */
  int batch_next;           /* the first not delivered yet */
  gint64 hold_end;          /* g_get_monotonic_time() when a wait for the
                               thread's copy of an EXEC ends, or 0 */
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
  gboolean realtime;        /* ask for a real-time capture thread */
  int realtime_err;         /* why the capture thread is not real-time, as
                               asked (an errno), or 0 */
  gint64 wall_offset_ns;    /* CLOCK_REALTIME - CLOCK_MONOTONIC */
  gint64 last_exec_ns;      /* kernel time of the newest EXEC */
  gint64 drops_read_ns;     /* when SK_MEMINFO_DROPS was last read */
  char *proc_root;          /* where EXECs are enriched from */
  GByteArray *exec_reads[NLSOCK_BATCH];  /* what was read of each EXEC of
                               the batch (made as needed), until delivered */
  NlparseSeq *seq;
  guint64 gaps;             /* events missing from per-CPU sequences */
  guint64 enobufs;          /* ENOBUFS errors */
  guint32 drops_last;       /* SK_MEMINFO_DROPS when last read */
  guint64 drops;            /* growth of SK_MEMINFO_DROPS since subscribing */
  guint64 lost;             /* reported in EVENT_LOST so far */
  NlsockBatch rx;           /* the main socket's */
} NetlinkSource;

/* Sets ERROR from errno value ERR, prefixed with WHAT; returns FALSE. */
static gboolean
netlink_fail (GError **error, int err, const char *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s",
               what, g_strerror (err));
  return FALSE;
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
  guint32 drops;

  self->drops_read_ns = source_clock_ns (CLOCK_MONOTONIC);
  if (!source_socket_drops (mnl_socket_get_fd (self->nl), &drops))
    return;
  self->drops += (guint32) (drops - self->drops_last);
  self->drops_last = drops;
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

/* Closes the doorbell BELL, first sending IGNORE if the kernel counted it
 * as a listener (it never forgets one otherwise). */
static void
netlink_close_bell (NetlinkSource *self, struct mnl_socket *bell, gboolean counted)
{
  enum proc_cn_mcast_op ignore = PROC_CN_MCAST_IGNORE;

  if (counted)
    (void) nlsock_send (bell, self->ack_base + NETLINK_REQ_BELL_IGNORE,
                         &ignore, sizeof ignore);
  mnl_socket_close (bell);
}

/* Gets datagram I of the batch, if an EXEC, its /proc details: what the
 * capture thread read, or what is read now when the thread missed it, has
 * been late for NETLINK_HOLD_US, or there is no thread.  They are kept as
 * read until the EXEC is delivered (netlink_exec_details).  Returns FALSE
 * to wait for the thread's copy (it will wake the main loop). */
static gboolean
netlink_resolve (NetlinkSource *self, int i)
{
  const NlparseResult *res = &self->rx.results[i];
  const Event *ev = &self->rx.events[i];

  if (res->kind != NLPARSE_EVENT || ev->kind != EVENT_EXEC)
    return TRUE;
  if (!self->exec_reads[i])
    self->exec_reads[i] = g_byte_array_new ();
  if (self->capture)
    switch (execq_take (capture_queue (self->capture), res->cpu, res->seq,
                        self->exec_reads[i]))
      {
      case EXECQ_TAKEN:
        self->hold_end = 0;
        return TRUE;
      case EXECQ_PENDING:
        if (!self->hold_end)
          self->hold_end = g_get_monotonic_time () + NETLINK_HOLD_US;
        if (g_get_monotonic_time () < self->hold_end)
          return FALSE;
        break;
      case EXECQ_MISSED:
        break;
      }
  self->hold_end = 0;
  procfs_exec_read (self->proc_root, ev->tgid, self->exec_reads[i]);
  return TRUE;
}

/* Gives the EXEC EV, datagram I of the batch, the strings of what was
 * read of it (netlink_resolve), as it is delivered: made one event at a
 * time, they are freed before the next is made, and the allocator hands
 * the same memory back each time. */
static void
netlink_exec_details (NetlinkSource *self, int i, Event *ev)
{
  procfs_exec_apply (self->exec_reads[i], ev);
  procfs_exec_trim (&self->exec_reads[i]);
}

/* Starts a batch of the N datagrams just received: decodes them all. */
static void
netlink_batch_start (NetlinkSource *self, int n)
{
  self->batch_len = n;
  self->batch_ready = self->batch_next = 0;
  for (int i = 0; i < n; i++)
    if (nlsock_parse (&self->rx, i) == NLPARSE_EVENT
        && self->rx.events[i].kind == EVENT_EXEC)
      self->last_exec_ns = self->rx.events[i].mono_ns;
}

/* Delivers the current batch in receive order, its EXECs' /proc details
 * read first (without the thread, those reads come before any other
 * work), their strings made as each is delivered.
 * Returns FALSE when it stopped at an EXEC whose copy the capture thread
 * is still reading: the batch is held, and the next call goes on. */
static gboolean
netlink_batch (NetlinkSource *self)
{
  while (self->batch_ready < self->batch_len
         && netlink_resolve (self, self->batch_ready))
    self->batch_ready++;

  for (; self->batch_next < self->batch_ready; self->batch_next++)
    {
      int i = self->batch_next;
      const NlparseResult *res = &self->rx.results[i];
      guint32 gap = nlparse_seq_gap (self->seq, res->cpu, res->seq);
      if (gap)
        {
          self->gaps += gap;
          netlink_check_loss (self);
        }
      switch (res->kind)
        {
        case NLPARSE_EVENT:
          if (self->rx.events[i].kind == EVENT_EXEC)
            netlink_exec_details (self, i, &self->rx.events[i]);
          self->rx.events[i].wall_ns = self->rx.events[i].mono_ns
                                       + self->wall_offset_ns;
          netlink_deliver (self, &self->rx.events[i]);
          break;
        case NLPARSE_ACK:
          netlink_ack (self, res);
          break;
        case NLPARSE_DROP:
          self->base.dropped++;
          break;
        }
    }
  return self->batch_next == self->batch_len;
}

/* Whether a batch is held for the capture thread. */
static gboolean
netlink_held (const NetlinkSource *self)
{
  return self->batch_next < self->batch_len;
}

/* Delivers a held batch, then reads the main socket until it is empty or
 * a batch is held.  Sets *READ to the number of datagrams it read.
 * Returns FALSE with ERROR when it fails for another reason than an
 * overflow. */
static gboolean
netlink_drain (NetlinkSource *self, guint *read, GError **error)
{
  int fd = mnl_socket_get_fd (self->nl);
  gboolean done;

  /* Events go to callbacks that could, one day, run a nested main loop:
   * the watch may recurse (see netlink_attach), this may not. */
  g_assert (!self->draining);
  self->draining = TRUE;
  *read = 0;
  self->wall_offset_ns = source_clock_ns (CLOCK_REALTIME)
                         - source_clock_ns (CLOCK_MONOTONIC);
  done = netlink_batch (self);
  while (done)
    {
      int n = nlsock_read (&self->rx, fd, FALSE);
      if (n > 0)
        {
          *read += n;
          netlink_batch_start (self, n);
          done = netlink_batch (self);
          /* A short read emptied the queue: poll says when more comes,
           * without one more call that only returns EAGAIN. */
          if (n < NLSOCK_BATCH)
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
  /* The thread's copies of EXECs the main socket has gone past are of no
   * use: their twins were lost, or read while the thread was late. */
  if (done && self->capture)
    (void) execq_prune (capture_queue (self->capture), self->seq);
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
  if (self->capture)
    pause = NETLINK_PAUSE_US;
  else if (source_clock_ns (CLOCK_MONOTONIC) - self->last_exec_ns > NETLINK_EXEC_QUIET_NS)
    pause = NETLINK_LEGACY_PAUSE_US;
  else
    return 0;
  if (since_us > 0)
    pause = MIN (pause, since_us * (self->capacity / 4) / read);
  return pause;
}

/* A GSource that watches the main socket of SELF and the capture thread's
 * wake-ups.  Its GPollFDs are ours, so pausing is a change of events, with
 * none of the wake-ups that g_source_modify_unix_fd() and
 * g_source_set_ready_time() cost. */
struct NetlinkWatch {
  GSource base;
  NetlinkSource *self;
  GPollFD nl;
  GPollFD wake;      /* the capture thread's eventfd, if there is one */
  gint64 deadline;   /* g_source_get_time() when a pause or a hold ends,
                        or 0; until then the main socket is not watched */
};

/* The events watched on a socket. */
#define NETLINK_WATCH_EVENTS (G_IO_IN | G_IO_ERR | G_IO_HUP)

/* GSourceFuncs.prepare: polls until the deadline, if there is one. */
static gboolean
netlink_prepare (GSource *source, gint *timeout)
{
  NetlinkWatch *w = (NetlinkWatch *) source;
  gint64 left = w->deadline - g_source_get_time (source);

  if (!w->deadline)
    {
      *timeout = -1;
      return FALSE;
    }
  *timeout = left > 0 ? (gint) ((left + 999) / 1000) : 0;
  return left <= 0;
}

/* GSourceFuncs.check: the main socket is readable, the capture thread
 * woke us, or the deadline has passed. */
static gboolean
netlink_check (GSource *source)
{
  NetlinkWatch *w = (NetlinkWatch *) source;

  return w->nl.revents || w->wake.revents
         || (w->deadline && g_source_get_time (source) >= w->deadline);
}

/* GSourceFuncs.dispatch: reads the main socket when it is readable, a
 * pause has ended, or a held batch can go on; then pauses, or holds. */
static gboolean
netlink_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  NetlinkWatch *w = (NetlinkWatch *) source;
  NetlinkSource *self = w->self;
  gint64 now = g_source_get_time (source);
  gboolean woken = w->wake.revents != 0;
  g_autoptr (GError) error = NULL;
  guint read;

  if (woken)
    {
      eventfd_t count;
      (void) eventfd_read (w->wake.fd, &count);
    }
  /* A wake-up that comes after its hold ended asks for nothing. */
  if (!w->nl.revents && !(woken && netlink_held (self))
      && !(w->deadline && now >= w->deadline))
    return G_SOURCE_CONTINUE;
  if (netlink_drain (self, &read, &error))
    {
      if (netlink_held (self))
        {
          w->deadline = self->hold_end;
          w->nl.events = 0;
          return G_SOURCE_CONTINUE;
        }
      /* The pause is counted from the clock of this iteration: a long
       * read makes it shorter, never longer. */
      gint64 pause = netlink_pause_us (self, read, now - self->drained_us);
      self->drained_us = now;
      w->deadline = pause > 0 ? now + pause : 0;
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
  if ((r = nlsock_send (self->nl, self->ack_base + NETLINK_REQ_LISTEN,
                         &listen, sizeof listen)) < 0)
    return netlink_fail (error, -r, "Subscribing to process events");
  self->listening = TRUE;
  if ((r = nlsock_send (self->nl, self->ack_base + NETLINK_REQ_LISTEN_MASK, &input,
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

/* Opens the doorbell (see the top of the file): a socket subscribed to
 * EXEC alone, before it joins the group so that nothing else gets in, and
 * starts the thread that reads it.  Its own ack is filtered out by its
 * mask; the main socket sees it.  Without that ack (an overflow, or a
 * kernel that ignores masks) or a thread there is no doorbell, which costs
 * only early reads. */
static void
netlink_open_bell (NetlinkSource *self)
{
  struct proc_input input = {
    .mcast_op = PROC_CN_MCAST_LISTEN,
    .event_type = PROC_EVENT_EXEC,
  };
  int group = CN_IDX_PROC;
  struct mnl_socket *bell = mnl_socket_open2 (NETLINK_CONNECTOR, SOCK_CLOEXEC);
  guint read;

  if (!bell)
    return;
  (void) source_grow_rcvbuf (mnl_socket_get_fd (bell));
  if (mnl_socket_bind (bell, 0, MNL_SOCKET_AUTOPID) < 0
      || nlsock_send (bell, self->ack_base + NETLINK_REQ_BELL_LISTEN,
                       &input, sizeof input) < 0)
    {
      netlink_close_bell (self, bell, FALSE);
      return;
    }
  /* The kernel answers inside sendto(): the ack is queued by now. */
  if (!netlink_drain (self, &read, NULL) || !self->bell_acked
      || mnl_socket_setsockopt (bell, NETLINK_ADD_MEMBERSHIP, &group,
                                sizeof group) < 0
      || !(self->capture = capture_start (bell, self->proc_root, self->realtime,
                                          &self->realtime_err)))
    netlink_close_bell (self, bell, TRUE);
}

/* SourceClass.attach: delivers what arrived while subscribing, then
 * watches the main socket and the capture thread's wake-ups. */
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
  if (self->capture)
    {
      w->wake.fd = capture_wake_fd (self->capture);
      w->wake.events = G_IO_IN;
      g_source_add_poll (&w->base, &w->wake);
    }
  g_source_set_name (&w->base, "netlink");
  /* GLib (2.74) blocks a source that cannot recurse while dispatching it,
   * taking its fds out of the poll set and back, each a wake-up write:
   * four system calls per dispatch.  Nothing here runs a nested loop. */
  g_source_set_can_recurse (&w->base, TRUE);
  self->watch = &w->base;
  g_source_attach (self->watch, NULL);
}

/* SourceClass.free: stops watching, ends the capture thread, unsubscribes
 * both sockets and frees everything. */
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
  if (self->capture)
    netlink_close_bell (self, capture_stop (g_steal_pointer (&self->capture),
                                            self->ack_base + NETLINK_REQ_BELL_WAKE),
                        TRUE);
  if (self->nl)
    {
      /* The kernel never lowers its listener count for a closed socket;
       * before 6.6 an IGNORE it had not counted would lower it wrongly. */
      if (self->listening)
        (void) nlsock_send (self->nl, self->ack_base + NETLINK_REQ_IGNORE, &ignore,
                             sizeof ignore);
      mnl_socket_close (self->nl);
    }
  for (guint i = 0; i < self->pending->len; i++)
    event_clear (&g_array_index (self->pending, Event, i));
  g_array_unref (self->pending);
  nlsock_batch_clear (&self->rx);
  nlparse_seq_free (self->seq);
  g_free (self->proc_root);
  for (int i = 0; i < NLSOCK_BATCH; i++)
    g_clear_pointer (&self->exec_reads[i], g_byte_array_unref);
  g_free (self->base.why);
  g_free (self);
}

/* SourceClass.holding: a batch waits for the capture thread. */
static gboolean
netlink_holding (Source *src)
{
  return netlink_held ((NetlinkSource *) src);
}

/* The netlink source's class. */
static const SourceClass netlink_class = {
  .name = "netlink",
  .live = TRUE,
  .attach = netlink_attach,
  .free = netlink_free,
  .holding = netlink_holding,
};

/* How the exec doorbell is read, for the source's description. */
static char *
netlink_describe_bell (const NetlinkSource *self)
{
  if (!self->capture)
    return g_strdup ("");
  if (!self->realtime)
    return g_strdup (", exec doorbell");
  if (!self->realtime_err)
    return g_strdup (", exec doorbell (real-time)");
  return g_strdup_printf (", exec doorbell (real-time refused: %s)",
                          g_strerror (self->realtime_err));
}

Source *
source_netlink_new (const SourceCallbacks *cb, const char *proc_root, gboolean realtime,
                    GError **error)
{
  g_autoptr (Source) src = NULL;
  NetlinkSource *self = g_new0 (NetlinkSource, 1);
  int group = CN_IDX_PROC;
  int rcvbuf;

  src = &self->base;
  src->klass = &netlink_class;
  src->cb = *cb;
  self->pending = g_array_new (FALSE, FALSE, sizeof (Event));
  nlsock_batch_init (&self->rx);
  self->seq = nlparse_seq_new ();
  self->proc_root = g_strdup (proc_root);
  self->realtime = realtime;

  self->nl = mnl_socket_open2 (NETLINK_CONNECTOR, SOCK_CLOEXEC);
  if (!self->nl)
    {
      netlink_fail (error, errno, "Opening the process connector");
      return NULL;
    }
  rcvbuf = source_grow_rcvbuf (mnl_socket_get_fd (self->nl));
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

  g_autoptr (GString) size = g_string_new (NULL);
  g_autofree char *bell = netlink_describe_bell (self);
  words_size (size, (guint64) rcvbuf);
  src->why = g_strdup_printf ("kernel connector, %s subscription%s, %s buffer",
                              self->filtered ? "filtered (6.6+)" : "legacy",
                              bell, size->str);
  return g_steal_pointer (&src);
}
