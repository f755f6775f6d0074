/* headless.c - the --log and --json printer loop (see headless.h). */
#include "headless.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "json.h"
#include "text.h"

/* State of a headless run. */
typedef struct {
  Monitor *m;
  const Filter *filter;
  gboolean json;
  gboolean color;    /* the text log in colours */
  guint show;        /* FilterShow */
  WordsUserName names;
  GString *line;
  gint64 count;      /* stop after this many events (0: never) */
  gint64 printed;
  GMainLoop *loop;
  int status;
  int signal;        /* the signal that ended the run, 0 if none */
  gboolean unflushed;
} Headless;

/* What a signal handler needs: the run and which signal it handles. */
typedef struct {
  Headless *h;
  int sig;
} HeadlessSignal;

/* Writes out what is buffered; a closed pipe ends the run quietly. */
static void
headless_flush (Headless *h)
{
  if (h->unflushed && fflush (stdout) != 0)
    {
      if (errno != EPIPE)
        {
          g_printerr ("forkscope: write error: %s\n", g_strerror (errno));
          h->status = 1;
        }
      g_main_loop_quit (h->loop);
    }
  h->unflushed = FALSE;
}

/* MonitorListener: print the events that pass the filter. */
static void
headless_on_event (const Event *ev, const Proc *p, gpointer user)
{
  Headless *h = user;

  /* Events already read in the batch that reached the count are not shown. */
  if (h->count && h->printed >= h->count)
    return;
  if (!filter_match_event (h->filter, ev, p, NULL, h->show))
    return;
  g_string_truncate (h->line, 0);
  if (h->json)
    json_event (h->line, ev, p);
  else if (h->color)
    text_event_colored (h->line, ev, p, h->names);
  else
    text_event (h->line, ev, p, h->names);
  fwrite (h->line->str, 1, h->line->len, stdout);
  h->unflushed = TRUE;
  if (ev->kind != EVENT_SNAPSHOT && h->count && ++h->printed >= h->count)
    {
      headless_flush (h);
      g_main_loop_quit (h->loop);
    }
}

/* MonitorDone: the replay ended (or the source failed). */
static void
headless_on_done (const GError *error, gpointer user)
{
  Headless *h = user;
  if (error)
    {
      g_printerr ("forkscope: %s\n", error->message);
      h->status = 1;
    }
  g_main_loop_quit (h->loop);
}

/* Periodic work: flush output, expire tombstones. */
static gboolean
headless_on_tick (gpointer user)
{
  Headless *h = user;
  headless_flush (h);
  monitor_tick (h->m);
  return G_SOURCE_CONTINUE;
}

/* --duration elapsed. */
static gboolean
headless_on_stop (gpointer user)
{
  Headless *h = user;
  g_main_loop_quit (h->loop);
  return G_SOURCE_CONTINUE;
}

/* SIGINT, SIGTERM or SIGHUP: the run ends with 128 + its number. */
static gboolean
headless_on_signal (gpointer user)
{
  HeadlessSignal *s = user;
  s->h->signal = s->sig;
  return headless_on_stop (s->h);
}

/* Prints the source notice into the output stream itself. */
static void
headless_print_notice (Headless *h, const char *notice)
{
  g_string_truncate (h->line, 0);
  if (h->json)
    {
      g_string_append (h->line, "{\"notice\":");
      json_append_string (h->line, notice);
      g_string_append (h->line, "}\n");
    }
  else
    g_string_append_printf (h->line, "# %s\n", notice);
  fputs (h->line->str, stdout);
  h->unflushed = TRUE;
}

int
headless_run (Monitor *m, const Filter *filter, const HeadlessOptions *o)
{
  Headless h = { .m = m, .filter = filter, .json = o->json, .color = o->color,
                 .count = o->count, .names = monitor_user_names (m) };

  /* A recording needs the starting tree to replay well, and the threads'
   * exits to end the processes whose leader left first. */
  if (o->json && !filter_has_kinds (filter))
    h.show = FILTER_SHOW_SNAPSHOTS | FILTER_SHOW_THREADS;
  if (o->threads)
    h.show |= FILTER_SHOW_THREADS;
  /* unit: and cgroup: terms need every process's cgroup. */
  monitor_want_cgroups (m, filter_needs_cgroup (filter));
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GString) line = g_string_new (NULL);
  const char *notice = monitor_notice (m);
  HeadlessSignal sigs[] = { { &h, SIGINT }, { &h, SIGTERM }, { &h, SIGHUP } };
  guint ids[2 + G_N_ELEMENTS (sigs)] = { 0 };

  h.loop = loop;
  h.line = line;
  /* A tty sees each line at once; a file or pipe gets few large writes
   * (flushed every 100 ms). */
  if (isatty (STDOUT_FILENO))
    setvbuf (stdout, NULL, _IOLBF, 0);
  else
    {
      static char outbuf[1 << 16];
      setvbuf (stdout, outbuf, _IOFBF, sizeof outbuf);
    }
  if (notice && monitor_is_polling (m))
    {
      g_printerr ("forkscope: %s\n", notice);
      headless_print_notice (&h, notice);
    }
  if (!h.json)
    {
      g_string_truncate (line, 0);
      text_header (line);
      fputs (line->str, stdout);
    }
  monitor_set_listener (m, headless_on_event, headless_on_done, &h);
  monitor_start (m);
  ids[0] = g_timeout_add (100, headless_on_tick, &h);
  if (o->duration > 0)
    ids[1] = g_timeout_add ((guint) MIN (o->duration * 1000, G_MAXUINT),
                            headless_on_stop, &h);
  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    ids[2 + i] = g_unix_signal_add (sigs[i].sig, headless_on_signal, &sigs[i]);
  if (!(h.count && h.printed >= h.count))
    g_main_loop_run (loop);
  headless_flush (&h);
  monitor_set_listener (m, NULL, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (ids[i])
      g_source_remove (ids[i]);

  const MonitorStats *st = monitor_stats (m);
  if (st->lost)
    g_printerr ("forkscope: %" G_GUINT64_FORMAT " events lost%s\n", st->lost,
                st->resyncs ? "; the tree was resynced from /proc" : "");
  return h.signal ? 128 + h.signal : h.status;
}
