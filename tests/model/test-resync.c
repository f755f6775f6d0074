/* test-resync.c - diffing crafted process tables against crafted scans. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "resync.h"

#define SEC (G_GINT64_CONSTANT (1000000000))
#define NOW_MONO (1000 * SEC)
#define NOW_WALL (1700000000 * SEC)

/* One clock tick in ns, as /proc counts them. */
static gint64
tick (void)
{
  return SEC / sysconf (_SC_CLK_TCK);
}

/* A heap SNAPSHOT of thread PID of process TGID, started at START_NS. */
static Event *
snap (gint pid, gint tgid, gint ptgid, gint64 start_ns, const char *comm)
{
  Event *ev = g_new0 (Event, 1);
  ev->kind = EVENT_SNAPSHOT;
  ev->flags = EVENT_F_START;
  ev->mono_ns = NOW_MONO;
  ev->wall_ns = NOW_WALL;
  ev->pid = pid;
  ev->tgid = tgid;
  ev->ppid = ev->ptgid = ptgid;
  ev->start_ns = start_ns;
  ev->comm = g_strdup (comm);
  return ev;
}

/* A process snapshot with a full set of details. */
static Event *
snap_full (gint pid, gint ptgid, gint64 start_ns, const char *comm)
{
  Event *ev = snap (pid, pid, ptgid, start_ns, comm);
  ev->flags |= EVENT_F_CREDS;
  ev->ruid = ev->euid = 1000;
  ev->rgid = ev->egid = 100;
  ev->sid = pid;
  ev->argv = g_new0 (char *, 3);
  ev->argv[0] = g_strdup (comm);
  ev->argv[1] = g_strdup ("--opt");
  ev->exe = g_strdup_printf ("/usr/bin/%s", comm);
  return ev;
}

/* A new empty scan. */
static GPtrArray *
scan_new (void)
{
  return g_ptr_array_new_with_free_func (event_free);
}

/* Applies every event of EVS to PT. */
static void
apply_all (Proctab *pt, GPtrArray *evs)
{
  for (guint i = 0; i < evs->len; i++)
    proctab_apply (pt, evs->pdata[i]);
}

/* Diffs PT against SCAN, returning the events and (in *WHY) the reasons. */
static GPtrArray *
diff (Proctab *pt, GPtrArray *scan, GArray **why)
{
  GPtrArray *d = resync_diff_explain (pt, scan, NOW_MONO, NOW_WALL, why);
  assert_non_null (d);
  assert_int_equal ((*why)->len, d->len);
  return d;
}

/* Checks event I of D: kind, pid, tgid and reason. */
static void
check (GPtrArray *d, GArray *why, guint i, EventKind kind, gint pid, gint tgid,
       guint reason)
{
  assert_true (i < d->len);
  const Event *ev = d->pdata[i];
  assert_int_equal (ev->kind, kind);
  assert_int_equal (ev->pid, pid);
  assert_int_equal (ev->tgid, tgid);
  assert_int_equal (g_array_index (why, guint, i), reason);
  if (kind == EVENT_EXIT)
    {
      assert_int_equal (ev->flags, EVENT_F_STATUS_UNKNOWN);
      assert_int_equal (ev->mono_ns, NOW_MONO);
      assert_int_equal (ev->wall_ns, NOW_WALL);
      assert_int_equal (ev->exit_code, 0);
    }
}

/* Applies D to PT, then checks that PT now agrees with SCAN. */
static void
assert_converges (Proctab *pt, GPtrArray *d, GPtrArray *scan)
{
  apply_all (pt, d);
  g_autoptr (GPtrArray) again = resync_diff (pt, scan, NOW_MONO, NOW_WALL);
  assert_int_equal (again->len, 0);
}

/* An empty model takes the whole scan as SNAPSHOTs, in scan order, once. */
static void
test_from_empty (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (SEC, 10);
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (scan, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (scan, snap_full (50, 1, 2 * SEC, "daemon"));
  g_ptr_array_add (scan, snap (51, 50, 1, 3 * SEC, "worker"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 3);
  check (d, why, 0, EVENT_SNAPSHOT, 1, 1, RESYNC_NEW);
  check (d, why, 1, EVENT_SNAPSHOT, 50, 50, RESYNC_NEW);
  check (d, why, 2, EVENT_SNAPSHOT, 51, 50, RESYNC_NEW);
  /* Copies, not the scan's own events. */
  assert_ptr_not_equal (d->pdata[1], scan->pdata[1]);
  assert_string_equal (((Event *) d->pdata[1])->argv[1], "--opt");

  assert_converges (pt, d, scan);
  assert_int_equal (proctab_count_live (pt), 2);
  assert_int_equal (proctab_count_threads (pt), 3);
}

/* A subtree gone at once ends children first, whatever the pids, so that
 * each process is still under its parent at its end (a filter on the
 * subtree's root finds it); the rest by pid. */
static void
test_gone_subtree (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) before = scan_new ();
  g_autoptr (GPtrArray) after = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (before, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (before, snap_full (40, 1, 2 * SEC, "sh"));
  g_ptr_array_add (before, snap_full (30, 40, 3 * SEC, "make"));
  g_ptr_array_add (before, snap_full (50, 30, 4 * SEC, "cc"));
  g_ptr_array_add (before, snap_full (20, 50, 5 * SEC, "cc1"));
  g_ptr_array_add (before, snap_full (60, 30, 6 * SEC, "cc"));
  g_ptr_array_add (before, snap_full (10, 1, 7 * SEC, "other"));
  apply_all (pt, before);
  /* Left: init and sh; make's subtree and 10 are gone. */
  g_ptr_array_add (after, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (after, snap_full (40, 1, 2 * SEC, "sh"));
  g_autoptr (GPtrArray) d = diff (pt, after, &why);
  assert_int_equal (d->len, 5);
  check (d, why, 0, EVENT_EXIT, 20, 20, RESYNC_GONE);
  check (d, why, 1, EVENT_EXIT, 50, 50, RESYNC_GONE);
  check (d, why, 2, EVENT_EXIT, 60, 60, RESYNC_GONE);
  check (d, why, 3, EVENT_EXIT, 10, 10, RESYNC_GONE);
  check (d, why, 4, EVENT_EXIT, 30, 30, RESYNC_GONE);
  apply_all (pt, d);
  const Proc *cc1 = proctab_lookup_tomb (pt, 20);
  assert_non_null (cc1);
  assert_true (proc_is_descendant (cc1, 30));
  assert_true (proc_is_descendant (cc1, 40));
}

/* Processes missing from the scan exit, status unknown, sorted by pid,
 * before any snapshot. */
static void
test_gone (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) before = scan_new ();
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (before, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (before, snap_full (30, 1, 2 * SEC, "c"));
  g_ptr_array_add (before, snap_full (10, 1, 3 * SEC, "a"));
  g_ptr_array_add (before, snap_full (20, 1, 4 * SEC, "b"));
  apply_all (pt, before);
  guint64 serial10 = proctab_lookup (pt, 10)->serial;

  g_ptr_array_add (scan, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (scan, snap_full (20, 1, 4 * SEC, "b"));
  g_ptr_array_add (scan, snap_full (40, 20, 5 * SEC, "d"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 3);
  check (d, why, 0, EVENT_EXIT, 10, 10, RESYNC_GONE);
  check (d, why, 1, EVENT_EXIT, 30, 30, RESYNC_GONE);
  check (d, why, 2, EVENT_SNAPSHOT, 40, 40, RESYNC_NEW);
  assert_int_equal (((Event *) d->pdata[0])->ptgid, 1);
  assert_int_equal (((Event *) d->pdata[0])->exit_signal, 0);

  assert_converges (pt, d, scan);
  assert_null (proctab_lookup (pt, 10));
  const Proc *tomb = proctab_lookup_serial (pt, serial10);
  assert_non_null (tomb);
  assert_false (tomb->alive);
  assert_true (tomb->flags & PROC_F_STATUS_UNKNOWN);
  assert_int_equal (tomb->end_ns, NOW_MONO);
}

/* A process whose EXIT the model has had is not new when a scan still
 * finds it (the kernel reports the exit before the task is a zombie); a
 * later process with that pid and another start is. */
static void
test_dying (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) before = scan_new ();
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (before, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (before, snap_full (10, 1, 3 * SEC, "a"));
  apply_all (pt, before);
  Event exit = { .kind = EVENT_EXIT, .pid = 10, .tgid = 10, .ppid = 1, .ptgid = 1,
                 .mono_ns = NOW_MONO - SEC };
  proctab_apply (pt, &exit);
  assert_non_null (proctab_lookup_tomb (pt, 10));

  g_ptr_array_add (scan, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (scan, snap_full (10, 1, 3 * SEC, "a"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 0);

  g_ptr_array_set_size (scan, 1);
  g_ptr_array_add (scan, snap_full (10, 1, 50 * SEC, "new"));
  g_autoptr (GArray) why2 = NULL;
  g_autoptr (GPtrArray) d2 = diff (pt, scan, &why2);
  assert_int_equal (d2->len, 1);
  check (d2, why2, 0, EVENT_SNAPSHOT, 10, 10, RESYNC_NEW);
}

/* A pid with another start time is a new process: EXIT the old, SNAPSHOT
 * the new; threads of the old get no EXIT of their own. */
static void
test_reused (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) before = scan_new ();
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (before, snap_full (10, 1, 5 * SEC, "old"));
  g_ptr_array_add (before, snap (11, 10, 1, 5 * SEC, "old-thread"));
  apply_all (pt, before);
  guint64 old = proctab_lookup (pt, 10)->serial;

  g_ptr_array_add (scan, snap_full (10, 1, 9 * SEC, "new"));
  g_ptr_array_add (scan, snap (11, 10, 1, 9 * SEC, "new-thread"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 3);
  check (d, why, 0, EVENT_EXIT, 10, 10, RESYNC_REUSED);
  check (d, why, 1, EVENT_SNAPSHOT, 10, 10, RESYNC_NEW);
  check (d, why, 2, EVENT_SNAPSHOT, 11, 10, RESYNC_NEW);

  assert_converges (pt, d, scan);
  const Proc *p = proctab_lookup (pt, 10);
  assert_true (p->serial != old);
  assert_string_equal (p->comm, "new");
  assert_false (proctab_lookup_serial (pt, old)->alive);
  assert_int_equal (proc_nthreads (p), 2);
}

/* A process known from a FORK (ns timestamp) matches its scan within a
 * tick either way, and is reused beyond that. */
static void
test_start_tolerance (void **state)
{
  gint64 t = tick ();
  const struct {
    gint64 scan_ticks;
    gboolean same;
  } cases[] = { { 1234, TRUE }, { 1233, TRUE }, { 1235, TRUE }, { 1232, FALSE },
                { 1236, FALSE } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
      g_autoptr (GPtrArray) before = scan_new ();
      g_autoptr (GPtrArray) scan = scan_new ();
      g_autoptr (GArray) why = NULL;
      Event fork = { .kind = EVENT_FORK, .pid = 10, .tgid = 10, .ppid = 1, .ptgid = 1,
                     .mono_ns = 1234 * t + t * 3 / 4, .wall_ns = NOW_WALL };

      g_ptr_array_add (before, snap_full (1, 0, t, "init"));
      apply_all (pt, before);
      proctab_apply (pt, &fork);
      g_ptr_array_add (scan, snap_full (1, 0, t, "init"));
      g_ptr_array_add (scan, snap_full (10, 1, cases[i].scan_ticks * t, "init"));
      ((Event *) scan->pdata[1])->sid = 1;  /* inherited from init */
      g_autoptr (GPtrArray) d = diff (pt, scan, &why);
      if (cases[i].same)
        assert_int_equal (d->len, 0);
      else
        {
          assert_int_equal (d->len, 2);
          check (d, why, 0, EVENT_EXIT, 10, 10, RESYNC_REUSED);
          check (d, why, 1, EVENT_SNAPSHOT, 10, 10, RESYNC_NEW);
        }
      assert_converges (pt, d, scan);
    }
}

/* Re-parenting has no kernel event: a snapshot says where the child went,
 * after the EXIT of its old parent. */
static void
test_reparent (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) before = scan_new ();
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (before, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (before, snap_full (5, 1, 2 * SEC, "subreaper"));
  g_ptr_array_add (before, snap_full (40, 5, 3 * SEC, "parent"));
  g_ptr_array_add (before, snap_full (41, 40, 4 * SEC, "child"));
  g_ptr_array_add (before, snap_full (42, 40, 4 * SEC, "child2"));
  apply_all (pt, before);

  g_ptr_array_add (scan, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (scan, snap_full (5, 1, 2 * SEC, "subreaper"));
  g_ptr_array_add (scan, snap_full (41, 5, 4 * SEC, "child"));
  g_ptr_array_add (scan, snap_full (42, 1, 4 * SEC, "child2"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 3);
  check (d, why, 0, EVENT_EXIT, 40, 40, RESYNC_GONE);
  check (d, why, 1, EVENT_SNAPSHOT, 41, 41, RESYNC_PARENT);
  check (d, why, 2, EVENT_SNAPSHOT, 42, 42, RESYNC_PARENT);

  assert_converges (pt, d, scan);
  assert_int_equal (proctab_lookup (pt, 41)->parent->pid, 5);
  assert_int_equal (proctab_lookup (pt, 42)->parent->pid, 1);
}

/* Changes one field of a fresh snapshot of process 10. */
typedef void (*Mutate) (Event *ev);

static void mut_none (Event *ev) { }
static void mut_comm (Event *ev) { g_free (ev->comm); ev->comm = g_strdup ("renamed"); }
static void mut_argv (Event *ev) { g_free (ev->argv[1]); ev->argv[1] = g_strdup ("--other"); }
static void mut_exe (Event *ev) { g_free (ev->exe); ev->exe = g_strdup ("/bin/other"); }
static void mut_exec (Event *ev) { mut_comm (ev); mut_argv (ev); mut_exe (ev); }
static void mut_uid (Event *ev) { ev->euid = 0; }
static void mut_gid (Event *ev) { ev->rgid = 0; }
static void mut_sid (Event *ev) { ev->sid = 77; }
static void mut_setuid (Event *ev) { mut_uid (ev); mut_gid (ev); mut_exe (ev); }
/* What the scan does not know is no change: zombie leader, unreadable files. */
static void mut_unknown (Event *ev)
{
  g_clear_pointer (&ev->argv, g_strfreev);
  g_clear_pointer (&ev->exe, g_free);
  ev->flags &= ~EVENT_F_CREDS;
  ev->ruid = ev->euid = 5;
  ev->sid = 0;
}

/* Each kind of change of a known process gives one SNAPSHOT with its reason. */
static void
test_changes (void **state)
{
  const struct {
    Mutate mutate;
    guint why;
  } cases[] = {
    { mut_none, 0 },
    { mut_comm, RESYNC_COMM },
    { mut_argv, RESYNC_EXEC },
    { mut_exe, RESYNC_EXEC },
    { mut_exec, RESYNC_EXEC | RESYNC_COMM },
    { mut_uid, RESYNC_UID },
    { mut_gid, RESYNC_GID },
    { mut_sid, RESYNC_SID },
    { mut_setuid, RESYNC_UID | RESYNC_GID | RESYNC_EXEC },
    { mut_unknown, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
      g_autoptr (GPtrArray) before = scan_new ();
      g_autoptr (GPtrArray) scan = scan_new ();
      g_autoptr (GArray) why = NULL;

      g_ptr_array_add (before, snap_full (1, 0, 1 * SEC, "init"));
      g_ptr_array_add (before, snap_full (10, 1, 2 * SEC, "prog"));
      apply_all (pt, before);
      guint64 serial = proctab_lookup (pt, 10)->serial;

      g_ptr_array_add (scan, snap_full (1, 0, 1 * SEC, "init"));
      g_ptr_array_add (scan, snap_full (10, 1, 2 * SEC, "prog"));
      cases[i].mutate (scan->pdata[1]);
      g_autoptr (GPtrArray) d = diff (pt, scan, &why);
      if (cases[i].why == 0)
        assert_int_equal (d->len, 0);
      else
        {
          assert_int_equal (d->len, 1);
          check (d, why, 0, EVENT_SNAPSHOT, 10, 10, cases[i].why);
        }
      assert_converges (pt, d, scan);
      assert_int_equal (proctab_lookup (pt, 10)->serial, serial);
    }
}

/* What the model does not know but the scan does is filled in. */
static void
test_fill (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;
  Event *bare = snap (10, 10, 1, 2 * SEC, "prog");
  Event fork = { .kind = EVENT_FORK, .pid = 11, .tgid = 11, .ppid = 10, .ptgid = 10,
                 .mono_ns = 3 * SEC, .wall_ns = NOW_WALL };

  /* The model knows 10 only by name, and 11 from a FORK (inheriting that). */
  proctab_apply (pt, bare);
  proctab_apply (pt, &fork);
  event_free (bare);
  g_ptr_array_add (scan, snap_full (10, 1, 2 * SEC, "prog"));
  g_ptr_array_add (scan, snap_full (11, 10, 3 * SEC, "prog"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 2);
  check (d, why, 0, EVENT_SNAPSHOT, 10, 10, RESYNC_FILL);
  check (d, why, 1, EVENT_SNAPSHOT, 11, 11, RESYNC_FILL);
  assert_converges (pt, d, scan);
  assert_true (proctab_lookup (pt, 11)->flags & PROC_F_CREDS);
  assert_string_equal (proctab_lookup (pt, 11)->exe, "/usr/bin/prog");
}

/* Threads: gone, reused, renamed, new, moved to another process. */
static void
test_threads (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) before = scan_new ();
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL;

  g_ptr_array_add (before, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (before, snap_full (100, 1, 2 * SEC, "server"));
  g_ptr_array_add (before, snap (101, 100, 1, 3 * SEC, "io"));
  g_ptr_array_add (before, snap (102, 100, 1, 3 * SEC, "gc"));
  g_ptr_array_add (before, snap (103, 100, 1, 3 * SEC, "timer"));
  g_ptr_array_add (before, snap (105, 100, 1, 3 * SEC, "mover"));
  apply_all (pt, before);

  g_ptr_array_add (scan, snap_full (1, 0, 1 * SEC, "init"));
  g_ptr_array_add (scan, snap_full (100, 1, 2 * SEC, "server"));
  g_ptr_array_add (scan, snap_full (200, 1, 6 * SEC, "other"));
  g_ptr_array_add (scan, snap (101, 100, 1, 3 * SEC, "io-renamed"));
  g_ptr_array_add (scan, snap (102, 100, 1, 7 * SEC, "gc"));
  g_ptr_array_add (scan, snap (104, 100, 1, 8 * SEC, "fresh"));
  g_ptr_array_add (scan, snap (105, 200, 1, 9 * SEC, "mover"));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  assert_int_equal (d->len, 8);
  check (d, why, 0, EVENT_EXIT, 102, 100, RESYNC_REUSED);
  check (d, why, 1, EVENT_EXIT, 103, 100, RESYNC_GONE);
  check (d, why, 2, EVENT_EXIT, 105, 100, RESYNC_GONE);
  check (d, why, 3, EVENT_SNAPSHOT, 200, 200, RESYNC_NEW);
  check (d, why, 4, EVENT_SNAPSHOT, 101, 100, RESYNC_COMM);
  check (d, why, 5, EVENT_SNAPSHOT, 102, 100, RESYNC_NEW);
  check (d, why, 6, EVENT_SNAPSHOT, 104, 100, RESYNC_NEW);
  check (d, why, 7, EVENT_SNAPSHOT, 105, 200, RESYNC_NEW);
  /* Thread exits look like the kernel's: no parent, exit_signal -1. */
  assert_int_equal (((Event *) d->pdata[1])->ptgid, 0);
  assert_int_equal (((Event *) d->pdata[1])->exit_signal, -1);

  assert_converges (pt, d, scan);
  const Proc *p = proctab_lookup (pt, 100);
  assert_int_equal (proc_nthreads (p), 4);
  const ProcThread *t = g_hash_table_lookup (p->threads, GINT_TO_POINTER (101));
  assert_string_equal (t->comm, "io-renamed");
  assert_null (g_hash_table_lookup (p->threads, GINT_TO_POINTER (103)));
  assert_int_equal (proc_nthreads (proctab_lookup (pt, 200)), 2);
}

/* Events other than SNAPSHOT in a scan are ignored; resync_diff is
 * resync_diff_explain without reasons. */
static void
test_ignores_other_kinds (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (100 * SEC, 10);
  g_autoptr (GPtrArray) scan = scan_new ();
  Event *exec = snap_full (7, 1, SEC, "x");

  exec->kind = EVENT_EXEC;
  g_ptr_array_add (scan, exec);
  g_ptr_array_add (scan, snap_full (8, 1, SEC, "y"));
  g_autoptr (GPtrArray) d = resync_diff (pt, scan, NOW_MONO, NOW_WALL);
  assert_int_equal (d->len, 1);
  assert_int_equal (((Event *) d->pdata[0])->pid, 8);

  g_autoptr (GPtrArray) empty = scan_new ();
  g_autoptr (GPtrArray) none = resync_diff (pt, empty, NOW_MONO, NOW_WALL);
  assert_int_equal (none->len, 0);
}

/* Sets on scan snapshot EV where its process runs: W (a reference taken). */
static Event *
with_where (Event *ev, Where *w)
{
  ev->flags |= EVENT_F_WHERE;
  ev->where = where_ref (w);
  return ev;
}

/* Where a process runs is compared where the scan says it: a fork's
 * inheritance did not know its pid in its namespace, or that it entered
 * one; the host said of one in the host is no change. */
static void
test_where (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (SEC, 10);
  g_autoptr (GPtrArray) scan = scan_new ();
  g_autoptr (GArray) why = NULL, why2 = NULL;
  Container *c = container_get ("lxc", "web", NULL);
  Where *w = where_new (1, 1, c), *child = where_new (4, 1, c);
  Event fork = { .kind = EVENT_FORK, .mono_ns = 5 * SEC, .pid = 60, .tgid = 60, .ppid = 50,
                 .ptgid = 50 };
  Event fork2 = { .kind = EVENT_FORK, .mono_ns = 6 * SEC, .pid = 70, .tgid = 70, .ppid = 1,
                  .ptgid = 1 };

  g_ptr_array_add (scan, with_where (snap (1, 1, 0, 1 * SEC, "init"), NULL));
  g_ptr_array_add (scan, with_where (snap (50, 50, 1, 2 * SEC, "lxc-init"), w));
  g_autoptr (GPtrArray) d = diff (pt, scan, &why);
  apply_all (pt, d);
  proctab_apply (pt, &fork);
  proctab_apply (pt, &fork2);
  g_ptr_array_add (scan, with_where (snap (60, 60, 50, 5 * SEC, "lxc-init"), child));
  g_ptr_array_add (scan, with_where (snap (70, 70, 1, 6 * SEC, "init"), w));
  g_autoptr (GPtrArray) d2 = diff (pt, scan, &why2);
  assert_int_equal (d2->len, 2);
  check (d2, why2, 0, EVENT_SNAPSHOT, 60, 60, RESYNC_WHERE);
  check (d2, why2, 1, EVENT_SNAPSHOT, 70, 70, RESYNC_WHERE);
  assert_converges (pt, d2, scan);
  assert_int_equal (proc_where (proctab_lookup (pt, 60))->nspid, 4);
  where_unref (w);
  where_unref (child);
  container_unref (c);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_from_empty),
    cmocka_unit_test (test_gone),
    cmocka_unit_test (test_gone_subtree),
    cmocka_unit_test (test_dying),
    cmocka_unit_test (test_reused),
    cmocka_unit_test (test_start_tolerance),
    cmocka_unit_test (test_reparent),
    cmocka_unit_test (test_changes),
    cmocka_unit_test (test_fill),
    cmocka_unit_test (test_threads),
    cmocka_unit_test (test_ignores_other_kinds),
    cmocka_unit_test (test_where),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
