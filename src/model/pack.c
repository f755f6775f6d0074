/* pack.c - varint buffers and CRC-32C (see pack.h). */
#include "pack.h"

#include <string.h>

void
pack_buf_reserve (PackBuf *b, gsize n)
{
  if (b->cap - b->len >= n)
    return;
  gsize cap = MAX (b->cap * 2, 256);
  while (cap - b->len < n)
    cap *= 2;
  b->data = g_realloc (b->data, cap);
  b->cap = cap;
}

void
pack_buf_clear (PackBuf *b)
{
  g_free (b->data);
  *b = (PackBuf) { 0 };
}

guint8 *
pack_buf_steal (PackBuf *b, gsize *len)
{
  guint8 *data = b->data;

  *len = b->len;
  if (b->len == 0)
    g_clear_pointer (&data, g_free);
  else if (b->len < b->cap)
    data = g_realloc (data, b->len);
  *b = (PackBuf) { 0 };
  return data;
}

void
pack_bytes (PackBuf *b, const void *p, gsize n)
{
  if (n == 0)
    return;
  pack_buf_reserve (b, n);
  memcpy (b->data + b->len, p, n);
  b->len += n;
}

void
pack_u32 (PackBuf *b, guint32 v)
{
  guint8 le[4] = { v, v >> 8, v >> 16, v >> 24 };
  pack_bytes (b, le, sizeof le);
}

void
pack_u64 (PackBuf *b, guint64 v)
{
  pack_u32 (b, (guint32) v);
  pack_u32 (b, (guint32) (v >> 32));
}

guint32
pack_read_u32 (PackReader *r)
{
  const guint8 *p = pack_read_bytes (r, 4);

  if (!p)
    return 0;
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

guint64
pack_read_u64 (PackReader *r)
{
  guint64 lo = pack_read_u32 (r);
  return lo | (guint64) pack_read_u32 (r) << 32;
}

/* The CRC-32C table for one byte at a time, built once. */
static guint32 pack_crc_table[256];

/* Fills pack_crc_table (reflected polynomial 0x82F63B78). */
static gpointer
pack_crc_init (gpointer unused)
{
  for (guint32 i = 0; i < 256; i++)
    {
      guint32 c = i;
      for (int k = 0; k < 8; k++)
        c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      pack_crc_table[i] = c;
    }
  return NULL;
}

guint32
pack_crc32c (guint32 crc, const void *data, gsize len)
{
  static GOnce once = G_ONCE_INIT;
  const guint8 *p = data;

  g_once (&once, pack_crc_init, NULL);
  crc = ~crc;
  while (len--)
    crc = pack_crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}
