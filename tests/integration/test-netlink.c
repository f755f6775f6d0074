/* test-netlink.c - the netlink source against the real kernel.
 *
 * Needs root (or Linux 6.6+) in the initial network namespace; exits 77
 * (skipped) when the connector is refused.  Children block on a pipe after
 * their last exec, so /proc is still readable when the EXEC arrives and the
 * checks of argv and exe do not race with the child's exit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <poll.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <cmocka.h>

#include "source.h"

/* Everything the source delivered, in order. */
typedef struct {
  GPtrArray *events;   /* Event* */
  gboolean done;       /* the source reported its end */
} Collected;

/* The source under test, shared by all tests (as one subscription). */
static Source *source;
static Collected got;

/* SourceCallbacks.emit: keeps a copy of every event. */
static void
collect_emit (const Event *ev, gpointer user)
{
  Collected *c = user;
  g_ptr_array_add (c->events, event_dup (ev));
}

/* SourceCallbacks.done: the socket failed. */
static void
collect_done (const GError *error, gpointer user)
{
  Collected *c = user;
  c->done = TRUE;
}

/* The first event of KIND about process PID (FORK: the child), at or after
 * index *FROM; *FROM is set past it.  NULL if none. */
static const Event *
find (EventKind kind, gint pid, guint *from)
{
  for (guint i = *from; i < got.events->len; i++)
    {
      const Event *ev = got.events->pdata[i];
      if (ev->kind == kind && ev->pid == pid)
        {
          *from = i + 1;
          return ev;
        }
    }
  return NULL;
}

/* Whether an event of KIND about PID has arrived. */
static gboolean
seen (EventKind kind, gint pid)
{
  guint from = 0;
  return find (kind, pid, &from) != NULL;
}

/* Whether an EXEC of PID whose argv holds WORD has arrived. */
static gboolean
seen_exec_with (gint pid, const char *word)
{
  guint from = 0;
  const Event *ev;
  while ((ev = find (EVENT_EXEC, pid, &from)))
    if (ev->argv && g_strv_contains ((const char *const *) ev->argv, word))
      return TRUE;
  return FALSE;
}

/* Main-loop timer: only there to wake the loop up. */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until an event of KIND about PID (with WORD in argv,
 * if given) arrived, for at most 5 seconds. */
static void
wait_for (EventKind kind, gint pid, const char *word)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint timer = g_timeout_add (20, tick, NULL);
  while (!(word ? seen_exec_with (pid, word) : seen (kind, pid))
         && !got.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);
  assert_false (got.done);
  if (word)
    assert_true (seen_exec_with (pid, word));
  else
    assert_true (seen (kind, pid));
}

/* Forks a child running /bin/sh -c SCRIPT with ARGS as $0, $1...; its stdin
 * is a pipe whose write end goes to *FEED. */
static pid_t
spawn (const char *script, const char *arg0, const char *arg1, int *feed)
{
  int p[2];
  assert_int_equal (pipe (p), 0);
  pid_t pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      dup2 (p[0], 0);
      close (p[0]);
      close (p[1]);
      execl ("/bin/sh", "sh", "-c", script, arg0, arg1, (char *) NULL);
      _exit (127);
    }
  close (p[0]);
  *feed = p[1];
  return pid;
}

/* A clock reading in ns. */
static gint64
now_ns (clockid_t clock_id)
{
  struct timespec ts;
  clock_gettime (clock_id, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* fork, a background child, exec with /proc details, exit 3. */
static void
test_fork_exec_exit (void **state)
{
  int feed;
  pid_t me = getpid ();
  pid_t child = spawn ("sleep 0.05 & "
                       "exec /bin/sh -c 'read line || exit 3' forkscope-x y",
                       "sh", NULL, &feed);

  wait_for (EVENT_EXEC, child, "forkscope-x");
  close (feed);  /* read fails: exit 3 */
  wait_for (EVENT_EXIT, child, NULL);
  int status;
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 3);

  guint at = 0;
  const Event *fork = find (EVENT_FORK, child, &at);
  assert_non_null (fork);
  assert_int_equal (fork->tgid, child);
  assert_int_equal (fork->ppid, me);
  assert_int_equal (fork->ptgid, me);
  gint64 mono = now_ns (CLOCK_MONOTONIC), wall = now_ns (CLOCK_REALTIME);
  assert_true (fork->mono_ns > 0 && fork->mono_ns <= mono);
  assert_true (mono - fork->mono_ns < 10 * G_GINT64_CONSTANT (1000000000));
  assert_true (llabs ((fork->wall_ns - fork->mono_ns) - (wall - mono))
               < G_GINT64_CONSTANT (50000000));

  /* Two execs, in order: sh, then the exec the script does. */
  const Event *exec1 = find (EVENT_EXEC, child, &at);
  assert_non_null (exec1);
  const Event *exec2 = find (EVENT_EXEC, child, &at);
  assert_non_null (exec2);
  assert_int_equal (exec2->tgid, child);
  assert_non_null (exec2->argv);
  const char *argv[] = { "/bin/sh", "-c", "read line || exit 3",
                         "forkscope-x", "y", NULL };
  assert_int_equal (g_strv_length (exec2->argv), 5);
  for (int i = 0; argv[i]; i++)
    assert_string_equal (exec2->argv[i], argv[i]);
  assert_string_equal (exec2->comm, "sh");
  g_autofree char *sh = realpath ("/bin/sh", NULL);
  assert_non_null (exec2->exe);
  assert_string_equal (exec2->exe, sh);

  const Event *exit = find (EVENT_EXIT, child, &at);
  assert_non_null (exit);
  assert_int_equal (exit->exit_code, 768);
  assert_int_equal (exit->exit_signal, SIGCHLD);
  assert_int_equal (exit->ppid, me);
  assert_int_equal (exit->ptgid, me);

  /* The background sleep: forked by the child, then its own exec. */
  const Event *bg = NULL;
  for (guint i = 0; i < got.events->len && !bg; i++)
    {
      const Event *e = got.events->pdata[i];
      if (e->kind == EVENT_FORK && e->ptgid == child && e->pid == e->tgid)
        bg = e;
    }
  assert_non_null (bg);
  gint bg_pid = bg->pid;
  wait_for (EVENT_EXIT, bg_pid, NULL);
  guint from = 0;
  const Event *bg_exec = find (EVENT_EXEC, bg_pid, &from);
  assert_non_null (bg_exec);
  assert_string_equal (bg_exec->comm, "sleep");
  assert_non_null (bg_exec->argv);
  assert_string_equal (bg_exec->argv[0], "sleep");
  assert_string_equal (bg_exec->argv[1], "0.05");
  const Event *bg_exit = find (EVENT_EXIT, bg_pid, &from);
  assert_non_null (bg_exit);
  assert_int_equal (bg_exit->exit_code, 0);

  assert_non_null (source->why);
  assert_int_equal (source->dropped, 0);
}

/* A child killed by SIGKILL reports the raw status 9. */
static void
test_sigkill (void **state)
{
  int feed;
  pid_t child = spawn ("exec /bin/sh -c 'read line' forkscope-kill",
                       "sh", NULL, &feed);

  wait_for (EVENT_EXEC, child, "forkscope-kill");
  assert_int_equal (kill (child, SIGKILL), 0);
  wait_for (EVENT_EXIT, child, NULL);
  close (feed);
  int status;
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  guint at = 0;
  const Event *exit = find (EVENT_EXIT, child, &at);
  assert_int_equal (exit->exit_code, SIGKILL);
  assert_int_equal (exit->exit_signal, SIGCHLD);
  ExitStatus st = event_exit_status (exit->exit_code);
  assert_true (st.signaled);
  assert_int_equal (st.signal, SIGKILL);
}

/* A prctl(PR_SET_NAME)-style rename arrives as COMM. */
static void
test_comm (void **state)
{
  int feed;
  pid_t child = spawn ("printf forkscope-cm > /proc/self/comm; read line",
                       "sh", NULL, &feed);
  wait_for (EVENT_COMM, child, NULL);
  close (feed);
  assert_int_equal (waitpid (child, NULL, 0), child);
  guint at = 0;
  const Event *comm = find (EVENT_COMM, child, &at);
  assert_string_equal (comm->comm, "forkscope-cm");
}

/* Runs the main loop until no event has come for 200 ms, or for 3 s on a
 * machine too busy ever to be quiet (the socket's queue is read in
 * milliseconds: what is queued is in by then). */
static void
drain_quiet (void)
{
  guint timer = g_timeout_add (20, tick, NULL);
  guint len = G_MAXUINT;
  gint64 start = g_get_monotonic_time (), quiet_since = 0;
  while (!got.done && g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC)
    {
      if (got.events->len != len)
        {
          len = got.events->len;
          quiet_since = g_get_monotonic_time ();
        }
      else if (g_get_monotonic_time () - quiet_since > 200 * 1000)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timer);
}

/* The source's socket: the one netlink connector socket we have. */
static int
connector_fd (void)
{
  for (int fd = 3; fd < 1024; fd++)
    {
      int domain, protocol;
      socklen_t len = sizeof domain;
      if (getsockopt (fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0
          && domain == AF_NETLINK
          && getsockopt (fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) == 0
          && protocol == NETLINK_CONNECTOR)
        return fd;
    }
  return -1;
}

/* The socket's count of datagrams it had to drop. */
static guint64
socket_drops (int fd)
{
  guint32 mem[SK_MEMINFO_VARS];
  socklen_t len = sizeof mem;
  assert_int_equal (getsockopt (fd, SOL_SOCKET, SO_MEMINFO, mem, &len), 0);
  return mem[SK_MEMINFO_DROPS];
}

/* Not reading while more events happen than the buffer holds (shrunk to
 * 64 KiB, so a test takes 4,000 events rather than 40,000): every one of
 * ours is then either received or counted in EVENT_LOST. */
static void
test_loss (void **state)
{
  enum { N = 2000 };
  int fd = connector_fd (), size = 32 << 10;

  if (g_getenv ("FORKSCOPE_VALGRIND"))
    skip ();  /* 2,000 forks of valgrind take minutes */
  assert_true (fd >= 0);
  assert_int_equal (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size), 0);
  drain_quiet ();
  guint start = got.events->len;
  guint64 drops = socket_drops (fd);
  g_autoptr (GHashTable) ours = g_hash_table_new (NULL, NULL);
  for (int i = 0; i < N; i++)
    {
      pid_t pid = fork ();
      assert_true (pid >= 0);
      if (pid == 0)
        _exit (0);
      g_hash_table_add (ours, GINT_TO_POINTER (pid));
      assert_int_equal (waitpid (pid, NULL, 0), pid);
    }
  drain_quiet ();
  drops = socket_drops (fd) - drops;

  guint64 lost = 0, received = 0;
  for (guint i = start; i < got.events->len; i++)
    {
      const Event *ev = got.events->pdata[i];
      if (ev->kind == EVENT_LOST)
        lost += ev->lost;
      else if ((ev->kind == EVENT_FORK || ev->kind == EVENT_EXIT)
               && g_hash_table_contains (ours, GINT_TO_POINTER (ev->pid)))
        received++;
    }
  printf ("# %u forks: %" G_GUINT64_FORMAT " of our events received, "
          "%" G_GUINT64_FORMAT " reported lost, %" G_GUINT64_FORMAT
          " dropped by the socket\n", N, received, lost, drops);
  assert_true (drops > 0);
  assert_true (received + lost >= 2 * N);
  /* Every drop is reported, and none twice (the signals overlap). */
  assert_true (lost >= drops);
  assert_true (lost < drops + drops / 2);
  assert_int_equal (source->dropped, 0);
}

/* Sends the 4-byte request OP on connector socket FD, tagged ACK. */
static void
send_op (int fd, guint32 ack, guint32 op)
{
  union {
    struct nlmsghdr nlh;
    guint8 b[NLMSG_HDRLEN + sizeof (struct cn_msg) + 4];
  } msg = { .nlh = { .nlmsg_len = sizeof msg, .nlmsg_type = NLMSG_DONE } };
  struct cn_msg cn = { .id = { CN_IDX_PROC, CN_VAL_PROC }, .ack = ack,
                       .len = 4 };
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

  memcpy (msg.b + NLMSG_HDRLEN, &cn, sizeof cn);
  memcpy (msg.b + NLMSG_HDRLEN + sizeof cn, &op, sizeof op);
  assert_int_equal (sendto (fd, &msg, sizeof msg, 0,
                            (struct sockaddr *) &kernel, sizeof kernel),
                    sizeof msg);
}

/* Whether the answer to the request tagged ACK arrives within 500 ms (the
 * kernel answers at once; other events may keep coming on a busy machine,
 * so the wait has an end of its own). */
static gboolean
acked (int fd, guint32 ack)
{
  guint8 buf[256];
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline && poll (&pfd, 1, 100) > 0)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);
      const struct cn_msg *cn = (const void *) (buf + NLMSG_HDRLEN);
      if (n >= (ssize_t) (NLMSG_HDRLEN + sizeof *cn) && cn->ack == ack + 1)
        return TRUE;
    }
  return FALSE;
}

/* The kernel fact the subscription order rests on: acks are multicast to
 * the group, so a socket that has not joined it never sees them. */
static void
test_ack_needs_membership (void **state)
{
  int fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
  struct sockaddr_nl me = { .nl_family = AF_NETLINK };
  int group = CN_IDX_PROC;
  guint32 tag = g_random_int ();

  assert_true (fd >= 0);
  assert_int_equal (bind (fd, (struct sockaddr *) &me, sizeof me), 0);
  send_op (fd, tag, PROC_CN_MCAST_LISTEN);
  assert_int_equal (setsockopt (fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                                &group, sizeof group), 0);
  assert_false (acked (fd, tag));
  send_op (fd, tag + 2, PROC_CN_MCAST_LISTEN);
  assert_true (acked (fd, tag + 2));
  /* Twice: kernels before 6.6 counted both LISTENs; 6.6+ ignores the
   * second IGNORE (and filters out its own ack to an ignoring socket). */
  send_op (fd, tag + 4, PROC_CN_MCAST_IGNORE);
  send_op (fd, tag + 6, PROC_CN_MCAST_IGNORE);
  close (fd);
}

int
main (void)
{
  const SourceCallbacks cb = { collect_emit, collect_done, &got, NULL, NULL, NULL };
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fork_exec_exit),
    cmocka_unit_test (test_sigkill),
    cmocka_unit_test (test_comm),
    cmocka_unit_test (test_loss),
    cmocka_unit_test (test_ack_needs_membership),
  };
  g_autoptr (GError) error = NULL;

  if (geteuid () != 0)
    {
      printf ("# skip: not root\n");
      return 77;
    }
  got.events = g_ptr_array_new_with_free_func (event_free);
  source = source_netlink_new (&cb, "/proc", FALSE, &error);
  if (!source)
    {
      printf ("# skip: %s\n", error->message);
      return 77;
    }
  printf ("# %s\n", source->why);
  source_attach (source);
  int failed = cmocka_run_group_tests (tests, NULL, NULL);
  source_free (source);
  g_ptr_array_unref (got.events);
  return failed;
}
