/* test-history.c - the bounded event ring. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "history.h"

/* Appends N exec events with pids FIRST.. and distinct names. */
static void
append_n (History *h, gint first, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", first + i);
      char *argv[] = { name, NULL };
      Event ev = { .kind = EVENT_EXEC, .pid = first + i, .tgid = first + i,
                   .comm = name, .argv = argv };
      history_append (h, &ev, 1000 + first + i);
    }
}

/* Below capacity entries come back oldest first with growing seq. */
static void
test_fill (void **state)
{
  g_autoptr (History) h = history_new (4);
  assert_int_equal (history_len (h), 0);
  assert_null (history_get (h, 0));
  append_n (h, 1, 3);
  assert_int_equal (history_len (h), 3);
  assert_int_equal (history_get (h, 0)->ev.pid, 1);
  assert_int_equal (history_get (h, 2)->seq, 3);
  assert_int_equal (history_get (h, 2)->serial, 1003);
  assert_string_equal (history_get (h, 1)->ev.comm, "p2");
  assert_null (history_get (h, 3));
}

/* Past capacity the oldest are dropped and memory stays bounded. */
static void
test_wrap (void **state)
{
  g_autoptr (History) h = history_new (4);
  append_n (h, 1, 10);
  assert_int_equal (history_len (h), 4);
  assert_int_equal (history_get (h, 3)->seq, 10);
  assert_int_equal (history_get (h, 0)->seq, 7);
  assert_string_equal (history_get (h, 0)->ev.argv[0], "p7");
  assert_int_equal (history_get (h, 3)->ev.pid, 10);
}

/* A copy is independent of later appends. */
static void
test_copy (void **state)
{
  g_autoptr (History) h = history_new (3);
  append_n (h, 1, 5);
  g_autoptr (History) c = history_copy (h);
  append_n (h, 100, 2);
  assert_int_equal (history_len (c), 3);
  assert_int_equal (history_get (c, 0)->ev.pid, 3);
  assert_int_equal (history_get (c, 2)->ev.pid, 5);
  assert_int_equal (history_get (c, 2)->seq, 5);
  assert_int_equal (history_get (h, 2)->ev.pid, 101);
  append_n (c, 50, 1);
  assert_int_equal (history_get (c, 2)->seq, 6);
}

/* Capacity 0 is treated as 1. */
static void
test_tiny (void **state)
{
  g_autoptr (History) h = history_new (0);
  append_n (h, 1, 3);
  assert_int_equal (history_len (h), 1);
  assert_int_equal (history_get (h, 0)->ev.pid, 3);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fill),
    cmocka_unit_test (test_wrap),
    cmocka_unit_test (test_copy),
    cmocka_unit_test (test_tiny),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
