/* test-monitor.c - a replay moved about in the viewer: seeking to an event
 * number or a time anywhere in a long recording (through the checkpoints,
 * thinned as they multiply) gives the very table that reading it straight
 * gave there; a recording that cannot be read again says so.  What /proc
 * says about live processes, through the monitor. */
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
#include "monitor.h"
#include "replaynav.h"
#include "ptgen.h"

/* Checkpoints 64 apart at first (4096 by default): 2,500 records need
 * more than 16 of them, which get thinned twice. */
#define EVERY 64
#define RECORDS 2500
/* The history (the viewer's is 10,000). */
#define HISTORY 100

/* The recording and what reading it straight showed. */
typedef struct {
  char *path;
  gint64 *wall;       /* each record's wall-clock time, [1..RECORDS] */
  GHashTable *dumps;  /* record -> the table's canonical dump after it */
} Fixture;

/* Records whose tables are kept: the edges of the checkpoints (64 apart
 * at first, then 128 from 1024, 256 from 2048), the ends, and some in
 * between. */
static const guint64 targets[] = { 1, 2, 63, 64, 65, 128, 700, 1023, 1024, 1025,
                                   1500, 2047, 2048, 2049, 2499, RECORDS };

/* A monitor replaying PATH as the viewer does (with a history). */
static Monitor *
open_replay (const char *path)
{
  MonitorOptions o = { .source = MONITOR_SOURCE_REPLAY, .replay_path = path,
                       .history_size = HISTORY, .keep_ns = PTGEN_KEEP, .max_tombs = 40,
                       .checkpoint_every = EVERY };
  g_autoptr (GError) error = NULL;
  Monitor *m = monitor_new (&o, &error);

  assert_non_null (m);
  assert_null (error);
  return m;
}

/* Writes the recording, reads it straight and keeps the target tables. */
static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (Proctab) pt = proctab_new (PTGEN_KEEP, 40);
  PtGen g;
  int fd = g_file_open_tmp ("forkscope-seek-XXXXXX.jsonl", &f->path, NULL);

  assert_true (fd >= 0);
  ptgen_init (&g, 7);
  for (guint k = 1; k <= RECORDS; k++)
    {
      Event ev;
      ptgen_next (&g, &ev);
      ev.wall_ns = 1700000000 * G_GINT64_CONSTANT (1000000000) + ev.mono_ns;
      json_event (out, &ev, proctab_apply (pt, &ev), NULL);
      event_clear (&ev);
    }
  ptgen_clear (&g);
  assert_int_equal (write (fd, out->str, out->len), (ssize_t) out->len);
  close (fd);

  g_autoptr (Monitor) m = open_replay (f->path);
  f->wall = g_new0 (gint64, RECORDS + 1);
  f->dumps = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint64 k = 1; k <= RECORDS; k++)
    {
      g_autoptr (GError) error = NULL;
      assert_int_equal (replaynav_step (monitor_replay_nav (m), &error), 1);
      assert_int_equal (monitor_replay_position (m), k);
      f->wall[k] = monitor_now_wall_ns (m);
      for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
        if (targets[i] == k)
          g_hash_table_insert (f->dumps, GSIZE_TO_POINTER (k),
                               ptgen_dump (monitor_proctab (m)));
    }
  g_autoptr (GError) error = NULL;
  assert_int_equal (replaynav_step (monitor_replay_nav (m), &error), 0);
  assert_int_equal (replaynav_records_seen (monitor_replay_nav (m)), RECORDS);
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
  g_hash_table_unref (f->dumps);
  g_free (f);
  return 0;
}

/* Fails unless M's table is the one reading straight showed after RECORD. */
static void
assert_table_at (Fixture *f, Monitor *m, guint64 record)
{
  g_autofree char *got = ptgen_dump (monitor_proctab (m));
  const char *want = g_hash_table_lookup (f->dumps, GSIZE_TO_POINTER (record));

  assert_non_null (want);
  assert_int_equal (monitor_replay_position (m), record);
  if (strcmp (got, want) != 0)
    fail_msg ("after a seek to %" G_GUINT64_FORMAT ", the table differs", record);
}

/* Seeks by event number, forward and back, after the whole recording was
 * read (every checkpoint taken, thinned) and in a fresh replay (none yet). */
static void
test_seek_record (void **state)
{
  Fixture *f = *state;
  g_autoptr (Monitor) m = open_replay (f->path);
  g_autoptr (Monitor) fresh = open_replay (f->path);
  g_autoptr (GError) error = NULL;

  assert_true (replaynav_seekable (monitor_replay_nav (m)));
  while (replaynav_step (monitor_replay_nav (m), &error) > 0)
    ;
  assert_null (error);
  for (gint i = G_N_ELEMENTS (targets) - 1; i >= 0; i--)
    {
      assert_int_equal (replaynav_seek (monitor_replay_nav (m), targets[i], &error), 1);
      assert_table_at (f, m, targets[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (targets); i += 3)
    {
      assert_int_equal (replaynav_seek (monitor_replay_nav (m), targets[i], &error), 1);
      assert_table_at (f, m, targets[i]);
      /* The history ends at the seek, its newest event that record, and
       * holds as many before it as it can (the log is not empty). */
      const History *h = monitor_history (m);
      assert_int_equal (history_len (h), MIN (HISTORY, targets[i]));
      assert_int_equal (history_get (h, history_len (h) - 1)->seq, targets[i]);
    }
  assert_int_equal (replaynav_seek (monitor_replay_nav (fresh), 1500, &error), 1);
  assert_table_at (f, fresh, 1500);
  /* Past the end: the end, said as such. */
  assert_int_equal (replaynav_seek (monitor_replay_nav (m), RECORDS + 5, &error), 0);
  assert_int_equal (monitor_replay_position (m), RECORDS);
}

/* Seeks by wall-clock time: right after the last event at or before it. */
static void
test_seek_time (void **state)
{
  Fixture *f = *state;
  g_autoptr (Monitor) m = open_replay (f->path);
  g_autoptr (GError) error = NULL;

  while (replaynav_step (monitor_replay_nav (m), &error) > 0)
    ;
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      guint64 k = targets[i];
      /* Only a record whose successor is later is the last at its time. */
      if (k < RECORDS && f->wall[k + 1] == f->wall[k])
        continue;
      /* At the last event, reading on for a later one finds the end. */
      assert_int_equal (replaynav_seek_time (monitor_replay_nav (m), f->wall[k], &error), k < RECORDS);
      assert_table_at (f, m, k);
      if (k < RECORDS && f->wall[k + 1] > f->wall[k] + 1)
        {
          /* Between two events: the earlier. */
          assert_int_equal (replaynav_seek_time (monitor_replay_nav (m), f->wall[k] + 1, &error), 1);
          assert_table_at (f, m, k);
        }
    }
  /* Before the recording: right after its first event. */
  assert_int_equal (replaynav_seek_time (monitor_replay_nav (m), 0, &error), 1);
  assert_table_at (f, m, 1);
  /* After it: its end. */
  assert_int_equal (replaynav_seek_time (monitor_replay_nav (m), G_MAXINT64, &error), 0);
  assert_int_equal (monitor_replay_position (m), RECORDS);
}

/* A recording read from a pipe: read on to a time or an event number
 * (the event after stays unread), and it cannot be read again: a seek
 * says so. */
static void
test_seek_pipe (void **state)
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
  assert_false (replaynav_seekable (monitor_replay_nav (m)));
  assert_int_equal (replaynav_read_to (monitor_replay_nav (m), 0, 25, &error), 1);
  assert_int_equal (monitor_replay_position (m), 2);
  assert_int_equal (replaynav_read_to (monitor_replay_nav (m), 3, G_MAXINT64, &error), 1);
  assert_int_equal (monitor_replay_position (m), 3);
  assert_int_equal (proctab_count_live (monitor_proctab (m)), 3);
  assert_int_equal (replaynav_read_to (monitor_replay_nav (m), 0, G_MAXINT64, &error), 0);
  assert_int_equal (monitor_replay_position (m), 4);
  assert_int_equal (replaynav_seek (monitor_replay_nav (m), 1, &error), -1);
  assert_non_null (error);
  assert_non_null (strstr (error->message, "cannot be read again"));
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

  assert_int_equal (replaynav_read_to (monitor_replay_nav (m), 10, G_MAXINT64, &error), 1);
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
    cmocka_unit_test (test_seek_record),
    cmocka_unit_test (test_seek_time),
    cmocka_unit_test (test_seek_pipe),
    cmocka_unit_test (test_samples),
    cmocka_unit_test (test_samples_moved),
    cmocka_unit_test (test_samples_replay),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
