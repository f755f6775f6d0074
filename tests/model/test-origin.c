/* test-origin.c - origins and the entity ids built from them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "origin.h"

#include <string.h>

#define BOOT "2a8c265f-f463-4ecf-81fe-4f72face922a"

/* The id of TGID started at START_NS during BOOT_ID, or NULL when none. */
static char *
entity (const char *boot_id, gint tgid, gint64 start_ns)
{
  g_autoptr (GString) out = g_string_new ("x");
  if (!origin_entity_id (out, boot_id, tgid, start_ns))
    {
      assert_string_equal (out->str, "x");  /* nothing appended */
      return NULL;
    }
  return g_strdup (out->str + 1);
}

/* BOOT_ID:TGID:START_NS/10ms, in decimal. */
static void
test_entity_id (void **state)
{
  g_autofree char *a = entity (BOOT, 4242, G_GINT64_CONSTANT (17145660000000));
  g_autofree char *b = entity (BOOT, 1, 300000000);
  g_autofree char *c = entity (BOOT, G_MAXINT, G_MAXINT64);

  assert_string_equal (a, BOOT ":4242:1714566");
  assert_string_equal (b, BOOT ":1:30");
  assert_string_equal (c, BOOT ":2147483647:922337203685");
}

/* Appended after what the string holds, growing it, with a boot id of any
 * length (a recording's header names it); origin_entity_id_put writes the
 * same within the room it asks for, or nothing. */
static void
test_entity_id_room (void **state)
{
  g_autofree char *boot = g_strnfill (300, 'b');
  g_autoptr (GString) out = g_string_sized_new (4);
  g_autofree char *want = g_strconcat ("head:", boot, ":0:1", NULL);

  g_string_append (out, "head:");
  assert_true (origin_entity_id (out, boot, 0, 10000000));
  assert_string_equal (out->str, want);

  gsize room = ORIGIN_ENTITY_ID_ROOM (strlen (BOOT));
  g_autofree char *buf = g_malloc (room);
  char *end = origin_entity_id_put (buf, BOOT, strlen (BOOT), G_MAXINT, G_MAXINT64);
  assert_non_null (end);
  assert_true (end <= buf + room);
  assert_memory_equal (buf, BOOT ":2147483647:922337203685", end - buf);
  assert_int_equal (end - buf, strlen (BOOT ":2147483647:922337203685"));
  assert_null (origin_entity_id_put (buf, NULL, 0, 1, 1));
  assert_null (origin_entity_id_put (buf, BOOT, strlen (BOOT), 1, 0));
}

/* The start is counted in /proc's 10 ms ticks: a fork's nanoseconds and
 * the tick /proc gives for the same start make one id; the next tick
 * another (a reused pid). */
static void
test_entity_id_ticks (void **state)
{
  g_autofree char *fork = entity (BOOT, 77, 123456789012);   /* 12345.6789012 ticks */
  g_autofree char *proc = entity (BOOT, 77, 12345 * G_GINT64_CONSTANT (10000000));
  g_autofree char *later = entity (BOOT, 77, 12346 * G_GINT64_CONSTANT (10000000));
  g_autofree char *other_boot = entity ("00000000-0000-0000-0000-000000000000", 77,
                                        123456789012);

  assert_string_equal (fork, proc);
  assert_string_not_equal (fork, later);
  assert_string_not_equal (fork, other_boot);
}

/* No boot id, or no start: no id, rather than one that could collide. */
static void
test_entity_id_unknown (void **state)
{
  assert_null (entity (NULL, 4242, 1000000000));
  assert_null (entity (BOOT, 4242, 0));
  assert_null (entity (BOOT, 4242, -5));
  g_autofree char *first_tick = entity (BOOT, 4242, 1);
  assert_string_equal (first_tick, BOOT ":4242:0");
}

/* Copies and comparisons, NULL fields included. */
static void
test_dup_equal (void **state)
{
  g_autoptr (Origin) a = origin_new ();
  g_autoptr (Origin) none = NULL;

  a->version = g_strdup ("0.1.0");
  a->host = g_strdup ("web1");
  a->boot_id = g_strdup (BOOT);
  g_autoptr (Origin) b = origin_dup (a);
  assert_ptr_not_equal (a->host, b->host);
  assert_true (origin_equal (a, b));
  b->kernel = g_strdup ("6.18");
  assert_false (origin_equal (a, b));
  g_clear_pointer (&b->kernel, g_free);
  g_clear_pointer (&b->host, g_free);
  assert_false (origin_equal (a, b));
  assert_false (origin_equal (a, NULL));
  assert_true (origin_equal (NULL, NULL));
  assert_null (origin_dup (none));
  origin_free (NULL);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_entity_id),
    cmocka_unit_test (test_entity_id_room),
    cmocka_unit_test (test_entity_id_ticks),
    cmocka_unit_test (test_entity_id_unknown),
    cmocka_unit_test (test_dup_equal),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
