/* test-activity.c - exact counts per interval: what counts as what, the
 * levels kept in step (a coarse bucket is the sum of the fine ones), the
 * rings moving on (wrap), zoom, times at the ends of the range, the
 * bounded memory, and the counts of what a filter picks, scanned a slice
 * at a time and kept up to date. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "activity.h"
#include "history.h"
#include "tstr.h"

#define SEC G_GINT64_CONSTANT (1000000000)

/* What each kind of event counts as. */
static void
test_kinds (void **state)
{
  Event fork = { .kind = EVENT_FORK, .pid = 5, .tgid = 5 };
  Event thread = { .kind = EVENT_FORK, .pid = 6, .tgid = 5 };
  Event exec = { .kind = EVENT_EXEC, .pid = 5, .tgid = 5 };
  Event ok = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .ends = EVENT_ENDS_PROCESS };
  Event bad = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .exit_code = 11,
                .ends = EVENT_ENDS_PROCESS };
  Event unknown = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .exit_code = 256,
                    .flags = EVENT_F_STATUS_UNKNOWN, .ends = EVENT_ENDS_PROCESS };
  Event texit = { .kind = EVENT_EXIT, .pid = 6, .tgid = 5, .ends = EVENT_ENDS_THREAD };
  Event core = { .kind = EVENT_COREDUMP, .pid = 5, .tgid = 5 };
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 5, .tgid = 5 };
  Event lost = { .kind = EVENT_LOST, .lost = 12 };

  assert_int_equal (activity_kind (&fork), ACTIVITY_START);
  assert_int_equal (activity_kind (&thread), -1);
  assert_int_equal (activity_kind (&exec), ACTIVITY_EXEC);
  assert_int_equal (activity_kind (&ok), ACTIVITY_EXIT);
  assert_int_equal (activity_kind (&bad), ACTIVITY_FAIL);
  assert_int_equal (activity_kind (&unknown), ACTIVITY_EXIT);
  assert_int_equal (activity_kind (&texit), -1);
  assert_int_equal (activity_kind (&core), -1);
  assert_int_equal (activity_kind (&snap), -1);
  assert_int_equal (activity_kind (&lost), ACTIVITY_LOST);
  assert_int_equal (activity_weight (&lost), 12);
  assert_int_equal (activity_weight (&fork), 1);
  guint32 n = G_MAXUINT32 - 2;
  activity_add_sat (&n, 1);
  assert_int_equal (n, G_MAXUINT32 - 1);
  activity_add_sat (&n, G_MAXUINT64);
  assert_int_equal (n, G_MAXUINT32);
}

/* Counts of starts per second, as a reference: second -> count. */
typedef GHashTable Ref;

/* The reference's count of starts in [FROM, TO) (ns). */
static guint
ref_sum (Ref *ref, gint64 from, gint64 to)
{
  GHashTableIter it;
  gpointer k, v;
  guint n = 0;

  g_hash_table_iter_init (&it, ref);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      gint64 sec = *(gint64 *) k;
      if (sec * SEC >= from && sec * SEC < to)
        n += GPOINTER_TO_UINT (v);
    }
  return n;
}

/* Counts a start at second SEC (plus NS) into A and REF. */
static void
add_start (Activity *a, Ref *ref, gint64 sec, gint64 ns)
{
  Event ev = { .kind = EVENT_FORK, .pid = 9, .tgid = 9, .mono_ns = sec * SEC + ns };
  gint64 *key = g_memdup2 (&sec, sizeof sec);

  activity_add (a, &ev);
  g_hash_table_replace (ref, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (ref, &sec)) + 1));
}

/* Three hours of starts (past the hour of seconds): every query over what
 * a level reaches is exact, at its resolution; the coarsest level that
 * tiles a query is used; out of order events land where they belong. */
static void
test_exact (void **state)
{
  g_autoptr (Activity) a = activity_new ();
  g_autoptr (GHashTable) ref = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GRand *r = g_rand_new_with_seed (3);
  const gint64 t0 = 108000;  /* 30 h: a whole number of hours */
  ActivityCounts out[40];

  gint64 earliest = G_MAXINT64;
  for (gint64 sec = t0; sec < t0 + 3 * 3600; sec++)
    for (guint k = g_rand_int_range (r, 0, 4); k > 0; k--)
      {
        gint64 at = sec - (g_rand_int_range (r, 0, 10) == 0 ? 5 : 0);
        gint64 ns = g_rand_int_range (r, 0, 1000000000);
        add_start (a, ref, at, ns);
        earliest = MIN (earliest, at * SEC + ns);
      }
  gint64 now = (t0 + 3 * 3600) * SEC;
  /* The last minute, second by second: the 1 s level. */
  assert_int_equal (activity_query (a, now - 40 * SEC, SEC, 40, out), SEC);
  for (guint i = 0; i < 40; i++)
    assert_int_equal (out[i].n[ACTIVITY_START],
                      ref_sum (ref, now - (40 - (gint64) i) * SEC, now - (39 - (gint64) i) * SEC));
  /* Minutes of the last hour: the 1 min level tiles them. */
  assert_int_equal (activity_query (a, now - 40 * 60 * SEC, 60 * SEC, 40, out), 60 * SEC);
  for (guint i = 0; i < 40; i++)
    {
      gint64 s = now - (40 - (gint64) i) * 60 * SEC;
      assert_int_equal (out[i].n[ACTIVITY_START], ref_sum (ref, s, s + 60 * SEC));
    }
  /* Two hours ago, 7 s wide: the 1 s level no longer reaches; 10 s
   * buckets, each counted where it starts. */
  gint64 from = now - 2 * 3600 * SEC;
  assert_int_equal (activity_query (a, from, 7 * SEC, 40, out), 10 * SEC);
  guint total = 0;
  for (guint i = 0; i < 40; i++)
    total += out[i].n[ACTIVITY_START];
  assert_int_equal (total, ref_sum (ref, from, from + 280 * SEC));
  /* Everything since the start, in 20 intervals of 10 min. */
  from = (t0 - 600) * SEC;
  assert_int_equal (activity_query (a, from, 600 * SEC, 20, out), 600 * SEC);
  total = 0;
  for (guint i = 0; i < 20; i++)
    total += out[i].n[ACTIVITY_START];
  assert_int_equal (total, g_hash_table_size (ref) ? ref_sum (ref, 0, G_MAXINT64) : 0);
  gint64 first, last;
  assert_true (activity_span (a, &first, &last));
  assert_true (first == earliest && last < now);
  g_rand_free (r);
}

/* A clock that jumps years ahead: the fine levels forget, the queries say
 * what they no longer reach (0); events older than a level reaches are
 * counted only at the levels that do; times at the ends of the range;
 * memory stays within its bound. */
static void
test_wrap (void **state)
{
  g_autoptr (Activity) a = activity_new ();
  g_autoptr (GHashTable) ref = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ActivityCounts out[4];
  gsize bound = sizeof (ActivityCounts) * (3600 + 2160 + 1440 + 1008 + 8784) + 1024;

  for (gint64 sec = 0; sec < 100; sec++)
    add_start (a, ref, sec, 0);
  /* Two days on: only the 10 min and 1 h levels reach the first 100 s. */
  add_start (a, ref, 2 * 86400, 0);
  assert_int_equal (activity_query (a, 0, SEC, 4, out), 600 * SEC);
  assert_int_equal (out[0].n[ACTIVITY_START], 100);
  assert_int_equal (activity_query (a, 0, 3600 * SEC, 1, out), 3600 * SEC);
  assert_int_equal (out[0].n[ACTIVITY_START], 100);
  /* An event from before the 1 s level's reach counts at the others. */
  add_start (a, ref, 86400, 0);
  assert_int_equal (activity_query (a, 86400 * SEC, 600 * SEC, 1, out), 600 * SEC);
  assert_int_equal (out[0].n[ACTIVITY_START], 1);
  assert_int_equal (activity_query (a, 2 * 86400 * SEC - 10 * SEC, SEC, 4, out), SEC);
  /* Years on: nothing reaches the start any more. */
  add_start (a, ref, 3 * 365 * 86400, 0);
  assert_int_equal (activity_query (a, 0, SEC, 4, out), 0);
  for (guint i = 0; i < 4; i++)
    assert_int_equal (out[i].n[ACTIVITY_START], 0);
  /* The ends of the range. */
  Event far[] = { { .kind = EVENT_FORK, .pid = 1, .tgid = 1, .mono_ns = G_MAXINT64 },
                  { .kind = EVENT_FORK, .pid = 1, .tgid = 1, .mono_ns = G_MININT64 },
                  { .kind = EVENT_LOST, .lost = G_MAXUINT64, .mono_ns = G_MAXINT64 } };
  for (guint i = 0; i < G_N_ELEMENTS (far); i++)
    activity_add (a, &far[i]);
  assert_int_equal (activity_query (a, G_MAXINT64 - SEC, SEC, 4, out), SEC);
  assert_int_equal (out[0].n[ACTIVITY_START], 1);
  assert_int_equal (out[0].n[ACTIVITY_LOST], G_MAXUINT32);
  assert_true (activity_memory (a) <= bound);
  gint64 first, last;
  assert_true (activity_span (a, &first, &last));
  assert_true (first == G_MININT64 && last == G_MAXINT64);
  /* Levels as documented. */
  gint64 span;
  assert_int_equal (activity_level (0, &span), SEC);
  assert_int_equal (span, 3600 * SEC);
  assert_int_equal (activity_level (ACTIVITY_LEVELS - 1, &span), 3600 * SEC);
}

/* An empty set counts nothing, anywhere. */
static void
test_empty (void **state)
{
  g_autoptr (Activity) a = activity_new ();
  ActivityCounts out[3] = { { { 7 } } };
  gint64 first, last;

  assert_int_equal (activity_query (a, 12345, SEC, 3, out), SEC);
  assert_int_equal (out[0].n[ACTIVITY_START], 0);
  assert_false (activity_span (a, &first, &last));
}

/* Appends to S a fork, an exec as NAME and an exit of pid PID at second
 * SEC, failing when FAIL; then COMMS renames (which count as nothing). */
static void
append_life (History *s, Proctab *live, gint pid, gint64 sec, const char *name, gboolean fail,
             guint comms)
{
  Event evs[] = {
    { .kind = EVENT_FORK, .pid = pid, .tgid = pid, .ppid = 1, .ptgid = 1, .mono_ns = sec * SEC },
    { .kind = EVENT_EXEC, .pid = pid, .tgid = pid, .comm = T_STR (name), .mono_ns = sec * SEC + 1 },
    { .kind = EVENT_EXIT, .pid = pid, .tgid = pid, .ppid = 1, .ptgid = 1,
      .exit_code = fail ? 256 : 0, .mono_ns = sec * SEC + 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (evs); i++)
    history_append (s, &evs[i], proctab_apply (live, &evs[i]));
  for (guint i = 0; i < comms; i++)
    {
      Event c = { .kind = EVENT_COMM, .pid = 1, .tgid = 1, .comm = T_STR ("init"),
                  .mono_ns = sec * SEC + 3 };
      history_append (s, &c, proctab_apply (live, &c));
    }
}

/* Counting what a filter picks, a slice at a time: the same counts as the
 * events say, kept up to date as events come, chunks with nothing that
 * counts passed over. */
static void
test_scan (void **state)
{
  HistoryOptions o = { .memory = HISTORY_MEMORY_MIN, .spill_cap = HISTORY_SPILL_CAP_MIN, .cache = 2,
                     .keep_ns = SEC, .max_tombs = 40, .chunk_entries = 32 };
  g_autoptr (History) s = history_new (&o, NULL);
  g_autoptr (Proctab) live = proctab_new (SEC, 40);
  g_autoptr (Filter) failed = filter_parse ("failed", NULL, NULL, NULL);
  g_autoptr (Filter) cc1 = filter_parse ("cc1", NULL, NULL, NULL);
  g_autoptr (ActivityScan) sf = activity_scan_new (s, failed, 0);
  g_autoptr (ActivityScan) sc = activity_scan_new (s, cc1, 0);
  Event init = { .kind = EVENT_SNAPSHOT, .pid = 1, .tgid = 1, .comm = T_STR ("init") };
  guint fails = 0, ccs = 0, steps = 0;
  ActivityCounts out[1];

  assert_true (activity_scan_step (sf, live, 10, G_MAXUINT64));
  assert_int_equal (activity_scan_from (sf), 0);
  history_append (s, &init, proctab_apply (live, &init));
  for (gint i = 0; i < 300; i++)
    {
      gboolean fail = i % 7 == 0, is_cc = i % 3 == 0;
      append_life (s, live, 100 + i, 10 + i, is_cc ? "cc1" : "ld", fail, i % 50 == 0 ? 100 : 0);
      fails += fail;
      ccs += is_cc;
    }
  while (!activity_scan_step (sf, live, 10, G_MAXUINT64))
    steps++;
  while (!activity_scan_step (sc, live, 1000, G_MAXUINT64))
    ;
  assert_true (steps > 50);
  assert_int_equal (activity_scan_from (sf), 1);
  activity_query (activity_scan_counts (sf), 0, 1000 * SEC, 1, out);
  assert_int_equal (out[0].n[ACTIVITY_FAIL], fails);
  assert_int_equal (out[0].n[ACTIVITY_START] + out[0].n[ACTIVITY_EXEC] + out[0].n[ACTIVITY_EXIT],
                    0);
  activity_query (activity_scan_counts (sc), 0, 1000 * SEC, 1, out);
  /* The fork counts under the name it had then (its parent's), not cc1. */
  assert_int_equal (out[0].n[ACTIVITY_START], 0);
  assert_int_equal (out[0].n[ACTIVITY_EXEC], ccs);
  assert_int_equal (out[0].n[ACTIVITY_EXIT] + out[0].n[ACTIVITY_FAIL], ccs);
  /* Live: more events, one more step. */
  append_life (s, live, 900, 500, "cc1", TRUE, 0);
  assert_true (activity_scan_step (sf, live, 100, G_MAXUINT64));
  activity_query (activity_scan_counts (sf), 0, 1000 * SEC, 1, out);
  assert_int_equal (out[0].n[ACTIVITY_FAIL], fails + 1);
  /* Frozen at the newest entry: what comes after is not counted up to
   * there, and is once the limit goes. */
  guint64 frozen = history_newest (s);
  append_life (s, live, 901, 501, "cc1", TRUE, 0);
  assert_true (activity_scan_step (sf, live, 100, frozen));
  activity_query (activity_scan_counts (sf), 0, 1000 * SEC, 1, out);
  assert_int_equal (out[0].n[ACTIVITY_FAIL], fails + 1);
  assert_true (activity_scan_step (sf, live, 100, G_MAXUINT64));
  activity_query (activity_scan_counts (sf), 0, 1000 * SEC, 1, out);
  assert_int_equal (out[0].n[ACTIVITY_FAIL], fails + 2);
  /* The unfiltered counts of the store: every start. */
  activity_query (history_activity (s), 0, 1000 * SEC, 1, out);
  assert_int_equal (out[0].n[ACTIVITY_START], 302);
}

/* The starts A counts from 7200 s on, in N intervals of WIDTH_S (which
 * picks the level read: 13 s the seconds, 1200 s the 10 minutes, 3600 s
 * the hours), and the events lost. */
static guint64
copy_sum (const Activity *a, gint64 width_s, guint n, guint64 *lost)
{
  g_autofree ActivityCounts *out = g_new (ActivityCounts, n);
  guint64 sum = 0;

  activity_query (a, 7200 * SEC, width_s * SEC, n, out);
  *lost = 0;
  for (guint i = 0; i < n; i++)
    {
      sum += out[i].n[ACTIVITY_START];
      *lost = MAX (*lost, out[i].n[ACTIVITY_LOST]);
    }
  return sum;
}

/* A copy less the events taken back is the counts before them, at every
 * level; what the copy does not hold, or a saturated count, is left. */
static void
test_copy_remove (void **state)
{
  g_autoptr (Activity) a = activity_new ();
  Event fork = { .kind = EVENT_FORK, .pid = 5, .tgid = 5 };
  Event lost = { .kind = EVENT_LOST, .lost = G_MAXUINT32, .mono_ns = 7200 * SEC };
  const struct { gint64 width_s; guint n; } q[] = { { 13, 277 }, { 1200, 3 }, { 3600, 1 } };
  guint64 l;

  for (gint i = 0; i < 50; i++)
    {
      fork.mono_ns = 7200 * SEC + i * 13 * SEC;
      activity_add (a, &fork);
    }
  activity_add (a, &lost);
  activity_add (a, &lost);
  g_autoptr (Activity) c = activity_copy (a);
  /* Later than the rest, in the newest bucket of every level. */
  fork.mono_ns = 7200 * SEC + 50 * 13 * SEC;
  activity_add (c, &fork);
  activity_add (c, &fork);
  for (guint k = 0; k < G_N_ELEMENTS (q); k++)
    assert_int_equal (copy_sum (c, q[k].width_s, q[k].n, &l), 52);
  activity_remove (c, &fork);
  activity_remove (c, &fork);
  /* Never counted, before what the levels hold. */
  fork.mono_ns = -G_MAXINT64;
  activity_remove (c, &fork);
  activity_remove (c, &lost);
  for (guint k = 0; k < G_N_ELEMENTS (q); k++)
    {
      assert_int_equal (copy_sum (c, q[k].width_s, q[k].n, &l), 50);
      assert_int_equal (l, G_MAXUINT32);
      /* The original is untouched. */
      assert_int_equal (copy_sum (a, q[k].width_s, q[k].n, &l), 50);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_kinds),
    cmocka_unit_test (test_exact),
    cmocka_unit_test (test_wrap),
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_scan),
    cmocka_unit_test (test_copy_remove),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
