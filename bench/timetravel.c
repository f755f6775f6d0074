/* timetravel.c - what the time cursor costs: the table at an event, and a
 * replay's seek.
 *
 *   timetravel [-p PROCS] [-H HISTORY] [-n RECORDS] [-s SEEKS] [-w FILE [-W]]
 *
 * Scrub: a timeline of HISTORY events (default 10,000) over a machine of
 * PROCS live processes (default 5,000), fed three times HISTORY events of
 * churn (fork, exec, rename, exit) so that the ring is full and the
 * lagging table has folded; then the CPU time of what one key of the
 * cursor costs before drawing, moving a TimelineCursor as the viewer does:
 * to a random event of the ring (g, :), one event back from there (a copy
 * of its anchor and up to 1,000 folds, as [), one event forward (one fold,
 * as ]), each with the rows of the tree built and the first 40 of them put
 * into words.  And the memory: the
 * lagging table and the ring, in bytes malloc holds (mallinfo2).
 *
 * Seek: a recording of RECORDS events (default 1,000,000) of the same
 * machine, written to a temporary file (or FILE with -w, then kept), read
 * through once by a replay monitor as the viewer reads it (checkpoints
 * taken), then SEEKS seeks (default 20) to random event numbers and as
 * many to random times, each timed in CPU time.  With -W it only writes
 * the recording (for timetravel.sh, which times the viewer itself).
 *
 * CPU time, not wall time: the machine is shared.  It prints Markdown. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rowtext.h"
#include "json.h"
#include "logpos.h"
#include "monitor.h"
#include "replaynav.h"
#include "rows.h"
#include "timeline.h"

#include "benchutil.h"

#define MS G_GINT64_CONSTANT (1000000)
#define KEEP_NS (60 * G_GINT64_CONSTANT (1000000000))
#define MAX_TOMBS 20000
/* Rows put into words per key, as a 45-line terminal shows. */
#define SHOWN_ROWS 40

/* Builds the tree's rows of PT at NOW and puts the first ones into words,
 * as a redraw does; returns the rows' count. */
static guint
tt_draw (const Proctab *pt, gint64 now)
{
  g_autoptr (GPtrArray) roots = proctab_roots (pt);
  RowsOptions o = { .now_ns = now, .tomb_show_ns = 5000 * MS };
  GArray *rows = rows_build (roots, &o);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = now };
  g_autoptr (GString) s = g_string_new (NULL);
  guint n = rows->len;

  for (guint i = 0; i < MIN (rows->len, SHOWN_ROWS); i++)
    {
      g_string_truncate (s, 0);
      rowtext_tree_row (s, &g_array_index (rows, Row, i), &ctx, 160);
    }
  g_array_unref (rows);
  return n;
}

/* The scrub figures. */
static void
tt_scrub (guint procs, guint capacity, guint keys)
{
  BenchGen g;
  double heap0 = benchutil_heap ();
  g_autoptr (Proctab) live = proctab_new (KEEP_NS, MAX_TOMBS);
  double heap_live, heap_all, heap_lag;
  g_autofree double *jump = g_new (double, keys);
  g_autofree double *back = g_new (double, keys);
  g_autofree double *fwd = g_new (double, keys);
  g_autofree double *copies = g_new (double, keys);
  g_autofree double *frees = g_new (double, keys);
  guint rows = 0;

  benchutil_gen_init (&g, procs, MS, FALSE);
  g_autoptr (Timeline) tl = timeline_new (capacity, KEEP_NS, MAX_TOMBS);
  for (guint i = 0; i < procs + 3 * capacity; i++)
    {
      Event ev;
      benchutil_gen_next (&g, &ev);
      const Proc *p = proctab_apply (live, &ev);
      timeline_append (tl, &ev, p);
      event_clear (&ev);
    }
  heap_all = benchutil_heap () - heap0;
  /* The live table alone, and the lagging one (as a copy of it). */
  heap0 = benchutil_heap ();
  Proctab *copy = proctab_copy (live);
  heap_live = benchutil_heap () - heap0;
  proctab_free (copy);
  heap0 = benchutil_heap ();
  copy = timeline_table_at (tl, 0);
  heap_lag = benchutil_heap () - heap0;
  proctab_free (copy);

  const History *h = timeline_history (tl);
  guint64 first = history_get (h, 0)->seq, last = history_get (h, history_len (h) - 1)->seq;
  GRand *rand = g_rand_new_with_seed (7);
  for (guint i = 0; i < keys; i++)
    {
      /* As the viewer moves its cursor: a jump, one step back, one forward. */
      TimelineCursor cur;
      guint64 at = first + 1 + g_rand_int_range (rand, 0, (gint32) (last - first - 1));
      gint64 now = logpos_entry (h, at)->ev.mono_ns;
      timeline_cursor_init (&cur, tl);
      double t0 = benchutil_cpu ();
      rows = tt_draw (timeline_cursor_move (&cur, at), now);
      double t1 = benchutil_cpu ();
      tt_draw (timeline_cursor_move (&cur, at - 1), now);
      double t2 = benchutil_cpu ();
      tt_draw (timeline_cursor_move (&cur, at), now);
      double t3 = benchutil_cpu ();
      Proctab *dup = proctab_copy (cur.pt);
      double t4 = benchutil_cpu ();
      proctab_free (dup);
      double t5 = benchutil_cpu ();
      timeline_cursor_clear (&cur);
      jump[i] = t1 - t0;
      back[i] = t2 - t1;
      fwd[i] = t3 - t2;
      copies[i] = t4 - t3;
      frees[i] = t5 - t4;
    }
  g_rand_free (rand);
  printf ("### Scrub: %u processes, a history of %u events\n\n", proctab_count_live (live),
          capacity);
  printf ("%u rows in the tree (tombstones shown 5 s); each key: the table, the rows, "
          "%d rows put into words.\n\n", rows, SHOWN_ROWS);
  printf ("| key | times | min ms | median ms | max ms |\n|---|---|---|---|---|\n");
  benchutil_report ("jump anywhere in the history (g, :)", jump, keys);
  benchutil_report ("one event back ([)", back, keys);
  benchutil_report ("one event forward (])", fwd, keys);
  benchutil_report ("of which: a copy of the table", copies, keys);
  benchutil_report ("and: freeing a table", frees, keys);
  double heap_ring = heap_all - heap_live - heap_lag;
  printf ("\nMemory (malloc): the live table %.1f MiB; the timeline %.1f MiB: the "
          "lagging table %.1f MiB and the ring of %u events %.1f MiB (%.0f bytes "
          "per event).\n\n", heap_live / 1048576, (heap_all - heap_live) / 1048576,
          heap_lag / 1048576, capacity, heap_ring / 1048576, heap_ring / capacity);
  benchutil_gen_clear (&g);
}

/* Writes RECORDS events of the machine to FD as JSON Lines. */
static void
tt_write (int fd, guint procs, guint records)
{
  BenchGen g;
  g_autoptr (Proctab) pt = proctab_new (KEEP_NS, MAX_TOMBS);
  g_autoptr (GString) out = g_string_new (NULL);

  benchutil_gen_init (&g, procs, MS, FALSE);
  for (guint i = 0; i < records; i++)
    {
      Event ev;
      benchutil_gen_next (&g, &ev);
      json_event (out, &ev, proctab_apply (pt, &ev), NULL);
      event_clear (&ev);
      if (out->len > (1 << 20) || i + 1 == records)
        {
          if (write (fd, out->str, out->len) != (ssize_t) out->len)
            g_error ("write: %s", g_strerror (errno));
          g_string_truncate (out, 0);
        }
    }
  benchutil_gen_clear (&g);
}

/* The seek figures. */
static void
tt_seek (const char *path, guint seeks, guint capacity)
{
  MonitorOptions o = { .source = MONITOR_SOURCE_REPLAY, .replay_path = path,
                       .history_size = capacity, .keep_ns = KEEP_NS,
                       .max_tombs = MAX_TOMBS };
  g_autoptr (GError) error = NULL;
  g_autoptr (Monitor) m = monitor_new (&o, &error);
  g_autofree double *by_n = g_new (double, seeks);
  g_autofree double *by_t = g_new (double, seeks);
  GRand *rand = g_rand_new_with_seed (11);

  if (!m)
    g_error ("%s", error->message);
  double t0 = benchutil_cpu ();
  while (replaynav_step (monitor_replay_nav (m), &error) > 0)
    ;
  double read = benchutil_cpu () - t0;
  gint64 wall_end = monitor_now_wall_ns (m);
  if (error)
    g_error ("%s", error->message);
  guint64 n = replaynav_records_seen (monitor_replay_nav (m));
  gint64 wall_start = wall_end - (gint64) (monitor_now_mono_ns (m) - 1000 * MS);
  for (guint i = 0; i < seeks; i++)
    {
      guint64 to = 1 + (guint64) (g_rand_double (rand) * (n - 1));
      t0 = benchutil_cpu ();
      if (replaynav_seek (monitor_replay_nav (m), to, &error) < 0)
        g_error ("%s", error->message);
      by_n[i] = benchutil_cpu () - t0;
      gint64 when = wall_start + (gint64) (g_rand_double (rand) * (wall_end - wall_start));
      t0 = benchutil_cpu ();
      if (replaynav_seek_time (monitor_replay_nav (m), when, &error) < 0)
        g_error ("%s", error->message);
      by_t[i] = benchutil_cpu () - t0;
    }
  g_rand_free (rand);
  printf ("### Seek: a recording of %" G_GUINT64_FORMAT " events\n\n", n);
  printf ("Read through once (checkpoints taken): %.2f s CPU, %.2f us per event.\n\n",
          read, read * 1e6 / n);
  printf ("| seek | times | min ms | median ms | max ms |\n|---|---|---|---|---|\n");
  benchutil_report ("to an event number (:#N, [ before the history)", by_n, seeks);
  benchutil_report ("to a time (:hh:mm:ss)", by_t, seeks);
  printf ("\n");
}

int
main (int argc, char **argv)
{
  gint procs = 5000, capacity = 10000, records = 1000000, seeks = 20;
  g_autofree char *keep = NULL;
  gboolean only_write = FALSE;
  GOptionEntry entries[] = {
    { "procs", 'p', 0, G_OPTION_ARG_INT, &procs, "Live processes (default 5000)", "N" },
    { "history", 'H', 0, G_OPTION_ARG_INT, &capacity, "Events in the history (default 10000)", "N" },
    { "records", 'n', 0, G_OPTION_ARG_INT, &records, "Events in the recording (default 1000000)", "N" },
    { "seeks", 's', 0, G_OPTION_ARG_INT, &seeks, "Seeks of each kind, and keys (default 20)", "N" },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &keep, "Keep the recording as FILE", "FILE" },
    { "only-write", 'W', 0, G_OPTION_ARG_NONE, &only_write, "Only write the recording (-w)", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- what the time cursor costs");
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "timetravel: %s\n", error->message);
      return 2;
    }
  if (procs < BENCHUTIL_SERVICES + 2 || capacity < 2 || records < procs + 2 || seeks < 1)
    {
      fprintf (stderr, "timetravel: -p >= %d, -H >= 2, -n > -p, -s >= 1\n", BENCHUTIL_SERVICES + 2);
      return 2;
    }
  if (only_write && !keep)
    {
      fprintf (stderr, "timetravel: -W needs -w FILE\n");
      return 2;
    }
  if (!only_write)
    tt_scrub (procs, capacity, seeks);
  if (keep)
    fd = open (keep, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  else
    fd = g_file_open_tmp ("forkscope-timetravel-XXXXXX.jsonl", &path, &error);
  if (fd < 0)
    {
      fprintf (stderr, "timetravel: cannot write the recording\n");
      return 1;
    }
  tt_write (fd, procs, records);
  close (fd);
  if (only_write)
    return 0;
  tt_seek (keep ? keep : path, seeks, capacity);
  if (!keep)
    g_unlink (path);
  return 0;
}
