/* threads.c - thread groups that end in the ways that fool a naive reader
 * of the kernel's EXIT events, for tests/integration/threads.py.
 *
 *   a: a thread other than the leader execs (two other threads besides
 *      the leader): the old leader and the other thread exit, the exec'ing
 *      thread takes over pid a, and the new image exits 4.
 *   b: the leader calls pthread_exit; later one of its two threads calls
 *      _exit(5), which ends both: the process ends with exit 5.
 *   c: a process of three threads killed by SIGKILL.
 *
 * Prints the pids and the exec'ing thread's id as one JSON object. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where a child reports the thread id the parent needs. */
static int threads_report_fd = -1;

/* Body of a thread that waits to be ended by another. */
static void *
threads_idle (void *arg)
{
  (void) arg;
  for (;;)
    pause ();
  return NULL;
}

/* Body of the thread that execs, in child a: it says who it is, gives
 * forkscope time to see the threads, then execs a shell that waits for
 * its standard input to close and exits 4. */
static void *
threads_exec (void *arg)
{
  pid_t tid = gettid ();

  (void) arg;
  if (write (threads_report_fd, &tid, sizeof tid) != sizeof tid)
    _exit (97);
  usleep (100000);
  execl ("/bin/sh", "sh", "-c", "read x; exit 4", "fsw-thread-exec", (char *) NULL);
  _exit (98);
}

/* Body of the thread of child b that ends the process with _exit(5),
 * after the leader has gone. */
static void *
threads_exit5 (void *arg)
{
  (void) arg;
  usleep (150000);
  _exit (5);
}

/* Starts a thread running FN, or exits the child. */
static void
threads_start (void *(*fn) (void *))
{
  pthread_t t;

  if (pthread_create (&t, NULL, fn, NULL) != 0)
    _exit (96);
}

/* Waits for PID, failing loudly if it cannot. */
static void
threads_reap (pid_t pid)
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
  int report[2], input[2];
  pid_t a, b, c, exec_tid;

  /* a: exec from a thread; the shell reads the pipe the parent holds. */
  if (pipe (report) != 0 || pipe (input) != 0)
    return 99;
  a = fork ();
  if (a == 0)
    {
      dup2 (input[0], 0);
      close (input[1]);
      threads_report_fd = report[1];
      threads_start (threads_idle);
      threads_start (threads_exec);
      threads_idle (NULL);
    }
  close (input[0]);
  if (read (report[0], &exec_tid, sizeof exec_tid) != sizeof exec_tid)
    return 99;
  usleep (300000);  /* the exec has happened and its /proc read is done */
  close (input[1]);
  threads_reap (a);

  /* b: the leader leaves first; a thread's _exit(5) ends the rest. */
  b = fork ();
  if (b == 0)
    {
      threads_start (threads_idle);
      threads_start (threads_exit5);
      usleep (20000);
      pthread_exit (NULL);
    }
  threads_reap (b);

  /* c: three threads killed together. */
  c = fork ();
  if (c == 0)
    {
      threads_start (threads_idle);
      threads_start (threads_idle);
      threads_idle (NULL);
    }
  usleep (50000);
  kill (c, SIGKILL);
  threads_reap (c);

  printf ("{\"pid\":%d,\"a\":%d,\"exec_tid\":%d,\"b\":%d,\"c\":%d}\n",
          getpid (), a, exec_tid, b, c);
  return 0;
}
