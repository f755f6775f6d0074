/* cells.c - text for the terminal, measured in cells (see cells.h). */
#include "cells.h"

#include "escape.h"
#include "words.h"

char *
cells_escape (const char *s)
{
  return escape_display (s, CELLS_TEXT_MAX);
}

char *
cells_name (const char *comm)
{
  return comm ? cells_escape (comm) : g_strdup (WORDS_NO_NAME);
}

/* Decodes the character at *S (advancing it) and its width in cells;
 * an invalid byte decodes as '?' of width 1.  Without UTF8 every
 * character is one cell and anything but ASCII becomes '?'. */
static gunichar
cells_next (const char **s, int *cells, gboolean utf8)
{
  gunichar c = g_utf8_get_char_validated (*s, -1);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      (*s)++;
      *cells = 1;
      return '?';
    }
  *s += g_utf8_skip[*(const guchar *) *s];
  if (!utf8)
    {
      *cells = 1;
      return c < 0x80 ? c : '?';
    }
  *cells = escape_cells (c);
  return c;
}

/* Width of S in cells, as cells_next counts them. */
static int
cells_width_mode (const char *s, gboolean utf8)
{
  int n = 0, w;

  while (s && *s)
    {
      cells_next (&s, &w, utf8);
      n += w;
    }
  return n;
}

int
cells_width (const char *s)
{
  return cells_width_mode (s, TRUE);
}

void
cells_fit (GString *out, const char *s, int width, gboolean utf8,
            gboolean pad)
{
  int used = 0, limit = width, w;

  if (width <= 0)
    return;
  if (!s)
    s = "";
  if (cells_width_mode (s, utf8) > width)
    limit = width - 1;
  while (*s)
    {
      gunichar c = cells_next (&s, &w, utf8);
      if (used + w > limit)
        {
          g_string_append (out, utf8 ? "…" : "~");
          used++;
          break;
        }
      g_string_append_unichar (out, c);
      used += w;
    }
  while (pad && used++ < width)
    g_string_append_c (out, ' ');
}

void
cells_fit_tail (GString *out, const char *s, int width, gboolean utf8)
{
  int over, w;

  if (width <= 0 || !s)
    return;
  over = cells_width_mode (s, utf8) - width;
  if (over <= 0)
    {
      cells_fit (out, s, width, utf8, FALSE);
      return;
    }
  /* Drop from the start what does not fit, and a cell more for the mark. */
  for (over++; *s && over > 0; over -= w)
    cells_next (&s, &w, utf8);
  g_string_append (out, utf8 ? "…" : "~");
  cells_fit (out, s, width - 1, utf8, FALSE);
}

GPtrArray *
cells_wrap (const char *s, int width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) cur = g_string_new (NULL);
  int used = 0, w;
  gsize space = 0;      /* byte offset of the last space in cur, 0 if none */
  int space_cols = 0;   /* columns of cur up to and including that space */

  width = MAX (width, 1);
  while (s && *s)
    {
      gunichar c = cells_next (&s, &w, TRUE);
      if (used + w > width && used > 0)
        {
          if (space > 0 && c != ' ')
            {
              /* Break after the last space; the word moves down whole. */
              g_ptr_array_add (lines, g_strndup (cur->str, space));
              g_string_erase (cur, 0, space + 1);
              used -= space_cols;
            }
          else
            {
              g_ptr_array_add (lines, g_strdup (cur->str));
              g_string_truncate (cur, 0);
              used = 0;
            }
          space = 0;
          if (c == ' ' && used == 0)
            continue;  /* no line starts with the space it broke at */
        }
      if (c == ' ' && cur->len > 0)
        {
          space = cur->len;
          space_cols = used + w;
        }
      g_string_append_unichar (cur, c);
      used += w;
    }
  if (cur->len || lines->len == 0)
    g_ptr_array_add (lines, g_strdup (cur->str));
  return lines;
}
