/* test-timeline.c - the table at any event: for random event sequences
 * (forks, pid reuse, threads, exec from a thread, renames, exits, resyncs,
 * re-parenting, expiry), the table at every event K of the ring is the
 * fresh fold of events 1..K. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ptgen.h"
#include "timeline.h"
#include "tstr.h"

#define MS PTGEN_MS
#define KEEP PTGEN_KEEP

/* The property, for one seed and one ring size: the table at every event
 * of the ring (built afresh at every EVERY-th, stepped to at each) is the
 * fresh fold of every event up to it. */
static void
check_seed (guint32 seed, guint capacity, guint n, guint every)
{
  PtGen g;
  ptgen_init (&g, seed);
  g_autoptr (Timeline) tl = timeline_new (capacity, KEEP, 40);
  g_autoptr (Proctab) fresh = proctab_new (KEEP, 40);
  g_autoptr (GPtrArray) dumps = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 1; k <= n; k++)
    {
      Event ev;
      ptgen_next (&g, &ev);
      /* What the model would conclude of an EXIT is what it concludes. */
      gboolean would_end = ev.kind == EVENT_EXIT && proctab_exit_ends (fresh, &ev);
      Event noted = ev;
      proctab_apply (fresh, &noted);
      proctab_expire (fresh, ev.mono_ns);
      if (ev.kind == EVENT_EXIT && would_end != event_ends_process (&noted))
        fail_msg ("seed %u: event %u, an exit, ends %d, not %d as foretold", seed, k,
                  event_ends_process (&noted), would_end);
      g_autofree char *why = NULL;
      if (!proctab_check (fresh, &why))
        fail_msg ("seed %u: event %u breaks the table: %s", seed, k, why);
      g_ptr_array_add (dumps, ptgen_dump (fresh));
      timeline_append (tl, &ev, NULL);
      event_clear (&ev);
    }
  const History *h = timeline_history (tl);
  g_autoptr (Proctab) walking = NULL;
  for (guint i = 0; i < history_len (h); i++)
    {
      guint64 seq = history_get (h, i)->seq;
      if (i % every == 0)
        {
          g_autoptr (Proctab) at = timeline_table_at (tl, seq);
          g_autofree char *got = ptgen_dump (at);
          if (strcmp (got, dumps->pdata[seq - 1]) != 0)
            fail_msg ("seed %u, capacity %u: the table at event %" G_GUINT64_FORMAT
                      " differs from the fold:\n%s\nwant:\n%s", seed, capacity, seq,
                      got, (char *) dumps->pdata[seq - 1]);
        }
      /* Stepping forward one event at a time gives the same tables. */
      if (!walking)
        walking = timeline_table_at (tl, seq);
      else
        timeline_advance (tl, walking, seq - 1, seq);
      g_autofree char *stepped = ptgen_dump (walking);
      assert_string_equal (stepped, dumps->pdata[seq - 1]);
    }
  /* A cursor moved about at random (steps back and forward, jumps, far
   * enough for its anchor to move) gives the same tables. */
  TimelineCursor cur;
  timeline_cursor_init (&cur, tl);
  guint64 first = history_get (h, 0)->seq, newest = history_get (h, history_len (h) - 1)->seq;
  guint64 at = newest;
  for (guint i = 0; i < 60; i++)
    {
      guint32 r = g_rand_int_range (g.rand, 0, 4);
      at = r == 0 ? first + g_rand_int_range (g.rand, 0, (gint32) (newest - first + 1))
         : r == 1 && at < newest ? at + 1 : at > first ? at - 1 : at;
      g_autofree char *moved = ptgen_dump (timeline_cursor_move (&cur, at));
      if (strcmp (moved, dumps->pdata[at - 1]) != 0)
        fail_msg ("seed %u: the cursor's table at %" G_GUINT64_FORMAT " differs", seed, at);
    }
  timeline_cursor_clear (&cur);
  /* Before the ring: the lagging table; and a copy answers the same. */
  g_autoptr (Timeline) copy = timeline_copy (tl);
  guint64 last = history_get (h, history_len (h) - 1)->seq;
  g_autoptr (Proctab) a = timeline_table_at (copy, last);
  g_autofree char *da = ptgen_dump (a);
  assert_string_equal (da, dumps->pdata[last - 1]);
  if (last > capacity)
    {
      g_autoptr (Proctab) before = timeline_table_at (tl, 0);
      g_autofree char *db = ptgen_dump (before);
      assert_string_equal (db, dumps->pdata[last - capacity - 1]);
    }
  ptgen_clear (&g);
}

/* Many seeds, rings smaller and larger than the stream. */
static void
test_random (void **state)
{
  /* Fewer under valgrind, which runs them fifty times slower. */
  guint32 seeds = g_getenv ("FORKSCOPE_VALGRIND") ? 6 : 40;

  for (guint32 seed = 1; seed <= seeds; seed++)
    {
      check_seed (seed, 50, 400, 1);
      check_seed (seed, 1000, 300, 1);
    }
  /* A ring long enough for the cursor's anchor to move. */
  for (guint32 seed = 41; seed <= 40 + seeds / 20; seed++)
    check_seed (seed, 2 * TIMELINE_ANCHOR_EVENTS + 500, 3000, 97);
}

/* A reset starts from a given table with an empty ring and the given
 * sequence numbers. */
static void
test_reset (void **state)
{
  g_autoptr (Timeline) tl = timeline_new (10, KEEP, 40);
  g_autoptr (Proctab) base = proctab_new (KEEP, 40);
  Event init = { .kind = EVENT_SNAPSHOT, .pid = 1, .tgid = 1, .comm = T_STR ("init") };
  Event fork = { .kind = EVENT_FORK, .pid = 2, .tgid = 2, .ppid = 1, .ptgid = 1,
                 .mono_ns = 5 };

  proctab_fold (base, &init);
  timeline_append (tl, &fork, NULL);
  timeline_reset (tl, base, 500);
  assert_int_equal (history_len (timeline_history (tl)), 0);
  timeline_append (tl, &fork, NULL);
  assert_int_equal (history_get (timeline_history (tl), 0)->seq, 500);
  g_autoptr (Proctab) at = timeline_table_at (tl, 500);
  assert_int_equal (proctab_count_live (at), 2);
  g_autoptr (Proctab) before = timeline_table_at (tl, 499);
  assert_int_equal (proctab_count_live (before), 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_random),
    cmocka_unit_test (test_reset),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
