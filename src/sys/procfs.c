/* procfs.c - reading processes from a /proc tree (or a fixture tree):
 * its files, /proc/PID/stat and status parsed, signals, the origin (the
 * scan of a whole tree in procfsscan.c). */
#include "procfs.h"

#include "cgroup.h"
#include "decimal.h"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#if HAVE_PIDFD_OPEN
#include <sys/pidfd.h>
#endif

/* /proc/PID/stat fields the parser needs: 3 (state) .. 22 (starttime). */
#define PROCFS_STAT_MIN_FIELDS 22
/* Field 24 (rss, in pages), present on every kernel that has field 22. */
#define PROCFS_STAT_RSS 24
/* Field 52 (exit_code), present since Linux 3.5. */
#define PROCFS_STAT_EXIT_CODE 52

/* Bytes of a file read on the stack before the heap is needed: every
 * one-record /proc file, and nearly every command line. */
#define PROCFS_STACK_READ 4096

/* A file's contents as read: in the caller's buffer, or on the heap when
 * it did not fit. */
typedef struct {
  char *data;   /* NUL-terminated: STACK or HEAP */
  gsize len;
  char *heap;   /* g_free it (procfs_text_clear) */
} ProcfsText;

/* Frees what T holds on the heap. */
static void
procfs_text_clear (ProcfsText *t)
{
  g_clear_pointer (&t->heap, g_free);
}

/* Reads the whole file at PATH, whatever its size (/proc files report size
 * 0), into STACK (PROCFS_STACK_READ bytes) while it fits, else onto the
 * heap.  The files read here (regular files, /proc/PID/cmdline and the
 * one-record ones: stat, status, comm, cgroup) fill each read until their
 * end, so a read that leaves room in the buffer was the last: no call is
 * made only to be told so.  Not so for many-record /proc files (maps,
 * /proc/net/...), which this must not read.  Returns 0 with *OUT, or
 * -errno. */
static int
procfs_read_text (const char *path, char *stack, ProcfsText *out)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return -errno;

  gsize cap = PROCFS_STACK_READ, n = 0;
  char *b = stack, *heap = NULL;
  for (;;)
    {
      if (cap - n < 2)
        {
          cap *= 2;
          if (!heap)
            heap = memcpy (g_malloc (cap), stack, n);
          else
            heap = g_realloc (heap, cap);
          b = heap;
        }
      ssize_t r = read (fd, b + n, cap - n - 1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int err = -errno;
          close (fd);
          g_free (heap);
          return err;
        }
      n += r;
      if (r == 0 || n < cap - 1)
        break;
    }
  close (fd);
  b[n] = '\0';
  *out = (ProcfsText) { .data = b, .len = n, .heap = heap };
  return 0;
}

/* Reads the whole file at PATH (see procfs_read_text).  Returns 0 with
 * *BUF (NUL-terminated, g_free it) and *LEN, or -errno. */
static int
procfs_read_file (const char *path, char **buf, gsize *len)
{
  char stack[PROCFS_STACK_READ];
  ProcfsText t;
  int r = procfs_read_text (path, stack, &t);

  if (r < 0)
    return r;
  *buf = t.heap ? t.heap : g_memdup2 (t.data, t.len + 1);
  *len = t.len;
  return 0;
}

/* Longest ROOT/PID/NAME path procfs_path() writes. */
#define PROCFS_PATH_MAX 4096

/* Writes "ROOT/PID/NAME" into BUF (PROCFS_PATH_MAX bytes): done for every
 * EXEC, where printf would cost more than the rest of the event.  Returns
 * FALSE if it does not fit. */
static gboolean
procfs_path (char *buf, const char *root, gint pid, const char *name)
{
  char digits[DECIMAL_MAX];
  gsize dl = (gsize) (decimal_put (digits, (guint) pid) - digits);
  gsize rl = strlen (root), nl = strlen (name);
  if (rl + dl + nl + 3 > PROCFS_PATH_MAX)
    return FALSE;
  char *p = mempcpy (buf, root, rl);
  *p++ = '/';
  p = mempcpy (p, digits, dl);
  *p++ = '/';
  memcpy (p, name, nl + 1);
  return TRUE;
}

/* Reads ROOT/PID/NAME whole into STACK or the heap (see
 * procfs_read_text). */
static int
procfs_read_pid_text (const char *root, gint pid, const char *name, char *stack,
                      ProcfsText *out)
{
  char path[PROCFS_PATH_MAX];

  if (!procfs_path (path, root, pid, name))
    return -ENAMETOOLONG;
  return procfs_read_text (path, stack, out);
}

/* The size of a memory page (what /proc/PID/stat counts rss in). */
static gint64
procfs_page_size (void)
{
  long size = sysconf (_SC_PAGESIZE);
  return size > 0 ? size : 4096;
}

/* Parses a whole decimal token into [MIN, MAX]; FALSE on garbage. */
static gboolean
procfs_parse_num (const char *s, gint64 min, gint64 max, gint64 *out)
{
  return g_ascii_string_to_signed (s, 10, min, max, out, NULL);
}

/* PF_WQ_WORKER: a workqueue worker (kworker), whose name /proc gives with
 * the description of the work it did last. */
#define PROCFS_PF_WQ_WORKER 0x20u

/* Cuts from the name NAME of a workqueue worker what /proc appends to the
 * name the kernel gave it: '-' ('+' while it works) and the description
 * of its last work, which changes from one read to the next though no
 * one renamed the worker ("kworker/0:2-events" is kworker/0:2).  The
 * kernel's names are "kworker/" and an id with neither sign ("0:2",
 * "u8:1", "1:1H"), or "kworker/R-" and a workqueue's name for a rescuer,
 * cut at the first sign of that name: the same cut with or without what
 * /proc appends. */
static void
procfs_wq_worker_name (char *name)
{
  const char *rest = g_str_has_prefix (name, "kworker/R-") ? name + strlen ("kworker/R-")
                     : g_str_has_prefix (name, "kworker/") ? name + strlen ("kworker/")
                     : NULL;
  char *sign = rest ? strpbrk (rest, "+-") : NULL;

  if (sign)
    *sign = '\0';
}

/* Fields of a stat line kept by procfs_parse_stat: 3 to 52 and more. */
#define PROCFS_STAT_FIELDS 64

int
procfs_parse_stat (const char *buf, gsize len, ProcfsStat *out)
{
  const char *lp = memchr (buf, '(', len);
  const char *rp = memrchr (buf, ')', len);
  gint64 pid, ppid, sid, flags, exit_code = 0, rss = -1;
  guint64 start, utime, stime;
  char head[24];

  if (!lp || !rp || rp < lp || lp == buf || lp[-1] != ' ')
    return -EINVAL;

  /* "PID (" */
  if ((gsize) (lp - 1 - buf) >= sizeof head)
    return -EINVAL;
  memcpy (head, buf, lp - 1 - buf);
  head[lp - 1 - buf] = '\0';
  if (!procfs_parse_num (head, 1, G_MAXINT, &pid))
    return -EINVAL;

  /* ") S PPID PGRP SID ...": fields from 3 on, one space apart, cut in
   * place in one copy (every space ends a field, as g_strsplit would). */
  g_autofree char *tail = g_strndup (rp + 1, len - (rp + 1 - buf));
  char *fields[PROCFS_STAT_FIELDS];
  guint n = 0;
  for (char *f = g_strstrip (tail);; f++)
    {
      char *space = strchr (f, ' ');
      if (n < PROCFS_STAT_FIELDS)
        fields[n] = f;
      n++;
      if (!space)
        break;
      *space = '\0';
      f = space;
    }
#define FIELD(k) (fields[(k) - 3])
  G_STATIC_ASSERT (PROCFS_STAT_EXIT_CODE - 2 <= PROCFS_STAT_FIELDS);
  if (n < PROCFS_STAT_MIN_FIELDS - 2 || strlen (FIELD (3)) != 1
      || !procfs_parse_num (FIELD (4), 0, G_MAXINT, &ppid)
      || !procfs_parse_num (FIELD (6), 0, G_MAXINT, &sid)
      || !procfs_parse_num (FIELD (9), 0, G_MAXUINT32, &flags)
      || !g_ascii_string_to_unsigned (FIELD (14), 10, 0, G_MAXUINT64 / 2, &utime, NULL)
      || !g_ascii_string_to_unsigned (FIELD (15), 10, 0, G_MAXUINT64 / 2, &stime, NULL)
      || !g_ascii_string_to_unsigned (FIELD (22), 10, 0, G_MAXUINT64, &start, NULL))
    return -EINVAL;
  if (n >= PROCFS_STAT_RSS - 2
      && !procfs_parse_num (FIELD (PROCFS_STAT_RSS), 0, G_MAXINT64 / 65536, &rss))
    return -EINVAL;
  if (n >= PROCFS_STAT_EXIT_CODE - 2
      && !procfs_parse_num (FIELD (PROCFS_STAT_EXIT_CODE), G_MININT, G_MAXINT,
                            &exit_code))
    return -EINVAL;

  out->pid = pid;
  out->comm = g_strndup (lp + 1, rp - lp - 1);
  if (flags & PROCFS_PF_WQ_WORKER)
    procfs_wq_worker_name (out->comm);
  out->state = FIELD (3)[0];
#undef FIELD
  out->ppid = ppid;
  out->sid = sid;
  out->flags = flags;
  out->start_ticks = start;
  out->cpu_ticks = utime + stime;
  out->rss_bytes = rss < 0 ? -1 : rss * procfs_page_size ();
  out->exit_code = exit_code;
  return 0;
}

void
procfs_stat_clear (ProcfsStat *st)
{
  g_free (st->comm);
  memset (st, 0, sizeof *st);
}

int
procfs_read_stat (const char *root, gint pid, gint tid, ProcfsStat *out)
{
  char name[32], stack[PROCFS_STACK_READ];
  ProcfsText t;

  if (tid == pid)
    strcpy (name, "stat");
  else
    g_snprintf (name, sizeof name, "task/%d/stat", tid);
  int r = procfs_read_pid_text (root, pid, name, stack, &t);
  if (r < 0)
    return r;
  r = t.len == 0 ? -ESRCH : procfs_parse_stat (t.data, t.len, out);
  procfs_text_clear (&t);
  return r;
}

/* Reads the target of the link ROOT/PID/NAME into BUF (PROCFS_PATH_MAX
 * bytes), with a NUL after it.  Returns its length, or -errno.  The
 * kernel writes a /proc link's target in PATH_MAX bytes, its NUL
 * included, and refuses a longer one: what does not fit here is refused
 * too (-ENAMETOOLONG). */
static gssize
procfs_readlink (const char *root, gint pid, const char *name, char *buf)
{
  char path[PROCFS_PATH_MAX];

  if (!procfs_path (path, root, pid, name))
    return -ENAMETOOLONG;
  ssize_t n = readlink (path, buf, PROCFS_PATH_MAX);
  if (n < 0)
    return -errno;
  if (n >= PROCFS_PATH_MAX)
    return -ENAMETOOLONG;
  buf[n] = '\0';
  return n;
}

/* The NULL-terminated vector of the arguments in the LEN bytes of a
 * cmdline file at BUF (a NUL after them): each NUL ends one, and the last
 * may lack its own.  NULL for none (a kernel thread, a zombie). */
static char **
procfs_cmdline_argv (const char *buf, gsize len)
{
  if (len == 0)
    return NULL;
  guint argc = buf[len - 1] != '\0';
  for (gsize i = 0; i < len; i++)
    argc += buf[i] == '\0';
  char **v = g_new (char *, argc + 1);
  const char *p = buf;
  for (guint i = 0; i < argc; i++)
    {
      gsize n = strlen (p);
      v[i] = g_strndup (p, n);
      p += n + 1;
    }
  v[argc] = NULL;
  return v;
}

int
procfs_read_cmdline (const char *root, gint pid, char ***argv)
{
  char stack[PROCFS_STACK_READ];
  ProcfsText t;

  int r = procfs_read_pid_text (root, pid, "cmdline", stack, &t);
  if (r < 0)
    return r;
  *argv = procfs_cmdline_argv (t.data, t.len);
  procfs_text_clear (&t);
  return 0;
}

/* The most bytes of a block whose buffer is kept (procfs_exec_trim). */
#define PROCFS_EXEC_KEEP 4096

/* The files a block of procfs_exec_read holds, in the order read. */
enum { PROCFS_EXEC_CMDLINE, PROCFS_EXEC_EXE, PROCFS_EXEC_COMM, PROCFS_EXEC_FILES };

/* The head of a block procfs_exec_read makes: the length of the
 * process's cmdline, exe target and comm (no newline), each -1 when it
 * could not be read.  Their bytes follow, one after the other, each with
 * a NUL after it (a cmdline's last argument may lack its own). */
typedef struct {
  gssize len[PROCFS_EXEC_FILES];
} ProcfsExec;

void
procfs_exec_read (const char *root, gint pid, GByteArray *block)
{
  char cmdline[PROCFS_STACK_READ], exe[PROCFS_PATH_MAX], comm[PROCFS_STACK_READ];
  ProcfsText t[2] = { { 0 }, { 0 } };   /* cmdline, comm */
  const char *data[PROCFS_EXEC_FILES] = { NULL, NULL, NULL };
  ProcfsExec x = { .len = { -1, -1, -1 } };

  if (procfs_read_pid_text (root, pid, "cmdline", cmdline, &t[0]) == 0)
    {
      data[PROCFS_EXEC_CMDLINE] = t[0].data;
      x.len[PROCFS_EXEC_CMDLINE] = (gssize) t[0].len;
    }
  gssize exe_len = procfs_readlink (root, pid, "exe", exe);
  x.len[PROCFS_EXEC_EXE] = exe_len < 0 ? -1 : exe_len;
  data[PROCFS_EXEC_EXE] = exe;
  if (procfs_read_pid_text (root, pid, "comm", comm, &t[1]) == 0)
    {
      if (t[1].len > 0 && t[1].data[t[1].len - 1] == '\n')
        t[1].data[--t[1].len] = '\0';
      data[PROCFS_EXEC_COMM] = t[1].data;
      x.len[PROCFS_EXEC_COMM] = (gssize) t[1].len;
    }

  g_byte_array_set_size (block, 0);
  g_byte_array_append (block, (const guint8 *) &x, sizeof x);
  for (int i = 0; i < PROCFS_EXEC_FILES; i++)
    if (x.len[i] >= 0)
      g_byte_array_append (block, (const guint8 *) data[i], (guint) x.len[i] + 1);
  procfs_text_clear (&t[0]);
  procfs_text_clear (&t[1]);
}

void
procfs_exec_trim (GByteArray **block)
{
  if ((*block)->len <= PROCFS_EXEC_KEEP)
    return;
  g_byte_array_unref (*block);
  *block = g_byte_array_new ();
}

void
procfs_exec_apply (const GByteArray *block, Event *ev)
{
  ProcfsExec x;

  if (block->len < sizeof x)
    return;
  memcpy (&x, block->data, sizeof x);
  const char *at = (const char *) block->data + sizeof x;
  const gssize *len = x.len;
  gsize need = sizeof x;
  for (int i = 0; i < PROCFS_EXEC_FILES; i++)
    need += len[i] >= 0 ? (gsize) len[i] + 1 : 0;
  if (need != block->len)
    return;   /* not a block procfs_exec_read made */

  if (len[PROCFS_EXEC_CMDLINE] >= 0)
    {
      g_strfreev (ev->argv);
      ev->argv = procfs_cmdline_argv (at, (gsize) len[PROCFS_EXEC_CMDLINE]);
      at += len[PROCFS_EXEC_CMDLINE] + 1;
    }
  if (len[PROCFS_EXEC_EXE] >= 0)
    {
      g_free (ev->exe);
      ev->exe = g_strndup (at, (gsize) len[PROCFS_EXEC_EXE]);
      at += len[PROCFS_EXEC_EXE] + 1;
    }
  if (len[PROCFS_EXEC_COMM] >= 0)
    {
      g_free (ev->comm);
      ev->comm = g_strndup (at, (gsize) len[PROCFS_EXEC_COMM]);
    }
}

int
procfs_read_link (const char *root, gint pid, const char *name, char **target)
{
  char buf[PROCFS_PATH_MAX];
  gssize n = procfs_readlink (root, pid, name, buf);

  if (n < 0)
    return (int) n;
  *target = g_strndup (buf, (gsize) n);
  return 0;
}

/* Parses the real and effective ids that follow a "Uid:"/"Gid:" tag. */
static gboolean
procfs_parse_id_pair (const char *s, guint32 *real, guint32 *eff)
{
  char *end;
  guint64 r, e;

  r = g_ascii_strtoull (s, &end, 10);
  if (end == s || (*end != '\t' && *end != ' ') || r > G_MAXUINT32)
    return FALSE;
  s = end;
  e = g_ascii_strtoull (s, &end, 10);
  if (end == s || e > G_MAXUINT32)
    return FALSE;
  *real = r;
  *eff = e;
  return TRUE;
}

/* Parses the pids that follow an "NSpid:" tag into *OUT. */
static void
procfs_parse_nspid (const char *s, ProcfsStatus *out)
{
  guint n = 0;
  guint64 last = 0;

  for (;;)
    {
      char *end;
      while (*s == '\t' || *s == ' ')
        s++;
      if (*s == '\n' || !*s)
        break;
      guint64 v = g_ascii_strtoull (s, &end, 10);
      if (end == s || v == 0 || v > G_MAXINT || ++n > WHERE_LEVEL_MAX + 1)
        return;
      last = v;
      s = end;
    }
  if (n == 0)
    return;
  out->has_nspid = TRUE;
  out->nspid = (gint) last;
  out->ns_level = n - 1;
}

int
procfs_parse_status (const char *buf, gsize len, ProcfsStatus *out)
{
  ProcfsStatus st = { 0 };
  guint found = 0;
  g_autofree char *text = g_strndup (buf, len);

  for (char *line = text; line && *line; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (g_str_has_prefix (line, "Uid:")
          && procfs_parse_id_pair (line + 4, &st.ruid, &st.euid))
        found |= 1;
      else if (g_str_has_prefix (line, "Gid:")
               && procfs_parse_id_pair (line + 4, &st.rgid, &st.egid))
        found |= 2;
      else if (g_str_has_prefix (line, "Threads:"))
        {
          char *end;
          guint64 v = g_ascii_strtoull (line + 8, &end, 10);
          st.threads = end > line + 8 && v <= G_MAXINT ? (gint) v : 0;
        }
      else if (g_str_has_prefix (line, "NSpid:"))
        procfs_parse_nspid (line + 6, &st);
    }
  if (found != 3)
    return -EINVAL;
  *out = st;
  return 0;
}

int
procfs_read_status (const char *root, gint pid, ProcfsStatus *out)
{
  char stack[PROCFS_STACK_READ];
  ProcfsText t;

  int r = procfs_read_pid_text (root, pid, "status", stack, &t);
  if (r < 0)
    return r;
  r = procfs_parse_status (t.data, t.len, out);
  procfs_text_clear (&t);
  return r;
}

int
procfs_read_cgroup (const char *root, gint pid, char **cgroup)
{
  char stack[PROCFS_STACK_READ];
  ProcfsText t;
  char *path;

  int r = procfs_read_pid_text (root, pid, "cgroup", stack, &t);
  if (r < 0)
    return r;
  path = cgroup_pick (t.data);
  procfs_text_clear (&t);
  if (!path)
    return -ENODATA;
  *cgroup = path;
  return 0;
}

int
procfs_read_container (const char *root, gint pid, Container **c)
{
  g_autofree char *cgroup = NULL;
  int r = procfs_read_cgroup (root, pid, &cgroup);

  if (r < 0)
    return r;
  *c = cgroup_container (cgroup);
  return 0;
}

int
procfs_read_pidns (const char *root, const char *who, guint64 *inode)
{
  g_autofree char *path = g_strconcat (root, "/", who, "/ns/pid", NULL);
  char buf[64];
  guint64 v;
  ssize_t n = readlink (path, buf, sizeof buf - 1);

  if (n < 0)
    return -errno;
  buf[n] = '\0';
  if (!g_str_has_prefix (buf, "pid:[") || n < 7 || buf[n - 1] != ']')
    return -EINVAL;
  buf[n - 1] = '\0';
  if (!g_ascii_string_to_unsigned (buf + 5, 10, 1, G_MAXUINT64, &v, NULL))
    return -EINVAL;
  *inode = v;
  return 0;
}

/* pidfd_open(PID, 0): a pidfd, or -1 with errno (ENOSYS without one). */
static int
procfs_pidfd_open (gint pid)
{
#if HAVE_PIDFD_OPEN
  return pidfd_open (pid, 0);
#elif defined SYS_pidfd_open
  return (int) syscall (SYS_pidfd_open, pid, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}

/* pidfd_send_signal(FD, SIG, NULL, 0): 0, or -1 with errno. */
static int
procfs_pidfd_send_signal (int fd, int sig)
{
#if HAVE_PIDFD_OPEN
  return pidfd_send_signal (fd, sig, NULL, 0);
#elif defined SYS_pidfd_send_signal
  return (int) syscall (SYS_pidfd_send_signal, fd, sig, NULL, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}

int
procfs_signal (const char *root, gint pid, gint64 start_ns, int sig)
{
  ProcfsStat st = { 0 };
  int fd = procfs_pidfd_open (pid);

  if (fd < 0 && errno != ENOSYS && errno != EPERM)
    return -errno;
  int r = procfs_read_stat (root, pid, pid, &st);
  if (r == -ENOENT)
    r = -ESRCH;
  if (r == 0 && !event_same_start (procfs_ticks_to_ns (st.start_ticks), start_ns))
    r = -ESRCH;
  procfs_stat_clear (&st);
  if (r == 0 && (fd >= 0 ? procfs_pidfd_send_signal (fd, sig) : kill (pid, sig)) < 0)
    r = -errno;
  if (fd >= 0)
    close (fd);
  return r;
}

char *
procfs_read_kernel_line (const char *root, const char *name)
{
  g_autofree char *path = g_strconcat (root, "/sys/kernel/", name, NULL);
  g_autofree char *buf = NULL;
  gsize len;

  if (procfs_read_file (path, &buf, &len) < 0)
    return NULL;
  g_strchomp (buf);
  return buf[0] ? g_steal_pointer (&buf) : NULL;
}

/* Whether ID looks like a boot id: 36 characters, hex digits and dashes
 * (entity ids are built from it and written unescaped). */
static gboolean
procfs_is_boot_id (const char *id)
{
  return id && strlen (id) == 36 && strspn (id, "0123456789abcdef-") == 36;
}

Origin *
procfs_read_origin (const char *root)
{
  Origin *o = origin_new ();

  o->host = procfs_read_kernel_line (root, "hostname");
  o->boot_id = procfs_read_kernel_line (root, "random/boot_id");
  if (!procfs_is_boot_id (o->boot_id))
    g_clear_pointer (&o->boot_id, g_free);
  o->kernel = procfs_read_kernel_line (root, "osrelease");
  return o;
}

gint
procfs_cpu_permille (guint64 ticks_then, gint64 ns_then, guint64 ticks_now, gint64 ns_now)
{
  if (ns_now <= ns_then || ticks_now < ticks_then)
    return -1;
  gint64 used = procfs_ticks_to_ns (ticks_now - ticks_then);
  double permille = (double) used * 1000 / (double) (ns_now - ns_then);
  return permille >= G_MAXINT ? G_MAXINT : (gint) permille;
}

gint64
procfs_ticks_to_ns (guint64 ticks)
{
  long hz = sysconf (_SC_CLK_TCK);
  if (hz <= 0)
    hz = 100;
  /* Split so that ticks * 1e9 cannot overflow; a start past 2262 is one. */
  if (ticks / hz >= (guint64) (G_MAXINT64 / G_GINT64_CONSTANT (1000000000)))
    return G_MAXINT64;
  return (gint64) (ticks / hz) * G_GINT64_CONSTANT (1000000000)
         + (gint64) (ticks % hz) * G_GINT64_CONSTANT (1000000000) / hz;
}
