/* travel.h - the time cursor: the frozen view moved to the moment right
 * after any event of the history, or of a whole recording.
 *
 * Events are numbered from the start, the first scan's snapshots included
 * (in a replay: the recording's lines that hold events), so that "event N"
 * means the same live and replayed.  While frozen, the view's table is the
 * one at the cursor (viewer_proctab), built by the model's TimelineCursor
 * over the frozen timeline.  Steps by event go from one event the log shows
 * to the next, so that a filter applies to them as to the log; steps by
 * time and jumps go to the last event at or before a moment.  In a replay,
 * a move before the history reads the recording again from the checkpoint
 * before it, a move past it reads on; a replay read from a pipe can only
 * read on.  Moving the cursor freezes the view and pauses a replay. */
#pragma once

#include "viewer.h"

/* Moves the cursor right after the history's event SEQ (0, or SEQ the
 * newest: the freeze point). */
void travel_set_cursor (Viewer *v, guint64 seq);

/* Moves the cursor by N of the events the log shows (negative: back). */
void travel_step_events (Viewer *v, gint n);

/* Moves the cursor by SECONDS of the events' clock (negative: back): to the
 * last event at or before the cursor's time plus SECONDS. */
void travel_step_time (Viewer *v, double seconds);

/* Where the frozen view stands: the number of its event in *AT, of the
 * newest event held (a replay: read) in *OF.  FALSE when not frozen, and
 * at the freeze point of a live source (the header then says FROZEN). */
gboolean travel_position (Viewer *v, guint64 *at, guint64 *of);

/* Moves the cursor to TEXT: "#N" or "N", an event number, or
 * "HH:MM:SS[.mmm]", the end of that second or millisecond on the date of
 * the view.  Says why in a message and returns FALSE when TEXT is neither,
 * or out of reach. */
gboolean travel_goto (Viewer *v, const char *text);

/* Replays: pauses (freezing the view there) or plays on (unfreezing). */
void travel_play_toggle (Viewer *v);

/* Replays: the next faster (DIR 1) or slower (DIR -1) pace. */
void travel_pace (Viewer *v, int dir);
