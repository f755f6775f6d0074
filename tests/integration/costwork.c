/* costwork.c - workloads of known cost for the live tests of task
 * statistics.
 *
 *   costwork burn MS MIB   touches MIB MiB, burns MS ms of CPU, prints
 *                          {"pid": PID} and exits 0
 *   costwork hog MIB       touches 1 MiB after another, up to MIB: in a
 *                          cgroup with less memory the OOM killer ends it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The CPU time this process has used, in ms. */
static long
cpu_ms (void)
{
  struct timespec t;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Writes to every page of MIB new MiB, so that they are resident. */
static void
touch (long mib)
{
  for (long i = 0; i < mib; i++)
    {
      volatile char *p = malloc (1 << 20);
      if (!p)
        exit (3);
      for (long k = 0; k < (1 << 20); k += 4096)
        p[k] = 1;
    }
}

int
main (int argc, char **argv)
{
  if (argc == 4 && strcmp (argv[1], "burn") == 0)
    {
      long ms = atol (argv[2]);
      volatile unsigned long x = 0;
      touch (atol (argv[3]));
      long start = cpu_ms ();
      while (cpu_ms () - start < ms)
        for (int i = 0; i < 100000; i++)
          x += i;
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
