/* spillfile.h - the history's spill file (spill.h, store.h): an unnamed
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

/* The directory the spill file goes in: $XDG_RUNTIME_DIR, else $TMPDIR,
 * else /tmp (a variable that is not an absolute path is ignored).
 * Returns a new string. */
char *spillfile_dir (void);

/* How spillfile_open makes the file. */
typedef enum {
  SPILLFILE_NO_TMPFILE = 1 << 0,  /* skip O_TMPFILE (tests: the other way) */
} SpillfileFlags;

/* Opens a new spill file in DIR (FLAGS: SpillfileFlags).  Returns the
 * backend (spill_free closes it), or NULL with ERROR (G_FILE_ERROR) when
 * neither way could make one. */
Spill *spillfile_open (const char *dir, guint flags, GError **error);
