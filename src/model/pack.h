/* pack.h - the bytes of the history's compact encodings: a growing buffer,
 * variable-length integers (7 bits a byte, low first), zigzag for signed
 * values, and a CRC-32C for checksums.
 *
 * A reader checks every read against the end of its bytes: a read past
 * it, or a varint longer than 10 bytes, sets PackReader.bad and returns
 * 0 (or NULL), and every later read fails too, so a decoder checks once,
 * at the end of what it read. */
#pragma once

#include <glib.h>

/* Bytes being written; data is g_malloc'd (g_free it, or pack_buf_steal). */
typedef struct {
  guint8 *data;
  gsize len;
  gsize cap;
} PackBuf;

/* Makes room for N more bytes. */
void pack_buf_reserve (PackBuf *b, gsize n);

/* Frees what B holds and empties it. */
void pack_buf_clear (PackBuf *b);

/* The bytes written, trimmed to their length, for the caller to g_free;
 * B is left empty.  *LEN is their length. */
guint8 *pack_buf_steal (PackBuf *b, gsize *len);

/* Writes V as an unsigned varint at P (room for 10 bytes); returns the
 * byte after it. */
static inline guint8 *
pack_put_uvarint (guint8 *p, guint64 v)
{
  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;
  return p;
}

/* Appends V as an unsigned varint (1 to 10 bytes). */
static inline void
pack_uvarint (PackBuf *b, guint64 v)
{
  if (b->cap - b->len < 10)
    pack_buf_reserve (b, 10);
  b->len = (gsize) (pack_put_uvarint (b->data + b->len, v) - b->data);
}

/* V as zigzag: small magnitudes of either sign give small numbers. */
static inline guint64
pack_zigzag (gint64 v)
{
  return ((guint64) v << 1) ^ (guint64) (v >> 63);
}

/* The inverse of pack_zigzag. */
static inline gint64
pack_unzigzag (guint64 u)
{
  return (gint64) (u >> 1) ^ -(gint64) (u & 1);
}

/* Appends V zigzagged, as an unsigned varint. */
static inline void
pack_svarint (PackBuf *b, gint64 v)
{
  pack_uvarint (b, pack_zigzag (v));
}

/* Appends N bytes from P. */
void pack_bytes (PackBuf *b, const void *p, gsize n);

/* A position in bytes being read. */
typedef struct {
  const guint8 *p;
  const guint8 *end;
  gboolean bad;       /* a read failed: the bytes are broken */
} PackReader;

/* Starts reading LEN bytes at DATA. */
static inline void
pack_reader_init (PackReader *r, const void *data, gsize len)
{
  r->p = data;
  r->end = r->p + len;
  r->bad = FALSE;
}

/* Bytes left to read. */
static inline gsize
pack_left (const PackReader *r)
{
  return (gsize) (r->end - r->p);
}

/* Reads an unsigned varint; 0 and R->bad when the bytes end inside it or
 * it is longer than a 64-bit value can be. */
static inline guint64
pack_read_uvarint (PackReader *r)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64 && r->p < r->end; shift += 7)
    {
      guint8 c = *r->p++;
      v |= (guint64) (c & 0x7f) << shift;
      if (!(c & 0x80))
        return v;
    }
  r->bad = TRUE;
  r->p = r->end;
  return 0;
}

/* Reads a zigzagged varint. */
static inline gint64
pack_read_svarint (PackReader *r)
{
  return pack_unzigzag (pack_read_uvarint (r));
}

/* The next N bytes, or NULL and R->bad when fewer are left. */
static inline const guint8 *
pack_read_bytes (PackReader *r, gsize n)
{
  const guint8 *at = r->p;

  if (n > pack_left (r))
    {
      r->bad = TRUE;
      r->p = r->end;
      return NULL;
    }
  r->p += n;
  return at;
}

/* CRC-32C (Castagnoli) of LEN bytes at DATA, continuing from CRC (0 to
 * start). */
guint32 pack_crc32c (guint32 crc, const void *data, gsize len);

/* Little-endian fixed-size integers, for headers read before anything
 * else is known. */
void pack_u32 (PackBuf *b, guint32 v);
void pack_u64 (PackBuf *b, guint64 v);
guint32 pack_read_u32 (PackReader *r);
guint64 pack_read_u64 (PackReader *r);

/* Strings said once: a dictionary that the writing and the reading end
 * keep in step.  A string is written as a code (a varint): NULL; the
 * same as the string of the caller's slot (a field's last value, say);
 * a reference back (0 = the newest string); or a new string, as the
 * length of the prefix it shares with the slot's string, the length of
 * the rest and the rest.  Strings hold no NUL: a new one that does is
 * refused when read. */
typedef struct {
  GPtrArray *strs;     /* the strings, in order of first use */
  GArray *lens;        /* their lengths (guint32) */
  GArray *hashes;      /* writing: their hashes (guint32), else NULL */
  guint32 *table;      /* writing: open addressing, index + 1 (0: empty) */
  guint32 mask;        /* the table's size - 1 (a power of two - 1) */
} PackDict;

/* Sets D up, empty, for WRITING or reading; FREE_STR frees a string of
 * it (NULL: the strings are someone else's). */
void pack_dict_init (PackDict *d, gboolean writing, GDestroyNotify free_str);
void pack_dict_clear (PackDict *d);

/* String I of D. */
static inline const char *
pack_dict_str (const PackDict *d, gint i)
{
  return d->strs->pdata[i];
}

/* Writes S (may be NULL) to OUT given the index of the slot's string
 * (-1: none).  Returns S's index (-1 for NULL); adds to *ADDED the bytes
 * (with the NUL) of a string new to D. */
gint pack_dict_put (PackDict *d, PackBuf *out, gint slot, const char *s, gsize *added);

/* Makes room for a new string of N bytes (with its NUL), or NULL to
 * refuse it (a budget spent). */
typedef char *(*PackDictAlloc) (gsize n, gpointer user);

/* Reads a string code given the index of the slot's string into *IDX (-1
 * for NULL), a new string made in what ALLOC (with USER) gives.  FALSE
 * when the code is broken, names what is not there, or ALLOC refuses. */
gboolean pack_dict_get (PackDict *d, PackReader *r, gint slot, gint *idx, PackDictAlloc alloc,
                        gpointer user);
