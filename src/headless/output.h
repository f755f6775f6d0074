/* output.h - where the --log and --json printers write: standard output or
 * a file, in whole records.
 *
 * Records are gathered in a buffer and handed to write(2) whole, so the
 * output never ends in part of a record while forkscope runs: a tailer
 * (Fluent Bit, Vector, the OpenTelemetry Collector's filelog receiver)
 * reading the file finds whole lines only.  When a regular file has no
 * more room (a full file system, a quota, the file size limit), it is cut
 * back to the last whole record written, and the records that could not
 * be written are counted: the next write that succeeds starts with a
 * record that says how many (output_set_loss_record).  A file
 * is opened for appending and can be opened again under its name
 * (output_reopen), the convention of logrotate's postrotate: what was
 * buffered goes to the file open until then, so no record is lost, or
 * split between two files, by a rotation. */
#pragma once

#include <glib.h>

typedef struct Output Output;

/* Appends to OUT the record (whole lines) that says DROPPED records could
 * not be written. */
typedef void (*OutputLossRecord) (GString *out, guint64 dropped, gpointer user);

/* Writes the N bytes at P to FD, going on after EINTR and, on a
 * descriptor left non-blocking, after EAGAIN.  Sets *DONE to the bytes
 * written.  Returns 0, or the -errno of the write that failed. */
int output_write_all (int fd, const char *p, gsize n, gsize *done);

/* Standard output.  On a terminal each record is written at once;
 * otherwise records wait in the buffer (output_flush). */
Output *output_new_stdout (void);

/* The file PATH, opened for appending and created if missing (mode 0666
 * less the umask, as a shell's redirection).  Returns NULL with ERROR
 * (G_FILE_ERROR) when it cannot be opened. */
Output *output_open (const char *path, GError **error);

/* Writes out what is buffered, if anything (its errors are lost: call
 * output_flush first to see them, and to have the loss record written
 * alone), closes the file and frees O (NULL is a no-op). */
void output_free (Output *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Output, output_free)

/* Adds LEN bytes at S, whole records only (each ending in "\n"); they are
 * written once 64 KiB are buffered, or at once on a terminal.  Returns 0,
 * or the -errno of a failed write (-EPIPE: standard output is a closed
 * pipe), after which what was buffered is dropped: see output_full. */
int output_add (Output *o, const char *s, gsize len);

/* Writes out what is buffered, after the loss record when records were
 * dropped (then no longer counted once it is written).  Returns 0 or
 * -errno as output_add. */
int output_flush (Output *o);

/* Whether the error R of output_add or output_flush says a regular file
 * had no room (ENOSPC, EDQUOT, EFBIG): the file was cut back to whole
 * records, the records not written are counted (output_dropped), and
 * writing may go on.  Any other error leaves the output unusable (or, if
 * the file could not be cut back, ending in part of a record). */
gboolean output_full (Output *o, int r);

/* Records dropped for want of room, not yet said in the output. */
guint64 output_dropped (Output *o);

/* Records that loss records written since the last call said were
 * dropped (then 0 until another is written). */
guint64 output_take_said (Output *o);

/* Has FN (with USER) write the loss record before the next records once
 * records were dropped.  Without one, drops are only counted. */
void output_set_loss_record (Output *o, OutputLossRecord fn, gpointer user);

/* Whether O is a file that output_reopen can open again (not stdout). */
gboolean output_is_file (Output *o);

/* The file's path, or "standard output", for messages. */
const char *output_name (Output *o);

/* Opens the file's path again (a new file, after logrotate renamed the
 * old one) and closes the old one; what is buffered goes to the new one,
 * so output_flush first.  Returns 0, or -errno with ERROR set, and O
 * still writing to the old file. */
int output_reopen (Output *o, GError **error);
