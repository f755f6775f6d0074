/* replaynav.c - checkpoints, seeks and reading on in a replay (see
 * replaynav.h). */
#include "monitorprivate.h"

/* Most checkpoints a replay keeps: when more would be needed, every other
 * one goes and they are taken half as often, so that memory stays at this
 * many tables and a seek re-reads at most the records between two. */
#define REPLAYNAV_MAX_CHECKPOINTS 16
/* Records between two checkpoints at first. */
#define REPLAYNAV_CHECKPOINT_EVERY 4096
/* Events a seek puts in the history before its target, at least (fewer
 * when the history is smaller, or the recording starts later). */
#define REPLAYNAV_SEEK_CONTEXT 1000

/* The table of a replay after one of its records, and where the file
 * stands after it. */
typedef struct {
  SourceReplayPos pos;
  Proctab *pt;
  gint64 mono_ns, wall_ns;  /* the newest event's clocks then */
} ReplayNavCheckpoint;

/* A replay's navigator. */
struct ReplayNav {
  Monitor *m;
  Source *src;
  GPtrArray *checkpoints;   /* of ReplayNavCheckpoint*, by record */
  guint64 records_seen;     /* the furthest event number read */
  guint64 every;            /* records between two checkpoints */
  guint64 seek_context;     /* events a seek reads before its target at least */
};

/* Frees a checkpoint. */
static void
replaynav_checkpoint_free (gpointer data)
{
  ReplayNavCheckpoint *c = data;

  proctab_free (c->pt);
  g_free (c);
}

ReplayNav *
replaynav_new (Monitor *m, Source *src, guint every, guint history_size)
{
  ReplayNav *nav = g_new0 (ReplayNav, 1);

  nav->m = m;
  nav->src = src;
  nav->checkpoints = g_ptr_array_new_with_free_func (replaynav_checkpoint_free);
  nav->every = every ? every : REPLAYNAV_CHECKPOINT_EVERY;
  nav->seek_context = MIN (history_size, REPLAYNAV_SEEK_CONTEXT);
  return nav;
}

void
replaynav_free (ReplayNav *nav)
{
  if (!nav)
    return;
  g_ptr_array_unref (nav->checkpoints);
  g_free (nav);
}

void
replaynav_note (ReplayNav *nav)
{
  SourceReplayPos pos = source_replay_tell (nav->src);
  GPtrArray *cps = nav->checkpoints;

  nav->records_seen = MAX (nav->records_seen, pos.records);
  if (pos.records == 0 || pos.records % nav->every != 0)
    return;
  ReplayNavCheckpoint *last = cps->len ? cps->pdata[cps->len - 1] : NULL;
  if (last && last->pos.records >= pos.records)
    return;  /* taken already (the replay went back and came here again) */
  if (cps->len == REPLAYNAV_MAX_CHECKPOINTS)
    {
      for (guint i = 0; i < cps->len; i++)
        g_ptr_array_remove_index (cps, i);
      nav->every *= 2;
      if (pos.records % nav->every != 0)
        return;
    }
  ReplayNavCheckpoint *c = g_new0 (ReplayNavCheckpoint, 1);
  c->pos = pos;
  c->pt = proctab_copy (monitor_proctab (nav->m));
  c->mono_ns = monitor_now_mono_ns (nav->m);
  c->wall_ns = monitor_now_wall_ns (nav->m);
  g_ptr_array_add (cps, c);
}

gboolean
replaynav_seekable (ReplayNav *nav)
{
  return source_replay_seekable (nav->src) == 0;
}

guint64
replaynav_records_seen (ReplayNav *nav)
{
  return nav->records_seen;
}

int
replaynav_step (ReplayNav *nav, GError **error)
{
  Event ev = { 0 };
  int r = source_replay_read (nav->src, &ev, error);

  if (r > 0)
    {
      monitor_feed (nav->m, &ev);
      event_clear (&ev);
    }
  return r;
}

int
replaynav_read_to (ReplayNav *nav, guint64 record, gint64 wall_ns, GError **error)
{
  for (;;)
    {
      const Event *next;
      int r = source_replay_peek (nav->src, &next, error);
      if (r <= 0)
        return r;
      if ((record && source_replay_tell (nav->src).records + 1 > record)
          || next->wall_ns > wall_ns)
        return 1;
      r = replaynav_step (nav, error);
      if (r <= 0)
        return r;
    }
}

int
replaynav_seek (ReplayNav *nav, guint64 record, GError **error)
{
  const ReplayNavCheckpoint *from = NULL;
  SourceReplayPos start = { 0 };
  int r;

  /* From the last checkpoint that leaves the log some events before the
   * target, so that a seek does not land on an empty history. */
  for (guint i = 0; i < nav->checkpoints->len; i++)
    {
      const ReplayNavCheckpoint *c = nav->checkpoints->pdata[i];
      if (c->pos.records + MIN (nav->seek_context, record) <= record)
        from = c;
    }
  r = source_replay_seek (nav->src, from ? &from->pos : &start);
  if (r < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (-r),
                   "this recording cannot be read again: %s", g_strerror (-r));
      return -1;
    }
  /* The model as it was at the checkpoint, the ring empty after it. */
  monitor_restart (nav->m, from ? from->pt : NULL, (from ? from->pos.records : 0) + 1,
                   from ? from->mono_ns : 0, from ? from->wall_ns : 0);
  while (source_replay_tell (nav->src).records < record)
    {
      r = replaynav_step (nav, error);
      if (r <= 0)
        return r;
    }
  return 1;
}

int
replaynav_seek_time (ReplayNav *nav, gint64 wall_ns, GError **error)
{
  guint64 record = 0;
  int r;

  /* From the last checkpoint at or before that time, read on to it. */
  for (guint i = 0; i < nav->checkpoints->len; i++)
    {
      const ReplayNavCheckpoint *c = nav->checkpoints->pdata[i];
      if (c->wall_ns <= wall_ns)
        record = c->pos.records;
    }
  r = replaynav_seek (nav, record, error);
  if (r <= 0)
    return r;
  /* The first event, even when later than the time: the recording starts
   * there. */
  if (source_replay_tell (nav->src).records == 0)
    r = replaynav_step (nav, error);
  return r > 0 ? replaynav_read_to (nav, 0, wall_ns, error) : r;
}
