/* proctab.h - the process table: a fold over events.
 *
 * Live processes live in a GHashTable keyed by pid (tgid), linked to their
 * parent by parent tgid; threads hang under their process; exited processes
 * stay as tombstones (with status and lifetime) until they expire.  The table
 * changes only through proctab_apply() and proctab_expire(): it knows no
 * source, no terminal and no /proc.
 *
 * Proc pointers stay valid until the next proctab_apply()/proctab_expire();
 * anything held across updates must use Proc.serial (proctab_lookup_serial). */
#pragma once

#include <glib.h>
#include "event.h"
#include "pack.h"

/* Proc.flags */
typedef enum {
  PROC_F_KTHREAD = 1 << 0,        /* kernel thread (child of kthreadd, or flagged) */
  PROC_F_CREDS = 1 << 1,          /* uid/gid fields are known */
  PROC_F_LEADER_EXITED = 1 << 2,  /* the leader thread exited (pthread_exit, or
                                     before a thread's exec); threads live on */
  PROC_F_SNAPSHOT = 1 << 3,       /* first seen by a /proc scan, not a fork */
  PROC_F_STATUS_UNKNOWN = 1 << 4, /* exited, but how is unknown (resync) */
  PROC_F_COREDUMP = 1 << 5,       /* a COREDUMP event was seen */
  PROC_F_EXECED = 1 << 6,         /* has exec'd since it was seen */
  PROC_F_FORKED = 1 << 7,         /* its FORK was seen */
  PROC_F_OOM = 1 << 8,            /* ended by the kernel's OOM killer (EVENT_F_OOM) */
  PROC_F_COST_UNKNOWN = 1 << 9,   /* ended, its cost looked for in vain
                                     (EVENT_F_COST_UNKNOWN) */
  PROC_F_TOTALS = 1 << 10,        /* its ProcAcct counts its descendants'
                                     totals: since one of them forked,
                                     ended or moved away (before, only
                                     joins happened below it, which the
                                     tree counts) */
  PROC_F_WHERE = 1 << 11,         /* where it runs (proc_where) was read (an
                                     event said it: EVENT_F_WHERE), not
                                     only inherited at its fork */
} ProcFlags;

/* A thread of a process, other than its leader. */
typedef struct {
  gint tid;
  gint64 start_ns;  /* 0 when unknown */
  char *comm;       /* NULL when unknown; shared (shared.h) */
} ProcThread;

typedef struct Proc Proc;

/* How many generations below a process its totals count: an event that
 * starts or ends a process updates that many ancestors at most, so none
 * costs more as the tree grows deeper. */
#define PROCTAB_TOTALS_DEPTH 32

/* What the descendants of a process (up to PROCTAB_TOTALS_DEPTH
 * generations below it) did while it was watched, counted as the events
 * came, in the tree as it stood then (proc_totals).  A descendant's end
 * counts for the ancestors it had when it ended: one re-parented to init
 * before it ended counts for init.  The CPU of the live descendants is
 * not here: /proc samples tell it (monitor_sample), which a view adds. */
typedef struct {
  guint64 spawned;       /* descendants forked (FORK events of processes) */
  guint64 ended;         /* descendants whose end came (a resync's too) */
  guint64 failed;        /* of those, how many failed (event_status_failed) */
  guint64 cpu_ns;        /* CPU time of the ended descendants measured */
  guint64 unmeasured;    /* ended descendants whose CPU is not known */
  guint alive;           /* live descendants now */
  guint max_alive;       /* the most live descendants at once */
  gboolean whole_life;   /* TRUE: counted since the process started (its
                            fork was seen, PROC_F_FORKED); FALSE: since it
                            was first seen in /proc (forkscope's start, or
                            a resync) */
} ProcTotals;

/* The part of a process only some have, made on first use so that a
 * process that needs none costs a pointer: its end's cost (tombstones),
 * the totals of its descendants, counted from the first time one of them
 * forked, ended or moved away (PROC_F_TOTALS), and where it runs besides
 * the host.  Until then its descendants can only have joined it (a /proc
 * scan, an adoption): the tree counts them, so that a snapshot of a
 * machine makes none.  With the where, it is 72 bytes, which take the
 * 80-byte malloc chunk that 64 did. */
typedef struct {
  Cost *cost;            /* what it cost (a reference); NULL unmeasured */
  ProcTotals sub;        /* its descendants' (whole_life unused); all 0
                            without PROC_F_TOTALS */
  Where *where;          /* its container and pid namespace (where.h),
                            NULL the host (a reference): proc_where */
} ProcAcct;

/* One incarnation of a process, alive or a tombstone.
 *
 * Layout: 200 bytes on 64-bit platforms, every field counted, because a
 * machine's every process has one, and a viewer two or more (the time
 * cursor's tables): the budget suite (tests/budget/budgets.txt) fails a
 * change that makes a process dearer.  The tree's links stay GLib lists,
 * which the views walk (children.head, then each link's next and data);
 * the strings are shared by reference (shared.h: interned names, one
 * block per command line); the tombstone queue is one pointer; orphans
 * are listed outside (Proctab), as they are few.  What only some
 * processes have (an exit's cost, their descendants' totals, where they
 * run besides the host: ProcAcct) is one pointer at the end; fields to
 * come belong there too. */
struct Proc {
  guint64 serial;        /* unique per incarnation: the views' stable key */
  gint pid;              /* the tgid */
  gint ppid;             /* parent tgid as last known; 0 unknown */
  Proc *parent;          /* NULL when the parent is unknown or gone */
  GQueue children;       /* of Proc*, live and tombstones, in arrival order */
  GList sibling;         /* this Proc's link in parent->children */
  gint64 start_ns;       /* CLOCK_MONOTONIC; 0 unknown */
  gint64 start_wall_ns;  /* CLOCK_REALTIME at start; 0 unknown */
  gint64 end_ns;         /* exit time (tombstones) */
  gint64 end_wall_ns;
  guint32 ruid, euid, rgid, egid;  /* valid with PROC_F_CREDS */
  gint sid;              /* 0 unknown */
  gint tracer;           /* tracer tgid, 0 when not traced */
  /* The strings are shared (shared.h): read them, never free or change
   * them; proctab_apply and proc_set_cgroup replace them. */
  char *comm;            /* NULL when unknown (never a made-up name) */
  char **argv;           /* NULL when unknown */
  char *exe;             /* NULL when unknown */
  char *cgroup;          /* the cgroup path, NULL when unknown: no event
                            carries it; the monitor reads it from /proc
                            (proc_set_cgroup) and a forked child inherits
                            its parent's */
  guint32 exit_code;     /* raw wait status (tombstones) */
  guint children_total;  /* processes it forked while watched */
  guint16 flags;         /* ProcFlags */
  guint16 events;        /* EVENT_MASK of the kinds of event it has had */
  gboolean alive;        /* FALSE for tombstones */
  GHashTable *threads;   /* tid -> ProcThread*, leader excluded; NULL if none */
  Proc *tomb_next;       /* the model's: the next tombstone, in the order
                            they died */
  ProcAcct *acct;        /* NULL until it has a cost, descendants or a
                            place besides the host */
};

typedef struct Proctab Proctab;

/* Creates an empty table.  Tombstones are kept KEEP_NS nanoseconds after
 * exit, and at most MAX_TOMBS of them (oldest dropped first). */
Proctab *proctab_new (gint64 keep_ns, guint max_tombs);
void proctab_free (Proctab *pt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proctab, proctab_free)

/* From now on tombstones keep no cost (proc_cost gives NULL; their
 * ancestors' totals still count it): for a table no view reads, such as
 * the headless printers', which then spend less per end.  Copies
 * inherit it. */
void proctab_drop_costs (Proctab *pt);

/* Deep copy (live processes and tombstones; serials preserved), used to
 * freeze a view while the original keeps changing. */
Proctab *proctab_copy (const Proctab *pt);

/* Applies one event, and notes on it what it meant for the process, so
 * that every output says the model's conclusion: an EXIT's Event.ends
 * (a thread, or the process: the leader with no thread left, or the last
 * thread after the leader), an EXEC's EVENT_F_EXEC_THREAD and exec_tid,
 * and Event.replaced: the live process a FORK or SNAPSHOT ended because it
 * took its pid (a process is forked once: a second FORK of a pid is a new
 * process, however soon; a SNAPSHOT of another start time), now a
 * tombstone of unknown status.
 * An event that says where its subject runs (EVENT_F_WHERE) sets it, and
 * every event about a process that entered a pid namespace its parent is
 * not in is noted EVENT_F_NS_ENTRY.
 * Events about an unknown process keep what they say.  Returns the process
 * the event is about after the change (a tombstone for an EXIT that ended
 * it), or NULL when it names no known process (e.g. an EXIT for a pid never
 * seen, a LOST event). */
Proc *proctab_apply (Proctab *pt, Event *ev);

/* The live process that EV, the FORK of a process, names as its parent
 * (of its ptgid: proctab_lookup()), or NULL: none, or EV is not that. */
Proc *proctab_fork_parent (const Proctab *pt, const Event *ev);

/* proctab_apply() for a caller that has looked up, since the table last
 * changed, LIVE, the live process of EV's tgid (proctab_lookup(); NULL:
 * none), and PARENT, proctab_fork_parent() of EV: each process an event
 * names is then looked up once in all. */
Proc *proctab_apply_known (Proctab *pt, Event *ev, Proc *live, Proc *parent);

/* Whether the EXIT EV, applied now, would end P, its process in the table:
 * what proctab_apply() would note on it (Event.ends), without applying it.
 * For a process the table does not know (P NULL), what EV says
 * (event_ends). */
gboolean proc_exit_ends (const Proc *p, const Event *ev);

/* Sets EV to the EXIT, status unknown (EVENT_F_STATUS_UNKNOWN), of thread
 * PID of P (P's own pid: the process) at MONO_NS and WALL_NS, as a /proc
 * resync reports a process or thread that vanished or was replaced, and as
 * an output reports the process an event replaced (Event.replaced). */
void proctab_end_event (const Proc *p, gint pid, gint64 mono_ns, gint64 wall_ns, Event *ev);

/* Drops tombstones that exited before NOW_NS - keep_ns, and the oldest
 * beyond the cap, but pinned ones (proctab_pin).  Returns how many were
 * dropped. */
guint proctab_expire (Proctab *pt, gint64 now_ns);

/* Folds EV into PT as the history's tables are folded: applies a shallow
 * copy of it (EV keeps the notes it has), then expires the tombstones at
 * EV's time, so that the table after any event is the same however it
 * was reached. */
void proctab_fold (Proctab *pt, const Event *ev);

/* Appends to OUT the whole of PT (every process, live or tombstone, with
 * its links, the order of children, orphans and tombstones, and the next
 * serial) in a compact encoding that proctab_load reads back into an
 * equal table.  The same table always gives the same bytes. */
void proctab_save (const Proctab *pt, PackBuf *out);

/* A table read back from LEN bytes at DATA (proctab_save's), keeping
 * tombstones as proctab_new (KEEP_NS, MAX_TOMBS) does.  NULL with ERROR
 * when the bytes are broken or describe no valid table. */
Proctab *proctab_load (const guint8 *data, gsize len, gint64 keep_ns, guint max_tombs,
                       GError **error);

/* How many processes a table keeps pinned at once. */
#define PROCTAB_PINS 2

/* Pins the process with this SERIAL in SLOT (< PROCTAB_PINS), replacing
 * what the slot held; 0 empties it.  While pinned, its tombstone and those
 * of its exited ancestors are neither expired nor dropped for the cap (a
 * cap smaller than what is pinned is exceeded by them until the next
 * proctab_expire after they are unpinned): what a viewer's user has
 * selected stays to be seen until they move.  Proc pointers stay valid.
 * Copies (proctab_copy) pin nothing. */
void proctab_pin (Proctab *pt, guint slot, guint64 serial);

/* Checks the table's invariants: every live process is in the table and
 * hangs under a root, with no cycle; parent and child links agree, a live
 * process's parent is live and has its ppid; a live process without a
 * parent but with a ppid is listed among the orphans of that ppid, and no
 * other; the counts of live processes, tombstones and orphans match their
 * indexes, within the tombstone cap (and what is pinned); each process
 * whose totals are counted (PROC_F_TOTALS) counts its live descendants
 * (ProcTotals.alive) right, and no more than its most at once, and the
 * others hold no totals.  Returns TRUE, or FALSE with *WHY
 * (when not NULL) set to a new string naming the first broken one.  Costs
 * a walk of the whole table: for tests and fuzzing. */
gboolean proctab_check (const Proctab *pt, char **why);

/* The live process with this pid, or NULL. */
Proc *proctab_lookup (const Proctab *pt, gint pid);

/* The newest tombstone of PID (the incarnation that ended last), or NULL. */
Proc *proctab_lookup_tomb (const Proctab *pt, gint pid);

/* The process (live or tombstone) with this serial, or NULL once gone. */
Proc *proctab_lookup_serial (const Proctab *pt, guint64 serial);

/* Calls FUNC for every live process, in no particular order. */
void proctab_foreach (const Proctab *pt, GFunc func, gpointer user);

/* Live processes with no known live parent (the tree's roots), sorted by pid;
 * plus tombstones with no parent.  Returns a new array (free with
 * g_ptr_array_unref; it does not own the Procs). */
GPtrArray *proctab_roots (const Proctab *pt);

/* Counts for the header. */
guint proctab_count_live (const Proctab *pt);
guint proctab_count_threads (const Proctab *pt);  /* all threads of live processes */
guint proctab_count_kthreads (const Proctab *pt);  /* live kernel threads
                                                     (a walk of the table) */
guint proctab_count_tombs (const Proctab *pt);

/* Sets P's command line to a copy of ARGV (NULL: unknown), outside the
 * fold: what a test of the views wants a process to show. */
void proc_set_argv (Proc *p, char *const *argv);

/* Sets P's cgroup path (what the monitor read from /proc for it). */
void proc_set_cgroup (Proc *p, const char *cgroup);

/* What /proc says about a live process at one moment besides what events
 * tell: the monitor reads it for the views, and the model never holds it
 * (it is not a fold of events, and at the time cursor it would be
 * today's). */
typedef struct {
  char state;            /* 'R', 'S', ...; 0 unknown */
  gint cpu_permille;     /* CPU time used since the process's previous
                            sample, in thousandths of one CPU; -1 unknown */
  gint64 rss_bytes;      /* resident memory; -1 unknown */
  gint64 cpu_ns;         /* CPU time used since it started, all its
                            threads (user and system); -1 unknown */
} ProcSample;

/* Number of threads of P, leader included if alive. */
guint proc_nthreads (const Proc *p);

/* What P's descendants did while P was watched (see ProcTotals) into
 * *OUT: the ended part of their CPU time; a view adds the live part from
 * /proc samples.  P itself is not counted.  Where none of them has
 * forked, ended or moved away yet (no PROC_F_TOTALS), the live ones are
 * counted in the tree: a walk of P's subtree (PROCTAB_TOTALS_DEPTH
 * generations). */
void proc_totals (const Proc *p, ProcTotals *out);

/* The CPU time of P's descendants that ended while it was watched
 * (ProcTotals.cpu_ns) into *CPU_NS, and how many of them ended unmeasured
 * into *UNMEASURED: proc_totals without counting the live ones, so no
 * walk, for a view that asks it of every process. */
void proc_ended_cpu (const Proc *p, guint64 *cpu_ns, guint64 *unmeasured);

/* What P cost, a tombstone (NULL: alive, or not measured). */
const Cost *proc_cost (const Proc *p);

/* Where P runs (where.h): its container and pid namespace, NULL the
 * host.  A forked child inherits its parent's (where_inherit) until an
 * event says where it runs (PROC_F_WHERE).  The table's: where_ref to
 * keep it.  Inline: every record written asks it. */
static inline Where *
proc_where (const Proc *p)
{
  return p->acct ? p->acct->where : NULL;
}

/* Where the subject of EV runs: what EV says (EVENT_F_WHERE), else where
 * its process P runs (P NULL: the host). */
static inline Where *
proc_event_where (const Proc *p, const Event *ev)
{
  return (ev->flags & EVENT_F_WHERE) ? ev->where : p ? proc_where (p) : NULL;
}

/* Whether P is a descendant of (or is) the process ANCESTOR_PID. */
gboolean proc_is_descendant (const Proc *p, gint ancestor_pid);

/* The name of EV's subject: EV's comm (its own, or for a kind that
 * carries none, the name a replayed record gave it), else from P (the
 * process after the event): the thread's name for a thread, else the
 * process's.  NULL when neither knows. */
const char *proctab_event_comm (const Event *ev, const Proc *p);

/* The lifetime of the process an EXIT ends (event_ends_process): ns from
 * P's start to EV, unless its status is unknown (such an end was found
 * later, by a resync or a poll, at a time that is not the end's); else
 * (P NULL or its start unknown: a replay that never saw it start) what
 * EV's record said (EVENT_F_LIFETIME), whatever the model would make of
 * it, so that a record is written back as it was read.  -1 when neither
 * knows. */
gint64 proctab_event_lifetime (const Event *ev, const Proc *p);

/* The parent process of EV's subject: EV's ptgid for the kinds that carry
 * one (EVENT_FIELDS_PARENT, 0 when none was given); else P's parent (P
 * the process after the event), else what EV's record said (a replay
 * that never saw the process start); 0 when none knows. */
gint proctab_event_ptgid (const Event *ev, const Proc *p);

/* How long P lived: to NOW_NS while alive, else to its end.  -1 when not
 * known: its start unknown, or its status unknown (its end was found
 * later, at a time that is not the end's). */
gint64 proc_lifetime (const Proc *p, gint64 now_ns);
