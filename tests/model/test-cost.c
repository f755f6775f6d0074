/* test-cost.c - what a process cost: packed fields, shared references,
 * names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "event.h"

/* Only the measured fields are held, each with its value, in any mix. */
static void
test_fields (void **state)
{
  for (guint32 have = 0; have < (1u << 10); have += 7)
    {
      CostValues v = { .have = have | COST_BIT (COST_DELAY_IRQ) };
      for (guint f = 0; f < COST_FIELD_MAX; f++)
        v.v[f] = 1000 * f + have;
      g_autoptr (Cost) c = cost_new (&v);
      for (guint f = 0; f < COST_FIELD_MAX; f++)
        {
          guint64 got = 0;
          gboolean held = cost_get (c, f, &got);
          assert_int_equal (held, (v.have & COST_BIT (f)) != 0);
          if (held)
            assert_int_equal (got, 1000 * f + have);
        }
      CostValues back;
      cost_values (c, &back);
      assert_int_equal (back.have, v.have);
      g_autoptr (Cost) again = cost_new (&back);
      assert_true (cost_equal (c, again));
    }
  assert_false (cost_get (NULL, COST_CPU, NULL));
  assert_false (cost_get (NULL, COST_FIELD_MAX, NULL));
}

/* No field measured: no cost; bits past the last field are not fields. */
static void
test_empty (void **state)
{
  CostValues v = { .have = 0 };
  assert_null (cost_new (&v));
  v.have = ~COST_BIT (COST_FIELD_MAX) & ~(COST_BIT (COST_FIELD_MAX) - 1);
  assert_null (cost_new (&v));
  assert_true (cost_equal (NULL, NULL));
  v.have = COST_BIT (COST_CPU);
  g_autoptr (Cost) c = cost_new (&v);
  assert_false (cost_equal (c, NULL));
  assert_false (cost_equal (NULL, c));
  v.v[COST_CPU] = 1;
  g_autoptr (Cost) d = cost_new (&v);
  assert_false (cost_equal (c, d));
}

/* An event's copy shares its cost, and each drops its own reference. */
static void
test_shared (void **state)
{
  CostValues v = { .have = COST_BIT (COST_CPU), .v = { [COST_CPU] = 42 } };
  Event ev = { .kind = EVENT_EXIT, .cost = cost_new (&v) };
  g_autoptr (Event) copy = event_dup (&ev);
  assert_ptr_equal (copy->cost, ev.cost);
  event_clear (&ev);
  guint64 cpu = 0;
  assert_true (cost_get (copy->cost, COST_CPU, &cpu));
  assert_int_equal (cpu, 42);
  assert_null (cost_ref (NULL));
  cost_unref (NULL);
}

/* Every field has a name, which names it back; others name none. */
static void
test_names (void **state)
{
  for (guint f = 0; f < COST_FIELD_MAX; f++)
    {
      assert_non_null (cost_field_name (f));
      assert_int_equal (cost_field_parse (cost_field_name (f)), f);
    }
  assert_null (cost_field_name (COST_FIELD_MAX));
  assert_int_equal (cost_field_parse ("cpu"), -1);
  assert_int_equal (cost_field_parse (""), -1);
  assert_string_equal (cost_field_name (COST_PEAK_RSS), "peak_rss_bytes");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fields),
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_shared),
    cmocka_unit_test (test_names),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
