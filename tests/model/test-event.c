/* test-event.c - event kind names, masks and exit status decoding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <cmocka.h>

#include "model/event.h"

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

  g_autofree char *a = event_exit_status_describe (768, FALSE);
  g_autofree char *b = event_exit_status_describe (9, FALSE);
  g_autofree char *c = event_exit_status_describe (0x80 | 11, FALSE);
  g_autofree char *d = event_exit_status_describe (0, TRUE);
  g_autofree char *e = event_exit_status_describe (0x7e, FALSE);
  assert_string_equal (a, "exit 3");
  assert_string_equal (b, "SIGKILL");
  assert_string_equal (c, "SIGSEGV (core)");
  assert_string_equal (d, "unknown");
  assert_string_equal (e, "signal 126");
}

/* Copies are deep and clear frees and zeroes. */
static void
test_copy_clear (void **state)
{
  char *argv[] = { (char *) "a", (char *) "b", NULL };
  Event src = { .kind = EVENT_EXEC, .pid = 5, .comm = (char *) "x", .argv = argv,
                .exe = (char *) "/bin/x" };
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

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_kind_names),
    cmocka_unit_test (test_mask),
    cmocka_unit_test (test_exit_status),
    cmocka_unit_test (test_copy_clear),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
