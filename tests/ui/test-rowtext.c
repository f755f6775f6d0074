/* test-rowtext.c - tree prefixes, rows, columns and log lines, with
 * hostile names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "cells.h"
#include "rowtext.h"
#include "text.h"
#include "uitest.h"
#include "tstr.h"

/* The tree prefix of row I of ROWS into a new string. */
static char *
prefix (GArray *rows, guint i, gboolean utf8, int max)
{
  GString *out = g_string_new (NULL);
  rowtext_tree_prefix (out, &g_array_index (rows, Row, i), utf8, max);
  return g_string_free (out, FALSE);
}

/* Asserts row I's prefix. */
static void
check_prefix (GArray *rows, guint i, gboolean utf8, int max, const char *want)
{
  g_autofree char *got = prefix (rows, i, utf8, max);
  assert_string_equal (got, want);
}

/* The rows of PT at 100 s. */
static GArray *
rows_of (Proctab *pt, GHashTable *collapsed)
{
  g_autoptr (GPtrArray) roots = proctab_roots (pt);
  RowsOptions o = { .now_ns = 52 * UT_SEC, .tomb_show_ns = 5 * UT_SEC,
                    .collapsed = collapsed };
  return rows_build (roots, &o);
}

static void
test_prefix (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) col = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                      g_free, NULL);
  GArray *rows = rows_of (pt, NULL);

  check_prefix (rows, 0, TRUE, 80, "");
  check_prefix (rows, 1, TRUE, 80, "├─ ");
  check_prefix (rows, 2, TRUE, 80, "│  └─ ");
  check_prefix (rows, 3, TRUE, 80, "│     ├─ ");
  check_prefix (rows, 5, TRUE, 80, "│        └─ ");
  check_prefix (rows, 6, TRUE, 80, "└─ ");
  check_prefix (rows, 5, FALSE, 80, "|        `- ");
  check_prefix (rows, 3, FALSE, 80, "|     |- ");
  /* Too deep for the room: a mark where the first level was, and the
   * levels cut by the room less one at a time (cc at depth 4: by two in
   * the room of two levels, by two in that of three), by depth alone. */
  check_prefix (rows, 5, TRUE, 7, "«  └─ ");
  check_prefix (rows, 5, FALSE, 7, "<  `- ");
  check_prefix (rows, 5, TRUE, 9, "«  └─ ");
  check_prefix (rows, 4, TRUE, 9, "│     └─ ");
  check_prefix (rows, 3, TRUE, 7, "«  ├─ ");
  check_prefix (rows, 5, TRUE, 5, "«  ");
  check_prefix (rows, 1, TRUE, 5, "├─ ");
  check_prefix (rows, 5, TRUE, 2, "");
  g_array_unref (rows);

  g_hash_table_add (col, g_memdup2 (&proctab_lookup (pt, 13)->serial, sizeof (guint64)));
  g_hash_table_add (col, g_memdup2 (&proctab_lookup (pt, 1)->serial, sizeof (guint64)));
  rows = rows_of (pt, col);
  check_prefix (rows, 0, TRUE, 80, "+ ");
  g_array_unref (rows);
  g_hash_table_remove (col, &proctab_lookup (pt, 1)->serial);
  rows = rows_of (pt, col);
  check_prefix (rows, 4, TRUE, 80, "│     └─+");
  g_array_unref (rows);
}

/* A user database of one: uid 1000 is "alice". */
static const char *
fake_name (guint32 uid)
{
  return uid == 1000 ? "alice" : NULL;
}

/* Samples read for every live process of PT: all 'S', with no CPU and
 * memory known. */
static GHashTable *
fake_samples (Proctab *pt)
{
  GHashTable *samples = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint64 serial = 1; serial < 100; serial++)
    if (proctab_lookup_serial (pt, serial))
      {
        ProcSample s = { .state = 'S', .cpu_permille = -1, .rss_bytes = -1, .cpu_ns = -1 };
        g_hash_table_insert (samples, g_memdup2 (&serial, sizeof serial),
                             g_memdup2 (&s, sizeof s));
      }
  return samples;
}

/* The cell column where NEEDLE first occurs in S, or -1. */
static int
cell_column (const char *s, const char *needle)
{
  const char *at = strstr (s, needle);
  g_autofree char *head = at ? g_strndup (s, at - s) : NULL;

  return at ? cells_width (head) : -1;
}

/* The cell column of a tree row's connector (├─ or └─), or -1. */
static int
connector_column (const char *s)
{
  int tee = cell_column (s, "├─"), ell = cell_column (s, "└─");

  return tee < 0 ? ell : ell < 0 ? tee : MIN (tee, ell);
}

/* Whether the row at CONN[CHILD], cut, is drawn as the child of that at
 * CONN[PARENT] can be: left of it behind the mark, or both right after the
 * mark where the room after it is one level. */
static gboolean
cut_below (const int *conn, const int *mark, int parent, int child)
{
  if (mark[child] < 0)
    return FALSE;
  return conn[child] < conn[parent]
         || (conn[child] == mark[child] + 3 && conn[parent] == mark[parent] + 3);
}

/* A tree deeper than a narrow pane has room for, its indentation cut: the
 * children of one parent (a live process with a child of its own, a
 * tombstone with an exit status, two folds, one with a long name, and a
 * last live one) are cut by one rule whatever their kind.  At every width
 * from a 20-column terminal up, with every optional column on: siblings
 * show their connector in one column (none is drawn as the child of the
 * one above it, none loses its prefix while the others keep theirs), a
 * child is drawn one level right of its parent or, its indentation cut
 * further, left of it behind the mark (where the room after the mark is
 * one level, both sit right after it), and the mark is in one column. */
static void
test_cut_siblings (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  g_autoptr (GString) s = g_string_new (NULL);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 52 * UT_SEC, .now_wall_ns = UT_WALL + 52 * UT_SEC };
  const guint all = ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_MAX) - 1;
  gint parent = 1;
  guint at = 0;

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  for (gint pid = 100; pid < 107; pid++, parent = pid - 1)
    ut_snap (pt, pid, parent, "bash", 0, 2, FALSE);
  /* 106 is at depth 7: its children at 8. */
  ut_snap (pt, 200, 106, "bash", 0, 3, FALSE);
  ut_snap (pt, 201, 200, "vim", 0, 4, FALSE);
  ut_snap (pt, 202, 106, "sh", 0, 5, FALSE);
  ut_exit (pt, 202, 3 << 8, 50);
  for (gint pid = 210; pid < 214; pid++)
    {
      ut_snap (pt, pid, 106, "tmux: client", 0, 6, FALSE);
      ut_exit (pt, pid, 0, 50);
    }
  for (gint pid = 220; pid < 224; pid++)
    {
      ut_snap (pt, pid, 106, "sleep", 0, 7, FALSE);
      ut_exit (pt, pid, 0, 50);
    }
  ut_snap (pt, 230, 106, "zsh", 0, 8, FALSE);
  g_autoptr (GHashTable) samples = fake_samples (pt);
  ctx.samples = samples;
  g_autoptr (GArray) rows = rows_of (pt, NULL);
  while (at < rows->len && g_array_index (rows, Row, at).proc->pid != 106)
    at++;
  assert_true (at < rows->len);
  guint depth = g_array_index (rows, Row, at).depth;
  assert_int_equal (depth, 7);

  for (int w = 20; w <= 160; w++)
    {
      int conn[16], mark[16], kid = -1, mark_at = -1;
      guint kinds = 0;

      rowtext_columns_fit (&ctx, all, w);
      assert_true (rows->len - at <= G_N_ELEMENTS (conn));
      for (guint i = at; i < rows->len; i++)
        {
          const Row *r = &g_array_index (rows, Row, i);
          g_string_truncate (s, 0);
          rowtext_tree_row (s, r, &ctx, w);
          conn[i - at] = connector_column (s->str);
          mark[i - at] = cell_column (s->str, "«");
          if (mark[i - at] >= 0)
            {
              if (mark_at < 0)
                mark_at = mark[i - at];
              if (mark[i - at] != mark_at)
                fail_msg ("width %d: the mark moves: %s", w, s->str);
            }
          if (i == at)
            continue;
          /* Every row here has a prefix. */
          if (conn[i - at] < 0)
            fail_msg ("width %d: no prefix: %s", w, s->str);
          if (r->depth == depth + 1)
            {
              kinds |= r->fold ? 1 : (r->flags & ROW_F_TOMB) ? 2 : 4;
              if (kid < 0)
                kid = conn[i - at];
              if (conn[i - at] != kid)
                fail_msg ("width %d: a sibling drawn at %d, the first at %d: %s", w,
                          conn[i - at], kid, s->str);
              /* One level right of the parent, or cut further and left of
               * it behind the mark. */
              if (conn[i - at] != conn[0] + 3 && !cut_below (conn, mark, 0, i - at))
                fail_msg ("width %d: parent's at %d, child's at %d: %s", w, conn[0],
                          conn[i - at], s->str);
            }
          else
            {
              /* vim, under the first child. */
              assert_int_equal (r->depth, depth + 2);
              assert_int_equal (g_array_index (rows, Row, i - 1).depth, depth + 1);
              if (conn[i - at] != conn[i - at - 1] + 3
                  && !cut_below (conn, mark, i - at - 1, i - at))
                fail_msg ("width %d: parent's at %d, child's at %d: %s", w,
                          conn[i - at - 1], conn[i - at], s->str);
            }
        }
      assert_int_equal (kinds, 7);
    }
}

static void
test_tree_row (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) samples = fake_samples (pt);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 20 * UT_SEC,
                    .names = fake_name, .samples = samples };
  g_autoptr (GString) s = g_string_new (NULL);
  char *argv[] = { T_STR ("vim"), T_STR ("-R"), T_STR ("/etc/passwd"), NULL };
  GArray *rows;

  g_strfreev (proctab_lookup (pt, 12)->argv);
  proc_set_argv (proctab_lookup (pt, 12), argv);
  rows = rows_of (pt, NULL);
  rowtext_tree_row (s, &g_array_index (rows, Row, 3), &ctx, 60);
  assert_string_equal (s->str, "     12 alice    13.0s S │     ├─ vim                       ");
  g_string_truncate (s, 0);
  ctx.cmdline = TRUE;
  rowtext_tree_row (s, &g_array_index (rows, Row, 3), &ctx, 60);
  assert_string_equal (s->str, "     12 alice    13.0s S │     ├─ vim -R /etc/passwd        ");
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 0), &ctx, 60);
  assert_string_equal (s->str, "      1 0        19.0s S [init]                             ");
  /* Narrow: pid and command only. */
  g_string_truncate (s, 0);
  ctx.cmdline = FALSE;
  rowtext_tree_row (s, &g_array_index (rows, Row, 1), &ctx, 20);
  assert_string_equal (s->str, "     10 ├─ sshd     ");

  /* Every width gives exactly that many cells. */
  for (int w = 0; w <= 120; w++)
    for (guint i = 0; i < rows->len; i++)
      {
        g_string_truncate (s, 0);
        rowtext_tree_row (s, &g_array_index (rows, Row, i), &ctx, w);
        assert_int_equal (cells_width (s->str), w);
      }
  g_array_unref (rows);

  /* A tombstone: lifetime and status. */
  ut_exit (pt, 14, 9, 50);    /* SIGKILL */
  ctx.now_ns = 52 * UT_SEC;
  rows = rows_of (pt, NULL);
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 5), &ctx, 60);
  assert_non_null (strstr (s->str, " 41.0s X "));
  assert_non_null (strstr (s->str, "cc [SIGKILL]"));
  assert_int_equal (cells_width (s->str), 60);
  /* When cramped the status keeps its room. */
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 5), &ctx, 44);
  assert_int_equal (cells_width (s->str), 44);
  assert_non_null (strstr (s->str, "["));
  /* A long command line is cut, not the status: "[SIGKILL]" whole from
   * where the tree's half of the room leaves it and a few cells of the
   * command their room. */
  char *cc[] = { T_STR ("/usr/lib/gcc/x86_64-linux-gnu/12/cc1"), T_STR ("-quiet"),
                 T_STR ("src/a-rather-long-file-name.c"), NULL };
  Proc *p = proctab_lookup_tomb (pt, 14);
  proc_set_argv (p, cc);
  ctx.cmdline = TRUE;
  for (int w = 50; w <= 70; w++)
    {
      g_string_truncate (s, 0);
      rowtext_tree_row (s, &g_array_index (rows, Row, 5), &ctx, w);
      assert_int_equal (cells_width (s->str), w);
      assert_non_null (strstr (s->str, "… [SIGKILL]"));
    }
  /* Held (shown only because it is selected): said where there is room. */
  g_array_index (rows, Row, 5).flags |= ROW_F_HELD;
  ctx.cmdline = FALSE;
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 5), &ctx, 70);
  assert_non_null (strstr (s->str, "cc [SIGKILL] kept while selected"));
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 5), &ctx, 46);
  assert_non_null (strstr (s->str, "«  └─ cc [SIGKILL] k"));
  /* Narrower, the tree keeps its half: the status is cut. */
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 5), &ctx, 40);
  assert_non_null (strstr (s->str, "«  └─ cc [SIGK…"));
  g_array_unref (rows);
  /* The process followed is marked. */
  rows = rows_of (pt, NULL);
  ctx.followed = g_array_index (rows, Row, 3).serial;
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 3), &ctx, 60);
  assert_non_null (strstr (s->str, "├─ ▶ vim"));
  ctx.utf8 = FALSE;
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 3), &ctx, 60);
  assert_non_null (strstr (s->str, "|- > vim"));
  g_array_unref (rows);
}

/* Asserts that S, its trailing blanks left out, is WANT. */
static void
assert_chomped (const char *s, const char *want)
{
  g_autofree char *got = g_strchomp (g_strdup (s));
  assert_string_equal (got, want);
}

/* The optional columns: CPU% and MEM from the samples, START from the
 * model, UNIT from the cgroup, TCPU not known without the live part; at
 * the time cursor (no samples) only START is left of those of a live
 * process.  Every width still gives exactly that many cells. */
static void
test_columns (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) samples = fake_samples (pt);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 20 * UT_SEC, .now_wall_ns = UT_WALL + 20 * UT_SEC,
                    .names = fake_name, .samples = samples };
  /* Those up to UNIT (the containers' have a test of their own). */
  const guint all = ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_UNIT + 1) - 1;
  g_autoptr (GString) s = g_string_new (NULL);
  Proc *vim = proctab_lookup (pt, 12);
  ProcSample *sample = g_hash_table_lookup (samples, &vim->serial);

  sample->cpu_permille = 123;
  sample->rss_bytes = 5 << 20;
  proc_set_cgroup (vim, "/system.slice/docker-0123456789abcdef0123456789abcdef"
                        "0123456789abcdef0123456789abcdef.scope");
  proc_set_cgroup (proctab_lookup (pt, 11), "/user.slice/user-1000.slice/session-4.scope");
  g_autoptr (GArray) rows = rows_of (pt, NULL);
  rowtext_columns_fit (&ctx, all, 107);
  assert_int_equal (ctx.columns, all);
  rowtext_tree_title (s, 107, &ctx);
  assert_chomped (s->str, "    PID USER       AGE S  CPU%   TCPU      MEM    START UNIT"
                          "                 COMMAND");
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 3), &ctx, 107);
  /* UT_WALL is 22:13:20 UTC (the tests run in UTC); vim started 7 s in. */
  assert_chomped (s->str, "     12 alice    13.0s S  12.3      ?  5.0 MiB 22:13:27 0123456789ab"
                          "         │     ├─ vim");
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 2), &ctx, 107);
  assert_chomped (s->str, "     11 alice    14.0s S            ?          22:13:26 "
                          "session-4.scope      │  └─ bash");
  /* The time cursor: no state, CPU, memory or unit, which /proc gave. */
  ctx.samples = NULL;
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 3), &ctx, 107);
  assert_chomped (s->str, "     12 alice    13.0s              ?          22:13:27             "
                          "         │     ├─ vim");
  ctx.samples = samples;
  /* Every width: exactly that many cells, and the columns that fit leave
   * the command its room. */
  for (int w = 0; w <= 140; w++)
    {
      rowtext_columns_fit (&ctx, all, w);
      g_string_truncate (s, 0);
      rowtext_tree_title (s, w, &ctx);
      assert_int_equal (cells_width (s->str), w);
      if (ctx.columns)
        {
          const char *cmd = strstr (s->str, "COMMAND");
          assert_non_null (cmd);
          assert_true (w - (cmd - s->str) >= 24);
        }
      for (guint i = 0; i < rows->len; i++)
        {
          g_string_truncate (s, 0);
          rowtext_tree_row (s, &g_array_index (rows, Row, i), &ctx, w);
          assert_int_equal (cells_width (s->str), w);
        }
    }
  /* Narrower: UNIT narrows, then goes; the columns after a dropped one go
   * with it, never one out of its order. */
  rowtext_columns_fit (&ctx, all, 91);
  assert_int_equal (ctx.columns, all);
  assert_int_equal (ctx.widths[ROWTEXT_COLUMN_UNIT], 91 - 25 - 6 - 7 - 9 - 9 - 1 - 24);
  g_string_truncate (s, 0);
  rowtext_tree_title (s, 91, &ctx);
  assert_chomped (s->str, "    PID USER       AGE S  CPU%   TCPU      MEM    START UNIT       "
                          "COMMAND");
  rowtext_columns_fit (&ctx, all, 90);
  assert_int_equal (ctx.columns, all & ~ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_UNIT));
  rowtext_columns_fit (&ctx, ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_UNIT), 60);
  assert_int_equal (ctx.widths[ROWTEXT_COLUMN_UNIT], 60 - 25 - 1 - 24);
  rowtext_columns_fit (&ctx, all, 39);
  assert_int_equal (ctx.columns, 0);
}

/* Says in PT that process PID runs at W (a reference is taken). */
static void
put_where (Proctab *pt, gint pid, Where *w)
{
  const Proc *p = proctab_lookup (pt, pid);
  Event ev = { .kind = EVENT_SNAPSHOT, .pid = pid, .tgid = pid, .ppid = p->ppid,
               .ptgid = p->ppid, .flags = EVENT_F_WHERE, .mono_ns = 100 * UT_SEC,
               .wall_ns = UT_WALL + 100 * UT_SEC, .where = w };
  proctab_apply (pt, &ev);
}

/* CONTAINER says runtime:name (or its short id), NSPID the pid inside a
 * namespace below forkscope's ("?" not known), a process that entered a
 * namespace its parent is not in is marked, and a log line says where its
 * process runs, as the table shown says. */
static void
test_container_columns (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 20 * UT_SEC, .now_wall_ns = UT_WALL + 20 * UT_SEC,
                    .names = fake_name };
  const guint both = ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CONTAINER)
                     | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_NSPID);
  g_autoptr (GString) s = g_string_new (NULL);
  Container *web = container_get ("docker", "0123456789abcdef0123456789abcdef"
                                  "0123456789abcdef0123456789abcdef", NULL);
  Where *init = where_new (1, 1, web), *seven = where_new (7, 1, web);
  Where *unknown = where_new (0, 1, web);

  /* bash entered web's namespace (sshd runs on the host); vim is pid 7
   * there, make's pid not known. */
  put_where (pt, 11, init);
  put_where (pt, 12, seven);
  put_where (pt, 13, unknown);
  g_autoptr (GArray) rows = rows_of (pt, NULL);
  rowtext_columns_fit (&ctx, both, 100);
  assert_int_equal (ctx.columns, both);
  rowtext_tree_title (s, 100, &ctx);
  assert_chomped (s->str, "    PID USER       AGE S CONTAINER                  NSPID COMMAND");
  const struct { guint row; const char *want; } cases[] = {
    { 1, "     10 0        15.0s                                    ├─ sshd" },
    { 2, "     11 alice    14.0s   docker:0123456789ab            1 │  └─ ◆ bash" },
    { 3, "     12 alice    13.0s   docker:0123456789ab            7 │     ├─ vim" },
    { 4, "     13 alice    12.0s   docker:0123456789ab            ? │     └─ make" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_string_truncate (s, 0);
      rowtext_tree_row (s, &g_array_index (rows, Row, cases[i].row), &ctx, 100);
      assert_chomped (s->str, cases[i].want);
    }
  /* Its name once known; the mark in ASCII. */
  container_set_name (web, "web\x1b[2J");
  ctx.utf8 = FALSE;
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &g_array_index (rows, Row, 2), &ctx, 100);
  assert_chomped (s->str, "     11 alice    14.0s   docker:web\\e[2J                1 |  `- * bash");
  /* Narrower: CONTAINER narrows to leave NSPID its room, then NSPID goes
   * and CONTAINER narrows before it goes too. */
  rowtext_columns_fit (&ctx, both, 74);
  assert_int_equal (ctx.columns, both);
  assert_int_equal (ctx.widths[ROWTEXT_COLUMN_CONTAINER], 74 - 25 - 1 - 24 - 8);
  rowtext_columns_fit (&ctx, both, 62);
  assert_int_equal (ctx.columns, ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CONTAINER));
  assert_int_equal (ctx.widths[ROWTEXT_COLUMN_CONTAINER], 62 - 25 - 1 - 24);
  rowtext_columns_fit (&ctx, both, 61);
  assert_int_equal (ctx.columns, 0);

  /* A log line of vim's says where it ran as of the event (the entry's,
   * not the table's); bash's exit, the entry into a namespace. */
  ctx.procs = pt;
  ctx.utf8 = TRUE;
  HistoryEntry e = { .serial = proctab_lookup (pt, 12)->serial,
                     .where = proc_where (proctab_lookup (pt, 12)),
                     .ev = { .kind = EVENT_EXIT, .pid = 12, .tgid = 12, .exit_code = 0 } };
  g_string_truncate (s, 0);
  rowtext_log_row (s, &e, &ctx, 130);
  assert_non_null (strstr (s->str, "exit 0 [docker:web\\e[2J, pid 7]"));
  e.where = NULL;
  g_string_truncate (s, 0);
  rowtext_log_row (s, &e, &ctx, 130);
  assert_null (strstr (s->str, "docker"));
  e = (HistoryEntry) { .serial = proctab_lookup (pt, 11)->serial,
                       .where = proc_where (proctab_lookup (pt, 11)),
                       .ev = { .kind = EVENT_EXIT, .pid = 11, .tgid = 11,
                               .flags = EVENT_F_NS_ENTRY } };
  g_string_truncate (s, 0);
  rowtext_log_row (s, &e, &ctx, 130);
  assert_non_null (strstr (s->str, "exit 0 [new pid namespace: docker:web\\e[2J, pid 1]"));
  where_unref (init);
  where_unref (seven);
  where_unref (unknown);
  container_unref (web);
}

/* Asserts that row I of ROWS, WIDTH cells wide with CTX, is WANT (its
 * trailing blanks left out). */
static void
check_row (const GArray *rows, guint i, const RowtextCtx *ctx, int width, const char *want)
{
  g_autoptr (GString) s = g_string_new (NULL);

  rowtext_tree_row (s, &g_array_index (rows, Row, i), ctx, width);
  assert_chomped (s->str, want);
}

/* RowsSampleFunc over the samples USER. */
static const ProcSample *
sample_of (const Proc *p, gpointer user)
{
  return g_hash_table_lookup (user, &p->serial);
}

/* What ended processes cost stays in their rows: CPU% their average over
 * their life, MEM their peak; TCPU sums a subtree's own CPU, its ended
 * descendants' and its live ones', "+" where some is not known, "?" where
 * nothing is; the same in a replay and at the time cursor (no samples). */
static void
test_cost_columns (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  const guint cols = ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_CPU)
                     | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_TCPU)
                     | ROWTEXT_COLUMN_BIT (ROWTEXT_COLUMN_MEM);
  RowsLiveCpu sum;

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  ut_snap (pt, 13, 1, "make", 1000, 8, FALSE);
  ut_fork (pt, 13, 30, 10);
  ut_fork (pt, 13, 31, 10);
  ut_fork (pt, 13, 32, 10);
  ut_exit_cost (pt, 30, 0, 12, 500, 64, 0);             /* 500 ms in 2 s: 25% */
  ut_exit_cost (pt, 31, 9, 11, 1500, 1024, EVENT_F_OOM);  /* 150% */
  g_autoptr (GHashTable) samples = fake_samples (pt);
  ProcSample *make = g_hash_table_lookup (samples, &proctab_lookup (pt, 13)->serial);
  ProcSample *cc = g_hash_table_lookup (samples, &proctab_lookup (pt, 32)->serial);
  make->cpu_ns = 3 * UT_SEC;
  cc->cpu_ns = UT_SEC / 2;
  g_autoptr (GHashTable) sums = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);
  rows_live_cpu (proctab_lookup (pt, 1), sample_of, samples, sums, &sum);
  assert_int_equal (sum.live, 3);
  assert_int_equal (sum.unread, 1);      /* init's says nothing */
  assert_int_equal (sum.ns, 7 * UT_SEC / 2);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 20 * UT_SEC, .now_wall_ns = UT_WALL + 20 * UT_SEC,
                     .names = fake_name, .samples = samples, .live_cpu = sums };
  g_autoptr (GPtrArray) roots = proctab_roots (pt);
  RowsOptions o = { .now_ns = 20 * UT_SEC, .tomb_show_ns = 60 * UT_SEC };
  g_autoptr (GArray) rows = rows_build (roots, &o);
  rowtext_columns_fit (&ctx, cols, 100);
  assert_int_equal (ctx.columns, cols);
  struct { gint row; const char *want; } expect[] = {
    /* all of it but its own, not read */
    { 0, "      1 0        19.0s S       5.50s+          init" },
    /* its own 3 s, the live child's 0.5 s, the ended 2 s */
    { 1, "     13 alice    12.0s S        5.50s          └─ make" },
    { 2, "     30 alice    2.00s X  25.0  500ms   64 MiB    ├─ make [exit 0]" },
    { 3, "     31 alice    1.00s X 150.0  1.50s  1.0 GiB    ├─ make [SIGKILL (OOM killer)]" },
    { 4, "     32 alice    10.0s S        500ms             └─ make" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    check_row (rows, expect[i].row, &ctx, 100, expect[i].want);
  /* At the time cursor: what ended is known, what lives is not. */
  g_hash_table_remove_all (sums);
  rows_live_cpu (proctab_lookup (pt, 1), NULL, NULL, sums, &sum);
  assert_int_equal (sum.unread, 3);
  ctx.samples = NULL;
  check_row (rows, 1, &ctx, 100, "     13 alice    12.0s         2.00s+          └─ make");
  check_row (rows, 2, &ctx, 100,
             "     30 alice    2.00s X  25.0  500ms   64 MiB    ├─ make [exit 0]");
  /* An end not measured: "?" and blanks. */
  ut_exit (pt, 32, 0, 13);
  g_array_unref (g_steal_pointer (&rows));
  rows = rows_build (roots, &o);
  g_hash_table_remove_all (sums);
  rows_live_cpu (proctab_lookup (pt, 1), NULL, NULL, sums, &sum);
  check_row (rows, 4, &ctx, 100,
             "     32 alice    3.00s X            ?             └─ make [exit 0]");
  check_row (rows, 1, &ctx, 100, "     13 alice    12.0s         2.00s+          └─ make");
  /* Four more: their fold's TCPU sums its members', "+" for the two not
   * measured; its MEM, the most one of them had; no CPU% (a rate over
   * lives of their own). */
  for (gint pid = 40; pid < 44; pid++)
    {
      ut_fork (pt, 13, pid, 13);
      if (pid == 43)
        ut_exit (pt, pid, 0, 14);
      else
        ut_exit_cost (pt, pid, 0, 14, 100, 2, 0);
    }
  g_array_unref (g_steal_pointer (&rows));
  rows = rows_build (roots, &o);
  gint f = rows_find (rows, proctab_lookup (pt, 13)->serial, ROWS_TID_FOLD, "make");
  assert_true (f >= 0);
  check_row (rows, f, &ctx, 100, "                       X       2.30s+  1.0 GiB    "
             "└─+make ×7 [exit 0 ×6, SIGKILL ×1, cpu 2.30s+, pe…");
}

/* A fold says what its members cost: their CPU summed, "+" when some
 * were not measured, and the most memory one of them had. */
static void
test_fold_cost (void **state)
{
  g_autoptr (GString) s = g_string_new (NULL);
  RowsFold fold = { .min_life = -1, .max_life = -1 };
  CostValues v = { .have = COST_BIT (COST_CPU) | COST_BIT (COST_PEAK_RSS) };

  for (guint i = 0; i < 240; i++)
    {
      v.v[COST_CPU] = 171666666 + (i == 0 ? 40 : 0);
      v.v[COST_PEAK_RSS] = (guint64) (i == 7 ? 310 : 200) << 20;
      g_autoptr (Cost) c = cost_new (&v);
      rows_fold_count (&fold, 0, FALSE, FALSE, -1, c);
    }
  rowtext_fold_summary (s, &fold, TRUE);
  assert_string_equal (s->str, "exit 0 ×240, cpu 41.1s, peak 310 MiB");
  rows_fold_count (&fold, 0, FALSE, FALSE, -1, NULL);
  g_string_truncate (s, 0);
  rowtext_fold_summary (s, &fold, FALSE);
  assert_string_equal (s->str, "exit 0 x241, cpu 41.1s+, peak 310 MiB");
  assert_int_equal (fold.cpu_measured, 240);
  assert_int_equal (fold.peak_measured, 240);
  /* None measured: nothing said of it. */
  RowsFold plain = { .min_life = -1, .max_life = -1 };
  rows_fold_count (&plain, 1 << 8, FALSE, TRUE, 3000000, NULL);
  g_string_truncate (s, 0);
  rowtext_fold_summary (s, &plain, TRUE);
  assert_string_equal (s->str, "exit 1 ×1, lived 3.0ms");
}

/* Names and command lines that try to drive the terminal. */
static void
test_hostile (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 100 * UT_SEC };
  g_autoptr (GString) s = g_string_new (NULL);
  g_autofree char *huge = g_strnfill (5000, 'A');
  char *argv[] = { T_STR ("\x1b]0;pwned\x07"), T_STR ("\x1b[2J"), T_STR ("\xff\xfe"), T_STR ("a\nb"), huge, NULL };
  Proc *p;
  GArray *rows;

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  p = ut_snap (pt, 66, 1, "\x1b[31mred\r\n\x9b" "1m", 0, 2, FALSE);
  proc_set_argv (p, argv);
  rows = rows_of (pt, NULL);
  for (int cmd = 0; cmd < 2; cmd++)
    for (int w = 0; w <= 200; w += 7)
      {
        ctx.cmdline = cmd;
        g_string_truncate (s, 0);
        rowtext_tree_row (s, &g_array_index (rows, Row, 1), &ctx, w);
        assert_int_equal (cells_width (s->str), w);
        for (gsize i = 0; i < s->len; i++)
          assert_true ((guchar) s->str[i] >= 0x20 && s->str[i] != 0x7f);
        assert_null (strstr (s->str, "\xc2\x9b"));
        assert_true (g_utf8_validate (s->str, -1, NULL));
      }
  {
    g_autofree char *c = rowtext_command (p, FALSE);
    assert_null (strchr (c, '\x1b'));
    assert_non_null (strstr (c, "red"));
  }
  {
    g_autofree char *c = rowtext_command (p, TRUE);
    assert_null (strchr (c, '\x1b'));
    assert_null (strchr (c, '\n'));
    assert_true (cells_width (c) <= 4096);
  }
  g_array_unref (rows);
}

static void
test_log_row (void **state)
{
  g_autoptr (GString) s = g_string_new (NULL);
  char *argv[] = { T_STR ("ls"), T_STR ("-l"), T_STR ("\x1b[1m"), NULL };
  RowtextCtx ctx = { .utf8 = TRUE };
  const Event evs[] = {
    { .kind = EVENT_FORK, .pid = 12, .tgid = 12, .ptgid = 11 },
    { .kind = EVENT_FORK, .pid = 13, .tgid = 12, .ptgid = 11 },
    { .kind = EVENT_EXEC, .pid = 12, .tgid = 12, .comm = T_STR ("ls"), .argv = argv },
    { .kind = EVENT_EXIT, .pid = 12, .tgid = 12, .exit_code = 3 << 8 },
    { .kind = EVENT_EXIT, .pid = 12, .tgid = 12, .exit_code = 11 | 0x80 },
    { .kind = EVENT_EXIT, .pid = 12, .tgid = 12, .flags = EVENT_F_STATUS_UNKNOWN },
    { .kind = EVENT_COMM, .pid = 12, .tgid = 12, .comm = T_STR ("\x1b[2Jnew") },
    { .kind = EVENT_UID, .pid = 12, .tgid = 12, .ruid = 1, .euid = 2 },
    { .kind = EVENT_GID, .pid = 12, .tgid = 12, .rgid = 3, .egid = 4 },
    { .kind = EVENT_SID, .pid = 12, .tgid = 12, .sid = 12 },
    { .kind = EVENT_PTRACE, .pid = 12, .tgid = 12, .tracer_tgid = 7 },
    { .kind = EVENT_PTRACE, .pid = 12, .tgid = 12 },
    { .kind = EVENT_COREDUMP, .pid = 12, .tgid = 12 },
    { .kind = EVENT_LOST, .lost = 42 },
    { .kind = EVENT_SNAPSHOT, .pid = 12, .tgid = 12, .comm = T_STR ("x") },
  };
  const char *want[] = {
    "\\ebash           child of 11", "[thread of 12]", "ls -l \\e[1m", "exit 3",
    "SIGSEGV (core)", "unknown", "renamed to \\e[2Jnew", "uid 1 euid 2", "gid 3 egid 4",
    "session 12", "traced by 7", "no longer traced", "dumping core",
    "42 events lost", " x ",
  };

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  for (guint i = 0; i < G_N_ELEMENTS (evs); i++)
    {
      HistoryEntry e = { .seq = 1, .ev = evs[i], .comm = T_STR ("\x1b" "bash") };
      g_string_truncate (s, 0);
      rowtext_log_row (s, &e, &ctx, 130);
      assert_non_null (strstr (s->str, want[i]));
      for (int w = 0; w <= 130; w += 3)
        {
          g_string_truncate (s, 0);
          rowtext_log_row (s, &e, &ctx, w);
          assert_int_equal (cells_width (s->str), w);
          assert_null (strchr (s->str, '\x1b'));
        }
    }
  {
    HistoryEntry e = { .seq = 1, .ev = evs[0], .comm = T_STR ("bash") };
    e.ev.wall_ns = UT_WALL + 5 * UT_SEC + 250000000;
    g_string_truncate (s, 0);
    rowtext_log_row (s, &e, &ctx, 70);
    assert_string_equal (s->str,
      "22:13:25.250 fork          12 bash             child of 11            ");
  }
  {
    /* An end says whose child ended; with c, the command line the model
     * knows, else the name in brackets. */
    g_autoptr (Proctab) pt = ut_tree ();
    Proc *make = proctab_lookup (pt, 13);
    char *mk[] = { T_STR ("make"), T_STR ("-j8"), NULL };
    proc_set_argv (make, mk);
    HistoryEntry e = { .seq = 1, .ev = evs[3], .comm = T_STR ("make"), .ppid = 11,
                       .serial = make->serial };
    g_string_truncate (s, 0);
    rowtext_log_row (s, &e, &ctx, 100);
    assert_non_null (strstr (s->str, " make             exit 3, child of 11"));
    ctx.cmdline = TRUE;
    g_string_truncate (s, 0);
    rowtext_log_row (s, &e, &ctx, 100);
    assert_non_null (strstr (s->str, " [make]                            exit 3, child of 11"));
    ctx.procs = pt;
    g_string_truncate (s, 0);
    rowtext_log_row (s, &e, &ctx, 100);
    assert_non_null (strstr (s->str, " make -j8                          exit 3, child of 11"));
    /* The parent comes before the cost, which a narrow line cuts. */
    CostValues cv = { .have = COST_BIT (COST_CPU) | COST_BIT (COST_PEAK_RSS),
                      .v = { [COST_CPU] = 180000000, [COST_PEAK_RSS] = 120 << 20 } };
    g_autoptr (Cost) cost = cost_new (&cv);
    HistoryEntry c = e;
    c.ev.cost = cost;
    ctx.cmdline = FALSE;
    g_string_truncate (s, 0);
    rowtext_log_row (s, &c, &ctx, 100);
    assert_non_null (strstr (s->str, " make             exit 3, child of 11, cpu 180ms, peak 120 MiB"));
    c.ev.cost = NULL;
    c.ev.flags |= EVENT_F_COST_UNKNOWN;
    g_string_truncate (s, 0);
    rowtext_log_row (s, &c, &ctx, 100);
    assert_non_null (strstr (s->str, " make             exit 3, child of 11, cost unknown"));
    ctx.cmdline = TRUE;
    /* Other events keep the name: the command line the model knows now
     * may be a later exec's. */
    HistoryEntry x = { .seq = 2, .ev = evs[0], .comm = T_STR ("bash"), .ppid = 11,
                       .serial = make->serial };
    g_string_truncate (s, 0);
    rowtext_log_row (s, &x, &ctx, 100);
    assert_non_null (strstr (s->str, " bash                              child of 11"));
  }
}

/* Appends an EXIT of PID (child of 100, named COMM) with raw status CODE
 * at AT ms past the tests' clock, to H. */
static void
log_exit (History *h, gint pid, const char *comm, guint32 code, gint64 at)
{
  Event ev = { .kind = EVENT_EXIT, .pid = pid, .tgid = pid, .ptgid = 100, .ppid = 100,
               .exit_code = code, .comm = T_STR (comm),
               .wall_ns = UT_WALL + at * G_GINT64_CONSTANT (1000000),
               .mono_ns = at * G_GINT64_CONSTANT (1000000) };
  history_append (h, &ev, NULL);
}

/* LogposShown: all. */
static gboolean
log_all (const HistoryEntry *e, gpointer user)
{
  return TRUE;
}

/* A fold's line in the log: its kind, name and count, statuses, the
 * seconds spanned and the parent; unfolded, its members marked under it;
 * at the time cursor, the members that had come; searched as shown. */
static void
test_log_fold_line (void **state)
{
  g_autoptr (History) h = ut_history (0, 0);
  g_autoptr (GString) s = g_string_new (NULL);
  RowtextCtx ctx = { .utf8 = TRUE };
  Logpos lp;

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  logpos_init (&lp, log_all, NULL);
  log_exit (h, 10, "sh", 3 << 8, 1000);
  log_exit (h, 11, "sh", 3 << 8, 1080);
  log_exit (h, 12, "sh", 0, 8920);
  logpos_update (&lp, h, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, "22:13:21.000 exit             +sh ×3          "
                                   " [exit 3 ×2, exit 0 ×1] 22:13:21–22:13:28, child of 100"));
  assert_int_equal (cells_width (s->str), 120);
  assert_true (rowtext_log_matches (&lp, LOGPOS_LINE (1), &ctx, "SH ×3"));
  assert_false (rowtext_log_matches (&lp, LOGPOS_LINE (1), &ctx, "exit 1"));
  for (int w = 0; w <= 120; w += 3)
    {
      g_string_truncate (s, 0);
      rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, w);
      assert_int_equal (cells_width (s->str), w);
    }
  /* At the time cursor after the second: two of them; after the first,
   * its own line. */
  ctx.until_seq = 2;
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, "+sh ×2           [exit 3 ×2] 22:13:21, child of 100"));
  ctx.until_seq = 1;
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, "exit          10 sh               exit 3, child of 100"));
  ctx.until_seq = 0;
  /* Unfolded: the line, and each member under it. */
  logpos_unfold (&lp, LOGPOS_LINE (1), TRUE);
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, " sh ×3 "));
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_MEMBER (2), &ctx, 120);
  assert_non_null (strstr (s->str, "exit          11 └ sh             exit 3, child of 100"));
  ctx.utf8 = FALSE;
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_MEMBER (2), &ctx, 120);
  assert_non_null (strstr (s->str, "11 `- sh "));
  /* A row no longer held: blank. */
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (9), &ctx, 20);
  assert_string_equal (s->str, "                    ");
  logpos_clear (&lp);
  /* A name longer than its column is cut before its count. */
  g_autoptr (History) h2 = ut_history (0, 0);
  logpos_init (&lp, log_all, NULL);
  log_exit (h2, 20, "spawn_nobody.sh", 0, 1000);
  log_exit (h2, 21, "spawn_nobody.sh", 0, 1500);
  logpos_update (&lp, h2, 0);
  ctx.utf8 = TRUE;
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, " +spawn_nobod… ×2 [exit 0 ×2]"));
  logpos_clear (&lp);
}

/* A rename's line, and a fold of renames, name their process as --log's
 * COMM does (its new name), in the name column, before what they add. */
static void
test_log_comm (void **state)
{
  g_autoptr (History) h = ut_history (0, 0);
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GString) log = g_string_new (NULL);
  RowtextCtx ctx = { .utf8 = TRUE };
  Logpos lp;

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  logpos_init (&lp, log_all, NULL);
  for (gint i = 0; i < 3; i++)
    {
      Event ev = { .kind = EVENT_COMM, .pid = 20 + i, .tgid = 20 + i, .ptgid = 100,
                   .ppid = 100, .comm = T_STR ("tmux: client"),
                   .wall_ns = UT_WALL + (1000 + i) * G_GINT64_CONSTANT (1000000),
                   .mono_ns = (1000 + i) * G_GINT64_CONSTANT (1000000) };
      history_append (h, &ev, NULL);
    }
  logpos_update (&lp, h, 0);
  /* The first alone, as the time cursor shows it, and as --log says it. */
  ctx.until_seq = 1;
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, "22:13:21.000 comm          20 tmux: client     "
                                   "renamed to tmux: client"));
  text_event (log, &logpos_entry (&lp, 1)->ev, NULL, NULL);
  assert_non_null (strstr (log->str, " tmux: client     renamed to tmux: client"));
  /* The fold of the three. */
  ctx.until_seq = 0;
  g_string_truncate (s, 0);
  rowtext_log_line (s, &lp, LOGPOS_LINE (1), &ctx, 120);
  assert_non_null (strstr (s->str, "22:13:21.000 comm             +tmux: client ×3 "
                                   "renamed to tmux: client 22:13:21, child of 100"));
  logpos_clear (&lp);
}

/* Search matches what the tree shows: the name, or the command line
 * joined by spaces when it is shown; next after the selection, wrapping. */
static void
test_search (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  char *argv[] = { T_STR ("make"), T_STR ("-j8"), T_STR ("WORLD=1"), NULL };
  GArray *rows;

  g_strfreev (proctab_lookup (pt, 13)->argv);
  proc_set_argv (proctab_lookup (pt, 13), argv);
  rows = rows_of (pt, NULL);
  assert_int_equal (rowtext_search_rows (rows, "C", FALSE, 0, 1), 5);   /* cc */
  assert_int_equal (rowtext_search_rows (rows, "C", FALSE, 5, 1), 6);   /* cron */
  assert_int_equal (rowtext_search_rows (rows, "C", FALSE, 6, 1), 5);   /* wraps */
  assert_int_equal (rowtext_search_rows (rows, "C", FALSE, 5, -1), 6);  /* backwards */
  assert_int_equal (rowtext_search_rows (rows, "vim", FALSE, 3, 1), 3); /* itself last */
  assert_int_equal (rowtext_search_rows (rows, "world", FALSE, 0, 1), -1);
  assert_int_equal (rowtext_search_rows (rows, "world", TRUE, 0, 1), 4);
  /* across arguments, as shown */
  assert_int_equal (rowtext_search_rows (rows, "j8 world", TRUE, 0, 1), 4);
  assert_int_equal (rowtext_search_rows (rows, "j8 world", FALSE, 0, 1), -1);
  assert_int_equal (rowtext_search_rows (rows, "", TRUE, 0, 1), -1);
  assert_int_equal (rowtext_search_rows (rows, "init", TRUE, -1, 1), 0);
  assert_int_equal (rowtext_search_rows (rows, "cron", TRUE, (gint) rows->len, -1), 6);
  /* a name not known matches nothing (and does not crash) */
  Event exec = { .kind = EVENT_EXEC, .pid = 20, .tgid = 20 };
  proctab_apply (pt, &exec);
  g_array_unref (rows);
  rows = rows_of (pt, NULL);
  assert_int_equal (rowtext_search_rows (rows, "cron", FALSE, 0, 1), -1);
  g_array_unref (rows);
  rows = g_array_new (FALSE, TRUE, sizeof (Row));
  assert_int_equal (rowtext_search_rows (rows, "a", FALSE, 0, 1), -1);
  g_array_unref (rows);
}

/* A fold row: name and count, statuses and lifetimes, no pid. */
static void
test_fold_row (void **state)
{
  g_autoptr (GString) s = g_string_new (NULL);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 100 * UT_SEC };
  Proc member = { .pid = 77, .comm = T_STR ("cc1") };
  RowsFold fold = { .comm = T_STR ("cc1"), .count = 214, .failed = 1,
                    .min_life = 40000000, .max_life = 2100000000,
                    .statuses = { { 0, FALSE, 213 }, { 1 << 8, FALSE, 1 } } };
  Row r = { .proc = &member, .fold = &fold, .tid = ROWS_TID_FOLD, .depth = 1,
            .flags = ROW_F_FOLD | ROW_F_TOMB | ROW_F_COLLAPSED | ROW_F_LAST };

  rowtext_tree_row (s, &r, &ctx, 90);
  assert_true (g_str_has_prefix (s->str, "                       X └─+cc1 ×214"
                                 " [exit 0 ×213, exit 1 ×1, lived 40ms–2.10s]   "));
  assert_true (rowtext_row_matches (&r, "CC1", FALSE));
  g_string_truncate (s, 0);
  ctx.utf8 = FALSE;
  rowtext_tree_row (s, &r, &ctx, 90);
  assert_non_null (strstr (s->str, "cc1 x214 [exit 0 x213, exit 1 x1, lived 40ms-2.10s]"));
  /* Cramped: the summary is cut; the fold keeps its place in the tree,
   * its name and its count. */
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &r, &ctx, 80);
  assert_non_null (strstr (s->str, "`-+cc1 x214 [exit 0 x213, exit 1 x1, lived 40ms-2.10s]"));
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &r, &ctx, 64);
  assert_non_null (strstr (s->str, "X `-+cc1 x214 [exit 0 x213, exit 1 x1, l~"));
  g_string_truncate (s, 0);
  rowtext_tree_row (s, &r, &ctx, 40);
  assert_non_null (strstr (s->str, "X `-+cc1 x214 [e~"));
  for (int w = 0; w < 100; w++)
    {
      g_string_truncate (s, 0);
      rowtext_tree_row (s, &r, &ctx, w);
      assert_int_equal (cells_width (s->str), w);
    }
}

/* A name that could not be read is said to be unknown, in the tree and in
 * the log, never shown as an old or made-up name; a process ended by its
 * last thread is logged under its own pid. */
static void
test_unknown_name (void **state)
{
  g_autoptr (Proctab) pt = proctab_new (60 * UT_SEC, 100);
  g_autoptr (GString) s = g_string_new (NULL);
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 100 * UT_SEC };

  ut_snap (pt, 1, 0, "init", 0, 1, FALSE);
  ut_snap (pt, 30, 1, "sh", 0, 2, FALSE);
  Event exec = { .kind = EVENT_EXEC, .pid = 30, .tgid = 30, .mono_ns = 3 * UT_SEC };
  Proc *p = proctab_apply (pt, &exec);
  for (int cmd = 0; cmd < 2; cmd++)
    {
      g_autofree char *c = rowtext_command (p, cmd);
      assert_string_equal (c, WORDS_NO_NAME);
    }
  GArray *rows = rows_of (pt, NULL);
  rowtext_tree_row (s, &g_array_index (rows, Row, 1), &ctx, 80);
  assert_non_null (strstr (s->str, "(name not known)"));
  assert_null (strstr (s->str, " sh"));
  g_array_unref (rows);

  HistoryEntry e = { .seq = 1, .ev = exec, .serial = p->serial };
  g_string_truncate (s, 0);
  rowtext_log_row (s, &e, &ctx, 100);
  assert_non_null (strstr (s->str, "(name not known) name and command line unreadable"));

  HistoryEntry last = { .seq = 2, .ev = { .kind = EVENT_EXIT, .pid = 31, .tgid = 30,
                                          .exit_code = 5 << 8, .exit_signal = -1,
                                          .ends = EVENT_ENDS_PROCESS } };
  g_string_truncate (s, 0);
  rowtext_log_row (s, &last, &ctx, 100);
  assert_non_null (strstr (s->str, "exit          30 (name not known) exit 5 (last thread 31)"));
  g_autofree char *named = cells_name ("sh");
  assert_string_equal (named, "sh");
}

/* A thread row gives the state /proc gave the thread, read with the
 * samples; blank where it was not read or at the time cursor. */
static void
test_thread_state (void **state)
{
  g_autoptr (Proctab) pt = ut_tree ();
  g_autoptr (GHashTable) samples = fake_samples (pt);
  g_autoptr (GHashTable) states = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) roots = NULL;
  RowtextCtx ctx = { .utf8 = TRUE, .now_ns = 100 * UT_SEC, .samples = samples,
                     .thread_states = states };
  RowsOptions o = { .now_ns = 100 * UT_SEC, .tomb_show_ns = 5 * UT_SEC, .threads = TRUE };
  g_autoptr (GString) s = g_string_new (NULL);

  ut_thread (pt, 11, 15, "bash-io");
  ut_thread (pt, 11, 16, "bash-worker");
  roots = proctab_roots (pt);
  GArray *rows = rows_build (roots, &o);
  const Row *io = &g_array_index (rows, Row, 3), *worker = &g_array_index (rows, Row, 4);
  assert_true (io->thread && io->tid == 15 && worker->thread && worker->tid == 16);
  g_hash_table_insert (states, GINT_TO_POINTER (15), GINT_TO_POINTER ((gint) 'R'));
  rowtext_tree_row (s, io, &ctx, 60);
  assert_non_null (strstr (s->str, "  50.0s R "));
  g_string_truncate (s, 0);
  rowtext_tree_row (s, worker, &ctx, 60);
  assert_non_null (strstr (s->str, "  50.0s   "));
  /* The time cursor: none. */
  ctx.samples = ctx.thread_states = NULL;
  g_string_truncate (s, 0);
  rowtext_tree_row (s, io, &ctx, 60);
  assert_non_null (strstr (s->str, "  50.0s   "));
  g_array_unref (rows);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_prefix),
    cmocka_unit_test (test_tree_row),
    cmocka_unit_test (test_thread_state),
    cmocka_unit_test (test_cut_siblings),
    cmocka_unit_test (test_columns),
    cmocka_unit_test (test_container_columns),
    cmocka_unit_test (test_cost_columns),
    cmocka_unit_test (test_fold_cost),
    cmocka_unit_test (test_hostile),
    cmocka_unit_test (test_log_row),
    cmocka_unit_test (test_log_fold_line),
    cmocka_unit_test (test_log_comm),
    cmocka_unit_test (test_search),
    cmocka_unit_test (test_fold_row),
    cmocka_unit_test (test_unknown_name),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
