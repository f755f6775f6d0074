/* test-details.c - the details pane's text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "cells.h"
#include "details.h"
#include "uitest.h"
#include "tstr.h"

/* Whether any line of LINES holds NEEDLE. */
static gboolean
has (GPtrArray *lines, const char *needle)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], needle))
      return TRUE;
  return FALSE;
}

/* Asserts that every line fits WIDTH and holds no control character. */
static void
check_lines (GPtrArray *lines, int width)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *l = lines->pdata[i];
      if (cells_width (l) > MAX (width, 1))
        fail_msg ("too wide for %d: '%s'", width, l);
      assert_true (g_utf8_validate (l, -1, NULL));
      for (const char *c = l; *c; c++)
        assert_true ((guchar) *c >= 0x20 && *c != 0x7f);
    }
}

/* Asserts check_lines of P's details at every width up to 90. */
static void
check_widths (const Proc *p, History *h, const DetailsLive *live, const RowtextCtx *ctx)
{
  for (int w = 1; w <= 90; w++)
    {
      g_autoptr (GPtrArray) lines = details_lines (p, h, live, ctx, w);
      check_lines (lines, w);
    }
}

static void
test_process (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  g_autoptr (History) h = ut_history (0, 0);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 40 * UT_SEC };
  DetailsLive live = { .cwd = g_strdup ("/home/\x1b[1malice"), .cgroup = g_strdup ("/user.slice") };
  char *argv[] = { T_STR ("make"), T_STR ("-j8"), T_STR ("CFLAGS=-O2 -g -Wall -Wextra -Werror"), NULL };
  Proc *p;
  Event fork = { .kind = EVENT_FORK, .pid = 14, .tgid = 14, .ptgid = 13, .ppid = 13,
                 .mono_ns = 90 * UT_SEC, .wall_ns = UT_WALL + 90 * UT_SEC };
  Event noise = { .kind = EVENT_FORK, .pid = 15, .tgid = 15, .ptgid = 1 };

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  ut_snap (pt, 11, 1, "bash", 1000, 6, FALSE);
  p = ut_snap (pt, 13, 11, "make\x1b[2J", 1000, 8, FALSE);
  proc_set_argv (p, argv);
  history_append (h, &fork, p);
  history_append (h, &noise, NULL);
  /* Two threads' ends: each line names its thread (no pid column here). */
  for (gint tid = 16; tid <= 17; tid++)
    {
      Event gone = { .kind = EVENT_EXIT, .pid = tid, .tgid = 13,
                     .mono_ns = (75 + tid) * UT_SEC, .wall_ns = UT_WALL + (75 + tid) * UT_SEC };
      history_append (h, &gone, p);
    }

  check_widths (p, h, &live, &ctx);
  {
    g_autoptr (GPtrArray) lines = details_lines (p, h, &live, &ctx, 40);
    assert_true (has (lines, "pid      13"));
    assert_true (has (lines, "parents  bash 11 < init 1"));
    assert_true (has (lines, "user     1000, effective 1000"));
    assert_true (has (lines, "make\\e[2J"));
    assert_true (has (lines, "cwd      /home/\\e[1malice"));
    assert_true (has (lines, "cgroup   /user.slice"));
    assert_true (has (lines, "age 32.0s"));
    assert_true (has (lines, "threads 1; children 0 live,"));
    assert_true (has (lines, "recent events:"));
    assert_true (has (lines, "fork child of 13"));
    assert_true (has (lines, "exit 16 [thread of 13]"));
    assert_true (has (lines, "exit 17 [thread of 13]"));
    assert_false (has (lines, "child of 1 "));
    /* The command line wraps under its label. */
    assert_true (has (lines, "command  make -j8 \"CFLAGS=-O2 -g -Wall"));
    assert_false (has (lines, "-Wall -"));  /* no word is cut */
    assert_true (has (lines, "         -Wextra -Werror\""));
  }
  {
    /* Of a process older than what was seen, the forks seen: since
     * when. */
    g_autoptr (GPtrArray) lines = details_lines (p, h, &live, &ctx, 90);
    assert_true (has (lines, "0 forked since forkscope started"));
  }
  {
    /* Without live fields and history: no cwd, no events. */
    g_autoptr (GPtrArray) lines = details_lines (p, NULL, NULL, &ctx, 60);
    assert_false (has (lines, "cwd"));
    assert_false (has (lines, "recent events"));
  }
  ctx.replay = TRUE;
  {
    g_autoptr (GPtrArray) lines = details_lines (p, NULL, NULL, &ctx, 90);
    assert_true (has (lines, "0 forked since the recording started"));
  }
  /* One seen from its fork: every child counted, no "since". */
  Event born = { .kind = EVENT_FORK, .pid = 16, .tgid = 16, .ptgid = 13, .ppid = 13,
                 .mono_ns = 35 * UT_SEC };
  Event child = { .kind = EVENT_FORK, .pid = 17, .tgid = 17, .ptgid = 16, .ppid = 16,
                  .mono_ns = 36 * UT_SEC };
  proctab_apply (pt, &born);
  proctab_apply (pt, &child);
  {
    g_autoptr (GPtrArray) lines = details_lines (proctab_lookup (pt, 16), NULL, NULL, &ctx, 80);
    assert_true (has (lines, "children 1 live, 1 forked"));
    assert_false (has (lines, "forked since"));
  }
  ut_exit (pt, 13, 3 << 8, 39);
  ctx.now_ns = 41 * UT_SEC;
  ctx.tomb_show_ns = 5 * UT_SEC;
  {
    g_autoptr (GPtrArray) lines = details_lines (p, h, NULL, &ctx, 60);
    assert_true (has (lines, "pid      13 (tgid 13), exited"));
    assert_true (has (lines, "lived 31.0s"));
    assert_true (has (lines, "2.00s ago: exit 3"));
    assert_false (has (lines, "kept while selected"));
  }
  /* Past its time in the tree: shown because it is selected. */
  ctx.now_ns = 50 * UT_SEC;
  {
    g_autoptr (GPtrArray) lines = details_lines (p, h, NULL, &ctx, 80);
    assert_true (has (lines, "shown    kept while selected (exits leave the tree after 5.00s)"));
  }
  details_live_clear (&live);
  assert_null (live.cwd);
}

/* A process whose leader left lives on in its threads; its name, unread
 * at exec, is said to be unknown. */
static void
test_leader_exited (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 40 * UT_SEC };

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  ut_snap (pt, 40, 1, "app", 0, 2, FALSE);
  ut_thread (pt, 40, 41, "worker");
  Event exec = { .kind = EVENT_EXEC, .pid = 40, .tgid = 40 };
  proctab_apply (pt, &exec);
  ut_thread (pt, 40, 42, "worker");
  Proc *p = ut_exit (pt, 40, 0, 30);
  assert_true (p->alive);
  g_autoptr (GPtrArray) lines = details_lines (p, NULL, NULL, &ctx, 60);
  assert_true (has (lines, "pid      40 (tgid 40), leader thread exited"));
  assert_true (has (lines, "comm     (name not known)"));
  assert_true (has (lines, "parents  init 1"));
  assert_true (has (lines, "threads 1;"));
}

static void
test_event_only (void **state)
{
  RowtextCtx ctx = { .utf8 = TRUE };
  HistoryEntry e = { .seq = 5, .ev = { .kind = EVENT_EXIT, .pid = 7, .tgid = 7,
                                       .comm = T_STR ("\x1b" "x"), .exit_code = 9 } };

  for (int w = 1; w <= 60; w++)
    {
      g_autoptr (GPtrArray) lines = details_event_lines (&e, &ctx, w);
      check_lines (lines, w);
    }
  {
    g_autoptr (GPtrArray) lines = details_event_lines (&e, &ctx, 60);
    assert_true (has (lines, "no longer known"));
    assert_true (has (lines, "SIGKILL"));
    assert_true (has (lines, "\\ex"));
  }
}

/* What is not there is said, never made up: no parent where /proc gave
 * ppid 0, no command line for a kernel thread, and one not known for a
 * process seen only by its exec, whose parent is not known either. */
static void
test_not_there (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE };
  Event exec = { .kind = EVENT_EXEC, .pid = 40, .tgid = 40, .comm = T_STR ("sh") };
  Proc *init = ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  Proc *kthreadd = ut_snap (pt, 2, 0, "kthreadd", 0, 1, TRUE);
  Proc *sh = proctab_apply (pt, &exec);

  {
    g_autoptr (GPtrArray) lines = details_lines (init, NULL, NULL, &ctx, 60);
    assert_true (has (lines, "parents  none (ppid 0)"));
    assert_true (has (lines, "command  not known"));
  }
  {
    g_autoptr (GPtrArray) lines = details_lines (kthreadd, NULL, NULL, &ctx, 60);
    assert_true (has (lines, "parents  none (ppid 0)"));
    assert_true (has (lines, "command  none: a kernel thread"));
  }
  {
    g_autoptr (GPtrArray) lines = details_lines (sh, NULL, NULL, &ctx, 60);
    assert_true (has (lines, "parents  not known"));
    assert_true (has (lines, "command  not known: unreadable at its exec"));
    assert_false (has (lines, "[sh]"));
  }
  check_widths (sh, NULL, NULL, &ctx);
}

/* A fold: what it stands for, then the member that ended last. */
static void
test_fold (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 40 * UT_SEC };
  RowsFold fold = { .comm = T_STR ("cc1"), .count = 214, .failed = 1, .min_life = -1,
                    .max_life = -1, .statuses = { { 0, FALSE, 213 }, { 1 << 8, FALSE, 1 } } };

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  Proc *p = ut_snap (pt, 13, 1, "cc1", 1000, 8, FALSE);
  ut_exit (pt, 13, 0, 30);
  for (int w = 1; w <= 90; w++)
    {
      g_autoptr (GPtrArray) lines = details_fold_lines (&fold, NULL, 0, 0, p, NULL, &ctx, w);
      check_lines (lines, w);
    }
  g_autoptr (GPtrArray) lines = details_fold_lines (&fold, NULL, 0, 0, p, NULL, &ctx, 60);
  assert_true (has (lines, "fold     214 exited cc1, children of 1"));
  assert_true (has (lines, "ended    exit 0 ×213, exit 1 ×1"));
  assert_true (has (lines, "failed   1"));
  assert_true (has (lines, "pid      13 (tgid 13), exited"));
  assert_false (has (lines, "between"));
  /* The log's: events of a kind, when; no statuses but for ends. */
  RowsFold forks = { .comm = T_STR ("bash"), .count = 82, .min_life = -1, .max_life = -1 };
  g_autoptr (GPtrArray) log = details_fold_lines (&forks, "fork", UT_WALL + UT_SEC,
                                                  UT_WALL + 8 * UT_SEC, p, NULL, &ctx, 80);
  assert_true (has (log, "fold     82 fork events of bash, children of 1"));
  assert_true (has (log, "from     22:13:21.000 to 22:13:28.000"));
  assert_false (has (log, "ended    "));
}

/* What an end cost, each figure the kernel gave, in words; or that it
 * was not measured, and why. */
static void
test_cost (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 40 * UT_SEC };
  CostValues v = { .have = (COST_BIT (COST_FIELD_MAX) - 1) & ~COST_BIT (COST_DELAY_IRQ) };

  for (guint f = 0; f < COST_FIELD_MAX; f++)
    v.v[f] = 0;
  v.v[COST_CPU] = 1200 * 1000000ull;
  v.v[COST_CPU_USER] = 1000 * 1000000ull;
  v.v[COST_CPU_SYSTEM] = 200 * 1000000ull;
  v.v[COST_PEAK_RSS] = 120ull << 20;
  v.v[COST_DISK_READ] = 4ull << 20;
  v.v[COST_DISK_WRITE] = 1228ull << 10;
  v.v[COST_CSW_VOLUNTARY] = 1204;
  v.v[COST_CSW_INVOLUNTARY] = 33;
  v.v[COST_DELAY_CPU] = 12 * 1000000ull;
  v.v[COST_DELAY_BLKIO] = 3 * 1000000ull;
  g_autoptr (Cost) cost = cost_new (&v);
  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  ut_snap (pt, 13, 1, "make", 1000, 8, FALSE);
  ut_fork (pt, 13, 20, 10);
  Event exit = { .kind = EVENT_EXIT, .pid = 20, .tgid = 20, .mono_ns = 12 * UT_SEC,
                 .exit_code = 9, .exit_signal = 17, .cost = cost, .flags = EVENT_F_OOM };
  Proc *p = proctab_apply (pt, &exit);
  check_widths (p, NULL, NULL, &ctx);
  {
    g_autoptr (GPtrArray) lines = details_lines (p, NULL, NULL, &ctx, 90);
    assert_true (has (lines, "ago: SIGKILL (OOM killer)"));
    assert_true (has (lines, "cpu      1.20s (user 1.00s, system 200ms)"));
    assert_true (has (lines, "memory   peak 120 MiB"));
    assert_true (has (lines, "disk     read 4.0 MiB, written 1.1 MiB"));
    assert_true (has (lines, "switches 1,204 waiting, 33 preempted"));
    /* Delays that were nothing are not said; interrupts were not measured. */
    assert_true (has (lines, "delays   waiting for a CPU 12ms, block I/O 3.0ms"));
    assert_false (has (lines, "swap-in"));
    assert_false (has (lines, "interrupts"));
    assert_false (has (lines, "not measured"));
    /* Its own CPU is its subtree's, it had none below it. */
    assert_true (has (lines, "subtree  since it started: no descendant"));
    assert_true (has (lines, "tcpu     its own 1.20s"));
  }
  /* Every reason for none. */
  struct {
    gint pid;
    guint flags;
    gboolean replay;
    const char *no_cost, *want;
  } cases[] = {
    { 21, EVENT_F_COST_UNKNOWN, FALSE, NULL,
      "cost     not measured: the kernel's task statistics for it did not come" },
    { 22, EVENT_F_STATUS_UNKNOWN, FALSE, NULL,
      "cost     not measured: its end was found by a scan of /proc, not seen" },
    { 23, 0, FALSE, "no task statistics (--no-taskstats)",
      "cost     not measured: no task statistics (--no-taskstats)" },
    { 24, 0, TRUE, NULL, "cost     not measured: the recording has no cost for it" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ut_fork (pt, 13, cases[i].pid, 10);
      Event e = { .kind = EVENT_EXIT, .pid = cases[i].pid, .tgid = cases[i].pid,
                  .mono_ns = 13 * UT_SEC, .exit_signal = 17, .flags = cases[i].flags };
      Proc *q = proctab_apply (pt, &e);
      RowtextCtx c = ctx;
      c.replay = cases[i].replay;
      c.no_cost = cases[i].no_cost;
      g_autoptr (GPtrArray) lines = details_lines (q, NULL, NULL, &c, 90);
      if (!has (lines, cases[i].want))
        fail_msg ("case %u: no '%s'", i, cases[i].want);
      assert_false (has (lines, "memory"));
      assert_true (has (lines, "tcpu     its own not measured"));
    }
  /* Measured, but no clock tick fell in its life: no CPU time counted,
   * and said so. */
  CostValues peak_only = { .have = COST_BIT (COST_PEAK_RSS), .v = { [COST_PEAK_RSS] = 1 << 20 } };
  g_autoptr (Cost) no_cpu = cost_new (&peak_only);
  ut_fork (pt, 13, 25, 10);
  Event quick = { .kind = EVENT_EXIT, .pid = 25, .tgid = 25, .mono_ns = 13 * UT_SEC,
                  .exit_signal = 17, .cost = no_cpu };
  g_autoptr (GPtrArray) lines = details_lines (proctab_apply (pt, &quick), NULL, NULL, &ctx, 90);
  assert_true (has (lines, "cpu      not counted: no clock tick fell in its life"));
  assert_true (has (lines, "memory   peak 1.0 MiB"));
  assert_false (has (lines, "cost     not measured"));
  assert_true (has (lines, "tcpu     its own not counted"));
}

/* The totals of a subtree: since when, what its descendants did, how
 * many live and at most, and TCPU: what ended, and the live part as the
 * viewer read it; at the time cursor, the table's totals then, the live
 * part not known. */
static void
test_subtree (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 40 * UT_SEC };
  DetailsLive live = { .cpu = { .ns = 1300000000, .live = 3 }, .cpu_read = TRUE };

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  Proc *make = ut_snap (pt, 13, 1, "make", 1000, 8, FALSE);
  ut_fork (pt, 13, 20, 10);
  ut_fork (pt, 20, 21, 10);
  ut_fork (pt, 13, 22, 10);
  ut_fork (pt, 13, 23, 11);
  ut_exit_cost (pt, 21, 0, 12, 41000, 310, 0);
  ut_exit_cost (pt, 22, 1 << 8, 12, 200, 10, 0);
  ut_exit (pt, 23, 0, 12);
  {
    g_autoptr (GPtrArray) lines = details_lines (make, NULL, &live, &ctx, 90);
    assert_true (has (lines, "subtree  since forkscope started: 4 spawned, 3 ended, 1 failed"));
    assert_true (has (lines, "alive    1 now, 4 at most at once"));
    assert_true (has (lines, "tcpu     42.5s+: ended 41.2s (1 not measured), alive 1.30s "
                              "(3 processes)"));
  }
  /* Some of the live ones not read. */
  live.cpu.unread = 1;
  {
    g_autoptr (GPtrArray) lines = details_lines (make, NULL, &live, &ctx, 120);
    assert_true (has (lines, "alive 1.30s (3 processes, 1 not read)"));
  }
  live.cpu = (RowsLiveCpu) { .ns = 0, .live = 300, .unread = 290 };
  {
    g_autoptr (GPtrArray) lines = details_lines (make, NULL, &live, &ctx, 200);
    assert_true (has (lines, "(300 processes, 290 not read: more than 64, which the TCPU "
                             "column reads)"));
  }
  /* Forked while seen: since it started; a replay, or the time cursor,
   * does not know the live part. */
  ctx.replay = TRUE;
  {
    g_autoptr (GPtrArray) lines = details_lines (proctab_lookup (pt, 20), NULL, NULL, &ctx, 90);
    assert_true (has (lines, "subtree  since it started: 1 spawned, 1 ended, 0 failed"));
    assert_true (has (lines, "alive    0 now, 1 at most at once"));
    assert_true (has (lines, "tcpu     41.0s+: ended 41.0s, alive not known in a replay"));
    g_autoptr (GPtrArray) old = details_lines (make, NULL, NULL, &ctx, 90);
    assert_true (has (old, "subtree  since the recording started: 4"));
    /* A recording without costs: nothing of it known. */
    Proc *sh = ut_snap (pt, 40, 1, "sh", 0, 9, FALSE);
    ut_fork (pt, 40, 41, 10);
    ut_exit (pt, 41, 0, 11);
    g_autoptr (GPtrArray) bare = details_lines (sh, NULL, NULL, &ctx, 90);
    assert_true (has (bare, "tcpu     not known: ended not measured (1), alive not known in "
                            "a replay"));
  }
  ctx.until_seq = 5;
  {
    g_autoptr (GPtrArray) lines = details_lines (make, NULL, NULL, &ctx, 90);
    assert_true (has (lines, "alive    1 then, 4 at most at once"));
    assert_true (has (lines, "alive not known at the time cursor"));
  }
}

/* A fold of ends says how many of its members were measured. */
static void
test_fold_cost (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 40 * UT_SEC };
  RowsFold fold = { .comm = T_STR ("cc1"), .min_life = -1, .max_life = -1 };
  CostValues v = { .have = COST_BIT (COST_CPU), .v = { [COST_CPU] = 500000000 } };
  g_autoptr (Cost) cpu_only = cost_new (&v);

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  Proc *p = ut_snap (pt, 13, 1, "cc1", 1000, 8, FALSE);
  ut_exit (pt, 13, 0, 30);
  rows_fold_count (&fold, 0, FALSE, FALSE, -1, cpu_only);
  rows_fold_count (&fold, 0, FALSE, FALSE, -1, cpu_only);
  rows_fold_count (&fold, 0, FALSE, FALSE, -1, NULL);
  g_autoptr (GPtrArray) lines = details_fold_lines (&fold, NULL, 0, 0, p, NULL, &ctx, 100);
  assert_true (has (lines, "ended    exit 0 ×3, cpu 1.00s+"));
  assert_true (has (lines, "measured cpu of 2, peak of 0 of the 3"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_process),
    cmocka_unit_test (test_leader_exited),
    cmocka_unit_test (test_event_only),
    cmocka_unit_test (test_not_there),
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_cost),
    cmocka_unit_test (test_subtree),
    cmocka_unit_test (test_fold_cost),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
