/* procfs.h - reading processes from a /proc tree.
 *
 * Every function takes the root ("/proc", or a fixture tree under
 * tests/data/ in tests).  A process that vanished while being read is not
 * an error: readers return -ENOENT (or -ESRCH) and callers move on. */
#pragma once

#include <glib.h>
#include "event.h"
#include "origin.h"

/* Fields of /proc/PID/stat that the model uses. */
typedef struct {
  gint pid;
  char *comm;            /* between the first '(' and the last ')' */
  char state;            /* 'R', 'S', 'Z', ... */
  gint ppid;
  gint sid;
  guint flags;           /* PF_* (PF_KTHREAD = 0x00200000) */
  guint64 start_ticks;   /* since boot, in clock ticks (sysconf(_SC_CLK_TCK)) */
  guint64 cpu_ticks;     /* CPU time used, user and system (fields 14, 15) */
  gint64 rss_bytes;      /* resident memory (field 24, in pages); -1 absent */
  gint exit_code;        /* raw wait status of a zombie (field 52), else 0 */
} ProcfsStat;

/* Parses the text of a stat file (BUF, LEN bytes, not NUL-terminated
 * necessarily).  Returns 0 or -EINVAL; OUT untouched on failure. */
int procfs_parse_stat (const char *buf, gsize len, ProcfsStat *out);
void procfs_stat_clear (ProcfsStat *st);

/* Reads /proc/PID/task/TID/stat, or /proc/PID/stat when TID == PID (the
 * whole process).  -ESRCH for an empty file (the task is being reaped). */
int procfs_read_stat (const char *root, gint pid, gint tid, ProcfsStat *out);

/* Reads /proc/PID/cmdline into a NULL-terminated vector.  An empty cmdline
 * (kernel thread, zombie) gives 0 with *argv = NULL. */
int procfs_read_cmdline (const char *root, gint pid, char ***argv);

/* Reads the target of /proc/PID/exe (or of another link such as "cwd"). */
int procfs_read_link (const char *root, gint pid, const char *name, char **target);

/* Reads PID's cmdline, exe target and comm, in that order (the one most
 * wanted first: the process may be gone before the next), as they are,
 * into BLOCK (what was there goes): the capture thread reads them with as
 * little work as it can, and the main loop makes an event's strings of
 * them.  What could not be read is said unknown in the block. */
void procfs_exec_read (const char *root, gint pid, GByteArray *block);

/* Once *BLOCK is used: gives it a new buffer if it held more than a block
 * worth keeping the buffer of for the next read (nearly every exec's is,
 * not a huge command line's). */
void procfs_exec_trim (GByteArray **block);

/* Gives EV the argv, exe and comm that BLOCK (procfs_exec_read) holds,
 * each replaced; what it could not read is left as it was.  An empty
 * cmdline gives a NULL argv. */
void procfs_exec_apply (const GByteArray *block, Event *ev);

/* What /proc/PID/status tells that the stat file does not. */
typedef struct {
  guint32 ruid, euid, rgid, egid;  /* real and effective user and group */
  gint threads;                    /* "Threads:", the live threads of the
                                      process; 0 when not said */
  gboolean has_nspid;              /* an "NSpid:" line was read (Linux 4.1
                                      and later): */
  gint nspid;                      /* its last pid, the process's in its
                                      own pid namespace */
  guint ns_level;                  /* its pids less one: how deep that
                                      namespace is below the reader's */
} ProcfsStatus;

/* Parses the text of a status file (BUF, LEN bytes) into *OUT.  -EINVAL
 * (OUT untouched) when it lacks the Uid or Gid line.  An NSpid line that
 * is not a list of 1 to WHERE_LEVEL_MAX + 1 pids is left unread
 * (has_nspid FALSE). */
int procfs_parse_status (const char *buf, gsize len, ProcfsStatus *out);

/* Reads /proc/PID/status into *OUT (procfs_parse_status). */
int procfs_read_status (const char *root, gint pid, ProcfsStatus *out);

/* Reads the path of /proc/PID/cgroup that stands for the process
 * (cgroup_pick: the line that names a container, else the unified
 * hierarchy's, else name=systemd's, else the first).  -ENODATA when the
 * file holds no such line. */
int procfs_read_cgroup (const char *root, gint pid, char **cgroup);

/* The container process PID runs in, as its cgroup names it
 * (procfs_read_cgroup, cgroup_container), into *C (NULL: none) with a
 * reference.  -errno when the cgroup cannot be read. */
int procfs_read_container (const char *root, gint pid, Container **c);

/* The inode of the pid namespace of process WHO ("self", or a pid in
 * decimal) from the link ROOT/WHO/ns/pid ("pid:[4026531836]"), into
 * *INODE.  -errno, or -EINVAL when the link says something else. */
int procfs_read_pidns (const char *root, const char *who, guint64 *inode);

/* The inode of the initial pid namespace, the host's (the kernel's
 * PROC_PID_INIT_INO, the same since Linux 3.8). */
#define PROCFS_PIDNS_INIT 0xEFFFFFFCu

/* Sends signal SIG to process PID if it is still the one that started at
 * START_NS (event_same_start: 0 matches any start), as /proc under ROOT
 * tells.  A pidfd is opened first and the start time checked after, so
 * that the signal goes to the process checked even if the pid is reused
 * meanwhile; where pidfds are missing (ENOSYS: before Linux 5.3, or a
 * seccomp filter), kill() follows the check, which leaves the pid a short
 * time to be reused.  Returns 0, -ESRCH when the process has exited or
 * the pid is another process's, or the -errno of sending it (-EPERM). */
int procfs_signal (const char *root, gint pid, gint64 start_ns, int sig);

/* Reads the one-line file ROOT/sys/kernel/NAME (a kernel setting, such as
 * "task_delayacct") into a new string without its newline, or NULL when
 * it cannot be read or is empty. */
char *procfs_read_kernel_line (const char *root, const char *name);

/* Reads this machine's origin from ROOT/sys/kernel: the host name
 * (hostname), the boot id (random/boot_id) and the kernel release
 * (osrelease); a file that cannot be read leaves its field NULL, and so
 * does a boot id that is not 36 characters of hex digits and dashes.  The
 * version is left NULL: it is the program's, not the machine's.  Returns
 * a new Origin, never NULL. */
Origin *procfs_read_origin (const char *root);

/* The CPU a process used between two readings of its stat, TICKS_THEN
 * at NS_THEN and TICKS_NOW at NS_NOW (CLOCK_MONOTONIC ns), in
 * thousandths of one CPU (so more than 1000 for several CPUs' worth).
 * -1 when that cannot be said: no time between them, or the count went
 * back (another process took the pid). */
gint procfs_cpu_permille (guint64 ticks_then, gint64 ns_then, guint64 ticks_now,
                          gint64 ns_now);

/* Converts clock ticks since boot to CLOCK_MONOTONIC ns (what the kernel's
 * event timestamps use). */
gint64 procfs_ticks_to_ns (guint64 ticks);

/* Scans ROOT: one SNAPSHOT event per process and per thread (pid != tgid),
 * processes first, parents before children where known.  NOW_MONO_NS and
 * NOW_WALL_NS are the current clocks, used to derive wall start times.
 * A process's snapshot says where it runs (EVENT_F_WHERE) where its
 * status has an NSpid line: its pid namespace, and its container read
 * from its cgroup when that namespace is not the reader's (a process of
 * the reader's namespace in a container, as docker --pid=host makes, is
 * found by the monitor when it reads cgroups).
 * Zombies (leader exited, no live thread) and exited threads are left out:
 * they have exited, which is what their EXIT said or a resync will say.
 * Files that cannot be read leave their fields unknown (NULL, no flag).
 * Returns a new array of Event* (free with g_ptr_array_unref; it frees the
 * events), never NULL. */
GPtrArray *procfs_scan (const char *root, gint64 now_mono_ns, gint64 now_wall_ns);
