/* test-monitor.c - a replay that a viewer shows: every record read goes
 * into the history, numbered as the recording numbers it, with the table
 * after any of them the fold of those before; reading on to an event
 * number or a time, from a file or a pipe, is quiet (the listener hears
 * nothing).  What /proc says about live processes, through the monitor. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "json.h"
#include "jsonread.h"
#include "monitor.h"
#include "ptgen.h"

#define RECORDS 2500

/* The recording and what folding its events showed. */
typedef struct {
  char *path;
  gint64 *wall;       /* each record's wall-clock time, [1..RECORDS] */
  GPtrArray *dumps;   /* the fold's canonical dump after record K, [K - 1] */
} Fixture;

/* A monitor replaying PATH as the viewer does (with a history: a small
 * memory budget, so that chunks are spilled to a file and read back). */
static Monitor *
open_replay (const char *path)
{
  MonitorOptions o = { .source = MONITOR_SOURCE_REPLAY, .replay_path = path, .history = TRUE,
                       .history_memory = 256 * 1024, .history_file = 64 << 20,
                       .keep_ns = PTGEN_KEEP, .max_tombs = 40 };
  g_autoptr (GError) error = NULL;
  Monitor *m = monitor_new (&o, &error);

  assert_non_null (m);
  assert_null (error);
  return m;
}

/* Writes the recording and the fold's table after each record. */
static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (Proctab) pt = proctab_new (PTGEN_KEEP, 40);
  g_autoptr (Proctab) fold = proctab_new (PTGEN_KEEP, 40);
  PtGen g;
  int fd = g_file_open_tmp ("forkscope-replay-XXXXXX.jsonl", &f->path, NULL);

  assert_true (fd >= 0);
  f->wall = g_new0 (gint64, RECORDS + 1);
  f->dumps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *big = g_strnfill (1200, 'a');

  ptgen_init (&g, 7);
  for (guint k = 1; k <= RECORDS; k++)
    {
      Event ev;
      ptgen_next (&g, &ev);
      ev.wall_ns = 1700000000 * G_GINT64_CONSTANT (1000000000) + ev.mono_ns;
      if (ev.kind == EVENT_EXEC)
        {
          /* Long, different command lines: more than the memory budget. */
          g_strfreev (ev.argv);
          ev.argv = g_new0 (char *, 3);
          ev.argv[0] = g_strdup ("cc");
          ev.argv[1] = g_strdup_printf ("%u%s", k, big);
        }
      f->wall[k] = ev.wall_ns;
      gsize at = out->len;
      json_event (out, &ev, proctab_apply (pt, &ev), NULL);
      /* The fold of what the record says: where its process runs too,
       * which a record of one in a container always says. */
      Event back;
      assert_true (jsonread_event (out->str + at, out->len - at - 1, &back, NULL));
      proctab_fold (fold, &back);
      event_clear (&back);
      g_ptr_array_add (f->dumps, ptgen_dump (fold));
      event_clear (&ev);
    }
  ptgen_clear (&g);
  assert_int_equal (write (fd, out->str, out->len), (ssize_t) out->len);
  close (fd);
  *state = f;
  return 0;
}

/* Removes the recording. */
static int
teardown (void **state)
{
  Fixture *f = *state;

  g_unlink (f->path);
  g_free (f->path);
  g_free (f->wall);
  g_ptr_array_unref (f->dumps);
  g_free (f);
  return 0;
}

/* MonitorListener: counts the events heard (user: a guint). */
static void
count_heard (const Event *ev, const Proc *p, gpointer user)
{
  (*(guint *) user)++;
}

/* Read through (quietly), the history holds every record by its number,
 * spilled and read back, and the table after any of them is the fold of
 * those up to it. */
static void
test_history (void **state)
{
  Fixture *f = *state;
  g_autoptr (Monitor) m = open_replay (f->path);
  g_autoptr (GError) error = NULL;
  guint heard = 0;
  HistoryIter it;

  monitor_set_listener (m, count_heard, NULL, &heard);
  assert_int_equal (monitor_replay_read_to (m, 0, G_MAXINT64, &error), 0);
  assert_null (error);
  assert_int_equal (heard, 0);
  assert_int_equal (monitor_replay_position (m), RECORDS);
  History *h = monitor_history (m);
  assert_int_equal (history_oldest (h), 1);
  assert_int_equal (history_newest (h), RECORDS);
  HistoryMemory mem;
  history_memory (h, &mem);
  assert_true (mem.file_chunks > 0);  /* some were read back from the file */
  history_iter_init (&it, h, 0);
  for (guint64 k = 1; k <= RECORDS; k++)
    assert_true (history_iter_seek (&it, k)->ev.wall_ns == f->wall[k]);
  history_iter_clear (&it);
  for (guint64 k = 1; k <= RECORDS; k += k < 64 ? 1 : 37)
    {
      g_autoptr (Proctab) at = history_table_at (h, k, &error);
      assert_non_null (at);
      g_autofree char *got = ptgen_dump (at);
      if (strcmp (got, f->dumps->pdata[k - 1]) != 0)
        fail_msg ("the history's table after record %" G_GUINT64_FORMAT " differs", k);
    }
}

/* Reading on stops before the first event past a number or a time. */
static void
test_read_to (void **state)
{
  Fixture *f = *state;
  g_autoptr (Monitor) m = open_replay (f->path);
  g_autoptr (GError) error = NULL;

  assert_int_equal (monitor_replay_read_to (m, 700, G_MAXINT64, &error), 1);
  assert_int_equal (monitor_replay_position (m), 700);
  assert_int_equal (history_newest (monitor_history (m)), 700);
  guint64 k = 1200;
  while (f->wall[k + 1] == f->wall[k])
    k++;
  assert_int_equal (monitor_replay_read_to (m, 0, f->wall[k], &error), 1);
  assert_int_equal (monitor_replay_position (m), k);
  assert_int_equal (monitor_replay_read_to (m, RECORDS + 5, G_MAXINT64, &error), 0);
  assert_int_equal (monitor_replay_position (m), RECORDS);
}

/* A recording read from a pipe reads on to a time or an event number (the
 * event after stays unread) as a file does. */
static void
test_read_pipe (void **state)
{
  int fds[2], saved = dup (0);
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  for (int i = 1; i <= 4; i++)
    g_string_append_printf (lines, "{\"event\":\"fork\",\"mono_ns\":%d,\"wall_ns\":%d,"
                            "\"pid\":%d,\"tgid\":%d,\"ppid\":1,\"ptgid\":1}\n",
                            i, i * 10, i + 1, i + 1);
  assert_int_equal (pipe (fds), 0);
  assert_int_equal (write (fds[1], lines->str, lines->len), (ssize_t) lines->len);
  close (fds[1]);
  assert_int_equal (dup2 (fds[0], 0), 0);
  close (fds[0]);
  g_autoptr (Monitor) m = open_replay ("-");
  assert_int_equal (monitor_replay_read_to (m, 0, 25, &error), 1);
  assert_int_equal (monitor_replay_position (m), 2);
  assert_int_equal (monitor_replay_read_to (m, 3, G_MAXINT64, &error), 1);
  assert_int_equal (monitor_replay_position (m), 3);
  assert_int_equal (proctab_count_live (monitor_proctab (m)), 3);
  assert_int_equal (monitor_replay_read_to (m, 0, G_MAXINT64, &error), 0);
  assert_int_equal (monitor_replay_position (m), 4);
  assert_int_equal (history_newest (monitor_history (m)), 4);
  dup2 (saved, 0);
  close (saved);
}

/* A monitor polling the fake /proc at ROOT every 10 ms, started and past
 * its first scan (the poller's snapshot), which holds pid 100. */
static Monitor *
start_poll (const char *root)
{
  MonitorOptions o = { .source = MONITOR_SOURCE_POLL, .poll_ms = 10, .proc_root = root,
                       .keep_ns = PTGEN_KEEP, .max_tombs = 40 };
  g_autoptr (GError) error = NULL;
  Monitor *m = monitor_new (&o, &error);

  assert_non_null (m);
  monitor_start (m);
  for (guint i = 0; i < 500 && !proctab_lookup (monitor_proctab (m), 100); i++)
    g_main_context_iteration (NULL, TRUE);
  assert_non_null (proctab_lookup (monitor_proctab (m), 100));
  return m;
}

/* What /proc says about a live process, through the monitor (a fake
 * /proc, polled): state and memory at once, the CPU used from the second
 * reading on, the cgroup into the model when asked for; every process's
 * while cgroups are wanted (a filter names them). */
static void
test_samples (void **state)
{
  g_autoptr (Monitor) m = start_poll (TEST_DATA "/proc-scan");
  ProcSample s;

  Proc *server = proctab_lookup (monitor_proctab (m), 100);
  Proc *init = proctab_lookup (monitor_proctab (m), 1);
  assert_non_null (server);
  assert_null (server->cgroup);
  assert_true (monitor_sample (m, server->serial, FALSE, &s));
  assert_int_equal (s.state, 'S');
  assert_int_equal (s.rss_bytes, 100 * sysconf (_SC_PAGESIZE));
  assert_int_equal (s.cpu_permille, -1);  /* one reading: no CPU figure yet */
  assert_null (server->cgroup);
  g_usleep (2000);
  assert_true (monitor_sample (m, server->serial, TRUE, &s));
  assert_int_equal (s.cpu_permille, 0);   /* its stat says no CPU was used */
  assert_string_equal (server->cgroup, "/user.slice/server.scope");
  assert_null (init->cgroup);
  monitor_want_cgroups (m, TRUE);
  assert_string_equal (init->cgroup, "/init.scope");
  /* Not a process the model has: nothing. */
  assert_false (monitor_sample (m, 999999, TRUE, &s));
  assert_int_equal (s.state, 0);
  assert_int_equal (s.rss_bytes, -1);
  monitor_tick (m);
}

/* A process moved to another cgroup after it was first read (as a service
 * manager moves its child): a sample of its row reads the new one, and
 * while cgroups are wanted, so does the next tick for a young process. */
static void
test_samples_moved (void **state)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("forkscope-moved-XXXXXX", &error);
  g_autofree char *root = g_build_filename (dir, "proc", NULL);
  g_autofree char *cmd = g_strdup_printf ("cp -a %s %s", TEST_DATA "/proc-scan", root);
  gint status;

  assert_non_null (dir);
  assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
  assert_int_equal (status, 0);
  g_autoptr (Monitor) m = start_poll (root);
  ProcSample s;

  Proc *server = proctab_lookup (monitor_proctab (m), 100);
  Proc *init = proctab_lookup (monitor_proctab (m), 1);
  assert_non_null (server);
  assert_true (monitor_sample (m, server->serial, TRUE, &s));
  assert_string_equal (server->cgroup, "/user.slice/server.scope");
  monitor_want_cgroups (m, TRUE);
  assert_string_equal (init->cgroup, "/init.scope");

  g_autofree char *f100 = g_build_filename (root, "100", "cgroup", NULL);
  g_autofree char *f1 = g_build_filename (root, "1", "cgroup", NULL);
  assert_true (g_file_set_contents (f100, "0::/system.slice/moved.service\n", -1, NULL));
  assert_true (g_file_set_contents (f1, "0::/system.slice/other.service\n", -1, NULL));
  assert_true (monitor_sample (m, server->serial, TRUE, &s));
  assert_string_equal (server->cgroup, "/system.slice/moved.service");
  assert_string_equal (init->cgroup, "/init.scope");
  /* The tick reads again the processes started in the last 10 s (init,
   * as if it had just started)... */
  gint64 started = init->start_ns;
  init->start_ns = monitor_now_mono_ns (m) - 1000000000;
  monitor_tick (m);
  assert_string_equal (init->cgroup, "/system.slice/other.service");
  /* ...once a second... */
  assert_true (g_file_set_contents (f1, "0::/elsewhere\n", -1, NULL));
  monitor_tick (m);
  assert_string_equal (init->cgroup, "/system.slice/other.service");
  /* ...and not those that started earlier. */
  init->start_ns = started;
  g_usleep (1050000);
  monitor_tick (m);
  assert_string_equal (init->cgroup, "/system.slice/other.service");

  g_autofree char *rm = g_strdup_printf ("rm -rf %s", dir);
  assert_true (g_spawn_command_line_sync (rm, NULL, NULL, &status, NULL));
}

/* A replay's processes are another machine's: /proc is not asked. */
static void
test_samples_replay (void **state)
{
  Fixture *f = *state;
  g_autoptr (Monitor) m = open_replay (f->path);
  GError *error = NULL;
  ProcSample s;

  assert_int_equal (monitor_replay_read_to (m, 10, G_MAXINT64, &error), 1);
  g_autoptr (GPtrArray) roots = proctab_roots (monitor_proctab (m));
  assert_true (roots->len > 0);
  Proc *p = roots->pdata[0];
  assert_false (monitor_sample (m, p->serial, TRUE, &s));
  assert_null (p->cgroup);
  assert_int_equal (s.cpu_permille, -1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_history),
    cmocka_unit_test (test_read_to),
    cmocka_unit_test (test_read_pipe),
    cmocka_unit_test (test_samples),
    cmocka_unit_test (test_samples_moved),
    cmocka_unit_test (test_samples_replay),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
