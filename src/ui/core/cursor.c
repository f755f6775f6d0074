/* cursor.c - the time cursor (see cursor.h). */
#include "cursor.h"

#include <stdio.h>
#include <string.h>

#include "replaynav.h"
#include "timeline.h"
#include "words.h"

/* The paces + and - go through in a replay, slowest first; 0 is as fast as
 * possible. */
static const double cursor_paces[] = { 0.25, 0.5, 1, 2, 4, 8, 16, 64, 0 };

/* The most replay seeks back one step by event may take to find an event
 * the filter shows, each putting 1,000 more events in the history. */
#define CURSOR_MAX_SEEKS 4

/* The window over which events per second are counted. */
#define CURSOR_RATE_NS G_GINT64_CONSTANT (1000000000)

/* What a move of the cursor invalidates: the tree (another table), and
 * what /proc said of the details' process (not asked at the cursor). */
#define CURSOR_MOVED (REACTION_ROWS | REACTION_PLACE)

/* The time cursor. */
struct Cursor {
  Monitor *m;
  ReplayNav *nav;         /* a replay's navigator, else NULL */
  Logpos *log;            /* the log, kept on the cursor's event */
  Message *msg;           /* where it says what a move could not do */
  gboolean ended;         /* a replay reached its end */

  gboolean frozen;
  Proctab *live;          /* the live table at the freeze */
  Timeline *tl;           /* the ring and the lagging table at the freeze */
  gint64 mono, wall;      /* the clocks at the freeze */
  guint64 events;         /* the monitor's events at the freeze */

  guint64 seq;            /* the event the view stands right after, 0:
                             the freeze point */
  TimelineCursor at;      /* the table after SEQ, over TL */
  gint64 seq_mono, seq_wall;  /* SEQ's clocks */
};

Cursor *
cursor_new (Monitor *m, Logpos *log, Message *msg)
{
  Cursor *c = g_new0 (Cursor, 1);

  c->m = m;
  c->nav = monitor_replay_nav (m);
  c->log = log;
  c->msg = msg;
  return c;
}

/* Drops the frozen copies and the table at the cursor. */
static void
cursor_drop (Cursor *c)
{
  g_clear_pointer (&c->live, proctab_free);
  timeline_cursor_clear (&c->at);
  g_clear_pointer (&c->tl, timeline_free);
  c->seq = 0;
  c->frozen = FALSE;
}

void
cursor_free (Cursor *c)
{
  if (!c)
    return;
  cursor_drop (c);
  g_free (c);
}

gboolean
cursor_frozen (const Cursor *c)
{
  return c->frozen;
}

guint64
cursor_seq (const Cursor *c)
{
  return c->seq;
}

const Proctab *
cursor_proctab (Cursor *c)
{
  if (!c->frozen)
    return monitor_proctab (c->m);
  return c->seq ? timeline_cursor_move (&c->at, c->seq) : c->live;
}

const History *
cursor_history (Cursor *c)
{
  return c->frozen ? timeline_history (c->tl) : monitor_history (c->m);
}

gint64
cursor_now (Cursor *c)
{
  if (!c->frozen)
    return monitor_now_mono_ns (c->m);
  return c->seq ? c->seq_mono : c->mono;
}

gint64
cursor_now_wall (Cursor *c)
{
  if (!c->frozen)
    return monitor_now_wall_ns (c->m);
  return c->seq ? c->seq_wall : c->wall;
}

guint64
cursor_new_events (Cursor *c)
{
  return monitor_stats (c->m)->events - c->events;
}

gboolean
cursor_ended (const Cursor *c)
{
  return c->ended;
}

void
cursor_set_ended (Cursor *c)
{
  c->ended = TRUE;
}

/* The history's entry SEQ, or NULL. */
static const HistoryEntry *
cursor_entry (Cursor *c, guint64 seq)
{
  return logpos_entry (cursor_history (c), seq);
}

/* The seq of the history's oldest (NEWEST: newest) entry, 0 when it is
 * empty. */
static guint64
cursor_end (Cursor *c, gboolean newest)
{
  const History *h = cursor_history (c);
  const HistoryEntry *e = history_get (h, newest ? history_len (h) - 1 : 0);

  return e ? e->seq : 0;
}

/* The seq of the history's last event at or before NS (its wall-clock
 * time when WALL, else its monotonic time), 0 when none is. */
static guint64
cursor_before (Cursor *c, gint64 ns, gboolean wall)
{
  const History *h = cursor_history (c);
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

/* The seq the cursor stands on: its event, or the newest at the freeze. */
static guint64
cursor_at (Cursor *c)
{
  return c->seq ? c->seq : cursor_end (c, TRUE);
}

gboolean
cursor_position (Cursor *c, guint64 *at, guint64 *of)
{
  if (!c->frozen || (!c->seq && !c->nav))
    return FALSE;
  *at = cursor_at (c);
  *of = c->nav ? MAX (replaynav_records_seen (c->nav), *at) : cursor_end (c, TRUE);
  return TRUE;
}

gint64
cursor_rate (Cursor *c)
{
  const History *h = cursor_history (c);
  gint64 now = cursor_now (c), since = event_ns_sub (now, CURSOR_RATE_NS);
  guint n = 0, len = history_len (h);
  const HistoryEntry *oldest = history_get (h, 0);

  for (guint i = len; i-- > 0;)
    {
      const HistoryEntry *e = history_get (h, i);
      if (c->seq && e->seq > c->seq)
        continue;
      if (e->ev.mono_ns <= since)
        return n;
      n += e->ev.kind != EVENT_SNAPSHOT;
    }
  if (!oldest || oldest->seq == 1)
    return n;  /* the history holds everything since the start */
  gint64 held = event_ns_sub (now, oldest->ev.mono_ns);
  if (held < CURSOR_RATE_NS / 10)
    return -1;
  return (gint64) ((double) n * CURSOR_RATE_NS / held);
}

Reaction
cursor_freeze (Cursor *c)
{
  Monitor *m = c->m;

  if (c->frozen)
    return REACTION_NONE;
  /* The log's selection stays on the event it was on. */
  logpos_update (c->log, monitor_history (m));
  c->live = proctab_copy (monitor_proctab (m));
  c->tl = timeline_copy (monitor_timeline (m));
  timeline_cursor_init (&c->at, c->tl);
  c->mono = monitor_now_mono_ns (m);
  c->wall = monitor_now_wall_ns (m);
  c->events = monitor_stats (m)->events;
  c->log->sel = logpos_selected (c->log);
  c->frozen = TRUE;
  return CURSOR_MOVED;
}

Reaction
cursor_thaw (Cursor *c)
{
  cursor_drop (c);
  c->log->follow = TRUE;  /* now: the newest event again */
  /* What was said of the frozen view (the cursor's edges) is no longer
   * true. */
  message_clear (c->msg);
  return CURSOR_MOVED;
}

Reaction
cursor_toggle_freeze (Cursor *c)
{
  if (!c->frozen)
    return cursor_freeze (c);
  /* A replay that moving the time cursor paused plays on. */
  if (monitor_is_replay (c->m))
    monitor_replay_pause (c->m, FALSE);
  return cursor_thaw (c);
}

/* Before the cursor moves: the view freezes, a replay pauses, and the last
 * message (maybe a complaint about the last move) goes. */
static Reaction
cursor_hold (Cursor *c)
{
  Reaction r;

  if (monitor_is_replay (c->m))
    monitor_replay_pause (c->m, TRUE);
  r = cursor_freeze (c);
  message_clear (c->msg);
  return r;
}

/* Says that the cursor stands at the freeze point, the newest it reaches. */
static void
cursor_say_freeze_point (Cursor *c)
{
  message_say (c->msg, "the freeze point: z returns to now");
}

/* Puts the cursor, frozen, right after the history's event SEQ (0, or
 * SEQ the newest: the freeze point), and the log's selection on it; what
 * the move said stays said. */
static Reaction
cursor_place (Cursor *c, guint64 seq)
{
  const HistoryEntry *e = seq ? cursor_entry (c, seq) : NULL;

  if (!e || seq >= cursor_end (c, TRUE))
    c->seq = 0;  /* the freeze point: the table as it was */
  else
    {
      c->seq = seq;
      c->seq_mono = e->ev.mono_ns;
      c->seq_wall = e->ev.wall_ns;
    }
  /* The log shows the event the cursor is at (or the newest before it). */
  logpos_select (c->log, c->seq ? c->seq : logpos_newest (&c->log->ix));
  return CURSOR_MOVED;
}

Reaction
cursor_go (Cursor *c, guint64 seq)
{
  cursor_hold (c);
  return cursor_place (c, seq);
}

/* Moves the cursor to OLDEST, the oldest event held, and says that the
 * recording or the history starts there. */
static Reaction
cursor_to_start (Cursor *c, const HistoryEntry *oldest)
{
  g_autoptr (GString) when = g_string_new (NULL);

  words_clock (when, oldest->ev.wall_ns);
  message_say (c->msg, c->nav ? "the recording starts at %s"
                       : "the history starts at %s (it keeps the last %u events: --history)",
               when->str, history_len (cursor_history (c)));
  return cursor_place (c, oldest->seq);
}

/* The seq of the last event the log shows before SEQ (DIR -1) or the first
 * after it (DIR 1), 0 when there is none in the history. */
static guint64
cursor_shown_next (Cursor *c, guint64 seq, int dir)
{
  const LogposIndex *ix = &c->log->ix;
  guint rank;

  logpos_update (c->log, cursor_history (c));
  if (dir < 0)
    {
      rank = logpos_rank (ix, seq);
      return rank > 0 ? logpos_nth (ix, rank - 1) : 0;
    }
  return logpos_nth (ix, logpos_rank (ix, seq + 1));
}

/* Says why the replay cannot go back, and whether it can. */
static gboolean
cursor_can_seek (Cursor *c)
{
  if (replaynav_seekable (c->nav))
    return TRUE;
  message_say (c->msg, "read from a pipe, this replay cannot go back before the "
               "events held (the last %u)", history_len (cursor_history (c)));
  return FALSE;
}

/* Replays: the view frozen where the replay now stands, after it moved;
 * R is how the move ended (1, 0 at the end, -1 with ERROR). */
static void
cursor_refreeze (Cursor *c, int r, const GError *error)
{
  c->ended = FALSE;
  cursor_freeze (c);
  cursor_place (c, 0);
  if (r < 0)
    message_say (c->msg, "%s", error->message);
  else if (r == 0)
    message_say (c->msg, "no later event in the recording");
}

/* Replays: reads the recording again up to right after its event RECORD,
 * or when RECORD is 0 its last event at or before WALL_NS (the history
 * ends there), and freezes the view there.  FALSE, the view unchanged,
 * when the replay cannot go back. */
static gboolean
cursor_replay_at (Cursor *c, guint64 record, gint64 wall_ns)
{
  g_autoptr (GError) error = NULL;
  int r;

  if (!cursor_can_seek (c))
    return FALSE;
  cursor_thaw (c);
  r = record ? replaynav_seek (c->nav, record, &error)
             : replaynav_seek_time (c->nav, wall_ns, &error);
  cursor_refreeze (c, r, error);
  return TRUE;
}

/* Replays: reads on up to event RECORD (0: no limit) and the last event at
 * or before WALL_NS (G_MAXINT64: no limit), and freezes the view there. */
static void
cursor_replay_to (Cursor *c, guint64 record, gint64 wall_ns)
{
  g_autoptr (GError) error = NULL;

  cursor_thaw (c);
  int r = replaynav_read_to (c->nav, record, wall_ns, &error);
  cursor_refreeze (c, r, error);
}

/* Replays: reads on, a thousand events at a time, until the history holds
 * an event the log shows after the one it ended with; that event's seq,
 * or 0 when there is none now. */
static guint64
cursor_replay_next_shown (Cursor *c)
{
  for (guint i = 0; i < CURSOR_MAX_SEEKS; i++)
    {
      guint64 from = cursor_end (c, TRUE);
      cursor_replay_to (c, from + 1000, G_MAXINT64);
      guint64 next = cursor_shown_next (c, from, 1);
      if (next || cursor_end (c, TRUE) == from)
        return next;
    }
  return 0;
}

Reaction
cursor_step_events (Cursor *c, gint n)
{
  gboolean replay = c->nav != NULL;
  int dir = n < 0 ? -1 : 1;
  guint seeks = 0;
  guint64 seq;

  cursor_hold (c);
  seq = cursor_at (c);
  while (n != 0)
    {
      guint64 next = cursor_shown_next (c, seq, dir);
      if (next)
        {
          seq = next;
          n -= dir;
          continue;
        }
      /* None in the history that way. */
      guint64 oldest = cursor_end (c, FALSE);
      if (replay && dir < 0 && oldest > 1 && seeks++ < CURSOR_MAX_SEEKS)
        {
          /* The replay goes back before the history, which then holds the
           * events before that point too; the search goes on there. */
          if (!cursor_replay_at (c, oldest - 1, 0))
            return CURSOR_MOVED;
          seq = cursor_end (c, TRUE) + 1;
          continue;
        }
      if (replay && dir > 0)
        {
          next = cursor_replay_next_shown (c);
          if (!next)
            {
              message_say (c->msg, "no later event shown in the recording");
              return CURSOR_MOVED;
            }
          seq = next;
          n -= dir;
          continue;
        }
      if (dir < 0)
        message_say (c->msg, replay ? "no earlier event shown in the recording"
                                    : "no earlier event shown in the history (it keeps "
                                      "the last %u: --history)",
                     history_len (cursor_history (c)));
      else
        cursor_say_freeze_point (c);
      break;
    }
  return cursor_place (c, seq);
}

Reaction
cursor_step_time (Cursor *c, double seconds)
{
  gboolean replay = c->nav != NULL;
  const HistoryEntry *at, *oldest;
  gint64 target, wall;

  cursor_hold (c);
  at = cursor_entry (c, cursor_at (c));
  oldest = cursor_entry (c, cursor_end (c, FALSE));
  if (!at || !oldest)
    return CURSOR_MOVED;
  target = event_ns_add (at->ev.mono_ns, (gint64) (seconds * 1e9));
  wall = event_ns_add (at->ev.wall_ns, (gint64) (seconds * 1e9));
  if (seconds > 0
      && (!c->seq || target > cursor_entry (c, cursor_end (c, TRUE))->ev.mono_ns))
    {
      /* Past the freeze point: a replay reads on, a live view stops there. */
      if (replay)
        cursor_replay_to (c, 0, wall);
      else
        {
          cursor_place (c, 0);
          cursor_say_freeze_point (c);
        }
      return CURSOR_MOVED;
    }
  if (target < oldest->ev.mono_ns)
    {
      /* Before the history. */
      if (replay && oldest->seq > 1)
        {
          cursor_replay_at (c, 0, wall);
          return CURSOR_MOVED;
        }
      return cursor_to_start (c, oldest);
    }
  return cursor_place (c, cursor_before (c, target, FALSE));
}

/* Parses "HH:MM:SS[.fraction]" into the last nanosecond it names (the end
 * of that second, or of that tenth, millisecond...) on the local date of
 * DAY_NS (a CLOCK_REALTIME time in ns).  Returns 1, 0 when TEXT is not a
 * time, -1 when that time cannot be had on that day (a clock out of range). */
static int
cursor_parse_clock (const char *text, gint64 day_ns, gint64 *wall_ns)
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

/* Moves the cursor to event N (see cursor_goto). */
static Reaction
cursor_goto_event (Cursor *c, guint64 n)
{
  guint64 oldest = cursor_end (c, FALSE), newest = cursor_end (c, TRUE);

  if (n >= oldest && n <= newest)
    return cursor_place (c, n);
  if (c->nav && n < oldest)
    cursor_replay_at (c, n, 0);
  else if (c->nav)
    cursor_replay_to (c, n, G_MAXINT64);
  else
    message_say (c->msg, "the history holds events %" G_GUINT64_FORMAT " to %"
                 G_GUINT64_FORMAT " (--history)", oldest, newest);
  return CURSOR_MOVED;
}

/* Moves the cursor to the last event at or before WALL (see cursor_goto). */
static Reaction
cursor_goto_time (Cursor *c, gint64 wall)
{
  const HistoryEntry *oldest = cursor_entry (c, cursor_end (c, FALSE));
  const HistoryEntry *newest = cursor_entry (c, cursor_end (c, TRUE));
  guint64 seq = cursor_before (c, wall, TRUE);

  if (c->nav && oldest && wall < oldest->ev.wall_ns && oldest->seq > 1)
    {
      cursor_replay_at (c, 0, wall);
      return CURSOR_MOVED;
    }
  if (c->nav && newest && wall >= newest->ev.wall_ns)
    {
      cursor_replay_to (c, 0, wall);
      return CURSOR_MOVED;
    }
  if (!seq && oldest)
    return cursor_to_start (c, oldest);
  return cursor_place (c, seq);
}

Reaction
cursor_goto (Cursor *c, const char *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  const char *digits = t + (*t == '#');
  guint64 n;
  gint64 wall;

  cursor_hold (c);
  if (*digits && strspn (digits, "0123456789") == strlen (digits))
    {
      if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &n, NULL))
        {
          message_say (c->msg, "no event %s: events are numbered from 1", digits);
          return CURSOR_MOVED;
        }
      return cursor_goto_event (c, n);
    }
  int r = cursor_parse_clock (t, cursor_now_wall (c), &wall);
  if (r == 0)
    message_say (c->msg, "go to what?  an event number (#4211) or a time (12:34:56.789)");
  else if (r < 0)
    message_say (c->msg, "the clock of the event shown is out of range: go to an event number");
  else
    return cursor_goto_time (c, wall);
  return CURSOR_MOVED;
}

Reaction
cursor_play (Cursor *c)
{
  double pace = monitor_replay_speed (c->m);

  if (c->frozen)
    return cursor_toggle_freeze (c);
  cursor_hold (c);
  if (pace > 0)
    message_say (c->msg, "paused: Space plays on at %gx (+ and - change it), [ ] { } : "
                 "move in time", pace);
  else
    message_say (c->msg, "paused: Space plays on as fast as possible (- slows it), "
                 "[ ] { } : move in time");
  return CURSOR_MOVED;
}

Reaction
cursor_pace (Cursor *c, int dir)
{
  double now = monitor_replay_speed (c->m);
  guint n = G_N_ELEMENTS (cursor_paces), i;

  for (i = 0; i < n - 1 && !(now > 0 && now <= cursor_paces[i]); i++)
    ;
  i = (guint) CLAMP ((gint) i + dir, 0, (gint) n - 1);
  monitor_replay_set_speed (c->m, cursor_paces[i]);
  if (cursor_paces[i] > 0)
    message_say (c->msg, "replaying at %gx", cursor_paces[i]);
  else
    message_say (c->msg, "replaying as fast as possible");
  return REACTION_NONE;
}
