/* test-event.c - event kinds, masks, fields, exit statuses and identity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <cmocka.h>

#include "event.h"
#include "tstr.h"

/* Every kind has a name that parses back to it. */
static void
test_kind_names (void **state)
{
  for (int k = 0; k < EVENT_KIND_MAX; k++)
    assert_int_equal (event_kind_parse (event_kind_name (k)), k);
  assert_string_equal (event_kind_name (EVENT_KIND_MAX), "?");
  assert_string_equal (event_kind_name ((EventKind) -3), "?");
  assert_int_equal (event_kind_parse ("EXIT"), EVENT_EXIT);
  assert_int_equal (event_kind_parse ("nope"), -1);
}

/* Lists of kinds parse into masks; unknown names are reported. */
static void
test_mask (void **state)
{
  guint mask = 0;
  char *bad = NULL;
  assert_int_equal (event_kind_mask_parse ("fork, exit,,coredump", &mask, &bad), 0);
  assert_int_equal (mask, EVENT_MASK (EVENT_FORK) | EVENT_MASK (EVENT_EXIT)
                          | EVENT_MASK (EVENT_COREDUMP));
  assert_int_equal (event_kind_mask_parse ("all", &mask, &bad), 0);
  assert_int_equal (mask, EVENT_MASK_ALL);
  mask = 7;
  assert_int_equal (event_kind_mask_parse ("fork,frok", &mask, &bad), -EINVAL);
  assert_string_equal (bad, "frok");
  assert_int_equal (mask, 7);
  g_free (bad);
}

/* Raw wait statuses decode as the shell would describe them. */
static void
test_exit_status (void **state)
{
  ExitStatus st = event_exit_status (768);
  assert_false (st.signaled);
  assert_int_equal (st.code, 3);
  st = event_exit_status (9);
  assert_true (st.signaled);
  assert_int_equal (st.signal, 9);
  assert_false (st.core);
  st = event_exit_status (0x80 | 11);
  assert_true (st.core);

}

/* A failure is a non-zero code, a signal or a core dump; never an unknown
 * status, and never a thread's exit. */
static void
test_failed (void **state)
{
  assert_false (event_status_failed (0, FALSE));
  assert_true (event_status_failed (768, FALSE));
  assert_true (event_status_failed (9, FALSE));
  assert_false (event_status_failed (768, TRUE));

  Event ok = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5 };
  Event bad = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .exit_code = 256 };
  Event thread = { .kind = EVENT_EXIT, .pid = 6, .tgid = 5, .exit_code = 256 };
  Event unknown = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .exit_code = 256,
                    .flags = EVENT_F_STATUS_UNKNOWN };
  Event core = { .kind = EVENT_COREDUMP, .pid = 5, .tgid = 5 };
  Event fork = { .kind = EVENT_FORK, .pid = 5, .tgid = 5, .exit_code = 256 };
  assert_false (event_failed (&ok));
  assert_true (event_failed (&bad));
  assert_false (event_failed (&thread));
  assert_false (event_failed (&unknown));
  assert_true (event_failed (&core));
  assert_false (event_failed (&fork));
  /* what the model concluded wins over pid == tgid */
  Event leader = bad;
  leader.ends = EVENT_ENDS_THREAD;
  assert_false (event_ends_process (&leader));
  assert_false (event_failed (&leader));
  Event last = thread;
  last.ends = EVENT_ENDS_PROCESS;
  assert_true (event_ends_process (&last));
  assert_true (event_failed (&last));
  assert_true (event_ends_process (&ok));
  assert_false (event_ends_process (&thread));
  assert_false (event_ends_process (&core));
  assert_int_equal (event_ends (&thread), EVENT_ENDS_THREAD);
  assert_int_equal (event_ends (&leader), EVENT_ENDS_THREAD);
  assert_int_equal (event_ends (&ok), EVENT_ENDS_PROCESS);
  assert_int_equal (event_ends (&core), EVENT_ENDS_UNSAID);
  /* A thread's own event, not its process's. */
  Event lost = { .kind = EVENT_LOST, .pid = 6, .tgid = 5 };
  Event comm = { .kind = EVENT_COMM, .pid = 6, .tgid = 5 };
  assert_true (event_of_thread (&thread));
  assert_true (event_of_thread (&comm));
  assert_false (event_of_thread (&last));
  assert_false (event_of_thread (&ok));
  assert_false (event_of_thread (&lost));
}

/* An exec lacking its name or command line was not read. */
static void
test_unread (void **state)
{
  char *argv[] = { T_STR ("ls"), NULL };
  Event full = { .kind = EVENT_EXEC, .comm = T_STR ("ls"), .argv = argv };
  assert_false (event_unread (&full));
  Event no_argv = { .kind = EVENT_EXEC, .comm = T_STR ("ls") };
  assert_true (event_unread (&no_argv));
  Event no_comm = { .kind = EVENT_EXEC, .argv = argv };
  assert_true (event_unread (&no_comm));
  Event snap = { .kind = EVENT_SNAPSHOT };
  assert_false (event_unread (&snap));
}

/* The same or a neighbouring 10 ms tick is the same start; unknown matches
 * all. */
static void
test_same_start (void **state)
{
  const gint64 t = 10 * G_GINT64_CONSTANT (1000000), sec = 100 * t;
  gint64 fork_ns = 1234 * t + t / 2;  /* a nanosecond fork timestamp */

  assert_true (event_same_start (fork_ns, 1234 * t));
  assert_true (event_same_start (fork_ns, 1233 * t));
  assert_true (event_same_start (fork_ns, 1235 * t));
  assert_false (event_same_start (fork_ns, 1232 * t));
  assert_false (event_same_start (fork_ns, 1236 * t));
  assert_true (event_same_start (0, 1236 * t));
  assert_true (event_same_start (fork_ns, 0));
  assert_true (event_same_start (5 * sec, 5 * sec));
  assert_false (event_same_start (5 * sec, 6 * sec));
}

/* Every kind says which fields it carries; out of range carries none. */
static void
test_kind_fields (void **state)
{
  assert_true (event_kind_fields (EVENT_EXIT) & EVENT_FIELDS_EXIT);
  assert_true (event_kind_fields (EVENT_FORK) & EVENT_FIELDS_PARENT);
  assert_true (event_kind_fields (EVENT_EXEC) & EVENT_FIELDS_CMDLINE);
  assert_false (event_kind_fields (EVENT_COREDUMP) & EVENT_FIELDS_EXIT);
  assert_int_equal (event_kind_fields (EVENT_KIND_MAX), 0);
}

/* Copies are deep and clear frees and zeroes. */
static void
test_copy_clear (void **state)
{
  char *argv[] = { T_STR ("a"), T_STR ("b"), NULL };
  Event src = { .kind = EVENT_EXEC, .pid = 5, .comm = T_STR ("x"), .argv = argv,
                .exe = T_STR ("/bin/x") };
  Event dst;
  event_copy (&dst, &src);
  assert_ptr_not_equal (dst.comm, src.comm);
  assert_string_equal (dst.argv[1], "b");
  assert_int_equal (dst.pid, 5);
  event_clear (&dst);
  assert_null (dst.comm);
  assert_int_equal (dst.pid, 0);

  Event *heap = event_dup (&src);
  assert_ptr_not_equal (heap->argv, src.argv);
  assert_string_equal (heap->exe, "/bin/x");
  event_free (heap);
}

/* Arithmetic on times saturates at the ends of the 64-bit range. */
static void
test_ns_arithmetic (void **state)
{
  assert_int_equal (event_ns_add (1, 2), 3);
  assert_int_equal (event_ns_add (G_MAXINT64, 1), G_MAXINT64);
  assert_int_equal (event_ns_add (G_MININT64, -1), G_MININT64);
  assert_int_equal (event_ns_add (G_MAXINT64, G_MININT64), -1);
  assert_int_equal (event_ns_sub (5, 7), -2);
  assert_int_equal (event_ns_sub (G_MININT64, 1), G_MININT64);
  assert_int_equal (event_ns_sub (G_MAXINT64, -1), G_MAXINT64);
  assert_int_equal (event_ns_sub (0, G_MININT64), G_MAXINT64);
  assert_int_equal (event_ns_sub (-1, G_MININT64), G_MAXINT64);
  assert_int_equal (event_wall_at (100, 1000, 40), 940);
  assert_int_equal (event_wall_at (G_MAXINT64, -5, G_MININT64 + 1), G_MININT64);
  assert_int_equal (event_wall_at (G_MININT64, G_MAXINT64 - 1, G_MAXINT64), G_MAXINT64);
  assert_int_equal (event_ns_span (10, 25), 15);
  assert_int_equal (event_ns_span (10, 9), -1);
  assert_int_equal (event_ns_span (0, 9), -1);
  assert_int_equal (event_ns_span (G_MININT64, G_MAXINT64), -1);
  assert_int_equal (event_ns_span (1, G_MAXINT64), G_MAXINT64 - 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_kind_names),
    cmocka_unit_test (test_mask),
    cmocka_unit_test (test_exit_status),
    cmocka_unit_test (test_failed),
    cmocka_unit_test (test_unread),
    cmocka_unit_test (test_same_start),
    cmocka_unit_test (test_kind_fields),
    cmocka_unit_test (test_copy_clear),
    cmocka_unit_test (test_ns_arithmetic),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
