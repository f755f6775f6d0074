/* json.h - the JSON Lines writer: one JSON object per event.
 *
 * The output is always valid JSON (RFC 8259) in UTF-8, whatever bytes the
 * strings hold: invalid UTF-8 becomes U+FFFD (one per bad byte), control
 * characters, DEL and C1 controls become \u00XX (\n, \t, ... where JSON has
 * them), U+2028/U+2029 become \u2028/\u2029; other characters are kept.
 *
 * Fields of one line, in this order.  "From the event" fields are what the
 * event itself carries, written whenever the kind carries them (even when 0);
 * "context" fields come from the process table (the process after the event)
 * and are written only when the event does not carry them.
 *
 *   time          string  wall-clock time, ISO 8601 UTC with microseconds,
 *                         "2024-05-01T12:34:56.123456Z" (from wall_ns)
 *   mono_ns       int     CLOCK_MONOTONIC ns of the event (kernel timestamp)
 *   wall_ns       int     CLOCK_REALTIME ns of the event
 *   event         string  snapshot, fork, exec, uid, gid, sid, ptrace, comm,
 *                         coredump, exit or lost
 *   cpu           int     CPU that reported the event
 *   pid           int     thread id of the subject (the child for fork)
 *   tgid          int     process id of the subject (pid != tgid: a thread)
 *   entity_id     string  the process's (tgid's) stable id: boot id, tgid
 *                         and start time (origin_entity_id); live events
 *                         where the start is known, replays as recorded
 *   ppid          int     parent thread id (snapshot, fork, coredump, exit;
 *                         0 when neither the kernel nor the model knew one)
 *   ptgid         int     parent process id (snapshot, fork, coredump, exit;
 *                         context for other kinds)
 *   ppid_source   string  coredump, exit: "model" when the kernel gave no
 *                         parent (an auto-reaped task: a thread, a child of
 *                         a parent ignoring SIGCHLD) and ppid and ptgid are
 *                         the parent process forkscope knew (ppid is then
 *                         that process's id: which of its threads forked is
 *                         not known); absent when they are the kernel's
 *   parent_entity_id string  the entity_id of the parent process ptgid
 *                         names, where the model knows that process
 *   uid, euid     int     real and effective user id: the new ids of a uid
 *                         event; otherwise the process's ids where known
 *                         (from the event or context)
 *   gid, egid     int     real and effective group id, likewise (gid event:
 *                         the new ids)
 *   sid           int     session id (sid: the new session; snapshot)
 *   comm          string  process name (exec, comm, snapshot: from the
 *                         event; fork: the event's, else the child's
 *                         inherited name from context; other kinds: context;
 *                         absent where not known, never a placeholder)
 *   exe           string  executable path (exec, snapshot, where readable)
 *   argv          array   command line, array of strings (exec, snapshot,
 *                         where readable)
 *   nspid         int     the subject's pid in its own pid namespace, where
 *                         that is not forkscope's (and the pid is known;
 *                         context, or from the event where it read it)
 *   pidns_level   int     how deep that namespace is below forkscope's
 *                         (1: a container's); absent for forkscope's own
 *   pidns_entry   bool    true when the subject runs in a pid namespace
 *                         its parent is not in: it entered a container
 *                         there (EVENT_F_NS_ENTRY; else absent)
 *   container_id  string  the container it runs in (container.h): the
 *                         runtime's id, or the name LXC and machines go by
 *   container_runtime string  docker, podman, containerd, cri-o,
 *                         kubernetes, lxc or machine
 *   container_name string the container's name where forkscope knows it
 *                         (the runtime's files; a replay: as recorded)
 *   pod_uid       string  a Kubernetes container's pod uid
 *   exec_tid      int     exec by a thread other than the leader, which took
 *                         over the pid: that thread's id (0 when it is not
 *                         known which); absent for an exec by the leader
 *   unread        bool    exec: true when the new name or command line could
 *                         not be read from /proc (the process was gone or
 *                         hidden); what was not read is left out (else absent)
 *   tracer_pid    int     ptrace: tracer thread id, 0 on detach
 *   tracer_tgid   int     ptrace: tracer process id, 0 on detach
 *   exit_code     int     exit: raw wait status (768 = exit 3)
 *   status        string  exit: the status for people: "exit 3",
 *                         "SIGKILL", "SIGSEGV (core)", "unknown"
 *   exit_signal   int     exit: signal sent to the parent (-1 for threads)
 *   status_unknown bool   exit: true when the exit was found by a /proc
 *                         resync, or when a new process took the pid of one
 *                         whose exit was not seen (Event.replaced), and its
 *                         status is unknown (else absent)
 *   ends          string  exit: "process" when it ends the process (its
 *                         leader with no thread left, or its last thread
 *                         after the leader; the status is the process's),
 *                         "thread" when only a thread ended (a leader that
 *                         exits before its threads included); the model's
 *                         conclusion (event_ends_process)
 *   lifetime_ns   int     exit that ends a process: ns since the process
 *                         started (context, when its start time is known)
 *
 * What an exit cost, from the kernel's task statistics (cost.h), each
 * where measured; of the process for an exit that ends one, of the thread
 * for a thread's (--threads):
 *
 *   cpu_ns        int     CPU time (the scheduler's count, all threads)
 *   cpu_user_ns, cpu_system_ns  int  that time in user mode and in the
 *                         kernel, split as getrusage(2) splits it
 *   peak_rss_bytes int    the most resident memory at once (processes)
 *   disk_read_bytes, disk_write_bytes  int  bytes read from and written to
 *                         storage
 *   ctx_switches_voluntary, ctx_switches_involuntary  int  context
 *                         switches: waiting for something, preempted
 *   delay_cpu_ns  int     time runnable, waiting for a CPU
 *   delay_blkio_ns, delay_swapin_ns  int  time waiting for synchronous
 *                         block I/O, for pages swapped in
 *   delay_reclaim_ns, delay_thrashing_ns  int  time in memory reclaim,
 *                         waiting for evicted pages read back
 *   delay_compact_ns, delay_wpcopy_ns  int  time in memory compaction,
 *                         copying write-protected pages
 *   delay_irq_ns  int     time lost to interrupts
 *                         (the delays but delay_cpu_ns need the sysctl
 *                         kernel.task_delayacct on)
 *   cost_unknown  bool    exit that ends a process: true when the task
 *                         statistics were read but none came for it (else
 *                         absent)
 *   oom_kill      bool    exit: true when the kernel's OOM killer sent the
 *                         SIGKILL that ended it, as the kernel's log says
 *                         (else absent)
 *   lost          int     lost: number of events the kernel dropped, or
 *                         with lost_in, of records not written
 *   lost_in       string  lost: "output" when the records were lost by
 *                         the recorder, whose output had no room (a full
 *                         file system); absent when the kernel dropped them
 *   start_ns      int     start time, CLOCK_MONOTONIC ns (where the event
 *                         carries it: snapshots)
 *   kthread       bool    snapshot: true for a kernel thread (else absent)
 *
 * A recording starts with a header record (json_header), which has no
 * "event"; a recorder writes it again at the top of each file it reopens:
 *
 *   forkscope     string  the version of forkscope that wrote it
 *   host          string  host name
 *   boot_id       string  /proc/sys/kernel/random/boot_id of that boot
 *   kernel        string  kernel release
 *
 * (host, boot_id and kernel are left out where they could not be read).
 *
 * A user record (json_user), also without "event", names a user id of the
 * recording's machine; a recorder writes one before the first record of
 * each file that carries the id (uid or euid), where it has a name:
 *
 *   user          string  the user's name (JSON_USER_NAME_MAX bytes at most,
 *                         no control character)
 *   uid           int     the user id
 *
 * The reader beside it (jsonread.c) takes back the fields the kind carries
 * (event_kind_fields: a fork's comm, an exit's ends, cost fields,
 * cost_unknown and oom_kill, an exec's exec_tid included) plus
 * uid/euid/gid/egid and start_ns where present, where the subject runs
 * (nspid, pidns_level and the container's fields, any kind:
 * EVENT_F_WHERE; a container's name is given to it), and ignores
 * pidns_entry (the model concludes it again),
 * ppid_source ("model" only), entity_id and parent_entity_id (kept as
 * written, so that replays keep their ids), every kind's comm and ptgid
 * and an exit's lifetime_ns (what the recorder knew of the process: a
 * replay of a file begun at a rotation has them from the record alone;
 * proctab_event_comm, proctab_event_ptgid, proctab_event_lifetime), and
 * status, unread (an exec without comm or argv says it), other
 * context fields and unknown fields.  Context is what the process table
 * holds right after the event, so reading it back (a fork's comm, the ids)
 * changes nothing when the events are applied again.  Likewise the model
 * concludes ends and exec_tid again on replay for every process it knows;
 * the recorded ones count only for processes it does not know (where
 * absent, an exit with pid == tgid ends a process), so recordings made
 * before these fields existed replay with the same conclusions.
 */
#pragma once

#include <glib.h>
#include "event.h"
#include "origin.h"
#include "proctab.h"

/* 1 for the bytes a JSON string holds as they are (printable ASCII but
 * '"' and '\\'), 0 for those the writer escapes and the reader looks at
 * one by one (controls, DEL, NUL, '"', '\\', and every byte past ASCII,
 * which is UTF-8 to be checked). */
extern const guint8 json_plain[256];

/* Appends S (NUL-terminated, any bytes) as a JSON string with its quotes;
 * NULL appends null. */
void json_append_string (GString *out, const char *s);

/* Appends the header record of a recording made at O, followed by "\n". */
void json_header (GString *out, const Origin *o);

/* The longest user name a user record holds. */
#define JSON_USER_NAME_MAX 256

/* Whether NAME can be a user record's: not empty, at most
 * JSON_USER_NAME_MAX bytes of valid UTF-8, no control character (C0, DEL,
 * C1): a name another machine gave is shown as it is. */
gboolean json_user_name_ok (const char *name);

/* Appends the user record that names user UID NAME, followed by "\n", and
 * returns TRUE; or FALSE, appending nothing, when NAME is no such name
 * (json_user_name_ok). */
gboolean json_user (GString *out, guint32 uid, const char *name);

/* Whether json_event writes user ids for EV (about P, NULL if unknown):
 * then the real and effective ones in *RUID and *EUID. */
gboolean json_user_ids (const Event *ev, const Proc *p, guint32 *ruid, guint32 *euid);

/* Appends one JSON object for EV followed by "\n".  P is the process after
 * the event was applied (NULL if unknown): it supplies the context fields.
 * BOOT_ID (live events: this boot's; NULL for a replay, whose records carry
 * their own ids) makes the entity ids of processes whose start is known.
 * The writer keeps what records repeat for the next ones (the second's
 * date and each clock's seconds, the entity ids, user and group ids and
 * event fields it wrote last): one thread at a time writes records. */
void json_event (GString *out, const Event *ev, const Proc *p, const char *boot_id);
