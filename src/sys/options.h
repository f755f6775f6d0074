/* options.h - the one table of options: the command line and the settings
 * file read it.
 *
 * Each entry of options_table is one option: its long name on the command
 * line, its key in the settings file (either may be absent; where both
 * exist they may differ: --no-save is save-on-quit), its type, range and
 * default, what it takes (for errors), its help, and its field in Options.
 * The command line's GOptionEntry list (options_group), the settings
 * file's keys (settings.c), the checks of both and their errors come from
 * it, so adding an option is one entry here (and its field in Options).
 *
 * Errors name the option and what it takes, in one form for both:
 *   --duration takes seconds from 0 to 2592000 (30 days), not '1e30'
 *   history-memory takes a size from 256K to 16G, not 'lots'
 * (settings.c puts "PATH:LINE: " before the latter).  What the user wrote
 * is shown escaped (escape.h): a settings file or an argument may hold
 * escape sequences. */
#pragma once

#include <glib.h>

/* What an option takes. */
typedef enum {
  OPTIONS_FLAG,      /* nothing on the command line (sets TRUE, or FALSE with
                        OPTIONS_F_NEGATE); "true" or "false" in the file */
  OPTIONS_INTEGER,   /* a decimal gint64 in [min, max] */
  OPTIONS_REAL,      /* a finite decimal double in [min, max] */
  OPTIONS_CHOICE,    /* one name of a list of OptionsChoices; any case, blanks
                        around it ignored (kept as the list spells it) */
  OPTIONS_LIST,      /* names of such a list, read as a CHOICE: separated by
                        ',' on the command line ("" is none); by ';' or ','
                        in the file, where one may end the list (as GKeyFile
                        writes lists) */
  OPTIONS_FILTER,    /* a filter expression (filter_parse's) */
  OPTIONS_STRING,    /* text, checked as the filter term TERM when it has one */
  OPTIONS_STRINGS,   /* the same, repeatable: every value is kept */
  OPTIONS_FILENAME,  /* a file name, as the system gives it; not empty */
  OPTIONS_SIZE,      /* a gint64 number of bytes in [min, max] (or 0 with
                        OPTIONS_F_ZERO), with K, M, G or T for KiB, MiB,
                        GiB, TiB; written back with the largest that fits */
  OPTIONS_GONE,      /* an option of an older version: refused (on the
                        command line) or warned about (in the file) with
                        what replaced it, the entry's note; not in --help */
} OptionsType;

/* Flags of an option. */
enum {
  OPTIONS_F_NEGATE = 1 << 0,  /* the flag option sets its field FALSE */
  OPTIONS_F_FILTER = 1 << 1,  /* part of the filter (--filter, its shorthands):
                                 one given on the command line replaces the
                                 settings file's filter */
  OPTIONS_F_ZERO = 1 << 2,    /* a SIZE of 0 is taken too: none */
  OPTIONS_F_VIEWER = 1 << 3,  /* the viewer's alone: nothing in --log, --json
                                 or --perfetto */
};

/* The lists of names the choice options take, which the layers above own
 * (the viewer's schemes, columns and sorts; the colour modes), each
 * NULL-ended; the first is the default. */
typedef struct {
  const char *const *schemes;
  const char *const *columns;
  const char *const *sorts;
  const char *const *colors;
} OptionsChoices;

/* Everything the command line and the settings file set, each field the
 * one of an entry of options_table. */
typedef struct {
  gboolean log, json, poll, realtime, version;
  char *replay;        /* a recording, "-" for stdin, or NULL */
  char *output;        /* --output's file, or NULL */
  char *perfetto;      /* --perfetto's file ("-": stdout), or NULL */
  char *run_as;        /* --run-as's user, or NULL */
  double speed;
  gint64 interval_ms;
  char *filter;        /* an expression that parses ("": none) */
  char **comms;        /* the filter shorthands, NULL or 0 when not given */
  char *user;
  gint64 pid;
  char *events;
  char **ppids;
  char **containers;   /* --container's patterns, NULL when not given */
  gboolean failed;
  gint64 count;
  double duration;
  gboolean threads;    /* threads in the tree; thread exits printed */
  gboolean kthreads;   /* kernel threads in the tree */
  gboolean cmdline;    /* command lines instead of names */
  gint64 history_memory;  /* bytes */
  gint64 history_file;    /* bytes, 0: no spill file */
  double keep;
  double tombstones;
  char **columns;      /* names of OptionsChoices.columns */
  char *sort;          /* a name of OptionsChoices.sorts */
  gboolean sort_reverse;
  char *scheme;        /* a name of OptionsChoices.schemes */
  char *color;         /* a name of OptionsChoices.colors */
  gboolean container_names;  /* read containers' names from their
                                runtimes' files */
  gboolean save;       /* write what the viewer changed on quitting */
  gboolean taskstats;  /* read the kernel's task statistics */
  guint64 given;       /* bit I: options_table[I] was on the command line */
} Options;

/* One option. */
typedef struct {
  const char *name;      /* the long option, "duration", or NULL: file only */
  char short_name;       /* 'd', or 0 */
  const char *key;       /* the settings file's key, or NULL: command line only */
  OptionsType type;
  guint flags;           /* OPTIONS_F_* */
  gint64 min, max;       /* INTEGER, REAL, SIZE */
  gint64 def;            /* the default of a FLAG, INTEGER, REAL or SIZE */
  const char *what;      /* INTEGER, REAL: what the number is, "seconds" */
  const char *note;      /* said after the range, " (30 days)", or "";
                            GONE: what replaced it */
  gsize choices;         /* CHOICE, LIST: offset of the list in OptionsChoices */
  const char *term;      /* the filter term it stands for, "pid:", or NULL */
  const char *help;      /* --help's line (command-line options) */
  const char *arg;       /* --help's name of the value, "SECONDS" */
  gsize offset;          /* of the field in Options */
} OptionsSpec;

/* Every option, in the order of --help and of a new settings file. */
extern const OptionsSpec options_table[];
extern const guint options_table_len;

/* The entry of the command-line option NAME ("--duration", "-d") or,
 * with FILE, of the settings key NAME ("save-on-quit"), or NULL. */
const OptionsSpec *options_find (const char *name, gboolean file);

/* Sets O to the defaults (the first name of each choice list; no strings;
 * "" for the filter; empty lists), nothing given. */
void options_init (Options *o, const OptionsChoices *choices);

/* Frees what O holds. */
void options_clear (Options *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Copies SRC into DST (cleared first). */
void options_copy (Options *dst, const Options *src);

/* Parses TEXT as the value of SPEC into O, in the command line's form, or
 * with FILE the settings file's (see OptionsType); a repeatable option
 * appends.  TEXT is ignored for a command-line flag.  A filter shorthand
 * is checked as its term.  Returns TRUE, or FALSE with ERROR
 * (G_OPTION_ERROR_BAD_VALUE) saying "NAME takes WHAT, not 'TEXT'" (NAME:
 * --name or the key), or for a shorthand "--name: why", O untouched. */
gboolean options_set (const OptionsSpec *spec, const char *text, gboolean file,
                      const OptionsChoices *choices, Options *o, GError **error);

/* The index in NAMES (NULL-ended) of the name TEXT is, ignoring case and
 * the blanks around it (as the filter's event: reads kinds), or -1. */
gint options_name_index (const char *const *names, const char *text);

/* SPEC's value in O as the settings file holds it (lists joined by ';').
 * New string. */
char *options_text (const OptionsSpec *spec, const Options *o);

/* Whether the command line gave the option of long name NAME ("sort"). */
gboolean options_given (const Options *o, const char *name);

/* The long name of the first option only the viewer uses
 * (OPTIONS_F_VIEWER) that the command line gave, or NULL. */
const char *options_given_viewer (const Options *o);

/* Copies into DST the options SRC was given on the command line, and
 * marks them given.  One filter option given (OPTIONS_F_FILTER) empties
 * DST's filter first: the command line's filter replaces the file's. */
void options_override (Options *dst, const Options *src);

/* The filter of O: its filter and the terms of the shorthands given, in
 * the table's order.  New string; it parses (each part was checked). */
char *options_filter (const Options *o);

/* A group of the command-line options (the main group of a
 * GOptionContext): parsing sets O, which must outlive the group, with
 * options_set's checks and errors, and marks what is given.  CHOICES
 * must outlive it too. */
GOptionGroup *options_group (Options *o, const OptionsChoices *choices);
