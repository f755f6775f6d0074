/* capture.c - the exec-capture thread (see capture.h). */
#include "capture.h"
#include "nlsock.h"
#include "procfs.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>

/* The time slice the thread asks for: the least the kernel grants (see
 * capture_ask_slice). */
#define CAPTURE_SLICE_NS 100000
/* What the thread may have read ahead of the main loop: about two seconds
 * of the fastest exec storm here, should the main loop stall. */
#define CAPTURE_QUEUE_ITEMS 4096
#define CAPTURE_QUEUE_BYTES (16 << 20)
/* How long the thread waits on the doorbell before it looks at whether it
 * must stop, should the datagram capture_stop makes come never. */
#define CAPTURE_STOP_CHECK_S 1

/* The doorbell and its thread.  The thread uses sock, rx, block,
 * proc_root, q, wake_fd and stopping, and nothing else; the main loop
 * only the queue and wake_fd while it runs. */
struct Capture {
  struct mnl_socket *sock;  /* subscribed to EXEC alone (6.6+) */
  const char *proc_root;    /* the source's, which outlives the thread */
  Execq *q;
  int wake_fd;              /* eventfd: the thread wakes the main loop */
  gint stopping;            /* atomic: the main loop asks the thread to end */
  pthread_t thread;
  NlsockBatch rx;
  GByteArray *block;        /* what the thread read of the last EXEC */
};

/* Handles the N datagrams the doorbell just gave.  Each EXEC's /proc
 * files are read before the next datagram is looked at, and what was read
 * is pushed at once, as read: the main loop makes the strings of it
 * (procfs_exec_apply), in its batches, where the memory it takes is warm
 * and freed by the thread that took it. */
static void
capture_batch (Capture *c, int n)
{
  for (int i = 0; i < n; i++)
    {
      const NlparseResult *res = &c->rx.results[i];
      Event *ev = &c->rx.events[i];
      gboolean wake;

      if (nlsock_parse (&c->rx, i) != NLPARSE_EVENT)
        continue;
      if (ev->kind != EVENT_EXEC)
        {
          event_clear (ev);   /* an EXEC holds nothing to free */
          continue;
        }
      if (execq_full (c->q))
        wake = execq_push (c->q, res->cpu, res->seq, NULL, 0);
      else
        {
          procfs_exec_read (c->proc_root, ev->tgid, c->block);
          wake = execq_push (c->q, res->cpu, res->seq, c->block->data, c->block->len);
          procfs_exec_trim (&c->block);
        }
      if (wake)
        (void) eventfd_write (c->wake_fd, 1);
    }
}

/* struct sched_attr as published first (SCHED_ATTR_SIZE_VER0): the
 * kernel's header, linux/sched/types.h, clashes with <sched.h>. */
typedef struct {
  guint32 size;
  guint32 policy;
  guint64 flags;
  gint32 nice;
  guint32 priority;
  guint64 runtime;   /* SCHED_OTHER on 6.12+: the slice asked for, in ns */
  guint64 deadline;
  guint64 period;
} CaptureSchedAttr;

/* Asks the scheduler to give the calling (capture) thread, if it is a
 * normal one, a time slice of CAPTURE_SLICE_NS.  The EEVDF scheduler
 * (Linux 6.12+) lets a task with a shorter slice preempt the running one
 * when it wakes, with no more CPU than its fair share and no privilege:
 * the thread reads /proc before the task it woke on has run on, whether
 * that is forkscope's own main thread or a process of the storm.  Older
 * kernels ignore the slice of a normal task. */
static void
capture_ask_slice (void)
{
  CaptureSchedAttr attr = {
    .size = sizeof attr,
    .policy = SCHED_OTHER,
    .runtime = CAPTURE_SLICE_NS,
  };

  if (sched_getscheduler (0) != SCHED_OTHER)
    return;  /* real-time already (--realtime) */
  /* The nice value the process runs with is kept: errno tells a nice of
   * -1 from a failure. */
  errno = 0;
  attr.nice = getpriority (PRIO_PROCESS, 0);
  if (errno == 0)
    (void) syscall (SYS_sched_setattr, 0, &attr, 0);
}

/* The thread: waits on the doorbell in recvmmsg() itself, one system call
 * per wake-up (a poll() first would be two), and handles what comes until
 * told to stop.  A netlink socket has no shutdown() to wake a blocked
 * reader with: capture_stop makes the kernel send it a datagram instead,
 * and the receive timeout bounds the wait should that one be lost.  An
 * overflow of the doorbell (ENOBUFS) costs only early reads: the main loop
 * reads what the thread missed. */
static void *
capture_run (void *data)
{
  Capture *c = data;
  int fd = mnl_socket_get_fd (c->sock);

  capture_ask_slice ();
  for (;;)
    {
      int n = nlsock_read (&c->rx, fd, TRUE);
      if (g_atomic_int_get (&c->stopping))
        return NULL;
      if (n > 0)
        capture_batch (c, n);
    }
}

/* Starts C's thread with real-time scheduling (SCHED_FIFO at its lowest
 * priority, which is above every normal task).  Returns 0 or an errno
 * (EPERM without CAP_SYS_NICE or an RLIMIT_RTPRIO). */
static int
capture_spawn_realtime (Capture *c)
{
  struct sched_param param = { .sched_priority = sched_get_priority_min (SCHED_FIFO) };
  pthread_attr_t attr;
  int r;

  pthread_attr_init (&attr);
  pthread_attr_setinheritsched (&attr, PTHREAD_EXPLICIT_SCHED);
  pthread_attr_setschedpolicy (&attr, SCHED_FIFO);
  pthread_attr_setschedparam (&attr, &param);
  r = pthread_create (&c->thread, &attr, capture_run, c);
  pthread_attr_destroy (&attr);
  return r;
}

/* Frees C, whose thread is not running, with its eventfd and queue (not
 * its doorbell). */
static void
capture_free (Capture *c)
{
  if (c->wake_fd >= 0)
    close (c->wake_fd);
  execq_free (c->q);
  g_byte_array_unref (c->block);
  g_free (c);
}

Capture *
capture_start (struct mnl_socket *bell, const char *proc_root, gboolean realtime,
               int *realtime_err)
{
  Capture *c = g_new0 (Capture, 1);
  struct timeval check = { .tv_sec = CAPTURE_STOP_CHECK_S };
  sigset_t all, old;
  int r = -1;

  c->sock = bell;
  c->proc_root = proc_root;
  c->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  c->q = execq_new (CAPTURE_QUEUE_ITEMS, CAPTURE_QUEUE_BYTES);
  c->block = g_byte_array_new ();
  nlsock_batch_init (&c->rx);
  if (c->wake_fd < 0
      || setsockopt (mnl_socket_get_fd (bell), SOL_SOCKET, SO_RCVTIMEO, &check,
                     sizeof check) < 0)
    {
      capture_free (c);
      return NULL;
    }
  /* A pthread, not a GThread, to be created with a scheduling policy. */
  sigfillset (&all);
  pthread_sigmask (SIG_BLOCK, &all, &old);
  if (realtime)
    r = *realtime_err = capture_spawn_realtime (c);
  if (r != 0)
    r = pthread_create (&c->thread, NULL, capture_run, c);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  if (r != 0)
    {
      capture_free (c);
      return NULL;
    }
  /* Named for top -H and bench/run.sh. */
  (void) pthread_setname_np (c->thread, "forkscope-exec");
  return c;
}

struct mnl_socket *
capture_stop (Capture *c, guint32 ack)
{
  struct mnl_socket *bell = c->sock;
  struct proc_input all = {
    .mcast_op = PROC_CN_MCAST_LISTEN,
    .event_type = PROC_EVENT_ALL,
  };

  g_atomic_int_set (&c->stopping, 1);
  /* With mask ALL the doorbell takes the kernel's ack of this very
   * request, and whatever event comes next: the thread wakes. */
  (void) nlsock_send (bell, ack, &all, sizeof all);
  pthread_join (c->thread, NULL);
  nlsock_batch_clear (&c->rx);
  capture_free (c);
  return bell;
}

Execq *
capture_queue (const Capture *c)
{
  return c->q;
}

int
capture_wake_fd (const Capture *c)
{
  return c->wake_fd;
}
