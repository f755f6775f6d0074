/* text.h - the human-readable event log: one aligned line per event.
 *
 *   TIME         EVENT    PID     PPID    USER     COMM             DETAILS
 *   12:34:56.789 exec     4242    4200    alice    ls               ls -l /tmp
 *   12:34:56.795 exit     4242    4200    alice    ls               exit 0 after 6.1ms
 *
 * TIME is local time.  PID is the event's thread id; PPID the parent
 * process (from the event, else from the process table); USER the
 * effective user (name if it resolves, else the number; "-" unknown); COMM
 * the name (escaped, cut to 16 columns).  DETAILS depend on the kind: the
 * command line (exec, snapshot), decoded status and lifetime (exit,
 * coredump), new ids (uid, gid), tracer (ptrace), session (sid), count
 * (lost); "[thread of TGID]" marks threads.  All strings are escaped
 * (escape.h), so a line never carries control characters. */
#pragma once

#include <glib.h>
#include "model/event.h"
#include "model/proctab.h"

/* Appends the column titles line, with "\n". */
void output_text_header (GString *out);

/* Appends one line for EV, with "\n".  P is the process after the event was
 * applied (NULL if unknown): it supplies the parent, user and name when the
 * event does not carry them, and the start time for lifetimes. */
void output_text_event (GString *out, const Event *ev, const Proc *p);

/* Appends a duration for people: "850us", "12.3ms", "4.56s", "3m07s",
 * "2h05m", "3d04h".  Negative durations are shown as "?". */
void output_text_duration (GString *out, gint64 ns);

/* Whether output_text_event shows user names from this machine's user
 * database (the default) or only numbers: a replay of another machine's
 * recording should pass FALSE, since its uids are not ours. */
void output_text_set_user_names (gboolean resolve);

/* The name of user UID, or NULL when it does not resolve.  Results are
 * cached for the life of the process; the string stays valid. */
const char *output_text_user_name (guint32 uid);

/* Parses a user name or a numeric uid into *UID.  Returns FALSE (UID
 * untouched) when it is neither. */
gboolean output_text_user_parse (const char *s, guint32 *uid);
