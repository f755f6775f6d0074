/* decimal.h - integers written in decimal without printf.
 *
 * Every event is written with a dozen numbers or more (JSON Lines, entity
 * ids, statuses, /proc paths): printf would cost more than the rest of the
 * record.  The digits are written in place, two per division, into room
 * the caller has made (DECIMAL_MAX bytes). */
#pragma once

#include <glib.h>
#include <string.h>

/* The most digits decimal_put writes: G_MAXUINT64 has 20. */
#define DECIMAL_MAX 20

/* How many decimal digits V has (1 for 0). */
static inline guint
decimal_len (guint64 v)
{
  static const guint64 pow10[DECIMAL_MAX] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
    100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
    10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
  };
  /* log10(2) is about 1233/4096: T is the number of digits less one, or
   * one too many, which the table puts right.  V | 1 has the digits of V
   * (0 has one) and is V's side of each power of ten, all even but 1. */
  guint64 w = v | 1;
  guint t = ((guint) (64 - __builtin_clzll (w)) * 1233) >> 12;
  return t + 1 - (w < pow10[t]);
}

/* The two digits of each number below 100, "00" to "99", in turn. */
static inline const char *
decimal_pairs (void)
{
  static const char pairs[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
  return pairs;
}

/* Writes the decimal digits of V at D, which has room for DECIMAL_MAX
 * bytes, and returns the end of them (no NUL). */
static inline char *
decimal_put (char *d, guint64 v)
{
  char *end = d + decimal_len (v), *q = end;

  while (v > G_MAXUINT32)
    {
      q -= 2;
      memcpy (q, decimal_pairs () + (v % 100) * 2, 2);
      v /= 100;
    }
  /* The rest in 32 bits, whose divisions are cheaper. */
  guint32 w = (guint32) v;
  while (w >= 100)
    {
      q -= 2;
      memcpy (q, decimal_pairs () + (w % 100) * 2, 2);
      w /= 100;
    }
  if (w >= 10)
    memcpy (q - 2, decimal_pairs () + w * 2, 2);
  else
    q[-1] = (char) ('0' + w);
  return end;
}

/* Writes V, which is below 10^N, in N digits (zeros first) at D and
 * returns the end of them (no NUL): a fraction's digits. */
static inline char *
decimal_put_width (char *d, guint32 v, guint n)
{
  char *q = d + n;

  for (guint i = n / 2; i; i--, v /= 100)
    {
      q -= 2;
      memcpy (q, decimal_pairs () + (v % 100) * 2, 2);
    }
  if (n & 1)
    *d = (char) ('0' + v);
  return d + n;
}
