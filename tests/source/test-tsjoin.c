/* test-tsjoin.c - task statistics joined to the ends the model concludes,
 * in every order: before the EXIT, after it, never; a thread's; the last
 * thread's after the leader's; a group whose threads are not all known;
 * records nobody claims. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tsjoin.h"

#define MS G_GINT64_CONSTANT (1000000)
/* How long records wait here. */
#define KEEP (2000 * MS)

/* A task's record: CPU_MS of CPU with ticks of user and system time
 * (us), peak memory KIB, and counts that name it. */
static TsparseStats
task (guint32 pid, guint64 cpu_ms, guint64 utime_us, guint64 stime_us, guint64 kib)
{
  TsparseStats s = { .id = pid, .version = 16, .have = TSPARSE_BIT (TSPARSE_FIELD_MAX) - 1 };
  s.v[TSPARSE_CPU] = cpu_ms * MS;
  s.v[TSPARSE_UTIME] = utime_us;
  s.v[TSPARSE_STIME] = stime_us;
  s.v[TSPARSE_HIWATER_RSS] = kib;
  s.v[TSPARSE_READ_BYTES] = 4096 * pid;
  s.v[TSPARSE_WRITE_BYTES] = 512;
  s.v[TSPARSE_NVCSW] = 3;
  s.v[TSPARSE_NIVCSW] = 1;
  for (guint f = TSPARSE_DELAY_CPU; f <= TSPARSE_DELAY_IRQ; f++)
    s.v[f] = 1000 * f;
  return s;
}

/* A group's sums: CPU_MS of CPU, delays that name them (as the kernel's,
 * no memory or disk figures). */
static TsparseStats
group (guint32 tgid, guint64 cpu_ms)
{
  TsparseStats s = task (tgid, cpu_ms, 0, 0, 0);
  s.group = TRUE;
  s.v[TSPARSE_DELAY_CPU] = 777;
  return s;
}

/* Field F of C, which must be there. */
static guint64
get (const Cost *c, CostField f)
{
  guint64 v = 0;
  if (!cost_get (c, f, &v))
    fail_msg ("field %s is missing", cost_field_name (f));
  return v;
}

/* A single-threaded process: its record comes first (as the kernel sends
 * it), its end takes it all; CPU split as getrusage does; without delay
 * accounting only the CPU's delay. */
static void
test_before_exit (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);
  TsparseStats s = task (10, 300, 3000, 1000, 65 * 1024);

  tsjoin_add (j, &s, 0);
  assert_true (tsjoin_has (j, 10));
  g_autoptr (Cost) c = tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL);
  assert_int_equal (get (c, COST_CPU), 300 * MS);
  assert_int_equal (get (c, COST_CPU_USER), 225 * MS);
  assert_int_equal (get (c, COST_CPU_SYSTEM), 75 * MS);
  assert_int_equal (get (c, COST_PEAK_RSS), 65 << 20);
  assert_int_equal (get (c, COST_DISK_READ), 40960);
  assert_int_equal (get (c, COST_DISK_WRITE), 512);
  assert_int_equal (get (c, COST_CSW_VOLUNTARY), 3);
  assert_int_equal (get (c, COST_CSW_INVOLUNTARY), 1);
  assert_int_equal (get (c, COST_DELAY_CPU), 1000 * TSPARSE_DELAY_CPU);
  assert_false (cost_get (c, COST_DELAY_BLKIO, NULL));
  assert_false (cost_get (c, COST_DELAY_IRQ, NULL));
  assert_false (tsjoin_has (j, 10));
  assert_int_equal (tsjoin_count (j), 0);

  /* With delay accounting, all of them; with no tick sampled, no split. */
  g_autoptr (Tsjoin) d = tsjoin_new (100, KEEP, TRUE);
  TsparseStats quick = task (11, 1, 0, 0, 100);
  tsjoin_add (d, &quick, 0);
  g_autoptr (Cost) q = tsjoin_exit (d, 11, 11, TRUE, FALSE, NULL);
  assert_int_equal (get (q, COST_DELAY_IRQ), 1000 * TSPARSE_DELAY_IRQ);
  assert_int_equal (get (q, COST_DELAY_RECLAIM), 1000 * TSPARSE_DELAY_FREEPAGES);
  assert_int_equal (get (q, COST_CPU), MS);
  assert_false (cost_get (q, COST_CPU_USER, NULL));
  /* all the ticks in one mode: all the time is that mode's */
  TsparseStats sys = task (12, 8, 0, 4000, 100);
  tsjoin_add (d, &sys, 0);
  g_autoptr (Cost) k = tsjoin_exit (d, 12, 12, TRUE, FALSE, NULL);
  assert_int_equal (get (k, COST_CPU_USER), 0);
  assert_int_equal (get (k, COST_CPU_SYSTEM), 8 * MS);
}

/* The kernel's CPU time of 0 (a task that ran in one go between two
 * ticks, whose time was never added up) is not measured: no CPU, no
 * split, the rest kept; a process's and a thread's alike. */
static void
test_cpu_zero (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);
  TsparseStats s = task (10, 0, 0, 0, 1024);
  TsparseStats t = task (11, 0, 0, 0, 0);

  tsjoin_add (j, &s, 0);
  tsjoin_add (j, &t, 0);
  g_autoptr (Cost) c = tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL);
  assert_false (cost_get (c, COST_CPU, NULL));
  assert_false (cost_get (c, COST_CPU_USER, NULL));
  assert_false (cost_get (c, COST_CPU_SYSTEM, NULL));
  assert_int_equal (get (c, COST_PEAK_RSS), 1 << 20);
  assert_int_equal (get (c, COST_CSW_VOLUNTARY), 3);
  g_autoptr (Cost) th = tsjoin_exit (j, 11, 10, FALSE, TRUE, NULL);
  assert_false (cost_get (th, COST_CPU, NULL));
  assert_int_equal (get (th, COST_DISK_READ), 4096 * 11);

  /* A nanosecond is a measure. */
  TsparseStats one = task (12, 0, 0, 0, 1024);
  one.v[TSPARSE_CPU] = 1;
  tsjoin_add (j, &one, 0);
  g_autoptr (Cost) c1 = tsjoin_exit (j, 12, 12, TRUE, FALSE, NULL);
  assert_int_equal (get (c1, COST_CPU), 1);
}

/* The name of the process at its end comes from its leader's own record
 * when the leader's EXIT ends it: not from a thread's, nor from the last
 * thread's after its leader (a thread's name), nor without a record. */
static void
test_comm (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);
  char comm[16] = "stale";
  TsparseStats leader = task (40, 1, 0, 0, 100), thread = task (41, 1, 0, 0, 100);

  g_strlcpy (leader.comm, "true", sizeof leader.comm);
  g_strlcpy (thread.comm, "worker", sizeof thread.comm);
  tsjoin_add (j, &thread, 0);
  g_autoptr (Cost) t = tsjoin_exit (j, 41, 40, FALSE, TRUE, comm);
  assert_non_null (t);
  assert_string_equal (comm, "");
  tsjoin_add (j, &leader, 0);
  /* Its thread's record without the group's sums: no cost, but a name. */
  g_autoptr (Cost) l = tsjoin_exit (j, 40, 40, TRUE, FALSE, comm);
  assert_null (l);
  assert_string_equal (comm, "true");

  /* The last thread after its leader ends the process under its own name. */
  TsparseStats last = task (51, 1, 0, 0, 100);
  g_strlcpy (last.comm, "worker", sizeof last.comm);
  tsjoin_add (j, &last, 0);
  g_autoptr (Cost) w = tsjoin_exit (j, 51, 50, TRUE, FALSE, comm);
  assert_non_null (w);
  assert_string_equal (comm, "");

  /* No record: nothing to say. */
  assert_null (tsjoin_exit (j, 60, 60, TRUE, FALSE, comm));
  assert_string_equal (comm, "");
}

/* An end whose record never came, or comes after it: nothing measured,
 * and the late record is no later incarnation's: it waits at most the
 * keeping time, and a newer one of the same pid replaces it. */
static void
test_after_exit_or_never (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);

  assert_false (tsjoin_has (j, 10));
  assert_null (tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL));
  TsparseStats late = task (10, 5, 0, 0, 100);
  tsjoin_add (j, &late, MS);
  /* the tick within the keeping time keeps it, the one after drops it:
   * pid 10 again, much later, whose record never came, gets none */
  tsjoin_expire (j, MS + KEEP);
  assert_true (tsjoin_has (j, 10));
  tsjoin_expire (j, MS + KEEP + 1);
  assert_false (tsjoin_has (j, 10));
  assert_null (tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL));
  /* pid 10 again, its own record newer than a late one */
  tsjoin_add (j, &late, 10 * KEEP);
  TsparseStats own = task (10, 7, 0, 0, 100);
  tsjoin_add (j, &own, 10 * KEEP + MS);
  assert_int_equal (tsjoin_count (j), 1);
  g_autoptr (Cost) c = tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL);
  assert_int_equal (get (c, COST_CPU), 7 * MS);
}

/* A thread's end: its record goes to its process's sums; its own cost
 * (no memory peak, which is the process's) only when asked for. */
static void
test_thread (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);
  TsparseStats t1 = task (11, 20, 1000, 1000, 900), t2 = task (12, 30, 4000, 0, 900);

  tsjoin_add (j, &t1, 0);
  tsjoin_add (j, &t2, 0);
  assert_null (tsjoin_exit (j, 11, 10, FALSE, FALSE, NULL));
  g_autoptr (Cost) c = tsjoin_exit (j, 12, 10, FALSE, TRUE, NULL);
  assert_int_equal (get (c, COST_CPU), 30 * MS);
  assert_int_equal (get (c, COST_CPU_USER), 30 * MS);
  assert_false (cost_get (c, COST_PEAK_RSS, NULL));
  assert_int_equal (get (c, COST_DISK_READ), 4096 * 12);
  /* no record: nothing */
  assert_null (tsjoin_exit (j, 13, 10, FALSE, TRUE, NULL));
}

/* A process whose leader left first (pthread_exit): the leader's and the
 * threads' records are summed; the last thread brings the group's sums
 * with its record, which the kernel sends in one message, and its EXIT
 * ends the process: the group's CPU and delays, the sums' split, bytes
 * and switches, the highest peak. */
static void
test_last_thread_after_leader (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);
  TsparseStats leader = task (10, 10, 1000, 0, 500), t = task (11, 50, 3000, 1000, 700);
  TsparseStats last = task (12, 40, 4000, 3000, 800), g = group (10, 100);

  tsjoin_add (j, &leader, 0);
  assert_null (tsjoin_exit (j, 10, 10, FALSE, FALSE, NULL));
  tsjoin_add (j, &t, MS);
  assert_null (tsjoin_exit (j, 11, 10, FALSE, FALSE, NULL));
  tsjoin_add (j, &last, 2 * MS);
  tsjoin_add (j, &g, 2 * MS);
  g_autoptr (Cost) c = tsjoin_exit (j, 12, 10, TRUE, FALSE, NULL);
  assert_int_equal (get (c, COST_CPU), 100 * MS);
  /* ticks: 8000 us user, 4000 us system */
  assert_int_equal (get (c, COST_CPU_USER) + get (c, COST_CPU_SYSTEM), 100 * MS);
  assert_true (get (c, COST_CPU_USER) >= 66 * MS && get (c, COST_CPU_USER) <= 67 * MS);
  assert_int_equal (get (c, COST_PEAK_RSS), 800 * 1024);
  assert_int_equal (get (c, COST_DISK_READ), 4096 * (10 + 11 + 12));
  assert_int_equal (get (c, COST_CSW_VOLUNTARY), 9);
  assert_int_equal (get (c, COST_DELAY_CPU), 777);
  assert_int_equal (tsjoin_count (j), 0);

  /* The EXIT that ends it may be another thread's than the one that
   * brought the group's sums (the kernel's last does not report last). */
  TsparseStats a = task (21, 10, 1000, 0, 100), b = task (22, 10, 1000, 0, 100);
  TsparseStats g2 = group (20, 30), lead = task (20, 10, 1000, 0, 100);
  tsjoin_add (j, &lead, 0);
  tsjoin_add (j, &b, 0);
  tsjoin_add (j, &g2, 0);
  tsjoin_add (j, &a, 0);
  assert_null (tsjoin_exit (j, 20, 20, FALSE, FALSE, NULL));
  assert_null (tsjoin_exit (j, 22, 20, FALSE, FALSE, NULL));
  g_autoptr (Cost) d = tsjoin_exit (j, 21, 20, TRUE, FALSE, NULL);
  assert_int_equal (get (d, COST_CPU), 30 * MS);
  assert_int_equal (get (d, COST_CPU_USER), 30 * MS);
}

/* Threads that ended before forkscope listened, or whose records were
 * lost: the group's CPU says the records are not all, so the split, the
 * bytes and the switches are left out; the CPU, delays and peak stay. */
static void
test_group_incomplete (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, FALSE);
  TsparseStats last = task (10, 40, 4000, 0, 800), g = group (10, 100);

  tsjoin_add (j, &last, 0);
  tsjoin_add (j, &g, 0);
  g_autoptr (Cost) c = tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL);
  assert_int_equal (get (c, COST_CPU), 100 * MS);
  assert_int_equal (get (c, COST_PEAK_RSS), 800 * 1024);
  assert_int_equal (get (c, COST_DELAY_CPU), 777);
  assert_false (cost_get (c, COST_CPU_USER, NULL));
  assert_false (cost_get (c, COST_DISK_READ, NULL));
  assert_false (cost_get (c, COST_CSW_VOLUNTARY, NULL));

  /* only the group's sums came: their CPU */
  tsjoin_add (j, &g, 0);
  g_autoptr (Cost) d = tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL);
  assert_int_equal (get (d, COST_CPU), 100 * MS);
  assert_false (cost_get (d, COST_PEAK_RSS, NULL));

  /* threads ended, but the group's sums never came: the last record is
   * a part only, and no part is told as the whole */
  TsparseStats t = task (31, 10, 0, 0, 1), leader = task (30, 10, 0, 0, 1);
  tsjoin_add (j, &t, 0);
  assert_null (tsjoin_exit (j, 31, 30, FALSE, FALSE, NULL));
  tsjoin_add (j, &leader, 0);
  assert_null (tsjoin_exit (j, 30, 30, TRUE, FALSE, NULL));
}

/* Records of pids nobody's EXIT claims (forkscope's own threads, an EXIT
 * lost) wait the keeping time, at most MAX of them (new ones are dropped
 * while none is old enough to go): memory stays bounded; so do the sums
 * of processes whose end never comes. */
static void
test_unclaimed (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (8, KEEP, FALSE);

  for (guint32 pid = 100; pid < 200; pid++)
    {
      TsparseStats s = task (pid, 1, 0, 0, 1);
      tsjoin_add (j, &s, pid < 150 ? 0 : KEEP + 1);
      assert_true (tsjoin_count (j) <= 8);
    }
  /* 100 to 107 filled it, 108 to 149 were dropped; at KEEP + 1 the
   * first went, for 150 to 157 */
  assert_false (tsjoin_has (j, 107));
  assert_false (tsjoin_has (j, 108));
  assert_true (tsjoin_has (j, 150));
  assert_true (tsjoin_has (j, 157));
  assert_false (tsjoin_has (j, 158));
  /* a newer record of a task held replaces it, even when full */
  TsparseStats again = task (157, 9, 0, 0, 1);
  tsjoin_add (j, &again, KEEP + 2);
  g_autoptr (Cost) newer = tsjoin_exit (j, 157, 157, TRUE, FALSE, NULL);
  assert_int_equal (get (newer, COST_CPU), 9 * MS);
  tsjoin_expire (j, 3 * KEEP);
  assert_int_equal (tsjoin_count (j), 0);
  /* sums of 100 processes' threads, 8 kept: the oldest ends unsplit */
  for (guint32 tgid = 1000; tgid < 1100; tgid++)
    {
      TsparseStats s = task (tgid + 5000, 1, 1000, 0, 1);
      tsjoin_add (j, &s, 0);
      assert_null (tsjoin_exit (j, tgid + 5000, tgid, FALSE, FALSE, NULL));
    }
  TsparseStats g = group (1000, 1), g2 = group (1099, 1);
  tsjoin_add (j, &g, 0);
  tsjoin_add (j, &g2, 0);
  g_autoptr (Cost) forgotten = tsjoin_exit (j, 1000, 1000, TRUE, FALSE, NULL);
  assert_false (cost_get (forgotten, COST_CPU_USER, NULL));
  assert_false (cost_get (forgotten, COST_PEAK_RSS, NULL));
  g_autoptr (Cost) kept = tsjoin_exit (j, 1099, 1099, TRUE, FALSE, NULL);
  assert_true (cost_get (kept, COST_CPU_USER, NULL));
}

/* Fields a record lacks (an older kernel's version) are absent from the
 * cost, and from a group's split where one thread's record lacks them. */
static void
test_missing_fields (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (100, KEEP, TRUE);
  TsparseStats old = task (10, 5, 1000, 0, 9);
  old.have &= ~(TSPARSE_BIT (TSPARSE_DELAY_IRQ) | TSPARSE_BIT (TSPARSE_NVCSW));
  tsjoin_add (j, &old, 0);
  g_autoptr (Cost) c = tsjoin_exit (j, 10, 10, TRUE, FALSE, NULL);
  assert_false (cost_get (c, COST_DELAY_IRQ, NULL));
  assert_false (cost_get (c, COST_CSW_VOLUNTARY, NULL));
  assert_true (cost_get (c, COST_CSW_INVOLUNTARY, NULL));
  assert_true (cost_get (c, COST_DELAY_WPCOPY, NULL));

  TsparseStats t = task (21, 5, 1000, 0, 9), last = task (20, 5, 1000, 0, 9), g = group (20, 10);
  t.have &= ~TSPARSE_BIT (TSPARSE_READ_BYTES);
  tsjoin_add (j, &t, 0);
  tsjoin_exit (j, 21, 20, FALSE, FALSE, NULL);
  tsjoin_add (j, &last, 0);
  tsjoin_add (j, &g, 0);
  g_autoptr (Cost) d = tsjoin_exit (j, 20, 20, TRUE, FALSE, NULL);
  assert_false (cost_get (d, COST_DISK_READ, NULL));
  assert_true (cost_get (d, COST_DISK_WRITE, NULL));
  assert_true (cost_get (d, COST_CPU_USER, NULL));
}

/* Thousands of records of colliding ids added, replaced, taken and
 * expired at random: the join holds exactly what a plain table would. */
static void
test_random_index (void **state)
{
  g_autoptr (Tsjoin) j = tsjoin_new (5000, 10, FALSE);
  g_autoptr (GHashTable) want = g_hash_table_new (NULL, NULL);
  g_autoptr (GRand) rnd = g_rand_new_with_seed (7);
  gint64 now = 0;

  for (guint round = 0; round < 200000; round++)
    {
      /* ids that collide in the index: multiples of a power of two */
      guint32 id = 1 + (guint32) g_rand_int_range (rnd, 0, 3000) * 64;
      guint32 op = g_rand_int_range (rnd, 0, 100);
      if (op < 55)
        {
          TsparseStats s = task (id, 1, 0, 0, 1);
          tsjoin_add (j, &s, now);
          g_hash_table_insert (want, GUINT_TO_POINTER (id), GSIZE_TO_POINTER ((gsize) now + 1));
        }
      else if (op < 99)
        {
          g_autoptr (Cost) c = tsjoin_exit (j, (gint) id, (gint) id, TRUE, FALSE, NULL);
          assert_int_equal (c != NULL, g_hash_table_remove (want, GUINT_TO_POINTER (id)));
          /* its own record, not one that shared its slot */
          if (c)
            assert_int_equal (get (c, COST_DISK_READ), 4096 * (guint64) id);
        }
      else
        {
          now += 5;
          tsjoin_expire (j, now);
          GHashTableIter it;
          gpointer when;
          g_hash_table_iter_init (&it, want);
          while (g_hash_table_iter_next (&it, NULL, &when))
            if (now - ((gint64) GPOINTER_TO_SIZE (when) - 1) > 10)
              g_hash_table_iter_remove (&it);
        }
      assert_int_equal (tsjoin_count (j), g_hash_table_size (want));
      assert_int_equal (tsjoin_has (j, (gint) id),
                        g_hash_table_contains (want, GUINT_TO_POINTER (id)));
    }
  /* taken to empty, it is whole again */
  GHashTableIter it;
  gpointer id;
  g_hash_table_iter_init (&it, want);
  while (g_hash_table_iter_next (&it, &id, NULL))
    {
      g_autoptr (Cost) c = tsjoin_exit (j, GPOINTER_TO_INT (id), GPOINTER_TO_INT (id), TRUE, FALSE, NULL);
      assert_non_null (c);
    }
  assert_int_equal (tsjoin_count (j), 0);
  TsparseStats s = task (5, 1, 0, 0, 1);
  tsjoin_add (j, &s, now);
  assert_true (tsjoin_has (j, 5));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_before_exit),
    cmocka_unit_test (test_cpu_zero),
    cmocka_unit_test (test_comm),
    cmocka_unit_test (test_after_exit_or_never),
    cmocka_unit_test (test_thread),
    cmocka_unit_test (test_last_thread_after_leader),
    cmocka_unit_test (test_group_incomplete),
    cmocka_unit_test (test_unclaimed),
    cmocka_unit_test (test_missing_fields),
    cmocka_unit_test (test_random_index),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
