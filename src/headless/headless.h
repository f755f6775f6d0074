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
} HeadlessOptions;

/* Prints the events of M that pass FILTER until the count, the duration, a
 * signal (SIGINT, SIGTERM, SIGHUP), a closed output or the end of a replay;
 * starts M itself.  A source notice about polling goes to stderr and into
 * the stream.  Returns the process exit status: 0; 1 when the source
 * failed or stdout could not be written (the error is on stderr); 128 plus
 * the signal's number when a signal ended the run, as the viewer does. */
int headless_run (Monitor *m, const Filter *filter, const HeadlessOptions *o);
