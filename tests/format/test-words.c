/* test-words.c - events, statuses, times and durations in words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "words.h"
#include "tstr.h"

/* 2024-05-01T12:34:56.123456789Z */
#define WALL G_GINT64_CONSTANT (1714566896123456789)

/* Every duration fits 5 columns and is rounded down. */
static void
test_duration (void **state)
{
  const gint64 ms = 1000000, s = 1000 * ms, min = 60 * s, h = 60 * min, d = 24 * h;
  const struct { gint64 ns; const char *want; } cases[] = {
    { -1, "?" }, { 0, "0us" }, { 999, "0us" }, { 850000, "850us" },
    { 4 * ms + 290000, "4.2ms" }, { 9 * ms + 999999, "9.9ms" }, { 12300000, "12ms" },
    { 999 * ms + 999999, "999ms" }, { 4560000000, "4.56s" }, { 9999 * ms, "9.99s" },
    { 12345 * ms, "12.3s" }, { 59999 * ms, "59.9s" }, { 187 * s, "3m07s" },
    { 10 * min - 1, "9m59s" }, { 42 * min + 30 * s, "42m" }, { 5 * h + 7 * min, "5h07m" },
    { 23 * h + 59 * min, "23h" }, { 3 * d + 4 * h, "3d04h" }, { 412 * d, "412d" },
    { G_MAXINT64, "106751d" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_duration (out, cases[i].ns);
      assert_string_equal (out->str, cases[i].want);
      assert_true (out->len <= 5 || cases[i].ns >= 100000 * d);
    }
}

/* Counts with their thousands apart. */
static void
test_count (void **state)
{
  const struct { guint64 n; const char *want; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 4211, "4,211" },
    { 1000000, "1,000,000" }, { G_MAXUINT64, "18,446,744,073,709,551,615" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_count (out, cases[i].n);
      assert_string_equal (out->str, cases[i].want);
    }
}

/* Sizes in ASCII (no no-break space, whatever the locale), rounded down,
 * at most 8 columns. */
static void
test_size (void **state)
{
  const struct { guint64 n; const char *want; } cases[] = {
    { 0, "0 B" }, { 1023, "1023 B" }, { 1024, "1.0 KiB" }, { 4096 + 1023, "4.9 KiB" },
    { 10 * 1024, "10 KiB" }, { 32 * 1024 * 1024, "32 MiB" },
    { 1024 * 1024 * 1024 - 1, "1023 MiB" }, { G_GUINT64_CONSTANT (5) << 40, "5.0 TiB" },
    { G_MAXUINT64, "15 EiB" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_size (out, cases[i].n);
      assert_string_equal (out->str, cases[i].want);
      assert_true (out->len <= 8);
      for (const char *c = out->str; *c; c++)
        assert_true ((guchar) *c < 0x80);
    }
}

/* Start times: the time of day within a day, the date before; ? unknown. */
static void
test_start (void **state)
{
  const gint64 day = G_GINT64_CONSTANT (86400000000000);
  const struct { gint64 start, now; const char *want; } cases[] = {
    { WALL, WALL, "12:34:56" }, { WALL, WALL + day - 1, "12:34:56" },
    { WALL, WALL + day, "May 01" }, { WALL, WALL + 400 * day, "May 01" },
    { 0, WALL, "?" }, { -5, WALL, "?" },
    { WALL, G_MININT64, "12:34:56" },  /* a clock gone wrong: no overflow */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_start (out, cases[i].start, cases[i].now);
      assert_string_equal (out->str, cases[i].want);
    }
}

/* A window's edge: the clock for a window under a day, the date and
 * minute for one of a day or more; unknown times as the clock's. */
static void
test_moment (void **state)
{
  const gint64 day = G_GINT64_CONSTANT (86400000000000);
  const struct { gint64 wall, span; const char *want; } cases[] = {
    { WALL, 3600 * G_GINT64_CONSTANT (1000000000), "12:34:56.123" },
    { WALL, day - 1, "12:34:56.123" },
    { WALL, day, "May 01 12:34" }, { WALL + 6 * day, 7 * day, "May 07 12:34" },
    { 0, day, "--:--:--.---" }, { -1, 7 * day, "--:--:--.---" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_moment (out, cases[i].wall, cases[i].span);
      assert_string_equal (out->str, cases[i].want);
    }
}

/* Local time with milliseconds; unknown or impossible times are dashes. */
static void
test_clock (void **state)
{
  const gint64 times[] = { WALL, 0, -1, G_MAXINT64 };
  const char *const want[] = { "12:34:56.123", "--:--:--.---", "--:--:--.---", NULL };
  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_clock (out, times[i]);
      if (want[i])
        assert_string_equal (out->str, want[i]);
      assert_int_equal (out->len, 12);
    }
}

/* Statuses as the shell would describe them. */
static void
test_status (void **state)
{
  const struct { guint32 raw; gboolean unknown, oom; const char *want; } cases[] = {
    { 0, FALSE, FALSE, "exit 0" }, { 768, FALSE, FALSE, "exit 3" },
    { 9, FALSE, FALSE, "SIGKILL" }, { 9, FALSE, TRUE, "SIGKILL (OOM killer)" },
    { 0x80 | 11, FALSE, FALSE, "SIGSEGV (core)" }, { 0, TRUE, FALSE, "unknown" },
    { 0x7e, FALSE, FALSE, "signal 126" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      words_status (out, cases[i].raw, cases[i].unknown, cases[i].oom);
      assert_string_equal (out->str, cases[i].want);
    }
}

/* The words of EV with P. */
static char *
said (const Event *ev, const Proc *p)
{
  GString *out = g_string_new (NULL);
  words_event (out, ev, p, NULL);
  return g_string_free (out, FALSE);
}

/* What each kind adds; hostile text is escaped. */
static void
test_event (void **state)
{
  char *argv[] = { T_STR ("sh"), T_STR ("-c"), T_STR ("echo \x1b[2J"), NULL };
  Proc p = { .pid = 9, .start_ns = 1000000000 };
  const struct { Event ev; const char *want; } cases[] = {
    { { .kind = EVENT_FORK, .pid = 9, .tgid = 9, .ptgid = 5 }, "child of 5" },
    { { .kind = EVENT_FORK, .pid = 10, .tgid = 9, .ptgid = 5 }, "[thread of 9] " },
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9, .argv = argv, .comm = T_STR ("sh") },
      "sh -c \"echo \\e[2J\"" },
    /* what could not be read is said, and no name stands in for it */
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9, .comm = T_STR ("x"), .exe = T_STR ("/bin/x") },
      "command line unreadable (executable /bin/x)" },
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9, .comm = T_STR ("x") }, "command line unreadable" },
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9 }, "name and command line unreadable" },
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9, .argv = argv },
      "sh -c \"echo \\e[2J\" (name unreadable)" },
    /* an exec by a thread other than the leader */
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9, .argv = argv, .comm = T_STR ("sh"),
        .flags = EVENT_F_EXEC_THREAD, .exec_tid = 12 },
      "sh -c \"echo \\e[2J\" (by thread 12, which took over pid 9)" },
    { { .kind = EVENT_EXEC, .pid = 9, .tgid = 9, .flags = EVENT_F_EXEC_THREAD },
      "name and command line unreadable (by a thread other than the leader, "
      "which took over pid 9)" },
    { { .kind = EVENT_SNAPSHOT, .pid = 9, .tgid = 9, .exe = T_STR ("/bin/x") }, "/bin/x" },
    { { .kind = EVENT_SNAPSHOT, .pid = 2, .tgid = 2, .flags = EVENT_F_KTHREAD },
      "[kernel thread]" },
    { { .kind = EVENT_SNAPSHOT, .pid = 9, .tgid = 9 }, "" },
    { { .kind = EVENT_UID, .pid = 9, .tgid = 9, .ruid = 1, .euid = 0 }, "uid 1 euid 0" },
    { { .kind = EVENT_GID, .pid = 9, .tgid = 9, .rgid = 4, .egid = 5 }, "gid 4 egid 5" },
    { { .kind = EVENT_SID, .pid = 9, .tgid = 9, .sid = 9 }, "session 9" },
    { { .kind = EVENT_PTRACE, .pid = 9, .tgid = 9 }, "no longer traced" },
    { { .kind = EVENT_COMM, .pid = 10, .tgid = 9, .comm = T_STR ("a\nb") },
      "[thread of 9] renamed to a\\nb" },
    { { .kind = EVENT_COREDUMP, .pid = 9, .tgid = 9 }, "dumping core" },
    { { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .mono_ns = 1250000000, .exit_code = 256 },
      "exit 1 after 250ms" },
    { { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .mono_ns = 5, .exit_code = 256 },
      "exit 1" },
    { { .kind = EVENT_EXIT, .pid = 10, .tgid = 9, .mono_ns = 1250000000 },
      "[thread of 9] exit 0" },
    /* what the model concluded: the leader's early exit is a thread's, the
     * last thread's after it ends the process */
    { { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .mono_ns = 1250000000,
        .ends = EVENT_ENDS_THREAD },
      "[leader thread] exit 0, other threads remain" },
    { { .kind = EVENT_EXIT, .pid = 11, .tgid = 9, .mono_ns = 1250000000, .exit_code = 5 << 8,
        .ends = EVENT_ENDS_PROCESS },
      "exit 5 after 250ms (last thread 11)" },
    { { .kind = EVENT_EXIT, .pid = 11, .tgid = 9, .mono_ns = 1250000000, .exit_code = 9,
        .ends = EVENT_ENDS_THREAD },
      "[thread of 9] SIGKILL" },
    { { .kind = EVENT_LOST, .lost = 7 }, "7 events lost" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = said (&cases[i].ev, &p);
      assert_string_equal (got, cases[i].want);
    }
  Event exit = { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .mono_ns = 1250000000 };
  g_autofree char *bare = said (&exit, NULL);
  assert_string_equal (bare, "exit 0");

  /* What it cost, after the lifetime; the OOM killer by the status. */
  CostValues v = { .have = COST_BIT (COST_CPU) | COST_BIT (COST_PEAK_RSS),
                   .v = { [COST_CPU] = 180 * G_GINT64_CONSTANT (1000000),
                          [COST_PEAK_RSS] = G_GUINT64_CONSTANT (120) << 20 } };
  g_autoptr (Cost) cost = cost_new (&v);
  Proc started = { .pid = 9, .start_ns = 1060000000 };
  exit.cost = cost;
  g_autofree char *costly = said (&exit, &started);
  assert_string_equal (costly, "exit 0 after 190ms, cpu 180ms, peak 120 MiB");
  Event oom = { .kind = EVENT_EXIT, .pid = 11, .tgid = 9, .mono_ns = 1250000000, .exit_code = 9,
                .ends = EVENT_ENDS_PROCESS, .flags = EVENT_F_OOM, .cost = cost };
  g_autofree char *killed = said (&oom, &started);
  assert_string_equal (killed, "SIGKILL (OOM killer) after 190ms (last thread 11), "
                               "cpu 180ms, peak 120 MiB");
  CostValues cpu_only = { .have = COST_BIT (COST_CPU), .v = { [COST_CPU] = G_MAXUINT64 } };
  g_autoptr (Cost) thread_cost = cost_new (&cpu_only);
  Event thread = { .kind = EVENT_EXIT, .pid = 10, .tgid = 9, .cost = thread_cost };
  g_autofree char *th = said (&thread, &started);
  assert_string_equal (th, "[thread of 9] exit 0, cpu 106751d");
  Event lost = { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .flags = EVENT_F_COST_UNKNOWN };
  g_autofree char *unknown = said (&lost, NULL);
  assert_string_equal (unknown, "exit 0, cost unknown");
}

/* The pid a column shows: the process's for its end by the last thread. */
static void
test_pid (void **state)
{
  Event ev = { .kind = EVENT_EXIT, .pid = 11, .tgid = 9, .ends = EVENT_ENDS_PROCESS };
  assert_int_equal (words_pid (&ev), 9);
  ev.ends = EVENT_ENDS_THREAD;
  assert_int_equal (words_pid (&ev), 11);
  ev.ends = EVENT_ENDS_UNSAID;
  assert_int_equal (words_pid (&ev), 11);
  ev.kind = EVENT_FORK;
  assert_int_equal (words_pid (&ev), 11);
  ev.kind = EVENT_LOST;
  assert_int_equal (words_pid (&ev), 0);
  /* the stand-in for a name not known cannot be a name */
  assert_true (strlen (WORDS_NO_NAME) > 15);
}

/* Durations and clocks at the ends of the 64-bit range, as a recording
 * may hold them, and exits whose start is absurd: words, no overflow. */
static void
test_extremes (void **state)
{
  g_autoptr (GString) s = g_string_new (NULL);
  words_duration (s, G_MAXINT64);
  assert_string_equal (s->str, "106751d");
  g_string_truncate (s, 0);
  words_duration (s, G_MININT64);
  assert_string_equal (s->str, "?");
  g_string_truncate (s, 0);
  words_clock (s, G_MININT64);
  assert_string_equal (s->str, "--:--:--.---");
  g_string_truncate (s, 0);
  words_clock (s, G_MAXINT64);
  assert_string_equal (s->str, "23:47:16.854");
  Proc p = { .pid = 9, .start_ns = G_MININT64 + 1 };
  Event ev = { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .mono_ns = G_MAXINT64 };
  g_string_truncate (s, 0);
  words_event (s, &ev, &p, NULL);
  assert_string_equal (s->str, "exit 0");
  p.start_ns = 1;
  g_string_truncate (s, 0);
  words_event (s, &ev, &p, NULL);
  assert_string_equal (s->str, "exit 0 after 106751d");
}

int
main (void)
{
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_duration),
    cmocka_unit_test (test_extremes),
    cmocka_unit_test (test_clock),
    cmocka_unit_test (test_moment),
    cmocka_unit_test (test_count),
    cmocka_unit_test (test_size),
    cmocka_unit_test (test_start),
    cmocka_unit_test (test_status),
    cmocka_unit_test (test_event),
    cmocka_unit_test (test_pid),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
