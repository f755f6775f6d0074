/* event.h - the one normalised process event that every source produces.
 *
 * An event is a self-contained fact: an EXEC carries the comm, argv and exe
 * read from /proc at the moment of the exec, so a recording replays with full
 * detail elsewhere.  Strings are owned by the event (event_clear frees them). */
#pragma once

#include <glib.h>
#include "cost.h"
#include "where.h"

/* What happened.  Order is the order of the names in event_kind_name(). */
typedef enum {
  EVENT_SNAPSHOT,  /* a process or thread found by a /proc scan */
  EVENT_FORK,      /* new process (pid == tgid) or thread (pid != tgid) */
  EVENT_EXEC,
  EVENT_UID,
  EVENT_GID,
  EVENT_SID,
  EVENT_PTRACE,
  EVENT_COMM,
  EVENT_COREDUMP,
  EVENT_EXIT,
  EVENT_LOST,      /* the kernel dropped events; count in Event.lost */
  EVENT_KIND_MAX
} EventKind;

/* A /proc clock tick: USER_HZ is 100 wherever Linux runs (but alpha). */
#define EVENT_TICK_NS (10 * G_GINT64_CONSTANT (1000000))

/* Bit for kind K in an event-kind mask. */
#define EVENT_MASK(k) (1u << (k))
#define EVENT_MASK_ALL ((1u << EVENT_KIND_MAX) - 1)

/* Groups of fields an event of a kind carries, besides the common ones
 * (times, kind, cpu, pid, tgid) and those that depend on Event.flags (the
 * ids with EVENT_F_CREDS, start_ns with EVENT_F_START).  The JSON writer
 * and reader, and the text log, know what a kind says from this alone. */
typedef enum {
  EVENT_FIELDS_PARENT = 1 << 0,      /* ppid, ptgid */
  EVENT_FIELDS_SID = 1 << 1,         /* sid */
  EVENT_FIELDS_COMM = 1 << 2,        /* comm */
  EVENT_FIELDS_UID = 1 << 3,         /* ruid, euid (the new ids) */
  EVENT_FIELDS_GID = 1 << 4,         /* rgid, egid (the new ids) */
  EVENT_FIELDS_TRACER = 1 << 5,      /* tracer_pid, tracer_tgid */
  EVENT_FIELDS_EXIT = 1 << 6,        /* exit_code */
  EVENT_FIELDS_EXIT_SIGNAL = 1 << 7, /* exit_signal, EVENT_F_STATUS_UNKNOWN,
                                        ends */
  EVENT_FIELDS_LOST = 1 << 8,        /* lost */
  EVENT_FIELDS_CMDLINE = 1 << 9,     /* exe, argv */
  EVENT_FIELDS_EXEC_THREAD = 1 << 10, /* EVENT_F_EXEC_THREAD, exec_tid */
  EVENT_FIELDS_COST = 1 << 11,       /* cost, EVENT_F_COST_UNKNOWN, EVENT_F_OOM */
} EventFields;

/* Event.flags */
typedef enum {
  EVENT_F_STATUS_UNKNOWN = 1 << 0, /* EXIT found by resync/polling: no status */
  EVENT_F_CREDS = 1 << 1,          /* ruid/euid/rgid/egid are valid */
  EVENT_F_KTHREAD = 1 << 2,        /* SNAPSHOT: a kernel thread */
  EVENT_F_START = 1 << 3,          /* start_ns is valid */
  EVENT_F_EXEC_THREAD = 1 << 4,    /* EXEC: by a thread other than the leader,
                                      which took over the pid (exec_tid) */
  EVENT_F_PARENT_MODEL = 1 << 5,   /* EXIT, COREDUMP: the kernel gave no parent;
                                      ppid and ptgid are the parent process
                                      the model knew (proctab_apply) */
  EVENT_F_LOST_OUTPUT = 1 << 6,    /* LOST: records a recorder could not write
                                      (its output had no room), not events
                                      the kernel dropped */
  EVENT_F_COST_UNKNOWN = 1 << 7,   /* EXIT: the kernel's task statistics were
                                      read, but none came for this end */
  EVENT_F_OOM = 1 << 8,            /* EXIT: the kernel's OOM killer sent the
                                      SIGKILL that ended it (as the kernel's
                                      log says) */
  EVENT_F_WHERE = 1 << 9,          /* any kind: the event says where its
                                      subject runs (Event.where, read from
                                      /proc or a record; NULL: the host) */
  EVENT_F_NS_ENTRY = 1 << 10,      /* its subject runs in a pid namespace
                                      its parent is not in: it entered one
                                      (where_is_entry; proctab_apply's note) */
  EVENT_F_NAMED_AT_END = 1 << 11,  /* EXIT: comm is the name the kernel's
                                      accounting gave the process at its end,
                                      the first it was known by (it ended
                                      before its exec was read) */
  EVENT_F_LIFETIME = 1 << 12,      /* EXIT: lifetime_ns is valid (a record
                                      said it) */
} EventFlags;

/* What an EXIT ended.  The kernel reports each thread's end; which of them
 * ends the process is the model's conclusion (proctab_apply writes it), or
 * a recording's, which carries the conclusion of the model that made it. */
typedef enum {
  EVENT_ENDS_UNSAID,   /* not concluded: taken to be the process when
                          pid == tgid (event_ends_process) */
  EVENT_ENDS_THREAD,   /* one thread; the process goes on (this includes
                          the leader exiting before its other threads) */
  EVENT_ENDS_PROCESS,  /* the process: its leader with no thread left, or
                          the last thread after the leader */
} EventEnds;

/* One process event.  Fields not meaningful for a kind are 0 / NULL. */
typedef struct {
  EventKind kind;
  guint flags;           /* EventFlags */
  gint64 mono_ns;        /* CLOCK_MONOTONIC ns (the kernel's timestamp) */
  gint64 wall_ns;        /* CLOCK_REALTIME ns at the same moment, for display */
  guint32 cpu;
  gint pid;              /* thread id of the subject (the child for FORK) */
  gint tgid;             /* process id of the subject */
  gint ppid;             /* parent thread (FORK, EXIT, COREDUMP, SNAPSHOT) */
  gint ptgid;            /* parent process; 0 when the kernel gave none
                            (EXIT, COREDUMP: the model's parent instead,
                            with EVENT_F_PARENT_MODEL, where it knows one);
                            other kinds: what a replayed record said of
                            the process's parent, else 0 */
  guint32 ruid, euid;    /* UID: new ids; else valid with EVENT_F_CREDS */
  guint32 rgid, egid;    /* GID: new ids; else valid with EVENT_F_CREDS */
  gint sid;              /* SID: new session id; SNAPSHOT: session */
  gint tracer_pid;       /* PTRACE: tracer thread, 0 on detach */
  gint tracer_tgid;      /* PTRACE: tracer process, 0 on detach */
  guint32 exit_code;     /* EXIT, COREDUMP: raw wait status (768 = exit 3) */
  gint32 exit_signal;    /* EXIT: signal sent to the parent (-1 for threads) */
  EventEnds ends;        /* EXIT: what it ended */
  gint exec_tid;         /* EXEC with EVENT_F_EXEC_THREAD: the thread that
                            exec'd, 0 when not known */
  guint64 lost;          /* LOST: number of events dropped (or of records
                            not written: EVENT_F_LOST_OUTPUT) */
  guint64 replaced;      /* FORK, SNAPSHOT: the serial (Proc) of the live
                            process it ended by taking its pid, or 0
                            (proctab_apply's note; not in recordings) */
  gint64 start_ns;       /* SNAPSHOT: start time, CLOCK_MONOTONIC (EVENT_F_START) */
  gint64 lifetime_ns;    /* EXIT that ends a process: how long it lived, as
                            a replayed record said (EVENT_F_LIFETIME) */
  char *comm;            /* EXEC, COMM, SNAPSHOT: name (may hold any bytes);
                            NULL when it could not be read (event_unread);
                            other kinds: the name a replayed record gave
                            its subject then (a live EXIT's: the kernel's
                            accounting's, EVENT_F_NAMED_AT_END), else NULL */
  char **argv;           /* EXEC, SNAPSHOT: command line, NULL-terminated;
                            NULL when it could not be read (or was empty) */
  char *exe;             /* EXEC, SNAPSHOT: executable path where readable */
  char *entity_id;       /* a replayed record's entity id of the process
                            (origin_entity_id, as the recorder wrote it),
                            else NULL: live events get theirs when written */
  char *parent_entity_id;  /* likewise, of its parent process */
  Cost *cost;            /* EXIT: what the process (or, for a thread's end,
                            the thread) cost, a reference the event holds;
                            NULL when not measured */
  Where *where;          /* with EVENT_F_WHERE: its subject's container and
                            pid namespace (where.h; NULL the host); a
                            reference the event owns */
  /* A FORK from the poller also carries comm, argv, exe, sid and start_ns:
   * the child as first seen, maybe after its exec. */
} Event;

/* Frees the strings an event owns, drops its cost, and zeroes it. */
void event_clear (Event *ev);

/* Clears and frees a heap-allocated event (NULL is a no-op); a GDestroyNotify
 * for arrays of Event*. */
void event_free (gpointer ev);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Event, event_free)

/* Deep-copies SRC into DST (DST's old contents are not freed); the cost
 * is shared (cost_ref). */
void event_copy (Event *dst, const Event *src);

/* A deep copy of SRC on the heap (free with event_free). */
Event *event_dup (const Event *src);

/* Short lower-case name of a kind ("fork", "exit", ...), "?" if out of range. */
const char *event_kind_name (EventKind kind);

/* Parses a kind name; returns the kind or -1. */
int event_kind_parse (const char *name);

/* The kind whose name is exactly the N bytes at S (no case folding, no
 * NUL needed: a recording's name as read), or -1. */
int event_kind_lookup (const char *s, gsize n);

/* Parses a comma-separated list of kind names into a mask.
 * Returns 0, or -EINVAL with *bad set to the first unknown name (g_free it). */
int event_kind_mask_parse (const char *list, guint *mask, char **bad);

/* How a process ended, decoded from a raw wait status. */
typedef struct {
  gboolean signaled;  /* killed by a signal */
  int code;           /* exit code when !signaled */
  int signal;         /* signal number when signaled */
  gboolean core;      /* core dumped */
} ExitStatus;

/* The EventFields an event of KIND carries (0 for an out-of-range kind). */
guint event_kind_fields (EventKind kind);

/* Decodes a raw wait status as the kernel reports it in EXIT. */
ExitStatus event_exit_status (guint32 raw);

/* Whether a process that ended with raw wait status RAW failed: a non-zero
 * exit code or a signal.  An UNKNOWN status (found by a resync) is no
 * failure: nothing says it was one. */
gboolean event_status_failed (guint32 raw, gboolean unknown);

/* Whether EV is an EXEC whose new name or command line could not be read
 * from /proc (the process was gone, or hidden): what it lacks is unknown,
 * and no name may stand in for it. */
gboolean event_unread (const Event *ev);

/* What the EXIT EV ended: Event.ends, or where that is unsaid, the process
 * when pid == tgid and a thread otherwise.  EVENT_ENDS_UNSAID for other
 * kinds. */
EventEnds event_ends (const Event *ev);

/* Whether EV is an EXIT that ends its process, not only a thread
 * (event_ends). */
gboolean event_ends_process (const Event *ev);

/* Whether EV is one thread's own, not its process's: its pid is not its
 * group's and it does not end the process (a loss is nobody's). */
gboolean event_of_thread (const Event *ev);

/* Whether EV reports a failure: a core dump, or the end of a process (not
 * of a thread, event_ends_process) that failed (event_status_failed). */
gboolean event_failed (const Event *ev);

/* Whether two start times (CLOCK_MONOTONIC ns) are the same process start.
 * /proc gives start times in clock ticks (10 ms), the kernel's events in
 * nanoseconds, and the two disagree by one tick about 0.1% of the time, so
 * times in the same or a neighbouring tick are the same.  0 (unknown)
 * matches all. */
gboolean event_same_start (gint64 a_ns, gint64 b_ns);

/* Times in events come from the kernel, from /proc or from a recording,
 * which may hold any 64-bit value: arithmetic on them saturates instead of
 * overflowing. */

/* A + B, clamped to the range of gint64. */
gint64 event_ns_add (gint64 a, gint64 b);

/* A - B, clamped to the range of gint64. */
gint64 event_ns_sub (gint64 a, gint64 b);

/* The CLOCK_REALTIME time at monotonic AT_MONO_NS, from the two clocks
 * read together (MONO_NS, WALL_NS). */
gint64 event_wall_at (gint64 mono_ns, gint64 wall_ns, gint64 at_mono_ns);

/* How long from START_NS to END_NS: -1 when the start is unknown (<= 0) or
 * the end comes before it, else END_NS - START_NS (which cannot overflow). */
gint64 event_ns_span (gint64 start_ns, gint64 end_ns);
