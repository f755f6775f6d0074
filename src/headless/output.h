/* output.h - where the --log and --json printers write: standard output or
 * a file, in whole records.
 *
 * Records are gathered in a buffer and handed to write(2) whole, so the
 * output never ends in part of a record while forkscope runs: a tailer
 * (Fluent Bit, Vector, the OpenTelemetry Collector's filelog receiver)
 * reading the file finds whole lines only, short of a full disk.  A file
 * is opened for appending and can be opened again under its name
 * (output_reopen), the convention of logrotate's postrotate: what was
 * buffered goes to the file open until then, so no record is lost, or
 * split between two files, by a rotation. */
#pragma once

#include <glib.h>

typedef struct Output Output;

/* Standard output.  On a terminal each record is written at once;
 * otherwise records wait in the buffer (output_flush). */
Output *output_new_stdout (void);

/* The file PATH, opened for appending and created if missing (mode 0666
 * less the umask, as a shell's redirection).  Returns NULL with ERROR
 * (G_FILE_ERROR) when it cannot be opened. */
Output *output_open (const char *path, GError **error);

/* Writes out what is buffered (its errors are lost: call output_flush
 * first to see them), closes the file and frees O (NULL is a no-op). */
void output_free (Output *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Output, output_free)

/* Adds LEN bytes at S, whole records only (each ending in "\n"); they are
 * written once 64 KiB are buffered, or at once on a terminal.  Returns 0,
 * or the -errno of a failed write (-EPIPE: standard output is a closed
 * pipe), after which what was buffered is dropped. */
int output_add (Output *o, const char *s, gsize len);

/* Writes out what is buffered.  Returns 0 or -errno as output_add. */
int output_flush (Output *o);

/* Whether O is a file that output_reopen can open again (not stdout). */
gboolean output_is_file (Output *o);

/* Opens the file's path again (a new file, after logrotate renamed the
 * old one) and closes the old one; what is buffered goes to the new one,
 * so output_flush first.  Returns 0, or -errno with ERROR set, and O
 * still writing to the old file. */
int output_reopen (Output *o, GError **error);
