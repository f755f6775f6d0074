/* test-rows.c - tree flattening: order, collapse, filters, tombstones,
 * folds, threads, follow. */
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

/* A user database of two: root is 0, alice 1000. */
static gboolean
test_users (const char *name, guint32 *uid, gpointer user)
{
  if (g_strcmp0 (name, "root") == 0 || g_strcmp0 (name, "0") == 0)
    *uid = 0;
  else if (g_strcmp0 (name, "alice") == 0 || g_strcmp0 (name, "1000") == 0)
    *uid = 1000;
  else
    return FALSE;
  return TRUE;
}

/* The filter set_filter() made last. */
static Filter *test_filter;

/* Sets O's filter to EXPR (freeing the previous one); NULL: none. */
static void
set_filter (RowsOptions *o, const char *expr)
{
  g_clear_pointer (&test_filter, filter_free);
  test_filter = expr ? filter_parse (expr, test_users, NULL, NULL) : NULL;
  assert_true (!expr || test_filter);
  o->filter = test_filter;
}

/* A set of serials for RowsOptions.collapsed. */
static GHashTable *
serials (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* A map of serials to values it owns: samples, or live CPU sums. */
static GHashTable *
serial_map (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
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
  assert_true (rows_find (rows, o.reveal->serial, 0, NULL) == 5);
  g_array_unref (rows);
}

static void
test_filter_comm (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) col = serials ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  const guint mask = ROW_F_DIM | ROW_F_MATCH;
  set_filter (&o, "cc");
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

  /* A match's descendants do not show unless they match: the tree shows
   * what the filter asks for, and what holds it together. */
  set_filter (&o, "make");
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13 };
    const guint depths[] = { 0, 1, 2, 3 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH };
    expect (rows, 4, pids, depths, flags, mask);
  }
  g_array_unref (rows);
  /* A subtree is asked for with pid:. */
  set_filter (&o, "pid:13");
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13, 14 };
    const guint depths[] = { 0, 1, 2, 3, 4 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH, ROW_F_MATCH };
    expect (rows, 5, pids, depths, flags, mask);
  }
  g_array_unref (rows);

  /* A glob matches whole names: "c*" is cron and cc, not kworker. */
  set_filter (&o, "c*");
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13, 14, 20 };
    const guint depths[] = { 0, 1, 2, 3, 4, 1 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_DIM,
                            ROW_F_MATCH, ROW_F_MATCH };
    expect (rows, 6, pids, depths, flags, mask);
  }
  g_array_unref (rows);

  set_filter (&o, "nothing-like-this");
  rows = build (pt, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);

  /* Kernel threads match only when shown. */
  set_filter (&o, "kworker");
  rows = build (pt, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);
  o.kthreads = TRUE;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 2);
  g_array_unref (rows);
  o.kthreads = FALSE;

  /* Collapsed above a match: the collapsed row stays, marked. */
  set_filter (&o, "cc");
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
  set_filter (&o, "cron");
  o.reveal = proctab_lookup (pt, 12);
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 12, 20 };
    const guint depths[] = { 0, 1, 2, 3, 1 };
    expect (rows, 5, pids, depths, NULL, 0);
  }
  g_array_unref (rows);
  set_filter (&o, NULL);
}

static void
test_filter_user (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  set_filter (&o, "user:alice");
  GArray *rows = build (pt, &o);
  const gint pids[] = { 1, 10, 11, 12, 13, 14 };
  const guint depths[] = { 0, 1, 2, 3, 3, 4 };
  const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH, ROW_F_MATCH,
                          ROW_F_MATCH, ROW_F_MATCH };

  expect (rows, 6, pids, depths, flags, ROW_F_DIM | ROW_F_MATCH);
  g_array_unref (rows);

  /* Both terms must hold. */
  set_filter (&o, "user:alice vim");
  rows = build (pt, &o);
  assert_int_equal (rows->len, 4);
  g_array_unref (rows);
  set_filter (&o, "user:root vim");
  rows = build (pt, &o);
  assert_int_equal (rows->len, 0);
  g_array_unref (rows);
  /* Negated: root's processes only. */
  set_filter (&o, "!user:alice");
  rows = build (pt, &o);
  assert_int_equal (rows->len, 3);
  g_array_unref (rows);
  set_filter (&o, NULL);
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
  assert_int_equal (rows_find (rows, proctab_lookup (pt, 11)->serial, 16, NULL), 4);
  assert_int_equal (rows_find (rows, proctab_lookup (pt, 11)->serial, 0, NULL), 2);
  assert_int_equal (rows_parent (rows, 4), 2);
  g_array_unref (rows);
}

/* Parents in the flattened rows. */
static void
test_parent (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  GArray *rows = build (pt, &o);

  assert_int_equal (rows_parent (rows, 0), -1);
  assert_int_equal (rows_parent (rows, 5), 4);
  assert_int_equal (rows_parent (rows, 6), 0);
  assert_int_equal (rows_parent (rows, 99), -1);
  assert_int_equal (rows_find (rows, 424242, 0, NULL), -1);
  g_array_unref (rows);
}

/* Tombstones: never shown with a window of 0; those that did not fail
 * hidden on demand, failures kept. */
static void
test_tombstone_options (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 201 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };
  GArray *rows;

  ut_exit (pt, 12, 0, 200);        /* vim: fine */
  ut_exit (pt, 14, 11 | 0x80, 200); /* cc: SIGSEGV, core */
  rows = build (pt, &o);
  assert_int_equal (rows->len, 7);
  g_array_unref (rows);
  o.hide_ok_tombs = TRUE;
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13, 14, 20 };
    const guint depths[] = { 0, 1, 2, 3, 4, 1 };
    expect (rows, 6, pids, depths, NULL, 0);
  }
  g_array_unref (rows);
  o.hide_ok_tombs = FALSE;
  o.tomb_show_ns = 0;
  rows = build (pt, &o);
  assert_int_equal (rows->len, 5);
  g_array_unref (rows);
  /* "failed" in the filter keeps the failure and its ancestors, dimmed. */
  o.tomb_show_ns = 5 * UT_SEC;
  set_filter (&o, "failed");
  rows = build (pt, &o);
  {
    const gint pids[] = { 1, 10, 11, 13, 14 };
    const guint depths[] = { 0, 1, 2, 3, 4 };
    const guint flags[] = { ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_DIM, ROW_F_MATCH };
    expect (rows, 5, pids, depths, flags, ROW_F_DIM | ROW_F_MATCH);
  }
  g_array_unref (rows);
  set_filter (&o, NULL);
}

/* Forks of make: N children named COMM from FIRST_PID, each living LIFE
 * ms and exiting with STATUS, ending by AT seconds. */
static void
fork_children (Proctab *pt, gint first_pid, guint n, const char *comm, gint64 life_ms,
               guint32 status, gint64 at)
{
  for (guint i = 0; i < n; i++)
    {
      gint pid = first_pid + (gint) i;
      gint64 start = at * UT_SEC - 1000 * UT_SEC / 1000 + (gint64) i;
      Event fork = { .kind = EVENT_FORK, .pid = pid, .tgid = pid, .ppid = 13, .ptgid = 13,
                     .mono_ns = start };
      Event exec = { .kind = EVENT_EXEC, .pid = pid, .tgid = pid, .mono_ns = start,
                     .comm = T_STR (comm) };
      Event exit = { .kind = EVENT_EXIT, .pid = pid, .tgid = pid, .ppid = 13, .ptgid = 13,
                     .mono_ns = start + life_ms * 1000000, .exit_code = status };
      proctab_apply (pt, &fork);
      proctab_apply (pt, &exec);
      proctab_apply (pt, &exit);
    }
}

/* More than ROWS_FOLD_MIN exited children of one name fold into one row
 * with their count, statuses and lifetimes; unfolded, they show beneath
 * it; fewer show one by one; the followed one never folds. */
static void
test_fold (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  RowsOptions o = { .now_ns = 200 * UT_SEC, .tomb_show_ns = 5 * UT_SEC, .unfolded = open };
  GArray *rows;
  const Proc *make = proctab_lookup (pt, 13);

  fork_children (pt, 100, 20, "cc1", 40, 0, 199);
  fork_children (pt, 200, 2, "cc1", 2100, 1 << 8, 199);
  fork_children (pt, 300, 3, "as", 10, 0, 199);
  rows = build (pt, &o);
  /* init sshd bash vim make [cc live] fold(cc1) as as as cron */
  assert_int_equal (rows->len, 11);
  gint f = rows_find (rows, make->serial, ROWS_TID_FOLD, "cc1");
  assert_int_equal (f, 6);
  const Row *r = &g_array_index (rows, Row, f);
  assert_true (r->flags & ROW_F_FOLD);
  assert_true (r->flags & ROW_F_COLLAPSED);
  assert_int_equal (r->depth, 4);
  assert_int_equal (r->fold->count, 22);
  assert_int_equal (r->fold->failed, 2);
  assert_int_equal (r->fold->statuses[0].raw, 0);
  assert_int_equal (r->fold->statuses[0].count, 20);
  assert_int_equal (r->fold->statuses[1].raw, 1 << 8);
  assert_int_equal (r->fold->statuses[1].count, 2);
  assert_int_equal (r->fold->min_life, 40 * 1000000);
  assert_int_equal (r->fold->max_life, 2100 * G_GINT64_CONSTANT (1000000));
  assert_int_equal (r->proc->pid, 201);  /* the latest to end */
  assert_int_equal (rows_find (rows, make->serial, ROWS_TID_FOLD, "as"), -1);
  g_array_unref (rows);

  /* Unfolded: the members beneath it, one level down. */
  g_hash_table_add (open, rows_fold_key (make->serial, "cc1"));
  rows = build (pt, &o);
  assert_int_equal (rows->len, 11 + 22);
  r = &g_array_index (rows, Row, 6);
  assert_false (r->flags & ROW_F_COLLAPSED);
  assert_int_equal (g_array_index (rows, Row, 7).depth, 5);
  assert_int_equal (g_array_index (rows, Row, 7).proc->pid, 100);
  assert_int_equal (rows_parent (rows, 7), 6);
  g_array_unref (rows);
  g_hash_table_remove_all (open);

  /* Following one member keeps it out of the fold. */
  o.reveal = NULL;
  for (guint64 s = 1; s < 200; s++)
    {
      const Proc *p = proctab_lookup_serial (pt, s);
      if (p && p->pid == 105)
        o.reveal = p;
    }
  assert_non_null (o.reveal);
  rows = build (pt, &o);
  assert_true (rows_find (rows, o.reveal->serial, 0, NULL) >= 0);
  r = &g_array_index (rows, Row, rows_find (rows, make->serial, ROWS_TID_FOLD, "cc1"));
  assert_int_equal (r->fold->count, 21);
  g_array_unref (rows);
  o.reveal = NULL;

  /* Those whose name is not known (execs not read) fold together, apart
   * from the named ones, under a key of their own. */
  fork_children (pt, 400, 5, NULL, 3, 0, 199);
  rows = build (pt, &o);
  gint u = rows_find (rows, make->serial, ROWS_TID_FOLD, NULL);
  assert_true (u >= 0);
  r = &g_array_index (rows, Row, u);
  assert_null (r->fold->comm);
  assert_int_equal (r->fold->count, 5);
  assert_int_equal (g_array_index (rows, Row, rows_find (rows, make->serial, ROWS_TID_FOLD,
                                                         "cc1")).fold->count, 22);
  g_autofree char *known = rows_fold_key (make->serial, "");
  g_autofree char *unknown = rows_fold_key (make->serial, NULL);
  assert_string_not_equal (known, unknown);
  g_array_unref (rows);
  g_hash_table_add (open, g_strdup (unknown));
  rows = build (pt, &o);
  assert_int_equal (g_array_index (rows, Row, rows_find (rows, make->serial, ROWS_TID_FOLD,
                                                         NULL) + 1).proc->pid, 400);
  g_array_unref (rows);
  g_hash_table_remove_all (open);

  /* Past the window, nothing is left to fold. */
  o.now_ns = 300 * UT_SEC;
  rows = build (pt, &o);
  assert_int_equal (rows_find (rows, make->serial, ROWS_TID_FOLD, "cc1"), -1);
  assert_int_equal (rows->len, 7);
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

/* Adds a sample of CPU (per mille) and memory for process PID of PT to
 * SAMPLES (-1: not known). */
static void
add_sample (GHashTable *samples, Proctab *pt, gint pid, gint cpu, gint64 rss)
{
  ProcSample s = { .state = 'S', .cpu_permille = cpu, .rss_bytes = rss };
  guint64 serial = proctab_lookup (pt, pid)->serial;
  g_hash_table_insert (samples, g_memdup2 (&serial, sizeof serial), g_memdup2 (&s, sizeof s));
}

/* Siblings (and roots) in each sort order, either way round; what is not
 * known goes last whichever the way; the tree stays a tree. */
static void
test_sort (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) samples = serial_map ();
  RowsOptions o = { .kthreads = TRUE, .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC,
                    .samples = samples };
  const guint depths[] = { 0, 1, 2, 3, 3, 4, 1, 0, 1 };
  static const struct {
    RowsSort sort;
    gboolean reverse;
    gint pids[9];
    guint depths[9];
  } cases[] = {
    /* Seen: sshd came before cron; roots by pid. */
    { ROWS_SORT_SEEN, FALSE, { 1, 10, 11, 12, 13, 14, 20, 2, 3 }, { 0 } },
    { ROWS_SORT_SEEN, TRUE, { 2, 3, 1, 20, 10, 11, 13, 14, 12 }, { 0, 1, 0, 1, 1, 2, 3, 4, 3 } },
    /* cron started at 3 s, sshd at 5 s; init and kthreadd both at 1 s. */
    { ROWS_SORT_START, FALSE, { 1, 20, 10, 11, 12, 13, 14, 2, 3 }, { 0, 1, 1, 2, 3, 3, 4, 0, 1 } },
    { ROWS_SORT_PID, TRUE, { 2, 3, 1, 20, 10, 11, 13, 14, 12 }, { 0, 1, 0, 1, 1, 2, 3, 4, 3 } },
    { ROWS_SORT_NAME, FALSE, { 1, 20, 10, 11, 13, 14, 12, 2, 3 }, { 0, 1, 1, 2, 3, 4, 3, 0, 1 } },
    /* CPU: cron 10%, sshd 5%; make 0%, vim unknown: last either way. */
    { ROWS_SORT_CPU, FALSE, { 1, 20, 10, 11, 13, 14, 12, 2, 3 }, { 0, 1, 1, 2, 3, 4, 3, 0, 1 } },
    { ROWS_SORT_CPU, TRUE, { 1, 10, 11, 13, 14, 12, 20, 2, 3 }, { 0, 1, 2, 3, 4, 3, 1, 0, 1 } },
    /* Memory: sshd 9 MiB, cron 1 MiB; vim 5 MiB, make not known. */
    { ROWS_SORT_MEM, FALSE, { 1, 10, 11, 12, 13, 14, 20, 2, 3 }, { 0 } },
    { ROWS_SORT_MEM, TRUE, { 1, 20, 10, 11, 12, 13, 14, 2, 3 }, { 0, 1, 1, 2, 3, 3, 4, 0, 1 } },
  };

  add_sample (samples, pt, 20, 100, 1 << 20);
  add_sample (samples, pt, 10, 50, 9 << 20);
  add_sample (samples, pt, 13, 0, -1);
  add_sample (samples, pt, 12, -1, 5 << 20);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      o.sort = cases[i].sort;
      o.sort_reverse = cases[i].reverse;
      g_autoptr (GArray) rows = build (pt, &o);
      expect (rows, 9, cases[i].pids, cases[i].depths[1] ? cases[i].depths : depths, NULL, 0);
      /* Each row's parent row is its process's parent: still a tree. */
      for (guint k = 0; k < rows->len; k++)
        {
          gint up = rows_parent (rows, k);
          const Proc *p = g_array_index (rows, Row, k).proc;
          assert_ptr_equal (up < 0 ? NULL : g_array_index (rows, Row, up).proc, p->parent);
        }
    }
  /* Without samples (the time cursor), CPU leaves the seen order. */
  o.samples = NULL;
  o.sort = ROWS_SORT_CPU;
  o.sort_reverse = FALSE;
  g_autoptr (GArray) rows = build (pt, &o);
  expect (rows, 9, cases[0].pids, depths, NULL, 0);
}

/* A fold counts what its members cost: their CPU time summed, the most
 * memory one of them had, and how many of each were measured. */
static void
test_fold_cost (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowsOptions o = { .now_ns = 200 * UT_SEC, .tomb_show_ns = 5 * UT_SEC };

  for (gint pid = 100; pid < 106; pid++)
    {
      ut_fork (pt, 13, pid, 198);
      Event exec = { .kind = EVENT_EXEC, .pid = pid, .tgid = pid, .mono_ns = 198 * UT_SEC,
                     .comm = T_STR ("cc1") };
      proctab_apply (pt, &exec);
      if (pid == 105)
        ut_exit (pt, pid, 0, 199);
      else
        ut_exit_cost (pt, pid, 0, 199, 100 * (guint64) (pid - 99), pid == 102 ? 300 : 20, 0);
    }
  g_autoptr (GArray) rows = build (pt, &o);
  gint f = rows_find (rows, proctab_lookup (pt, 13)->serial, ROWS_TID_FOLD, "cc1");
  assert_true (f >= 0);
  const RowsFold *fold = g_array_index (rows, Row, f).fold;
  assert_int_equal (fold->count, 6);
  assert_int_equal (fold->cpu_measured, 5);
  assert_int_equal (fold->peak_measured, 5);
  assert_int_equal (fold->cpu_ns, 1500 * G_GUINT64_CONSTANT (1000000));
  assert_int_equal (fold->peak_rss, 300 << 20);
}

/* Sets the CPU time since it started of process PID of PT in SAMPLES (a
 * sample made if none), in ms; -1 not known. */
static void
set_cpu_time (GHashTable *samples, Proctab *pt, gint pid, gint64 ms)
{
  guint64 serial = proctab_lookup (pt, pid)->serial;
  ProcSample *s = g_hash_table_lookup (samples, &serial);

  if (!s)
    {
      add_sample (samples, pt, pid, -1, -1);
      s = g_hash_table_lookup (samples, &serial);
    }
  s->cpu_ns = ms < 0 ? -1 : ms * 1000000;
}

/* RowsSampleFunc over the samples USER. */
static const ProcSample *
sample_of (const Proc *p, gpointer user)
{
  return g_hash_table_lookup (user, &p->serial);
}

/* By TCPU, the most first: a subtree's live CPU (its own and its
 * descendants'), plus what its ended descendants cost; still a tree. */
static void
test_sort_tcpu (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) samples = serial_map ();
  g_autoptr (GHashTable) sums = serial_map ();
  RowsOptions o = { .kthreads = TRUE, .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC,
                    .samples = samples, .live_cpu = sums, .sort = ROWS_SORT_TCPU };
  RowsLiveCpu sum;

  /* cron 3 s; sshd 1 s, bash 1 s, vim 2 s, make 0.5 s, cc 0.5 s (sshd's
   * subtree 5 s); a child of cron that ended cost 4 s (cron's subtree 7 s);
   * kthreadd's nothing known. */
  set_cpu_time (samples, pt, 20, 3000);
  set_cpu_time (samples, pt, 10, 1000);
  set_cpu_time (samples, pt, 11, 1000);
  set_cpu_time (samples, pt, 12, 2000);
  set_cpu_time (samples, pt, 13, 500);
  set_cpu_time (samples, pt, 14, 500);
  set_cpu_time (samples, pt, 1, 10);
  ut_fork (pt, 20, 30, 50);
  ut_exit_cost (pt, 30, 0, 51, 4000, 1, 0);
  g_autoptr (GPtrArray) roots = proctab_roots (pt);
  for (guint i = 0; i < roots->len; i++)
    rows_live_cpu (roots->pdata[i], sample_of, samples, sums, &sum);
  RowsLiveCpu *sshd = g_hash_table_lookup (sums, &proctab_lookup (pt, 10)->serial);
  assert_int_equal (sshd->ns, 5000 * G_GUINT64_CONSTANT (1000000));
  assert_int_equal (sshd->live, 5);
  assert_int_equal (sshd->unread, 0);
  guint64 unknown;
  assert_int_equal (rows_tcpu (proctab_lookup (pt, 20),
                               g_hash_table_lookup (sums, &proctab_lookup (pt, 20)->serial),
                               &unknown),
                    7000 * G_GUINT64_CONSTANT (1000000));
  assert_int_equal (unknown, 0);
  /* init (12.01 s) before kthreadd (not known: 0 so far); cron before
   * sshd; vim before make; the tombstone 30 past its window. */
  static const gint pids[] = { 1, 20, 10, 11, 12, 13, 14, 2, 3 };
  static const guint depths[] = { 0, 1, 1, 2, 3, 3, 4, 0, 1 };
  g_autoptr (GArray) rows = build (pt, &o);
  expect (rows, 9, pids, depths, NULL, 0);
  assert_int_equal (rows_tcpu (proctab_lookup (pt, 2),
                               g_hash_table_lookup (sums, &proctab_lookup (pt, 2)->serial),
                               &unknown), 0);
  assert_int_equal (unknown, 2);
}

/* By TCPU, a fold stands where its members' TCPU summed puts it, not its
 * largest member's; a TCPU of which nothing is known ("?") goes after a
 * known one of 0, as every unknown value goes last. */
static void
test_sort_tcpu_folds (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) samples = serial_map ();
  g_autoptr (GHashTable) sums = serial_map ();
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 60 * UT_SEC,
                    .samples = samples, .live_cpu = sums, .sort = ROWS_SORT_TCPU };
  RowsLiveCpu sum;

  /* Under cron: one that cost 50 ms, one not measured, four sh of 10 ms
   * (40 ms), four true of 20 ms (80 ms), one alive that used none. */
  static const struct { gint pid; const char *comm; guint64 ms; } kids[] = {
    { 30, "one", 50 }, { 31, "lost", 0 }, { 40, "sh", 10 }, { 41, "sh", 10 },
    { 42, "sh", 10 }, { 43, "sh", 10 }, { 50, "true", 20 }, { 51, "true", 20 },
    { 52, "true", 20 }, { 53, "true", 20 }, { 60, "live", 0 },
  };
  guint64 serial[G_N_ELEMENTS (kids)];
  for (guint i = 0; i < G_N_ELEMENTS (kids); i++)
    {
      serial[i] = ut_fork (pt, 20, kids[i].pid, 90)->serial;
      Event exec = { .kind = EVENT_EXEC, .pid = kids[i].pid, .tgid = kids[i].pid,
                     .mono_ns = 90 * UT_SEC, .comm = T_STR (kids[i].comm) };
      proctab_apply (pt, &exec);
      if (kids[i].pid != 60)
        ut_exit_cost (pt, kids[i].pid, 0, 91, kids[i].ms, 1, 0);
    }
  for (gint pid = 1; pid <= 60; pid++)
    if (proctab_lookup (pt, pid) && proctab_lookup (pt, pid)->alive)
      set_cpu_time (samples, pt, pid, 0);
  g_autoptr (GPtrArray) roots = proctab_roots (pt);
  for (guint i = 0; i < roots->len; i++)
    rows_live_cpu (roots->pdata[i], sample_of, samples, sums, &sum);
  g_autoptr (GArray) rows = build (pt, &o);
  guint64 cron = proctab_lookup (pt, 20)->serial;
  gint at_true = rows_find (rows, cron, ROWS_TID_FOLD, "true");
  gint at_sh = rows_find (rows, cron, ROWS_TID_FOLD, "sh");
  gint at_one = rows_find (rows, serial[0], 0, NULL);
  gint at_live = rows_find (rows, serial[10], 0, NULL);
  gint at_lost = rows_find (rows, serial[1], 0, NULL);
  assert_true (at_true > rows_find (rows, cron, 0, NULL));
  assert_int_equal (at_one, at_true + 1);
  assert_int_equal (at_sh, at_one + 1);
  assert_int_equal (at_live, at_sh + 1);
  assert_int_equal (at_lost, at_live + 1);
  const RowsFold *fold = g_array_index (rows, Row, at_true).fold;
  assert_int_equal (fold->tcpu_ns, 80 * G_GUINT64_CONSTANT (1000000));
  assert_int_equal (fold->tcpu_unknown, 0);
  /* Reversed, the unknown still last. */
  o.sort_reverse = TRUE;
  g_array_unref (g_steal_pointer (&rows));
  rows = build (pt, &o);
  assert_int_equal (rows_find (rows, serial[10], 0, NULL) + 1,
                    rows_find (rows, cron, ROWS_TID_FOLD, "sh"));
  assert_true (rows_find (rows, serial[1], 0, NULL)
               > rows_find (rows, cron, ROWS_TID_FOLD, "true"));
}

/* The live CPU of a chain deeper than any stack: one walk, no recursion;
 * each process's sum is its own and those below. */
static void
test_live_cpu_deep (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  g_autoptr (GHashTable) samples = serial_map ();
  g_autoptr (GHashTable) sums = serial_map ();
  const gint depth = 100000;
  RowsLiveCpu sum;

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  for (gint pid = 2; pid <= depth; pid++)
    ut_snap (pt, pid, pid - 1, "sh", 0, 2, FALSE);
  for (gint pid = 1; pid <= depth; pid += 2)
    set_cpu_time (samples, pt, pid, 1);
  rows_live_cpu (proctab_lookup (pt, 1), sample_of, samples, sums, &sum);
  assert_int_equal (sum.live, depth);
  assert_int_equal (sum.unread, depth / 2);
  assert_int_equal (sum.ns, (guint64) depth / 2 * 1000000);
  assert_int_equal (g_hash_table_size (sums), depth);
  const RowsLiveCpu *mid = g_hash_table_lookup (sums, &proctab_lookup (pt, depth - 9)->serial);
  assert_int_equal (mid->live, 10);
  assert_int_equal (mid->ns, 5 * 1000000);
  /* A tombstone has no live part. */
  ut_exit (pt, depth, 0, 3);
  rows_live_cpu (proctab_lookup_tomb (pt, depth), sample_of, samples, NULL, &sum);
  assert_int_equal (sum.live, 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_sort),
    cmocka_unit_test (test_default),
    cmocka_unit_test (test_collapse),
    cmocka_unit_test (test_filter_comm),
    cmocka_unit_test (test_filter_user),
    cmocka_unit_test (test_tombstones),
    cmocka_unit_test (test_threads),
    cmocka_unit_test (test_parent),
    cmocka_unit_test (test_tombstone_options),
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_deep),
    cmocka_unit_test (test_fold_cost),
    cmocka_unit_test (test_sort_tcpu),
    cmocka_unit_test (test_sort_tcpu_folds),
    cmocka_unit_test (test_live_cpu_deep),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
