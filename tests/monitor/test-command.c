/* test-command.c - a command run and watched (forkscope -- CMD), through
 * the monitor on a poller of the real /proc (no privilege needed): its
 * exit status, a daemon it leaves waited for, a signal passed on, one
 * that cannot be run; and what command_new refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "command.h"
#include "monitor.h"
#include "tstr.h"

/* What a watched run saw. */
typedef struct {
  Monitor *m;
  GMainLoop *loop;
  gboolean done;
  gint64 done_us;          /* when the done listener was told */
  gboolean self_seen;      /* forkscope's own process came in a snapshot */
  gboolean cmd_ended;      /* the command's end came as an event */
  guint32 cmd_status;      /* its raw status */
  gboolean cmd_unknown;
  const char *seen;        /* a file made once an event about the command
                              came, which the command waits for, or NULL */
} Run;

/* MonitorListener: notes forkscope's own snapshot and the command's end. */
static void
on_event (const Event *ev, const Proc *p, gpointer user)
{
  Run *r = user;
  gint cmd = monitor_command_pid (r->m);

  if (ev->kind == EVENT_SNAPSHOT && ev->pid == getpid ())
    r->self_seen = TRUE;
  if (ev->tgid == cmd && r->seen)
    assert_true (g_file_set_contents (r->seen, "", 0, NULL));
  if (ev->kind == EVENT_EXIT && ev->tgid == cmd && event_ends_process (ev))
    {
      r->cmd_ended = TRUE;
      r->cmd_status = ev->exit_code;
      r->cmd_unknown = (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0;
    }
}

/* MonitorDone: the run is over. */
static void
on_done (const GError *error, gpointer user)
{
  Run *r = user;

  assert_null (error);
  r->done = TRUE;
  r->done_us = g_get_monotonic_time ();
  g_main_loop_quit (r->loop);
}

/* Ends a run that took too long. */
static gboolean
on_timeout (gpointer user)
{
  fail_msg ("the watched run did not end");
  return G_SOURCE_REMOVE;
}

/* A monitor polling /proc every 10 ms, watching ARGV (held). */
static Monitor *
watch (char **argv, Run *r)
{
  MonitorOptions mo = { .source = MONITOR_SOURCE_POLL, .poll_ms = 10, .proc_root = "/proc",
                        .keep_ns = G_GINT64_CONSTANT (60000000000), .max_tombs = 1000 };
  CommandOptions co = { .argv = argv, .stdio = COMMAND_STDIO_DETACHED };
  g_autoptr (GError) error = NULL;
  Monitor *m = monitor_new (&mo, &error);
  Command *c;

  assert_non_null (m);
  c = command_new (&co, &error);
  assert_non_null (c);
  monitor_watch_command (m, c);
  /* It starts with the monitor. */
  assert_int_equal (monitor_command_pid (m), 0);
  *r = (Run) { .m = m, .loop = g_main_loop_new (NULL, FALSE) };
  monitor_set_listener (m, on_event, on_done, r);
  return m;
}

/* Runs M until the done listener is told. */
static void
run (Monitor *m, Run *r)
{
  guint timeout = g_timeout_add_seconds (10, on_timeout, r);

  monitor_start (m);
  g_main_loop_run (r->loop);
  g_source_remove (timeout);
  g_main_loop_unref (r->loop);
  monitor_set_listener (m, NULL, NULL, NULL);
}

/* The exit status, as a shell gives it: the code, or 128 plus the signal;
 * the command's end is an event with its status (the poller, which finds
 * it reaped, cannot say it: forkscope, which reaped it, does), and
 * forkscope's own process is in the model, the root of the command's
 * tree. */
static void
test_status (void **state)
{
  /* Each waits until the poller has seen it. */
  static const char *const scripts[] = { "; exit 3", "; kill -9 $$", "" };
  static const int want[] = { 3, 137, 0 };
  static const guint32 raw[] = { 3 << 8, 9, 0 };
  g_autofree char *dir = g_dir_make_tmp ("forkscope-command-XXXXXX", NULL);
  g_autofree char *seen = g_build_filename (dir, "seen", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      g_autofree char *script = g_strdup_printf ("until [ -e '%s' ]; do sleep 0.01; done%s",
                                                 seen, scripts[i]);
      char *argv[] = { T_STR ("sh"), T_STR ("-c"), script, NULL };
      Run r;
      g_autoptr (Monitor) m = watch (argv, &r);
      r.seen = seen;
      run (m, &r);
      g_unlink (seen);
      assert_int_equal (monitor_command_status (m), want[i]);
      assert_null (monitor_command_error (m));
      assert_true (r.self_seen);
      assert_true (r.cmd_ended);
      assert_false (r.cmd_unknown);
      assert_int_equal (r.cmd_status, raw[i]);
    }
  g_rmdir (dir);
}

/* A daemon the command leaves (a double fork) is handed to forkscope and
 * waited for: the run ends after it. */
static void
test_daemon (void **state)
{
  char *argv[] = { T_STR ("sh"), T_STR ("-c"), T_STR ("(sleep 0.3 &); exit 5"), NULL };
  Run r;
  g_autoptr (Monitor) m = watch (argv, &r);
  gint64 start = g_get_monotonic_time ();

  run (m, &r);
  assert_true (r.done_us - start >= 300000);
  assert_int_equal (monitor_command_status (m), 5);
}

/* The first signal is passed to the command and the run goes on until it
 * ends; a second is for forkscope. */
static void
test_signal (void **state)
{
  char *argv[] = { T_STR ("sleep"), T_STR ("5"), NULL };
  Run r;
  g_autoptr (Monitor) m = watch (argv, &r);

  monitor_start (m);
  assert_true (monitor_command_signal (m, SIGTERM));
  assert_false (monitor_command_signal (m, SIGTERM));
  guint timeout = g_timeout_add_seconds (10, on_timeout, &r);
  g_main_loop_run (r.loop);
  g_source_remove (timeout);
  g_main_loop_unref (r.loop);
  monitor_set_listener (m, NULL, NULL, NULL);
  assert_int_equal (monitor_command_status (m), 128 + SIGTERM);
}

/* A program that cannot run: the run is over at once, with the reason and
 * a shell's 126. */
static void
test_cannot_run (void **state)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("forkscope-noexec-XXXXXX", &path, NULL);
  char *argv[] = { path, NULL };
  Run r;

  assert_true (fd >= 0);
  close (fd);
  g_autoptr (Monitor) m = watch (argv, &r);
  run (m, &r);
  assert_int_equal (monitor_command_status (m), 126);
  assert_true (g_error_matches (monitor_command_error (m), COMMAND_ERROR,
                                COMMAND_ERROR_CANNOT_RUN));
  assert_non_null (strstr (monitor_command_error (m)->message, "Permission denied"));
  g_unlink (path);
}

/* What command_new refuses, before anything runs. */
static void
test_refused (void **state)
{
  char *missing[] = { T_STR ("forkscope-no-such-program"), NULL };
  char *gone[] = { T_STR ("/no/such/dir/prog"), NULL };
  char *ok[] = { T_STR ("true"), NULL };
  CommandOptions co = { .argv = missing };
  g_autoptr (GError) error = NULL;

  assert_null (command_new (&co, &error));
  assert_true (g_error_matches (error, COMMAND_ERROR, COMMAND_ERROR_NOT_FOUND));
  assert_string_equal (error->message, "forkscope-no-such-program: command not found");
  g_clear_error (&error);
  co.argv = gone;
  assert_null (command_new (&co, &error));
  assert_string_equal (error->message, "/no/such/dir/prog: No such file or directory");
  g_clear_error (&error);
  co = (CommandOptions) { .argv = ok, .run_as = "forkscope-no-such-user" };
  assert_null (command_new (&co, &error));
  assert_true (g_error_matches (error, COMMAND_ERROR, COMMAND_ERROR_USER));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_status),
    cmocka_unit_test (test_daemon),
    cmocka_unit_test (test_signal),
    cmocka_unit_test (test_cannot_run),
    cmocka_unit_test (test_refused),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
