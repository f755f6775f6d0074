/* monitorprivate.h - the contract between the monitor and its replay
 * navigator (replaynav.c), both ways; nothing outside src/monitor/
 * includes this. */
#pragma once

#include "monitor.h"
#include "replaynav.h"
#include "source.h"

/* Applies EV (one read from the replay) as an event from the source is
 * applied, but without telling the listener: a quiet read. */
void monitor_feed (Monitor *m, const Event *ev);

/* Starts the model over: the table becomes a copy of BASE (NULL: a new
 * empty one), the history an empty ring whose next event gets sequence
 * number NEXT_SEQ, and the clocks MONO_NS and WALL_NS, those of BASE's
 * newest event (0 for none). */
void monitor_restart (Monitor *m, const Proctab *base, guint64 next_seq,
                      gint64 mono_ns, gint64 wall_ns);

/* For the monitor: a navigator over M's replay SRC, with checkpoints
 * EVERY records apart at first (0: 4096), and seeks that put up to
 * HISTORY_SIZE events (the history's capacity, at most 1,000) before
 * their target in the history.  replaynav_free frees it (NULL: nothing). */
ReplayNav *replaynav_new (Monitor *m, Source *src, guint every, guint history_size);
void replaynav_free (ReplayNav *nav);

/* For the monitor: after each record of the replay is applied, takes a
 * checkpoint when one is due, and notes how far the replay has read. */
void replaynav_note (ReplayNav *nav);
