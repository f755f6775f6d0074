/* test-nlparse.c - decoding connector datagrams and the sequence tracker.
 *
 * Datagrams are built byte by byte at the offsets the kernel uses (not with
 * the structs the parser uses) and parsed from exact-size heap copies, so a
 * read past the end shows under the address sanitizer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/netlink.h>
#include "nlparse.h"

/* Wire offsets of one event datagram (76 bytes). */
enum {
  OFF_NLMSG_LEN = 0, OFF_NLMSG_TYPE = 4, OFF_NLMSG_PID = 12,
  OFF_CN_IDX = 16, OFF_CN_VAL = 20, OFF_CN_SEQ = 24, OFF_CN_ACK = 28,
  OFF_CN_LEN = 32,
  OFF_WHAT = 36, OFF_CPU = 40, OFF_TS = 44, OFF_DATA = 52,
  DGRAM_LEN = 76,
};

/* A datagram under construction, with room to spare. */
typedef struct {
  guint8 b[128];
  gsize len;
} Dgram;

/* Stores the 32-bit V at byte OFF of D. */
static void
put32 (Dgram *d, gsize off, guint32 v)
{
  memcpy (d->b + off, &v, sizeof v);
}

/* Stores the 16-bit V at byte OFF of D. */
static void
put16 (Dgram *d, gsize off, guint16 v)
{
  memcpy (d->b + off, &v, sizeof v);
}

/* Builds a well-formed event datagram of kind WHAT whose event_data starts
 * with the N words W. */
static Dgram
make (guint32 what, const guint32 *w, gsize n)
{
  Dgram d = { .len = DGRAM_LEN };
  guint64 ts = G_GUINT64_CONSTANT (0x0123456789abcdef);

  put32 (&d, OFF_NLMSG_LEN, DGRAM_LEN);
  put16 (&d, OFF_NLMSG_TYPE, NLMSG_DONE);
  put32 (&d, OFF_CN_IDX, 1);
  put32 (&d, OFF_CN_VAL, 1);
  put32 (&d, OFF_CN_SEQ, 4711);
  put16 (&d, OFF_CN_LEN, DGRAM_LEN - OFF_WHAT);
  put32 (&d, OFF_WHAT, what);
  put32 (&d, OFF_CPU, 1);
  memcpy (d.b + OFF_TS, &ts, sizeof ts);
  for (gsize i = 0; i < n; i++)
    put32 (&d, OFF_DATA + 4 * i, w[i]);
  return d;
}

/* Parses the first LEN bytes of D from an exact-size copy, as sent by
 * SENDER.  EV is left as the parser left it. */
static NlparseKind
parse_n (const Dgram *d, gsize len, guint32 sender, NlparseResult *res,
         Event *ev)
{
  g_autofree guint8 *copy = g_memdup2 (d->b, MAX (len, 1));
  return nlparse_datagram (copy, len, sender, res, ev);
}

/* Parses D from the kernel; asserts it is an event, which EV receives. */
static void
parse_event (const Dgram *d, Event *ev)
{
  NlparseResult res;
  assert_int_equal (parse_n (d, d->len, 0, &res, ev), NLPARSE_EVENT);
  assert_int_equal (res.kind, NLPARSE_EVENT);
  assert_int_equal (res.drop, NLPARSE_DROP_NONE);
  assert_int_equal (res.cpu, 1);
  assert_int_equal (res.seq, 4711);
  assert_int_equal (ev->cpu, 1);
  assert_true (ev->mono_ns == G_GINT64_CONSTANT (0x0123456789abcdef));
  assert_true (ev->wall_ns == 0);
}

/* Parses LEN bytes of D; asserts it is dropped for REASON and EV untouched. */
static void
assert_drop_n (const Dgram *d, gsize len, guint32 sender, NlparseDrop reason)
{
  NlparseResult res;
  Event ev = { .pid = 4242 };
  assert_int_equal (parse_n (d, len, sender, &res, &ev), NLPARSE_DROP);
  assert_int_equal (res.kind, NLPARSE_DROP);
  assert_int_equal (res.drop, reason);
  assert_int_equal (ev.pid, 4242);
  assert_null (ev.comm);
}

/* The whole of D is dropped for REASON. */
static void
assert_drop (const Dgram *d, NlparseDrop reason)
{
  assert_drop_n (d, d->len, 0, reason);
}

/* FORK: the child is the subject, the parent fields are kept. */
static void
test_fork (void **state)
{
  const guint32 w[] = { 100, 99, 201, 200 };
  Dgram d = make (0x1, w, 4);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_FORK);
  assert_int_equal (ev.ppid, 100);
  assert_int_equal (ev.ptgid, 99);
  assert_int_equal (ev.pid, 201);
  assert_int_equal (ev.tgid, 200);
  event_clear (&ev);
}

/* EXEC carries only pids (the source reads the rest from /proc). */
static void
test_exec (void **state)
{
  const guint32 w[] = { 300, 300 };
  Dgram d = make (0x2, w, 2);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_EXEC);
  assert_int_equal (ev.pid, 300);
  assert_int_equal (ev.tgid, 300);
  assert_int_equal (ev.ppid, 0);
  assert_null (ev.comm);
  assert_null (ev.argv);
  event_clear (&ev);
}

/* UID and GID put the real and effective ids in their own fields. */
static void
test_ids (void **state)
{
  const guint32 w[] = { 301, 300, 1000, 0 };
  Dgram d = make (0x4, w, 4);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_UID);
  assert_int_equal (ev.pid, 301);
  assert_int_equal (ev.tgid, 300);
  assert_int_equal (ev.ruid, 1000);
  assert_int_equal (ev.euid, 0);
  assert_int_equal (ev.rgid, 0);
  event_clear (&ev);

  const guint32 g[] = { 300, 300, 100, 5 };
  d = make (0x40, g, 4);
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_GID);
  assert_int_equal (ev.rgid, 100);
  assert_int_equal (ev.egid, 5);
  assert_int_equal (ev.ruid, 0);
  event_clear (&ev);
}

/* SID: the caller leads the new session. */
static void
test_sid (void **state)
{
  const guint32 w[] = { 401, 400 };
  Dgram d = make (0x80, w, 2);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_SID);
  assert_int_equal (ev.pid, 401);
  assert_int_equal (ev.tgid, 400);
  assert_int_equal (ev.sid, 400);
  event_clear (&ev);
}

/* PTRACE: attach names the tracer, detach gives 0. */
static void
test_ptrace (void **state)
{
  const guint32 w[] = { 500, 500, 601, 600 };
  Dgram d = make (0x100, w, 4);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_PTRACE);
  assert_int_equal (ev.pid, 500);
  assert_int_equal (ev.tracer_pid, 601);
  assert_int_equal (ev.tracer_tgid, 600);
  event_clear (&ev);

  const guint32 detach[] = { 500, 500, 0, 0 };
  d = make (0x100, detach, 4);
  parse_event (&d, &ev);
  assert_int_equal (ev.tracer_pid, 0);
  assert_int_equal (ev.tracer_tgid, 0);
  event_clear (&ev);
}

/* COMM: a terminated name, and one filling all 16 bytes without a NUL. */
static void
test_comm (void **state)
{
  const guint32 w[] = { 701, 700 };
  Dgram d = make (0x200, w, 2);
  Event ev;
  memcpy (d.b + OFF_DATA + 8, "worker\0junk", 11);
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_COMM);
  assert_int_equal (ev.pid, 701);
  assert_int_equal (ev.tgid, 700);
  assert_string_equal (ev.comm, "worker");
  event_clear (&ev);

  memcpy (d.b + OFF_DATA + 8, "0123456789abcdef", 16);
  parse_event (&d, &ev);
  assert_string_equal (ev.comm, "0123456789abcdef");
  event_clear (&ev);

  /* Escape sequences are kept as bytes: escaping is the views' job. */
  memcpy (d.b + OFF_DATA + 8, "\033[2J\n", 6);
  parse_event (&d, &ev);
  assert_string_equal (ev.comm, "\033[2J\n");
  event_clear (&ev);
}

/* COREDUMP keeps its parent fields. */
static void
test_coredump (void **state)
{
  const guint32 w[] = { 800, 800, 10, 9 };
  Dgram d = make (0x40000000, w, 4);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_COREDUMP);
  assert_int_equal (ev.pid, 800);
  assert_int_equal (ev.ppid, 10);
  assert_int_equal (ev.ptgid, 9);
  event_clear (&ev);
}

/* EXIT: raw status, exit signal (-1 for a thread) and parent. */
static void
test_exit (void **state)
{
  const guint32 w[] = { 900, 900, 768, 17, 11, 10 };
  Dgram d = make (0x80000000, w, 6);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.kind, EVENT_EXIT);
  assert_int_equal (ev.pid, 900);
  assert_int_equal (ev.tgid, 900);
  assert_int_equal (ev.exit_code, 768);
  assert_int_equal (ev.exit_signal, 17);
  assert_int_equal (ev.ppid, 11);
  assert_int_equal (ev.ptgid, 10);
  event_clear (&ev);

  const guint32 thread[] = { 902, 900, 9, 0xffffffff, 0, 0 };
  d = make (0x80000000, thread, 6);
  parse_event (&d, &ev);
  assert_int_equal (ev.pid, 902);
  assert_int_equal (ev.exit_code, 9);
  assert_int_equal (ev.exit_signal, -1);
  assert_int_equal (ev.ppid, 0);
  event_clear (&ev);
}

/* what == 0 is an ack: its number and error; old kernels put cpu ~0. */
static void
test_ack (void **state)
{
  const guint32 w[] = { 1 };
  Dgram d = make (0, w, 1);
  NlparseResult res;
  Event ev = { .pid = 4242 };

  put32 (&d, OFF_CN_ACK, 1001);
  assert_int_equal (parse_n (&d, d.len, 0, &res, &ev), NLPARSE_ACK);
  assert_int_equal (res.ack, 1001);
  assert_int_equal (res.ack_err, 1);
  assert_int_equal (res.cpu, 1);
  assert_int_equal (res.seq, 4711);
  assert_int_equal (ev.pid, 4242);

  put32 (&d, OFF_DATA, 0);
  put32 (&d, OFF_CPU, 0xffffffff);
  assert_int_equal (parse_n (&d, d.len, 0, &res, &ev), NLPARSE_ACK);
  assert_int_equal (res.ack_err, 0);
  assert_int_equal (res.cpu, NLPARSE_CPU_NONE);

  /* An ack needs its 4-byte error. */
  put32 (&d, OFF_NLMSG_LEN, OFF_DATA + 2);
  put16 (&d, OFF_CN_LEN, OFF_DATA + 2 - OFF_WHAT);
  d.len = OFF_DATA + 2;
  assert_drop (&d, NLPARSE_DROP_TRUNCATED);
}

/* Cut anywhere short of its end, a datagram is dropped unread. */
static void
test_truncated (void **state)
{
  const guint32 w[] = { 900, 900, 0, 17, 1, 1 };
  Dgram d = make (0x80000000, w, 6);
  for (gsize len = 0; len < DGRAM_LEN; len++)
    assert_drop_n (&d, len, 0, NLPARSE_DROP_TRUNCATED);
}

/* With every length field shortened to match, a message too short for its
 * headers or its kind's fields is dropped; EXEC needs only 8 bytes. */
static void
test_short_consistent (void **state)
{
  const guint32 w[] = { 900, 900, 0, 17, 1, 1 };
  for (gsize len = NLMSG_HDRLEN; len <= DGRAM_LEN; len++)
    {
      Dgram exit = make (0x80000000, w, 6);
      Dgram exec = make (0x2, w, 2);
      for (Dgram *d = &exit; d; d = d == &exit ? &exec : NULL)
        {
          put32 (d, OFF_NLMSG_LEN, (guint32) len);
          if (len >= OFF_WHAT)
            put16 (d, OFF_CN_LEN, (guint16) (len - OFF_WHAT));
          d->len = len;
        }
      if (len == DGRAM_LEN)
        {
          Event ev;
          parse_event (&exit, &ev);
          assert_int_equal (ev.exit_signal, 17);
          event_clear (&ev);
        }
      else
        assert_drop (&exit, NLPARSE_DROP_TRUNCATED);
      if (len >= OFF_DATA + 8)
        {
          Event ev;
          parse_event (&exec, &ev);
          assert_int_equal (ev.kind, EVENT_EXEC);
          assert_int_equal (ev.pid, 900);
          event_clear (&ev);
        }
      else
        assert_drop (&exec, NLPARSE_DROP_TRUNCATED);
    }
}

/* Lengths that disagree with the datagram or with each other. */
static void
test_lengths (void **state)
{
  const guint32 w[] = { 300, 300 };
  Dgram d;

  /* nlmsg_len beyond the datagram: it was cut short. */
  d = make (0x2, w, 2);
  put32 (&d, OFF_NLMSG_LEN, 1000);
  assert_drop (&d, NLPARSE_DROP_TRUNCATED);
  put32 (&d, OFF_NLMSG_LEN, 0xffffffff);
  assert_drop (&d, NLPARSE_DROP_TRUNCATED);

  /* nlmsg_len smaller than its own header. */
  put32 (&d, OFF_NLMSG_LEN, 8);
  assert_drop (&d, NLPARSE_DROP_LENGTH);
  put32 (&d, OFF_NLMSG_LEN, 0);
  assert_drop (&d, NLPARSE_DROP_LENGTH);

  /* Bytes after the message (a second message, or garbage). */
  d = make (0x2, w, 2);
  d.len = DGRAM_LEN + 16;
  assert_drop (&d, NLPARSE_DROP_LENGTH);
  d.len = DGRAM_LEN + 4;
  assert_drop (&d, NLPARSE_DROP_LENGTH);

  /* cn_msg.len larger or smaller than what follows it. */
  d = make (0x2, w, 2);
  put16 (&d, OFF_CN_LEN, 41);
  assert_drop (&d, NLPARSE_DROP_LENGTH);
  put16 (&d, OFF_CN_LEN, 0xffff);
  assert_drop (&d, NLPARSE_DROP_LENGTH);
  put16 (&d, OFF_CN_LEN, 39);
  assert_drop (&d, NLPARSE_DROP_LENGTH);
  put16 (&d, OFF_CN_LEN, 0);
  assert_drop (&d, NLPARSE_DROP_LENGTH);

  /* Only alignment padding may follow an unaligned nlmsg_len. */
  d = make (0x2, w, 2);
  put32 (&d, OFF_NLMSG_LEN, DGRAM_LEN - 2);
  put16 (&d, OFF_CN_LEN, DGRAM_LEN - 2 - OFF_WHAT);
  Event ev;
  parse_event (&d, &ev);
  assert_int_equal (ev.pid, 300);
  event_clear (&ev);
}

/* Other connector ids, message types and senders are not ours. */
static void
test_foreign (void **state)
{
  const guint32 w[] = { 300, 300 };
  Dgram d = make (0x2, w, 2);

  put32 (&d, OFF_CN_IDX, 2);
  assert_drop (&d, NLPARSE_DROP_ID);
  d = make (0x2, w, 2);
  put32 (&d, OFF_CN_VAL, 2);
  assert_drop (&d, NLPARSE_DROP_ID);

  d = make (0x2, w, 2);
  put16 (&d, OFF_NLMSG_TYPE, NLMSG_ERROR);
  assert_drop (&d, NLPARSE_DROP_TYPE);

  /* A perfect event from another process is dropped, whatever it says. */
  d = make (0x2, w, 2);
  put32 (&d, OFF_NLMSG_PID, 1234);
  assert_drop_n (&d, d.len, 1234, NLPARSE_DROP_SENDER);
  assert_drop_n (&d, d.len, G_MAXUINT32, NLPARSE_DROP_SENDER);
  NlparseResult res;
  Event ev = { 0 };
  parse_n (&d, d.len, 1, &res, &ev);
  assert_int_equal (res.cpu, NLPARSE_CPU_NONE);
}

/* Unknown kinds are dropped but keep cpu and seq for gap tracking. */
static void
test_unknown_what (void **state)
{
  const guint32 w[] = { 300, 300 };
  const guint32 whats[] = { 0x400, 0x20000000, 0x3, 0xffffffff };
  for (gsize i = 0; i < G_N_ELEMENTS (whats); i++)
    {
      Dgram d = make (whats[i], w, 2);
      NlparseResult res;
      Event ev = { 0 };
      assert_int_equal (parse_n (&d, d.len, 0, &res, &ev), NLPARSE_DROP);
      assert_int_equal (res.drop, NLPARSE_DROP_WHAT);
      assert_int_equal (res.cpu, 1);
      assert_int_equal (res.seq, 4711);
    }
}

/* The datagram may start at any address. */
static void
test_unaligned (void **state)
{
  const guint32 w[] = { 100, 99, 201, 200 };
  Dgram d = make (0x1, w, 4);
  for (gsize shift = 1; shift < 8; shift++)
    {
      g_autofree guint8 *buf = g_malloc (DGRAM_LEN + shift);
      NlparseResult res;
      Event ev;
      memcpy (buf + shift, d.b, DGRAM_LEN);
      assert_int_equal (nlparse_datagram (buf + shift, DGRAM_LEN, 0, &res, &ev),
                        NLPARSE_EVENT);
      assert_true (ev.mono_ns == G_GINT64_CONSTANT (0x0123456789abcdef));
      assert_int_equal (ev.pid, 201);
      event_clear (&ev);
    }
}

/* Consecutive numbers give no gap; a jump gives the numbers skipped. */
static void
test_seq_gap (void **state)
{
  g_autoptr (NlparseSeq) t = nlparse_seq_new ();
  assert_int_equal (nlparse_seq_gap (t, 0, 100), 0);   /* first: baseline */
  assert_int_equal (nlparse_seq_gap (t, 0, 101), 0);
  assert_int_equal (nlparse_seq_gap (t, 0, 106), 4);
  assert_int_equal (nlparse_seq_gap (t, 0, 106), 0);   /* repeat */
  assert_int_equal (nlparse_seq_gap (t, 0, 103), 0);   /* older: ignored */
  assert_int_equal (nlparse_seq_gap (t, 0, 107), 0);   /* 106 still newest */
  /* CPUs are independent, whatever their order or numbers. */
  assert_int_equal (nlparse_seq_gap (t, 5, 7), 0);
  assert_int_equal (nlparse_seq_gap (t, 1, 50), 0);
  assert_int_equal (nlparse_seq_gap (t, 5, 10), 2);
  assert_int_equal (nlparse_seq_gap (t, 0, 108), 0);
  assert_int_equal (nlparse_seq_gap (t, 1, 51), 0);
}

/* The 32-bit counter wraps; a difference is read as signed. */
static void
test_seq_wrap (void **state)
{
  g_autoptr (NlparseSeq) t = nlparse_seq_new ();
  assert_int_equal (nlparse_seq_gap (t, 0, 0xfffffffe), 0);
  assert_int_equal (nlparse_seq_gap (t, 0, 0xffffffff), 0);
  assert_int_equal (nlparse_seq_gap (t, 0, 0), 0);
  assert_int_equal (nlparse_seq_gap (t, 0, 3), 2);
  assert_int_equal (nlparse_seq_gap (t, 0, 0xfffffff0), 0);  /* behind */
  assert_int_equal (nlparse_seq_gap (t, 0, 4), 0);

  assert_int_equal (nlparse_seq_gap (t, 1, 0xfffffffd), 0);
  assert_int_equal (nlparse_seq_gap (t, 1, 1), 3);   /* fe, ff, 0 lost */

  /* Half the number space ahead is behind; just under it is a gap. */
  assert_int_equal (nlparse_seq_gap (t, 2, 0), 0);
  assert_int_equal (nlparse_seq_gap (t, 2, 0x80000000), 0);
  assert_int_equal (nlparse_seq_gap (t, 2, 0x7fffffff), 0x7ffffffe);
}

/* What the tracker has gone past: the doorbell's twins it already saw. */
static void
test_seq_seen (void **state)
{
  g_autoptr (NlparseSeq) t = nlparse_seq_new ();
  assert_false (nlparse_seq_seen (t, 0, 5));            /* CPU never seen */
  nlparse_seq_gap (t, 0, 5);
  assert_true (nlparse_seq_seen (t, 0, 5));
  assert_true (nlparse_seq_seen (t, 0, 4));
  assert_false (nlparse_seq_seen (t, 0, 6));
  assert_false (nlparse_seq_seen (t, 1, 5));            /* another CPU */
  assert_false (nlparse_seq_seen (t, NLPARSE_CPU_NONE, 5));
  nlparse_seq_gap (t, 3, 0xfffffffe);                   /* wrap-around */
  assert_true (nlparse_seq_seen (t, 3, 0xfffffff0));
  assert_false (nlparse_seq_seen (t, 3, 0xffffffff));
  assert_false (nlparse_seq_seen (t, 3, 1));
  nlparse_seq_gap (t, 3, 2);
  assert_true (nlparse_seq_seen (t, 3, 0xffffffff));
  assert_true (nlparse_seq_seen (t, 3, 1));
  assert_false (nlparse_seq_seen (t, 2, 0));            /* below, unseen */
}

/* CPUs beyond the kernel's limit (and acks' ~0) are not tracked. */
static void
test_seq_cpus (void **state)
{
  g_autoptr (NlparseSeq) t = nlparse_seq_new ();
  assert_int_equal (nlparse_seq_gap (t, NLPARSE_CPU_NONE, 1), 0);
  assert_int_equal (nlparse_seq_gap (t, NLPARSE_CPU_NONE, 9), 0);
  assert_int_equal (nlparse_seq_gap (t, NLPARSE_SEQ_MAX_CPU + 1, 1), 0);
  assert_int_equal (nlparse_seq_gap (t, NLPARSE_SEQ_MAX_CPU + 1, 9), 0);
  assert_int_equal (nlparse_seq_gap (t, NLPARSE_SEQ_MAX_CPU, 1), 0);
  assert_int_equal (nlparse_seq_gap (t, NLPARSE_SEQ_MAX_CPU, 9), 7);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fork),
    cmocka_unit_test (test_exec),
    cmocka_unit_test (test_ids),
    cmocka_unit_test (test_sid),
    cmocka_unit_test (test_ptrace),
    cmocka_unit_test (test_comm),
    cmocka_unit_test (test_coredump),
    cmocka_unit_test (test_exit),
    cmocka_unit_test (test_ack),
    cmocka_unit_test (test_truncated),
    cmocka_unit_test (test_short_consistent),
    cmocka_unit_test (test_lengths),
    cmocka_unit_test (test_foreign),
    cmocka_unit_test (test_unknown_what),
    cmocka_unit_test (test_unaligned),
    cmocka_unit_test (test_seq_gap),
    cmocka_unit_test (test_seq_wrap),
    cmocka_unit_test (test_seq_seen),
    cmocka_unit_test (test_seq_cpus),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
