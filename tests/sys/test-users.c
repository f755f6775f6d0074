/* test-users.c - user names and the user parser, against this machine's
 * user database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pwd.h>
#include <cmocka.h>

#include "users.h"

/* A uid that no test machine is expected to name. */
#define NOBODY_UID 54321

/* The name of uid 0 on this machine (normally "root"). */
static const char *
root_name (void)
{
  struct passwd *pw = getpwuid (0);
  return pw ? pw->pw_name : "0";
}

/* Names resolve once and are cached; unknown uids give NULL. */
static void
test_name (void **state)
{
  const char *a = users_name (0);
  assert_string_equal (a, root_name ());
  assert_ptr_equal (users_name (0), a);
  assert_null (users_name (NOBODY_UID));
  assert_null (users_name (NOBODY_UID));
}

/* A name or a number; anything else leaves the uid alone. */
static void
test_parse (void **state)
{
  guint32 uid = 7;
  assert_true (users_parse (root_name (), &uid));
  assert_int_equal (uid, 0);
  assert_true (users_parse ("4242", &uid));
  assert_int_equal (uid, 4242);
  assert_false (users_parse ("no-such-user-xyz", &uid));
  assert_false (users_parse ("12x", &uid));
  assert_false (users_parse ("99999999999", &uid));
  assert_false (users_parse ("", &uid));
  assert_int_equal (uid, 4242);
}

/* The names a recording gave: looked up and parsed as that machine's, the
 * last word for a uid winning, and no more than USERS_RECORDED_MAX uids. */
static void
test_recorded (void **state)
{
  guint32 uid = 7;

  assert_null (users_recorded (NOBODY_UID));
  assert_false (users_parse_recorded ("far-user", &uid));
  users_record (NOBODY_UID, "far-user");
  assert_string_equal (users_recorded (NOBODY_UID), "far-user");
  assert_true (users_parse_recorded ("far-user", &uid));
  assert_int_equal (uid, NOBODY_UID);
  assert_true (users_parse_recorded ("17", &uid));
  assert_int_equal (uid, 17);
  users_record (NOBODY_UID, "renamed");
  assert_string_equal (users_recorded (NOBODY_UID), "renamed");
  /* This machine's database is another. */
  assert_null (users_name (NOBODY_UID));
  for (guint32 u = 1; u <= USERS_RECORDED_MAX + 10; u++)
    users_record (100000 + u, "many");
  assert_non_null (users_recorded (100000 + USERS_RECORDED_MAX - 1));
  assert_null (users_recorded (100000 + USERS_RECORDED_MAX + 10));
  users_record (NOBODY_UID, "kept");
  assert_string_equal (users_recorded (NOBODY_UID), "kept");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_name),
    cmocka_unit_test (test_parse),
    cmocka_unit_test (test_recorded),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
