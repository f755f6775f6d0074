/* test-replay.c - the replay source, driven by a real main loop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "proctab.h"
#include "json.h"
#include "jsonread.h"
#include "source.h"

/* What a test saw from one replay. */
typedef struct {
  GMainLoop *loop;
  Source *src;
  GPtrArray *events;       /* of Event* copies */
  GArray *times;           /* g_get_monotonic_time() at each emit */
  GError *error;
  guint done;              /* times done() was called */
  gboolean free_in_done;   /* free the source from done() */
  guint quit_after;        /* quit the loop after this many events (0: never) */
  guint ticks;             /* fires of a 1 ms timer while replaying */
  GPtrArray *origins;      /* of Origin* copies, from header records */
  GArray *origin_at;       /* events emitted before each origin came */
  guint long_waits;        /* waits long_wait told of */
  gint64 long_due_ns;      /* and the last one's due_ns */
  guint long_wait_at;      /* events emitted before it came */
  gboolean quit_on_long_wait;  /* quit the loop when told */
} Run;

/* SourceCallbacks.emit: keeps a copy and the time. */
static void
run_emit (const Event *ev, gpointer user)
{
  Run *r = user;
  g_ptr_array_add (r->events, event_dup (ev));
  gint64 now = g_get_monotonic_time ();
  g_array_append_val (r->times, now);
  if (r->quit_after && r->events->len == r->quit_after)
    g_main_loop_quit (r->loop);
}

/* SourceCallbacks.origin: keeps a copy, and when it came. */
static void
run_origin (const Origin *o, gpointer user)
{
  Run *r = user;
  g_ptr_array_add (r->origins, origin_dup (o));
  g_array_append_val (r->origin_at, r->events->len);
}

/* SourceCallbacks.long_wait: counts the waits shortened, and when. */
static void
run_long_wait (gint64 due_ns, gint64 wait_ns, gpointer user)
{
  Run *r = user;
  r->long_waits++;
  r->long_due_ns = due_ns;
  r->long_wait_at = r->events->len;
  assert_int_equal (wait_ns, SOURCE_REPLAY_MAX_WAIT_NS);
  if (r->quit_on_long_wait)
    g_main_loop_quit (r->loop);
}

/* SourceCallbacks.done: records the end and stops the loop. */
static void
run_done (const GError *error, gpointer user)
{
  Run *r = user;
  r->done++;
  if (error)
    r->error = g_error_copy (error);
  if (r->free_in_done)
    {
      source_free (r->src);
      r->src = NULL;
    }
  g_main_loop_quit (r->loop);
}

/* A 1 ms timer: counts how often the loop gets to run other sources. */
static gboolean
run_tick (gpointer user)
{
  ((Run *) user)->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Fails the test if the loop runs for too long. */
static gboolean
run_timeout (gpointer user)
{
  fail_msg ("replay did not finish in time");
  return G_SOURCE_REMOVE;
}

/* Prepares a run of PATH at SPEED; the source must open. */
static void
run_init (Run *r, const char *path, double speed)
{
  static SourceCallbacks cb = { run_emit, run_done, NULL, run_origin, run_long_wait, NULL };
  g_autoptr (GError) error = NULL;

  *r = (Run) { .loop = g_main_loop_new (NULL, FALSE),
               .events = g_ptr_array_new_with_free_func (event_free),
               .times = g_array_new (FALSE, FALSE, sizeof (gint64)),
               .origins = g_ptr_array_new_with_free_func ((GDestroyNotify) origin_free),
               .origin_at = g_array_new (FALSE, FALSE, sizeof (guint)) };
  cb.user = r;
  r->src = source_replay_new (&cb, path, speed, &error);
  if (!r->src)
    fail_msg ("%s: %s", path, error->message);
  assert_string_equal (r->src->klass->name, "replay");
  assert_false (r->src->klass->live);
  assert_non_null (r->src->why);
}

/* Attaches the source and runs the loop until done (or quit_after). */
static void
run_loop (Run *r)
{
  guint tick = g_timeout_add (1, run_tick, r);
  guint guard = g_timeout_add_seconds (20, run_timeout, r);
  source_attach (r->src);
  g_main_loop_run (r->loop);
  g_source_remove (tick);
  g_source_remove (guard);
}

/* Frees what a run holds. */
static void
run_clear (Run *r)
{
  if (r->src)
    source_free (r->src);
  /* Nothing may fire after free. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (r->events);
  g_array_unref (r->times);
  g_ptr_array_unref (r->origins);
  g_array_unref (r->origin_at);
  g_clear_error (&r->error);
  g_main_loop_unref (r->loop);
}

/* Reads a fixture line by line with jsonread, for comparison. */
static GPtrArray *
read_fixture (const char *path)
{
  g_autofree char *text = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func (event_free);

  assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      Event *ev = g_new0 (Event, 1);
      if (**l && jsonread_event (*l, strlen (*l), ev, NULL))
        g_ptr_array_add (events, ev);
      else
        g_free (ev);
    }
  return events;
}

/* The demo recording replays whole, in order, and builds the expected
 * process table. */
static void
test_demo_fast (void **state)
{
  Run r;
  run_init (&r, TEST_DATA "/rec-demo.jsonl", 0);
  run_loop (&r);
  assert_int_equal (r.done, 1);
  assert_null (r.error);

  g_autoptr (GPtrArray) want = read_fixture (TEST_DATA "/rec-demo.jsonl");
  assert_int_equal (r.events->len, 37);
  assert_int_equal (want->len, 37);
  g_autoptr (Proctab) pt = proctab_new (G_GINT64_CONSTANT (1000000000000), 100);
  for (guint i = 0; i < want->len; i++)
    {
      Event *a = r.events->pdata[i];
      const Event *b = want->pdata[i];
      assert_int_equal (a->kind, b->kind);
      assert_int_equal (a->pid, b->pid);
      assert_int_equal (a->mono_ns, b->mono_ns);
      assert_string_equal (a->comm ? a->comm : "", b->comm ? b->comm : "");
      proctab_apply (pt, a);
    }
  Proc *bash = proctab_lookup (pt, 1000);
  assert_non_null (bash);
  assert_string_equal (bash->comm, "bash");
  assert_int_equal (bash->euid, 1000);
  assert_null (proctab_lookup (pt, 1205));
  assert_non_null (proctab_lookup (pt, 1100));
  run_clear (&r);
}

/* Replaying a recording through the process table and writing it again
 * gives the recording back byte for byte (context fields included). */
static void
test_rerecord (void **state)
{
  static const char *const files[] = {
    TEST_DATA "/rec-demo.jsonl", TEST_DATA "/rec-hostile.jsonl",
  };
  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *text = NULL;
      Run r;
      assert_true (g_file_get_contents (files[f], &text, NULL, NULL));
      run_init (&r, files[f], 0);
      run_loop (&r);
      assert_null (r.error);
      g_autoptr (Proctab) pt = proctab_new (G_GINT64_CONSTANT (1000000000000), 100);
      g_autoptr (GString) out = g_string_new (NULL);
      for (guint i = 0; i < r.events->len; i++)
        json_event (out, r.events->pdata[i], proctab_apply (pt, r.events->pdata[i]), NULL);
      assert_string_equal (out->str, text);
      run_clear (&r);
    }
}

/* With a speed, events come at their recorded pace, never early. */
static void
test_demo_paced (void **state)
{
  const double speed = 10;
  Run r;
  run_init (&r, TEST_DATA "/rec-demo.jsonl", speed);
  gint64 start = g_get_monotonic_time ();
  run_loop (&r);
  gint64 took = g_get_monotonic_time () - start;
  assert_null (r.error);
  assert_int_equal (r.events->len, 37);

  /* Counted from before the replay began, not from the first event's
   * arrival: the pace starts when the first event is read, and a busy
   * machine may hand that event over late, which would make the next ones
   * look early. */
  const Event *first = r.events->pdata[0];
  for (guint i = 1; i < r.events->len; i++)
    {
      const Event *ev = r.events->pdata[i];
      gint64 due_us = (gint64) ((ev->mono_ns - first->mono_ns) / 1000 / speed);
      gint64 at_us = g_array_index (r.times, gint64, i) - start;
      if (at_us < due_us - 1000)
        fail_msg ("event %u at %" G_GINT64_FORMAT " us, due %" G_GINT64_FORMAT, i, at_us, due_us);
    }
  /* 2.7 s of recording at 10x: about 270 ms. */
  assert_true (took >= 260000);
  assert_true (took < 5000000);
  run_clear (&r);
}

/* The pace: each event waits its gap at the speed, no longer than
 * SOURCE_REPLAY_MAX_WAIT_NS (and says the wait it would have been); one
 * older waits 0 and leaves the reference, but two in a row older by more
 * than the bound (a clock gone back) pace the rest from the first. */
static void
test_pace (void **state)
{
  /* S: a second in us (waits); SEC: a second in ns (recorded times). */
  const gint64 s = G_USEC_PER_SEC, sec = 1000 * s, max_us = SOURCE_REPLAY_MAX_WAIT_NS / 1000;
  SourceReplayPace pace = { 0 };
  gint64 due_ns;

  assert_int_equal (source_replay_pace_wait (&pace, 1000 * sec, 1, 100, &due_ns), 0);
  assert_int_equal (due_ns, 0);
  /* 2 s later at 2x: 1 s, counted from when the first was due. */
  assert_int_equal (source_replay_pace_wait (&pace, 1002 * sec, 2, 100, &due_ns), s);
  assert_int_equal (source_replay_pace_wait (&pace, 1002 * sec, 2, 100 + s, &due_ns), 0);
  /* Older, a little (another CPU) or by centuries once (a wild time): at
   * once, the reference stays. */
  assert_int_equal (source_replay_pace_wait (&pace, 1001 * sec, 1, 100 + s, &due_ns), 0);
  assert_int_equal (source_replay_pace_wait (&pace, G_MININT64, 1, 100 + s, &due_ns), 0);
  assert_int_equal (source_replay_pace_wait (&pace, 1003 * sec, 1, 100 + s, &due_ns), s);
  assert_int_equal (source_replay_pace_wait (&pace, 1003 * sec, 1, 100 + 2 * s, &due_ns), 0);
  assert_int_equal (pace.ev_ns, 1003 * sec);
  /* 292 years later: the bound, and what it would have been. */
  gint64 now = 100 + 2 * s;
  assert_int_equal (source_replay_pace_wait (&pace, G_MAXINT64, 1, now, &due_ns), max_us);
  assert_true (due_ns > G_GINT64_CONSTANT (100000) * 86400 * 1000000000);
  now += max_us;
  assert_int_equal (source_replay_pace_wait (&pace, G_MAXINT64, 1, now, &due_ns), 0);
  assert_int_equal (pace.ev_ns, G_MAXINT64);
  /* Back to normal times: the first at once, the second paced from it. */
  assert_int_equal (source_replay_pace_wait (&pace, 5 * sec, 1, now, &due_ns), 0);
  assert_int_equal (pace.ev_ns, G_MAXINT64);
  assert_int_equal (source_replay_pace_wait (&pace, 6 * sec, 1, now, &due_ns), s);
  assert_int_equal (source_replay_pace_wait (&pace, 6 * sec, 1, now + s, &due_ns), 0);
  assert_int_equal (pace.ev_ns, 6 * sec);
  now += s;
  assert_int_equal (source_replay_pace_wait (&pace, 8 * sec, 1, now, &due_ns), 2 * s);
  assert_int_equal (due_ns, 0);
  /* 6 s after the reference at half speed: 12 s, shortened too. */
  assert_int_equal (source_replay_pace_wait (&pace, 12 * sec, 0.5, now, &due_ns), max_us);
  assert_int_equal (due_ns, 12 * sec);

  /* A clock gone back with the events after it far apart: paced from the
   * first of them, each gap shortened to the bound. */
  pace = (SourceReplayPace) { 0 };
  now = 100;
  assert_int_equal (source_replay_pace_wait (&pace, 1000 * sec, 1, now, &due_ns), 0);
  assert_int_equal (source_replay_pace_wait (&pace, 10 * sec, 1, now, &due_ns), 0);
  assert_int_equal (source_replay_pace_wait (&pace, 17 * sec, 1, now, &due_ns), max_us);
  assert_int_equal (due_ns, 7 * sec);
  now += max_us;
  assert_int_equal (source_replay_pace_wait (&pace, 17 * sec, 1, now, &due_ns), 0);
  assert_int_equal (pace.ev_ns, 17 * sec);
  assert_int_equal (source_replay_pace_wait (&pace, 24 * sec, 1, now, &due_ns), max_us);
  assert_int_equal (due_ns, 7 * sec);
}

/* A replay of rec-extreme.jsonl at real time does not wait 292 years for
 * its fork: its wait is shortened and told, once, before that event. */
static void
test_extreme_paced (void **state)
{
  Run r;
  run_init (&r, TEST_DATA "/rec-extreme.jsonl", 1);
  r.quit_on_long_wait = TRUE;
  run_loop (&r);
  assert_int_equal (r.long_waits, 1);
  assert_true (r.long_due_ns > G_GINT64_CONSTANT (100000) * 86400 * 1000000000);
  /* The three snapshots and two exits are out (those recorded centuries
   * back waited nothing); the fork recorded at the end of time waits. */
  assert_int_equal (r.long_wait_at, 5);
  run_clear (&r);
}

/* A broken line stops the replay with FILE:LINE and nothing after it. */
static void
test_broken (void **state)
{
  Run r;
  run_init (&r, TEST_DATA "/rec-broken.jsonl", 0);
  run_loop (&r);
  assert_int_equal (r.done, 1);
  assert_non_null (r.error);
  assert_true (g_error_matches (r.error, JSONREAD_ERROR, JSONREAD_ERROR_SYNTAX));
  assert_true (g_str_has_prefix (r.error->message, TEST_DATA "/rec-broken.jsonl:4: column "));
  assert_non_null (strstr (r.error->message, "line ends inside a string"));
  assert_int_equal (r.events->len, 2);
  run_clear (&r);
}

/* Newer recordings: unknown kinds skipped and counted, unknown fields,
 * BOM, CRLF, blank lines and a last line without newline are fine. */
static void
test_future (void **state)
{
  Run r;
  run_init (&r, TEST_DATA "/rec-future.jsonl", 0);
  run_loop (&r);
  assert_null (r.error);
  assert_int_equal (r.events->len, 3);
  assert_int_equal (r.src->dropped, 1);
  const Event *fork = r.events->pdata[1], *exit = r.events->pdata[2];
  assert_int_equal (fork->kind, EVENT_FORK);
  assert_int_equal (fork->wall_ns, G_GINT64_CONSTANT (1714564800500000000));
  assert_int_equal (exit->kind, EVENT_EXIT);
  assert_int_equal (exit->mono_ns, 4000);
  run_clear (&r);
}

/* A paced replay of times at the ends of the 64-bit range: an event
 * recorded far back waits nothing and holds up none of those after it;
 * all come, in order (a wrapped-around gap would wait for years). */
static void
test_extreme_times (void **state)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("forkscope-replay-XXXXXX.jsonl", &path, NULL);
  static const char text[] =
    "{\"event\":\"fork\",\"pid\":2,\"mono_ns\":1000000000,\"ptgid\":1}\n"
    "{\"event\":\"fork\",\"pid\":3,\"mono_ns\":-9223372036854775808,\"ptgid\":1}\n"
    "{\"event\":\"fork\",\"pid\":4,\"mono_ns\":1001000000,\"ptgid\":1}\n"
    "{\"event\":\"fork\",\"pid\":5,\"mono_ns\":-9223372036854775807,\"ptgid\":1}\n"
    "{\"event\":\"fork\",\"pid\":6,\"mono_ns\":1001000001,\"ptgid\":1}\n";
  assert_true (fd >= 0);
  assert_int_equal (write (fd, text, sizeof text - 1), sizeof text - 1);
  close (fd);

  Run r;
  run_init (&r, path, 1000);
  run_loop (&r);
  assert_null (r.error);
  assert_int_equal (r.events->len, 5);
  for (guint i = 0; i < 5; i++)
    assert_int_equal (((Event *) r.events->pdata[i])->pid, i + 2);
  run_clear (&r);
  g_unlink (path);
}

/* Writes TEXT to a new temporary recording; returns its path. */
static char *
write_recording (const char *text)
{
  char *path = NULL;
  int fd = g_file_open_tmp ("forkscope-replay-XXXXXX.jsonl", &path, NULL);
  gsize len = strlen (text);

  assert_true (fd >= 0);
  assert_int_equal (write (fd, text, len), len);
  close (fd);
  return path;
}

/* A header record is no event: it describes the source ("replaying
 * PATH, recorded on HOST, kernel K", escaped) and is handed over before
 * the events after it.  A later header that says the same is not handed
 * over again; one that says something else is (rotated files joined). */
static void
test_header (void **state)
{
  g_autofree char *path = write_recording (
    "{\"forkscope\":\"0.1.0\",\"host\":\"web\\u001b1\",\"boot_id\":\"b1\",\"kernel\":\"6.1\"}\n"
    "{\"event\":\"fork\",\"pid\":2,\"mono_ns\":1,\"ptgid\":1,\"entity_id\":\"b1:2:0\"}\n"
    "{\"forkscope\":\"0.1.0\",\"host\":\"web\\u001b1\",\"boot_id\":\"b1\",\"kernel\":\"6.1\"}\n"
    "{\"event\":\"fork\",\"pid\":3,\"mono_ns\":2,\"ptgid\":1}\n"
    "{\"forkscope\":\"0.1.0\",\"host\":\"web2\",\"boot_id\":\"b2\"}\n"
    "{\"event\":\"fork\",\"pid\":4,\"mono_ns\":3,\"ptgid\":1}\n");
  Run r;

  run_init (&r, path, 0);
  g_autofree char *before = g_strdup_printf ("replaying %s", path);
  assert_string_equal (r.src->why, before);
  run_loop (&r);
  assert_null (r.error);
  assert_int_equal (r.events->len, 3);
  assert_string_equal (((Event *) r.events->pdata[0])->entity_id, "b1:2:0");
  assert_int_equal (r.origins->len, 2);
  const Origin *first = r.origins->pdata[0], *second = r.origins->pdata[1];
  assert_string_equal (first->host, "web\x1b" "1");
  assert_string_equal (first->kernel, "6.1");
  assert_int_equal (g_array_index (r.origin_at, guint, 0), 0);
  assert_string_equal (second->boot_id, "b2");
  assert_null (second->kernel);
  assert_int_equal (g_array_index (r.origin_at, guint, 1), 2);
  g_autofree char *after = g_strdup_printf ("replaying %s, recorded on web2", path);
  assert_string_equal (r.src->why, after);
  run_clear (&r);
  g_unlink (path);

  /* The description escapes what the header holds. */
  g_autofree char *one = write_recording (
    "{\"forkscope\":\"0.1.0\",\"host\":\"web\\u001b1\",\"kernel\":\"6.1\"}\n");
  run_init (&r, one, 0);
  run_loop (&r);
  g_autofree char *escaped = g_strdup_printf ("replaying %s, recorded on web\\e1, kernel 6.1", one);
  assert_string_equal (r.src->why, escaped);
  assert_int_equal (r.events->len, 0);
  run_clear (&r);
  g_unlink (one);

  /* A broken header stops the replay like any broken line. */
  g_autofree char *bad = write_recording (
    "{\"forkscope\":\"0.1.0\",\"host\":7}\n"
    "{\"event\":\"fork\",\"pid\":2,\"mono_ns\":1,\"ptgid\":1}\n");
  run_init (&r, bad, 0);
  run_loop (&r);
  assert_non_null (r.error);
  assert_non_null (strstr (r.error->message, ":1: column"));
  assert_non_null (strstr (r.error->message, "\"host\": expected a string"));
  assert_int_equal (r.events->len, 0);
  run_clear (&r);
  g_unlink (bad);
}

/* Paths that cannot be replayed fail at creation with a clear message. */
static void
test_open_errors (void **state)
{
  SourceCallbacks cb = { run_emit, run_done, NULL, NULL, NULL, NULL };
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;

  assert_null (source_replay_new (&cb, "/nonexistent/rec.jsonl", 0, &e1));
  assert_true (g_error_matches (e1, G_FILE_ERROR, G_FILE_ERROR_NOENT));
  assert_true (g_str_has_prefix (e1->message, "/nonexistent/rec.jsonl: "));
  assert_null (source_replay_new (&cb, TEST_DATA, 0, &e2));
  assert_true (g_error_matches (e2, G_FILE_ERROR, G_FILE_ERROR_ISDIR));
  assert_null (source_replay_new (&cb, TEST_DATA "/rec-demo.jsonl", -1, &e3));
  assert_non_null (strstr (e3->message, "speed"));
}

/* Writes to the pipe in pieces from the main loop: half a line, the rest,
 * then closes it. */
static gboolean
stdin_feed (gpointer user)
{
  static const char *const pieces[] = {
    "{\"event\":\"fork\",\"pid\":5,\"mono_ns\":1,\"ptgid\":1}\n{\"event\":\"ex",
    "ec\",\"pid\":5,\"mono_ns\":2,\"comm\":\"late\"}\n",
    "{\"event\":\"exit\",\"pid\":5,\"mono_ns\":3}",
  };
  static guint next;
  int *fd = user;

  if (next == G_N_ELEMENTS (pieces))
    {
      close (*fd);
      next = 0;
      return G_SOURCE_REMOVE;
    }
  assert_int_equal (write (*fd, pieces[next], strlen (pieces[next])), strlen (pieces[next]));
  next++;
  return G_SOURCE_CONTINUE;
}

/* "-" reads stdin as it arrives, across partial lines, to EOF. */
static void
test_stdin (void **state)
{
  int fds[2], saved = dup (STDIN_FILENO);
  assert_int_equal (pipe (fds), 0);
  assert_int_equal (dup2 (fds[0], STDIN_FILENO), STDIN_FILENO);
  close (fds[0]);

  Run r;
  run_init (&r, "-", 0);
  assert_non_null (strstr (r.src->why, "stdin"));
  g_timeout_add (20, stdin_feed, &fds[1]);
  run_loop (&r);
  assert_null (r.error);
  assert_int_equal (r.events->len, 3);
  assert_string_equal (((Event *) r.events->pdata[1])->comm, "late");
  run_clear (&r);

  assert_int_equal (dup2 (saved, STDIN_FILENO), STDIN_FILENO);
  close (saved);
}

/* A big file is replayed in batches: the loop keeps running other
 * sources, and the source may be freed from done(). */
static void
test_big_file (void **state)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("forkscope-replay-XXXXXX.jsonl", &path, NULL);
  assert_true (fd >= 0);
  g_autoptr (GString) text = g_string_new (NULL);
  /* Under valgrind a tenth, to stay within the time limit. */
  const guint n = g_getenv ("FORKSCOPE_VALGRIND") ? 10000 : 100000;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "{\"event\":\"fork\",\"pid\":%u,\"mono_ns\":%u,\"ptgid\":1}\n",
                            i + 2, i);
  assert_int_equal (write (fd, text->str, text->len), text->len);
  close (fd);

  Run r;
  run_init (&r, path, 0);
  r.free_in_done = TRUE;
  run_loop (&r);
  assert_null (r.src);
  assert_null (r.error);
  assert_int_equal (r.events->len, n);
  assert_int_equal (((Event *) r.events->pdata[n - 1])->pid, n + 1);
  /* At 256 events per dispatch that is 39 or 390 dispatches; the 1 ms
   * timer must have had its turn between them. */
  assert_true (r.ticks > 0);
  run_clear (&r);
  g_unlink (path);
}

/* Freed mid-replay (quit after a few events): nothing fires afterwards. */
static void
test_free_early (void **state)
{
  Run r;
  run_init (&r, TEST_DATA "/rec-demo.jsonl", 1);
  r.quit_after = 8;
  run_loop (&r);
  assert_int_equal (r.done, 0);
  assert_int_equal (r.events->len, 8);
  source_free (r.src);
  r.src = NULL;
  g_usleep (20000);
  run_clear (&r);
  assert_int_equal (r.done, 0);
}

/* A line longer than the limit is an error, not unbounded memory. */
static void
test_long_line (void **state)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("forkscope-replay-XXXXXX.jsonl", &path, NULL);
  assert_true (fd >= 0);
  char block[65536];
  memset (block, 'x', sizeof block);
  for (int i = 0; i < 1040; i++)  /* 65 MiB without a newline */
    assert_int_equal (write (fd, block, sizeof block), sizeof block);
  close (fd);

  Run r;
  run_init (&r, path, 0);
  run_loop (&r);
  assert_non_null (r.error);
  assert_non_null (strstr (r.error->message, ":1: line longer than"));
  assert_int_equal (r.events->len, 0);
  run_clear (&r);
  g_unlink (path);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_header),
    cmocka_unit_test (test_demo_fast),
    cmocka_unit_test (test_rerecord),
    cmocka_unit_test (test_demo_paced),
    cmocka_unit_test (test_pace),
    cmocka_unit_test (test_extreme_paced),
    cmocka_unit_test (test_broken),
    cmocka_unit_test (test_future),
    cmocka_unit_test (test_extreme_times),
    cmocka_unit_test (test_open_errors),
    cmocka_unit_test (test_stdin),
    cmocka_unit_test (test_big_file),
    cmocka_unit_test (test_free_early),
    cmocka_unit_test (test_long_line),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
