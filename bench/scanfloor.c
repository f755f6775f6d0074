/* scanfloor.c - the least a first screen costs: reading every process's
 * /proc files a snapshot must read, and nothing else.
 *
 * forkscope's first screen needs the whole tree: for every process its
 * stat (parent, session, start, state), its status (users, and how many
 * threads), its command line and its executable, and the task directory
 * of those with more threads.  This reads exactly those, by path, into
 * buffers on the stack (no model, no output), then prints
 * "processes=N cpu_s=S wall_s=W": the CPU time (user+sys) and the wall
 * time of the pass.  bench/startup.sh runs it beside the viewer and btop:
 * its time is the floor under any first screen that shows every process
 * from /proc. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

/* Reads /proc/PID/NAME into BUF (SIZE bytes); returns the bytes read or -1. */
static ssize_t
scanfloor_read (const char *pid, const char *name, char *buf, size_t size)
{
  char path[300];
  snprintf (path, sizeof path, "/proc/%s/%s", pid, name);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read (fd, buf, size - 1);
  close (fd);
  if (n >= 0)
    buf[n] = '\0';
  return n;
}

/* Seconds of CPU (user+sys) this process has used. */
static double
scanfloor_cpu (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
         + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Seconds on CLOCK_MONOTONIC. */
static double
scanfloor_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (void)
{
  char buf[4096], path[300];
  double cpu0 = scanfloor_cpu (), t0 = scanfloor_now ();
  unsigned long procs = 0;
  DIR *proc = opendir ("/proc");
  struct dirent *de;

  if (!proc)
    {
      perror ("scanfloor: /proc");
      return 1;
    }
  while ((de = readdir (proc)))
    {
      if (de->d_name[0] < '0' || de->d_name[0] > '9')
        continue;
      if (scanfloor_read (de->d_name, "stat", buf, sizeof buf) <= 0)
        continue;
      procs++;
      if (scanfloor_read (de->d_name, "status", buf, sizeof buf) > 0)
        {
          const char *threads = strstr (buf, "\nThreads:");
          if (!threads || atoi (threads + 9) != 1)
            {
              snprintf (path, sizeof path, "/proc/%s/task", de->d_name);
              DIR *task = opendir (path);
              struct dirent *t;
              while (task && (t = readdir (task)))
                if (t->d_name[0] != '.' && strcmp (t->d_name, de->d_name) != 0)
                  (void) scanfloor_read (de->d_name, "stat", buf, sizeof buf);
              if (task)
                closedir (task);
            }
        }
      (void) scanfloor_read (de->d_name, "cmdline", buf, sizeof buf);
      snprintf (path, sizeof path, "/proc/%s/exe", de->d_name);
      (void) readlink (path, buf, sizeof buf);
    }
  closedir (proc);
  printf ("processes=%lu cpu_s=%.3f wall_s=%.3f\n", procs, scanfloor_cpu () - cpu0,
          scanfloor_now () - t0);
  return 0;
}
