/* put.h - appending bytes to a GString fast, for the writers of this
 * folder (json.c, proto.c), which append many short pieces per record.
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

/* Appends the byte C to OUT. */
static inline void
put_byte (GString *out, char c)
{
  put_bytes (out, &c, 1);
}
