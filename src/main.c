/* main.c - the command line: options into a filter, a monitor and a mode. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "filter.h"
#include "headless.h"
#include "monitor.h"
#include "source.h"
#include "tui.h"
#include "users.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Everything the command line sets. */
typedef struct {
  gboolean log, json, poll, threads, failed, version, realtime;
  char *replay;
  double speed;
  gint interval_ms;
  char **comms;
  char *user;
  gint subtree;
  char *events;
  char **ppids;
  gint64 count;
  double duration;
  gint history;
  double keep;
} Options;

/* Prints a usage error and returns the usage exit status. */
static int
main_usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
main_usage_error (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "forkscope: %s\nTry 'forkscope --help' for more information.\n", msg);
  return EXIT_USAGE;
}

/* Parses "--ppid" values (each may be a comma-separated list) into F. */
static gboolean
main_parse_ppids (char **values, Filter *f, char **bad)
{
  f->ppids = g_array_new (FALSE, FALSE, sizeof (gint));
  for (char **v = values; v && *v; v++)
    {
      g_auto (GStrv) parts = g_strsplit (*v, ",", -1);
      for (char **p = parts; *p; p++)
        {
          guint64 n;
          if (!g_ascii_string_to_unsigned (g_strstrip (*p), 10, 1, G_MAXINT, &n, NULL))
            {
              *bad = g_strdup (*p);
              return FALSE;
            }
          gint pid = (gint) n;
          g_array_append_val (f->ppids, pid);
        }
    }
  return TRUE;
}

/* Turns the parsed options into a filter; returns 0 or a usage error. */
static int
main_build_filter (const Options *o, Filter *f)
{
  g_autofree char *bad = NULL;

  f->comms = g_strdupv (o->comms);
  if (o->user && !(f->has_uid = users_parse (o->user, &f->uid)))
    return main_usage_error ("no such user: '%s'", o->user);
  if (o->subtree < 0)
    return main_usage_error ("--pid needs a positive pid");
  f->subtree = o->subtree;
  if (o->events && event_kind_mask_parse (o->events, &f->kinds, &bad) < 0)
    return main_usage_error ("unknown event kind '%s' (known: fork, exec, exit, "
                             "uid, gid, sid, ptrace, comm, coredump, lost, "
                             "snapshot, all)", bad);
  if (o->ppids && !main_parse_ppids (o->ppids, f, &bad))
    return main_usage_error ("--ppid needs pids, not '%s'", bad);
  f->failed = o->failed;
  /* A recording needs the starting tree to replay well. */
  if (o->json && !o->events)
    f->kinds = EVENT_MASK_ALL;
  return 0;
}

/* Frees what the option parser allocated. */
static void
options_clear (Options *o)
{
  g_free (o->replay);
  g_strfreev (o->comms);
  g_free (o->user);
  g_free (o->events);
  g_strfreev (o->ppids);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

int
main (int argc, char **argv)
{
  g_auto (Options) o = { .interval_ms = 1000, .history = 10000, .keep = 60 };
  g_auto (Filter) filter = { 0 };
  g_autoptr (GError) error = NULL;
  const GOptionEntry entries[] = {
    { "log", 'l', 0, G_OPTION_ARG_NONE, &o.log, "Print one line per event instead of the viewer", NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &o.json, "Print JSON Lines (a recording) instead of the viewer", NULL },
    { "replay", 'r', 0, G_OPTION_ARG_FILENAME, &o.replay, "Read events from a recording (- for stdin)", "FILE" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &o.speed, "Replay pace: 0 as fast as possible (default), 1 real time", "X" },
    { "poll", 0, 0, G_OPTION_ARG_NONE, &o.poll, "Poll /proc instead of using the kernel connector", NULL },
    { "realtime", 0, 0, G_OPTION_ARG_NONE, &o.realtime, "Read exec command lines in a real-time thread (CAP_SYS_NICE): fewer are missed when the CPUs are busy, but that thread runs before every normal task, the watched ones included", NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &o.interval_ms, "Polling interval (default 1000)", "MS" },
    { "comm", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &o.comms, "Only processes whose name matches (glob, or substring; repeatable)", "PATTERN" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &o.user, "Only processes of this user (real or effective)", "NAME|UID" },
    { "pid", 'p', 0, G_OPTION_ARG_INT, &o.subtree, "Only this process and its descendants", "PID" },
    { "events", 'e', 0, G_OPTION_ARG_STRING, &o.events, "Only these kinds: fork,exec,exit,uid,gid,sid,ptrace,comm,coredump,snapshot,all", "LIST" },
    { "ppid", 'P', 0, G_OPTION_ARG_STRING_ARRAY, &o.ppids, "Only processes whose parent is one of these (repeatable)", "PID[,PID...]" },
    { "failed", 'f', 0, G_OPTION_ARG_NONE, &o.failed, "Only failures: exits with a non-zero code or a signal, coredumps", NULL },
    { "count", 'n', 0, G_OPTION_ARG_INT64, &o.count, "Exit after N events", "N" },
    { "duration", 'd', 0, G_OPTION_ARG_DOUBLE, &o.duration, "Exit after this many seconds", "SECONDS" },
    { "threads", 'H', 0, G_OPTION_ARG_NONE, &o.threads, "Viewer: show threads", NULL },
    { "history", 0, 0, G_OPTION_ARG_INT, &o.history, "Events kept for the viewer's log (default 10000)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_DOUBLE, &o.keep, "Seconds exited processes are kept for inspection (default 60)", "SECONDS" },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &o.version, "Print the version and exit", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);

  setlocale (LC_ALL, "");
  g_option_context_set_summary (ctx,
    "A live process-tree viewer fed by the kernel's process-events connector.\n"
    "With no mode option it opens the interactive viewer.");
  g_option_context_set_description (ctx, "See forkscope(1) for keys, formats and JSON fields.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return main_usage_error ("%s", error->message);
  if (o.version)
    {
      printf ("forkscope %s\n", FORKSCOPE_VERSION);
      return EXIT_OK;
    }
  if (argc > 1)
    return main_usage_error ("unexpected argument '%s'", argv[1]);
  if (o.log && o.json)
    return main_usage_error ("--log and --json are exclusive");
  if (o.replay && o.poll)
    return main_usage_error ("--replay and --poll are exclusive");
  if (o.speed < 0 || o.count < 0 || o.duration < 0 || o.keep < 0)
    return main_usage_error ("--speed, --count, --duration and --keep take values >= 0");
  if (o.interval_ms < 10 || o.history < 1)
    return main_usage_error ("--interval takes at least 10 ms and --history at least 1");
  int r = main_build_filter (&o, &filter);
  if (r)
    return r;

  MonitorOptions mo = {
    .source = o.replay ? MONITOR_SOURCE_REPLAY : o.poll ? MONITOR_SOURCE_POLL
                                                        : MONITOR_SOURCE_AUTO,
    .replay_path = o.replay,
    .speed = o.speed,
    .poll_ms = (guint) o.interval_ms,
    .proc_root = g_getenv ("FORKSCOPE_PROC_ROOT"),
    /* Only the viewer reads the history. */
    .history_size = o.log || o.json ? 0 : (guint) o.history,
    .keep_ns = (gint64) (o.keep * G_TIME_SPAN_SECOND * 1000),
    .max_tombs = 20000,
  };
  signal (SIGPIPE, SIG_IGN);
  source_netlink_set_realtime (o.realtime);
  g_autoptr (Monitor) m = monitor_new (&mo, &error);
  if (!m)
    {
      g_printerr ("forkscope: %s\n", error->message);
      r = o.replay ? EXIT_USAGE : EXIT_RUNTIME;
    }
  else if (o.log || o.json)
    {
      /* Whether --realtime was granted; the viewer's header says it. */
      if (o.realtime && !monitor_is_polling (m))
        g_printerr ("forkscope: %s\n", monitor_notice (m));
      HeadlessOptions ho = { .json = o.json, .count = o.count, .duration = o.duration };
      r = headless_run (m, &filter, &ho);
    }
  else
    {
      TuiOptions to = { .comm = o.comms ? o.comms[0] : NULL,
                        .has_uid = filter.has_uid, .uid = filter.uid,
                        .threads = o.threads };
      r = tui_run (m, &to);
    }
  return r;
}
