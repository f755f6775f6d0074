/* spillfile.h - the history's spill file (spill.h, history.h): an unnamed
 * file only forkscope's user can read, gone when forkscope ends, however
 * it ends.
 *
 * The file is opened with O_TMPFILE (mode 0600, O_EXCL: it can never be
 * given a name); where the file system refuses O_TMPFILE, it is made with
 * mkstemp in a directory of its own (mode 0700) and both are unlinked at
 * once, so that only the open descriptor holds it. */
#pragma once

#include <glib.h>
#include "spill.h"

/* Where the spill file goes: the first of the N DIRS (entries that are
 * NULL or not absolute paths are passed over) that is a directory on a
 * file system backed by a disk.  A tmpfs or a ramfs keeps its files in
 * memory, where spilling would save none: when every directory is one,
 * the first directory of them is given and *RAM says so.  Returns a new
 * string, or NULL when none is a directory. */
char *spillfile_pick (const char *const *dirs, guint n, gboolean *ram);

/* spillfile_pick of $TMPDIR, /var/tmp and /tmp (not $XDG_RUNTIME_DIR,
 * which is a tmpfs wherever systemd makes it). */
char *spillfile_dir (gboolean *ram);

/* How spillfile_open makes the file. */
typedef enum {
  SPILLFILE_NO_TMPFILE = 1 << 0,  /* skip O_TMPFILE (tests: the other way) */
} SpillfileFlags;

/* Opens a new spill file in DIR (FLAGS: SpillfileFlags).  Returns the
 * backend (spill_free closes it), or NULL with ERROR (G_FILE_ERROR) when
 * neither way could make one. */
Spill *spillfile_open (const char *dir, guint flags, GError **error);
