/* main.c - the command line: options into a filter, a monitor and a mode. */
#include "config.h"

#include <locale.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "escape.h"
#include "filter.h"
#include "headless.h"
#include "monitor.h"
#include "rows.h"
#include "rowtext.h"
#include "settings.h"
#include "theme.h"
#include "tui.h"
#include "users.h"

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

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

/* What a run does, for the options that do something only in some runs. */
enum {
  MAIN_MODE_REPLAY = 1 << 0,     /* reads a recording */
  MAIN_MODE_LIVE = 1 << 1,       /* reads the kernel's events or /proc */
  MAIN_MODE_CONNECTOR = 1 << 2,  /* live, from the connector */
  MAIN_MODE_VIEWER = 1 << 3,     /* draws the viewer */
  MAIN_MODE_LOG = 1 << 4,        /* prints --log's lines */
};

/* An option that chooses the mode: what it brings and what it leaves out. */
typedef struct {
  const char *name;
  guint adds;
  guint drops;
} MainMode;

/* The options that choose the mode; a run with none is live, from the
 * connector, in the viewer. */
static const MainMode main_modes[] = {
  { "replay", MAIN_MODE_REPLAY, MAIN_MODE_LIVE | MAIN_MODE_CONNECTOR },
  { "poll", 0, MAIN_MODE_CONNECTOR },
  { "log", MAIN_MODE_LOG, MAIN_MODE_VIEWER },
  { "json", 0, MAIN_MODE_VIEWER },
  { "perfetto", 0, MAIN_MODE_VIEWER },
};

/* An option that does nothing unless the mode has one of NEEDS. */
typedef struct {
  const char *name;
  guint needs;
  const char *what;   /* what it is for, as its error says */
} MainIdle;

/* Every option that would do nothing in some modes (the viewer's own,
 * OPTIONS_F_VIEWER, aside): refused in them. */
static const MainIdle main_idle[] = {
  { "speed", MAIN_MODE_REPLAY, "pacing a replay" },
  { "interval", MAIN_MODE_LIVE, "polling /proc" },
  { "realtime", MAIN_MODE_CONNECTOR, "the connector's exec reader" },
  { "no-taskstats", MAIN_MODE_LIVE, "the kernel's task statistics" },
  { "color", MAIN_MODE_VIEWER | MAIN_MODE_LOG, "the viewer and --log" },
};

/* Refuses the first option of O that would do nothing in the mode O
 * chose: "--X needs --Y" when no mode option was given that it needs,
 * else "--X is for WHAT, which --Y does without", Y the mode option that
 * left it out.  Returns the usage exit status, or EXIT_OK. */
static int
main_check_idle (const Options *o)
{
  guint mode = MAIN_MODE_LIVE | MAIN_MODE_CONNECTOR | MAIN_MODE_VIEWER;

  for (guint i = 0; i < G_N_ELEMENTS (main_modes); i++)
    if (options_given (o, main_modes[i].name))
      mode = (mode | main_modes[i].adds) & ~main_modes[i].drops;
  for (guint i = 0; i < G_N_ELEMENTS (main_idle); i++)
    {
      const MainIdle *idle = &main_idle[i];
      if (!options_given (o, idle->name) || (mode & idle->needs))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (main_modes); j++)
        if (options_given (o, main_modes[j].name) && (main_modes[j].drops & idle->needs))
          return main_usage_error ("--%s is for %s, which --%s does without", idle->name,
                                   idle->what, main_modes[j].name);
      for (guint j = 0; j < G_N_ELEMENTS (main_modes); j++)
        if (main_modes[j].adds & idle->needs)
          return main_usage_error ("--%s needs --%s", idle->name, main_modes[j].name);
    }
  return EXIT_OK;
}

/* The command after "--" (an empty vector when none follows it), or NULL
 * without "--": GIVEN (GIVEN_ARGC) is the command line as given, ARGV
 * (ARGC) what GOption left of it, which ends as GIVEN does; GOption keeps
 * the "--" before those arguments only when one of them starts with '-'. */
static char **
main_command (char **given, int given_argc, char **argv, int argc)
{
  int rest = argc - 1;

  if (rest > 0 && strcmp (argv[1], "--") == 0)
    return argv + 2;
  if (given_argc - rest - 1 >= 1 && strcmp (given[given_argc - rest - 1], "--") == 0)
    return argv + 1;
  return NULL;
}

/* When --color wants colours. */
static const char *const main_color_whens[] = { "auto", "always", "never", NULL };

/* The names the choice options take. */
static const OptionsChoices main_choices = {
  .schemes = theme_scheme_names, .columns = rowtext_column_names, .sorts = rows_sort_names,
  .colors = main_color_whens,
};

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

/* Whether the viewer can draw on the terminal it is run from.  TERM=dumb
 * (Emacs's shell, some CI runners) has no cursor addressing: the viewer's
 * frames would come out as a stream of blanks, so it is refused here,
 * with a word on what works.  (Which capabilities a TERM has is known only
 * to curses; a TERM it does not know is refused by the viewer itself.)
 * Only where there is a terminal: without one the viewer says so. */
static gboolean
main_terminal_ok (void)
{
  if (g_strcmp0 (g_getenv ("TERM"), "dumb") != 0
      || !(isatty (STDIN_FILENO) || isatty (STDOUT_FILENO)))
    return TRUE;
  g_printerr ("forkscope: this terminal (TERM=dumb) cannot move the cursor, which the "
              "viewer needs; use --log or --json, or set TERM to the terminal's type "
              "(such as xterm-256color)\n");
  return FALSE;
}

/* The most files the options name: a recording, the records, a trace. */
#define MAIN_FILES_MAX 3

/* A file an option reads or writes: its PATH, or with none the descriptor FD
 * (standard input or output); WHAT names it in messages. */
typedef struct {
  const char *what;
  const char *path;
  int fd;
} MainFile;

/* Who a file is: its device and inode, or for a file not made yet its
 * folder's and its NAME in it. */
typedef struct {
  dev_t dev;
  ino_t ino;
  char *name;
} MainFileId;

/* Whether F can be told apart, and who it is into ID (free ID->name).  A
 * character device (/dev/null, a terminal) is never the same file as
 * another: writing both there is what was asked. */
static gboolean
main_file_id (const MainFile *f, MainFileId *id)
{
  struct stat st;

  *id = (MainFileId) { 0 };
  if ((f->path ? stat (f->path, &st) : fstat (f->fd, &st)) == 0)
    {
      id->dev = st.st_dev;
      id->ino = st.st_ino;
      return !S_ISCHR (st.st_mode);
    }
  if (!f->path || errno != ENOENT)
    return FALSE;
  g_autofree char *dir = g_path_get_dirname (f->path);
  if (stat (dir, &st) != 0)
    return FALSE;
  id->dev = st.st_dev;
  id->ino = st.st_ino;
  id->name = g_path_get_basename (f->path);
  return TRUE;
}

/* Whether two of the N files in FILES are one file (by device and inode:
 * another name, a hard link or a symlink is the same file; a file not made
 * yet, by its folder and name): a usage error, printed, naming both. */
static gboolean
main_files_clash (const MainFile *files, guint n)
{
  MainFileId ids[MAIN_FILES_MAX];
  gboolean known[MAIN_FILES_MAX], clash = FALSE;

  g_assert (n <= MAIN_FILES_MAX);
  for (guint i = 0; i < n; i++)
    known[i] = main_file_id (&files[i], &ids[i]);
  for (guint i = 0; i < n && !clash; i++)
    for (guint j = i + 1; j < n && !clash; j++)
      if (known[i] && known[j] && ids[i].dev == ids[j].dev && ids[i].ino == ids[j].ino
          && g_strcmp0 (ids[i].name, ids[j].name) == 0)
        {
          const char *path = files[i].path ? files[i].path : files[j].path;
          g_autofree char *shown = path ? escape_display (path, 0) : NULL;
          main_usage_error ("%s and %s are the same file%s%s%s: give another", files[i].what,
                            files[j].what, path ? " (" : "", path ? shown : "",
                            path ? ")" : "");
          clash = TRUE;
        }
  for (guint i = 0; i < n; i++)
    g_free (ids[i].name);
  return clash;
}

/* Replaces the string *DST by a copy of SRC. */
static void
main_set_str (char **dst, const char *src)
{
  g_free (*dst);
  *dst = g_strdup (src);
}

/* The optional columns named in COLUMNS (valid names), as ROWTEXT_COLUMN_BIT. */
static guint
main_columns (char **columns)
{
  guint bits = 0;

  for (char **c = columns; *c; c++)
    bits |= ROWTEXT_COLUMN_BIT (options_name_index (rowtext_column_names, *c));
  return bits;
}

/* Notes in FILE_S the toggles the viewer changed: those where END (what it
 * ended with) differs from START (what it started with).  What came from
 * the command line and was not changed stays out of the file.  Returns
 * whether anything changed. */
static gboolean
main_note_changes (Options *file_s, const ViewerOptions *start, const ViewerOptions *end)
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
      file_s->columns = g_new0 (char *, ROWTEXT_COLUMN_MAX + 1);
      for (guint c = 0, n = 0; c < ROWTEXT_COLUMN_MAX; c++)
        if (end->columns & ROWTEXT_COLUMN_BIT (c))
          file_s->columns[n++] = g_strdup (rowtext_column_names[c]);
      changed = TRUE;
    }
  return changed;
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };        /* what the command line says */
  g_auto (Options) file_s = { 0 };   /* what the settings file says */
  g_auto (Options) run = { 0 };      /* the file with the command line over it */
  g_autoptr (SettingsFile) sf = NULL;
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (Filter) filter = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[-- CMD [ARG…]]");

  setlocale (LC_ALL, "");
  options_init (&o, &main_choices);
  g_option_context_set_summary (ctx,
    "A live process-tree viewer fed by the kernel's process-events connector.\n"
    "With no mode option it opens the interactive viewer.  With -- CMD it starts\n"
    "CMD, watches it and what it starts, and exits with its status.");
  g_option_context_set_description (ctx,
    "See forkscope(1) for keys, formats and JSON fields.\n"
    "Viewer settings: $XDG_CONFIG_HOME/forkscope/forkscoperc (~/.config by default;\n"
    "see FILES in forkscope(1)).");
  g_option_context_set_main_group (ctx, options_group (&o, &main_choices));
  /* Options stop at the first argument that is none, so that a command's
   * own options are its own. */
  g_option_context_set_strict_posix (ctx, TRUE);
  g_auto (GStrv) given = g_strdupv (argv);
  int given_argc = argc;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return main_usage_error ("%s", error->message);
  if (o.version)
    {
      printf ("forkscope %s\n", FORKSCOPE_VERSION);
      return EXIT_OK;
    }
  char **cmd = main_command (given, given_argc, argv, argc);
  if (cmd && !*cmd)
    return main_usage_error ("-- needs a command to run");
  if (!cmd && argc > 1)
    return main_usage_error ("unexpected argument '%s'", argv[1]);
  if (o.log && o.json)
    return main_usage_error ("--log and --json are exclusive");
  if (o.replay && o.poll)
    return main_usage_error ("--replay and --poll are exclusive");
  if (o.output && !o.log && !o.json)
    return main_usage_error ("--output needs --log or --json");
  /* Records on standard output. */
  gboolean to_stdout = (o.log || o.json) && !o.output;
  if (to_stdout && g_strcmp0 (o.perfetto, "-") == 0)
    return main_usage_error ("--perfetto - and --%s would both write to standard output: "
                             "give --output", o.log ? "log" : "json");
  if (cmd && o.replay)
    return main_usage_error ("-- CMD runs a command to watch, which a replay cannot");
  if (o.run_as && !cmd)
    return main_usage_error ("--run-as needs -- CMD");
  /* Options that would do nothing in the mode chosen. */
  if (main_check_idle (&o) != EXIT_OK)
    return EXIT_USAGE;
  const char *viewer_only = options_given_viewer (&o);
  if (viewer_only && (o.log || o.json || o.perfetto))
    return main_usage_error ("--%s is the viewer's, which --%s does without", viewer_only,
                             o.log ? "log" : o.json ? "json" : "perfetto");
  /* What is read and what is written are different files. */
  gboolean stdin_in = g_strcmp0 (o.replay, "-") == 0;
  gboolean trace_out = g_strcmp0 (o.perfetto, "-") == 0;
  const char *records = o.log ? "--log (standard output)" : "--json (standard output)";
  MainFile files[MAIN_FILES_MAX];
  guint nfiles = 0;
  if (o.replay)
    files[nfiles++] = (MainFile) { stdin_in ? "--replay - (standard input)" : "--replay",
                                   stdin_in ? NULL : o.replay, STDIN_FILENO };
  if (o.output || to_stdout)
    files[nfiles++] = (MainFile) { o.output ? "--output" : records, o.output, STDOUT_FILENO };
  if (o.perfetto)
    files[nfiles++] = (MainFile) { trace_out ? "--perfetto - (standard output)" : "--perfetto",
                                   trace_out ? NULL : o.perfetto, STDOUT_FILENO };
  if (main_files_clash (files, nfiles))
    return EXIT_USAGE;

  /* The viewer's settings; --log, --json and --perfetto read none, so that
   * what a recorder writes does not depend on who runs it. */
  gboolean viewer = !o.log && !o.json && !o.perfetto;
  if (viewer && !main_terminal_ok ())
    return EXIT_RUNTIME;
  options_init (&file_s, &main_choices);
  if (viewer)
    {
      g_autofree char *path = settings_default_path ();
      sf = settings_load (path, &main_choices, &file_s, warnings);
    }
  options_copy (&run, &file_s);
  /* The command line overrides the file (its filter options the file's
   * filter).  A sort key given starts in its usual direction: the file's
   * sort-reverse was said of the file's key. */
  options_override (&run, &o);
  if (options_given (&o, "sort"))
    run.sort_reverse = FALSE;
  /* Each said once, before the viewer takes the screen, and in it. */
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("forkscope: %s\n", (char *) warnings->pdata[i]);
  g_autofree char *expr = options_filter (&run);
  if (cmd)
    {
      /* The command's tree: under forkscope, which reaps it. */
      char *tree = g_strdup_printf ("%s%spid:%d", expr, *expr ? " " : "", (int) getpid ());
      g_free (expr);
      expr = tree;
    }
  filter = filter_parse (expr, users_resolve, NULL, &error);
  g_assert (filter);  /* every part was checked */

  MonitorOptions mo = {
    .source = run.replay ? MONITOR_SOURCE_REPLAY : run.poll ? MONITOR_SOURCE_POLL
                                                            : MONITOR_SOURCE_AUTO,
    .replay_path = run.replay,
    .speed = run.speed,
    .poll_ms = (guint) run.interval_ms,
    .proc_root = g_getenv ("FORKSCOPE_PROC_ROOT"),
    /* Only the viewer reads the history. */
    .history = viewer,
    .history_memory = (guint64) run.history_memory,
    .history_file = (guint64) run.history_file,
    .keep_ns = (gint64) (run.keep * G_TIME_SPAN_SECOND * 1000),
    .max_tombs = 20000,
    .realtime = run.realtime,
    /* FORKSCOPE_CONTAINERS_ROOT: a tree of runtimes' files for tests. */
    .names_root = !run.container_names ? NULL
                  : g_getenv ("FORKSCOPE_CONTAINERS_ROOT") ? g_getenv ("FORKSCOPE_CONTAINERS_ROOT")
                                                           : "/",
    .no_taskstats = !run.taskstats,
    .thread_costs = run.threads,
  };
  int r;
  signal (SIGPIPE, SIG_IGN);
  /* The file size limit: EFBIG, which a recorder goes on after, as after
   * a full file system. */
  signal (SIGXFSZ, SIG_IGN);
  g_autoptr (Monitor) m = monitor_new (&mo, &error);
  if (!m)
    {
      g_printerr ("forkscope: %s%s\n", run.replay ? "--replay: " : "", error->message);
      return run.replay ? EXIT_USAGE : EXIT_RUNTIME;
    }
  if (cmd)
    {
      /* Its output must not garble the viewer's screen, nor the records
       * on standard output. */
      CommandOptions co = { .argv = cmd, .run_as = run.run_as,
                            .stdio = viewer ? COMMAND_STDIO_DETACHED
                                     : to_stdout || g_strcmp0 (run.perfetto, "-") == 0
                                       ? COMMAND_STDIO_OUT_TO_ERR : COMMAND_STDIO_INHERIT };
      Command *c = command_new (&co, &error);
      if (!c)
        {
          g_printerr ("forkscope: %s\n", error->message);
          return command_error_status (error);
        }
      monitor_watch_command (m, c);
    }
  if (!viewer)
    {
      /* Whether --realtime was granted; the viewer's header says it. */
      if (run.realtime && !monitor_is_polling (m))
        g_printerr ("forkscope: %s\n", monitor_notice (m));
      HeadlessOptions ho = { .print = run.log || run.json, .json = run.json,
                             .threads = run.threads, .count = run.count,
                             .duration = run.duration, .output = run.output,
                             .perfetto = run.perfetto,
                             .color = main_color (run.color,
                                                 !run.output && isatty (STDOUT_FILENO)) };
      r = headless_run (m, filter, &ho);
    }
  else
    {
      /* The count first: a narrow bottom line cuts the end.  Beyond
       * SETTINGS_WARNINGS_MAX the last line counts the rest. */
      g_autofree char *cmd_name = cmd ? escape_display (cmd[0], 0) : NULL;
      g_autofree char *message = warnings->len == 0
          ? (cmd ? g_strdup_printf ("%s runs with its output to /dev/null", cmd_name) : NULL)
        : warnings->len == 1 ? g_strdup (warnings->pdata[0])
        : g_strdup_printf ("%s%u settings warnings (all on stderr, seen after quitting), "
                           "the first: %s",
                           warnings->len > SETTINGS_WARNINGS_MAX ? "over " : "",
                           MIN (warnings->len, SETTINGS_WARNINGS_MAX),
                           (char *) warnings->pdata[0]);
      ViewerOptions to = {
        .filter = filter_text (filter), .threads = run.threads, .kthreads = run.kthreads,
        .cmdline = run.cmdline, .columns = main_columns (run.columns),
        .sort = options_name_index (rows_sort_names, run.sort), .sort_reverse = run.sort_reverse,
        .scheme = options_name_index (theme_scheme_names, run.scheme),
        .color = main_color (run.color, TRUE), .message = message,
        .tomb_show_ns = (gint64) (run.tombstones * G_TIME_SPAN_SECOND * 1000),
        .count = run.count, .duration = run.duration,
      };
      ViewerOptions start = to;
      r = tui_run (m, &to);
      /* What was changed in the viewer goes to the settings file. */
      if (run.save && main_note_changes (&file_s, &start, &to)
          && settings_save (sf, &file_s, &error) < 0)
        g_printerr ("forkscope: settings not saved: %s\n", error->message);
    }
  if (cmd)
    {
      /* The command's status once its subtree has ended, when the run
       * itself went well; 127 or 126 when it could not be run, whenever
       * the run ended (its end may not have been reaped yet). */
      const GError *why = monitor_command_error (m);
      int status = monitor_command_status (m);
      if (why)
        {
          g_printerr ("forkscope: %s\n", why->message);
          r = command_error_status (why);
        }
      else if (status >= 0 && r == EXIT_OK)
        r = status;
    }
  return r;
}
