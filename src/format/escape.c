/* escape.c - display escaping of untrusted strings (see escape.h). */
#include "escape.h"

#include "put.h"

#include <string.h>

/* An output being filled up to a width limit.  CUT_LEN/CUT_COLS remember
 * the last point where an ellipsis would still fit, so that once a piece
 * overflows the output can be cut back there. */
typedef struct {
  GString *out;
  gsize max;         /* column limit, 0 = none */
  gsize cols;        /* columns appended so far */
  gsize cut_len;     /* out->len at the last point with cols + 1 <= max */
  gsize cut_cols;
  gboolean full;     /* cut: nothing more is appended */
} EscapeSink;

/* Starts filling OUT with at most MAX columns (0 = no limit). */
static void
escape_sink_init (EscapeSink *k, GString *out, gsize max)
{
  *k = (EscapeSink) { .out = out, .max = max, .cut_len = out->len };
}

/* Appends one indivisible piece of LEN bytes and WIDTH columns, or, when it
 * would overflow, cuts back and ends the output with an ellipsis. */
static void
escape_sink_put (EscapeSink *k, const char *text, gsize len, gsize width)
{
  if (k->full)
    return;
  if (k->max && k->cols + width > k->max)
    {
      g_string_truncate (k->out, k->cut_len);
      g_string_append (k->out, ESCAPE_ELLIPSIS);
      k->cols = k->cut_cols + 1;
      k->full = TRUE;
      return;
    }
  put_bytes (k->out, text, len);
  k->cols += width;
  if (!k->max || k->cols + 1 <= k->max)
    {
      k->cut_len = k->out->len;
      k->cut_cols = k->cols;
    }
}

/* Appends an ASCII escape such as "\x9b" (its width is its length). */
static void
escape_sink_put_ascii (EscapeSink *k, const char *text)
{
  gsize n = strlen (text);
  escape_sink_put (k, text, n, n);
}

/* Whether valid character C may be shown as itself. */
static gboolean
escape_is_showable (gunichar c)
{
  if (!g_unichar_isprint (c))
    return FALSE;
  GUnicodeType t = g_unichar_type (c);
  return t != G_UNICODE_LINE_SEPARATOR && t != G_UNICODE_PARAGRAPH_SEPARATOR;
}

/* Appends one ASCII byte B, escaped if it is a control character, a
 * backslash, or (when QUOTED) a double quote. */
static void
escape_put_ascii_byte (EscapeSink *k, guchar b, gboolean quoted)
{
  char buf[8];

  switch (b)
    {
    case '\\': escape_sink_put_ascii (k, "\\\\"); return;
    case '\t': escape_sink_put_ascii (k, "\\t"); return;
    case '\n': escape_sink_put_ascii (k, "\\n"); return;
    case '\r': escape_sink_put_ascii (k, "\\r"); return;
    case 0x1b: escape_sink_put_ascii (k, "\\e"); return;
    case '"':
      if (quoted)
        {
          escape_sink_put_ascii (k, "\\\"");
          return;
        }
      break;
    default:
      if (b < 0x20 || b == 0x7f)
        {
          g_snprintf (buf, sizeof buf, "\\x%02x", b);
          escape_sink_put_ascii (k, buf);
          return;
        }
      break;
    }
  escape_sink_put (k, (const char *) &b, 1, 1);
}

int
escape_cells (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/* Appends S escaped.  QUOTED: S is shown inside double quotes.  A
 * zero-width character with no visible character before it in S is escaped,
 * so it cannot combine with whatever precedes the string. */
static void
escape_feed (EscapeSink *k, const char *s, gboolean quoted)
{
  gsize left = s ? strlen (s) : 0;
  const char *p = s;
  gboolean has_base = FALSE;
  char buf[16];

  while (left > 0 && !k->full)
    {
      guchar b = (guchar) *p;
      gsize n = 1;

      if (b < 0x80)
        {
          escape_put_ascii_byte (k, b, quoted);
          has_base = TRUE;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated (p, left);
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_snprintf (buf, sizeof buf, "\\x%02x", b);
              escape_sink_put_ascii (k, buf);
            }
          else
            {
              n = g_unichar_to_utf8 (c, NULL);
              int cells = escape_cells (c);
              if (escape_is_showable (c) && (has_base || cells > 0))
                {
                  escape_sink_put (k, p, n, cells);
                  has_base = TRUE;
                }
              else
                {
                  if (c <= 0xffff)
                    g_snprintf (buf, sizeof buf, "\\u%04x", c);
                  else
                    g_snprintf (buf, sizeof buf, "\\U%08x", c);
                  escape_sink_put_ascii (k, buf);
                }
            }
        }
      p += n;
      left -= n;
    }
}

gsize
escape_append (GString *out, const char *s, gsize max_cols)
{
  EscapeSink k;

  escape_sink_init (&k, out, max_cols);
  escape_feed (&k, s, FALSE);
  return k.cols;
}

char *
escape_display (const char *s, gsize max_cols)
{
  GString *out = g_string_new (NULL);
  escape_append (out, s, max_cols);
  return g_string_free (out, FALSE);
}

/* Whether an argument must be shown in double quotes to be unambiguous. */
static gboolean
escape_arg_needs_quotes (const char *arg)
{
  return *arg == '\0' || strpbrk (arg, " \"") != NULL;
}

gsize
escape_append_argv (GString *out, const char *const *argv, gsize max_cols)
{
  EscapeSink k;

  escape_sink_init (&k, out, max_cols);
  for (gsize i = 0; argv && argv[i] && !k.full; i++)
    {
      gboolean quoted = escape_arg_needs_quotes (argv[i]);
      if (i > 0)
        escape_sink_put (&k, " ", 1, 1);
      if (quoted)
        escape_sink_put (&k, "\"", 1, 1);
      escape_feed (&k, argv[i], quoted);
      if (quoted)
        escape_sink_put (&k, "\"", 1, 1);
    }
  return k.cols;
}

char *
escape_argv (const char *const *argv, gsize max_cols)
{
  GString *out = g_string_new (NULL);
  escape_append_argv (out, argv, max_cols);
  return g_string_free (out, FALSE);
}

void
escape_append_padded (GString *out, const char *s, gsize cols)
{
  if (cols == 0)
    return;
  gsize used = escape_append (out, s, cols);
  for (; used < cols; used++)
    g_string_append_c (out, ' ');
}
