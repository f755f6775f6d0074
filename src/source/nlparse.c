/* nlparse.c - decoding process-events connector datagrams. */
#include "nlparse.h"

#include <stddef.h>
#include <string.h>
#include <linux/connector.h>
#include <linux/netlink.h>

/* Bytes of proc_event before event_data: what, cpu, timestamp_ns. */
#define NLPARSE_EVENT_HEAD offsetof (struct proc_event, event_data)

/* A kernel event kind: our kind and the bytes of event_data it needs. */
typedef struct {
  guint32 what;
  EventKind kind;
  gsize size;
} NlparseKindInfo;

/* Every kind <linux/cn_proc.h> defines, except NONE (acks). */
static const NlparseKindInfo nlparse_kinds[] = {
  { PROC_EVENT_FORK, EVENT_FORK, sizeof (struct fork_proc_event) },
  { PROC_EVENT_EXEC, EVENT_EXEC, sizeof (struct exec_proc_event) },
  { PROC_EVENT_UID, EVENT_UID, sizeof (struct id_proc_event) },
  { PROC_EVENT_GID, EVENT_GID, sizeof (struct id_proc_event) },
  { PROC_EVENT_SID, EVENT_SID, sizeof (struct sid_proc_event) },
  { PROC_EVENT_PTRACE, EVENT_PTRACE, sizeof (struct ptrace_proc_event) },
  { PROC_EVENT_COMM, EVENT_COMM, sizeof (struct comm_proc_event) },
  { PROC_EVENT_COREDUMP, EVENT_COREDUMP, sizeof (struct coredump_proc_event) },
  { PROC_EVENT_EXIT, EVENT_EXIT, sizeof (struct exit_proc_event) },
};

/* The table entry for WHAT, or NULL for a kind we do not know. */
static const NlparseKindInfo *
nlparse_kind_info (guint32 what)
{
  for (gsize i = 0; i < G_N_ELEMENTS (nlparse_kinds); i++)
    if (nlparse_kinds[i].what == what)
      return &nlparse_kinds[i];
  return NULL;
}

/* Marks RES dropped for REASON; returns NLPARSE_DROP. */
static NlparseKind
nlparse_drop (NlparseResult *res, NlparseDrop reason)
{
  res->kind = NLPARSE_DROP;
  res->drop = reason;
  return NLPARSE_DROP;
}

/* Fills EV from a complete, known proc_event PE of kind KIND. */
static void
nlparse_fill (const struct proc_event *pe, EventKind kind, Event *ev)
{
  memset (ev, 0, sizeof *ev);
  ev->kind = kind;
  ev->mono_ns = (gint64) pe->timestamp_ns;
  ev->cpu = pe->cpu;

  /* Every kind but FORK starts with process_pid, process_tgid. */
  ev->pid = pe->event_data.exec.process_pid;
  ev->tgid = pe->event_data.exec.process_tgid;
  switch (kind)
    {
    case EVENT_FORK:
      ev->pid = pe->event_data.fork.child_pid;
      ev->tgid = pe->event_data.fork.child_tgid;
      ev->ppid = pe->event_data.fork.parent_pid;
      ev->ptgid = pe->event_data.fork.parent_tgid;
      break;
    case EVENT_UID:
      ev->ruid = pe->event_data.id.r.ruid;
      ev->euid = pe->event_data.id.e.euid;
      break;
    case EVENT_GID:
      ev->rgid = pe->event_data.id.r.rgid;
      ev->egid = pe->event_data.id.e.egid;
      break;
    case EVENT_SID:
      ev->sid = ev->tgid;  /* the new session is led by the caller */
      break;
    case EVENT_PTRACE:
      ev->tracer_pid = pe->event_data.ptrace.tracer_pid;
      ev->tracer_tgid = pe->event_data.ptrace.tracer_tgid;
      break;
    case EVENT_COMM:
      ev->comm = g_strndup (pe->event_data.comm.comm,
                            sizeof pe->event_data.comm.comm);
      break;
    case EVENT_COREDUMP:
      ev->ppid = pe->event_data.coredump.parent_pid;
      ev->ptgid = pe->event_data.coredump.parent_tgid;
      break;
    case EVENT_EXIT:
      ev->exit_code = pe->event_data.exit.exit_code;
      ev->exit_signal = (gint32) pe->event_data.exit.exit_signal;
      ev->ppid = pe->event_data.exit.parent_pid;
      ev->ptgid = pe->event_data.exit.parent_tgid;
      break;
    default:  /* EXEC: the pids are all */
      break;
    }
}

NlparseKind
nlparse_datagram (const void *buf, gsize len, guint32 sender,
                  NlparseResult *res, Event *ev)
{
  const guint8 *p = buf;
  struct nlmsghdr nlh;
  struct cn_msg cn;
  struct proc_event pe = { 0 };
  const NlparseKindInfo *info;

  memset (res, 0, sizeof *res);
  res->kind = NLPARSE_EVENT;
  res->cpu = NLPARSE_CPU_NONE;
  if (sender != 0)
    return nlparse_drop (res, NLPARSE_DROP_SENDER);

  if (len < NLMSG_HDRLEN)
    return nlparse_drop (res, NLPARSE_DROP_TRUNCATED);
  memcpy (&nlh, p, sizeof nlh);
  if (nlh.nlmsg_len < NLMSG_HDRLEN)
    return nlparse_drop (res, NLPARSE_DROP_LENGTH);
  if (nlh.nlmsg_len > len)
    return nlparse_drop (res, NLPARSE_DROP_TRUNCATED);
  /* The kernel sends one message per datagram: only padding may follow. */
  if (NLMSG_ALIGN (nlh.nlmsg_len) < len)
    return nlparse_drop (res, NLPARSE_DROP_LENGTH);
  if (nlh.nlmsg_type != NLMSG_DONE)
    return nlparse_drop (res, NLPARSE_DROP_TYPE);

  gsize body = nlh.nlmsg_len - NLMSG_HDRLEN;
  if (body < sizeof cn)
    return nlparse_drop (res, NLPARSE_DROP_TRUNCATED);
  memcpy (&cn, p + NLMSG_HDRLEN, sizeof cn);
  if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC)
    return nlparse_drop (res, NLPARSE_DROP_ID);
  if (cn.len != body - sizeof cn)
    return nlparse_drop (res, NLPARSE_DROP_LENGTH);
  if (cn.len < NLPARSE_EVENT_HEAD)
    return nlparse_drop (res, NLPARSE_DROP_TRUNCATED);

  /* A copy: the datagram's proc_event is not 8-byte aligned, and a short
   * one leaves the rest of PE zero. */
  memcpy (&pe, p + NLMSG_HDRLEN + sizeof cn, MIN (cn.len, sizeof pe));
  res->cpu = pe.cpu;
  res->seq = cn.seq;

  if (pe.what == PROC_EVENT_NONE)
    {
      if (cn.len < NLPARSE_EVENT_HEAD + sizeof pe.event_data.ack)
        return nlparse_drop (res, NLPARSE_DROP_TRUNCATED);
      res->kind = NLPARSE_ACK;
      res->ack = cn.ack;
      res->ack_err = pe.event_data.ack.err;
      return NLPARSE_ACK;
    }

  info = nlparse_kind_info (pe.what);
  if (!info)
    return nlparse_drop (res, NLPARSE_DROP_WHAT);
  if (cn.len < NLPARSE_EVENT_HEAD + info->size)
    return nlparse_drop (res, NLPARSE_DROP_TRUNCATED);
  nlparse_fill (&pe, info->kind, ev);
  return NLPARSE_EVENT;
}

/* What the tracker knows of one CPU. */
typedef struct {
  gboolean seen;  /* a datagram from this CPU has arrived */
  guint32 last;   /* the newest sequence number from it */
} NlparseCpu;

/* The newest sequence number seen from each CPU. */
struct NlparseSeq {
  GArray *cpus;   /* NlparseCpu, indexed by CPU number */
};

NlparseSeq *
nlparse_seq_new (void)
{
  NlparseSeq *t = g_new0 (NlparseSeq, 1);
  t->cpus = g_array_new (FALSE, TRUE, sizeof (NlparseCpu));
  return t;
}

void
nlparse_seq_free (NlparseSeq *t)
{
  if (!t)
    return;
  g_array_unref (t->cpus);
  g_free (t);
}

guint32
nlparse_seq_gap (NlparseSeq *t, guint32 cpu, guint32 seq)
{
  if (cpu > NLPARSE_SEQ_MAX_CPU)
    return 0;
  if (cpu >= t->cpus->len)
    g_array_set_size (t->cpus, cpu + 1);

  NlparseCpu *c = &g_array_index (t->cpus, NlparseCpu, cpu);
  if (!c->seen)
    {
      c->seen = TRUE;
      c->last = seq;
      return 0;
    }

  gint32 ahead = (gint32) (seq - c->last);
  if (ahead <= 0)
    return 0;
  c->last = seq;
  return (guint32) ahead - 1;
}

gboolean
nlparse_seq_seen (const NlparseSeq *t, guint32 cpu, guint32 seq)
{
  if (cpu >= t->cpus->len)
    return FALSE;

  const NlparseCpu *c = &g_array_index (t->cpus, NlparseCpu, cpu);
  return c->seen && (gint32) (seq - c->last) <= 0;
}
