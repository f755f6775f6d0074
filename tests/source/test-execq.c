/* test-execq.c - the hand-over of early-read EXECs from the capture thread
 * to the main loop: order, matching by cpu and seq, what the thread went
 * past, wake-ups, the bounds, and the two sides in two threads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <cmocka.h>

#include "execq.h"

/* What the capture thread read of an EXEC, as it hands it over: a block
 * that says which EXEC it is, PID and SEQ. */
static char *
exec_block (gint pid, guint32 seq)
{
  return g_strdup_printf ("pid %d #%u", pid, seq);
}

/* Pushes the EXEC (CPU, SEQ) of PID; returns push's answer.  The queue
 * keeps a copy, or none (valgrind and ASan see a leak). */
static gboolean
push (Execq *q, guint32 cpu, guint32 seq, gint pid)
{
  g_autofree char *block = exec_block (pid, seq);
  return execq_push (q, cpu, seq, block, strlen (block) + 1);
}

/* Takes (CPU, SEQ), which must be there, and checks it is PID's block. */
static void
assert_taken (Execq *q, guint32 cpu, guint32 seq, gint pid)
{
  g_autofree char *want = exec_block (pid, seq);
  g_autoptr (GByteArray) got = g_byte_array_new ();

  g_byte_array_append (got, (const guint8 *) "old", 3);
  assert_int_equal (execq_take (q, cpu, seq, got), EXECQ_TAKEN);
  assert_int_equal (got->len, strlen (want) + 1);   /* the block alone */
  assert_string_equal ((const char *) got->data, want);
}

/* What execq_take() says about (CPU, SEQ), which must not be there. */
static ExecqTake
take_nothing (Execq *q, guint32 cpu, guint32 seq)
{
  g_autoptr (GByteArray) got = g_byte_array_new ();

  g_byte_array_append (got, (const guint8 *) "old", 4);
  ExecqTake r = execq_take (q, cpu, seq, got);
  assert_int_not_equal (r, EXECQ_TAKEN);
  assert_string_equal ((const char *) got->data, "old");   /* untouched */
  return r;
}

/* Copies come out by (cpu, seq), in the order pushed or any other. */
static void
test_order_and_matching (void **state)
{
  g_autoptr (Execq) q = execq_new (16, 1 << 20);

  assert_false (push (q, 0, 10, 100));
  assert_false (push (q, 1, 10, 101));   /* same seq, another CPU */
  assert_false (push (q, 0, 11, 102));
  assert_false (push (q, 1, 12, 103));
  /* The CPU counts as much as the seq: (0, 10) comes first, and is not
   * (1, 10). */
  assert_taken (q, 1, 10, 101);
  assert_taken (q, 0, 10, 100);
  /* The main socket may see two CPUs' EXECs the other way round. */
  assert_taken (q, 1, 12, 103);
  assert_taken (q, 0, 11, 102);
  /* Each copy is taken once. */
  assert_int_equal (take_nothing (q, 0, 11), EXECQ_MISSED);
}

/* Not there: pending while the thread has not gone past it on that CPU,
 * missed once it has (the kernel sends a CPU's events in order). */
static void
test_pending_and_missed (void **state)
{
  g_autoptr (Execq) q = execq_new (16, 1 << 20);

  assert_int_equal (take_nothing (q, 0, 5), EXECQ_PENDING);  /* nothing yet */
  push (q, 0, 7, 1);
  assert_int_equal (take_nothing (q, 0, 5), EXECQ_MISSED);   /* 7 came */
  assert_int_equal (take_nothing (q, 0, 6), EXECQ_MISSED);
  assert_int_equal (take_nothing (q, 0, 8), EXECQ_PENDING);
  assert_int_equal (take_nothing (q, 1, 5), EXECQ_PENDING);  /* other CPU */
  assert_taken (q, 0, 7, 1);
  /* What the thread went past without a copy (NULL) is missed too; the
   * take of (1, 5) waits, so going past it wakes the main loop. */
  assert_true (execq_push (q, 1, 9, NULL, 0));
  assert_int_equal (take_nothing (q, 1, 9), EXECQ_MISSED);
  assert_int_equal (take_nothing (q, 1, 5), EXECQ_MISSED);
}

/* Sequence numbers wrap: 0 comes after 0xffffffff. */
static void
test_wrap (void **state)
{
  g_autoptr (Execq) q = execq_new (16, 1 << 20);

  push (q, 3, 0xfffffffe, 1);
  assert_int_equal (take_nothing (q, 3, 0xffffffff), EXECQ_PENDING);
  assert_int_equal (take_nothing (q, 3, 0), EXECQ_PENDING);
  push (q, 3, 1, 2);
  assert_int_equal (take_nothing (q, 3, 0xffffffff), EXECQ_MISSED);
  assert_int_equal (take_nothing (q, 3, 0), EXECQ_MISSED);
  assert_taken (q, 3, 0xfffffffe, 1);
  assert_taken (q, 3, 1, 2);
}

/* A push wakes the main loop only when a take found nothing, and once. */
static void
test_wake_once_per_wait (void **state)
{
  g_autoptr (Execq) q = execq_new (16, 1 << 20);

  assert_false (push (q, 0, 1, 1));           /* nobody waits */
  assert_taken (q, 0, 1, 1);
  assert_false (push (q, 0, 2, 2));
  assert_int_equal (take_nothing (q, 0, 3), EXECQ_PENDING);
  assert_true (push (q, 1, 1, 3));            /* any push: it may be the one */
  assert_false (push (q, 0, 3, 4));           /* one wake-up per wait */
  assert_int_equal (take_nothing (q, 0, 4), EXECQ_PENDING);
  assert_int_equal (take_nothing (q, 0, 5), EXECQ_PENDING);
  assert_true (execq_push (q, 0, 4, NULL, 0));   /* going past wakes too */
  assert_false (push (q, 0, 5, 5));
  /* A take that finds its copy asks for nothing. */
  assert_taken (q, 0, 2, 2);
  assert_false (push (q, 0, 6, 6));
  /* A take that finds it missed asks for nothing either. */
  assert_int_equal (take_nothing (q, 0, 4), EXECQ_MISSED);
  assert_false (push (q, 0, 7, 7));
}

/* At most max_items copies: the thread is told before it reads /proc, and
 * what it could not keep is missed, not lost from the order. */
static void
test_overflow_items (void **state)
{
  g_autoptr (Execq) q = execq_new (2, 1 << 20);

  assert_false (execq_full (q));
  push (q, 0, 1, 1);
  assert_false (execq_full (q));
  push (q, 0, 2, 2);
  assert_true (execq_full (q));
  push (q, 0, 3, 3);                          /* no room: freed */
  assert_true (execq_full (q));
  assert_int_equal (take_nothing (q, 0, 3), EXECQ_MISSED);
  assert_taken (q, 0, 1, 1);
  assert_false (execq_full (q));              /* room again */
  push (q, 0, 4, 4);
  assert_taken (q, 0, 2, 2);
  assert_taken (q, 0, 4, 4);
}

/* At most max_bytes for the blocks: each counts its slot, or its bytes
 * when it is bigger, and its place in the queue (under 64 bytes).  Here
 * there is room for four slots: a block of three slots' bytes and a small
 * one fill it, and a small one counts a whole slot.  A block that does not
 * fit is not kept; taking one gives its room back. */
static void
test_overflow_bytes (void **state)
{
  g_autoptr (Execq) q = execq_new (64, 4 * (EXECQ_SLOT + 64));
  g_autofree char *huge = g_strnfill (5 * EXECQ_SLOT, 'h');
  g_autofree char *big = g_strnfill (3 * EXECQ_SLOT - 1, 'b');
  g_autofree char *small = g_strnfill (9, 's');
  g_autoptr (GByteArray) got = g_byte_array_new ();

  assert_false (execq_full (q));
  assert_false (execq_push (q, 0, 1, huge, 5 * EXECQ_SLOT));   /* not kept */
  assert_int_equal (take_nothing (q, 0, 1), EXECQ_MISSED);
  assert_false (execq_push (q, 0, 2, big, 3 * EXECQ_SLOT));
  assert_false (execq_full (q));
  assert_false (execq_push (q, 0, 3, small, 10));
  assert_true (execq_full (q));
  assert_false (execq_push (q, 0, 4, small, 10));              /* not kept */
  assert_int_equal (take_nothing (q, 0, 4), EXECQ_MISSED);
  assert_int_equal (execq_take (q, 0, 2, got), EXECQ_TAKEN);
  assert_int_equal (got->len, 3 * EXECQ_SLOT);
  assert_string_equal ((const char *) got->data, big);
  assert_false (execq_full (q));                                /* room again */
  for (guint32 seq = 5; seq <= 7; seq++)
    assert_false (execq_push (q, 0, seq, small, 10));
  assert_true (execq_full (q));
  assert_int_equal (execq_take (q, 0, 3, got), EXECQ_TAKEN);
  assert_string_equal ((const char *) got->data, small);
  /* A queue too small for any item is full from the start. */
  g_autoptr (Execq) tiny = execq_new (64, 8);
  assert_true (execq_full (tiny));
}

/* Blocks of any size come out whole, whether they fit the queue's slots
 * (reused as they are taken) or not; those still held when the queue is
 * freed are freed with it. */
static void
test_block_sizes (void **state)
{
  g_autoptr (Execq) q = execq_new (4096, 64 << 20);
  g_autoptr (GByteArray) got = g_byte_array_new ();
  const gsize sizes[] = { 0, 1, EXECQ_SLOT - 1, EXECQ_SLOT, EXECQ_SLOT + 1, 4096, 1 << 20 };

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *b = g_strnfill (sizes[i], (char) ('a' + i));
          assert_false (execq_push (q, 0, round * 16 + i, b, sizes[i]));
        }
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          assert_int_equal (execq_take (q, 0, round * 16 + i, got), EXECQ_TAKEN);
          assert_int_equal (got->len, sizes[i]);
          for (gsize k = 0; k < sizes[i]; k++)
            if (got->data[k] != 'a' + i)
              fail_msg ("block %u byte %zu", i, k);
        }
    }
  /* More blocks held at once than slots are kept spare, then given back. */
  for (guint32 seq = 100; seq < 300; seq++)
    push (q, 1, seq, (gint) seq);
  for (guint32 seq = 100; seq < 300; seq++)
    assert_taken (q, 1, seq, (gint) seq);
  push (q, 2, 1, 1);
  push (q, 2, 2, 2);
}

/* Copies whose twin the main socket has gone past are dropped; others are
 * kept whatever their place. */
static void
test_prune (void **state)
{
  g_autoptr (Execq) q = execq_new (16, 1 << 20);
  g_autoptr (NlparseSeq) seen = nlparse_seq_new ();

  push (q, 0, 1, 1);
  push (q, 1, 1, 2);
  push (q, 0, 2, 3);
  push (q, 0, 3, 4);
  assert_int_equal (execq_prune (q, seen), 0);  /* the main socket saw nothing */
  nlparse_seq_gap (seen, 0, 2);
  assert_int_equal (execq_prune (q, seen), 2);
  assert_int_equal (execq_prune (q, seen), 0);
  assert_taken (q, 1, 1, 2);
  assert_taken (q, 0, 3, 4);
  /* The pruned ones are missed, never taken. */
  assert_int_equal (take_nothing (q, 0, 1), EXECQ_MISSED);
  /* Freeing the queue frees what it holds. */
  push (q, 5, 1, 5);
  push (q, 6, 1, 6);
}

/* The two sides in two threads, as capture.c and netlink.c use them: the producer
 * pushes COUNT EXECs over four CPUs and writes an eventfd when a push says
 * so; the consumer takes them in order and blocks on the eventfd when one
 * is pending.  Every copy must arrive, in one piece, with no wake-up lost
 * (a lost one would block forever; the suite's timeout would say so).  Run
 * under ThreadSanitizer, this also checks the locking. */
#define THREADS_COUNT 50000
#define THREADS_CPUS 4

/* What the producer thread needs. */
typedef struct {
  Execq *q;
  int wake_fd;
} Producer;

/* The producer thread. */
static gpointer
producer_run (gpointer data)
{
  Producer *p = data;

  for (guint32 i = 0; i < THREADS_COUNT; i++)
    {
      /* Room frees up as the consumer takes. */
      while (execq_full (p->q))
        g_usleep (100);
      g_autofree char *block = exec_block ((gint) i + 1, i / THREADS_CPUS);
      /* g_assert: cmocka's checks may only fail in the test's thread. */
      if (execq_push (p->q, i % THREADS_CPUS, i / THREADS_CPUS, block, strlen (block) + 1))
        g_assert_cmpint (eventfd_write (p->wake_fd, 1), ==, 0);
    }
  return NULL;
}

/* Order across threads, and the wake-up protocol. */
static void
test_threads (void **state)
{
  g_autoptr (Execq) q = execq_new (64, 1 << 20);
  Producer p = { q, eventfd (0, EFD_CLOEXEC) };
  g_autoptr (GByteArray) got = g_byte_array_new ();
  guint waits = 0;

  assert_true (p.wake_fd >= 0);
  GThread *t = g_thread_new ("producer", producer_run, &p);
  for (guint32 i = 0; i < THREADS_COUNT; i++)
    {
      g_autofree char *want = exec_block ((gint) i + 1, i / THREADS_CPUS);
      ExecqTake r;
      while ((r = execq_take (q, i % THREADS_CPUS, i / THREADS_CPUS, got)) == EXECQ_PENDING)
        {
          eventfd_t n;
          assert_int_equal (eventfd_read (p.wake_fd, &n), 0);
          waits++;
        }
      assert_int_equal (r, EXECQ_TAKEN);
      assert_string_equal ((const char *) got->data, want);
    }
  g_thread_join (t);
  close (p.wake_fd);
  print_message ("waited for the producer %u times\n", waits);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_order_and_matching),
    cmocka_unit_test (test_pending_and_missed),
    cmocka_unit_test (test_wrap),
    cmocka_unit_test (test_wake_once_per_wait),
    cmocka_unit_test (test_overflow_items),
    cmocka_unit_test (test_overflow_bytes),
    cmocka_unit_test (test_block_sizes),
    cmocka_unit_test (test_prune),
    cmocka_unit_test (test_threads),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
