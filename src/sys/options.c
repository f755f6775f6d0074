/* options.c - the one table of options (see options.h). */
#include "options.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "filter.h"
#include "history.h"
#include "users.h"

/* The field of an option in Options, and a list of OptionsChoices. */
#define FIELD(f) offsetof (Options, f)
#define CHOICES(l) offsetof (OptionsChoices, l)

/* The longest tombstones and keep: a day. */
#define OPTIONS_DAY 86400

/* Every option.  Each range keeps memory and time bounded: the history's
 * sizes are the ones that cost memory and disk (history.h says what else
 * it holds), and a --duration must fit a GLib timer (2^32 ms). */
const OptionsSpec options_table[] = {
  { .name = "log", .short_name = 'l', .type = OPTIONS_FLAG, .offset = FIELD (log),
    .help = "Print one line per event instead of the viewer" },
  { .name = "json", .short_name = 'j', .type = OPTIONS_FLAG, .offset = FIELD (json),
    .help = "Print JSON Lines (a recording) instead of the viewer" },
  { .name = "replay", .short_name = 'r', .type = OPTIONS_FILENAME, .offset = FIELD (replay),
    .help = "Read events from a recording (- for stdin)", .arg = "FILE" },
  { .name = "output", .short_name = 'o', .type = OPTIONS_FILENAME, .offset = FIELD (output),
    .help = "With --log or --json: append to FILE instead of stdout, and open it again on "
            "SIGHUP (log rotation)", .arg = "FILE" },
  { .name = "perfetto", .type = OPTIONS_FILENAME, .offset = FIELD (perfetto),
    .help = "Write a Perfetto trace (for ui.perfetto.dev) to FILE (- for stdout) instead of "
            "the viewer; with --log or --json, besides them", .arg = "FILE" },
  { .name = "run-as", .type = OPTIONS_STRING, .offset = FIELD (run_as),
    .help = "With -- CMD: run CMD as this user (needs root)", .arg = "USER" },
  { .name = "speed", .type = OPTIONS_REAL, .min = 0, .max = 1000000, .what = "a pace",
    .offset = FIELD (speed),
    .help = "Replay pace: 0 as fast as possible (default), 1 real time", .arg = "X" },
  { .name = "poll", .type = OPTIONS_FLAG, .offset = FIELD (poll),
    .help = "Poll /proc instead of using the kernel connector" },
  { .name = "realtime", .type = OPTIONS_FLAG, .offset = FIELD (realtime),
    .help = "Read exec command lines in a real-time thread (CAP_SYS_NICE): fewer are missed "
            "when the CPUs are busy, but that thread runs before every normal task, the "
            "watched ones included" },
  { .name = "interval", .type = OPTIONS_INTEGER, .min = 10, .max = 3600000, .def = 1000,
    .what = "milliseconds", .note = " (an hour)", .offset = FIELD (interval_ms),
    .help = "Polling interval (default 1000)", .arg = "MS" },
  { .name = "filter", .short_name = 'F', .key = "filter", .type = OPTIONS_FILTER,
    .flags = OPTIONS_F_FILTER, .offset = FIELD (filter),
    .help = "Only what matches EXPR (see FILTERS in forkscope(1)): NAME =NAME cmd:TEXT user:U "
            "pid:N ppid:N event:K unit:U cgroup:G container:C failed lived<D lived>D, ! negates",
    .arg = "EXPR" },
  { .name = "comm", .short_name = 'c', .type = OPTIONS_STRINGS, .flags = OPTIONS_F_FILTER,
    .term = "comm:", .offset = FIELD (comms),
    .help = "Only processes whose name matches (glob, or substring; repeatable): "
            "comm:PATTERN", .arg = "PATTERN" },
  { .name = "user", .short_name = 'u', .type = OPTIONS_STRING, .flags = OPTIONS_F_FILTER,
    .term = "user:", .offset = FIELD (user),
    .help = "Only processes of this user (real or effective): user:U", .arg = "NAME|UID" },
  { .name = "pid", .short_name = 'p', .type = OPTIONS_INTEGER, .flags = OPTIONS_F_FILTER,
    .min = 1, .max = G_MAXINT, .what = "a pid", .term = "pid:", .offset = FIELD (pid),
    .help = "Only this process and its descendants: pid:N", .arg = "PID" },
  { .name = "events", .short_name = 'e', .type = OPTIONS_STRING, .flags = OPTIONS_F_FILTER,
    .term = "event:", .offset = FIELD (events),
    .help = "Only these kinds: fork,exec,exit,uid,gid,sid,ptrace,comm,coredump,lost,snapshot,all: "
            "event:LIST", .arg = "LIST" },
  { .name = "ppid", .short_name = 'P', .type = OPTIONS_STRINGS, .flags = OPTIONS_F_FILTER,
    .term = "ppid:", .offset = FIELD (ppids),
    .help = "Only processes whose parent is one of these (repeatable): ppid:LIST",
    .arg = "PID[,PID...]" },
  { .name = "container", .type = OPTIONS_STRINGS, .flags = OPTIONS_F_FILTER,
    .term = "container:", .offset = FIELD (containers),
    .help = "Only processes in a container: RUNTIME:NAME, NAME, the id's start, a glob; \"\" "
            "any (repeatable): container:PATTERN", .arg = "PATTERN" },
  { .name = "failed", .short_name = 'f', .type = OPTIONS_FLAG, .flags = OPTIONS_F_FILTER,
    .term = "failed", .offset = FIELD (failed),
    .help = "Only failures: processes that ended with a non-zero code or a signal, "
            "coredumps: failed" },
  { .name = "count", .short_name = 'n', .type = OPTIONS_INTEGER, .min = 0, .max = G_MAXINT64,
    .what = "a number of events", .offset = FIELD (count),
    .help = "Exit after N events", .arg = "N" },
  { .name = "duration", .short_name = 'd', .type = OPTIONS_REAL, .min = 0, .max = 2592000,
    .what = "seconds", .note = " (30 days)", .offset = FIELD (duration),
    .help = "Exit after this many seconds", .arg = "SECONDS" },
  { .name = "threads", .short_name = 'H', .key = "threads", .type = OPTIONS_FLAG,
    .offset = FIELD (threads),
    .help = "Show threads: in the viewer's tree, and their exits in --log and --json" },
  { .key = "kernel-threads", .type = OPTIONS_FLAG, .offset = FIELD (kthreads) },
  { .key = "command-lines", .type = OPTIONS_FLAG, .offset = FIELD (cmdline) },
  { .name = "history-memory", .key = "history-memory", .type = OPTIONS_SIZE,
    .min = HISTORY_MEMORY_MIN, .max = HISTORY_MEMORY_MAX, .def = HISTORY_MEMORY_DEFAULT,
    .flags = OPTIONS_F_VIEWER, .offset = FIELD (history_memory),
    .help = "Viewer: memory the history of every event takes at most (default 64M); older "
            "events go to the spill file", .arg = "SIZE" },
  { .name = "history-file", .key = "history-file", .type = OPTIONS_SIZE,
    .flags = OPTIONS_F_ZERO | OPTIONS_F_VIEWER, .min = HISTORY_SPILL_CAP_MIN,
    .max = HISTORY_SPILL_CAP_MAX, .def = HISTORY_SPILL_CAP_DEFAULT, .offset = FIELD (history_file),
    .help = "Viewer: size of the history's spill file at most (default 1G; 0: none, the "
            "history keeps what fits in memory)", .arg = "SIZE" },
  { .name = "history", .key = "history", .type = OPTIONS_GONE,
    .what = "the history keeps every event now, within the sizes of",
    .note = "history-memory history-file" },
  { .name = "keep", .key = "keep", .type = OPTIONS_REAL, .min = 0, .max = OPTIONS_DAY,
    .def = 60, .what = "seconds", .note = " (a day)", .offset = FIELD (keep),
    .help = "Seconds exited processes are kept for inspection (default 60)",
    .arg = "SECONDS" },
  { .name = "tombstones", .short_name = 'T', .key = "tombstones", .type = OPTIONS_REAL,
    .min = 0, .max = OPTIONS_DAY, .def = 5, .what = "seconds", .note = " (a day)",
    .flags = OPTIONS_F_VIEWER, .offset = FIELD (tombstones),
    .help = "Viewer: seconds exited processes stay in the tree (default 5, 0 never)",
    .arg = "SECONDS" },
  { .name = "columns", .key = "columns", .type = OPTIONS_LIST, .choices = CHOICES (columns),
    .flags = OPTIONS_F_VIEWER, .offset = FIELD (columns),
    .help = "Viewer: the optional columns shown: cpu,tcpu,mem,start,unit,container,nspid "
            "(empty: none)", .arg = "LIST" },
  { .name = "sort", .key = "sort", .type = OPTIONS_CHOICE, .choices = CHOICES (sorts),
    .flags = OPTIONS_F_VIEWER, .offset = FIELD (sort),
    .help = "Viewer: siblings in the order seen (default), or by start, pid, name, cpu, "
            "tcpu, mem or container", .arg = "KEY" },
  { .key = "sort-reverse", .type = OPTIONS_FLAG, .offset = FIELD (sort_reverse) },
  { .name = "scheme", .key = "scheme", .type = OPTIONS_CHOICE, .choices = CHOICES (schemes),
    .flags = OPTIONS_F_VIEWER, .offset = FIELD (scheme),
    .help = "Viewer: colour scheme default, monochrome or light", .arg = "NAME" },
  { .name = "color", .type = OPTIONS_CHOICE, .choices = CHOICES (colors),
    .offset = FIELD (color),
    .help = "Colours in the viewer and --log: auto (default: unless NO_COLOR is set; --log "
            "on a terminal only), always, never", .arg = "WHEN" },
  { .name = "no-container-names", .key = "container-names", .type = OPTIONS_FLAG,
    .flags = OPTIONS_F_NEGATE, .def = TRUE, .offset = FIELD (container_names),
    .help = "Do not read containers' names from their runtimes' files (docker's, podman's, "
            "containerd's, CRI-O's): show their short ids" },
  { .name = "no-save", .key = "save-on-quit", .type = OPTIONS_FLAG,
    .flags = OPTIONS_F_NEGATE | OPTIONS_F_VIEWER,
    .def = TRUE, .offset = FIELD (save),
    .help = "Viewer: do not save what is changed in it to the settings file" },
  { .name = "no-taskstats", .type = OPTIONS_FLAG, .flags = OPTIONS_F_NEGATE, .def = TRUE,
    .offset = FIELD (taskstats),
    .help = "Do not read the kernel's task statistics (what each process cost: CPU, memory, "
            "I/O)" },
  { .name = "version", .short_name = 'V', .type = OPTIONS_FLAG, .offset = FIELD (version),
    .help = "Print the version and exit" },
};
const guint options_table_len = G_N_ELEMENTS (options_table);

/* Options.given has a bit per option. */
G_STATIC_ASSERT (G_N_ELEMENTS (options_table) <= 64);

/* The types of the string and list fields, so that a const field of
 * them is the pointer that is const. */
typedef char *OptionsStr;
typedef char **OptionsStrv;

/* The field of SPEC in O, and in a const O. */
#define OPTIONS_FIELD(o, spec, type) ((type *) (void *) ((char *) (o) + (spec)->offset))
#define OPTIONS_CFIELD(o, spec, type) \
  ((const type *) (const void *) ((const char *) (o) + (spec)->offset))

/* The bit of SPEC in Options.given. */
static guint64
options_bit (const OptionsSpec *spec)
{
  return G_GUINT64_CONSTANT (1) << (spec - options_table);
}

/* The names SPEC (CHOICE, LIST) takes from CHOICES. */
static const char *const *
options_names (const OptionsChoices *choices, const OptionsSpec *spec)
{
  return *(const char *const *const *) (const void *) ((const char *) choices
                                                       + spec->choices);
}

const OptionsSpec *
options_find (const char *name, gboolean file)
{
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      gboolean found;
      if (file)
        found = spec->key && strcmp (spec->key, name) == 0;
      else if (g_str_has_prefix (name, "--"))
        found = spec->name && strcmp (spec->name, name + 2) == 0;
      else
        found = spec->name && spec->short_name && name[0] == '-'
                && name[1] == spec->short_name && !name[2];
      if (found)
        return spec;
    }
  return NULL;
}

/* Frees the value of SPEC in O. */
static void
options_clear_field (const OptionsSpec *spec, Options *o)
{
  switch (spec->type)
    {
    case OPTIONS_CHOICE:
    case OPTIONS_FILTER:
    case OPTIONS_STRING:
    case OPTIONS_FILENAME:
      g_clear_pointer (OPTIONS_FIELD (o, spec, char *), g_free);
      break;
    case OPTIONS_LIST:
    case OPTIONS_STRINGS:
      g_clear_pointer (OPTIONS_FIELD (o, spec, char **), g_strfreev);
      break;
    case OPTIONS_FLAG:
    case OPTIONS_INTEGER:
    case OPTIONS_REAL:
    case OPTIONS_SIZE:
    case OPTIONS_GONE:
      break;
    }
}

/* Sets the value of SPEC in DST to a copy of that in SRC. */
static void
options_copy_field (const OptionsSpec *spec, Options *dst, const Options *src)
{
  options_clear_field (spec, dst);
  switch (spec->type)
    {
    case OPTIONS_FLAG:
      *OPTIONS_FIELD (dst, spec, gboolean) = *OPTIONS_CFIELD (src, spec, gboolean);
      break;
    case OPTIONS_INTEGER:
    case OPTIONS_SIZE:
      *OPTIONS_FIELD (dst, spec, gint64) = *OPTIONS_CFIELD (src, spec, gint64);
      break;
    case OPTIONS_GONE:
      break;
    case OPTIONS_REAL:
      *OPTIONS_FIELD (dst, spec, double) = *OPTIONS_CFIELD (src, spec, double);
      break;
    case OPTIONS_CHOICE:
    case OPTIONS_FILTER:
    case OPTIONS_STRING:
    case OPTIONS_FILENAME:
      *OPTIONS_FIELD (dst, spec, char *) = g_strdup (*OPTIONS_CFIELD (src, spec, OptionsStr));
      break;
    case OPTIONS_LIST:
    case OPTIONS_STRINGS:
      *OPTIONS_FIELD (dst, spec, char **) = g_strdupv (*OPTIONS_CFIELD (src, spec, OptionsStrv));
      break;
    }
}

void
options_init (Options *o, const OptionsChoices *choices)
{
  *o = (Options) { 0 };
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      switch (spec->type)
        {
        case OPTIONS_FLAG:
          *OPTIONS_FIELD (o, spec, gboolean) = spec->def != 0;
          break;
        case OPTIONS_INTEGER:
        case OPTIONS_SIZE:
          *OPTIONS_FIELD (o, spec, gint64) = spec->def;
          break;
        case OPTIONS_REAL:
          *OPTIONS_FIELD (o, spec, double) = (double) spec->def;
          break;
        case OPTIONS_CHOICE:
          *OPTIONS_FIELD (o, spec, char *) = g_strdup (options_names (choices, spec)[0]);
          break;
        case OPTIONS_FILTER:
          *OPTIONS_FIELD (o, spec, char *) = g_strdup ("");
          break;
        case OPTIONS_LIST:
          *OPTIONS_FIELD (o, spec, char **) = g_new0 (char *, 1);
          break;
        case OPTIONS_STRING:
        case OPTIONS_STRINGS:
        case OPTIONS_FILENAME:
        case OPTIONS_GONE:
          break;
        }
    }
}

void
options_clear (Options *o)
{
  for (guint i = 0; i < options_table_len; i++)
    options_clear_field (&options_table[i], o);
}

void
options_copy (Options *dst, const Options *src)
{
  for (guint i = 0; i < options_table_len; i++)
    options_copy_field (&options_table[i], dst, src);
  dst->given = src->given;
}

/* The names of a list's value TEXT: separated by ',' on the command line
 * ("" is none), by ';' or ',' in the FILE, where one may end the list.
 * New vector. */
static char **
options_split (const char *text, gboolean file)
{
  if (!file)
    return *text ? g_strsplit (text, ",", -1) : g_new0 (char *, 1);
  char **list = g_strsplit_set (text, ";,", -1);
  guint n = g_strv_length (list);
  if (n > 0 && !*list[n - 1])
    g_clear_pointer (&list[n - 1], g_free);
  return list;
}

/* Whether TEXT is "true" (or "1") into *B, or "false" (or "0"), with
 * spaces after it, as GKeyFile reads booleans. */
static gboolean
options_parse_bool (const char *text, gboolean *b)
{
  gsize len = strlen (text);

  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  if ((len == 4 && strncmp (text, "true", 4) == 0) || (len == 1 && text[0] == '1'))
    *b = TRUE;
  else if ((len == 5 && strncmp (text, "false", 5) == 0) || (len == 1 && text[0] == '0'))
    *b = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* The term SPEC (a filter shorthand) stands for with the value TEXT
 * (a list separated by commas).  New string. */
static char *
options_term (const OptionsSpec *spec, const char *text)
{
  GString *term = g_string_new (spec->term);

  if (spec->type != OPTIONS_FLAG)
    filter_append_quoted (term, text);
  return g_string_free (term, FALSE);
}

/* Checks that SPEC's term with the value TEXT parses.  Returns TRUE, or
 * FALSE with ERROR: "--NAME: why" (the column is that of the term built
 * from the option, not the user's, so it is left out). */
static gboolean
options_check_term (const OptionsSpec *spec, const char *text, GError **error)
{
  g_autoptr (GError) why = NULL;
  g_autofree char *term = options_term (spec, text);
  g_autoptr (Filter) f = filter_parse (term, users_resolve, NULL, &why);

  if (f)
    return TRUE;
  const char *msg = strchr (why->message, ':');
  g_autofree char *shown = escape_display (msg ? msg + 2 : why->message, 0);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--%s: %s", spec->name, shown);
  return FALSE;
}

/* Whether TEXT is a number as every numeric option of SPEC's type takes
 * it: digits, and for OPTIONS_REAL a fraction and an exponent ("1.5",
 * ".5", "2e-3"); a sign only where SPEC's range holds negative values.
 * No blanks, hex, infinities or NaN, which strtod and
 * g_ascii_string_to_signed would take some of. */
static gboolean
options_number_ok (const OptionsSpec *spec, const char *text)
{
  gboolean real = spec->type == OPTIONS_REAL;
  const char *p = text;
  gsize digits = 0;

  if ((*p == '-' || *p == '+') && spec->min < 0)
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits++;
  if (real && *p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits++;
  if (digits == 0)
    return FALSE;
  if (real && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* The units of sizes: K, M, G, T (binary). */
static const char options_units[] = "KMGT";

/* Parses TEXT as a size (OPTIONS_SIZE): a number of bytes, or with a
 * unit, K M G or T in either case, which may be followed by "iB" or "B".
 * Returns TRUE with *BYTES, or FALSE (not a size, or too large). */
static gboolean
options_parse_size (const char *text, gint64 *bytes)
{
  guint64 n, shift = 0;
  char *end;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  n = g_ascii_strtoull (text, &end, 10);
  if (*end)
    {
      const char *u = strchr (options_units, g_ascii_toupper (*end));
      if (!u)
        return FALSE;
      shift = 10 * (guint64) (u - options_units + 1);
      end++;
      if (g_ascii_strcasecmp (end, "iB") == 0 || g_ascii_strcasecmp (end, "B") == 0)
        end += strlen (end);
      if (*end)
        return FALSE;
    }
  if (n > (guint64) G_MAXINT64 >> shift)
    return FALSE;
  *bytes = (gint64) (n << shift);
  return TRUE;
}

/* BYTES as options_parse_size reads it, with the largest unit that
 * divides it: "64M", "1G", "300K", "1000".  New string. */
static char *
options_size_text (gint64 bytes)
{
  guint u = 0;

  while (bytes != 0 && u < strlen (options_units) && bytes % 1024 == 0)
    {
      bytes /= 1024;
      u++;
    }
  if (u == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, bytes);
  return g_strdup_printf ("%" G_GINT64_FORMAT "%c", bytes, options_units[u - 1]);
}

/* What SPEC takes (a number, a choice or a list), for an error: "seconds
 * from 0 to 86400 (a day)", "one of: a, b".  New string. */
static char *
options_what (const OptionsSpec *spec, const OptionsChoices *choices, gboolean file)
{
  if (spec->type == OPTIONS_INTEGER || spec->type == OPTIONS_REAL)
    return g_strdup_printf ("%s from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "%s",
                            spec->what, spec->min, spec->max, spec->note ? spec->note : "");
  if (spec->type == OPTIONS_SIZE)
    {
      g_autofree char *min = options_size_text (spec->min);
      g_autofree char *max = options_size_text (spec->max);
      return g_strdup_printf ("%sa size from %s to %s (bytes, or with K, M, G or T)",
                              spec->flags & OPTIONS_F_ZERO ? "0 (none) or " : "", min, max);
    }
  g_autoptr (GString) all = g_string_new (NULL);
  for (const char *const *n = options_names (choices, spec); *n; n++)
    g_string_append_printf (all, "%s%s", all->len ? ", " : "", *n);
  if (spec->type == OPTIONS_CHOICE)
    return g_strdup_printf ("one of: %s", all->str);
  return g_strdup_printf ("names separated by %s, each one of: %s",
                          file ? "';' or ','" : "commas", all->str);
}

gint
options_name_index (const char *const *names, const char *text)
{
  g_autofree char *name = g_strstrip (g_strdup (text));

  for (gint i = 0; names[i]; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return i;
  return -1;
}

/* The name of NAMES that TEXT is (options_name_index), or NULL. */
static const char *
options_name_find (const char *const *names, const char *text)
{
  gint i = options_name_index (names, text);

  return i < 0 ? NULL : names[i];
}

gboolean
options_set (const OptionsSpec *spec, const char *text, gboolean file,
             const OptionsChoices *choices, Options *o, GError **error)
{
  g_autofree char *what = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr (GError) why = NULL;
  const char *bad = text;    /* the part of TEXT refused */

  switch (spec->type)
    {
    case OPTIONS_FLAG:
      {
        gboolean b = !(spec->flags & OPTIONS_F_NEGATE);
        if (file && !options_parse_bool (text, &b))
          {
            what = g_strdup ("true or false");
            break;
          }
        *OPTIONS_FIELD (o, spec, gboolean) = b;
        return TRUE;
      }
    case OPTIONS_INTEGER:
      {
        gint64 v;
        if (options_number_ok (spec, text)
            && g_ascii_string_to_signed (text, 10, spec->min, spec->max, &v, NULL))
          {
            *OPTIONS_FIELD (o, spec, gint64) = v;
            return TRUE;
          }
        break;
      }
    case OPTIONS_SIZE:
      {
        gint64 v;
        if (options_parse_size (text, &v)
            && ((v >= spec->min && v <= spec->max) || (v == 0 && (spec->flags & OPTIONS_F_ZERO))))
          {
            *OPTIONS_FIELD (o, spec, gint64) = v;
            return TRUE;
          }
        break;
      }
    case OPTIONS_GONE:
      {
        g_auto (GStrv) now = g_strsplit (spec->note, " ", -1);
        g_autoptr (GString) names = g_string_new (NULL);
        for (guint i = 0; now[i]; i++)
          g_string_append_printf (names, "%s%s%s", i == 0 ? "" : now[i + 1] ? ", " : " and ",
                                  file ? "" : "--", now[i]);
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s%s is gone: %s %s",
                     file ? "" : "--", file ? spec->key : spec->name, spec->what, names->str);
        return FALSE;
      }
    case OPTIONS_REAL:
      {
        double v = options_number_ok (spec, text) ? g_ascii_strtod (text, NULL) : NAN;
        if (isfinite (v) && v >= (double) spec->min && v <= (double) spec->max)
          {
            *OPTIONS_FIELD (o, spec, double) = v;
            return TRUE;
          }
        break;
      }
    case OPTIONS_CHOICE:
      {
        const char *name = options_name_find (options_names (choices, spec), text);
        if (!name)
          break;
        g_free (*OPTIONS_FIELD (o, spec, char *));
        *OPTIONS_FIELD (o, spec, char *) = g_strdup (name);
        return TRUE;
      }
    case OPTIONS_LIST:
      {
        g_auto (GStrv) list = options_split (text, file);
        for (char **it = list; *it; it++)
          {
            const char *name = options_name_find (options_names (choices, spec), *it);
            if (!name)
              {
                bad = wrong = g_strdup (*it);
                break;
              }
            g_free (*it);
            *it = g_strdup (name);
          }
        if (wrong)
          break;
        g_strfreev (*OPTIONS_FIELD (o, spec, char **));
        *OPTIONS_FIELD (o, spec, char **) = g_steal_pointer (&list);
        return TRUE;
      }
    case OPTIONS_FILTER:
      {
        g_autoptr (Filter) f = filter_parse (text, users_resolve, NULL, &why);
        if (!f)
          {
            g_autofree char *shown = escape_display (why->message, 0);
            what = g_strdup_printf ("a filter (%s)", shown);
            break;
          }
        g_free (*OPTIONS_FIELD (o, spec, char *));
        *OPTIONS_FIELD (o, spec, char *) = g_strdup (text);
        return TRUE;
      }
    case OPTIONS_STRING:
    case OPTIONS_FILENAME:
      if (spec->type == OPTIONS_FILENAME && !*text)
        {
          what = g_strdup ("a file name");
          break;
        }
      if (spec->term && !options_check_term (spec, text, error))
        return FALSE;
      g_free (*OPTIONS_FIELD (o, spec, char *));
      *OPTIONS_FIELD (o, spec, char *) = g_strdup (text);
      return TRUE;
    case OPTIONS_STRINGS:
      {
        char ***field = OPTIONS_FIELD (o, spec, char **);
        guint n = *field ? g_strv_length (*field) : 0;
        g_auto (GStrv) list = g_new0 (char *, n + 2);
        for (guint i = 0; i < n; i++)
          list[i] = g_strdup ((*field)[i]);
        list[n] = g_strdup (text);
        g_autofree char *joined = g_strjoinv (",", list);
        if (spec->term && !options_check_term (spec, joined, error))
          return FALSE;
        g_strfreev (*field);
        *field = g_steal_pointer (&list);
        return TRUE;
      }
    }
  if (!what)
    what = options_what (spec, choices, file);
  g_autofree char *name = file ? g_strdup (spec->key) : g_strconcat ("--", spec->name, NULL);
  g_autofree char *shown = escape_display (bad, 0);
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s takes %s, not '%s'",
               name, what, shown);
  return FALSE;
}

char *
options_text (const OptionsSpec *spec, const Options *o)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (spec->type)
    {
    case OPTIONS_FLAG:
      return g_strdup (*OPTIONS_CFIELD (o, spec, gboolean) ? "true" : "false");
    case OPTIONS_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *OPTIONS_CFIELD (o, spec, gint64));
    case OPTIONS_SIZE:
      return options_size_text (*OPTIONS_CFIELD (o, spec, gint64));
    case OPTIONS_GONE:
      return g_strdup ("");
    case OPTIONS_REAL:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, *OPTIONS_CFIELD (o, spec, double)));
    case OPTIONS_CHOICE:
    case OPTIONS_FILTER:
    case OPTIONS_STRING:
    case OPTIONS_FILENAME:
      return g_strdup (*OPTIONS_CFIELD (o, spec, OptionsStr)
                       ? *OPTIONS_CFIELD (o, spec, OptionsStr) : "");
    case OPTIONS_LIST:
    case OPTIONS_STRINGS:
      {
        char **list = *OPTIONS_CFIELD (o, spec, OptionsStrv);
        return list ? g_strjoinv (spec->type == OPTIONS_LIST ? ";" : ",", list) : g_strdup ("");
      }
    }
  g_assert_not_reached ();
}

gboolean
options_given (const Options *o, const char *name)
{
  g_autofree char *option = g_strconcat ("--", name, NULL);
  const OptionsSpec *spec = options_find (option, FALSE);

  return spec && (o->given & options_bit (spec));
}

const char *
options_given_viewer (const Options *o)
{
  for (guint i = 0; i < options_table_len; i++)
    if ((options_table[i].flags & OPTIONS_F_VIEWER)
        && (o->given & options_bit (&options_table[i])))
      return options_table[i].name;
  return NULL;
}

void
options_override (Options *dst, const Options *src)
{
  for (guint i = 0; i < options_table_len; i++)
    if ((src->given & options_bit (&options_table[i]))
        && (options_table[i].flags & OPTIONS_F_FILTER))
      {
        g_free (dst->filter);
        dst->filter = g_strdup ("");
        break;
      }
  for (guint i = 0; i < options_table_len; i++)
    if (src->given & options_bit (&options_table[i]))
      options_copy_field (&options_table[i], dst, src);
  dst->given |= src->given;
}

char *
options_filter (const Options *o)
{
  g_autoptr (Filter) alone = filter_parse (o->filter, users_resolve, NULL, NULL);
  GString *expr = g_string_new (filter_text (alone));

  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      if (!spec->term || !(o->given & options_bit (spec)))
        continue;
      g_autofree char *value = options_text (spec, o);
      g_autofree char *term = options_term (spec, value);
      if (expr->len)
        g_string_append_c (expr, ' ');
      g_string_append (expr, term);
    }
  return g_string_free (expr, FALSE);
}

/* What the command line's parser hands its callback. */
typedef struct {
  Options *o;
  const OptionsChoices *choices;
} OptionsParse;

/* GOptionArgFunc of every option: options_set, and the option marked
 * given. */
static gboolean
options_arg (const char *option_name, const char *value, gpointer data, GError **error)
{
  OptionsParse *p = data;
  const OptionsSpec *spec = options_find (option_name, FALSE);

  if (!options_set (spec, value, FALSE, p->choices, p->o, error))
    return FALSE;
  p->o->given |= options_bit (spec);
  return TRUE;
}

GOptionGroup *
options_group (Options *o, const OptionsChoices *choices)
{
  OptionsParse *p = g_new (OptionsParse, 1);
  GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, p, g_free);
  g_autofree GOptionEntry *entries = g_new0 (GOptionEntry, options_table_len + 1);
  /* A function as GOptionEntry.arg_data, without ISO C's complaint. */
  gpointer arg = (gpointer) (uintptr_t) options_arg;
  guint n = 0;

  *p = (OptionsParse) { o, choices };
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      if (!spec->name)
        continue;
      int flags = spec->type == OPTIONS_FLAG ? G_OPTION_FLAG_NO_ARG
                  : spec->type == OPTIONS_FILENAME ? G_OPTION_FLAG_FILENAME
                  : spec->type == OPTIONS_GONE ? G_OPTION_FLAG_HIDDEN : 0;
      entries[n++] = (GOptionEntry) { spec->name, spec->short_name, flags,
                                      G_OPTION_ARG_CALLBACK, arg, spec->help, spec->arg };
    }
  g_option_group_add_entries (group, entries);
  return group;
}
