/* storm.c - a fork/exec storm generator for benchmarking process-event readers.
 *
 * One process forks children as fast as it can (or at a set rate) and reaps
 * each before the next.  In fork mode a child _exits(0) at once; in exec mode
 * it runs `/bin/true forkscope-bench-<i>`, so a reader's captured command
 * lines can be checked against the iteration number.  At the end it prints
 * one line of key=value pairs (mode, pid, iterations, failed, seconds, rate)
 * and, with --pids, writes "pid index" for every child so that a reader's
 * output can be matched against what really happened. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

/* The argument of every exec'd child is this prefix followed by the index. */
#define STORM_TAG "forkscope-bench-"
#define STORM_EXEC_PATH "/bin/true"

/* One child: its pid and the iteration that made it. */
typedef struct {
  pid_t pid;
  guint64 index;
} StormChild;

/* What to run, from the command line. */
typedef struct {
  gboolean exec;     /* exec mode, else fork mode */
  guint64 count;     /* stop after this many children; 0 = no limit */
  double seconds;    /* stop after this long; 0 = no limit */
  double rate;       /* children per second; 0 = as fast as possible */
  char *pids;        /* where to write "pid index" lines, or NULL (owned) */
} StormOptions;

/* Reads CLOCK_MONOTONIC in nanoseconds. */
static gint64
storm_now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Sleeps until the absolute CLOCK_MONOTONIC time DEADLINE_NS. */
static void
storm_sleep_until (gint64 deadline_ns)
{
  struct timespec ts = {
    .tv_sec = deadline_ns / 1000000000,
    .tv_nsec = deadline_ns % 1000000000,
  };
  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

/* Forks one child for iteration INDEX and reaps it.  Returns the child's pid
 * (with *ok FALSE if it did not exit 0) or a negative errno if fork failed. */
static pid_t
storm_one (const StormOptions *opt, guint64 index, gboolean *ok)
{
  char tag[sizeof STORM_TAG + 24];
  static char path[] = STORM_EXEC_PATH;
  char *argv[] = { path, tag, NULL };
  int status;
  pid_t pid;

  /* Formatted before the fork so the child does nothing but exec. */
  if (opt->exec)
    g_snprintf (tag, sizeof tag, STORM_TAG "%" G_GUINT64_FORMAT, index);
  pid = fork ();
  if (pid < 0)
    return -errno;
  if (pid == 0)
    {
      if (opt->exec)
        execv (argv[0], argv);
      _exit (opt->exec ? 127 : 0);
    }
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  *ok = WIFEXITED (status) && WEXITSTATUS (status) == 0;
  return pid;
}

/* Writes one "pid index" line per child to PATH; returns 0 or -errno. */
static int
storm_write_pids (const char *path, const GArray *children)
{
  FILE *f = fopen (path, "w");
  int r = 0;

  if (!f)
    return -errno;
  for (guint i = 0; i < children->len; i++)
    {
      const StormChild *c = &g_array_index (children, StormChild, i);
      fprintf (f, "%d %" G_GUINT64_FORMAT "\n", (int) c->pid, c->index);
    }
  if (ferror (f))
    r = -EIO;
  if (fclose (f) != 0 && r == 0)
    r = -errno;
  return r;
}

/* Parses the command line into OPT; returns FALSE with ERROR set on misuse. */
static gboolean
storm_parse_args (int *argc, char ***argv, StormOptions *opt, GError **error)
{
  g_autofree char *mode = NULL;
  gint64 count = 0;
  GOptionEntry entries[] = {
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
      "fork (children _exit at once) or exec (/bin/true " STORM_TAG "<i>)",
      "MODE" },
    { "count", 'n', 0, G_OPTION_ARG_INT64, &count,
      "Stop after N children", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &opt->seconds,
      "Stop after S seconds (default 5 when no --count)", "S" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &opt->rate,
      "Make at most R children per second", "R" },
    { "pids", 'p', 0, G_OPTION_ARG_FILENAME, &opt->pids,
      "Write \"pid index\" for every child to FILE", "FILE" },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };
  g_autoptr (GOptionContext) ctx =
    g_option_context_new ("- fork/exec storm for benchmarking forkscope");

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, error))
    return FALSE;
  if (mode && strcmp (mode, "exec") == 0)
    opt->exec = TRUE;
  else if (mode && strcmp (mode, "fork") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "unknown mode '%s' (fork or exec)", mode);
      return FALSE;
    }
  if (count < 0 || opt->seconds < 0 || opt->rate < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--count, --seconds and --rate must not be negative");
      return FALSE;
    }
  opt->count = (guint64) count;
  if (opt->count == 0 && opt->seconds == 0)
    opt->seconds = 5;
  return TRUE;
}

int
main (int argc, char **argv)
{
  StormOptions opt = { 0 };
  g_autofree char *pids = NULL;  /* frees opt.pids */
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) children = g_array_new (FALSE, FALSE, sizeof (StormChild));
  guint64 done = 0, failed = 0;
  gint64 start, end_ns, now;
  gboolean parsed;
  int r;

  parsed = storm_parse_args (&argc, &argv, &opt, &error);
  pids = opt.pids;
  if (!parsed)
    {
      g_printerr ("storm: %s\n", error->message);
      return 2;
    }
  start = now = storm_now_ns ();
  end_ns = opt.seconds > 0 ? start + (gint64) (opt.seconds * 1e9) : G_MAXINT64;
  while ((opt.count == 0 || done < opt.count) && now < end_ns)
    {
      gboolean ok = TRUE;
      pid_t pid;

      if (opt.rate > 0)
        storm_sleep_until (start + (gint64) ((double) done * 1e9 / opt.rate));
      pid = storm_one (&opt, done, &ok);
      if (pid < 0)
        {
          g_printerr ("storm: fork: %s\n", g_strerror (-pid));
          return 1;
        }
      if (opt.pids)
        g_array_append_vals (children, &(StormChild) { pid, done }, 1);
      failed += !ok;
      done++;
      now = storm_now_ns ();
    }
  printf ("mode=%s pid=%d iterations=%" G_GUINT64_FORMAT
          " failed=%" G_GUINT64_FORMAT " seconds=%.3f rate=%.0f\n",
          opt.exec ? "exec" : "fork", (int) getpid (), done, failed,
          (double) (now - start) / 1e9,
          now > start ? (double) done * 1e9 / (double) (now - start) : 0.0);
  if (opt.pids && (r = storm_write_pids (opt.pids, children)) < 0)
    {
      g_printerr ("storm: %s: %s\n", opt.pids, g_strerror (-r));
      return 1;
    }
  return failed ? 1 : 0;
}
