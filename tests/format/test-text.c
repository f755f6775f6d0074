/* test-text.c - the human-readable event log. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "escape.h"
#include "text.h"
#include "tstr.h"

/* 2024-05-01T12:34:56.123456789Z */
#define WALL G_GINT64_CONSTANT (1714566896123456789)
/* A uid the test resolver does not name. */
#define NOBODY_UID 54321

/* A user database of one: uid 0 is "root". */
static const char *
test_names (guint32 uid)
{
  return uid == 0 ? "root" : NULL;
}

/* Renders EV with P, names from test_names. */
static char *
line (const Event *ev, const Proc *p)
{
  GString *out = g_string_new (NULL);
  text_event (out, ev, p, test_names);
  return g_string_free (out, FALSE);
}

/* Asserts that EV with P renders as WANT. */
static void
assert_line (const Event *ev, const Proc *p, const char *want)
{
  g_autofree char *got = line (ev, p);
  assert_string_equal (got, want);
}

/* Asserts a line is one line of safe text. */
static void
assert_one_clean_line (const char *s)
{
  assert_true (g_utf8_validate (s, -1, NULL));
  assert_true (g_str_has_suffix (s, "\n"));
  for (const char *c = s; *c; c++)
    {
      assert_false ((guchar) *c < 0x20 && !(*c == '\n' && c[1] == '\0'));
      assert_false ((guchar) *c == 0x7f);
    }
}

/* Column where DETAILS starts: TIME EVENT PID PPID USER COMM are
 * 12+1 + 8+1 + 7+1 + 7+1 + 8+1 + 16+1 columns. */
#define DETAILS_COL 64

/* Display width of the first N bytes of S. */
static gsize
width_of_prefix (const char *s, gsize n)
{
  gsize w = 0;
  for (const char *p = s; p < s + n; p = g_utf8_find_next_char (p, NULL))
    {
      gunichar c = g_utf8_get_char (p);
      w += g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
    }
  return w;
}

/* The header names the columns in the same layout as the lines. */
static void
test_header (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);
  text_header (out);
  assert_string_equal (out->str,
                       "TIME         EVENT    PID     PPID    USER     COMM             DETAILS\n");
  assert_int_equal (strstr (out->str, "DETAILS") - out->str, DETAILS_COL);
}

/* An exec: time, columns, user name, quoted command line. */
static void
test_exec (void **state)
{
  char *argv[] = { T_STR ("ls"), T_STR ("-l"), T_STR ("a b"), NULL };
  Event ev = { .kind = EVENT_EXEC, .wall_ns = WALL, .pid = 4242, .tgid = 4242,
               .comm = T_STR ("ls"), .argv = argv };
  Proc p = { .pid = 4242, .ppid = 4200, .comm = T_STR ("ls"), .flags = PROC_F_CREDS };
  g_autofree char *got = line (&ev, &p);
  assert_string_equal (got,
    "12:34:56.123 exec     4242    4200    root     ls               ls -l \"a b\"\n");

  /* No context: unknown parent and user are "-". */
  g_autofree char *bare = line (&ev, NULL);
  assert_string_equal (bare,
    "12:34:56.123 exec     4242    -       -        ls               ls -l \"a b\"\n");

  /* What could not be read is said in words; no name stands in for it,
   * neither at the exec nor at the exit, even where the model knew the old
   * one. */
  Proc old = { .pid = 4242, .ppid = 4200, .comm = NULL, .flags = PROC_F_CREDS,
               .start_ns = 1000000000 };
  Event unread = { .kind = EVENT_EXEC, .wall_ns = WALL, .pid = 4242, .tgid = 4242 };
  assert_line (&unread, &old, "12:34:56.123 exec     4242    4200    root     "
                              "(name not known) name and command line unreadable\n");
  Event half = { .kind = EVENT_EXEC, .wall_ns = WALL, .pid = 4242, .tgid = 4242,
                 .comm = T_STR ("ls"), .exe = T_STR ("/usr/bin/ls") };
  assert_line (&half, &old, "12:34:56.123 exec     4242    4200    root     ls               "
                            "command line unreadable (executable /usr/bin/ls)\n");
  Event exit = { .kind = EVENT_EXIT, .wall_ns = WALL, .mono_ns = 1500000000, .pid = 4242,
                 .tgid = 4242, .ppid = 4200, .ptgid = 4200, .ends = EVENT_ENDS_PROCESS };
  assert_line (&exit, &old, "12:34:56.123 exit     4242    4200    root     "
                            "(name not known) exit 0 after 500ms\n");
}

/* Exits show the decoded status and, with a start time, the lifetime. */
static void
test_exit (void **state)
{
  Proc p = { .pid = 9, .ppid = 1, .comm = T_STR ("sleep"), .start_ns = 1000000000,
             .flags = PROC_F_CREDS, .euid = NOBODY_UID };
  Event ev = { .kind = EVENT_EXIT, .mono_ns = 3500000000, .wall_ns = WALL, .pid = 9,
               .tgid = 9, .ppid = 1, .ptgid = 1, .exit_code = 768, .exit_signal = 17 };
  g_autofree char *a = line (&ev, &p);
  assert_string_equal (a,
    "12:34:56.123 exit     9       1       54321    sleep            exit 3 after 2.50s\n");
  g_autofree char *t = line (&(Event) { .kind = EVENT_EXIT, .wall_ns = -5, .pid = 9,
                                        .tgid = 9 }, NULL);
  assert_true (g_str_has_prefix (t, "--:--:--.--- exit "));

  Event sig = { .kind = EVENT_EXIT, .wall_ns = WALL, .pid = 9, .tgid = 9, .exit_code = 139 };
  g_autofree char *b = line (&sig, NULL);
  assert_true (g_str_has_suffix (b, " SIGSEGV (core)\n"));

  Event unk = { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN, .pid = 9, .tgid = 9 };
  g_autofree char *c = line (&unk, NULL);
  assert_true (g_str_has_suffix (c, " unknown\n"));

  Event core = { .kind = EVENT_COREDUMP, .pid = 9, .tgid = 9, .exit_code = 11 };
  g_autofree char *d = line (&core, NULL);
  assert_true (g_str_has_suffix (d, " dumping core\n"));
}

/* Threads are marked with their process. */
static void
test_thread (void **state)
{
  Proc p = { .pid = 4242, .ppid = 1, .comm = T_STR ("firefox") };
  Event ev = { .kind = EVENT_EXIT, .wall_ns = WALL, .mono_ns = 50, .pid = 4250,
               .tgid = 4242, .exit_signal = -1 };
  p.start_ns = 10;  /* the process's start, not the thread's: no lifetime */
  g_autofree char *a = line (&ev, &p);
  assert_string_equal (a,
    "12:34:56.123 exit     4250    1       -        firefox          [thread of 4242] exit 0\n");

  Event fork = { .kind = EVENT_FORK, .wall_ns = WALL, .pid = 4251, .tgid = 4242,
                 .ppid = 1, .ptgid = 1 };
  g_autofree char *b = line (&fork, &p);
  assert_string_equal (b,
    "12:34:56.123 fork     4251    1       -        firefox          [thread of 4242]\n");

  /* The leader's exit before its threads is a thread's; the last thread's
   * after it ends the process, under the process's pid. */
  Event leader = { .kind = EVENT_EXIT, .wall_ns = WALL, .mono_ns = 50, .pid = 4242,
                   .tgid = 4242, .ppid = 1, .ptgid = 1, .ends = EVENT_ENDS_THREAD };
  assert_line (&leader, &p, "12:34:56.123 exit     4242    1       -        firefox          "
                            "[leader thread] exit 0, other threads remain\n");
  Event last = { .kind = EVENT_EXIT, .wall_ns = WALL, .mono_ns = 1500000010, .pid = 4250,
                 .tgid = 4242, .exit_code = 5 << 8, .exit_signal = -1,
                 .ends = EVENT_ENDS_PROCESS };
  assert_line (&last, &p, "12:34:56.123 exit     4242    1       -        firefox          "
                          "exit 5 after 1.50s (last thread 4250)\n");
  /* An exec by another thread than the leader says so. */
  char *argv[] = { T_STR ("/bin/sleep"), T_STR ("2"), NULL };
  Event exec = { .kind = EVENT_EXEC, .wall_ns = WALL, .pid = 4242, .tgid = 4242,
                 .comm = T_STR ("sleep"), .argv = argv, .flags = EVENT_F_EXEC_THREAD,
                 .exec_tid = 4251 };
  assert_line (&exec, &p, "12:34:56.123 exec     4242    1       -        sleep            "
                          "/bin/sleep 2 (by thread 4251, which took over pid 4242)\n");
}

/* Ids, sessions, tracing, names and losses. */
static void
test_other_kinds (void **state)
{
  Event uid = { .kind = EVENT_UID, .wall_ns = WALL, .pid = 5, .tgid = 5,
                .ruid = NOBODY_UID, .euid = 0 };
  g_autofree char *a = line (&uid, NULL);
  assert_true (g_str_has_suffix (a, "root     (name not known) uid 54321 euid 0(root)\n"));

  Event gid = { .kind = EVENT_GID, .pid = 5, .tgid = 5, .rgid = 100, .egid = 27 };
  g_autofree char *b = line (&gid, NULL);
  assert_true (g_str_has_suffix (b, " gid 100 egid 27\n"));

  Event sid = { .kind = EVENT_SID, .pid = 5, .tgid = 5, .sid = 5 };
  g_autofree char *c = line (&sid, NULL);
  assert_true (g_str_has_suffix (c, " session 5\n"));

  Event tr = { .kind = EVENT_PTRACE, .pid = 5, .tgid = 5, .tracer_pid = 11, .tracer_tgid = 10 };
  g_autofree char *d = line (&tr, NULL);
  assert_true (g_str_has_suffix (d, " traced by 10 (thread 11)\n"));
  tr.tracer_pid = tr.tracer_tgid = 10;
  g_autofree char *d2 = line (&tr, NULL);
  assert_true (g_str_has_suffix (d2, " traced by 10\n"));
  tr.tracer_pid = tr.tracer_tgid = 0;
  g_autofree char *d3 = line (&tr, NULL);
  assert_true (g_str_has_suffix (d3, " no longer traced\n"));

  Event comm = { .kind = EVENT_COMM, .pid = 5, .tgid = 5, .comm = T_STR ("new") };
  g_autofree char *e = line (&comm, NULL);
  assert_true (g_str_has_suffix (e, " new              renamed to new\n"));

  Event lost = { .kind = EVENT_LOST, .wall_ns = WALL, .lost = 1234 };
  g_autofree char *f = line (&lost, NULL);
  assert_string_equal (f,
    "12:34:56.123 lost     -       -       -        -                1234 events lost\n");
  lost.lost = 1;
  g_autofree char *f1 = line (&lost, NULL);
  assert_true (g_str_has_suffix (f1, " 1 event lost\n"));
  lost.flags = EVENT_F_LOST_OUTPUT;
  g_autofree char *f2 = line (&lost, NULL);
  assert_true (g_str_has_suffix (f2, " 1 record not written (no room in the output)\n"));

  Event kt = { .kind = EVENT_SNAPSHOT, .flags = EVENT_F_KTHREAD, .pid = 2, .tgid = 2,
               .comm = T_STR ("kthreadd") };
  g_autofree char *g = line (&kt, NULL);
  assert_true (g_str_has_suffix (g, " kthreadd         [kernel thread]\n"));

  Event fork = { .kind = EVENT_FORK, .wall_ns = WALL, .pid = 6, .tgid = 6, .ppid = 5,
                 .ptgid = 5 };
  g_autofree char *h = line (&fork, NULL);
  assert_string_equal (h, "12:34:56.123 fork     6       5       -        (name not known) child of 5\n");
}

/* Hostile names never reach the output raw, and the columns stay aligned
 * whatever the name's width. */
static void
test_hostile (void **state)
{
  static const char *const names[] = {
    "\x1b[2J\x1b[H", "\x1b]52;c;ZXZpbA==\x07", "\x9b" "31m", "\xc2\x9b" "31m", "\xff\xfe",
    "a\nb\rc", "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97"
    "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", "a-very-long-process-name-indeed", "x",
    "\xe6\xbc\xa2" "abcdefghijklmn", "",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *argv[] = { T_STR (names[i]), T_STR ("--flag=\x1b[31m"), NULL };
      Event ev = { .kind = EVENT_EXEC, .wall_ns = WALL, .pid = 1, .tgid = 1,
                   .comm = T_STR (names[i]), .argv = argv };
      g_autofree char *s = line (&ev, NULL);
      assert_one_clean_line (s);
      assert_null (strchr (s, 0x1b));
      /* The details (the argv, whose first word is the escaped name) start
       * in the same column every time. */
      g_autofree char *esc = escape_argv ((const char *const *) argv, 0);
      const char *details = s + strlen (s) - 1 - strlen (esc);
      assert_memory_equal (details, esc, strlen (esc));
      assert_int_equal (width_of_prefix (s, details - s), DETAILS_COL);
    }
}

/* Without a resolver (replays), ids are shown as numbers. */
static void
test_no_user_names (void **state)
{
  Event uid = { .kind = EVENT_UID, .pid = 5, .tgid = 5, .ruid = 0, .euid = 0 };
  g_autoptr (GString) a = g_string_new (NULL);
  text_event (a, &uid, NULL, NULL);
  assert_true (g_str_has_suffix (a->str, " 5       -       0        (name not known) uid 0 euid 0\n"));
  g_autofree char *b = line (&uid, NULL);
  assert_true (g_str_has_suffix (b, " 5       -       root     (name not known) uid 0(root) euid 0(root)\n"));
}

int
main (void)
{
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_header),
    cmocka_unit_test (test_exec),
    cmocka_unit_test (test_exit),
    cmocka_unit_test (test_thread),
    cmocka_unit_test (test_other_kinds),
    cmocka_unit_test (test_hostile),
    cmocka_unit_test (test_no_user_names),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
