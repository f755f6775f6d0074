/* costwork.c - workloads of known cost for the live tests of task
 * statistics.
 *
 *   costwork burn MS MIB   touches MIB MiB, burns CPU until it has used
 *                          MS ms in all, prints {"pid": PID} and exits 0
 *   costwork hog MIB       touches 1 MiB after another, up to MIB: in a
 *                          cgroup with less memory the OOM killer ends it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Where the busy loop puts its sums, so that it is not optimised away. */
static volatile unsigned long sink;

/* The CPU time this process has used, in ms. */
static long
cpu_ms (void)
{
  struct timespec t;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Writes to every page of MIB new MiB, so that they are resident, and
 * frees them (the peak stays). */
static void
touch (long mib)
{
  char **all = calloc (mib + 1, sizeof *all);

  for (long i = 0; all && i < mib; i++)
    {
      volatile char *p = all[i] = malloc (1 << 20);
      if (!p)
        exit (3);
      for (long k = 0; k < (1 << 20); k += 4096)
        p[k] = 1;
    }
  for (long i = 0; all && i < mib; i++)
    free (all[i]);
  free (all);
}

int
main (int argc, char **argv)
{
  if (argc == 4 && strcmp (argv[1], "burn") == 0)
    {
      long ms = atol (argv[2]);
      touch (atol (argv[3]));
      /* MS in all, touching the memory included */
      while (cpu_ms () < ms)
        for (int i = 0; i < 100000; i++)
          sink += i;
      printf ("{\"pid\": %d}\n", getpid ());
      return 0;
    }
  if (argc == 3 && strcmp (argv[1], "hog") == 0)
    {
      touch (atol (argv[2]));
      return 0;
    }
  fprintf (stderr, "usage: costwork burn MS MIB | costwork hog MIB\n");
  return 2;
}
