/* source.h - the one interface all event sources share.
 *
 * A source is created subscribed (netlink: listening already, so nothing is
 * missed while the caller takes its /proc snapshot), then attached to the
 * main loop, where it delivers events through SourceCallbacks.emit, in
 * receive order, and reports its end (replay EOF, fatal error) through done. */
#pragma once

#include <glib.h>
#include <time.h>
#include "event.h"
#include "origin.h"

/* Where a consumer is told about events and the end of the stream. */
typedef struct {
  /* One event; EV and its strings are only valid during the call. */
  void (*emit) (const Event *ev, gpointer user);
  /* The stream ended: ERROR NULL for a clean end (replay EOF). */
  void (*done) (const GError *error, gpointer user);
  gpointer user;
  /* A replay read a recording's header record: where its events were
   * recorded (O is only valid during the call).  NULL: not told. */
  void (*origin) (const Origin *o, gpointer user);
  /* A paced replay's next event would wait DUE_NS at its pace, more than
   * SOURCE_REPLAY_MAX_WAIT_NS: it waits WAIT_NS (that bound) instead.
   * Told once per event, as the wait starts.  NULL: not told. */
  void (*long_wait) (gint64 due_ns, gint64 wait_ns, gpointer user);
  /* A replay read a recording's notice record: TEXT (as written, only
   * valid during the call) is what its recorder said of that recording.
   * NULL: not told. */
  void (*notice) (const char *text, gpointer user);
} SourceCallbacks;

typedef struct Source Source;

/* What each kind of source implements. */
typedef struct {
  const char *name;      /* "netlink", "poll", "replay" */
  gboolean live;         /* describes this machine's /proc (scan and enrich) */
  gboolean scans;        /* takes its own /proc snapshots (the poller) */
  /* Starts delivering events from the default main context. */
  void (*attach) (Source *src);
  /* Detaches, unsubscribes (netlink sends IGNORE) and frees. */
  void (*free) (Source *src);
  /* Whether events received are held back, to be delivered later (netlink:
   * a batch waiting for the capture thread); NULL: never. */
  gboolean (*holding) (Source *src);
} SourceClass;

/* Fields common to all sources; each source embeds this first. */
struct Source {
  const SourceClass *klass;
  SourceCallbacks cb;
  char *why;             /* one line on why this source (shown in the header) */
  guint64 dropped;       /* datagrams dropped: truncated, unknown, foreign */
};

static inline void
source_emit (Source *src, const Event *ev)
{
  src->cb.emit (ev, src->cb.user);
}

/* Reads clock CLOCK_ID (CLOCK_MONOTONIC, CLOCK_REALTIME) in nanoseconds. */
gint64 source_clock_ns (clockid_t clock_id);

/* Makes the receive buffer of the kernel's socket FD as large as we are
 * allowed: asks for 16 MiB, forced with CAP_NET_ADMIN, else up to the
 * net.core.rmem_max cap; the kernel doubles what is asked.  The tests of
 * loss and resync shrink it with FORKSCOPE_RCVBUF (bytes asked for).
 * Returns the size the kernel granted, doubled (32 MiB as root). */
int source_grow_rcvbuf (int fd);

/* Reads into *DROPS how many messages the kernel dropped for the socket FD
 * since it was opened (SO_MEMINFO's SK_MEMINFO_DROPS, a 32-bit counter
 * that wraps).  Returns FALSE, *DROPS untouched, where it cannot tell. */
gboolean source_socket_drops (int fd, guint32 *drops);

/* Connects the netlink socket FD to the kernel (port id 0): the kernel
 * then refuses any other sender's message to it (ECONNREFUSED), so that
 * what is read needs no check of its sender.  Returns 0 or -errno. */
int source_connect_kernel (int fd);

/* Attaches SRC to the default main context. */
void source_attach (Source *src);

/* Whether SRC holds back events it has received (see SourceClass). */
gboolean source_holding (Source *src);

/* Frees SRC (NULL is a no-op). */
void source_free (Source *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Source, source_free)

/* The kernel connector; each EXEC's command line, name and executable are
 * read from PROC_ROOT (normally "/proc") as it arrives.  With REALTIME, the
 * thread that reads them on 6.6+ asks for real-time scheduling
 * (SCHED_FIFO); the source's description (Source.why) says whether it was
 * granted: it needs CAP_SYS_NICE or an RLIMIT_RTPRIO (before 6.6 there is
 * no such thread and REALTIME does nothing).  Returns NULL with ERROR set
 * when refused (G_FILE_ERROR_PERM or G_FILE_ERROR_ACCES when unprivileged
 * on an old kernel). */
Source *source_netlink_new (const SourceCallbacks *cb, const char *proc_root,
                            gboolean realtime, GError **error);

/* Polls PROC_ROOT (normally "/proc") every INTERVAL_MS, diffing scans. */
Source *source_poll_new (const SourceCallbacks *cb, const char *proc_root,
                         guint interval_ms);

/* The longest a paced replay waits for its next event: a longer gap in a
 * recording (an idle night, a clock that jumped) is shortened to it. */
#define SOURCE_REPLAY_MAX_WAIT_NS (5 * G_GINT64_CONSTANT (1000000000))

/* A paced replay's reference: the latest event time replayed and when it
 * was due.  All zero: none yet. */
typedef struct {
  gboolean set;
  gint64 ev_ns;          /* the latest mono_ns replayed */
  gint64 due_us;         /* the monotonic time (us) it was due at */
  gboolean back;         /* the last event was older than ev_ns by more
                            than the bound, at */
  gint64 back_ns;        /* this mono_ns, */
  gint64 back_due_us;    /* replayed at this monotonic time (us) */
} SourceReplayPace;

/* How long (us) the event recorded at EV_NS waits at SPEED (> 0) times
 * real time, at monotonic time NOW_US: its gap after PACE's reference
 * divided by SPEED, at most SOURCE_REPLAY_MAX_WAIT_NS (then *DUE_NS, else
 * 0, is the wait it would have been, saturated).  0: it is due, and if it
 * is the latest yet it becomes the reference.  The first event becomes
 * the reference, due now.  An older one waits 0 and leaves the reference
 * (events of other CPUs; one wild time holds up nothing after it), but
 * when two in a row are older by more than the bound, the second not
 * older than the first (a recording's clock that went back: rotated files
 * of two boots joined, or the normal times after a wild one), the first
 * becomes the reference, due when it was replayed, and the second waits
 * its gap after it. */
gint64 source_replay_pace_wait (SourceReplayPace *pace, gint64 ev_ns, double speed, gint64 now_us,
                               gint64 *due_ns);

/* Reads JSON Lines as written by --json from PATH ("-" = stdin).  SPEED 0
 * replays as fast as possible, else paced at SPEED times real time
 * (source_replay_pace_wait: no wait longer than SOURCE_REPLAY_MAX_WAIT_NS,
 * and SourceCallbacks.long_wait is told of each one shortened).  A
 * header record (anywhere: rotated files may be joined) that says
 * something new goes to SourceCallbacks.origin, and the source's
 * description (Source.why) becomes "replaying PATH, recorded on HOST,
 * kernel K" (words_origin). */
Source *source_replay_new (const SourceCallbacks *cb, const char *path,
                           double speed, GError **error);

/* Whether SRC is a replay (the functions below take replays only). */
gboolean source_is_replay (Source *src);

/* Stops emitting events (PAUSED) or starts again, paced from now. */
void source_replay_pause (Source *src, gboolean paused);

/* Changes the pace: SPEED times real time, 0 as fast as possible. */
void source_replay_set_speed (Source *src, double speed);
double source_replay_speed (Source *src);

/* The events emitted from the start of the recording: the number of the
 * last one (its record's among the recording's events). */
guint64 source_replay_records (Source *src);

/* Whether the recording's input has reached its end of file: where
 * source_replay_peek or _read then finds no event, the recording has no
 * more (else a pipe has nothing more yet). */
gboolean source_replay_eof (Source *src);

/* The next event, read at once but not taken: *EV (owned by the source)
 * stays valid until the next read or peek.  Returns as
 * source_replay_read. */
int source_replay_peek (Source *src, const Event **ev, GError **error);

/* Reads the next event at once, paused or not, into EV (the caller clears
 * it), never waiting for input.  Returns 1, 0 when there is none now (the
 * end of the recording, or a pipe with nothing more yet), or -1 with ERROR
 * for a broken record (as done() would report it). */
int source_replay_read (Source *src, Event *ev, GError **error);
