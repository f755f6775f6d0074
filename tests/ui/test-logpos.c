/* test-logpos.c - the log's positions over the history: what is shown is
 * judged once per entry and remembered per chunk, moves cross chunks,
 * the position stays on its event as the history grows, a position the
 * history let go of is said, and work and memory stay bounded. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "logpos.h"
#include "uitest.h"

/* Appends events FROM..TO (pids and seqs alike); every event whose number
 * is in SNAPS is a snapshot, the rest forks.  BIG bytes of command line
 * each (to fill memory). */
static void
append (History *h, guint from, guint to, const guint *snaps, guint n_snaps, guint big)
{
  g_autofree char *arg = g_strnfill (big + 1, 'x');
  char *argv[] = { arg, NULL };

  for (guint i = from; i <= to; i++)
    {
      Event ev = { .kind = EVENT_FORK, .pid = (gint) i, .tgid = (gint) i,
                   .mono_ns = i * UT_SEC, .wall_ns = UT_WALL + i * UT_SEC };
      for (guint k = 0; k < n_snaps; k++)
        if (snaps[k] == i)
          ev.kind = EVENT_SNAPSHOT;
      if (big)
        {
          g_snprintf (arg, 12, "%011u", i);
          arg[11] = 'x';
          ev.kind = EVENT_EXEC;
          ev.argv = argv;
        }
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

/* LogposShown: none; counts its calls in USER. */
static gboolean
none (const HistoryEntry *e, gpointer user)
{
  (*(guint *) user)++;
  return FALSE;
}

/* What is shown, across chunks of 4: each entry judged once, snapshots
 * never; new entries judged as they come, in the chunk being written
 * too; a reset judges again. */
static void
test_judge (void **state)
{
  const guint snaps[] = { 4 };
  g_autoptr (History) h = ut_history (4, 0);
  Logpos lp;
  guint calls = 0;

  logpos_init (&lp, even, &calls);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), 0);
  assert_int_equal (logpos_oldest (&lp), 0);
  assert_int_equal (logpos_step (&lp, 5, -2), 0);
  append (h, 1, 6, snaps, 1, 0);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), 6);
  assert_int_equal (logpos_oldest (&lp), 2);       /* 4 is a snapshot */
  assert_int_equal (logpos_next (&lp, 2, 1), 6);
  assert_int_equal (calls, 5);                     /* the snapshot is not asked about */
  assert_int_equal (logpos_newest (&lp), 6);
  assert_int_equal (calls, 5);                     /* nothing new: no calls */
  append (h, 7, 13, NULL, 0, 0);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), 12);
  assert_int_equal (calls, 10);                    /* 13, then 9..12: as far as needed */
  assert_int_equal (logpos_next (&lp, 6, 1), 8);
  assert_int_equal (calls, 12);
  /* A frozen view's limit: nothing after it. */
  logpos_update (&lp, h, 9);
  assert_int_equal (logpos_newest (&lp), 8);
  assert_int_equal (logpos_next (&lp, 8, 1), 0);
  assert_int_equal (logpos_step (&lp, 12, 0), 8);
  logpos_reset (&lp);
  logpos_update (&lp, h, 0);
  lp.shown = all;
  assert_int_equal (logpos_newest (&lp), 13);
  assert_int_equal (logpos_next (&lp, 5, -1), 3);
  logpos_clear (&lp);
}

/* Steps move among shown entries and stop at the ends; a seq that is not
 * shown starts from the next one shown, else the one before. */
static void
test_step (void **state)
{
  g_autoptr (History) h = ut_history (3, 0);
  Logpos lp;
  guint calls = 0;

  logpos_init (&lp, even, &calls);
  append (h, 1, 21, NULL, 0, 0);
  logpos_update (&lp, h, 0);                      /* 2 4 ... 20 */
  assert_int_equal (logpos_step (&lp, 4, 1), 6);
  assert_int_equal (logpos_step (&lp, 6, -1), 4);
  assert_int_equal (logpos_step (&lp, 4, -5), 2);
  assert_int_equal (logpos_step (&lp, 4, 50), 20);
  assert_int_equal (logpos_step (&lp, 5, 0), 6);
  assert_int_equal (logpos_step (&lp, 21, 0), 20);
  assert_int_equal (logpos_step (&lp, 0, 0), 2);
  assert_int_equal (logpos_next (&lp, 0, 1), 2);
  assert_int_equal (logpos_next (&lp, 2, -1), 0);
  logpos_clear (&lp);
}

/* The first line keeps the selection in view, moves as little as it can,
 * follows the newest and leaves no blank lines at the bottom. */
static void
test_top (void **state)
{
  g_autoptr (History) h = ut_history (7, 0);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  append (h, 1, 50, NULL, 0, 0);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_top (&lp, 0, 50, 10, TRUE), 41);
  assert_int_equal (logpos_top (&lp, 20, 25, 10, FALSE), 20);
  assert_int_equal (logpos_top (&lp, 20, 35, 10, FALSE), 26);
  assert_int_equal (logpos_top (&lp, 20, 5, 10, FALSE), 5);
  assert_int_equal (logpos_top (&lp, 45, 48, 10, FALSE), 41);
  assert_int_equal (logpos_top (&lp, 3, 3, 0, FALSE), 3);
  logpos_clear (&lp);
}

/* A scrolled log stays where the user left it while events come; when
 * the history lets its event go (a small memory budget, no spill file),
 * the position moves to the oldest held and the event is noted as gone. */
static void
test_stays_and_gone (void **state)
{
  g_autoptr (History) h = ut_history (16, HISTORY_MEMORY_MIN);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  append (h, 1, 100, NULL, 0, 0);
  logpos_update (&lp, h, 0);
  logpos_select (&lp, 40);
  lp.top = logpos_top (&lp, 0, 40, 10, FALSE);
  guint64 top = lp.top;
  for (guint i = 0; i < 20; i++)
    {
      append (h, 101 + i * 50, 150 + i * 50, NULL, 0, 0);
      logpos_update (&lp, h, 0);
      lp.top = logpos_top (&lp, lp.top, logpos_selected (&lp), 10, FALSE);
      assert_int_equal (logpos_selected (&lp), 40);
      assert_int_equal (lp.top, top);
      assert_int_equal (lp.gone, 0);
    }
  /* Commands lines of 2 KiB: the budget lets the oldest go. */
  guint64 n = history_newest (h);
  while (history_oldest (h) <= 40)
    {
      append (h, (guint) n + 1, (guint) n + 100, NULL, 0, 2048);
      n += 100;
    }
  logpos_update (&lp, h, 0);
  assert_int_equal (lp.gone, 40);
  assert_int_equal (logpos_selected (&lp), history_oldest (h));
  assert_true (lp.top >= history_oldest (h));
  /* Nothing is kept of the chunks let go. */
  assert_true (logpos_memory (&lp) < 2048);
  logpos_clear (&lp);
}

/* Work and memory stay bounded: a filter that shows nothing in 300,000
 * events is judged at most LOGPOS_JUDGE entries a call, the log busy
 * until it is whole; then finding nothing costs no judging; the
 * judgements take a few bytes per chunk, a bit per event at most. */
static void
test_bounded (void **state)
{
  g_autoptr (History) h = ut_history (0, 0);
  Logpos lp;
  guint calls = 0, rounds = 0;

  append (h, 1, 300000, NULL, 0, 0);
  logpos_init (&lp, none, &calls);
  do
    {
      guint before = calls;
      logpos_update (&lp, h, 0);
      assert_int_equal (logpos_newest (&lp), 0);
      assert_true (calls - before <= LOGPOS_JUDGE);
      rounds++;
    }
  while (logpos_busy (&lp));
  assert_int_equal (calls, 300000);
  assert_true (rounds >= 300000 / LOGPOS_JUDGE);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), 0);
  assert_false (logpos_busy (&lp));
  assert_int_equal (calls, 300000);
  HistoryMemory mem;
  history_memory (h, &mem);
  assert_true (logpos_memory (&lp) < 64 * 300000 / CHUNK_MAX_ENTRIES + 64 * 8);
  /* Some of each chunk shown: a bit per entry. */
  logpos_reset (&lp);
  lp.shown = even;
  while (logpos_update (&lp, h, 0), logpos_oldest (&lp) != 2 || logpos_busy (&lp))
    ;
  for (guint64 s = logpos_oldest (&lp); s; s = logpos_next (&lp, s + 5000, 1))
    ;
  assert_true (logpos_memory (&lp) <= 300000 / 8 + 64 * (300000 / 2000 + 2));
  assert_int_equal (logpos_step (&lp, 150001, 0), 150002);
  logpos_clear (&lp);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_judge),
    cmocka_unit_test (test_step),
    cmocka_unit_test (test_top),
    cmocka_unit_test (test_stays_and_gone),
    cmocka_unit_test (test_bounded),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
