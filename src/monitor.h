/* monitor.h - ties a source to the model: the one place events flow through.
 *
 * Every event, whatever its source, is applied to the Proctab, appended to
 * the History and passed to the listener (a printer or the TUI), in that
 * order.  For live sources the monitor takes the initial /proc snapshot after
 * the source has subscribed, and resyncs from /proc after lost events. */
#pragma once

#include <glib.h>
#include "model/event.h"
#include "model/history.h"
#include "model/proctab.h"

/* Which source to use. */
typedef enum {
  MONITOR_SOURCE_AUTO,    /* netlink, else polling (with a notice) */
  MONITOR_SOURCE_NETLINK,
  MONITOR_SOURCE_POLL,
  MONITOR_SOURCE_REPLAY,
} MonitorSourceKind;

/* How to build a monitor. */
typedef struct {
  MonitorSourceKind source;
  const char *replay_path;   /* REPLAY: file or "-" */
  double speed;              /* REPLAY: 0 = as fast as possible */
  guint poll_ms;             /* POLL interval */
  const char *proc_root;     /* "/proc" unless testing */
  guint history_size;        /* events kept for views; 0 keeps none */
  gint64 keep_ns;            /* how long tombstones are kept */
  guint max_tombs;
} MonitorOptions;

/* Counters shown in the header and at exit. */
typedef struct {
  guint64 events;    /* events applied (snapshots excluded) */
  guint64 lost;      /* events the kernel dropped */
  guint64 dropped;   /* datagrams rejected by the source */
  guint resyncs;     /* /proc resyncs done after losses */
} MonitorStats;

typedef struct Monitor Monitor;

/* Called after each event is applied; P is the process after the change
 * (NULL if none).  Snapshot events from the initial scan are included. */
typedef void (*MonitorListener) (const Event *ev, const Proc *p, gpointer user);

/* Called when the source ends (replay EOF: ERROR NULL) or fails. */
typedef void (*MonitorDone) (const GError *error, gpointer user);

/* Creates the monitor and its source (subscribing, for netlink).  With
 * AUTO, a refused connector falls back to polling and monitor_notice() says
 * why.  Returns NULL with ERROR when no source can be had. */
Monitor *monitor_new (const MonitorOptions *opts, GError **error);
void monitor_free (Monitor *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Monitor, monitor_free)

void monitor_set_listener (Monitor *m, MonitorListener fn, MonitorDone done,
                           gpointer user);

/* Takes the initial snapshot (live sources) and attaches the source to the
 * default main context. */
void monitor_start (Monitor *m);

Proctab *monitor_proctab (Monitor *m);
/* NULL when created with history_size 0. */
History *monitor_history (Monitor *m);
const MonitorStats *monitor_stats (Monitor *m);

/* "netlink", "poll" or "replay". */
const char *monitor_source_name (Monitor *m);

/* Why this source (e.g. "connector refused: EPERM; polling every 1000 ms"),
 * or NULL when there is nothing to say. */
const char *monitor_notice (Monitor *m);

/* Whether events describe this machine (so /proc may be read for details). */
gboolean monitor_is_live (Monitor *m);

/* Whether events come from polling /proc (--poll, or the fallback), which
 * misses processes shorter than the interval: the output must say so. */
gboolean monitor_polls (Monitor *m);

/* The current time on the events' clocks: the real clocks for live sources,
 * the newest event's timestamps for a replay (so replays are deterministic). */
gint64 monitor_now_mono_ns (Monitor *m);
gint64 monitor_now_wall_ns (Monitor *m);

/* Expires tombstones at the current time; called once a second. */
void monitor_tick (Monitor *m);
