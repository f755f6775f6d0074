/* test-recall.c - lines typed before, brought back as a shell does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "recall.h"

/* Up goes back through what was kept, newest first, and stops at the
 * oldest; Down comes forward to what was being typed; the empty is not
 * kept, and a line kept again becomes the newest, once. */
static void
test_steps (void **state)
{
  Recall r;

  recall_init (&r);
  assert_null (recall_step (&r, -1, "typ"));
  assert_null (recall_step (&r, 1, "typ"));
  recall_add (&r, "failed");
  recall_add (&r, "");
  recall_add (&r, NULL);
  recall_add (&r, "user:alice");
  recall_add (&r, "cc1");
  assert_string_equal (recall_step (&r, -1, "ma"), "cc1");
  assert_string_equal (recall_step (&r, -1, "cc1"), "user:alice");
  assert_string_equal (recall_step (&r, -1, "user:alice"), "failed");
  assert_null (recall_step (&r, -1, "failed"));
  assert_string_equal (recall_step (&r, 1, "failed"), "user:alice");
  assert_string_equal (recall_step (&r, 1, "user:alice"), "cc1");
  assert_string_equal (recall_step (&r, 1, "cc1"), "ma");
  assert_null (recall_step (&r, 1, "ma"));
  /* Kept again: the newest, not twice. */
  recall_add (&r, "failed");
  assert_int_equal (r.lines->len, 3);
  assert_string_equal (recall_step (&r, -1, ""), "failed");
  assert_string_equal (recall_step (&r, -1, "failed"), "cc1");
  /* Rewound: from the draft again. */
  recall_rewind (&r);
  assert_string_equal (recall_step (&r, -1, "x"), "failed");
  recall_clear (&r);
}

/* At most RECALL_MAX lines: the oldest go. */
static void
test_bound (void **state)
{
  Recall r;

  recall_init (&r);
  for (guint i = 0; i < RECALL_MAX + 10; i++)
    {
      g_autofree char *line = g_strdup_printf ("pid:%u", i);
      recall_add (&r, line);
    }
  assert_int_equal (r.lines->len, RECALL_MAX);
  assert_string_equal (r.lines->pdata[0], "pid:10");
  guint n = 0;
  while (recall_step (&r, -1, "") && n < 2 * RECALL_MAX)
    n++;
  assert_int_equal (n, RECALL_MAX);
  recall_clear (&r);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_steps),
    cmocka_unit_test (test_bound),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
