/* main.c - the command line: options into a filter, a monitor and a mode. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "format.h"
#include "headless.h"
#include "monitor.h"
#include "rows.h"
#include "settings.h"
#include "theme.h"
#include "tui.h"
#include "users.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Everything the command line sets. */
typedef struct {
  gboolean log, json, poll, threads, failed, version, realtime, no_save, no_taskstats;
  char *filter;
  char *replay;
  char *output;
  double speed;
  gint64 interval_ms;
  char **comms;
  char *user;
  gint64 subtree;
  char *events;
  char **ppids;
  gint64 count;
  double duration;
  gint64 history;        /* -1, -1.0: not given (the settings' or default) */
  double keep;
  double tombstones;
  char *color;           /* auto, always, never */
  char *scheme;
  char *columns;
  char *sort;
} Options;

/* A numeric option: the range it accepts, and where its value goes. */
typedef struct {
  const char *name;     /* the long name, "--duration" */
  char short_name;      /* 'd', or 0 */
  gboolean integer;     /* a gint64 in Options, else a double */
  gint64 min, max;
  const char *what;     /* what it takes, for errors: "seconds" */
  const char *note;     /* said after the range: " (30 days)", or "" */
  gsize offset;         /* of the value in Options */
} MainNumber;

/* Every numeric option.  Each range keeps memory and time bounded: the
 * history is the one that costs memory (a few hundred bytes an event),
 * and a --duration must fit a GLib timer (2^32 ms). */
static const MainNumber main_numbers[] = {
  { "--speed", 0, FALSE, 0, 1000000, "a pace", "", offsetof (Options, speed) },
  { "--interval", 0, TRUE, 10, 3600000, "milliseconds", " (an hour)", offsetof (Options, interval_ms) },
  { "--pid", 'p', TRUE, 1, G_MAXINT, "a pid", "", offsetof (Options, subtree) },
  { "--count", 'n', TRUE, 0, G_MAXINT64, "a number of events", "", offsetof (Options, count) },
  { "--duration", 'd', FALSE, 0, 2592000, "seconds", " (30 days)", offsetof (Options, duration) },
  { "--history", 0, TRUE, SETTINGS_HISTORY_MIN, SETTINGS_HISTORY_MAX, "a number of events", "",
    offsetof (Options, history) },
  { "--keep", 0, FALSE, 0, SETTINGS_SECONDS_MAX, "seconds", " (a day)", offsetof (Options, keep) },
  { "--tombstones", 'T', FALSE, 0, SETTINGS_SECONDS_MAX, "seconds", " (a day)",
    offsetof (Options, tombstones) },
};

/* GOptionArgFunc of the numeric options: parses VALUE as a decimal number
 * (NaN and infinities refused) within the option's range into Options
 * (DATA), or fails with an error naming the option and the range. */
static gboolean
main_parse_number (const char *option_name, const char *value, gpointer data,
                   GError **error)
{
  const MainNumber *n = main_numbers;
  char *end = NULL;

  while (strcmp (option_name, n->name) != 0
         && !(option_name[1] == n->short_name && option_name[2] == '\0'))
    n++;
  gpointer field = (char *) data + n->offset;
  if (n->integer)
    {
      gint64 v;
      if (g_ascii_string_to_signed (value, 10, n->min, n->max, &v, NULL))
        {
          *(gint64 *) field = v;
          return TRUE;
        }
    }
  else
    {
      double v = g_ascii_strtod (value, &end);
      if (end != value && *end == '\0' && isfinite (v) && v >= (double) n->min
          && v <= (double) n->max)
        {
          *(double *) field = v;
          return TRUE;
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s takes %s from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
               "%s, not '%s'", n->name, n->what, n->min, n->max, n->note, value);
  return FALSE;
}

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

/* Parses TERMS, the text of OPTION's term(s), to check it alone, so that
 * an error names the option.  Returns 0 or a usage error. */
static int
main_check_term (const char *option, const char *terms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Filter) f = filter_parse (terms, users_resolve, NULL, &error);

  if (f)
    return 0;
  /* The column is that of the term built from the option: not the user's. */
  const char *msg = strchr (error->message, ':');
  return main_usage_error ("%s: %s", option, msg ? msg + 2 : error->message);
}

/* Appends KEY and the option's VALUES (a list: several values, or one
 * holding commas) as one term of EXPR, checking it.  Returns 0 or a usage
 * error. */
static int
main_add_term (GString *expr, const char *option, const char *key, char **values)
{
  g_autoptr (GString) term = g_string_new (key);
  g_autoptr (GString) list = g_string_new (NULL);

  for (char **v = values; v && *v; v++)
    {
      if (list->len)
        g_string_append_c (list, ',');
      g_string_append (list, *v);
    }
  filter_append_quoted (term, list->str);
  int r = main_check_term (option, term->str);
  if (r)
    return r;
  if (expr->len)
    g_string_append_c (expr, ' ');
  g_string_append (expr, term->str);
  return 0;
}

/* Turns --filter and its shorthands into one expression and parses it
 * into *FILTER.  Returns 0 or a usage error. */
static int
main_build_filter (const Options *o, Filter **filter)
{
  g_autoptr (GString) expr = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  char *one[2] = { NULL, NULL };
  int r = 0;

  if (o->filter)
    {
      g_autoptr (Filter) alone = filter_parse (o->filter, users_resolve, NULL, &error);
      if (!alone)
        return main_usage_error ("--filter: %s", error->message);
      g_string_append (expr, filter_text (alone));
    }
  if (o->comms)
    r = main_add_term (expr, "--comm", "comm:", o->comms);
  one[0] = o->user;
  if (!r && o->user)
    r = main_add_term (expr, "--user", "user:", one);
  if (!r && o->subtree)
    {
      g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, o->subtree);
      one[0] = pid;
      r = main_add_term (expr, "--pid", "pid:", one);
    }
  one[0] = o->events;
  if (!r && o->events)
    r = main_add_term (expr, "--events", "event:", one);
  if (!r && o->ppids)
    r = main_add_term (expr, "--ppid", "ppid:", o->ppids);
  if (!r && o->failed)
    g_string_append (expr, expr->len ? " failed" : "failed");
  if (r)
    return r;
  *filter = filter_parse (expr->str, users_resolve, NULL, &error);
  g_assert (*filter);  /* every part was checked */
  return 0;
}

/* Frees what the option parser allocated. */
static void
options_clear (Options *o)
{
  g_free (o->filter);
  g_free (o->replay);
  g_free (o->output);
  g_strfreev (o->comms);
  g_free (o->user);
  g_free (o->events);
  g_strfreev (o->ppids);
  g_free (o->color);
  g_free (o->scheme);
  g_free (o->columns);
  g_free (o->sort);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* The names the viewer knows, for the settings file. */
static const SettingsChoices main_choices = {
  theme_scheme_names, format_column_names, rows_sort_names,
};

/* The index of NAME in the NULL-ended list NAMES, or -1. */
static gint
main_name_index (const char *const *names, const char *name)
{
  for (gint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

/* Checks that VALUE of OPTION is one of NAMES (a list separated by commas
 * with LIST; an empty VALUE is no name, not a list of none).  Returns 0 or
 * a usage error. */
static int
main_check_names (const char *option, const char *value, const char *const *names,
                  gboolean list)
{
  g_auto (GStrv) items = list ? g_strsplit (value, ",", -1) : NULL;
  const char *const one[] = { value, NULL };
  g_autoptr (GString) all = g_string_new (NULL);

  for (gint i = 0; names[i]; i++)
    g_string_append_printf (all, "%s%s", i ? ", " : "", names[i]);
  for (const char *const *it = items ? (const char *const *) items : one; *it; it++)
    if (main_name_index (names, *it) < 0)
      return main_usage_error ("%s takes %s of: %s, not '%s'", option,
                               list ? "names separated by commas, each one" : "one",
                               all->str, *it);
  return 0;
}

/* Whether colours are wanted: --color=always and never decide; auto
 * means unless NO_COLOR is set to anything but empty, and only when
 * TERMINAL (the viewer; --log when it writes to a terminal, not to
 * --output's file). */
static gboolean
main_color (const char *when, gboolean terminal)
{
  const char *no_color = g_getenv ("NO_COLOR");

  if (g_strcmp0 (when, "always") == 0)
    return TRUE;
  if (g_strcmp0 (when, "never") == 0)
    return FALSE;
  if (no_color && *no_color)
    return FALSE;
  return terminal;
}

/* Replaces the string *DST by a copy of SRC. */
static void
main_set_str (char **dst, const char *src)
{
  g_free (*dst);
  *dst = g_strdup (src);
}

/* Applies the command line's viewer options to S, the settings this run
 * starts with (the command line overrides the file).  A sort key given
 * starts in its usual direction: the file's sort-reverse was said of the
 * file's key. */
static void
main_override (const Options *o, Settings *s)
{
  if (o->threads)
    s->threads = TRUE;
  if (o->history >= 0)
    s->history = o->history;
  if (o->keep >= 0)
    s->keep = o->keep;
  if (o->tombstones >= 0)
    s->tombstones = o->tombstones;
  if (o->scheme)
    main_set_str (&s->scheme, o->scheme);
  if (o->sort)
    {
      main_set_str (&s->sort, o->sort);
      s->sort_reverse = FALSE;
    }
  if (o->columns)
    {
      g_strfreev (s->columns);
      s->columns = *o->columns ? g_strsplit (o->columns, ",", -1) : g_new0 (char *, 1);
    }
  if (o->no_save)
    s->save = FALSE;
}

/* The optional columns named in COLUMNS (valid names), as FORMAT_COLUMN_BIT. */
static guint
main_columns (char **columns)
{
  guint bits = 0;

  for (char **c = columns; *c; c++)
    bits |= FORMAT_COLUMN_BIT (main_name_index (format_column_names, *c));
  return bits;
}

/* Notes in FILE_S the toggles the viewer changed: those where END (what it
 * ended with) differs from START (what it started with).  What came from
 * the command line and was not changed stays out of the file.  Returns
 * whether anything changed. */
static gboolean
main_note_changes (Settings *file_s, const TuiOptions *start, const TuiOptions *end)
{
  gboolean changed = FALSE;

  if (end->threads != start->threads)
    file_s->threads = end->threads, changed = TRUE;
  if (end->kthreads != start->kthreads)
    file_s->kthreads = end->kthreads, changed = TRUE;
  if (end->cmdline != start->cmdline)
    file_s->cmdline = end->cmdline, changed = TRUE;
  if (end->scheme != start->scheme)
    {
      main_set_str (&file_s->scheme, theme_scheme_names[end->scheme]);
      changed = TRUE;
    }
  if (end->sort != start->sort || end->sort_reverse != start->sort_reverse)
    {
      main_set_str (&file_s->sort, rows_sort_names[end->sort]);
      file_s->sort_reverse = end->sort_reverse;
      changed = TRUE;
    }
  if (end->columns != start->columns)
    {
      g_strfreev (file_s->columns);
      file_s->columns = g_new0 (char *, FORMAT_COLUMN_MAX + 1);
      for (guint c = 0, n = 0; c < FORMAT_COLUMN_MAX; c++)
        if (end->columns & FORMAT_COLUMN_BIT (c))
          file_s->columns[n++] = g_strdup (format_column_names[c]);
      changed = TRUE;
    }
  return changed;
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { .interval_ms = 1000, .history = -1, .keep = -1, .tombstones = -1 };
  g_auto (Settings) file_s = { 0 };   /* what the settings file says */
  g_auto (Settings) run = { 0 };      /* and with the command line over it */
  g_autoptr (SettingsFile) sf = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  /* A function as GOptionEntry.arg_data, without ISO C's complaint. */
  gpointer number = (gpointer) (uintptr_t) main_parse_number;
  g_autoptr (Filter) filter = NULL;
  g_autoptr (GError) error = NULL;
  const GOptionEntry entries[] = {
    { "log", 'l', 0, G_OPTION_ARG_NONE, &o.log, "Print one line per event instead of the viewer", NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &o.json, "Print JSON Lines (a recording) instead of the viewer", NULL },
    { "replay", 'r', 0, G_OPTION_ARG_FILENAME, &o.replay, "Read events from a recording (- for stdin)", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "With --log or --json: append to FILE instead of stdout, and open it again on SIGHUP (log rotation)", "FILE" },
    { "speed", 0, 0, G_OPTION_ARG_CALLBACK, number, "Replay pace: 0 as fast as possible (default), 1 real time", "X" },
    { "poll", 0, 0, G_OPTION_ARG_NONE, &o.poll, "Poll /proc instead of using the kernel connector", NULL },
    { "realtime", 0, 0, G_OPTION_ARG_NONE, &o.realtime, "Read exec command lines in a real-time thread (CAP_SYS_NICE): fewer are missed when the CPUs are busy, but that thread runs before every normal task, the watched ones included", NULL },
    { "interval", 0, 0, G_OPTION_ARG_CALLBACK, number, "Polling interval (default 1000)", "MS" },
    { "filter", 'F', 0, G_OPTION_ARG_STRING, &o.filter, "Only what matches EXPR (see FILTERS in forkscope(1)): NAME cmd:TEXT user:U pid:N ppid:N event:K unit:U cgroup:G failed lived<D lived>D, ! negates", "EXPR" },
    { "comm", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &o.comms, "Only processes whose name matches (glob, or substring; repeatable): comm:PATTERN", "PATTERN" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &o.user, "Only processes of this user (real or effective): user:U", "NAME|UID" },
    { "pid", 'p', 0, G_OPTION_ARG_CALLBACK, number, "Only this process and its descendants: pid:N", "PID" },
    { "events", 'e', 0, G_OPTION_ARG_STRING, &o.events, "Only these kinds: fork,exec,exit,uid,gid,sid,ptrace,comm,coredump,snapshot,all: event:LIST", "LIST" },
    { "ppid", 'P', 0, G_OPTION_ARG_STRING_ARRAY, &o.ppids, "Only processes whose parent is one of these (repeatable): ppid:LIST", "PID[,PID...]" },
    { "failed", 'f', 0, G_OPTION_ARG_NONE, &o.failed, "Only failures: processes that ended with a non-zero code or a signal, coredumps: failed", NULL },
    { "count", 'n', 0, G_OPTION_ARG_CALLBACK, number, "Exit after N events", "N" },
    { "duration", 'd', 0, G_OPTION_ARG_CALLBACK, number, "Exit after this many seconds", "SECONDS" },
    { "threads", 'H', 0, G_OPTION_ARG_NONE, &o.threads, "Show threads: in the viewer's tree, and their exits in --log and --json", NULL },
    { "history", 0, 0, G_OPTION_ARG_CALLBACK, number, "Events kept for the viewer's log (default 10000)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_CALLBACK, number, "Seconds exited processes are kept for inspection (default 60)", "SECONDS" },
    { "tombstones", 'T', 0, G_OPTION_ARG_CALLBACK, number, "Viewer: seconds exited processes stay in the tree (default 5, 0 never)", "SECONDS" },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &o.columns, "Viewer: the optional columns shown: cpu,mem,start,unit (empty: none)", "LIST" },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &o.sort, "Viewer: siblings in the order seen (default), or by start, pid, name, cpu or mem", "KEY" },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &o.scheme, "Viewer: colour scheme default, monochrome or light", "NAME" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &o.color, "Colours in the viewer and --log: auto (default: unless NO_COLOR is set; --log on a terminal only), always, never", "WHEN" },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &o.no_save, "Viewer: do not save what is changed in it to the settings file", NULL },
    { "no-taskstats", 0, 0, G_OPTION_ARG_NONE, &o.no_taskstats, "Do not read the kernel's task statistics (what each process cost: CPU, memory, I/O)", NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &o.version, "Print the version and exit", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, &o, NULL);

  setlocale (LC_ALL, "");
  g_option_context_set_summary (ctx,
    "A live process-tree viewer fed by the kernel's process-events connector.\n"
    "With no mode option it opens the interactive viewer.");
  g_option_context_set_description (ctx,
    "See forkscope(1) for keys, formats and JSON fields.\n"
    "Viewer settings: $XDG_CONFIG_HOME/forkscope/forkscoperc (~/.config by default;\n"
    "see FILES in forkscope(1)).");
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (ctx, group);
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
  if (o.output && !o.log && !o.json)
    return main_usage_error ("--output needs --log or --json");
  static const char *const color_whens[] = { "auto", "always", "never", NULL };
  int r = 0;
  if (o.color)
    r = main_check_names ("--color", o.color, color_whens, FALSE);
  if (!r && o.scheme)
    r = main_check_names ("--scheme", o.scheme, theme_scheme_names, FALSE);
  if (!r && o.sort)
    r = main_check_names ("--sort", o.sort, rows_sort_names, FALSE);
  if (!r && o.columns && *o.columns)
    r = main_check_names ("--columns", o.columns, format_column_names, TRUE);
  if (r)
    return r;

  /* The viewer's settings; --log and --json read none, so that what a
   * recorder writes does not depend on who runs it. */
  gboolean viewer = !o.log && !o.json;
  settings_init (&file_s, &main_choices);
  if (viewer)
    {
      g_autofree char *path = settings_default_path ();
      sf = settings_load (path, &main_choices, &file_s, warnings);
    }
  settings_copy (&run, &file_s);
  main_override (&o, &run);
  /* The file's filter (checked as it was read), when the command line
   * gives none. */
  if (viewer && *run.filter && !o.filter && !o.comms && !o.user && !o.subtree && !o.events
      && !o.ppids && !o.failed)
    o.filter = g_strdup (run.filter);
  /* Each said once, before the viewer takes the screen, and in it. */
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("forkscope: %s\n", (char *) warnings->pdata[i]);
  r = main_build_filter (&o, &filter);
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
    .history_size = viewer ? (guint) run.history : 0,
    .keep_ns = (gint64) (run.keep * G_TIME_SPAN_SECOND * 1000),
    .max_tombs = 20000,
    .realtime = o.realtime,
    .no_taskstats = o.no_taskstats,
    .thread_costs = o.threads,
  };
  signal (SIGPIPE, SIG_IGN);
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
      HeadlessOptions ho = { .json = o.json, .threads = o.threads, .count = o.count,
                             .duration = o.duration, .output = o.output,
                             .color = main_color (o.color,
                                                 !o.output && isatty (STDOUT_FILENO)) };
      r = headless_run (m, filter, &ho);
    }
  else
    {
      /* The count first: a narrow bottom line cuts the end. */
      g_autofree char *message = warnings->len == 0 ? NULL
        : warnings->len == 1 ? g_strdup (warnings->pdata[0])
        : g_strdup_printf ("%u settings warnings (all on stderr, seen after quitting), the first: %s",
                           warnings->len, (char *) warnings->pdata[0]);
      TuiOptions to = {
        .filter = filter_text (filter), .threads = run.threads, .kthreads = run.kthreads,
        .cmdline = run.cmdline, .columns = main_columns (run.columns),
        .sort = main_name_index (rows_sort_names, run.sort), .sort_reverse = run.sort_reverse,
        .scheme = main_name_index (theme_scheme_names, run.scheme),
        .color = main_color (o.color, TRUE), .message = message,
        .tomb_show_ns = (gint64) (run.tombstones * G_TIME_SPAN_SECOND * 1000),
        .count = o.count, .duration = o.duration,
      };
      TuiOptions start = to;
      r = tui_run (m, &to);
      /* What was changed in the viewer goes to the settings file. */
      if (run.save && main_note_changes (&file_s, &start, &to)
          && settings_save (sf, &file_s, &error) < 0)
        g_printerr ("forkscope: settings not saved: %s\n", error->message);
    }
  return r;
}
