/* test-logpos.c - the log's index of shown events and positions in it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "logpos.h"

/* Appends events FROM..TO (pids and seqs alike); every event whose number
 * is in SNAPS is a snapshot, the rest forks. */
static void
append (History *h, guint from, guint to, const guint *snaps, guint n_snaps)
{
  for (guint i = from; i <= to; i++)
    {
      Event ev = { .kind = EVENT_FORK, .pid = (gint) i, .tgid = (gint) i };
      for (guint k = 0; k < n_snaps; k++)
        if (snaps[k] == i)
          ev.kind = EVENT_SNAPSHOT;
      history_append (h, &ev, NULL);
    }
}

/* LogposShown: events of even pids only; counts its calls in USER. */
static gboolean
even (const HistoryEntry *e, gpointer user)
{
  (*(guint *) user)++;
  return e->ev.pid % 2 == 0;
}

/* LogposShown: every event. */
static gboolean
all (const HistoryEntry *e, gpointer user)
{
  return TRUE;
}

/* Entries by seq, only while held. */
static void
test_entry (void **state)
{
  g_autoptr (History) h = history_new (4);

  append (h, 1, 10, NULL, 0);
  assert_null (logpos_entry (h, 6));
  assert_int_equal (logpos_entry (h, 7)->ev.pid, 7);
  assert_int_equal (logpos_entry (h, 10)->ev.pid, 10);
  assert_null (logpos_entry (h, 11));
  g_autoptr (History) empty = history_new (3);
  assert_null (logpos_entry (empty, 1));
}

/* The index holds what passes, judges each entry once, drops what the
 * ring dropped, and starts over on a reset. */
static void
test_index (void **state)
{
  const guint snaps[] = { 4 };
  g_autoptr (History) h = history_new (8);
  LogposIndex ix;
  guint calls = 0;

  logpos_index_init (&ix);
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (logpos_count (&ix), 0);
  assert_int_equal (logpos_newest (&ix), 0);
  assert_int_equal (logpos_step (&ix, 5, -2), 0);
  append (h, 1, 6, snaps, 1);
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (logpos_count (&ix), 2);           /* 2, 6: 4 is a snapshot */
  assert_int_equal (calls, 5);
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (calls, 5);                        /* nothing new: no calls */
  append (h, 7, 12, NULL, 0);                         /* the ring now holds 5..12 */
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (calls, 11);
  assert_int_equal (logpos_nth (&ix, 0), 6);
  assert_int_equal (logpos_newest (&ix), 12);
  assert_int_equal (logpos_count (&ix), 4);           /* 6 8 10 12 */
  assert_int_equal (logpos_nth (&ix, 9), 0);
  logpos_index_reset (&ix);
  logpos_index_update (&ix, h, all, NULL);
  assert_int_equal (logpos_count (&ix), 8);
  logpos_index_clear (&ix);
}

/* A history that restarts (a replay moved back), earlier or later, is
 * judged anew: nothing newer than it, nothing older left unjudged. */
static void
test_restart (void **state)
{
  g_autoptr (History) h = history_new (8);
  LogposIndex ix;
  guint calls = 0;

  logpos_index_init (&ix);
  append (h, 1, 20, NULL, 0);                         /* holds 13..20 */
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (logpos_newest (&ix), 20);
  history_restart (h, 5);                             /* back: 5..10 */
  append (h, 5, 10, NULL, 0);
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (logpos_nth (&ix, 0), 6);
  assert_int_equal (logpos_newest (&ix), 10);
  assert_int_equal (logpos_count (&ix), 3);           /* 6 8 10 */
  history_restart (h, 3);                             /* further back, as far: 3..10 */
  append (h, 3, 10, NULL, 0);
  logpos_index_update (&ix, h, even, &calls);
  assert_int_equal (logpos_nth (&ix, 0), 4);
  assert_int_equal (logpos_count (&ix), 4);           /* 4 6 8 10 */
  logpos_index_clear (&ix);
}

/* Steps move among shown entries and stop at the ends; a seq that is not
 * shown starts from the next one shown, else the one before. */
static void
test_step (void **state)
{
  g_autoptr (History) h = history_new (40);
  LogposIndex ix;
  guint calls = 0;

  logpos_index_init (&ix);
  append (h, 1, 21, NULL, 0);
  logpos_index_update (&ix, h, even, &calls);         /* 2 4 ... 20 */
  assert_int_equal (logpos_step (&ix, 4, 1), 6);
  assert_int_equal (logpos_step (&ix, 6, -1), 4);
  assert_int_equal (logpos_step (&ix, 4, -5), 2);
  assert_int_equal (logpos_step (&ix, 4, 50), 20);
  assert_int_equal (logpos_step (&ix, 5, 0), 6);
  assert_int_equal (logpos_step (&ix, 21, 0), 20);
  assert_int_equal (logpos_step (&ix, 0, 0), 2);
  assert_int_equal (logpos_rank (&ix, 5), 2);
  assert_int_equal (logpos_rank (&ix, 99), 10);
  logpos_index_clear (&ix);
}

/* The first line keeps the selection in view, moves as little as it can,
 * follows the newest and leaves no blank lines at the bottom. */
static void
test_top (void **state)
{
  g_autoptr (History) h = history_new (100);
  LogposIndex ix;

  logpos_index_init (&ix);
  append (h, 1, 50, NULL, 0);
  logpos_index_update (&ix, h, all, NULL);
  assert_int_equal (logpos_top (&ix, 0, 50, 10, TRUE), 41);
  assert_int_equal (logpos_top (&ix, 20, 25, 10, FALSE), 20);
  assert_int_equal (logpos_top (&ix, 20, 35, 10, FALSE), 26);
  assert_int_equal (logpos_top (&ix, 20, 5, 10, FALSE), 5);
  assert_int_equal (logpos_top (&ix, 45, 48, 10, FALSE), 41);
  assert_int_equal (logpos_top (&ix, 3, 3, 0, FALSE), 3);
  logpos_index_clear (&ix);

  /* A top that left the ring starts from the selection. */
  g_autoptr (History) small = history_new (10);
  logpos_index_init (&ix);
  append (small, 1, 50, NULL, 0);
  logpos_index_update (&ix, small, all, NULL);
  assert_int_equal (logpos_top (&ix, 2, 45, 3, FALSE), 45);
  logpos_index_clear (&ix);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_entry),
    cmocka_unit_test (test_index),
    cmocka_unit_test (test_restart),
    cmocka_unit_test (test_step),
    cmocka_unit_test (test_top),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
