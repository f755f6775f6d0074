/* test-logpos.c - event log positions by sequence number. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "logpos.h"

/* A ring of CAPACITY holding N appended events; every event whose number
 * (1-based) is in SNAPS is a snapshot, the rest forks. */
static History *
ring (guint capacity, guint n, const guint *snaps, guint n_snaps)
{
  History *h = history_new (capacity);

  for (guint i = 1; i <= n; i++)
    {
      Event ev = { .kind = EVENT_FORK, .pid = (gint) i, .tgid = (gint) i };
      for (guint k = 0; k < n_snaps; k++)
        if (snaps[k] == i)
          ev.kind = EVENT_SNAPSHOT;
      history_append (h, &ev, i);
    }
  return h;
}

/* Entries by seq, only while held. */
static void
test_entry (void **state)
{
  g_autoptr (History) h = ring (4, 10, NULL, 0);

  assert_null (logpos_entry (h, 6));
  assert_int_equal (logpos_entry (h, 7)->ev.pid, 7);
  assert_int_equal (logpos_entry (h, 10)->ev.pid, 10);
  assert_null (logpos_entry (h, 11));
  g_autoptr (History) empty = history_new (3);
  assert_null (logpos_entry (empty, 1));
  assert_int_equal (logpos_newest (empty), 0);
  assert_int_equal (logpos_step (empty, 5, -2), 0);
}

/* Steps skip snapshots and stop at the ends. */
static void
test_step (void **state)
{
  const guint snaps[] = { 1, 2, 5, 6, 10 };
  g_autoptr (History) h = ring (20, 10, snaps, G_N_ELEMENTS (snaps));

  assert_int_equal (logpos_newest (h), 9);
  assert_int_equal (logpos_step (h, 3, 1), 4);
  assert_int_equal (logpos_step (h, 4, 1), 7);
  assert_int_equal (logpos_step (h, 7, -1), 4);
  assert_int_equal (logpos_step (h, 3, -5), 3);
  assert_int_equal (logpos_step (h, 3, 50), 9);
  /* From a snapshot: the next shown entry, else the one before. */
  assert_int_equal (logpos_step (h, 5, 0), 7);
  assert_int_equal (logpos_step (h, 10, 0), 9);
  assert_int_equal (logpos_step (h, 0, 0), 3);
  assert_int_equal (logpos_step (h, 99, 0), 9);

  const guint all[] = { 1, 2, 3 };
  g_autoptr (History) only = ring (5, 3, all, G_N_ELEMENTS (all));
  assert_int_equal (logpos_newest (only), 0);
  assert_int_equal (logpos_step (only, 2, 1), 0);
}

/* The first line keeps the selection in view, moves as little as it can,
 * follows the newest and leaves no blank lines at the bottom. */
static void
test_top (void **state)
{
  g_autoptr (History) h = ring (100, 50, NULL, 0);

  assert_int_equal (logpos_top (h, 0, 50, 10, TRUE), 41);
  assert_int_equal (logpos_top (h, 20, 25, 10, FALSE), 20);
  assert_int_equal (logpos_top (h, 20, 35, 10, FALSE), 26);
  assert_int_equal (logpos_top (h, 20, 5, 10, FALSE), 5);
  assert_int_equal (logpos_top (h, 45, 48, 10, FALSE), 41);
  assert_int_equal (logpos_top (h, 3, 3, 0, FALSE), 3);
  /* A top that left the ring starts from the selection. */
  g_autoptr (History) small = ring (10, 50, NULL, 0);
  assert_int_equal (logpos_top (small, 2, 45, 3, FALSE), 45);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_entry),
    cmocka_unit_test (test_step),
    cmocka_unit_test (test_top),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
