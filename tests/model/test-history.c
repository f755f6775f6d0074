/* test-history.c - the bounded event ring. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "history.h"
#include "tstr.h"

/* Appends N exec events with pids FIRST.. and distinct names. */
static void
append_n (History *h, gint first, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", first + i);
      char *argv[] = { name, NULL };
      Event ev = { .kind = EVENT_EXEC, .pid = first + i, .tgid = first + i,
                   .comm = name, .argv = argv };
      Proc p = { .serial = 1000 + first + i, .pid = first + i, .comm = name };
      history_append (h, &ev, &p);
    }
}

/* Below capacity entries come back oldest first with growing seq. */
static void
test_fill (void **state)
{
  g_autoptr (History) h = history_new (4);
  assert_int_equal (history_len (h), 0);
  assert_null (history_get (h, 0));
  append_n (h, 1, 3);
  assert_int_equal (history_len (h), 3);
  assert_int_equal (history_get (h, 0)->ev.pid, 1);
  assert_int_equal (history_get (h, 2)->seq, 3);
  assert_int_equal (history_get (h, 2)->serial, 1003);
  assert_string_equal (history_get (h, 1)->ev.comm, "p2");
  assert_null (history_get (h, 3));
}

/* Past capacity the oldest are dropped and memory stays bounded. */
static void
test_wrap (void **state)
{
  g_autoptr (History) h = history_new (4);
  append_n (h, 1, 10);
  assert_int_equal (history_len (h), 4);
  assert_int_equal (history_get (h, 3)->seq, 10);
  assert_int_equal (history_get (h, 0)->seq, 7);
  assert_string_equal (history_get (h, 0)->ev.argv[0], "p7");
  assert_int_equal (history_get (h, 3)->ev.pid, 10);
}

/* A copy is independent of later appends. */
static void
test_copy (void **state)
{
  g_autoptr (History) h = history_new (3);
  append_n (h, 1, 5);
  g_autoptr (History) c = history_copy (h);
  append_n (h, 100, 2);
  assert_int_equal (history_len (c), 3);
  assert_int_equal (history_get (c, 0)->ev.pid, 3);
  assert_int_equal (history_get (c, 2)->ev.pid, 5);
  assert_int_equal (history_get (c, 2)->seq, 5);
  assert_int_equal (history_get (h, 2)->ev.pid, 101);
  append_n (c, 50, 1);
  assert_int_equal (history_get (c, 2)->seq, 6);
}

/* Capacity 0 is treated as 1. */
static void
test_tiny (void **state)
{
  g_autoptr (History) h = history_new (0);
  append_n (h, 1, 3);
  assert_int_equal (history_len (h), 1);
  assert_int_equal (history_get (h, 0)->ev.pid, 3);
}

/* An entry keeps its subject as it was at the event: name, users, start;
 * later changes of the process do not reach it. */
static void
test_subject (void **state)
{
  g_autoptr (History) h = history_new (4);
  g_autoptr (Proctab) pt = proctab_new (G_GINT64_CONSTANT (60000000000), 10);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 5, .tgid = 5, .comm = T_STR ("bash"),
                 .flags = EVENT_F_CREDS | EVENT_F_START, .ruid = 7, .euid = 0,
                 .start_ns = 1000 };
  Event fork = { .kind = EVENT_FORK, .pid = 6, .tgid = 6, .ppid = 5, .ptgid = 5,
                 .mono_ns = 2000 };
  Event exec = { .kind = EVENT_EXEC, .pid = 6, .tgid = 6, .comm = T_STR ("ls"),
                 .mono_ns = 3000 };

  proctab_apply (pt, &snap);
  history_append (h, &fork, proctab_apply (pt, &fork));
  history_append (h, &exec, proctab_apply (pt, &exec));
  history_append (h, &(Event) { .kind = EVENT_LOST, .lost = 2 }, NULL);
  const HistoryEntry *a = history_get (h, 0), *b = history_get (h, 1), *c = history_get (h, 2);
  assert_string_equal (a->comm, "bash");  /* the child's name at its fork */
  assert_string_equal (b->comm, "ls");
  assert_true (a->creds);
  assert_int_equal (a->ruid, 7);
  assert_int_equal (a->start_ns, 2000);
  assert_null (c->comm);
  assert_int_equal (c->serial, 0);
  Proc s = history_subject (a);
  assert_string_equal (s.comm, "bash");
  assert_int_equal (s.pid, 6);
  assert_int_equal (s.start_ns, 2000);
  assert_true (s.flags & PROC_F_CREDS);
  /* the copy for freezing keeps it too */
  g_autoptr (History) copy = history_copy (h);
  assert_string_equal (history_get (copy, 0)->comm, "bash");
}

/* A large capacity costs memory only as it fills: the ring grows through
 * every size (and is copied at each) up to the capacity, then wraps. */
static void
test_grow (void **state)
{
  g_autoptr (History) h = history_new (1000000);
  append_n (h, 1, 3);
  g_autoptr (History) small = history_copy (h);
  assert_int_equal (history_len (small), 3);
  history_free (g_steal_pointer (&h));

  h = history_new (1000);
  for (guint n = 0; n < 2500; n += 250)
    {
      g_autoptr (History) c = history_copy (h);
      append_n (h, (gint) n + 1, 250);
      append_n (c, (gint) n + 1, 250);
      assert_int_equal (history_len (c), history_len (h));
      for (guint i = 0; i < history_len (h); i++)
        assert_int_equal (history_get (c, i)->ev.pid, history_get (h, i)->ev.pid);
    }
  assert_int_equal (history_len (h), 1000);
  for (guint i = 0; i < 1000; i++)
    {
      assert_int_equal (history_get (h, i)->ev.pid, 1501 + (gint) i);
      assert_int_equal (history_get (h, i)->seq, 1501 + i);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_subject),
    cmocka_unit_test (test_fill),
    cmocka_unit_test (test_wrap),
    cmocka_unit_test (test_copy),
    cmocka_unit_test (test_tiny),
    cmocka_unit_test (test_grow),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
