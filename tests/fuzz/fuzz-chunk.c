/* fuzz-chunk.c - any bytes as a chunk of the history's encoding, and as a
 * saved table: the decoders refuse them or give entries (a table) that
 * encode and decode again to the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "entrycmp.h"
#include "pack.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Decoded entries of C written into a new chunk and decoded again must be
 * the same; also decoded as it grows, a record at a time. */
static void
fuzz_again (const Chunk *c)
{
  g_autoptr (ChunkWriter) w = chunk_writer_new (G_MAXUINT);
  g_autoptr (Chunk) again = chunk_new (1, G_MAXSIZE);
  const guint8 *bytes;
  gsize len;

  for (guint i = 0; i < chunk_len (c); i++)
    {
      chunk_writer_add (w, chunk_entry (c, i));
      bytes = chunk_writer_data (w, &len);
      if (chunk_decode (again, bytes, len, NULL) < 0 || chunk_len (again) != i + 1
          || !entrycmp_equal (chunk_entry (c, i), chunk_entry (again, i), NULL))
        abort ();
    }
}

/* A table that loads passes its check and saves to bytes that load to a
 * table saving to the same bytes. */
static void
fuzz_table (const uint8_t *data, size_t size)
{
  g_autoptr (Proctab) pt = proctab_load (data, size, 1000, 20, NULL);
  PackBuf a = { 0 }, b = { 0 };

  if (!pt)
    return;
  if (!proctab_check (pt, NULL))
    abort ();
  proctab_save (pt, &a);
  g_autoptr (Proctab) back = proctab_load (a.data, a.len, 1000, 20, NULL);
  if (!back)
    abort ();
  proctab_save (back, &b);
  if (a.len != b.len || memcmp (a.data, b.data, a.len) != 0)
    abort ();
  pack_buf_clear (&a);
  pack_buf_clear (&b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (Chunk) c = chunk_new (1, 1 << 20);
  g_autoptr (GError) error = NULL;

  if (chunk_decode (c, data, size, &error) < 0 && (!error || !error->message[0]))
    abort ();
  for (guint i = 0; i < chunk_len (c); i++)
    if ((guint) chunk_entry (c, i)->ev.kind >= EVENT_KIND_MAX || chunk_entry (c, i)->seq != 1 + i)
      abort ();
  fuzz_again (c);
  fuzz_table (data, size);
  return 0;
}
