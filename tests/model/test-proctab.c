/* test-proctab.c - the process table under the event sequences of KERNEL.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "proctab.h"
#include "ptgen.h"
#include "resync.h"
#include "tstr.h"

#define MS (G_GINT64_CONSTANT (1000000))

/* Builds events with a clock that advances 1 ms per event, and keeps what
 * the model noted on them: how many process ends it concluded, and the
 * last event's notes. */
typedef struct {
  Proctab *pt;
  gint64 now;
  guint ends;           /* EXITs that ended a process */
  guint32 end_status;   /* the last such end's status */
  gint64 end_lifetime;  /* and its lifetime (proctab_event_lifetime) */
  Event last;           /* the last event applied (its strings not to be read) */
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  f->pt = proctab_new (60 * 1000 * MS, 100);
  f->now = 1000 * MS;
  *state = f;
  return 0;
}

/* Fails the test when PT breaks one of its invariants (proctab_check). */
static void
assert_sane (const Proctab *pt)
{
  g_autofree char *why = NULL;
  if (!proctab_check (pt, &why))
    fail_msg ("the table breaks an invariant: %s", why);
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  assert_sane (f->pt);
  proctab_free (f->pt);
  g_free (f);
  return 0;
}

/* Applies EV at the next millisecond and records what the model noted. */
static Proc *
ev_apply (Fixture *f, Event *ev)
{
  f->now += MS;
  ev->mono_ns = f->now;
  ev->wall_ns = f->now + 1000000 * MS;
  /* What the model would conclude of an EXIT is what it concludes. */
  gboolean would_end = ev->kind == EVENT_EXIT && proc_exit_ends (proctab_lookup (f->pt, ev->tgid), ev);
  Proc *p = proctab_apply (f->pt, ev);
  if (ev->kind == EVENT_EXIT)
    assert_int_equal (would_end, event_ends_process (ev));
  assert_sane (f->pt);
  if (event_ends_process (ev))
    {
      f->ends++;
      f->end_status = ev->exit_code;
      f->end_lifetime = proctab_event_lifetime (ev, p);
    }
  f->last = *ev;
  return p;
}

static Proc *
do_snapshot (Fixture *f, gint pid, gint ppid, const char *comm, guint32 uid)
{
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid, .ppid = ppid,
               .ptgid = ppid, .comm = T_STR (comm), .ruid = uid, .euid = uid,
               .flags = EVENT_F_CREDS | EVENT_F_START, .start_ns = 10 * MS * pid };
  return ev_apply (f, &ev);
}

static Proc *
do_fork (Fixture *f, gint ptgid, gint pid, gint tgid)
{
  Event ev = { .kind = EVENT_FORK, .pid = pid, .tgid = tgid, .ppid = ptgid, .ptgid = ptgid };
  return ev_apply (f, &ev);
}

static Proc *
do_exit (Fixture *f, gint pid, gint tgid, gint ptgid, guint32 code)
{
  Event ev = { .kind = EVENT_EXIT, .pid = pid, .tgid = tgid, .ppid = ptgid,
               .ptgid = ptgid, .exit_code = code, .exit_signal = pid == tgid ? 17 : -1 };
  return ev_apply (f, &ev);
}

static Proc *
do_exec (Fixture *f, gint tgid, const char *comm)
{
  char *argv[] = { T_STR (comm), T_STR ("--flag"), NULL };
  Event ev = { .kind = EVENT_EXEC, .pid = tgid, .tgid = tgid, .comm = T_STR (comm), .argv = argv };
  return ev_apply (f, &ev);
}

/* fork inherits name and credentials; exec replaces them; exit leaves a
 * tombstone under the parent with status and lifetime. */
static void
test_fork_exec_exit (void **state)
{
  Fixture *f = *state;
  Proc *sh = do_snapshot (f, 100, 1, "sh", 1000);
  guint64 sh_serial = sh->serial;

  Proc *c = do_fork (f, 100, 200, 200);
  assert_non_null (c);
  assert_string_equal (c->comm, "sh");
  assert_int_equal (c->euid, 1000);
  assert_true (c->flags & PROC_F_CREDS);
  assert_ptr_equal (c->parent, proctab_lookup (f->pt, 100));
  assert_int_equal (proctab_lookup (f->pt, 100)->children_total, 1);
  gint64 start = c->start_ns;

  c = do_exec (f, 200, "ls");
  assert_string_equal (c->comm, "ls");
  assert_string_equal (c->argv[1], "--flag");
  assert_true (c->flags & PROC_F_EXECED);
  guint64 serial = c->serial;

  c = do_exit (f, 200, 200, 100, 3 << 8);
  assert_non_null (c);
  assert_false (c->alive);
  assert_int_equal (c->exit_code, 768);
  assert_int_equal (c->end_ns - start, 2 * MS);
  assert_null (proctab_lookup (f->pt, 200));
  assert_ptr_equal (proctab_lookup_serial (f->pt, serial), c);
  assert_ptr_equal (c->parent, proctab_lookup_serial (f->pt, sh_serial));
  assert_int_equal (proctab_count_live (f->pt), 1);
  assert_int_equal (proctab_count_tombs (f->pt), 1);
}

/* Applies a SNAPSHOT of PID under PPID that says where it runs: WHERE
 * (a reference is taken; NULL the host). */
static Proc *
do_where_snapshot (Fixture *f, gint pid, gint ppid, Where *where)
{
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid, .ppid = ppid, .ptgid = ppid,
               .flags = EVENT_F_START | EVENT_F_WHERE, .start_ns = 10 * MS * pid,
               .where = where };
  return ev_apply (f, &ev);
}

/* Where a process runs: a snapshot or an event says it; a fork inherits
 * its parent's (its pid there not known below the host's namespace) until
 * one does; every event about a process that entered a namespace its
 * parent is not in is noted so; copies and saved tables keep it. */
static void
test_where (void **state)
{
  Fixture *f = *state;
  Container *web = container_get ("docker", "0123456789abcdef0123456789abcdef"
                                  "0123456789abcdef0123456789abcdef", NULL);
  Where *init = where_new (1, 1, web), *two = where_new (2, 1, web);
  Where *nested = where_new (1, 2, web), *hostpid = where_new (0, 0, web);

  do_snapshot (f, 50, 1, "containerd-shim", 0);
  Proc *shim = proctab_lookup (f->pt, 50);
  assert_null (proc_where (shim));
  assert_false (shim->flags & PROC_F_WHERE);
  Proc *c = do_where_snapshot (f, 60, 50, init);
  assert_ptr_equal (proc_where (c), init);
  assert_true (c->flags & PROC_F_WHERE);
  assert_true (f->last.flags & EVENT_F_NS_ENTRY);

  /* A fork inherits the namespace and the container, not the pid. */
  c = do_fork (f, 60, 61, 61);
  assert_int_equal (where_level (proc_where (c)), 1);
  assert_ptr_equal (where_container (proc_where (c)), web);
  assert_int_equal (proc_where (c)->nspid, 0);
  assert_false (c->flags & PROC_F_WHERE);
  assert_false (f->last.flags & EVENT_F_NS_ENTRY);
  /* An event that says it: its pid there. */
  Event ev = { .kind = EVENT_EXEC, .pid = 61, .tgid = 61, .flags = EVENT_F_WHERE, .where = two };
  c = ev_apply (f, &ev);
  assert_ptr_equal (proc_where (c), two);
  assert_int_equal (where_nspid (proc_where (c), 61), 2);
  assert_false (f->last.flags & EVENT_F_NS_ENTRY);
  /* An exec that says nothing keeps it. */
  c = do_exec (f, 61, "nginx");
  assert_ptr_equal (proc_where (c), two);

  /* A process of the host's namespace in a container (--pid=host): its
   * fork shares its Where, which has no pid to know. */
  c = do_where_snapshot (f, 70, 50, hostpid);
  assert_false (f->last.flags & EVENT_F_NS_ENTRY);
  c = do_fork (f, 70, 71, 71);
  assert_ptr_equal (proc_where (c), hostpid);
  assert_int_equal (where_nspid (proc_where (c), 71), 71);

  /* A namespace inside the container's: an entry again, as is every
   * later event of it, its exit included. */
  c = do_fork (f, 61, 62, 62);
  ev = (Event) { .kind = EVENT_EXEC, .pid = 62, .tgid = 62, .flags = EVENT_F_WHERE,
                 .where = nested };
  c = ev_apply (f, &ev);
  assert_true (f->last.flags & EVENT_F_NS_ENTRY);
  c = do_exec (f, 62, "sleep");
  assert_true (f->last.flags & EVENT_F_NS_ENTRY);
  c = do_exit (f, 62, 62, 61, 0);
  assert_true (f->last.flags & EVENT_F_NS_ENTRY);
  assert_ptr_equal (proc_where (c), nested);

  /* A recording's snapshot of the host puts it back there. */
  c = do_where_snapshot (f, 61, 60, NULL);
  assert_null (proc_where (c));

  /* Copies share it; a saved table loads it back the same. */
  g_autoptr (Proctab) copy = proctab_copy (f->pt);
  assert_ptr_equal (proc_where (proctab_lookup (copy, 60)), init);
  g_autoptr (GBytes) saved = ptgen_saved (f->pt);
  g_autoptr (Proctab) loaded = proctab_load (g_bytes_get_data (saved, NULL),
                                             g_bytes_get_size (saved), 60 * 1000 * MS, 100,
                                             NULL);
  assert_non_null (loaded);
  g_autofree char *a = ptgen_dump (f->pt), *b = ptgen_dump (loaded);
  assert_string_equal (a, b);
  assert_true (where_equal (proc_where (proctab_lookup (loaded, 60)), init));
  assert_ptr_equal (where_container (proc_where (proctab_lookup (loaded, 70))), web);

  where_unref (init);
  where_unref (two);
  where_unref (nested);
  where_unref (hostpid);
  container_unref (web);
}

/* Threads hang under their process; a thread's exit leaves the process. */
static void
test_threads (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "app", 0);
  Proc *p = do_fork (f, 1, 101, 100);
  assert_int_equal (p->pid, 100);
  do_fork (f, 1, 102, 100);
  assert_int_equal (proc_nthreads (p), 3);
  assert_int_equal (proctab_count_live (f->pt), 1);
  assert_null (proctab_lookup (f->pt, 101));

  Event comm = { .kind = EVENT_COMM, .pid = 101, .tgid = 100, .comm = T_STR ("worker") };
  ev_apply (f, &comm);
  ProcThread *t = g_hash_table_lookup (p->threads, GINT_TO_POINTER (101));
  assert_string_equal (t->comm, "worker");
  assert_string_equal (p->comm, "app");

  p = do_exit (f, 101, 100, 0, 0);
  assert_true (p->alive);
  assert_int_equal (f->last.ends, EVENT_ENDS_THREAD);
  assert_int_equal (f->ends, 0);
  assert_int_equal (proc_nthreads (p), 2);
  assert_int_equal (proctab_count_threads (f->pt), 2);
}

/* The leader calls pthread_exit: the process lives on until its last
 * thread exits; that thread's exit ends it, with the status the kernel
 * gives every thread of a group exit (_exit(5) here) and the lifetime from
 * the process's start.  The leader's exit ends only a thread. */
static void
test_leader_pthread_exit (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 1, 0, "init", 0);
  gint64 start = f->now + MS;
  do_fork (f, 1, 100, 100);
  do_fork (f, 1, 101, 100);
  do_fork (f, 1, 102, 100);
  Proc *p = do_exit (f, 100, 100, 1, 0);
  assert_int_equal (f->last.ends, EVENT_ENDS_THREAD);
  assert_true (p->alive);
  assert_true (p->flags & PROC_F_LEADER_EXITED);
  assert_int_equal (proc_nthreads (p), 2);
  assert_ptr_equal (proctab_lookup (f->pt, 100), p);

  p = do_exit (f, 102, 100, 0, 5 << 8);
  assert_int_equal (f->last.ends, EVENT_ENDS_THREAD);
  assert_true (p->alive);
  assert_int_equal (f->ends, 0);
  p = do_exit (f, 101, 100, 0, 5 << 8);
  assert_int_equal (f->last.ends, EVENT_ENDS_PROCESS);
  assert_int_equal (f->ends, 1);
  assert_int_equal (f->end_status, 5 << 8);
  assert_int_equal (f->end_lifetime, f->now - start);
  assert_false (p->alive);
  assert_int_equal (p->exit_code, 5 << 8);
  assert_int_equal (p->end_ns - p->start_ns, f->now - start);
  assert_int_equal (p->ppid, 1);
  assert_null (proctab_lookup (f->pt, 100));
}

/* exec from a non-leader thread (KERNEL.md): EXIT of the old leader, EXITs
 * of the OTHERS other threads (TIDS, in that order, the leader's among
 * them at LEADER_AT), then EXEC with pid == tgid by thread 101, which never
 * exits.  None of it ends the process; its one end comes later, with the
 * status of the new image and the lifetime from the fork. */
static void
check_exec_from_thread (Fixture *f, const gint *tids, guint others, guint leader_at)
{
  do_snapshot (f, 1, 0, "init", 0);
  gint64 start = f->now + MS;
  do_fork (f, 1, 100, 100);
  guint64 serial = proctab_lookup (f->pt, 100)->serial;
  do_fork (f, 1, 101, 100);
  for (guint i = 0; i < others; i++)
    do_fork (f, 1, tids[i], 100);
  for (guint i = 0; i <= others; i++)
    {
      if (i == leader_at)
        do_exit (f, 100, 100, 1, 0);
      else
        do_exit (f, tids[i < leader_at ? i : i - 1], 100, 0, 0);
      assert_int_equal (f->last.ends, EVENT_ENDS_THREAD);
    }
  assert_int_equal (f->ends, 0);
  Proc *p = do_exec (f, 100, "newimage");
  assert_true (f->last.flags & EVENT_F_EXEC_THREAD);
  assert_int_equal (f->last.exec_tid, 101);
  assert_int_equal (p->serial, serial);
  assert_true (p->alive);
  assert_false (p->flags & PROC_F_LEADER_EXITED);
  assert_int_equal (proc_nthreads (p), 1);
  assert_string_equal (p->comm, "newimage");
  assert_int_equal (f->ends, 0);

  p = do_exit (f, 100, 100, 1, 4 << 8);
  assert_int_equal (f->last.ends, EVENT_ENDS_PROCESS);
  assert_false (p->alive);
  assert_int_equal (f->ends, 1);
  assert_int_equal (f->end_status, 4 << 8);
  assert_int_equal (f->end_lifetime, f->now - start);
}

/* ... with one other thread besides the leader. */
static void
test_exec_from_thread (void **state)
{
  static const gint tids[] = { 102 };
  check_exec_from_thread (*state, tids, 1, 0);
}

/* ... with three other threads, whose exits come around the leader's. */
static void
test_exec_from_thread_3 (void **state)
{
  static const gint tids[] = { 103, 102, 104 };
  check_exec_from_thread (*state, tids, 3, 1);
}

/* An exec by the leader is no thread's, and when the old leader's report
 * comes after the EXEC (it then carries the exec'ing thread's id, KERNEL.md)
 * it is a thread's exit: no process end is made up. */
static void
test_exec_leader_report_late (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 1, 0, "init", 0);
  do_fork (f, 1, 100, 100);
  do_fork (f, 1, 101, 100);
  do_fork (f, 1, 102, 100);
  do_exit (f, 102, 100, 0, 0);
  Proc *p = do_exec (f, 100, "newimage");
  assert_false (f->last.flags & EVENT_F_EXEC_THREAD);
  assert_int_equal (f->last.exec_tid, 0);
  p = do_exit (f, 101, 100, 0, 0);
  assert_int_equal (f->last.ends, EVENT_ENDS_THREAD);
  assert_true (p->alive);
  assert_int_equal (f->ends, 0);
  /* with more than one thread left, which one exec'd is not known */
  do_fork (f, 1, 103, 100);
  do_fork (f, 1, 104, 100);
  do_exit (f, 100, 100, 1, 0);
  do_exec (f, 100, "again");
  assert_true (f->last.flags & EVENT_F_EXEC_THREAD);
  assert_int_equal (f->last.exec_tid, 0);
}

/* A thread group killed by a signal: every thread reports the signal; the
 * process ends once, whether its leader exits first or last. */
static void
test_group_killed (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 1, 0, "init", 0);
  for (gint leader = 100; leader <= 200; leader += 100)
    {
      guint ends = f->ends;
      gint64 start = f->now + MS;
      do_fork (f, 1, leader, leader);
      do_fork (f, 1, leader + 1, leader);
      do_fork (f, 1, leader + 2, leader);
      do_exit (f, leader + 1, leader, 0, 9);
      if (leader == 100)
        do_exit (f, leader, leader, 1, 9);  /* first: a thread's exit */
      assert_int_equal (f->last.ends, EVENT_ENDS_THREAD);
      do_exit (f, leader + 2, leader, 0, 9);
      if (leader == 200)
        do_exit (f, leader, leader, 1, 9);  /* last: the process's */
      assert_int_equal (f->last.ends, EVENT_ENDS_PROCESS);
      assert_int_equal (f->ends, ends + 1);
      assert_int_equal (f->end_status, 9);
      assert_int_equal (f->end_lifetime, f->now - start);
      assert_null (proctab_lookup (f->pt, leader));
    }
}

/* An exit found by a resync ends the process whatever threads the model
 * still lists, with no status; a thread vanishing after its leader left
 * ends the process the same way. */
static void
test_exit_unknown_status (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "app", 0);
  do_fork (f, 1, 101, 100);
  Event gone = { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN, .pid = 100, .tgid = 100 };
  Proc *p = ev_apply (f, &gone);
  assert_int_equal (f->last.ends, EVENT_ENDS_PROCESS);
  assert_false (p->alive);
  assert_true (p->flags & PROC_F_STATUS_UNKNOWN);

  do_snapshot (f, 200, 1, "app", 0);
  do_fork (f, 1, 201, 200);
  do_exit (f, 200, 200, 1, 0);
  Event thread = { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN, .pid = 201,
                   .tgid = 200, .exit_code = 0 };
  p = ev_apply (f, &thread);
  assert_int_equal (f->last.ends, EVENT_ENDS_PROCESS);
  assert_false (p->alive);
  assert_true (p->flags & PROC_F_STATUS_UNKNOWN);
  assert_int_equal (f->ends, 2);
}

/* An exit of a process the model does not know keeps what it says (a
 * recording's conclusion), and an unsaid one ends a process when its pid
 * is the tgid (event_ends_process). */
static void
test_exit_unknown_process (void **state)
{
  Fixture *f = *state;
  Event said = { .kind = EVENT_EXIT, .pid = 300, .tgid = 300, .ends = EVENT_ENDS_THREAD };
  assert_null (ev_apply (f, &said));
  assert_int_equal (said.ends, EVENT_ENDS_THREAD);
  assert_false (event_ends_process (&said));
  Event unsaid = { .kind = EVENT_EXIT, .pid = 300, .tgid = 300 };
  assert_null (ev_apply (f, &unsaid));
  assert_int_equal (unsaid.ends, EVENT_ENDS_UNSAID);
  assert_true (event_ends_process (&unsaid));
  unsaid.pid = 301;
  assert_false (event_ends_process (&unsaid));
  /* a known process: the model's conclusion, whatever the event said */
  do_snapshot (f, 400, 1, "x", 0);
  Event wrong = { .kind = EVENT_EXIT, .pid = 400, .tgid = 400, .ends = EVENT_ENDS_THREAD };
  ev_apply (f, &wrong);
  assert_int_equal (wrong.ends, EVENT_ENDS_PROCESS);
  Event exec = { .kind = EVENT_EXEC, .pid = 77, .tgid = 77, .flags = EVENT_F_EXEC_THREAD,
                 .exec_tid = 78 };
  ev_apply (f, &exec);
  assert_true (exec.flags & EVENT_F_EXEC_THREAD);
  assert_int_equal (exec.exec_tid, 78);
}

/* A pid reused after a lost EXIT: the old incarnation becomes a tombstone
 * of unknown status, the new one gets a new serial. */
static void
test_pid_reuse (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "sh", 0);
  Proc *a = do_fork (f, 100, 300, 300);
  guint64 first = a->serial;
  f->now += 5000 * MS;
  Proc *b = do_fork (f, 100, 300, 300);
  assert_int_not_equal (b->serial, first);
  Proc *old = proctab_lookup_serial (f->pt, first);
  assert_non_null (old);
  assert_false (old->alive);
  assert_true (old->flags & PROC_F_STATUS_UNKNOWN);
  assert_ptr_equal (proctab_lookup (f->pt, 300), b);

  /* and after a proper exit, reuse makes a fresh live process */
  do_exit (f, 300, 300, 100, 0);
  Proc *c = do_fork (f, 100, 300, 300);
  assert_true (c->alive);
  assert_int_equal (proctab_count_tombs (f->pt), 2);
}

/* A process is forked once: a second FORK of its pid is a new process
 * even 1 ms later, in the same clock tick (the two used to be taken for
 * one, so that the exit of the second ended the first).  The model notes
 * on the event the process it ended (Event.replaced), and
 * proctab_end_event() gives the end that reports it; a snapshot that
 * started at another time replaces too, one of the same start does not. */
static void
test_fork_twice (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "sh", 0);
  Proc *a = do_fork (f, 100, 300, 300);
  guint64 first = a->serial;
  assert_int_equal (f->last.replaced, 0);
  Proc *b = do_fork (f, 100, 300, 300);
  assert_int_not_equal (b->serial, first);
  assert_int_equal (f->last.replaced, first);
  Proc *old = proctab_lookup_serial (f->pt, first);
  assert_false (old->alive);
  assert_true (old->flags & PROC_F_STATUS_UNKNOWN);
  Event end;
  proctab_end_event (old, 300, f->now, 0, &end);
  assert_int_equal (end.kind, EVENT_EXIT);
  assert_true (end.flags & EVENT_F_STATUS_UNKNOWN);
  assert_int_equal (end.tgid, 300);
  assert_int_equal (end.ptgid, 100);
  assert_true (event_ends_process (&end));
  do_exit (f, 300, 300, 100, 1 << 8);
  /* The exit is the second process's: its lifetime from its own fork. */
  assert_int_equal (f->ends, 1);
  assert_int_equal (f->end_lifetime, MS);

  /* Snapshots: of the same start, none replaced; of another, the live one. */
  Proc *c = do_fork (f, 100, 400, 400);
  Event same = { .kind = EVENT_SNAPSHOT, .pid = 400, .tgid = 400, .ptgid = 100,
                 .flags = EVENT_F_START, .start_ns = c->start_ns };
  assert_ptr_equal (ev_apply (f, &same), c);
  assert_int_equal (f->last.replaced, 0);
  guint64 serial = c->serial;
  Event other = { .kind = EVENT_SNAPSHOT, .pid = 400, .tgid = 400, .ptgid = 100,
                  .flags = EVENT_F_START, .start_ns = f->now + 5000 * MS };
  ev_apply (f, &other);
  assert_int_equal (f->last.replaced, serial);
  /* A thread's FORK, an EXEC: never. */
  do_fork (f, 400, 401, 400);
  assert_int_equal (f->last.replaced, 0);
  do_exec (f, 400, "x");
  assert_int_equal (f->last.replaced, 0);
}

/* A process whose parent is unknown is a root until the parent appears. */
static void
test_unknown_parent (void **state)
{
  Fixture *f = *state;
  Proc *c = do_fork (f, 50, 60, 60);
  assert_null (c->parent);
  assert_int_equal (c->ppid, 50);
  assert_null (c->comm);  /* not known: no placeholder posing as a name */
  g_autoptr (GPtrArray) roots = proctab_roots (f->pt);
  assert_int_equal (roots->len, 1);

  Proc *p = do_snapshot (f, 50, 1, "late", 0);
  c = proctab_lookup (f->pt, 60);
  assert_ptr_equal (c->parent, p);
  assert_int_equal (p->children.length, 1);
}

/* Pid 0 is nobody's parent, even where a recording made a process of it,
 * and a process is not its own. */
static void
test_parent_zero_or_self (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 0, 0, "zero", 0);
  Proc *c = do_fork (f, 0, 5, 5);
  assert_null (c->parent);
  assert_int_equal (c->ppid, 0);
  c = do_snapshot (f, 6, 0, "six", 0);
  assert_null (c->parent);
  /* Its own parent: the new process of pid 7 is under nothing. */
  do_snapshot (f, 7, 1, "seven", 0);
  c = do_fork (f, 7, 7, 7);
  assert_null (c->parent);
  assert_int_equal (c->ppid, 7);
  g_autoptr (GPtrArray) roots = proctab_roots (f->pt);
  /* zero, 5, 6, the new 7, and the old 7's tombstone (its parent, 1, is
   * not known). */
  assert_int_equal (roots->len, 5);
}

/* When a parent dies its live children move to init (there is no event). */
static void
test_reparent_on_parent_exit (void **state)
{
  Fixture *f = *state;
  Proc *init = do_snapshot (f, 1, 0, "init", 0);
  do_snapshot (f, 100, 1, "daemon", 0);
  do_fork (f, 100, 200, 200);
  do_fork (f, 100, 201, 201);
  do_exit (f, 201, 201, 100, 0);
  Proc *dead = do_exit (f, 100, 100, 1, 0);

  Proc *c = proctab_lookup (f->pt, 200);
  assert_ptr_equal (c->parent, init);
  assert_int_equal (c->ppid, 1);
  /* the tombstone child stays under its dead parent */
  assert_int_equal (dead->children.length, 1);
  /* an EXIT naming a different parent moves the process there */
  Proc *sub = do_snapshot (f, 150, 1, "subreaper", 0);
  c = do_exit (f, 200, 200, 150, 0);
  assert_ptr_equal (c->parent, sub);
}

/* An EXIT whose parent fields are 0 (parent reaped first) keeps the parent
 * we knew. */
static void
test_exit_parent_zero (void **state)
{
  Fixture *f = *state;
  Proc *sh = do_snapshot (f, 100, 1, "sh", 0);
  do_fork (f, 100, 200, 200);
  Proc *c = do_exit (f, 200, 200, 0, 0);
  assert_false (c->alive);
  assert_ptr_equal (c->parent, sh);
  assert_int_equal (c->ppid, 100);
  /* and says so on the event, for every output */
  assert_int_equal (f->last.ptgid, 100);
  assert_int_equal (f->last.ppid, 100);
  assert_true (f->last.flags & EVENT_F_PARENT_MODEL);
  /* likewise a thread's exit and a core dump; not where the kernel said */
  do_fork (f, 100, 300, 300);
  do_fork (f, 100, 301, 300);
  do_exit (f, 301, 300, 0, 0);
  assert_int_equal (f->last.ptgid, 100);
  assert_true (f->last.flags & EVENT_F_PARENT_MODEL);
  Event core = { .kind = EVENT_COREDUMP, .pid = 300, .tgid = 300 };
  ev_apply (f, &core);
  assert_int_equal (core.ptgid, 100);
  assert_true (core.flags & EVENT_F_PARENT_MODEL);
  do_exit (f, 300, 300, 100, 0);
  assert_false (f->last.flags & EVENT_F_PARENT_MODEL);
  /* an unknown parent stays unknown */
  do_fork (f, 0, 400, 400);
  do_exit (f, 400, 400, 0, 0);
  assert_int_equal (f->last.ptgid, 0);
  assert_false (f->last.flags & EVENT_F_PARENT_MODEL);
}

/* Events for unknown processes change nothing and return NULL. */
static void
test_unknown_pid_events (void **state)
{
  Fixture *f = *state;
  assert_null (do_exit (f, 999, 999, 1, 0));
  Event uid = { .kind = EVENT_UID, .pid = 999, .tgid = 999, .ruid = 5, .euid = 5 };
  assert_null (ev_apply (f, &uid));
  Event lost = { .kind = EVENT_LOST, .lost = 12 };
  assert_null (ev_apply (f, &lost));
  assert_int_equal (proctab_count_live (f->pt), 0);
  /* an EXEC of an unseen process makes it known */
  Proc *p = do_exec (f, 77, "x");
  assert_non_null (p);
  assert_true (p->alive);
}

/* UID/GID/SID/PTRACE/COREDUMP update the process. */
static void
test_id_events (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "su", 1000);
  Event uid = { .kind = EVENT_UID, .pid = 100, .tgid = 100, .ruid = 0, .euid = 0 };
  Proc *p = ev_apply (f, &uid);
  assert_int_equal (p->euid, 0);
  Event gid = { .kind = EVENT_GID, .pid = 100, .tgid = 100, .rgid = 7, .egid = 8 };
  p = ev_apply (f, &gid);
  assert_int_equal (p->egid, 8);
  Event sid = { .kind = EVENT_SID, .pid = 100, .tgid = 100, .sid = 100 };
  p = ev_apply (f, &sid);
  assert_int_equal (p->sid, 100);
  Event tr = { .kind = EVENT_PTRACE, .pid = 100, .tgid = 100, .tracer_pid = 5, .tracer_tgid = 5 };
  p = ev_apply (f, &tr);
  assert_int_equal (p->tracer, 5);
  Event core = { .kind = EVENT_COREDUMP, .pid = 100, .tgid = 100 };
  p = ev_apply (f, &core);
  assert_true (p->flags & PROC_F_COREDUMP);
  Event comm = { .kind = EVENT_COMM, .pid = 100, .tgid = 100, .comm = T_STR ("renamed") };
  p = ev_apply (f, &comm);
  assert_string_equal (p->comm, "renamed");
}

/* A fork queued before the initial snapshot, applied after it, does not
 * duplicate the process. */
static void
test_snapshot_then_fork (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "sh", 0);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 200, .tgid = 200, .ptgid = 100,
                 .comm = T_STR ("child"), .flags = EVENT_F_START, .start_ns = f->now + 5 * MS };
  Proc *s = ev_apply (f, &snap);
  guint64 serial = s->serial;
  Event fork = { .kind = EVENT_FORK, .pid = 200, .tgid = 200, .ptgid = 100 };
  fork.mono_ns = f->now + 4 * MS;
  Proc *p = proctab_apply (f->pt, &fork);
  assert_int_equal (p->serial, serial);
  assert_int_equal (fork.replaced, 0);
  assert_string_equal (p->comm, "child");
  assert_int_equal (proctab_count_live (f->pt), 2);
  /* Its fork has come: another one is another process. */
  Event again = { .kind = EVENT_FORK, .pid = 200, .tgid = 200, .ptgid = 100 };
  again.mono_ns = f->now + 5 * MS;
  assert_int_not_equal (proctab_apply (f->pt, &again)->serial, serial);
  assert_int_equal (again.replaced, serial);
}

/* Tombstones expire by age and by count; links to them are undone. */
static void
test_expire (void **state)
{
  Fixture *f = *state;
  proctab_free (f->pt);
  f->pt = proctab_new (10 * MS, 3);
  Proc *sh = do_snapshot (f, 100, 1, "sh", 0);
  for (gint pid = 200; pid < 205; pid++)
    {
      do_fork (f, 100, pid, pid);
      do_exit (f, pid, pid, 100, 0);
    }
  assert_int_equal (proctab_count_tombs (f->pt), 3);
  assert_int_equal (sh->children.length, 3);
  assert_int_equal (proctab_expire (f->pt, f->now), 0);
  assert_int_equal (proctab_expire (f->pt, f->now + 20 * MS), 3);
  assert_int_equal (sh->children.length, 0);
  assert_int_equal (proctab_count_tombs (f->pt), 0);
  /* the parent's tombstone drops its dead children's back links */
  do_fork (f, 100, 300, 300);
  do_exit (f, 300, 300, 100, 0);
  do_exit (f, 100, 100, 1, 0);
  assert_int_equal (proctab_expire (f->pt, f->now + 20 * MS), 2);
}

/* A pinned tombstone and its exited ancestors outlive their keeping and
 * the cap; unpinned, they go with the next expiry. */
static void
test_pin (void **state)
{
  Fixture *f = *state;
  proctab_free (f->pt);
  f->pt = proctab_new (10 * MS, 3);
  do_snapshot (f, 100, 1, "sh", 0);
  do_fork (f, 100, 200, 200);
  Proc *job = do_fork (f, 200, 300, 300);
  do_exit (f, 300, 300, 200, 2 << 8);
  do_exit (f, 200, 200, 100, 0);
  guint64 serial = job->serial;
  proctab_pin (f->pt, 0, serial);
  /* Long past its keeping: it stays, and so does its exited parent, its
   * place in the tree. */
  assert_int_equal (proctab_expire (f->pt, f->now + 1000 * MS), 0);
  job = proctab_lookup_serial (f->pt, serial);
  assert_non_null (job);
  assert_non_null (job->parent);
  assert_int_equal (job->parent->pid, 200);
  /* The cap of 3 drops the oldest unpinned instead. */
  for (gint pid = 400; pid < 405; pid++)
    {
      do_fork (f, 100, pid, pid);
      do_exit (f, pid, pid, 100, 0);
    }
  assert_int_equal (proctab_count_tombs (f->pt), 3);
  assert_non_null (proctab_lookup_serial (f->pt, serial));
  assert_null (proctab_lookup_tomb (f->pt, 403));
  assert_non_null (proctab_lookup_tomb (f->pt, 404));
  /* Unpinned: gone with the next expiry. */
  proctab_pin (f->pt, 0, 0);
  assert_int_equal (proctab_expire (f->pt, f->now + 1000 * MS), 3);
  assert_null (proctab_lookup_serial (f->pt, serial));
  assert_int_equal (proctab_count_tombs (f->pt), 0);
  /* A cap smaller than what is pinned: exceeded while pinned, and back
   * within it at the next expiry after. */
  proctab_free (f->pt);
  f->pt = proctab_new (10 * MS, 1);
  do_snapshot (f, 100, 1, "sh", 0);
  do_fork (f, 100, 200, 200);
  job = do_fork (f, 200, 300, 300);
  serial = job->serial;
  proctab_pin (f->pt, 1, serial);
  do_exit (f, 300, 300, 200, 0);
  do_exit (f, 200, 200, 100, 0);
  assert_int_equal (proctab_count_tombs (f->pt), 2);
  proctab_pin (f->pt, 1, 0);
  assert_int_equal (proctab_expire (f->pt, f->now), 1);
  assert_int_equal (proctab_count_tombs (f->pt), 1);
}

/* An exec whose name could not be read does not keep the old name, nor
 * make one up; its exit names no one either. */
static void
test_exec_unreadable (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "sh", 0);
  do_fork (f, 100, 200, 200);
  Event ev = { .kind = EVENT_EXEC, .pid = 200, .tgid = 200 };
  Proc *p = ev_apply (f, &ev);
  assert_null (p->comm);
  assert_null (p->argv);
  assert_null (p->exe);
  Event exit = { .kind = EVENT_EXIT, .pid = 200, .tgid = 200, .ptgid = 100 };
  p = ev_apply (f, &exit);
  assert_null (proctab_event_comm (&exit, p));
}

/* An end that says the name (the kernel's accounting of a process that
 * ended before its exec was read, or a recording's exit line) names a
 * process whose name is not known, and no other; a thread's end names no
 * process. */
static void
test_exit_names (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 100, 1, "sh", 0);
  do_fork (f, 100, 200, 200);
  do_fork (f, 100, 300, 300);
  Event exec = { .kind = EVENT_EXEC, .pid = 200, .tgid = 200 };
  ev_apply (f, &exec);
  Event exit = { .kind = EVENT_EXIT, .pid = 200, .tgid = 200, .ptgid = 100,
                 .comm = T_STR ("true") };
  Proc *p = ev_apply (f, &exit);
  assert_false (p->alive);
  assert_string_equal (p->comm, "true");

  /* Known: kept. */
  Event other = { .kind = EVENT_EXIT, .pid = 300, .tgid = 300, .ptgid = 100,
                  .comm = T_STR ("renamed") };
  p = ev_apply (f, &other);
  assert_string_equal (p->comm, "sh");

  /* A thread of a process whose exec was not read. */
  do_fork (f, 100, 400, 400);
  Event exec4 = { .kind = EVENT_EXEC, .pid = 400, .tgid = 400 };
  ev_apply (f, &exec4);
  do_fork (f, 400, 401, 400);
  Event thread = { .kind = EVENT_EXIT, .pid = 401, .tgid = 400, .comm = T_STR ("worker") };
  p = ev_apply (f, &thread);
  assert_true (p->alive);
  assert_null (p->comm);
}

/* A copy is deep: changing the original leaves it as it was. */
static void
test_copy (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 1, 0, "init", 0);
  do_snapshot (f, 100, 1, "sh", 0);
  do_fork (f, 100, 200, 200);
  do_fork (f, 100, 201, 100);
  do_fork (f, 100, 300, 300);
  do_exit (f, 300, 300, 100, 9);
  g_autoptr (Proctab) c = proctab_copy (f->pt);

  do_exit (f, 200, 200, 100, 0);
  do_exec (f, 100, "bash");
  Proc *p = proctab_lookup (c, 200);
  assert_non_null (p);
  assert_true (p->alive);
  Proc *sh = proctab_lookup (c, 100);
  assert_string_equal (sh->comm, "sh");
  assert_int_equal (proc_nthreads (sh), 2);
  assert_int_equal (sh->children.length, 2);
  assert_ptr_equal (p->parent, sh);
  assert_int_equal (proctab_count_tombs (c), 1);
  assert_int_equal (proctab_count_live (c), 3);
  assert_ptr_equal (proctab_lookup (c, 1), sh->parent);
  assert_true (proc_is_descendant (p, 1));
  assert_false (proc_is_descendant (sh, 200));
}

/* The cgroup, which no event carries: set on a process (by the monitor),
 * inherited by a forked child without a read, kept across exec and exit,
 * copied with the table; a new incarnation of a pid does not have it. */
static void
test_cgroup (void **state)
{
  Fixture *f = *state;
  Proc *sh = do_snapshot (f, 100, 1, "sh", 0);
  assert_null (sh->cgroup);
  proc_set_cgroup (sh, "/system.slice/a.service");
  Proc *c = do_fork (f, 100, 200, 200);
  assert_string_equal (c->cgroup, "/system.slice/a.service");
  proc_set_cgroup (c, "/system.slice/b.service");
  c = do_exec (f, 200, "b");
  assert_string_equal (c->cgroup, "/system.slice/b.service");
  assert_string_equal (proctab_lookup (f->pt, 100)->cgroup, "/system.slice/a.service");
  g_autoptr (Proctab) copy = proctab_copy (f->pt);
  assert_string_equal (proctab_lookup (copy, 200)->cgroup, "/system.slice/b.service");
  guint64 first = c->serial;
  do_exit (f, 200, 200, 100, 0);
  assert_string_equal (proctab_lookup_serial (f->pt, first)->cgroup, "/system.slice/b.service");
  /* The pid again, with a parent the model does not know: nothing known. */
  Proc *again = do_fork (f, 999, 200, 200);
  assert_null (again->cgroup);
}

/* Orphans are found by their parent's pid: each new process adopts its
 * own, and only those, whatever the number of other orphans. */
static void
test_orphans (void **state)
{
  Fixture *f = *state;
  for (gint i = 0; i < 300; i++)
    do_fork (f, 1000 + i % 100, 2000 + i, 2000 + i);
  g_autoptr (GPtrArray) roots = proctab_roots (f->pt);
  assert_int_equal (roots->len, 300);
  Proc *p = do_snapshot (f, 1042, 1, "parent", 0);
  assert_int_equal (p->children.length, 3);
  for (GList *l = p->children.head; l; l = l->next)
    assert_int_equal (((Proc *) l->data)->ppid, 1042);
  /* an orphan that exits or moves is no longer one */
  do_exit (f, 2007, 2007, 0, 0);
  do_snapshot (f, 2008, 1042, "moved", 0);
  assert_int_equal (p->children.length, 4);
  do_snapshot (f, 1007, 1, "late", 0);
  assert_int_equal (proctab_lookup (f->pt, 1007)->children.length, 2);  /* 2107, 2207 */
  g_autoptr (Proctab) c = proctab_copy (f->pt);
  assert_sane (c);
  Proc *q = do_snapshot (f, 1099, 1, "other", 0);
  assert_int_equal (q->children.length, 3);
  Proc *cq = proctab_lookup (c, 1099);
  assert_null (cq);
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = 1099, .tgid = 1099, .ptgid = 1 };
  assert_int_equal (proctab_apply (c, &ev)->children.length, 3);
  assert_sane (c);
}

/* A chain of 50,000 processes, each the child of the one before, as a
 * local user can build: applied, checked, copied, diffed and taken down
 * with no recursion (no stack grows with it). */
static void
test_deep_chain (void **state)
{
  Fixture *f = *state;
  const gint depth = 50000;
  do_snapshot (f, 1, 0, "init", 0);
  for (gint pid = 2; pid <= depth; pid++)
    {
      Event ev = { .kind = EVENT_FORK, .pid = pid, .tgid = pid, .ptgid = pid - 1,
                   .mono_ns = pid * MS };
      proctab_apply (f->pt, &ev);
    }
  assert_sane (f->pt);
  Proc *leaf = proctab_lookup (f->pt, depth);
  assert_non_null (leaf->parent);
  assert_true (proc_is_descendant (leaf, depth - 100));
  g_autoptr (Proctab) c = proctab_copy (f->pt);
  assert_sane (c);
  /* moving the top of the chain under its own leaf would make a cycle */
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = 2, .tgid = 2, .ptgid = depth };
  Proc *top = proctab_apply (c, &ev);
  assert_null (top->parent);
  assert_sane (c);
  /* a scan that finds none of them (a resync) ends them all in the copy */
  g_autoptr (GPtrArray) scan = g_ptr_array_new ();
  g_autoptr (GPtrArray) diff = resync_diff (c, scan, (2 * depth) * MS, 0);
  assert_int_equal (diff->len, depth);
  for (guint i = 0; i < diff->len; i++)
    proctab_apply (c, diff->pdata[i]);
  assert_sane (c);
  assert_int_equal (proctab_count_live (c), 0);
  /* the chain ends from the top: each child moves to init */
  for (gint pid = 2; pid <= depth; pid++)
    {
      Event exit = { .kind = EVENT_EXIT, .pid = pid, .tgid = pid, .mono_ns = (depth + pid) * MS };
      proctab_apply (f->pt, &exit);
    }
  assert_sane (f->pt);
  assert_int_equal (proctab_count_live (f->pt), 1);
}

/* Times at the ends of the 64-bit range, as a recording may hold them,
 * give no wrapped-around lifetimes, expiries or start times. */
static void
test_extreme_times (void **state)
{
  Fixture *f = *state;
  do_fork (f, 1, 5, 5);
  do_exit (f, 5, 5, 1, 0);
  /* now - keep would wrap around: nothing is old enough yet */
  assert_int_equal (proctab_expire (f->pt, G_MININT64 + 1), 0);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 10, .tgid = 10, .ptgid = 1,
                 .flags = EVENT_F_START, .start_ns = G_MININT64 + 1,
                 .mono_ns = G_MAXINT64, .wall_ns = -5 };
  Proc *p = proctab_apply (f->pt, &snap);
  assert_int_equal (p->start_wall_ns, G_MININT64);
  Event exit = { .kind = EVENT_EXIT, .pid = 10, .tgid = 10, .mono_ns = G_MAXINT64 };
  p = proctab_apply (f->pt, &exit);
  assert_int_equal (proctab_event_lifetime (&exit, p), -1);
  snap.pid = snap.tgid = 11;
  snap.start_ns = G_MAXINT64;
  snap.mono_ns = G_MININT64;
  snap.wall_ns = G_MAXINT64 - 1;
  p = proctab_apply (f->pt, &snap);
  assert_int_equal (p->start_wall_ns, G_MAXINT64);
  exit.pid = exit.tgid = 11;
  exit.mono_ns = G_MININT64;
  p = proctab_apply (f->pt, &exit);
  assert_int_equal (proctab_event_lifetime (&exit, p), -1);
  assert_int_equal (proctab_expire (f->pt, G_MININT64), 0);
  assert_int_equal (proctab_count_tombs (f->pt), 3);
}

/* A forged parent loop is refused rather than followed forever. */
static void
test_no_cycles (void **state)
{
  Fixture *f = *state;
  do_snapshot (f, 10, 20, "a", 0);
  do_snapshot (f, 20, 10, "b", 0);
  Proc *a = proctab_lookup (f->pt, 10);
  assert_false (proc_is_descendant (a, 99));
  g_autoptr (GPtrArray) roots = proctab_roots (f->pt);
  assert_int_equal (roots->len, 1);
}


/* An EXIT that ends a process, with COST (may be NULL) and FLAGS. */
static Proc *
do_exit_cost (Fixture *f, gint pid, gint ptgid, guint32 code, Cost *cost, guint flags)
{
  Event ev = { .kind = EVENT_EXIT, .pid = pid, .tgid = pid, .ppid = ptgid, .ptgid = ptgid,
               .exit_code = code, .exit_signal = 17, .cost = cost, .flags = flags };
  return ev_apply (f, &ev);
}

/* A cost of CPU_MS milliseconds of CPU. */
static Cost *
cost_cpu (guint64 cpu_ms)
{
  CostValues v = { .have = COST_BIT (COST_CPU) | COST_BIT (COST_PEAK_RSS),
                   .v = { [COST_CPU] = cpu_ms * MS, [COST_PEAK_RSS] = 4096 } };
  return cost_new (&v);
}

/* The totals of the live process PID. */
static ProcTotals
totals_of (Fixture *f, gint pid)
{
  ProcTotals t;
  proc_totals (proctab_lookup (f->pt, pid), &t);
  return t;
}

/* A build: make forks sh, which forks three cc1 (two at once); their
 * ends, failures and CPU count for sh and make, and for init above. */
static void
test_totals (void **state)
{
  Fixture *f = *state;
  g_autoptr (Cost) c5 = cost_cpu (5);
  g_autoptr (Cost) c7 = cost_cpu (7);

  do_snapshot (f, 1, 0, "init", 0);
  do_fork (f, 1, 10, 10);
  do_fork (f, 10, 11, 11);
  do_fork (f, 11, 12, 12);
  do_fork (f, 11, 12 + 1, 12 + 1);
  do_fork (f, 13, 13 * 10, 13);   /* a thread: no process spawned */
  Proc *tomb = do_exit_cost (f, 12, 11, 0, c5, 0);
  assert_ptr_equal (proc_cost (tomb), c5);
  do_exit (f, 13 * 10, 13, 0, 0);
  do_exit_cost (f, 13, 11, 1 << 8, NULL, 0);       /* failed, not measured */
  do_fork (f, 11, 14, 14);
  do_exit_cost (f, 14, 11, 9, c7, EVENT_F_OOM);    /* SIGKILL by the OOM killer */
  assert_true (proctab_lookup_tomb (f->pt, 14)->flags & PROC_F_OOM);

  ProcTotals make = totals_of (f, 10);
  assert_int_equal (make.spawned, 4);
  assert_int_equal (make.ended, 3);
  assert_int_equal (make.failed, 2);
  assert_int_equal (make.cpu_ns, 12 * MS);
  assert_int_equal (make.unmeasured, 1);
  assert_int_equal (make.alive, 1);        /* sh */
  assert_int_equal (make.max_alive, 3);    /* sh and two cc1 */
  assert_true (make.whole_life);
  ProcTotals sh = totals_of (f, 11);
  assert_int_equal (sh.spawned, 3);
  assert_int_equal (sh.alive, 0);
  assert_int_equal (sh.max_alive, 2);
  ProcTotals init = totals_of (f, 1);
  assert_int_equal (init.spawned, 5);
  assert_int_equal (init.max_alive, 4);
  assert_false (init.whole_life);          /* seen first in /proc */

  /* The tombstones expire; what they counted stays. */
  f->now += 120 * 1000 * MS;
  proctab_expire (f->pt, f->now);
  assert_int_equal (proctab_count_tombs (f->pt), 0);
  make = totals_of (f, 10);
  assert_int_equal (make.ended, 3);
  assert_int_equal (make.cpu_ns, 12 * MS);

  /* A copy holds the same, and the cost its tombstones share. */
  do_fork (f, 11, 15, 15);
  do_exit_cost (f, 15, 11, 0, c7, 0);
  g_autoptr (Proctab) c = proctab_copy (f->pt);
  assert_sane (c);
  ProcTotals copied;
  proc_totals (proctab_lookup (c, 10), &copied);
  assert_int_equal (copied.cpu_ns, 19 * MS);
  assert_int_equal (copied.max_alive, 3);
  assert_ptr_equal (proc_cost (proctab_lookup_tomb (c, 15)), c7);
}

/* When sh ends before its child, the child moves to init: sh's and make's
 * live counts lose it, init keeps it, and its end counts for init only. */
static void
test_totals_reparent (void **state)
{
  Fixture *f = *state;
  g_autoptr (Cost) c3 = cost_cpu (3);

  do_snapshot (f, 1, 0, "init", 0);
  do_fork (f, 1, 10, 10);
  do_fork (f, 10, 11, 11);
  do_fork (f, 11, 12, 12);
  do_fork (f, 12, 13, 13);
  assert_int_equal (totals_of (f, 10).alive, 3);
  do_exit_cost (f, 11, 10, 0, NULL, 0);
  assert_ptr_equal (proctab_lookup (f->pt, 12)->parent, proctab_lookup (f->pt, 1));
  ProcTotals make = totals_of (f, 10);
  assert_int_equal (make.alive, 0);
  assert_int_equal (make.ended, 1);
  assert_int_equal (make.max_alive, 3);
  assert_int_equal (totals_of (f, 1).alive, 3);   /* make, 12 and 13 */
  do_exit_cost (f, 12, 1, 0, c3, 0);
  assert_int_equal (totals_of (f, 10).ended, 1);
  assert_int_equal (totals_of (f, 1).ended, 2);
  assert_int_equal (totals_of (f, 1).cpu_ns, 3 * MS);
  /* A resync's snapshot moves 13 under make: make counts it alive. */
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 13, .tgid = 13, .ppid = 10, .ptgid = 10 };
  ev_apply (f, &snap);
  assert_int_equal (totals_of (f, 10).alive, 1);
  assert_int_equal (totals_of (f, 1).alive, 2);
}

/* A process's totals count PROCTAB_TOTALS_DEPTH generations below it,
 * however deep the chain: each start and end costs as many steps at most,
 * and a chain moved about keeps every count right (assert_sane). */
static void
test_totals_depth (void **state)
{
  Fixture *f = *state;
  const gint depth = 3 * PROCTAB_TOTALS_DEPTH;

  do_snapshot (f, 1, 0, "init", 0);
  for (gint pid = 2; pid <= depth; pid++)
    do_fork (f, pid - 1, pid, pid);
  assert_int_equal (totals_of (f, 2).alive, PROCTAB_TOTALS_DEPTH);
  assert_int_equal (totals_of (f, 2).spawned, PROCTAB_TOTALS_DEPTH);
  assert_int_equal (totals_of (f, depth - 5).alive, 5);
  /* the middle of the chain moves under init, then back */
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = depth / 2, .tgid = depth / 2, .ptgid = 1 };
  ev_apply (f, &snap);
  assert_int_equal (totals_of (f, 1).alive, 2 * PROCTAB_TOTALS_DEPTH);
  assert_int_equal (totals_of (f, depth / 2 - 8).alive, 7);
  snap.ppid = snap.ptgid = 5;
  ev_apply (f, &snap);
  assert_int_equal (totals_of (f, 5).alive, 2 * PROCTAB_TOTALS_DEPTH);
  assert_int_equal (totals_of (f, 4).alive, 2 * PROCTAB_TOTALS_DEPTH - 1);
  do_exit_cost (f, depth, depth - 1, 0, NULL, 0);
  assert_int_equal (totals_of (f, depth - 1).ended, 1);
}

/* Fails unless the totals of the live process PID are those given. */
static void
assert_totals (Fixture *f, gint pid, guint64 spawned, guint64 ended, guint alive,
               guint max_alive)
{
  ProcTotals t = totals_of (f, pid);
  assert_int_equal (t.spawned, spawned);
  assert_int_equal (t.ended, ended);
  assert_int_equal (t.alive, alive);
  assert_int_equal (t.max_alive, max_alive);
}

/* A fork counts for every ancestor once, in one walk up, whether its
 * totals were counted already or start with it; a new process that adopts
 * orphans (found in /proc before it) brings them into every count. */
static void
test_totals_fork_adopts (void **state)
{
  Fixture *f = *state;

  do_snapshot (f, 1, 0, "init", 0);
  do_snapshot (f, 10, 1, "sh", 0);
  do_snapshot (f, 30, 20, "orphan", 0);   /* its parent 20 not seen yet */
  do_snapshot (f, 31, 30, "below", 0);
  do_snapshot (f, 40, 21, "orphan", 0);
  /* 20 adopts 30 and 31: sh and init start counting with them. */
  do_fork (f, 10, 20, 20);
  assert_ptr_equal (proctab_lookup (f->pt, 30)->parent, proctab_lookup (f->pt, 20));
  assert_totals (f, 10, 1, 0, 3, 3);
  assert_totals (f, 1, 1, 0, 4, 4);
  /* Counted already: 21 and its orphan 40 add to them. */
  do_fork (f, 10, 21, 21);
  assert_totals (f, 10, 2, 0, 5, 5);
  assert_totals (f, 1, 2, 0, 6, 6);
  /* A new process alone: 20 starts counting (it finds 22), the others add it. */
  do_fork (f, 20, 22, 22);
  assert_totals (f, 20, 1, 0, 3, 3);
  assert_totals (f, 10, 3, 0, 6, 6);
  assert_totals (f, 1, 3, 0, 7, 7);
  /* An end under 30, whose totals start with 31 alive. */
  do_exit_cost (f, 31, 30, 0, NULL, 0);
  assert_totals (f, 30, 0, 1, 0, 1);
  assert_totals (f, 20, 1, 1, 2, 3);
  assert_totals (f, 10, 3, 1, 5, 6);
  assert_totals (f, 1, 3, 1, 6, 7);
  /* A fork whose parent is not known is an orphan, counted by no one. */
  do_fork (f, 50, 51, 51);
  assert_null (proctab_lookup (f->pt, 51)->parent);
  assert_totals (f, 1, 3, 1, 6, 7);
}

/* Whether two strings (either may be NULL) are equal. */
static gboolean
str_same (const char *a, const char *b)
{
  return (a == NULL) == (b == NULL) && g_strcmp0 (a, b) == 0;
}

/* Whether the serials of the Procs in two lists are the same. */
static gboolean
list_same (const GList *a, const GList *b)
{
  for (; a && b; a = a->next, b = b->next)
    if (((const Proc *) a->data)->serial != ((const Proc *) b->data)->serial)
      return FALSE;
  return !a && !b;
}

/* Fails unless every field of every Proc of A is the same in B (payload,
 * parent and the order of children, threads). */
static void
assert_tables_same (const Proctab *a, const Proctab *b)
{
  g_autoptr (GPtrArray) roots = proctab_roots (a);
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  guint n = 0;

  g_ptr_array_extend (stack, roots, NULL, NULL);
  while (stack->len)
    {
      const Proc *p = g_ptr_array_steal_index (stack, stack->len - 1);
      const Proc *q = proctab_lookup_serial (b, p->serial);
      n++;
      assert_non_null (q);
      assert_int_equal (p->pid, q->pid);
      assert_int_equal (p->ppid, q->ppid);
      assert_true ((p->parent ? p->parent->serial : 0) == (q->parent ? q->parent->serial : 0));
      assert_true (list_same (p->children.head, q->children.head));
      assert_true (p->start_ns == q->start_ns && p->start_wall_ns == q->start_wall_ns);
      assert_true (p->end_ns == q->end_ns && p->end_wall_ns == q->end_wall_ns);
      assert_true (p->ruid == q->ruid && p->euid == q->euid && p->rgid == q->rgid
                   && p->egid == q->egid);
      assert_int_equal (p->sid, q->sid);
      assert_int_equal (p->tracer, q->tracer);
      assert_true (str_same (p->comm, q->comm) && str_same (p->exe, q->exe)
                   && str_same (p->cgroup, q->cgroup));
      assert_true ((p->argv == NULL) == (q->argv == NULL));
      if (p->argv)
        assert_true (g_strv_equal ((const char *const *) p->argv,
                                   (const char *const *) q->argv));
      assert_int_equal (p->flags, q->flags);
      assert_int_equal (p->events, q->events);
      assert_int_equal (p->alive, q->alive);
      assert_int_equal (p->exit_code, q->exit_code);
      assert_int_equal (p->children_total, q->children_total);
      ProcTotals tp, tq;
      proc_totals (p, &tp);
      proc_totals (q, &tq);
      assert_true (tp.spawned == tq.spawned && tp.ended == tq.ended && tp.failed == tq.failed
                   && tp.cpu_ns == tq.cpu_ns && tp.unmeasured == tq.unmeasured
                   && tp.alive == tq.alive && tp.max_alive == tq.max_alive
                   && tp.whole_life == tq.whole_life);
      assert_true (cost_equal (proc_cost (p), proc_cost (q)));
      assert_int_equal (p->threads ? g_hash_table_size (p->threads) : 0,
                        q->threads ? g_hash_table_size (q->threads) : 0);
      if (p->threads)
        {
          GHashTableIter it;
          gpointer key, value;
          g_hash_table_iter_init (&it, p->threads);
          while (g_hash_table_iter_next (&it, &key, &value))
            {
              const ProcThread *t = value, *u = g_hash_table_lookup (q->threads, key);
              assert_non_null (u);
              assert_true (t->start_ns == u->start_ns && str_same (t->comm, u->comm));
            }
        }
      for (GList *l = p->children.head; l; l = l->next)
        g_ptr_array_add (stack, l->data);
    }
  assert_int_equal (n, proctab_count_live (b) + proctab_count_tombs (b));
  assert_int_equal (proctab_count_live (a), proctab_count_live (b));
  assert_int_equal (proctab_count_tombs (a), proctab_count_tombs (b));
}

/* What a /proc scan finds costs no totals (a process's ProcAcct is made
 * when a descendant forks, ends or moves away); its counts come from the
 * tree until then, and the most at once stays when one moves away. */
static void
test_totals_lazy (void **state)
{
  Fixture *f = *state;

  do_snapshot (f, 1, 0, "init", 0);
  do_snapshot (f, 10, 1, "sshd", 0);
  do_snapshot (f, 11, 10, "bash", 0);
  do_snapshot (f, 12, 10, "bash", 0);
  do_snapshot (f, 13, 11, "vim", 0);
  for (gint pid = 10; pid <= 13; pid++)
    assert_null (proctab_lookup (f->pt, pid)->acct);
  assert_null (proctab_lookup (f->pt, 1)->acct);
  ProcTotals init = totals_of (f, 1);
  assert_int_equal (init.alive, 4);
  assert_int_equal (init.max_alive, 4);
  assert_int_equal (init.spawned, 0);
  assert_int_equal (totals_of (f, 11).alive, 1);
  assert_int_equal (totals_of (f, 13).alive, 0);
  /* A resync finds 11 (and 13 below it) under init: sshd keeps its most. */
  do_snapshot (f, 11, 1, "bash", 0);
  ProcTotals sshd = totals_of (f, 10);
  assert_int_equal (sshd.alive, 1);
  assert_int_equal (sshd.max_alive, 3);
  assert_int_equal (totals_of (f, 1).alive, 4);
  assert_null (proctab_lookup (f->pt, 12)->acct);
  /* A fork under 12 starts its totals and init's. */
  do_fork (f, 12, 20, 20);
  assert_non_null (proctab_lookup (f->pt, 12)->acct);
  assert_int_equal (totals_of (f, 12).spawned, 1);
  assert_int_equal (totals_of (f, 12).max_alive, 1);
  assert_int_equal (totals_of (f, 1).alive, 5);
  assert_int_equal (totals_of (f, 1).max_alive, 5);
  assert_int_equal (totals_of (f, 1).spawned, 1);
  /* 13's end counts for 11, whose totals start with it alive. */
  do_exit (f, 13, 13, 11, 0);
  ProcTotals bash = totals_of (f, 11);
  assert_int_equal (bash.alive, 0);
  assert_int_equal (bash.max_alive, 1);
  assert_int_equal (bash.ended, 1);
  assert_int_equal (bash.unmeasured, 1);
  g_autoptr (GBytes) a = ptgen_saved (f->pt);
  gsize len;
  const guint8 *data = g_bytes_get_data (a, &len);
  g_autoptr (Proctab) back = proctab_load (data, len, 60 * 1000 * MS, 100, NULL);
  assert_non_null (back);
  assert_tables_same (f->pt, back);
}


/* GFunc of proctab_foreach: gives every third live process a cgroup,
 * which no event carries but a saved table keeps. */
static void
set_cgroup_cb (gpointer data, gpointer user)
{
  Proc *p = data;
  if (p->pid % 3 == 0)
    proc_set_cgroup (p, p->pid % 2 ? "/system.slice/x.service" : "/user.slice/\xff");
}

/* A table saved and loaded back is the same, field by field, in its
 * encoding, and in what later events do to it (orphan and tombstone
 * order, the next serial); for random streams with pid reuse, threads,
 * exits, renames, resyncs, traces and session changes, at every event. */
static void
test_save_load (void **state)
{
  guint32 seeds = g_getenv ("FORKSCOPE_VALGRIND") ? 3 : 30;

  for (guint32 seed = 1; seed <= seeds; seed++)
    {
      PtGen g;
      ptgen_init (&g, seed);
      g_autoptr (Proctab) pt = proctab_new (PTGEN_KEEP, 12);
      for (guint k = 0; k < 300; k++)
        {
          Event ev;
          ptgen_next (&g, &ev);
          if (k % 11 == 5 && ev.kind == EVENT_UID)
            {
              ev.kind = k % 2 ? EVENT_PTRACE : EVENT_SID;
              ev.tracer_pid = ev.tracer_tgid = ev.sid = 7;
            }
          if (k % 13 == 0 && ev.kind == EVENT_EXEC)
            ev.exe = g_strdup ("/usr/bin/\x1b[x");
          proctab_fold (pt, &ev);
          event_clear (&ev);
          if (k % 17 == 0)
            proctab_foreach (pt, set_cgroup_cb, NULL);
          g_autoptr (GBytes) a = ptgen_saved (pt);
          g_autoptr (GError) error = NULL;
          gsize len;
          const guint8 *data = g_bytes_get_data (a, &len);
          g_autoptr (Proctab) back = proctab_load (data, len, PTGEN_KEEP, 12, &error);
          if (!back)
            fail_msg ("seed %u, event %u: %s", seed, k, error->message);
          assert_tables_same (pt, back);
          assert_tables_same (back, pt);
          g_autoptr (GBytes) b = ptgen_saved (back);
          assert_true (g_bytes_equal (a, b));
          /* The same events after it do the same to both. */
          if (k % 50 == 49)
            {
              PtGen h;
              ptgen_init (&h, seed * 1000 + k);
              h.now = g.now;
              for (guint i = 0; i < 40; i++)
                {
                  Event e2;
                  ptgen_next (&h, &e2);
                  proctab_fold (pt, &e2);
                  proctab_fold (back, &e2);
                  event_clear (&e2);
                }
              ptgen_clear (&h);
              g_autoptr (GBytes) c = ptgen_saved (pt);
              g_autoptr (GBytes) d = ptgen_saved (back);
              assert_true (g_bytes_equal (c, d));
            }
        }
      ptgen_clear (&g);
    }
}

/* Broken encodings are refused with a message (every truncation, bytes
 * flipped, another version); what loads passes proctab_check. */
static void
test_load_broken (void **state)
{
  PtGen g;
  g_autoptr (Proctab) pt = proctab_new (PTGEN_KEEP, 12);
  gsize len;

  ptgen_init (&g, 77);
  for (guint k = 0; k < 120; k++)
    {
      Event ev;
      ptgen_next (&g, &ev);
      proctab_fold (pt, &ev);
      event_clear (&ev);
    }
  ptgen_clear (&g);
  g_autoptr (GBytes) a = ptgen_saved (pt);
  const guint8 *data = g_bytes_get_data (a, &len);
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (Proctab) t = proctab_load (data, cut, PTGEN_KEEP, 12, &error);
      assert_null (t);
      assert_non_null (error);
    }
  for (gsize at = 0; at < len; at++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      g_autoptr (GError) error = NULL;
      copy[at] ^= 0x41;
      g_autoptr (Proctab) t = proctab_load (copy, len, PTGEN_KEEP, 12, &error);
      if (t)
        assert_true (proctab_check (t, NULL));
      else
        assert_non_null (error);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_fork_exec_exit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_threads, setup, teardown),
    cmocka_unit_test_setup_teardown (test_leader_pthread_exit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exec_from_thread, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exec_from_thread_3, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exec_leader_report_late, setup, teardown),
    cmocka_unit_test_setup_teardown (test_group_killed, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exit_unknown_status, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exit_unknown_process, setup, teardown),
    cmocka_unit_test_setup_teardown (test_pid_reuse, setup, teardown),
    cmocka_unit_test_setup_teardown (test_fork_twice, setup, teardown),
    cmocka_unit_test_setup_teardown (test_parent_zero_or_self, setup, teardown),
    cmocka_unit_test_setup_teardown (test_unknown_parent, setup, teardown),
    cmocka_unit_test_setup_teardown (test_reparent_on_parent_exit, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exit_parent_zero, setup, teardown),
    cmocka_unit_test_setup_teardown (test_unknown_pid_events, setup, teardown),
    cmocka_unit_test_setup_teardown (test_id_events, setup, teardown),
    cmocka_unit_test_setup_teardown (test_snapshot_then_fork, setup, teardown),
    cmocka_unit_test_setup_teardown (test_expire, setup, teardown),
    cmocka_unit_test_setup_teardown (test_pin, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exec_unreadable, setup, teardown),
    cmocka_unit_test_setup_teardown (test_exit_names, setup, teardown),
    cmocka_unit_test_setup_teardown (test_where, setup, teardown),
    cmocka_unit_test_setup_teardown (test_copy, setup, teardown),
    cmocka_unit_test_setup_teardown (test_cgroup, setup, teardown),
    cmocka_unit_test_setup_teardown (test_no_cycles, setup, teardown),
    cmocka_unit_test_setup_teardown (test_orphans, setup, teardown),
    cmocka_unit_test_setup_teardown (test_deep_chain, setup, teardown),
    cmocka_unit_test_setup_teardown (test_extreme_times, setup, teardown),
    cmocka_unit_test_setup_teardown (test_totals, setup, teardown),
    cmocka_unit_test_setup_teardown (test_totals_reparent, setup, teardown),
    cmocka_unit_test_setup_teardown (test_totals_depth, setup, teardown),
    cmocka_unit_test_setup_teardown (test_totals_lazy, setup, teardown),
    cmocka_unit_test_setup_teardown (test_totals_fork_adopts, setup, teardown),
    cmocka_unit_test (test_save_load),
    cmocka_unit_test (test_load_broken),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
