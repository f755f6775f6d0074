/* test-cursor.c - the time cursor, without a terminal, on real monitors:
 * replays of tests/data recordings (the demo: 37 events, 6 of them the
 * scan's snapshots; the busy machine: 753) and a live poller on a fake
 * /proc.  Freeze and thaw; every move (events back and forward, seconds,
 * go to an event number or a time, back to the freeze point) and the
 * table, history, clock and position it shows there; what it says at the
 * edges (before the history: the recording's start, forkscope's, or what
 * the history let go of; past the freeze point); a replay read on, and
 * gone back over from the history, which gives the very table reading it
 * straight gave. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "actions.h"
#include "json.h"
#include "ptgen.h"
#include "viewer.h"

#define SEC G_GINT64_CONSTANT (1000000000)
/* Tombstones are kept longer than the recordings last: the tables of a
 * straight read and of the timeline then agree whatever the expiry. */
#define KEEP (3600 * SEC)
/* The demo recording's events, and the one of them the log leaves out
 * (a thread's exit: threads are not shown). */
#define DEMO "rec-demo.jsonl"
#define DEMO_EVENTS 37
#define DEMO_THREAD_EXIT 24
/* The busy recording's events. */
#define BUSY "rec-busy.jsonl"
#define BUSY_EVENTS 753
/* The recording whose events come 3 s apart (make-gaps.py): 3 snapshots
 * at 05:18:38.870, make's fork and exec 52 ms later (4, 5), then a fork
 * (6), its exec half a millisecond after (7), an exit (8) 3 s after,
 * and so on to make's exit (12) at 05:18:53.922. */
#define GAPS "rec-gaps.jsonl"
#define GAPS_EVENTS 12

/* A viewer on a monitor. */
typedef struct {
  Monitor *m;
  Viewer v;
} Fixture;

/* A replay of FILE (in tests/data when relative) with a history of
 * MEMORY bytes (0: the default) and no spill file, read up to event UPTO
 * (0: all of it), and a viewer on it showing what passes FILTER (may be
 * NULL). */
static Fixture *
open_replay (const char *file, gsize memory, guint64 upto, const char *filter)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *path = g_path_is_absolute (file) ? g_strdup (file)
                                                    : g_build_filename (TEST_DATA, file, NULL);
  MonitorOptions o = { .source = MONITOR_SOURCE_REPLAY, .replay_path = path, .history = TRUE,
                       .history_memory = memory ? memory : HISTORY_MEMORY_DEFAULT,
                       .keep_ns = KEEP, .max_tombs = 100000 };
  ViewerOptions vo = { .filter = filter, .tomb_show_ns = KEEP };
  g_autoptr (GError) error = NULL;

  f->m = monitor_new (&o, &error);
  assert_non_null (f->m);
  assert_true (monitor_replay_read_to (f->m, upto, G_MAXINT64, &error) >= 0);
  assert_null (error);
  if (upto)
    assert_int_equal (monitor_replay_position (f->m), upto);
  viewer_init (&f->v, f->m, &vo);
  layout_compute (120, 40, &f->v.layout);
  return f;
}

/* Frees F. */
static void
fixture_free (Fixture *f)
{
  viewer_clear (&f->v);
  monitor_free (f->m);
  g_free (f);
}

/* The table of tests/data/FILE read straight to event RECORD, dumped. */
static char *
straight_dump (const char *file, guint64 record)
{
  Fixture *f = open_replay (file, 0, record, NULL);
  char *dump = ptgen_dump (monitor_proctab (f->m));

  fixture_free (f);
  return dump;
}

/* Fails unless the table the cursor of F shows is the one reading FILE
 * straight gave after event RECORD. */
static void
assert_table_of (Fixture *f, const char *file, guint64 record)
{
  g_autofree char *want = straight_dump (file, record);
  g_autofree char *got = ptgen_dump (cursor_proctab (f->v.cursor));

  if (strcmp (want, got) != 0)
    fail_msg ("at event %" G_GUINT64_FORMAT ", the cursor's table differs:\n%s\nwant:\n%s",
              record, got, want);
}

/* Fails unless F's cursor stands at event AT of OF. */
static void
assert_at (Fixture *f, guint64 at, guint64 of)
{
  guint64 a = 0, o = 0;

  assert_true (cursor_position (f->v.cursor, &a, &o));
  assert_int_equal (a, at);
  assert_int_equal (o, of);
}

/* The event F's cursor stands at (0: not frozen). */
static guint64
position (Fixture *f)
{
  guint64 at = 0, of = 0;

  cursor_position (f->v.cursor, &at, &of);
  return at;
}

/* Fails unless F's message now is WANT (NULL: none), or starts with it
 * when PREFIX. */
static void
assert_said (Fixture *f, const char *want, gboolean prefix)
{
  const char *said = message_shown (&f->v.message);

  if (!want)
    {
      if (said)
        fail_msg ("said \"%s\", wanted nothing", said);
      return;
    }
  if (!said || (prefix ? !g_str_has_prefix (said, want) : strcmp (said, want) != 0))
    fail_msg ("said \"%s\", wanted \"%s\"", said ? said : "(nothing)", want);
}

/* The pid of the process with this serial in TABLE, or 0. */
static gint
pid_of (const Proctab *table, guint64 serial)
{
  const Proc *p = proctab_lookup_serial (table, serial);
  return p ? p->pid : 0;
}

/* Live, the cursor shows the monitor's own table, history and clock. */
static void
test_live (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 0, NULL);
  Cursor *c = f->v.cursor;
  guint64 at, of;

  assert_false (cursor_frozen (c));
  assert_int_equal (cursor_seq (c), 0);
  assert_ptr_equal (cursor_proctab (c), monitor_proctab (f->m));
  assert_ptr_equal (cursor_history (c), monitor_history (f->m));
  assert_int_equal (cursor_now (c), monitor_now_mono_ns (f->m));
  assert_int_equal (cursor_now_wall (c), monitor_now_wall_ns (f->m));
  assert_false (cursor_position (c, &at, &of));
  assert_false (cursor_ended (c));
  cursor_set_ended (c);
  assert_true (cursor_ended (c));
  fixture_free (f);
}

/* Freezing copies the table and notes the history's newest event: events
 * read after it change neither the table nor the history shown, the
 * header counts them; thawing shows now again, the log following the
 * newest, and takes back what was said. */
static void
test_freeze_thaw (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 20, NULL);
  Cursor *c = f->v.cursor;
  g_autoptr (GError) error = NULL;
  gint64 wall = monitor_now_wall_ns (f->m);

  logpos_select (&f->v.log, 11);
  Reaction r = cursor_freeze (c);
  assert_true (r & REACTION_ROWS);
  assert_true (r & REACTION_PLACE);
  assert_true (cursor_frozen (c));
  assert_int_equal (cursor_freeze (c), REACTION_NONE);  /* frozen already */
  g_autofree char *before = ptgen_dump (cursor_proctab (c));
  assert_ptr_not_equal (cursor_proctab (c), monitor_proctab (f->m));
  /* The log's selection stays on its event. */
  assert_int_equal (logpos_selected_event (&f->v.log), 11);
  /* A replay frozen at its freeze point says where it stands. */
  assert_at (f, 20, 20);

  assert_int_equal (monitor_replay_read_to (f->m, 0, G_MAXINT64, &error), 0);
  g_autofree char *after = ptgen_dump (cursor_proctab (c));
  assert_string_equal (before, after);
  assert_int_equal (cursor_limit (c), 20);
  assert_ptr_equal (cursor_history (c), monitor_history (f->m));
  f->v.log.follow = TRUE;
  viewer_update_log (&f->v);
  assert_int_equal (logpos_selected (&f->v.log), LOGPOS_LINE (20));
  f->v.log.follow = FALSE;
  assert_int_equal (cursor_new_events (c), DEMO_EVENTS - 20);
  assert_int_equal (cursor_now_wall (c), wall);
  assert_at (f, 20, DEMO_EVENTS);

  message_say (&f->v.message, "the freeze point: z returns to now");
  r = cursor_toggle_freeze (c);
  assert_true (r & REACTION_ROWS);
  assert_false (cursor_frozen (c));
  assert_ptr_equal (cursor_proctab (c), monitor_proctab (f->m));
  assert_int_equal (cursor_limit (c), DEMO_EVENTS);
  assert_true (f->v.log.follow);
  assert_said (f, NULL, FALSE);
  fixture_free (f);
}

/* Steps by event go from one event the log shows to the next: the table
 * there is the one reading the recording to that event gave; the clock
 * is that event's; the log selects it; what was not yet there is not. */
static void
test_step_events (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 0, NULL);
  Cursor *c = f->v.cursor;

  /* [ freezes, and goes to the newest event the log shows. */
  cursor_step_events (c, -1);
  assert_true (cursor_frozen (c));
  assert_int_equal (cursor_seq (c), DEMO_EVENTS - 1);
  assert_int_equal (logpos_selected_event (&f->v.log), DEMO_EVENTS - 1);
  assert_false (f->v.log.follow);
  assert_table_of (f, DEMO, DEMO_EVENTS - 1);
  assert_at (f, DEMO_EVENTS - 1, DEMO_EVENTS);
  const HistoryEntry *e = viewer_entry (&f->v, DEMO_EVENTS - 1);
  assert_int_equal (cursor_now (c), e->ev.mono_ns);
  assert_int_equal (cursor_now_wall (c), e->ev.wall_ns);

  /* Back over the fork of gdb (31) and the exec of sleep (30). */
  cursor_step_events (c, -6);
  assert_int_equal (cursor_seq (c), 30);
  assert_table_of (f, DEMO, 30);
  assert_null (proctab_lookup (cursor_proctab (c), 1206));
  assert_string_equal (proctab_lookup (cursor_proctab (c), 1205)->comm, "sleep");
  cursor_step_events (c, -1);
  assert_string_equal (proctab_lookup (cursor_proctab (c), 1205)->comm, "bash");

  /* The thread's exit, which the log does not show, is stepped over. */
  cursor_go (c, DEMO_THREAD_EXIT + 1);
  cursor_step_events (c, -1);
  assert_int_equal (cursor_seq (c), DEMO_THREAD_EXIT - 1);
  cursor_step_events (c, 1);
  assert_int_equal (cursor_seq (c), DEMO_THREAD_EXIT + 1);

  /* Forward to the freeze point, and no further. */
  cursor_step_events (c, 100);
  assert_int_equal (cursor_seq (c), 0);
  assert_int_equal (logpos_selected_event (&f->v.log), DEMO_EVENTS);
  assert_said (f, "no later event shown in the recording", FALSE);

  /* Back to the first event shown (the scan's snapshots are not), and no
   * further: the recording starts there. */
  cursor_step_events (c, -100);
  assert_int_equal (cursor_seq (c), 7);
  assert_said (f, "no earlier event shown: the recording starts at 12:00:00.000", FALSE);
  assert_table_of (f, DEMO, 7);
  assert_null (proctab_lookup (cursor_proctab (c), 1201));
  fixture_free (f);
}

/* With a filter, steps go from one event it shows to the next. */
static void
test_step_filtered (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 0, "make");
  Cursor *c = f->v.cursor;

  /* Losses show whatever the filter. */
  cursor_step_events (c, -1);
  assert_int_equal (cursor_seq (c), 34);
  cursor_step_events (c, -1);
  assert_int_equal (cursor_seq (c), 15);     /* make's exit */
  cursor_step_events (c, -2);
  assert_int_equal (cursor_seq (c), 11);     /* its exec (its fork was bash's) */
  cursor_step_events (c, -1);
  assert_int_equal (cursor_seq (c), 11);
  assert_said (f, "no earlier event shown: the recording starts at", TRUE);
  cursor_step_events (c, 1);
  assert_int_equal (cursor_seq (c), 12);     /* the fork of its child */
  fixture_free (f);
}

/* Steps by time go to the last event at or before the cursor's time plus
 * the step; before the recording, to its start. */
static void
test_step_time (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 0, NULL);
  Cursor *c = f->v.cursor;

  /* From the freeze point (the last event, at 2.700 s), 1 s back: the
   * last event at or before 1.700 s is the thread's rename at 1.501. */
  cursor_step_time (c, -1);
  assert_int_equal (cursor_seq (c), 23);
  assert_table_of (f, DEMO, 23);
  /* The events per second before then: those since 0.501 s (cc's and
   * make's exits, the sudo session, the thread's fork and rename). */
  assert_int_equal (cursor_rate (c), 10);
  cursor_step_time (c, 0.5);
  assert_int_equal (cursor_seq (c), 26);     /* crash's exec at 2.001 s */
  cursor_step_time (c, -10);
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, "nothing earlier: the recording starts at 12:00:00.000", FALSE);
  cursor_step_time (c, 100);
  assert_int_equal (cursor_seq (c), 0);      /* read on: the end */
  assert_said (f, "no later event in the recording", FALSE);
  assert_at (f, DEMO_EVENTS, DEMO_EVENTS);
  assert_true (cursor_ended (c));            /* the header says so */
  cursor_step_time (c, -1);
  assert_true (cursor_ended (c));            /* still read to its end */
  fixture_free (f);
}

/* A step forward with no event in its span (a second, a column of the
 * graph) goes on to the next event and says how far that was, in the
 * history and reading on in a replay; only the end stops it.  Back, a
 * step goes to the last event a second earlier, however far. */
static void
test_step_gaps (void **state)
{
  Fixture *f = open_replay (GAPS, 0, 0, NULL);
  Cursor *c = f->v.cursor;

  /* Steps from make's fork (4), where each lands and what it says. */
  static const char skip[] = "no event in the next second: on to the next, 2.99s later";
  static const struct { double seconds; guint64 seq; const char *said; } steps[] = {
    { 1, 5, NULL },    /* make's exec, half a millisecond later */
    { 1, 6, skip },    /* nothing until the fork of cc, 2.9995 s later */
    { 1, 7, NULL },
    { 1, 8, skip },
    { -1, 7, NULL },   /* back: the last at or before a second earlier */
    { -1, 5, NULL },
  };
  cursor_goto (c, "#4");
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      cursor_step_time (c, steps[i].seconds);
      assert_int_equal (cursor_seq (c), steps[i].seq);
      assert_said (f, steps[i].said, FALSE);
      assert_table_of (f, GAPS, steps[i].seq);
    }
  /* To the last event, the freeze point of a replay read whole, and no
   * further: said. */
  for (int i = 0; i < 20 && cursor_seq (c); i++)
    cursor_step_time (c, 1);
  assert_int_equal (cursor_seq (c), 0);
  assert_at (f, GAPS_EVENTS, GAPS_EVENTS);
  cursor_step_time (c, 1);
  assert_at (f, GAPS_EVENTS, GAPS_EVENTS);
  assert_said (f, "no later event in the recording", FALSE);

  /* A column of the graph (10 s wide: columns of a tenth of a second or
   * less) with no event in it: on to the next event. */
  f->v.window.zoom = GRAPH_ZOOM_10S;
  cursor_goto (c, "#5");
  actions_graph_forward (&f->v);
  assert_int_equal (cursor_seq (c), 6);
  assert_said (f, "no event in the next column: on to the next, 2.99s later", FALSE);
  fixture_free (f);

  /* A replay read to event 8 and frozen there: the second after it holds
   * no event, the one after the next does. */
  f = open_replay (GAPS, 0, 8, NULL);
  c = f->v.cursor;
  cursor_freeze (c);
  cursor_step_time (c, 1);
  assert_at (f, 9, 9);
  assert_said (f, "no event in the next second: on to the next, 3.00s later", FALSE);
  assert_table_of (f, GAPS, 9);
  actions_graph_forward (&f->v);
  assert_at (f, 10, 10);
  fixture_free (f);
}

/* Go to an event number or a time; what is neither is refused, and said. */
static void
test_goto (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 0, NULL);
  Cursor *c = f->v.cursor;

  cursor_goto (c, "#10");
  assert_int_equal (cursor_seq (c), 10);
  assert_table_of (f, DEMO, 10);
  assert_said (f, NULL, FALSE);
  cursor_goto (c, " 28 ");
  assert_int_equal (cursor_seq (c), 28);
  /* The first event at or after the start of the second, or of the
   * tenth, ..., millisecond named (UTC, as the tests run). */
  cursor_goto (c, "12:00:01");
  assert_int_equal (cursor_seq (c), 21);     /* sudo's exit at 1.400 */
  cursor_goto (c, "12:00:00");
  assert_int_equal (cursor_seq (c), 1);      /* the first snapshot, at 0.000 */
  assert_said (f, NULL, FALSE);
  cursor_goto (c, "12:00:00.3");
  assert_int_equal (cursor_seq (c), 10);     /* make's fork at 0.300 */
  cursor_goto (c, "12:00:00.31");
  assert_int_equal (cursor_seq (c), 12);     /* cc's fork at 0.320 */
  cursor_goto (c, "12:00:00.302");
  assert_int_equal (cursor_seq (c), 11);     /* make's exec at 0.302 */
  cursor_goto (c, "12:00:00.299");
  assert_int_equal (cursor_seq (c), 10);
  /* After the last event: the recording's end. */
  cursor_goto (c, "12:00:03");
  assert_said (f, "no later event in the recording", FALSE);
  assert_int_equal (cursor_seq (c), 0);
  /* Before the recording, which the history holds whole: its first
   * event, the first at or after that time. */
  cursor_goto (c, "11:00:00");
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, "11:00:00.000 is before the first event: the recording starts at "
               "12:00:00.000", FALSE);

  cursor_goto (c, "#20");
  cursor_goto (c, "soon");
  assert_said (f, "go to what?  an event number (#4211) or a time (12:34:56.789)", FALSE);
  assert_int_equal (cursor_seq (c), 20);
  cursor_goto (c, "#0");
  assert_said (f, "no event 0: events are numbered from 1", FALSE);
  cursor_goto (c, "#000");
  assert_said (f, "no event 000: events are numbered from 1", FALSE);
  cursor_goto (c, "24:00:00");
  assert_said (f, "go to what?", TRUE);
  cursor_goto (c, "12:00:00.5x");
  assert_said (f, "go to what?", TRUE);
  assert_int_equal (cursor_seq (c), 20);
  /* Past the recording: read to its end; so is a number too big for 64
   * bits. */
  cursor_goto (c, "#999");
  assert_said (f, "no later event in the recording", FALSE);
  assert_int_equal (cursor_seq (c), 0);
  cursor_goto (c, "#20");
  cursor_goto (c, "99999999999999999999999");
  assert_said (f, "no later event in the recording", FALSE);
  assert_int_equal (cursor_seq (c), 0);
  /* The freeze point's G. */
  cursor_go (c, 12);
  cursor_go (c, 0);
  assert_int_equal (cursor_seq (c), 0);
  assert_int_equal (logpos_selected_event (&f->v.log), DEMO_EVENTS);
  fixture_free (f);
}

/* A recording that starts at 05:18:38.870: its second, typed, goes to its
 * first event (the first at or after it), and says so; so does a time
 * before it, with a history that holds it whole, read from a pipe too. */
static void
test_goto_start (void **state)
{
  Fixture *f = open_replay (GAPS, 0, 0, NULL);
  Cursor *c = f->v.cursor;

  cursor_goto (c, "#8");
  cursor_goto (c, "05:18:38");
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, "05:18:38.000 is before the first event: the recording starts at "
               "05:18:38.870", FALSE);
  assert_table_of (f, GAPS, 1);
  cursor_goto (c, "05:18:38.9");
  assert_int_equal (cursor_seq (c), 4);
  assert_said (f, NULL, FALSE);
  cursor_goto (c, "05:18:38.870");
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, NULL, FALSE);
  cursor_goto (c, "00:00:00");
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, "00:00:00.000 is before the first event: the recording starts at "
               "05:18:38.870", FALSE);
  fixture_free (f);
}

/* Back in a replay, the history holds every event read: the table there
 * is the one reading the recording straight gave, the cursor on the very
 * event asked for. */
static void
test_back (void **state)
{
  Fixture *f = open_replay (BUSY, 0, 0, NULL);
  Cursor *c = f->v.cursor;

  cursor_goto (c, "#100");
  assert_int_equal (cursor_seq (c), 100);
  assert_at (f, 100, BUSY_EVENTS);
  assert_table_of (f, BUSY, 100);
  assert_int_equal (f->v.log.sel, logpos_row_of (&f->v.log, 100));
  cursor_goto (c, "#1");
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, NULL, FALSE);

  /* By time: the first event at or after it. */
  cursor_goto (c, "#700");
  cursor_goto (c, "10:00:00.320");
  const HistoryEntry *e = viewer_entry (&f->v, position (f));
  assert_non_null (e);
  assert_true (e->ev.wall_ns >= G_GINT64_CONSTANT (1767261600320000000));
  const HistoryEntry *before = viewer_entry (&f->v, position (f) - 1);
  assert_non_null (before);
  assert_true (before->ev.wall_ns < G_GINT64_CONSTANT (1767261600320000000));
  assert_table_of (f, BUSY, position (f));
  /* A moment picked on the graph (a monotonic time). */
  e = viewer_entry (&f->v, 500);
  gint64 mono = e->ev.mono_ns;
  const HistoryEntry *next = viewer_entry (&f->v, 501);
  if (next->ev.mono_ns > mono)
    {
      cursor_go_mono (c, mono);
      assert_int_equal (cursor_seq (c), 500);
    }
  cursor_go_mono (c, 0);
  assert_int_equal (cursor_seq (c), 1);
  assert_said (f, "nothing earlier: the recording starts at", TRUE);
  fixture_free (f);
}

/* A recording longer than the history keeps (a memory budget of 256 KiB,
 * no spill file): a jump before the oldest event held lands on it and
 * says where the history starts and why; so do a step and a time before
 * it; the log says the event it was on is gone. */
static void
test_before_history (void **state)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("forkscope-cursor-XXXXXX.jsonl", &path, NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (Proctab) pt = proctab_new (KEEP, 1000);
  g_autofree char *big = g_strnfill (600, 'a');
  PtGen g;

  assert_true (fd >= 0);
  ptgen_init (&g, 3);
  for (guint k = 1; k <= 6000; k++)
    {
      Event ev;
      ptgen_next (&g, &ev);
      ev.wall_ns = G_GINT64_CONSTANT (1767261600000000000) + ev.mono_ns;
      if (ev.kind == EVENT_EXEC)
        {
          /* Long, different command lines fill the memory. */
          g_strfreev (ev.argv);
          ev.argv = g_new0 (char *, 3);
          ev.argv[0] = g_strdup ("cc");
          ev.argv[1] = g_strdup_printf ("%u%s", k, big);
        }
      json_event (out, &ev, proctab_apply (pt, &ev), NULL);
      event_clear (&ev);
    }
  ptgen_clear (&g);
  assert_int_equal (write (fd, out->str, out->len), (ssize_t) out->len);
  close (fd);

  g_autoptr (GError) error = NULL;
  Fixture *f = open_replay (path, HISTORY_MEMORY_MIN, 2000, NULL);
  Cursor *c = f->v.cursor;
  History *h = cursor_history (c);
  /* The log reads an event the history will let go of. */
  viewer_update_log (&f->v);
  logpos_select (&f->v.log, 1500);
  assert_int_equal (monitor_replay_read_to (f->m, 0, G_MAXINT64, &error), 0);
  guint64 oldest = history_oldest (h);
  assert_true (oldest > 1500);
  viewer_prepare_frame (&f->v);
  assert_said (f, "event #1,500 is no longer held: the history starts at ", TRUE);
  assert_non_null (strstr (message_shown (&f->v.message), "(older events went to stay "
                           "within the memory budget of 256 KiB)"));
  assert_int_equal (logpos_selected (&f->v.log), logpos_oldest (&f->v.log));

  cursor_goto (c, "#1");
  assert_int_equal (position (f), oldest);
  g_autofree char *want = g_strdup_printf ("event #1 is not held: the history starts at ");
  assert_said (f, want, TRUE);
  g_autoptr (GString) why = g_string_new (", event #");
  words_count (why, oldest);
  g_string_append (why, " (older events went to stay within the memory budget of 256 KiB)");
  assert_true (g_str_has_suffix (message_shown (&f->v.message), why->str));
  assert_table_of (f, path, oldest);
  cursor_step_events (c, -1);
  assert_int_equal (position (f), oldest);
  assert_said (f, "no earlier event shown: the history starts at ", TRUE);
  cursor_step_time (c, -100);
  assert_int_equal (position (f), oldest);
  assert_said (f, "nothing earlier: the history starts at ", TRUE);
  cursor_goto (c, "00:00:00");
  assert_said (f, "00:00:00.000 is not held: the history starts at ", TRUE);
  fixture_free (f);
  g_unlink (path);
}

/* Past the events read, a replay reads on (the recording read to event
 * 100 only): to an event number, a second on, the next event shown; the
 * events it reads do not go to the monitor's listener. */
static guint listened;

/* MonitorListener: counts the events it is told of. */
static void
count_event (const Event *ev, const Proc *p, gpointer user)
{
  listened++;
}

static void
test_read_on (void **state)
{
  Fixture *f = open_replay (BUSY, 0, 100, NULL);
  Cursor *c = f->v.cursor;

  monitor_set_listener (f->m, count_event, NULL, NULL);
  cursor_goto (c, "#300");
  assert_at (f, 300, 300);
  assert_table_of (f, BUSY, 300);
  cursor_step_events (c, 1);
  assert_true (position (f) > 300);
  assert_table_of (f, BUSY, position (f));
  cursor_step_time (c, 1);
  guint64 later = position (f);
  assert_true (later > 300);
  assert_table_of (f, BUSY, later);
  /* And back again: the history holds what was read. */
  cursor_goto (c, "#120");
  assert_int_equal (cursor_seq (c), 120);
  assert_at (f, 120, history_newest (monitor_history (f->m)));
  assert_table_of (f, BUSY, 120);
  assert_int_equal (listened, 0);
  fixture_free (f);
}

/* A replay read from a pipe goes back as a file does: the history holds
 * what was read; it reads on too. */
static void
test_pipe (void **state)
{
  int fds[2], saved = dup (0);
  g_autofree char *text = NULL;
  gsize len;

  assert_true (g_file_get_contents (TEST_DATA "/" DEMO, &text, &len, NULL));
  assert_int_equal (pipe (fds), 0);
  assert_int_equal (write (fds[1], text, len), (ssize_t) len);
  close (fds[1]);
  assert_int_equal (dup2 (fds[0], 0), 0);
  close (fds[0]);
  MonitorOptions o = { .source = MONITOR_SOURCE_REPLAY, .replay_path = "-", .history = TRUE,
                       .history_memory = HISTORY_MEMORY_DEFAULT, .keep_ns = KEEP,
                       .max_tombs = 1000 };
  ViewerOptions vo = { .tomb_show_ns = KEEP };
  g_autoptr (GError) error = NULL;
  Fixture f = { .m = monitor_new (&o, &error) };
  assert_non_null (f.m);
  viewer_init (&f.v, f.m, &vo);
  assert_int_equal (monitor_replay_read_to (f.m, 30, G_MAXINT64, &error), 1);

  cursor_goto (f.v.cursor, "#25");
  assert_int_equal (cursor_seq (f.v.cursor), 25);
  cursor_goto (f.v.cursor, "#5");
  assert_int_equal (cursor_seq (f.v.cursor), 5);
  assert_said (&f, NULL, FALSE);
  assert_table_of (&f, DEMO, 5);
  /* On is fine. */
  cursor_goto (f.v.cursor, "#33");
  assert_at (&f, 33, 33);
  viewer_clear (&f.v);
  monitor_free (f.m);
  dup2 (saved, 0);
  close (saved);
}

/* Space pauses a replay (freezing the view) and plays it on; + and - go
 * through the paces. */
static void
test_play_pace (void **state)
{
  Fixture *f = open_replay (DEMO, 0, 10, NULL);
  Cursor *c = f->v.cursor;

  cursor_play (c);
  assert_true (cursor_frozen (c));
  assert_said (f, "paused: Space plays on as fast as possible (- slows it)", TRUE);
  cursor_play (c);
  assert_false (cursor_frozen (c));
  assert_said (f, NULL, FALSE);
  cursor_pace (c, -1);
  assert_true (monitor_replay_speed (f->m) == 64);
  assert_said (f, "replaying at 64x", FALSE);
  for (int i = 0; i < 20; i++)
    cursor_pace (c, -1);
  assert_true (monitor_replay_speed (f->m) == 0.25);
  cursor_pace (c, 1);
  assert_true (monitor_replay_speed (f->m) == 0.5);
  cursor_play (c);
  assert_said (f, "paused: Space plays on at 0.5x (+ and - change it)", TRUE);
  for (int i = 0; i < 20; i++)
    cursor_pace (c, 1);
  assert_true (monitor_replay_speed (f->m) == 0);
  assert_said (f, "replaying as fast as possible", FALSE);
  fixture_free (f);
}

/* A fake /proc to poll, copied from tests/data/proc-scan into DIR. */
static char *
fake_proc (const char *dir)
{
  char *root = g_build_filename (dir, "proc", NULL);
  g_autofree char *cmd = g_strdup_printf ("cp -a %s %s", TEST_DATA "/proc-scan", root);
  gint status;

  assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  assert_int_equal (status, 0);
  return root;
}

/* Runs the main loop until M has applied EVENTS events at least. */
static void
poll_until (Monitor *m, guint64 events)
{
  for (guint i = 0; i < 1000 && monitor_stats (m)->events < events; i++)
    g_main_context_iteration (NULL, TRUE);
  assert_true (monitor_stats (m)->events >= events);
}

/* Starts F: a viewer (120x40) on a live source polling a fake /proc in
 * DIR, whose root goes to *ROOT, once the poller has seen process 300. */
static void
live_open (Fixture *f, const char *dir, char **root)
{
  *root = fake_proc (dir);
  MonitorOptions o = { .source = MONITOR_SOURCE_POLL, .poll_ms = 10, .proc_root = *root,
                       .history = TRUE, .history_memory = HISTORY_MEMORY_DEFAULT,
                       .keep_ns = KEEP, .max_tombs = 100 };
  ViewerOptions vo = { .tomb_show_ns = KEEP };
  g_autoptr (GError) error = NULL;

  f->m = monitor_new (&o, &error);
  assert_non_null (f->m);
  viewer_init (&f->v, f->m, &vo);
  layout_compute (120, 40, &f->v.layout);
  monitor_start (f->m);
  for (guint i = 0; i < 1000 && !proctab_lookup (monitor_proctab (f->m), 300); i++)
    g_main_context_iteration (NULL, TRUE);
}

/* Frees what live_open made, and DIR. */
static void
live_close (Fixture *f, const char *dir)
{
  g_autofree char *rm = g_strdup_printf ("rm -rf %s", dir);

  viewer_clear (&f->v);
  monitor_free (f->m);
  assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
}

/* A live source (a poller on a fake /proc, whose processes come and go):
 * the cursor stops at the freeze point and at forkscope's start, which it
 * cannot go before, and says so; at the freeze point the header says
 * FROZEN, not where the cursor stands. */
static void
test_live_edges (void **state)
{
  g_autofree char *dir = g_dir_make_tmp ("forkscope-cursor-XXXXXX", NULL);
  g_autofree char *root = NULL;
  Fixture f;
  Cursor *c;
  guint64 at, of;

  live_open (&f, dir, &root);
  c = f.v.cursor;
  /* Processes end: exits, the events of a live source. */
  const char *gone[] = { "300", "20", "800", "200", "100" };
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_autofree char *p = g_build_filename (root, gone[i], NULL);
      g_autofree char *rm = g_strdup_printf ("rm -rf %s", p);
      assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
      poll_until (f.m, i + 1);
    }
  cursor_freeze (c);
  assert_false (cursor_position (c, &at, &of));
  cursor_step_events (c, 1);
  assert_int_equal (cursor_seq (c), 0);
  assert_said (&f, "the freeze point: z returns to now", FALSE);
  cursor_step_time (c, 1);
  assert_said (&f, "the freeze point: z returns to now", FALSE);

  History *h = cursor_history (c);
  guint64 newest = history_newest (h), first = newest - 4;
  cursor_step_events (c, -1);
  assert_int_equal (cursor_seq (c), newest - 1);
  assert_true (cursor_position (c, &at, &of));
  assert_int_equal (at, newest - 1);
  assert_int_equal (of, newest);
  /* Back to the first exit: before it, only the scan's snapshots. */
  cursor_step_events (c, -10);
  assert_said (&f, "no earlier event shown: forkscope started at ", TRUE);
  assert_int_equal (cursor_seq (c), first);
  cursor_step_time (c, -100);
  assert_said (&f, "nothing earlier: forkscope started at ", TRUE);
  assert_int_equal (cursor_seq (c), 1);
  /* A number past the newest event stops at the freeze point, as a step
   * past it does, however large. */
  cursor_goto (c, "#999");
  assert_int_equal (cursor_seq (c), 0);
  assert_said (&f, "the freeze point: z returns to now", FALSE);
  cursor_go (c, first);
  cursor_goto (c, "#999999999999999999999");
  assert_int_equal (cursor_seq (c), 0);
  assert_said (&f, "the freeze point: z returns to now", FALSE);
  /* A time before the first event: the first, forkscope's start. */
  cursor_goto (c, "00:00:00");
  assert_int_equal (cursor_seq (c), 1);
  assert_said (&f, "00:00:00.000 is before the first event: forkscope started at ", TRUE);
  /* What an event at the cursor says of its process is as it was. */
  cursor_go (c, first);
  assert_int_equal (pid_of (cursor_proctab (c), viewer_entry (&f.v, first + 1)->serial), 20);
  cursor_toggle_freeze (c);
  assert_false (cursor_frozen (c));

  live_close (&f, dir);
}

/* The state letter /proc gives process 300 in the viewer's samples, or 0
 * when it was not read. */
static char
sampled_state (Viewer *v)
{
  const Proc *p = proctab_lookup (monitor_proctab (v->m), 300);
  const ProcSample *s = p ? g_hash_table_lookup (v->samples, &p->serial) : NULL;

  return s ? s->state : 0;
}

/* Writes the state letter STATE into the fake /proc's 300/stat under ROOT. */
static void
set_state (const char *root, char state)
{
  g_autofree char *path = g_build_filename (root, "300", "stat", NULL);
  g_autofree char *text = NULL;

  assert_true (g_file_get_contents (path, &text, NULL, NULL));
  char *at = strstr (text, ") ");
  assert_non_null (at);
  at[2] = state;
  assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Frozen, the tree keeps what /proc said at the freeze (a state letter
 * read later would change a still view); the thaw reads it again. */
static void
test_live_frozen_samples (void **state)
{
  g_autofree char *dir = g_dir_make_tmp ("forkscope-cursor-XXXXXX", NULL);
  g_autofree char *root = NULL;
  Fixture f;

  live_open (&f, dir, &root);
  viewer_prepare_frame (&f.v);
  assert_int_equal (sampled_state (&f.v), 'S');

  viewer_react (&f.v, cursor_toggle_freeze (f.v.cursor));
  set_state (root, 'R');
  viewer_react (&f.v, viewer_tick (&f.v));
  viewer_prepare_frame (&f.v);
  assert_int_equal (sampled_state (&f.v), 'S');

  viewer_react (&f.v, cursor_toggle_freeze (f.v.cursor));
  viewer_prepare_frame (&f.v);
  assert_int_equal (sampled_state (&f.v), 'R');

  /* A tick just before the freeze: the frozen view keeps what was read
   * before it, and a move of the time cursor back to the freeze point
   * does not read the details' place again (today's). */
  viewer_react (&f.v, viewer_tick (&f.v));
  set_state (root, 'D');
  viewer_react (&f.v, cursor_toggle_freeze (f.v.cursor));
  viewer_prepare_frame (&f.v);
  assert_int_equal (sampled_state (&f.v), 'R');
  guint64 det = f.v.det_serial;
  assert_true (det != 0);
  viewer_react (&f.v, cursor_go (f.v.cursor, 0));
  assert_int_equal (f.v.det_serial, det);
  viewer_react (&f.v, cursor_toggle_freeze (f.v.cursor));
  assert_int_equal (f.v.det_serial, 0);
  viewer_prepare_frame (&f.v);
  assert_int_equal (sampled_state (&f.v), 'D');

  live_close (&f, dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_live),
    cmocka_unit_test (test_freeze_thaw),
    cmocka_unit_test (test_step_events),
    cmocka_unit_test (test_step_filtered),
    cmocka_unit_test (test_step_time),
    cmocka_unit_test (test_step_gaps),
    cmocka_unit_test (test_goto),
    cmocka_unit_test (test_goto_start),
    cmocka_unit_test (test_back),
    cmocka_unit_test (test_before_history),
    cmocka_unit_test (test_read_on),
    cmocka_unit_test (test_pipe),
    cmocka_unit_test (test_play_pace),
    cmocka_unit_test (test_live_edges),
    cmocka_unit_test (test_live_frozen_samples),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
