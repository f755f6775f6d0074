/* tracefile.h - where --perfetto writes: a file made afresh, or standard
 * output ("-"), in blocks.
 *
 * A trace is one stream from its first packet: its file is truncated when
 * opened (never appended to, nor opened again on SIGHUP).  The writer
 * appends packets to the file's buffer (tracefile_buffer), which is
 * written out once it holds 64 KiB and when flushed. */
#pragma once

#include <glib.h>

typedef struct TraceFile TraceFile;

/* Creates PATH, or empties it (mode 0666 less the umask); "-" is standard
 * output.  Returns NULL with ERROR (G_FILE_ERROR) when it cannot be
 * opened. */
TraceFile *tracefile_open (const char *path, GError **error);

/* Closes the file (not standard output) and frees F (NULL is a no-op);
 * what is buffered and not flushed is lost. */
void tracefile_free (TraceFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TraceFile, tracefile_free)

/* The buffer to append packets to. */
GString *tracefile_buffer (TraceFile *f);

/* Writes out the buffer when it holds 64 KiB, or with ALL whatever it
 * holds, and empties it.  Returns 0 or the -errno of the write that
 * failed (what was buffered is then dropped). */
int tracefile_flush (TraceFile *f, gboolean all);

/* The file's path, or "standard output", for messages. */
const char *tracefile_name (TraceFile *f);
