/* test-escape.c - display escaping of hostile strings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "escape.h"

/* Terminal width of a string the escaper produced (an independent count). */
static gsize
width_of (const char *s)
{
  gsize w = 0;
  for (const char *p = s; *p; p = g_utf8_find_next_char (p, NULL))
    {
      gunichar c = g_utf8_get_char (p);
      w += g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
    }
  return w;
}

/* Asserts that S is safe to send to a terminal: valid UTF-8 with no C0,
 * DEL, C1, format or separator characters. */
static void
assert_safe (const char *s)
{
  assert_true (g_utf8_validate (s, -1, NULL));
  for (const char *p = s; *p; p = g_utf8_find_next_char (p, NULL))
    {
      gunichar c = g_utf8_get_char (p);
      assert_false (c < 0x20 || (c >= 0x7f && c <= 0x9f));
      assert_true (g_unichar_isprint (c));
      assert_false (c == 0x2028 || c == 0x2029 || c == 0x202e);
    }
}

/* Escapes S with no limit and compares with EXPECTED. */
static void
check (const char *s, const char *expected)
{
  g_autofree char *got = escape_display (s, 0);
  assert_string_equal (got, expected);
  assert_safe (got);
}

/* Escapes S within MAX columns and compares with EXPECTED and its width. */
static void
check_cut (const char *s, gsize max, const char *expected)
{
  GString *out = g_string_new ("prefix:");
  gsize w = escape_append (out, s, max);
  assert_string_equal (out->str + 7, expected);
  assert_int_equal (w, width_of (expected));
  assert_true (w <= max);
  g_string_free (out, TRUE);
}

/* Plain names and valid UTF-8 pass unchanged; NULL is empty. */
static void
test_plain (void **state)
{
  check ("bash", "bash");
  check ("", "");
  check (NULL, "");
  check ("kworker/0:1-events", "kworker/0:1-events");
  check ("caf\xc3\xa9 na\xc3\xafve", "caf\xc3\xa9 na\xc3\xafve");
  check ("\xe6\xbc\xa2\xe5\xad\x97", "\xe6\xbc\xa2\xe5\xad\x97");          /* CJK */
  check ("\xf0\x9f\x98\x80 ok", "\xf0\x9f\x98\x80 ok");                  /* emoji */
  check ("e\xcc\x81", "e\xcc\x81");   /* combining acute after a base */
  check ("\xc2\xa0", "\xc2\xa0");     /* no-break space */
}

/* Control characters and escape sequences are shown, never passed. */
static void
test_controls (void **state)
{
  check ("\x1b[2J", "\\e[2J");
  check ("\x1b]52;c;ZXZpbA==\x07", "\\e]52;c;ZXZpbA==\\x07");   /* OSC 52 */
  check ("\x1b]0;pwned\x1b\\", "\\e]0;pwned\\e\\\\");           /* OSC title, ST */
  check ("a\ab", "a\\x07b");
  check ("t\tn\nr\r", "t\\tn\\nr\\r");
  check ("\x01\x1f\x7f", "\\x01\\x1f\\x7f");
  check ("back\\slash", "back\\\\slash");
  check ("\x9b" "31m", "\\x9b31m");           /* raw C1 CSI byte */
  check ("\xc2\x9b" "31m", "\\u009b31m");     /* C1 CSI encoded as UTF-8 */
  check ("\xc2\x85", "\\u0085");              /* NEL */
  check ("\xe2\x80\xae" "txt.exe", "\\u202etxt.exe");    /* RLO */
  check ("a\xe2\x80\xa8" "b", "a\\u2028b");   /* line separator */
  check ("\xe2\x80\x8b", "\\u200b");          /* zero-width space */
  check ("\xf3\xa0\x80\x81", "\\U000e0001");  /* language tag */
  check ("\xcc\x81" "a", "\\u0301a");         /* combining mark with no base */
  check ("quote\"d", "quote\"d");
}

/* Invalid UTF-8 is escaped byte by byte, overlong forms included. */
static void
test_invalid_utf8 (void **state)
{
  check ("\xff\xfe", "\\xff\\xfe");
  check ("ok\xe6\xbc", "ok\\xe6\\xbc");                     /* truncated */
  check ("\xe6\xbc" "x", "\\xe6\\xbcx");
  check ("\xc0\xaf", "\\xc0\\xaf");                         /* overlong '/' */
  check ("\xc0\x80", "\\xc0\\x80");                         /* overlong NUL */
  check ("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
  check ("\xf0\x82\x82\xac", "\\xf0\\x82\\x82\\xac");       /* overlong euro */
  check ("\xc1\x9b", "\\xc1\\x9b");                         /* overlong CSI */
  check ("\xed\xa0\x80", "\\xed\\xa0\\x80");                /* surrogate */
  check ("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");       /* > U+10FFFF */
  check ("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
  check ("\x80\xbf", "\\x80\\xbf");                         /* lone continuation */
}

/* Cuts respect columns, never split an escape or a wide character, and
 * end in an ellipsis only when something was dropped. */
static void
test_truncate (void **state)
{
  check_cut ("abcdef", 4, "abc" ESCAPE_ELLIPSIS);
  check_cut ("abcd", 4, "abcd");
  check_cut ("abcde", 5, "abcde");
  check_cut ("ab", 1, ESCAPE_ELLIPSIS);
  check_cut ("a", 1, "a");
  check_cut ("", 3, "");
  /* Wide characters at the boundary. */
  const char *cjk = "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97";  /* 8 cols */
  check_cut (cjk, 8, cjk);
  check_cut (cjk, 7, "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2" ESCAPE_ELLIPSIS);
  check_cut (cjk, 6, "\xe6\xbc\xa2\xe5\xad\x97" ESCAPE_ELLIPSIS);
  check_cut (cjk, 5, "\xe6\xbc\xa2\xe5\xad\x97" ESCAPE_ELLIPSIS);
  check_cut (cjk, 4, "\xe6\xbc\xa2" ESCAPE_ELLIPSIS);
  check_cut (cjk, 2, ESCAPE_ELLIPSIS);
  check_cut ("a\xe6\xbc\xa2\xe5\xad\x97", 4, "a\xe6\xbc\xa2" ESCAPE_ELLIPSIS);
  /* Escapes are indivisible. */
  check_cut ("\x1b[2Jxyz", 3, "\\e" ESCAPE_ELLIPSIS);
  check_cut ("\x9b" "ab", 4, ESCAPE_ELLIPSIS);
  check_cut ("\x9b" "ab", 6, "\\x9bab");
  check_cut ("ab\xff", 5, "ab" ESCAPE_ELLIPSIS);
  check_cut ("ab\xff", 6, "ab\\xff");
  /* A combining mark stays with its base. */
  check_cut ("abe\xcc\x81" "fg", 4, "abe\xcc\x81" ESCAPE_ELLIPSIS);
}

/* 4 KiB of every byte value: safe, and cut within the limit. */
static void
test_garbage (void **state)
{
  char buf[4097];
  for (int i = 0; i < 4096; i++)
    buf[i] = (char) (1 + i % 255);
  buf[4096] = '\0';

  g_autofree char *all = escape_display (buf, 0);
  assert_safe (all);
  assert_null (strchr (all, 0x1b));
  assert_true (strlen (all) > 4096);

  for (gsize max = 1; max < 100; max += 7)
    {
      g_autofree char *cut = escape_display (buf, max);
      assert_safe (cut);
      assert_true (width_of (cut) <= max);
      assert_true (g_str_has_suffix (cut, ESCAPE_ELLIPSIS));
      /* What is kept is a prefix of the full escaping. */
      gsize keep = strlen (cut) - strlen (ESCAPE_ELLIPSIS);
      assert_memory_equal (cut, all, keep);
    }
}

/* Random byte strings: the invariants hold for every limit. */
static void
test_random (void **state)
{
  g_autoptr (GRand) rnd = g_rand_new_with_seed (20240501);

  for (int round = 0; round < 2000; round++)
    {
      char s[64];
      gsize n = g_rand_int_range (rnd, 0, sizeof s);
      for (gsize i = 0; i < n; i++)
        {
          /* Bias towards interesting bytes. */
          static const char pool[] = "\x1b\x9b\xc2\xe6\xbc\xa2\xf0\x9f\x98\x80\xff\\a \"";
          s[i] = g_rand_boolean (rnd) ? pool[g_rand_int_range (rnd, 0, sizeof pool - 1)]
                                      : (char) g_rand_int_range (rnd, 1, 256);
        }
      s[n] = '\0';
      gsize max = g_rand_int_range (rnd, 0, 40);
      g_autofree char *all = escape_display (s, 0);
      GString *out = g_string_new (NULL);
      gsize w = escape_append (out, s, max);
      assert_safe (out->str);
      assert_int_equal (w, width_of (out->str));
      if (max == 0 || width_of (all) <= max)
        assert_string_equal (out->str, all);
      else
        {
          assert_true (w <= max);
          assert_true (g_str_has_suffix (out->str, ESCAPE_ELLIPSIS));
          assert_memory_equal (out->str, all, out->len - strlen (ESCAPE_ELLIPSIS));
        }
      g_string_free (out, TRUE);
    }
}

/* Command lines: escaped, spaced, quoted where ambiguous, cut. */
static void
test_argv (void **state)
{
  const char *ls[] = { "ls", "-l", "/tmp", NULL };
  const char *quoted[] = { "echo", "a b", "", "say \"hi\"", NULL };
  const char *hostile[] = { "sh", "-c", "printf '\x1b[2J'", NULL };
  const char *empty[] = { NULL };

  g_autofree char *a = escape_argv (ls, 0);
  assert_string_equal (a, "ls -l /tmp");
  g_autofree char *b = escape_argv (quoted, 0);
  assert_string_equal (b, "echo \"a b\" \"\" \"say \\\"hi\\\"\"");
  g_autofree char *c = escape_argv (hostile, 0);
  assert_string_equal (c, "sh -c \"printf '\\e[2J'\"");
  assert_safe (c);
  g_autofree char *d = escape_argv (empty, 0);
  assert_string_equal (d, "");
  g_autofree char *e = escape_argv (NULL, 0);
  assert_string_equal (e, "");
  g_autofree char *f = escape_argv (ls, 6);
  assert_string_equal (f, "ls -l" ESCAPE_ELLIPSIS);
  g_autofree char *g = escape_argv (ls, 10);
  assert_string_equal (g, "ls -l /tmp");
  g_autofree char *h = escape_argv (quoted, 8);
  assert_string_equal (h, "echo \"a" ESCAPE_ELLIPSIS);
  GString *out = g_string_new (NULL);
  assert_int_equal (escape_append_argv (out, ls, 0), 10);
  g_string_free (out, TRUE);
}

/* Padded cells are exactly as wide as asked. */
static void
test_padded (void **state)
{
  const struct { const char *s; gsize cols; const char *want; } cases[] = {
    { "ab", 5, "ab   " },
    { "abcdefgh", 5, "abcd" ESCAPE_ELLIPSIS },
    { "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 5, "\xe6\xbc\xa2\xe5\xad\x97" ESCAPE_ELLIPSIS },
    { "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 4, "\xe6\xbc\xa2" ESCAPE_ELLIPSIS " " },
    { "\x1b", 3, "\\e " },
    { NULL, 2, "  " },
    { "x", 0, "" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *out = g_string_new (NULL);
      escape_append_padded (out, cases[i].s, cases[i].cols);
      assert_string_equal (out->str, cases[i].want);
      assert_int_equal (width_of (out->str), cases[i].cols);
      g_string_free (out, TRUE);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_plain),
    cmocka_unit_test (test_controls),
    cmocka_unit_test (test_invalid_utf8),
    cmocka_unit_test (test_truncate),
    cmocka_unit_test (test_garbage),
    cmocka_unit_test (test_random),
    cmocka_unit_test (test_argv),
    cmocka_unit_test (test_padded),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
