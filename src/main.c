/* main.c - command line, headless printing, and the entry to the viewer. */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "model/filter.h"
#include "monitor.h"
#include "output/json.h"
#include "output/text.h"
#include "ui/tui.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Everything the command line sets. */
typedef struct {
  gboolean log, json, poll, threads, failed, version;
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

/* State of a headless run (--log, --json). */
typedef struct {
  Monitor *m;
  const Filter *filter;
  gboolean json;
  GString *line;
  gint64 count;      /* stop after this many events (0: never) */
  gint64 printed;
  GMainLoop *loop;
  int status;
  gboolean unflushed;
} Headless;

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

/* Writes out what is buffered; a closed pipe ends the run quietly. */
static void
headless_flush (Headless *h)
{
  if (h->unflushed && fflush (stdout) != 0)
    {
      if (errno != EPIPE)
        {
          g_printerr ("forkscope: write error: %s\n", g_strerror (errno));
          h->status = EXIT_RUNTIME;
        }
      g_main_loop_quit (h->loop);
    }
  h->unflushed = FALSE;
}

/* MonitorListener: print the events that pass the filter. */
static void
headless_on_event (const Event *ev, const Proc *p, gpointer user)
{
  Headless *h = user;

  /* Events already read in the batch that reached the count are not shown. */
  if (h->count && h->printed >= h->count)
    return;
  if (!filter_match_event (h->filter, monitor_proctab (h->m), ev, p))
    return;
  g_string_truncate (h->line, 0);
  if (h->json)
    output_json_event (h->line, ev, p);
  else
    output_text_event (h->line, ev, p);
  fwrite (h->line->str, 1, h->line->len, stdout);
  h->unflushed = TRUE;
  if (ev->kind != EVENT_SNAPSHOT && h->count && ++h->printed >= h->count)
    {
      headless_flush (h);
      g_main_loop_quit (h->loop);
    }
}

/* MonitorDone: the replay ended (or the source failed). */
static void
headless_on_done (const GError *error, gpointer user)
{
  Headless *h = user;
  if (error)
    {
      g_printerr ("forkscope: %s\n", error->message);
      h->status = EXIT_RUNTIME;
    }
  g_main_loop_quit (h->loop);
}

/* Periodic work: flush output, expire tombstones. */
static gboolean
headless_on_tick (gpointer user)
{
  Headless *h = user;
  headless_flush (h);
  monitor_tick (h->m);
  return G_SOURCE_CONTINUE;
}

/* SIGINT, SIGTERM, SIGHUP, or --duration elapsed. */
static gboolean
headless_on_stop (gpointer user)
{
  Headless *h = user;
  g_main_loop_quit (h->loop);
  return G_SOURCE_CONTINUE;
}

/* Prints the source notice into the output stream itself. */
static void
headless_print_notice (Headless *h, const char *notice)
{
  g_string_truncate (h->line, 0);
  if (h->json)
    {
      g_string_append (h->line, "{\"notice\":");
      json_append_string (h->line, notice);
      g_string_append (h->line, "}\n");
    }
  else
    g_string_append_printf (h->line, "# %s\n", notice);
  fputs (h->line->str, stdout);
  h->unflushed = TRUE;
}

/* Runs --log / --json until the count, the duration, a signal or the end of
 * a replay. */
static int
main_headless (Monitor *m, const Filter *filter, const Options *o)
{
  Headless h = { .m = m, .filter = filter, .json = o->json, .count = o->count };
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GString) line = g_string_new (NULL);
  const char *notice = monitor_notice (m);
  guint ids[5] = { 0 };

  h.loop = loop;
  h.line = line;
  /* A tty sees each line at once; a file or pipe gets few large writes
   * (flushed every 100 ms). */
  if (isatty (STDOUT_FILENO))
    setvbuf (stdout, NULL, _IOLBF, 0);
  else
    {
      static char outbuf[1 << 16];
      setvbuf (stdout, outbuf, _IOFBF, sizeof outbuf);
    }
  if (notice && monitor_polls (m))
    {
      g_printerr ("forkscope: %s\n", notice);
      headless_print_notice (&h, notice);
    }
  if (!h.json)
    {
      g_string_truncate (line, 0);
      output_text_header (line);
      fputs (line->str, stdout);
    }
  monitor_set_listener (m, headless_on_event, headless_on_done, &h);
  monitor_start (m);
  ids[0] = g_timeout_add (100, headless_on_tick, &h);
  ids[1] = g_unix_signal_add (SIGINT, headless_on_stop, &h);
  ids[2] = g_unix_signal_add (SIGTERM, headless_on_stop, &h);
  ids[3] = g_unix_signal_add (SIGHUP, headless_on_stop, &h);
  if (o->duration > 0)
    ids[4] = g_timeout_add ((guint) (o->duration * 1000), headless_on_stop, &h);
  if (!(h.count && h.printed >= h.count))
    g_main_loop_run (loop);
  headless_flush (&h);
  monitor_set_listener (m, NULL, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (ids[i])
      g_source_remove (ids[i]);

  const MonitorStats *st = monitor_stats (m);
  if (st->lost)
    g_printerr ("forkscope: %" G_GUINT64_FORMAT " events lost%s\n", st->lost,
                st->resyncs ? "; the tree was resynced from /proc" : "");
  return h.status;
}

/* Turns the parsed options into a filter; returns 0 or a usage error. */
static int
main_build_filter (const Options *o, Filter *f)
{
  g_autofree char *bad = NULL;

  f->comms = g_strdupv (o->comms);
  if (o->user && !(f->has_uid = output_text_user_parse (o->user, &f->uid)))
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
  /* Another machine's uids mean nothing in this machine's user database. */
  output_text_set_user_names (!o.replay);
  g_autoptr (Monitor) m = monitor_new (&mo, &error);
  if (!m)
    {
      g_printerr ("forkscope: %s\n", error->message);
      r = o.replay ? EXIT_USAGE : EXIT_RUNTIME;
    }
  else if (o.log || o.json)
    r = main_headless (m, &filter, &o);
  else
    {
      TuiOptions to = { .comm = o.comms ? o.comms[0] : NULL,
                        .has_uid = filter.has_uid, .uid = filter.uid,
                        .threads = o.threads, .proc_root = mo.proc_root };
      r = tui_run (m, &to);
    }
  return r;
}
