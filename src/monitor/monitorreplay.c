/* monitorreplay.c - a replay's pace, pauses and reads ahead for the time
 * cursor (see monitor.h). */
#include "monitorprivate.h"

gboolean
monitor_is_replay (Monitor *m)
{
  return source_is_replay (m->src);
}

void
monitor_replay_pause (Monitor *m, gboolean paused)
{
  source_replay_pause (m->src, paused);
}

void
monitor_replay_set_speed (Monitor *m, double speed)
{
  source_replay_set_speed (m->src, speed);
}

double
monitor_replay_speed (Monitor *m)
{
  return source_replay_speed (m->src);
}

guint64
monitor_replay_position (Monitor *m)
{
  return source_replay_records (m->src);
}

gboolean
monitor_replay_at_end (Monitor *m)
{
  g_autoptr (GError) error = NULL;
  const Event *next;

  return source_replay_peek (m->src, &next, &error) == 0 && source_replay_eof (m->src);
}

int
monitor_replay_read_to (Monitor *m, guint64 record, gint64 wall_ns, GError **error)
{
  MonitorListener listener = m->listener;
  int r;

  /* Quiet: the events go into the model and the history, not to the
   * listener. */
  m->listener = NULL;
  for (;;)
    {
      const Event *next;
      Event ev = { 0 };
      r = source_replay_peek (m->src, &next, error);
      if (r <= 0)
        break;
      if ((record && source_replay_records (m->src) + 1 > record) || next->wall_ns > wall_ns)
        {
          r = 1;
          break;
        }
      r = source_replay_read (m->src, &ev, error);
      if (r <= 0)
        break;
      monitor_on_event (&ev, m);
      event_clear (&ev);
    }
  m->listener = listener;
  return r;
}
