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
#include "proctab.h"

/* Room for words_duration() and words_clock() output, NUL included. */
#define WORDS_SHORT 24

/* Resolves a uid to a user name, or NULL to show the number. */
typedef const char *(*WordsUserName) (guint32 uid);

/* Appends a duration in at most 5 columns, rounded down: "850us", "4.2ms",
 * "12ms", "4.56s", "12.3s", "3m07s", "42m", "5h07m", "23h", "3d04h",
 * "412d".  A negative duration is "?". */
void words_duration (GString *out, gint64 ns);

/* Appends the local wall-clock time of WALL_NS (CLOCK_REALTIME ns) with
 * milliseconds, "12:34:56.789", or "--:--:--.---" when it is not known
 * (<= 0) or cannot be shown. */
void words_clock (GString *out, gint64 wall_ns);

/* Appends how a process ended, from its raw wait status: "exit 3",
 * "SIGKILL", "SIGSEGV (core)", "signal 126"; "unknown" when UNKNOWN. */
void words_status (GString *out, guint32 raw, gboolean unknown);

/* Appends what EV adds, in one line:
 *   fork      "child of PPID"
 *   exec      the command line, else the executable, else "(command line
 *             unreadable)"; a snapshot likewise, or "[kernel thread]"
 *   uid, gid  "uid 1000(alice) euid 0(root)", "gid 100 egid 100"
 *   sid       "session 42"
 *   ptrace    "traced by 77", "traced by 77 (thread 78)", "no longer traced"
 *   comm      "renamed to NAME"
 *   coredump  "dumping core" (the status comes with the exit)
 *   exit      the status, and " after " the lifetime for a process
 *   lost      "12 events lost"
 * An event of a thread starts "[thread of TGID] ".  P is the process after
 * the event (NULL if unknown): it gives a process's start for its
 * lifetime.  NAMES resolves uids (NULL: numbers only). */
void words_event (GString *out, const Event *ev, const Proc *p, WordsUserName names);
