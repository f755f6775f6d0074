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

/* String codes: NULL, the slot's, the k-th newest, a new one after P
 * bytes shared with the slot's. */
#define PACK_STR_NULL 0
#define PACK_STR_SAME 1
#define PACK_STR_REF(k) (2 + 2 * (guint64) (k))
#define PACK_STR_NEW(p) (3 + 2 * (guint64) (p))

void
pack_dict_init (PackDict *d, gboolean writing, GDestroyNotify free_str)
{
  d->strs = g_ptr_array_new_with_free_func (free_str);
  d->lens = g_array_new (FALSE, FALSE, sizeof (guint32));
  d->hashes = writing ? g_array_new (FALSE, FALSE, sizeof (guint32)) : NULL;
  d->mask = writing ? 63 : 0;
  d->table = writing ? g_new0 (guint32, d->mask + 1) : NULL;
}

void
pack_dict_clear (PackDict *d)
{
  g_clear_pointer (&d->strs, g_ptr_array_unref);
  g_clear_pointer (&d->lens, g_array_unref);
  g_clear_pointer (&d->hashes, g_array_unref);
  g_clear_pointer (&d->table, g_free);
}

/* FNV-1a of S; its length into *LEN. */
static guint32
pack_hash (const char *s, gsize *len)
{
  guint32 h = 2166136261u;
  const char *p = s;

  for (; *p; p++)
    h = (h ^ (guint8) *p) * 16777619u;
  *len = (gsize) (p - s);
  return h;
}

/* Where in D's table string S (hash H) is, or the empty place where it
 * would go. */
static guint32
pack_dict_find (const PackDict *d, const char *s, guint32 h)
{
  guint32 at = h & d->mask;

  while (d->table[at])
    {
      guint32 i = d->table[at] - 1;
      if (g_array_index (d->hashes, guint32, i) == h && strcmp (d->strs->pdata[i], s) == 0)
        break;
      at = (at + 1) & d->mask;
    }
  return at;
}

/* Adds S (LEN bytes, D's now, hash H when writing) to D; returns its
 * index. */
static gint
pack_dict_add (PackDict *d, char *s, guint32 len, guint32 h)
{
  g_ptr_array_add (d->strs, s);
  g_array_append_val (d->lens, len);
  if (!d->table)
    return (gint) d->strs->len - 1;
  g_array_append_val (d->hashes, h);
  if (d->strs->len * 2 > d->mask)
    {
      /* Half full: twice the room, every string placed again. */
      g_free (d->table);
      d->mask = d->mask * 2 + 1;
      d->table = g_new0 (guint32, d->mask + 1);
      for (guint i = 0; i + 1 < d->strs->len; i++)
        d->table[pack_dict_find (d, d->strs->pdata[i], g_array_index (d->hashes, guint32, i))]
          = i + 1;
    }
  d->table[pack_dict_find (d, s, h)] = d->strs->len;
  return (gint) d->strs->len - 1;
}

gint
pack_dict_put (PackDict *d, PackBuf *out, gint slot, const char *s, gsize *added)
{
  gsize len, prefix = 0;
  guint32 h, at;

  if (!s)
    {
      pack_uvarint (out, PACK_STR_NULL);
      return -1;
    }
  if (slot >= 0 && strcmp (pack_dict_str (d, slot), s) == 0)
    {
      pack_uvarint (out, PACK_STR_SAME);
      return slot;
    }
  h = pack_hash (s, &len);
  at = pack_dict_find (d, s, h);
  if (d->table[at])
    {
      guint i = d->table[at] - 1;
      pack_uvarint (out, PACK_STR_REF (d->strs->len - 1 - i));
      return (gint) i;
    }
  if (slot >= 0)
    {
      const char *last = pack_dict_str (d, slot);
      while (last[prefix] && last[prefix] == s[prefix])
        prefix++;
    }
  pack_uvarint (out, PACK_STR_NEW (prefix));
  pack_uvarint (out, len - prefix);
  pack_bytes (out, s + prefix, len - prefix);
  *added += len + 1;
  return pack_dict_add (d, g_strndup (s, len), (guint32) len, h);
}

gboolean
pack_dict_get (PackDict *d, PackReader *r, gint slot, gint *idx, PackDictAlloc alloc,
               gpointer user)
{
  guint64 code = pack_read_uvarint (r);
  guint n = d->strs->len;

  if (r->bad)
    return FALSE;
  if (code == PACK_STR_NULL)
    {
      *idx = -1;
      return TRUE;
    }
  if (code == PACK_STR_SAME)
    {
      *idx = slot;
      return slot >= 0;
    }
  if (!(code & 1))
    {
      guint64 k = (code - 2) / 2;
      if (k >= n)
        return FALSE;
      *idx = (gint) (n - 1 - k);
      return TRUE;
    }
  guint64 prefix = (code - 3) / 2, rest = pack_read_uvarint (r);
  guint32 base = slot >= 0 ? g_array_index (d->lens, guint32, slot) : 0;
  if (r->bad || prefix > base || rest > pack_left (r) || prefix + rest >= G_MAXUINT32)
    return FALSE;
  const guint8 *bytes = pack_read_bytes (r, rest);
  if (!bytes || memchr (bytes, 0, rest))
    return FALSE;
  char *s = alloc (prefix + rest + 1, user);
  if (!s)
    return FALSE;
  if (prefix)
    memcpy (s, pack_dict_str (d, slot), prefix);
  memcpy (s + prefix, bytes, rest);
  s[prefix + rest] = '\0';
  *idx = pack_dict_add (d, s, (guint32) (prefix + rest), 0);
  return TRUE;
}
