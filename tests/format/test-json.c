/* test-json.c - the JSON Lines printer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"
#include "pyjson.h"
#include "tstr.h"

/* 2024-05-01T12:34:56.123456789Z */
#define WALL G_GINT64_CONSTANT (1714566896123456789)

/* Renders EV with P and compares with EXPECTED (without the newline). */
static void
check_line (const Event *ev, const Proc *p, const char *expected)
{
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, ev, p, NULL);
  g_autofree char *want = g_strconcat (expected, "\n", NULL);
  assert_string_equal (out->str, want);
}

/* Encodes S as a JSON string and compares with EXPECTED. */
static void
check_string (const char *s, const char *expected)
{
  g_autoptr (GString) out = g_string_new (NULL);
  json_append_string (out, s);
  assert_string_equal (out->str, expected);
}

/* Any bytes become a valid JSON string. */
static void
test_strings (void **state)
{
  check_string (NULL, "null");
  check_string ("", "\"\"");
  check_string ("bash", "\"bash\"");
  check_string ("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
  check_string ("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
  check_string ("\x1b[2J\x07\x01\x1f\x7f", "\"\\u001b[2J\\u0007\\u0001\\u001f\\u007f\"");
  check_string ("\xc2\x9b\xc2\x80", "\"\\u009b\\u0080\"");           /* C1 */
  check_string ("\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"");
  check_string ("caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80",
                "\"caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80\"");
  check_string ("\x9b", "\"\xef\xbf\xbd\"");
  check_string ("a\xff\xfe" "b", "\"a\xef\xbf\xbd\xef\xbf\xbd" "b\"");
  check_string ("\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"");                   /* overlong */
  check_string ("\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");        /* surrogate */
  check_string ("x\xe6\xbc", "\"x\xef\xbf\xbd\xef\xbf\xbd\"");                 /* truncated */
  check_string ("\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  /* A byte to escape at each place of the runs of four plain bytes the
   * writer looks at, and strings ending at each. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *a = g_strnfill (i, 'a');
      g_autofree char *s = g_strconcat (a, "\n", a, NULL);
      g_autofree char *want = g_strconcat ("\"", a, "\\n", a, "\"", NULL);
      g_autofree char *plain = g_strconcat ("\"", a, "\"", NULL);
      check_string (s, want);
      check_string (a, plain);
    }
  /* Plain all through, longer than the room the string had: one copy. */
  g_autofree char *plain = g_strnfill (5000, 'p');
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", plain);
  check_string (plain, quoted);
}

/* A fork without context: exactly the event's fields. */
static void
test_fork (void **state)
{
  Event ev = { .kind = EVENT_FORK, .mono_ns = 1500000000, .wall_ns = WALL, .cpu = 1,
               .pid = 4242, .tgid = 4242, .ppid = 4200, .ptgid = 4200 };
  check_line (&ev, NULL,
              "{\"time\":\"2024-05-01T12:34:56.123456Z\",\"mono_ns\":1500000000,"
              "\"wall_ns\":1714566896123456789,\"event\":\"fork\",\"cpu\":1,"
              "\"pid\":4242,\"tgid\":4242,\"ppid\":4200,\"ptgid\":4200}");
}

/* A fork with context: the child's inherited name and ids; a new thread
 * shows its own name. */
static void
test_fork_context (void **state)
{
  Proc p = { .pid = 4242, .ppid = 4200, .comm = T_STR ("bash"), .flags = PROC_F_CREDS,
             .ruid = 1000, .euid = 1000, .rgid = 100, .egid = 100, .alive = TRUE };
  Event ev = { .kind = EVENT_FORK, .mono_ns = 1, .wall_ns = 0, .pid = 4242,
               .tgid = 4242, .ppid = 4200, .ptgid = 4200 };
  check_line (&ev, &p,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":1,\"wall_ns\":0,"
              "\"event\":\"fork\",\"cpu\":0,\"pid\":4242,\"tgid\":4242,\"ppid\":4200,"
              "\"ptgid\":4200,\"uid\":1000,\"euid\":1000,\"gid\":100,\"egid\":100,"
              "\"comm\":\"bash\"}");

  ProcThread t = { .tid = 4243, .comm = T_STR ("worker") };
  p.threads = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_insert (p.threads, GINT_TO_POINTER (4243), &t);
  Event th = { .kind = EVENT_FORK, .mono_ns = 2, .pid = 4243, .tgid = 4242,
               .ppid = 4200, .ptgid = 4200 };
  check_line (&th, &p,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":2,\"wall_ns\":0,"
              "\"event\":\"fork\",\"cpu\":0,\"pid\":4243,\"tgid\":4242,\"ppid\":4200,"
              "\"ptgid\":4200,\"uid\":1000,\"euid\":1000,\"gid\":100,\"egid\":100,"
              "\"comm\":\"worker\"}");
  g_hash_table_unref (p.threads);
}

/* An exec carries its own name, command line and exe; no context name. */
static void
test_exec (void **state)
{
  char *argv[] = { T_STR ("ls"), T_STR ("-l"), T_STR ("a b"), NULL };
  Event ev = { .kind = EVENT_EXEC, .mono_ns = 5, .wall_ns = 1000, .pid = 7, .tgid = 7,
               .comm = T_STR ("ls"), .argv = argv, .exe = T_STR ("/usr/bin/ls") };
  check_line (&ev, NULL,
              "{\"time\":\"1970-01-01T00:00:00.000001Z\",\"mono_ns\":5,\"wall_ns\":1000,"
              "\"event\":\"exec\",\"cpu\":0,\"pid\":7,\"tgid\":7,\"comm\":\"ls\","
              "\"exe\":\"/usr/bin/ls\",\"argv\":[\"ls\",\"-l\",\"a b\"]}");

  /* Unreadable name and command line: left out and said so, nothing
   * invented, even with context. */
  Proc p = { .pid = 7, .ppid = 1, .comm = T_STR ("old-name") };
  Event bare = { .kind = EVENT_EXEC, .pid = 7, .tgid = 7 };
  char *empty[] = { NULL };
  check_line (&bare, &p,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,\"wall_ns\":0,"
              "\"event\":\"exec\",\"cpu\":0,\"pid\":7,\"tgid\":7,\"ptgid\":1,"
              "\"unread\":true}");
  bare.argv = empty;
  check_line (&bare, NULL,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,\"wall_ns\":0,"
              "\"event\":\"exec\",\"cpu\":0,\"pid\":7,\"tgid\":7,\"argv\":[],"
              "\"unread\":true}");
  /* the name read, the command line not */
  Event half = { .kind = EVENT_EXEC, .pid = 7, .tgid = 7, .comm = T_STR ("ls"),
                 .exe = T_STR ("/usr/bin/ls") };
  check_line (&half, NULL,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,\"wall_ns\":0,"
              "\"event\":\"exec\",\"cpu\":0,\"pid\":7,\"tgid\":7,\"comm\":\"ls\","
              "\"exe\":\"/usr/bin/ls\",\"unread\":true}");
  /* the exit after it: the process's name is not known, and none is made up */
  Proc unnamed = { .pid = 7, .ppid = 1, .start_ns = 1000 };
  Event exit = { .kind = EVENT_EXIT, .mono_ns = 3000, .pid = 7, .tgid = 7, .ppid = 1,
                 .ptgid = 1, .exit_signal = 17, .ends = EVENT_ENDS_PROCESS };
  check_line (&exit, &unnamed,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":3000,\"wall_ns\":0,"
              "\"event\":\"exit\",\"cpu\":0,\"pid\":7,\"tgid\":7,\"ppid\":1,\"ptgid\":1,"
              "\"exit_code\":0,\"status\":\"exit 0\",\"exit_signal\":17,"
              "\"ends\":\"process\",\"lifetime_ns\":2000}");
}

/* An exec by a thread other than the leader says which took over the pid. */
static void
test_exec_thread (void **state)
{
  char *argv[] = { T_STR ("sleep"), T_STR ("2"), NULL };
  Event ev = { .kind = EVENT_EXEC, .pid = 22052, .tgid = 22052, .comm = T_STR ("sleep"),
               .argv = argv, .flags = EVENT_F_EXEC_THREAD, .exec_tid = 22055 };
  check_line (&ev, NULL,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":0,\"wall_ns\":0,"
              "\"event\":\"exec\",\"cpu\":0,\"pid\":22052,\"tgid\":22052,"
              "\"comm\":\"sleep\",\"argv\":[\"sleep\",\"2\"],\"exec_tid\":22055}");
  ev.exec_tid = 0;
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, &ev, NULL, NULL);
  assert_non_null (strstr (out->str, ",\"exec_tid\":0}"));
}

/* Exits: raw and decoded status, signal, lifetime from context. */
static void
test_exit (void **state)
{
  Proc p = { .pid = 9, .ppid = 1, .comm = T_STR ("sleep"), .start_ns = 1000000000 };
  Event ev = { .kind = EVENT_EXIT, .mono_ns = 3500000000, .wall_ns = 0, .pid = 9,
               .tgid = 9, .ppid = 1, .ptgid = 1, .exit_code = 768, .exit_signal = 17 };
  check_line (&ev, &p,
              "{\"time\":\"1970-01-01T00:00:00.000000Z\",\"mono_ns\":3500000000,"
              "\"wall_ns\":0,\"event\":\"exit\",\"cpu\":0,\"pid\":9,\"tgid\":9,"
              "\"ppid\":1,\"ptgid\":1,\"comm\":\"sleep\",\"exit_code\":768,"
              "\"status\":\"exit 3\",\"exit_signal\":17,\"ends\":\"process\","
              "\"lifetime_ns\":2500000000}");

  /* A thread's exit has no lifetime: P's start is the process's. */
  Event th = { .kind = EVENT_EXIT, .mono_ns = 3500000000, .pid = 10, .tgid = 9,
               .exit_signal = -1 };
  g_autoptr (GString) t = g_string_new (NULL);
  json_event (t, &th, &p, NULL);
  assert_null (strstr (t->str, "lifetime_ns"));
  assert_non_null (strstr (t->str, ",\"ends\":\"thread\"}"));
  /* Nor the leader's exit before its threads, as the model concluded. */
  Event leader = { .kind = EVENT_EXIT, .mono_ns = 3500000000, .pid = 9, .tgid = 9,
                   .exit_signal = 17, .ends = EVENT_ENDS_THREAD };
  g_string_truncate (t, 0);
  json_event (t, &leader, &p, NULL);
  assert_non_null (strstr (t->str, ",\"exit_signal\":17,\"ends\":\"thread\"}"));
  /* The last thread's exit after the leader's ends the process: lifetime
   * from the process's start. */
  Event last = { .kind = EVENT_EXIT, .mono_ns = 3500000000, .pid = 11, .tgid = 9,
                 .exit_code = 5 << 8, .exit_signal = -1, .ends = EVENT_ENDS_PROCESS };
  g_string_truncate (t, 0);
  json_event (t, &last, &p, NULL);
  assert_non_null (strstr (t->str, "\"pid\":11,\"tgid\":9,"));
  assert_non_null (strstr (t->str, ",\"status\":\"exit 5\",\"exit_signal\":-1,"
                                   "\"ends\":\"process\",\"lifetime_ns\":2500000000}"));

  Event sig = { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .exit_code = 139,
                .exit_signal = -1 };
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, &sig, NULL, NULL);
  assert_non_null (strstr (out->str, ",\"exit_code\":139,\"status\":\"SIGSEGV (core)\","
                                     "\"exit_signal\":-1,\"ends\":\"process\"}"));

  Event unk = { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN, .pid = 9, .tgid = 9 };
  g_string_truncate (out, 0);
  json_event (out, &unk, NULL, NULL);
  /* No code, no signal, no lifetime: 0 would read as a success, and the
   * end was found later than it came. */
  assert_non_null (strstr (out->str, ",\"status\":\"unknown\","
                                     "\"status_unknown\":true,\"ends\":\"process\"}"));
  assert_null (strstr (out->str, "exit_code"));

  Event core = { .kind = EVENT_COREDUMP, .pid = 9, .tgid = 9, .exit_code = 6 };
  g_string_truncate (out, 0);
  json_event (out, &core, NULL, NULL);
  /* the kernel's coredump event carries no status: none is made up */
  assert_null (strstr (out->str, "exit_code"));
  assert_null (strstr (out->str, "status"));

  /* A parent the kernel left out and the model filled in says so. */
  Event reaped = { .kind = EVENT_EXIT, .flags = EVENT_F_PARENT_MODEL, .pid = 10, .tgid = 9,
                   .ppid = 1, .ptgid = 1, .exit_signal = -1, .ends = EVENT_ENDS_THREAD };
  g_string_truncate (out, 0);
  json_event (out, &reaped, &p, NULL);
  assert_non_null (strstr (out->str, ",\"ppid\":1,\"ptgid\":1,\"ppid_source\":\"model\","));
  core.flags = EVENT_F_PARENT_MODEL;
  core.ppid = core.ptgid = 1;
  g_string_truncate (out, 0);
  json_event (out, &core, NULL, NULL);
  assert_non_null (strstr (out->str, ",\"ptgid\":1,\"ppid_source\":\"model\"}"));
}

/* What an end cost follows its lifetime, each field measured and no
 * other, then cost_unknown and oom_kill; other kinds have none. */
static void
test_exit_cost (void **state)
{
  CostValues v = { .have = COST_BIT (COST_CPU) | COST_BIT (COST_PEAK_RSS)
                           | COST_BIT (COST_DELAY_IRQ),
                   .v = { [COST_CPU] = 180000000, [COST_PEAK_RSS] = 125829120,
                          [COST_DELAY_IRQ] = G_MAXUINT64 } };
  g_autoptr (Cost) cost = cost_new (&v);
  Proc p = { .pid = 9, .start_ns = 1000000000 };
  Event ev = { .kind = EVENT_EXIT, .mono_ns = 1190000000, .pid = 9, .tgid = 9,
               .exit_code = 9, .exit_signal = 17, .cost = cost, .flags = EVENT_F_OOM };
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, &ev, &p, NULL);
  assert_non_null (strstr (out->str, ",\"ends\":\"process\",\"lifetime_ns\":190000000,"
                                     "\"cpu_ns\":180000000,\"peak_rss_bytes\":125829120,"
                                     "\"delay_irq_ns\":18446744073709551615,"
                                     "\"oom_kill\":true}\n"));
  Event unknown = { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .flags = EVENT_F_COST_UNKNOWN };
  g_string_truncate (out, 0);
  json_event (out, &unknown, NULL, NULL);
  assert_non_null (strstr (out->str, ",\"ends\":\"process\",\"cost_unknown\":true}"));
  assert_null (strstr (out->str, "cpu_ns"));
  Event fork = { .kind = EVENT_FORK, .pid = 9, .tgid = 9, .cost = cost, .flags = EVENT_F_OOM };
  g_string_truncate (out, 0);
  json_event (out, &fork, NULL, NULL);
  assert_null (strstr (out->str, "cpu_ns"));
  assert_null (strstr (out->str, "oom_kill"));
}

/* Id changes: the new pair from the event, the other pair from context. */
static void
test_ids (void **state)
{
  Proc p = { .pid = 5, .comm = T_STR ("sudo"), .flags = PROC_F_CREDS, .ruid = 1000,
             .euid = 0, .rgid = 100, .egid = 100 };
  Event uid = { .kind = EVENT_UID, .pid = 5, .tgid = 5, .ruid = 1000, .euid = 0 };
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, &uid, &p, NULL);
  assert_non_null (strstr (out->str, "\"uid\":1000,\"euid\":0,\"gid\":100,\"egid\":100,"
                                     "\"comm\":\"sudo\"}"));
  g_string_truncate (out, 0);
  json_event (out, &uid, NULL, NULL);
  assert_non_null (strstr (out->str, "\"tgid\":5,\"uid\":1000,\"euid\":0}"));

  Event gid = { .kind = EVENT_GID, .pid = 5, .tgid = 5, .rgid = 0, .egid = 27 };
  g_string_truncate (out, 0);
  json_event (out, &gid, NULL, NULL);
  assert_non_null (strstr (out->str, "\"tgid\":5,\"gid\":0,\"egid\":27}"));

  Event sid = { .kind = EVENT_SID, .pid = 5, .tgid = 5, .sid = 5 };
  g_string_truncate (out, 0);
  json_event (out, &sid, NULL, NULL);
  assert_non_null (strstr (out->str, "\"tgid\":5,\"sid\":5}"));
}

/* The writer keeps the id fields it wrote last: each record has its own
 * ids, whether the same as the last record's or not (one of a pair
 * changed, the other, both, and back; the extremes). */
static void
test_ids_kept (void **state)
{
  static const guint32 ids[][4] = {
    { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 1000, 0, 0, 0 }, { 1000, 1000, 0, 0 },
    { 1000, 1000, 100, 0 }, { 1000, 1000, 100, 27 }, { 0, 1000, 100, 27 }, { 0, 0, 0, 0 },
    { G_MAXUINT32, G_MAXUINT32, G_MAXUINT32, G_MAXUINT32 }, { 1000, 1000, 1000, 1000 },
  };
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      Event ev = { .kind = EVENT_COMM, .flags = EVENT_F_CREDS, .pid = 5, .tgid = 5,
                   .ruid = ids[i][0], .euid = ids[i][1], .rgid = ids[i][2], .egid = ids[i][3],
                   .comm = T_STR ("id") };
      g_autofree char *want = g_strdup_printf (",\"tgid\":5,\"uid\":%u,\"euid\":%u,\"gid\":%u,"
                                               "\"egid\":%u,\"comm\":\"id\"}\n",
                                               ids[i][0], ids[i][1], ids[i][2], ids[i][3]);
      g_string_truncate (out, 0);
      json_event (out, &ev, NULL, NULL);
      assert_true (g_str_has_suffix (out->str, want));
    }
}

/* Every kind's record names it, the first time and again (the writer
 * keeps the field), and a kind out of range is "?". */
static void
test_kind_names (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint round = 0; round < 2; round++)
    for (guint k = 0; k <= EVENT_KIND_MAX; k++)
      {
        Event ev = { .kind = (EventKind) k, .pid = 5, .tgid = 5 };
        g_autofree char *want = g_strdup_printf (",\"wall_ns\":0,\"event\":\"%s\",\"cpu\":0,",
                                                 k < EVENT_KIND_MAX ? event_kind_name (k) : "?");
        g_string_truncate (out, 0);
        json_event (out, &ev, NULL, NULL);
        assert_non_null (strstr (out->str, want));
      }
}

/* The remaining kinds and flags. */
static void
test_other_kinds (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);
  Event tr = { .kind = EVENT_PTRACE, .pid = 5, .tgid = 5, .tracer_pid = 11, .tracer_tgid = 10 };
  json_event (out, &tr, NULL, NULL);
  assert_non_null (strstr (out->str, "\"event\":\"ptrace\""));
  assert_non_null (strstr (out->str, "\"tracer_pid\":11,\"tracer_tgid\":10}"));

  Event lost = { .kind = EVENT_LOST, .lost = G_MAXUINT64 };
  g_string_truncate (out, 0);
  json_event (out, &lost, NULL, NULL);
  assert_non_null (strstr (out->str, "\"pid\":0,\"tgid\":0,\"lost\":18446744073709551615}"));

  Event kt = { .kind = EVENT_SNAPSHOT, .flags = EVENT_F_KTHREAD | EVENT_F_START,
               .pid = 2, .tgid = 2, .sid = 0, .comm = T_STR ("kthreadd"), .start_ns = 10 };
  g_string_truncate (out, 0);
  json_event (out, &kt, NULL, NULL);
  assert_non_null (strstr (out->str, "\"ppid\":0,\"ptgid\":0,\"sid\":0,\"comm\":\"kthreadd\","
                                     "\"start_ns\":10,\"kthread\":true}"));

  Event comm = { .kind = EVENT_COMM, .pid = 5, .tgid = 5, .comm = T_STR ("\x1b[31mred") };
  g_string_truncate (out, 0);
  json_event (out, &comm, NULL, NULL);
  assert_non_null (strstr (out->str, "\"comm\":\"\\u001b[31mred\"}"));
}

/* Times before 1970 still format. */
static void
test_time (void **state)
{
  Event ev = { .kind = EVENT_LOST, .wall_ns = -1000 };
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, &ev, NULL, NULL);
  assert_true (g_str_has_prefix (out->str, "{\"time\":\"1969-12-31T23:59:59.999999Z\""));
}

/* The clock fields of a record of MONO and WALL ns are those printf
 * writes, the time to the microsecond with them. */
static void
check_clock (gint64 mono, gint64 wall)
{
  Event ev = { .kind = EVENT_LOST, .mono_ns = mono, .wall_ns = wall };
  g_autoptr (GString) out = g_string_new (NULL);
  gint64 sec = wall / 1000000000, ns = wall % 1000000000;
  char date[32];
  struct tm tm;

  if (ns < 0)
    {
      sec--;
      ns += 1000000000;
    }
  time_t t = (time_t) sec;
  assert_non_null (gmtime_r (&t, &tm));
  strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  g_autofree char *want = g_strdup_printf ("{\"time\":\"%s.%06dZ\",\"mono_ns\":%" G_GINT64_FORMAT
                                           ",\"wall_ns\":%" G_GINT64_FORMAT ",\"event\":",
                                           date, (int) (ns / 1000), mono, wall);
  json_event (out, &ev, NULL, NULL);
  assert_true (g_str_has_prefix (out->str, want));
}

/* The clocks' seconds are written once a second: a record in the same
 * second as the last, in the next, in an earlier one, below a second, at
 * one, before 1970, and each clock's digits apart from the other's. */
static void
test_clocks (void **state)
{
  static const gint64 values[] = {
    5000123456789, 5000999999999, 5000000000001, 5001000000000, 4999999999999, 5000000000000,
    1000000000, 999999999, 1, 0, -1, -999999999, -1000000000, -1000000001, 1999999999,
    G_GINT64_CONSTANT (1714566896123456789), G_GINT64_CONSTANT (1714566896999999999),
    G_GINT64_CONSTANT (1714566897000000000), G_MAXINT64, G_MAXINT64 - 1, G_MININT64 + 1,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    for (guint j = 0; j < G_N_ELEMENTS (values); j++)
      check_clock (values[i], values[j]);
}

/* Numbers at the edges of each digit count and of their types. */
static void
test_numbers (void **state)
{
  Event ev = { .kind = EVENT_FORK, .mono_ns = G_MAXINT64, .wall_ns = 99000,
               .cpu = 0, .pid = 100, .tgid = 99, .ppid = 10, .ptgid = 9 };
  check_line (&ev, NULL,
              "{\"time\":\"1970-01-01T00:00:00.000099Z\","
              "\"mono_ns\":9223372036854775807,\"wall_ns\":99000,"
              "\"event\":\"fork\",\"cpu\":0,\"pid\":100,\"tgid\":99,"
              "\"ppid\":10,\"ptgid\":9}");
  Event low = { .kind = EVENT_LOST, .mono_ns = G_MININT64, .wall_ns = 1010101000,
                .cpu = G_MAXUINT32, .pid = G_MAXINT32, .tgid = 1, .lost = G_MAXUINT64 };
  check_line (&low, NULL,
              "{\"time\":\"1970-01-01T00:00:01.010101Z\","
              "\"mono_ns\":-9223372036854775808,\"wall_ns\":1010101000,"
              "\"event\":\"lost\",\"cpu\":4294967295,\"pid\":2147483647,"
              "\"tgid\":1,\"lost\":18446744073709551615}");
}

/* python3's json module accepts every line, hostile strings included, and
 * decodes each string to the input with bad bytes replaced. */
static void
test_python_parses (void **state)
{
  static const char *const names[] = {
    "plain", "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", ("\x9b" "1m"), "\xc2\x9b", "\xff\xfe\xfd",
    "\xc0\xaf", "\xed\xa0\x80", "\xe6\xbc\xa2\xe5\xad\x97", "\xf0\x9f\x98\x80",
    "\"quoted\"\\", "\xe2\x80\xa8", "\x7f\x01\t\n",
  };
  if (!pyjson_available ())
    skip ();
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GString) want = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    for (int k = 0; k < EVENT_KIND_MAX; k++)
      {
        char *argv[] = { T_STR (names[i]), T_STR ("x"), NULL };
        Event ev = { .kind = k, .pid = 1, .tgid = 1, .comm = T_STR (names[i]),
                     .argv = argv, .exe = T_STR (names[i]) };
        Proc p = { .pid = 1, .comm = T_STR (names[i]) };
        json_event (lines, &ev, &p, NULL);
        g_autofree char *valid = g_utf8_make_valid (names[i], -1);
        for (const char *c = valid; *c; c++)
          g_string_append_printf (want, "%02x", (guchar) *c);
        g_string_append_printf (want, " %s\n", event_kind_name (k));
      }
  g_autofree char *got = pyjson_run (
    "import json, sys\n"
    "for line in sys.stdin:\n"
    "    o = json.loads(line)\n"
    "    assert isinstance(o, dict)\n"
    "    print(o['comm'].encode('utf-8').hex(), o['event'])\n",
    lines->str);
  assert_string_equal (got, want->str);
}

/* The header record: where the recording was made; what is not known
 * left out, hostile text escaped. */
static void
test_header (void **state)
{
  g_autoptr (Origin) o = origin_new ();
  g_autoptr (GString) out = g_string_new (NULL);

  o->version = g_strdup ("0.1.0");
  o->host = g_strdup ("web1");
  o->boot_id = g_strdup ("2a8c265f-f463-4ecf-81fe-4f72face922a");
  o->kernel = g_strdup ("6.18.4");
  json_header (out, o);
  assert_string_equal (out->str, "{\"forkscope\":\"0.1.0\",\"host\":\"web1\","
                       "\"boot_id\":\"2a8c265f-f463-4ecf-81fe-4f72face922a\","
                       "\"kernel\":\"6.18.4\"}\n");
  g_clear_pointer (&o->boot_id, g_free);
  g_clear_pointer (&o->kernel, g_free);
  g_free (o->host);
  o->host = g_strdup ("evil\x1b]0;x\x07\"");
  g_string_truncate (out, 0);
  json_header (out, o);
  assert_string_equal (out->str, "{\"forkscope\":\"0.1.0\",\"host\":\"evil\\u001b]0;x\\u0007\\\"\"}\n");
}

#define BOOT "2a8c265f-f463-4ecf-81fe-4f72face922a"

/* Live records carry the process's entity id and its parent's, made from
 * the boot id and the model's start times; a replayed record's own ids
 * win; none without a boot id or a start. */
static void
test_entity_ids (void **state)
{
  Proc parent = { .pid = 1, .start_ns = 300000000 };
  Proc p = { .pid = 9, .ppid = 1, .parent = &parent, .comm = T_STR ("sleep"),
             .start_ns = 1000000000 };
  Event fork = { .kind = EVENT_FORK, .mono_ns = 1000000000, .pid = 9, .tgid = 9, .ppid = 1,
                 .ptgid = 1 };
  g_autoptr (GString) out = g_string_new (NULL);

  json_event (out, &fork, &p, BOOT);
  assert_non_null (strstr (out->str, "\"pid\":9,\"tgid\":9,\"entity_id\":\"" BOOT ":9:100\","
                                     "\"ppid\":1,\"ptgid\":1,"
                                     "\"parent_entity_id\":\"" BOOT ":1:30\","));
  /* A thread's event: the process's id; context parent too. */
  Event comm = { .kind = EVENT_COMM, .pid = 10, .tgid = 9, .comm = T_STR ("worker") };
  g_string_truncate (out, 0);
  json_event (out, &comm, &p, BOOT);
  assert_non_null (strstr (out->str, "\"pid\":10,\"tgid\":9,\"entity_id\":\"" BOOT ":9:100\","
                                     "\"ptgid\":1,\"parent_entity_id\":\"" BOOT ":1:30\","));
  /* An exit whose ptgid is not the parent the model holds: no parent id. */
  Event exit = { .kind = EVENT_EXIT, .pid = 9, .tgid = 9, .ppid = 5, .ptgid = 5 };
  g_string_truncate (out, 0);
  json_event (out, &exit, &p, BOOT);
  assert_non_null (strstr (out->str, "\"entity_id\""));
  assert_null (strstr (out->str, "parent_entity_id"));
  /* Unknown start, or a replay (no boot id): none made. */
  p.start_ns = 0;
  g_string_truncate (out, 0);
  json_event (out, &fork, &p, BOOT);
  assert_null (strstr (out->str, "\"entity_id\""));
  assert_non_null (strstr (out->str, "\"parent_entity_id\""));
  g_string_truncate (out, 0);
  json_event (out, &fork, &p, NULL);
  assert_null (strstr (out->str, "entity_id"));
  /* Recorded ids are written as they were, whatever the boot. */
  fork.entity_id = T_STR ("rec-9");
  fork.parent_entity_id = T_STR ("rec-1\"");
  g_string_truncate (out, 0);
  json_event (out, &fork, &p, BOOT);
  assert_non_null (strstr (out->str, "\"tgid\":9,\"entity_id\":\"rec-9\","
                                     "\"ppid\":1,\"ptgid\":1,\"parent_entity_id\":\"rec-1\\\"\","));
  /* No process: no id. */
  Event lost = { .kind = EVENT_LOST, .lost = 3 };
  g_string_truncate (out, 0);
  json_event (out, &lost, NULL, BOOT);
  assert_null (strstr (out->str, "entity_id"));
}

/* The entity id json_event writes for Q during BOOT: as origin_entity_id
 * makes it, and the id field KEY holding it (or no such field). */
static void
check_entity (const char *line, const char *key, const char *boot, const Proc *q)
{
  g_autoptr (GString) id = g_string_new (NULL);
  g_autofree char *field = NULL;

  if (!q || !origin_entity_id (id, boot, q->pid, q->start_ns))
    {
      field = g_strdup_printf (",\"%s\":", key);
      assert_null (strstr (line, field));
      return;
    }
  field = g_strdup_printf (",\"%s\":\"%s\"", key, id->str);
  assert_non_null (strstr (line, field));
}

/* Writes a fork of P (child of its parent) during BOOT and checks both
 * of its ids. */
static void
check_fork_ids (GString *out, Proc *p, const char *boot)
{
  Event fork = { .kind = EVENT_FORK, .pid = p->pid, .tgid = p->pid, .ppid = p->ppid,
                 .ptgid = p->ppid };

  g_string_truncate (out, 0);
  json_event (out, &fork, p, boot);
  assert_int_equal (strlen (out->str), out->len);
  check_entity (out->str, "entity_id", boot, p);
  check_entity (out->str, "parent_entity_id", boot, p->parent);
}

/* The writer keeps the ids it made (a process's next records copy them):
 * what it writes is the id made anew every time, whether the process
 * comes again (a hit), is another (a miss), has another's slot, is a pid
 * reused by a process started later, or comes in another boot, and
 * whatever the boot id's length; a replayed record's own ids still win. */
static void
test_entity_ids_kept (void **state)
{
  Proc parent = { .pid = 1, .start_ns = 300000000 };
  Proc p = { .pid = 9, .ppid = 1, .parent = &parent, .start_ns = 1000000000 };
  Proc slot_mate = { .pid = 9 + 64, .ppid = 1, .parent = &parent, .start_ns = 2000000000 };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *boot = g_strdup (BOOT);
  const char *other = "0123abcd-f463-4ecf-81fe-4f72face922a";
  const char *longer = BOOT "-and-more-than-a-boot-id-has";

  check_fork_ids (out, &p, BOOT);
  check_fork_ids (out, &p, BOOT);
  /* The same boot id elsewhere in memory: the same ids. */
  check_fork_ids (out, &p, boot);
  check_fork_ids (out, &slot_mate, boot);
  check_fork_ids (out, &p, boot);
  /* The pid again, for a process started later: its own id. */
  p.start_ns = 1500000000;
  check_fork_ids (out, &p, boot);
  /* The same processes in another boot, and the boot id changed in place. */
  check_fork_ids (out, &p, other);
  boot[0] = 'f';
  check_fork_ids (out, &p, boot);
  check_fork_ids (out, &p, longer);
  check_fork_ids (out, &p, longer);
  check_fork_ids (out, &p, BOOT);
  /* No start (no id), then the pid of an empty slot: none, and then one. */
  Proc none = { .pid = 0, .ppid = 1, .parent = &parent };
  check_fork_ids (out, &none, BOOT);
  none.start_ns = 400000000;
  check_fork_ids (out, &none, BOOT);
  /* A replay's record carries its ids: they are written, not those kept. */
  Event fork = { .kind = EVENT_FORK, .pid = 9, .tgid = 9, .ppid = 1, .ptgid = 1,
                 .entity_id = T_STR ("rec-9"), .parent_entity_id = T_STR ("rec-1") };
  g_string_truncate (out, 0);
  json_event (out, &fork, &p, BOOT);
  assert_non_null (strstr (out->str, ",\"entity_id\":\"rec-9\",\"ppid\":1,\"ptgid\":1,"
                                     "\"parent_entity_id\":\"rec-1\"}"));
  g_string_truncate (out, 0);
  json_event (out, &fork, &p, NULL);
  assert_non_null (strstr (out->str, ",\"entity_id\":\"rec-9\",\"ppid\":1,\"ptgid\":1,"
                                     "\"parent_entity_id\":\"rec-1\"}"));
  check_fork_ids (out, &p, BOOT);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_strings),
    cmocka_unit_test (test_fork),
    cmocka_unit_test (test_fork_context),
    cmocka_unit_test (test_exec),
    cmocka_unit_test (test_exec_thread),
    cmocka_unit_test (test_exit),
    cmocka_unit_test (test_exit_cost),
    cmocka_unit_test (test_ids),
    cmocka_unit_test (test_ids_kept),
    cmocka_unit_test (test_kind_names),
    cmocka_unit_test (test_other_kinds),
    cmocka_unit_test (test_time),
    cmocka_unit_test (test_clocks),
    cmocka_unit_test (test_numbers),
    cmocka_unit_test (test_python_parses),
    cmocka_unit_test (test_header),
    cmocka_unit_test (test_entity_ids),
    cmocka_unit_test (test_entity_ids_kept),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
