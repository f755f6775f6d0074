/* test-cells.c - widths in cells, cutting to a width (the start or the
 * end), wrapping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "cells.h"

/* cells_fit into a new string. */
static char *
fit (const char *s, int width, gboolean utf8, gboolean pad)
{
  GString *out = g_string_new (NULL);
  cells_fit (out, s, width, utf8, pad);
  return g_string_free (out, FALSE);
}

/* Asserts that fitting S gives WANT. */
static void
check_fit (const char *s, int width, gboolean utf8, gboolean pad, const char *want)
{
  g_autofree char *got = fit (s, width, utf8, pad);
  assert_string_equal (got, want);
}

static void
test_cells_fit (void **state)
{
  assert_int_equal (cells_width (""), 0);
  assert_int_equal (cells_width ("abc"), 3);
  assert_int_equal (cells_width ("é"), 1);
  assert_int_equal (cells_width ("e\xcc\x81"), 1);      /* combining acute */
  assert_int_equal (cells_width ("日本"), 4);
  assert_int_equal (cells_width ("a\xff" "b"), 3);       /* invalid byte */

  check_fit ("hello", 5, TRUE, FALSE, "hello");
  check_fit ("hello", 8, TRUE, TRUE, "hello   ");
  check_fit ("hello world", 8, TRUE, FALSE, "hello w…");
  check_fit ("hello world", 8, FALSE, FALSE, "hello w~");
  check_fit ("hello", 0, TRUE, TRUE, "");
  check_fit ("hello", -3, TRUE, TRUE, "");
  check_fit ("hello", 1, TRUE, FALSE, "…");
  check_fit (NULL, 3, TRUE, TRUE, "   ");
  /* A wide character never straddles the edge. */
  check_fit ("日本語", 6, TRUE, TRUE, "日本語");
  check_fit ("日本語", 5, TRUE, TRUE, "日本…");
  check_fit ("日本語", 4, TRUE, TRUE, "日… ");
  /* Without UTF-8 only ASCII reaches the terminal. */
  check_fit ("naïve 日本", 20, FALSE, FALSE, "na?ve ??");
  check_fit ("a\xff" "b", 5, TRUE, FALSE, "a?b");
}

/* Asserts that the tail of S that fits WIDTH is WANT. */
static void
check_tail (const char *s, int width, gboolean utf8, const char *want)
{
  g_autoptr (GString) out = g_string_new (NULL);
  cells_fit_tail (out, s, width, utf8);
  assert_string_equal (out->str, want);
}

/* The end of long input stays in view, the start is cut. */
static void
test_fit_tail (void **state)
{
  check_tail ("hello", 5, TRUE, "hello");
  check_tail ("hello", 9, TRUE, "hello");
  check_tail ("hello world", 6, TRUE, "…world");
  check_tail ("hello world", 6, FALSE, "~world");
  check_tail ("hello", 1, TRUE, "…");
  check_tail ("hello", 0, TRUE, "");
  check_tail (NULL, 4, TRUE, "");
  /* A wide character is dropped whole, never halved. */
  check_tail ("日本語", 5, TRUE, "…本語");
  check_tail ("日本語", 4, TRUE, "…語");
  check_tail ("ab日本", 4, TRUE, "…本");
}

/* Words move down whole, a word longer than a line is cut, wide
 * characters are never halved. */
static void
test_wrap (void **state)
{
  g_autoptr (GPtrArray) a = cells_wrap ("abcdefghij", 4);
  g_autoptr (GPtrArray) b = cells_wrap ("", 4);
  g_autoptr (GPtrArray) c = cells_wrap ("日本語", 3);
  g_autoptr (GPtrArray) d = cells_wrap ("abc", 0);

  assert_int_equal (a->len, 3);
  assert_string_equal (a->pdata[0], "abcd");
  assert_string_equal (a->pdata[2], "ij");
  assert_int_equal (b->len, 1);
  assert_string_equal (b->pdata[0], "");
  assert_int_equal (c->len, 3);
  assert_string_equal (c->pdata[1], "本");
  assert_int_equal (d->len, 3);

  /* Words move down whole; a word longer than the width is cut. */
  g_autoptr (GPtrArray) e = cells_wrap ("hello big world", 9);
  assert_int_equal (e->len, 2);
  assert_string_equal (e->pdata[0], "hello big");
  assert_string_equal (e->pdata[1], "world");
  g_autoptr (GPtrArray) f = cells_wrap ("a verylongword", 5);
  assert_int_equal (f->len, 4);
  assert_string_equal (f->pdata[0], "a");
  assert_string_equal (f->pdata[1], "veryl");
  g_autoptr (GPtrArray) g = cells_wrap ("ab  cd", 3);
  assert_string_equal (g->pdata[0], "ab ");
  assert_string_equal (g->pdata[1], "cd");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_cells_fit),
    cmocka_unit_test (test_fit_tail),
    cmocka_unit_test (test_wrap),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
