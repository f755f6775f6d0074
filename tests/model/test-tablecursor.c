/* test-tablecursor.c - the table at any event of the history: for random
 * event sequences (forks, pid reuse, threads, exec from a thread,
 * renames, exits, resyncs, re-parenting, expiry), the table at every
 * reachable event K is the fresh fold of events 1..K, however it is
 * reached: from a saved table (history_table_at), stepping forward
 * (history_fold), or by a cursor moved about; also once the oldest events
 * are gone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "memspill.h"
#include "ptgen.h"
#include "tablecursor.h"

#define KEEP PTGEN_KEEP

/* A store over SEED's first N events, with chunks of CHUNK entries and a
 * table saved every EVERY events; BIG bytes of a unique argument given to
 * each exec (to fill memory); SPILL: a spill file in memory.  *DUMPS gets
 * the fresh fold's description after each event ([K - 1]). */
static History *
make_store (guint32 seed, guint n, guint chunk, guint every, guint big, gboolean spill,
            GPtrArray **dumps)
{
  HistoryOptions o = { .memory = HISTORY_MEMORY_MIN, .spill_cap = HISTORY_SPILL_CAP_MIN, .cache = 2,
                     .keep_ns = KEEP, .max_tombs = 40, .chunk_entries = chunk,
                     .table_every = every };
  History *s = history_new (&o, spill ? &memspill_new ()->base : NULL);
  g_autoptr (Proctab) fresh = proctab_new (KEEP, 40);
  PtGen g;

  *dumps = g_ptr_array_new_with_free_func (g_free);
  ptgen_init (&g, seed);
  for (guint k = 1; k <= n; k++)
    {
      Event ev;
      ptgen_next (&g, &ev);
      if (big && ev.kind == EVENT_EXEC)
        {
          g_strfreev (ev.argv);
          ev.argv = g_new0 (char *, 3);
          ev.argv[0] = g_strdup ("cc");
          ev.argv[1] = g_malloc (big + 1);
          for (guint i = 0; i < big; i++)
            ev.argv[1][i] = (char) ('a' + (k * 7 + i * i) % 26);
          ev.argv[1][big] = '\0';
        }
      proctab_fold (fresh, &ev);
      g_ptr_array_add (*dumps, ptgen_dump (fresh));
      history_append (s, &ev, NULL);
      event_clear (&ev);
    }
  ptgen_clear (&g);
  return s;
}

/* The fresh fold's description after event SEQ (0: the empty table). */
static const char *
want (GPtrArray *dumps, guint64 seq)
{
  static char *empty;

  if (!empty)
    {
      g_autoptr (Proctab) pt = proctab_new (KEEP, 40);
      empty = ptgen_dump (pt);
    }
  return seq ? dumps->pdata[seq - 1] : empty;
}

/* Fails unless TABLE is the fresh fold's after SEQ. */
static void
assert_at (GPtrArray *dumps, const Proctab *table, guint64 seq, guint32 seed)
{
  if (!table)
    fail_msg ("seed %u: no table at %" G_GUINT64_FORMAT, seed, seq);
  g_autofree char *got = ptgen_dump (table);
  if (strcmp (got, want (dumps, seq)) != 0)
    fail_msg ("seed %u: the table at event %" G_GUINT64_FORMAT " differs from the fold:\n%s\n"
              "want:\n%s", seed, seq, got, want (dumps, seq));
  assert_true (proctab_check (table, NULL));
}

/* The property for one store: the table at every reachable event (built
 * afresh at every EVERY-th, stepped to at each), and a cursor moved about
 * at random (steps back and forward, jumps, far enough for its anchor to
 * move). */
static void
check_store (History *s, GPtrArray *dumps, guint32 seed, guint every)
{
  guint64 base = history_oldest (s) - 1, newest = history_newest (s);
  g_autoptr (Proctab) walking = NULL;
  GRand *r = g_rand_new_with_seed (seed);
  TableCursor cur;

  for (guint64 seq = base; seq <= newest; seq++)
    {
      if ((seq - base) % every == 0 || seq == newest)
        {
          g_autoptr (Proctab) at = history_table_at (s, seq, NULL);
          assert_at (dumps, at, seq, seed);
        }
      if (!walking)
        walking = history_table_at (s, seq, NULL);
      else
        assert_int_equal (history_fold (s, walking, seq - 1, seq, NULL), 0);
      assert_at (dumps, walking, seq, seed);
    }
  /* Out of reach. */
  g_autoptr (GError) error = NULL;
  assert_null (history_table_at (s, newest + 1, &error));
  assert_non_null (error);
  if (base > 0)
    assert_null (history_table_at (s, base - 1, NULL));
  tablecursor_init (&cur, s);
  guint64 at = newest;
  for (guint i = 0; i < 80; i++)
    {
      guint32 k = g_rand_int_range (r, 0, 5);
      at = k == 0 ? base + g_rand_int_range (r, 0, (gint32) (newest - base + 1))
         : k == 1 && at < newest ? at + 1
         : k == 2 && at + 40 <= newest ? at + 40
         : at > base ? at - 1 : at;
      assert_at (dumps, tablecursor_move (&cur, at, NULL), at, seed);
    }
  assert_null (tablecursor_move (&cur, newest + 1, NULL));
  assert_null (cur.pt);
  assert_at (dumps, tablecursor_move (&cur, base, NULL), base, seed);
  tablecursor_clear (&cur);
  g_rand_free (r);
}

/* Many seeds, chunks and table intervals shorter and longer than the
 * stream, in memory and spilled. */
static void
test_random (void **state)
{
  guint32 seeds = g_getenv ("FORKSCOPE_VALGRIND") ? 6 : 40;

  for (guint32 seed = 1; seed <= seeds; seed++)
    {
      g_autoptr (GPtrArray) dumps = NULL;
      g_autoptr (History) a = make_store (seed, 400, 16, 50, 0, FALSE, &dumps);
      check_store (a, dumps, seed, 1);
      g_autoptr (GPtrArray) dumps2 = NULL;
      g_autoptr (History) b = make_store (seed, 300, 0, 0, 0, TRUE, &dumps2);
      check_store (b, dumps2, seed, 1);
    }
  /* A history long enough for the cursor's anchor to move. */
  for (guint32 seed = 41; seed <= 40 + seeds / 20; seed++)
    {
      g_autoptr (GPtrArray) dumps = NULL;
      g_autoptr (History) s = make_store (seed, 2 * TABLECURSOR_ANCHOR_EVENTS + 1500, 100, 700, 0,
                                        TRUE, &dumps);
      check_store (s, dumps, seed, 97);
    }
}

/* Once the memory budget has let the oldest events go, the tables from
 * the oldest reachable one on are still the fold's; so are they from a
 * spill file whose cap has. */
static void
test_after_eviction (void **state)
{
  /* Under valgrind, fewer events with longer command lines. */
  gboolean slow = g_getenv ("FORKSCOPE_VALGRIND") != NULL;

  for (int spill = 0; spill < 2; spill++)
    {
      g_autoptr (GPtrArray) dumps = NULL;
      g_autoptr (History) s = make_store (7 + spill, spill && !slow ? 9000 : 3000, 32, 200,
                                        spill && slow ? 5000 : 1500, spill, &dumps);
      assert_true (history_oldest (s) > 1);
      assert_int_equal (history_limit (s), spill ? HISTORY_LIMIT_SPILL_CAP : HISTORY_LIMIT_MEMORY);
      check_store (s, dumps, 7, 13);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_random),
    cmocka_unit_test (test_after_eviction),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
