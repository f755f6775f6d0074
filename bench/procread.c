/* procread.c - two ways to read what an EXEC lacks from /proc, timed.
 *
 * On every exec forkscope reads /proc/PID/cmdline, the exe link and comm.
 * By path, each of the three walks "/proc/PID/" again; with a directory fd
 * opened once per pid (open, then openat/readlinkat and close), the walk is
 * done once but two system calls are added.  This measures both on fresh
 * processes, the way they are met in an exec storm: each round forks a child
 * that blocks in read() (so /proc/PID is new and nothing is cached), reads
 * its three files one way, then the other way on a second fresh child, and
 * kills both.  The order of the two ways alternates between rounds.
 *
 * Usage: procread [ROUNDS]   (default 20000)
 * Prints the median and mean CPU time (CLOCK_THREAD_CPUTIME_ID) of the
 * three reads each way, in nanoseconds. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

/* Bytes read from each file, as forkscope's first read does. */
#define PROCREAD_BUF 4096

/* Reads the thread's CPU clock in nanoseconds. */
static long long
procread_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads file FD whole into BUF; returns the bytes of the first read. */
static ssize_t
procread_fd (int fd, char *buf)
{
  ssize_t n;
  if (fd < 0)
    return -1;
  n = read (fd, buf, PROCREAD_BUF);
  close (fd);
  return n;
}

/* The three reads by path.  Returns their CPU time. */
static long long
procread_by_path (int pid)
{
  char path[64], buf[PROCREAD_BUF];
  long long t0 = procread_now ();

  snprintf (path, sizeof path, "/proc/%d/cmdline", pid);
  (void) procread_fd (open (path, O_RDONLY | O_CLOEXEC), buf);
  snprintf (path, sizeof path, "/proc/%d/exe", pid);
  (void) readlink (path, buf, sizeof buf);
  snprintf (path, sizeof path, "/proc/%d/comm", pid);
  (void) procread_fd (open (path, O_RDONLY | O_CLOEXEC), buf);
  return procread_now () - t0;
}

/* The three reads through a directory fd opened once.  Returns their CPU
 * time. */
static long long
procread_by_dirfd (int pid)
{
  char path[64], buf[PROCREAD_BUF];
  long long t0 = procread_now ();

  snprintf (path, sizeof path, "/proc/%d", pid);
  int dir = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0)
    {
      (void) procread_fd (openat (dir, "cmdline", O_RDONLY | O_CLOEXEC), buf);
      (void) readlinkat (dir, "exe", buf, sizeof buf);
      (void) procread_fd (openat (dir, "comm", O_RDONLY | O_CLOEXEC), buf);
      close (dir);
    }
  return procread_now () - t0;
}

/* Forks a child that blocks reading the pipe P; returns its pid. */
static int
procread_child (int p[2])
{
  int pid = fork ();
  char c;
  if (pid == 0)
    {
      (void) read (p[0], &c, 1);
      _exit (0);
    }
  return pid;
}

/* Orders long longs. */
static int
procread_cmp (const void *a, const void *b)
{
  long long x = *(const long long *) a, y = *(const long long *) b;
  return (x > y) - (x < y);
}

/* Prints the median and mean of the N times in T under NAME. */
static void
procread_report (const char *name, long long *t, int n)
{
  long long sum = 0;
  for (int i = 0; i < n; i++)
    sum += t[i];
  qsort (t, n, sizeof *t, procread_cmp);
  printf ("%-6s median %lld ns, mean %lld ns (%d fresh processes)\n", name,
          t[n / 2], sum / n, n);
}

int
main (int argc, char **argv)
{
  int rounds = argc > 1 ? atoi (argv[1]) : 20000, p[2];
  long long *path = calloc (rounds, sizeof *path);
  long long *dirfd = calloc (rounds, sizeof *dirfd);

  if (rounds <= 0 || !path || !dirfd || pipe (p) < 0)
    return 2;
  for (int i = 0; i < rounds; i++)
    {
      int a = procread_child (p), b = procread_child (p);
      if (a < 0 || b < 0)
        return 1;
      /* Alternate which way meets its child first. */
      if (i % 2)
        {
          path[i] = procread_by_path (a);
          dirfd[i] = procread_by_dirfd (b);
        }
      else
        {
          dirfd[i] = procread_by_dirfd (a);
          path[i] = procread_by_path (b);
        }
      kill (a, SIGKILL);
      kill (b, SIGKILL);
      while (waitpid (-1, NULL, 0) > 0 || errno == EINTR)
        ;
    }
  procread_report ("path", path, rounds);
  procread_report ("dirfd", dirfd, rounds);
  return 0;
}
