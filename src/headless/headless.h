/* headless.h - the --log and --json printers: events as lines on stdout. */
#pragma once

#include <glib.h>
#include "filter.h"
#include "monitor.h"

/* How a headless run prints and when it ends. */
typedef struct {
  gboolean json;        /* JSON Lines, else the text log */
  gboolean threads;     /* exits of threads too, not only of processes */
  gboolean color;       /* the text log's lines coloured (text_event_colored) */
  gint64 count;         /* stop after this many events (0: never) */
  double duration;      /* stop after this many seconds (0: never) */
  const char *output;   /* write to this file, reopened on SIGHUP; NULL: stdout */
} HeadlessOptions;

/* Prints the events of M that pass FILTER until the count, the duration, a
 * signal (SIGINT, SIGTERM, SIGHUP), a closed output or the end of a replay;
 * starts M itself.  JSON starts with the header record of M's origin (a
 * replay's when its header is read) and live records get entity ids.  A
 * source notice about polling goes to stderr and into the stream; so does
 * why the ends carry no costs (to stderr only when the task statistics
 * could not be had), and at the end how many of those were lost.  With
 * an output file, SIGHUP opens it again instead (logrotate's convention),
 * and the new file starts as the first did.  A file with no room for more
 * (a full file system, a quota, the file size limit: output_full) does not
 * end the run: it is cut back to whole records, what cannot be written is
 * counted, and said in the stream (a lost event, "lost_in":"output") and
 * on stderr when there is room again.  Returns the process exit status:
 * 0; 1 when the source failed, the output could not be opened or written
 * (the error, naming the file, is on stderr) or had no room for some
 * records; 128 plus the signal's number when a signal ended the run, as
 * the viewer does. */
int headless_run (Monitor *m, const Filter *filter, const HeadlessOptions *o);
