/* test-proto.c - the Protocol Buffers encoder, byte by byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proto.h"

/* OUT holds exactly the LEN bytes of WANT. */
static void
check_bytes (const GString *out, const char *want, gsize len)
{
  if (out->len != len || memcmp (out->str, want, len) != 0)
    {
      g_autoptr (GString) got = g_string_new (NULL);
      for (gsize i = 0; i < out->len; i++)
        g_string_append_printf (got, "%02x ", (guint8) out->str[i]);
      fail_msg ("got %zu bytes: %s", out->len, got->str);
    }
}

/* WANT given as a string literal, its NUL left out. */
#define CHECK(out, want) check_bytes ((out), (want), sizeof (want) - 1)

/* V as a varint is WANT. */
#define CHECK_VARINT(v, want)                                 \
  do                                                          \
    {                                                         \
      g_autoptr (GString) o_ = g_string_new (NULL);           \
      proto_varint (o_, (v));                                 \
      CHECK (o_, want);                                       \
    }                                                         \
  while (0)

/* Varints at every boundary of their length, from 1 byte to 10. */
static void
test_varint (void **state)
{
  CHECK_VARINT (0, "\x00");
  CHECK_VARINT (1, "\x01");
  CHECK_VARINT (127, "\x7f");
  CHECK_VARINT (128, "\x80\x01");
  CHECK_VARINT (300, "\xac\x02");
  CHECK_VARINT ((1 << 14) - 1, "\xff\x7f");
  CHECK_VARINT (1 << 14, "\x80\x80\x01");
  CHECK_VARINT ((1 << 21) - 1, "\xff\xff\x7f");
  CHECK_VARINT (1 << 21, "\x80\x80\x80\x01");
  CHECK_VARINT (G_GUINT64_CONSTANT (0xffffffff), "\xff\xff\xff\xff\x0f");
  CHECK_VARINT (G_GUINT64_CONSTANT (1) << 32, "\x80\x80\x80\x80\x10");
  CHECK_VARINT ((G_GUINT64_CONSTANT (1) << 63) - 1, "\xff\xff\xff\xff\xff\xff\xff\xff\x7f");
  CHECK_VARINT (G_GUINT64_CONSTANT (1) << 63, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01");
  CHECK_VARINT (G_MAXUINT64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
}

/* Tags: field number and wire type, one byte up to field 15. */
static void
test_tag (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);

  proto_tag (out, 1, PROTO_WIRE_VARINT);
  proto_tag (out, 15, PROTO_WIRE_LEN);
  proto_tag (out, 16, PROTO_WIRE_VARINT);
  proto_tag (out, 47, PROTO_WIRE_FIXED64);
  proto_tag (out, (1 << 29) - 1, PROTO_WIRE_VARINT);
  CHECK (out, "\x08" "\x7a" "\x80\x01" "\xf9\x02" "\xf8\xff\xff\xff\x0f");
}

/* Integers: unsigned as they are; signed in two's complement, so a
 * negative one takes ten bytes, however small. */
static void
test_integers (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);

  proto_uint (out, 1, 150);
  CHECK (out, "\x08\x96\x01");
  g_string_truncate (out, 0);
  proto_int (out, 2, -1);
  CHECK (out, "\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
  g_string_truncate (out, 0);
  proto_int (out, 2, -2);
  CHECK (out, "\x10\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01");
  g_string_truncate (out, 0);
  proto_int (out, 2, G_MININT64);
  CHECK (out, "\x10\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01");
  g_string_truncate (out, 0);
  proto_int (out, 2, G_MAXINT64);
  CHECK (out, "\x10\xff\xff\xff\xff\xff\xff\xff\xff\x7f");
  g_string_truncate (out, 0);
  proto_int (out, 3, 0);
  CHECK (out, "\x18\x00");
}

/* fixed64: eight bytes, the lowest first. */
static void
test_fixed64 (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);

  proto_fixed64 (out, 47, G_GUINT64_CONSTANT (0x0102030405060708));
  CHECK (out, "\xf9\x02\x08\x07\x06\x05\x04\x03\x02\x01");
  g_string_truncate (out, 0);
  proto_fixed64 (out, 1, 0);
  CHECK (out, "\x09\x00\x00\x00\x00\x00\x00\x00\x00");
}

/* Strings and bytes: the length, then the bytes, NULs and all. */
static void
test_bytes (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *long_s = g_strnfill (200, 'x');

  proto_string (out, 2, "testing");
  CHECK (out, "\x12\x07testing");
  g_string_truncate (out, 0);
  proto_string (out, 2, "");
  CHECK (out, "\x12\x00");
  g_string_truncate (out, 0);
  proto_bytes (out, 3, "a\0b", 3);
  CHECK (out, "\x1a\x03" "a\0b");
  g_string_truncate (out, 0);
  proto_string (out, 2, long_s);
  assert_int_equal (out->len, 3 + 200);
  assert_memory_equal (out->str, "\x12\xc8\x01", 3);
}

/* A nested message: its length before it in the fewest bytes, however
 * deep, and whatever the length of those inside it. */
static void
test_nested (void **state)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *filler = g_strnfill (130, 'y');
  gsize a, b, c;

  /* The example of protobuf's encoding guide: Test3 { c: Test1 { a: 150 } } */
  a = proto_open (out, 3);
  proto_uint (out, 1, 150);
  proto_close (out, a);
  CHECK (out, "\x1a\x03\x08\x96\x01");

  /* Empty. */
  g_string_truncate (out, 0);
  a = proto_open (out, 1);
  proto_close (out, a);
  CHECK (out, "\x0a\x00");

  /* Three deep, the innermost past 127 bytes: each length grows. */
  g_string_truncate (out, 0);
  a = proto_open (out, 1);
  proto_uint (out, 2, 1);
  b = proto_open (out, 3);
  c = proto_open (out, 4);
  proto_string (out, 5, filler);
  proto_close (out, c);
  proto_close (out, b);
  proto_uint (out, 6, 2);
  proto_close (out, a);
  /* 5: tag, 2-byte length, 130 bytes = 133; 4: tag, 2 bytes, 133 = 136;
   * 3: tag, 2 bytes, 136 = 139; 1 holds 2 + 139 + 2 = 143. */
  assert_int_equal (out->len, 1 + 2 + 143);
  assert_memory_equal (out->str, "\x0a\x8f\x01" "\x10\x01" "\x1a\x88\x01" "\x22\x85\x01"
                                 "\x2a\x82\x01", 14);
  assert_memory_equal (out->str + 14, filler, 130);
  assert_memory_equal (out->str + 144, "\x30\x02", 2);

  /* Side by side: the second is not moved by the first's growth. */
  g_string_truncate (out, 0);
  a = proto_open (out, 1);
  proto_string (out, 2, filler);
  proto_close (out, a);
  b = proto_open (out, 1);
  proto_uint (out, 3, 7);
  proto_close (out, b);
  assert_int_equal (out->len, 3 + 133 + 4);
  assert_memory_equal (out->str + 136, "\x0a\x02\x18\x07", 4);

  /* A message of exactly 128 bytes needs two bytes of length, 127 one. */
  g_autofree char *s125 = g_strnfill (125, 'z');
  g_autofree char *s126 = g_strnfill (126, 'z');
  g_string_truncate (out, 0);
  a = proto_open (out, 1);
  proto_string (out, 2, s125);   /* 1 + 1 + 125 = 127 */
  proto_close (out, a);
  assert_int_equal (out->len, 2 + 127);
  assert_memory_equal (out->str, "\x0a\x7f", 2);
  g_string_truncate (out, 0);
  a = proto_open (out, 1);
  proto_string (out, 2, s126);   /* 1 + 1 + 126 = 128 */
  proto_close (out, a);
  assert_int_equal (out->len, 3 + 128);
  assert_memory_equal (out->str, "\x0a\x80\x01", 3);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_varint),
    cmocka_unit_test (test_tag),
    cmocka_unit_test (test_integers),
    cmocka_unit_test (test_fixed64),
    cmocka_unit_test (test_bytes),
    cmocka_unit_test (test_nested),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
