/* output.c - standard output or a reopenable file, whole records (output.h). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

/* Bytes buffered before they are written, unless on a terminal. */
#define OUTPUT_BUFFER (64 * 1024)

/* An output and its buffer of whole records. */
struct Output {
  int fd;
  char *path;          /* the file's, NULL for standard output */
  gboolean at_once;    /* a terminal: each record written as it comes */
  GString *buf;
};

/* Opens PATH for appending.  Returns the descriptor or -errno. */
static int
output_open_fd (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666);
  return fd < 0 ? -errno : fd;
}

/* A new output writing to FD. */
static Output *
output_new (int fd, const char *path)
{
  Output *o = g_new0 (Output, 1);
  o->fd = fd;
  o->path = g_strdup (path);
  o->at_once = isatty (fd);
  o->buf = g_string_sized_new (OUTPUT_BUFFER + 4096);
  return o;
}

Output *
output_new_stdout (void)
{
  return output_new (STDOUT_FILENO, NULL);
}

Output *
output_open (const char *path, GError **error)
{
  int fd = output_open_fd (path);

  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-fd), "%s: %s", path,
                   g_strerror (-fd));
      return NULL;
    }
  return output_new (fd, path);
}

int
output_flush (Output *o)
{
  const char *p = o->buf->str;
  gsize n = o->buf->len;
  int r = 0;

  while (n > 0)
    {
      ssize_t w = write (o->fd, p, n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0 && errno == EAGAIN)
        {
          /* Standard output may have been left non-blocking. */
          struct pollfd pfd = { .fd = o->fd, .events = POLLOUT };
          (void) poll (&pfd, 1, -1);
          continue;
        }
      if (w < 0)
        {
          r = -errno;
          break;
        }
      p += w;
      n -= (gsize) w;
    }
  g_string_truncate (o->buf, 0);
  return r;
}

int
output_add (Output *o, const char *s, gsize len)
{
  g_string_append_len (o->buf, s, len);
  if (o->at_once || o->buf->len >= OUTPUT_BUFFER)
    return output_flush (o);
  return 0;
}

gboolean
output_is_file (Output *o)
{
  return o->path != NULL;
}

int
output_reopen (Output *o, GError **error)
{
  int fd = output_open_fd (o->path);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-fd),
                   "cannot open %s again: %s", o->path, g_strerror (-fd));
      return fd;
    }
  close (o->fd);
  o->fd = fd;
  o->at_once = isatty (fd);
  return 0;
}

void
output_free (Output *o)
{
  if (!o)
    return;
  (void) output_flush (o);
  if (o->path)
    close (o->fd);
  g_string_free (o->buf, TRUE);
  g_free (o->path);
  g_free (o);
}
