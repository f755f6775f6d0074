/* words.h - the one place where an event and its numbers become words.
 *
 * The text log, the viewer's event log and its details pane describe events
 * and times with these functions only, so they always say the same thing.
 * Pure: no I/O, no curses.  Process-supplied text (names, command lines) is
 * escaped (escape.h); user names come from a resolver the caller chooses,
 * because only it knows whether the uids are this machine's. */
#pragma once

#include <glib.h>
#include "event.h"
#include "origin.h"
#include "proctab.h"

/* Room for words_duration() and words_clock() output, NUL included. */
#define WORDS_SHORT 24

/* What stands where a name is not known (an exec whose name could not be
 * read, a child of an unknown parent).  Longer than any name the kernel
 * allows (15 bytes), so it cannot be one. */
#define WORDS_NO_NAME "(name not known)"

/* Resolves a uid to a user name, or NULL to show the number. */
typedef const char *(*WordsUserName) (guint32 uid);

/* Appends a duration in at most 5 columns, rounded down: "850us", "4.2ms",
 * "12ms", "4.56s", "12.3s", "3m07s", "42m", "5h07m", "23h", "3d04h",
 * "412d".  A negative duration is "?". */
void words_duration (GString *out, gint64 ns);

/* Appends N with a comma between each group of three digits: "10,000". */
void words_count (GString *out, guint64 n);

/* Appends a size in bytes with binary units, in ASCII whatever the locale
 * (GLib's g_format_size puts a no-break space before the unit): "512 B",
 * "4.0 KiB", "9.8 MiB", "32 MiB", "1023 MiB", "1.2 GiB"; at most 8
 * columns below 10,000 TiB.  Rounded down. */
void words_size (GString *out, guint64 bytes);

/* Appends when a process started, for a column of 8: its local time of
 * day "12:34:56" when it started less than a day before NOW_WALL_NS, else
 * its date "Nov 29" (English month names, whatever the locale); "?" when
 * START_WALL_NS is not known (<= 0). */
void words_start (GString *out, gint64 start_wall_ns, gint64 now_wall_ns);

/* Appends the local wall-clock time of WALL_NS (CLOCK_REALTIME ns) with
 * milliseconds, "12:34:56.789", or "--:--:--.---" when it is not known
 * (<= 0) or cannot be shown. */
void words_clock (GString *out, gint64 wall_ns);

/* Appends the local time of WALL_NS as an edge of a window SPAN_NS long:
 * words_clock's, or for a window of a day or more its date and minute,
 * "Dec 06 12:34" (English month names, whatever the locale). */
void words_moment (GString *out, gint64 wall_ns, gint64 span_ns);

/* Appends what a paced replay says of a wait it shortened (the next
 * event due in DUE_NS at its pace, waited for WAIT_NS instead): "the next
 * event is due in 106751d: waiting 5.00s instead". */
void words_long_wait (GString *out, gint64 due_ns, gint64 wait_ns);

/* Appends how a process ended, from its raw wait status: "exit 3",
 * "SIGKILL", "SIGSEGV (core)", "signal 126"; "unknown" when UNKNOWN;
 * " (OOM killer)" after it when OOM (the kernel's OOM killer sent it). */
void words_status (GString *out, guint32 raw, gboolean unknown, gboolean oom);

/* Appends where a recording was made, as its header says (O; NULL says
 * nothing): ", recorded on HOST, kernel K", each part only where known,
 * escaped (the header is the recording's, which anyone may have written). */
void words_origin (GString *out, const Origin *o);

/* Appends the notices of a recording (the N at NOTICES, as written), which
 * are its recorder's, not the replay's: "in the recording: A; B",
 * escaped (anyone may have written them). */
void words_recorded_notices (GString *out, const char *const *notices, guint n);

/* Appends what COST (NULL: nothing) says in a few words, each part where
 * measured: ", cpu 180ms, peak 120 MiB". */
void words_cost (GString *out, const Cost *cost);

/* Appends what EV, an EXIT, says of its cost: words_cost, or ", cost
 * unknown" when it was looked for in vain; nothing when not looked for. */
void words_exit_cost (GString *out, const Event *ev);

/* The pid that names EV's subject: the process id for an exit that ends a
 * process (event_ends_process; words_event names the last thread), else
 * EV's pid (the thread id); 0 for a LOST event. */
gint words_pid (const Event *ev);

/* Appends whose child a process is: "child of PPID". */
void words_child_of (GString *out, gint ppid);

/* Appends where a process runs, W (NULL: the host), and with ENTRY that
 * it entered a pid namespace its parent is not in (the marker of an
 * entry into a container): "docker:web, pid 7" (its container, and its
 * pid in its namespace below forkscope's), "docker:web" (the pid not
 * known, or in forkscope's namespace), "pid namespace: pid 7" (no
 * container), "new pid namespace: docker:web, pid 1" (ENTRY), "new pid
 * namespace" (ENTRY at the host: only a recording can say so).  The
 * container as container_label shows it, escaped. */
void words_where (GString *out, const Where *w, gboolean entry);

/* Appends what EV adds, in one line:
 *   fork      "child of PPID"
 *   exec      the command line; where it or the name could not be read
 *             (event_unread), "command line unreadable" (with the
 *             executable if known) or "(name unreadable)" after the
 *             command line; then, for an exec by another thread than the
 *             leader, " (by thread TID, which took over pid TGID)"
 *   snapshot  the command line, else the executable, else "[kernel thread]"
 *   uid, gid  "uid 1000(alice) euid 0(root)", "gid 100 egid 100"
 *   sid       "session 42"
 *   ptrace    "traced by 77", "traced by 77 (thread 78)", "no longer traced"
 *   comm      "renamed to NAME"
 *   coredump  "dumping core" (the status comes with the exit)
 *   exit      that ends the process: the status, " (OOM killer)" when
 *             the kernel's OOM killer sent its SIGKILL, " after " the
 *             lifetime, " (last thread TID)" when its last thread ended it
 *             after the leader, then what it cost (words_cost) or ", cost
 *             unknown": "exit 0 after 190ms, cpu 180ms, peak 120 MiB";
 *             of a thread: "[thread of TGID] ", the status and its cost;
 *             of the leader before its threads: "[leader thread] ", the
 *             status, ", other threads remain" and its cost
 *   lost      "12 events lost"
 * Other events of a thread start "[thread of TGID] " too.  An event
 * about a process that runs somewhere else than the host (EV's where when
 * it says it, else P's), or entered a pid namespace (EVENT_F_NS_ENTRY),
 * ends " [" words_where "]".  P is the
 * process after the event (NULL if unknown): it gives a process's start
 * for its lifetime.  NAMES resolves uids (NULL: numbers only). */
void words_event (GString *out, const Event *ev, const Proc *p, WordsUserName names);
