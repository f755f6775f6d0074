/* test-history.c - the history: every entry comes back across chunks, in
 * memory and from the spill file; the memory budget and the file's cap
 * hold, with what was dropped said; a file changed under the store's feet
 * and a failing one; time lookups; the tables saved beside the chunks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "entrycmp.h"
#include "memspill.h"
#include "ptgen.h"
#include "history.h"
#include "tstr.h"

/* A stream of events fed to a store as the monitor feeds it (applied to a
 * live table first), with what each entry must say, and the fold's table
 * saved every SAMPLE events to compare. */
typedef struct {
  PtGen g;
  GRand *rand;
  Proctab *live;
  Proctab *fold;
  GArray *refs;        /* of HistoryEntry: deep copies, [seq - 1] */
  GPtrArray *tables;   /* of GBytes or NULL: the fold's table after seq i */
  guint sample;
  guint big;           /* bytes of a unique argument given to each exec */
} Feed;

/* Starts a feed from SEED. */
static void
feed_init (Feed *f, guint32 seed, guint sample, guint big)
{
  ptgen_init (&f->g, seed);
  f->rand = g_rand_new_with_seed (seed);
  f->live = proctab_new (PTGEN_KEEP, 40);
  f->fold = proctab_new (PTGEN_KEEP, 40);
  f->refs = g_array_new (FALSE, TRUE, sizeof (HistoryEntry));
  f->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->sample = sample;
  f->big = big;
  /* The table before the first event. */
  g_ptr_array_add (f->tables, NULL);
}

/* Frees what F holds. */
static void
feed_clear (Feed *f)
{
  for (guint i = 0; i < f->refs->len; i++)
    {
      HistoryEntry *e = &g_array_index (f->refs, HistoryEntry, i);
      event_clear (&e->ev);
      g_free (e->comm);
      where_unref (e->where);
    }
  g_array_unref (f->refs);
  g_ptr_array_unref (f->tables);
  proctab_free (f->live);
  proctab_free (f->fold);
  g_rand_free (f->rand);
  ptgen_clear (&f->g);
}

/* Feeds N more events to S. */
static void
feed (Feed *f, History *s, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      Event ev;
      ptgen_next (&f->g, &ev);
      if (ev.kind == EVENT_EXEC && f->big)
        {
          g_strfreev (ev.argv);
          ev.argv = g_new0 (char *, 3);
          ev.argv[0] = g_strdup ("cc");
          ev.argv[1] = g_malloc (f->big + 1);
          for (guint k = 0; k < f->big; k++)
            ev.argv[1][k] = (char) g_rand_int_range (f->rand, 'a', 'z' + 1);
          ev.argv[1][f->big] = '\0';
        }
      const Proc *p = proctab_apply (f->live, &ev);
      history_append (s, &ev, p);
      HistoryEntry ref;
      history_entry_init (&ref, &ev, p);
      ref.comm = g_strdup (ref.comm);
      ref.where = where_ref (ref.where);
      event_copy (&ref.ev, &ev);
      ref.seq = f->refs->len + 1;
      g_array_append_val (f->refs, ref);
      proctab_fold (f->fold, &ev);
      g_ptr_array_add (f->tables, ref.seq % f->sample == 0 ? ptgen_saved (f->fold) : NULL);
      event_clear (&ev);
    }
}

/* Fails unless entry SEQ of S (through IT) is what was fed. */
static void
assert_entry (Feed *f, HistoryIter *it, guint64 seq)
{
  const HistoryEntry *e = history_iter_seek (it, seq);
  g_autoptr (GString) why = g_string_new (NULL);

  if (!e)
    fail_msg ("entry %" G_GUINT64_FORMAT " is not served", seq);
  assert_int_equal (e->seq, seq);
  if (!entrycmp_equal (&g_array_index (f->refs, HistoryEntry, seq - 1), e, why))
    fail_msg ("entry %" G_GUINT64_FORMAT ": %s differs", seq, why->str);
}

/* Fails unless the table S gives after SEQ is the fold's. */
static void
assert_table (Feed *f, History *s, guint64 seq)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Proctab) pt = history_table_at (s, seq, &error);

  if (!pt)
    fail_msg ("no table at %" G_GUINT64_FORMAT ": %s", seq, error->message);
  g_autoptr (GBytes) got = ptgen_saved (pt);
  if (!g_bytes_equal (got, f->tables->pdata[seq]))
    fail_msg ("the table at %" G_GUINT64_FORMAT " is not the fold's", seq);
}

/* Default options for small tests: small chunks, frequent tables. */
static HistoryOptions
small_options (void)
{
  return (HistoryOptions) { .memory = HISTORY_MEMORY_MIN, .spill_cap = HISTORY_SPILL_CAP_MIN,
                          .cache = 2, .keep_ns = PTGEN_KEEP, .max_tombs = 40,
                          .chunk_entries = 64, .table_every = 1000 };
}

/* Fails unless every entry from the oldest reachable to the newest is
 * served, walking both ways and seeking, and the oldest's table and some
 * others are the fold's. */
static void
assert_reachable (Feed *f, History *s)
{
  guint64 oldest = history_oldest (s), newest = history_newest (s);
  HistoryIter it;
  const HistoryEntry *e;
  guint64 seq;

  assert_int_equal (newest, f->refs->len);
  history_iter_init (&it, s, 0);
  for (seq = oldest; seq <= newest; seq += 7)
    assert_entry (f, &it, seq);
  e = history_iter_seek (&it, oldest);
  for (seq = oldest; e; e = history_iter_next (&it), seq++)
    assert_int_equal (e->seq, seq);
  assert_int_equal (seq, newest + 1);
  e = history_iter_seek (&it, newest);
  for (seq = newest; e; e = history_iter_prev (&it), seq--)
    assert_int_equal (e->seq, seq);
  assert_int_equal (seq, oldest - 1);
  assert_null (history_iter_seek (&it, oldest - 1));
  assert_null (history_iter_seek (&it, newest + 1));
  history_iter_clear (&it);
  for (seq = oldest - 1; seq <= newest; seq++)
    if (f->tables->pdata[seq])
      assert_table (f, s, seq);
}

/* Entries come back across chunk boundaries, seeking, walking both ways,
 * with a limit; the chunk being written is read as it grows. */
static void
test_entries (void **state)
{
  HistoryOptions o = small_options ();
  g_autoptr (History) s = history_new (&o, NULL);
  Feed f;
  HistoryIter it;

  feed_init (&f, 1, 1, 0);
  assert_int_equal (history_oldest (s), 0);
  assert_int_equal (history_newest (s), 0);
  history_iter_init (&it, s, 0);
  assert_null (history_iter_seek (&it, 1));
  assert_null (history_iter_next (&it));
  for (guint round = 0; round < 20; round++)
    {
      /* The iterator in the chunk being written sees what is appended. */
      feed (&f, s, 37);
      assert_entry (&f, &it, history_newest (s));
      assert_null (history_iter_next (&it));
    }
  history_iter_clear (&it);
  assert_int_equal (history_limit (s), HISTORY_LIMIT_NONE);
  assert_null (history_limit_text (s));
  assert_int_equal (history_oldest (s), 1);
  assert_reachable (&f, s);
  /* A frozen view: a limit. */
  history_iter_init (&it, s, 100);
  assert_entry (&f, &it, 100);
  assert_null (history_iter_next (&it));
  assert_null (history_iter_seek (&it, 101));
  history_iter_clear (&it);
  gint64 mono, wall;
  assert_true (history_oldest_time (s, &mono, &wall));
  assert_true (mono == g_array_index (f.refs, HistoryEntry, 0).ev.mono_ns);
  assert_true (history_newest_time (s, &mono, &wall));
  assert_true (wall == g_array_index (f.refs, HistoryEntry, f.refs->len - 1).ev.wall_ns);
  feed_clear (&f);
}

/* An entry keeps its subject as it was at the event: name, users, start;
 * later changes of the process do not reach it, and history_subject
 * stands for it; its parent as the model knew it. */
static void
test_subject (void **state)
{
  HistoryOptions o = small_options ();
  g_autoptr (History) h = history_new (&o, NULL);
  g_autoptr (Proctab) pt = proctab_new (G_GINT64_CONSTANT (60000000000), 10);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 5, .tgid = 5, .comm = T_STR ("bash"),
                 .flags = EVENT_F_CREDS | EVENT_F_START, .ruid = 7, .euid = 0,
                 .start_ns = 1000 };
  Event fork = { .kind = EVENT_FORK, .pid = 6, .tgid = 6, .ppid = 5, .ptgid = 5,
                 .mono_ns = 2000 };
  Event exec = { .kind = EVENT_EXEC, .pid = 6, .tgid = 6, .comm = T_STR ("ls"),
                 .mono_ns = 3000 };
  HistoryIter it;

  proctab_apply (pt, &snap);
  history_append (h, &fork, proctab_apply (pt, &fork));
  history_append (h, &exec, proctab_apply (pt, &exec));
  history_append (h, &(Event) { .kind = EVENT_LOST, .lost = 2, .mono_ns = 3000 }, NULL);
  history_iter_init (&it, h, 0);
  const HistoryEntry *a = history_iter_seek (&it, 1);
  assert_string_equal (a->comm, "bash");  /* the child's name at its fork */
  assert_true (a->creds);
  assert_int_equal (a->ruid, 7);
  assert_int_equal (a->start_ns, 2000);
  ProcAcct s_acct;
  Proc s = history_subject (a, &s_acct);
  assert_string_equal (s.comm, "bash");
  assert_int_equal (s.pid, 6);
  assert_int_equal (s.start_ns, 2000);
  assert_true (s.flags & PROC_F_CREDS);
  assert_int_equal (a->ppid, 5);          /* its parent, which the exec does not say */
  assert_int_equal (s.ppid, 5);
  const HistoryEntry *b = history_iter_next (&it);
  assert_string_equal (b->comm, "ls");
  assert_int_equal (b->ppid, 5);
  const HistoryEntry *c = history_iter_next (&it);
  assert_null (c->comm);
  assert_int_equal (c->serial, 0);
  history_iter_clear (&it);
}

/* An entry stays valid while its iterator holds its chunk, though the
 * store spills it, drops it and caches others meanwhile. */
static void
test_entry_lifetime (void **state)
{
  HistoryOptions o = small_options ();
  g_autoptr (History) s = history_new (&o, NULL);
  Feed f;
  HistoryIter it, other;

  feed_init (&f, 2, 1000000, 400);
  feed (&f, s, 200);
  history_iter_init (&it, s, 0);
  history_iter_init (&other, s, 0);
  const HistoryEntry *e = history_iter_seek (&it, 3);
  HistoryEntry copy = *e;
  feed (&f, s, 8000);
  assert_true (history_oldest (s) > 3);
  for (guint64 seq = history_oldest (s); seq <= history_newest (s); seq += 50)
    assert_non_null (history_iter_seek (&other, seq));
  assert_true (e->seq == 3 && e->ev.mono_ns == copy.ev.mono_ns && e->comm == copy.comm);
  if (e->ev.argv)
    assert_non_null (e->ev.argv[0]);
  /* Off the history's end: the iterator goes on at the oldest. */
  const HistoryEntry *next = history_iter_next (&it);
  assert_non_null (next);
  assert_int_equal (next->seq, history_oldest (s));
  history_iter_clear (&it);
  history_iter_clear (&other);
  feed_clear (&f);
}

/* Without a spill file, the memory budget holds: the oldest go, by whole
 * table intervals, and the store says why. */
static void
test_memory_budget (void **state)
{
  HistoryOptions o = small_options ();
  g_autoptr (History) s = history_new (&o, NULL);
  HistoryMemory m;
  Feed f;

  feed_init (&f, 3, 50, 300);
  for (guint round = 0; round < 20; round++)
    {
      feed (&f, s, 500);
      history_memory (s, &m);
      assert_true (m.chunks + m.tables + m.index <= o.memory);
      assert_int_equal (m.file, 0);
    }
  assert_int_equal (history_limit (s), HISTORY_LIMIT_MEMORY);
  assert_string_equal (history_limit_text (s), "memory budget of 256 KiB");
  assert_true (history_oldest (s) > 1);
  assert_reachable (&f, s);
  feed_clear (&f);
}

/* With a spill file every event stays reachable until its cap; then the
 * oldest go and the store says so; chunks come back from the file. */
static void
test_spill_cap (void **state)
{
  HistoryOptions o = small_options ();
  MemSpill *ms = memspill_new ();
  g_autoptr (History) s = history_new (&o, &ms->base);
  HistoryMemory m;
  Feed f;
  /* Under valgrind, fewer events with longer command lines: as many
   * bytes. */
  gboolean slow = g_getenv ("FORKSCOPE_VALGRIND") != NULL;
  guint n = slow ? 1000 : 4000;

  feed_init (&f, 4, 50, slow ? 1200 : 300);
  feed (&f, s, n);
  history_memory (s, &m);
  assert_true (m.file > 0 && m.file_chunks > 0);
  assert_int_equal (history_oldest (s), 1);
  assert_int_equal (history_limit (s), HISTORY_LIMIT_NONE);
  assert_reachable (&f, s);
  for (guint round = 0; round < 8; round++)
    {
      feed (&f, s, n);
      history_memory (s, &m);
      assert_true (m.chunks + m.tables + m.index <= o.memory);
      assert_true (m.file <= o.spill_cap);
      assert_true (ms->bytes->len <= o.spill_cap);
    }
  assert_int_equal (history_limit (s), HISTORY_LIMIT_SPILL_CAP);
  assert_string_equal (history_limit_text (s), "spill file cap of 1 MiB");
  assert_true (history_oldest (s) > 1);
  assert_null (history_error (s));
  assert_reachable (&f, s);
  feed_clear (&f);
}

/* A write that fails (ENOSPC) does not stop the store: the file is given
 * up, memory alone keeps what fits, and the store says why. */
static void
test_spill_fails (void **state)
{
  HistoryOptions o = small_options ();
  MemSpill *ms = memspill_new ();
  gboolean freed = FALSE;
  g_autoptr (History) s = history_new (&o, &ms->base);
  HistoryMemory m;
  Feed f;

  ms->freed = &freed;
  ms->fail_after = 30;
  feed_init (&f, 5, 50, 300);
  feed (&f, s, 9000);
  assert_true (freed);
  assert_int_equal (history_limit (s), HISTORY_LIMIT_SPILL_FAILED);
  assert_string_equal (history_limit_text (s),
                       "spill file write failed: No space left on device; 256 KiB in memory");
  history_memory (s, &m);
  assert_int_equal (m.file, 0);
  assert_true (m.chunks + m.tables + m.index <= o.memory);
  assert_reachable (&f, s);
  feed_clear (&f);
}

/* Bytes of the file changed under the store's feet: the chunks they are
 * in cannot be read and the store says which; every other entry is
 * served, iteration passes over them, and the table at an event after
 * them comes from a later saved table. */
static void
test_corruption (void **state)
{
  HistoryOptions o = small_options ();
  MemSpill *ms = memspill_new ();
  Feed f;
  HistoryIter it;

  o.cache = 1;
  g_autoptr (History) s = history_new (&o, &ms->base);
  feed_init (&f, 6, 8000, 300);
  feed (&f, s, 8000);
  /* A byte of the events of a chunk in the middle of the file (after the
   * header of such a blob: "FKSH", kind 1), as one writing to it through
   * /proc/PID/fd would change it. */
  static const guint8 head[] = { 'F', 'K', 'S', 'H', 1, 0, 0, 0 };
  guint at = ms->bytes->len / 2;
  while (at + 64 < ms->bytes->len && memcmp (ms->bytes->data + at, head, sizeof head) != 0)
    at++;
  assert_true (at + 64 < ms->bytes->len);
  ms->bytes->data[at + 32 + GPOINTER_TO_UINT (*state)] ^= 0x20;
  guint64 oldest = history_oldest (s), newest = history_newest (s), bad_first = 0, bad_end = 0;
  history_iter_init (&it, s, 0);
  for (guint64 seq = oldest; seq <= newest; seq++)
    {
      const HistoryEntry *e = history_iter_seek (&it, seq);
      const ChunkSummary *sum;
      guint64 first, end;
      if (e)
        continue;
      assert_true (history_summary (s, seq, &sum, &first, &end));
      if (!bad_first)
        {
          bad_first = first;
          bad_end = end;
        }
      assert_true (first == bad_first && end == bad_end);
    }
  if (!bad_first)
    fail_msg ("no chunk was found changed");
  assert_non_null (history_error (s));
  assert_non_null (strstr (history_error (s), "changed under forkscope"));
  g_autofree char *range = g_strdup_printf ("events %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                                            " cannot be read back", bad_first, bad_end - 1);
  assert_non_null (strstr (history_error (s), range));
  /* Walking passes over the chunk. */
  const HistoryEntry *e = history_iter_seek (&it, bad_first - 1);
  assert_non_null (e);
  e = history_iter_next (&it);
  assert_non_null (e);
  assert_int_equal (e->seq, bad_end);
  e = history_iter_prev (&it);
  assert_int_equal (e->seq, bad_first - 1);
  history_iter_clear (&it);
  /* In memory, served. */
  history_iter_init (&it, s, 0);
  assert_entry (&f, &it, newest);
  history_iter_clear (&it);
  /* A table whose way goes through the chunk cannot be had; one after the
   * next saved table can. */
  g_autoptr (GError) error = NULL;
  g_autoptr (Proctab) through = history_table_at (s, bad_end - 2, &error);
  assert_null (through);
  assert_non_null (strstr (error->message, "cannot be read back"));
  assert_table (&f, s, newest);
  feed_clear (&f);
}

/* The last event at or before a time is the one before the first later
 * event from the oldest, events coming out of time order; seen from a
 * limit; on both clocks. */
static void
test_time_lookup (void **state)
{
  HistoryOptions o = small_options ();
  g_autoptr (History) s = history_new (&o, NULL);
  GRand *r = g_rand_new_with_seed (11);
  GArray *mono = g_array_new (FALSE, FALSE, sizeof (gint64));

  assert_int_equal (history_seq_at_mono (s, 0, 0), 0);
  for (guint i = 0; i < 3000; i++)
    {
      gint64 t = (gint64) i * 1000 + g_rand_int_range (r, -3000, 3000);
      Event ev = { .kind = EVENT_COMM, .pid = 5, .tgid = 5, .mono_ns = t, .wall_ns = -t };
      if (i == 1500)
        ev.mono_ns = t = G_MAXINT64;  /* a clock gone wild */
      history_append (s, &ev, NULL);
      g_array_append_val (mono, t);
    }
  for (guint k = 0; k < 400; k++)
    {
      gint64 ns = k == 0 ? G_MININT64 + 1 : k == 1 ? G_MAXINT64 : g_rand_int_range (r, -5000, 3100000);
      guint64 limit = k % 3 ? 0 : (guint64) g_rand_int_range (r, 1, 3001);
      guint64 want = 0, last = limit ? limit : 3000;
      for (guint i = 0; i < 3000 && g_array_index (mono, gint64, i) <= ns; i++)
        want = i + 1;
      want = MIN (want, last);
      assert_int_equal (history_seq_at_mono (s, ns, limit), want);
      /* Wall times run backwards: only the first is at or before -ns. */
      guint64 wwant = 0;
      for (guint i = 0; i < 3000 && -g_array_index (mono, gint64, i) <= -ns; i++)
        wwant = i + 1;
      assert_int_equal (history_seq_at_wall (s, -ns, limit), MIN (wwant, last));
    }
  g_array_unref (mono);
  g_rand_free (r);
}

/* The summary of the chunk holding an event, and the store's counts of
 * everything since the first event. */
static void
test_summary_activity (void **state)
{
  HistoryOptions o = small_options ();
  g_autoptr (History) s = history_new (&o, NULL);
  const ChunkSummary *sum;
  guint64 first, end;

  for (gint i = 0; i < 100; i++)
    {
      Event fork = { .kind = EVENT_FORK, .pid = 100 + i, .tgid = 100 + i, .ppid = 1,
                     .ptgid = 1, .mono_ns = i * G_GINT64_CONSTANT (1000000000) };
      Event exit = { .kind = EVENT_EXIT, .pid = 100 + i, .tgid = 100 + i, .ppid = 1,
                     .ptgid = 1, .exit_code = i % 10 ? 0 : 256, .ends = EVENT_ENDS_PROCESS,
                     .mono_ns = fork.mono_ns + 5 };
      history_append (s, &fork, NULL);
      history_append (s, &exit, NULL);
    }
  assert_true (history_summary (s, 1, &sum, &first, &end));
  assert_int_equal (first, 1);
  assert_int_equal (end, 65);
  assert_int_equal (sum->activity[ACTIVITY_START], 32);
  assert_true (history_summary (s, 200, &sum, &first, &end));
  assert_int_equal (end, 201);
  assert_false (history_summary (s, 201, &sum, &first, &end));
  ActivityCounts c;
  /* The coarsest level that tiles 100 s exactly: 10 s. */
  assert_int_equal (activity_query (history_activity (s), 0, 100 * G_GINT64_CONSTANT (1000000000),
                                    1, &c), G_GINT64_CONSTANT (10000000000));
  assert_int_equal (c.n[ACTIVITY_START], 100);
  assert_int_equal (c.n[ACTIVITY_EXIT], 90);
  assert_int_equal (c.n[ACTIVITY_FAIL], 10);
}

/* What the log shows: never snapshots, the filter judged on the subject
 * as of the event (its name then, not now). */
static void
test_entry_shown (void **state)
{
  g_autoptr (Filter) cc = filter_parse ("cc1", NULL, NULL, NULL);
  g_autoptr (Filter) all = filter_parse ("", NULL, NULL, NULL);
  g_autoptr (Proctab) pt = proctab_new (PTGEN_KEEP, 40);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 5, .tgid = 5, .comm = T_STR ("cc1") };
  Event comm = { .kind = EVENT_COMM, .pid = 5, .tgid = 5, .comm = T_STR ("ld") };
  Event exit = { .kind = EVENT_EXIT, .pid = 5, .tgid = 5, .ends = EVENT_ENDS_PROCESS };
  HistoryEntry e;

  Proc *p = proctab_apply (pt, &snap);
  history_entry_init (&e, &snap, p);
  assert_false (history_entry_shown (all, &e, pt, 0));
  assert_false (history_entry_shown (cc, &e, pt, 0));
  HistoryEntry before;
  history_entry_init (&before, &exit, p);  /* as of when it was called cc1 */
  g_autofree char *then = g_strdup (before.comm);
  before.comm = then;
  p = proctab_apply (pt, &comm);
  history_entry_init (&e, &comm, p);
  assert_false (history_entry_shown (cc, &e, pt, 0));
  assert_true (history_entry_shown (all, &e, pt, 0));
  assert_true (history_entry_shown (cc, &before, pt, 0));
  /* A thread's end shows with FILTER_SHOW_THREADS only. */
  Event texit = { .kind = EVENT_EXIT, .pid = 6, .tgid = 5, .ends = EVENT_ENDS_THREAD };
  history_entry_init (&e, &texit, p);
  assert_false (history_entry_shown (all, &e, pt, 0));
  assert_true (history_entry_shown (all, &e, pt, FILTER_SHOW_THREADS));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_entries),
    cmocka_unit_test (test_entry_lifetime),
    cmocka_unit_test (test_subject),
    cmocka_unit_test (test_memory_budget),
    cmocka_unit_test (test_spill_cap),
    cmocka_unit_test (test_spill_fails),
    cmocka_unit_test_prestate (test_corruption, GUINT_TO_POINTER (40)),
    cmocka_unit_test_prestate (test_corruption, GUINT_TO_POINTER (0)),
    cmocka_unit_test (test_time_lookup),
    cmocka_unit_test (test_summary_activity),
    cmocka_unit_test (test_entry_shown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
