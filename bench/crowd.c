/* crowd.c - a machine of many sleeping processes, for the benchmarks of
 * memory, startup and idle cost.
 *
 * Usage: crowd N
 * Forks N children, each of which execs this program again as
 * `crowd --sleep crowd-sleeper-<i>` and sleeps until killed, so that every
 * one has a command line, a name and an executable of its own, as a real
 * process has.  Prints "ready N" once all of them have exec'd, then waits
 * for SIGINT or SIGTERM, kills them all,
 * reaps them and exits. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child's life after its exec: sleeping until killed. */
static int
crowd_sleep (void)
{
  for (;;)
    pause ();
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--sleep") == 0)
    return crowd_sleep ();
  if (argc != 2 || atol (argv[1]) < 0)
    {
      fprintf (stderr, "usage: crowd N\n");
      return 2;
    }
  long n = atol (argv[1]);
  pid_t *kids = calloc ((size_t) n + 1, sizeof *kids);
  int fds[2];
  char self[4096];
  ssize_t len = readlink ("/proc/self/exe", self, sizeof self - 1);

  if (!kids || len < 0 || pipe2 (fds, O_CLOEXEC) < 0)
    {
      perror ("crowd");
      return 1;
    }
  self[len] = '\0';
  /* SIGINT and SIGTERM are waited for, from the start: they must find
   * the children to kill whenever they come. */
  sigset_t stop, old;
  int sig;
  sigemptyset (&stop);
  sigaddset (&stop, SIGINT);
  sigaddset (&stop, SIGTERM);
  sigprocmask (SIG_BLOCK, &stop, &old);
  for (long i = 0; i < n; i++)
    {
      char tag[64];
      snprintf (tag, sizeof tag, "crowd-sleeper-%ld", i);
      kids[i] = fork ();
      if (kids[i] == 0)
        {
          /* The pipe's write end closes on exec: the parent's read of EOF
           * says that every child has exec'd. */
          close (fds[0]);
          sigprocmask (SIG_SETMASK, &old, NULL);
          execl (self, "crowd", "--sleep", tag, (char *) NULL);
          _exit (127);
        }
      if (kids[i] < 0)
        {
          perror ("crowd: fork");
          n = i;
          break;
        }
    }
  close (fds[1]);
  char c;
  ssize_t r;
  while ((r = read (fds[0], &c, 1)) > 0 || (r < 0 && errno == EINTR))
    ;
  printf ("ready %ld\n", n);
  fflush (stdout);
  sigwait (&stop, &sig);
  for (long i = 0; i < n; i++)
    kill (kids[i], SIGKILL);
  while (wait (NULL) > 0 || errno == EINTR)
    ;
  return 0;
}
