/* test-taskstats.c - the kernel's task statistics, live.
 *
 * As root (exit 77, skipped, when the connector or the statistics are
 * refused): under a storm of forks, threads and leaders that leave first,
 * every end and every thread's exit gets its cost, which shows that the
 * kernel queues a task's statistics before the connector's EXIT of it
 * (the design of taskstats.c rests on that); a parent's subtree totals
 * count a child that has ended; without the privilege, registering is
 * refused and says what it needs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "monitor.h"
#include "source.h"
#include "taskstats.h"

/* What the listener saw of the processes under test. */
typedef struct {
  gint parent;          /* whose children are looked at (their ptgid) */
  guint ends;           /* their process ends */
  guint unknown;        /* of those, with no cost */
  guint split;          /* of those, with a user and system split */
  guint threads;        /* exits of their threads */
  guint thread_costs;   /* of those, with a cost */
  gboolean parent_ended;
} Seen;

static Monitor *monitor;
static Seen seen;

/* Set in the storm's processes.  A child that ends by its threads'
 * return runs LeakSanitizer's check at exit, which can hang in a child
 * forked from threads ("Running thread N was not suspended"): its parent
 * then waits on it for ever (CI, 73 children of 100 checked). */
static volatile int storm_child;

/* LeakSanitizer's hook (sanitizer/lsan_interface.h): no check at exit in
 * the storm's processes; unused without the sanitizer. */
int __lsan_is_turned_off (void);
int
__lsan_is_turned_off (void)
{
  return storm_child;
}

/* MonitorListener: counts the exits of the children of seen.parent. */
static void
on_event (const Event *ev, const Proc *p, gpointer user)
{
  if (ev->kind != EVENT_EXIT || !seen.parent)
    return;
  if (ev->tgid == seen.parent && event_ends_process (ev))
    seen.parent_ended = TRUE;
  if (!p || p->ppid != seen.parent)
    return;
  if (!event_ends_process (ev))
    {
      seen.threads++;
      seen.thread_costs += ev->cost != NULL;
      return;
    }
  seen.ends++;
  seen.unknown += ev->cost == NULL;
  seen.split += cost_get (ev->cost, COST_CPU_USER, NULL);
  assert_true ((ev->cost == NULL) == ((ev->flags & EVENT_F_COST_UNKNOWN) != 0));
}

/* Runs the main loop until SEEN.parent_ended, or for at most SECONDS. */
static void
run_until_parent_ended (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!seen.parent_ended && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  /* the events read with it */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Where the busy loops put their sums, so that they are not optimised
 * away. */
static volatile unsigned long sink;

/* A thread that burns a little CPU. */
static void *
spin (void *arg)
{
  for (unsigned long i = 0; i < 200000; i++)
    sink += i;
  return arg;
}

/* Burns MS ms of CPU time. */
static void
burn (long ms)
{
  struct timespec t0, t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t0);
  do
    {
      for (int i = 0; i < 100000; i++)
        sink += i;
      clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
    }
  while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

static int
setup (void **state)
{
  g_autoptr (GError) error = NULL;
  MonitorOptions o = { .source = MONITOR_SOURCE_AUTO, .proc_root = "/proc",
                       .keep_ns = 60 * G_GINT64_CONSTANT (1000000000), .max_tombs = 100000,
                       .thread_costs = TRUE };

  if (geteuid () != 0)
    {
      print_message ("not root: skipped\n");
      exit (77);
    }
  monitor = monitor_new (&o, &error);
  if (!monitor || monitor_is_polling (monitor) || monitor_cost_notice (monitor))
    {
      print_message ("refused: %s\n", monitor ? monitor_notice (monitor) : error->message);
      exit (77);
    }
  monitor_set_listener (monitor, on_event, NULL, NULL);
  monitor_start (monitor);
  return 0;
}

static int
teardown (void **state)
{
  monitor_free (monitor);
  return 0;
}

/* A storm of 2,000 children, one in ten with three threads, one in twenty
 * of those ending by its leader's pthread_exit: every end and every
 * thread's exit has its cost (none came after its EXIT), but for what
 * the kernel reports lost; every group whose threads all reported splits
 * its CPU time (when a tick sampled it). */
static void
test_storm (void **state)
{
  const int n = 2000;
  pid_t storm = fork ();

  if (storm == 0)
    {
      storm_child = 1;
      for (int i = 0; i < n; i++)
        {
          pid_t c = fork ();
          if (c == 0)
            {
              if (i % 10 == 0)
                {
                  pthread_t t[3];
                  for (int k = 0; k < 3; k++)
                    pthread_create (&t[k], NULL, spin, NULL);
                  if (i % 20 == 0)
                    pthread_exit (NULL);
                  for (int k = 0; k < 3; k++)
                    pthread_join (t[k], NULL);
                }
              _exit (0);
            }
          waitpid (c, NULL, 0);
        }
      _exit (0);
    }
  seen = (Seen) { .parent = storm };
  run_until_parent_ended (60);
  waitpid (storm, NULL, 0);
  const MonitorStats *st = monitor_stats (monitor);
  print_message ("%u ends (%u without cost, %u split), %u thread exits (%u with cost); "
                 "lost: %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " statistics\n",
                 seen.ends, seen.unknown, seen.split, seen.threads, seen.thread_costs,
                 st->lost, st->costs_lost);
  assert_true (seen.parent_ended);
  assert_true (seen.ends + st->lost >= (guint) n);
  assert_true (seen.threads + st->lost >= (guint) (n / 10 * 3));
  assert_true (seen.unknown <= st->lost + st->costs_lost);
  assert_true (seen.threads - seen.thread_costs <= st->lost + st->costs_lost);
}

/* A parent whose child burned 100 ms and ended: its totals count the
 * child, its CPU and one alive at most, since it started. */
static void
test_subtree (void **state)
{
  int gate[2];
  assert_int_equal (pipe (gate), 0);
  pid_t parent = fork ();

  if (parent == 0)
    {
      char c;
      close (gate[1]);
      pid_t child = fork ();
      if (child == 0)
        {
          burn (100);
          _exit (0);
        }
      waitpid (child, NULL, 0);
      (void) read (gate[0], &c, 1);   /* until the test has looked */
      _exit (0);
    }
  close (gate[0]);
  seen = (Seen) { .parent = parent };
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (seen.ends < 1 && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  const Proc *p = proctab_lookup (monitor_proctab (monitor), parent);
  assert_non_null (p);
  ProcTotals t;
  proc_totals (p, &t);
  print_message ("parent %d: spawned %" G_GUINT64_FORMAT ", ended %" G_GUINT64_FORMAT
                 ", cpu %" G_GUINT64_FORMAT " ns, %u alive, at most %u\n", parent, t.spawned,
                 t.ended, t.cpu_ns, t.alive, t.max_alive);
  assert_int_equal (t.spawned, 1);
  assert_int_equal (t.ended, 1);
  assert_int_equal (t.failed, 0);
  assert_int_equal (t.unmeasured, 0);
  assert_true (t.cpu_ns >= 80 * G_GUINT64_CONSTANT (1000000));
  assert_int_equal (t.alive, 0);
  assert_int_equal (t.max_alive, 1);
  assert_true (t.whole_life);
  close (gate[1]);
  run_until_parent_ended (10);
  waitpid (parent, NULL, 0);
}

/* Without CAP_NET_ADMIN (as user nobody), registering is refused and the
 * error says what it needs. */
static void
test_unprivileged (void **state)
{
  pid_t child = fork ();
  int status;

  if (child == 0)
    {
      g_autoptr (GError) error = NULL;
      if (setgid (65534) < 0 || setuid (65534) < 0)
        _exit (77);
      g_autoptr (Taskstats) ts = taskstats_new ("/proc", FALSE, &error);
      _exit (!ts && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PERM)
             && g_str_has_suffix (error->message, "CAP_NET_ADMIN needed") ? 0 : 1);
    }
  assert_int_equal (waitpid (child, &status, 0), child);
  if (WEXITSTATUS (status) == 77)
    skip ();
  assert_int_equal (WEXITSTATUS (status), 0);
}

/* A generic netlink socket connected to the kernel (as the task
 * statistics' is) takes no message from another process: the sender is
 * refused, and nothing arrives. */
static void
test_connected (void **state)
{
  struct mnl_socket *ours = mnl_socket_open (NETLINK_GENERIC);
  struct mnl_socket *other = mnl_socket_open (NETLINK_GENERIC);
  char buf[64] = { 0 };
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (buf);

  assert_non_null (ours);
  assert_non_null (other);
  assert_int_equal (mnl_socket_bind (ours, 0, MNL_SOCKET_AUTOPID), 0);
  assert_int_equal (mnl_socket_bind (other, 0, MNL_SOCKET_AUTOPID), 0);
  struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = mnl_socket_get_portid (ours) };
  nlh->nlmsg_type = 99;
  /* before: a forged message gets in */
  assert_true (sendto (mnl_socket_get_fd (other), nlh, nlh->nlmsg_len, 0,
                       (struct sockaddr *) &to, sizeof to) > 0);
  assert_true (recv (mnl_socket_get_fd (ours), buf, sizeof buf, MSG_DONTWAIT) > 0);
  /* after: refused */
  assert_int_equal (source_connect_kernel (mnl_socket_get_fd (ours)), 0);
  nlh = mnl_nlmsg_put_header (buf);
  nlh->nlmsg_type = 99;
  assert_true (sendto (mnl_socket_get_fd (other), nlh, nlh->nlmsg_len, 0,
                       (struct sockaddr *) &to, sizeof to) < 0);
  assert_int_equal (errno, ECONNREFUSED);
  assert_true (recv (mnl_socket_get_fd (ours), buf, sizeof buf, MSG_DONTWAIT) < 0);
  mnl_socket_close (ours);
  mnl_socket_close (other);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_storm),
    cmocka_unit_test (test_subtree),
    cmocka_unit_test (test_unprivileged),
    cmocka_unit_test (test_connected),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
