/* workload.c - a known process tree for the live tests.
 *
 * Renames a thread with prctl, forks a child that execs a shell exiting 3,
 * one killed by SIGKILL, and one that forks a grandchild; then prints the
 * pids as one JSON object so the test can check every event. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The renamed thread's id. */
static pid_t workload_tid;

/* Body of the thread: renames itself and exits. */
static void *
workload_thread (void *arg)
{
  (void) arg;
  workload_tid = gettid ();
  prctl (PR_SET_NAME, "fsw-thread", 0, 0, 0);
  return NULL;
}

/* Waits for PID, failing loudly if it cannot. */
static void
workload_reap (pid_t pid)
{
  if (waitpid (pid, NULL, 0) != pid)
    {
      perror ("waitpid");
      exit (99);
    }
}

int
main (void)
{
  pthread_t t;
  pid_t a, b, c, d;
  int pipefd[2];

  if (pthread_create (&t, NULL, workload_thread, NULL) != 0)
    return 99;
  pthread_join (t, NULL);

  /* The shell waits on a pipe so that it is still there when forkscope
   * reads its command line. */
  if (pipe (pipefd) != 0)
    return 99;
  a = fork ();
  if (a == 0)
    {
      dup2 (pipefd[0], 0);
      close (pipefd[1]);
      execl ("/bin/sh", "sh", "-c", "read x; exit 3", "fsw-marker", (char *) NULL);
      _exit (98);
    }
  close (pipefd[0]);
  usleep (50000);
  close (pipefd[1]);
  workload_reap (a);

  b = fork ();
  if (b == 0)
    {
      pause ();
      _exit (0);
    }
  usleep (20000);
  kill (b, SIGKILL);
  workload_reap (b);

  if (pipe (pipefd) != 0)
    return 99;
  c = fork ();
  if (c == 0)
    {
      pid_t g = fork ();
      if (g == 0)
        _exit (0);
      if (write (pipefd[1], &g, sizeof g) != sizeof g)
        _exit (97);
      waitpid (g, NULL, 0);
      _exit (0);
    }
  if (read (pipefd[0], &d, sizeof d) != sizeof d)
    return 99;
  workload_reap (c);

  printf ("{\"pid\":%d,\"tid\":%d,\"a\":%d,\"b\":%d,\"c\":%d,\"d\":%d}\n",
          getpid (), workload_tid, a, b, c, d);
  return 0;
}
