/* oomkill.h - which SIGKILLs the kernel's OOM killer sent, as the kernel's
 * log says.
 *
 * The OOM killer logs each victim: "oom-kill:...,task=NAME,pid=PID,uid=N"
 * before it sends the SIGKILL (rate-limited), and "...: Killed process PID
 * (NAME) total-vm:..." right after (always).  Its victim then has to free
 * its memory before it exits, so the record is in the log before the
 * connector's EXIT.  /dev/kmsg gives the records one per read(2), from
 * where forkscope opened it on; it is read when an EXIT with status
 * SIGKILL asks, and on each tick.  Only the kernel's own records (facility
 * 0) count: a process may write to the log too. */
#pragma once

#include <glib.h>

typedef struct Oomkill Oomkill;

/* Opens PATH (normally /dev/kmsg) at its end.  Returns NULL with ERROR
 * when it cannot be read (without CAP_SYSLOG where kernel.dmesg_restrict
 * is set, or where /dev/kmsg is not readable). */
Oomkill *oomkill_new (const char *path, GError **error);

/* Closes and frees O (NULL is a no-op). */
void oomkill_free (Oomkill *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Oomkill, oomkill_free)

/* Reads the records logged since the last read, noting the victims. */
void oomkill_drain (Oomkill *o);

/* Whether the OOM killer killed task PID (a noted victim, or a process
 * marked with oomkill_note); the note is taken.  Reads the log first when
 * PID is not noted yet. */
gboolean oomkill_take (Oomkill *o, gint pid);

/* Notes that PID was killed by the OOM killer: the process of a thread
 * that was named. */
void oomkill_note (Oomkill *o, gint pid);

/* The victim's pid that the /dev/kmsg record REC (LEN bytes: "PRIO,SEQ,
 * TIME,FLAGS;MESSAGE", then dictionary lines) names, or 0 when it names
 * none: another message, or another facility's than the kernel's. */
gint oomkill_parse (const char *rec, gsize len);
