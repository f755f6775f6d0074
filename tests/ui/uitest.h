/* uitest.h - building process tables for the view tests from events. */
#pragma once

#include <glib.h>
#include "history.h"
#include "proctab.h"
#include "tstr.h"

#define UT_SEC G_GINT64_CONSTANT (1000000000)
/* The tests' wall clock is the monotonic clock plus this. */
#define UT_WALL (G_GINT64_CONSTANT (1700000000) * UT_SEC)

/* A history in memory (no spill file) whose chunks hold CHUNK entries
 * (0: as many as they can), within a memory budget of MEMORY bytes (0:
 * the default). */
static inline History *
ut_history (guint chunk, gsize memory)
{
  HistoryOptions o = { .memory = memory ? memory : HISTORY_MEMORY_DEFAULT, .cache = 4,
                       .keep_ns = 60 * UT_SEC, .max_tombs = 100, .chunk_entries = chunk };
  return history_new (&o, NULL);
}

/* Applies a SNAPSHOT of process PID (child of PPID) named COMM, owned by
 * UID, started at START seconds; KTHREAD marks a kernel thread. */
static inline Proc *
ut_snap (Proctab *pt, gint pid, gint ppid, const char *comm, guint32 uid,
         gint64 start, gboolean kthread)
{
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid, .ppid = ppid,
               .ptgid = ppid, .ruid = uid, .euid = uid,
               .flags = EVENT_F_CREDS | EVENT_F_START
                        | (kthread ? EVENT_F_KTHREAD : 0),
               .mono_ns = 100 * UT_SEC, .wall_ns = UT_WALL + 100 * UT_SEC,
               .start_ns = start * UT_SEC, .comm = T_STR (comm) };
  return proctab_apply (pt, &ev);
}

/* Applies a thread SNAPSHOT: thread TID of process PID named COMM. */
static inline void
ut_thread (Proctab *pt, gint pid, gint tid, const char *comm)
{
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = tid, .tgid = pid, .ppid = pid,
               .ptgid = pid, .flags = EVENT_F_START, .mono_ns = 100 * UT_SEC,
               .wall_ns = UT_WALL + 100 * UT_SEC, .start_ns = 50 * UT_SEC,
               .comm = T_STR (comm) };
  proctab_apply (pt, &ev);
}

/* Applies an EXIT of PID with raw wait status CODE at AT seconds. */
static inline Proc *
ut_exit (Proctab *pt, gint pid, guint32 code, gint64 at)
{
  Event ev = { .kind = EVENT_EXIT, .pid = pid, .tgid = pid,
               .mono_ns = at * UT_SEC, .wall_ns = UT_WALL + at * UT_SEC,
               .exit_code = code, .exit_signal = 17 };
  return proctab_apply (pt, &ev);
}

/* Applies a FORK of process PID by PPID at AT seconds. */
static inline Proc *
ut_fork (Proctab *pt, gint ppid, gint pid, gint64 at)
{
  Event ev = { .kind = EVENT_FORK, .pid = pid, .tgid = pid, .ppid = ppid, .ptgid = ppid,
               .mono_ns = at * UT_SEC, .wall_ns = UT_WALL + at * UT_SEC };
  return proctab_apply (pt, &ev);
}

/* Applies an EXIT of PID with raw wait status CODE at AT seconds, having
 * cost CPU_MS of CPU time and PEAK_MIB MiB at most (0: not measured),
 * with FLAGS (EVENT_F_OOM, EVENT_F_COST_UNKNOWN). */
static inline Proc *
ut_exit_cost (Proctab *pt, gint pid, guint32 code, gint64 at, guint64 cpu_ms,
              guint64 peak_mib, guint flags)
{
  CostValues v = { .have = cpu_ms ? COST_BIT (COST_CPU) | COST_BIT (COST_PEAK_RSS) : 0,
                   .v = { [COST_CPU] = cpu_ms * 1000000, [COST_PEAK_RSS] = peak_mib << 20 } };
  g_autoptr (Cost) cost = cost_new (&v);
  Event ev = { .kind = EVENT_EXIT, .pid = pid, .tgid = pid,
               .mono_ns = at * UT_SEC, .wall_ns = UT_WALL + at * UT_SEC,
               .exit_code = code, .exit_signal = 17, .cost = cost, .flags = flags };
  return proctab_apply (pt, &ev);
}

/* The test tree:
 *   1 init ── 10 sshd ── 11 bash (uid 1000) ─┬─ 12 vim
 *          │                                 └─ 13 make ── 14 cc
 *          └─ 20 cron
 *   2 kthreadd ── 3 kworker   (kernel threads) */
static inline Proctab *
ut_tree (void)
{
  Proctab *pt = proctab_new (60 * UT_SEC, 100);

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  ut_snap (pt, 2, 0, "kthreadd", 0, 1, TRUE);
  ut_snap (pt, 3, 2, "kworker/0:1", 0, 2, TRUE);
  ut_snap (pt, 10, 1, "sshd", 0, 5, FALSE);
  ut_snap (pt, 11, 10, "bash", 1000, 6, FALSE);
  ut_snap (pt, 12, 11, "vim", 1000, 7, FALSE);
  ut_snap (pt, 13, 11, "make", 1000, 8, FALSE);
  ut_snap (pt, 14, 13, "cc", 1000, 9, FALSE);
  ut_snap (pt, 20, 1, "cron", 0, 3, FALSE);
  return pt;
}
