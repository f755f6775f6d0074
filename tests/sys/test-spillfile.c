/* test-spillfile.c - the history's spill file: where it goes (a disk
 * rather than a RAM file system), that it has no name and mode 0600 both
 * ways it is made, that it moves bytes, that it is gone when its process
 * is killed, and a full file system (a tiny tmpfs, as root; skipped
 * otherwise) gives the history ENOSPC, which it survives. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "spillfile.h"
#include "history.h"

/* Whether DIR is on a file system that keeps its files in memory, as
 * df -T would say (checked apart from the code under test). */
static gboolean
in_ram (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("stat -f -c %%T %s", dir);
  g_autofree char *out = NULL;

  assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, NULL));
  return g_str_has_prefix (out, "tmpfs") || g_str_has_prefix (out, "ramfs");
}

/* The directory the file goes in: the first on a disk, passing over what
 * is not an absolute directory; a RAM file system only when nothing else
 * is, and then said. */
static void
test_pick (void **state)
{
  g_autofree char *disk = g_dir_make_tmp ("spilltest-XXXXXX", NULL);
  g_autofree char *ram_dir = g_dir_make_tmp ("spilltest-XXXXXX", NULL);
  gboolean ram = TRUE, mounted;

  if (in_ram (disk))
    {
      /* The tests' temporary directory must be a disk's. */
      g_rmdir (disk);
      g_rmdir (ram_dir);
      skip ();
    }
  const char *a[] = { NULL, "relative", "/nonexistent/dir", disk, "/" };
  g_autofree char *pa = spillfile_pick (a, G_N_ELEMENTS (a), &ram);
  assert_string_equal (pa, disk);
  assert_false (ram);
  const char *none[] = { NULL, "/nonexistent/dir" };
  assert_null (spillfile_pick (none, G_N_ELEMENTS (none), &ram));
  assert_false (ram);
  /* A tmpfs (as root; skipped otherwise) is passed over for a disk, and
   * given only alone, said to be RAM. */
  mounted = mount ("tmpfs", ram_dir, "tmpfs", 0, "size=64k,mode=0700") == 0;
  if (mounted)
    {
      const char *b[] = { ram_dir, disk };
      g_autofree char *pb = spillfile_pick (b, G_N_ELEMENTS (b), &ram);
      assert_string_equal (pb, disk);
      assert_false (ram);
      const char *c[] = { "/nonexistent/dir", ram_dir };
      g_autofree char *pc = spillfile_pick (c, G_N_ELEMENTS (c), &ram);
      assert_string_equal (pc, ram_dir);
      assert_true (ram);
      assert_int_equal (umount (ram_dir), 0);
    }
  assert_int_equal (g_rmdir (ram_dir), 0);
  /* From the environment: $TMPDIR first, $XDG_RUNTIME_DIR never. */
  g_autofree char *saved_tmp = g_strdup (g_getenv ("TMPDIR"));
  g_setenv ("TMPDIR", disk, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", "/", TRUE);
  g_autofree char *pd = spillfile_dir (&ram);
  assert_string_equal (pd, disk);
  g_setenv ("TMPDIR", "relative", TRUE);
  g_autofree char *pe = spillfile_dir (&ram);
  assert_string_equal (pe, in_ram ("/var/tmp") && !in_ram ("/tmp") ? "/tmp" : "/var/tmp");
  assert_int_equal (ram, in_ram ("/var/tmp") && in_ram ("/tmp"));
  if (saved_tmp)
    g_setenv ("TMPDIR", saved_tmp, TRUE);
  else
    g_unsetenv ("TMPDIR");
  assert_int_equal (g_rmdir (disk), 0);
  if (!mounted)
    skip ();
}

/* Whether directory DIR has no entries. */
static gboolean
dir_empty (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  return d && g_dir_read_name (d) == NULL;
}

/* The status of this process's open file whose link names DIR; FALSE
 * when there is none. */
static gboolean
open_file_in (const char *dir, struct stat *st)
{
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (fds)))
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);
      if (target && g_str_has_prefix (target, dir) && stat (path, st) == 0
          && S_ISREG (st->st_mode))
        return TRUE;
    }
  return FALSE;
}

/* Both ways of making the file: no name in the directory, mode 0600, no
 * link; bytes written come back; a read past the end fails. */
static void
test_private (void **state)
{
  for (guint flags = 0; flags <= SPILLFILE_NO_TMPFILE; flags += SPILLFILE_NO_TMPFILE)
    {
      g_autofree char *dir = g_dir_make_tmp ("spilltest-XXXXXX", NULL);
      g_autoptr (GError) error = NULL;
      char buf[5000], back[5000];
      struct stat st;

      Spill *s = spillfile_open (dir, flags, &error);
      assert_non_null (s);
      assert_true (dir_empty (dir));
      assert_true (open_file_in (dir, &st));
      assert_int_equal (st.st_mode & 07777, 0600);
      assert_int_equal (st.st_nlink, 0);
      for (guint i = 0; i < sizeof buf; i++)
        buf[i] = (char) i;
      assert_int_equal (s->klass->write (s, 100, buf, sizeof buf), 0);
      assert_int_equal (s->klass->read (s, 100, back, sizeof back), 0);
      assert_memory_equal (buf, back, sizeof buf);
      assert_int_equal (s->klass->read (s, 100 + sizeof buf - 10, back, 20), -EIO);
      spill_free (s);
      assert_false (open_file_in (dir, &st));
      assert_int_equal (g_rmdir (dir), 0);
    }
  g_autoptr (GError) error = NULL;
  assert_null (spillfile_open ("/nonexistent/dir", 0, &error));
  assert_non_null (strstr (error->message, "/nonexistent/dir"));
}

/* A process killed while it holds its spill file leaves nothing behind. */
static void
test_killed (void **state)
{
  for (guint flags = 0; flags <= SPILLFILE_NO_TMPFILE; flags += SPILLFILE_NO_TMPFILE)
    {
      g_autofree char *dir = g_dir_make_tmp ("spilltest-XXXXXX", NULL);
      int ready[2];
      char c;
      pid_t pid;

      assert_int_equal (pipe (ready), 0);
      pid = fork ();
      assert_true (pid >= 0);
      if (pid == 0)
        {
          Spill *s = spillfile_open (dir, flags, NULL);
          if (s && s->klass->write (s, 0, "bytes", 5) == 0)
            (void) !write (ready[1], "y", 1);
          pause ();
          _exit (0);
        }
      close (ready[1]);
      assert_int_equal (read (ready[0], &c, 1), 1);
      close (ready[0]);
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      assert_true (dir_empty (dir));
      assert_int_equal (g_rmdir (dir), 0);
    }
}

/* A file system that fills up: writes fail with ENOSPC, and a store
 * spilling there goes on in memory and says why. */
static void
test_enospc (void **state)
{
  g_autofree char *dir = g_dir_make_tmp ("spilltest-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;
  char block[4096] = { 0 };
  int r = 0;

  if (mount ("tmpfs", dir, "tmpfs", 0, "size=256k,mode=0700") < 0)
    {
      g_rmdir (dir);
      skip ();
    }
  Spill *s = spillfile_open (dir, 0, &error);
  assert_non_null (s);
  for (guint64 off = 0; r == 0 && off < 4 * 1024 * 1024; off += sizeof block)
    r = s->klass->write (s, off, block, sizeof block);
  assert_int_equal (r, -ENOSPC);
  spill_free (s);

  HistoryOptions o = { .memory = HISTORY_MEMORY_MIN, .spill_cap = 64 * HISTORY_MIB, .cache = 2,
                     .keep_ns = 1, .max_tombs = 10 };
  g_autoptr (History) st = history_new (&o, spillfile_open (dir, 0, NULL));
  g_autofree char *arg = g_strnfill (2000, 'a');
  for (gint i = 0; i < 3000 && history_limit (st) == HISTORY_LIMIT_NONE; i++)
    {
      char *argv[] = { arg, NULL };
      g_snprintf (arg, 12, "%011d", i);
      arg[11] = 'a';
      Event ev = { .kind = EVENT_EXEC, .pid = 5, .tgid = 5, .argv = argv, .mono_ns = i };
      history_append (st, &ev, NULL);
    }
  assert_int_equal (history_limit (st), HISTORY_LIMIT_SPILL_FAILED);
  assert_non_null (strstr (history_limit_text (st), "No space left on device"));
  assert_true (history_oldest (st) > 1);
  g_clear_pointer (&st, history_free);
  assert_int_equal (umount (dir), 0);
  assert_int_equal (g_rmdir (dir), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_pick),
    cmocka_unit_test (test_private),
    cmocka_unit_test (test_killed),
    cmocka_unit_test (test_enospc),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
