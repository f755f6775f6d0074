/* test-perfetto.c - the Perfetto trace writer: what a recording becomes,
 * decoded by protoc against tests/format/perfetto.proto and by this
 * suite's own reader (pbtrace.c); the rules of interning; and, over the
 * recordings of tests/data, generated streams and crafted ones, that each
 * process instance has one track under its parent's, with its slices
 * within its life. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <gio/gio.h>

#include "jsonread.h"
#include "pbtrace.h"
#include "perfetto.h"
#include "ptgen.h"
#include "tstr.h"

/* The schema protoc decodes with, beside this file. */
#define SCHEMA_DIR TEST_DATA "/../format"

/* What a process instance of a stream was, as the model saw it first. */
typedef struct {
  guint64 serial;
  guint64 parent;     /* its parent's serial when first seen, 0 none */
  gint pid;
  gboolean ended;     /* an event ended it */
} Instance;

/* A stream being turned into a trace, as the headless loop does it, with
 * what the model said about each process instance. */
typedef struct {
  Proctab *pt;
  PerfettoWriter *w;
  GString *out;
  GArray *instances;       /* Instance, in the order first seen */
  GHashTable *index;       /* serial -> index + 1 in instances */
} Conv;

/* Starts a conversion. */
static void
conv_init (Conv *c)
{
  c->pt = proctab_new (PTGEN_KEEP, 20000);
  c->w = perfetto_new (NULL, NULL);
  c->out = g_string_new (NULL);
  c->instances = g_array_new (FALSE, FALSE, sizeof (Instance));
  c->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/* Frees what C holds. */
static void
conv_clear (Conv *c)
{
  proctab_free (c->pt);
  perfetto_free (c->w);
  g_string_free (c->out, TRUE);
  g_array_unref (c->instances);
  g_hash_table_unref (c->index);
}

/* Notes the instance P (after EV) if it is new, and its end. */
static void
conv_note (Conv *c, const Event *ev, const Proc *p)
{
  if (!p || p->pid != ev->tgid)
    return;
  gsize i = GPOINTER_TO_SIZE (g_hash_table_lookup (c->index, &p->serial));
  if (!i)
    {
      Instance in = { .serial = p->serial, .pid = p->pid,
                      .parent = p->parent ? p->parent->serial : 0 };
      g_array_append_val (c->instances, in);
      i = c->instances->len;
      g_hash_table_insert (c->index, g_memdup2 (&p->serial, sizeof p->serial),
                           GSIZE_TO_POINTER (i));
    }
  if (ev->kind == EVENT_EXIT && event_ends_process (ev))
    g_array_index (c->instances, Instance, i - 1).ended = TRUE;
}

/* Applies EV and writes it, all shown, as headless_on_event does: the
 * end of a process whose pid it took first. */
static void
conv_event (Conv *c, Event *ev)
{
  Proc *p = proctab_apply (c->pt, ev);
  const Proc *old = ev->replaced ? proctab_lookup_serial (c->pt, ev->replaced) : NULL;

  if (old)
    {
      Event end;
      proctab_end_event (old, old->pid, ev->mono_ns, ev->wall_ns, &end);
      conv_note (c, &end, old);
      perfetto_event (c->w, c->out, &end, old, TRUE);
    }
  conv_note (c, ev, p);
  perfetto_event (c->w, c->out, ev, p, TRUE);
}

/* Converts the N events at EVS, all shown, and reads the trace back. */
static GPtrArray *
conv_events (Conv *c, Event *evs, guint n)
{
  for (guint i = 0; i < n; i++)
    conv_event (c, &evs[i]);
  perfetto_finish (c->w, c->out);
  return pbtrace_read (c->out->str, c->out->len);
}

/* Converts the recording PATH (its lines that are events). */
static void
conv_file (Conv *c, const char *path)
{
  g_autofree char *text = NULL;
  gsize len;

  assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      Event ev = { 0 };
      if (jsonread_event (*l, strlen (*l), &ev, NULL))
        conv_event (c, &ev);
      event_clear (&ev);
    }
  perfetto_finish (c->w, c->out);
}

/* The pid a process track's name ends with ("sh [42]"), or 0 when NAME
 * is no process track's. */
static gint
track_pid (const char *name)
{
  const char *open = strrchr (name, '[');
  gint64 pid;

  if (!open || !g_str_has_suffix (name, "]") || open == name || open[-1] != ' ')
    return 0;
  g_autofree char *digits = g_strndup (open + 1, strlen (open + 1) - 1);
  return g_ascii_string_to_signed (digits, 10, 1, G_MAXINT, &pid, NULL) ? (gint) pid : 0;
}

/* A process track, as the trace tells it. */
typedef struct {
  guint64 uuid, parent;
  gint pid;
  GPtrArray *events;    /* its PbPacket*s, in the order written */
} Track;

/* Frees a track. */
static void
track_free (gpointer data)
{
  Track *t = data;

  g_ptr_array_unref (t->events);
  g_free (t);
}

/* Checks what C wrote against what the model said:
 *   - every process instance has exactly one track (the i-th new track is
 *     the i-th instance: same pid), and no track is anything else's;
 *   - a track's parent is its parent's track (the parent's when first
 *     seen), the same in each of its descriptors;
 *   - on each track, times never go back; it starts with its first
 *     image's slice; slices do not nest and each ends; an instance that
 *     ended ends with its end instant after its last slice, so that every
 *     slice lies within its track's life;
 *   - each flow goes from a fork instant on the parent's track, no later,
 *     to the start of the child's first slice. */
static void
check_properties (Conv *c)
{
  g_autoptr (GPtrArray) packets = pbtrace_read (c->out->str, c->out->len);
  g_autoptr (GHashTable) tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         track_free);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  g_autoptr (GHashTable) flow_from = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < packets->len; i++)
    {
      PbPacket *pk = packets->pdata[i];
      if (pk->descriptor && !pk->counter && track_pid (pk->track_name))
        {
          Track *t = g_hash_table_lookup (tracks, &pk->uuid);
          if (!t)
            {
              t = g_new0 (Track, 1);
              t->uuid = pk->uuid;
              t->parent = pk->parent_uuid;
              t->pid = track_pid (pk->track_name);
              t->events = g_ptr_array_new ();
              g_hash_table_insert (tracks, &t->uuid, t);
              g_ptr_array_add (order, t);
              if (t->parent)
                assert_non_null (g_hash_table_lookup (tracks, &t->parent));
            }
          assert_int_equal (t->parent, pk->parent_uuid);
          assert_int_equal (t->pid, track_pid (pk->track_name));
        }
      if (pk->event && pk->type != 4)
        {
          Track *t = g_hash_table_lookup (tracks, &pk->track);
          if (t)
            g_ptr_array_add (t->events, pk);
          for (guint f = 0; f < pk->flows->len; f++)
            {
              assert_int_equal (pk->type, 3);
              assert_true (g_hash_table_insert (flow_from,
                                                &g_array_index (pk->flows, guint64, f), pk));
            }
        }
    }
  assert_int_equal (order->len, c->instances->len);
  for (guint i = 0; i < order->len; i++)
    {
      const Instance *in = &g_array_index (c->instances, Instance, i);
      const Track *t = order->pdata[i];
      gsize pi = in->parent ? GPOINTER_TO_SIZE (g_hash_table_lookup (c->index, &in->parent))
                            : 0;
      assert_int_equal (t->pid, in->pid);
      assert_int_equal (t->parent, pi ? ((const Track *) order->pdata[pi - 1])->uuid : 0);
      /* Its life: */
      assert_true (t->events->len >= 2);
      const PbPacket *first = t->events->pdata[0];
      assert_int_equal (first->type, 1);
      gboolean open = FALSE;
      gint64 last = first->ts;
      for (guint e = 0; e < t->events->len; e++)
        {
          const PbPacket *ev = t->events->pdata[e];
          assert_true (ev->ts >= last);
          last = ev->ts;
          if (ev->type == 1)
            {
              assert_false (open);
              open = TRUE;
            }
          else if (ev->type == 2)
            {
              assert_true (open);
              open = FALSE;
            }
          else if (!open)
            {
              /* Outside a slice, only the end: the last event. */
              assert_true (in->ended);
              assert_int_equal (e, t->events->len - 1);
            }
        }
      assert_false (open);
      if (in->ended)
        assert_int_equal (((const PbPacket *) t->events->pdata[t->events->len - 1])->type, 3);
      /* Its fork: a flow into its first slice from its parent's track. */
      for (guint f = 0; f < first->terminating->len; f++)
        {
          guint64 id = g_array_index (first->terminating, guint64, f);
          const PbPacket *from = g_hash_table_lookup (flow_from, &id);
          assert_non_null (from);
          assert_int_equal (from->track, t->parent);
          assert_true (from->ts <= first->ts);
          assert_true (g_hash_table_remove (flow_from, &id));
        }
    }
  /* Every flow ends somewhere. */
  assert_int_equal (g_hash_table_size (flow_from), 0);
}

/* Runs protoc over TRACE against the schema: the decoded text, or NULL
 * when protoc is not installed.  Fails the test when protoc does. */
static char *
protoc_decode (const GString *trace)
{
  g_autofree char *protoc = g_find_program_in_path ("protoc");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) out = NULL, err = NULL;

  if (!protoc)
    return NULL;
  g_autoptr (GSubprocess) proc =
    g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                      | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, protoc, "-I" SCHEMA_DIR,
                      "--decode=perfetto.protos.Trace", "perfetto.proto", NULL);
  assert_non_null (proc);
  g_autoptr (GBytes) in = g_bytes_new (trace->str, trace->len);
  assert_true (g_subprocess_communicate (proc, in, NULL, &out, &err, &error));
  if (!g_subprocess_get_successful (proc))
    fail_msg ("protoc failed: %.*s", (int) g_bytes_get_size (err),
              (const char *) g_bytes_get_data (err, NULL));
  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

/* A small recording, decoded by protoc against the schema written from
 * Perfetto's .proto files, is the expected text: tests/data/
 * rec-small.pftrace.txt (FORKSCOPE_PERFETTO_REGEN=1 writes it anew). */
static void
test_small_decoded (void **state)
{
  Conv c;
  const char *expected_path = TEST_DATA "/rec-small.pftrace.txt";
  g_autofree char *expected = NULL;

  conv_init (&c);
  conv_file (&c, TEST_DATA "/rec-small.jsonl");
  g_autofree char *text = protoc_decode (c.out);
  if (!text)
    {
      conv_clear (&c);
      skip ();
    }
  if (g_strcmp0 (g_getenv ("FORKSCOPE_PERFETTO_REGEN"), "1") == 0)
    assert_true (g_file_set_contents (expected_path, text, -1, NULL));
  assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
  assert_string_equal (text, expected);
  /* And it holds no field the schema does not name (protoc shows those
   * by number). */
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    assert_false (g_ascii_isdigit (*g_strchug (*l)));
  conv_clear (&c);
}

/* What each end cost goes on its instant, each figure measured under its
 * JSON name (a recording with costs: tests/data/rec-cost.jsonl), and
 * protoc reads it against the schema. */
static void
test_end_cost (void **state)
{
  Conv c;
  guint ends = 0;

  conv_init (&c);
  conv_file (&c, TEST_DATA "/rec-cost.jsonl");
  g_autoptr (GPtrArray) packets = pbtrace_read (c.out->str, c.out->len);
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (!pk->event || pk->type != 3 || !pbtrace_arg (pk, "lifetime_ns"))
        continue;
      gint64 life = pbtrace_arg (pk, "lifetime_ns")->i;
      ends++;
      if (life == 190000000)
        {
          /* cc1: every figure of the recording, none other. */
          assert_string_equal (pk->name, "exit 0");
          assert_int_equal (pbtrace_arg (pk, "cpu_ns")->i, 180000000);
          assert_int_equal (pbtrace_arg (pk, "cpu_user_ns")->i, 170000000);
          assert_int_equal (pbtrace_arg (pk, "cpu_system_ns")->i, 10000000);
          assert_int_equal (pbtrace_arg (pk, "peak_rss_bytes")->i, 125829120);
          assert_int_equal (pbtrace_arg (pk, "disk_read_bytes")->i, 4096);
          assert_int_equal (pbtrace_arg (pk, "disk_write_bytes")->i, 8192);
          assert_int_equal (pbtrace_arg (pk, "ctx_switches_voluntary")->i, 12);
          assert_int_equal (pbtrace_arg (pk, "ctx_switches_involuntary")->i, 4);
          assert_int_equal (pbtrace_arg (pk, "delay_cpu_ns")->i, 2500000);
          assert_null (pbtrace_arg (pk, "delay_blkio_ns"));
          assert_null (pbtrace_arg (pk, "oom_kill"));
        }
      else if (life == 690000000)
        {
          /* Killed by the OOM killer. */
          assert_int_equal (pbtrace_arg (pk, "cpu_ns")->i, 650000000);
          assert_int_equal (pbtrace_arg (pk, "peak_rss_bytes")->i, 1288490188);
          assert_int_equal (pbtrace_arg (pk, "oom_kill")->i, 1);
        }
      else if (life == 10000000)
        {
          /* Looked for in vain. */
          assert_int_equal (pbtrace_arg (pk, "cost_unknown")->i, 1);
          assert_null (pbtrace_arg (pk, "cpu_ns"));
        }
      else
        {
          /* Not measured: nothing said. */
          assert_null (pbtrace_arg (pk, "cpu_ns"));
          assert_null (pbtrace_arg (pk, "cost_unknown"));
        }
    }
  assert_int_equal (ends, 4);
  g_autofree char *text = protoc_decode (c.out);
  if (text)
    {
      assert_non_null (strstr (text, "name: \"peak_rss_bytes\""));
      assert_non_null (strstr (text, "int_value: 1288490188"));
    }
  conv_clear (&c);
}

/* The first packets: the clock snapshot ties CLOCK_MONOTONIC, the
 * trace's clock, to the wall clock with the first event's times; then
 * the counters' tracks. */
static void
test_clock (void **state)
{
  Conv c;
  Event ev = { .kind = EVENT_SNAPSHOT, .mono_ns = 5000, .wall_ns = 1700000000000000000,
               .pid = 7, .tgid = 7, .comm = T_STR ("init") };

  conv_init (&c);
  conv_event (&c, &ev);
  perfetto_finish (c.w, c.out);
  g_autoptr (GPtrArray) packets = pbtrace_read (c.out->str, c.out->len);
  const PbPacket *first = packets->pdata[0];
  assert_true (first->clock);
  assert_int_equal (first->clock_mono, 5000);
  assert_int_equal (first->clock_wall, 1700000000000000000);
  assert_int_equal (first->clock_primary, 3);
  assert_int_equal (first->defaults_clock, 3);
  for (guint i = 1; i <= 3; i++)
    assert_true (((const PbPacket *) packets->pdata[i])->counter);
  conv_clear (&c);
}

/* Names are interned: a string gets an iid the first time a packet uses
 * it and is named by it after; past PERFETTO_INTERN_MAX strings the state
 * is cleared and strings come again under new iids (pbtrace checks that
 * an iid is known when used and never names two strings). */
static void
test_interning (void **state)
{
  Conv c;
  guint interned = 0, cleared = 0;

  conv_init (&c);
  /* The same name again and again: interned once. */
  for (gint pid = 10; pid < 110; pid++)
    {
      Event ev = { .kind = EVENT_SNAPSHOT, .mono_ns = pid, .pid = pid, .tgid = pid,
                   .comm = T_STR ("same") };
      conv_event (&c, &ev);
    }
  g_autoptr (GPtrArray) few = pbtrace_read (c.out->str, c.out->len);
  for (guint i = 0; i < few->len; i++)
    interned += ((const PbPacket *) few->pdata[i])->interned;
  /* "same", and the argument names: none repeated. */
  assert_int_equal (interned, 1);
  /* Then more names than a table holds. */
  for (gint pid = 200; pid < 200 + PERFETTO_INTERN_MAX + 100; pid++)
    {
      g_autofree char *comm = g_strdup_printf ("n%d", pid);
      Event ev = { .kind = EVENT_SNAPSHOT, .mono_ns = pid, .pid = pid, .tgid = pid,
                   .comm = comm };
      conv_event (&c, &ev);
    }
  Event again = { .kind = EVENT_COMM, .mono_ns = 1 << 20, .pid = 10, .tgid = 10,
                  .comm = T_STR ("same") };
  conv_event (&c, &again);
  perfetto_finish (c.w, c.out);
  g_autoptr (GPtrArray) all = pbtrace_read (c.out->str, c.out->len);
  for (guint i = 1; i < all->len; i++)
    cleared += (((const PbPacket *) all->pdata[i])->flags & 1) != 0;
  assert_int_equal (cleared, 1);
  /* "same" is interned anew after the clearing, under a new iid. */
  const PbPacket *last_rename = NULL;
  for (guint i = 0; i < all->len; i++)
    {
      const PbPacket *p = all->pdata[i];
      if (p->event && g_strcmp0 (p->name, "rename") == 0)
        last_rename = p;
    }
  assert_non_null (last_rename);
  assert_string_equal (pbtrace_arg (last_rename, "name")->s, "same");
  conv_clear (&c);
}

/* A process gets a track the first event about it that is shown; events
 * not shown about a process without one write nothing, and once it has
 * one, its events are all written. */
static void
test_shown (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (0, 10);
  g_autoptr (PerfettoWriter) w = perfetto_new (NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  Event snap = { .kind = EVENT_SNAPSHOT, .mono_ns = 10, .pid = 1, .tgid = 1,
                 .comm = T_STR ("init") };
  Event fork = { .kind = EVENT_FORK, .mono_ns = 20, .pid = 2, .tgid = 2, .ppid = 1,
                 .ptgid = 1 };
  Event exec = { .kind = EVENT_EXEC, .mono_ns = 30, .pid = 2, .tgid = 2,
                 .comm = T_STR ("cc") };
  Event exit = { .kind = EVENT_EXIT, .mono_ns = 40, .pid = 2, .tgid = 2, .ppid = 1,
                 .ptgid = 1, .exit_code = 256 };
  Proc *p;

  p = proctab_apply (pt, &snap);
  perfetto_event (w, out, &snap, p, FALSE);
  assert_int_equal (out->len, 0);
  p = proctab_apply (pt, &fork);
  perfetto_event (w, out, &fork, p, FALSE);
  assert_int_equal (out->len, 0);
  p = proctab_apply (pt, &exec);
  perfetto_event (w, out, &exec, p, TRUE);
  p = proctab_apply (pt, &exit);
  perfetto_event (w, out, &exit, p, FALSE);
  perfetto_finish (w, out);
  g_autoptr (GPtrArray) packets = pbtrace_read (out->str, out->len);
  guint descriptors = 0;
  const PbPacket *end = NULL;
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (pk->descriptor && !pk->counter)
        {
          descriptors++;
          assert_string_equal (pk->track_name, "cc [2]");
          assert_int_equal (pk->parent_uuid, 0);   /* init has no track */
        }
      if (pk->event && pk->type == 3)
        end = pk;
    }
  assert_int_equal (descriptors, 1);
  assert_non_null (end);
  assert_string_equal (end->name, "exit 1");
  assert_int_equal (pbtrace_arg (end, "wait_status")->i, 256);
  assert_int_equal (pbtrace_arg (end, "lifetime_ns")->i, 20);
}

/* Each kind of event on a process's track: its instant and arguments; a
 * thread's says which thread. */
static void
test_instants (void **state)
{
  Conv c;
  Event evs[] = {
    { .kind = EVENT_SNAPSHOT, .mono_ns = 10, .pid = 9, .tgid = 9, .comm = T_STR ("d"),
      .flags = EVENT_F_CREDS, .ruid = 1000, .euid = 0 },
    { .kind = EVENT_FORK, .mono_ns = 11, .pid = 10, .tgid = 9, .ppid = 9, .ptgid = 9 },
    { .kind = EVENT_UID, .mono_ns = 12, .pid = 9, .tgid = 9, .ruid = 5, .euid = 6 },
    { .kind = EVENT_GID, .mono_ns = 13, .pid = 10, .tgid = 9, .rgid = 7, .egid = 8 },
    { .kind = EVENT_SID, .mono_ns = 14, .pid = 9, .tgid = 9, .sid = 9 },
    { .kind = EVENT_PTRACE, .mono_ns = 15, .pid = 9, .tgid = 9, .tracer_pid = 3,
      .tracer_tgid = 3 },
    { .kind = EVENT_PTRACE, .mono_ns = 16, .pid = 9, .tgid = 9 },
    { .kind = EVENT_COMM, .mono_ns = 17, .pid = 9, .tgid = 9, .comm = T_STR ("e\x1b") },
    { .kind = EVENT_COMM, .mono_ns = 18, .pid = 10, .tgid = 9, .comm = T_STR ("t") },
    { .kind = EVENT_COREDUMP, .mono_ns = 19, .pid = 9, .tgid = 9 },
    { .kind = EVENT_EXIT, .mono_ns = 20, .pid = 10, .tgid = 9, .exit_signal = -1,
      .exit_code = 139 },
    { .kind = EVENT_EXIT, .mono_ns = 20, .pid = 9, .tgid = 9, .exit_code = 139 },
    { .kind = EVENT_LOST, .mono_ns = 21, .lost = 4 },
  };

  conv_init (&c);
  g_autoptr (GPtrArray) packets = conv_events (&c, evs, G_N_ELEMENTS (evs));
  g_autoptr (GString) got = g_string_new (NULL);
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (!pk->event || pk->type == 4)
        continue;
      g_string_append_printf (got, "%" G_GINT64_FORMAT " %u %s", pk->ts, pk->type,
                              pk->name ? pk->name : "-");
      for (guint a = 0; a < pk->args->len; a++)
        {
          const PbArg *arg = pk->args->pdata[a];
          if (arg->is_int)
            g_string_append_printf (got, " %s=%" G_GINT64_FORMAT, arg->name, arg->i);
          else
            g_string_append_printf (got, " %s='%s'", arg->name, arg->s);
        }
      g_string_append_c (got, '\n');
    }
  assert_string_equal (got->str,
                       "10 1 d user='0 (real 1000)'\n"
                       "12 3 uid change uid=5 euid=6\n"
                       "13 3 gid change thread=10 gid=7 egid=8\n"
                       "14 3 new session sid=9\n"
                       "15 3 ptrace attach tracer=3\n"
                       "16 3 ptrace detach tracer=0\n"
                       "17 3 rename name='e\\e'\n"
                       "19 3 core dump\n"
                       "20 2 -\n"
                       "20 3 SIGSEGV (core) wait_status=139\n"
                       "21 3 events lost count=4\n");
  conv_clear (&c);
}

/* The events of processes the model does not know (a replay of a
 * recording made with a filter: no snapshot, fork or exec of them): each
 * process gets its track at its first event, an exit alone included, and
 * keeps it when the model learns of it (an exec). */
static void
test_unknown (void **state)
{
  Conv c;
  Event evs[] = {
    { .kind = EVENT_PTRACE, .mono_ns = 100, .pid = 5, .tgid = 5, .ptgid = 1,
      .comm = T_STR ("w"), .tracer_pid = 3, .tracer_tgid = 3 },
    { .kind = EVENT_EXIT, .mono_ns = 110, .pid = 5, .tgid = 5, .ptgid = 1,
      .comm = T_STR ("w"), .ends = EVENT_ENDS_PROCESS },
    { .kind = EVENT_EXIT, .mono_ns = 120, .pid = 6, .tgid = 6, .ptgid = 1,
      .comm = T_STR ("x"), .exit_code = 256, .ends = EVENT_ENDS_PROCESS,
      .flags = EVENT_F_LIFETIME, .lifetime_ns = 50 },
    { .kind = EVENT_UID, .mono_ns = 130, .pid = 7, .tgid = 7, .ptgid = 1,
      .comm = T_STR ("y"), .ruid = 5, .euid = 5 },
    { .kind = EVENT_EXEC, .mono_ns = 140, .pid = 7, .tgid = 7, .ptgid = 1,
      .comm = T_STR ("z") },
  };

  conv_init (&c);
  g_autoptr (GPtrArray) packets = conv_events (&c, evs, G_N_ELEMENTS (evs));
  g_autoptr (GString) got = g_string_new (NULL);
  g_autoptr (GHashTable) uuids = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                        g_free, NULL);
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (pk->descriptor && !pk->counter)
        {
          g_string_append_printf (got, "track %s\n", pk->track_name);
          g_hash_table_add (uuids, g_memdup2 (&pk->uuid, sizeof pk->uuid));
          assert_int_equal (pk->parent_uuid, 0);
        }
      if (!pk->event || pk->type == 4)
        continue;
      g_string_append_printf (got, "%" G_GINT64_FORMAT " %u %s", pk->ts, pk->type,
                              pk->name ? pk->name : "-");
      for (guint a = 0; a < pk->args->len; a++)
        {
          const PbArg *arg = pk->args->pdata[a];
          g_string_append_printf (got, " %s=%" G_GINT64_FORMAT, arg->name, arg->i);
        }
      g_string_append_c (got, '\n');
    }
  assert_string_equal (got->str,
                       "track w [5]\n"
                       "100 1 w\n"
                       "100 3 ptrace attach tracer=3\n"
                       "110 2 -\n"
                       "110 3 exit 0 wait_status=0\n"
                       "track x [6]\n"
                       "120 1 x\n"
                       "120 2 -\n"
                       "120 3 exit 1 wait_status=256 lifetime_ns=50\n"
                       "track y [7]\n"
                       "130 1 y\n"
                       "130 3 uid change uid=5 euid=5\n"
                       "140 2 -\n"
                       "track z [7]\n"
                       "140 1 z\n"
                       "140 2 -\n");
  /* the exec went on y's track: three processes, three tracks */
  assert_int_equal (g_hash_table_size (uuids), 3);
  conv_clear (&c);
}

/* A stream in which nothing is shown writes nothing, and says so. */
static void
test_nothing_shown (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (0, 10);
  g_autoptr (PerfettoWriter) w = perfetto_new (NULL, NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  Event snap = { .kind = EVENT_SNAPSHOT, .mono_ns = 10, .pid = 1, .tgid = 1,
                 .comm = T_STR ("init") };

  assert_true (perfetto_empty (w));
  perfetto_event (w, out, &snap, proctab_apply (pt, &snap), FALSE);
  perfetto_finish (w, out);
  assert_int_equal (out->len, 0);
  assert_true (perfetto_empty (w));
  perfetto_event (w, out, &snap, proctab_apply (pt, &snap), TRUE);
  assert_false (perfetto_empty (w));
}

/* A process whose exec could not be read, named at its end by the
 * kernel's accounting: its track takes that name before the end.  A name
 * a process gave itself (COMM) is an instant: its track keeps the name it
 * was forked with, even when the end names it too (a recording's
 * comm_from_exit where the model kept the name it had). */
static void
test_named_at_end (void **state)
{
  Conv c;
  Event evs[] = {
    { .kind = EVENT_SNAPSHOT, .mono_ns = 10, .pid = 9, .tgid = 9, .comm = T_STR ("d") },
    { .kind = EVENT_FORK, .mono_ns = 11, .pid = 10, .tgid = 10, .ppid = 9, .ptgid = 9 },
    { .kind = EVENT_EXEC, .mono_ns = 12, .pid = 10, .tgid = 10 },
    { .kind = EVENT_EXIT, .mono_ns = 13, .pid = 10, .tgid = 10, .ptgid = 9,
      .comm = T_STR ("sh"), .flags = EVENT_F_NAMED_AT_END },
    { .kind = EVENT_FORK, .mono_ns = 14, .pid = 11, .tgid = 11, .ppid = 9, .ptgid = 9 },
    { .kind = EVENT_COMM, .mono_ns = 15, .pid = 11, .tgid = 11, .comm = T_STR ("w") },
    { .kind = EVENT_EXIT, .mono_ns = 16, .pid = 11, .tgid = 11, .ptgid = 9,
      .comm = T_STR ("x"), .flags = EVENT_F_NAMED_AT_END },
  };

  conv_init (&c);
  g_autoptr (GPtrArray) packets = conv_events (&c, evs, G_N_ELEMENTS (evs));
  g_autoptr (GString) got = g_string_new (NULL);
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (pk->descriptor && !pk->counter && pk->parent_uuid)
        g_string_append_printf (got, "track %s\n", pk->track_name);
      else if (pk->event && pk->type == 3)
        g_string_append_printf (got, "%" G_GINT64_FORMAT " %s\n", pk->ts, pk->name);
    }
  assert_string_equal (got->str,
                       "track d [10]\n"
                       "11 fork\n"
                       "track (name not known) [10]\n"
                       "track sh [10]\n"
                       "13 exit 0\n"
                       "track d [11]\n"
                       "14 fork\n"
                       "15 rename\n"
                       "16 exit 0\n");
  conv_clear (&c);
}

/* Times out of order, or before 0, never go back on a track. */
static void
test_times (void **state)
{
  Conv c;
  Event evs[] = {
    { .kind = EVENT_SNAPSHOT, .mono_ns = -50, .pid = 1, .tgid = 1, .comm = T_STR ("init") },
    { .kind = EVENT_FORK, .mono_ns = 100, .pid = 2, .tgid = 2, .ppid = 1, .ptgid = 1 },
    { .kind = EVENT_EXEC, .mono_ns = 90, .pid = 2, .tgid = 2, .comm = T_STR ("a") },
    { .kind = EVENT_COMM, .mono_ns = 80, .pid = 2, .tgid = 2, .comm = T_STR ("b") },
    { .kind = EVENT_EXIT, .mono_ns = 70, .pid = 2, .tgid = 2, .ppid = 1, .ptgid = 1 },
    { .kind = EVENT_FORK, .mono_ns = 60, .pid = 3, .tgid = 3, .ppid = 1, .ptgid = 1 },
  };

  conv_init (&c);
  for (guint i = 0; i < G_N_ELEMENTS (evs); i++)
    conv_event (&c, &evs[i]);
  perfetto_finish (c.w, c.out);
  check_properties (&c);
  conv_clear (&c);
}

/* Orders the strings of a GPtrArray. */
static gint
cmp_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The counters: processes alive, once a moment; starts and failed ends
 * of each second where they change, and 0 after a second with some. */
static void
test_counters (void **state)
{
  Conv c;
  const gint64 s = G_GINT64_CONSTANT (1000000000);
  Event evs[] = {
    { .kind = EVENT_SNAPSHOT, .mono_ns = s, .pid = 1, .tgid = 1, .comm = T_STR ("init") },
    { .kind = EVENT_SNAPSHOT, .mono_ns = s, .pid = 5, .tgid = 5, .ppid = 1, .ptgid = 1 },
    { .kind = EVENT_FORK, .mono_ns = s + 10, .pid = 2, .tgid = 2, .ppid = 1, .ptgid = 1 },
    { .kind = EVENT_FORK, .mono_ns = s + 20, .pid = 3, .tgid = 3, .ppid = 1, .ptgid = 1 },
    { .kind = EVENT_EXIT, .mono_ns = s + 30, .pid = 2, .tgid = 2, .ppid = 1, .ptgid = 1,
      .exit_code = 9 },
    { .kind = EVENT_EXIT, .mono_ns = 4 * s + 5, .pid = 3, .tgid = 3, .ppid = 1, .ptgid = 1 },
  };

  conv_init (&c);
  g_autoptr (GPtrArray) packets = conv_events (&c, evs, G_N_ELEMENTS (evs));
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (pk->event && pk->type == 4)
        g_ptr_array_add (values, g_strdup_printf ("%" G_GUINT64_FORMAT "@%010" G_GINT64_FORMAT
                                                  "=%" G_GINT64_FORMAT, pk->track, pk->ts,
                                                  pk->counter_value));
    }
  /* Each track's values in time (packets of the per-second counters come
   * when their second is over). */
  g_ptr_array_sort (values, cmp_strings);
  g_ptr_array_add (values, NULL);
  g_autofree char *got = g_strjoinv (" ", (char **) values->pdata);
  /* Alive (track 1): 2 at 1 s, 3, 4, 3 and at the end 2; starts (2): 2 in
   * second 1, 0 from second 2; failed ends (3): 1 in second 1 (SIGKILL),
   * 0 from second 2. */
  assert_string_equal (got,
                       "1@1000000000=2 1@1000000010=3 1@1000000020=4 1@1000000030=3 "
                       "1@4000000005=2 2@1000000000=2 2@2000000000=0 3@1000000000=1 "
                       "3@2000000000=0");
  conv_clear (&c);
}

/* The recordings of tests/data. */
static void
test_properties_recordings (void **state)
{
  static const char *const names[] = { "rec-small", "rec-busy", "rec-threads", "rec-demo",
                                       "rec-hostile", "rec-extreme", "rec-future",
                                       "rec-broken" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      Conv c;
      g_autofree char *path = g_strdup_printf ("%s/%s.jsonl", TEST_DATA, names[i]);
      conv_init (&c);
      conv_file (&c, path);
      check_properties (&c);
      conv_clear (&c);
    }
}

/* Generated streams: forks, threads, pid reuse, execs, renames, exits,
 * resyncs that re-parent, long pauses. */
static void
test_properties_generated (void **state)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      Conv c;
      PtGen g;
      conv_init (&c);
      ptgen_init (&g, seed);
      for (guint i = 0; i < 3000; i++)
        {
          Event ev;
          ptgen_next (&g, &ev);
          conv_event (&c, &ev);
          event_clear (&ev);
        }
      perfetto_finish (c.w, c.out);
      check_properties (&c);
      ptgen_clear (&g);
      conv_clear (&c);
    }
}

/* Crafted: a pid reused after its exit, and forked again without one (the
 * first ends, status unknown), a daemon re-parented when its parent dies,
 * and a process first seen at its exec, at its exit. */
static void
test_properties_crafted (void **state)
{
  Conv c;
  Event evs[] = {
    { .kind = EVENT_SNAPSHOT, .mono_ns = 10, .pid = 1, .tgid = 1, .comm = T_STR ("init") },
    { .kind = EVENT_FORK, .mono_ns = 20, .pid = 100, .tgid = 100, .ppid = 1, .ptgid = 1 },
    { .kind = EVENT_FORK, .mono_ns = 30, .pid = 200, .tgid = 200, .ppid = 100, .ptgid = 100 },
    { .kind = EVENT_EXEC, .mono_ns = 40, .pid = 200, .tgid = 200, .comm = T_STR ("cc") },
    { .kind = EVENT_EXIT, .mono_ns = 50, .pid = 200, .tgid = 200, .ppid = 100,
      .ptgid = 100 },
    /* 200 again: a new instance. */
    { .kind = EVENT_FORK, .mono_ns = 60, .pid = 200, .tgid = 200, .ppid = 100, .ptgid = 100 },
    /* and again with no exit between. */
    { .kind = EVENT_FORK, .mono_ns = 70 * 1000000, .pid = 200, .tgid = 200, .ppid = 100,
      .ptgid = 100 },
    /* a daemon: 300 under 200, whose parent dies; handed to init. */
    { .kind = EVENT_FORK, .mono_ns = 80 * 1000000, .pid = 300, .tgid = 300, .ppid = 200,
      .ptgid = 200 },
    { .kind = EVENT_EXIT, .mono_ns = 81 * 1000000, .pid = 200, .tgid = 200, .ppid = 100,
      .ptgid = 100 },
    { .kind = EVENT_SNAPSHOT, .mono_ns = 82 * 1000000, .pid = 300, .tgid = 300, .ppid = 1,
      .ptgid = 1 },
    /* first seen at its exec, and at its exit. */
    { .kind = EVENT_EXEC, .mono_ns = 90 * 1000000, .pid = 400, .tgid = 400,
      .comm = T_STR ("ls") },
    { .kind = EVENT_EXIT, .mono_ns = 91 * 1000000, .pid = 300, .tgid = 300, .ppid = 1,
      .ptgid = 1 },
  };

  conv_init (&c);
  for (guint i = 0; i < G_N_ELEMENTS (evs); i++)
    conv_event (&c, &evs[i]);
  perfetto_finish (c.w, c.out);
  check_properties (&c);
  /* init, 100, three instances of 200, 300 and 400. */
  assert_int_equal (c.instances->len, 7);
  /* The daemon's re-parenting: an instant on its track, which stays. */
  g_autoptr (GPtrArray) packets = pbtrace_read (c.out->str, c.out->len);
  guint moved = 0;
  for (guint i = 0; i < packets->len; i++)
    {
      const PbPacket *pk = packets->pdata[i];
      if (pk->event && g_strcmp0 (pk->name, "re-parented") == 0)
        {
          assert_int_equal (pbtrace_arg (pk, "parent")->i, 1);
          assert_int_equal (pk->ts, 82 * 1000000);
          moved++;
        }
    }
  assert_int_equal (moved, 1);
  conv_clear (&c);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_small_decoded),
    cmocka_unit_test (test_end_cost),
    cmocka_unit_test (test_clock),
    cmocka_unit_test (test_interning),
    cmocka_unit_test (test_shown),
    cmocka_unit_test (test_instants),
    cmocka_unit_test (test_unknown),
    cmocka_unit_test (test_nothing_shown),
    cmocka_unit_test (test_named_at_end),
    cmocka_unit_test (test_times),
    cmocka_unit_test (test_counters),
    cmocka_unit_test (test_properties_recordings),
    cmocka_unit_test (test_properties_generated),
    cmocka_unit_test (test_properties_crafted),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
