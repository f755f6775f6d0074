/* spillfile.c - the spill file (see spillfile.h). */
#include "spillfile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <glib/gstdio.h>

/* The backend: a file descriptor. */
typedef struct {
  Spill base;
  int fd;
} SpillFile;

/* Moves LEN bytes at OFFSET of F's file: writes them from OUT, or reads
 * them into IN, until all are moved; the end of the file coming too soon
 * is -EIO.  Returns 0 or -errno. */
static int
spillfile_move (SpillFile *f, guint64 offset, const void *out, void *in, gsize len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = out ? pwrite (f->fd, (const char *) out + done, len - done, (off_t) (offset + done))
                      : pread (f->fd, (char *) in + done, len - done, (off_t) (offset + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        return -EIO;
      done += (gsize) n;
    }
  return 0;
}

/* SpillClass.write */
static int
spillfile_write (Spill *s, guint64 offset, const void *buf, gsize len)
{
  return spillfile_move ((SpillFile *) s, offset, buf, NULL, len);
}

/* SpillClass.read */
static int
spillfile_read (Spill *s, guint64 offset, void *buf, gsize len)
{
  return spillfile_move ((SpillFile *) s, offset, NULL, buf, len);
}

/* SpillClass.free */
static void
spillfile_free (Spill *s)
{
  SpillFile *f = (SpillFile *) s;

  close (f->fd);
  g_free (f);
}

static const SpillClass spillfile_class = {
  spillfile_write,
  spillfile_read,
  spillfile_free,
};

/* Whether file system FS keeps its files in memory. */
static gboolean
spillfile_in_ram (const struct statfs *fs)
{
  return fs->f_type == TMPFS_MAGIC || fs->f_type == RAMFS_MAGIC;
}

char *
spillfile_pick (const char *const *dirs, guint n, gboolean *ram)
{
  const char *first = NULL;

  for (guint i = 0; i < n; i++)
    {
      struct statfs fs;
      if (!dirs[i] || !g_path_is_absolute (dirs[i])
          || !g_file_test (dirs[i], G_FILE_TEST_IS_DIR) || statfs (dirs[i], &fs) < 0)
        continue;
      if (!spillfile_in_ram (&fs))
        {
          *ram = FALSE;
          return g_strdup (dirs[i]);
        }
      if (!first)
        first = dirs[i];
    }
  *ram = first != NULL;
  return g_strdup (first);
}

char *
spillfile_dir (gboolean *ram)
{
  const char *dirs[] = { g_getenv ("TMPDIR"), "/var/tmp", "/tmp" };

  return spillfile_pick (dirs, G_N_ELEMENTS (dirs), ram);
}

/* The other way: a 0600 file made in a 0700 directory of its own, both
 * unlinked at once.  Returns the descriptor, or -errno. */
static int
spillfile_make_unlinked (const char *dir)
{
  g_autofree char *priv = g_build_filename (dir, "forkscope-XXXXXX", NULL);
  g_autofree char *path = NULL;
  int fd, err = 0;

  if (!g_mkdtemp_full (priv, 0700))
    return -errno;
  path = g_build_filename (priv, "spill-XXXXXX", NULL);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    err = -errno;
  else if (g_unlink (path) < 0)
    {
      err = -errno;
      close (fd);
    }
  if (g_rmdir (priv) < 0 && err == 0)
    {
      err = -errno;
      close (fd);
    }
  return err < 0 ? err : fd;
}

Spill *
spillfile_open (const char *dir, guint flags, GError **error)
{
  SpillFile *f;
  int fd = -1, err = 0;

  if (!(flags & SPILLFILE_NO_TMPFILE))
    {
      fd = open (dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0)
        err = errno;
    }
  if (fd < 0)
    {
      /* The file system refuses O_TMPFILE (or it was not asked for). */
      fd = spillfile_make_unlinked (dir);
      if (fd < 0)
        {
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-fd),
                       "cannot make a spill file in %s: %s%s%s", dir, g_strerror (-fd),
                       err ? "; O_TMPFILE: " : "", err ? g_strerror (err) : "");
          return NULL;
        }
    }
  f = g_new0 (SpillFile, 1);
  f->base.klass = &spillfile_class;
  f->fd = fd;
  return &f->base;
}
