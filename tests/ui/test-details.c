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

  for (int w = 1; w <= 90; w++)
    {
      g_autoptr (GPtrArray) lines = details_lines (p, h, &live, &ctx, w);
      check_lines (lines, w);
    }
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
    assert_false (has (lines, "since"));
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
  assert_true (has (log, "between  22:13:21.000 to 22:13:28.000"));
  assert_false (has (log, "ended    "));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_process),
    cmocka_unit_test (test_leader_exited),
    cmocka_unit_test (test_event_only),
    cmocka_unit_test (test_fold),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
