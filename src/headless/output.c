/* output.c - standard output or a reopenable file, whole records (output.h). */
#include "output.h"

#include "put.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Bytes buffered before they are written, unless on a terminal. */
#define OUTPUT_BUFFER (64 * 1024)

/* An output and its buffer of whole records. */
struct Output {
  int fd;
  char *path;          /* the file's, NULL for standard output */
  gboolean at_once;    /* a terminal: each record written as it comes */
  gboolean regular;    /* a regular file: a part of a record can be cut off */
  GString *buf;
  guint64 dropped;     /* records not written for want of room, not yet said */
  guint64 said;        /* records a loss record has said since output_take_said */
  OutputLossRecord loss;  /* writes the record that says so */
  gpointer loss_user;
};

/* Opens PATH for appending.  Returns the descriptor or -errno. */
static int
output_open_fd (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666);
  return fd < 0 ? -errno : fd;
}

/* Sets what O knows of its descriptor FD. */
static void
output_set_fd (Output *o, int fd)
{
  struct stat st;

  o->fd = fd;
  o->at_once = isatty (fd);
  o->regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
}

/* A new output writing to FD. */
static Output *
output_new (int fd, const char *path)
{
  Output *o = g_new0 (Output, 1);
  output_set_fd (o, fd);
  o->path = g_strdup (path);
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

/* The loss record that says O's dropped records was written. */
static void
output_said (Output *o)
{
  o->said += o->dropped;
  o->dropped = 0;
}

/* Whether -errno R says the file system (or the quota, or the file's
 * size limit) has no room for more. */
static gboolean
output_no_room (int r)
{
  return r == -ENOSPC || r == -EDQUOT || r == -EFBIG;
}

/* After a write that failed for want of room with DONE bytes of the
 * buffer written, from its start: cuts the file back to the last whole
 * record among them and counts the records not written, but the first
 * NOTICE bytes (the loss record, which is no event).  Returns 0, or the
 * -errno of a file that could not be cut (it then ends in a part of a
 * record). */
static int
output_cut (Output *o, gsize done, gsize notice)
{
  const char *nl = done ? memrchr (o->buf->str, '\n', done) : NULL;
  gsize whole = nl ? (gsize) (nl - o->buf->str) + 1 : 0;

  if (done > whole)
    {
      off_t end = lseek (o->fd, 0, SEEK_CUR);
      off_t cut = end - (off_t) (done - whole);
      if (end < 0 || ftruncate (o->fd, cut) < 0 || lseek (o->fd, cut, SEEK_SET) < 0)
        return -errno;
    }
  if (notice && whole >= notice)
    output_said (o);
  for (const char *p = o->buf->str + MAX (whole, notice); p < o->buf->str + o->buf->len; p++)
    o->dropped += *p == '\n';
  return 0;
}

int
output_write_all (int fd, const char *p, gsize n, gsize *done)
{
  const char *start = p;
  int r = 0;

  while (n > 0)
    {
      ssize_t w = write (fd, p, n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0 && errno == EAGAIN)
        {
          /* Standard output may have been left non-blocking. */
          struct pollfd pfd = { .fd = fd, .events = POLLOUT };
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
  *done = (gsize) (p - start);
  return r;
}

int
output_flush (Output *o)
{
  gsize notice = 0, done;

  if (o->dropped && o->loss)
    {
      g_autoptr (GString) rec = g_string_new (NULL);
      o->loss (rec, o->dropped, o->loss_user);
      g_string_prepend_len (o->buf, rec->str, rec->len);
      notice = rec->len;
    }
  int r = output_write_all (o->fd, o->buf->str, o->buf->len, &done);
  if (r == 0 && notice)
    output_said (o);
  else if (o->regular && output_no_room (r))
    {
      int cut = output_cut (o, done, notice);
      if (cut < 0)
        r = cut;
    }
  g_string_truncate (o->buf, 0);
  return r;
}

int
output_add (Output *o, const char *s, gsize len)
{
  put_bytes (o->buf, s, len);
  if (o->at_once || o->buf->len >= OUTPUT_BUFFER)
    return output_flush (o);
  return 0;
}

gboolean
output_is_file (Output *o)
{
  return o->path != NULL;
}

const char *
output_name (Output *o)
{
  return o->path ? o->path : "standard output";
}

gboolean
output_full (Output *o, int r)
{
  return o->regular && output_no_room (r);
}

void
output_set_loss_record (Output *o, OutputLossRecord fn, gpointer user)
{
  o->loss = fn;
  o->loss_user = user;
}

guint64
output_dropped (Output *o)
{
  return o->dropped;
}

guint64
output_take_said (Output *o)
{
  guint64 n = o->said;
  o->said = 0;
  return n;
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
  output_set_fd (o, fd);
  return 0;
}

void
output_free (Output *o)
{
  if (!o)
    return;
  /* Nothing buffered: no loss record alone, which no one would report. */
  if (o->buf->len)
    (void) output_flush (o);
  if (o->path)
    close (o->fd);
  g_string_free (o->buf, TRUE);
  g_free (o->path);
  g_free (o);
}
