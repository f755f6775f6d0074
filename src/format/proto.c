/* proto.c - the Protocol Buffers wire format (see proto.h). */
#include "proto.h"

#include <string.h>

#include "put.h"

/* Writes V as a varint into BUF (PROTO_VARINT_MAX bytes); returns its
 * length. */
static guint
proto_varint_encode (guint8 *buf, guint64 v)
{
  guint n = 0;

  while (v >= 0x80)
    {
      buf[n++] = (guint8) (v | 0x80);
      v >>= 7;
    }
  buf[n++] = (guint8) v;
  return n;
}

void
proto_varint (GString *out, guint64 v)
{
  guint8 buf[PROTO_VARINT_MAX];

  put_bytes (out, buf, proto_varint_encode (buf, v));
}

void
proto_tag (GString *out, guint32 field, ProtoWire wire)
{
  proto_varint (out, ((guint64) field << 3) | wire);
}

void
proto_uint (GString *out, guint32 field, guint64 v)
{
  guint8 buf[2 * PROTO_VARINT_MAX];
  guint n = proto_varint_encode (buf, (guint64) field << 3 | PROTO_WIRE_VARINT);

  put_bytes (out, buf, n + proto_varint_encode (buf + n, v));
}

void
proto_int (GString *out, guint32 field, gint64 v)
{
  proto_uint (out, field, (guint64) v);
}

void
proto_fixed64 (GString *out, guint32 field, guint64 v)
{
  guint8 buf[8];

  proto_tag (out, field, PROTO_WIRE_FIXED64);
  for (guint i = 0; i < 8; i++)
    buf[i] = (guint8) (v >> (8 * i));
  put_bytes (out, buf, 8);
}

void
proto_bytes (GString *out, guint32 field, const void *data, gsize len)
{
  proto_tag (out, field, PROTO_WIRE_LEN);
  proto_varint (out, len);
  put_bytes (out, data, len);
}

void
proto_string (GString *out, guint32 field, const char *s)
{
  proto_bytes (out, field, s, strlen (s));
}

gsize
proto_open (GString *out, guint32 field)
{
  proto_tag (out, field, PROTO_WIRE_LEN);
  /* One byte for the length, which most messages need; proto_close makes
   * room for more. */
  put_byte (out, 0);
  return out->len - 1;
}

void
proto_close (GString *out, gsize mark)
{
  guint8 buf[PROTO_VARINT_MAX];
  guint n = proto_varint_encode (buf, out->len - mark - 1);

  if (n > 1)
    g_string_insert_len (out, (gssize) mark + 1, (const char *) buf + 1, n - 1);
  memcpy (out->str + mark, buf, n);
}
