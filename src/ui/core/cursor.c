/* cursor.c - the time cursor (see cursor.h). */
#include "cursor.h"

#include <stdio.h>
#include <string.h>

#include "tablecursor.h"
#include "words.h"

/* The paces + and - go through in a replay, slowest first; 0 is as fast as
 * possible. */
static const double cursor_paces[] = { 0.25, 0.5, 1, 2, 4, 8, 16, 64, 0 };

/* The most times a replay reads on, a thousand events each, to find an
 * event the filter shows after the cursor. */
#define CURSOR_MAX_READS 4

/* The window over which events per second are counted. */
#define CURSOR_RATE_NS G_GINT64_CONSTANT (1000000000)

/* What a move of the cursor invalidates: the tree (another table), and
 * what /proc said of the details' process (not asked at the cursor). */
#define CURSOR_MOVED (REACTION_ROWS | REACTION_PLACE)

/* The time cursor. */
struct Cursor {
  Monitor *m;
  History *h;             /* the monitor's */
  gboolean replay;
  Logpos *log;            /* the log, kept on the cursor's event */
  Message *msg;           /* where it says what a move could not do */
  gboolean ended;         /* a replay reached its end */
  HistoryIter it;         /* for looking entries up */

  gboolean frozen;
  Proctab *live;          /* the live table at the freeze */
  guint64 limit;          /* the history's newest event at the freeze */
  gint64 mono, wall;      /* the clocks at the freeze */
  guint64 events;         /* the monitor's events at the freeze */

  guint64 seq;            /* the event the view stands right after, 0:
                             the freeze point */
  TableCursor at;         /* the table after SEQ */
  gint64 seq_mono, seq_wall;  /* SEQ's clocks */
};

Cursor *
cursor_new (Monitor *m, Logpos *log, Message *msg)
{
  Cursor *c = g_new0 (Cursor, 1);

  c->m = m;
  c->h = monitor_history (m);
  c->replay = monitor_is_replay (m);
  c->log = log;
  c->msg = msg;
  history_iter_init (&c->it, c->h, 0);
  tablecursor_init (&c->at, c->h);
  return c;
}

/* Drops the frozen copy and the table at the cursor. */
static void
cursor_drop (Cursor *c)
{
  g_clear_pointer (&c->live, proctab_free);
  tablecursor_clear (&c->at);
  c->seq = 0;
  c->limit = 0;
  c->frozen = FALSE;
}

void
cursor_free (Cursor *c)
{
  if (!c)
    return;
  cursor_drop (c);
  history_iter_clear (&c->it);
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
  g_autoptr (GError) error = NULL;
  const Proctab *pt;

  if (!c->frozen)
    return monitor_proctab (c->m);
  if (!c->seq)
    return c->live;
  pt = tablecursor_move (&c->at, c->seq, &error);
  if (pt)
    return pt;
  /* The history could not give it (its spill file was changed under
   * forkscope): the freeze point, and why. */
  message_say (c->msg, "%s", error->message);
  c->seq = 0;
  return c->live;
}

History *
cursor_history (Cursor *c)
{
  return c->h;
}

guint64
cursor_limit (Cursor *c)
{
  return c->frozen ? c->limit : history_newest (c->h);
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

gint64
cursor_edge (Cursor *c)
{
  return c->frozen ? c->mono : monitor_now_mono_ns (c->m);
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

/* The history's entry SEQ, or NULL; valid until the next lookup. */
static const HistoryEntry *
cursor_entry (Cursor *c, guint64 seq)
{
  return seq ? history_iter_seek (&c->it, seq) : NULL;
}

/* The seq the cursor stands on: its event, or the newest at the freeze. */
static guint64
cursor_at (Cursor *c)
{
  return c->seq ? c->seq : cursor_limit (c);
}

gboolean
cursor_position (Cursor *c, guint64 *at, guint64 *of)
{
  if (!c->frozen || (!c->seq && !c->replay))
    return FALSE;
  *at = cursor_at (c);
  *of = c->replay ? MAX (history_newest (c->h), *at) : c->limit;
  return TRUE;
}

/* The events among seqs FROM..TO (held) that are not a scan's
 * snapshots: only the chunks whose summaries say they hold snapshots are
 * read. */
static guint64
cursor_count_events (Cursor *c, guint64 from, guint64 to)
{
  guint64 n = to - from + 1, seq = to;
  HistoryIter it;

  history_iter_init (&it, c->h, 0);
  while (seq >= from && seq > 0)
    {
      const ChunkSummary *sum;
      guint64 first, end;
      if (!history_summary (c->h, seq, &sum, &first, &end))
        break;
      if (sum->kinds & EVENT_MASK (EVENT_SNAPSHOT))
        for (const HistoryEntry *e = history_iter_seek (&it, MAX (first, from));
             e && e->seq <= seq; e = history_iter_next (&it))
          n -= e->ev.kind == EVENT_SNAPSHOT;
      seq = first - 1;
    }
  history_iter_clear (&it);
  return n;
}

gint64
cursor_rate (Cursor *c)
{
  gint64 now = cursor_now (c), mono, wall;
  guint64 last = cursor_at (c), oldest = history_oldest (c->h);
  guint64 before = history_seq_at_mono (c->h, event_ns_sub (now, CURSOR_RATE_NS), last);

  if (!oldest || last < oldest)
    return 0;
  if (before >= last)
    return 0;
  if (before || oldest == 1)
    return (gint64) cursor_count_events (c, MAX (before + 1, oldest), last);
  /* The history no longer holds the whole second: scaled from what it
   * holds of it. */
  history_oldest_time (c->h, &mono, &wall);
  gint64 held = event_ns_sub (now, mono);
  if (held < CURSOR_RATE_NS / 10)
    return -1;
  return (gint64) ((double) cursor_count_events (c, oldest, last) * CURSOR_RATE_NS / held);
}

Reaction
cursor_freeze (Cursor *c)
{
  Monitor *m = c->m;

  if (c->frozen)
    return REACTION_NONE;
  /* The log's selection stays on the event it was on. */
  logpos_update (c->log, c->h, 0);
  c->live = proctab_copy (monitor_proctab (m));
  c->limit = history_newest (c->h);
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
  /* What /proc says is read again: the view kept the freeze's. */
  return CURSOR_MOVED | REACTION_SAMPLES;
}

Reaction
cursor_toggle_freeze (Cursor *c)
{
  if (!c->frozen)
    return cursor_freeze (c);
  /* A replay that moving the time cursor paused plays on. */
  if (c->replay)
    monitor_replay_pause (c->m, FALSE);
  return cursor_thaw (c);
}

/* Before the cursor moves: the view freezes, a replay pauses, and the last
 * message (maybe a complaint about the last move) goes. */
static Reaction
cursor_hold (Cursor *c)
{
  Reaction r;

  if (c->replay)
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
  const HistoryEntry *e = seq < c->limit ? cursor_entry (c, seq) : NULL;

  if (!e)
    c->seq = 0;  /* the freeze point: the table as it was */
  else
    {
      c->seq = seq;
      c->seq_mono = e->ev.mono_ns;
      c->seq_wall = e->ev.wall_ns;
    }
  /* The log shows the event the cursor is at (or the newest before it). */
  logpos_update (c->log, c->h, c->limit);
  if (c->seq)
    logpos_select (c->log, c->seq);
  else
    logpos_select_row (c->log, logpos_newest (c->log));
  return CURSOR_MOVED;
}

/* Stops a live view's move that went past the freeze point there, saying
 * so. */
static Reaction
cursor_to_freeze_point (Cursor *c)
{
  cursor_place (c, 0);
  cursor_say_freeze_point (c);
  return CURSOR_MOVED;
}

Reaction
cursor_go (Cursor *c, guint64 seq)
{
  cursor_hold (c);
  return cursor_place (c, seq);
}

void
cursor_say_start (Cursor *c, const char *what)
{
  g_autoptr (GString) when = g_string_new (NULL);
  guint64 oldest = history_oldest (c->h);
  gint64 mono, wall;

  if (!history_oldest_time (c->h, &mono, &wall))
    {
      message_say (c->msg, "%s: no event is held yet", what);
      return;
    }
  words_clock (when, wall);
  if (oldest > 1)
    {
      g_autoptr (GString) number = g_string_new (NULL);
      words_count (number, oldest);
      message_say (c->msg, "%s: the history starts at %s, event #%s (older events went to "
                   "stay within the %s)", what, when->str, number->str, history_limit_text (c->h));
    }
  else
    message_say (c->msg, c->replay ? "%s: the recording starts at %s"
                                   : "%s: forkscope started at %s", what, when->str);
}

/* Moves the cursor to the oldest event held, saying it is before the
 * history (WHAT: what was asked for) and where the history starts. */
static Reaction
cursor_to_start (Cursor *c, const char *what)
{
  cursor_say_start (c, what);
  return cursor_place (c, history_oldest (c->h));
}

/* The seq of the last event the log shows before SEQ (DIR -1) or the first
 * after it (DIR 1), 0 when there is none in the history (or the log is
 * still judging: said). */
static guint64
cursor_shown_next (Cursor *c, guint64 seq, int dir)
{
  guint64 next;

  logpos_update (c->log, c->h, c->limit);
  next = logpos_next (c->log, seq, dir);
  if (!next && logpos_busy (c->log))
    message_say (c->msg, "still reading the history for the filter: press again");
  return next;
}

/* Replays: the view frozen where the replay now stands, after it read
 * on; R is how the reading ended (1, 0 at the end or with nothing more
 * yet, -1 with ERROR).  The recording's end is said in the header, as
 * when it plays to it. */
static void
cursor_refreeze (Cursor *c, int r, const GError *error)
{
  c->ended = r >= 0 && monitor_replay_at_end (c->m);
  cursor_freeze (c);
  cursor_place (c, 0);
  if (r < 0)
    message_say (c->msg, "%s", error->message);
  else if (r == 0)
    message_say (c->msg, "no later event in the recording");
}

/* Replays: reads on up to event RECORD (0: no limit) and the last event at
 * or before WALL_NS (G_MAXINT64: no limit), and freezes the view there. */
static void
cursor_replay_to (Cursor *c, guint64 record, gint64 wall_ns)
{
  g_autoptr (GError) error = NULL;

  cursor_thaw (c);
  int r = monitor_replay_read_to (c->m, record, wall_ns, &error);
  cursor_refreeze (c, r, error);
}

/* Replays: reads on to the last event at or before WALL_NS, then, when
 * the history's newest event is still before seq NEED, to the next event
 * after it; freezes the view there. */
static void
cursor_replay_reach (Cursor *c, gint64 wall_ns, guint64 need)
{
  g_autoptr (GError) error = NULL;
  int r;

  cursor_thaw (c);
  r = monitor_replay_read_to (c->m, 0, wall_ns, &error);
  if (r > 0 && history_newest (c->h) < need)
    r = monitor_replay_read_to (c->m, history_newest (c->h) + 1, G_MAXINT64, &error);
  cursor_refreeze (c, r, error);
}

/* Replays: reads on, a thousand events at a time, until the history holds
 * an event the log shows after the one it ended with; that event's seq,
 * or 0 when there is none now. */
static guint64
cursor_replay_next_shown (Cursor *c)
{
  for (guint i = 0; i < CURSOR_MAX_READS; i++)
    {
      guint64 from = c->limit;
      cursor_replay_to (c, from + 1000, G_MAXINT64);
      guint64 next = cursor_shown_next (c, from, 1);
      if (next || c->limit == from)
        return next;
    }
  return 0;
}

Reaction
cursor_step_events (Cursor *c, gint n)
{
  int dir = n < 0 ? -1 : 1;
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
      if (logpos_busy (c->log))
        break;
      /* None in the history that way. */
      if (c->replay && dir > 0)
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
        cursor_say_start (c, "no earlier event shown");
      else
        cursor_say_freeze_point (c);
      break;
    }
  return cursor_place (c, seq);
}

Reaction
cursor_step_to (Cursor *c, gint64 ns, const char *span)
{
  const HistoryEntry *at, *newest;
  guint64 from;
  gint64 from_mono, wall;

  cursor_hold (c);
  from = cursor_at (c);
  at = cursor_entry (c, from);
  if (!at)
    return CURSOR_MOVED;
  from_mono = at->ev.mono_ns;
  wall = event_ns_add (at->ev.wall_ns, event_ns_sub (ns, from_mono));
  newest = cursor_entry (c, c->limit);
  if (c->seq && newest && ns <= newest->ev.mono_ns)
    /* The last event up to NS, or, when that is still the cursor's, the
     * next one. */
    cursor_place (c, MAX (history_seq_at_mono (c->h, ns, c->limit), from + 1));
  else if (c->replay)
    /* Past the freeze point: a replay reads on. */
    cursor_replay_reach (c, wall, from + 1);
  else
    {
      /* A live view stops at the freeze point. */
      return cursor_to_freeze_point (c);
    }
  /* Gone on past NS: nothing happened in the span it asked for. */
  const HistoryEntry *to = cursor_at (c) > from ? cursor_entry (c, cursor_at (c)) : NULL;
  if (to && to->ev.mono_ns > ns)
    {
      g_autoptr (GString) gap = g_string_new (NULL);
      words_duration (gap, event_ns_sub (to->ev.mono_ns, from_mono));
      message_say (c->msg, "no event in %s: on to the next, %s later", span, gap->str);
    }
  return CURSOR_MOVED;
}

Reaction
cursor_step_time (Cursor *c, double seconds)
{
  const HistoryEntry *at;
  gint64 target, oldest_mono, oldest_wall;

  cursor_hold (c);
  at = cursor_entry (c, cursor_at (c));
  if (!at || !history_oldest_time (c->h, &oldest_mono, &oldest_wall))
    return CURSOR_MOVED;
  target = event_ns_add (at->ev.mono_ns, (gint64) (seconds * 1e9));
  if (seconds > 0)
    return cursor_step_to (c, target, "the next second");
  if (target < oldest_mono)
    return cursor_to_start (c, "nothing earlier");
  return cursor_place (c, history_seq_at_mono (c->h, target, c->limit));
}

Reaction
cursor_go_mono (Cursor *c, gint64 ns)
{
  guint64 seq;

  cursor_hold (c);
  seq = history_seq_at_mono (c->h, ns, c->limit);
  if (!seq)
    return cursor_to_start (c, "nothing earlier");
  return cursor_place (c, seq);
}

/* Parses "HH:MM:SS[.fraction]" into the first nanosecond it names (the
 * start of that second, or of that tenth, millisecond...) on the local
 * date of DAY_NS (a CLOCK_REALTIME time in ns).  Returns 1, 0 when TEXT is
 * not a time, -1 when that time cannot be had on that day (a clock out of
 * range). */
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
  *wall_ns = secs * G_GINT64_CONSTANT (1000000000) + frac * unit;
  return 1;
}

/* Moves the cursor to event N (see cursor_goto). */
static Reaction
cursor_goto_event (Cursor *c, guint64 n)
{
  guint64 oldest = history_oldest (c->h);

  if (n >= oldest && n <= c->limit && oldest)
    return cursor_place (c, n);
  if (n < oldest)
    {
      g_autoptr (GString) what = g_string_new ("event #");
      words_count (what, n);
      g_string_append (what, " is not held");
      return cursor_to_start (c, what->str);
    }
  if (!c->replay)
    return cursor_to_freeze_point (c);
  cursor_replay_to (c, n, G_MAXINT64);
  return CURSOR_MOVED;
}

/* Moves the cursor to the first event at or after WALL (see
 * cursor_goto). */
static Reaction
cursor_goto_time (Cursor *c, gint64 wall)
{
  gint64 oldest_mono, oldest_wall;
  guint64 before, seq;

  if (!history_oldest_time (c->h, &oldest_mono, &oldest_wall))
    return CURSOR_MOVED;
  if (wall < oldest_wall)
    {
      /* The first event at or after WALL is the oldest held, unless the
       * history let older ones go. */
      g_autoptr (GString) what = g_string_new (NULL);
      words_clock (what, wall);
      g_string_append (what, history_oldest (c->h) > 1 ? " is not held"
                                                        : " is before the first event");
      return cursor_to_start (c, what->str);
    }
  before = history_seq_at_wall (c->h, wall - 1, c->limit);
  seq = before ? before + 1 : history_oldest (c->h);
  if (seq > c->limit)
    {
      /* After the events held: a replay reads on, a live view stops at
       * the freeze point. */
      if (c->replay)
        /* The last event before WALL, then the one after it. */
        cursor_replay_reach (c, wall - 1, G_MAXUINT64);
      else
        cursor_to_freeze_point (c);
      return CURSOR_MOVED;
    }
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
      /* Digits alone fail only past G_MAXUINT64: an event after any. */
      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &n, NULL))
        n = G_MAXUINT64;
      if (n == 0)
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
