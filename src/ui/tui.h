/* tui.h - the interactive viewer. */
#pragma once

#include <glib.h>
#include "monitor.h"
#include "options.h"

/* Runs the viewer on M until the user quits: sets M's listener, starts M,
 * and runs a GMainLoop.  The terminal is restored on every way out (q,
 * SIGINT, SIGTERM, SIGHUP, a source error).  Returns the process exit
 * status: 0 on quit, 128 + signal number when ended by a signal, 1 when the
 * terminal cannot be used (OPTS then unchanged) or the source failed (the
 * error is printed on stderr after the terminal is restored).  OPTS's
 * toggles marked "in and out" are set to what the viewer ended with. */
int tui_run (Monitor *m, ViewerOptions *opts);
