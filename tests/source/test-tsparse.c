/* test-tsparse.c - the task statistics parser on crafted messages: each
 * version's fields, the interleaved version 15, nested records, unknown
 * attributes, answers to requests, and every truncation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>

#include "tsparse.h"

/* The family id messages are sent with here. */
#define FAMILY 31

/* Where a field is in struct taskstats before version 15 (and from 16),
 * from these headers where they have it. */
#define OFF(field) offsetof (struct taskstats, field)
/* Version 14's interrupt delay, after write-protect copies (v13). */
#define OFF_IRQ_DELAY (OFF (wpcopy_delay_total) + 2 * sizeof (guint64))
/* The size version 16 sends. */
#define V16_SIZE 560

/* A message being built: its bytes, and where nested attributes start. */
typedef struct {
  GByteArray *b;
  GArray *nests;   /* offsets of open nests' headers */
} Msg;

/* Starts a message of TYPE with generic netlink command CMD. */
static void
msg_start (Msg *m, guint16 type, guint8 cmd)
{
  struct nlmsghdr nlh = { .nlmsg_type = type, .nlmsg_seq = 77 };
  struct genlmsghdr g = { .cmd = cmd, .version = 1 };
  m->b = g_byte_array_new ();
  m->nests = g_array_new (FALSE, FALSE, sizeof (guint));
  g_byte_array_append (m->b, (guint8 *) &nlh, sizeof nlh);
  g_byte_array_append (m->b, (guint8 *) &g, sizeof g);
}

/* Appends an attribute of TYPE holding LEN bytes at DATA, padded. */
static void
msg_attr (Msg *m, guint16 type, const void *data, gsize len)
{
  struct nlattr a = { .nla_len = (guint16) (NLA_HDRLEN + len), .nla_type = type };
  static const guint8 pad[4] = { 0 };
  g_byte_array_append (m->b, (guint8 *) &a, sizeof a);
  if (len)
    g_byte_array_append (m->b, data, len);
  g_byte_array_append (m->b, pad, NLA_ALIGN (len) - len);
}

/* Opens a nested attribute of TYPE. */
static void
msg_nest (Msg *m, guint16 type)
{
  guint at = m->b->len;
  g_array_append_val (m->nests, at);
  msg_attr (m, type | NLA_F_NESTED, NULL, 0);
}

/* Closes the innermost nest. */
static void
msg_end_nest (Msg *m)
{
  guint at = g_array_index (m->nests, guint, m->nests->len - 1);
  guint16 len = (guint16) (m->b->len - at);
  g_array_set_size (m->nests, m->nests->len - 1);
  memcpy (m->b->data + at, &len, sizeof len);
}

/* Ends the message (sets nlmsg_len) and returns its bytes. */
static GByteArray *
msg_finish (Msg *m)
{
  guint32 len = m->b->len;
  memcpy (m->b->data, &len, sizeof len);
  g_array_unref (m->nests);
  return m->b;
}

/* A struct taskstats of LEN bytes, VERSION, its fields each set to a
 * value that names it: the offset times 1000 plus 7. */
static guint8 *
stats_blob (guint16 version, gsize len)
{
  guint8 *s = g_malloc0 (MAX (len, sizeof version));
  for (gsize off = 8; off + 8 <= len; off += 8)
    {
      guint64 v = off * 1000 + 7;
      memcpy (s + off, &v, sizeof v);
    }
  memcpy (s, &version, sizeof version);
  return s;
}

/* The value stats_blob() put at OFFSET. */
static guint64
at (gsize offset)
{
  return offset * 1000 + 7;
}

/* Appends an AGGR record of TYPE (PID or TGID) for ID with STATS. */
static void
msg_record (Msg *m, guint16 type, guint32 id, const guint8 *stats, gsize len)
{
  msg_nest (m, type == TASKSTATS_TYPE_PID ? TASKSTATS_TYPE_AGGR_PID : TASKSTATS_TYPE_AGGR_TGID);
  msg_attr (m, type, &id, sizeof id);
  msg_attr (m, TASKSTATS_TYPE_STATS, stats, len);
  msg_end_nest (m);
}

/* A message with the statistics of task PID (struct of VERSION and LEN
 * bytes) and, when TGID, those of its group. */
static GByteArray *
stats_message (guint32 pid, guint32 tgid, guint16 version, gsize len)
{
  Msg m;
  g_autofree guint8 *s = stats_blob (version, len);
  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_record (&m, TASKSTATS_TYPE_PID, pid, s, len);
  if (tgid)
    msg_record (&m, TASKSTATS_TYPE_TGID, tgid, s, len);
  return msg_finish (&m);
}

/* Parses B (from the kernel, family FAMILY). */
static TsparseKind
parse (const GByteArray *b, TsparseResult *res)
{
  return tsparse_message (b->data, b->len, 0, FAMILY, res);
}

/* Asserts that field F of S is held, with value WANT. */
static void
assert_field (const TsparseStats *s, TsparseField f, guint64 want)
{
  if (!(s->have & TSPARSE_BIT (f)))
    fail_msg ("field %d of version %u is missing", f, s->version);
  assert_int_equal (s->v[f], want);
}

/* Version 16 as this kernel sends it: the task's record and its group's,
 * every field at its place. */
static void
test_v16 (void **state)
{
  g_autoptr (GByteArray) b = stats_message (4243, 4242, 16, V16_SIZE);
  TsparseResult res;

  assert_int_equal (parse (b, &res), TSPARSE_STATS);
  assert_int_equal (res.n_stats, 2);
  assert_int_equal (res.seq, 77);
  const TsparseStats *t = &res.stats[0], *g = &res.stats[1];
  assert_int_equal (t->id, 4243);
  assert_false (t->group);
  assert_int_equal (g->id, 4242);
  assert_true (g->group);
  assert_int_equal (t->version, 16);
  assert_int_equal (t->have, TSPARSE_BIT (TSPARSE_FIELD_MAX) - 1);
  assert_field (t, TSPARSE_CPU, at (OFF (cpu_run_virtual_total)));
  assert_field (t, TSPARSE_UTIME, at (OFF (ac_utime)));
  assert_field (t, TSPARSE_STIME, at (OFF (ac_stime)));
  assert_field (t, TSPARSE_HIWATER_RSS, at (OFF (hiwater_rss)));
  assert_field (t, TSPARSE_READ_BYTES, at (OFF (read_bytes)));
  assert_field (t, TSPARSE_WRITE_BYTES, at (OFF (write_bytes)));
  assert_field (t, TSPARSE_NVCSW, at (OFF (nvcsw)));
  assert_field (t, TSPARSE_NIVCSW, at (OFF (nivcsw)));
  assert_field (t, TSPARSE_DELAY_CPU, at (OFF (cpu_delay_total)));
  assert_field (t, TSPARSE_DELAY_BLKIO, at (OFF (blkio_delay_total)));
  assert_field (t, TSPARSE_DELAY_SWAPIN, at (OFF (swapin_delay_total)));
  assert_field (t, TSPARSE_DELAY_FREEPAGES, at (OFF (freepages_delay_total)));
  assert_field (t, TSPARSE_DELAY_THRASHING, at (OFF (thrashing_delay_total)));
  assert_field (t, TSPARSE_DELAY_COMPACT, at (OFF (compact_delay_total)));
  assert_field (t, TSPARSE_DELAY_WPCOPY, at (OFF (wpcopy_delay_total)));
  assert_field (t, TSPARSE_DELAY_IRQ, at (OFF_IRQ_DELAY));
  assert_int_equal (g->have, t->have);
  assert_field (g, TSPARSE_CPU, at (OFF (cpu_run_virtual_total)));
}

/* Each version has the fields it introduced and those before, at the
 * same places, and nothing past the length it sends. */
static void
test_versions (void **state)
{
  static const struct { guint16 version; gsize len; TsparseField last; } cases[] = {
    { 8, OFF (freepages_delay_total) + 8, TSPARSE_DELAY_FREEPAGES },
    { 9, OFF (thrashing_delay_total) + 8, TSPARSE_DELAY_THRASHING },
    { 10, OFF (ac_btime64) + 8, TSPARSE_DELAY_THRASHING },
    { 11, OFF (compact_delay_total) + 8, TSPARSE_DELAY_COMPACT },
    { 12, OFF (ac_exe_inode) + 8, TSPARSE_DELAY_COMPACT },
    { 13, OFF (wpcopy_delay_total) + 8, TSPARSE_DELAY_WPCOPY },
    { 14, OFF_IRQ_DELAY + 8, TSPARSE_DELAY_IRQ },
    /* a future version, longer: what is known is read */
    { 40, 4096, TSPARSE_DELAY_IRQ },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GByteArray) b = stats_message (10, 0, cases[i].version, cases[i].len);
      TsparseResult res;
      assert_int_equal (parse (b, &res), TSPARSE_STATS);
      assert_int_equal (res.n_stats, 1);
      const TsparseStats *s = &res.stats[0];
      assert_int_equal (s->version, cases[i].version);
      for (guint f = 0; f < TSPARSE_FIELD_MAX; f++)
        if ((s->have & TSPARSE_BIT (f)) != (f <= cases[i].last ? TSPARSE_BIT (f) : 0))
          fail_msg ("version %u: field %u %s", cases[i].version, f,
                    f <= cases[i].last ? "missing" : "read, which it lacks");
      assert_field (s, TSPARSE_CPU, at (OFF (cpu_run_virtual_total)));
      assert_field (s, cases[i].last, at (cases[i].last == TSPARSE_DELAY_IRQ
                                          ? OFF_IRQ_DELAY
                                          : cases[i].last == TSPARSE_DELAY_WPCOPY
                                          ? OFF (wpcopy_delay_total)
                                          : cases[i].last == TSPARSE_DELAY_COMPACT
                                          ? OFF (compact_delay_total)
                                          : cases[i].last == TSPARSE_DELAY_THRASHING
                                          ? OFF (thrashing_delay_total)
                                          : OFF (freepages_delay_total)));
    }
  /* A version that says it has a field its length lacks: not read. */
  g_autoptr (GByteArray) short14 = stats_message (10, 0, 14, OFF_IRQ_DELAY + 7);
  TsparseResult res;
  assert_int_equal (parse (short14, &res), TSPARSE_STATS);
  assert_false (res.stats[0].have & TSPARSE_BIT (TSPARSE_DELAY_IRQ));
  assert_true (res.stats[0].have & TSPARSE_BIT (TSPARSE_DELAY_WPCOPY));
  /* Every field is read at once only where the version has them all and
   * the length holds them: not from a version 13 as long as a 16, nor
   * from a 16 one byte short of the last. */
  g_autoptr (GByteArray) long13 = stats_message (10, 0, 13, V16_SIZE);
  assert_int_equal (parse (long13, &res), TSPARSE_STATS);
  assert_int_equal (res.stats[0].have,
                    TSPARSE_BIT (TSPARSE_DELAY_WPCOPY + 1) - 1);
  g_autoptr (GByteArray) short16 = stats_message (10, 0, 16, OFF_IRQ_DELAY + 7);
  assert_int_equal (parse (short16, &res), TSPARSE_STATS);
  assert_int_equal (res.stats[0].have, TSPARSE_BIT (TSPARSE_DELAY_IRQ) - 1);
  /* Versions before 8 are refused, and so is a struct too short for one. */
  g_autoptr (GByteArray) old = stats_message (10, 0, 7, 400);
  assert_int_equal (parse (old, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_VERSION);
  g_autoptr (GByteArray) one = stats_message (10, 0, 16, 1);
  assert_int_equal (parse (one, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_TRUNCATED);
}

/* Version 15 put the largest and smallest of each delay after its total:
 * each field is read where it was then. */
static void
test_v15 (void **state)
{
  /* The v15 offset: 16 bytes more per delay total before the field. */
  const gsize totals[] = { OFF (cpu_delay_total), OFF (blkio_delay_total),
                           OFF (swapin_delay_total), OFF (freepages_delay_total),
                           OFF (thrashing_delay_total), OFF (compact_delay_total),
                           OFF (wpcopy_delay_total), OFF_IRQ_DELAY };
  const struct { TsparseField f; gsize off; } fields[] = {
    { TSPARSE_DELAY_CPU, OFF (cpu_delay_total) }, { TSPARSE_CPU, OFF (cpu_run_virtual_total) },
    { TSPARSE_UTIME, OFF (ac_utime) }, { TSPARSE_HIWATER_RSS, OFF (hiwater_rss) },
    { TSPARSE_NIVCSW, OFF (nivcsw) }, { TSPARSE_DELAY_THRASHING, OFF (thrashing_delay_total) },
    { TSPARSE_DELAY_IRQ, OFF_IRQ_DELAY },
  };
  g_autoptr (GByteArray) b = stats_message (10, 0, 15, V16_SIZE);
  TsparseResult res;

  assert_int_equal (parse (b, &res), TSPARSE_STATS);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gsize off = fields[i].off;
      for (gsize t = 0; t < G_N_ELEMENTS (totals); t++)
        if (totals[t] < fields[i].off)
          off += 16;
      assert_field (&res.stats[0], fields[i].f, at (off));
    }
  assert_field (&res.stats[0], TSPARSE_CPU, at (120));
}

/* A message of task 10 whose struct (VERSION, LEN bytes) holds NAME (32
 * bytes, not NUL-terminated) at OFFSET. */
static GByteArray *
comm_message (guint16 version, gsize len, gsize offset, const char name[32])
{
  Msg m;
  g_autofree guint8 *s = stats_blob (version, len);

  if (offset + 32 <= len)
    memcpy (s + offset, name, 32);
  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_record (&m, TASKSTATS_TYPE_PID, 10, s, len);
  return msg_finish (&m);
}

/* The task's name at its end: cut to the kernel's 15 bytes whatever the
 * 32 say (hostile bytes are the display's to escape), 48 bytes later in
 * version 15 (three delay totals before it), none when the struct ends
 * before it. */
static void
test_comm (void **state)
{
  static const char name[33] = "\x1b[2Jtrue and then some more!!!";
  TsparseResult res;

  g_autoptr (GByteArray) b = comm_message (16, V16_SIZE, OFF (ac_comm), name);
  assert_int_equal (parse (b, &res), TSPARSE_STATS);
  assert_memory_equal (res.stats[0].comm, name, 15);
  assert_int_equal (strlen (res.stats[0].comm), 15);

  g_autoptr (GByteArray) v15 = comm_message (15, V16_SIZE, OFF (ac_comm) + 48, name);
  assert_int_equal (parse (v15, &res), TSPARSE_STATS);
  assert_memory_equal (res.stats[0].comm, name, 15);

  g_autoptr (GByteArray) shorter = comm_message (16, OFF (ac_comm) + 8, OFF (ac_comm), name);
  assert_int_equal (parse (shorter, &res), TSPARSE_STATS);
  assert_string_equal (res.stats[0].comm, "");
}

/* A group's sums of version 0 (kernels before 5.8) take the task's. */
static void
test_group_version_zero (void **state)
{
  Msg m;
  g_autofree guint8 *task = stats_blob (13, OFF (wpcopy_delay_total) + 8);
  g_autofree guint8 *group = stats_blob (0, OFF (wpcopy_delay_total) + 8);
  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_record (&m, TASKSTATS_TYPE_PID, 5, task, OFF (wpcopy_delay_total) + 8);
  msg_record (&m, TASKSTATS_TYPE_TGID, 4, group, OFF (wpcopy_delay_total) + 8);
  g_autoptr (GByteArray) b = msg_finish (&m);
  TsparseResult res;

  assert_int_equal (parse (b, &res), TSPARSE_STATS);
  assert_int_equal (res.stats[1].version, 13);
  assert_true (res.stats[1].group);
  assert_field (&res.stats[1], TSPARSE_DELAY_WPCOPY, at (OFF (wpcopy_delay_total)));
  /* alone, a version 0 is no version */
  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_record (&m, TASKSTATS_TYPE_TGID, 4, group, OFF (wpcopy_delay_total) + 8);
  g_autoptr (GByteArray) alone = msg_finish (&m);
  assert_int_equal (parse (alone, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_VERSION);
}

/* Padding and unknown attributes, at the top and nested, are skipped;
 * the records' order does not matter. */
static void
test_unknown_attrs (void **state)
{
  Msg m;
  g_autofree guint8 *s = stats_blob (16, V16_SIZE);
  guint32 id = 99, junk = 0xdeadbeef;
  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_attr (&m, TASKSTATS_TYPE_NULL, NULL, 0);
  msg_attr (&m, 200, &junk, 3);
  msg_nest (&m, TASKSTATS_TYPE_AGGR_TGID);
  msg_attr (&m, 77, &junk, sizeof junk);
  msg_attr (&m, TASKSTATS_TYPE_STATS, s, V16_SIZE);
  msg_attr (&m, TASKSTATS_TYPE_TGID, &id, sizeof id);
  msg_end_nest (&m);
  msg_record (&m, TASKSTATS_TYPE_PID, 100, s, V16_SIZE);
  g_autoptr (GByteArray) b = msg_finish (&m);
  TsparseResult res;

  assert_int_equal (parse (b, &res), TSPARSE_STATS);
  assert_int_equal (res.n_stats, 2);
  assert_int_equal (res.stats[0].id, 100);
  assert_false (res.stats[0].group);
  assert_int_equal (res.stats[1].id, 99);
  assert_true (res.stats[1].group);
}

/* Records missing a part, or two of a kind, or ids of a wrong size, and
 * messages of another family, command or sender are dropped, each for
 * its reason. */
static void
test_malformed (void **state)
{
  g_autofree guint8 *s = stats_blob (16, V16_SIZE);
  guint32 id = 5;
  guint16 short_id = 5;
  TsparseResult res;
  Msg m;

  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  g_autoptr (GByteArray) empty = msg_finish (&m);
  assert_int_equal (parse (empty, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_ATTR);

  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_nest (&m, TASKSTATS_TYPE_AGGR_PID);
  msg_attr (&m, TASKSTATS_TYPE_STATS, s, V16_SIZE);
  msg_end_nest (&m);
  g_autoptr (GByteArray) no_id = msg_finish (&m);
  assert_int_equal (parse (no_id, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_ATTR);

  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_nest (&m, TASKSTATS_TYPE_AGGR_PID);
  msg_attr (&m, TASKSTATS_TYPE_PID, &id, sizeof id);
  msg_end_nest (&m);
  g_autoptr (GByteArray) no_stats = msg_finish (&m);
  assert_int_equal (parse (no_stats, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_ATTR);

  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_nest (&m, TASKSTATS_TYPE_AGGR_PID);
  msg_attr (&m, TASKSTATS_TYPE_PID, &short_id, sizeof short_id);
  msg_attr (&m, TASKSTATS_TYPE_STATS, s, V16_SIZE);
  msg_end_nest (&m);
  g_autoptr (GByteArray) bad_id = msg_finish (&m);
  assert_int_equal (parse (bad_id, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_LENGTH);

  /* the id of the other kind of record is not this record's id */
  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_nest (&m, TASKSTATS_TYPE_AGGR_PID);
  msg_attr (&m, TASKSTATS_TYPE_TGID, &id, sizeof id);
  msg_attr (&m, TASKSTATS_TYPE_STATS, s, V16_SIZE);
  msg_end_nest (&m);
  g_autoptr (GByteArray) wrong_id = msg_finish (&m);
  assert_int_equal (parse (wrong_id, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_ATTR);

  msg_start (&m, FAMILY, TASKSTATS_CMD_NEW);
  msg_record (&m, TASKSTATS_TYPE_PID, 5, s, V16_SIZE);
  msg_record (&m, TASKSTATS_TYPE_PID, 6, s, V16_SIZE);
  g_autoptr (GByteArray) two = msg_finish (&m);
  assert_int_equal (parse (two, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_ATTR);
  assert_int_equal (res.n_stats, 0);

  g_autoptr (GByteArray) ok = stats_message (5, 0, 16, V16_SIZE);
  assert_int_equal (tsparse_message (ok->data, ok->len, 1234, FAMILY, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_SENDER);
  assert_int_equal (tsparse_message (ok->data, ok->len, 0, FAMILY + 1, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_TYPE);
  assert_int_equal (tsparse_message (ok->data, ok->len, 0, 0, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_TYPE);
  msg_start (&m, FAMILY, TASKSTATS_CMD_GET);
  g_autoptr (GByteArray) get = msg_finish (&m);
  assert_int_equal (parse (get, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_CMD);
  /* bytes after the message */
  g_byte_array_append (ok, (const guint8 *) "12345678", 8);
  assert_int_equal (parse (ok, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_LENGTH);
}

/* Cut anywhere, a message is dropped as truncated (or too short), never
 * read past its end; a length that claims more than there is, too. */
static void
test_truncated (void **state)
{
  g_autoptr (GByteArray) b = stats_message (4243, 4242, 16, V16_SIZE);
  TsparseResult res;

  for (gsize len = 0; len < b->len; len++)
    {
      /* a copy of exactly LEN bytes, so that a read past it is caught */
      g_autofree guint8 *cut = g_memdup2 (b->data, len);
      assert_int_equal (tsparse_message (cut, len, 0, FAMILY, &res), TSPARSE_DROP);
      assert_true (res.drop == TSPARSE_DROP_TRUNCATED || res.drop == TSPARSE_DROP_LENGTH);
    }
  /* nlmsg_len shortened: the attributes then overrun it, but where it
   * ends right after the task's record, which is whole */
  const guint32 task_end = NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN
                           + (NLA_HDRLEN + 4) + (NLA_HDRLEN + V16_SIZE);
  for (guint32 len = NLMSG_HDRLEN; len < b->len; len += 4)
    {
      g_autofree guint8 *c = g_memdup2 (b->data, len);
      memcpy (c, &len, sizeof len);
      TsparseKind k = tsparse_message (c, len, 0, FAMILY, &res);
      if (k != TSPARSE_DROP && !(len == task_end && res.n_stats == 1))
        fail_msg ("nlmsg_len %u accepted", len);
    }
  guint32 small = 4;
  memcpy (b->data, &small, sizeof small);
  assert_int_equal (parse (b, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_LENGTH);
}

/* The answers to requests: the family's id, acks and errors. */
static void
test_answers (void **state)
{
  guint16 id = FAMILY;
  TsparseResult res;
  Msg m;

  msg_start (&m, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
  msg_attr (&m, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME, sizeof TASKSTATS_GENL_NAME);
  msg_attr (&m, CTRL_ATTR_FAMILY_ID, &id, sizeof id);
  msg_attr (&m, CTRL_ATTR_VERSION, &id, sizeof id);
  g_autoptr (GByteArray) fam = msg_finish (&m);
  assert_int_equal (tsparse_message (fam->data, fam->len, 0, 0, &res), TSPARSE_FAMILY);
  assert_int_equal (res.family, FAMILY);
  assert_int_equal (res.seq, 77);

  msg_start (&m, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
  msg_attr (&m, CTRL_ATTR_FAMILY_NAME, "nl80211", sizeof "nl80211");
  msg_attr (&m, CTRL_ATTR_FAMILY_ID, &id, sizeof id);
  g_autoptr (GByteArray) other = msg_finish (&m);
  assert_int_equal (tsparse_message (other->data, other->len, 0, 0, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_ATTR);

  msg_start (&m, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
  msg_attr (&m, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME, sizeof TASKSTATS_GENL_NAME);
  msg_attr (&m, CTRL_ATTR_FAMILY_ID, &id, 1);
  g_autoptr (GByteArray) short_id = msg_finish (&m);
  assert_int_equal (tsparse_message (short_id->data, short_id->len, 0, 0, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_LENGTH);

  msg_start (&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
  g_autoptr (GByteArray) get = msg_finish (&m);
  assert_int_equal (tsparse_message (get->data, get->len, 0, 0, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_CMD);

  struct { struct nlmsghdr h; struct nlmsgerr e; } ack = {
    .h = { .nlmsg_len = sizeof ack, .nlmsg_type = NLMSG_ERROR, .nlmsg_seq = 9 },
    .e = { .error = -1 },
  };
  assert_int_equal (tsparse_message (&ack, sizeof ack, 0, FAMILY, &res), TSPARSE_ACK);
  assert_int_equal (res.error, -1);
  assert_int_equal (res.seq, 9);
  ack.h.nlmsg_len = NLMSG_HDRLEN + 4;
  assert_int_equal (tsparse_message (&ack, NLMSG_HDRLEN + 4, 0, FAMILY, &res), TSPARSE_DROP);
  assert_int_equal (res.drop, TSPARSE_DROP_TRUNCATED);
}

/* Messages as Linux 6.18 sent them (the fuzzer's seeds): a thread's end,
 * then the last thread's with its group's sums, where the group's CPU
 * is the sum of its threads'; a single-threaded process's; the answers
 * to the family's name and to registering. */
static void
test_real (void **state)
{
  static const char *const names[] = { "thread", "last-thread-and-group", "single",
                                       "family", "ack" };
  TsparseResult res[G_N_ELEMENTS (names)];

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/../fuzz/corpus-tsparse/%s.bin", TEST_DATA,
                                               names[i]);
      g_autofree char *buf = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (path, &buf, &len, NULL));
      tsparse_message (buf, len, 0, FAMILY, &res[i]);
    }
  assert_int_equal (res[0].kind, TSPARSE_STATS);
  assert_int_equal (res[0].n_stats, 1);
  assert_int_equal (res[1].n_stats, 2);
  assert_int_equal (res[1].stats[0].version, 16);
  assert_true (res[1].stats[1].group);
  assert_int_equal (res[1].stats[0].have, TSPARSE_BIT (TSPARSE_FIELD_MAX) - 1);
  assert_int_equal (res[1].stats[1].v[TSPARSE_CPU],
                    res[0].stats[0].v[TSPARSE_CPU] + res[1].stats[0].v[TSPARSE_CPU]);
  assert_true (res[1].stats[0].v[TSPARSE_HIWATER_RSS] > 0);
  assert_int_equal (res[2].n_stats, 1);
  assert_false (res[2].stats[0].group);
  assert_string_equal (res[2].stats[0].comm, "cap");
  assert_int_equal (res[3].kind, TSPARSE_FAMILY);
  assert_int_equal (res[3].family, FAMILY);
  assert_int_equal (res[4].kind, TSPARSE_ACK);
  assert_int_equal (res[4].error, 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_v16),
    cmocka_unit_test (test_versions),
    cmocka_unit_test (test_v15),
    cmocka_unit_test (test_comm),
    cmocka_unit_test (test_group_version_zero),
    cmocka_unit_test (test_unknown_attrs),
    cmocka_unit_test (test_malformed),
    cmocka_unit_test (test_truncated),
    cmocka_unit_test (test_answers),
    cmocka_unit_test (test_real),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
