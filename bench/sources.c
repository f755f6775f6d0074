/* sources.c - forkscope's live sources alone, with nothing after them.
 *
 * Runs the kernel connector's source (source_netlink_new: its sockets, its
 * exec-capture thread, its parsing and hand-over), the task statistics
 * (taskstats_new) and the kernel log's OOM kills (oomkill_new), in a GLib
 * main loop, the way forkscope --json does: the statistics and the log
 * read on a tick every 100 ms, and each EXIT asking for its cost, as a
 * process's end when it is one for a reader without a model
 * (event_ends_process).  What they deliver is counted and thrown away: no
 * model, no history, no output.  So in a storm its CPU time, against
 * bench/floor -t -2's (the same system calls, split in two threads the
 * same way, parsing nothing), is what forkscope's source code costs;
 * forkscope's, against its, is what the model and the output add.
 * bench/storms.sh -d runs it.
 *
 * Runs until SIGINT or SIGTERM, then prints "events=N execs=N costs=N"
 * (costs: ends of processes whose cost the statistics gave).  Exits 1 if
 * the connector or the task statistics refuse. */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "cost.h"
#include "headless.h"
#include "oomkill.h"
#include "source.h"
#include "taskstats.h"

/* What runs, and what it counted. */
typedef struct {
  GMainLoop *loop;
  Taskstats *ts;
  Oomkill *oom;         /* NULL where the kernel log cannot be read */
  GError *error;        /* the source's end, if it failed */
  guint64 events, execs, costs;
} Sources;

/* SourceCallbacks.emit: counts EV; an EXIT takes its cost. */
static void
sources_on_event (const Event *ev, gpointer user)
{
  Sources *s = user;

  s->events++;
  if (ev->kind == EVENT_EXEC)
    s->execs++;
  if (ev->kind == EVENT_EXIT)
    {
      char comm[16];
      gboolean ends = event_ends_process (ev);
      g_autoptr (Cost) cost = taskstats_exit_cost (s->ts, ev, ends, comm);
      s->costs += ends && cost;
    }
}

/* SourceCallbacks.done: the source ended (it only does on an error). */
static void
sources_on_done (const GError *error, gpointer user)
{
  Sources *s = user;

  if (error)
    s->error = g_error_copy (error);
  g_main_loop_quit (s->loop);
}

/* The periodic tick: the statistics and the kernel log read. */
static gboolean
sources_on_tick (gpointer user)
{
  Sources *s = user;

  taskstats_tick (s->ts);
  if (s->oom)
    oomkill_drain (s->oom);
  return G_SOURCE_CONTINUE;
}

/* SIGINT, SIGTERM: the end. */
static gboolean
sources_on_signal (gpointer user)
{
  g_main_loop_quit (((Sources *) user)->loop);
  return G_SOURCE_CONTINUE;
}

int
main (void)
{
  Sources s = { .loop = g_main_loop_new (NULL, FALSE) };
  SourceCallbacks cb = { .emit = sources_on_event, .done = sources_on_done, .user = &s };
  g_autoptr (GError) error = NULL;

  s.ts = taskstats_new ("/proc", FALSE, &error);
  if (!s.ts)
    {
      fprintf (stderr, "sources: %s\n", error->message);
      return 1;
    }
  g_autoptr (Source) src = source_netlink_new (&cb, "/proc", FALSE, &error);
  if (!src)
    {
      fprintf (stderr, "sources: %s\n", error->message);
      taskstats_free (s.ts);
      return 1;
    }
  s.oom = oomkill_new ("/dev/kmsg", NULL);
  source_attach (src);
  guint ids[] = { g_timeout_add (HEADLESS_TICK_MS, sources_on_tick, &s),
                  g_unix_signal_add (SIGINT, sources_on_signal, &s),
                  g_unix_signal_add (SIGTERM, sources_on_signal, &s) };
  g_main_loop_run (s.loop);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_source_remove (ids[i]);
  g_clear_pointer (&src, source_free);
  taskstats_free (s.ts);
  oomkill_free (s.oom);
  g_main_loop_unref (s.loop);
  printf ("events=%" G_GUINT64_FORMAT " execs=%" G_GUINT64_FORMAT " costs=%" G_GUINT64_FORMAT "\n",
          s.events, s.execs, s.costs);
  if (s.error)
    {
      fprintf (stderr, "sources: %s\n", s.error->message);
      g_error_free (s.error);
      return 1;
    }
  return 0;
}
