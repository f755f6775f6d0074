/* put.h - appending bytes to a GString fast, for the writers of records
 * (src/format: json.c, proto.c, words.c), which append many short pieces
 * per record, the output that gathers them (output.c), and the tests'
 * dumps of tables.
 *
 * GLib 2.74 does not inline g_string_append_len(), whose checks cost more
 * than the copy of a short piece: the common case here, room left, is a
 * memcpy. */
#pragma once

#include <glib.h>
#include <string.h>

/* Appends the N bytes at S to OUT. */
static inline void
put_bytes (GString *out, const void *s, gsize n)
{
  if (out->len + n < out->allocated_len)
    {
      memcpy (out->str + out->len, s, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, s, (gssize) n);
}

/* Makes room for N more bytes at the end of OUT and returns where they
 * go; put_end then says where what was written there ends. */
static inline char *
put_room (GString *out, gsize n)
{
  if (G_UNLIKELY (out->len + n >= out->allocated_len))
    {
      gsize len = out->len;
      g_string_set_size (out, len + n);
      out->len = len;
    }
  return out->str + out->len;
}

/* Ends OUT at END, within the room put_room made. */
static inline void
put_end (GString *out, char *end)
{
  out->len = (gsize) (end - out->str);
  *end = '\0';
}

/* Copies the LEN bytes at S to D and returns their end, copying SIZE
 * bytes, a constant (S holds them, D has room for them): a copy of known
 * length is a few moves, one of any length a call. */
static inline char *
put_span (char *d, const void *s, gsize len, gsize size)
{
  memcpy (d, s, size);
  return d + len;
}

/* Appends the byte C to OUT. */
static inline void
put_byte (GString *out, char c)
{
  put_bytes (out, &c, 1);
}
