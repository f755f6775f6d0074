/* travel.c - the time cursor (see travel.h). */
#include "travel.h"

#include <string.h>

#include "logpos.h"
#include "replaynav.h"

/* The paces + and - go through in a replay, slowest first; 0 is as fast as
 * possible. */
static const double travel_paces[] = { 0.25, 0.5, 1, 2, 4, 8, 16, 64, 0 };

/* The most replay seeks back one step by event may take to find an event
 * the filter shows, each putting 1,000 more events in the history. */
#define TRAVEL_MAX_SEEKS 4

/* Before the cursor moves: the view freezes, a replay pauses, and the last
 * message (maybe a complaint about the last move) goes. */
static void
travel_hold (Viewer *v)
{
  if (monitor_is_replay (v->m))
    monitor_replay_pause (v->m, TRUE);
  if (!v->frozen)
    viewer_freeze (v);
  viewer_message_clear (v);
}

/* Says that the cursor stands at the freeze point, the newest it reaches. */
static void
travel_say_freeze_point (Viewer *v)
{
  viewer_message (v, "the freeze point: z returns to now");
}

/* The frozen history's entry SEQ, or NULL. */
static const HistoryEntry *
travel_entry (Viewer *v, guint64 seq)
{
  return logpos_entry (viewer_history (v), seq);
}

/* The seq of the frozen history's oldest (NEWEST: newest) entry, 0 when
 * it is empty. */
static guint64
travel_end (Viewer *v, gboolean newest)
{
  const History *h = viewer_history (v);
  const HistoryEntry *e = history_get (h, newest ? history_len (h) - 1 : 0);

  return e ? e->seq : 0;
}

/* The seq the cursor stands on: its event, or the newest at the freeze. */
static guint64
travel_seq (Viewer *v)
{
  return v->cursor ? v->cursor : travel_end (v, TRUE);
}

void
travel_set_cursor (Viewer *v, guint64 seq)
{
  const HistoryEntry *e;

  travel_hold (v);
  e = seq ? travel_entry (v, seq) : NULL;
  if (!e || seq >= travel_end (v, TRUE))
    v->cursor = 0;  /* the freeze point: the table as it was */
  else
    {
      v->cursor = seq;
      v->cursor_mono = e->ev.mono_ns;
      v->cursor_wall = e->ev.wall_ns;
    }
  /* The log shows the event the cursor is at (or the newest before it). */
  v->log_sel = v->cursor ? v->cursor : logpos_newest (&v->log_index);
  v->log_follow = FALSE;
  v->rows_stale = TRUE;
  v->det_serial = 0;
}

/* Moves the cursor to OLDEST, the oldest event held, and says that the
 * recording or the history starts there. */
static void
travel_to_start (Viewer *v, const HistoryEntry *oldest)
{
  g_autoptr (GString) when = g_string_new (NULL);

  words_clock (when, oldest->ev.wall_ns);
  viewer_message (v, monitor_is_replay (v->m) ? "the recording starts at %s"
                     : "the history starts at %s (it keeps the last %u events: --history)",
                  when->str, history_len (viewer_history (v)));
  travel_set_cursor (v, oldest->seq);
}

/* The seq of the last event the log shows before SEQ (DIR -1) or the first
 * after it (DIR 1), 0 when there is none in the history. */
static guint64
travel_shown_next (Viewer *v, guint64 seq, int dir)
{
  guint rank;

  viewer_update_log (v);
  if (dir < 0)
    {
      rank = logpos_rank (&v->log_index, seq);
      return rank > 0 ? logpos_nth (&v->log_index, rank - 1) : 0;
    }
  return logpos_nth (&v->log_index, logpos_rank (&v->log_index, seq + 1));
}

/* The seq of the frozen history's last event at or before NS (its
 * wall-clock time when WALL, else its monotonic time), 0 when none is. */
static guint64
travel_before (Viewer *v, gint64 ns, gboolean wall)
{
  const History *h = viewer_history (v);
  guint64 best = 0;

  for (guint i = 0; i < history_len (h); i++)
    {
      const HistoryEntry *e = history_get (h, i);
      if ((wall ? e->ev.wall_ns : e->ev.mono_ns) > ns)
        break;
      best = e->seq;
    }
  return best;
}

/* Says why the replay cannot go back, and whether it can. */
static gboolean
travel_can_seek (Viewer *v)
{
  if (replaynav_seekable (monitor_replay_nav (v->m)))
    return TRUE;
  viewer_message (v, "read from a pipe, this replay cannot go back before the "
                  "events held (the last %u)", history_len (viewer_history (v)));
  return FALSE;
}

/* Replays: the view frozen where the replay now stands, after it moved;
 * R is how the move ended (1, 0 at the end, -1 with ERROR). */
static void
travel_refreeze (Viewer *v, int r, const GError *error)
{
  v->source_ended = FALSE;
  viewer_freeze (v);
  travel_set_cursor (v, 0);
  if (r < 0)
    viewer_message (v, "%s", error->message);
  else if (r == 0)
    viewer_message (v, "no later event in the recording");
}

/* Replays: reads the recording again up to right after its event RECORD,
 * or when RECORD is 0 its last event at or before WALL_NS (the history
 * ends there), and freezes the view there.  FALSE, the view unchanged,
 * when the replay cannot go back. */
static gboolean
travel_replay_at (Viewer *v, guint64 record, gint64 wall_ns)
{
  g_autoptr (GError) error = NULL;
  int r;

  if (!travel_can_seek (v))
    return FALSE;
  viewer_thaw (v);
  r = record ? replaynav_seek (monitor_replay_nav (v->m), record, &error)
             : replaynav_seek_time (monitor_replay_nav (v->m), wall_ns, &error);
  travel_refreeze (v, r, error);
  return TRUE;
}

/* Replays: reads on up to event RECORD (0: no limit) and the last event at
 * or before WALL_NS (G_MAXINT64: no limit), and freezes the view there. */
static void
travel_replay_to (Viewer *v, guint64 record, gint64 wall_ns)
{
  g_autoptr (GError) error = NULL;

  viewer_thaw (v);
  int r = replaynav_read_to (monitor_replay_nav (v->m), record, wall_ns, &error);
  travel_refreeze (v, r, error);
}

/* Replays: reads on, a thousand events at a time, until the history holds
 * an event the log shows after the one it ended with; that event's seq,
 * or 0 when there is none now. */
static guint64
travel_replay_next_shown (Viewer *v)
{
  for (guint i = 0; i < TRAVEL_MAX_SEEKS; i++)
    {
      guint64 from = travel_end (v, TRUE);
      travel_replay_to (v, from + 1000, G_MAXINT64);
      guint64 next = travel_shown_next (v, from, 1);
      if (next || travel_end (v, TRUE) == from)
        return next;
    }
  return 0;
}

void
travel_step_events (Viewer *v, gint n)
{
  gboolean replay = monitor_is_replay (v->m);
  int dir = n < 0 ? -1 : 1;
  guint seeks = 0;
  guint64 seq;

  travel_hold (v);
  seq = travel_seq (v);
  while (n != 0)
    {
      guint64 next = travel_shown_next (v, seq, dir);
      if (next)
        {
          seq = next;
          n -= dir;
          continue;
        }
      /* None in the history that way. */
      guint64 oldest = travel_end (v, FALSE);
      if (replay && dir < 0 && oldest > 1 && seeks++ < TRAVEL_MAX_SEEKS)
        {
          /* The replay goes back before the history, which then holds the
           * events before that point too; the search goes on there. */
          if (!travel_replay_at (v, oldest - 1, 0))
            return;
          seq = travel_end (v, TRUE) + 1;
          continue;
        }
      if (replay && dir > 0)
        {
          next = travel_replay_next_shown (v);
          if (!next)
            {
              viewer_message (v, "no later event shown in the recording");
              return;
            }
          seq = next;
          n -= dir;
          continue;
        }
      if (dir < 0)
        viewer_message (v, replay ? "no earlier event shown in the recording"
                                  : "no earlier event shown in the history (it keeps the last "
                                    "%u: --history)", history_len (viewer_history (v)));
      else
        travel_say_freeze_point (v);
      break;
    }
  travel_set_cursor (v, seq);
}

void
travel_step_time (Viewer *v, double seconds)
{
  gboolean replay = monitor_is_replay (v->m);
  const HistoryEntry *at, *oldest;
  gint64 target, wall;
  guint64 seq;

  travel_hold (v);
  at = travel_entry (v, travel_seq (v));
  oldest = travel_entry (v, travel_end (v, FALSE));
  if (!at || !oldest)
    return;
  target = event_ns_add (at->ev.mono_ns, (gint64) (seconds * 1e9));
  wall = event_ns_add (at->ev.wall_ns, (gint64) (seconds * 1e9));
  if (seconds > 0 && (!v->cursor || target > travel_entry (v, travel_end (v, TRUE))->ev.mono_ns))
    {
      /* Past the freeze point: a replay reads on, a live view stops there. */
      if (replay)
        travel_replay_to (v, 0, wall);
      else
        {
          travel_set_cursor (v, 0);
          travel_say_freeze_point (v);
        }
      return;
    }
  if (target < oldest->ev.mono_ns)
    {
      /* Before the history. */
      if (replay && oldest->seq > 1)
        {
          travel_replay_at (v, 0, wall);
          return;
        }
      travel_to_start (v, oldest);
      return;
    }
  seq = travel_before (v, target, FALSE);
  travel_set_cursor (v, seq);
}

gboolean
travel_position (Viewer *v, guint64 *at, guint64 *of)
{
  gboolean replay = monitor_is_replay (v->m);

  if (!v->frozen || (!v->cursor && !replay))
    return FALSE;
  *at = travel_seq (v);
  *of = replay ? MAX (replaynav_records_seen (monitor_replay_nav (v->m)), *at) : travel_end (v, TRUE);
  return TRUE;
}

/* Parses "HH:MM:SS[.fraction]" into the last nanosecond it names (the end
 * of that second, or of that tenth, millisecond...) on the local date of
 * DAY_NS (a CLOCK_REALTIME time in ns).  Returns 1, 0 when TEXT is not a
 * time, -1 when that time cannot be had on that day (a clock out of range). */
static int
travel_parse_clock (const char *text, gint64 day_ns, gint64 *wall_ns)
{
  guint hh, mm, ss;
  gint64 frac = 0, unit = G_GINT64_CONSTANT (1000000000);
  int used = 0;

  if (sscanf (text, "%2u:%2u:%2u%n", &hh, &mm, &ss, &used) != 3 || hh > 23 || mm > 59
      || ss > 59)
    return 0;
  text += used;
  if (*text == '.')
    for (text++; g_ascii_isdigit (*text) && unit > 1; text++)
      {
        unit /= 10;
        frac = frac * 10 + (*text - '0');
      }
  if (*text)
    return 0;
  g_autoptr (GDateTime) day = g_date_time_new_from_unix_local (day_ns / G_GINT64_CONSTANT (1000000000));
  if (!day)
    return -1;
  g_autoptr (GDateTime) at = g_date_time_new_local (g_date_time_get_year (day),
                                                    g_date_time_get_month (day),
                                                    g_date_time_get_day_of_month (day),
                                                    hh, mm, ss);
  gint64 secs = at ? g_date_time_to_unix (at) : -1;
  /* Times that nanoseconds since 1970 cannot hold (past 2262) are refused. */
  if (secs < 0 || secs >= G_MAXINT64 / G_GINT64_CONSTANT (1000000000))
    return -1;
  *wall_ns = secs * G_GINT64_CONSTANT (1000000000) + frac * unit + unit - 1;
  return 1;
}

/* Moves the cursor to event N (see travel_goto). */
static gboolean
travel_goto_event (Viewer *v, guint64 n)
{
  gboolean replay = monitor_is_replay (v->m);
  guint64 oldest = travel_end (v, FALSE), newest = travel_end (v, TRUE);

  if (n >= oldest && n <= newest)
    travel_set_cursor (v, n);
  else if (replay && n < oldest)
    return travel_replay_at (v, n, 0);
  else if (replay)
    travel_replay_to (v, n, G_MAXINT64);
  else
    {
      viewer_message (v, "the history holds events %" G_GUINT64_FORMAT " to %"
                      G_GUINT64_FORMAT " (--history)", oldest, newest);
      return FALSE;
    }
  return TRUE;
}

/* Moves the cursor to the last event at or before WALL (see travel_goto). */
static gboolean
travel_goto_time (Viewer *v, gint64 wall)
{
  gboolean replay = monitor_is_replay (v->m);
  const HistoryEntry *oldest = travel_entry (v, travel_end (v, FALSE));
  const HistoryEntry *newest = travel_entry (v, travel_end (v, TRUE));
  guint64 seq = travel_before (v, wall, TRUE);

  if (replay && oldest && wall < oldest->ev.wall_ns && oldest->seq > 1)
    return travel_replay_at (v, 0, wall);
  if (replay && newest && wall >= newest->ev.wall_ns)
    {
      travel_replay_to (v, 0, wall);
      return TRUE;
    }
  if (!seq && oldest)
    {
      travel_to_start (v, oldest);
      return FALSE;
    }
  travel_set_cursor (v, seq);
  return TRUE;
}

gboolean
travel_goto (Viewer *v, const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  const char *digits = t + (*t == '#');
  guint64 n;
  gint64 wall;

  travel_hold (v);
  if (*digits && strspn (digits, "0123456789") == strlen (digits))
    {
      if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &n, NULL))
        {
          viewer_message (v, "no event %s: events are numbered from 1", digits);
          return FALSE;
        }
      return travel_goto_event (v, n);
    }
  int r = travel_parse_clock (t, viewer_now_wall (v), &wall);
  if (r == 0)
    {
      viewer_message (v, "go to what?  an event number (#4211) or a time (12:34:56.789)");
      return FALSE;
    }
  if (r < 0)
    {
      viewer_message (v, "the clock of the event shown is out of range: go to an event number");
      return FALSE;
    }
  return travel_goto_time (v, wall);
}

void
travel_play_toggle (Viewer *v)
{
  double pace = monitor_replay_speed (v->m);

  if (!monitor_is_replay (v->m))
    return;
  if (v->frozen)
    {
      viewer_toggle_freeze (v);
      return;
    }
  travel_hold (v);
  if (pace > 0)
    viewer_message (v, "paused: Space plays on at %gx (+ and - change it), [ ] { } : "
                    "move in time", pace);
  else
    viewer_message (v, "paused: Space plays on as fast as possible (- slows it), "
                    "[ ] { } : move in time");
}

void
travel_pace (Viewer *v, int dir)
{
  double now = monitor_replay_speed (v->m);
  guint n = G_N_ELEMENTS (travel_paces), i;

  for (i = 0; i < n - 1 && !(now > 0 && now <= travel_paces[i]); i++)
    ;
  i = (guint) CLAMP ((gint) i + dir, 0, (gint) n - 1);
  monitor_replay_set_speed (v->m, travel_paces[i]);
  if (travel_paces[i] > 0)
    viewer_message (v, "replaying at %gx", travel_paces[i]);
  else
    viewer_message (v, "replaying as fast as possible");
}
