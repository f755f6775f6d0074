/* budget-memory.c - what the model holds in memory per tracked process and
 * per event held, counted by malloc, against the budgets.
 *
 * Usage: budget-memory BUDGETS-FILE
 *
 * A fixed machine (BUDGET_PROCS processes: daemons, shells, kernel threads,
 * a few with threads, every command line and name as a real one looks,
 * all made from a fixed seed) is applied as a snapshot to an empty process
 * table; its bytes per process are the growth of malloc's bytes in use
 * (mallinfo2: arena and mmapped, malloc's own overhead included) over the
 * number of processes.  Then the snapshot goes into a history (history.h,
 * the viewer's default options), as the monitor appends it, and a fixed
 * workload of BUDGET_EVENTS events (shells forking compilers that exec
 * and exit) is applied and appended to it: bytes per event held are the
 * growth less what the tables grow by with the same events (the live one
 * and the history's own, which folds every event), over the events.  Prints both figures and
 * fails when one is over its budget in BUDGETS-FILE (budget_check).  Exits
 * 77 where malloc is not glibc's (BUDGET_MALLOC=0: a sanitizer's) or runs
 * under valgrind (FORKSCOPE_VALGRIND). */
#include "budget.h"
#include "history.h"
#include "proctab.h"

#include <malloc.h>

#define BUDGET_PROCS 4000
#define BUDGET_EVENTS 10000
#define BUDGET_SEED 21

/* The names a machine's processes mostly have. */
static const char *const budget_names[] = {
  "bash", "sshd", "systemd", "python3", "node", "nginx", "postgres", "cron",
  "dbus-daemon", "rsyslogd", "containerd", "dockerd", "java", "sleep", "tmux",
  "agetty", "chronyd", "polkitd", "NetworkManager", "udisksd", "gnome-shell",
  "Xwayland", "pipewire", "firefox",
};

/* Bytes malloc holds for the program now. */
static gsize
budget_heap (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  return mi.uordblks + mi.hblkhd;
}

/* Fills EV (cleared first) with snapshot I of the fixed machine, made
 * with R. */
static void
budget_snapshot (GRand *r, guint i, Event *ev)
{
  const char *name = budget_names[g_rand_int_range (r, 0, G_N_ELEMENTS (budget_names))];
  gint pid = 100 + (gint) i * 3;

  *ev = (Event) { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid,
                  .flags = EVENT_F_START | EVENT_F_CREDS,
                  .mono_ns = G_GINT64_CONSTANT (5000000000000),
                  .wall_ns = G_GINT64_CONSTANT (1714564800000000000),
                  .start_ns = G_GINT64_CONSTANT (1000000000) + i * G_GINT64_CONSTANT (10000000),
                  .ruid = 1000, .euid = 1000, .rgid = 1000, .egid = 1000 };
  /* Parents come earlier: a tree as deep as a real one. */
  ev->ppid = ev->ptgid = i < 20 ? 1 : 100 + 3 * g_rand_int_range (r, 0, i);
  ev->sid = ev->ppid;
  if (i % 10 == 9)
    {
      /* A kernel thread: a name and nothing else. */
      ev->flags |= EVENT_F_KTHREAD;
      ev->comm = g_strdup_printf ("kworker/%u:%u-events", i % 2, i % 7);
      ev->ppid = ev->ptgid = 2;
      return;
    }
  ev->comm = g_strdup (name);
  ev->exe = g_strdup_printf ("/usr/bin/%s", name);
  guint argc = 1 + g_rand_int_range (r, 0, 4);
  ev->argv = g_new0 (char *, argc + 1);
  ev->argv[0] = g_strdup (ev->exe);
  for (guint a = 1; a < argc; a++)
    ev->argv[a] = a == argc - 1 && g_rand_boolean (r)
                  ? g_strdup_printf ("/home/user/work/file-%u.conf", i)
                  : g_strdup (a % 2 ? "--config" : "-v");
}

/* Fills EV (cleared first) with event I of the fixed workload: shell
 * 100 + 3 * (I / 3 % 50) forks a child that execs a compiler and exits. */
static void
budget_workload (guint i, Event *ev)
{
  gint child = 50000 + (gint) (i / 3), shell = 100 + 3 * (gint) (i / 3 % 50);
  gint64 t = G_GINT64_CONSTANT (5000000000000) + i * G_GINT64_CONSTANT (100000);

  *ev = (Event) { .pid = child, .tgid = child, .mono_ns = t,
                  .wall_ns = G_GINT64_CONSTANT (1714564800000000000) + t, .cpu = i % 2 };
  switch (i % 3)
    {
    case 0:
      ev->kind = EVENT_FORK;
      ev->ppid = ev->ptgid = shell;
      break;
    case 1:
      ev->kind = EVENT_EXEC;
      ev->comm = g_strdup ("cc1");
      ev->exe = g_strdup ("/usr/lib/gcc/x86_64-linux-gnu/12/cc1");
      ev->argv = g_new0 (char *, 7);
      ev->argv[0] = g_strdup (ev->exe);
      ev->argv[1] = g_strdup ("-quiet");
      ev->argv[2] = g_strdup_printf ("src/file%u.c", i / 3);
      ev->argv[3] = g_strdup ("-O2");
      ev->argv[4] = g_strdup ("-o");
      ev->argv[5] = g_strdup_printf ("/tmp/cc%06u.s", i / 3);
      break;
    default:
      ev->kind = EVENT_EXIT;
      ev->ppid = ev->ptgid = shell;
      ev->exit_signal = 17;
      break;
    }
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      g_printerr ("usage: budget-memory BUDGETS-FILE\n");
      return 2;
    }
  if (g_strcmp0 (g_getenv ("BUDGET_MALLOC"), "1") != 0 || g_getenv ("FORKSCOPE_VALGRIND"))
    {
      g_print ("malloc is not glibc's here: no figures\n");
      return 77;
    }
  g_autoptr (GHashTable) budgets = budget_load (argv[1]);
  if (!budgets)
    return 1;
  g_autoptr (GRand) r = g_rand_new_with_seed (BUDGET_SEED);
  Proctab *pt = proctab_new (G_GINT64_CONSTANT (60000000000), 20000);
  Event ev;

  /* The events are made before counting starts, so that only what the
   * model keeps is counted. */
  g_autoptr (GPtrArray) snap = g_ptr_array_new_with_free_func (event_free);
  for (guint i = 0; i < BUDGET_PROCS; i++)
    {
      budget_snapshot (r, i, &ev);
      g_ptr_array_add (snap, g_memdup2 (&ev, sizeof ev));
    }
  gsize before = budget_heap ();
  for (guint i = 0; i < snap->len; i++)
    proctab_apply (pt, snap->pdata[i]);
  double per_proc = (double) (budget_heap () - before) / proctab_count_live (pt);

  g_autoptr (GPtrArray) work = g_ptr_array_new_with_free_func (event_free);
  for (guint i = 0; i < BUDGET_EVENTS; i++)
    {
      budget_workload (i, &ev);
      g_ptr_array_add (work, g_memdup2 (&ev, sizeof ev));
    }
  /* The workload grows the table too (tombstones): what a copy of it
   * gains without a history is taken off. */
  Proctab *plain = proctab_copy (pt);
  before = budget_heap ();
  for (guint i = 0; i < work->len; i++)
    proctab_apply (plain, work->pdata[i]);
  gsize table_gain = budget_heap () - before;
  proctab_free (plain);
  HistoryOptions ho = { .memory = HISTORY_MEMORY_DEFAULT, .cache = HISTORY_CACHE_DEFAULT,
                        .keep_ns = G_GINT64_CONSTANT (60000000000), .max_tombs = 20000 };
  History *h = history_new (&ho, NULL);
  for (guint i = 0; i < snap->len; i++)
    history_append (h, snap->pdata[i], NULL);
  before = budget_heap ();
  for (guint i = 0; i < work->len; i++)
    history_append (h, work->pdata[i], proctab_apply (pt, work->pdata[i]));
  double per_event = ((double) (budget_heap () - before) - 2.0 * (double) table_gain)
                     / work->len;
  history_free (h);

  gboolean ok = budget_check (budgets, "bytes_per_process", per_proc)
                & budget_check (budgets, "bytes_per_event_held", per_event);
  proctab_free (pt);
  return ok ? 0 : 1;
}
