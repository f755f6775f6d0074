/* timetravel.c - what the time cursor costs: the table at an event, with
 * the tree's rows drawn.
 *
 *   timetravel [-p PROCS] [-n EVENTS] [-k KEYS] [-w FILE [-W]]
 *
 * Scrub: a history (history.h, the default options, memory only, saving
 * the live table as the monitor's does) of a machine of PROCS live
 * processes (default 5,000), fed EVENTS events
 * (default 1,000,000) of churn (fork, exec, rename, exit); then the CPU
 * time of what one key of the cursor costs before drawing, moving a
 * TableCursor as the viewer does: to a random event of the history (g,
 * :, a saved table loaded and up to 262,144 folds), one event back from
 * there (a copy of its anchor and up to 2,000 folds, as [), one event
 * forward (one fold, as ]), each with the rows of the tree built and the
 * first 40 of them put into words; KEYS of each (default 20).  And the
 * memory: the live table and the history, in bytes malloc holds
 * (mallinfo2), and the history's own count.
 *
 * With -w the events are written to FILE as a recording too; with -W
 * only that (for timetravel.sh, which times the viewer itself).
 *
 * CPU time, not wall time: the machine is shared.  It prints Markdown. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "json.h"
#include "rows.h"
#include "rowtext.h"
#include "tablecursor.h"

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

/* Writes the recording in OUT to FD when it is 1 MiB or more, or when
 * ALL. */
static void
tt_flush (int fd, GString *out, gboolean all)
{
  if (fd < 0 || (!all && out->len < (1 << 20)))
    return;
  if (write (fd, out->str, out->len) != (ssize_t) out->len)
    g_error ("write: %s", g_strerror (errno));
  g_string_truncate (out, 0);
}

/* The scrub figures, and the recording to FD (-1: none); with ONLY_WRITE
 * no figures. */
static void
tt_scrub (guint procs, guint events, guint keys, int fd, gboolean only_write)
{
  BenchGen g;
  double heap0 = benchutil_heap ();
  g_autoptr (Proctab) live = proctab_new (KEEP_NS, MAX_TOMBS);
  g_autoptr (GString) out = g_string_new (NULL);
  HistoryOptions ho = { .memory = HISTORY_MEMORY_DEFAULT, .cache = HISTORY_CACHE_DEFAULT,
                        .keep_ns = KEEP_NS, .max_tombs = MAX_TOMBS };
  double heap_live, heap_all;
  g_autofree double *jump = g_new (double, keys);
  g_autofree double *back = g_new (double, keys);
  g_autofree double *fwd = g_new (double, keys);
  HistoryMemory mem;
  guint rows = 0;

  benchutil_gen_init (&g, procs, MS, FALSE);
  g_autoptr (History) h = only_write ? NULL : history_new (&ho, NULL);
  if (h)
    history_set_table (h, live);
  for (guint i = 0; i < events; i++)
    {
      Event ev;
      benchutil_gen_next (&g, &ev);
      const Proc *p = proctab_apply (live, &ev);
      if (h)
        history_append (h, &ev, p);
      if (fd >= 0)
        json_event (out, &ev, p, NULL);
      tt_flush (fd, out, i + 1 == events);
      event_clear (&ev);
    }
  benchutil_gen_clear (&g);
  if (only_write)
    return;
  heap_all = benchutil_heap () - heap0;
  heap0 = benchutil_heap ();
  Proctab *copy = proctab_copy (live);
  heap_live = benchutil_heap () - heap0;
  proctab_free (copy);
  history_memory (h, &mem);

  guint64 first = history_oldest (h), last = history_newest (h);
  GRand *rand = g_rand_new_with_seed (7);
  HistoryIter it;
  history_iter_init (&it, h, 0);
  for (guint i = 0; i < keys; i++)
    {
      /* As the viewer moves its cursor: a jump, one step back, one forward. */
      TableCursor cur;
      guint64 at = first + 1 + g_rand_int_range (rand, 0, (gint32) (last - first - 1));
      gint64 now = history_iter_seek (&it, at)->ev.mono_ns;
      tablecursor_init (&cur, h);
      double t0 = benchutil_cpu ();
      rows = tt_draw (tablecursor_move (&cur, at, NULL), now);
      double t1 = benchutil_cpu ();
      tt_draw (tablecursor_move (&cur, at - 1, NULL), now);
      double t2 = benchutil_cpu ();
      tt_draw (tablecursor_move (&cur, at, NULL), now);
      double t3 = benchutil_cpu ();
      tablecursor_clear (&cur);
      jump[i] = t1 - t0;
      back[i] = t2 - t1;
      fwd[i] = t3 - t2;
    }
  history_iter_clear (&it);
  g_rand_free (rand);
  printf ("### Scrub: %u processes, a history of %" G_GUINT64_FORMAT " events\n\n",
          proctab_count_live (live), last);
  printf ("%u rows in the tree (tombstones shown 5 s); each key: the table, the rows, "
          "%d rows put into words.\n\n", rows, SHOWN_ROWS);
  printf ("| key | times | min ms | median ms | max ms |\n|---|---|---|---|---|\n");
  benchutil_report ("jump anywhere in the history (g, :)", jump, keys);
  benchutil_report ("one event back ([)", back, keys);
  benchutil_report ("one event forward (])", fwd, keys);
  printf ("\nMemory (malloc): the live table %.1f MiB; the history %.1f MiB (its count: "
          "chunks %.1f MiB, saved tables %.1f MiB, %.1f bytes per event).\n\n",
          heap_live / 1048576, (heap_all - heap_live) / 1048576, mem.chunks / 1048576.0,
          mem.tables / 1048576.0, (double) (mem.chunks + mem.tables + mem.index) / last);
}

int
main (int argc, char **argv)
{
  gint procs = 5000, events = 1000000, keys = 20;
  g_autofree char *keep = NULL;
  gboolean only_write = FALSE;
  GOptionEntry entries[] = {
    { "procs", 'p', 0, G_OPTION_ARG_INT, &procs, "Live processes (default 5000)", "N" },
    { "events", 'n', 0, G_OPTION_ARG_INT, &events, "Events in the history (default 1000000)", "N" },
    { "keys", 'k', 0, G_OPTION_ARG_INT, &keys, "Keys of each kind (default 20)", "N" },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &keep, "Write the events as a recording to FILE", "FILE" },
    { "only-write", 'W', 0, G_OPTION_ARG_NONE, &only_write, "Only write the recording (-w)", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- what the time cursor costs");
  g_autoptr (GError) error = NULL;
  int fd = -1;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "timetravel: %s\n", error->message);
      return 2;
    }
  if (procs < BENCHUTIL_SERVICES + 2 || events < procs + 2 || keys < 1)
    {
      fprintf (stderr, "timetravel: -p >= %d, -n > -p, -k >= 1\n", BENCHUTIL_SERVICES + 2);
      return 2;
    }
  if (only_write && !keep)
    {
      fprintf (stderr, "timetravel: -W needs -w FILE\n");
      return 2;
    }
  if (keep)
    fd = open (keep, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (keep && fd < 0)
    {
      fprintf (stderr, "timetravel: cannot write %s: %s\n", keep, g_strerror (errno));
      return 1;
    }
  tt_scrub (procs, events, keys, fd, only_write);
  if (fd >= 0)
    close (fd);
  return 0;
}
