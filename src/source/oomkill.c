/* oomkill.c - the OOM killer's victims, from the kernel's log (see
 * oomkill.h). */
#include "oomkill.h"

#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* The longest record /dev/kmsg returns (CONSOLE_EXT_LOG_MAX). */
#define OOMKILL_RECORD_MAX 8192
/* How long a victim is remembered (it may take a while to free its
 * memory before it exits), and how many at most. */
#define OOMKILL_KEEP_NS (60 * G_GINT64_CONSTANT (1000000000))
#define OOMKILL_MAX 4096

/* The log open at its end and the victims noted, pid -> when noted. */
struct Oomkill {
  int fd;
  GHashTable *victims;
  char buf[OOMKILL_RECORD_MAX];
};

Oomkill *
oomkill_new (const char *path, GError **error)
{
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

  /* Opening may succeed where reading is refused (dmesg_restrict). */
  if (fd >= 0 && (lseek (fd, 0, SEEK_END) < 0 || (read (fd, NULL, 0) < 0 && errno == EPERM)))
    {
      int err = errno;
      close (fd);
      fd = -1;
      errno = err;
    }
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path,
                   g_strerror (errno));
      return NULL;
    }
  Oomkill *o = g_new0 (Oomkill, 1);
  o->fd = fd;
  o->victims = g_hash_table_new (NULL, NULL);
  return o;
}

void
oomkill_free (Oomkill *o)
{
  if (!o)
    return;
  close (o->fd);
  g_hash_table_unref (o->victims);
  g_free (o);
}

/* Reads a decimal number of at most 10 digits at *P (before END) in
 * [1, G_MAXINT], moving *P past it.  Returns 0 when there is none. */
static gint
oomkill_number (const char **p, const char *end)
{
  gint64 v = 0;
  int digits = 0;

  while (*p < end && g_ascii_isdigit (**p) && digits < 11)
    {
      v = v * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  return digits && digits <= 10 && v <= G_MAXINT ? (gint) v : 0;
}

/* Whether the LEN bytes at S start with the string PREFIX. */
static gboolean
oomkill_starts (const char *s, gsize len, const char *prefix)
{
  gsize n = strlen (prefix);
  return len >= n && memcmp (s, prefix, n) == 0;
}

gint
oomkill_parse (const char *rec, gsize len)
{
  static const char killed[] = "Killed process ";
  const char *end = rec + len, *p = rec;
  const char *semi = memchr (rec, ';', len);

  /* The kernel's facility is 0: the first field, the priority plus eight
   * times the facility, is below 8. */
  if (!semi || semi == rec || !g_ascii_isdigit (*rec) || !(rec[1] == ',' && *rec < '8'))
    return 0;
  const char *msg = semi + 1;
  const char *nl = memchr (msg, '\n', end - msg);
  gsize n = (nl ? nl : end) - msg;

  if (oomkill_starts (msg, n, "oom-kill:"))
    {
      /* The task's name (and cgroup paths) come before the pid, which only
       * the uid follows: the last ",pid=" is the kernel's. */
      const char *found = NULL;
      for (const char *s = msg; (s = g_strstr_len (s, msg + n - s, ",pid=")); s++)
        found = s;
      if (!found)
        return 0;
      p = found + strlen (",pid=");
      gint pid = oomkill_number (&p, msg + n);
      return p == msg + n || *p == ',' ? pid : 0;
    }
  /* "Killed process PID (NAME) ..." after the kernel's "WHY: ", where
   * WHY ("Out of memory", "Memory cgroup out of memory") holds no ": ". */
  p = oomkill_starts (msg, n, killed) ? msg : g_strstr_len (msg, n, ": ");
  if (!p)
    return 0;
  if (p != msg)
    p += 2;
  if (!oomkill_starts (p, msg + n - p, killed))
    return 0;
  p += strlen (killed);
  gint pid = oomkill_number (&p, msg + n);
  return oomkill_starts (p, msg + n - p, " (") ? pid : 0;
}

/* Forgets the victims noted more than OOMKILL_KEEP_NS before NOW_NS. */
static void
oomkill_expire (Oomkill *o, gint64 now_ns)
{
  GHashTableIter it;
  gpointer when;

  g_hash_table_iter_init (&it, o->victims);
  while (g_hash_table_iter_next (&it, NULL, &when))
    if (now_ns - (gint64) GPOINTER_TO_SIZE (when) > OOMKILL_KEEP_NS)
      g_hash_table_iter_remove (&it);
}

void
oomkill_note (Oomkill *o, gint pid)
{
  gint64 now = source_clock_ns (CLOCK_MONOTONIC);

  if (g_hash_table_size (o->victims) >= OOMKILL_MAX)
    oomkill_expire (o, now);
  if (g_hash_table_size (o->victims) < OOMKILL_MAX)
    g_hash_table_insert (o->victims, GINT_TO_POINTER (pid), GSIZE_TO_POINTER ((gsize) now));
}

void
oomkill_drain (Oomkill *o)
{
  if (g_hash_table_size (o->victims))
    oomkill_expire (o, source_clock_ns (CLOCK_MONOTONIC));
  for (;;)
    {
      ssize_t n = read (o->fd, o->buf, sizeof o->buf);
      if (n < 0 && (errno == EPIPE || errno == EINTR))
        continue;  /* EPIPE: records overwritten before we read them */
      if (n <= 0)
        return;
      gint pid = oomkill_parse (o->buf, (gsize) n);
      if (pid)
        oomkill_note (o, pid);
    }
}

gboolean
oomkill_take (Oomkill *o, gint pid)
{
  if (!g_hash_table_contains (o->victims, GINT_TO_POINTER (pid)))
    oomkill_drain (o);
  return g_hash_table_remove (o->victims, GINT_TO_POINTER (pid));
}
