/* test-logpos.c - the log's positions over the history: what is shown is
 * judged once per entry and remembered per chunk, moves cross chunks,
 * the position stays on its event as the history grows, a position the
 * history let go of is said, and work and memory stay bounded; repeated
 * lines fold within a chunk, unfold, and keep their place. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "logpos.h"
#include "uitest.h"

/* A line's key, for short. */
#define L(seq) LOGPOS_LINE (seq)

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
  assert_int_equal (logpos_step (&lp, L (5), -2), 0);
  append (h, 1, 6, snaps, 1, 0);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), LOGPOS_LINE (6));
  assert_int_equal (logpos_oldest (&lp), LOGPOS_LINE (2));   /* 4 is a snapshot */
  assert_int_equal (logpos_next (&lp, 2, 1), 6);
  assert_int_equal (calls, 5);                     /* the snapshot is not asked about */
  assert_int_equal (logpos_newest (&lp), LOGPOS_LINE (6));
  assert_int_equal (calls, 5);                     /* nothing new: no calls */
  append (h, 7, 13, NULL, 0, 0);
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), LOGPOS_LINE (12));
  assert_int_equal (calls, 10);                    /* 13, then 9..12: as far as needed */
  assert_int_equal (logpos_next (&lp, 6, 1), 8);
  assert_int_equal (calls, 12);
  /* A frozen view's limit: nothing after it. */
  logpos_update (&lp, h, 9);
  assert_int_equal (logpos_newest (&lp), LOGPOS_LINE (8));
  assert_int_equal (logpos_next (&lp, 8, 1), 0);
  assert_int_equal (logpos_step (&lp, LOGPOS_LINE (12), 0), LOGPOS_LINE (8));
  logpos_reset (&lp);
  logpos_update (&lp, h, 0);
  lp.shown = all;
  assert_int_equal (logpos_newest (&lp), LOGPOS_LINE (13));
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
  assert_int_equal (logpos_step (&lp, L (4), 1), L (6));
  assert_int_equal (logpos_step (&lp, L (6), -1), L (4));
  assert_int_equal (logpos_step (&lp, L (4), -5), L (2));
  assert_int_equal (logpos_step (&lp, L (4), 50), L (20));
  assert_int_equal (logpos_step (&lp, L (5), 0), L (6));
  assert_int_equal (logpos_step (&lp, L (21), 0), L (20));
  assert_int_equal (logpos_step (&lp, 0, 0), L (2));
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
  assert_int_equal (logpos_top (&lp, 0, L (50), 10, TRUE), L (41));
  assert_int_equal (logpos_top (&lp, L (20), L (25), 10, FALSE), L (20));
  assert_int_equal (logpos_top (&lp, L (20), L (35), 10, FALSE), L (26));
  assert_int_equal (logpos_top (&lp, L (20), L (5), 10, FALSE), L (5));
  assert_int_equal (logpos_top (&lp, L (45), L (48), 10, FALSE), L (41));
  assert_int_equal (logpos_top (&lp, L (3), L (3), 0, FALSE), L (3));
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
  lp.top = logpos_top (&lp, 0, L (40), 10, FALSE);
  guint64 top = lp.top;
  for (guint i = 0; i < 20; i++)
    {
      append (h, 101 + i * 50, 150 + i * 50, NULL, 0, 0);
      logpos_update (&lp, h, 0);
      lp.top = logpos_top (&lp, lp.top, logpos_selected (&lp), 10, FALSE);
      assert_int_equal (logpos_selected (&lp), L (40));
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
  assert_int_equal (logpos_selected (&lp), L (history_oldest (h)));
  assert_true (lp.top >= L (history_oldest (h)));
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
  assert_true (logpos_memory (&lp) < 64 * 300000 / CHUNK_MAX_ENTRIES + 64 * 8
                                      + LOGPOS_SEGMENTS * 1024);
  /* Some of each chunk shown: a bit per entry. */
  logpos_reset (&lp);
  lp.shown = even;
  while (logpos_update (&lp, h, 0), logpos_oldest (&lp) != L (2) || logpos_busy (&lp))
    ;
  for (guint64 s = 2; s; s = logpos_next (&lp, s + 5000, 1))
    ;
  assert_int_equal (logpos_step (&lp, L (150001), 0), L (150002));
  assert_true (logpos_memory (&lp) <= 300000 / 8 + 64 * (300000 / 2000 + 2)
                                       + LOGPOS_SEGMENTS * CHUNK_MAX_ENTRIES * 8);
  logpos_clear (&lp);
}

/* Appends an event of KIND about PID, child of PPID (0: not known), named
 * COMM (NULL: not known). */
static void
add (History *h, EventKind kind, gint pid, gint ppid, const char *comm)
{
  char *name = g_strdup (comm);
  guint64 n = history_newest (h) + 1;
  Event ev = { .kind = kind, .pid = pid, .tgid = pid, .ptgid = ppid, .comm = name,
               .lost = kind == EVENT_LOST ? 3 : 0, .mono_ns = (gint64) n * UT_SEC,
               .wall_ns = UT_WALL + (gint64) n * UT_SEC };

  history_append (h, &ev, NULL);
  g_free (name);
}

/* The keys of LP's rows, as a string: "L1 M2" (lines and members' rows). */
static char *
rows_of (Logpos *lp)
{
  GString *s = g_string_new (NULL);

  for (guint64 key = logpos_oldest (lp); key; key = logpos_row_next (lp, key, 1))
    g_string_append_printf (s, "%s%c%" G_GUINT64_FORMAT, s->len ? " " : "",
                            LOGPOS_IS_MEMBER (key) ? 'M' : 'L', LOGPOS_SEQ (key));
  return g_string_free (s, FALSE);
}

/* Asserts LP's rows. */
static void
check_rows (Logpos *lp, const char *want)
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
  g_autoptr (History) h = ut_history (0, 0);
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
  logpos_update (&lp, h, 0);
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
  logpos_update (&lp, h, 0);
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
  logpos_update (&lp, h, 0);
  check_rows (&lp, "L1 L3 L4 L5 L7 L8 L9 L10 L11 L13 L36");
  f = logpos_fold (&lp, LOGPOS_LINE (13));
  assert_int_equal (f->members->len, 52);
  assert_int_equal (logpos_selected (&lp), LOGPOS_LINE (13));
  assert_int_equal (logpos_top (&lp, lp.top, logpos_selected (&lp), 2, FALSE),
                    LOGPOS_LINE (13));

  /* Past LOGPOS_FOLD_REACH other lines, a new line starts. */
  for (gint i = 0; i < LOGPOS_FOLD_REACH; i++)
    {
      g_autofree char *name = g_strdup_printf ("n%d", i);
      add (h, EVENT_EXEC, 300 + i, 1, name);
    }
  add (h, EVENT_EXIT, 400, 100, "sh");
  logpos_update (&lp, h, 0);
  assert_int_equal (logpos_newest (&lp), LOGPOS_LINE (history_newest (h)));
  assert_int_equal (logpos_fold (&lp, LOGPOS_LINE (13))->members->len, 52);
  /* What a fold says, and as of an event before its newest (the time
   * cursor): those up to it; as of one before its second, its first
   * alone. */
  RowsFold sum;
  gint64 first, last;
  f = logpos_fold (&lp, LOGPOS_LINE (1));
  const HistoryEntry *newest = logpos_fold_at (&lp, f, 0, &sum, &first, &last);
  assert_int_equal (newest->seq, 6);
  assert_int_equal (sum.count, 3);
  newest = logpos_fold_at (&lp, f, 4, &sum, &first, &last);
  assert_int_equal (newest->seq, 2);
  assert_int_equal (sum.count, 2);
  logpos_select_row (&lp, LOGPOS_LINE (1));
  assert_int_equal (logpos_selected_event (&lp), 6);
  /* A frozen view's limit: its newest member up to it. */
  logpos_update (&lp, h, 5);
  assert_int_equal (logpos_selected_event (&lp), 2);
  logpos_clear (&lp);
}

/* Unfolded, a fold's members show under its line, each at its place,
 * those that join it too; folded again, they go; a reset folds anew. */
static void
test_unfold (void **state)
{
  g_autoptr (History) h = ut_history (0, 0);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  add (h, EVENT_EXIT, 10, 100, "sh");         /* 1 */
  add (h, EVENT_FORK, 11, 1, "bash");         /* 2 */
  add (h, EVENT_EXIT, 12, 100, "sh");         /* 3 */
  logpos_update (&lp, h, 0);
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
  logpos_update (&lp, h, 0);
  check_rows (&lp, "L1 M1 L2 M3 M4");
  logpos_select (&lp, 4);
  assert_int_equal (logpos_selected (&lp), LOGPOS_MEMBER (4));
  assert_true (logpos_unfold (&lp, LOGPOS_LINE (1), FALSE));
  check_rows (&lp, "L1 L2");
  /* The member's row went: the selection goes on to what is there. */
  assert_int_equal (logpos_row_of (&lp, 4), LOGPOS_LINE (1));
  logpos_reset (&lp);
  logpos_update (&lp, h, 0);
  check_rows (&lp, "L1 L2");
  assert_int_equal (logpos_fold (&lp, LOGPOS_LINE (1))->members->len, 3);
  logpos_clear (&lp);
}

/* Folds stay within a chunk of the history (chunks of 4 here): the rows
 * of a chunk are its own, whatever the chunks before; when the history
 * lets a chunk go, its lines and folds go with it, the others stay as
 * they were; the rows worked out are kept for LOGPOS_SEGMENTS chunks. */
static void
test_fold_chunks (void **state)
{
  g_autoptr (History) h = ut_history (4, 0);
  Logpos lp;

  logpos_init (&lp, all, NULL);
  for (gint i = 0; i < 4 * (LOGPOS_SEGMENTS + 4); i++)
    add (h, EVENT_EXIT, 10 + i, 100, "sh");   /* 1.. : a fold per chunk */
  logpos_update (&lp, h, 0);
  g_autofree char *want = NULL;
  {
    GString *w = g_string_new (NULL);
    for (gint c = 0; c < LOGPOS_SEGMENTS + 4; c++)
      g_string_append_printf (w, "%sL%d", w->len ? " " : "", 1 + 4 * c);
    want = g_string_free (w, FALSE);
  }
  check_rows (&lp, want);
  assert_int_equal (logpos_fold (&lp, LOGPOS_LINE (5))->members->len, 4);
  assert_true (lp.segments->len <= LOGPOS_SEGMENTS);
  /* Worked out again, the same. */
  check_rows (&lp, want);
  assert_int_equal (logpos_row_of (&lp, 7), LOGPOS_LINE (5));
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
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_unfold),
    cmocka_unit_test (test_fold_chunks),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
