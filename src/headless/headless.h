/* headless.h - the --log and --json printers: events as lines on stdout. */
#pragma once

#include <glib.h>
#include "filter.h"
#include "monitor.h"

/* The period of a headless run's tick (flush, tombstones, the task
 * statistics' reads), in ms. */
#define HEADLESS_TICK_MS 100

/* How a headless run prints and when it ends. */
typedef struct {
  gboolean print;       /* print events (--log, --json) */
  gboolean json;        /* JSON Lines, else the text log */
  gboolean threads;     /* exits of threads too, not only of processes */
  gboolean color;       /* the text log's lines coloured (text_event_colored) */
  gint64 count;         /* stop after this many events (0: never) */
  double duration;      /* stop after this many seconds (0: never) */
  const char *output;   /* write to this file, reopened on SIGHUP; NULL: stdout */
  const char *perfetto; /* write a Perfetto trace to this file ("-": stdout),
                           or NULL */
} HeadlessOptions;

/* Prints the events of M that pass FILTER until the count, the duration, a
 * signal (SIGINT, SIGTERM, SIGHUP), a closed output, the end of a replay
 * or that of the command M watches (a signal while it runs is passed to
 * it, and the run goes on: monitor_command_signal); starts M itself.
 * With a Perfetto trace (perfetto.h), its file is created afresh and the
 * events go to it too, those that pass FILTER choosing which processes
 * get a track (snapshots included), and the trace is finished at the end
 * of the run; --count then counts the events it shows, unless events are
 * printed too.  JSON starts with the header record of M's origin (a
 * replay's when its header is read) and live records get entity ids.  A
 * source notice about polling goes to stderr and into the stream; so does
 * why the ends carry no costs (to stderr only when the task statistics
 * could not be had), and at the end how many of those were lost.  With
 * an output file, SIGHUP opens it again instead (logrotate's convention),
 * and the new file starts as the first did.  A file with no room for more
 * (a full file system, a quota, the file size limit: output_full) does not
 * end the run: it is cut back to whole records, what cannot be written is
 * counted, and said in the stream (a lost event, "lost_in":"output") and
 * on stderr when there is room again; a trace that cannot be written
 * ends the run.  Returns the process exit status:
 * 0; 1 when the source failed, the output or the trace could not be
 * written (the error, naming the file, is on stderr) or the output had no
 * room for some records; 2 when either could not be opened (the error
 * names the option and the file); 128 plus the signal's number when a
 * signal ended the run, as the viewer does. */
int headless_run (Monitor *m, const Filter *filter, const HeadlessOptions *o);
