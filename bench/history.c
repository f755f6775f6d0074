/* history.c - what the history (history.h) costs: bytes held per event,
 * the CPU time of an append, the decoding rate, and the time cursor's
 * jumps over a long, busy history.
 *
 *   history [-c] [-H HOURS] [-r RATE] [-p PROCS] [-j JUMPS] [FILE...]
 *
 * Recordings: each FILE (JSON Lines, as --json writes them) is read into
 * memory, then appended to a store with the default options the way the
 * monitor appends (each event applied to a live table, then appended
 * with its process).  Per recording: the events; the bytes held in
 * memory per event (sealed chunks, saved tables and index: what the
 * memory budget counts; then with the chunk being written and the
 * decoded chunks cached, as the store counts them; then the heap the
 * store takes, malloc's count less the live table's, which the monitor
 * keeps anyway);
 * the CPU time of an append (apply and append, minus apply alone: best
 * of 3); the decoding rate (the recording's chunks decoded anew, events
 * per CPU second).  With -c, only the first FILE's appends, for
 * callgrind: bench/history.sh divides history_append's instructions by the
 * events.
 *
 * Busy hours (-H HOURS, default none): a machine of PROCS processes
 * (default 5,000) at RATE events per second (default 3,700) for HOURS,
 * its execs compiling files of their own, appended to a store spilling
 * to a spill file (spillfile_dir); then JUMPS (default 50) jumps of a
 * table cursor to random events (a saved table loaded and folded to: the
 * key g), each followed by a step back ([) and one forward (]); entry
 * lookups at random (mostly from the file) and time lookups.  CPU times:
 * min, median, max.  Memory: the store's count and malloc's.
 *
 * CPU time, not wall time: the machine is shared.  It prints Markdown. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"
#include "jsonread.h"
#include "spillfile.h"
#include "history.h"
#include "tablecursor.h"

#define SEC G_GINT64_CONSTANT (1000000000)
#define KEEP_NS (60 * SEC)
#define MAX_TOMBS 20000

/* The default options of a store, spilling or not. */
static HistoryOptions
hb_options (void)
{
  return (HistoryOptions) { .memory = HISTORY_MEMORY_DEFAULT, .spill_cap = HISTORY_SPILL_CAP_DEFAULT,
                          .cache = HISTORY_CACHE_DEFAULT, .keep_ns = KEEP_NS,
                          .max_tombs = MAX_TOMBS };
}

/* Reads the events of the recording at PATH into a new array of Event
 * (cleared with it). */
static GArray *
hb_read (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GArray *events = g_array_new (FALSE, FALSE, sizeof (Event));
  gsize len;

  g_array_set_clear_func (events, (GDestroyNotify) event_clear);
  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  for (char *line = contents, *end; line < contents + len; line = end + 1)
    {
      Event ev = { 0 };
      end = memchr (line, '\n', contents + len - line);
      if (!end)
        end = contents + len;
      if (end > line && jsonread_event (line, end - line, &ev, NULL))
        g_array_append_val (events, ev);
    }
  return events;
}

/* Applies EVENTS to LIVE, a new table, and, with S, appends them to S,
 * which saves LIVE (history_set_table, as the monitor does).  Returns the
 * CPU time taken.  Never inlined: history.sh counts its instructions. */
G_GNUC_NO_INLINE static double
hb_feed (GArray *events, Proctab *live, History *s)
{
  if (s)
    history_set_table (s, live);
  double t0 = benchutil_cpu ();

  for (guint i = 0; i < events->len; i++)
    {
      Event ev = g_array_index (events, Event, i);
      const Proc *p = proctab_apply (live, &ev);
      if (s)
        history_append (s, &ev, p);
    }
  return benchutil_cpu () - t0;
}

/* The decoding rate of EVENTS' chunks, in events per CPU second. */
static double
hb_decode_rate (GArray *events)
{
  g_autoptr (GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr (Proctab) live = proctab_new (KEEP_NS, MAX_TOMBS);
  ChunkWriter *w = chunk_writer_new (0);
  guint n = 0;

  for (guint i = 0; i <= events->len; i++)
    {
      if (i == events->len || chunk_writer_full (w))
        {
          gsize len;
          guint8 *data = chunk_writer_finish (w, &len);
          g_ptr_array_add (chunks, g_bytes_new_take (data, len));
          w = chunk_writer_new (0);
        }
      if (i == events->len)
        break;
      Event ev = g_array_index (events, Event, i);
      HistoryEntry e;
      history_entry_init (&e, &ev, proctab_apply (live, &ev));
      chunk_writer_add (w, &e);
    }
  chunk_writer_free (w);
  double t0 = benchutil_cpu (), spent;
  guint rounds = 0;
  do
    {
      for (guint i = 0; i < chunks->len; i++)
        {
          gsize len;
          const guint8 *data = g_bytes_get_data (chunks->pdata[i], &len);
          g_autoptr (Chunk) c = chunk_new (1, G_MAXSIZE);
          if (chunk_decode (c, data, len, NULL) < 0)
            g_error ("a chunk does not decode");
          n += chunk_len (c);
        }
      rounds++;
      spent = benchutil_cpu () - t0;
    }
  while (spent < 0.5 && rounds < 1000);
  return n / spent;
}

/* The figures of one recording. */
static void
hb_recording (const char *path, gboolean callgrind)
{
  g_autoptr (GArray) events = hb_read (path);
  HistoryOptions o = hb_options ();
  HistoryMemory m;
  double apply = G_MAXDOUBLE, both = G_MAXDOUBLE;

  if (callgrind)
    {
      g_autoptr (Proctab) live = proctab_new (KEEP_NS, MAX_TOMBS);
      g_autoptr (History) s = history_new (&o, NULL);
      hb_feed (events, live, s);
      printf ("events=%u\n", events->len);
      return;
    }
  for (guint round = 0; round < 3; round++)
    {
      /* (MIN evaluates its arguments twice.) */
      double heap0 = benchutil_heap ();
      g_autoptr (Proctab) alone = proctab_new (KEEP_NS, MAX_TOMBS);
      double t = hb_feed (events, alone, NULL);
      apply = MIN (apply, t);
      double heap_live = benchutil_heap () - heap0;
      heap0 = benchutil_heap ();
      g_autoptr (Proctab) live = proctab_new (KEEP_NS, MAX_TOMBS);
      g_autoptr (History) s = history_new (&o, NULL);
      t = hb_feed (events, live, s);
      both = MIN (both, t);
      double heap = benchutil_heap () - heap0 - heap_live;
      if (round > 0)
        continue;
      history_memory (s, &m);
      gsize held = m.chunks + m.tables + m.index;
      g_autofree char *name = g_path_get_basename (path);
      printf ("| %s | %u | %.1f | %.1f | %.1f | %.1f |", name, events->len,
              (double) held / events->len, (double) m.chunks / events->len,
              (double) (held + m.writer + m.cache) / events->len, heap / events->len);
    }
  printf (" %.0f | %.2f M |\n", (both - apply) / events->len * 1e9,
          hb_decode_rate (events) / 1e6);
}

/* Applies HOURS of a machine of PROCS processes at RATE events/s to LIVE,
 * a new table, and appends them to S (which saves LIVE), if any; returns
 * the CPU time. */
static double
hb_busy_feed (Proctab *live, History *s, guint procs, double rate, double hours,
              guint64 *events)
{
  BenchGen g;
  gint64 end = 1000 * G_GINT64_CONSTANT (1000000) + (gint64) (hours * 3600 * SEC);
  if (s)
    history_set_table (s, live);
  double t0 = benchutil_cpu ();

  benchutil_gen_init (&g, procs, (gint64) (SEC / rate / 1.5), TRUE);
  for (*events = 0; g.now < end; ++*events)
    {
      Event ev;
      benchutil_gen_next (&g, &ev);
      const Proc *p = proctab_apply (live, &ev);
      if (s)
        history_append (s, &ev, p);
      event_clear (&ev);
    }
  benchutil_gen_clear (&g);
  return benchutil_cpu () - t0;
}

/* The figures of a long, busy history. */
static void
hb_busy (double hours, double rate, guint procs, guint jumps)
{
  gboolean ram;
  g_autofree char *dir = spillfile_dir (&ram);
  g_autoptr (GError) error = NULL;
  Spill *spill = dir ? spillfile_open (dir, 0, &error) : NULL;
  HistoryOptions o = hb_options ();
  guint64 n;
  HistoryMemory m;

  if (!spill)
    g_error ("%s", error->message);
  double heap0 = benchutil_heap ();
  Proctab *alone = proctab_new (KEEP_NS, MAX_TOMBS);
  double apply = hb_busy_feed (alone, NULL, procs, rate, hours, &n);
  double heap_live = benchutil_heap () - heap0;
  proctab_free (alone);
  heap0 = benchutil_heap ();
  g_autoptr (Proctab) live = proctab_new (KEEP_NS, MAX_TOMBS);
  g_autoptr (History) s = history_new (&o, spill);
  double both = hb_busy_feed (live, s, procs, rate, hours, &n);
  double heap = benchutil_heap () - heap0 - heap_live;
  history_memory (s, &m);
  printf ("### A busy history: %g h at %g events/s, %u processes\n\n", hours, rate, procs);
  printf ("%" G_GUINT64_FORMAT " events; reachable %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
          "%s%s%s.  Append: %.0f ns of CPU per event (apply and append %.1f s, apply "
          "alone %.1f s).\n\n", n, history_oldest (s), history_newest (s),
          history_limit_text (s) ? " (" : "", history_limit_text (s) ? history_limit_text (s) : "",
          history_limit_text (s) ? ")" : "", (both - apply) / n * 1e9, both, apply);
  printf ("Memory: chunks %.1f MiB, saved tables %.1f MiB, index %.1f MiB (budget %.0f MiB); "
          "the chunk being written %.2f MiB; decoded cache %.1f MiB; malloc's count of the "
          "store %.1f MiB (less the live table's %.1f MiB).  Spill file: %.1f MiB, %"
          G_GUINT64_FORMAT " chunks: %.1f bytes per event in all.\n\n",
          m.chunks / 1048576.0, m.tables / 1048576.0, m.index / 1048576.0,
          o.memory / 1048576.0, m.writer / 1048576.0, m.cache / 1048576.0, heap / 1048576.0,
          heap_live / 1048576.0, m.file / 1048576.0, m.file_chunks,
          (double) (m.chunks + m.tables + m.index + m.file) / n);
  g_autofree double *jump = g_new (double, jumps);
  g_autofree double *back = g_new (double, jumps);
  g_autofree double *fwd = g_new (double, jumps);
  g_autofree double *seek = g_new (double, jumps);
  g_autofree double *at = g_new (double, jumps);
  GRand *r = g_rand_new_with_seed (7);
  guint64 oldest = history_oldest (s), newest = history_newest (s);
  gint64 w0, w1, mono;
  history_oldest_time (s, &mono, &w0);
  history_newest_time (s, &mono, &w1);
  for (guint i = 0; i < jumps; i++)
    {
      TableCursor cur;
      HistoryIter it;
      guint64 to = oldest + 1 + (guint64) (g_rand_double (r) * (newest - oldest - 1));
      tablecursor_init (&cur, s);
      double t0 = benchutil_cpu ();
      if (!tablecursor_move (&cur, to, &error))
        g_error ("%s", error->message);
      double t1 = benchutil_cpu ();
      tablecursor_move (&cur, to - 1, NULL);
      double t2 = benchutil_cpu ();
      tablecursor_move (&cur, to, NULL);
      double t3 = benchutil_cpu ();
      tablecursor_clear (&cur);
      history_iter_init (&it, s, 0);
      guint64 any = oldest + (guint64) (g_rand_double (r) * (newest - oldest));
      double t4 = benchutil_cpu ();
      if (!history_iter_seek (&it, any))
        g_error ("entry %" G_GUINT64_FORMAT " not served", any);
      double t5 = benchutil_cpu ();
      history_iter_clear (&it);
      gint64 when = w0 + (gint64) (g_rand_double (r) * (double) (w1 - w0));
      double t6 = benchutil_cpu ();
      (void) history_seq_at_wall (s, when, 0);
      double t7 = benchutil_cpu ();
      jump[i] = t1 - t0;
      back[i] = t2 - t1;
      fwd[i] = t3 - t2;
      seek[i] = t5 - t4;
      at[i] = t7 - t6;
    }
  g_rand_free (r);
  printf ("| what | times | min ms | median ms | max ms |\n|---|---|---|---|---|\n");
  benchutil_report ("the table at a random event (g, :)", jump, jumps);
  benchutil_report ("then one event back ([)", back, jumps);
  benchutil_report ("then one event forward (])", fwd, jumps);
  benchutil_report ("an entry at random (its chunk read back and decoded)", seek, jumps);
  benchutil_report ("the last event at or before a random time", at, jumps);
  printf ("\n");
}

int
main (int argc, char **argv)
{
  gboolean callgrind = FALSE;
  double hours = 0, rate = 3700;
  guint procs = 5000, jumps = 50;
  int opt;

  while ((opt = getopt (argc, argv, "cH:r:p:j:")) != -1)
    switch (opt)
      {
      case 'c': callgrind = TRUE; break;
      case 'H': hours = g_ascii_strtod (optarg, NULL); break;
      case 'r': rate = g_ascii_strtod (optarg, NULL); break;
      case 'p': procs = (guint) atoi (optarg); break;
      case 'j': jumps = (guint) atoi (optarg); break;
      default:
        fprintf (stderr, "usage: history [-c] [-H HOURS] [-r RATE] [-p PROCS] [-j JUMPS] "
                 "[FILE...]\n");
        return 2;
      }
  if (rate <= 0 || procs < BENCHUTIL_SERVICES + 2 || jumps < 1)
    {
      fprintf (stderr, "history: -r > 0, -p >= %d, -j >= 1\n", BENCHUTIL_SERVICES + 2);
      return 2;
    }
  if (callgrind)
    {
      if (optind < argc)
        hb_recording (argv[optind], TRUE);
      return 0;
    }
  if (optind < argc)
    printf ("| recording | events | bytes per event held (budget's count) | of which chunks | "
            "with the chunk being written and the cache | malloc's count | append, ns per event | "
            "decoding, events per CPU s |\n|---|---|---|---|---|---|---|---|\n");
  for (int i = optind; i < argc; i++)
    hb_recording (argv[i], FALSE);
  if (optind < argc)
    printf ("\n");
  if (hours > 0)
    hb_busy (hours, rate, procs, jumps);
  return 0;
}
