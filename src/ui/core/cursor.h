/* cursor.h - the time cursor: the moment the viewer shows.
 *
 * Live, the viewer shows now.  Frozen, it shows the table as it was at the
 * freeze and the history up to the freeze's newest event (a seq limit:
 * the history is not copied), and the cursor can stand right after any
 * event the history holds (in a replay: any of the recording read so
 * far, which the history keeps): the views then ask the cursor for the
 * table, the history and the "now" to show, and the cursor is the only
 * one who knows which it is.
 *
 * Events are numbered from the start, the first scan's snapshots included
 * (in a replay: the recording's lines that hold events), so that "event N"
 * means the same live and replayed.  Steps by event go from one event the
 * log shows to the next, so that a filter applies to them as to the log;
 * steps by time and jumps go to the last event at or before a moment (a
 * step forward with no event in its span goes on to the next event).  A
 * move before the oldest event the history holds lands there and says
 * where the history starts and why (its memory budget, its spill file's
 * cap: history_limit_text); in a replay a move past what was read reads
 * on (monitor_replay_read_to: quietly, so the cursor says itself what
 * changed).  Moving the cursor freezes the view and pauses a replay.
 *
 * The cursor keeps the log's selection on the event it stands on (it is
 * given the log's position, logpos.h) and says what a move could not do in
 * the function bar's message (message.h).  Each move returns what it
 * invalidated (reaction.h).
 *
 * Of the model, the cursor alone knows how the tables at past events are
 * had (tablecursor.h); it asks the history for entries, its oldest and
 * newest events, the last event at or before a moment, and where it
 * starts. */
#pragma once

#include <glib.h>
#include "history.h"
#include "logpos.h"
#include "message.h"
#include "monitor.h"
#include "proctab.h"
#include "reaction.h"

/* The time cursor; its state is cursor.c's alone. */
typedef struct Cursor Cursor;

/* A cursor over M's events, live (not frozen), keeping LOG's selection on
 * its event and saying things in MSG; both must outlive it.  cursor_free
 * frees it (NULL: nothing). */
Cursor *cursor_new (Monitor *m, Logpos *log, Message *msg);
void cursor_free (Cursor *c);

/* Whether the view is frozen. */
gboolean cursor_frozen (const Cursor *c);

/* The event the view stands right after, 0 when it is live or at the
 * freeze point. */
guint64 cursor_seq (const Cursor *c);

/* The table shown: the live one, the frozen copy, or the table at the
 * cursor (built when first asked for, so that keys moving faster than
 * frames are drawn cost one table, not one each). */
const Proctab *cursor_proctab (Cursor *c);

/* The history shown, and the newest event of it the view shows: the
 * freeze's when frozen, else the history's newest. */
History *cursor_history (Cursor *c);
guint64 cursor_limit (Cursor *c);

/* The monotonic and the wall-clock time of the moment shown. */
gint64 cursor_now (Cursor *c);
gint64 cursor_now_wall (Cursor *c);

/* The newest moment the view reaches (monotonic): now, live; the
 * freeze's moment, frozen. */
gint64 cursor_edge (Cursor *c);

/* Events applied since the freeze (the header's "+N new"). */
guint64 cursor_new_events (Cursor *c);

/* Where the frozen view stands: the number of its event in *AT, of the
 * newest event held (a replay: read) in *OF.  FALSE when not frozen, and
 * at the freeze point of a live source (the header then says FROZEN). */
gboolean cursor_position (Cursor *c, guint64 *at, guint64 *of);

/* Events per second before the moment shown (a scan's snapshots
 * included), on the events' clock, so that a finished replay shows a
 * stable figure.  When the history no longer holds that whole second,
 * the rate is scaled from the last tenth of a second or more that it
 * holds; from less, it is not known: -1. */
gint64 cursor_rate (Cursor *c);

/* Whether the replay reached its end (never for a live source); the
 * loop says so when the source tells it (cursor_set_ended), and a move
 * that reads on says again whether its reading reached the end. */
gboolean cursor_ended (const Cursor *c);
void cursor_set_ended (Cursor *c);

/* Freezes: copies the table as it is and notes the history's newest
 * event; the log's selection stays where it is. */
Reaction cursor_freeze (Cursor *c);

/* Back to now: the copies go, the log follows the newest event again and
 * what was said of the frozen view is taken back (a replay stays paused or
 * not as it is). */
Reaction cursor_thaw (Cursor *c);

/* Freezes, or unfreezes (a replay that the time cursor paused plays on). */
Reaction cursor_toggle_freeze (Cursor *c);

/* Moves the cursor right after the history's event SEQ (0, or SEQ the
 * newest: the freeze point); the log selects that event. */
Reaction cursor_go (Cursor *c, guint64 seq);

/* Moves the cursor by N of the events the log shows (negative: back). */
Reaction cursor_step_events (Cursor *c, gint n);

/* Moves the cursor forward to the last event at or before monotonic time
 * NS (a step of a key: a second, a column of the graph).  When that is
 * still the cursor's event (no event in the SPAN the step covers, as
 * "the next second"), it goes on to the next event after NS and says so
 * and how far that went; it always moves unless there is no later event,
 * which it says (a live view's freeze point, a replay's end). */
Reaction cursor_step_to (Cursor *c, gint64 ns, const char *span);

/* Moves the cursor by SECONDS of the events' clock (negative: back): to
 * the last event at or before the cursor's time plus SECONDS; forward,
 * as cursor_step_to. */
Reaction cursor_step_time (Cursor *c, double seconds);

/* Moves the cursor to the last event at or before monotonic time NS (a
 * moment picked on the activity graph or the timeline), within the
 * events held and the freeze point. */
Reaction cursor_go_mono (Cursor *c, gint64 ns);

/* Says WHAT (what was asked for, or what befell the view), then where the
 * history starts and why there: the recording's or forkscope's start, or
 * the limit that made it let older events go. */
void cursor_say_start (Cursor *c, const char *what);

/* Moves the cursor to TEXT: "#N" or "N", an event number, or
 * "HH:MM:SS[.mmm]", the first event at or after the start of that second
 * (or tenth, ..., millisecond) on the date of the view.  Says why in a
 * message when TEXT is neither, or out of reach. */
Reaction cursor_goto (Cursor *c, const char *text);

/* Replays: pauses (freezing the view there) or plays on (unfreezing). */
Reaction cursor_play (Cursor *c);

/* Replays: the next faster (DIR 1) or slower (DIR -1) pace. */
Reaction cursor_pace (Cursor *c, int dir);
