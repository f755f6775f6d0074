/* test-shared.c - strings and command lines shared by reference. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "proctab.h"
#include "shared.h"
#include "tstr.h"

/* The same string interned twice is one copy, kept until its last
 * reference goes; NULL is NULL and costs nothing. */
static void
test_intern (void **state)
{
  guint before = shared_str_count ();
  g_autofree char *dup = g_strdup ("bash");
  char *a = shared_str ("bash"), *b = shared_str (dup);

  assert_ptr_equal (a, b);
  assert_ptr_not_equal (a, dup);
  assert_string_equal (a, "bash");
  assert_int_equal (shared_str_count (), before + 1);
  char *c = shared_str ("bash ");
  assert_ptr_not_equal (a, c);
  assert_int_equal (shared_str_count (), before + 2);
  assert_ptr_equal (shared_str_ref (a), a);
  shared_str_unref (a);
  shared_str_unref (b);
  assert_int_equal (shared_str_count (), before + 2);
  assert_string_equal (a, "bash");
  shared_str_unref (a);
  shared_str_unref (c);
  assert_int_equal (shared_str_count (), before);
  assert_null (shared_str (NULL));
  assert_null (shared_str_ref (NULL));
  shared_str_unref (NULL);
  /* Any bytes, the empty string included. */
  char *e = shared_str ("");
  char *odd = shared_str ("\x1b[31m\xff\n");
  assert_string_equal (e, "");
  assert_string_equal (odd, "\x1b[31m\xff\n");
  shared_str_unref (e);
  shared_str_unref (odd);
  assert_int_equal (shared_str_count (), before);
}

/* A command line is copied whole into one block, empty arguments and all,
 * and lives as long as a reference does. */
static void
test_argv (void **state)
{
  char *argv[] = { T_STR ("cc1"), T_STR (""), T_STR ("-o"), T_STR ("/tmp/x.s"), NULL };
  char *none[] = { NULL };
  char **a = shared_argv (argv);

  assert_ptr_not_equal (a, argv);
  assert_int_equal (g_strv_length (a), 4);
  for (guint i = 0; i < 4; i++)
    {
      assert_ptr_not_equal (a[i], argv[i]);
      assert_string_equal (a[i], argv[i]);
    }
  assert_null (a[4]);
  assert_ptr_equal (shared_argv_ref (a), a);
  shared_argv_unref (a);
  assert_string_equal (a[3], "/tmp/x.s");
  shared_argv_unref (a);
  char **n = shared_argv (none);
  assert_non_null (n);
  assert_null (n[0]);
  shared_argv_unref (n);
  assert_null (shared_argv (NULL));
  assert_null (shared_argv_ref (NULL));
  shared_argv_unref (NULL);
}

/* The model's strings are shared: a forked child and a copy of the table
 * hold its parent's, an exec and a rename replace them, and once every
 * table is gone no string is left. */
static void
test_tables_share (void **state)
{
  guint before = shared_str_count ();
  char *argv[] = { T_STR ("/bin/sh"), T_STR ("-c"), T_STR ("x"), NULL };
  Proctab *pt = proctab_new (G_GINT64_CONSTANT (1000000000), 10);
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 10, .tgid = 10, .comm = T_STR ("sh"),
                 .exe = T_STR ("/bin/sh"), .argv = argv };
  Event fork = { .kind = EVENT_FORK, .pid = 11, .tgid = 11, .ppid = 10, .ptgid = 10,
                 .mono_ns = 5 };
  Event rename = { .kind = EVENT_COMM, .pid = 11, .tgid = 11, .comm = T_STR ("worker") };

  proctab_apply (pt, &snap);
  proctab_apply (pt, &fork);
  Proc *parent = proctab_lookup (pt, 10), *child = proctab_lookup (pt, 11);
  assert_ptr_equal (child->comm, parent->comm);
  assert_ptr_equal (child->argv, parent->argv);
  assert_ptr_equal (child->exe, parent->exe);
  Proctab *copy = proctab_copy (pt);
  assert_ptr_equal (proctab_lookup (copy, 11)->argv, parent->argv);
  proctab_apply (pt, &rename);
  assert_string_equal (child->comm, "worker");
  assert_string_equal (proctab_lookup (copy, 11)->comm, "sh");
  assert_string_equal (parent->comm, "sh");
  proctab_free (pt);
  assert_string_equal (proctab_lookup (copy, 10)->argv[2], "x");
  proctab_free (copy);
  assert_int_equal (shared_str_count (), before);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_intern),
    cmocka_unit_test (test_argv),
    cmocka_unit_test (test_tables_share),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
