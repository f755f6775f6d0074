/* test-poll.c - the polling source on a fake /proc tree it watches change,
 * and on the real /proc with a child we start and kill. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "proctab.h"
#include "resync.h"
#include "procfs.h"
#include "source.h"
#include "tstr.h"

/* Collects what a source emits (deep copies), and folds it into a model as
 * a consumer would. */
typedef struct {
  GPtrArray *events;
  Proctab *mirror;
} Sink;

/* SourceCallbacks.emit */
static void
sink_emit (const Event *ev, gpointer user)
{
  Sink *sink = user;
  Event *copy = event_dup (ev);
  g_ptr_array_add (sink->events, copy);
  proctab_apply (sink->mirror, copy);
}

/* The consumer's model, built only from what was emitted, agrees with a
 * fresh scan of ROOT. */
static void
assert_mirror_in_line (Sink *sink, const char *root)
{
  g_autoptr (GPtrArray) scan = procfs_scan (root, 1, 2);
  g_autoptr (GArray) why = NULL;
  g_autoptr (GPtrArray) d = resync_diff_explain (sink->mirror, scan, 1, 2, &why);
  for (guint i = 0; i < d->len; i++)
    {
      const Event *ev = d->pdata[i];
      print_error ("out of line: %s %d/%d why %#x\n", event_kind_name (ev->kind),
                   ev->pid, ev->tgid, g_array_index (why, guint, i));
    }
  assert_int_equal (d->len, 0);
}

/* SourceCallbacks.done: a poller never ends by itself. */
static void
sink_done (const GError *error, gpointer user)
{
  fail_msg ("poll source ended");
}

/* Runs the default main context until SINK holds more than N events or
 * TIMEOUT_MS pass; returns whether it does. */
static gboolean
run_until_more (Sink *sink, guint n, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  while (sink->events->len <= n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return sink->events->len > n;
}

/* Runs the default main context for MS milliseconds. */
static void
run_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Clock ticks since boot now, as /proc's start times count them. */
static guint64
now_ticks (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * sysconf (_SC_CLK_TCK)
         + ts.tv_nsec / (1000000000 / sysconf (_SC_CLK_TCK));
}

/* Writes ROOT/REL (making directories) with LEN bytes of DATA. */
static void
put (const char *root, const char *rel, const char *data, gssize len)
{
  g_autofree char *path = g_build_filename (root, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  assert_int_equal (g_mkdir_with_parents (dir, 0755), 0);
  assert_true (g_file_set_contents (path, data, len, NULL));
}

/* Writes the stat of task TID of process PID (TID == PID: the process). */
static void
put_stat (const char *root, gint pid, gint tid, char state, gint ppid,
          guint64 start, const char *comm, gint exit_code)
{
  g_autofree char *rel = tid == pid ? g_strdup_printf ("%d/stat", pid)
                                    : g_strdup_printf ("%d/task/%d/stat", pid, tid);
  g_autofree char *text = g_strdup_printf (
    "%d (%s) %c %d %d %d 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 %" G_GUINT64_FORMAT
    " 4096 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 %d\n",
    tid, comm, state, ppid, pid, pid, start, exit_code);
  put (root, rel, text, -1);
}

/* Writes a live process: stat, cmdline (LEN bytes) and status with UID. */
static void
put_proc (const char *root, gint pid, gint ppid, guint64 start, const char *comm,
          const char *cmdline, gssize len, guint uid)
{
  g_autofree char *rel = g_strdup_printf ("%d/cmdline", pid);
  g_autofree char *rel2 = g_strdup_printf ("%d/status", pid);
  g_autofree char *status = g_strdup_printf ("Name:\t%s\nUid:\t%u\t%u\t%u\t%u\n"
                                             "Gid:\t5\t5\t5\t5\n", comm, uid, uid,
                                             uid, uid);
  put_stat (root, pid, pid, 'S', ppid, start, comm, 0);
  put (root, rel, cmdline, len);
  put (root, rel2, status, -1);
}

/* Removes ROOT/REL recursively. */
static void
drop (const char *root, const char *rel)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s/%s'", root, rel);
  assert_int_equal (system (cmd), 0);
}

/* Checks event I of SINK: kind, pid and tgid; returns it. */
static const Event *
check (Sink *sink, guint i, EventKind kind, gint pid, gint tgid)
{
  assert_true (i < sink->events->len);
  const Event *ev = sink->events->pdata[i];
  if (ev->kind != kind || ev->pid != pid || ev->tgid != tgid)
    fail_msg ("event %u: %s %d/%d, expected %s %d/%d", i, event_kind_name (ev->kind),
              ev->pid, ev->tgid, event_kind_name (kind), pid, tgid);
  return ev;
}

/* A fake tree changes between scans: every kind of difference comes out as
 * the event the kernel would have sent, once. */
static void
test_fake_tree (void **state)
{
  g_autofree char *root = g_dir_make_tmp ("poll-XXXXXX", NULL);
  Sink sink = { g_ptr_array_new_with_free_func (event_free), proctab_new (0, 1) };
  SourceCallbacks cb = { sink_emit, sink_done, &sink, NULL, NULL, NULL };
  const Event *ev;

  put_proc (root, 1, 0, 1, "init", "/sbin/init", -1, 0);
  put_proc (root, 100, 1, 50, "server", "server", sizeof "server", 1000);
  put_stat (root, 100, 101, 'S', 1, 51, "server-io", 0);
  put_stat (root, 100, 102, 'S', 1, 52, "server-gc", 0);
  put_proc (root, 150, 1, 60, "victim", "victim", -1, 1000);
  put_stat (root, 150, 151, 'S', 1, 62, "victim-thread", 0);
  put_proc (root, 160, 1, 61, "gone", "gone", -1, 1000);
  put_proc (root, 170, 150, 70, "child", "child", -1, 1000);

  Source *src = source_poll_new (&cb, root, 10);
  assert_string_equal (src->klass->name, "poll");
  assert_true (src->klass->live);
  g_autofree char *why = g_strdup_printf ("polling %s every 10 ms", root);
  assert_string_equal (src->why, why);
  source_attach (src);

  /* First scan: snapshots, processes by start time, then threads. */
  assert_true (run_until_more (&sink, 0, 2000));
  assert_int_equal (sink.events->len, 8);
  check (&sink, 0, EVENT_SNAPSHOT, 1, 1);
  check (&sink, 1, EVENT_SNAPSHOT, 100, 100);
  check (&sink, 2, EVENT_SNAPSHOT, 150, 150);
  check (&sink, 3, EVENT_SNAPSHOT, 160, 160);
  check (&sink, 4, EVENT_SNAPSHOT, 170, 170);
  check (&sink, 5, EVENT_SNAPSHOT, 101, 100);
  check (&sink, 6, EVENT_SNAPSHOT, 102, 100);
  check (&sink, 7, EVENT_SNAPSHOT, 151, 150);
  assert_mirror_in_line (&sink, root);

  /* Nothing changes, nothing is said. */
  run_for (60);
  assert_int_equal (sink.events->len, 8);
  g_ptr_array_set_size (sink.events, 0);

  guint64 fresh = now_ticks () + 1;
  put_proc (root, 100, 1, 50, "server", "server\0--reload", sizeof "server\0--reload", 0);
  drop (root, "100/task/101");
  put_stat (root, 100, 102, 'S', 1, 52, "renamed-gc", 0);
  put_stat (root, 150, 150, 'Z', 1, 60, "victim", 9);  /* SIGKILL, unreaped */
  drop (root, "150/task/151");
  drop (root, "160");
  put_proc (root, 170, 1, 70, "child", "child", -1, 1000);
  put_proc (root, 200, 100, fresh, "fresh", "fresh\0-x", -1 + sizeof "fresh\0-x", 1000);
  put_stat (root, 200, 201, 'S', 100, fresh, "fresh-worker", 0);
  put_proc (root, 300, 1, 80, "missed", "missed", -1, 1000);

  assert_true (run_until_more (&sink, 0, 2000));
  assert_int_equal (sink.events->len, 12);
  ev = check (&sink, 0, EVENT_EXIT, 101, 100);
  assert_int_equal (ev->exit_signal, -1);
  assert_true (ev->flags & EVENT_F_STATUS_UNKNOWN);
  /* The zombie's threads end before it, as the kernel reports them. */
  ev = check (&sink, 1, EVENT_EXIT, 151, 150);
  assert_int_equal (ev->exit_signal, -1);
  ev = check (&sink, 2, EVENT_EXIT, 150, 150);
  assert_false (ev->flags & EVENT_F_STATUS_UNKNOWN);
  assert_int_equal (ev->exit_code, 9);
  ev = check (&sink, 3, EVENT_EXIT, 160, 160);
  assert_true (ev->flags & EVENT_F_STATUS_UNKNOWN);
  assert_int_equal (ev->ptgid, 1);
  ev = check (&sink, 4, EVENT_UID, 100, 100);
  assert_int_equal (ev->ruid, 0);
  assert_int_equal (ev->euid, 0);
  ev = check (&sink, 5, EVENT_EXEC, 100, 100);
  assert_string_equal (ev->comm, "server");
  assert_int_equal (g_strv_length (ev->argv), 2);
  assert_string_equal (ev->argv[1], "--reload");
  /* A thread that outlived the "exec" (an argv rewrite) is re-reported. */
  check (&sink, 6, EVENT_SNAPSHOT, 102, 100);
  ev = check (&sink, 7, EVENT_SNAPSHOT, 170, 170);
  assert_int_equal (ev->ptgid, 1);
  check (&sink, 8, EVENT_SNAPSHOT, 300, 300);
  ev = check (&sink, 9, EVENT_FORK, 200, 200);
  assert_int_equal (ev->ptgid, 100);
  assert_string_equal (ev->comm, "fresh");
  assert_string_equal (ev->argv[1], "-x");
  assert_int_equal (ev->mono_ns, procfs_ticks_to_ns (fresh));
  assert_int_equal (ev->start_ns, procfs_ticks_to_ns (fresh));
  assert_true (ev->flags & EVENT_F_CREDS);
  ev = check (&sink, 10, EVENT_COMM, 102, 100);
  assert_string_equal (ev->comm, "renamed-gc");
  ev = check (&sink, 11, EVENT_FORK, 201, 200);
  assert_int_equal (ev->ptgid, 100);
  assert_string_equal (ev->comm, "fresh-worker");
  assert_mirror_in_line (&sink, root);

  /* The zombie stays in the tree, the forked ones match their scans: quiet. */
  g_ptr_array_set_size (sink.events, 0);
  run_for (60);
  assert_int_equal (sink.events->len, 0);

  source_free (src);
  g_ptr_array_unref (sink.events);
  proctab_free (sink.mirror);
  drop (root, "");
}

/* Finds the first event of KIND about PID in SINK from index FROM. */
static const Event *
find (Sink *sink, guint from, EventKind kind, gint pid)
{
  for (guint i = from; i < sink->events->len; i++)
    {
      const Event *ev = sink->events->pdata[i];
      if (ev->kind == kind && ev->pid == pid)
        return ev;
    }
  return NULL;
}

/* The real /proc: a child we start shows up with its command line, and
 * its death (unreaped, so still a zombie) with its signal. */
static void
test_real_proc (void **state)
{
  Sink sink = { g_ptr_array_new_with_free_func (event_free), proctab_new (0, 1) };
  SourceCallbacks cb = { sink_emit, sink_done, &sink, NULL, NULL, NULL };
  char *argv[] = { T_STR ("sleep"), T_STR ("30"), NULL };
  GPid child;
  const Event *ev = NULL;

  Source *src = source_poll_new (&cb, "/proc", 20);
  source_attach (src);
  assert_true (run_until_more (&sink, 0, 5000));
  assert_non_null (find (&sink, 0, EVENT_SNAPSHOT, getpid ()));
  assert_null (find (&sink, 0, EVENT_FORK, getpid ()));

  assert_true (g_spawn_async (NULL, argv, NULL,
                              G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                              | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, &child, NULL));
  /* A FORK carrying "sleep", or a FORK caught before the exec, then EXEC. */
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      ev = find (&sink, 0, EVENT_EXEC, child);
      if (!ev)
        ev = find (&sink, 0, EVENT_FORK, child);
      if (ev && ev->argv && g_strcmp0 (ev->argv[0], "sleep") == 0)
        break;
      ev = NULL;
      g_main_context_iteration (NULL, TRUE);
    }
  assert_non_null (ev);
  assert_non_null (find (&sink, 0, EVENT_FORK, child));
  assert_int_equal (find (&sink, 0, EVENT_FORK, child)->ptgid, getpid ());

  guint mark = sink.events->len;
  assert_int_equal (kill (child, SIGKILL), 0);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!(ev = find (&sink, mark, EVENT_EXIT, child))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  assert_non_null (ev);
  assert_false (ev->flags & EVENT_F_STATUS_UNKNOWN);
  assert_int_equal (ev->exit_code, SIGKILL);

  int status;
  assert_int_equal (waitpid (child, &status, 0), child);
  source_free (src);
  g_ptr_array_unref (sink.events);
  proctab_free (sink.mirror);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fake_tree),
    cmocka_unit_test (test_real_proc),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
