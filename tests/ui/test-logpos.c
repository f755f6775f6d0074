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

/* Appends an event of KIND about PID, child of PPID (0: not known), named
 * COMM (NULL: not known). */
static void
add (History *h, EventKind kind, gint pid, gint ppid, const char *comm)
{
  char *name = g_strdup (comm);
  Event ev = { .kind = kind, .pid = pid, .tgid = pid, .ptgid = ppid, .comm = name,
               .lost = kind == EVENT_LOST ? 3 : 0 };

  history_append (h, &ev, NULL);
  g_free (name);
}

/* The keys of LP's rows, as a string: "L1 M2" (lines and members' rows). */
static char *
rows_of (const Logpos *lp)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < logpos_count (&lp->rows); i++)
    {
      guint64 key = logpos_nth (&lp->rows, i);
      g_string_append_printf (s, "%s%c%" G_GUINT64_FORMAT, i ? " " : "",
                              LOGPOS_IS_MEMBER (key) ? 'M' : 'L', LOGPOS_SEQ (key));
    }
  return g_string_free (s, FALSE);
}

/* Asserts LP's rows. */
static void
check_rows (const Logpos *lp, const char *want)
{
  g_autofree char *got = rows_of (lp);
  assert_string_equal (got, want);
}

/* Events of one kind, parent and name fold into the line of the first,
 * however many others come between, within LOGPOS_FOLD_REACH lines; the
 * line never moves as members join, so a selection and a first line stay;
 * losses and events of an unknown parent never fold. */
static void
test_fold (void **state)
{
  g_autoptr (History) h = history_new (1000);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  add (h, EVENT_EXIT, 10, 100, "sh");         /* 1 */
  add (h, EVENT_EXIT, 11, 100, "sh");         /* 2: joins 1 */
  add (h, EVENT_FORK, 12, 1, "bash");         /* 3 */
  add (h, EVENT_EXIT, 13, 200, "sh");         /* 4: another parent */
  add (h, EVENT_EXEC, 14, 100, "sh");         /* 5: another kind */
  add (h, EVENT_EXIT, 15, 100, "sh");         /* 6: joins 1, 3 lines on */
  add (h, EVENT_LOST, 0, 0, NULL);            /* 7 */
  add (h, EVENT_LOST, 0, 0, NULL);            /* 8: losses stay apart */
  add (h, EVENT_EXIT, 16, 0, "sh");           /* 9: no parent known */
  add (h, EVENT_EXIT, 17, 0, "sh");           /* 10 */
  add (h, EVENT_EXIT, 18, 100, NULL);         /* 11: name not known */
  add (h, EVENT_EXIT, 19, 100, NULL);         /* 12: joins 11 */
  add (h, EVENT_EXIT, 20, 100, "sh");         /* 13: 1 is 8 lines back: a line */
  logpos_update (&lp, h);
  check_rows (&lp, "L1 L3 L4 L5 L7 L8 L9 L10 L11 L13");
  const LogposFold *f = logpos_fold (&lp, LOGPOS_LINE (1));
  assert_non_null (f);
  assert_int_equal (f->members->len, 3);
  assert_int_equal (g_array_index (f->members, guint64, 2), 6);
  assert_null (logpos_fold (&lp, LOGPOS_LINE (3)));
  assert_null (logpos_fold (&lp, LOGPOS_LINE (13)));
  assert_int_equal (logpos_fold (&lp, LOGPOS_LINE (11))->members->len, 2);
  assert_int_equal (logpos_row_of (&lp, 6), LOGPOS_LINE (1));
  assert_int_equal (logpos_row_of (&lp, 3), LOGPOS_LINE (3));
  assert_int_equal (logpos_fold_line (&lp, LOGPOS_LINE (1)), LOGPOS_LINE (1));
  assert_int_equal (logpos_fold_line (&lp, LOGPOS_LINE (3)), 0);

  /* Scrolled to a fold's line: members keep coming, and lines between
   * them, nothing moves. */
  add (h, EVENT_EXIT, 21, 100, "sh");         /* 14: joins 13 */
  logpos_update (&lp, h);
  logpos_select (&lp, 14);
  assert_int_equal (logpos_selected (&lp), LOGPOS_LINE (13));
  assert_int_equal (logpos_selected_event (&lp), 14);    /* its newest */
  lp.top = LOGPOS_LINE (13);
  for (gint i = 0; i < 50; i++)
    {
      add (h, EVENT_EXIT, 100 + i, 100, "sh");
      if (i == 20)
        add (h, EVENT_FORK, 99, 1, "cron");
    }
  logpos_update (&lp, h);
  check_rows (&lp, "L1 L3 L4 L5 L7 L8 L9 L10 L11 L13 L36");
  f = logpos_fold (&lp, LOGPOS_LINE (13));
  assert_int_equal (f->members->len, 52);
  assert_int_equal (logpos_selected (&lp), LOGPOS_LINE (13));
  assert_int_equal (logpos_top (&lp.rows, lp.top, logpos_selected (&lp), 2, FALSE),
                    LOGPOS_LINE (13));

  /* Past LOGPOS_FOLD_REACH other lines, a new line starts. */
  for (gint i = 0; i < LOGPOS_FOLD_REACH; i++)
    {
      g_autofree char *name = g_strdup_printf ("n%d", i);
      add (h, EVENT_EXEC, 300 + i, 1, name);
    }
  add (h, EVENT_EXIT, 400, 100, "sh");
  logpos_update (&lp, h);
  guint64 newest = history_get (h, history_len (h) - 1)->seq;
  assert_int_equal (logpos_newest (&lp.rows), LOGPOS_LINE (newest));
  assert_int_equal (f->members->len, 52);
  logpos_clear (&lp);
}

/* Unfolded, a fold's members show under its line, each at its place,
 * those that join it too; folded again, they go; and a reset or a
 * restarted history folds anew. */
static void
test_unfold (void **state)
{
  g_autoptr (History) h = history_new (1000);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  add (h, EVENT_EXIT, 10, 100, "sh");         /* 1 */
  add (h, EVENT_FORK, 11, 1, "bash");         /* 2 */
  add (h, EVENT_EXIT, 12, 100, "sh");         /* 3 */
  logpos_update (&lp, h);
  check_rows (&lp, "L1 L2");
  assert_false (logpos_unfold (&lp, LOGPOS_LINE (2), TRUE));   /* a lone event */
  assert_true (logpos_unfold (&lp, LOGPOS_LINE (1), TRUE));
  assert_false (logpos_unfold (&lp, LOGPOS_LINE (1), TRUE));
  check_rows (&lp, "L1 M1 L2 M3");
  assert_int_equal (logpos_row_of (&lp, 3), LOGPOS_MEMBER (3));
  assert_int_equal (logpos_row_of (&lp, 1), LOGPOS_MEMBER (1));
  assert_int_equal (logpos_fold_line (&lp, LOGPOS_MEMBER (3)), LOGPOS_LINE (1));
  assert_int_equal (logpos_fold_line (&lp, LOGPOS_MEMBER (1)), LOGPOS_LINE (1));
  assert_null (logpos_fold (&lp, LOGPOS_MEMBER (1)));
  add (h, EVENT_EXIT, 13, 100, "sh");         /* 4 */
  logpos_update (&lp, h);
  check_rows (&lp, "L1 M1 L2 M3 M4");
  logpos_select (&lp, 4);
  assert_int_equal (logpos_selected (&lp), LOGPOS_MEMBER (4));
  assert_true (logpos_unfold (&lp, LOGPOS_LINE (1), FALSE));
  check_rows (&lp, "L1 L2");
  /* The member's row went: the selection goes on to what is there. */
  assert_int_equal (logpos_row_of (&lp, 4), LOGPOS_LINE (1));
  logpos_reset (&lp);
  check_rows (&lp, "");
  logpos_update (&lp, h);
  check_rows (&lp, "L1 L2");
  assert_int_equal (logpos_fold (&lp, LOGPOS_LINE (1))->members->len, 3);
  /* A history that restarts earlier is folded anew. */
  history_restart (h, 2);
  add (h, EVENT_EXIT, 12, 100, "sh");         /* 2 */
  add (h, EVENT_EXIT, 13, 100, "sh");         /* 3 */
  logpos_update (&lp, h);
  check_rows (&lp, "L2");
  assert_int_equal (logpos_fold (&lp, LOGPOS_LINE (2))->members->len, 2);
  logpos_clear (&lp);
}

/* The ring moves on: a fold's line stays while members of it are held
 * (it counts those), and goes with the last; lone events go as before. */
static void
test_fold_ring (void **state)
{
  g_autoptr (History) h = history_new (4);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  add (h, EVENT_EXIT, 10, 100, "sh");         /* 1 */
  add (h, EVENT_FORK, 11, 1, "bash");         /* 2 */
  add (h, EVENT_EXIT, 12, 100, "sh");         /* 3 */
  add (h, EVENT_EXIT, 13, 100, "sh");         /* 4 */
  logpos_update (&lp, h);
  check_rows (&lp, "L1 L2");
  add (h, EVENT_FORK, 14, 1, "make");         /* 5: the ring holds 2..5 */
  add (h, EVENT_FORK, 15, 1, "cc");           /* 6: 3..6 */
  logpos_update (&lp, h);
  check_rows (&lp, "L1 L5 L6");
  const LogposFold *f = logpos_fold (&lp, LOGPOS_LINE (1));
  assert_int_equal (f->members->len, 2);
  /* It counts the three that joined it, and says when they came. */
  RowsFold sum;
  gint64 first, last;
  const HistoryEntry *newest = logpos_fold_at (h, f, 0, &sum, &first, &last);
  assert_int_equal (newest->seq, 4);
  assert_int_equal (sum.count, 3);
  assert_int_equal (sum.statuses[0].count, 3);
  /* As of event 3 (the time cursor): those held up to it; as of 2, none
   * had come: the first held, alone. */
  newest = logpos_fold_at (h, f, 3, &sum, &first, &last);
  assert_int_equal (newest->seq, 3);
  assert_int_equal (sum.count, 1);
  newest = logpos_fold_at (h, f, 2, &sum, &first, &last);
  assert_int_equal (newest->seq, 3);
  assert_int_equal (sum.count, 1);
  assert_int_equal (logpos_selected_event (&lp), 6);
  logpos_select_row (&lp, LOGPOS_LINE (1));
  assert_int_equal (logpos_selected_event (&lp), 4);     /* its newest */
  add (h, EVENT_FORK, 16, 1, "ld");           /* 7 */
  add (h, EVENT_FORK, 17, 1, "as");           /* 8: 5..8 */
  logpos_update (&lp, h);
  check_rows (&lp, "L5 L6 L7 L8");
  assert_null (logpos_fold (&lp, LOGPOS_LINE (1)));
  logpos_clear (&lp);
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
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_unfold),
    cmocka_unit_test (test_fold_ring),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
