/* event.h - the one normalised process event that every source produces.
 *
 * An event is a self-contained fact: an EXEC carries the comm, argv and exe
 * read from /proc at the moment of the exec, so a recording replays with full
 * detail elsewhere.  Strings are owned by the event (event_clear frees them). */
#pragma once

#include <glib.h>

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

/* Bit for kind K in an event-kind mask. */
#define EVENT_MASK(k) (1u << (k))
#define EVENT_MASK_ALL ((1u << EVENT_KIND_MAX) - 1)

/* Event.flags */
typedef enum {
  EVENT_F_STATUS_UNKNOWN = 1 << 0, /* EXIT found by resync/polling: no status */
  EVENT_F_CREDS = 1 << 1,          /* ruid/euid/rgid/egid are valid */
  EVENT_F_KTHREAD = 1 << 2,        /* SNAPSHOT: a kernel thread */
  EVENT_F_START = 1 << 3,          /* start_ns is valid */
} EventFlags;

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
  gint ptgid;            /* parent process; 0 when the kernel gave none */
  guint32 ruid, euid;    /* UID: new ids; else valid with EVENT_F_CREDS */
  guint32 rgid, egid;    /* GID: new ids; else valid with EVENT_F_CREDS */
  gint sid;              /* SID: new session id; SNAPSHOT: session */
  gint tracer_pid;       /* PTRACE: tracer thread, 0 on detach */
  gint tracer_tgid;      /* PTRACE: tracer process, 0 on detach */
  guint32 exit_code;     /* EXIT, COREDUMP: raw wait status (768 = exit 3) */
  gint32 exit_signal;    /* EXIT: signal sent to the parent (-1 for threads) */
  guint64 lost;          /* LOST: number of events dropped */
  gint64 start_ns;       /* SNAPSHOT: start time, CLOCK_MONOTONIC (EVENT_F_START) */
  char *comm;            /* EXEC, COMM, SNAPSHOT: name (may hold any bytes) */
  char **argv;           /* EXEC, SNAPSHOT: command line, NULL-terminated */
  char *exe;             /* EXEC, SNAPSHOT: executable path where readable */
  /* A FORK from the poller also carries comm, argv, exe, sid and start_ns:
   * the child as first seen, maybe after its exec. */
} Event;

/* Frees the strings an event owns and zeroes it. */
void event_clear (Event *ev);

/* Clears and frees a heap-allocated event (NULL is a no-op); a GDestroyNotify
 * for arrays of Event*. */
void event_free (gpointer ev);

/* Deep-copies SRC into DST (DST's old contents are not freed). */
void event_copy (Event *dst, const Event *src);

/* A deep copy of SRC on the heap (free with event_free). */
Event *event_dup (const Event *src);

/* Short lower-case name of a kind ("fork", "exit", ...), "?" if out of range. */
const char *event_kind_name (EventKind kind);

/* Parses a kind name; returns the kind or -1. */
int event_kind_parse (const char *name);

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

/* Decodes a raw wait status as the kernel reports it in EXIT. */
ExitStatus event_exit_status (guint32 raw);

/* Formats an exit status for people: "exit 3", "SIGKILL", "SIGSEGV (core)",
 * "unknown" when STATUS_UNKNOWN.  Returns a new string. */
char *event_exit_status_describe (guint32 raw, gboolean unknown);
