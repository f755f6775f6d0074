/* resync.h - the events that bring the model in line with a /proc scan.
 *
 * Pure model code: it compares a Proctab with a fresh scan (SNAPSHOT events
 * as procfs_scan() returns them) and expresses what must have happened in
 * between as events, so the model still changes only through
 * proctab_apply().  Used after lost events (netlink) and by the /proc poller
 * on every tick, which turns the result into FORK/EXEC/... for display.
 *
 * Identity is (pid, start time), compared with event_same_start(). */
#pragma once

#include <glib.h>
#include "event.h"
#include "proctab.h"

/* Why resync_diff_explain() made an event; bits, several may be set. */
typedef enum {
  RESYNC_GONE = 1 << 0,    /* EXIT: live in the model, missing from the scan */
  RESYNC_REUSED = 1 << 1,  /* EXIT: the pid/tid now has another start time */
  RESYNC_NEW = 1 << 2,     /* SNAPSHOT: not in the model (new, or a reuser) */
  RESYNC_PARENT = 1 << 3,  /* SNAPSHOT: parent differs (re-parented) */
  RESYNC_EXEC = 1 << 4,    /* SNAPSHOT: argv or exe differ (both known) */
  RESYNC_COMM = 1 << 5,    /* SNAPSHOT: name differs (process or thread) */
  RESYNC_UID = 1 << 6,     /* SNAPSHOT: real or effective uid differs */
  RESYNC_GID = 1 << 7,     /* SNAPSHOT: real or effective gid differs */
  RESYNC_SID = 1 << 8,     /* SNAPSHOT: session differs */
  RESYNC_FILL = 1 << 9,    /* SNAPSHOT: the scan knows argv, exe, ids or
                            * session where the model did not */
  RESYNC_WHERE = 1 << 10,  /* SNAPSHOT: where it runs differs (its pid
                            * namespace or container, what a fork's
                            * inheritance could not know) */
} ResyncChange;

/* Returns the events that bring PT in line with SCAN, to be applied in
 * order; a new array of Event* that frees them (never NULL, may be empty).
 *
 * SCAN holds SNAPSHOT events (others are ignored), processes (pid == tgid)
 * and threads (pid != tgid), as procfs_scan() gives; it is not modified.
 * Call with nothing applied to PT since the scan was taken.  The result is,
 * in this order:
 *   1. EXIT with EVENT_F_STATUS_UNKNOWN, stamped NOW_MONO_NS/NOW_WALL_NS,
 *      the end of a process after those of its descendants that end too
 *      (so that each is still under its parent when it ends: a filter on
 *      descendants finds it), else sorted by (tgid, pid): for each live
 *      process missing from the scan
 *      or whose start time differs (pid reused), and for each thread of a
 *      surviving process that is missing or reused (exit_signal -1, no
 *      parent, as the kernel reports threads).  Threads of a process that
 *      exits get no EXIT of their own.
 *   2. copies of scan SNAPSHOTs, in scan order: processes and threads the
 *      model lacks (new, or the new owner of a reused pid; not one whose
 *      end the model has seen, with the same start, which the scan found
 *      dying), and known ones
 *      whose parent, argv, exe, comm, ids, session or where they run (as
 *      the scan says it: EVENT_F_WHERE) differ.  Fields the
 *      scan does not know (NULL argv/exe, no EVENT_F_CREDS, sid 0) never
 *      count as a difference, so a zombie leader's empty cmdline is no
 *      change.
 * Zombies are not in a scan, so a process that became one gets its EXIT. */
GPtrArray *resync_diff (const Proctab *pt, GPtrArray *scan, gint64 now_mono_ns,
                        gint64 now_wall_ns);

/* resync_diff(), and when WHY is not NULL also *WHY: a new GArray of guint
 * (ResyncChange bits), one per returned event, saying why it was made. */
GPtrArray *resync_diff_explain (const Proctab *pt, GPtrArray *scan,
                                gint64 now_mono_ns, gint64 now_wall_ns,
                                GArray **why);
