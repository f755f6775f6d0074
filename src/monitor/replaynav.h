/* replaynav.h - moving about a replay that a viewer shows.
 *
 * A replay read with a history (MonitorOptions.history_size) has a
 * navigator.  While the recording is read it takes checkpoints: a copy of
 * the table every so many records, at most 16 (when more would be needed,
 * every other one goes and they are taken half as often), so that a seek
 * back to any event re-reads at most the records between two.
 *
 * Its reads are quiet: the events go into the model and the history as
 * any others, but not to the monitor's listener, which hears only of the
 * events that come as the replay plays.  Whoever moves the replay knows
 * what it changed (the viewer's time cursor), and a listener that counts
 * events (--count) never counts one twice. */
#pragma once

#include <glib.h>
#include "monitor.h"

/* Whether the replay can go back (replaynav_seek): not from a pipe. */
gboolean replaynav_seekable (ReplayNav *nav);

/* The furthest event number of the replay read so far (its length, once
 * read to the end). */
guint64 replaynav_records_seen (ReplayNav *nav);

/* Reads and applies the replay's next event now, paused or not, never
 * waiting for input.  Returns 1, 0 when there is none now (the end, or a
 * pipe with nothing more yet), -1 with ERROR for a broken record. */
int replaynav_step (ReplayNav *nav, GError **error);

/* Reads and applies the replay's events now, paused or not, never waiting
 * for input, up to and including event number RECORD (0: no limit) and
 * the last event at or before wall-clock time WALL_NS (G_MAXINT64: no
 * limit); it stops before the first event past either.  Returns 1 when it
 * stopped there, 0 when there was no more now (the end, or a pipe with
 * nothing more yet), -1 with ERROR for a broken record. */
int replaynav_read_to (ReplayNav *nav, guint64 record, gint64 wall_ns, GError **error);

/* Moves the replay to right after its event number RECORD: the model
 * starts again from the nearest checkpoint at or before it that leaves
 * the history some events before RECORD, and the records up to RECORD are
 * read again.  Returns 1, 0 when the recording ended before RECORD, -1
 * with ERROR (the recording cannot be read again: stdin, a pipe). */
int replaynav_seek (ReplayNav *nav, guint64 record, GError **error);

/* Moves the replay (as replaynav_seek) to right after its last event at
 * or before wall-clock time WALL_NS (CLOCK_REALTIME ns), or after its
 * first event when none is, or to its end.  Returns 1, 0 at the end, or
 * -1 with ERROR. */
int replaynav_seek_time (ReplayNav *nav, gint64 wall_ns, GError **error);
