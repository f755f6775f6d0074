/* proto.h - a small Protocol Buffers encoder: the wire format, no schema.
 *
 * Appends fields to a GString as the protobuf wire format lays them out
 * (protobuf.dev, "Encoding"): a field is a tag (its number shifted left by
 * three, or'ed with its wire type) followed by its value; a varint holds
 * seven bits a byte, the lowest first, the top bit set on every byte but
 * the last; a length-delimited value (a string, bytes, a nested message)
 * is its length as a varint, then its bytes.  The caller names each field
 * by its number, as the .proto file it writes for says it.
 *
 * A nested message is opened (proto_open), its fields appended, and closed
 * (proto_close), which writes its length in front of it in the fewest
 * bytes.  Messages nest to any depth; each proto_open is closed once, the
 * innermost first. */
#pragma once

#include <glib.h>

/* The longest varint: 64 bits at seven a byte. */
#define PROTO_VARINT_MAX 10

/* The wire types this encoder writes. */
typedef enum {
  PROTO_WIRE_VARINT = 0,   /* int32, int64, uint32, uint64, bool, enum */
  PROTO_WIRE_FIXED64 = 1,  /* fixed64, sfixed64, double */
  PROTO_WIRE_LEN = 2,      /* string, bytes, messages */
} ProtoWire;

/* Appends V as a varint: 1 byte below 2^7, 2 below 2^14, ..., 10 from
 * 2^63. */
void proto_varint (GString *out, guint64 v);

/* Appends the tag of field FIELD (1 to 2^29 - 1) of wire type WIRE. */
void proto_tag (GString *out, guint32 field, ProtoWire wire);

/* Appends field FIELD holding the unsigned V (uint32, uint64, bool, enum). */
void proto_uint (GString *out, guint32 field, guint64 v);

/* Appends field FIELD holding the signed V (int32, int64) in two's
 * complement, as protobuf does: a negative value takes ten bytes. */
void proto_int (GString *out, guint32 field, gint64 v);

/* Appends field FIELD holding V in eight bytes, little-endian (fixed64). */
void proto_fixed64 (GString *out, guint32 field, guint64 v);

/* Appends field FIELD holding the LEN bytes at DATA (bytes, or a string
 * whose length is known). */
void proto_bytes (GString *out, guint32 field, const void *data, gsize len);

/* Appends field FIELD holding the NUL-terminated string S. */
void proto_string (GString *out, guint32 field, const char *s);

/* Opens field FIELD as a nested message: its fields follow, until
 * proto_close with the mark returned. */
gsize proto_open (GString *out, guint32 field);

/* Closes the nested message opened at MARK (proto_open's), writing its
 * length in front of it. */
void proto_close (GString *out, gsize mark);
