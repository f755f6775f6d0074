/* settings.h - the viewer's settings file, read and written with GKeyFile.
 *
 * The file is $XDG_CONFIG_HOME/forkscope/forkscoperc (~/.config/... by
 * default), one group [viewer] of the keys of options_table (options.h),
 * each with its option's type and range, so a value outside it is
 * refused with the file and line named, and its default used.  Keys this
 * version does not know are kept as they are when the file is written
 * again, and warned about.  A file that does not parse
 * is left alone: the defaults are used and it is never overwritten.
 * Saving writes only what changed since loading, through a temporary file
 * renamed over the old one (g_file_set_contents_full), so the file is
 * never seen half written; the file keeps its mode, and a symlink is
 * followed, its target replaced. */
#pragma once

#include <glib.h>
#include "options.h"

/* A loaded settings file: its keys as read (unknown ones included) and
 * the values they gave, for saving what changed. */
typedef struct SettingsFile SettingsFile;

/* The default path: $XDG_CONFIG_HOME/forkscope/forkscoperc, or
 * ~/.config/forkscope/forkscoperc when XDG_CONFIG_HOME is unset, empty or
 * relative.  New string. */
char *settings_default_path (void);

/* The largest settings file read (1 MiB, as the man page says): a larger
 * one is refused, as is anything but a regular file (a device, a FIFO),
 * so that loading takes bounded memory and never waits. */
#define SETTINGS_SIZE_MAX ((gsize) 1 << 20)

/* The most warnings settings_load lists one by one. */
#define SETTINGS_WARNINGS_MAX 10

/* Reads PATH into O (which options_init set up): each valid key sets its
 * field (not marked given), and problems append messages ("PATH:LINE:
 * why") to WARNINGS in the order of the lines: the first
 * SETTINGS_WARNINGS_MAX, then one "PATH: and N more warnings like these".
 * Its time grows with the size of the file, not faster.  A missing file is
 * no problem; one that is not a regular file, or larger than
 * SETTINGS_SIZE_MAX, is warned about and treated as one that does not
 * parse.  A file that does not parse leaves O at the defaults, and the
 * SettingsFile returned will not save.  Never NULL. */
SettingsFile *settings_load (const char *path, const OptionsChoices *choices,
                             Options *o, GPtrArray *warnings);
void settings_file_free (SettingsFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SettingsFile, settings_file_free)

/* Writes O's keys to F's file if any differs from what was loaded (for a
 * new file: every key, so that each can be seen and edited), keeping
 * unknown keys and comments, creating the directory if needed; an existing
 * file keeps its mode, and a symlink's target is written; a target that
 * is not a regular file (a FIFO, a device) is not written.  Returns 1
 * when written, 0 when nothing changed, -1 with ERROR when the file cannot
 * be written or did not parse (then it is left as it was). */
int settings_save (SettingsFile *f, const Options *o, GError **error);
