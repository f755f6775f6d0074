/* test-procfs.c - /proc readers and the scan, on fixture trees and crafted text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "procfs.h"
#include "tstr.h"

#define FIXTURE TEST_DATA "/proc-scan"
/* The container of the fixture's 800 and 20. */
#define CONTAINER_ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A stat line with 52 fields; COMM and numbers are substituted. */
#define STAT_FMT "%d (%s) %c %d %d %d 0 -1 %u 0 0 0 0 0 0 0 0 20 0 1 0 %s 4096 100 " \
  "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 %d\n"

/* Parses a NUL-terminated string as stat text. */
static int
parse (const char *text, ProcfsStat *st)
{
  return procfs_parse_stat (text, strlen (text), st);
}

/* A well-formed line parses into every field the model uses. */
static void
test_parse_normal (void **state)
{
  ProcfsStat st = { 0 };
  g_autofree char *line = g_strdup_printf (STAT_FMT, 42, "bash", 'S', 7, 42, 40,
                                           0x400100u, "123456", 0);

  assert_int_equal (parse (line, &st), 0);
  assert_int_equal (st.pid, 42);
  assert_string_equal (st.comm, "bash");
  assert_int_equal (st.state, 'S');
  assert_int_equal (st.ppid, 7);
  assert_int_equal (st.sid, 40);
  assert_int_equal (st.flags, 0x400100u);
  assert_int_equal (st.start_ticks, 123456);
  assert_int_equal (st.exit_code, 0);
  procfs_stat_clear (&st);
  assert_null (st.comm);
}

/* The name runs from the first '(' to the last ')', whatever is inside. */
static void
test_parse_weird_comm (void **state)
{
  const char *names[] = { "a b", ") S 1 2 3", "x) (y\nz )", "((", "", ")", "\t\n\x1b[31m" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ProcfsStat st = { 0 };
      g_autofree char *line = g_strdup_printf (STAT_FMT, 9, names[i], 'R', 1, 9, 9,
                                               0u, "77", 0);
      assert_int_equal (parse (line, &st), 0);
      assert_string_equal (st.comm, names[i]);
      assert_int_equal (st.state, 'R');
      assert_int_equal (st.ppid, 1);
      assert_int_equal (st.start_ticks, 77);
      procfs_stat_clear (&st);
    }
}

/* A workqueue worker's name is the kernel's, without the description of
 * its last work that /proc appends (it changes between reads though no
 * one renamed the worker); another task's name is kept whole, signs and
 * all. */
static void
test_parse_wq_worker (void **state)
{
  const struct { const char *name; guint flags; const char *want; } cases[] = {
    { "kworker/0:2-events", 0x04208060u, "kworker/0:2" },
    { "kworker/0:2+events", 0x04208060u, "kworker/0:2" },
    { "kworker/0:2-mm_percpu_wq", 0x04208060u, "kworker/0:2" },
    { "kworker/0:2", 0x04208060u, "kworker/0:2" },
    { "kworker/u8:1-flush-8:0", 0x04208060u, "kworker/u8:1" },
    { "kworker/1:1H-kblockd", 0x04208060u, "kworker/1:1H" },
    { "kworker/R-md", 0x04208060u, "kworker/R-md" },
    { "kworker/R-md-events", 0x04208060u, "kworker/R-md" },
    { "kworker/R-ext4-", 0x04208060u, "kworker/R-ext4" },
    { "kworker/R-ext4--events", 0x04208060u, "kworker/R-ext4" },
    { "other-name", 0x04208060u, "other-name" },
    { "kworker/0:2-events", 0x00400100u, "kworker/0:2-events" },
    { "make-4.3", 0x00400100u, "make-4.3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ProcfsStat st = { 0 };
      g_autofree char *line = g_strdup_printf (STAT_FMT, 9, cases[i].name, 'I', 2, 0, 0,
                                               cases[i].flags, "77", 0);
      assert_int_equal (parse (line, &st), 0);
      assert_string_equal (st.comm, cases[i].want);
      procfs_stat_clear (&st);
    }
}

/* Kernel threads carry PF_KTHREAD; zombies their wait status in field 52. */
static void
test_parse_kthread_zombie (void **state)
{
  ProcfsStat st = { 0 };
  g_autofree char *kt = g_strdup_printf (STAT_FMT, 2, "kthreadd", 'S', 0, 0, 0,
                                         0x208040u, "1", 0);
  g_autofree char *zombie = g_strdup_printf (STAT_FMT, 400, "defunct", 'Z', 1, 1, 1,
                                             0x400104u, "9", 139);

  assert_int_equal (parse (kt, &st), 0);
  assert_true (st.flags & 0x00200000u);
  procfs_stat_clear (&st);
  assert_int_equal (parse (zombie, &st), 0);
  assert_int_equal (st.state, 'Z');
  assert_false (st.flags & 0x00200000u);
  assert_int_equal (st.exit_code, 139);
  procfs_stat_clear (&st);
}

/* CPU time (user + system, fields 14 and 15) and resident memory (field
 * 24, pages) for the viewer's columns. */
static void
test_parse_usage (void **state)
{
  ProcfsStat st = { 0 };
  const char *line = "7 (busy) R 1 7 7 0 -1 0 0 0 0 0 250 50 9 9 20 0 1 0 300 8192 1234 "
                     "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0";
  const char *old = "5 (old) S 1 5 5 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 300";

  assert_int_equal (parse (line, &st), 0);
  assert_int_equal (st.cpu_ticks, 300);
  assert_int_equal (st.rss_bytes, 1234 * sysconf (_SC_PAGESIZE));
  procfs_stat_clear (&st);
  assert_int_equal (parse (old, &st), 0);
  assert_int_equal (st.cpu_ticks, 7);
  assert_int_equal (st.rss_bytes, -1);
  procfs_stat_clear (&st);
  const char *bad = "7 (busy) R 1 7 7 0 -1 0 0 0 0 0 x 50 9 9 20 0 1 0 300 8192 1234";
  assert_int_equal (parse (bad, &st), -EINVAL);
}

/* CPU use between two readings, in thousandths of a CPU. */
static void
test_cpu_permille (void **state)
{
  long hz = sysconf (_SC_CLK_TCK);
  const gint64 s = G_GINT64_CONSTANT (1000000000);

  /* Half a second of CPU in a second; one and two seconds in 1.5 s. */
  assert_int_equal (procfs_cpu_permille (1000, 5 * s, 1000 + hz / 2, 6 * s), 500);
  assert_int_equal (procfs_cpu_permille (0, s, hz, 2 * s + s / 2), 666);
  assert_int_equal (procfs_cpu_permille (0, s, 2 * hz, 2 * s + s / 2), 1333);
  assert_int_equal (procfs_cpu_permille (7, s, 7, 2 * s), 0);
  /* Nothing to say: no time passed, or the count went back. */
  assert_int_equal (procfs_cpu_permille (0, s, hz, s), -1);
  assert_int_equal (procfs_cpu_permille (10, s, 5, 2 * s), -1);
}

/* Old kernels stop before field 52: no exit code, still valid. */
static void
test_parse_old_kernel (void **state)
{
  ProcfsStat st = { 0 };
  const char *line = "5 (old) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0";

  assert_int_equal (parse (line, &st), 0);
  assert_int_equal (st.start_ticks, 300);
  assert_int_equal (st.exit_code, 0);
  procfs_stat_clear (&st);
}

/* Short and garbage text is -EINVAL and leaves OUT alone. */
static void
test_parse_garbage (void **state)
{
  const char *bad[] = {
    "", "(", ")", "()", "x", "1", "1 (a", "1 a) S 0", "(a) S 1 2 3",
    "1 (a) S 0",
    "abc (a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    "1(a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    "-1 (a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    "1 (a) S x 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    "1 (a) SS 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    "1 (a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 -300 0 0",
    "1 (a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 30x 0 0",
    "1 (a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0",
    "1 (a) S 1  5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    "1 (a) S 1 5 5 0 -1 99999999999 0 0 0 0 0 0 0 0 20 0 1 0 300 0 0",
    ("1 (a) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 300 "
     "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 zz"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ProcfsStat st = { .pid = -7, .comm = T_STR ("keep") };
      assert_int_equal (parse (bad[i], &st), -EINVAL);
      assert_int_equal (st.pid, -7);
      assert_string_equal (st.comm, "keep");
    }
}

/* Every prefix of a valid line, in an exactly sized heap buffer (ASan
 * catches any read past LEN), either parses or is -EINVAL. */
static void
test_parse_prefixes (void **state)
{
  g_autofree char *line = g_strdup_printf (STAT_FMT, 31, "p (q) r", 'S', 1, 31, 31,
                                           0u, "4242", 256);
  gsize full = strlen (line);
  guint ok = 0;

  for (gsize len = 0; len <= full; len++)
    {
      g_autofree char *buf = g_memdup2 (line, len ? len : 1);
      ProcfsStat st = { 0 };
      int r = procfs_parse_stat (buf, len, &st);
      assert_true (r == 0 || r == -EINVAL);
      if (r == 0)
        {
          ok++;
          g_autofree char *ticks = g_strdup_printf ("%" G_GUINT64_FORMAT, st.start_ticks);
          assert_string_equal (st.comm, "p (q) r");
          /* A cut inside field 22 leaves a shorter, still valid number. */
          assert_true (g_str_has_prefix ("4242", ticks));
        }
      procfs_stat_clear (&st);
    }
  /* Prefixes that end inside field 22 or later parse; shorter ones do not. */
  assert_int_equal (ok, full + 1 - (strstr (line, " 4242 ") + 2 - line));
}

/* Random bytes never crash the parser. */
static void
test_parse_random (void **state)
{
  GRand *rand = g_rand_new_with_seed (1234);
  const char alphabet[] = "0123456789 ()SZ-\n\0x";

  for (guint i = 0; i < 20000; i++)
    {
      gsize len = g_rand_int_range (rand, 0, 200);
      g_autofree char *buf = g_malloc (len + 1);
      for (gsize j = 0; j < len; j++)
        buf[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      ProcfsStat st = { 0 };
      int r = procfs_parse_stat (buf, len, &st);
      assert_true (r == 0 || r == -EINVAL);
      procfs_stat_clear (&st);
    }
  g_rand_free (rand);
}

/* Stat files of processes and threads from the fixture tree. */
static void
test_read_stat (void **state)
{
  ProcfsStat st = { 0 };

  assert_int_equal (procfs_read_stat (FIXTURE, 200, 200, &st), 0);
  assert_string_equal (st.comm, "x) (y\nz )");
  assert_int_equal (st.ppid, 100);
  procfs_stat_clear (&st);

  assert_int_equal (procfs_read_stat (FIXTURE, 100, 101, &st), 0);
  assert_int_equal (st.pid, 101);
  assert_string_equal (st.comm, "server-io");
  assert_int_equal (st.start_ticks, 510);
  procfs_stat_clear (&st);

  assert_int_equal (procfs_read_stat (FIXTURE, 400, 400, &st), 0);
  assert_int_equal (st.state, 'Z');
  assert_int_equal (st.exit_code, 256);
  procfs_stat_clear (&st);

  assert_int_equal (procfs_read_stat (FIXTURE, 500, 500, &st), -EINVAL);
  assert_int_equal (procfs_read_stat (FIXTURE, 700, 700, &st), -ENOENT);
  assert_int_equal (procfs_read_stat (FIXTURE, 9999, 9999, &st), -ENOENT);
  assert_int_equal (procfs_read_stat (FIXTURE, 100, 9999, &st), -ENOENT);
  assert_null (st.comm);
}

/* Command lines: NUL-separated, with or without a final NUL, empty args. */
static void
test_read_cmdline (void **state)
{
  g_auto (GStrv) a = NULL, b = NULL;
  char **k = (char **) 1;

  assert_int_equal (procfs_read_cmdline (FIXTURE, 100, &a), 0);
  assert_int_equal (g_strv_length (a), 3);
  assert_string_equal (a[0], "/usr/bin/server");
  assert_string_equal (a[2], "8080");
  assert_int_equal (procfs_read_cmdline (FIXTURE, 200, &b), 0);
  assert_int_equal (g_strv_length (b), 3);
  assert_string_equal (b[0], "weird");
  assert_string_equal (b[1], "");
  assert_string_equal (b[2], "arg two");
  assert_int_equal (procfs_read_cmdline (FIXTURE, 2, &k), 0);
  assert_null (k);
  k = (char **) 1;
  assert_int_equal (procfs_read_cmdline (FIXTURE, 300, &k), -ENOENT);
  assert_ptr_equal (k, (char **) 1);
}

/* Makes a temporary tree with one process directory 1/; returns the root. */
static char *
make_tree (void)
{
  g_autoptr (GError) error = NULL;
  char *root = g_dir_make_tmp ("procfs-XXXXXX", &error);
  assert_non_null (root);
  g_autofree char *dir = g_build_filename (root, "1", NULL);
  assert_int_equal (g_mkdir (dir, 0755), 0);
  return root;
}

/* Writes LEN bytes to ROOT/1/NAME. */
static void
put (const char *root, const char *name, const char *data, gssize len)
{
  g_autofree char *path = g_build_filename (root, "1", name, NULL);
  assert_true (g_file_set_contents (path, data, len, NULL));
}

/* Removes the tree made by make_tree. */
static void
drop_tree (const char *root)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", root);
  assert_int_equal (system (cmd), 0);
}

/* Reads what procfs_exec_read gives of PID under ROOT into a new EXEC. */
static Event
exec_read (const char *root, gint pid)
{
  Event ev = { .kind = EVENT_EXEC, .pid = pid, .tgid = pid };
  g_autoptr (GByteArray) block = g_byte_array_new ();

  procfs_exec_read (root, pid, block);
  procfs_exec_apply (block, &ev);
  return ev;
}

/* An exec's three files in one block: comm loses exactly one trailing
 * newline; an empty cmdline (a kernel thread) is no argv; what is not
 * there stays unknown (NULL), and takes no bytes in the block. */
static void
test_exec_read (void **state)
{
  Event a = exec_read (FIXTURE, 100);
  assert_string_equal (a.comm, "server");
  assert_string_equal (a.exe, "/usr/bin/server");
  assert_int_equal (g_strv_length (a.argv), 3);
  assert_string_equal (a.argv[0], "/usr/bin/server");
  assert_string_equal (a.argv[2], "8080");
  event_clear (&a);

  Event b = exec_read (FIXTURE, 200);
  assert_string_equal (b.comm, "x) (y\nz )");
  assert_int_equal (g_strv_length (b.argv), 3);
  assert_string_equal (b.argv[1], "");
  event_clear (&b);

  Event k = exec_read (FIXTURE, 2);
  assert_null (k.argv);
  assert_null (k.exe);
  assert_null (k.comm);

  g_autoptr (GByteArray) none = g_byte_array_new ();
  g_autoptr (GByteArray) some = g_byte_array_new ();
  procfs_exec_read (FIXTURE, 300, none);
  procfs_exec_read (FIXTURE, 100, some);
  Event gone = { .kind = EVENT_EXEC, .comm = g_strdup ("kept") };
  procfs_exec_apply (none, &gone);
  assert_string_equal (gone.comm, "kept");
  assert_null (gone.argv);
  /* The cmdline file is 28 bytes, and each gets a NUL after it. */
  assert_int_equal (some->len, none->len + sizeof "server" + sizeof "/usr/bin/server" + 28 + 1);
  /* What is not a whole block gives nothing. */
  g_byte_array_set_size (some, some->len - 1);
  procfs_exec_apply (some, &gone);
  assert_string_equal (gone.comm, "kept");
  g_byte_array_set_size (some, 3);
  procfs_exec_apply (some, &gone);
  assert_string_equal (gone.comm, "kept");
  assert_null (gone.exe);
  event_clear (&gone);
}

/* A block holds a command line of any length, and the longest exe target
 * a link can have (PATH_MAX less its NUL). */
static void
test_exec_read_long (void **state)
{
  g_autofree char *root = make_tree ();
  g_autofree char *target = g_strnfill (4095, 'x');
  g_autofree char *path = g_build_filename (root, "1", "exe", NULL);
  g_autofree char *arg = g_strnfill (100000, 'a');

  assert_int_equal (symlink (target, path), 0);
  put (root, "cmdline", arg, -1);
  put (root, "comm", "long\n\n", -1);
  Event ev = exec_read (root, 1);
  assert_string_equal (ev.exe, target);
  assert_int_equal (g_strv_length (ev.argv), 1);
  assert_string_equal (ev.argv[0], arg);
  assert_string_equal (ev.comm, "long\n");
  event_clear (&ev);

  /* The buffer of a block that big is not kept (a new, empty one takes
   * its place); that of a small one is, as it was. */
  GByteArray *block = g_byte_array_new ();
  procfs_exec_read (root, 1, block);
  procfs_exec_trim (&block);
  assert_int_equal (block->len, 0);
  /* A last argument without its NUL, as a process may leave it. */
  put (root, "cmdline", "foo\0bar", 7);
  procfs_exec_read (root, 1, block);
  Event tail = { .kind = EVENT_EXEC };
  procfs_exec_apply (block, &tail);
  assert_int_equal (g_strv_length (tail.argv), 2);
  assert_string_equal (tail.argv[0], "foo");
  assert_string_equal (tail.argv[1], "bar");
  assert_string_equal (tail.exe, target);
  event_clear (&tail);
  procfs_exec_read (FIXTURE, 100, block);
  guint small = block->len;
  assert_true (small > 0);
  procfs_exec_trim (&block);
  assert_int_equal (block->len, small);
  g_byte_array_unref (block);
  drop_tree (root);
}

/* A command line of megabytes is read whole. */
static void
test_read_cmdline_huge (void **state)
{
  g_autofree char *root = make_tree ();
  const guint n = 100000;
  GString *s = g_string_new (NULL);
  g_auto (GStrv) argv = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s, "argument-%u", i);
      g_string_append_c (s, '\0');
    }
  put (root, "cmdline", s->str, s->len);
  assert_int_equal (procfs_read_cmdline (root, 1, &argv), 0);
  assert_int_equal (g_strv_length (argv), n);
  assert_string_equal (argv[0], "argument-0");
  assert_string_equal (argv[n - 1], "argument-99999");
  g_string_free (s, TRUE);
  drop_tree (root);
}

/* Symlink targets as long as a path may be; a missing link is -ENOENT. */
static void
test_read_link (void **state)
{
  g_autofree char *root = make_tree ();
  g_autofree char *exe = NULL, *lng = NULL;
  char *none = NULL;
  g_autofree char *target = g_strnfill (3000, 'x');
  g_autofree char *path = g_build_filename (root, "1", "cwd", NULL);

  assert_int_equal (procfs_read_link (FIXTURE, 1, "exe", &exe), 0);
  assert_string_equal (exe, "/usr/lib/systemd/systemd");
  assert_int_equal (procfs_read_link (FIXTURE, 300, "exe", &none), -ENOENT);
  assert_null (none);
  assert_int_equal (symlink (target, path), 0);
  assert_int_equal (procfs_read_link (root, 1, "cwd", &lng), 0);
  assert_string_equal (lng, target);
  drop_tree (root);
}

/* Real and effective ids and the threads from status; a status without
 * the ids is -EINVAL, one without a number of threads says 0. */
static void
test_read_status (void **state)
{
  g_autofree char *root = make_tree ();
  ProcfsStatus st = { .ruid = 1 };

  assert_int_equal (procfs_read_status (FIXTURE, 100, &st), 0);
  assert_int_equal (st.ruid, 1000);
  assert_int_equal (st.euid, 1000);
  assert_int_equal (st.rgid, 100);
  assert_int_equal (st.egid, 100);
  assert_int_equal (st.threads, 3);
  assert_int_equal (procfs_read_status (FIXTURE, 300, &st), -ENOENT);

  put (root, "status", "Name:\tx\nThreads:\t7\nUid:\t5\t6\t7\t8\nGid:\t9\t10\t11\t12\n", -1);
  assert_int_equal (procfs_read_status (root, 1, &st), 0);
  assert_int_equal (st.ruid, 5);
  assert_int_equal (st.euid, 6);
  assert_int_equal (st.rgid, 9);
  assert_int_equal (st.egid, 10);
  assert_int_equal (st.threads, 7);
  put (root, "status", "Uid:\t5\t6\nGid:\t9\t10\nThreads:\tx\n", -1);
  assert_int_equal (procfs_read_status (root, 1, &st), 0);
  assert_int_equal (st.threads, 0);
  put (root, "status", "Uid:\t5\t6\nGid:\t9\t10\nThreads:\t99999999999\n", -1);
  assert_int_equal (procfs_read_status (root, 1, &st), 0);
  assert_int_equal (st.threads, 0);

  const char *bad[] = { "", "Name:\tx\n", "Uid:\t5\t6\t7\t8\n",
                        "Uid:\t5\nGid:\t9\t10\n", "Uid:\tx\t6\nGid:\t9\t10\n",
                        "Uid:\t5\t99999999999\nGid:\t9\t10\n" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      put (root, "status", bad[i], -1);
      assert_int_equal (procfs_read_status (root, 1, &st), -EINVAL);
      assert_int_equal (st.ruid, 5);
    }
  drop_tree (root);
}

/* The path that stands for the process (cgroup_pick): the unified one,
 * wherever its line is, unless another names a container; then the
 * container it names. */
static void
test_read_cgroup (void **state)
{
  g_autofree char *root = make_tree ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  char *none = NULL;
  Container *k = NULL;

  assert_int_equal (procfs_read_cgroup (FIXTURE, 1, &a), 0);
  assert_string_equal (a, "/init.scope");
  assert_int_equal (procfs_read_cgroup (FIXTURE, 100, &b), 0);
  assert_string_equal (b, "/user.slice/server.scope");
  put (root, "cgroup", "4:memory:/x\n3:cpu:/y\n", -1);
  assert_int_equal (procfs_read_cgroup (root, 1, &c), 0);
  assert_string_equal (c, "/x");
  assert_int_equal (procfs_read_container (root, 1, &k), 0);
  assert_null (k);
  put (root, "cgroup", "4:memory:/docker/" CONTAINER_ID "\n0::/system.slice/containerd.service\n",
       -1);
  assert_int_equal (procfs_read_container (root, 1, &k), 0);
  assert_non_null (k);
  assert_string_equal (k->runtime, "docker");
  assert_string_equal (k->id, CONTAINER_ID);
  container_unref (k);
  put (root, "cgroup", "", 0);
  assert_int_equal (procfs_read_cgroup (root, 1, &none), -ENODATA);
  put (root, "cgroup", "no cgroup here\n", -1);
  assert_int_equal (procfs_read_cgroup (root, 1, &none), -ENODATA);
  assert_int_equal (procfs_read_cgroup (FIXTURE, 300, &none), -ENOENT);
  assert_null (none);
  drop_tree (root);
}

/* A status's NSpid line: one pid (forkscope's namespace), two or three
 * (nested namespaces: the last is the process's own); missing (before
 * Linux 4.1) or malformed, it says nothing. */
static void
test_parse_nspid (void **state)
{
  static const struct {
    const char *line;
    gboolean has;
    gint nspid;
    guint level;
  } cases[] = {
    { "NSpid:\t4242\n", TRUE, 4242, 0 },
    { "NSpid:\t30210\t2\n", TRUE, 2, 1 },
    { "NSpid:\t30210\t17\t1\n", TRUE, 1, 2 },
    { "NSpid:\t30210 2", TRUE, 2, 1 },            /* spaces, no newline */
    { "", FALSE, 0, 0 },
    { "NSpid:\n", FALSE, 0, 0 },
    { "NSpid:\t30210\tx\n", FALSE, 0, 0 },
    { "NSpid:\t30210\t0\n", FALSE, 0, 0 },
    { "NSpid:\t-1\n", FALSE, 0, 0 },
    { "NSpid:\t99999999999\n", FALSE, 0, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat ("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n",
                                           cases[i].line, NULL);
      ProcfsStatus st;
      assert_int_equal (procfs_parse_status (text, strlen (text), &st), 0);
      if (st.has_nspid != cases[i].has || st.nspid != cases[i].nspid
          || st.ns_level != cases[i].level)
        fail_msg ("'%s': got %d %d %u", cases[i].line, st.has_nspid, st.nspid, st.ns_level);
    }
  /* As deep as the kernel allows, and one more. */
  g_autoptr (GString) deep = g_string_new ("Uid:\t0\t0\nGid:\t0\t0\nNSpid:");
  for (guint i = 0; i <= WHERE_LEVEL_MAX; i++)
    g_string_append_printf (deep, "\t%u", i + 1);
  ProcfsStatus st;
  assert_int_equal (procfs_parse_status (deep->str, deep->len, &st), 0);
  assert_true (st.has_nspid);
  assert_int_equal (st.ns_level, WHERE_LEVEL_MAX);
  assert_int_equal (st.nspid, WHERE_LEVEL_MAX + 1);
  g_string_append (deep, "\t99");
  assert_int_equal (procfs_parse_status (deep->str, deep->len, &st), 0);
  assert_false (st.has_nspid);
}

/* The pid namespace of a process, from its ns/pid link. */
static void
test_read_pidns (void **state)
{
  g_autofree char *root = make_tree ();
  g_autofree char *dir = g_build_filename (root, "1", "ns", NULL);
  g_autofree char *link = g_build_filename (dir, "pid", NULL);
  guint64 inode = 0;

  assert_int_equal (g_mkdir_with_parents (dir, 0755), 0);
  assert_int_equal (symlink ("pid:[4026532417]", link), 0);
  assert_int_equal (procfs_read_pidns (root, "1", &inode), 0);
  assert_int_equal (inode, 4026532417u);
  assert_int_equal (g_unlink (link), 0);
  assert_int_equal (symlink ("net:[4026532417]", link), 0);
  assert_int_equal (procfs_read_pidns (root, "1", &inode), -EINVAL);
  assert_int_equal (g_unlink (link), 0);
  assert_int_equal (symlink ("pid:[x]", link), 0);
  assert_int_equal (procfs_read_pidns (root, "1", &inode), -EINVAL);
  assert_int_equal (procfs_read_pidns (root, "2", &inode), -ENOENT);
  /* This process's own, on this machine. */
  assert_int_equal (procfs_read_pidns ("/proc", "self", &inode), 0);
  assert_true (inode > 0);
  assert_int_equal (g_unlink (link), 0);
  assert_int_equal (g_rmdir (dir), 0);
  drop_tree (root);
}

/* Ticks convert exactly and without overflow for huge uptimes. */
static void
test_ticks (void **state)
{
  long hz = sysconf (_SC_CLK_TCK);

  assert_int_equal (procfs_ticks_to_ns (0), 0);
  assert_int_equal (procfs_ticks_to_ns (hz), 1000000000);
  assert_int_equal (procfs_ticks_to_ns (3 * hz + 1), 3000000000 + 1000000000 / hz);
  /* ticks * 1e9 would overflow 64 bits here. */
  assert_int_equal (procfs_ticks_to_ns (G_GUINT64_CONSTANT (1000000000) * hz),
                    G_GINT64_CONSTANT (1000000000) * 1000000000);
  /* Past 2262 the result would overflow: it saturates. */
  assert_int_equal (procfs_ticks_to_ns (G_MAXUINT64), G_MAXINT64);
}

/* Forks a child that waits for a signal; returns its pid and its start
 * time as /proc tells it. */
static pid_t
spawn_sleeper (gint64 *start_ns)
{
  ProcfsStat st = { 0 };
  pid_t pid = fork ();

  if (pid == 0)
    {
      for (;;)
        pause ();
    }
  g_assert (pid > 0);
  g_assert (procfs_read_stat ("/proc", pid, pid, &st) == 0);
  *start_ns = procfs_ticks_to_ns (st.start_ticks);
  procfs_stat_clear (&st);
  return pid;
}

/* Signals a real child through procfs_signal: refused for another start
 * time (the child lives on), delivered for its own, refused once it is
 * gone.  Returns 0 when all went so, else the step that failed (from a
 * child process, where cmocka's asserts cannot be used). */
static int
check_signal (void)
{
  gint64 start;
  int status;
  pid_t pid = spawn_sleeper (&start);

  if (procfs_signal ("/proc", pid, start + 10 * G_GINT64_CONSTANT (1000000000), SIGTERM) != -ESRCH)
    return 1;
  if (waitpid (pid, &status, WNOHANG) != 0)
    return 2;
  if (procfs_signal ("/proc", pid, start, SIGTERM) != 0)
    return 3;
  if (waitpid (pid, &status, 0) != pid || !WIFSIGNALED (status) || WTERMSIG (status) != SIGTERM)
    return 4;
  if (procfs_signal ("/proc", pid, start, SIGTERM) != -ESRCH)
    return 5;
  return 0;
}

/* Signals go to the process whose start was checked (through a pidfd). */
static void
test_signal (void **state)
{
  assert_int_equal (check_signal (), 0);
}

/* Without pidfds (pidfd_open fails with ENOSYS, as before Linux 5.3: here
 * a seccomp filter in a child says so), the check then kill() does the
 * same. */
static void
test_signal_no_pidfd (void **state)
{
  int status;
  pid_t pid = fork ();

  if (pid == 0)
    {
      struct sock_filter code[] = {
        BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
        BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_open, 0, 1),
        BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      };
      struct sock_fprog prog = { G_N_ELEMENTS (code), code };
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
          || prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
        _exit (77);
      if (syscall (SYS_pidfd_open, getpid (), 0) != -1 || errno != ENOSYS)
        _exit (10);
      _exit (check_signal ());
    }
  assert_int_equal (waitpid (pid, &status, 0), pid);
  assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    skip ();
  assert_int_equal (WEXITSTATUS (status), 0);
}

/* Finds the event for PID in SCAN, or NULL. */
static const Event *
find (GPtrArray *scan, gint pid)
{
  for (guint i = 0; i < scan->len; i++)
    if (((Event *) scan->pdata[i])->pid == pid)
      return scan->pdata[i];
  return NULL;
}

/* The task directory is listed where status says more than one thread
 * (or nothing, or the leader has exited), not where the leader is the one
 * thread: one entry more there is not read. */
static void
test_scan_threads (void **state)
{
  g_autofree char *root = make_tree ();
  const char *stat = "1 (x) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0";
  const char *ids = "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
  g_autofree char *one = g_strconcat (ids, "Threads:\t1\n", NULL);
  g_autofree char *two = g_strconcat (ids, "Threads:\t2\n", NULL);
  g_autofree char *task = g_build_filename (root, "1", "task", "7", NULL);

  put (root, "stat", stat, -1);
  assert_int_equal (g_mkdir_with_parents (task, 0755), 0);
  g_autofree char *tstat = g_build_filename (task, "stat", NULL);
  assert_true (g_file_set_contents (tstat, "7 (x) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 6 0 0", -1, NULL));
  const char *statuses[] = { one, two, ids };
  const guint expect[] = { 1, 2, 2 };
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      put (root, "status", statuses[i], -1);
      g_autoptr (GPtrArray) scan = procfs_scan (root, 1, 2);
      assert_int_equal (scan->len, expect[i]);
    }
  drop_tree (root);
}

/* The fixture tree: which entries become events, in which order, with what. */
static void
test_scan_fixture (void **state)
{
  g_autoptr (GPtrArray) scan = procfs_scan (FIXTURE, 111, 222);
  /* By start time, except 800 before its child 20 (same tick, lower pid);
   * then threads (101 of 100, 601 of 600); zombies, garbage, vanished and
   * non-numeric entries left out. */
  const gint order[] = { 2, 1, 3, 100, 200, 300, 600, 800, 20, 101, 601 };
  const Event *e;

  assert_int_equal (scan->len, G_N_ELEMENTS (order));
  for (guint i = 0; i < scan->len; i++)
    {
      e = scan->pdata[i];
      assert_int_equal (e->pid, order[i]);
      assert_int_equal (e->kind, EVENT_SNAPSHOT);
      assert_int_equal (e->mono_ns, 111);
      assert_int_equal (e->wall_ns, 222);
      assert_true (e->flags & EVENT_F_START);
      assert_non_null (e->comm);
    }

  e = find (scan, 1);
  assert_int_equal (e->tgid, 1);
  assert_int_equal (e->ppid, 0);
  assert_int_equal (e->sid, 1);
  assert_int_equal (e->start_ns, procfs_ticks_to_ns (2));
  assert_string_equal (e->argv[0], "/sbin/init");
  assert_string_equal (e->argv[1], "splash");
  assert_null (e->argv[2]);
  assert_string_equal (e->exe, "/usr/lib/systemd/systemd");
  /* Its status says where it runs: the host. */
  assert_int_equal (e->flags, EVENT_F_START | EVENT_F_CREDS | EVENT_F_WHERE);
  assert_null (e->where);

  e = find (scan, 3);
  assert_int_equal (e->flags, EVENT_F_START | EVENT_F_CREDS | EVENT_F_KTHREAD);
  assert_int_equal (e->ptgid, 2);
  assert_string_equal (e->comm, "kworker/0:0H-events_highpri");
  assert_null (e->argv);
  assert_null (e->exe);

  e = find (scan, 100);
  assert_int_equal (e->ruid, 1000);
  assert_int_equal (e->euid, 1000);
  assert_int_equal (e->rgid, 100);
  assert_int_equal (e->egid, 100);
  assert_string_equal (e->exe, "/usr/bin/server");

  e = find (scan, 101);
  assert_int_equal (e->tgid, 100);
  assert_int_equal (e->ppid, 1);
  assert_int_equal (e->ptgid, 1);
  assert_string_equal (e->comm, "server-io");
  assert_int_equal (e->start_ns, procfs_ticks_to_ns (510));
  assert_int_equal (e->flags, EVENT_F_START | EVENT_F_CREDS);
  assert_int_equal (e->ruid, 1000);
  assert_null (e->argv);

  e = find (scan, 200);
  assert_string_equal (e->comm, "x) (y\nz )");
  assert_int_equal (e->ptgid, 100);
  assert_int_equal (g_strv_length (e->argv), 3);

  /* 800 entered a pid namespace (pid 1 there) in a docker container; 20,
   * its child, is pid 2 there.  A status without NSpid says nothing. */
  e = find (scan, 800);
  assert_true (e->flags & EVENT_F_WHERE);
  assert_non_null (e->where);
  assert_int_equal (e->where->level, 1);
  assert_int_equal (e->where->nspid, 1);
  assert_string_equal (e->where->container->runtime, "docker");
  assert_string_equal (e->where->container->id, CONTAINER_ID);
  e = find (scan, 20);
  assert_int_equal (e->where->nspid, 2);
  assert_ptr_equal (e->where->container, find (scan, 800)->where->container);
  e = find (scan, 200);
  assert_false (e->flags & EVENT_F_WHERE);

  e = find (scan, 300);
  assert_string_equal (e->comm, "lonely");
  assert_int_equal (e->flags, EVENT_F_START);
  assert_null (e->argv);
  assert_null (e->exe);

  /* The leader exited but a thread lives on: still a process. */
  e = find (scan, 600);
  assert_string_equal (e->comm, "leaderless");
  assert_null (e->argv);
  e = find (scan, 601);
  assert_int_equal (e->tgid, 600);

  assert_null (find (scan, 102));   /* exited thread */
  assert_null (find (scan, 400));   /* zombie */
  assert_null (find (scan, 500));   /* garbage stat */
  assert_null (find (scan, 700));   /* no stat */
  assert_null (find (scan, 12));
}

/* The machine's origin from ROOT/sys/kernel; what cannot be read, and a
 * boot id that is not one, are left out. */
static void
test_read_origin (void **state)
{
  g_autoptr (Origin) o = procfs_read_origin (FIXTURE);
  assert_string_equal (o->host, "fixture-host");
  assert_string_equal (o->boot_id, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  assert_string_equal (o->kernel, "6.9.0-fixture");
  assert_null (o->version);

  g_autofree char *root = g_dir_make_tmp ("origin-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "sys", "kernel", "random", NULL);
  g_autofree char *boot = g_build_filename (dir, "boot_id", NULL);
  g_autoptr (Origin) empty = procfs_read_origin (root);
  assert_null (empty->host);
  assert_null (empty->boot_id);
  assert_null (empty->kernel);
  assert_int_equal (g_mkdir_with_parents (dir, 0700), 0);
  /* Entity ids are built from it and written unescaped: only a real one. */
  assert_true (g_file_set_contents (boot, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f\"\n", -1, NULL));
  g_autoptr (Origin) bad = procfs_read_origin (root);
  assert_null (bad->boot_id);
  g_unlink (boot);
  g_rmdir (dir);
  g_autofree char *kernel = g_path_get_dirname (dir);
  g_autofree char *sys = g_path_get_dirname (kernel);
  g_rmdir (kernel);
  g_rmdir (sys);
  g_rmdir (root);
}

/* A missing root is an empty scan, not an error. */
static void
test_scan_missing (void **state)
{
  g_autoptr (GPtrArray) scan = procfs_scan (TEST_DATA "/no-such-proc", 1, 2);
  assert_non_null (scan);
  assert_int_equal (scan->len, 0);
}

/* The real /proc: we and init are there, every parent before its children. */
static void
test_scan_real (void **state)
{
  g_autoptr (GPtrArray) scan = procfs_scan ("/proc", 1, 2);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) all = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean threads = FALSE;

  for (guint i = 0; i < scan->len; i++)
    {
      const Event *e = scan->pdata[i];
      if (e->pid == e->tgid)
        g_hash_table_add (all, GINT_TO_POINTER (e->pid));
    }
  for (guint i = 0; i < scan->len; i++)
    {
      const Event *e = scan->pdata[i];
      if (e->pid != e->tgid)
        threads = TRUE;
      else
        {
          assert_false (threads);  /* processes first */
          if (g_hash_table_contains (all, GINT_TO_POINTER (e->ptgid)))
            assert_true (g_hash_table_contains (seen, GINT_TO_POINTER (e->ptgid)));
          g_hash_table_add (seen, GINT_TO_POINTER (e->pid));
        }
    }
  const Event *self = find (scan, getpid ());
  assert_non_null (self);
  assert_int_equal (self->ptgid, getppid ());
  assert_non_null (self->argv);
  assert_non_null (self->exe);
  assert_true (self->flags & EVENT_F_CREDS);
  assert_int_equal (self->euid, geteuid ());
  assert_non_null (find (scan, 1));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_parse_normal),
    cmocka_unit_test (test_parse_weird_comm),
    cmocka_unit_test (test_parse_wq_worker),
    cmocka_unit_test (test_parse_kthread_zombie),
    cmocka_unit_test (test_parse_old_kernel),
    cmocka_unit_test (test_parse_usage),
    cmocka_unit_test (test_cpu_permille),
    cmocka_unit_test (test_parse_garbage),
    cmocka_unit_test (test_parse_prefixes),
    cmocka_unit_test (test_parse_random),
    cmocka_unit_test (test_read_stat),
    cmocka_unit_test (test_exec_read),
    cmocka_unit_test (test_exec_read_long),
    cmocka_unit_test (test_read_cmdline),
    cmocka_unit_test (test_read_cmdline_huge),
    cmocka_unit_test (test_read_link),
    cmocka_unit_test (test_read_status),
    cmocka_unit_test (test_read_cgroup),
    cmocka_unit_test (test_parse_nspid),
    cmocka_unit_test (test_read_pidns),
    cmocka_unit_test (test_ticks),
    cmocka_unit_test (test_signal),
    cmocka_unit_test (test_signal_no_pidfd),
    cmocka_unit_test (test_scan_threads),
    cmocka_unit_test (test_scan_fixture),
    cmocka_unit_test (test_scan_missing),
    cmocka_unit_test (test_read_origin),
    cmocka_unit_test (test_scan_real),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
