/* settings.h - the viewer's settings file, read and written with GKeyFile.
 *
 * The file is $XDG_CONFIG_HOME/forkscope/forkscoperc (~/.config/... by
 * default), one group [viewer] of the keys below.  Each key has a type and
 * a range (the command line's, for the options that set the same thing;
 * for the filter, what filter_parse takes), so a value outside it is
 * refused with the file and line named, and its default used.  Keys this version does not know are kept as they are when
 * the file is written again, and warned about.  A file that does not parse
 * is left alone: the defaults are used and it is never overwritten.
 * Saving writes only what changed since loading, through a temporary file
 * renamed over the old one (g_file_set_contents_full), so the file is
 * never seen half written; the file keeps its mode, and a symlink is
 * followed, its target replaced. */
#pragma once

#include <glib.h>

/* Ranges shared with the command line (main.c): the longest tombstones and
 * keep (a day), the history's size. */
#define SETTINGS_SECONDS_MAX 86400
#define SETTINGS_HISTORY_MIN 1
#define SETTINGS_HISTORY_MAX 1000000

/* What the viewer starts with. */
typedef struct {
  gboolean threads;      /* threads in the tree */
  gboolean kthreads;     /* kernel threads in the tree */
  gboolean cmdline;      /* command lines instead of names */
  double tombstones;     /* seconds exited processes stay in the tree */
  double keep;           /* seconds exited processes are kept */
  gint64 history;        /* events kept for the log */
  char *scheme;          /* a colour scheme's name (SettingsChoices) */
  char **columns;        /* the optional columns shown, by name */
  char *sort;            /* a sort key's name */
  gboolean sort_reverse; /* the other way than the key's usual one */
  char *filter;          /* the filter at start, one that parses ("": none) */
  gboolean save;         /* write what the viewer changed on quitting */
} Settings;

/* The names the viewer knows for the keys that name things (NULL-ended
 * lists), so that a wrong name is found with its line. */
typedef struct {
  const char *const *schemes;
  const char *const *columns;
  const char *const *sorts;
} SettingsChoices;

/* A loaded settings file: its keys as read (unknown ones included) and
 * the values they gave, for saving what changed. */
typedef struct SettingsFile SettingsFile;

/* The default path: $XDG_CONFIG_HOME/forkscope/forkscoperc, or
 * ~/.config/forkscope/forkscoperc when XDG_CONFIG_HOME is unset, empty or
 * relative.  New string. */
char *settings_default_path (void);

/* Sets S to the defaults (the first of each choice list for the names). */
void settings_init (Settings *s, const SettingsChoices *choices);

/* Frees what S holds. */
void settings_clear (Settings *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

/* Copies SRC into DST (cleared first). */
void settings_copy (Settings *dst, const Settings *src);

/* Reads PATH into S (which settings_init set up): each valid key sets its
 * field, every problem appends a message ("PATH:LINE: why") to WARNINGS,
 * in the order of the lines.
 * A missing file is no problem.  A file that does not parse leaves S at
 * the defaults, and the SettingsFile returned will not save.  Never NULL. */
SettingsFile *settings_load (const char *path, const SettingsChoices *choices,
                             Settings *s, GPtrArray *warnings);
void settings_file_free (SettingsFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SettingsFile, settings_file_free)

/* Writes S to F's file if anything differs from what was loaded (for a
 * new file: everything, so that every key can be seen and edited), keeping
 * unknown keys and comments, creating the directory if needed; an existing
 * file keeps its mode, and a symlink's target is written.  Returns 1
 * when written, 0 when nothing changed, -1 with ERROR when the file cannot
 * be written or did not parse (then it is left as it was). */
int settings_save (SettingsFile *f, const Settings *s, GError **error);
