/* test-decimal.c - integers written in decimal (decimal.h), against printf. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "decimal.h"

/* Checks decimal_len and decimal_put of V against printf, and that
 * nothing is written past the digits. */
static void
check (guint64 v)
{
  char want[32], got[DECIMAL_MAX + 1];
  int n = g_snprintf (want, sizeof want, "%" G_GUINT64_FORMAT, v);

  memset (got, '#', sizeof got);
  char *end = decimal_put (got, v);
  assert_int_equal (decimal_len (v), n);
  assert_int_equal (end - got, n);
  assert_memory_equal (got, want, n);
  for (char *c = end; c < got + sizeof got; c++)
    assert_int_equal (*c, '#');
}

/* Every power of ten and its neighbours, each width's edges, both sides of
 * the step from 64-bit to 32-bit divisions, and the extremes. */
static void
test_edges (void **state)
{
  guint64 p = 1;

  check (0);
  for (int i = 0; i < DECIMAL_MAX; i++, p *= 10)
    {
      check (p - 1);
      check (p);
      check (p + 1);
      check (p * 2);
      check (p * 9 + (p - 1));
    }
  check (G_MAXUINT32 - 1);
  check (G_MAXUINT32);
  check ((guint64) G_MAXUINT32 + 1);
  check ((guint64) G_MAXUINT32 * 100 + 99);
  check (G_MAXINT64);
  check ((guint64) G_MAXINT64 + 1);
  check (G_MAXUINT64 - 1);
  check (G_MAXUINT64);
}

/* Every power of two and its neighbours (decimal_len starts from the
 * highest bit), and a pseudo-random spread. */
static void
test_spread (void **state)
{
  for (int b = 0; b < 64; b++)
    {
      guint64 v = G_GUINT64_CONSTANT (1) << b;
      check (v - 1);
      check (v);
      check (v + 1);
    }
  GRand *r = g_rand_new_with_seed (42);
  for (int i = 0; i < 100000; i++)
    {
      guint64 v = ((guint64) g_rand_int (r) << 32) | g_rand_int (r);
      check (v >> g_rand_int_range (r, 0, 64));
    }
  g_rand_free (r);
}

/* Checks decimal_put_width of V in N digits against printf, and that
 * nothing is written past them. */
static void
check_width (guint32 v, guint n)
{
  char want[32], got[12];

  g_snprintf (want, sizeof want, "%0*u", (int) n, v);
  memset (got, '#', sizeof got);
  assert_ptr_equal (decimal_put_width (got, v, n), got + n);
  assert_memory_equal (got, want, n);
  for (char *c = got + n; c < got + sizeof got; c++)
    assert_int_equal (*c, '#');
}

/* Each width, odd and even, with the least, the most and the values
 * around each power of ten it holds. */
static void
test_width (void **state)
{
  for (guint n = 1; n <= 9; n++)
    {
      guint32 top = 1;
      for (guint i = 0; i < n; i++)
        top *= 10;
      check_width (0, n);
      check_width (top - 1, n);
      for (guint32 p = 1; p < top; p *= 10)
        {
          check_width (p - 1, n);
          check_width (p, n);
          check_width (p * 7 + 3 < top ? p * 7 + 3 : p, n);
        }
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_edges),
    cmocka_unit_test (test_spread),
    cmocka_unit_test (test_width),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
