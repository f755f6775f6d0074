/* test-filter.c - the filter language: every term, negation, quoting,
 * errors with their column, and matching processes and events. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"
#include "tstr.h"

#define SEC G_GINT64_CONSTANT (1000000000)

/* A user database of two: root is 0, alice 1000. */
static gboolean
test_users (const char *s, guint32 *uid, gpointer user)
{
  if (strcmp (s, "root") == 0 || strcmp (s, "0") == 0)
    *uid = 0;
  else if (strcmp (s, "alice") == 0 || strcmp (s, "1000") == 0)
    *uid = 1000;
  else
    return FALSE;
  return TRUE;
}

/* Parses EXPR, which must parse. */
static Filter *
parse (const char *expr)
{
  g_autoptr (GError) error = NULL;
  Filter *f = filter_parse (expr, test_users, NULL, &error);
  if (!f)
    fail_msg ("'%s' did not parse: %s", expr ? expr : "(null)", error->message);
  return f;
}

/* Asserts that EXPR fails with a message starting "column COL:" and
 * holding WHAT. */
static void
assert_parse_error (const char *expr, int col, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Filter) f = filter_parse (expr, test_users, NULL, &error);
  g_autofree char *prefix = g_strdup_printf ("column %d: ", col);

  assert_null (f);
  assert_true (g_error_matches (error, FILTER_ERROR, FILTER_ERROR_PARSE));
  if (!g_str_has_prefix (error->message, prefix) || !strstr (error->message, what))
    fail_msg ("'%s' gave '%s', want '%s...%s'", expr, error->message, prefix, what);
}

/* A small tree at 100 s: 1 init(0) -> 100 sshd(0) -> 200 bash(1000) ->
 * 300 make -j8(1000) started at 90 s; 400 cc1 exited 1 after 2 s; 500 sh
 * exited 0 after 10 ms. */
static Proctab *
make_tree (void)
{
  Proctab *pt = proctab_new (60 * SEC, 100);
  char *argv[] = { T_STR ("make"), T_STR ("-j8"), NULL };
  struct { gint pid, ppid; const char *comm; guint32 uid; gint64 start; } t[] = {
    { 1, 0, "init", 0, 1 }, { 100, 1, "sshd", 0, 2 }, { 200, 100, "bash", 1000, 50 },
    { 300, 200, "make", 1000, 90 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      Event ev = { .kind = EVENT_SNAPSHOT, .pid = t[i].pid, .tgid = t[i].pid,
                   .ptgid = t[i].ppid, .comm = T_STR (t[i].comm), .mono_ns = 100 * SEC,
                   .ruid = t[i].uid, .euid = t[i].uid, .flags = EVENT_F_CREDS | EVENT_F_START,
                   .start_ns = t[i].start * SEC, .argv = t[i].pid == 300 ? argv : NULL };
      proctab_apply (pt, &ev);
    }
  Event fork = { .kind = EVENT_FORK, .pid = 400, .tgid = 400, .ppid = 300, .ptgid = 300,
                 .mono_ns = 95 * SEC };
  Event exec = { .kind = EVENT_EXEC, .pid = 400, .tgid = 400, .mono_ns = 95 * SEC,
                 .comm = T_STR ("cc1") };
  Event exit = { .kind = EVENT_EXIT, .pid = 400, .tgid = 400, .ppid = 300, .ptgid = 300,
                 .mono_ns = 97 * SEC, .exit_code = 1 << 8 };
  proctab_apply (pt, &fork);
  proctab_apply (pt, &exec);
  proctab_apply (pt, &exit);
  Event fork2 = { .kind = EVENT_FORK, .pid = 500, .tgid = 500, .ppid = 200, .ptgid = 200,
                  .mono_ns = 98 * SEC };
  Event exec2 = { .kind = EVENT_EXEC, .pid = 500, .tgid = 500, .mono_ns = 98 * SEC,
                  .comm = T_STR ("sh") };
  Event exit2 = { .kind = EVENT_EXIT, .pid = 500, .tgid = 500, .ppid = 200, .ptgid = 200,
                  .mono_ns = 98 * SEC + 10000000 };
  proctab_apply (pt, &fork2);
  proctab_apply (pt, &exec2);
  proctab_apply (pt, &exit2);
  return pt;
}

/* The serial of the process PID last seen in PT, alive or exited. */
static const Proc *
find (Proctab *pt, gint pid)
{
  for (guint64 s = 1; s < 100; s++)
    {
      const Proc *p = proctab_lookup_serial (pt, s);
      if (p && p->pid == pid)
        return p;
    }
  return NULL;
}

/* The pids in PT (live and exited) that EXPR matches at 100 s, as
 * "1 100 ...", ascending. */
static char *
matching (Proctab *pt, const char *expr)
{
  g_autoptr (Filter) f = parse (expr);
  const gint pids[] = { 1, 100, 200, 300, 400, 500 };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    if (filter_match_proc (f, find (pt, pids[i]), 100 * SEC))
      g_string_append_printf (out, "%s%d", out->len ? " " : "", pids[i]);
  return g_string_free (out, FALSE);
}

/* Asserts that EXPR matches exactly the processes WANT. */
static void
assert_matching (Proctab *pt, const char *expr, const char *want)
{
  g_autofree char *got = matching (pt, expr);
  if (strcmp (got, want) != 0)
    fail_msg ("'%s' matched '%s', want '%s'", expr, got, want);
}

/* Globs match whole names, plain words match substrings. */
static void
test_comm_patterns (void **state)
{
  assert_true (filter_comm_matches ("sh", "bash"));
  assert_true (filter_comm_matches ("sh", "sshd"));
  assert_false (filter_comm_matches ("sh*", "bash"));
  assert_true (filter_comm_matches ("b?sh", "bash"));
  assert_true (filter_comm_matches ("[bz]sh", "zsh"));
  assert_false (filter_comm_matches ("Bash", "bash"));
  assert_false (filter_comm_matches ("x", NULL));
  assert_true (filter_comm_matches ("", "anything"));
  assert_true (filter_comm_matches ("[", "["));   /* an unclosed bracket is literal */
  assert_false (filter_comm_matches ("[", "x"));
  /* '=': exactly the rest, no glob. */
  assert_true (filter_comm_matches ("=sh", "sh"));
  assert_false (filter_comm_matches ("=sh", "bash"));
  assert_false (filter_comm_matches ("=sh", "backup-job.sh"));
  assert_false (filter_comm_matches ("=s*", "sh"));
  assert_true (filter_comm_matches ("=s*", "s*"));
  assert_false (filter_comm_matches ("=sh", NULL));
}

/* The exact form people guess: =NAME, also negated and in keyed lists;
 * a bare '=' is an error. */
static void
test_exact_names (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();

  assert_matching (pt, "=sh", "500");
  assert_matching (pt, "!=sh", "1 100 200 300 400");
  assert_matching (pt, "comm:=sh,=make", "300 500");
  assert_matching (pt, "comm:=sh,ma", "300 500");
  assert_matching (pt, "cmd:=make -j8", "");
  assert_matching (pt, "cmd:\"=make -j8\"", "300");
  assert_parse_error ("=", 1, "'=' needs a name after it");
  assert_parse_error ("sh comm:a,=", 9, "'=' needs a name");
}

/* Every term on processes, and terms combined with AND and negated. */
static void
test_terms_on_processes (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();

  assert_matching (pt, "", "1 100 200 300 400 500");
  assert_matching (pt, "   ", "1 100 200 300 400 500");
  assert_matching (pt, "sh", "100 200 500");
  assert_matching (pt, "sh*", "500");
  assert_matching (pt, "comm:make,cc1", "300 400");
  assert_matching (pt, "cmd:-j8", "300");
  assert_matching (pt, "cmd:\"make -j8\"", "300");
  assert_matching (pt, "cmd:make*8", "300");
  /* forked children have their parent's users */
  assert_matching (pt, "user:alice", "200 300 400 500");
  assert_matching (pt, "user:root,1000", "1 100 200 300 400 500");
  assert_matching (pt, "user:root", "1 100");
  assert_matching (pt, "pid:200", "200 300 400 500");
  assert_matching (pt, "ppid:300,100", "200 400");
  assert_matching (pt, "event:exit", "400 500");
  assert_matching (pt, "event:exec,snapshot", "1 100 200 300 400 500");
  assert_matching (pt, "event:fork", "400 500");
  assert_matching (pt, "failed", "400");
  assert_matching (pt, "!failed", "1 100 200 300 500");
  assert_matching (pt, "lived<1s", "500");
  assert_matching (pt, "lived<20", "300 400 500");
  assert_matching (pt, "lived>1m", "1 100");
  assert_matching (pt, "lived>2s lived<1m", "200 300");
  assert_matching (pt, "pid:200 !sh", "300 400");
  assert_matching (pt, "!user:alice !init", "100");
  assert_matching (pt, "kworker/0:1", "");
}

/* Each filter says what it was; its terms can be taken out one key at a
 * time, and the text of a shorthand quotes what needs it. */
static void
test_text (void **state)
{
  g_autoptr (Filter) f = parse ("  sh   user:alice  !failed cmd:\"a b\" lived<1s  ");
  assert_string_equal (filter_text (f), "sh user:alice !failed cmd:\"a b\" lived<1s");
  assert_false (filter_is_empty (f));
  assert_false (filter_has_kinds (f));
  assert_false (filter_failures_only (f));
  g_autofree char *a = filter_text_without (f, "user");
  assert_string_equal (a, "sh !failed cmd:\"a b\" lived<1s");
  g_autofree char *b = filter_text_without (f, "failed");
  assert_string_equal (b, "sh user:alice cmd:\"a b\" lived<1s");
  g_autofree char *c = filter_text_without (f, "comm");
  assert_string_equal (c, "user:alice !failed cmd:\"a b\" lived<1s");
  g_autofree char *d = filter_text_without (f, "lived");
  assert_string_equal (d, "sh user:alice !failed cmd:\"a b\"");

  g_autoptr (Filter) e = parse (NULL);
  assert_true (filter_is_empty (e));
  assert_string_equal (filter_text (e), "");
  g_autoptr (Filter) g = parse ("failed event:exit");
  assert_true (filter_failures_only (g));
  assert_true (filter_has_kinds (g));

  g_autoptr (GString) q = g_string_new ("cmd:");
  filter_append_quoted (q, "say \"hi\" \\o/");
  assert_string_equal (q->str, "cmd:\"say \\\"hi\\\" \\\\o/\"");
  g_autoptr (Filter) h = parse (q->str);
  g_autoptr (Proctab) pt = proctab_new (SEC, 10);
  char *argv[] = { T_STR ("say"), T_STR ("\"hi\""), T_STR ("\\o/"), NULL };
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = 7, .tgid = 7, .comm = T_STR ("say"),
               .argv = argv };
  assert_true (filter_match_proc (h, proctab_apply (pt, &ev), 0));
  g_string_assign (q, "");
  filter_append_quoted (q, "plain");
  assert_string_equal (q->str, "plain");
  g_string_assign (q, "");
  filter_append_quoted (q, "");
  assert_string_equal (q->str, "\"\"");
}

/* Bad expressions name the column (in characters) and what is wrong. */
static void
test_errors (void **state)
{
  assert_parse_error ("sh frob:x", 4, "unknown term 'frob:'");
  assert_parse_error ("user:nobody-here", 6, "no such user 'nobody-here'");
  assert_parse_error ("pid:12x", 5, "needs pids");
  assert_parse_error ("pid:0", 5, "needs pids");
  assert_parse_error ("ppid:", 6, "needs a value");
  assert_parse_error ("ppid:1,,2", 6, "needs a value");
  assert_parse_error ("comm:a,", 6, "needs a value");
  assert_parse_error ("event:fork,frok", 7, "unknown event kind 'frok'");
  assert_parse_error ("lived<fast", 7, "needs a duration");
  assert_parse_error ("lived>-1s", 7, "needs a duration");
  assert_parse_error ("lived<nan", 7, "needs a duration");
  assert_parse_error ("lived<1e30", 7, "at most 100 years");
  assert_parse_error ("lived<5x", 7, "needs a duration");
  assert_parse_error ("cmd:\"open", 5, "quote is not closed");
  assert_parse_error ("a !", 4, "'!' needs a term");
  assert_parse_error ("comm:", 6, "needs a pattern");
  assert_parse_error ("ünïcödé frob:x", 9, "unknown term");
  /* Without a user database, no user term parses. */
  g_autoptr (GError) error = NULL;
  g_autoptr (Filter) f = filter_parse ("user:root", NULL, NULL, &error);
  assert_null (f);
  /* A name with a colon that is no key is a name. */
  g_autoptr (Filter) g = parse ("kworker/0:1");
  g_autoptr (Filter) h = parse ("comm:\"a:b\"");
  assert_non_null (g);
  assert_non_null (h);
}

/* Events: kinds, failures, the children of given parents; losses always
 * pass; snapshots only when asked for. */
static void
test_match_event (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  g_autoptr (Filter) f = parse ("event:exit failed ppid:200");
  g_autoptr (Filter) none = parse ("");

  Event fork = { .kind = EVENT_FORK, .pid = 301, .tgid = 301, .ptgid = 200 };
  Proc *p = proctab_apply (pt, &fork);
  assert_false (filter_match_event (f, &fork, p, NULL, FALSE));

  Event ok = { .kind = EVENT_EXIT, .pid = 301, .tgid = 301, .ptgid = 200, .exit_code = 0 };
  Event bad = ok;
  bad.exit_code = 1 << 8;
  Event killed = ok;
  killed.exit_code = 9;
  assert_false (filter_match_event (f, &ok, p, NULL, FALSE));
  assert_true (filter_match_event (f, &bad, p, NULL, FALSE));
  assert_true (filter_match_event (f, &killed, p, NULL, FALSE));

  /* a failing child of another parent is not reported */
  Event other = { .kind = EVENT_EXIT, .pid = 200, .tgid = 200, .ptgid = 100, .exit_code = 256 };
  assert_false (filter_match_event (f, &other, proctab_lookup (pt, 200), NULL, FALSE));

  /* losses always pass */
  Event lost = { .kind = EVENT_LOST, .lost = 3 };
  assert_true (filter_match_event (f, &lost, NULL, NULL, FALSE));

  /* without a process, the event's own fields decide */
  Event unknown = { .kind = EVENT_EXIT, .pid = 999, .tgid = 999, .ptgid = 200, .exit_code = 256 };
  assert_true (filter_match_event (f, &unknown, NULL, NULL, FALSE));
  unknown.ptgid = 5;
  assert_false (filter_match_event (f, &unknown, NULL, NULL, FALSE));

  /* snapshots: only for a recording, or when asked for by kind */
  Event snap = { .kind = EVENT_SNAPSHOT, .pid = 300, .tgid = 300 };
  assert_false (filter_match_event (none, &snap, proctab_lookup (pt, 300), NULL, FALSE));
  assert_true (filter_match_event (none, &snap, proctab_lookup (pt, 300), NULL, TRUE));
  g_autoptr (Filter) snaps = parse ("event:snapshot");
  assert_true (filter_match_event (snaps, &snap, proctab_lookup (pt, 300), NULL, FALSE));
}

/* An event is judged on its subject as it was at the event: the name given
 * (a log's), the event's own name, ids and command line before the
 * process's now. */
static void
test_event_subject (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  const Proc *make = proctab_lookup (pt, 300);
  g_autoptr (Filter) byname = parse ("mak");
  g_autoptr (Filter) x = parse ("x");
  g_autoptr (Filter) byuser = parse ("user:root");
  g_autoptr (Filter) bycmd = parse ("cmd:gcc");
  g_autoptr (Filter) notfork = parse ("!event:fork");
  g_autoptr (Filter) lived = parse ("lived>5s");

  Event comm = { .kind = EVENT_COMM, .pid = 300, .tgid = 300, .comm = T_STR ("x") };
  assert_true (filter_match_event (x, &comm, make, NULL, FALSE));
  assert_false (filter_match_event (byname, &comm, make, NULL, FALSE));
  Event fork = { .kind = EVENT_FORK, .pid = 300, .tgid = 300, .ptgid = 200 };
  assert_true (filter_match_event (byname, &fork, make, NULL, FALSE));
  assert_false (filter_match_event (byname, &fork, make, "bash", FALSE));
  assert_false (filter_match_event (notfork, &fork, make, NULL, FALSE));
  assert_true (filter_match_event (notfork, &comm, make, NULL, FALSE));

  Event uid = { .kind = EVENT_UID, .pid = 300, .tgid = 300, .ruid = 1000, .euid = 0 };
  assert_true (filter_match_event (byuser, &uid, make, NULL, FALSE));
  Event exec = { .kind = EVENT_EXEC, .pid = 300, .tgid = 300, .comm = T_STR ("gcc"),
                 .argv = (char *[]) { T_STR ("gcc"), T_STR ("-c"), NULL } };
  assert_true (filter_match_event (bycmd, &exec, make, NULL, FALSE));
  assert_false (filter_match_proc (bycmd, make, 100 * SEC));

  /* a lifetime at the event's time */
  Event at95 = { .kind = EVENT_COMM, .pid = 300, .tgid = 300, .mono_ns = 92 * SEC };
  Event at99 = { .kind = EVENT_COMM, .pid = 300, .tgid = 300, .mono_ns = 99 * SEC };
  assert_false (filter_match_event (lived, &at95, make, NULL, FALSE));
  assert_true (filter_match_event (lived, &at99, make, NULL, FALSE));
}

/* Exits count the ends of processes only, as the model concluded them:
 * a leader's early exit and other threads' exits pass only when threads
 * are asked for, and never as failures; the last thread's end is one. */
static void
test_thread_exits (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  g_autoptr (Filter) exits = parse ("event:exit ppid:200");
  g_autoptr (Filter) failed = parse ("event:exit ppid:200 failed");

  Event fork = { .kind = EVENT_FORK, .pid = 301, .tgid = 301, .ptgid = 200 };
  proctab_apply (pt, &fork);
  Event thread = { .kind = EVENT_FORK, .pid = 302, .tgid = 301, .ptgid = 200 };
  proctab_apply (pt, &thread);
  Event leader = { .kind = EVENT_EXIT, .pid = 301, .tgid = 301, .ptgid = 200,
                   .exit_code = 5 << 8 };
  Proc *p = proctab_apply (pt, &leader);
  assert_int_equal (leader.ends, EVENT_ENDS_THREAD);
  assert_false (filter_match_event (exits, &leader, p, NULL, 0));
  assert_true (filter_match_event (exits, &leader, p, NULL, FILTER_SHOW_THREADS));
  assert_false (filter_match_event (failed, &leader, p, NULL, FILTER_SHOW_THREADS));

  Event last = { .kind = EVENT_EXIT, .pid = 302, .tgid = 301, .exit_code = 5 << 8,
                 .exit_signal = -1 };
  p = proctab_apply (pt, &last);
  assert_int_equal (last.ends, EVENT_ENDS_PROCESS);
  assert_true (filter_match_event (failed, &last, p, NULL, FILTER_SHOW_THREADS));
  assert_true (filter_match_event (failed, &last, p, NULL, 0));
}

/* unit: and cgroup: match the cgroup the monitor set (Proc.cgroup), which
 * a forked child inherits; a process whose cgroup is not known matches
 * neither. */
static void
test_cgroup_terms (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  const char *docker = "/system.slice/docker-0123456789abcdef0123456789abcdef"
                       "0123456789abcdef0123456789abcdef.scope";

  proc_set_cgroup (proctab_lookup (pt, 100), "/system.slice/ssh.service");
  proc_set_cgroup (proctab_lookup (pt, 200), "/user.slice/user-1000.slice/session-4.scope");
  proc_set_cgroup (proctab_lookup (pt, 300), docker);
  /* A child forked now is in its parent's cgroup, with no read. */
  Event fork = { .kind = EVENT_FORK, .pid = 600, .tgid = 600, .ppid = 100, .ptgid = 100,
                 .mono_ns = 99 * SEC };
  Proc *child = proctab_apply (pt, &fork);
  assert_string_equal (child->cgroup, "/system.slice/ssh.service");

  assert_matching (pt, "unit:ssh.service", "100");
  g_autoptr (Filter) ssh = parse ("unit:ssh");
  assert_true (filter_match_proc (ssh, child, 100 * SEC));
  assert_matching (pt, "unit:session-*", "200");
  assert_matching (pt, "unit:0123456789ab", "300");
  assert_matching (pt, "unit:0123456789abc", "");  /* the short id, whole */
  assert_matching (pt, "unit:nope,session-4.scope", "200");
  assert_matching (pt, "cgroup:/user.slice/*", "200");
  assert_matching (pt, "cgroup:docker-", "300");
  assert_matching (pt, "cgroup:*.service", "100");
  assert_matching (pt, "!unit:ssh", "1 200 300 400 500");
  assert_matching (pt, "user:alice !cgroup:*docker*", "200 400 500");

  g_autoptr (Filter) f = parse ("cc unit:ssh cgroup:/x");
  assert_true (filter_needs_cgroup (f));
  g_autoptr (Filter) plain = parse ("cc user:0 cmd:unit:x");
  assert_false (filter_needs_cgroup (plain));
  g_autofree char *a = filter_text_without (f, "unit");
  assert_string_equal (a, "cc cgroup:/x");
  g_autofree char *b = filter_text_without (f, "cgroup");
  assert_string_equal (b, "cc unit:ssh");
  assert_parse_error ("unit:", 6, "unit: needs a pattern");
  assert_parse_error ("x unit:a,,b", 8, "needs a value after each comma");
  assert_parse_error ("cgroup:", 8, "cgroup: needs a pattern");
  assert_parse_error ("units:x", 1, "unit: cgroup:");
}

/* container: matches where a process runs (Proc.where, which a fork
 * inherits): by runtime, name (as names match), id or its start; alone,
 * any container; negated, the host.  An event's own where wins. */
static void
test_container_terms (void **state)
{
  g_autoptr (Proctab) pt = make_tree ();
  Container *web = container_get ("docker", "3f2a5b6c7d8e9f0a1b2c3d4e5f6a7b8c"
                                  "9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a", NULL);
  Container *db = container_get ("podman", "0123456789abcdef0123456789abcdef"
                                 "0123456789abcdef0123456789abcdef", NULL);
  Container *box = container_get ("lxc", "box", NULL);
  Where *in_web = where_new (1, 1, web), *in_db = where_new (1, 1, db);
  Where *in_box = where_new (0, 0, box), *ns_only = where_new (1, 1, NULL);

  container_set_name (web, "web-1");
  /* 200 in web, 300 in db (400, which it forked before, was not read:
   * on the host), 100 in LXC's box without a namespace of its own. */
  struct { gint pid; Where *w; } set[] = { { 100, in_box }, { 200, in_web }, { 300, in_db } };
  for (guint i = 0; i < G_N_ELEMENTS (set); i++)
    {
      Event ev = { .kind = EVENT_SNAPSHOT, .pid = set[i].pid, .tgid = set[i].pid,
                   .ptgid = find (pt, set[i].pid)->ppid, .flags = EVENT_F_WHERE,
                   .mono_ns = 100 * SEC, .where = set[i].w };
      proctab_apply (pt, &ev);
    }
  Event fork = { .kind = EVENT_FORK, .pid = 600, .tgid = 600, .ppid = 300, .ptgid = 300,
                 .mono_ns = 99 * SEC };
  Proc *child = proctab_apply (pt, &fork);
  assert_ptr_equal (where_container (proc_where (child)), db);

  assert_matching (pt, "container:", "100 200 300");
  assert_matching (pt, "!container:", "1 400 500");
  assert_matching (pt, "container:docker:", "200");
  assert_matching (pt, "container:docker:web*", "200");
  assert_matching (pt, "container:podman:web*", "");
  assert_matching (pt, "container:web", "200");          /* a name's part */
  assert_matching (pt, "container:=web", "");            /* not the whole name */
  assert_matching (pt, "container:=web-1", "200");
  assert_matching (pt, "container:3f2a", "200");         /* the id's start */
  assert_matching (pt, "container:0123456789ab", "300");
  assert_matching (pt, "container:a5b6", "");            /* not inside the id */
  assert_matching (pt, "container:*cdef", "300");        /* a glob: the whole id */
  assert_matching (pt, "container:lxc:box", "100");
  assert_matching (pt, "container:box,3f2a", "100 200");
  assert_matching (pt, "container:k8s:", "");
  assert_matching (pt, "!container:docker: container:", "100 300");
  g_autoptr (Filter) any = parse ("container:");
  assert_true (filter_match_proc (any, child, 100 * SEC));
  assert_true (filter_needs_cgroup (any));
  g_autofree char *t = filter_text_without (any, "container");
  assert_string_equal (t, "");
  assert_parse_error ("container:a,,b", 11, "needs a value after each comma");
  assert_parse_error ("containers:x", 1, "cgroup: container:");

  /* An event says where its subject ran: a namespace of its own and no
   * container, whatever the process says now. */
  Event ev = { .kind = EVENT_EXEC, .pid = 200, .tgid = 200, .mono_ns = 100 * SEC,
               .flags = EVENT_F_WHERE, .where = ns_only };
  assert_false (filter_match_event (any, &ev, proctab_lookup (pt, 200), NULL, 0));
  ev.flags = 0;
  assert_true (filter_match_event (any, &ev, proctab_lookup (pt, 200), NULL, 0));

  where_unref (in_web);
  where_unref (in_db);
  where_unref (in_box);
  where_unref (ns_only);
  container_unref (web);
  container_unref (db);
  container_unref (box);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_comm_patterns),
    cmocka_unit_test (test_exact_names),
    cmocka_unit_test (test_terms_on_processes),
    cmocka_unit_test (test_text),
    cmocka_unit_test (test_errors),
    cmocka_unit_test (test_match_event),
    cmocka_unit_test (test_event_subject),
    cmocka_unit_test (test_thread_exits),
    cmocka_unit_test (test_cgroup_terms),
    cmocka_unit_test (test_container_terms),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
