/* benchutil.c - what the benchmark programs share (see benchutil.h). */
#include "benchutil.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void
benchutil_gen_next (BenchGen *g, Event *ev)
{
  static const char *const names[] = { "sh", "cc1", "make", "worker", "python3", "ld" };

  g->now += g_rand_int_range (g->rand, 0, 4) * g->tick_ns;
  *ev = (Event) { .mono_ns = g->now,
                  .wall_ns = 1764000000 * G_GINT64_CONSTANT (1000000000) + g->now };
  if (g->snapshots > 0)
    {
      /* The scan: init, the services, then their children. */
      guint i = g->procs - g->snapshots--;
      gint pid = g->next_pid++;
      gint ppid = i == 0 ? 0 : i <= BENCHUTIL_SERVICES ? 1 : 2 + (gint) (i % BENCHUTIL_SERVICES);
      ev->kind = EVENT_SNAPSHOT;
      ev->pid = ev->tgid = pid;
      ev->ppid = ev->ptgid = ppid;
      ev->flags = EVENT_F_START | EVENT_F_CREDS;
      ev->start_ns = g->now;
      ev->comm = g_strdup (i == 0 ? "init" : i <= BENCHUTIL_SERVICES ? "service" : "worker");
      if (i > BENCHUTIL_SERVICES)
        g_array_append_val (g->alive, pid);
      return;
    }
  guint r = g_rand_int_range (g->rand, 0, 100);
  guint k = g_rand_int_range (g->rand, 0, g->alive->len);
  gint victim = g_array_index (g->alive, gint, k);
  if (r < 30)
    {
      gint pid = g->next_pid++;
      ev->kind = EVENT_FORK;
      ev->pid = ev->tgid = pid;
      ev->ppid = ev->ptgid = 2 + g_rand_int_range (g->rand, 0, BENCHUTIL_SERVICES);
      g_array_append_val (g->alive, pid);
    }
  else if (r < 60)
    {
      ev->kind = EVENT_EXEC;
      ev->pid = ev->tgid = victim;
      ev->comm = g_strdup (names[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (names))]);
      if (g->vary)
        {
          guint n = g_rand_int_range (g->rand, 0, 5000);
          g_autofree char *cmd = g_strdup_printf ("cc -c -O2 -Isrc -Iinclude src/dir%u/file%u.c "
                                                  "-o build/dir%u/file%u.o", n / 100, n,
                                                  n / 100, n);
          ev->argv = g_strsplit (cmd, " ", -1);
        }
      else
        ev->argv = g_strsplit ("cc -c -O2 file.c -o file.o", " ", -1);
    }
  else if (r < 70)
    {
      ev->kind = EVENT_COMM;
      ev->pid = ev->tgid = victim;
      ev->comm = g_strdup ("renamed");
    }
  else
    {
      ev->kind = EVENT_EXIT;
      ev->pid = ev->tgid = victim;
      ev->exit_code = g_rand_int_range (g->rand, 0, 10) == 0 ? 1 << 8 : 0;
      ev->exit_signal = 17;
      g_array_remove_index_fast (g->alive, k);
    }
}

void
benchutil_gen_init (BenchGen *g, guint procs, gint64 tick_ns, gboolean vary)
{
  *g = (BenchGen) { .rand = g_rand_new_with_seed (42),
                    .alive = g_array_new (FALSE, FALSE, sizeof (gint)), .next_pid = 1,
                    .now = 1000 * G_GINT64_CONSTANT (1000000), .tick_ns = tick_ns,
                    .vary = vary, .snapshots = procs, .procs = procs };
}

void
benchutil_gen_clear (BenchGen *g)
{
  g_array_unref (g->alive);
  g_rand_free (g->rand);
}

double
benchutil_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double
benchutil_heap (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  /* Blocks of 128 KiB and more are mapped on their own, apart from the
   * arena's count. */
  return (double) (mi.uordblks + mi.hblkhd);
}

/* Compares doubles for qsort. */
static int
benchutil_cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

void
benchutil_report (const char *what, double *t, guint n)
{
  qsort (t, n, sizeof *t, benchutil_cmp);
  printf ("| %s | %u | %.2f | %.2f | %.2f |\n", what, n, t[0] * 1e3, t[n / 2] * 1e3,
          t[n - 1] * 1e3);
}
