/* test-oomkill.c - the OOM killer's victims read from the kernel's log:
 * its two kinds of records, the kernel's facility only, names that try to
 * pass for a pid; and a log read from where it was opened. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "oomkill.h"

/* The pid record S names. */
static gint
parse (const char *s)
{
  return oomkill_parse (s, strlen (s));
}

/* The kernel's records of a kill, old and new, global and in a cgroup. */
static void
test_records (void **state)
{
  assert_int_equal (parse ("3,2212,1234567,-;Out of memory: Killed process 4242 (stress) "
                           "total-vm:1056768kB, anon-rss:1048576kB, file-rss:0kB, "
                           "shmem-rss:0kB, UID:0 pgtables:2104kB oom_score_adj:0\n"), 4242);
  assert_int_equal (parse ("3,2213,1234567,-;Memory cgroup out of memory: Killed process 77 "
                           "(python3) total-vm:9kB\n SUBSYSTEM=memory\n"), 77);
  assert_int_equal (parse ("3,1,2,-;Killed process 9 (a) total-vm:1kB"), 9);
  assert_int_equal (parse ("6,2210,1234560,-;oom-kill:constraint=CONSTRAINT_MEMCG,"
                           "nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/t,"
                           "task_memcg=/t,task=stress,pid=4242,uid=0\n"), 4242);
  assert_int_equal (parse ("6,1,2,-;oom-kill:task=x,pid=12"), 12);
  /* a name that looks like a pid comes before the kernel's */
  assert_int_equal (parse ("6,1,2,-;oom-kill:cpuset=/,pid=1,task=a,pid=9,uid=0,pid=5,"
                           "uid=0"), 5);
  assert_int_equal (parse ("4,1,2,-;oom_reaper: reaped process 4242 (stress), now "
                           "anon-rss:0kB"), 0);
  assert_int_equal (parse ("4,1,2,-;stress[4242]: segfault at 0 ip 0 sp 0 error 4"), 0);
  assert_int_equal (parse ("4,1,2,-;stress invoked oom-killer: gfp_mask=0xcc0"), 0);
  /* a message about something else that names a process that way */
  assert_int_equal (parse ("6,1,2,-;audit: note: Killed process 5 ("), 0);
}

/* Not the kernel's, or broken: no victim. */
static void
test_refused (void **state)
{
  /* facility 1 (user): anyone who may write to /dev/kmsg */
  assert_int_equal (parse ("11,5,6,-;Out of memory: Killed process 4242 (stress)"), 0);
  assert_int_equal (parse ("14,5,6,-;oom-kill:task=x,pid=4242,uid=0"), 0);
  assert_int_equal (parse ("Out of memory: Killed process 4242 (stress)"), 0);
  assert_int_equal (parse (";Killed process 1 (x)"), 0);
  assert_int_equal (parse ("3,1,2,-;Out of memory: Killed process 4242"), 0);
  assert_int_equal (parse ("3,1,2,-;Out of memory: Killed process (x)"), 0);
  assert_int_equal (parse ("3,1,2,-;Out of memory: Killed process 0 (x)"), 0);
  assert_int_equal (parse ("3,1,2,-;Out of memory: Killed process 2147483648 (x)"), 0);
  assert_int_equal (parse ("3,1,2,-;Out of memory: Killed process 99999999999999 (x)"), 0);
  assert_int_equal (parse ("3,1,2,-;oom-kill:task=x,pid=12x"), 0);
  assert_int_equal (parse ("3,1,2,-;oom-kill:task=x"), 0);
  assert_int_equal (parse ("3,1,2,-;Out of memory:\nKilled process 5 (x)"), 0);
  assert_int_equal (oomkill_parse ("3,1,2,-;Killed process 5 (x)", 20), 0);
  assert_int_equal (oomkill_parse ("", 0), 0);
  assert_int_equal (oomkill_parse ("3", 1), 0);
}

/* A log read from where it was opened on; a victim noted is taken once. */
static void
test_log (void **state)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  int fd = g_file_open_tmp ("oomkill-XXXXXX", &path, NULL);
  static const char old[] = "3,1,2,-;Out of memory: Killed process 11 (a)\n";

  assert_true (fd >= 0);
  assert_int_equal (write (fd, old, sizeof old - 1), sizeof old - 1);
  g_autoptr (Oomkill) o = oomkill_new (path, &error);
  assert_non_null (o);
  /* a regular file reads as one record: the one written after opening */
  static const char rec[] = "3,2,3,-;Memory cgroup out of memory: Killed process 22 (b)\n";
  assert_int_equal (write (fd, rec, sizeof rec - 1), sizeof rec - 1);
  close (fd);
  assert_false (oomkill_take (o, 11));
  assert_true (oomkill_take (o, 22));
  assert_false (oomkill_take (o, 22));
  oomkill_note (o, 33);
  assert_true (oomkill_take (o, 33));
  unlink (path);

  g_autoptr (GError) missing = NULL;
  assert_null (oomkill_new ("/nonexistent/kmsg", &missing));
  assert_true (g_error_matches (missing, G_FILE_ERROR, G_FILE_ERROR_NOENT));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_records),
    cmocka_unit_test (test_refused),
    cmocka_unit_test (test_log),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
