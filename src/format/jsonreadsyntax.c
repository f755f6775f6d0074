/* jsonreadsyntax.c - the JSON Lines reader's JSON: strings, numbers,
 * literals, objects and arrays walked, values skipped, and jsonread_find
 * (see jsonreadprivate.h). */
#include "jsonreadprivate.h"

#include <stdarg.h>
#include <string.h>

/* Sets a syntax error at the current column.  Returns FALSE. */
gboolean G_GNUC_PRINTF (2, 3)
jsonread_fail (JsonReader *r, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (r->error, JSONREAD_ERROR, JSONREAD_ERROR_SYNTAX, "column %u: %s",
               (guint) (r->p - r->start) + 1, msg);
  return FALSE;
}

/* Fails because the line ended or holds an unexpected byte here. */
gboolean
jsonread_fail_unexpected (JsonReader *r, const char *expected)
{
  if (r->p >= r->end)
    return jsonread_fail (r, "line ends early: expected %s", expected);
  guchar b = (guchar) *r->p;
  if (b > 0x20 && b < 0x7f)
    return jsonread_fail (r, "expected %s, found '%c'", expected, b);
  return jsonread_fail (r, "expected %s, found byte 0x%02x", expected, b);
}

/* Consumes the literal WORD (true, false, null). */
gboolean
jsonread_literal (JsonReader *r, const char *word)
{
  gsize n = strlen (word);
  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return jsonread_fail_unexpected (r, word);
  r->p += n;
  return TRUE;
}

/* Reads 4 hex digits of a \u escape. */
static gboolean
jr_hex4 (JsonReader *r, gunichar *out)
{
  gunichar v = 0;
  for (int i = 0; i < 4; i++)
    {
      if (r->p >= r->end || !g_ascii_isxdigit (*r->p))
        {
          /* An explicit FALSE: where jsonread_fail_unexpected() is not inlined,
           * GCC cannot see that it fails, and warns that the callers' *OUT
           * may be used unset. */
          jsonread_fail_unexpected (r, "4 hex digits after \\u");
          return FALSE;
        }
      v = v * 16 + g_ascii_xdigit_value (*r->p++);
    }
  *out = v;
  return TRUE;
}

/* Decodes the escape at P (a backslash) into OUT (NULL: only validate). */
static gboolean
jr_escape (JsonReader *r, GString *out)
{
  gunichar c;

  r->p++;
  if (r->p >= r->end)
    return jsonread_fail_unexpected (r, "an escape");
  switch (*r->p++)
    {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u':
      if (!jr_hex4 (r, &c))
        return FALSE;
      if (c >= 0xdc00 && c <= 0xdfff)
        c = 0xfffd;  /* a lone low surrogate */
      else if (c >= 0xd800 && c <= 0xdbff)
        {
          gunichar lo;
          if (r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u')
            {
              const char *save = r->p;
              r->p += 2;
              if (!jr_hex4 (r, &lo))
                return FALSE;
              if (lo >= 0xdc00 && lo <= 0xdfff)
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
              else
                {
                  r->p = save;  /* not a pair: the next escape stands alone */
                  c = 0xfffd;
                }
            }
          else
            c = 0xfffd;
        }
      break;
    default:
      r->p--;
      return jsonread_fail_unexpected (r, "an escape letter (\" \\ / b f n r t u)");
    }
  if (out)
    g_string_append_unichar (out, c);
  return TRUE;
}


/* Reads a string (P at its opening quote) into *OUT: a span of the line
 * itself while it holds no escape, else its decoded bytes in *SCRATCH
 * (made on first use, overwritten by the next string read into it).  With
 * OUT and SCRATCH NULL it only checks the string. */
gboolean
jsonread_string (JsonReader *r, GString **scratch, JrSpan *out)
{
  const char *begin = ++r->p;
  GString *dec = NULL;  /* where the string is decoded, from its first escape */

  for (;;)
    {
      const char *run = r->p;
      /* Plain printable ASCII is the common case: one run, nothing copied
       * (DEL, rare, is looked at as the rest). */
      while (r->p < r->end && json_plain[(guchar) *r->p])
        r->p++;
      if (dec)
        g_string_append_len (dec, run, r->p - run);
      if (r->p >= r->end)
        return jsonread_fail (r, "line ends inside a string");
      guchar b = (guchar) *r->p;
      if (b == '"')
        {
          if (out)
            *out = dec ? (JrSpan) { dec->str, dec->len } : (JrSpan) { begin, r->p - begin };
          r->p++;
          return TRUE;
        }
      if (b == '\\')
        {
          if (scratch && !dec)
            {
              if (!*scratch)
                *scratch = g_string_new (NULL);
              dec = *scratch;
              g_string_truncate (dec, 0);
              g_string_append_len (dec, begin, r->p - begin);
            }
          if (!jr_escape (r, dec))
            return FALSE;
          continue;
        }
      if (b < 0x20)
        return jsonread_fail (r, "control character 0x%02x inside a string", b);
      gunichar c = g_utf8_get_char_validated (r->p, r->end - r->p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        return jsonread_fail (r, "invalid UTF-8 inside a string");
      gsize n = g_unichar_to_utf8 (c, NULL);
      if (dec)
        g_string_append_len (dec, r->p, n);
      r->p += n;
    }
}

/* Reads a number (P at '-' or a digit). */
gboolean
jsonread_number (JsonReader *r, JrNumber *n)
{
  *n = (JrNumber) { .integer = TRUE };
  if (jr_peek (r, '-'))
    {
      n->neg = TRUE;
      r->p++;
    }
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return jsonread_fail_unexpected (r, "a digit");
  if (*r->p == '0')
    {
      r->p++;
      if (r->p < r->end && g_ascii_isdigit (*r->p))
        return jsonread_fail (r, "a number cannot start with 0");
    }
  else
    for (; r->p < r->end && g_ascii_isdigit (*r->p); r->p++)
      {
        guint d = *r->p - '0';
        /* No division per digit: G_MAXUINT64 is 1844674407370955161 * 10 + 5. */
        if (n->mag > G_MAXUINT64 / 10 || (n->mag == G_MAXUINT64 / 10 && d > G_MAXUINT64 % 10))
          n->overflow = TRUE;
        else
          n->mag = n->mag * 10 + d;
      }
  if (jr_peek (r, '.'))
    {
      n->integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return jsonread_fail_unexpected (r, "a digit after '.'");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (jr_peek (r, 'e') || jr_peek (r, 'E'))
    {
      n->integer = FALSE;
      r->p++;
      if (jr_peek (r, '+') || jr_peek (r, '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return jsonread_fail_unexpected (r, "a digit in the exponent");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  return TRUE;
}

/* Enters one level of nesting, refusing bombs. */
static gboolean
jr_enter (JsonReader *r)
{
  if (++r->depth > JSONREAD_MAX_DEPTH)
    return jsonread_fail (r, "nesting deeper than %d levels", JSONREAD_MAX_DEPTH);
  return TRUE;
}

/* Walks an object (P at '{'), calling FN for each member. */
gboolean
jsonread_object (JsonReader *r, JrMemberFunc fn, gpointer user)
{
  if (!jr_enter (r))
    return FALSE;
  r->p++;
  jr_ws (r);
  if (jr_peek (r, '}'))
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  for (;;)
    {
      JrSpan key;
      if (!jr_peek (r, '"'))
        return jsonread_fail_unexpected (r, "a key string");
      if (!jsonread_string (r, &r->key, &key))
        return FALSE;
      jr_ws (r);
      if (!jr_peek (r, ':'))
        return jsonread_fail_unexpected (r, "':' after a key");
      r->p++;
      jr_ws (r);
      if (!fn (r, key.s, key.n, user))
        return FALSE;
      jr_ws (r);
      if (jr_peek (r, '}'))
        break;
      if (!jr_peek (r, ','))
        return jsonread_fail_unexpected (r, "',' or '}'");
      r->p++;
      jr_ws (r);
    }
  r->p++;
  r->depth--;
  return TRUE;
}

/* Walks an array (P at '['), calling FN for each element. */
gboolean
jsonread_array (JsonReader *r, JrElementFunc fn, gpointer user)
{
  if (!jr_enter (r))
    return FALSE;
  r->p++;
  jr_ws (r);
  if (jr_peek (r, ']'))
    {
      r->p++;
      r->depth--;
      return TRUE;
    }
  for (;;)
    {
      if (!fn (r, user))
        return FALSE;
      jr_ws (r);
      if (jr_peek (r, ']'))
        break;
      if (!jr_peek (r, ','))
        return jsonread_fail_unexpected (r, "',' or ']'");
      r->p++;
      jr_ws (r);
    }
  r->p++;
  r->depth--;
  return TRUE;
}

/* JrMemberFunc that skips the value. */
static gboolean
jr_skip_member (JsonReader *r, const char *key, gsize key_len, gpointer user)
{
  return jsonread_skip_value (r);
}

/* JrElementFunc that skips the element. */
static gboolean
jr_skip_element (JsonReader *r, gpointer user)
{
  return jsonread_skip_value (r);
}

/* Consumes any value, checking its syntax. */
gboolean
jsonread_skip_value (JsonReader *r)
{
  JrNumber n;

  if (r->p >= r->end)
    return jsonread_fail_unexpected (r, "a value");
  switch (*r->p)
    {
    case '"': return jsonread_string (r, NULL, NULL);
    case '{': return jsonread_object (r, jr_skip_member, NULL);
    case '[': return jsonread_array (r, jr_skip_element, NULL);
    case 't': return jsonread_literal (r, "true");
    case 'f': return jsonread_literal (r, "false");
    case 'n': return jsonread_literal (r, "null");
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return jsonread_number (r, &n);
      return jsonread_fail_unexpected (r, "a value");
    }
}

/* --- jsonread_find ------------------------------------------------------ */

/* What one step of a jsonread_find path looks for in an array's elements
 * or an object's members. */
typedef struct {
  const char *const *path;  /* this step, then the rest */
  char **found;             /* where the string goes, once found */
  guint index;              /* elements seen (arrays) */
  gsize key_len;            /* [KEY=VALUE]: KEY is PATH[0] + 1, KEY_LEN
                               bytes, VALUE after its '=' up to the ']' */
  gboolean matched;         /* [KEY=VALUE]: this element's KEY is VALUE */
  char *candidate;          /* and the rest of the path's string in it */
} JrFind;

static gboolean jr_find_value (JsonReader *r, const char *const *path, char **found);

/* Whether the key K (N bytes) is the NUL-terminated NAME. */
static gboolean
jr_key_is (const char *k, gsize n, const char *name)
{
  return strlen (name) == n && memcmp (k, name, n) == 0;
}

/* JrMemberFunc of a member-name step: follows the member it names. */
static gboolean
jr_find_member (JsonReader *r, const char *key, gsize key_len, gpointer user)
{
  JrFind *q = user;

  if (*q->found || !jr_key_is (key, key_len, q->path[0]))
    return jsonread_skip_value (r);
  return jr_find_value (r, q->path + 1, q->found);
}

/* JrMemberFunc of an element under a [KEY=VALUE] step: checks KEY, and
 * follows the member the rest of the path names. */
static gboolean
jr_find_keyed_member (JsonReader *r, const char *key, gsize key_len, gpointer user)
{
  JrFind *q = user;
  const char *want = q->path[0] + 1, *rest = q->path[1];
  JrSpan value;

  if (key_len == q->key_len && memcmp (key, want, key_len) == 0)
    {
      if (!jr_peek (r, '"'))
        return jsonread_skip_value (r);
      if (!jsonread_string (r, &r->buf, &value))
        return FALSE;
      const char *v = want + key_len + 1;
      q->matched = value.n == strlen (v) - 1 && memcmp (value.s, v, value.n) == 0;
      return TRUE;
    }
  if (rest && rest[0] != '[' && !q->candidate && jr_key_is (key, key_len, rest))
    return jr_find_value (r, q->path + 2, &q->candidate);
  return jsonread_skip_value (r);
}

/* JrElementFunc of an array step, "[0]" or "[KEY=VALUE]". */
static gboolean
jr_find_element (JsonReader *r, gpointer user)
{
  JrFind *q = user;
  guint index = q->index++;

  if (*q->found)
    return jsonread_skip_value (r);
  if (q->key_len == 0)
    return index == 0 ? jr_find_value (r, q->path + 1, q->found) : jsonread_skip_value (r);
  if (!jr_peek (r, '{'))
    return jsonread_skip_value (r);
  q->matched = FALSE;
  if (!jsonread_object (r, jr_find_keyed_member, q))
    return FALSE;
  if (q->matched && q->candidate)
    *q->found = g_steal_pointer (&q->candidate);
  g_clear_pointer (&q->candidate, g_free);
  return TRUE;
}

/* Consumes the value at R, and where PATH leads to a string in it puts a
 * copy in *FOUND (unless it holds one).  FALSE on a syntax error. */
static gboolean
jr_find_value (JsonReader *r, const char *const *path, char **found)
{
  JrFind q = { .path = path, .found = found };
  JrSpan s;

  if (!path[0])
    {
      if (!jr_peek (r, '"'))
        return jsonread_skip_value (r);
      if (!jsonread_string (r, &r->buf, &s))
        return FALSE;
      if (!*found && !memchr (s.s, '\0', s.n))
        *found = g_strndup (s.s, s.n);
      return TRUE;
    }
  if (path[0][0] == '[')
    {
      const char *eq = strchr (path[0], '=');
      if (!jr_peek (r, '[') || !g_str_has_suffix (path[0], "]"))
        return jsonread_skip_value (r);
      q.key_len = eq ? (gsize) (eq - path[0] - 1) : 0;
      gboolean ok = jsonread_array (r, jr_find_element, &q);
      g_free (q.candidate);
      return ok;
    }
  if (!jr_peek (r, '{'))
    return jsonread_skip_value (r);
  return jsonread_object (r, jr_find_member, &q);
}

char *
jsonread_find (const char *text, gsize len, const char *const *path)
{
  JsonReader r = { .start = text, .p = text, .end = text + len };
  char *found = NULL;

  jr_ws (&r);
  if (!jr_find_value (&r, path, &found))
    g_clear_pointer (&found, g_free);
  if (r.buf)
    g_string_free (r.buf, TRUE);
  if (r.key)
    g_string_free (r.key, TRUE);
  return found;
}
