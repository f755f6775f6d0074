/* text.h - the human-readable event log: one aligned line per event.
 *
 *   TIME         EVENT    PID     PPID    USER     COMM             DETAILS
 *   12:34:56.789 exec     4242    4200    alice    ls               ls -l /tmp
 *   12:34:56.795 exit     4242    4200    alice    ls               exit 0 after 6.1ms
 *
 * TIME is local time (words_clock).  PID is the event's subject (words_pid:
 * the thread id, or the process id for an exit that ends a process); PPID
 * the parent process (from the event, else from the process table); USER
 * the effective user (name if the resolver gives one, else the number; "-"
 * unknown); COMM the subject's name (escaped, cut to 16 columns;
 * WORDS_NO_NAME when not known); DETAILS what the event adds, in the words
 * every view uses (words_event).  A line never carries control characters.
 * Which events get a line is the filter's business: thread exits are left
 * out unless asked for (Filter.threads).  With colours (--color), a line
 * is coloured by its tone, as the viewer's log draws it, and ends with the
 * colours reset before its newline. */
#pragma once

#include <glib.h>
#include "event.h"
#include "proctab.h"
#include "words.h"

/* How an event's line stands out: the viewer's log (with its theme) and
 * the coloured text log (text_color) both draw it so. */
typedef enum {
  TEXT_TONE_PLAIN,
  TEXT_TONE_NEW,        /* a fork */
  TEXT_TONE_ENDED,      /* a process ended well */
  TEXT_TONE_FAILED,     /* it ended with an error or a signal, a core dump */
  TEXT_TONE_ALERT,      /* events were lost */
} TextTone;

/* The tone of EV (already applied: a thread's exit is plain). */
TextTone text_tone (const Event *ev);

/* Appends one line for EV as text_event does, coloured by its tone with
 * ANSI escapes (none for a plain one). */
void text_event_colored (GString *out, const Event *ev, const Proc *p, WordsUserName names);

/* Appends the column titles line, with "\n". */
void text_header (GString *out);

/* Appends one line for EV, with "\n".  P is the process after the event was
 * applied (NULL if unknown): it supplies the parent, user and name when the
 * event does not carry them, and the start time for lifetimes.  NAMES
 * resolves uids (NULL: numbers only). */
void text_event (GString *out, const Event *ev, const Proc *p, WordsUserName names);
