/* test-output.c - whole records to a file, and reopening it for rotation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "output.h"

/* A scratch directory and the output file's path in it. */
typedef struct {
  char *dir;
  char *path;
} Scratch;

/* Makes a scratch directory (STATE: a Scratch). */
static int
scratch_setup (void **state)
{
  Scratch *s = g_new0 (Scratch, 1);
  s->dir = g_dir_make_tmp ("output-XXXXXX", NULL);
  s->path = g_build_filename (s->dir, "events.jsonl", NULL);
  *state = s;
  return s->dir ? 0 : -1;
}

/* Removes the scratch directory and what is in it. */
static int
scratch_teardown (void **state)
{
  Scratch *s = *state;
  g_autoptr (GDir) d = g_dir_open (s->dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (s->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (s->dir);
  g_free (s->dir);
  g_free (s->path);
  g_free (s);
  return 0;
}

/* The contents of PATH ("" when missing). */
static char *
slurp (const char *path)
{
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* Records wait in the buffer until a flush, or until 64 KiB are held,
 * and are then written whole; the file is appended to, never truncated. */
static void
test_buffered (void **state)
{
  Scratch *s = *state;
  g_autoptr (GError) error = NULL;

  assert_true (g_file_set_contents (s->path, "old\n", -1, NULL));
  g_autoptr (Output) o = output_open (s->path, &error);
  assert_non_null (o);
  assert_true (output_is_file (o));
  assert_int_equal (output_add (o, "one\ntwo\n", 8), 0);
  g_autofree char *before = slurp (s->path);
  assert_string_equal (before, "old\n");
  assert_int_equal (output_flush (o), 0);
  g_autofree char *after = slurp (s->path);
  assert_string_equal (after, "old\none\ntwo\n");

  /* 100-byte records: once 64 KiB are held, all of them go at once. */
  char rec[100];
  memset (rec, 'x', sizeof rec - 1);
  rec[sizeof rec - 1] = '\n';
  guint n = 0;
  gsize size = strlen (after);
  while (TRUE)
    {
      assert_int_equal (output_add (o, rec, sizeof rec), 0);
      n++;
      g_autofree char *now = slurp (s->path);
      if (strlen (now) != size)
        {
          assert_int_equal (strlen (now), size + n * sizeof rec);
          assert_true (n * sizeof rec >= 64 * 1024);
          break;
        }
      assert_true (n * sizeof rec < 64 * 1024);
    }
}

/* Reopening after a rename (logrotate): what was written before is in the
 * renamed file, whole; what comes after in a new file under the name. */
static void
test_reopen (void **state)
{
  Scratch *s = *state;
  g_autoptr (GError) error = NULL;
  g_autofree char *rotated = g_strconcat (s->path, ".1", NULL);
  g_autoptr (Output) o = output_open (s->path, &error);

  assert_int_equal (output_add (o, "a\nb\n", 4), 0);
  assert_int_equal (g_rename (s->path, rotated), 0);
  /* Until the reopen, records go to the renamed file. */
  assert_int_equal (output_add (o, "c\n", 2), 0);
  assert_int_equal (output_flush (o), 0);
  assert_int_equal (output_reopen (o, &error), 0);
  assert_int_equal (output_add (o, "d\n", 2), 0);
  assert_int_equal (output_flush (o), 0);
  g_autofree char *old = slurp (rotated);
  g_autofree char *new = slurp (s->path);
  assert_string_equal (old, "a\nb\nc\n");
  assert_string_equal (new, "d\n");
}

/* A file that cannot be opened again: the error says so, and records go
 * on to the file open before; one that cannot be opened at all is an
 * error naming it. */
static void
test_reopen_fails (void **state)
{
  Scratch *s = *state;
  g_autoptr (GError) error = NULL;
  g_autofree char *sub = g_build_filename (s->dir, "sub", NULL);
  g_autofree char *path = g_build_filename (sub, "events.jsonl", NULL);
  g_autofree char *moved = g_build_filename (s->dir, "moved.jsonl", NULL);

  assert_int_equal (g_mkdir (sub, 0700), 0);
  g_autoptr (Output) o = output_open (path, &error);
  assert_non_null (o);
  assert_int_equal (output_add (o, "a\n", 2), 0);
  assert_int_equal (g_rename (path, moved), 0);
  assert_int_equal (g_rmdir (sub), 0);
  assert_int_equal (output_flush (o), 0);
  assert_int_equal (output_reopen (o, &error), -ENOENT);
  assert_true (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  assert_non_null (strstr (error->message, path));
  g_clear_error (&error);
  assert_int_equal (output_add (o, "b\n", 2), 0);
  assert_int_equal (output_flush (o), 0);
  g_autofree char *text = slurp (moved);
  assert_string_equal (text, "a\nb\n");

  Output *none = output_open (path, &error);
  assert_null (none);
  assert_true (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  assert_non_null (strstr (error->message, path));
}

/* OutputLossRecord of the test: "lost N". */
static void
loss_record (GString *out, guint64 dropped, gpointer user)
{
  g_string_append_printf (out, "lost %" G_GUINT64_FORMAT "\n", dropped);
}

/* A file with no room (the file size limit, as a full file system): the
 * write fails with EFBIG partway, the file is cut back to the last whole
 * record, the records not written are counted; once there is room again
 * the next write starts with the record that says how many, and only
 * then are they no longer counted.  Without room for the whole loss
 * record, it is cut off too and the count goes on. */
static void
test_no_room (void **state)
{
  Scratch *s = *state;
  g_autoptr (GError) error = NULL;
  struct rlimit old, lim;
  void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);

  assert_int_equal (getrlimit (RLIMIT_FSIZE, &old), 0);
  g_autoptr (Output) o = output_open (s->path, &error);
  output_set_loss_record (o, loss_record, NULL);
  /* Room for 12 bytes: "one\n", "two\n" and a part of the third. */
  lim = old;
  lim.rlim_cur = 12;
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &lim), 0);
  const char *recs = "one\ntwo\nthree-is-long\nfour-is-longer\nfive\n";
  assert_int_equal (output_add (o, recs, strlen (recs)), 0);
  int r = output_flush (o);
  assert_int_equal (r, -EFBIG);
  assert_true (output_full (o, r));
  assert_int_equal (output_dropped (o), 3);
  g_autofree char *cut = slurp (s->path);
  assert_string_equal (cut, "one\ntwo\n");
  /* Room for the loss record but not what follows: it is written, and
   * the count starts again from what follows. */
  lim.rlim_cur = 8 + strlen ("lost 3\n") + 3;
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &lim), 0);
  assert_int_equal (output_add (o, "six\nseven\n", 10), 0);
  assert_int_equal (output_flush (o), -EFBIG);
  assert_int_equal (output_take_said (o), 3);
  assert_int_equal (output_take_said (o), 0);
  assert_int_equal (output_dropped (o), 2);
  g_autofree char *said = slurp (s->path);
  assert_string_equal (said, "one\ntwo\nlost 3\n");
  /* Room for part of the loss record only: cut off, not said. */
  lim.rlim_cur = strlen (said) + 3;
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &lim), 0);
  assert_int_equal (output_flush (o), -EFBIG);
  assert_int_equal (output_take_said (o), 0);
  assert_int_equal (output_dropped (o), 2);
  g_autofree char *same = slurp (s->path);
  assert_string_equal (same, said);
  /* Room again. */
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &old), 0);
  assert_int_equal (output_add (o, "eight\n", 6), 0);
  assert_int_equal (output_flush (o), 0);
  assert_int_equal (output_dropped (o), 0);
  assert_int_equal (output_take_said (o), 2);
  g_autofree char *after = slurp (s->path);
  assert_string_equal (after, "one\ntwo\nlost 3\nlost 2\neight\n");
  signal (SIGXFSZ, old_handler);
}

/* Freed with records dropped and nothing buffered, an output writes no
 * loss record alone: the printer has said the count on stderr already,
 * and would not say it twice. */
static void
test_free_keeps_count (void **state)
{
  Scratch *s = *state;
  g_autoptr (GError) error = NULL;
  struct rlimit old, lim;
  void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
  Output *o = output_open (s->path, &error);

  assert_int_equal (getrlimit (RLIMIT_FSIZE, &old), 0);
  output_set_loss_record (o, loss_record, NULL);
  lim = old;
  lim.rlim_cur = 4;
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &lim), 0);
  assert_int_equal (output_add (o, "one\ntwo\n", 8), 0);
  assert_int_equal (output_flush (o), -EFBIG);
  assert_int_equal (output_dropped (o), 1);
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &old), 0);
  output_free (o);
  g_autofree char *text = slurp (s->path);
  assert_string_equal (text, "one\n");
  signal (SIGXFSZ, old_handler);
}

/* Standard output is no file to reopen. */
static void
test_stdout (void **state)
{
  g_autoptr (Output) o = output_new_stdout ();
  assert_false (output_is_file (o));
  assert_int_equal (output_flush (o), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_buffered, scratch_setup, scratch_teardown),
    cmocka_unit_test_setup_teardown (test_reopen, scratch_setup, scratch_teardown),
    cmocka_unit_test_setup_teardown (test_reopen_fails, scratch_setup, scratch_teardown),
    cmocka_unit_test_setup_teardown (test_no_room, scratch_setup, scratch_teardown),
    cmocka_unit_test_setup_teardown (test_free_keeps_count, scratch_setup, scratch_teardown),
    cmocka_unit_test (test_stdout),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
