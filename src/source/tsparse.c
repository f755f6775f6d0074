/* tsparse.c - decoding the kernel's task statistics (see tsparse.h). */
#include "tsparse.h"

#include <stddef.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>

/* The layout of struct taskstats as the kernel sends it, version 16
 * (include/uapi/linux/taskstats.h; versions 1 to 14 are its first parts),
 * so that offsets do not depend on the version of the headers at hand. */
typedef struct {
  guint16 version;
  guint32 ac_exitcode;
  guint8 ac_flag;
  guint8 ac_nice;
  guint64 cpu_count __attribute__ ((aligned (8)));
  guint64 cpu_delay_total;
  guint64 blkio_count;
  guint64 blkio_delay_total;
  guint64 swapin_count;
  guint64 swapin_delay_total;
  guint64 cpu_run_real_total;
  guint64 cpu_run_virtual_total;
  char ac_comm[32];
  guint8 ac_sched __attribute__ ((aligned (8)));
  guint8 ac_pad[3];
  guint32 ac_uid __attribute__ ((aligned (8)));
  guint32 ac_gid;
  guint32 ac_pid;
  guint32 ac_ppid;
  guint32 ac_btime;
  guint64 ac_etime __attribute__ ((aligned (8)));
  guint64 ac_utime;
  guint64 ac_stime;
  guint64 ac_minflt;
  guint64 ac_majflt;
  guint64 coremem;
  guint64 virtmem;
  guint64 hiwater_rss;
  guint64 hiwater_vm;
  guint64 read_char;
  guint64 write_char;
  guint64 read_syscalls;
  guint64 write_syscalls;
  guint64 read_bytes;
  guint64 write_bytes;
  guint64 cancelled_write_bytes;
  guint64 nvcsw;
  guint64 nivcsw;
  guint64 ac_utimescaled;
  guint64 ac_stimescaled;
  guint64 cpu_scaled_run_real_total;
  guint64 freepages_count;
  guint64 freepages_delay_total;
  guint64 thrashing_count;          /* version 9 */
  guint64 thrashing_delay_total;
  guint64 ac_btime64;               /* 10 */
  guint64 compact_count;            /* 11 */
  guint64 compact_delay_total;
  guint32 ac_tgid;                  /* 12 */
  guint64 ac_tgetime __attribute__ ((aligned (8)));
  guint64 ac_exe_dev;
  guint64 ac_exe_inode;
  guint64 wpcopy_count;             /* 13 */
  guint64 wpcopy_delay_total;
  guint64 irq_count;                /* 14 */
  guint64 irq_delay_total;
  guint64 delay_max_min[16];        /* 16: the largest and smallest delays */
} TsparseWire;

/* The size the kernel measured here sends (version 16). */
G_STATIC_ASSERT (sizeof (TsparseWire) == 560);
#if TASKSTATS_VERSION >= 13
/* Where these headers have the fields, they agree. */
G_STATIC_ASSERT (offsetof (TsparseWire, wpcopy_delay_total)
                 == offsetof (struct taskstats, wpcopy_delay_total));
G_STATIC_ASSERT (offsetof (TsparseWire, ac_tgid) == offsetof (struct taskstats, ac_tgid));
#endif

/* The oldest version read. */
#define TSPARSE_MIN_VERSION 8
/* The version that put a delay's largest and smallest after its total. */
#define TSPARSE_VERSION_INTERLEAVED 15
/* The first version with every field taken (the largest "since" of
 * tsparse_fields), and the bytes that hold them all (the last is the
 * interrupts' delay): a struct of it or after, but 15, and that long has
 * each where tsparse_fields says.  A field added to tsparse_fields from a
 * newer version moves both. */
#define TSPARSE_VERSION_ALL 14
#define TSPARSE_LEN_ALL (offsetof (TsparseWire, irq_delay_total) + sizeof (guint64))
G_STATIC_ASSERT (TSPARSE_LEN_ALL == offsetof (TsparseWire, delay_max_min));

/* Where a field is (in the layout of every version but 15), and the first
 * version that has it. */
typedef struct {
  gsize offset;
  guint16 since;
} TsparseFieldInfo;

/* The fields taken, indexed by TsparseField. */
static const TsparseFieldInfo tsparse_fields[TSPARSE_FIELD_MAX] = {
  [TSPARSE_CPU] = { offsetof (TsparseWire, cpu_run_virtual_total), TSPARSE_MIN_VERSION },
  [TSPARSE_UTIME] = { offsetof (TsparseWire, ac_utime), TSPARSE_MIN_VERSION },
  [TSPARSE_STIME] = { offsetof (TsparseWire, ac_stime), TSPARSE_MIN_VERSION },
  [TSPARSE_HIWATER_RSS] = { offsetof (TsparseWire, hiwater_rss), TSPARSE_MIN_VERSION },
  [TSPARSE_READ_BYTES] = { offsetof (TsparseWire, read_bytes), TSPARSE_MIN_VERSION },
  [TSPARSE_WRITE_BYTES] = { offsetof (TsparseWire, write_bytes), TSPARSE_MIN_VERSION },
  [TSPARSE_NVCSW] = { offsetof (TsparseWire, nvcsw), TSPARSE_MIN_VERSION },
  [TSPARSE_NIVCSW] = { offsetof (TsparseWire, nivcsw), TSPARSE_MIN_VERSION },
  [TSPARSE_DELAY_CPU] = { offsetof (TsparseWire, cpu_delay_total), TSPARSE_MIN_VERSION },
  [TSPARSE_DELAY_BLKIO] = { offsetof (TsparseWire, blkio_delay_total), TSPARSE_MIN_VERSION },
  [TSPARSE_DELAY_SWAPIN] = { offsetof (TsparseWire, swapin_delay_total), TSPARSE_MIN_VERSION },
  [TSPARSE_DELAY_FREEPAGES] = { offsetof (TsparseWire, freepages_delay_total),
                                TSPARSE_MIN_VERSION },
  [TSPARSE_DELAY_THRASHING] = { offsetof (TsparseWire, thrashing_delay_total), 9 },
  [TSPARSE_DELAY_COMPACT] = { offsetof (TsparseWire, compact_delay_total), 11 },
  [TSPARSE_DELAY_WPCOPY] = { offsetof (TsparseWire, wpcopy_delay_total), 13 },
  [TSPARSE_DELAY_IRQ] = { offsetof (TsparseWire, irq_delay_total), 14 },
};

/* The delay totals that version 15 followed with their largest and
 * smallest (16 bytes each), moving whatever came after them. */
static const TsparseField tsparse_delays[] = {
  TSPARSE_DELAY_CPU, TSPARSE_DELAY_BLKIO, TSPARSE_DELAY_SWAPIN, TSPARSE_DELAY_FREEPAGES,
  TSPARSE_DELAY_THRASHING, TSPARSE_DELAY_COMPACT, TSPARSE_DELAY_WPCOPY, TSPARSE_DELAY_IRQ,
};

/* Where the member at OFFSET of TsparseWire is in a struct of VERSION. */
static gsize
tsparse_shift (gsize offset, guint16 version)
{
  gsize at = offset;

  if (version == TSPARSE_VERSION_INTERLEAVED)
    for (gsize i = 0; i < G_N_ELEMENTS (tsparse_delays); i++)
      if (tsparse_fields[tsparse_delays[i]].offset < offset)
        at += 2 * sizeof (guint64);
  return at;
}

/* Where field F is in a struct of VERSION. */
static gsize
tsparse_offset (TsparseField f, guint16 version)
{
  return tsparse_shift (tsparse_fields[f].offset, version);
}

/* Marks RES dropped for REASON; returns TSPARSE_DROP. */
static TsparseKind
tsparse_drop (TsparseResult *res, TsparseDrop reason)
{
  res->kind = TSPARSE_DROP;
  res->drop = reason;
  res->n_stats = 0;
  return TSPARSE_DROP;
}

/* An attribute found by tsparse_next_attr(). */
typedef struct {
  guint16 type;          /* without the nesting and byte-order flags */
  const guint8 *data;
  gsize len;
} TsparseAttr;

/* Reads the attribute at *POS of the LEN bytes at P into A and moves *POS
 * past it.  Returns 1, 0 at the end, or -1 for a broken one. */
static int
tsparse_next_attr (const guint8 *p, gsize len, gsize *pos, TsparseAttr *a)
{
  struct nlattr nla;

  if (*pos >= len)
    return 0;
  if (len - *pos < sizeof nla)
    return -1;
  memcpy (&nla, p + *pos, sizeof nla);
  if (nla.nla_len < sizeof nla || nla.nla_len > len - *pos)
    return -1;
  a->type = nla.nla_type & NLA_TYPE_MASK;
  a->data = p + *pos + NLA_HDRLEN;
  a->len = nla.nla_len - NLA_HDRLEN;
  *pos += MIN ((gsize) NLA_ALIGN (nla.nla_len), len - *pos);
  return 1;
}

/* Reads the struct taskstats of LEN bytes at P into S; VERSION stands in
 * for a version of 0.  Returns the reason to drop it, or
 * TSPARSE_DROP_NONE. */
static TsparseDrop
tsparse_struct (const guint8 *p, gsize len, guint16 version, TsparseStats *s)
{
  guint16 own = 0;

  if (len < sizeof own)
    return TSPARSE_DROP_TRUNCATED;
  memcpy (&own, p, sizeof own);
  s->version = own ? own : version;
  if (s->version < TSPARSE_MIN_VERSION)
    return TSPARSE_DROP_VERSION;
  if (s->version >= TSPARSE_VERSION_ALL && s->version != TSPARSE_VERSION_INTERLEAVED
      && len >= TSPARSE_LEN_ALL)
    {
      /* Every field where tsparse_fields says: each exit's case, one copy
       * per field and no test. */
      for (guint f = 0; f < TSPARSE_FIELD_MAX; f++)
        memcpy (&s->v[f], p + tsparse_fields[f].offset, sizeof s->v[f]);
      s->have = TSPARSE_BIT (TSPARSE_FIELD_MAX) - 1;
    }
  else
    for (guint f = 0; f < TSPARSE_FIELD_MAX; f++)
      {
        gsize at = tsparse_offset (f, s->version);
        if (s->version < tsparse_fields[f].since || at + sizeof s->v[f] > len)
          continue;
        memcpy (&s->v[f], p + at, sizeof s->v[f]);
        s->have |= TSPARSE_BIT (f);
      }
  /* The name, NUL-terminated within the kernel's 16 bytes or cut there. */
  gsize at = tsparse_shift (offsetof (TsparseWire, ac_comm), s->version);
  if (at + sizeof s->comm <= len)
    {
      memcpy (s->comm, p + at, sizeof s->comm - 1);
      s->comm[sizeof s->comm - 1] = '\0';
    }
  return TSPARSE_DROP_NONE;
}

/* Reads one TASKSTATS_TYPE_AGGR_PID or _AGGR_TGID attribute A into S: the
 * id (of type ID_TYPE, 4 bytes) and the struct, unknown attributes
 * skipped.  VERSION stands in for a struct of version 0.  Returns the
 * reason to drop the message, or TSPARSE_DROP_NONE. */
static TsparseDrop
tsparse_aggr (const TsparseAttr *a, guint16 id_type, guint16 version, TsparseStats *s)
{
  const guint8 *stats = NULL;
  gsize stats_len = 0, pos = 0;
  gboolean have_id = FALSE;
  TsparseAttr in;
  int r;

  while ((r = tsparse_next_attr (a->data, a->len, &pos, &in)) > 0)
    {
      if (in.type == id_type)
        {
          if (have_id)
            return TSPARSE_DROP_ATTR;
          if (in.len != sizeof s->id)
            return TSPARSE_DROP_LENGTH;
          memcpy (&s->id, in.data, sizeof s->id);
          have_id = TRUE;
        }
      else if (in.type == TASKSTATS_TYPE_STATS)
        {
          if (stats)
            return TSPARSE_DROP_ATTR;
          stats = in.data;
          stats_len = in.len;
        }
    }
  if (r < 0)
    return TSPARSE_DROP_TRUNCATED;
  if (!have_id || !stats)
    return TSPARSE_DROP_ATTR;
  s->group = id_type == TASKSTATS_TYPE_TGID;
  return tsparse_struct (stats, stats_len, version, s);
}

/* Decodes the attributes (P, LEN) of a TASKSTATS_CMD_NEW message into
 * RES: the task's record, then the group's. */
static TsparseKind
tsparse_stats (const guint8 *p, gsize len, TsparseResult *res)
{
  TsparseAttr a, task = { 0 }, group = { 0 };
  gsize pos = 0;
  int r;

  while ((r = tsparse_next_attr (p, len, &pos, &a)) > 0)
    {
      TsparseAttr *slot = a.type == TASKSTATS_TYPE_AGGR_PID ? &task
                          : a.type == TASKSTATS_TYPE_AGGR_TGID ? &group : NULL;
      if (!slot)
        continue;  /* TASKSTATS_TYPE_NULL (padding), or newer */
      if (slot->data)
        return tsparse_drop (res, TSPARSE_DROP_ATTR);
      *slot = a;
    }
  if (r < 0)
    return tsparse_drop (res, TSPARSE_DROP_TRUNCATED);
  if (!task.data && !group.data)
    return tsparse_drop (res, TSPARSE_DROP_ATTR);

  TsparseDrop why = TSPARSE_DROP_NONE;
  guint16 version = 0;
  if (task.data)
    {
      why = tsparse_aggr (&task, TASKSTATS_TYPE_PID, 0, &res->stats[res->n_stats]);
      version = res->stats[res->n_stats++].version;
    }
  if (why == TSPARSE_DROP_NONE && group.data)
    why = tsparse_aggr (&group, TASKSTATS_TYPE_TGID, version, &res->stats[res->n_stats++]);
  if (why != TSPARSE_DROP_NONE)
    return tsparse_drop (res, why);
  res->kind = TSPARSE_STATS;
  return TSPARSE_STATS;
}

/* Decodes the controller's CTRL_CMD_NEWFAMILY (attributes P, LEN) into
 * RES when it names TASKSTATS. */
static TsparseKind
tsparse_family (const guint8 *p, gsize len, TsparseResult *res)
{
  static const char name[] = TASKSTATS_GENL_NAME;
  gboolean named = FALSE, have_id = FALSE;
  TsparseAttr a;
  gsize pos = 0;
  int r;

  while ((r = tsparse_next_attr (p, len, &pos, &a)) > 0)
    if (a.type == CTRL_ATTR_FAMILY_NAME)
      named = a.len == sizeof name && memcmp (a.data, name, sizeof name) == 0;
    else if (a.type == CTRL_ATTR_FAMILY_ID)
      {
        if (a.len != sizeof res->family)
          return tsparse_drop (res, TSPARSE_DROP_LENGTH);
        memcpy (&res->family, a.data, sizeof res->family);
        have_id = TRUE;
      }
  if (r < 0)
    return tsparse_drop (res, TSPARSE_DROP_TRUNCATED);
  if (!named || !have_id || res->family == 0)
    return tsparse_drop (res, TSPARSE_DROP_ATTR);
  res->kind = TSPARSE_FAMILY;
  return TSPARSE_FAMILY;
}

TsparseKind
tsparse_message (const void *buf, gsize len, guint32 sender, guint16 family,
                 TsparseResult *res)
{
  const guint8 *p = buf;
  struct nlmsghdr nlh;
  struct genlmsghdr genl;

  memset (res, 0, sizeof *res);
  if (sender != 0)
    return tsparse_drop (res, TSPARSE_DROP_SENDER);
  if (len < NLMSG_HDRLEN)
    return tsparse_drop (res, TSPARSE_DROP_TRUNCATED);
  memcpy (&nlh, p, sizeof nlh);
  if (nlh.nlmsg_len < NLMSG_HDRLEN)
    return tsparse_drop (res, TSPARSE_DROP_LENGTH);
  if (nlh.nlmsg_len > len)
    return tsparse_drop (res, TSPARSE_DROP_TRUNCATED);
  /* The kernel sends one message per datagram: only padding may follow. */
  if (NLMSG_ALIGN (nlh.nlmsg_len) < len)
    return tsparse_drop (res, TSPARSE_DROP_LENGTH);
  res->seq = nlh.nlmsg_seq;

  gsize body = nlh.nlmsg_len - NLMSG_HDRLEN;
  if (nlh.nlmsg_type == NLMSG_ERROR)
    {
      struct nlmsgerr err;
      if (body < sizeof err)
        return tsparse_drop (res, TSPARSE_DROP_TRUNCATED);
      memcpy (&err, p + NLMSG_HDRLEN, sizeof err);
      res->kind = TSPARSE_ACK;
      res->error = err.error;
      return TSPARSE_ACK;
    }
  if (nlh.nlmsg_type != GENL_ID_CTRL && (family == 0 || nlh.nlmsg_type != family))
    return tsparse_drop (res, TSPARSE_DROP_TYPE);
  if (body < GENL_HDRLEN)
    return tsparse_drop (res, TSPARSE_DROP_TRUNCATED);
  memcpy (&genl, p + NLMSG_HDRLEN, sizeof genl);
  p += NLMSG_HDRLEN + GENL_HDRLEN;
  body -= GENL_HDRLEN;
  if (nlh.nlmsg_type == GENL_ID_CTRL)
    return genl.cmd == CTRL_CMD_NEWFAMILY ? tsparse_family (p, body, res)
                                          : tsparse_drop (res, TSPARSE_DROP_CMD);
  if (genl.cmd != TASKSTATS_CMD_NEW)
    return tsparse_drop (res, TSPARSE_DROP_CMD);
  return tsparse_stats (p, body, res);
}
