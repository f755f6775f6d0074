/* headless.c - the --log and --json printer loop (see headless.h). */
#include "headless.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>

#include "json.h"
#include "output.h"
#include "perfetto.h"
#include "text.h"
#include "tracefile.h"

/* State of a headless run. */
typedef struct {
  Monitor *m;
  const Filter *filter;
  gboolean print;    /* events are printed */
  gboolean json;
  gboolean color;    /* the text log in colours */
  guint show;        /* FilterShow */
  WordsUserName names;
  const char *boot_id;  /* live JSON: this boot's, for entity ids; else NULL */
  Output *out;
  GString *line;
  gint64 count;      /* stop after this many events (0: never) */
  gint64 printed;
  GMainLoop *loop;
  int status;
  int signal;        /* the signal that ended the run, 0 if none */
  gboolean ended;    /* a write failed: the run is over */
  gboolean out_failed;  /* a write of the output failed, and was said */
  gboolean full;     /* the output had no room: records are counted */
  GHashTable *users_named;  /* JSON: the uids this file's user records named */
  guint32 user_last;        /* the last uid found among them (most records
                               name the same user: no lookup then) */
  gboolean user_last_set;
  gint64 last_mono_ns, last_wall_ns;  /* the time of the last record given */
  gint64 lost_mono_ns, lost_wall_ns;  /* and of the last one dropped */
  PerfettoWriter *trace;    /* --perfetto: the trace, else NULL */
  TraceFile *trace_file;    /* and its file */
  gboolean trace_failed;    /* a write of it failed: the run is over */
} Headless;

/* Forgets which users this file's records named: a new file, or records
 * dropped, must name them again. */
static void
headless_forget_users (Headless *h)
{
  g_hash_table_remove_all (h->users_named);
  h->user_last_set = FALSE;
}

/* What a signal handler needs: the run and which signal it handles. */
typedef struct {
  Headless *h;
  int sig;
} HeadlessSignal;

/* Takes the result R (0 or -errno) of a write to the output.  A file with
 * no room keeps the run going: what could not be written is counted, and
 * said in the output (headless_loss_record) as soon as a loss record fits,
 * and on stderr with the same count as soon as it is written (a write may
 * then fail again: a new stretch of losses, said again).  Any other
 * failure ends the run, said once; a closed pipe quietly. */
static void
headless_wrote (Headless *h, int r)
{
  const char *name = output_name (h->out);
  guint64 said = output_take_said (h->out);

  /* Records given after the failure are not written: it was said. */
  if (h->out_failed)
    return;
  if (said)
    {
      g_printerr ("forkscope: %s: writing again; %" G_GUINT64_FORMAT " records could "
                  "not be written (said in the output)\n", name, said);
      h->full = FALSE;
    }
  if (r == 0)
    return;
  if (output_full (h->out, r))
    {
      h->lost_mono_ns = h->last_mono_ns;
      h->lost_wall_ns = h->last_wall_ns;
      /* The user records dropped must come again. */
      headless_forget_users (h);
      h->status = 1;
      if (!h->full)
        g_printerr ("forkscope: %s: %s; going on: the records that cannot be written are "
                    "counted and said in the output when there is room again\n", name,
                    g_strerror (-r));
      h->full = TRUE;
      return;
    }
  if (r != -EPIPE)
    {
      g_printerr ("forkscope: %s: write error: %s\n", name, g_strerror (-r));
      h->status = 1;
    }
  h->out_failed = h->ended = TRUE;
  g_main_loop_quit (h->loop);
}

/* Writes out what is buffered. */
static void
headless_flush (Headless *h)
{
  headless_wrote (h, output_flush (h->out));
}

/* Hands the records in h->line to the output. */
static void
headless_put_line (Headless *h)
{
  headless_wrote (h, output_add (h->out, h->line->str, h->line->len));
}

/* OutputLossRecord: a lost event that says how many records could not be
 * written, at the time of the last of them (those after it are newer). */
static void
headless_loss_record (GString *out, guint64 dropped, gpointer user)
{
  Headless *h = user;
  Event lost = { .kind = EVENT_LOST, .flags = EVENT_F_LOST_OUTPUT, .lost = dropped,
                 .mono_ns = h->lost_mono_ns, .wall_ns = h->lost_wall_ns };

  if (h->json)
    json_event (out, &lost, NULL, NULL);
  else
    text_event (out, &lost, NULL, h->names);
}

/* In JSON, writes the user records of the uids EV's record names (about
 * P) that this file has not named yet, where they have a name. */
static void
headless_print_users (Headless *h, const Event *ev, const Proc *p)
{
  guint32 ids[2];

  if (!h->json || !h->names || !json_user_ids (ev, p, &ids[0], &ids[1]))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const char *name;
      if (h->user_last_set && ids[i] == h->user_last)
        continue;
      gboolean added = g_hash_table_add (h->users_named, GUINT_TO_POINTER (ids[i]));
      h->user_last = ids[i];
      h->user_last_set = TRUE;
      if (!added || !(name = h->names (ids[i])))
        continue;
      g_string_truncate (h->line, 0);
      if (json_user (h->line, ids[i], name))
        headless_put_line (h);
    }
}

/* Prints EV (about P) if it passes the filter; returns whether it did. */
static gboolean
headless_print_event (Headless *h, const Event *ev, const Proc *p)
{
  if (!filter_match_event (h->filter, ev, p, NULL, h->show))
    return FALSE;
  h->last_mono_ns = ev->mono_ns;
  h->last_wall_ns = ev->wall_ns;
  headless_print_users (h, ev, p);
  g_string_truncate (h->line, 0);
  if (h->json)
    json_event (h->line, ev, p, h->boot_id);
  else if (h->color)
    text_event_colored (h->line, ev, p, h->names);
  else
    text_event (h->line, ev, p, h->names);
  headless_put_line (h);
  return TRUE;
}

/* Takes the result R (0 or -errno) of a write of the trace: a failure
 * ends the run (a closed pipe quietly). */
static void
headless_wrote_trace (Headless *h, int r)
{
  if (r == 0)
    return;
  if (r != -EPIPE)
    {
      g_printerr ("forkscope: %s: write error: %s\n", tracefile_name (h->trace_file),
                  g_strerror (-r));
      h->status = 1;
    }
  h->trace_failed = h->ended = TRUE;
  g_main_loop_quit (h->loop);
}

/* Writes EV (about P) into the trace; returns whether it passes the
 * filter (the trace shows snapshots: they make tracks). */
static gboolean
headless_trace_event (Headless *h, const Event *ev, const Proc *p)
{
  gboolean shown = filter_match_event (h->filter, ev, p, NULL, FILTER_SHOW_SNAPSHOTS);

  if (h->trace_failed)
    return FALSE;
  perfetto_event (h->trace, tracefile_buffer (h->trace_file), ev, p, shown);
  headless_wrote_trace (h, tracefile_flush (h->trace_file, FALSE));
  return shown;
}

/* Gives EV (about P) to the printer and the trace; the run ends when the
 * count is reached (of the events printed, else of those the trace
 * shows). */
static void
headless_event (Headless *h, const Event *ev, const Proc *p)
{
  gboolean counted = FALSE;

  /* Events already read in the batch that reached the count, or that
   * ended the run with a failed write, are not shown. */
  if (h->ended || (h->count && h->printed >= h->count))
    return;
  if (h->trace)
    counted = headless_trace_event (h, ev, p) && !h->print;
  if (h->print)
    counted = headless_print_event (h, ev, p);
  if (counted && ev->kind != EVENT_SNAPSHOT && h->count && ++h->printed >= h->count)
    {
      monitor_command_leave (h->m);
      headless_flush (h);
      g_main_loop_quit (h->loop);
    }
}

/* MonitorListener: prints the events that pass the filter, each after the
 * end of the process it replaced (which the model made a tombstone of
 * unknown status), so that the outputs say what the model concluded. */
static void
headless_on_event (const Event *ev, const Proc *p, gpointer user)
{
  Headless *h = user;
  const Proc *old = ev->replaced ? proctab_lookup_serial (monitor_proctab (h->m),
                                                          ev->replaced) : NULL;

  if (old)
    {
      Event end;
      proctab_end_event (old, old->pid, ev->mono_ns, ev->wall_ns, &end);
      end.cpu = ev->cpu;
      headless_event (h, &end, old);
    }
  headless_event (h, ev, p);
}

/* MonitorDone: the replay or the command ended (or the source failed). */
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

/* Writes where the events come from, O: in JSON the header record; in the
 * text log a replay's description, which names where it was recorded. */
static void
headless_print_origin (Headless *h, const Origin *o)
{
  g_string_truncate (h->line, 0);
  if (h->json)
    json_header (h->line, o);
  else if (monitor_is_replay (h->m))
    g_string_append_printf (h->line, "# %s\n", monitor_notice (h->m));
  headless_put_line (h);
}

/* MonitorOriginListener: a replay's header record, passed on. */
static void
headless_on_origin (const Origin *o, gpointer user)
{
  headless_print_origin (user, o);
}

/* MonitorLongWaitListener: a paced replay's long gap, shortened, said on
 * standard error after what came before it is written out. */
static void
headless_on_long_wait (gint64 due_ns, gint64 wait_ns, gpointer user)
{
  Headless *h = user;
  g_autoptr (GString) said = g_string_new (NULL);

  headless_flush (h);
  words_long_wait (said, due_ns, wait_ns);
  g_printerr ("forkscope: %s\n", said->str);
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
  headless_put_line (h);
}

/* MonitorNoticeListener: a replay's notice, the recording's: written on as
 * it is in JSON, said as the recording's in the text log. */
static void
headless_on_notice (const char *text, gpointer user)
{
  Headless *h = user;

  if (h->json)
    {
      headless_print_notice (h, text);
      return;
    }
  g_autoptr (GString) said = g_string_new (NULL);
  words_recorded_notices (said, &text, 1);
  headless_print_notice (h, said->str);
}

/* Writes what the output starts with, and each file it is reopened as:
 * in JSON the header record (where the events come from, when known), the
 * notice of a polling source and that of ends without costs; in the text
 * log those notices, the title line and a replay's description (as when
 * its header is read later). */
static void
headless_preamble (Headless *h)
{
  const Origin *o = monitor_origin (h->m);

  /* Each file names the users it needs. */
  headless_forget_users (h);
  if (o && h->json)
    headless_print_origin (h, o);
  if (monitor_notice (h->m) && monitor_is_polling (h->m))
    headless_print_notice (h, monitor_notice (h->m));
  if (monitor_cost_notice (h->m))
    headless_print_notice (h, monitor_cost_notice (h->m));
  if (!h->json)
    {
      g_string_truncate (h->line, 0);
      text_header (h->line);
      headless_put_line (h);
      if (o)
        headless_print_origin (h, o);
    }
}

/* Periodic work: flush output and trace, expire tombstones. */
static gboolean
headless_on_tick (gpointer user)
{
  Headless *h = user;
  headless_flush (h);
  if (h->trace && !h->trace_failed)
    headless_wrote_trace (h, tracefile_flush (h->trace_file, TRUE));
  monitor_tick (h->m);
  return G_SOURCE_CONTINUE;
}

/* --duration elapsed, or a signal ends the run: before the command's end. */
static gboolean
headless_on_stop (gpointer user)
{
  Headless *h = user;
  monitor_command_leave (h->m);
  g_main_loop_quit (h->loop);
  return G_SOURCE_CONTINUE;
}

/* SIGINT, SIGTERM, or SIGHUP without --output: the run ends with 128 + its
 * number; the first while a command runs is passed to it instead. */
static gboolean
headless_on_signal (gpointer user)
{
  HeadlessSignal *s = user;
  if (monitor_command_signal (s->h->m, s->sig))
    return G_SOURCE_CONTINUE;
  s->h->signal = s->sig;
  return headless_on_stop (s->h);
}

/* SIGHUP with --output: the file is opened again (logrotate renamed it),
 * between two records, and starts as the first did; what was written
 * before goes to the old one.  When it cannot be opened, the run goes on
 * writing to the old one. */
static gboolean
headless_on_reopen (gpointer user)
{
  Headless *h = user;
  g_autoptr (GError) error = NULL;

  headless_flush (h);
  if (h->ended)
    return G_SOURCE_CONTINUE;
  if (output_reopen (h->out, &error) < 0)
    g_printerr ("forkscope: %s; still writing to the file open before\n", error->message);
  else
    headless_preamble (h);
  return G_SOURCE_CONTINUE;
}

int
headless_run (Monitor *m, const Filter *filter, const HeadlessOptions *o)
{
  Headless h = { .m = m, .filter = filter, .print = o->print, .json = o->json,
                 .color = o->color, .count = o->count, .names = monitor_user_names (m) };
  g_autoptr (GError) error = NULL;
  g_autoptr (Output) out = o->output ? output_open (o->output, &error) : output_new_stdout ();
  g_autoptr (TraceFile) trace_file = NULL;
  g_autoptr (PerfettoWriter) trace = NULL;

  if (out && o->perfetto)
    trace_file = tracefile_open (o->perfetto, &error);
  if (!out || (o->perfetto && !trace_file))
    {
      /* A file named on the command line that cannot be opened: a usage
       * error, as a --replay that cannot be read. */
      g_printerr ("forkscope: %s: %s\n", out ? "--perfetto" : "--output", error->message);
      return 2;
    }
  if (trace_file)
    {
      /* A live trace's entity ids are this boot's; a replay's as recorded. */
      const Origin *origin = monitor_is_live (m) ? monitor_origin (m) : NULL;
      trace = perfetto_new (h.names, origin ? origin->boot_id : NULL);
      h.trace = trace;
      h.trace_file = trace_file;
    }
  /* A recording needs the starting tree to replay well, and the threads'
   * exits to end the processes whose leader left first. */
  if (o->json && !filter_has_kinds (filter))
    h.show = FILTER_SHOW_SNAPSHOTS | FILTER_SHOW_THREADS;
  if (o->threads)
    h.show |= FILTER_SHOW_THREADS;
  /* A replay's records carry the ids they were recorded with. */
  if (o->json && monitor_is_live (m) && monitor_origin (m))
    h.boot_id = monitor_origin (m)->boot_id;
  /* unit: and cgroup: terms need every process's cgroup. */
  monitor_want_cgroups (m, filter_needs_cgroup (filter));
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GString) line = g_string_new (NULL);
  const char *notice = monitor_notice (m);
  HeadlessSignal sigs[] = { { &h, SIGINT }, { &h, SIGTERM }, { &h, SIGHUP } };
  /* With a file to reopen, SIGHUP reopens it instead of ending the run. */
  guint nsigs = output_is_file (out) ? 2 : 3;
  guint ids[3 + G_N_ELEMENTS (sigs)] = { 0 };

  g_autoptr (GHashTable) users_named = g_hash_table_new (g_direct_hash, g_direct_equal);
  h.loop = loop;
  h.line = line;
  h.out = out;
  h.users_named = users_named;
  output_set_loss_record (out, headless_loss_record, &h);
  if (notice && monitor_is_polling (m))
    g_printerr ("forkscope: %s\n", notice);
  if (monitor_cost_refused (m))
    g_printerr ("forkscope: %s\n", monitor_cost_notice (m));
  if (h.print)
    {
      headless_preamble (&h);
      monitor_set_origin_listener (m, headless_on_origin, &h);
      monitor_set_notice_listener (m, headless_on_notice, &h);
    }
  monitor_set_listener (m, headless_on_event, headless_on_done, &h);
  monitor_set_long_wait_listener (m, headless_on_long_wait, &h);
  monitor_start (m);
  ids[0] = g_timeout_add (HEADLESS_TICK_MS, headless_on_tick, &h);
  if (o->duration > 0)
    ids[1] = g_timeout_add ((guint) MIN (o->duration * 1000, G_MAXUINT),
                            headless_on_stop, &h);
  if (output_is_file (out))
    ids[2] = g_unix_signal_add (SIGHUP, headless_on_reopen, &h);
  for (guint i = 0; i < nsigs; i++)
    ids[3 + i] = g_unix_signal_add (sigs[i].sig, headless_on_signal, &sigs[i]);
  if (!(h.count && h.printed >= h.count) && !h.ended)
    g_main_loop_run (loop);
  headless_flush (&h);
  if (trace && !h.trace_failed)
    {
      perfetto_finish (trace, tracefile_buffer (trace_file));
      headless_wrote_trace (&h, tracefile_flush (trace_file, TRUE));
      if (perfetto_empty (trace))
        g_printerr ("forkscope: %s: no event passed the filter: the trace is empty\n",
                    tracefile_name (trace_file));
    }
  monitor_set_listener (m, NULL, NULL, NULL);
  monitor_set_origin_listener (m, NULL, NULL);
  monitor_set_notice_listener (m, NULL, NULL);
  monitor_set_long_wait_listener (m, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (ids[i])
      g_source_remove (ids[i]);

  if (output_dropped (out))
    g_printerr ("forkscope: %s: %" G_GUINT64_FORMAT " records could not be written, "
                "for want of room\n", output_name (out), output_dropped (out));
  const MonitorStats *st = monitor_stats (m);
  if (st->lost)
    g_printerr ("forkscope: %" G_GUINT64_FORMAT " events lost%s\n", st->lost,
                st->resyncs ? "; the tree was resynced from /proc" : "");
  if (st->costs_lost)
    g_printerr ("forkscope: %" G_GUINT64_FORMAT " task statistics lost: those ends' "
                "costs are unknown\n", st->costs_lost);
  return h.signal ? 128 + h.signal : h.status;
}
