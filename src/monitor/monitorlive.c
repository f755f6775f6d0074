/* monitorlive.c - a live source's losses, resyncs and orphans: the model
 * brought back in line with /proc (see monitor.h). */
#include "monitorprivate.h"

#include "config.h"
#if HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "procfs.h"
#include "resync.h"

/* How long a resync remembers the ends it reported: the kernel's late
 * report of one comes within a read or two, even with several losses in a
 * row. */
#define MONITOR_LATE_EXIT_NS (10 * G_GINT64_CONSTANT (1000000000))

/* Forgets the ends resyncs reported before LIMIT_NS (GHRFunc). */
static gboolean
monitor_is_old_exit (gpointer key, gpointer value, gpointer limit)
{
  return GPOINTER_TO_SIZE (value) < GPOINTER_TO_SIZE (limit);
}

/* Brings the model in line with a fresh /proc scan, through events
 * stamped with the scan's time.  The pids whose end it reports are
 * remembered for a while, with when the scan ended: the kernel's own
 * reports of such a process, read after the scan (they were queued after
 * the socket was drained), are not of a new one (monitor_is_late), even
 * when another loss and resync come in between.  A scan takes
 * milliseconds: a process it reads last may have exec'd and ended since
 * it began. */
static void
monitor_resync_scan (Monitor *m)
{
  gint64 mono = monitor_now_mono_ns (m), wall = monitor_now_wall_ns (m);
  g_autoptr (GPtrArray) scan = procfs_scan (m->proc_root, mono, wall);
  g_autoptr (GPtrArray) diff = resync_diff (m->pt, scan, mono, wall);
  gint64 scanned = MAX (monitor_now_mono_ns (m), 0);

  g_hash_table_foreach_remove (m->resync_exits, monitor_is_old_exit,
                               GSIZE_TO_POINTER ((gsize) MAX (mono - MONITOR_LATE_EXIT_NS, 0)));
  for (guint i = 0; i < diff->len; i++)
    {
      Event *ev = diff->pdata[i];
      if (monitor_is_own (m, ev))
        continue;
      monitor_note_command_end (m, ev);
      monitor_apply (m, ev, proctab_lookup (m->pt, ev->tgid));
      if (ev->kind == EVENT_EXIT && event_ends_process (ev))
        g_hash_table_insert (m->resync_exits, GINT_TO_POINTER (ev->tgid),
                             GSIZE_TO_POINTER ((gsize) scanned));
    }
}

/* Brings the model in line with a fresh /proc scan (monitor_resync_scan),
 * and hands the scan's memory back. */
void
monitor_resync (Monitor *m)
{
  monitor_resync_scan (m);
#if HAVE_MALLOC_TRIM
  /* The scan held every process twice over (its events and the diff's)
   * for a moment: give that memory back rather than keep it resident. */
  malloc_trim (0);
#endif
}

/* Idle source, run once the batch that revealed a loss has been read:
 * reports the loss after the events received before it (so the log stays
 * in time order), then resyncs.  While the source still holds events back,
 * it waits for them (monitor_on_event asks again). */
gboolean
monitor_on_loss (gpointer data)
{
  Monitor *m = data;

  m->resync_id = 0;
  if (source_holding (m->src))
    return G_SOURCE_REMOVE;
  g_autoptr (Event) lost = g_steal_pointer (&m->lost);
  m->stats.lost += lost->lost;
  m->stats.resyncs++;
  /* The events were lost before this point of the stream, which is all
   * that is known of when: the report takes the newest time before it
   * (when it was found comes later, after events read since). */
  if (m->last_mono_ns)
    {
      lost->mono_ns = m->last_mono_ns;
      lost->wall_ns = m->last_wall_ns;
    }
  monitor_apply (m, lost, proctab_lookup (m->pt, lost->tgid));
  monitor_resync (m);
  return G_SOURCE_REMOVE;
}

/* Holds a live source's loss until the events received with it are in. */
void
monitor_hold_loss (Monitor *m, const Event *ev)
{
  if (m->lost)
    m->lost->lost += ev->lost;
  else
    m->lost = event_dup (ev);
  monitor_schedule_loss (m);
}

/* Whether EV is the kernel's late report about a process whose end a
 * resync has already reported (it is no longer live in the model; P is
 * what the model holds at its tgid): its exit, or what it did before the
 * scan ended (an exec would make it live again, to end twice).  A fork
 * or a snapshot is of a new process. */
gboolean
monitor_is_late (Monitor *m, const Event *ev, const Proc *p)
{
  gpointer scanned;

  if (p || ev->kind == EVENT_FORK || ev->kind == EVENT_SNAPSHOT
      || g_hash_table_size (m->resync_exits) == 0
      || !g_hash_table_lookup_extended (m->resync_exits, GINT_TO_POINTER (ev->tgid), NULL,
                                        &scanned))
    return FALSE;
  return ev->kind == EVENT_EXIT || ev->mono_ns <= (gint64) GPOINTER_TO_SIZE (scanned);
}

/* After a process died, asks /proc who its orphans' new parent is: the
 * kernel sends no event for re-parenting to a subreaper. */
void
monitor_check_orphans (Monitor *m, GArray *orphans, const Event *exit_ev)
{
  for (guint i = 0; i < orphans->len; i++)
    {
      gint pid = g_array_index (orphans, gint, i);
      ProcfsStat st;
      Proc *p = proctab_lookup (m->pt, pid);

      if (!p || procfs_read_stat (m->proc_root, pid, pid, &st) < 0)
        continue;
      if (st.ppid != p->ppid && st.ppid > 0)
        {
          Event ev = { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid,
                       .ppid = st.ppid, .ptgid = st.ppid,
                       .mono_ns = exit_ev->mono_ns, .wall_ns = exit_ev->wall_ns };
          monitor_apply (m, &ev, p);
        }
      procfs_stat_clear (&st);
    }
}

/* Live children of P, the process an EXIT is about, taken before the
 * model decides whether it ends the process (which re-parents them), or
 * NULL. */
GArray *
monitor_live_children (const Proc *p)
{
  GArray *pids = NULL;

  if (!p)
    return NULL;
  for (GList *l = p->children.head; l; l = l->next)
    {
      Proc *c = l->data;
      if (!c->alive)
        continue;
      if (!pids)
        pids = g_array_new (FALSE, FALSE, sizeof (gint));
      g_array_append_val (pids, c->pid);
    }
  return pids;
}
