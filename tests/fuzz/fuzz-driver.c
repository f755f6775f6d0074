/* fuzz-driver.c - runs a fuzz target without libFuzzer (e.g. under gcc).
 *
 * Takes the same arguments as a libFuzzer binary: -max_total_time=N and
 * corpus directories or files (other -flags are ignored).  Feeds the target
 * every corpus file, every prefix of each, then deterministic random
 * mutations of them until N seconds (default 1) have passed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Runs the target on a private copy of exactly LEN bytes (so the address
 * sanitizer sees any read past the end). */
static void
driver_run (const guint8 *data, gsize len)
{
  g_autofree guint8 *copy = g_memdup2 (data, MAX (len, 1));
  LLVMFuzzerTestOneInput (copy, len);
}

/* Adds the file at PATH, or every file in the directory at PATH, to SEEDS. */
static void
driver_load (const char *path, GPtrArray *seeds)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (!dir)
    {
      char *contents;
      gsize len;
      if (g_file_get_contents (path, &contents, &len, NULL))
        g_ptr_array_add (seeds, g_bytes_new_take (contents, len));
      return;
    }
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        driver_load (child, seeds);
    }
}

/* Changes a few bytes of BUF and maybe its length (at most CAP). */
static gsize
driver_mutate (GRand *rng, guint8 *buf, gsize len, gsize cap)
{
  switch (g_rand_int_range (rng, 0, 4))
    {
    case 0:  /* cut */
      len = len ? (gsize) g_rand_int_range (rng, 0, (gint32) len) : 0;
      break;
    case 1:  /* grow with random bytes */
      while (len < cap && g_rand_boolean (rng))
        buf[len++] = (guint8) g_rand_int (rng);
      break;
    default: /* overwrite bytes, often with edge values */
      for (int n = g_rand_int_range (rng, 1, 5); n > 0 && len; n--)
        {
          static const guint8 edges[] = { 0, 1, 0x7f, 0x80, 0xff };
          gsize at = (gsize) g_rand_int_range (rng, 0, (gint32) len);
          buf[at] = g_rand_boolean (rng)
                    ? edges[g_rand_int_range (rng, 0, G_N_ELEMENTS (edges))]
                    : (guint8) g_rand_int (rng);
        }
      break;
    }
  return len;
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) seeds = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_bytes_unref);
  g_autoptr (GRand) rng = g_rand_new_with_seed (1);
  double seconds = 1;
  guint64 runs = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "-max_total_time="))
        seconds = g_ascii_strtod (argv[i] + strlen ("-max_total_time="), NULL);
      else if (argv[i][0] != '-')
        driver_load (argv[i], seeds);
    }
  if (seeds->len == 0)
    {
      fprintf (stderr, "%s: no corpus files\n", argv[0]);
      return 1;
    }

  for (guint i = 0; i < seeds->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (seeds->pdata[i], &len);
      for (gsize cut = 0; cut <= len; cut++, runs++)
        driver_run (data, cut);
    }

  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint8 buf[4096];
  while (g_get_monotonic_time () < end)
    for (int k = 0; k < 1000; k++, runs++)
      {
        gsize len;
        GBytes *seed = seeds->pdata[g_rand_int_range (rng, 0, (gint32) seeds->len)];
        const guint8 *data = g_bytes_get_data (seed, &len);
        len = MIN (len, sizeof buf);
        memcpy (buf, data, len);
        for (int m = g_rand_int_range (rng, 1, 4); m > 0; m--)
          len = driver_mutate (rng, buf, len, sizeof buf);
        driver_run (buf, len);
      }
  printf ("%" G_GUINT64_FORMAT " runs over %u seeds\n", runs, seeds->len);
  return 0;
}
