/* test-settings.c - the settings file: round trip, unknown keys kept,
 * broken files and bad values reported with their line and never
 * overwritten, atomic saves that keep the file's mode and symlink. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "settings.h"

/* The names the viewer knows, as main.c hands them over. */
static const char *const schemes[] = { "default", "monochrome", "light", NULL };
static const char *const columns[] = { "cpu", "mem", "start", "unit", NULL };
static const char *const sorts[] = { "start", "pid", "name", "cpu", "mem", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };
static const OptionsChoices choices = { schemes, columns, sorts, colors };

/* A temporary directory per test, removed after it. */
static int
setup (void **state)
{
  *state = g_dir_make_tmp ("forkscope-settings-XXXXXX", NULL);
  return *state ? 0 : -1;
}

/* Removes the test's directory and what it holds (one level of
 * subdirectories). */
static int
teardown (void **state)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", (char *) *state);
  g_free (*state);
  return system (cmd) == 0 ? 0 : -1;
}

/* Writes TEXT to DIR/NAME; returns the path. */
static char *
put (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The text of PATH. */
static char *
slurp (const char *path)
{
  char *text = NULL;
  assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Whether a warning of W holds TEXT. */
static gboolean
warned (GPtrArray *w, const char *text)
{
  for (guint i = 0; i < w->len; i++)
    if (strstr (w->pdata[i], text))
      return TRUE;
  return FALSE;
}

/* Every field written to a new file (in a directory still to be made)
 * reads back the same; saving again with nothing changed writes nothing. */
static void
test_round_trip (void **state)
{
  g_autofree char *path = g_build_filename (*state, "a", "b", "forkscoperc", NULL);
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };
  g_auto (Options) back = { 0 };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) cols = g_strsplit ("unit;cpu", ";", -1);

  options_init (&s, &choices);
  g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
  assert_int_equal (w->len, 0);
  s.threads = s.kthreads = s.cmdline = s.sort_reverse = TRUE;
  s.save = FALSE;
  s.tombstones = 0.25;
  s.keep = 86400;
  s.history_memory = 1 << 20;
  s.history_file = 0;
  g_free (s.scheme);
  s.scheme = g_strdup ("light");
  g_strfreev (s.columns);
  s.columns = g_strdupv (cols);
  g_free (s.sort);
  s.sort = g_strdup ("mem");
  g_free (s.filter);
  s.filter = g_strdup (" cmd:\"make -j;x\" !failed\tunit:ssh\n#");
  assert_int_equal (settings_save (f, &s, &error), 1);
  assert_null (error);

  options_init (&back, &choices);
  g_autoptr (SettingsFile) g = settings_load (path, &choices, &back, w);
  assert_int_equal (w->len, 0);
  assert_true (back.threads && back.kthreads && back.cmdline && back.sort_reverse);
  assert_false (back.save);
  assert_true (back.tombstones == 0.25 && back.keep == 86400);
  assert_int_equal (back.history_memory, 1 << 20);
  assert_int_equal (back.history_file, 0);
  assert_string_equal (back.scheme, "light");
  assert_true (g_strv_equal ((const char *const *) back.columns, (const char *const *) cols));
  assert_string_equal (back.sort, "mem");
  assert_string_equal (back.filter, s.filter);
  /* A list is written as the man page shows it: no ';' at its end. */
  g_autofree char *text = slurp (path);
  assert_non_null (strstr (text, "\ncolumns=unit;cpu\n"));

  /* Nothing changed: the file is not touched. */
  struct stat before, after;
  assert_int_equal (g_stat (path, &before), 0);
  assert_int_equal (settings_save (g, &back, &error), 0);
  assert_int_equal (g_stat (path, &after), 0);
  assert_int_equal (before.st_ino, after.st_ino);
}

/* A new file lists every key, with the defaults, so that it can be edited. */
static void
test_new_file_complete (void **state)
{
  g_autofree char *path = g_build_filename (*state, "forkscoperc", NULL);
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };

  options_init (&s, &choices);
  g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
  assert_int_equal (settings_save (f, &s, NULL), 1);
  g_autofree char *text = slurp (path);
  const char *keys[] = { "[viewer]", "threads=false", "kernel-threads=false",
                         "command-lines=false", "tombstones=5", "keep=60",
                         "history-memory=64M", "history-file=1G", "scheme=default",
                         "columns=", "sort=start", "sort-reverse=false", "filter=",
                         "save-on-quit=true" };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    assert_non_null (strstr (text, keys[i]));
}

/* Unknown keys and groups are warned about with their lines, and kept,
 * with the comments, when what changed is written. */
static void
test_unknown_kept (void **state)
{
  g_autofree char *path = put (*state, "rc",
                               "# mine\n"
                               "[viewer]\n"
                               "threads=true\n"
                               "mystery = 42\n"
                               "\n"
                               "[later]\n"
                               "x=1\n");
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };

  options_init (&s, &choices);
  g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
  assert_true (s.threads);
  assert_int_equal (w->len, 2);
  g_autofree char *l4 = g_strdup_printf ("%s:4: unknown key 'mystery' in [viewer]", path);
  g_autofree char *l7 = g_strdup_printf ("%s:7: unknown key 'x' in [later]", path);
  assert_true (warned (w, l4));
  assert_true (warned (w, l7));

  s.threads = FALSE;
  s.history_memory = 77 << 20;
  assert_int_equal (settings_save (f, &s, NULL), 1);
  g_autofree char *text = slurp (path);
  assert_non_null (strstr (text, "# mine\n"));
  assert_non_null (strstr (text, "threads=false"));
  assert_non_null (strstr (text, "history-memory=77M"));
  assert_non_null (strstr (text, "mystery=42"));
  assert_non_null (strstr (text, "[later]\nx=1"));
  /* Only what changed was added: the defaults not set stay out. */
  assert_null (strstr (text, "keep="));
}

/* A list is read with ';' or ',' between its names (as GKeyFile writes
 * them, a last ';' too; as --columns takes them), or none; an empty name
 * is no name. */
static void
test_lists (void **state)
{
  static const struct { const char *value; const char *want; } cases[] = {
    { "cpu;mem", "cpu mem" },
    { "start;unit;", "start unit" },
    { "cpu,mem", "cpu mem" },
    { "unit,cpu;mem,", "unit cpu mem" },
    { "", "" },
    { "cpu;;mem", NULL },
    { ";", NULL },
    { "cpu, mem", "cpu mem" },     /* names as the command line takes them: */
    { "CPU; Mem ", "cpu mem" },    /* any case, blanks around them ignored */
    { "cpu;cpux", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[viewer]\ncolumns=%s\n", cases[i].value);
      g_autofree char *path = put (*state, "rc", text);
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_auto (Options) s = { 0 };
      options_init (&s, &choices);
      g_strfreev (s.columns);
      s.columns = g_strsplit ("cpu", " ", -1);  /* to see a list of none read */
      settings_file_free (settings_load (path, &choices, &s, w));
      g_autofree char *got = g_strjoinv (" ", s.columns);
      if (cases[i].want && (w->len != 0 || strcmp (got, cases[i].want) != 0))
        fail_msg ("'%s': read '%s' with %u warnings, want '%s'", cases[i].value, got,
                  w->len, cases[i].want);
      if (!cases[i].want && (w->len != 1 || strcmp (got, "cpu") != 0))
        fail_msg ("'%s': read '%s' with %u warnings, want a warning", cases[i].value, got,
                  w->len);
    }
}

/* A file that does not parse: its line is named, the defaults are used,
 * and it is never overwritten. */
static void
test_broken (void **state)
{
  static const struct { const char *text; const char *line; } cases[] = {
    { "[viewer]\nthreads=true\nthis is not a key\n", ":3: neither a [group]" },
    { "threads=true\n[viewer]\n", ":1: a key before any [group]" },
    { "[viewer\nthreads=true\n", ":1: a group needs a name" },
    { "[viewer]\n=5\n", ":2: neither" },
    { "[viewer]\nfilter=\xff\n", ":2: not UTF-8" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = put (*state, "rc", cases[i].text);
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) error = NULL;
      g_auto (Options) s = { 0 };
      options_init (&s, &choices);
      g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
      assert_int_equal (w->len, 1);
      g_autofree char *want = g_strconcat (path, cases[i].line, NULL);
      if (!warned (w, want))
        fail_msg ("case %u: '%s' not in '%s'", i, want, (char *) w->pdata[0]);
      assert_false (s.threads);  /* the defaults, not half the file */
      s.cmdline = TRUE;
      assert_int_equal (settings_save (f, &s, &error), -1);
      assert_non_null (error);
      g_autofree char *text = slurp (path);
      assert_string_equal (text, cases[i].text);
    }
}

/* A bad value (a filter that does not parse too): its key and line are
 * named, its default used, the other keys applied; the bad value stays in
 * the file unless the viewer changes that setting. */
static void
test_bad_values (void **state)
{
  g_autofree char *path = put (*state, "rc",
                               "[viewer]\n"
                               "history-memory=lots\n"
                               "tombstones=nan\n"
                               "keep=86401\n"
                               "threads=maybe\n"
                               "scheme=purple\n"
                               "columns=cpu;gpu\n"
                               "command-lines=true\n"
                               "filter=failed event:nope\n");
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };

  options_init (&s, &choices);
  g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
  assert_int_equal (w->len, 7);
  const char *want[] = {
    (":2: history-memory takes a size from 256K to 16G (bytes, or with K, M, G or T), not "
     "'lots'; using the default"),
    ":3: tombstones takes seconds from 0 to 86400 (a day), not 'nan'",
    ":4: keep takes seconds from 0 to 86400 (a day), not '86401'",
    ":5: threads takes true or false, not 'maybe'",
    ":6: scheme takes one of: default, monochrome, light, not 'purple'",
    ":7: columns takes names separated by ';' or ',', each one of: cpu, mem, start, unit",
    ":9: filter takes a filter (column 14: unknown event kind 'nope' (known: fork,",
  };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *line = g_strconcat (path, want[i], NULL);
      if (!warned (w, line))
        fail_msg ("no warning '%s'", line);
    }
  assert_int_equal (s.history_memory, 64 << 20);
  assert_true (s.tombstones == 5 && s.keep == 60);
  assert_false (s.threads);
  assert_string_equal (s.scheme, "default");
  assert_null (s.columns[0]);
  assert_string_equal (s.filter, "");
  assert_true (s.cmdline);

  s.threads = TRUE;
  assert_int_equal (settings_save (f, &s, NULL), 1);
  g_autofree char *text = slurp (path);
  assert_non_null (strstr (text, "threads=true"));
  assert_non_null (strstr (text, "history-memory=lots"));
  assert_non_null (strstr (text, "scheme=purple"));
}

/* Warnings come in the order of their lines, whatever the order of the
 * keys in the program or the kind of problem; a group of no key is named
 * with its line too. */
static void
test_warnings_in_line_order (void **state)
{
  g_autofree char *path = put (*state, "rc",
                               "[viewer]\n"
                               "save-on-quit=perhaps\n"
                               "mystery=1\n"
                               "threads=maybe\n"
                               "\n"
                               "[empty]\n"
                               "[viewer]\n"
                               "history=10000\n"
                               "[later]\n"
                               "x=1\n");
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };
  const char *want[] = {
    ":2: save-on-quit takes true or false, not 'perhaps'",
    ":3: unknown key 'mystery' in [viewer]",
    ":4: threads takes true or false, not 'maybe'",
    ":6: unknown group [empty]",
    (":8: history is gone: the history keeps every event now, within the sizes of "
     "history-memory and history-file"),
    ":10: unknown key 'x' in [later]",
  };

  options_init (&s, &choices);
  settings_file_free (settings_load (path, &choices, &s, w));
  assert_int_equal (w->len, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *line = g_strconcat (path, want[i], NULL);
      if (!g_str_has_prefix (w->pdata[i], line))
        fail_msg ("warning %u: '%s', want '%s...'", i, (char *) w->pdata[i], line);
    }
}

/* A large file: every line still named right (each key looked up once,
 * not the file read again per warning: 20,000 unknown keys took 45 s),
 * a key set twice said once, and beyond SETTINGS_WARNINGS_MAX the rest
 * counted in one line. */
static void
test_many_warnings (void **state)
{
  g_autoptr (GString) text = g_string_new ("[viewer]\nthreads=maybe\n");
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "k%u = %u\n", i, i);
  g_string_append (text, "[viewer]\nk7=again\n[other]\n");
  g_autofree char *path = put (*state, "rc", text->str);
  options_init (&s, &choices);
  settings_file_free (settings_load (path, &choices, &s, w));
  assert_int_equal (w->len, SETTINGS_WARNINGS_MAX + 1);
  g_autofree char *first = g_strdup_printf ("%s:2: threads takes true or false", path);
  assert_true (g_str_has_prefix (w->pdata[0], first));
  g_autofree char *k0 = g_strdup_printf ("%s:3: unknown key 'k0' in [viewer]", path);
  assert_true (g_str_has_prefix (w->pdata[1], k0));
  /* k7 is named at its last line, the one GKeyFile keeps, so k8 follows
   * k6. */
  g_autofree char *k8 = g_strdup_printf ("%s:11: unknown key 'k8' in [viewer]", path);
  assert_true (g_str_has_prefix (w->pdata[8], k8));
  g_autofree char *rest = g_strdup_printf ("%s: and %u more warnings like these", path,
                                           20000 + 2 - SETTINGS_WARNINGS_MAX);
  assert_string_equal (w->pdata[SETTINGS_WARNINGS_MAX], rest);
}

/* Saving replaces the file by renaming a complete new one over it: a
 * hard link to the old file still sees the old text whole, the new file
 * is another inode, and no temporary file is left.  A file that cannot
 * be written leaves the old one as it was. */
static void
test_atomic_save (void **state)
{
  g_autofree char *path = put (*state, "rc", "[viewer]\nthreads=false\n");
  g_autofree char *old_path = g_build_filename (*state, "old", NULL);
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_auto (Options) s = { 0 };
  struct stat before, after;

  assert_int_equal (link (path, old_path), 0);
  assert_int_equal (g_stat (path, &before), 0);
  options_init (&s, &choices);
  g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
  s.threads = TRUE;
  assert_int_equal (settings_save (f, &s, &error), 1);
  assert_int_equal (g_stat (path, &after), 0);
  assert_true (before.st_ino != after.st_ino);
  g_autofree char *old = slurp (old_path);
  assert_string_equal (old, "[viewer]\nthreads=false\n");
  g_autofree char *now = slurp (path);
  assert_non_null (strstr (now, "threads=true"));

  g_autoptr (GDir) d = g_dir_open (*state, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  assert_int_equal (n, 2);  /* rc and old: no temporary file left */

  /* A directory that cannot be written: an error, the file unchanged. */
  if (geteuid () != 0)
    {
      assert_int_equal (chmod (*state, 0500), 0);
      s.cmdline = TRUE;
      assert_int_equal (settings_save (f, &s, &error), -1);
      assert_non_null (error);
      assert_int_equal (chmod (*state, 0700), 0);
      g_autofree char *kept = slurp (path);
      assert_string_equal (kept, now);
    }
}

/* Saving keeps the mode of an existing file, whole: 0600 stays private,
 * and 0664 keeps the group's write, which the umask would take off a new
 * file. */
static void
test_save_keeps_mode (void **state)
{
  static const mode_t modes[] = { 0600, 0664 };
  mode_t old_umask = umask (022);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *path = put (*state, "rc", "[viewer]\nthreads=false\n");
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) error = NULL;
      g_auto (Options) s = { 0 };
      struct stat st;

      assert_int_equal (chmod (path, modes[i]), 0);
      options_init (&s, &choices);
      g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
      s.threads = TRUE;
      assert_int_equal (settings_save (f, &s, &error), 1);
      assert_null (error);
      g_autofree char *text = slurp (path);
      assert_non_null (strstr (text, "threads=true"));
      assert_int_equal (g_stat (path, &st), 0);
      if ((st.st_mode & 07777) != modes[i])
        fail_msg ("mode %04o became %04o", (unsigned) modes[i], (unsigned) (st.st_mode & 07777));
    }
  umask (old_umask);
}

/* Loads PATH (no warnings), turns threads on and saves it (written). */
static void
save_threads (const char *path)
{
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_auto (Options) s = { 0 };

  options_init (&s, &choices);
  g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
  assert_int_equal (w->len, 0);
  s.threads = TRUE;
  assert_int_equal (settings_save (f, &s, &error), 1);
  assert_null (error);
}

/* Fails unless PATH is a symbolic link. */
static void
assert_link (const char *path)
{
  struct stat st;
  assert_int_equal (lstat (path, &st), 0);
  assert_true (S_ISLNK (st.st_mode));
}

/* A settings file that is a symlink (into a dotfiles repository) stays
 * one: its target is replaced, atomically (a hard link to the old target
 * still sees the old text), through a temporary file in the target's
 * directory that does not stay; the target keeps its mode. */
static void
test_save_follows_symlink (void **state)
{
  g_autofree char *repo = g_build_filename (*state, "dotfiles", NULL);
  g_autofree char *cfg = g_build_filename (*state, "config", NULL);
  g_autofree char *path = g_build_filename (cfg, "forkscoperc", NULL);
  g_autofree char *old_path = g_build_filename (*state, "old", NULL);
  struct stat st;

  assert_int_equal (g_mkdir (repo, 0700), 0);
  assert_int_equal (g_mkdir (cfg, 0700), 0);
  g_autofree char *target = put (repo, "forkscoperc", "[viewer]\nthreads=false\n");
  assert_int_equal (chmod (target, 0640), 0);
  assert_int_equal (link (target, old_path), 0);
  assert_int_equal (symlink ("../dotfiles/forkscoperc", path), 0);

  save_threads (path);
  assert_link (path);
  g_autofree char *now = slurp (target);
  assert_non_null (strstr (now, "threads=true"));
  g_autofree char *old = slurp (old_path);
  assert_string_equal (old, "[viewer]\nthreads=false\n");
  assert_int_equal (g_stat (target, &st), 0);
  assert_int_equal (st.st_mode & 07777, 0640);
  /* Nothing else in either directory: no temporary file left. */
  const char *dirs[] = { repo, cfg };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autoptr (GDir) d = g_dir_open (dirs[i], 0, NULL);
      const char *name = g_dir_read_name (d);
      assert_string_equal (name, "forkscoperc");
      assert_null (g_dir_read_name (d));
    }
}

/* A settings file that is a symlink to a file still to be made (a
 * dotfiles repository before its first save; realpath() fails on it) is
 * written through: the link stays, its target is created, through a
 * chain of links too.  A loop of links is an error, the link left. */
static void
test_save_dangling_symlink (void **state)
{
  g_autofree char *repo = g_build_filename (*state, "dotfiles", NULL);
  g_autofree char *cfg = g_build_filename (*state, "config", NULL);
  g_autofree char *path = g_build_filename (cfg, "forkscoperc", NULL);
  g_autofree char *hop = g_build_filename (*state, "hop", NULL);
  g_autofree char *target = g_build_filename (repo, "forkscoperc", NULL);
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;

  assert_int_equal (g_mkdir (repo, 0700), 0);
  assert_int_equal (g_mkdir (cfg, 0700), 0);
  /* config/forkscoperc -> ../hop -> (absolute) dotfiles/forkscoperc */
  assert_int_equal (symlink ("../hop", path), 0);
  assert_int_equal (symlink (target, hop), 0);
  save_threads (path);
  assert_link (path);
  assert_link (hop);
  g_autofree char *text = slurp (target);
  assert_non_null (strstr (text, "threads=true"));

  /* A loop: an error, and the links stay links. */
  g_autofree char *a = g_build_filename (*state, "a", NULL);
  g_autofree char *b = g_build_filename (*state, "b", NULL);
  assert_int_equal (symlink ("b", a), 0);
  assert_int_equal (symlink ("a", b), 0);
  g_auto (Options) t = { 0 };
  options_init (&t, &choices);
  g_autoptr (SettingsFile) g = settings_load (a, &choices, &t, w);
  t.threads = TRUE;
  assert_int_equal (settings_save (g, &t, &error), -1);
  assert_non_null (error);
  assert_link (a);
}

/* What a file holds is said escaped: an escape sequence or a control
 * character in a value, or in a key (which GKeyFile refuses), never
 * reaches the terminal raw. */
static void
test_warnings_escaped (void **state)
{
  static const struct { const char *text; const char *want; } cases[] = {
    { "[viewer]\nscheme=\x1b[31mred\nhistory-file=9\xc2\x9b" "9\n",
      ":2: scheme takes one of: default, monochrome, light, not '\\e[31mred'" },
    { "[viewer]\nscheme=\x1b[31mred\nhistory-file=9\xc2\x9b" "9\n",
      ":3: history-file takes 0 (none) or a size from 1M to 1T (bytes, or with K, M, G or T), "
      "not '9\\u009b9'" },
    { "[viewer]\nk\x1b]0;title\x07=1\n", "k\\e]0;title\\x07" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = put (*state, "rc", cases[i].text);
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_auto (Options) s = { 0 };
      options_init (&s, &choices);
      settings_file_free (settings_load (path, &choices, &s, w));
      assert_true (w->len > 0);
      for (guint j = 0; j < w->len; j++)
        if (strchr (w->pdata[j], '\x1b') || strchr (w->pdata[j], '\x07')
            || strstr (w->pdata[j], "\xc2\x9b"))
          fail_msg ("case %u: a raw control in: %s", i, (char *) w->pdata[j]);
      if (!warned (w, cases[i].want))
        fail_msg ("case %u: no warning '%s' in '%s'", i, cases[i].want, (char *) w->pdata[0]);
    }
}

/* A path that is not a regular file (a directory, a FIFO, a symlink to a
 * device), or a file larger than 1 MiB, is reported, without
 * waiting on it or reading it whole, and not written over. */
static void
test_unreadable (void **state)
{
  static const struct { const char *name; const char *want; } cases[] = {
    { "dir", "a directory, not a regular file; using the defaults" },
    { "fifo", "a FIFO, not a regular file; using the defaults" },
    { "zero", "a character device, not a regular file; using the defaults" },
    { "big", "larger than 1 MiB; using the defaults (the file is left as it is)" },
  };
  g_autofree char *dir = g_build_filename (*state, "dir", NULL);
  g_autofree char *fifo = g_build_filename (*state, "fifo", NULL);
  g_autofree char *zero = g_build_filename (*state, "zero", NULL);
  /* 1 MiB, the limit the man page gives, and a byte more. */
  const gsize max = 1 << 20;
  g_autofree char *big_text = g_strnfill (max + 1, '#');

  memcpy (big_text, "[viewer]\n", 9);
  g_autofree char *big = put (*state, "big", big_text);
  assert_int_equal (g_mkdir (dir, 0700), 0);
  assert_int_equal (mkfifo (fifo, 0600), 0);
  assert_int_equal (symlink ("/dev/zero", zero), 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (*state, cases[i].name, NULL);
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_auto (Options) s = { 0 };
      options_init (&s, &choices);
      g_autoptr (SettingsFile) f = settings_load (path, &choices, &s, w);
      assert_int_equal (w->len, 1);
      if (!warned (w, path) || !warned (w, cases[i].want))
        fail_msg ("%s: '%s', want '%s'", cases[i].name, (char *) w->pdata[0], cases[i].want);
      s.threads = TRUE;
      assert_int_equal (settings_save (f, &s, NULL), -1);
    }
  assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  struct stat st;
  assert_int_equal (lstat (fifo, &st), 0);
  assert_true (S_ISFIFO (st.st_mode));
  g_autofree char *left = slurp (big);
  assert_string_equal (left, big_text);
  /* 1 MiB is read. */
  big_text[max] = '\0';
  g_autofree char *edge = put (*state, "edge", big_text);
  g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_auto (Options) s = { 0 };
  options_init (&s, &choices);
  settings_file_free (settings_load (edge, &choices, &s, w));
  assert_int_equal (w->len, 0);
}

/* A file that was not there when loaded, and is not a regular file when
 * saved (a FIFO made since, a symlink to a device), is not written into:
 * an error, without waiting on it. */
static void
test_save_not_regular (void **state)
{
  g_autofree char *fifo = g_build_filename (*state, "fifo", NULL);
  g_autofree char *zero = g_build_filename (*state, "zero", NULL);
  const char *paths[] = { fifo, zero };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GError) error = NULL;
      g_auto (Options) s = { 0 };
      options_init (&s, &choices);
      g_autoptr (SettingsFile) f = settings_load (paths[i], &choices, &s, w);
      assert_int_equal (w->len, 0);
      if (i == 0)
        assert_int_equal (mkfifo (fifo, 0600), 0);
      else
        assert_int_equal (symlink ("/dev/zero", zero), 0);
      s.threads = TRUE;
      assert_int_equal (settings_save (f, &s, &error), -1);
      assert_non_null (strstr (error->message, "not a regular file"));
    }
  struct stat st;
  assert_int_equal (lstat (fifo, &st), 0);
  assert_true (S_ISFIFO (st.st_mode));
  assert_int_equal (lstat (zero, &st), 0);
  assert_true (S_ISLNK (st.st_mode));
}

/* The default path follows XDG_CONFIG_HOME when it is absolute; unset,
 * empty or relative (which the XDG Base Directory spec says to ignore),
 * ~/.config (GLib reads HOME once: this test runs first). */
static void
test_default_path (void **state)
{
  static const struct { const char *config; const char *want; } cases[] = {
    { "/nonexistent/cfg", "/nonexistent/cfg/forkscope/forkscoperc" },
    { "relcfg", "/nonexistent/home/.config/forkscope/forkscoperc" },
    { "./cfg", "/nonexistent/home/.config/forkscope/forkscoperc" },
    { "", "/nonexistent/home/.config/forkscope/forkscoperc" },
    { NULL, "/nonexistent/home/.config/forkscope/forkscoperc" },
  };

  g_setenv ("HOME", "/nonexistent/home", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].config)
        g_setenv ("XDG_CONFIG_HOME", cases[i].config, TRUE);
      else
        g_unsetenv ("XDG_CONFIG_HOME");
      g_autofree char *path = settings_default_path ();
      assert_string_equal (path, cases[i].want);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_default_path),
    cmocka_unit_test_setup_teardown (test_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown (test_new_file_complete, setup, teardown),
    cmocka_unit_test_setup_teardown (test_unknown_kept, setup, teardown),
    cmocka_unit_test_setup_teardown (test_broken, setup, teardown),
    cmocka_unit_test_setup_teardown (test_bad_values, setup, teardown),
    cmocka_unit_test_setup_teardown (test_lists, setup, teardown),
    cmocka_unit_test_setup_teardown (test_warnings_in_line_order, setup, teardown),
    cmocka_unit_test_setup_teardown (test_many_warnings, setup, teardown),
    cmocka_unit_test_setup_teardown (test_atomic_save, setup, teardown),
    cmocka_unit_test_setup_teardown (test_save_keeps_mode, setup, teardown),
    cmocka_unit_test_setup_teardown (test_save_follows_symlink, setup, teardown),
    cmocka_unit_test_setup_teardown (test_save_dangling_symlink, setup, teardown),
    cmocka_unit_test_setup_teardown (test_warnings_escaped, setup, teardown),
    cmocka_unit_test_setup_teardown (test_unreadable, setup, teardown),
    cmocka_unit_test_setup_teardown (test_save_not_regular, setup, teardown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
