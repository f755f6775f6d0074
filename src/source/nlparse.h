/* nlparse.h - decoding process-events connector datagrams (no I/O).
 *
 * One datagram from a NETLINK_CONNECTOR socket is one nlmsghdr (type
 * NLMSG_DONE) + one cn_msg + one struct proc_event.  nlparse_datagram()
 * checks every length before reading and turns it into an Event, an ack, or
 * a reason to drop it.  NlparseSeq finds gaps in the kernel's per-CPU
 * sequence numbers, which count events lost on the way. */
#pragma once

#include <glib.h>
#include <linux/cn_proc.h>
#include "config.h"
#include "event.h"

#if !HAVE_STRUCT_PROC_INPUT
/* Linux 6.6 added kernel-side filtering; older headers lack these.  The
 * values are the kernel's ABI (include/uapi/linux/cn_proc.h). */
#define PROC_EVENT_NONZERO_EXIT 0x20000000
#define PROC_EVENT_ALL (PROC_EVENT_FORK | PROC_EVENT_EXEC | PROC_EVENT_UID \
                        | PROC_EVENT_GID | PROC_EVENT_SID | PROC_EVENT_PTRACE \
                        | PROC_EVENT_COMM | PROC_EVENT_NONZERO_EXIT \
                        | PROC_EVENT_COREDUMP | PROC_EVENT_EXIT)

/* The 8-byte LISTEN/IGNORE request with an event mask (6.6+).  event_type
 * is an enum proc_cn_event in new headers: the same 32 bits. */
struct proc_input {
  enum proc_cn_mcast_op mcast_op;
  __u32 event_type;
};
#endif

/* NlparseResult.cpu when the datagram carried no cpu. */
#define NLPARSE_CPU_NONE G_MAXUINT32

/* What a datagram turned out to be. */
typedef enum {
  NLPARSE_EVENT,  /* a process event: the Event is filled */
  NLPARSE_ACK,    /* the kernel's answer to a LISTEN or IGNORE (what == 0) */
  NLPARSE_DROP,   /* rejected: NlparseResult.drop says why */
} NlparseKind;

/* Why a datagram was rejected, in the order the checks are made. */
typedef enum {
  NLPARSE_DROP_NONE,
  NLPARSE_DROP_SENDER,     /* sender port id is not 0 (not the kernel) */
  NLPARSE_DROP_TRUNCATED,  /* ends before a header, before the end nlmsg_len
                              gives, or before the fields its kind needs */
  NLPARSE_DROP_LENGTH,     /* nlmsg_len below its header, bytes after the
                              message, cn_msg.len not the rest of it */
  NLPARSE_DROP_TYPE,       /* nlmsg_type is not NLMSG_DONE */
  NLPARSE_DROP_ID,         /* cn_msg.id is not {CN_IDX_PROC, CN_VAL_PROC} */
  NLPARSE_DROP_WHAT,       /* unknown proc_event.what */
  NLPARSE_DROP_MAX
} NlparseDrop;

/* Everything a datagram says besides the event itself. */
typedef struct {
  NlparseKind kind;
  NlparseDrop drop;   /* NLPARSE_DROP_NONE unless kind is NLPARSE_DROP */
  guint32 cpu;        /* proc_event.cpu; NLPARSE_CPU_NONE if not that far
                         (old kernels put it in acks too) */
  guint32 seq;        /* cn_msg.seq, per CPU (valid with cpu) */
  guint32 ack;        /* ACK: cn_msg.ack, the request's ack + 1 */
  guint32 ack_err;    /* ACK: errno the request failed with, 0 on success */
} NlparseResult;

/* Decodes the datagram BUF of LEN bytes received from netlink port SENDER.
 * Never reads outside BUF, which need not be aligned.  Fills RES always.
 * RES->cpu and seq are set for every datagram that got as far as
 * proc_event.cpu, dropped or not (a kind from a newer kernel still takes a
 * sequence number), so feed them all to nlparse_seq_gap().  EV is filled
 * (overwritten; event_clear() it afterwards) only for NLPARSE_EVENT: kind,
 * mono_ns, cpu, pids and the kind's fields; wall_ns stays 0 (the caller
 * knows the clocks).  Returns RES->kind. */
NlparseKind nlparse_datagram (const void *buf, gsize len, guint32 sender,
                              NlparseResult *res, Event *ev);

/* Highest CPU number whose sequence NlparseSeq tracks (the kernel's NR_CPUS
 * limit); NLPARSE_CPU_NONE, as in acks from kernels before 6.6, is not. */
#define NLPARSE_SEQ_MAX_CPU 8191

typedef struct NlparseSeq NlparseSeq;

/* Creates a tracker that has seen nothing yet. */
NlparseSeq *nlparse_seq_new (void);
void nlparse_seq_free (NlparseSeq *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NlparseSeq, nlparse_seq_free)

/* Records sequence number SEQ from CPU and returns how many numbers were
 * skipped since the last one from that CPU: 0 for a CPU's first datagram,
 * for a repeat or an older number (which are otherwise ignored) and for an
 * untracked CPU.  Differences are signed 32-bit, so the counter may wrap. */
guint32 nlparse_seq_gap (NlparseSeq *t, guint32 cpu, guint32 seq);

/* Whether SEQ from CPU is at or before the newest number recorded for that
 * CPU (FALSE for a CPU seen never or untracked). */
gboolean nlparse_seq_seen (const NlparseSeq *t, guint32 cpu, guint32 seq);
