/* test-filter.c - comm, user, subtree, parent, kind and failure filters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "filter.h"
#include "tstr.h"

/* A small tree: 1 init(0) -> 100 sshd(0) -> 200 bash(1000) -> 300 make(1000). */
static Proctab *
make_tree (void)
{
  Proctab *pt = proctab_new (G_GINT64_CONSTANT (60000000000), 100);
  struct { gint pid, ppid; const char *comm; guint32 uid; } t[] = {
    { 1, 0, "init", 0 }, { 100, 1, "sshd", 0 }, { 200, 100, "bash", 1000 },
    { 300, 200, "make", 1000 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      Event ev = { .kind = EVENT_SNAPSHOT, .pid = t[i].pid, .tgid = t[i].pid,
                   .ptgid = t[i].ppid, .comm = T_STR (t[i].comm),
                   .ruid = t[i].uid, .euid = t[i].uid, .flags = EVENT_F_CREDS };
      proctab_apply (pt, &ev);
    }
  return pt;
}

/* Sets F to the exits of the children of PARENT. */
static void
exits_of_children (Filter *f, gint parent)
{
  f->ppids = g_array_new (FALSE, FALSE, sizeof (gint));
  g_array_append_val (f->ppids, parent);
  f->kinds = EVENT_MASK (EVENT_EXIT);
}

/* Globs match whole names, plain words match substrings. */
static void
test_comm_patterns (void **state)
{
  assert_true (filter_comm_matches ("sh", "bash"));
  assert_true (filter_comm_matches ("sh", "sshd"));
  assert_false (filter_comm_matches ("sh*", "bash"));
  assert_true (filter_comm_matches ("b?sh", "bash"));
  assert_true (filter_comm_matches ("[bz]sh", "zsh"));
  assert_false (filter_comm_matches ("Bash", "bash"));
  assert_false (filter_comm_matches ("x", NULL));
  assert_true (filter_comm_matches ("", "anything"));
  assert_true (filter_comm_matches ("[", "["));   /* an unclosed bracket is literal */
  assert_false (filter_comm_matches ("[", "x"));
}

/* Process criteria combine with AND. */
static void
test_match_proc (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  Proc *make = proctab_lookup (pt, 300), *sshd = proctab_lookup (pt, 100);
  char *comms[] = { T_STR ("mak"), T_STR ("ssh*"), NULL };
  Filter f = { 0 };

  assert_true (filter_match_proc (&f, make));
  f.comms = comms;
  assert_true (filter_match_proc (&f, make));
  assert_true (filter_match_proc (&f, sshd));
  f.has_uid = TRUE;
  f.uid = 1000;
  assert_true (filter_match_proc (&f, make));
  assert_false (filter_match_proc (&f, sshd));
  f.subtree = 200;
  assert_true (filter_match_proc (&f, make));
  f.subtree = 300;
  assert_true (filter_match_proc (&f, make));
  f.subtree = 400;
  assert_false (filter_match_proc (&f, make));
}

/* Kinds, failures and parents for exit reports (children of given parents). */
static void
test_match_event (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  Filter f = { 0 };
  guint exit = 0;
  assert_true (event_kind_mask_parse ("exit", &exit, &(char *) { NULL }) == 0);
  exits_of_children (&f, 200);
  assert_int_equal (f.kinds, exit);
  f.failed = TRUE;

  Event fork = { .kind = EVENT_FORK, .pid = 301, .tgid = 301, .ptgid = 200 };
  Proc *p = proctab_apply (pt, &fork);
  assert_false (filter_match_event (&f, &fork, p));

  Event ok = { .kind = EVENT_EXIT, .pid = 301, .tgid = 301, .ptgid = 200, .exit_code = 0 };
  Event bad = ok;
  bad.exit_code = 1 << 8;
  Event killed = ok;
  killed.exit_code = 9;
  assert_false (filter_match_event (&f, &ok, p));
  assert_true (filter_match_event (&f, &bad, p));
  assert_true (filter_match_event (&f, &killed, p));

  /* a failing child of another parent is not reported */
  Event other = { .kind = EVENT_EXIT, .pid = 200, .tgid = 200, .ptgid = 100, .exit_code = 256 };
  assert_false (filter_match_event (&f, &other, proctab_lookup (pt, 200)));

  /* losses always pass */
  Event lost = { .kind = EVENT_LOST, .lost = 3 };
  assert_true (filter_match_event (&f, &lost, NULL));

  /* without a process, the event's own fields decide */
  Event unknown = { .kind = EVENT_EXIT, .pid = 999, .tgid = 999, .ptgid = 200, .exit_code = 256 };
  assert_true (filter_match_event (&f, &unknown, NULL));
  unknown.ptgid = 5;
  assert_false (filter_match_event (&f, &unknown, NULL));
  filter_clear (&f);
  assert_null (f.ppids);
}

/* By default snapshots are hidden and every other kind shown. */
static void
test_default_kinds (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  Filter f = { 0 };
  Proc *p = proctab_lookup (pt, 300);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 300, .tgid = 300 };
  Event comm = { .kind = EVENT_COMM, .pid = 300, .tgid = 300, .comm = T_STR ("x") };
  assert_false (filter_match_event (&f, &snap, p));
  assert_true (filter_match_event (&f, &comm, p));
  f.kinds = EVENT_MASK_ALL;
  assert_true (filter_match_event (&f, &snap, p));
  /* a thread renamed to a matching name passes a comm filter */
  char *comms[] = { T_STR ("x"), NULL };
  f.comms = comms;
  assert_true (filter_match_event (&f, &comm, p));
  assert_false (filter_match_event (&f, &snap, p));
}

/* Exits count the ends of processes only, as the model concluded them:
 * a leader's early exit and other threads' exits pass only when threads
 * are asked for, and never as failures; the last thread's end is one. */
static void
test_thread_exits (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  Filter f = { 0 };
  exits_of_children (&f, 200);

  Event fork = { .kind = EVENT_FORK, .pid = 301, .tgid = 301, .ptgid = 200 };
  proctab_apply (pt, &fork);
  Event thread = { .kind = EVENT_FORK, .pid = 302, .tgid = 301, .ptgid = 200 };
  proctab_apply (pt, &thread);
  Event leader = { .kind = EVENT_EXIT, .pid = 301, .tgid = 301, .ptgid = 200,
                   .exit_code = 5 << 8 };
  Proc *p = proctab_apply (pt, &leader);
  assert_int_equal (leader.ends, EVENT_ENDS_THREAD);
  assert_false (filter_match_event (&f, &leader, p));
  f.threads = TRUE;
  assert_true (filter_match_event (&f, &leader, p));
  f.failed = TRUE;
  assert_false (filter_match_event (&f, &leader, p));

  Event last = { .kind = EVENT_EXIT, .pid = 302, .tgid = 301, .exit_code = 5 << 8,
                 .exit_signal = -1 };
  p = proctab_apply (pt, &last);
  assert_int_equal (last.ends, EVENT_ENDS_PROCESS);
  assert_true (filter_match_event (&f, &last, p));
  f.threads = FALSE;
  assert_true (filter_match_event (&f, &last, p));
  filter_clear (&f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_comm_patterns),
    cmocka_unit_test (test_match_proc),
    cmocka_unit_test (test_match_event),
    cmocka_unit_test (test_default_kinds),
    cmocka_unit_test (test_thread_exits),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
