/* monitor.h - ties a source to the model: the one place events flow through.
 *
 * Every event, whatever its source, is applied to the Proctab, appended to
 * the History (for a viewer) and passed to the listener (a printer or the viewer), in that
 * order.  For live sources the monitor takes the initial /proc snapshot after
 * the source has subscribed, and resyncs from /proc after lost events: once
 * the events received with the loss are in, it reports the loss, then the
 * resync's events stamped with the scan's time, so that the log stays in
 * time order; the kernel's late report of an end the resync has already
 * reported is dropped, never told as a second end.
 *
 * A live source's events about forkscope's own process and threads are
 * left out (the snapshot's and resyncs' too): what it reports, counts and
 * records is the rest of the machine.
 *
 * Where a process runs besides the host (its container and pid namespace,
 * where.h) is read from /proc where that is cheap: in the snapshot (the
 * status it reads anyway), at the fork of a process whose parent runs in
 * a pid namespace below forkscope's (its pid there is its own), and when
 * cgroups are wanted, where a process's cgroup names another container
 * than the model holds; the processes forked since are read on the tick.
 * An exec reads nothing more than its command line (the pid namespace is
 * the fork's).
 *
 * It is also the views' one way to the operating system: what only /proc
 * can tell about a live process, user names, and signals go through here,
 * so that nothing above it reads /proc or knows whether the events are this
 * machine's. */
#pragma once

#include <glib.h>
#include "event.h"
#include "history.h"
#include "origin.h"
#include "proctab.h"
#include "words.h"

/* Which source to use. */
typedef enum {
  MONITOR_SOURCE_AUTO,    /* netlink, else polling (with a notice) */
  MONITOR_SOURCE_POLL,
  MONITOR_SOURCE_REPLAY,
} MonitorSourceKind;

/* How to build a monitor. */
typedef struct {
  MonitorSourceKind source;
  const char *replay_path;   /* REPLAY: file or "-" */
  double speed;              /* REPLAY: 0 = as fast as possible */
  guint poll_ms;             /* POLL interval */
  const char *proc_root;     /* "/proc" unless testing (FORKSCOPE_PROC_ROOT) */
  gboolean history;          /* keep a history of every event (history.h)
                                for a viewer's log and time cursor; without
                                one, tombstones keep no cost either */
  guint64 history_memory;    /* its memory budget (HistoryOptions.memory) */
  guint64 history_file;      /* its spill file's cap; 0: no spill file */
  gint64 keep_ns;            /* how long tombstones are kept */
  guint max_tombs;
  gboolean realtime;         /* netlink: a real-time exec capture thread */
  const char *names_root;    /* live: the root under which containers'
                                 names are read from their runtimes' files
                                 ("/"; containers.h), on the tick; NULL
                                 reads none */
  gboolean no_taskstats;     /* do not read the kernel's task statistics */
  gboolean thread_costs;     /* thread exits get their own cost too */
} MonitorOptions;

/* Counters shown in the header and at exit. */
typedef struct {
  guint64 events;    /* events applied (snapshots excluded) */
  guint64 lost;      /* events the kernel dropped */
  guint64 dropped;   /* datagrams rejected by the source */
  guint resyncs;     /* /proc resyncs done after losses */
  guint64 costs_lost;  /* task statistics the kernel dropped: those ends'
                          costs are unknown */
} MonitorStats;

typedef struct Monitor Monitor;

/* Called after each event is applied; P is the process after the change
 * (NULL if none).  Snapshot events from the initial scan are included. */
typedef void (*MonitorListener) (const Event *ev, const Proc *p, gpointer user);

/* Called when the source ends (replay EOF: ERROR NULL) or fails. */
typedef void (*MonitorDone) (const GError *error, gpointer user);

/* Creates the monitor and its source (subscribing, for netlink).  With
 * AUTO, a refused connector falls back to polling and monitor_notice() says
 * why.  With the connector, the kernel's task statistics are read too
 * (unless no_taskstats), so that each EXIT carries what it cost (Event.cost,
 * or EVENT_F_COST_UNKNOWN for a process's end none came for); where they
 * cannot be had, monitor_cost_notice() says why.  Returns NULL with ERROR
 * when no source can be had. */
Monitor *monitor_new (const MonitorOptions *opts, GError **error);
void monitor_free (Monitor *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Monitor, monitor_free)

void monitor_set_listener (Monitor *m, MonitorListener fn, MonitorDone done,
                           gpointer user);

/* Called when a replay reads a header record that says something new
 * (monitor_origin() returns it from then on). */
typedef void (*MonitorOriginListener) (const Origin *o, gpointer user);
void monitor_set_origin_listener (Monitor *m, MonitorOriginListener fn, gpointer user);

/* Called when a replay reads a notice record TEXT (as written, valid
 * during the call) not read before: what the recording's recorder said
 * (it polled, its ends carry no cost). */
typedef void (*MonitorNoticeListener) (const char *text, gpointer user);
void monitor_set_notice_listener (Monitor *m, MonitorNoticeListener fn, gpointer user);

/* A replay's notices, held (monitor_set_notice_listener) and said in
 * words (words_recorded_notices), or NULL: none.  Valid until the next
 * notice is read. */
const char *monitor_recorded_notice (Monitor *m);

/* Called when a paced replay's next event would wait DUE_NS at its pace,
 * which is longer than a replay waits: it waits WAIT_NS instead (as the
 * wait starts, once per event).  See source_replay_new. */
typedef void (*MonitorLongWaitListener) (gint64 due_ns, gint64 wait_ns, gpointer user);
void monitor_set_long_wait_listener (Monitor *m, MonitorLongWaitListener fn, gpointer user);

/* Where the events come from: for a live source this machine (host, boot
 * id and kernel from /proc, and this forkscope's version), for a replay
 * what the recording's last header record read said, NULL before one (or
 * in a recording made before headers existed). */
const Origin *monitor_origin (Monitor *m);

/* Takes the initial snapshot (live sources) and attaches the source to the
 * default main context. */
void monitor_start (Monitor *m);

Proctab *monitor_proctab (Monitor *m);
/* The history of every event applied, snapshots included (each event's
 * seq is its number from the start: in a replay, its record's number
 * among the recording's events); NULL when created without one. */
History *monitor_history (Monitor *m);
const MonitorStats *monitor_stats (Monitor *m);

/* "netlink", "poll" or "replay". */
const char *monitor_source_name (Monitor *m);

/* Why this source (e.g. "connector refused: EPERM; polling every 1000 ms"),
 * and what the history could not have (a spill file, or one on a disk),
 * or NULL when there is nothing to say. */
const char *monitor_notice (Monitor *m);

/* Why the ends of a live source carry no cost: "no task statistics
 * (REASON)" where they could not be had (a poller's: "none while polling
 * /proc"), "no task statistics (--no-taskstats)" when not asked for, or
 * NULL (they are read, or the events are a replay's, which carry their
 * own). */
const char *monitor_cost_notice (Monitor *m);

/* Whether the task statistics could not be had (not merely not asked for):
 * worth saying on standard error and in the viewer's header. */
gboolean monitor_cost_refused (Monitor *m);

/* Whether events describe this machine (so /proc may be read for details). */
gboolean monitor_is_live (Monitor *m);

/* Whether events come from polling /proc (--poll, or the fallback), which
 * misses processes shorter than the interval: the output must say so. */
gboolean monitor_is_polling (Monitor *m);

/* The current time on the events' clocks: the real clocks for live sources,
 * the newest event's timestamps for a replay (so replays are deterministic). */
gint64 monitor_now_mono_ns (Monitor *m);
gint64 monitor_now_wall_ns (Monitor *m);

/* Whether the source is a replay (the monitor_replay_* functions take
 * nothing else). */
gboolean monitor_is_replay (Monitor *m);

/* Stops a replay (PAUSED) or starts it again, paced from now. */
void monitor_replay_pause (Monitor *m, gboolean paused);

/* A replay's pace: SPEED times real time, 0 as fast as possible. */
void monitor_replay_set_speed (Monitor *m, double speed);
double monitor_replay_speed (Monitor *m);

/* The number of the replay's last event applied (its record among the
 * recording's events, snapshots included; the history numbers its events
 * so). */
guint64 monitor_replay_position (Monitor *m);

/* Whether the replay has no more event: none can be read now and its
 * input has reached its end of file (a pipe with nothing more yet, or a
 * broken record still to report, is not the end). */
gboolean monitor_replay_at_end (Monitor *m);

/* Reads and applies a replay's events now, paused or not, never waiting
 * for input, up to and including event number RECORD (0: no limit) and
 * the last event at or before wall-clock time WALL_NS (G_MAXINT64: no
 * limit); it stops before the first event past either.  The reads are
 * quiet: the events go into the model and the history, not to the
 * listener, which hears only of the events that come as the replay plays
 * (whoever reads on knows what it changed: the viewer's time cursor; and
 * --count never counts an event twice).  Going back needs no reading: the
 * history keeps every event read.  Returns 1 when it stopped there, 0
 * when there was no more now (the end, or a pipe with nothing more yet),
 * -1 with ERROR for a broken record. */
int monitor_replay_read_to (Monitor *m, guint64 record, gint64 wall_ns, GError **error);

/* Expires tombstones at the current time and reads the task statistics
 * the socket holds; for a live source, reads where the processes forked
 * since the last tick run (those still live, whose pid namespace and
 * container were inherited, not read at their fork: what differs comes
 * as a SNAPSHOT, to the listener and recordings too), and looks up the
 * names of a few containers seen since (names_root); while cgroups are
 * wanted, once a second reads again the cgroups of processes started in
 * the last 10 s.  The headless loop calls it every 100 ms, the viewer
 * once a second. */
void monitor_tick (Monitor *m);

/* How long tombstones are kept (MonitorOptions.keep_ns). */
gint64 monitor_keep_ns (Monitor *m);

/* Pins the process with this SERIAL in SLOT (< PROCTAB_PINS; 0
 * empties it) in the table, and in the tables that replace it (a replay's
 * seek): its tombstone outlives keep_ns and the cap while pinned
 * (proctab_pin).  The viewer pins what its user selected. */
void monitor_pin (Monitor *m, guint slot, guint64 serial);

/* The resolver of uids to names that fits the events: this machine's user
 * database for a live source; for a replay, whose uids are another
 * machine's, the names its user records gave (users_recorded). */
WordsUserName monitor_user_names (Monitor *m);

/* Parses what a user typed as a user, a name or a uid: by this machine's
 * names (users_parse), or a replay's recorded ones. */
gboolean monitor_user_parse (Monitor *m, const char *s, guint32 *uid);

/* Reads from /proc now what it says about the live process with this
 * serial into *OUT: its state letter, the CPU it used since its previous
 * sample (the first sample of a process has none: -1) and since it
 * started, and its resident memory; with CGROUP, its cgroup too, into the model (proc_set_cgroup:
 * a process may have moved since it was last read).  Fields /proc
 * does not give (the process has gone, or its pid is another's) are
 * unknown.  Returns FALSE, all unknown, when the source is not live or
 * the process is not alive in the model.  The CPU readings of ended
 * processes are dropped on monitor_tick. */
gboolean monitor_sample (Monitor *m, guint64 serial, gboolean cgroup, ProcSample *out);

/* The state letter /proc gives thread TID of the live process with this
 * serial (its start time checked where the model knows it), or 0 where it
 * could not be read: the thread or process has gone, the source is not
 * live. */
char monitor_thread_state (Monitor *m, guint64 serial, gint tid);

/* While WANT, every live process's cgroup is known: all are read now, that
 * of a process that starts, execs or comes in a snapshot before listeners
 * see its event, and those of processes started in the last 10 s once a
 * second (monitor_tick: a move soon after the start without an exec).
 * For filters that name cgroups (filter_needs_cgroup).  Live sources
 * only. */
void monitor_want_cgroups (Monitor *m, gboolean want);

/* Reads the working directory and cgroup of the live process with this
 * serial into *CWD and *CGROUP (new strings, NULL where unreadable).
 * Returns FALSE, both NULL, when the source is not live or the process is
 * not alive in the model. */
gboolean monitor_read_place (Monitor *m, guint64 serial, char **cwd, char **cgroup);

/* The command forkscope runs and watches (command.h). */
typedef struct Command Command;

/* Has M watch C, a command ready to run (command_new), which it owns
 * from now on: a live source only, before monitor_start.  The snapshot
 * then takes forkscope's own process in, as the root of the command's
 * tree (forkscope is its reaper: the processes of the subtree whose
 * parent dies are handed to it), while its other events are still left
 * out; monitor_start starts the command after the snapshot.  What ends
 * in the subtree is reaped as it ends.  When nothing is left of the
 * subtree, the kernel's last reports are waited for (up to a second; not
 * when polling), a last resync from /proc ends in the model what it has
 * not seen end (the command with the status it was reaped with), and the
 * done listener is told (ERROR NULL).  If the command could not be run,
 * monitor_command_error says why: its end (126, 127) comes as any other
 * (or, when it could not even be forked, the done listener is told at
 * once). */
void monitor_watch_command (Monitor *m, Command *c);

/* The pid of the command M watches, 0 for none or before it starts. */
gint monitor_command_pid (Monitor *m);

/* The exit status the run ends with for the command: its status as a
 * shell gives it (the code, or 128 plus its signal) once its subtree has
 * ended; command_error_status's when it could not be run (127, 126); -1
 * while it runs, or without a command. */
int monitor_command_status (Monitor *m);

/* The run ends before the command's subtree (--count, --duration): an end
 * seen from now on (its last events may be what reached the count) is not
 * taken, so monitor_command_status stays -1 unless the subtree had ended
 * already.  Whether the run ends first does not depend on which came
 * first of the kernel's report of the command's end and its reaping. */
void monitor_command_leave (Monitor *m);

/* Why the command could not be run, or NULL. */
const GError *monitor_command_error (Monitor *m);

/* A signal forkscope got (SIGINT, SIGTERM, SIGHUP): the first while the
 * command runs is passed to it (command_signal), and the run goes on
 * until its subtree has ended (TRUE); otherwise the run is to end now
 * (FALSE). */
gboolean monitor_command_signal (Monitor *m, int sig);

/* Sends signal SIG to the live process with this serial through a pidfd,
 * after checking in /proc that its pid still belongs to it (same start
 * time), so a reused pid is never hit (procfs_signal; without pidfds, a
 * check then kill()).  Returns 0, -ESRCH when it has exited (or the pid
 * was reused), -EPERM when the source is not live, or the -errno of
 * sending it. */
int monitor_signal (Monitor *m, guint64 serial, int sig);
