/* test-rows.c - tree flattening: order, collapse, filters, tombstones,
 * threads, follow, search. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rows.h"
#include "uitest.h"
#include "tstr.h"

/* Builds the rows of PT with O. */
static GArray *
build (Proctab *pt, const RowsOptions *o)
{
  g_autoptr (GPtrArray) roots = proctab_roots (pt);
  return rows_build (roots, o);
}

/* Checks the rows' pids (thread rows: tids), depths and, when FLAGS is not
 * NULL, the flags among MASK. */
static void
expect (GArray *rows, guint n, const gint *pids, const guint *depths,
        const guint *flags, guint mask)
{
  assert_int_equal (rows->len, n);
  for (guint i = 0; i < n; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      assert_int_equal (r->tid ? r->tid : r->proc->pid, pids[i]);
      assert_int_equal (r->depth, depths[i]);
      if (flags)
        assert_int_equal (r->flags & mask, flags[i]);
    }
}

/* A set of serials for RowsOptions.collapsed. */
static GHashTable *
serials (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
test_default (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  GArray *rows = build (pt, &o);
  const gint pids[] = { 1, 10, 11, 12, 13, 14, 20 };
  const guint depths[] = { 0, 1, 2, 3, 3, 4, 1 };
  const guint flags[] = { ROW_F_LAST | ROW_F_CHILDREN, ROW_F_CHILDREN,
                          ROW_F_LAST | ROW_F_CHILDREN, 0,
                          ROW_F_LAST | ROW_F_CHILDREN, ROW_F_LAST, ROW_F_LAST };

  expect (rows, G_N_ELEMENTS (pids), pids, depths, flags,
          ROW_F_LAST | ROW_F_CHILDREN | ROW_F_DIM | ROW_F_MATCH | ROW_F_COLLAPSED);
  /* cc (depth 4): a guide at level 1 (cron is still to come), none at 2
   * (bash is sshd's last child) or 3 (make is bash's last). */
  assert_int_equal (g_array_index (rows, Row, 5).guides, 1 << 1);
  assert_int_equal (g_array_index (rows, Row, 3).guides, 1 << 1);
  assert_int_equal (g_array_index (rows, Row, 6).guides, 0);
  g_array_unref (rows);

  o.kthreads = TRUE;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 9);
  assert_int_equal (g_array_index (rows, Row, 7).proc->pid, 2);
  assert_int_equal (g_array_index (rows, Row, 8).proc->pid, 3);
  assert_int_equal (g_array_index (rows, Row, 8).depth, 1);
  g_array_unref (rows);

  rows = rows_build (NULL, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);
}

static void
test_collapse (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) col = serials ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC,
                    .collapsed = col };
  const Proc *bash = proctab_lookup (pt, 11), *vim = proctab_lookup (pt, 12);
  GArray *rows;

  g_hash_table_add (col, g_memdup2 (&bash->serial, sizeof bash->serial));
  /* Collapsing a leaf changes nothing. */
  g_hash_table_add (col, g_memdup2 (&vim->serial, sizeof vim->serial));
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 20 };
    const guint depths[] = { 0, 1, 2, 1 };
    const guint flags[] = { ROW_F_CHILDREN, ROW_F_CHILDREN,
                            ROW_F_CHILDREN | ROW_F_COLLAPSED, 0 };
    expect (rows, 4, pids, depths, flags, ROW_F_CHILDREN | ROW_F_COLLAPSED);
  }
  g_array_unref (rows);

  /* Following cc opens the way to it. */
  o.reveal = proctab_lookup (pt, 14);
  rows = build (pt, &o);
  assert_int_equal (rows->len, 7);
  assert_true (rows_find (rows, o.reveal->serial, 0) == 5);
  g_array_unref (rows);
}

static void
test_filter_comm (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) col = serials ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC,
                    .comm = "cc" };
  const guint mask = ROW_F_DIM | ROW_F_MATCH;
  GArray *rows = build (pt, &o);

  {
    /* Ancestors dimmed, the match itself marked. */
    const gint pids[] = { 1, 10, 11, 13, 14 };
    const guint depths[] = { 0, 1, 2, 3, 4 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH };
    expect (rows, 5, pids, depths, flags, mask);
    /* With vim and cron gone, make is bash's last child now. */
    assert_true (g_array_index (rows, Row, 3).flags & ROW_F_LAST);
  }
  g_array_unref (rows);

  /* A match's descendants show, not dimmed. */
  o.comm = "make";
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13, 14 };
    const guint depths[] = { 0, 1, 2, 3, 4 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH, 0 };
    expect (rows, 5, pids, depths, flags, mask);
  }
  g_array_unref (rows);

  /* A glob matches whole names: "c*" is cron and cc, not kworker. */
  o.comm = "c*";
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13, 14, 20 };
    const guint depths[] = { 0, 1, 2, 3, 4, 1 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_DIM,
                            ROW_F_MATCH, ROW_F_MATCH };
    expect (rows, 6, pids, depths, flags, mask);
  }
  g_array_unref (rows);

  o.comm = "nothing-like-this";
  rows = build (pt, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);

  /* Kernel threads match only when shown. */
  o.comm = "kworker";
  rows = build (pt, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);
  o.kthreads = TRUE;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 2);
  g_array_unref (rows);
  o.kthreads = FALSE;

  /* Collapsed above a match: the collapsed row stays, marked. */
  o.comm = "cc";
  o.collapsed = col;
  g_hash_table_add (col, g_memdup2 (&proctab_lookup (pt, 11)->serial, sizeof (guint64)));
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11 };
    const guint depths[] = { 0, 1, 2 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM | ROW_F_COLLAPSED };
    expect (rows, 3, pids, depths, flags, mask | ROW_F_COLLAPSED);
  }
  g_array_unref (rows);

  /* A followed process shows even when the filter excludes it. */
  o.collapsed = NULL;
  o.comm = "cron";
  o.reveal = proctab_lookup (pt, 12);
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 12, 20 };
    const guint depths[] = { 0, 1, 2, 3, 1 };
    expect (rows, 5, pids, depths, NULL, 0);
  }
  g_array_unref (rows);
}

static void
test_filter_user (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC,
                    .has_uid = TRUE, .uid = 1000 };
  GArray *rows = build (pt, &o);
  const gint pids[] = { 1, 10, 11, 12, 13, 14 };
  const guint depths[] = { 0, 1, 2, 3, 3, 4 };
  const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH, ROW_F_MATCH,
                          ROW_F_MATCH, ROW_F_MATCH };

  expect (rows, 6, pids, depths, flags, ROW_F_DIM | ROW_F_MATCH);
  g_array_unref (rows);

  /* Both filters must match. */
  o.comm = "vim";
  rows = build (pt, &o);
  assert_int_equal (rows->len, 4);
  g_array_unref (rows);
  o.uid = 0;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);
}

static void
test_tombstones (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .tomb_show_ns = 5 * UT_SEC };
  GArray *rows;
  gint i;

  ut_exit (pt, 12, 3 << 8, 200);
  o.now_ns = 201 * UT_SEC;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 7);
  assert_true (g_array_index (rows, Row, 3).flags & ROW_F_TOMB);
  assert_false (g_array_index (rows, Row, 3).proc->alive);
  g_array_unref (rows);

  /* Past the window: gone from the tree, though the model keeps it. */
  o.now_ns = 206 * UT_SEC;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 6);
  assert_int_equal (g_array_index (rows, Row, 3).proc->pid, 13);
  g_array_unref (rows);

  /* An old tombstone stays while something under it shows. */
  ut_exit (pt, 13, 0, 206);
  o.now_ns = 300 * UT_SEC;
  rows = build (pt, &o);
  for (i = 0; i < (gint) rows->len; i++)
    if (g_array_index (rows, Row, i).proc->pid == 14)
      {
        gint parent = rows_parent (rows, i);
        assert_true (parent >= 0);
        /* Whoever the model says is cc's parent is shown above it. */
        const Proc *cc = g_array_index (rows, Row, i).proc;
        assert_ptr_equal (g_array_index (rows, Row, parent).proc, cc->parent);
      }
  g_array_unref (rows);
}

static void
test_threads (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  GArray *rows;

  ut_thread (pt, 11, 16, "bash-worker");
  ut_thread (pt, 11, 15, "bash-io");
  rows = build (pt, &o);
  assert_int_equal (rows->len, 7);
  g_array_unref (rows);

  o.threads = TRUE;
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 15, 16, 12, 13, 14, 20 };
    const guint depths[] = { 0, 1, 2, 3, 3, 3, 3, 4, 1 };
    expect (rows, 9, pids, depths, NULL, 0);
  }
  assert_true (g_array_index (rows, Row, 3).flags & ROW_F_THREAD);
  assert_string_equal (g_array_index (rows, Row, 3).thread->comm, "bash-io");
  assert_int_equal (rows_find (rows, proctab_lookup (pt, 11)->serial, 16), 4);
  assert_int_equal (rows_find (rows, proctab_lookup (pt, 11)->serial, 0), 2);
  assert_int_equal (rows_parent (rows, 4), 2);
  g_array_unref (rows);
}

static void
test_search (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  GArray *rows;
  char *argv[] = { T_STR ("make"), T_STR ("-j8"), T_STR ("WORLD=1"), NULL };

  g_strfreev (proctab_lookup (pt, 13)->argv);
  proctab_lookup (pt, 13)->argv = g_strdupv (argv);
  rows = build (pt, &o);
  /* Next match after the selection, wrapping; case-insensitive. */
  assert_int_equal (rows_search (rows, "C", FALSE, 0, 1), 5);   /* cc */
  assert_int_equal (rows_search (rows, "C", FALSE, 5, 1), 6);   /* cron */
  assert_int_equal (rows_search (rows, "C", FALSE, 6, 1), 5);   /* wraps */
  assert_int_equal (rows_search (rows, "C", FALSE, 5, -1), 6);  /* backwards */
  assert_int_equal (rows_search (rows, "vim", FALSE, 3, 1), 3); /* itself last */
  assert_int_equal (rows_search (rows, "world", FALSE, 0, 1), -1);
  assert_int_equal (rows_search (rows, "world", TRUE, 0, 1), 4);
  assert_int_equal (rows_search (rows, "", TRUE, 0, 1), -1);
  assert_int_equal (rows_search (rows, "x", TRUE, 99, 1), -1);
  assert_int_equal (rows_parent (rows, 0), -1);
  assert_int_equal (rows_parent (rows, 5), 4);
  assert_int_equal (rows_parent (rows, 6), 0);
  assert_int_equal (rows_parent (rows, 99), -1);
  assert_int_equal (rows_find (rows, 424242, 0), -1);
  g_array_unref (rows);

  /* a name not known matches nothing (and does not crash) */
  Event exec = { .kind = EVENT_EXEC, .pid = 20, .tgid = 20 };
  proctab_apply (pt, &exec);
  rows = build (pt, &o);
  assert_int_equal (rows_search (rows, "cron", FALSE, 0, 1), -1);
  g_array_unref (rows);

  rows = g_array_new (FALSE, TRUE, sizeof (Row));
  assert_int_equal (rows_search (rows, "a", FALSE, 0, 1), -1);
  g_array_unref (rows);
}

/* A long chain: depth and guides beyond the remembered levels. */
static void
test_deep (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  GArray *rows;

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  for (gint pid = 2; pid < 500; pid++)
    ut_snap (pt, pid, pid - 1, "sh", 0, 2, FALSE);
  ut_snap (pt, 900, 1, "last", 0, 2, FALSE);
  rows = build (pt, &o);
  assert_int_equal (rows->len, 500);
  assert_int_equal (g_array_index (rows, Row, 498).depth, 498);
  /* Level 1 keeps a guide down to "last"; nothing above bit 63 is set. */
  assert_true (g_array_index (rows, Row, 498).guides & (1 << 1));
  assert_int_equal (g_array_index (rows, Row, 498).guides, 1 << 1);
  assert_int_equal (g_array_index (rows, Row, 499).proc->pid, 900);
  g_array_unref (rows);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_default),
    cmocka_unit_test (test_collapse),
    cmocka_unit_test (test_filter_comm),
    cmocka_unit_test (test_filter_user),
    cmocka_unit_test (test_tombstones),
    cmocka_unit_test (test_threads),
    cmocka_unit_test (test_search),
    cmocka_unit_test (test_deep),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
