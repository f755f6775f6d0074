/* tsparse.h - decoding the kernel's task statistics (no I/O).
 *
 * The generic netlink family TASKSTATS sends, to a listener registered for
 * a CPU mask, one message per task that exits on those CPUs: a nlmsghdr
 * (type: the family's id), a genlmsghdr (command TASKSTATS_CMD_NEW), and a
 * TASKSTATS_TYPE_AGGR_PID attribute nesting the task's id and its struct
 * taskstats; when the task is the last of a thread group that had more
 * than one thread, also TASKSTATS_TYPE_AGGR_TGID with the group's id and
 * its sums.  tsparse_message() checks every length before reading, takes
 * the fields by their offsets in the version the struct says it is (never
 * by the size of the struct these headers know), and turns a message into
 * those records, the answer to a request (an ack, the family's id), or a
 * reason to drop it.
 *
 * Versions (include/uapi/linux/taskstats.h): each adds fields at the end
 * (thrashing delays 9, compaction 11, write-protect copies 13, interrupts
 * 14), but for 15, which put the largest and smallest of each delay after
 * its total, moving the fields behind (Linux 6.14 before its fix; 16 moved
 * them to the end).  Versions before 8 are refused.  Before Linux 5.8 the
 * group's sums said version 0: they are read as the version of the task in
 * the same message. */
#pragma once

#include <glib.h>

/* The figures forkscope takes from a struct taskstats. */
typedef enum {
  TSPARSE_CPU,           /* cpu_run_virtual_total: ns on a CPU, the
                            scheduler's count */
  TSPARSE_UTIME,         /* ac_utime: us in user mode, sampled at ticks */
  TSPARSE_STIME,         /* ac_stime: us in the kernel, likewise */
  TSPARSE_HIWATER_RSS,   /* KiB, the most resident at once */
  TSPARSE_READ_BYTES,    /* storage I/O */
  TSPARSE_WRITE_BYTES,
  TSPARSE_NVCSW,         /* voluntary context switches */
  TSPARSE_NIVCSW,        /* involuntary */
  TSPARSE_DELAY_CPU,     /* the delay totals, ns */
  TSPARSE_DELAY_BLKIO,
  TSPARSE_DELAY_SWAPIN,
  TSPARSE_DELAY_FREEPAGES,
  TSPARSE_DELAY_THRASHING,
  TSPARSE_DELAY_COMPACT,
  TSPARSE_DELAY_WPCOPY,
  TSPARSE_DELAY_IRQ,
  TSPARSE_FIELD_MAX
} TsparseField;

/* Bit for field F in TsparseStats.have. */
#define TSPARSE_BIT(f) (1u << (f))

/* One struct taskstats: of a task (a thread), or its group's sums. */
typedef struct {
  guint32 id;            /* the thread id, or the group's process id */
  gboolean group;        /* TASKSTATS_TYPE_AGGR_TGID: the group's sums */
  guint16 version;       /* of the struct (a group's 0 made the task's) */
  guint32 have;          /* TSPARSE_BIT of each field the version and the
                            length carry */
  guint64 v[TSPARSE_FIELD_MAX];
  char comm[16];         /* the task's name at its end (ac_comm, cut to
                            the kernel's 15 bytes; "" when the struct is
                            too short): a task's record only says one */
} TsparseStats;

/* What a message turned out to be. */
typedef enum {
  TSPARSE_STATS,         /* statistics: TsparseResult.stats */
  TSPARSE_FAMILY,        /* the controller's answer naming TASKSTATS */
  TSPARSE_ACK,           /* an ack or error answering a request */
  TSPARSE_DROP,          /* rejected: TsparseResult.drop says why */
} TsparseKind;

/* Why a message was rejected, in the order the checks are made. */
typedef enum {
  TSPARSE_DROP_NONE,
  TSPARSE_DROP_SENDER,     /* sender port id is not 0 (not the kernel) */
  TSPARSE_DROP_TRUNCATED,  /* ends before a header or an attribute, or
                              before the end nlmsg_len gives */
  TSPARSE_DROP_LENGTH,     /* nlmsg_len below its header, bytes after the
                              message, an attribute of a wrong size */
  TSPARSE_DROP_TYPE,       /* neither the family, the controller nor an
                              error; or an answer to no request of ours */
  TSPARSE_DROP_CMD,        /* a command other than TASKSTATS_CMD_NEW
                              (CTRL_CMD_NEWFAMILY from the controller) */
  TSPARSE_DROP_ATTR,       /* statistics without an id or a struct, two of
                              a kind, or a family without its id */
  TSPARSE_DROP_VERSION,    /* a struct of a version before 8 */
  TSPARSE_DROP_MAX
} TsparseDrop;

/* Everything a message says. */
typedef struct {
  TsparseKind kind;
  TsparseDrop drop;      /* TSPARSE_DROP_NONE unless kind is TSPARSE_DROP */
  guint32 seq;           /* nlmsg_seq (ACK, FAMILY: the request's) */
  int error;             /* ACK: the request's -errno, 0 for success */
  guint16 family;        /* FAMILY: TASKSTATS's id */
  guint n_stats;         /* STATS: records in stats, 1 or 2 (the task's
                            first) */
  TsparseStats stats[2];
} TsparseResult;

/* Decodes the message BUF of LEN bytes received from netlink port SENDER
 * on a socket of the generic netlink family, where FAMILY is TASKSTATS's
 * id (0 while it is not known: statistics are then dropped as TYPE).
 * Never reads outside BUF, which need not be aligned.  Fills RES always.
 * Unknown attributes are skipped.  Returns RES->kind. */
TsparseKind tsparse_message (const void *buf, gsize len, guint32 sender,
                             guint16 family, TsparseResult *res);
