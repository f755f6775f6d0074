/* taskstats.c - the kernel's task statistics, read and joined to EXITs
 * (see taskstats.h).
 *
 * Measured on Linux 6.18: registered for every CPU, each exit brings a
 * struct taskstats of version 16 (560 bytes) with the task's id, and with
 * the last task of a group that had more than one thread the group's sums,
 * in the same message.  In storms of forks and threads (26,000 EXITs by a
 * test program, 2,600 in tests/integration/test-taskstats.c, which keeps
 * checking it), every EXIT found its record queued on this socket by the
 * time the connector's EXIT was read, none came after. */
#include "taskstats.h"

#include "procfs.h"
#include "source.h"
#include "tsjoin.h"
#include "tsparse.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <libmnl/libmnl.h>

#define TASKSTATS_BATCH 32          /* messages per recvmmsg() */
#define TASKSTATS_DGRAM_MAX 4096    /* bytes per message; a group's end
                                       is 1,172 in version 16 */
/* How long a record waits for its EXIT (until the tick after), and how
 * many may: the kernel sends it before the EXIT, so a record waits only
 * while the connector's socket is not read (at most a pause and a hold,
 * milliseconds). */
#define TASKSTATS_KEEP_NS (2 * G_GINT64_CONSTANT (1000000000))
#define TASKSTATS_MAX_RECORDS 65536
#define TASKSTATS_ANSWER_TIMEOUT_MS 1000

/* The nlmsg_seq of each request we send. */
typedef enum {
  TASKSTATS_REQ_FAMILY = 1,
  TASKSTATS_REQ_REGISTER,
  TASKSTATS_REQ_DEREGISTER,
} TaskstatsRequest;

/* The socket, what it is registered for, and its receive buffers. */
struct Taskstats {
  struct mnl_socket *nl;
  guint16 family;           /* TASKSTATS's id, 0 until known */
  char mask[32];            /* the CPUs registered for, "0-N" */
  gboolean registered;      /* the kernel lists us: deregister on free */
  gboolean thread_costs;
  Tsjoin *join;
  guint32 awaited;          /* the request whose answer is awaited, or 0 */
  gboolean answered;
  int answer;               /* its -errno, 0 for success */
  guint64 enobufs;          /* ENOBUFS errors: each at least one loss */
  guint32 drops_base;       /* SK_MEMINFO_DROPS when opened */
  guint64 dropped;          /* messages refused by the parser */
  struct mmsghdr msgs[TASKSTATS_BATCH];
  struct iovec iov[TASKSTATS_BATCH];
  guint8 bufs[TASKSTATS_BATCH][TASKSTATS_DGRAM_MAX];
};

/* Handles one message BUF of LEN bytes, received at NOW_NS: records go to
 * the join, the answer awaited is noted.  The socket is connected to the
 * kernel, which sent it. */
static void
taskstats_handle (Taskstats *ts, const guint8 *buf, gsize len, gint64 now_ns)
{
  TsparseResult res;

  switch (tsparse_message (buf, len, 0, ts->family, &res))
    {
    case TSPARSE_STATS:
      for (guint i = 0; i < res.n_stats; i++)
        tsjoin_add (ts->join, &res.stats[i], now_ns);
      break;
    case TSPARSE_FAMILY:
      if (ts->awaited == TASKSTATS_REQ_FAMILY && res.seq == TASKSTATS_REQ_FAMILY)
        {
          ts->family = res.family;
          ts->answered = TRUE;
          ts->answer = 0;
        }
      break;
    case TSPARSE_ACK:
      if (ts->awaited && res.seq == ts->awaited)
        {
          ts->answered = TRUE;
          ts->answer = res.error;
        }
      break;
    case TSPARSE_DROP:
      ts->dropped++;
      break;
    }
}

/* Reads what the socket holds now. */
static void
taskstats_drain (Taskstats *ts)
{
  int fd = mnl_socket_get_fd (ts->nl);

  for (;;)
    {
      int n = recvmmsg (fd, ts->msgs, TASKSTATS_BATCH, MSG_DONTWAIT, NULL);
      if (n < 0 && errno == ENOBUFS)
        {
          ts->enobufs++;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      gint64 now = source_clock_ns (CLOCK_MONOTONIC);
      for (int i = 0; i < n; i++)
        if (ts->msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
          ts->dropped++;
        else
          taskstats_handle (ts, ts->bufs[i], ts->msgs[i].msg_len, now);
      if (n < TASKSTATS_BATCH)
        return;
    }
}

/* Sends the generic netlink request CMD to the family TYPE with the
 * string attribute ATTR (VALUE), numbered REQ; with ACK, the kernel
 * answers even a success.  Returns 0 or -errno. */
static int
taskstats_send (Taskstats *ts, guint16 type, guint8 cmd, guint16 attr, const char *value,
                TaskstatsRequest req, gboolean ack)
{
  union {
    struct nlmsghdr align;
    char buf[256];
  } msg = { 0 };
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (msg.buf);
  struct genlmsghdr *g;

  nlh->nlmsg_type = type;
  nlh->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0);
  nlh->nlmsg_seq = req;
  g = mnl_nlmsg_put_extra_header (nlh, sizeof *g);
  g->cmd = cmd;
  g->version = TASKSTATS_GENL_VERSION;
  mnl_attr_put_strz (nlh, attr, value);
  if (mnl_socket_sendto (ts->nl, nlh, nlh->nlmsg_len) < 0)
    return -errno;
  return 0;
}

/* Sends a request (as taskstats_send) and waits for its answer, reading
 * what comes meanwhile.  Returns 0 or -errno (the kernel's answer, or
 * -ETIMEDOUT). */
static int
taskstats_ask (Taskstats *ts, guint16 type, guint8 cmd, guint16 attr, const char *value,
               TaskstatsRequest req)
{
  struct pollfd pfd = { .fd = mnl_socket_get_fd (ts->nl), .events = POLLIN };
  gint64 deadline = g_get_monotonic_time ()
                    + TASKSTATS_ANSWER_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  int r;

  ts->awaited = req;
  ts->answered = FALSE;
  if ((r = taskstats_send (ts, type, cmd, attr, value, req, TRUE)) < 0)
    return r;
  for (;;)
    {
      taskstats_drain (ts);
      if (ts->answered)
        break;
      gint64 left = deadline - g_get_monotonic_time ();
      if (left <= 0)
        return -ETIMEDOUT;
      if (poll (&pfd, 1, (int) (left / G_TIME_SPAN_MILLISECOND) + 1) < 0 && errno != EINTR)
        return -errno;
    }
  ts->awaited = 0;
  return ts->answer;
}

/* Sets ERROR from -errno R and WHAT failed, saying what the usual
 * refusals need; returns NULL. */
static Taskstats *
taskstats_fail (GError **error, int r, const char *what)
{
  const char *why = r == -EPERM ? ", CAP_NET_ADMIN needed"
                    : r == -EINVAL ? ", the initial user and pid namespaces needed" : "";
  if (r == -ENOENT)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 "the kernel has none: no TASKSTATS family");
  else
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-r), "%s: %s%s", what,
                 g_strerror (-r), why);
  return NULL;
}

/* Points the receive headers at the buffers, once.  No sender address
 * is asked for: the socket is connected to the kernel. */
static void
taskstats_recv_init (Taskstats *ts)
{
  for (int i = 0; i < TASKSTATS_BATCH; i++)
    {
      ts->iov[i].iov_base = ts->bufs[i];
      ts->iov[i].iov_len = sizeof ts->bufs[i];
      ts->msgs[i].msg_hdr.msg_iov = &ts->iov[i];
      ts->msgs[i].msg_hdr.msg_iovlen = 1;
    }
}

Taskstats *
taskstats_new (const char *proc_root, gboolean thread_costs, GError **error)
{
  g_autoptr (Taskstats) ts = g_new0 (Taskstats, 1);
  g_autofree char *delayacct = procfs_read_kernel_line (proc_root, "task_delayacct");
  long cpus = sysconf (_SC_NPROCESSORS_CONF);
  int r;

  ts->thread_costs = thread_costs;
  ts->join = tsjoin_new (TASKSTATS_MAX_RECORDS, TASKSTATS_KEEP_NS,
                         g_strcmp0 (delayacct, "1") == 0);
  taskstats_recv_init (ts);
  ts->nl = mnl_socket_open2 (NETLINK_GENERIC, SOCK_CLOEXEC);
  if (!ts->nl)
    return taskstats_fail (error, -errno, "opening a generic netlink socket");
  (void) source_grow_rcvbuf (mnl_socket_get_fd (ts->nl));
  if (mnl_socket_bind (ts->nl, 0, MNL_SOCKET_AUTOPID) < 0)
    return taskstats_fail (error, -errno, "binding a generic netlink socket");
  if ((r = source_connect_kernel (mnl_socket_get_fd (ts->nl))) < 0)
    return taskstats_fail (error, r, "connecting a generic netlink socket");
  (void) source_socket_drops (mnl_socket_get_fd (ts->nl), &ts->drops_base);
  r = taskstats_ask (ts, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME,
                     TASKSTATS_GENL_NAME, TASKSTATS_REQ_FAMILY);
  if (r < 0)
    return taskstats_fail (error, r, "finding the TASKSTATS family");
  /* The possible CPUs are 0 to N - 1 (cpu_possible_mask); a task may
   * exit on any, and the kernel sends to the listeners of that CPU. */
  g_snprintf (ts->mask, sizeof ts->mask, "0-%ld", MAX (cpus, 1) - 1);
  r = taskstats_ask (ts, ts->family, TASKSTATS_CMD_GET, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
                     ts->mask, TASKSTATS_REQ_REGISTER);
  if (r < 0)
    return taskstats_fail (error, r, "registering refused");
  ts->registered = TRUE;
  return g_steal_pointer (&ts);
}

void
taskstats_free (Taskstats *ts)
{
  if (!ts)
    return;
  if (ts->nl)
    {
      /* The kernel would forget us only when a message to us fails. */
      if (ts->registered)
        (void) taskstats_send (ts, ts->family, TASKSTATS_CMD_GET,
                               TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK, ts->mask,
                               TASKSTATS_REQ_DEREGISTER, FALSE);
      mnl_socket_close (ts->nl);
    }
  tsjoin_free (ts->join);
  g_free (ts);
}

Cost *
taskstats_exit_cost (Taskstats *ts, const Event *ev, gboolean ends, char comm[16])
{
  if (!tsjoin_has (ts->join, ev->pid))
    taskstats_drain (ts);
  return tsjoin_exit (ts->join, ev->pid, ev->tgid, ends, ts->thread_costs, comm);
}

void
taskstats_tick (Taskstats *ts)
{
  taskstats_drain (ts);
  tsjoin_expire (ts->join, source_clock_ns (CLOCK_MONOTONIC));
}

guint64
taskstats_lost (Taskstats *ts)
{
  guint32 drops = ts->drops_base;

  (void) source_socket_drops (mnl_socket_get_fd (ts->nl), &drops);
  return MAX ((guint64) (guint32) (drops - ts->drops_base), ts->enobufs);
}
