/* test-options.c - the one table of options: its entries are whole, the
 * command line parses through it with the errors of each type, the file's
 * forms of the same values, and the command line over the file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "options.h"

/* The names the layers above know, as main.c hands them over. */
static const char *const schemes[] = { "default", "monochrome", "light", NULL };
static const char *const columns[] = { "cpu", "mem", "start", "unit", NULL };
static const char *const sorts[] = { "seen", "start", "pid", "name", "cpu", "mem", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };
static const OptionsChoices choices = { schemes, columns, sorts, colors };

/* Parses the command line ARGS (NULL-ended, without the program) into O
 * (set to the defaults first).  Returns whether it parsed; *ERROR gets
 * the message otherwise. */
static gboolean
parse (Options *o, char **error, ...)
{
  g_autoptr (GPtrArray) own = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr (GError) e = NULL;
  va_list ap;

  options_init (o, &choices);
  g_option_context_set_main_group (ctx, options_group (o, &choices));
  g_ptr_array_add (own, g_strdup ("forkscope"));
  va_start (ap, error);
  for (const char *a = va_arg (ap, const char *); a; a = va_arg (ap, const char *))
    g_ptr_array_add (own, g_strdup (a));
  va_end (ap);
  /* The parser takes what it read out of the vector: a copy of it. */
  int argc = (int) own->len;
  g_autofree char **args = g_new (char *, own->len);
  memcpy (args, own->pdata, own->len * sizeof (char *));
  gboolean ok = g_option_context_parse (ctx, &argc, &args, &e);
  if (!ok)
    *error = g_strdup (e->message);
  return ok;
}

/* Every entry is whole: a name or a key (each unique, short names too);
 * help exactly for the command line's; numbers say what they are and
 * default within their range; terms only on filter options; a value
 * named in --help exactly where one is taken. */
static void
test_table_whole (void **state)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  assert_true (options_table_len > 20 && options_table_len <= 64);
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *s = &options_table[i];
      assert_true (s->name || s->key);
      /* A gone option is in no help, and says what replaced it. */
      assert_true (!s->name == !s->help || (s->type == OPTIONS_GONE && !s->help));
      if (s->type == OPTIONS_GONE)
        {
          assert_true (s->what && s->note);
          continue;
        }
      if (s->name)
        assert_true (g_hash_table_add (seen, g_strconcat ("--", s->name, NULL)));
      if (s->key)
        assert_true (g_hash_table_add (seen, g_strdup (s->key)));
      if (s->short_name)
        assert_true (g_hash_table_add (seen, g_strdup_printf ("-%c", s->short_name)));
      if (s->type == OPTIONS_INTEGER || s->type == OPTIONS_REAL)
        assert_true (s->what && ((s->min <= s->def && s->def <= s->max)
                                 || s->term));  /* a shorthand is used when given only */
      else if (s->type == OPTIONS_SIZE)
        assert_true (!s->what && s->min <= s->def && s->def <= s->max);
      else
        assert_null (s->what);
      assert_true (!s->term || (s->flags & OPTIONS_F_FILTER));
      /* The viewer's own are those --help says are (main refuses them
       * with --log, --json and --perfetto: the man page names them so). */
      assert_true (!s->help
                   || !(s->flags & OPTIONS_F_VIEWER) == !g_str_has_prefix (s->help, "Viewer: "));
      assert_true (!s->name || !s->arg == (s->type == OPTIONS_FLAG));
      /* Found back by each of its names. */
      if (s->key)
        assert_ptr_equal (options_find (s->key, TRUE), s);
      if (s->name)
        {
          g_autofree char *opt = g_strconcat ("--", s->name, NULL);
          assert_ptr_equal (options_find (opt, FALSE), s);
        }
    }
  assert_null (options_find ("--threads", TRUE));
  assert_null (options_find ("kernel-threads", FALSE));
  assert_null (options_find ("--kernel-threads", FALSE));
  assert_null (options_find ("-", FALSE));
  assert_null (options_find ("-dd", FALSE));
}

/* The defaults, nothing given. */
static void
test_defaults (void **state)
{
  g_auto (Options) o = { 0 };

  options_init (&o, &choices);
  assert_int_equal (o.history_memory, 64 << 20);
  assert_int_equal (o.history_file, G_GINT64_CONSTANT (1) << 30);
  assert_true (o.keep == 60 && o.tombstones == 5 && o.speed == 0);
  assert_int_equal (o.interval_ms, 1000);
  assert_true (o.save && !o.threads && !o.log);
  assert_string_equal (o.scheme, "default");
  assert_string_equal (o.sort, "seen");
  assert_string_equal (o.color, "auto");
  assert_string_equal (o.filter, "");
  assert_null (o.columns[0]);
  assert_null (options_given_viewer (&o));
  assert_null (o.replay);
  assert_null (o.comms);
  assert_int_equal (o.given, 0);
}

/* The command line: each type's values, and each error naming the option
 * and what it takes. */
static void
test_command_line (void **state)
{
  g_auto (Options) o = { 0 };
  char *error = NULL;

  assert_true (parse (&o, &error, "-l", "--history-memory=7M", "-T", "0.5", "--columns=unit,cpu",
                      "--sort", "mem", "--no-save", "-r", "rec.jsonl", "-c", "a", "-c", "b*",
                      "-P", "1,2", NULL));
  assert_true (o.log && !o.save);
  assert_int_equal (o.history_memory, 7 << 20);
  /* The viewer's own given: the first in the table. */
  assert_string_equal (options_given_viewer (&o), "history-memory");
  assert_true (o.tombstones == 0.5);
  assert_string_equal (o.columns[0], "unit");
  assert_string_equal (o.columns[1], "cpu");
  assert_null (o.columns[2]);
  assert_string_equal (o.sort, "mem");
  assert_string_equal (o.replay, "rec.jsonl");
  assert_string_equal (o.comms[0], "a");
  assert_string_equal (o.comms[1], "b*");
  assert_true (options_given (&o, "history-memory") && options_given (&o, "no-save"));
  assert_false (options_given (&o, "keep"));
  options_clear (&o);

  /* An empty --columns is none; an empty name in a list is no name. */
  assert_true (parse (&o, &error, "--columns=", NULL));
  assert_null (o.columns[0]);
  options_clear (&o);

  static const struct { const char *arg; const char *want; } bad[] = {
    { "--history=10000", "--history is gone: the history keeps every event now, within the "
                         "sizes of --history-memory and --history-file" },
    { "--history-memory=0", "--history-memory takes a size from 256K to 16G (bytes, or with "
                            "K, M, G or T), not '0'" },
    { "--history-file=1K", "--history-file takes 0 (none) or a size from 1M to 1T (bytes, or "
                           "with K, M, G or T), not '1K'" },
    { "--history-memory=17G", "not '17G'" },
    { "--history-memory=1Q", "not '1Q'" },
    { "--history-memory=-1M", "not '-1M'" },
    { "--history-memory=99999999999999999999G", "not '99999999999999999999G'" },
    { "--keep=nan", "--keep takes seconds from 0 to 86400 (a day), not 'nan'" },
    { "-d=inf", "--duration takes seconds from 0 to 2592000 (30 days), not 'inf'" },
    { "--duration=1e30", "--duration takes seconds from 0 to 2592000 (30 days), not '1e30'" },
    { "--interval=9", "--interval takes milliseconds from 10 to 3600000 (an hour), not '9'" },
    { "--count=1x", "--count takes a number of events from 0 to 9223372036854775807, not '1x'" },
    { "--speed=-1", "--speed takes a pace from 0 to 1000000, not '-1'" },
    { "--scheme=", "--scheme takes one of: default, monochrome, light, not ''" },
    { "--columns=cpu,,mem", "--columns takes names separated by commas, each one of: cpu, "
                            "mem, start, unit, not ''" },
    { "--columns=cpu;mem", "not 'cpu;mem'" },
    { "--filter=event:nope", "--filter takes a filter (column 7: unknown event kind 'nope'" },
    { "--events=fork,frok", "--events: unknown event kind 'frok'" },
    { "--ppid=12,abc", "--ppid: ppid: needs pids" },
    { "--comm=", "--comm: comm: needs a pattern" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *arg = g_strdup (bad[i].arg);
      char *eq = strchr (arg, '=');
      gboolean ok;
      if (arg[1] != '-')
        {
          /* A short option takes its value as the next argument. */
          *eq = '\0';
          ok = parse (&o, &error, arg, eq + 1, NULL);
        }
      else
        ok = parse (&o, &error, arg, NULL);
      if (ok || !strstr (error, bad[i].want))
        fail_msg ("%s: '%s', want '%s'", bad[i].arg, ok ? "(parsed)" : error, bad[i].want);
      g_free (error);
      error = NULL;
      options_clear (&o);
    }
}

/* One rule for numbers, every numeric option alike: digits, and for
 * the real ones a fraction and an exponent; a sign only where a negative
 * value is in the range (none is); no blanks, hex, infinities or NaN. */
static void
test_numbers (void **state)
{
  static const char *const reals_ok[] = { "1", "0", "007", "1.5", ".5", "5.", "1e3", "1E3",
                                          "1e+3", "2.5e-1", "1.0000000000000001e-05" };
  static const char *const ints_ok[] = { "5", "0", "007" };
  static const char *const bad[] = { "0x1", "0x1p1", "0X10", "  1", " 1", "1 ", "\t1", "1\n",
                                     "+1", "-0", "+0", "inf", "nan", "infinity", "1e", "e3",
                                     ".", "", ".e1", "1.2.3", "1e3.5", "1e+", "1,5", "1_0" };
  static const char *const ints_bad[] = { "1.5", "1e3", ".5" };
  g_auto (Options) o = { 0 };

  options_init (&o, &choices);
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      gboolean real = spec->type == OPTIONS_REAL;
      if (!spec->name || (!real && spec->type != OPTIONS_INTEGER))
        continue;
      const char *const *ok = real ? reals_ok : ints_ok;
      guint n_ok = real ? G_N_ELEMENTS (reals_ok) : G_N_ELEMENTS (ints_ok);
      for (guint j = 0; j < n_ok; j++)
        {
          g_autoptr (GError) error = NULL;
          /* Within the range: --pid and --interval start above 0. */
          if (g_ascii_strtod (ok[j], NULL) < (double) spec->min)
            continue;
          if (!options_set (spec, ok[j], FALSE, &choices, &o, &error))
            fail_msg ("--%s refused '%s': %s", spec->name, ok[j], error->message);
        }
      for (guint j = 0; j < G_N_ELEMENTS (bad) + (real ? 0 : G_N_ELEMENTS (ints_bad)); j++)
        {
          g_autoptr (GError) error = NULL;
          const char *text = j < G_N_ELEMENTS (bad) ? bad[j] : ints_bad[j - G_N_ELEMENTS (bad)];
          if (options_set (spec, text, FALSE, &choices, &o, &error))
            fail_msg ("--%s took '%s'", spec->name, text);
          /* The settings file's values: the same rule. */
          if (spec->key && options_set (spec, text, TRUE, &choices, &o, NULL))
            fail_msg ("%s took '%s' in the file", spec->key, text);
        }
    }
}

/* The settings file's forms: booleans as GKeyFile reads them, lists
 * separated by ';' or ',' with one at the end, and the same errors with
 * the key's name; options_text gives back what reads the same. */
static void
test_file_forms (void **state)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GError) error = NULL;
  const OptionsSpec *threads = options_find ("threads", TRUE);
  const OptionsSpec *save = options_find ("save-on-quit", TRUE);
  const OptionsSpec *cols = options_find ("columns", TRUE);

  options_init (&o, &choices);
  assert_true (options_set (threads, "true  ", TRUE, &choices, &o, NULL) && o.threads);
  assert_true (options_set (threads, "0", TRUE, &choices, &o, NULL) && !o.threads);
  assert_false (options_set (threads, "yes", TRUE, &choices, &o, &error));
  assert_string_equal (error->message, "threads takes true or false, not 'yes'");
  g_clear_error (&error);
  /* The command line's --no-save is the file's save-on-quit. */
  assert_true (options_set (save, "false", TRUE, &choices, &o, NULL) && !o.save);
  assert_true (options_set (save, "true", TRUE, &choices, &o, NULL) && o.save);
  assert_true (options_set (save, NULL, FALSE, &choices, &o, NULL) && !o.save);
  assert_true (options_set (cols, "mem;cpu;", TRUE, &choices, &o, NULL));
  g_autofree char *text = options_text (cols, &o);
  assert_string_equal (text, "mem;cpu");
  assert_false (options_set (cols, "mem;;cpu", TRUE, &choices, &o, &error));
  assert_string_equal (error->message, "columns takes names separated by ';' or ',', each "
                                       "one of: cpu, mem, start, unit, not ''");
  g_clear_error (&error);
  /* A refused value leaves the field as it was. */
  g_autofree char *still = options_text (cols, &o);
  assert_string_equal (still, "mem;cpu");

  /* Every key's value reads back the same from its text. */
  g_auto (Options) back = { 0 };
  options_init (&back, &choices);
  o.tombstones = 0.1;
  o.history_memory = 3 * 1024 * 1024 + 1024;
  o.history_file = 0;
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *s = &options_table[i];
      if (!s->key || s->type == OPTIONS_GONE)
        continue;
      g_autofree char *t = options_text (s, &o);
      assert_true (options_set (s, t, TRUE, &choices, &back, NULL));
      g_autofree char *t2 = options_text (s, &back);
      assert_string_equal (t, t2);
    }
  assert_true (back.tombstones == 0.1);
  assert_int_equal (back.history_memory, 3 * 1024 * 1024 + 1024);
  assert_int_equal (back.history_file, 0);
}

/* Sizes: bytes or a unit in either case, "iB" or "B" after it; written
 * back with the largest unit that divides them.  A gone option is said
 * to be gone, with what replaced it, in the file's words too. */
static void
test_sizes (void **state)
{
  g_auto (Options) o = { 0 };
  const OptionsSpec *mem = options_find ("history-memory", TRUE);
  const OptionsSpec *file = options_find ("history-file", TRUE);
  static const struct { const char *text; gint64 bytes; const char *back; } good[] = {
    { "262144", 262144, "256K" }, { "64m", 64 << 20, "64M" }, { "1GiB", 1 << 30, "1G" },
    { "300KB", 300 << 10, "300K" }, { "16G", G_GINT64_CONSTANT (16) << 30, "16G" },
    { "262145", 262145, "262145" },
  };
  g_autoptr (GError) error = NULL;

  options_init (&o, &choices);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      assert_true (options_set (mem, good[i].text, TRUE, &choices, &o, NULL));
      assert_int_equal (o.history_memory, good[i].bytes);
      g_autofree char *t = options_text (mem, &o);
      assert_string_equal (t, good[i].back);
    }
  assert_true (options_set (file, "0", TRUE, &choices, &o, NULL));
  assert_int_equal (o.history_file, 0);
  assert_true (options_set (file, "1T", TRUE, &choices, &o, NULL));
  assert_int_equal (o.history_file, G_GINT64_CONSTANT (1) << 40);
  assert_false (options_set (mem, "0", TRUE, &choices, &o, &error));
  assert_string_equal (error->message, "history-memory takes a size from 256K to 16G (bytes, "
                       "or with K, M, G or T), not '0'");
  assert_int_equal (o.history_memory, 262145);
  g_clear_error (&error);
  assert_false (options_set (mem, "1K\x1b[31m", TRUE, &choices, &o, &error));
  assert_non_null (strstr (error->message, "not '1K\\e[31m'"));
  g_clear_error (&error);
  assert_false (options_set (options_find ("history", TRUE), "10000", TRUE, &choices, &o,
                             &error));
  assert_string_equal (error->message, "history is gone: the history keeps every event now, "
                       "within the sizes of history-memory and history-file");
}

/* The command line over the file: what it gave replaces the file's value,
 * the rest stays; one filter option replaces the file's filter, and the
 * filter is --filter then the shorthands in the table's order. */
static void
test_override_and_filter (void **state)
{
  g_auto (Options) file = { 0 };
  g_auto (Options) cli = { 0 };
  g_auto (Options) run = { 0 };
  char *error = NULL;

  options_init (&file, &choices);
  assert_true (options_set (options_find ("filter", TRUE), "failed", TRUE, &choices, &file,
                            NULL));
  file.history_file = 5 << 20;
  file.keep = 7;
  assert_true (parse (&cli, &error, "--keep=9", "--threads", NULL));
  options_copy (&run, &file);
  options_override (&run, &cli);
  assert_int_equal (run.history_file, 5 << 20);
  assert_true (run.keep == 9 && run.threads);
  g_autofree char *f1 = options_filter (&run);
  assert_string_equal (f1, "failed");
  options_clear (&cli);
  options_clear (&run);

  assert_true (parse (&cli, &error, "-P", "3", "-f", "-p", "12", "-c", "a b", "-c", "c",
                      "-e", "exit", "-F", "cmd:x  !sh", NULL));
  options_copy (&run, &file);
  options_override (&run, &cli);
  g_autofree char *f2 = options_filter (&run);
  assert_string_equal (f2, "cmd:x !sh comm:\"a b,c\" pid:12 event:exit ppid:3 failed");
  options_clear (&cli);
  options_clear (&run);

  /* A shorthand alone replaces the file's filter too. */
  assert_true (parse (&cli, &error, "-p", "4", NULL));
  options_copy (&run, &file);
  options_override (&run, &cli);
  g_autofree char *f3 = options_filter (&run);
  assert_string_equal (f3, "pid:4");
}

/* A name is found by its index whatever its case and the blanks around
 * it; a name not in the list, or one blank inside, is not. */
static void
test_name_index (void **state)
{
  (void) state;
  static const char *const names[] = { "pid", "cpu", "tcpu", NULL };

  assert_int_equal (options_name_index (names, "pid"), 0);
  assert_int_equal (options_name_index (names, " TCPU\t"), 2);
  assert_int_equal (options_name_index (names, "Cpu"), 1);
  assert_int_equal (options_name_index (names, "t cpu"), -1);
  assert_int_equal (options_name_index (names, ""), -1);
  assert_int_equal (options_name_index (names, "mem"), -1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_table_whole),
    cmocka_unit_test (test_defaults),
    cmocka_unit_test (test_command_line),
    cmocka_unit_test (test_sizes),
    cmocka_unit_test (test_numbers),
    cmocka_unit_test (test_file_forms),
    cmocka_unit_test (test_override_and_filter),
    cmocka_unit_test (test_name_index),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
