/* test-keys.c - the key table: every action reachable and answered, no
 * key bound twice, the function bar's cells where it draws them, the
 * classes of keys the prompts know.  With --list it prints each entry's
 * keys, one per line, for the man page's test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "keys.h"

/* Every action but KEYS_NONE has a key, and finds its own entry. */
static void
test_every_action (void **state)
{
  for (int a = KEYS_NONE + 1; a < KEYS_ACTION_MAX; a++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < keys_table_len; i++)
        if (keys_table[i].action == (KeysAction) a)
          {
            found = TRUE;
            assert_int_not_equal (keys_table[i].codes[0], 0);
            assert_int_equal (keys_action (keys_table[i].codes[0]), a);
          }
      assert_true (found);
    }
  assert_int_equal (keys_action ('/'), KEYS_SEARCH);
  assert_int_equal (keys_action (KEYS_KEY_F (3)), KEYS_SEARCH_NEXT);
  assert_int_equal (keys_action (KEYS_KEY_F (15)), KEYS_SEARCH_PREV);
  assert_int_equal (keys_action (KEYS_KEY_F (12)), KEYS_NONE);
  assert_int_equal (keys_action (KEYS_KEY_OTHER), KEYS_NONE);
  assert_int_equal (keys_action (0), KEYS_NONE);
  assert_int_equal (keys_action (KEYS_ESC), KEYS_CLEAR);
  assert_null (keys_find ('Q'));
  assert_ptr_equal (keys_find ('q')->run, keys_find (KEYS_KEY_F (10))->run);
}

/* Each entry says what it does: a handler of its own, or else its key is
 * the focused pane's (the moves) or opens a dialog. */
static void
test_answered (void **state)
{
  static const KeysAction elsewhere[] = {
    KEYS_NONE, KEYS_UP, KEYS_DOWN, KEYS_PAGE_UP, KEYS_PAGE_DOWN, KEYS_HOME, KEYS_END,
    KEYS_HELP, KEYS_SEARCH, KEYS_FILTER, KEYS_USER, KEYS_CURSOR_PROMPT, KEYS_SETUP,
    KEYS_SORT, KEYS_SIGNAL,
  };

  for (guint i = 0; i < keys_table_len; i++)
    {
      gboolean listed = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (elsewhere); k++)
        listed |= keys_table[i].action == elsewhere[k];
      if (listed == (keys_table[i].run != NULL))
        fail_msg ("entry %s: %s", keys_table[i].keys,
                  listed ? "has a handler, but is answered elsewhere"
                         : "has no handler");
    }
}

/* What a prompt takes: text, Enter, Backspace; never a key that is not a
 * character. */
static void
test_classes (void **state)
{
  assert_true (keys_is_enter ('\n'));
  assert_true (keys_is_enter ('\r'));
  assert_true (keys_is_enter (KEYS_KEY_ENTER));
  assert_false (keys_is_enter (' '));
  assert_true (keys_is_text ('a'));
  assert_true (keys_is_text (' '));
  assert_true (keys_is_text (0x65e5));           /* a CJK character */
  assert_false (keys_is_text (0x7f));
  assert_false (keys_is_text (KEYS_ESC));
  assert_false (keys_is_text ('\t'));
  assert_false (keys_is_text (KEYS_KEY_UP));
  assert_false (keys_is_text (KEYS_KEY_F (1)));
  assert_true (keys_is_erase (KEYS_KEY_BACKSPACE));
  assert_true (keys_is_erase (0x7f));
  assert_true (keys_is_erase (KEYS_CTRL ('h')));
  assert_false (keys_is_erase ('h'));
}

/* No code is bound to two entries; every entry is documented. */
static void
test_unique (void **state)
{
  for (guint i = 0; i < keys_table_len; i++)
    {
      assert_non_null (keys_table[i].keys);
      assert_non_null (keys_table[i].help);
      assert_true ((keys_table[i].bar_key == NULL) == (keys_table[i].bar_label == NULL));
      for (guint k = 0; k < KEYS_MAX_CODES && keys_table[i].codes[k]; k++)
        for (guint j = i + 1; j < keys_table_len; j++)
          for (guint l = 0; l < KEYS_MAX_CODES && keys_table[j].codes[l]; l++)
            assert_int_not_equal (keys_table[i].codes[k], keys_table[j].codes[l]);
    }
}

/* The cells of the bar of a terminal COLS wide, as drawn, checking that
 * clicks hit each entry over its whole width. */
static int
bar_cells (int cols, const gboolean on[KEYS_ACTION_MAX])
{
  int x = 0;

  for (guint i = 0; i < keys_table_len; i++)
    {
      const KeysEntry *e = &keys_table[i];
      if (!keys_bar_shows (e, cols))
        continue;
      int w = (int) (strlen (e->bar_key) + strlen (keys_bar_label (e, on[e->action], cols)) + 1);
      assert_ptr_equal (keys_bar_hit (x, cols, on), e);
      assert_ptr_equal (keys_bar_hit (x + w - 1, cols, on), e);
      x += w;
    }
  assert_null (keys_bar_hit (x, cols, on));
  return x;
}

/* A narrow bar draws whole keys only, as many as fit (keys_bar_next, as
 * the bar draws them): each fits in what is left, and a click past the
 * last finds none; at 20 columns, F1 and F3 and not a cut F4. */
static void
test_bar_narrow (void **state)
{
  gboolean on[KEYS_ACTION_MAX] = { 0 };
  const KeysEntry *e;

  for (int cols = 1; cols < 80; cols++)
    {
      guint i = 0;
      int x = 0;
      while ((e = keys_bar_next (&i, cols - x, cols, on)))
        {
          int len = (int) (strlen (e->bar_key) + strlen (keys_bar_label (e, FALSE, cols)));
          assert_true (x + len <= cols);
          assert_ptr_equal (keys_bar_hit (x, cols, on), e);
          assert_ptr_equal (keys_bar_hit (x + len - 1, cols, on), e);
          x += len + 1;
        }
      for (; x < cols; x++)
        assert_null (keys_bar_hit (x, cols, on));
    }
  guint i = 0;
  assert_string_equal (keys_bar_next (&i, 20, 20, on)->bar_key, "F1");
  assert_string_equal (keys_bar_next (&i, 13, 20, on)->bar_key, "F3");
  assert_null (keys_bar_next (&i, 4, 20, on));
  assert_null (keys_bar_hit (17, 20, on));
}

/* Clicks hit the entries in the order and widths they are drawn; the bar
 * fits 80 columns, F2 and F6 on it (as htop's), and a wider terminal's
 * fits its width. */
static void
test_bar_hit (void **state)
{
  gboolean on[KEYS_ACTION_MAX] = { 0 };
  int x = bar_cells (80, on);

  /* The bar fits 80 columns (its last blank may go) whatever is on. */
  assert_true (x <= 81);
  /* A toggle's other label moves the cells after it: Thaw is two shorter. */
  on[KEYS_FREEZE] = TRUE;
  for (guint i = 0; i < keys_table_len; i++)
    if (keys_table[i].action == KEYS_FREEZE)
      assert_string_equal (keys_bar_label (&keys_table[i], TRUE, 80), "Thaw");
  assert_non_null (keys_bar_hit (x - 3, 80, on));
  assert_null (keys_bar_hit (x - 2, 80, on));
  on[KEYS_CMDLINE] = TRUE;   /* and Name one longer than Cmd */
  assert_non_null (keys_bar_hit (x - 2, 80, on));
  assert_null (keys_bar_hit (x - 1, 80, on));
  assert_true (bar_cells (80, on) <= 81);
  /* F2 and F6 are there, as in htop, their keys alone below 100 columns;
   * wider, their labels join them, and H's entry; it still fits. */
  for (int cols = 80; cols <= 200; cols++)
    {
      int wide = bar_cells (cols, on);
      assert_true (wide <= cols + 1);
      for (guint i = 0; i < keys_table_len; i++)
        {
          const KeysEntry *e = &keys_table[i];
          if (e->action == KEYS_SETUP || e->action == KEYS_SORT)
            {
              assert_true (keys_bar_shows (e, cols));
              assert_int_equal (*keys_bar_label (e, FALSE, cols) != 0, cols >= 100);
            }
          if (e->action == KEYS_THREADS)
            assert_int_equal (keys_bar_shows (e, cols), cols >= 100);
        }
    }
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--list") == 0)
    {
      for (guint i = 0; i < keys_table_len; i++)
        printf ("%s\n", keys_table[i].keys);
      return 0;
    }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_every_action),
    cmocka_unit_test (test_unique),
    cmocka_unit_test (test_answered),
    cmocka_unit_test (test_classes),
    cmocka_unit_test (test_bar_hit),
    cmocka_unit_test (test_bar_narrow),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
