/* tracefile.c - the --perfetto trace's file (see tracefile.h). */
#include "tracefile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "output.h"

/* Bytes buffered before they are written. */
#define TRACEFILE_BLOCK (64 * 1024)

/* A trace's file and its buffer. */
struct TraceFile {
  int fd;
  char *path;      /* NULL for standard output */
  GString *buf;
};

TraceFile *
tracefile_open (const char *path, GError **error)
{
  gboolean out = g_strcmp0 (path, "-") == 0;
  int fd = out ? STDOUT_FILENO
               : open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);

  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", path,
                   g_strerror (e));
      return NULL;
    }
  TraceFile *f = g_new0 (TraceFile, 1);
  f->fd = fd;
  f->path = out ? NULL : g_strdup (path);
  f->buf = g_string_sized_new (TRACEFILE_BLOCK + 4096);
  return f;
}

void
tracefile_free (TraceFile *f)
{
  if (!f)
    return;
  if (f->path)
    close (f->fd);
  g_string_free (f->buf, TRUE);
  g_free (f->path);
  g_free (f);
}

GString *
tracefile_buffer (TraceFile *f)
{
  return f->buf;
}

int
tracefile_flush (TraceFile *f, gboolean all)
{
  gsize done;
  int r;

  if (f->buf->len == 0 || (!all && f->buf->len < TRACEFILE_BLOCK))
    return 0;
  r = output_write_all (f->fd, f->buf->str, f->buf->len, &done);
  g_string_truncate (f->buf, 0);
  return r;
}

const char *
tracefile_name (TraceFile *f)
{
  return f->path ? f->path : "standard output";
}
