/* test-jsonread.c - reading JSON Lines records back into events. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"
#include "jsonread.h"
#include "pyjson.h"
#include "text.h"
#include "tstr.h"

/* Asserts that two events are equal, field by field. */
static void
assert_event_equal (const Event *a, const Event *b)
{
  assert_int_equal (a->kind, b->kind);
  assert_int_equal (a->flags, b->flags);
  assert_int_equal (a->mono_ns, b->mono_ns);
  assert_int_equal (a->wall_ns, b->wall_ns);
  assert_int_equal (a->cpu, b->cpu);
  assert_int_equal (a->pid, b->pid);
  assert_int_equal (a->tgid, b->tgid);
  assert_int_equal (a->ppid, b->ppid);
  assert_int_equal (a->ptgid, b->ptgid);
  assert_int_equal (a->ruid, b->ruid);
  assert_int_equal (a->euid, b->euid);
  assert_int_equal (a->rgid, b->rgid);
  assert_int_equal (a->egid, b->egid);
  assert_int_equal (a->sid, b->sid);
  assert_int_equal (a->tracer_pid, b->tracer_pid);
  assert_int_equal (a->tracer_tgid, b->tracer_tgid);
  assert_int_equal (a->exit_code, b->exit_code);
  assert_int_equal (a->exit_signal, b->exit_signal);
  assert_int_equal (a->lost, b->lost);
  assert_int_equal (a->start_ns, b->start_ns);
  assert_int_equal (a->ends, b->ends);
  assert_int_equal (a->exec_tid, b->exec_tid);
  assert_true (cost_equal (a->cost, b->cost));
  if (a->comm || b->comm)
    assert_string_equal (a->comm ? a->comm : "(null)", b->comm ? b->comm : "(null)");
  if (a->exe || b->exe)
    assert_string_equal (a->exe ? a->exe : "(null)", b->exe ? b->exe : "(null)");
  assert_true (where_equal (a->where, b->where));
  assert_int_equal (a->argv == NULL, b->argv == NULL);
  if (a->argv)
    {
      assert_int_equal (g_strv_length (a->argv), g_strv_length (b->argv));
      for (guint i = 0; a->argv[i]; i++)
        assert_string_equal (a->argv[i], b->argv[i]);
    }
}

/* EV as it should read back: strings with bad bytes replaced by U+FFFD;
 * an exit says what it ended even where EV left it unsaid. */
static void
expected_copy (Event *dst, const Event *ev)
{
  event_copy (dst, ev);
  dst->ends = event_ends (ev);
  if (dst->comm)
    {
      char *v = g_utf8_make_valid (dst->comm, -1);
      g_free (dst->comm);
      dst->comm = v;
    }
  if (dst->exe)
    {
      char *v = g_utf8_make_valid (dst->exe, -1);
      g_free (dst->exe);
      dst->exe = v;
    }
  for (char **a = dst->argv; a && *a; a++)
    {
      char *v = g_utf8_make_valid (*a, -1);
      g_free (*a);
      *a = v;
    }
}

/* Parses the text S, which must succeed. */
static void
read_ok (const char *s, Event *ev)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = jsonread_event (s, strlen (s), ev, &error);
  if (!ok)
    fail_msg ("%s: %s", s, error->message);
}

/* Writes EV (without context), reads it back, compares. */
static void
round_trip (const Event *ev)
{
  g_autoptr (GString) out = g_string_new (NULL);
  json_event (out, ev, NULL, NULL);
  Event want, got = { 0 };
  expected_copy (&want, ev);
  read_ok (out->str, &got);
  assert_event_equal (&got, &want);
  event_clear (&got);
  event_clear (&want);
}

/* Hostile strings used in names, command lines and paths. */
static const char *const hostile[] = {
  "plain", "", "\x1b[2J\x1b[H", "\x1b]52;c;ZXZpbA==\x07", "\x07\x08\x0c\x7f", "\x9b" "31m",
  "\xc2\x9b" "31m", "\xff\xfe", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
  "\xe6\xbc\xa2\xe5\xad\x97", "\xf0\x9f\x98\x80", "\"q\" \\b\\", "a\nb\r\tc",
  "\xe2\x80\xa8\xe2\x80\xae", "/", "\xef\xbf\xbd",
};

/* One event of kind K with every field it carries set, strings from S. */
static void
sample_event (Event *ev, EventKind k, const char *s, char **argv)
{
  *ev = (Event) {
    .kind = k, .mono_ns = G_GINT64_CONSTANT (123456789012), .wall_ns = G_GINT64_CONSTANT (1714566896123456789),
    .cpu = 3, .pid = 4243, .tgid = 4242,
  };
  guint f = event_kind_fields (k);
  if (f & EVENT_FIELDS_PARENT)
    {
      ev->ppid = 4201;
      ev->ptgid = 4200;
    }
  if (f & EVENT_FIELDS_UID)
    {
      ev->ruid = 1000;
      ev->euid = 0;
    }
  if (f & EVENT_FIELDS_GID)
    {
      ev->rgid = G_MAXUINT32;
      ev->egid = 27;
    }
  if (f & EVENT_FIELDS_SID)
    ev->sid = 4242;
  if (f & EVENT_FIELDS_COMM)
    ev->comm = T_STR (s);
  if (f & EVENT_FIELDS_CMDLINE)
    {
      ev->argv = argv;
      ev->exe = T_STR (s);
    }
  if (f & EVENT_FIELDS_TRACER)
    {
      ev->tracer_pid = 11;
      ev->tracer_tgid = 10;
    }
  if (f & EVENT_FIELDS_EXIT)
    ev->exit_code = 139;
  if (f & EVENT_FIELDS_EXIT_SIGNAL)
    {
      ev->exit_signal = -1;
      ev->ends = EVENT_ENDS_PROCESS;  /* the last thread's exit */
    }
  if (f & EVENT_FIELDS_EXEC_THREAD)
    {
      ev->flags |= EVENT_F_EXEC_THREAD;
      ev->exec_tid = 4244;
    }
  if (f & EVENT_FIELDS_LOST)
    ev->lost = G_MAXUINT64;
  if (f & EVENT_FIELDS_COST)
    ev->flags |= EVENT_F_OOM;   /* sample_cost gives it a cost */
  if (k == EVENT_SNAPSHOT)
    {
      ev->flags = EVENT_F_CREDS | EVENT_F_START | EVENT_F_KTHREAD;
      ev->ruid = 1;
      ev->euid = 2;
      ev->rgid = 3;
      ev->egid = 4;
      ev->start_ns = 99;
    }
}

/* A cost with the fields of bits HAVE, values from large to the largest. */
static Cost *
sample_cost (guint32 have)
{
  CostValues v = { .have = have };
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    v.v[f] = G_MAXUINT64 - f * G_GUINT64_CONSTANT (1000000007);
  return cost_new (&v);
}

/* Every kind with every hostile string comes back equal. */
static void
test_round_trip_kinds (void **state)
{
  g_autoptr (Cost) cost = sample_cost (0x5555);
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    for (int k = 0; k < EVENT_KIND_MAX; k++)
      {
        char *argv[] = { T_STR (hostile[i]), T_STR (""),
                         T_STR (hostile[(i + 1) % G_N_ELEMENTS (hostile)]), NULL };
        Event ev;
        sample_event (&ev, k, hostile[i], argv);
        if (event_kind_fields (k) & EVENT_FIELDS_COST)
          ev.cost = cost;
        round_trip (&ev);
      }
  Event unk = { .kind = EVENT_EXIT, .flags = EVENT_F_STATUS_UNKNOWN, .pid = 1, .tgid = 1 };
  round_trip (&unk);
  Event leader = { .kind = EVENT_EXIT, .pid = 1, .tgid = 1, .ends = EVENT_ENDS_THREAD };
  round_trip (&leader);
  Event thread = { .kind = EVENT_EXIT, .pid = 2, .tgid = 1 };
  round_trip (&thread);
  Event unknown_tid = { .kind = EVENT_EXEC, .pid = 1, .tgid = 1, .flags = EVENT_F_EXEC_THREAD };
  round_trip (&unknown_tid);
  char *empty[] = { NULL };
  Event noargs = { .kind = EVENT_EXEC, .pid = 1, .tgid = 1, .argv = empty };
  round_trip (&noargs);
}

/* Extreme values of every integer field survive. */
static void
test_round_trip_extremes (void **state)
{
  Event a = { .kind = EVENT_SNAPSHOT, .flags = EVENT_F_CREDS | EVENT_F_START,
              .mono_ns = G_MAXINT64, .wall_ns = G_MAXINT64, .cpu = G_MAXUINT32,
              .pid = G_MAXINT, .tgid = G_MAXINT, .ppid = G_MAXINT, .ptgid = G_MAXINT,
              .ruid = G_MAXUINT32, .euid = G_MAXUINT32, .rgid = G_MAXUINT32,
              .egid = G_MAXUINT32, .sid = G_MAXINT, .start_ns = G_MININT64 };
  round_trip (&a);
  Event b = { .kind = EVENT_EXIT, .mono_ns = G_MININT64, .wall_ns = G_MININT64,
              .exit_code = G_MAXUINT32, .exit_signal = G_MININT32 };
  round_trip (&b);
  b.exit_signal = G_MAXINT32;
  round_trip (&b);
  Event c = { .kind = EVENT_LOST, .lost = G_MAXUINT64 };
  round_trip (&c);
}

/* What an end cost comes back, each field alone and all of them, with
 * cost_unknown and oom_kill; other kinds take none; a recording made
 * before costs existed reads as unmeasured. */
static void
test_round_trip_cost (void **state)
{
  for (guint f = 0; f <= COST_FIELD_MAX; f++)
    {
      g_autoptr (Cost) cost = sample_cost (f < COST_FIELD_MAX ? COST_BIT (f)
                                                              : COST_BIT (COST_FIELD_MAX) - 1);
      Event ev = { .kind = EVENT_EXIT, .pid = 1, .tgid = 1, .cost = cost };
      round_trip (&ev);
    }
  Event unknown = { .kind = EVENT_EXIT, .pid = 1, .tgid = 1, .flags = EVENT_F_COST_UNKNOWN };
  round_trip (&unknown);
  Event oom = { .kind = EVENT_EXIT, .pid = 2, .tgid = 1, .exit_code = 9,
                .flags = EVENT_F_OOM, .ends = EVENT_ENDS_THREAD };
  round_trip (&oom);

  Event got = { 0 };
  read_ok ("{\"event\":\"fork\",\"pid\":2,\"mono_ns\":1,\"cpu_ns\":5,"
           "\"oom_kill\":true,\"cost_unknown\":true}", &got);
  assert_null (got.cost);
  assert_int_equal (got.flags, 0);
  event_clear (&got);
  read_ok ("{\"event\":\"exit\",\"pid\":2,\"mono_ns\":1,\"exit_code\":0,"
           "\"status\":\"exit 0\",\"exit_signal\":17,\"lifetime_ns\":5}", &got);
  assert_null (got.cost);
  assert_int_equal (got.flags, EVENT_F_LIFETIME);
  assert_int_equal (got.lifetime_ns, 5);
  event_clear (&got);
  read_ok ("{\"event\":\"exit\",\"pid\":2,\"mono_ns\":1,\"cpu_ns\":null,"
           "\"peak_rss_bytes\":0,\"oom_kill\":false}", &got);
  guint64 peak = 1;
  assert_false (cost_get (got.cost, COST_CPU, NULL));
  assert_true (cost_get (got.cost, COST_PEAK_RSS, &peak));
  assert_int_equal (peak, 0);
  assert_int_equal (got.flags, 0);
  event_clear (&got);
  /* An end's name is what its record gave; the end named it only where
   * it says so, and only a process's end. */
  read_ok ("{\"event\":\"exit\",\"pid\":3,\"tgid\":3,\"mono_ns\":1,\"comm\":\"true\","
           "\"comm_from_exit\":true}", &got);
  assert_string_equal (got.comm, "true");
  assert_int_equal (got.flags, EVENT_F_NAMED_AT_END);
  event_clear (&got);
  read_ok ("{\"event\":\"exit\",\"pid\":3,\"tgid\":3,\"mono_ns\":1,\"comm\":\"true\"}",
           &got);
  assert_string_equal (got.comm, "true");
  assert_int_equal (got.flags, 0);
  event_clear (&got);
  read_ok ("{\"event\":\"exit\",\"pid\":4,\"tgid\":3,\"mono_ns\":1,\"comm\":\"worker\","
           "\"comm_from_exit\":true}", &got);
  assert_string_equal (got.comm, "worker");
  assert_int_equal (got.flags, 0);
  event_clear (&got);
  Event named = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .comm = T_STR ("true"),
                  .flags = EVENT_F_NAMED_AT_END };
  round_trip (&named);
}

/* Random events with random bytes in their strings. */
static void
test_round_trip_random (void **state)
{
  g_autoptr (GRand) rnd = g_rand_new_with_seed (42);

  for (int round = 0; round < 1000; round++)
    {
      char s[3][48];
      for (int j = 0; j < 3; j++)
        {
          gsize n = g_rand_int_range (rnd, 0, sizeof s[j]);
          for (gsize i = 0; i < n; i++)
            s[j][i] = (char) g_rand_int_range (rnd, 1, 256);
          s[j][n] = '\0';
        }
      char *argv[] = { s[1], s[2], NULL };
      Event ev;
      sample_event (&ev, g_rand_int_range (rnd, 0, EVENT_KIND_MAX), s[0], argv);
      ev.mono_ns = (gint64) (((guint64) g_rand_int (rnd) << 32) | g_rand_int (rnd));
      ev.pid = g_rand_int_range (rnd, 0, G_MAXINT);
      round_trip (&ev);
    }
}

/* Asserts that EV, written with P, reads back with all four ids of WANT
 * (EVENT_F_CREDS), and writes the same line again with no process. */
static void
assert_ids_come_back (const Event *ev, const Proc *p, const Event *want)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) again = g_string_new (NULL);
  Event got = { 0 };

  json_event (out, ev, p, NULL);
  read_ok (out->str, &got);
  assert_int_equal (got.flags, EVENT_F_CREDS);
  assert_int_equal (got.ruid, want->ruid);
  assert_int_equal (got.euid, want->euid);
  assert_int_equal (got.rgid, want->rgid);
  assert_int_equal (got.egid, want->egid);
  json_event (again, &got, NULL, NULL);
  assert_string_equal (again->str, out->str);
  event_clear (&got);
}

/* Context from the process table: a fork's name and everybody's ids come
 * back (they are what applying the event gives anyway); so do every
 * kind's name and parent and an exit's lifetime, what the recorder knew,
 * which a replay that never saw the process start has from them alone
 * (proctab_event_comm, proctab_event_ptgid, proctab_event_lifetime). */
static void
test_context (void **state)
{
  Proc p = { .pid = 10, .ppid = 1, .comm = T_STR ("bash"), .flags = PROC_F_CREDS, .ruid = 1000,
             .euid = 1000, .rgid = 100, .egid = 100, .start_ns = 5 };
  g_autoptr (GString) out = g_string_new (NULL);
  Event got = { 0 };

  Event fork = { .kind = EVENT_FORK, .mono_ns = 7, .pid = 10, .tgid = 10, .ppid = 1, .ptgid = 1 };
  json_event (out, &fork, &p, NULL);
  read_ok (out->str, &got);
  assert_string_equal (got.comm, "bash");
  assert_int_equal (got.flags, EVENT_F_CREDS);
  assert_int_equal (got.ruid, 1000);
  assert_int_equal (got.egid, 100);
  event_clear (&got);

  Event exit = { .kind = EVENT_EXIT, .mono_ns = 9, .pid = 10, .tgid = 10, .exit_code = 256 };
  g_string_truncate (out, 0);
  json_event (out, &exit, &p, NULL);
  assert_non_null (strstr (out->str, "\"lifetime_ns\":4"));
  read_ok (out->str, &got);
  assert_string_equal (got.comm, "bash");
  assert_int_equal (got.exit_code, 256);
  assert_int_equal (got.flags, EVENT_F_CREDS | EVENT_F_LIFETIME);
  assert_int_equal (got.lifetime_ns, 4);
  event_clear (&got);

  /* The model's parent for an exit the kernel gave none comes back, said
   * to be the model's; a fork's own parent is the kernel's. */
  Event reaped = { .kind = EVENT_EXIT, .flags = EVENT_F_PARENT_MODEL, .pid = 10, .tgid = 10,
                   .ppid = 1, .ptgid = 1 };
  g_string_truncate (out, 0);
  json_event (out, &reaped, &p, NULL);
  read_ok (out->str, &got);
  assert_int_equal (got.ptgid, 1);
  assert_int_equal (got.flags, EVENT_F_CREDS | EVENT_F_PARENT_MODEL);
  event_clear (&got);
  read_ok ("{\"event\":\"fork\",\"pid\":2,\"mono_ns\":1,\"ptgid\":1,\"ppid_source\":\"x\"}", &got);
  assert_int_equal (got.flags, 0);
  event_clear (&got);

  /* Records a recorder could not write come back as such. */
  Event unwritten = { .kind = EVENT_LOST, .flags = EVENT_F_LOST_OUTPUT, .lost = 42 };
  g_string_truncate (out, 0);
  json_event (out, &unwritten, NULL, NULL);
  assert_non_null (strstr (out->str, ",\"lost\":42,\"lost_in\":\"output\"}"));
  read_ok (out->str, &got);
  assert_int_equal (got.lost, 42);
  assert_int_equal (got.flags, EVENT_F_LOST_OUTPUT);
  event_clear (&got);

  Event tr = { .kind = EVENT_PTRACE, .pid = 10, .tgid = 10, .tracer_pid = 3, .tracer_tgid = 3 };
  g_string_truncate (out, 0);
  json_event (out, &tr, &p, NULL);
  assert_non_null (strstr (out->str, "\"ptgid\":1"));
  read_ok (out->str, &got);
  assert_int_equal (got.ptgid, 1);
  assert_string_equal (got.comm, "bash");
  event_clear (&got);

  /* A change of one kind of ids carries the other kind as the recorder
   * knew it: it comes back, so that a replay that never saw the process
   * (a recording of uid and gid events only) has them, and writes them
   * again as they were. */
  Event uid = { .kind = EVENT_UID, .pid = 10, .tgid = 10, .ruid = 0, .euid = 0 };
  Event gid = { .kind = EVENT_GID, .pid = 10, .tgid = 10, .rgid = 27, .egid = 27 };
  Event want_uid = { .ruid = 0, .euid = 0, .rgid = 100, .egid = 100 };
  Event want_gid = { .ruid = 1000, .euid = 1000, .rgid = 27, .egid = 27 };
  assert_ids_come_back (&uid, &p, &want_uid);
  assert_ids_come_back (&gid, &p, &want_gid);
  /* A poll's change carries the new ids of both kinds, which come as two
   * events: the other kind is the process's until its own event. */
  Event polled = { .kind = EVENT_UID, .flags = EVENT_F_CREDS, .pid = 10, .tgid = 10,
                   .ruid = 0, .euid = 0, .rgid = 27, .egid = 27 };
  g_string_truncate (out, 0);
  json_event (out, &polled, &p, NULL);
  assert_non_null (strstr (out->str, "\"uid\":0,\"euid\":0,\"gid\":100,\"egid\":100"));
}

/* Where a process runs comes back, for every kind: a container of each
 * shape (its name, a pod), a pid namespace with and without its pid, a
 * container in forkscope's namespace (docker --pid=host); the event's own
 * where wins over its process's, which is context. */
static void
test_round_trip_where (void **state)
{
  Container *docker = container_get ("docker", "0123456789abcdef0123456789abcdef"
                                     "0123456789abcdef0123456789abcdef", NULL);
  Container *k8s = container_get ("containerd", "fedcba9876543210fedcba9876543210"
                                  "fedcba9876543210fedcba9876543210",
                                  "6b4c2f1e-8a3d-4e5f-9a0b-1c2d3e4f5a6b");
  Container *lxc = container_get ("lxc", "web", NULL);
  Where *wheres[] = { where_new (1, 1, docker), where_new (7, 2, k8s), where_new (0, 1, lxc),
                      where_new (12, 1, NULL), where_new (0, 0, docker) };
  g_autoptr (GString) out = g_string_new (NULL);
  char *argv[] = { T_STR ("sh"), NULL };

  container_set_name (docker, "web-1");
  for (gsize i = 0; i < G_N_ELEMENTS (wheres); i++)
    for (int k = 0; k < EVENT_KIND_MAX; k++)
      {
        Event ev;
        sample_event (&ev, k, "x", argv);
        ev.flags |= EVENT_F_WHERE;
        ev.where = wheres[i];
        round_trip (&ev);
      }
  /* Context: the process's, when the event does not say it. */
  ProcAcct place = { .where = wheres[1] };
  Proc p = { .pid = 10, .ppid = 1, .acct = &place };
  Event fork = { .kind = EVENT_FORK, .mono_ns = 7, .pid = 10, .tgid = 10, .ppid = 1, .ptgid = 1,
                 .flags = EVENT_F_NS_ENTRY };
  Event got = { 0 };
  json_event (out, &fork, &p, NULL);
  assert_non_null (strstr (out->str, ",\"nspid\":7,\"pidns_level\":2,\"pidns_entry\":true,"
                           "\"container_id\":\"fedcba98"));
  assert_non_null (strstr (out->str, "\"container_runtime\":\"containerd\",\"pod_uid\":"
                           "\"6b4c2f1e-8a3d-4e5f-9a0b-1c2d3e4f5a6b\""));
  read_ok (out->str, &got);
  assert_ptr_equal (got.where->container, k8s);
  assert_int_equal (got.where->nspid, 7);
  /* pidns_entry is the model's, concluded again. */
  assert_int_equal (got.flags, EVENT_F_WHERE);
  event_clear (&got);
  /* The host says nothing. */
  place.where = NULL;
  g_string_truncate (out, 0);
  json_event (out, &fork, &p, NULL);
  assert_null (strstr (out->str, "nspid"));
  assert_null (strstr (out->str, "container"));
  /* A name a record gives is the container's unless it has one. */
  read_ok ("{\"event\":\"exit\",\"pid\":5,\"mono_ns\":1,\"container_id\":\"db\","
           "\"container_runtime\":\"lxc\",\"container_name\":\"database\"}", &got);
  assert_string_equal (container_name (got.where->container), "database");
  assert_int_equal (got.where->level, 0);
  event_clear (&got);
  read_ok ("{\"event\":\"exit\",\"pid\":5,\"mono_ns\":1,\"container_id\":\"0123456789abcdef"
           "0123456789abcdef0123456789abcdef0123456789abcdef\",\"container_runtime\":\"docker\","
           "\"container_name\":\"other\"}", &got);
  assert_ptr_equal (got.where->container, docker);
  assert_string_equal (container_name (docker), "web-1");
  event_clear (&got);
  for (gsize i = 0; i < G_N_ELEMENTS (wheres); i++)
    where_unref (wheres[i]);
  container_unref (docker);
  container_unref (k8s);
  container_unref (lxc);
}

/* Writes the hostile samples, has python3 re-encode each line (ASCII-only
 * with surrogate pairs, sorted keys, spaces), and reads python's text. */
static void
test_python_round_trip (void **state)
{
  if (!pyjson_available ())
    skip ();
  g_autoptr (GString) lines = g_string_new (NULL);
  g_autoptr (GPtrArray) want = g_ptr_array_new_with_free_func (event_free);

  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    for (int k = 0; k < EVENT_KIND_MAX; k++)
      {
        char *argv[] = { T_STR ("cmd"), T_STR (hostile[i]), NULL };
        Event ev, *w = g_new (Event, 1);
        sample_event (&ev, k, hostile[i], argv);
        json_event (lines, &ev, NULL, NULL);
        expected_copy (w, &ev);
        g_ptr_array_add (want, w);
      }
  g_autofree char *got = pyjson_run (
    "import json, sys\n"
    "for i, line in enumerate(sys.stdin):\n"
    "    o = json.loads(line)\n"
    "    print(json.dumps(o, ensure_ascii=(i % 2 == 0), sort_keys=True))\n",
    lines->str);
  g_auto (GStrv) out = g_strsplit (got, "\n", -1);
  assert_int_equal (g_strv_length (out), want->len + 1);
  for (guint i = 0; i < want->len; i++)
    {
      Event ev = { 0 };
      assert_true (i % 2 == 1 || g_str_is_ascii (out[i]));
      read_ok (out[i], &ev);
      assert_event_equal (&ev, want->pdata[i]);
      event_clear (&ev);
    }
}

/* Parses S, which must fail with CODE and a message containing PART;
 * the event must be left untouched. */
static void
read_bad (const char *s, gsize len, int code, const char *part)
{
  g_autoptr (GError) error = NULL;
  Event ev = { .pid = 777, .comm = T_STR ("sentinel") };

  if (jsonread_event (s, len, &ev, &error))
    fail_msg ("accepted: %.*s", (int) MIN (len, 200), s);
  assert_non_null (error);
  if (!g_error_matches (error, JSONREAD_ERROR, code) || !strstr (error->message, part))
    fail_msg ("%.*s: got \"%s\" (code %d), wanted \"%s\" (code %d)", (int) MIN (len, 200), s,
              error->message, error->code, part, code);
  assert_int_equal (ev.pid, 777);
  assert_string_equal (ev.comm, "sentinel");
}

/* Like read_bad for a NUL-terminated S. */
static void
bad (const char *s, int code, const char *part)
{
  read_bad (s, strlen (s), code, part);
}

#define HEAD "{\"event\":\"exec\",\"pid\":1,\"mono_ns\":1,"

/* Broken JSON is refused with a clear message and its column. */
static void
test_syntax_errors (void **state)
{
  const int S = JSONREAD_ERROR_SYNTAX;
  bad ("", S, "empty line");
  bad ("  \t\r\n", S, "empty line");
  bad ("[1,2]", S, "column 1: expected a JSON object '{', found '['");
  bad ("\"str\"", S, "expected a JSON object");
  bad ("{", S, "column 2: line ends early: expected a key string");
  bad ("{\"event\":\"fork\",\"pid\":1", S, "line ends early: expected ',' or '}'");
  bad ("{\"event\":\"fo", S, "line ends inside a string");
  bad ("{\"event\":\"fork\",\"pid\":1,}", S, "column 25: expected a key string, found '}'");
  bad ("{\"event\":\"fork\" \"pid\":1}", S, "expected ',' or '}', found '\"'");
  bad ("{\"event\" \"fork\"}", S, "expected ':' after a key");
  bad ("{\"event\":\"fork\",\"pid\":1,\"mono_ns\":1} x", S, "unexpected data after the object");
  bad ("{\"event\":\"fork\",\"pid\":1,\"mono_ns\":1}{}", S, "unexpected data after the object");
  bad ("{\"event\":\"fork\",\"pid\":01}", S, "cannot start with 0");
  bad ("{\"event\":\"fork\",\"pid\":-}", S, "expected a digit");
  bad ("{\"x\":1.}", S, "a digit after '.'");
  bad ("{\"x\":1e}", S, "a digit in the exponent");
  bad ("{\"x\":+1}", S, "expected a value, found '+'");
  bad ("{\"x\":tru}", S, "expected true");
  bad ("{\"x\":nul", S, "expected null");
  bad ("{\"x\":NaN}", S, "expected a value");
  bad ("{'x':1}", S, "expected a key string, found '''");
  bad (HEAD "\"comm\":\"a\x01" "b\"}", S, "control character 0x01 inside a string");
  bad (HEAD "\"comm\":\"a\tb\"}", S, "control character 0x09");
  bad (HEAD "\"comm\":\"\xff\"}", S, "invalid UTF-8 inside a string");
  bad (HEAD "\"comm\":\"\xc0\xaf\"}", S, "invalid UTF-8");
  bad (HEAD "\"comm\":\"\xed\xa0\x80\"}", S, "invalid UTF-8");
  bad (HEAD "\"comm\":\"\xe6\xbc\"}", S, "invalid UTF-8");
  bad (HEAD "\"comm\":\"\\x41\"}", S, "expected an escape letter");
  bad (HEAD "\"comm\":\"\\u12\"}", S, "4 hex digits after \\u");
  bad (HEAD "\"comm\":\"\\ud83d\\u12\"}", S, "4 hex digits after \\u");
  bad (HEAD "\"comm\":\"\\", S, "expected an escape");
  read_bad ("{\x00}", 3, S, "column 2: expected a key string, found byte 0x00");
  read_bad ("{\"event\":\"fork\"\0,\"pid\":1}", 26, S, "found byte 0x00");
  bad ("\xef\xbb\xbf{}", S, "found byte 0xef");
}

/* Valid JSON with wrong, missing or out-of-range fields is refused too. */
static void
test_field_errors (void **state)
{
  const int I = JSONREAD_ERROR_INVALID;
  bad ("{\"pid\":1,\"mono_ns\":1}", I, "missing \"event\"");
  bad ("{\"event\":\"fork\",\"mono_ns\":1}", I, "missing \"pid\"");
  bad ("{\"event\":\"fork\",\"pid\":1}", I, "missing time");
  bad ("{\"event\":null,\"pid\":1,\"mono_ns\":1}", I, "missing \"event\"");
  bad ("{\"notice\":\"polling /proc\"}", JSONREAD_ERROR_NOTICE, "a notice");
  bad ("{\"event\":\"bogus\",\"pid\":1,\"mono_ns\":1}", JSONREAD_ERROR_UNKNOWN_EVENT,
       "unknown event \"bogus\"");
  bad ("{\"event\":\"\\u001b[2J\",\"pid\":1,\"mono_ns\":1}", JSONREAD_ERROR_UNKNOWN_EVENT,
       "unknown event \"\\033[2J\"");
  bad ("{\"event\":1,\"pid\":1}", I, "\"event\": expected a string");
  bad ("{\"event\":\"fork\",\"pid\":\"1\"}", I, "column 23: \"pid\": expected an integer");
  bad ("{\"event\":\"fork\",\"pid\":1.5}", I, "\"pid\": expected an integer, not a fraction");
  bad ("{\"event\":\"fork\",\"pid\":1e3}", I, "not a fraction or exponent");
  bad ("{\"event\":\"fork\",\"pid\":true}", I, "\"pid\": expected an integer");
  bad ("{\"event\":\"fork\",\"pid\":[1]}", I, "\"pid\": expected an integer");
  bad ("{\"event\":\"fork\",\"pid\":-1}", I, "\"pid\": number out of range (0..2147483647)");
  bad ("{\"event\":\"fork\",\"pid\":2147483648}", I, "\"pid\": number out of range");
  bad ("{\"event\":\"fork\",\"pid\":99999999999999999999999999999}", I, "out of range");
  bad ("{\"event\":\"fork\",\"pid\":-99999999999999999999999999999}", I, "out of range");
  bad (HEAD "\"uid\":4294967296}", I, "\"uid\": number out of range");
  bad (HEAD "\"exit_signal\":-2147483649}", I, "\"exit_signal\": number out of range");
  bad (HEAD "\"lost\":18446744073709551616}", I, "\"lost\": number out of range");
  bad ("{\"event\":\"fork\",\"pid\":1,\"mono_ns\":9223372036854775808}", I, "\"mono_ns\": number out of range");
  bad ("{\"event\":\"fork\",\"pid\":1,\"mono_ns\":-9223372036854775809}", I, "out of range");
  bad (HEAD "\"comm\":\"a\\u0000b\"}", I, "\"comm\": string holds \\u0000");
  bad (HEAD "\"comm\":[\"a\"]}", I, "\"comm\": expected a string");
  bad (HEAD "\"argv\":\"ls -l\"}", I, "\"argv\": expected an array of strings");
  bad (HEAD "\"argv\":[\"ls\",1]}", I, "\"argv\": expected a string");
  bad (HEAD "\"argv\":[\"ls\",null]}", I, "\"argv\": expected a string");
  bad (HEAD "\"argv\":[\"\\u0000\"]}", I, "string holds \\u0000");
  bad (HEAD "\"kthread\":\"yes\"}", I, "\"kthread\": expected true or false");
  bad (HEAD "\"kthread\":1}", I, "expected true or false");
  bad ("{\"event\":\"exit\",\"pid\":1,\"mono_ns\":1,\"ends\":\"group\"}", I,
       "\"ends\": neither \"process\" nor \"thread\"");
  bad ("{\"event\":\"exit\",\"pid\":1,\"mono_ns\":1,\"ends\":true}", I,
       "\"ends\": expected a string");
  bad (HEAD "\"exec_tid\":-1}", I, "\"exec_tid\": number out of range");
  bad (HEAD "\"cpu_ns\":-1}", I, "\"cpu_ns\": number out of range (0..18446744073709551615)");
  bad (HEAD "\"peak_rss_bytes\":18446744073709551616}", I, "\"peak_rss_bytes\": number out of range");
  bad (HEAD "\"delay_irq_ns\":1.5}", I, "\"delay_irq_ns\": expected an integer, not a fraction");
  bad (HEAD "\"disk_read_bytes\":\"5\"}", I, "\"disk_read_bytes\": expected an integer");
  bad (HEAD "\"oom_kill\":1}", I, "\"oom_kill\": expected true or false");
  bad (HEAD "\"cost_unknown\":\"yes\"}", I, "\"cost_unknown\": expected true or false");
  bad ("{\"event\":\"exit\",\"pid\":1,\"mono_ns\":1,\"ppid_source\":\"kernel\"}", I,
       "\"ppid_source\": not \"model\"");
  bad ("{\"event\":\"coredump\",\"pid\":1,\"mono_ns\":1,\"ppid_source\":0}", I,
       "\"ppid_source\": expected a string");
  bad ("{\"event\":\"lost\",\"pid\":0,\"mono_ns\":1,\"lost\":1,\"lost_in\":\"disk\"}", I,
       "\"lost_in\": not \"output\"");
  bad ("{\"event\":\"uid\",\"pid\":1,\"mono_ns\":1,\"uid\":5}", I, "needs \"uid\" and \"euid\"");
  bad ("{\"event\":\"gid\",\"pid\":1,\"mono_ns\":1,\"egid\":5}", I, "needs \"gid\" and \"egid\"");
  bad (HEAD "\"container_id\":\"x\"}", I, "a container needs \"container_id\" and");
  bad (HEAD "\"container_runtime\":\"docker\"}", I, "a container needs");
  bad (HEAD "\"container_name\":\"web\"}", I, "a container needs");
  bad (HEAD "\"pod_uid\":\"u\"}", I, "a container needs");
  bad (HEAD "\"container_id\":\"\",\"container_runtime\":\"docker\"}", I,
       "\"container_id\": empty, or over 256 bytes");
  bad (HEAD "\"container_id\":1,\"container_runtime\":\"docker\"}", I,
       "\"container_id\": expected a string");
  bad (HEAD "\"nspid\":3}", I, "\"nspid\" needs a \"pidns_level\" of 1 or more");
  bad (HEAD "\"nspid\":3,\"pidns_level\":0}", I, "needs a \"pidns_level\"");
  bad (HEAD "\"nspid\":-1,\"pidns_level\":1}", I, "\"nspid\": number out of range");
  bad (HEAD "\"pidns_level\":33}", I, "\"pidns_level\": number out of range (0..32)");
  bad (HEAD "\"pidns_entry\":1}", I, "\"pidns_entry\": expected true or false");
  bad ("{\"event\":\"fork\",\"pid\":1,\"time\":\"yesterday\"}", I, "\"time\": not an ISO 8601");
  bad ("{\"event\":\"fork\",\"pid\":1,\"time\":\"9999-12-31T23:59:59Z\"}", I, "\"time\": out of range");
}

/* Nesting bombs stop at the depth limit without deep recursion. */
static void
test_nesting (void **state)
{
  for (int depth = JSONREAD_MAX_DEPTH - 1; depth <= JSONREAD_MAX_DEPTH + 1; depth++)
    {
      g_autoptr (GString) s = g_string_new ("{\"event\":\"fork\",\"pid\":1,\"mono_ns\":1,\"x\":");
      for (int i = 0; i < depth; i++)
        g_string_append (s, i % 2 ? "[" : "{\"k\":");
      g_string_append (s, "0");
      for (int i = depth - 1; i >= 0; i--)
        g_string_append_c (s, i % 2 ? ']' : '}');
      g_string_append_c (s, '}');
      /* The record itself is one level. */
      if (depth + 1 <= JSONREAD_MAX_DEPTH)
        {
          Event ev = { 0 };
          read_ok (s->str, &ev);
          event_clear (&ev);
        }
      else
        bad (s->str, JSONREAD_ERROR_SYNTAX, "nesting deeper than 64 levels");
    }

  gsize n = 1000000;
  char *bomb = g_malloc (n + 8);
  memcpy (bomb, "{\"x\":", 5);
  memset (bomb + 5, '[', n);
  read_bad (bomb, n + 5, JSONREAD_ERROR_SYNTAX, "nesting deeper");
  g_free (bomb);
}

/* Binary garbage is refused, never crashes, never reads out of bounds. */
static void
test_garbage (void **state)
{
  g_autoptr (GRand) rnd = g_rand_new_with_seed (7);
  static const char *const seeds[] = {
    "{\"event\":\"exec\",\"pid\":1,\"mono_ns\":1,\"comm\":\"\\ud83d\\ude00\",\"argv\":[\"a\"]}",
    "{\"a\":[1,-2.5e+3,true,false,null,{\"b\":\"c\"}],\"event\":\"fork\",\"pid\":2,\"mono_ns\":0}",
  };

  for (int round = 0; round < 20000; round++)
    {
      gsize n = g_rand_int_range (rnd, 0, 96);
      char *buf = g_malloc (n ? n : 1);  /* exact size: ASan catches overreads */
      if (g_rand_boolean (rnd))
        for (gsize i = 0; i < n; i++)
          buf[i] = (char) g_rand_int_range (rnd, 0, 256);
      else
        {
          /* Mutate a valid record: cut it, flip bytes. */
          const char *seed = seeds[g_rand_int_range (rnd, 0, G_N_ELEMENTS (seeds))];
          n = MIN (n, strlen (seed));
          memcpy (buf, seed, n);
          for (int flips = g_rand_int_range (rnd, 0, 3); flips > 0 && n > 0; flips--)
            buf[g_rand_int_range (rnd, 0, n)] = (char) g_rand_int_range (rnd, 0, 256);
        }
      g_autoptr (GError) error = NULL;
      Event ev = { 0 };
      if (jsonread_event (buf, n, &ev, &error))
        event_clear (&ev);
      else
        assert_true (error && error->message[0]);
      g_free (buf);
    }
}

/* Things a valid reader must accept. */
static void
test_accepts (void **state)
{
  Event ev = { 0 };

  /* Unknown fields of every shape, anywhere, are skipped. */
  read_ok ("{\"future\":{\"a\":[1,2,{\"b\":null}],\"c\":\"\\ud83d\\ude00\"},\"event\":\"fork\","
           "\"pid\":3,\"x\":-1.5e-3,\"y\":true,\"z\":[],\"w\":{},\"mono_ns\":5,"
           "\"huge\":123456789012345678901234567890}", &ev);
  assert_int_equal (ev.kind, EVENT_FORK);
  assert_int_equal (ev.pid, 3);
  assert_int_equal (ev.tgid, 3);   /* defaults to pid */
  assert_int_equal (ev.mono_ns, 5);
  assert_int_equal (ev.wall_ns, 0);
  event_clear (&ev);

  /* Whitespace everywhere, CRLF, escapes, surrogates. */
  read_ok (" { \"event\" : \"EXEC\" , \"pid\" : 1 , \"wall_ns\" : 7 , \"comm\" : "
           "\"\\ud83d\\ude00\\ud800\\u0041\\udc00\\/\\b\\f\\n\\r\\t\\\"\\\\\\u00e9\" ,"
           " \"argv\" : [ \"a\" , \"\" ] } \r\n", &ev);
  assert_int_equal (ev.kind, EVENT_EXEC);
  assert_int_equal (ev.mono_ns, 7);  /* from wall_ns */
  assert_string_equal (ev.comm, "\xf0\x9f\x98\x80\xef\xbf\xbd" "A\xef\xbf\xbd/\b\f\n\r\t\"\\\xc3\xa9");
  assert_int_equal (g_strv_length (ev.argv), 2);
  assert_string_equal (ev.argv[1], "");
  event_clear (&ev);

  /* null is absent; the last duplicate wins. */
  read_ok (HEAD "\"comm\":\"a\",\"comm\":\"b\",\"exe\":\"x\",\"exe\":null,\"argv\":[\"1\"],"
           "\"argv\":null,\"sid\":null}", &ev);
  assert_string_equal (ev.comm, "b");
  assert_null (ev.exe);
  assert_null (ev.argv);
  event_clear (&ev);

  /* Time from "time" when wall_ns is missing. */
  read_ok ("{\"event\":\"fork\",\"pid\":1,\"time\":\"2024-05-01T12:34:56.123456Z\"}", &ev);
  assert_int_equal (ev.wall_ns, G_GINT64_CONSTANT (1714566896123456000));
  assert_int_equal (ev.mono_ns, ev.wall_ns);
  event_clear (&ev);
  read_ok ("{\"event\":\"fork\",\"pid\":1,\"time\":\"2024-05-01T14:34:56+02:00\",\"mono_ns\":3}", &ev);
  assert_int_equal (ev.wall_ns, G_GINT64_CONSTANT (1714566896000000000));
  assert_int_equal (ev.mono_ns, 3);
  event_clear (&ev);

  /* Fields a kind does not carry are not taken (but the name, context);
   * partial ids are ignored. */
  read_ok ("{\"event\":\"exit\",\"pid\":1,\"mono_ns\":1,\"comm\":\"x\",\"argv\":[\"y\"],"
           "\"sid\":4,\"tracer_pid\":3,\"lost\":9,\"uid\":5,\"status_unknown\":true,"
           "\"kthread\":false,\"status\":\"exit 3\",\"exit_code\":768}", &ev);
  assert_string_equal (ev.comm, "x");
  assert_null (ev.argv);
  assert_int_equal (ev.sid + ev.tracer_pid + ev.lost + ev.ruid, 0);
  assert_int_equal (ev.flags, EVENT_F_STATUS_UNKNOWN);
  assert_int_equal (ev.exit_code, 768);
  event_clear (&ev);
  read_ok ("{\"event\":\"fork\",\"pid\":1,\"mono_ns\":1,\"ends\":\"x\",\"exec_tid\":4}", &ev);
  assert_int_equal (ev.ends, EVENT_ENDS_UNSAID);
  assert_int_equal (ev.flags, 0);
  assert_int_equal (ev.exec_tid, 0);
  event_clear (&ev);

  /* A recording older than "ends" leaves it unsaid; "unread" is what the
   * absent fields say already. */
  read_ok ("{\"event\":\"exit\",\"pid\":2,\"tgid\":1,\"mono_ns\":1}", &ev);
  assert_int_equal (ev.ends, EVENT_ENDS_UNSAID);
  event_clear (&ev);
  read_ok (HEAD "\"unread\":true}", &ev);
  assert_null (ev.comm);
  assert_true (event_unread (&ev));
  event_clear (&ev);

  /* Negative zero and the extremes parse. */
  read_ok ("{\"event\":\"exit\",\"pid\":-0,\"mono_ns\":-9223372036854775808,"
           "\"exit_signal\":-2147483648}", &ev);
  assert_int_equal (ev.mono_ns, G_MININT64);
  assert_int_equal (ev.exit_signal, G_MININT32);
  event_clear (&ev);
}

/* Entity ids come back as written, for any kind: replays keep them. */
static void
test_entity_ids (void **state)
{
  Event got = { 0 };

  read_ok ("{\"event\":\"exit\",\"pid\":9,\"mono_ns\":1,\"entity_id\":\"b:9:100\","
           "\"parent_entity_id\":\"b:1:30\",\"exit_code\":0}", &got);
  assert_string_equal (got.entity_id, "b:9:100");
  assert_string_equal (got.parent_entity_id, "b:1:30");
  Event copy;
  event_copy (&copy, &got);
  assert_string_equal (copy.parent_entity_id, "b:1:30");
  event_clear (&copy);
  event_clear (&got);
  read_ok ("{\"event\":\"comm\",\"pid\":9,\"mono_ns\":1,\"comm\":\"x\"}", &got);
  assert_null (got.entity_id);
  assert_null (got.parent_entity_id);
  event_clear (&got);
  g_autoptr (GError) error = NULL;
  assert_false (jsonread_event ("{\"event\":\"fork\",\"pid\":9,\"mono_ns\":1,\"entity_id\":9}",
                                strlen ("{\"event\":\"fork\",\"pid\":9,\"mono_ns\":1,\"entity_id\":9}"),
                                &got, &error));
  assert_non_null (strstr (error->message, "\"entity_id\": expected a string"));
}

/* Reads LINE as a header record, which must succeed. */
static Origin *
header_ok (const char *line)
{
  g_autoptr (GError) error = NULL;
  Origin *o = NULL;
  if (!jsonread_header (line, strlen (line), &o, &error))
    fail_msg ("%s: %s", line, error->message);
  return o;
}

/* A header record is no event; jsonread_header reads it, and nothing else. */
static void
test_header (void **state)
{
  const char *line = "{\"forkscope\":\"0.1.0\",\"host\":\"web1\","
                     "\"boot_id\":\"2a8c265f-f463-4ecf-81fe-4f72face922a\",\"kernel\":\"6.18.4\","
                     "\"future\":[1,{\"x\":null}]}\n";
  g_autoptr (GError) error = NULL;
  Event ev = { 0 };

  assert_false (jsonread_event (line, strlen (line), &ev, &error));
  assert_true (g_error_matches (error, JSONREAD_ERROR, JSONREAD_ERROR_HEADER));
  g_clear_error (&error);
  g_autoptr (Origin) o = header_ok (line);
  assert_string_equal (o->version, "0.1.0");
  assert_string_equal (o->host, "web1");
  assert_string_equal (o->boot_id, "2a8c265f-f463-4ecf-81fe-4f72face922a");
  assert_string_equal (o->kernel, "6.18.4");
  /* What a header leaves out stays unknown. */
  g_autoptr (Origin) bare = header_ok ("{\"forkscope\":\"9.9\",\"host\":null}");
  assert_string_equal (bare->version, "9.9");
  assert_null (bare->host);
  assert_null (bare->boot_id);
  assert_null (bare->kernel);
  /* Written by json_header, read back the same. */
  g_autoptr (GString) out = g_string_new (NULL);
  json_header (out, o);
  g_autoptr (Origin) again = header_ok (out->str);
  assert_true (origin_equal (o, again));

  /* Not headers: an event, a notice, a header with a mistyped field. */
  const char *events[] = {
    "{\"event\":\"fork\",\"pid\":1,\"mono_ns\":1,\"forkscope\":\"0.1.0\"}",
    "{\"notice\":\"polling\"}",
    "{\"forkscope\":1}",
    "{\"forkscope\":\"0.1.0\",\"boot_id\":[]}",
    "[1]",
  };
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      Origin *none = NULL;
      assert_false (jsonread_header (events[i], strlen (events[i]), &none, &error));
      assert_null (none);
      assert_non_null (error);
      g_clear_error (&error);
    }
}

/* A user record is no event; json_user writes it, jsonread_user reads it
 * back, and neither takes a name that would reach a terminal raw (a
 * control character), an empty one or an over-long one. */
static void
test_user (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *longest = g_strnfill (JSON_USER_NAME_MAX, 'x');
  g_autofree char *too_long = g_strnfill (JSON_USER_NAME_MAX + 1, 'x');
  guint32 uid = 0;
  Event ev = { 0 };

  assert_true (json_user (out, 1000, "al\xc3\xaf" "ce"));
  assert_string_equal (out->str, "{\"user\":\"al\xc3\xaf" "ce\",\"uid\":1000}\n");
  assert_false (jsonread_event (out->str, out->len, &ev, &error));
  assert_true (g_error_matches (error, JSONREAD_ERROR, JSONREAD_ERROR_USER));
  g_clear_error (&error);
  assert_true (jsonread_user (out->str, out->len, &uid, &name, &error));
  assert_int_equal (uid, 1000);
  assert_string_equal (name, "al\xc3\xaf" "ce");
  g_string_truncate (out, 0);
  assert_true (json_user (out, 0, longest));
  const char *refused[] = { "", "a\x1b[2J", "tab\there", "del\x7f", "c1\xc2\x9b", too_long,
                            "bad\xff" };
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_string_truncate (out, 0);
      assert_false (json_user (out, 1, refused[i]));
      assert_int_equal (out->len, 0);
      assert_false (json_user_name_ok (refused[i]));
    }
  /* Not user records, or not such names. */
  const char *lines[] = {
    "{\"user\":\"a\\u001bb\",\"uid\":1}",
    "{\"user\":\"\",\"uid\":1}",
    "{\"user\":\"a\"}",
    "{\"user\":\"a\",\"uid\":-1}",
    "{\"user\":\"a\",\"uid\":4294967296}",
    "{\"user\":\"a\",\"uid\":1,\"event\":\"fork\",\"pid\":1}",
    "{\"user\":7,\"uid\":1}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      char *none = NULL;
      if (jsonread_user (lines[i], strlen (lines[i]), &uid, &none, &error))
        fail_msg ("'%s' read as a user record", lines[i]);
      assert_null (none);
      g_clear_error (&error);
    }
}

/* The user ids json_event writes are those json_user_ids names. */
static void
test_user_ids (void **state)
{
  Proc p = { .pid = 10, .ruid = 1, .euid = 2, .rgid = 3, .egid = 4, .flags = PROC_F_CREDS };
  const struct { Event ev; gboolean ctx; guint32 ruid, euid; } cases[] = {
    { { .kind = EVENT_FORK, .pid = 10, .tgid = 10 }, TRUE, 1, 2 },
    { { .kind = EVENT_UID, .pid = 10, .tgid = 10, .ruid = 7, .euid = 8 }, TRUE, 7, 8 },
    { { .kind = EVENT_GID, .pid = 10, .tgid = 10, .rgid = 7, .egid = 8 }, TRUE, 1, 2 },
    { { .kind = EVENT_SNAPSHOT, .pid = 10, .tgid = 10, .flags = EVENT_F_CREDS, .ruid = 5,
        .euid = 6 }, FALSE, 5, 6 },
    { { .kind = EVENT_EXIT, .pid = 10, .tgid = 10 }, FALSE, 0, 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) out = g_string_new (NULL);
      const Proc *ctx = cases[i].ctx ? &p : NULL;
      guint32 ruid = 99, euid = 99;
      gboolean has = json_user_ids (&cases[i].ev, ctx, &ruid, &euid);
      json_event (out, &cases[i].ev, ctx, NULL);
      g_autofree char *want = g_strdup_printf (",\"uid\":%u,\"euid\":%u,", ruid, euid);
      if (has != (strstr (out->str, "\"uid\"") != NULL) || (has && !strstr (out->str, want)))
        fail_msg ("case %u: json_user_ids %d (%u, %u), written: %s", i, has, ruid, euid, out->str);
      if (has && (ruid != cases[i].ruid || euid != cases[i].euid))
        fail_msg ("case %u: (%u, %u)", i, ruid, euid);
    }
}

/* The records of processes a replay never saw start (a recording that
 * begins at a rotation): applied to an empty table and written again,
 * each gives back what it said, its name, parent and lifetime included,
 * in JSON and in the text log; the model takes the parent an exec's
 * record names and the start its end's lifetime says; and where a record
 * says nothing, nothing is made up. */
static void
test_replay_unseen (void **state)
{
#define UNSEEN_T "{\"time\":\"2024-05-01T12:34:56.123456Z\",\"mono_ns\":9000000000," \
  "\"wall_ns\":1714566896123456000,"
#define UNSEEN_END "\"exit_code\":0,\"status\":\"exit 0\",\"exit_signal\":17,\"ends\":\"process\""
  static const char *const records[] = {
    UNSEEN_T "\"event\":\"exec\",\"cpu\":0,\"pid\":20,\"tgid\":20,\"ptgid\":7,\"comm\":\"true\","
    "\"exe\":\"/usr/bin/true\",\"argv\":[\"/bin/true\"]}\n",
    UNSEEN_T "\"event\":\"uid\",\"cpu\":1,\"pid\":22,\"tgid\":22,\"ptgid\":7,\"uid\":0,"
    "\"euid\":0,\"comm\":\"sshd\"}\n",
    UNSEEN_T "\"event\":\"exit\",\"cpu\":0,\"pid\":20,\"tgid\":20,\"ppid\":7,\"ptgid\":7,"
    "\"comm\":\"true\"," UNSEEN_END ",\"lifetime_ns\":501112553}\n",
    UNSEEN_T "\"event\":\"exit\",\"cpu\":0,\"pid\":21,\"tgid\":21,\"ppid\":7,\"ptgid\":7,"
    "\"comm\":\"sleep\"," UNSEEN_END ",\"lifetime_ns\":501112553}\n",
    UNSEEN_T "\"event\":\"exit\",\"cpu\":0,\"pid\":23,\"tgid\":23,\"ppid\":7,\"ptgid\":7,"
    UNSEEN_END "}\n",
  };
  static const char *const texts[] = {
    "exec     20      7       -        true             /bin/true",
    "uid      22      7       0        sshd             uid 0 euid 0",
    "exit     20      7       -        true             exit 0 after 501ms",
    "exit     21      7       -        sleep            exit 0 after 501ms",
    "exit     23      7       -        (name not known) exit 0\n",
  };
#undef UNSEEN_T
#undef UNSEEN_END
  g_autoptr (Proctab) pt = proctab_new (G_GINT64_CONSTANT (10000000000), 0);

  for (gsize i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr (GString) json = g_string_new (NULL);
      g_autoptr (GString) text = g_string_new (NULL);
      Event ev = { 0 };
      read_ok (records[i], &ev);
      Proc *p = proctab_apply (pt, &ev);
      json_event (json, &ev, p, NULL);
      text_event (text, &ev, p, NULL);
      assert_string_equal (json->str, records[i]);
      if (!strstr (text->str, texts[i]))
        fail_msg ("%s: not in %s", texts[i], text->str);
      if (i == 0)
        assert_int_equal (p->ppid, 7);
      if (i == 2)
        assert_int_equal (proc_lifetime (p, 0), G_GINT64_CONSTANT (501112553));
      event_clear (&ev);
      g_autofree char *why = NULL;
      if (!proctab_check (pt, &why))
        fail_msg ("%s", why);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_round_trip_kinds),
    cmocka_unit_test (test_round_trip_extremes),
    cmocka_unit_test (test_round_trip_cost),
    cmocka_unit_test (test_round_trip_random),
    cmocka_unit_test (test_context),
    cmocka_unit_test (test_round_trip_where),
    cmocka_unit_test (test_python_round_trip),
    cmocka_unit_test (test_syntax_errors),
    cmocka_unit_test (test_field_errors),
    cmocka_unit_test (test_nesting),
    cmocka_unit_test (test_garbage),
    cmocka_unit_test (test_accepts),
    cmocka_unit_test (test_entity_ids),
    cmocka_unit_test (test_header),
    cmocka_unit_test (test_user),
    cmocka_unit_test (test_user_ids),
    cmocka_unit_test (test_replay_unseen),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
