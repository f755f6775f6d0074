/* floor.c - the least a reader can do and still meet forkscope's brief.
 *
 * forkscope must read /proc/PID/cmdline, exe and comm the moment a process
 * execs.  This reader does that and nothing else: no model, no output.  It
 * reads the connector the way forkscope does on 6.6+ (an EXEC-only socket
 * watched at all times, the main socket read every 50 ms, its pause), with
 * the same system calls but (without -2) in one thread, where forkscope
 * has a thread for each socket and hands the reads over between them.  It waits for an
 * EXEC in recvmmsg() itself, as forkscope's capture thread does, with a
 * receive timeout that ends the wait when the main socket is due: one
 * system call per wake-up (a poll() first would be two, about 4% more CPU
 * in an exec storm).  So its CPU time is the floor under forkscope's in
 * the same storm: the part of the cost the enrichment itself sets.
 * bench/run.sh -f runs it.
 *
 * With -t it also registers for the kernel's task statistics on every CPU
 * and reads each message (one per task that exits) the way forkscope does:
 * recvmmsg() in batches, whenever it reads the main socket.  It parses
 * nothing: its CPU time is the least that reading them adds to a reader.
 *
 * With -2 it splits the work the way forkscope does: a thread waits on the
 * exec socket and reads each EXEC's files, and hands the bytes to the main
 * thread through a ring of slots behind a mutex (forkscope's execq, less
 * its bookkeeping); the main thread wakes every period, reads the main
 * socket (and the task statistics) and takes the bytes handed over.  A
 * reader that must draw or write while the /proc reads stay prompt needs
 * the reads in a thread of their own: the CPU time of -2 is the floor of
 * that shape, and its ratio to the one-thread floor what the split costs.
 *
 * Runs until SIGINT or SIGTERM, then prints
 * "events=N execs=N cmdlines=N stats=N" (cmdlines: execs whose command
 * line was still readable; stats: task statistics messages read), with -2
 * also "handed=N full=N" (reads taken by the main thread; reads dropped
 * because the ring was full).  Exits 1 if the connector or, with -t, the
 * task statistics refuse. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>

#define FLOOR_BATCH 64
#define FLOOR_DGRAM 512
#define FLOOR_PERIOD_MS 50     /* NETLINK_PAUSE_US, src/source/netlink.c */
#define FLOOR_STATS_BATCH 32     /* as forkscope's */
#define FLOOR_STATS_DGRAM 2048   /* a group's end is 1,172 bytes (v16) */
#define FLOOR_SLOTS 1024        /* -2: reads handed over, at most */
#define FLOOR_SLOT 2048         /* as forkscope's (EXECQ_SLOT) */
#define FLOOR_READ 4096         /* the most read of each file */
/* Linux 6.6's masks (include/uapi/linux/cn_proc.h); old headers lack them. */
#define FLOOR_EVENT_ALL 0xe00003c7u

/* The 8-byte LISTEN with an event mask (6.6+). */
struct floor_input {
  unsigned int op;
  unsigned int mask;
};

/* What was seen, printed at the end. */
static unsigned long floor_events, floor_execs, floor_cmdlines, floor_stats;
static unsigned long floor_handed, floor_full;
static volatile sig_atomic_t floor_stop;   /* read with floor_stopping() */

/* -2: the EXECs' reads on their way from the exec thread to the main one,
 * slots [tail, head) (counting up, modulo FLOOR_SLOTS). */
static struct {
  pthread_mutex_t lock;
  unsigned long head, tail;
  size_t len[FLOOR_SLOTS];
  char bytes[FLOOR_SLOTS][FLOOR_SLOT];
} floor_ring = { .lock = PTHREAD_MUTEX_INITIALIZER };
static int floor_split;   /* -2 */

/* Whether a signal asked for the end (read from either thread). */
static int
floor_stopping (void)
{
  return __atomic_load_n (&floor_stop, __ATOMIC_RELAXED);
}

/* SIGINT/SIGTERM: end the loop. */
static void
floor_on_signal (int sig)
{
  (void) sig;
  floor_stop = 1;
}

/* Sends the 8-byte LISTEN or IGNORE request OP with MASK on FD. */
static int
floor_request (int fd, unsigned int op, unsigned int mask)
{
  struct floor_input in = { op, mask };
  struct cn_msg cn = { .id = { CN_IDX_PROC, CN_VAL_PROC }, .len = sizeof in };
  struct nlmsghdr nh = {
    .nlmsg_len = NLMSG_HDRLEN + sizeof cn + sizeof in,
    .nlmsg_type = NLMSG_DONE,
  };
  char req[NLMSG_HDRLEN + sizeof cn + sizeof in];

  memcpy (req, &nh, sizeof nh);
  memcpy (req + NLMSG_HDRLEN, &cn, sizeof cn);
  memcpy (req + NLMSG_HDRLEN + sizeof cn, &in, sizeof in);
  return send (fd, req, sizeof req, 0) < 0 ? -1 : 0;
}

/* Opens a connector socket listening for the events in MASK, or -1. */
static int
floor_open (unsigned int mask)
{
  int fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                   NETLINK_CONNECTOR);
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
  int group = CN_IDX_PROC, size = 16 << 20;

  if (fd < 0)
    return -1;
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0
      || floor_request (fd, PROC_CN_MCAST_LISTEN, mask) < 0
      || setsockopt (fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
                     sizeof group) < 0)
    {
      /* The kernel never forgets a listener that does not say IGNORE. */
      (void) floor_request (fd, PROC_CN_MCAST_IGNORE, 0);
      close (fd);
      return -1;
    }
  (void) setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
  return fd;
}

/* Reads /proc/PID/NAME into BUF; returns the bytes read, or -1. */
static ssize_t
floor_read (int pid, const char *name, char *buf, size_t size)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/%s", pid, name);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read (fd, buf, size);
  close (fd);
  return n;
}

/* -2, the exec thread: hands the LEN bytes at DATA (what it read of an
 * EXEC) to the main thread, or drops them when the ring is full. */
static void
floor_hand (const char *data, size_t len)
{
  pthread_mutex_lock (&floor_ring.lock);
  if (floor_ring.head - floor_ring.tail < FLOOR_SLOTS)
    {
      unsigned long at = floor_ring.head++ % FLOOR_SLOTS;
      floor_ring.len[at] = len < FLOOR_SLOT ? len : FLOOR_SLOT;
      memcpy (floor_ring.bytes[at], data, floor_ring.len[at]);
    }
  else
    floor_full++;
  pthread_mutex_unlock (&floor_ring.lock);
}

/* -2, the main thread: takes every read handed over, one at a time, each
 * copied out of its slot under the lock (as forkscope's main loop takes
 * its blocks: execq_take). */
static void
floor_take (void)
{
  static char out[FLOOR_SLOT];

  for (;;)
    {
      pthread_mutex_lock (&floor_ring.lock);
      if (floor_ring.tail == floor_ring.head)
        {
          pthread_mutex_unlock (&floor_ring.lock);
          return;
        }
      unsigned long at = floor_ring.tail++ % FLOOR_SLOTS;
      memcpy (out, floor_ring.bytes[at], floor_ring.len[at]);
      /* The copy counts as used: no compiler may leave it out. */
      __asm__ volatile ("" : : "r" (out) : "memory");
      pthread_mutex_unlock (&floor_ring.lock);
      floor_handed++;
    }
}

/* Reads FD empty; for every EXEC, if ENRICH, reads what forkscope reads.
 * With WAIT the first read waits for a datagram (or FD's timeout). */
static void
floor_drain (int fd, int enrich, int wait)
{
  int flags = wait ? MSG_WAITFORONE : MSG_DONTWAIT;
  /* Each thread's own: with -2 two threads read two sockets at once. */
  static __thread char bufs[FLOOR_BATCH][FLOOR_DGRAM];
  static __thread struct iovec iov[FLOOR_BATCH];
  static __thread struct mmsghdr msgs[FLOOR_BATCH];
  char data[3 * FLOOR_READ], path[64];
  int n;

  for (int i = 0; i < FLOOR_BATCH; i++)
    {
      iov[i] = (struct iovec) { bufs[i], FLOOR_DGRAM };
      msgs[i].msg_hdr = (struct msghdr) { .msg_iov = &iov[i], .msg_iovlen = 1 };
    }
  while ((n = recvmmsg (fd, msgs, FLOOR_BATCH, flags, NULL)) > 0
         || (n < 0 && (errno == ENOBUFS || errno == EINTR)))
    {
      flags = MSG_DONTWAIT;
      for (int i = 0; i < n; i++)
        {
          struct proc_event ev;
          size_t at = NLMSG_HDRLEN + sizeof (struct cn_msg);
          if (msgs[i].msg_len < at + sizeof ev)
            continue;
          memcpy (&ev, bufs[i] + at, sizeof ev);
          if (!enrich)
            {
              floor_events++;
              continue;
            }
          if (ev.what != PROC_EVENT_EXEC)
            continue;
          int pid = ev.event_data.exec.process_tgid;
          size_t len = 0;
          ssize_t r;
          floor_execs++;
          if ((r = floor_read (pid, "cmdline", data, FLOOR_READ)) > 0)
            {
              floor_cmdlines++;
              len += r;
            }
          snprintf (path, sizeof path, "/proc/%d/exe", pid);
          if ((r = readlink (path, data + len, FLOOR_READ)) > 0)
            len += r;
          if ((r = floor_read (pid, "comm", data + len, FLOOR_READ)) > 0)
            len += r;
          if (floor_split)
            floor_hand (data, len);
        }
      if (n > 0 && n < FLOOR_BATCH)
        break;
    }
}

/* Sends the generic netlink request CMD for FAMILY with the string
 * attribute ATTR (VALUE) on FD. */
static int
floor_genl_send (int fd, unsigned short family, unsigned char cmd, unsigned short attr,
                 const char *value)
{
  struct {
    struct nlmsghdr nh;
    struct genlmsghdr g;
    char attrs[64];
  } req = { 0 };
  struct nlattr *na = (struct nlattr *) req.attrs;
  size_t len = strlen (value) + 1;

  na->nla_type = attr;
  na->nla_len = NLA_HDRLEN + len;
  memcpy (req.attrs + NLA_HDRLEN, value, len);
  req.nh.nlmsg_len = NLMSG_LENGTH (GENL_HDRLEN + NLA_ALIGN (na->nla_len));
  req.nh.nlmsg_type = family;
  req.nh.nlmsg_flags = NLM_F_REQUEST;
  req.g.cmd = cmd;
  req.g.version = 1;
  return send (fd, &req, req.nh.nlmsg_len, 0) < 0 ? -1 : 0;
}

/* Opens a generic netlink socket registered for the task statistics of
 * every CPU (NCPUS of them), or -1. */
static int
floor_open_stats (long ncpus)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
  char buf[4096], mask[32];
  int size = 16 << 20, family = -1;
  ssize_t n;

  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0
      || floor_genl_send (fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME,
                          TASKSTATS_GENL_NAME) < 0
      || (n = recv (fd, buf, sizeof buf, 0)) < (ssize_t) NLMSG_LENGTH (GENL_HDRLEN))
    goto fail;
  /* The family's id is an attribute of the answer. */
  for (size_t at = NLMSG_LENGTH (GENL_HDRLEN); at + NLA_HDRLEN <= (size_t) n;)
    {
      struct nlattr *na = (struct nlattr *) (buf + at);
      if (na->nla_len < NLA_HDRLEN || at + na->nla_len > (size_t) n)
        break;
      if (na->nla_type == CTRL_ATTR_FAMILY_ID)
        memcpy (&family, buf + at + NLA_HDRLEN, sizeof (unsigned short)), family &= 0xffff;
      at += NLA_ALIGN (na->nla_len);
    }
  snprintf (mask, sizeof mask, "0-%ld", ncpus - 1);
  if (family < 0
      || floor_genl_send (fd, family, TASKSTATS_CMD_GET, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK,
                          mask) < 0)
    goto fail;
  (void) setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
  fcntl (fd, F_SETFL, O_NONBLOCK);
  return fd;
fail:
  if (fd >= 0)
    close (fd);
  return -1;
}

/* Reads the task statistics socket FD empty, counting its messages. */
static void
floor_drain_stats (int fd)
{
  static char bufs[FLOOR_STATS_BATCH][FLOOR_STATS_DGRAM];
  static struct iovec iov[FLOOR_STATS_BATCH];
  static struct mmsghdr msgs[FLOOR_STATS_BATCH];
  int n;

  for (int i = 0; i < FLOOR_STATS_BATCH; i++)
    {
      iov[i] = (struct iovec) { bufs[i], FLOOR_STATS_DGRAM };
      msgs[i].msg_hdr = (struct msghdr) { .msg_iov = &iov[i], .msg_iovlen = 1 };
    }
  while ((n = recvmmsg (fd, msgs, FLOOR_STATS_BATCH, MSG_DONTWAIT, NULL)) > 0
         || (n < 0 && (errno == ENOBUFS || errno == EINTR)))
    {
      if (n > 0)
        floor_stats += n;
      if (n > 0 && n < FLOOR_STATS_BATCH)
        break;
    }
}

/* Reads CLOCK_MONOTONIC in milliseconds. */
static long long
floor_now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* -2: the exec thread, until the end. */
static void *
floor_exec_thread (void *bell)
{
  while (!floor_stopping ())
    floor_drain (*(int *) bell, 1, 1);
  return NULL;
}

int
main (int argc, char **argv)
{
  int want_stats = 0, opt;

  while ((opt = getopt (argc, argv, "t2")) != -1)
    switch (opt)
      {
      case 't': want_stats = 1; break;
      case '2': floor_split = 1; break;
      default:
        fprintf (stderr, "usage: floor [-t] [-2]\n");
        return 2;
      }
  int stats = want_stats ? floor_open_stats (sysconf (_SC_NPROCESSORS_CONF)) : -2;
  int nl = floor_open (FLOOR_EVENT_ALL), bell = floor_open (PROC_EVENT_EXEC);
  struct timeval period = { 0, FLOOR_PERIOD_MS * 1000 };
  long long next = floor_now_ms () + FLOOR_PERIOD_MS;
  pthread_t thread;

  if (stats == -1)
    perror ("floor: task statistics");
  if (nl < 0 || bell < 0 || stats == -1)
    {
      perror ("floor: process connector");
      if (nl >= 0)
        (void) floor_request (nl, PROC_CN_MCAST_IGNORE, 0);
      if (bell >= 0)
        (void) floor_request (bell, PROC_CN_MCAST_IGNORE, 0);
      return 1;
    }
  /* The exec socket is waited on in recvmmsg() itself, a period at most. */
  if (fcntl (bell, F_SETFL, fcntl (bell, F_GETFL) & ~O_NONBLOCK) < 0
      || setsockopt (bell, SOL_SOCKET, SO_RCVTIMEO, &period, sizeof period) < 0)
    {
      perror ("floor: the exec socket");
      return 1;
    }
  /* forkscope reads the task statistics of an exit just before it
   * handles the EXIT: here, just before the main socket. */
  signal (SIGINT, floor_on_signal);
  signal (SIGTERM, floor_on_signal);
  if (floor_split)
    {
      /* The signals go to the main thread, whose poll() they end. */
      sigset_t all, old;
      sigfillset (&all);
      pthread_sigmask (SIG_BLOCK, &all, &old);
      int r = pthread_create (&thread, NULL, floor_exec_thread, &bell);
      pthread_sigmask (SIG_SETMASK, &old, NULL);
      if (r != 0)
        {
          errno = r;
          perror ("floor: the exec thread");
          (void) floor_request (nl, PROC_CN_MCAST_IGNORE, 0);
          (void) floor_request (bell, PROC_CN_MCAST_IGNORE, 0);
          return 1;
        }
    }
  while (!floor_stopping ())
    {
      if (floor_split)
        {
          long long wait = next - floor_now_ms ();
          if (wait > 0)
            (void) poll (NULL, 0, (int) wait);
        }
      else
        floor_drain (bell, 1, 1);
      if (floor_now_ms () >= next)
        {
          if (stats >= 0)
            floor_drain_stats (stats);
          floor_drain (nl, 0, 0);
          if (floor_split)
            floor_take ();
          next = floor_now_ms () + FLOOR_PERIOD_MS;
        }
    }
  if (floor_split)
    pthread_join (thread, NULL);
  if (stats >= 0)
    floor_drain_stats (stats);
  floor_drain (nl, 0, 0);
  floor_take ();
  (void) floor_request (nl, PROC_CN_MCAST_IGNORE, 0);
  (void) floor_request (bell, PROC_CN_MCAST_IGNORE, 0);
  printf ("events=%lu execs=%lu cmdlines=%lu stats=%lu", floor_events, floor_execs,
          floor_cmdlines, floor_stats);
  if (floor_split)
    printf (" handed=%lu full=%lu", floor_handed, floor_full);
  printf ("\n");
  return 0;
}
