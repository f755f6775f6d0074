/* jsonread.c - one JSON Lines record back into an Event (see jsonread.h). */
#include "jsonread.h"
#include "json.h"

#include <stdarg.h>
#include <string.h>


G_DEFINE_QUARK (jsonread-error-quark, jsonread_error)

/* The fields a record may carry. */
typedef enum {
  JR_TIME, JR_MONO_NS, JR_WALL_NS, JR_EVENT, JR_CPU, JR_PID, JR_TGID,
  JR_PPID, JR_PTGID, JR_UID, JR_EUID, JR_GID, JR_EGID, JR_SID, JR_COMM,
  JR_EXE, JR_ARGV, JR_TRACER_PID, JR_TRACER_TGID, JR_EXIT_CODE,
  JR_EXIT_SIGNAL, JR_LOST, JR_START_NS, JR_STATUS_UNKNOWN, JR_KTHREAD,
  JR_NOTICE, JR_ENDS, JR_EXEC_TID, JR_PPID_SOURCE, JR_ENTITY_ID,
  JR_PARENT_ENTITY_ID, JR_FORKSCOPE, JR_HOST, JR_BOOT_ID, JR_KERNEL, JR_LOST_IN,
  JR_USER, JR_NSPID, JR_PIDNS_LEVEL, JR_PIDNS_ENTRY, JR_CONTAINER_ID,
  JR_CONTAINER_RUNTIME, JR_CONTAINER_NAME, JR_POD_UID, JR_COST_UNKNOWN, JR_OOM_KILL,
  JR_COST,                     /* the first of the cost fields, in CostField order,
                                  named by cost_field_name() */
  JR_FIELD_MAX = JR_COST + COST_FIELD_MAX
} JrField;

/* What type a field's value must have. */
typedef enum { JR_T_STRING, JR_T_ARGV, JR_T_INT, JR_T_BOOL } JrType;

/* A known field: its name, type, and for integers the accepted range. */
typedef struct {
  const char *name;
  JrType type;
  gint64 min;
  guint64 max;
} JrFieldInfo;

#define JR_INT(lo, hi) JR_T_INT, (lo), (hi)
static const JrFieldInfo jr_fields[JR_COST] = {
  [JR_TIME] = { "time", JR_T_STRING, 0, 0 },
  [JR_MONO_NS] = { "mono_ns", JR_INT (G_MININT64, G_MAXINT64) },
  [JR_WALL_NS] = { "wall_ns", JR_INT (G_MININT64, G_MAXINT64) },
  [JR_EVENT] = { "event", JR_T_STRING, 0, 0 },
  [JR_CPU] = { "cpu", JR_INT (0, G_MAXUINT32) },
  [JR_PID] = { "pid", JR_INT (0, G_MAXINT) },
  [JR_TGID] = { "tgid", JR_INT (0, G_MAXINT) },
  [JR_PPID] = { "ppid", JR_INT (0, G_MAXINT) },
  [JR_PTGID] = { "ptgid", JR_INT (0, G_MAXINT) },
  [JR_UID] = { "uid", JR_INT (0, G_MAXUINT32) },
  [JR_EUID] = { "euid", JR_INT (0, G_MAXUINT32) },
  [JR_GID] = { "gid", JR_INT (0, G_MAXUINT32) },
  [JR_EGID] = { "egid", JR_INT (0, G_MAXUINT32) },
  [JR_SID] = { "sid", JR_INT (0, G_MAXINT) },
  [JR_COMM] = { "comm", JR_T_STRING, 0, 0 },
  [JR_EXE] = { "exe", JR_T_STRING, 0, 0 },
  [JR_ARGV] = { "argv", JR_T_ARGV, 0, 0 },
  [JR_TRACER_PID] = { "tracer_pid", JR_INT (0, G_MAXINT) },
  [JR_TRACER_TGID] = { "tracer_tgid", JR_INT (0, G_MAXINT) },
  [JR_EXIT_CODE] = { "exit_code", JR_INT (0, G_MAXUINT32) },
  [JR_EXIT_SIGNAL] = { "exit_signal", JR_INT (G_MININT32, G_MAXINT32) },
  [JR_LOST] = { "lost", JR_INT (0, G_MAXUINT64) },
  [JR_START_NS] = { "start_ns", JR_INT (G_MININT64, G_MAXINT64) },
  [JR_STATUS_UNKNOWN] = { "status_unknown", JR_T_BOOL, 0, 0 },
  [JR_KTHREAD] = { "kthread", JR_T_BOOL, 0, 0 },
  [JR_NOTICE] = { "notice", JR_T_STRING, 0, 0 },
  [JR_ENDS] = { "ends", JR_T_STRING, 0, 0 },
  [JR_EXEC_TID] = { "exec_tid", JR_INT (0, G_MAXINT) },
  [JR_PPID_SOURCE] = { "ppid_source", JR_T_STRING, 0, 0 },
  [JR_ENTITY_ID] = { "entity_id", JR_T_STRING, 0, 0 },
  [JR_PARENT_ENTITY_ID] = { "parent_entity_id", JR_T_STRING, 0, 0 },
  [JR_FORKSCOPE] = { "forkscope", JR_T_STRING, 0, 0 },
  [JR_HOST] = { "host", JR_T_STRING, 0, 0 },
  [JR_BOOT_ID] = { "boot_id", JR_T_STRING, 0, 0 },
  [JR_KERNEL] = { "kernel", JR_T_STRING, 0, 0 },
  [JR_LOST_IN] = { "lost_in", JR_T_STRING, 0, 0 },
  [JR_USER] = { "user", JR_T_STRING, 0, 0 },
  [JR_NSPID] = { "nspid", JR_INT (0, G_MAXINT) },
  [JR_PIDNS_LEVEL] = { "pidns_level", JR_INT (0, WHERE_LEVEL_MAX) },
  [JR_PIDNS_ENTRY] = { "pidns_entry", JR_T_BOOL, 0, 0 },
  [JR_CONTAINER_ID] = { "container_id", JR_T_STRING, 0, 0 },
  [JR_CONTAINER_RUNTIME] = { "container_runtime", JR_T_STRING, 0, 0 },
  [JR_CONTAINER_NAME] = { "container_name", JR_T_STRING, 0, 0 },
  [JR_POD_UID] = { "pod_uid", JR_T_STRING, 0, 0 },
  [JR_COST_UNKNOWN] = { "cost_unknown", JR_T_BOOL, 0, 0 },
  [JR_OOM_KILL] = { "oom_kill", JR_T_BOOL, 0, 0 },
};

/* What each cost field is (jr_field_info): unsigned, its name from
 * cost_field_name(). */
static const JrFieldInfo jr_cost_field = { NULL, JR_INT (0, G_MAXUINT64) };
#undef JR_INT
G_STATIC_ASSERT (JR_FIELD_MAX <= 64);  /* JrValues.seen has a bit per field */

/* What field F is. */
static const JrFieldInfo *
jr_field_info (JrField f)
{
  return f >= JR_COST ? &jr_cost_field : &jr_fields[f];
}

/* The name of field F in a record. */
static const char *
jr_field_name (JrField f)
{
  return f >= JR_COST ? cost_field_name (f - JR_COST) : jr_fields[f].name;
}

/* Bit for field F in JrValues.seen. */
#define JR_BIT(f) (G_GUINT64_CONSTANT (1) << (f))

/* The bits of the fields that say where the subject runs (JR_NSPID to
 * JR_POD_UID), so that a record of the host's is told by one test. */
#define JR_WHERE_BITS (JR_BIT (JR_POD_UID + 1) - JR_BIT (JR_NSPID))

/* A string read from a line: its bytes without the quotes, escapes
 * decoded.  They are the line's own when the string held no escape (most
 * do: nothing is copied), else a decoded copy's. */
typedef struct {
  const char *s;
  gsize n;
} JrSpan;

/* The values of the known fields found so far. */
typedef struct {
  guint64 seen;                /* JR_BIT per JrField present and not null */
  guint64 num[JR_FIELD_MAX];   /* integers, two's complement */
  gboolean flag[JR_FIELD_MAX];
  JrSpan str[JR_FIELD_MAX];    /* strings: in the line, or in own[] */
  char *own[JR_FIELD_MAX];     /* strings that held escapes, decoded */
  guint64 owned;               /* JR_BIT per own[] set */
  GPtrArray *argv;             /* of char*, NULL-terminated when built */
} JrValues;

/* The parser's position in one line. */
typedef struct {
  const char *start, *p, *end;
  guint depth;
  GString *buf;                /* decoded strings with escapes, made on
                                  the first one (most lines have none) */
  GString *key;                /* likewise for keys: the member function
                                  gets one valid until it reads its value */
  GError **error;
} JsonReader;

/* A JSON number: sign and magnitude of its integer part. */
typedef struct {
  gboolean neg;
  guint64 mag;
  gboolean integer;            /* no fraction, no exponent */
  gboolean overflow;           /* magnitude does not fit 64 bits */
} JrNumber;

/* Sets a syntax error at the current column.  Returns FALSE. */
static gboolean G_GNUC_PRINTF (2, 3)
jr_fail (JsonReader *r, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (r->error, JSONREAD_ERROR, JSONREAD_ERROR_SYNTAX, "column %u: %s",
               (guint) (r->p - r->start) + 1, msg);
  return FALSE;
}

/* Sets an error about field F's value at the current column.  Returns FALSE. */
static gboolean
jr_fail_field (JsonReader *r, JrField f, const char *what)
{
  g_set_error (r->error, JSONREAD_ERROR, JSONREAD_ERROR_INVALID,
               "column %u: \"%s\": %s", (guint) (r->p - r->start) + 1,
               jr_field_name (f), what);
  return FALSE;
}

/* Fails because the line ended or holds an unexpected byte here. */
static gboolean
jr_fail_unexpected (JsonReader *r, const char *expected)
{
  if (r->p >= r->end)
    return jr_fail (r, "line ends early: expected %s", expected);
  guchar b = (guchar) *r->p;
  if (b > 0x20 && b < 0x7f)
    return jr_fail (r, "expected %s, found '%c'", expected, b);
  return jr_fail (r, "expected %s, found byte 0x%02x", expected, b);
}

/* Skips whitespace. */
static void
jr_ws (JsonReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

/* Whether the next byte is C. */
static gboolean
jr_peek (JsonReader *r, char c)
{
  return r->p < r->end && *r->p == c;
}

/* Consumes the literal WORD (true, false, null). */
static gboolean
jr_literal (JsonReader *r, const char *word)
{
  gsize n = strlen (word);
  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return jr_fail_unexpected (r, word);
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
          /* An explicit FALSE: where jr_fail_unexpected() is not inlined,
           * GCC cannot see that it fails, and warns that the callers' *OUT
           * may be used unset. */
          jr_fail_unexpected (r, "4 hex digits after \\u");
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
    return jr_fail_unexpected (r, "an escape");
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
      return jr_fail_unexpected (r, "an escape letter (\" \\ / b f n r t u)");
    }
  if (out)
    g_string_append_unichar (out, c);
  return TRUE;
}


/* Reads a string (P at its opening quote) into *OUT: a span of the line
 * itself while it holds no escape, else its decoded bytes in *SCRATCH
 * (made on first use, overwritten by the next string read into it).  With
 * OUT and SCRATCH NULL it only checks the string. */
static gboolean
jr_string (JsonReader *r, GString **scratch, JrSpan *out)
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
        return jr_fail (r, "line ends inside a string");
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
        return jr_fail (r, "control character 0x%02x inside a string", b);
      gunichar c = g_utf8_get_char_validated (r->p, r->end - r->p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        return jr_fail (r, "invalid UTF-8 inside a string");
      gsize n = g_unichar_to_utf8 (c, NULL);
      if (dec)
        g_string_append_len (dec, r->p, n);
      r->p += n;
    }
}

/* Reads a number (P at '-' or a digit). */
static gboolean
jr_number (JsonReader *r, JrNumber *n)
{
  *n = (JrNumber) { .integer = TRUE };
  if (jr_peek (r, '-'))
    {
      n->neg = TRUE;
      r->p++;
    }
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return jr_fail_unexpected (r, "a digit");
  if (*r->p == '0')
    {
      r->p++;
      if (r->p < r->end && g_ascii_isdigit (*r->p))
        return jr_fail (r, "a number cannot start with 0");
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
        return jr_fail_unexpected (r, "a digit after '.'");
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
        return jr_fail_unexpected (r, "a digit in the exponent");
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  return TRUE;
}

/* Called for each member of an object with P at its value; must consume it. */
typedef gboolean (*JrMemberFunc) (JsonReader *r, const char *key, gsize key_len,
                                  gpointer user);
/* Called for each element of an array with P at it; must consume it. */
typedef gboolean (*JrElementFunc) (JsonReader *r, gpointer user);

/* Enters one level of nesting, refusing bombs. */
static gboolean
jr_enter (JsonReader *r)
{
  if (++r->depth > JSONREAD_MAX_DEPTH)
    return jr_fail (r, "nesting deeper than %d levels", JSONREAD_MAX_DEPTH);
  return TRUE;
}

/* Walks an object (P at '{'), calling FN for each member. */
static gboolean
jr_object (JsonReader *r, JrMemberFunc fn, gpointer user)
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
        return jr_fail_unexpected (r, "a key string");
      if (!jr_string (r, &r->key, &key))
        return FALSE;
      jr_ws (r);
      if (!jr_peek (r, ':'))
        return jr_fail_unexpected (r, "':' after a key");
      r->p++;
      jr_ws (r);
      if (!fn (r, key.s, key.n, user))
        return FALSE;
      jr_ws (r);
      if (jr_peek (r, '}'))
        break;
      if (!jr_peek (r, ','))
        return jr_fail_unexpected (r, "',' or '}'");
      r->p++;
      jr_ws (r);
    }
  r->p++;
  r->depth--;
  return TRUE;
}

/* Walks an array (P at '['), calling FN for each element. */
static gboolean
jr_array (JsonReader *r, JrElementFunc fn, gpointer user)
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
        return jr_fail_unexpected (r, "',' or ']'");
      r->p++;
      jr_ws (r);
    }
  r->p++;
  r->depth--;
  return TRUE;
}

static gboolean jr_skip_value (JsonReader *r);

/* JrMemberFunc that skips the value. */
static gboolean
jr_skip_member (JsonReader *r, const char *key, gsize key_len, gpointer user)
{
  return jr_skip_value (r);
}

/* JrElementFunc that skips the element. */
static gboolean
jr_skip_element (JsonReader *r, gpointer user)
{
  return jr_skip_value (r);
}

/* Consumes any value, checking its syntax. */
static gboolean
jr_skip_value (JsonReader *r)
{
  JrNumber n;

  if (r->p >= r->end)
    return jr_fail_unexpected (r, "a value");
  switch (*r->p)
    {
    case '"': return jr_string (r, NULL, NULL);
    case '{': return jr_object (r, jr_skip_member, NULL);
    case '[': return jr_array (r, jr_skip_element, NULL);
    case 't': return jr_literal (r, "true");
    case 'f': return jr_literal (r, "false");
    case 'n': return jr_literal (r, "null");
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return jr_number (r, &n);
      return jr_fail_unexpected (r, "a value");
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
    return jr_skip_value (r);
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
        return jr_skip_value (r);
      if (!jr_string (r, &r->buf, &value))
        return FALSE;
      const char *v = want + key_len + 1;
      q->matched = value.n == strlen (v) - 1 && memcmp (value.s, v, value.n) == 0;
      return TRUE;
    }
  if (rest && rest[0] != '[' && !q->candidate && jr_key_is (key, key_len, rest))
    return jr_find_value (r, q->path + 2, &q->candidate);
  return jr_skip_value (r);
}

/* JrElementFunc of an array step, "[0]" or "[KEY=VALUE]". */
static gboolean
jr_find_element (JsonReader *r, gpointer user)
{
  JrFind *q = user;
  guint index = q->index++;

  if (*q->found)
    return jr_skip_value (r);
  if (q->key_len == 0)
    return index == 0 ? jr_find_value (r, q->path + 1, q->found) : jr_skip_value (r);
  if (!jr_peek (r, '{'))
    return jr_skip_value (r);
  q->matched = FALSE;
  if (!jr_object (r, jr_find_keyed_member, q))
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
        return jr_skip_value (r);
      if (!jr_string (r, &r->buf, &s))
        return FALSE;
      if (!*found && !memchr (s.s, '\0', s.n))
        *found = g_strndup (s.s, s.n);
      return TRUE;
    }
  if (path[0][0] == '[')
    {
      const char *eq = strchr (path[0], '=');
      if (!jr_peek (r, '[') || !g_str_has_suffix (path[0], "]"))
        return jr_skip_value (r);
      q.key_len = eq ? (gsize) (eq - path[0] - 1) : 0;
      gboolean ok = jr_array (r, jr_find_element, &q);
      g_free (q.candidate);
      return ok;
    }
  if (!jr_peek (r, '{'))
    return jr_skip_value (r);
  return jr_object (r, jr_find_member, &q);
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

/* Reads a string for field F into *OUT (see jr_string: valid until the
 * next string), refusing U+0000 (only an escape can make one). */
static gboolean
jr_field_string (JsonReader *r, JrField f, JrSpan *out)
{
  if (!jr_peek (r, '"'))
    return jr_fail_field (r, f, "expected a string");
  if (!jr_string (r, &r->buf, out))
    return FALSE;
  if (memchr (out->s, '\0', out->n))
    return jr_fail_field (r, f, "string holds \\u0000");
  return TRUE;
}

/* JrElementFunc collecting argv strings. */
static gboolean
jr_argv_element (JsonReader *r, gpointer user)
{
  JrValues *v = user;
  JrSpan s;
  if (!jr_field_string (r, JR_ARGV, &s))
    return FALSE;
  g_ptr_array_add (v->argv, g_strndup (s.s, s.n));
  return TRUE;
}

/* Reads an integer for field F into V, checking its range. */
static gboolean
jr_field_int (JsonReader *r, JrField f, JrValues *v)
{
  const JrFieldInfo *info = jr_field_info (f);
  JrNumber n;

  if (!jr_peek (r, '-') && !(r->p < r->end && g_ascii_isdigit (*r->p)))
    return jr_fail_field (r, f, "expected an integer");
  const char *at = r->p;
  if (!jr_number (r, &n))
    return FALSE;
  const char *after = r->p;
  r->p = at;  /* report range errors at the number */
  if (!n.integer)
    return jr_fail_field (r, f, "expected an integer, not a fraction or exponent");
  gboolean ok;
  if (n.overflow)
    ok = FALSE;
  else if (n.neg)
    ok = n.mag == 0 || (info->min < 0 && n.mag - 1 <= (guint64) (-(info->min + 1)));
  else
    ok = n.mag <= info->max;
  if (!ok)
    {
      g_autofree char *what = g_strdup_printf ("number out of range (%" G_GINT64_FORMAT
                                               "..%" G_GUINT64_FORMAT ")",
                                               info->min, info->max);
      return jr_fail_field (r, f, what);
    }
  r->p = after;
  v->num[f] = n.neg ? (guint64) 0 - n.mag : n.mag;
  return TRUE;
}

/* Forgets any value stored for field F. */
static void
jr_values_forget (JrValues *v, JrField f)
{
  v->seen &= ~JR_BIT (f);
  v->str[f] = (JrSpan) { 0 };
  if (v->owned & JR_BIT (f))
    g_clear_pointer (&v->own[f], g_free);
  v->owned &= ~JR_BIT (f);
  if (f == JR_ARGV)
    g_clear_pointer (&v->argv, g_ptr_array_unref);
}

/* Frees what V holds. */
static void
jr_values_clear (JrValues *v)
{
  for (int f = 0; v->owned && f < JR_FIELD_MAX; f++)
    if (v->owned & JR_BIT (f))
      g_free (v->own[f]);
  if (v->argv)
    g_ptr_array_unref (v->argv);
}

/* Names of fields no longer than this are found through JrIndex. */
#define JR_KEY_MAX 24

/* The known fields by the length and first byte of their name, so that a
 * key is looked up with one comparison or two, not one per field. */
typedef struct {
  gint8 first[JR_KEY_MAX + 1][128];  /* the first such field, or -1 */
  gint8 next[JR_FIELD_MAX];          /* the next field with the same pair */
  const char *name[JR_FIELD_MAX];    /* each field's (jr_field_name) */
} JrIndex;
G_STATIC_ASSERT (JR_FIELD_MAX <= G_MAXINT8);

/* The index of the known fields' names, made once. */
static const JrIndex *
jr_index (void)
{
  static JrIndex index;
  static gsize made;

  if (g_once_init_enter (&made))
    {
      memset (&index, -1, sizeof index);
      for (int f = JR_FIELD_MAX - 1; f >= 0; f--)
        {
          gsize n = strlen (jr_field_name (f));
          guchar c = (guchar) jr_field_name (f)[0];
          g_assert (n <= JR_KEY_MAX && c < 128);
          index.name[f] = jr_field_name (f);
          index.next[f] = index.first[n][c];
          index.first[n][c] = (gint8) f;
        }
      g_once_init_leave (&made, 1);
    }
  return &index;
}

/* The field named KEY (KEY_LEN bytes, not NUL-terminated), or -1. */
static int
jr_field_lookup (const char *key, gsize key_len)
{
  const JrIndex *index = jr_index ();

  if (key_len == 0 || key_len > JR_KEY_MAX || (guchar) key[0] >= 128)
    return -1;
  for (int f = index->first[key_len][(guchar) key[0]]; f >= 0; f = index->next[f])
    if (memcmp (index->name[f], key, key_len) == 0)
      return f;
  return -1;
}

/* A copy of field F's string (NULL when absent). */
static char *
jr_take (JrValues *v, JrField f)
{
  if (!(v->seen & JR_BIT (f)))
    return NULL;
  if (v->owned & JR_BIT (f))
    {
      v->owned &= ~JR_BIT (f);
      return g_steal_pointer (&v->own[f]);
    }
  return g_strndup (v->str[f].s, v->str[f].n);
}

/* Whether field F's string is LIT. */
static gboolean
jr_str_is (const JrValues *v, JrField f, const char *lit)
{
  return v->str[f].n == strlen (lit) && memcmp (v->str[f].s, lit, v->str[f].n) == 0;
}

/* JrMemberFunc for the top-level object: stores known fields, skips others. */
static gboolean
jr_member (JsonReader *r, const char *key, gsize key_len, gpointer user)
{
  JrValues *v = user;
  int f = jr_field_lookup (key, key_len);

  if (f < 0)
    return jr_skip_value (r);

  jr_values_forget (v, f);  /* the last of duplicate keys wins */
  if (jr_peek (r, 'n'))
    return jr_literal (r, "null");

  switch (jr_field_info (f)->type)
    {
    case JR_T_STRING:
      if (!jr_field_string (r, f, &v->str[f]))
        return FALSE;
      /* Decoded: the scratch is the next string's. */
      if (r->buf && v->str[f].s == r->buf->str)
        {
          v->own[f] = g_strndup (v->str[f].s, v->str[f].n);
          v->owned |= JR_BIT (f);
          v->str[f].s = v->own[f];
        }
      break;
    case JR_T_ARGV:
      if (!jr_peek (r, '['))
        return jr_fail_field (r, f, "expected an array of strings");
      v->argv = g_ptr_array_new_with_free_func (g_free);
      if (!jr_array (r, jr_argv_element, v))
        return FALSE;
      break;
    case JR_T_INT:
      if (!jr_field_int (r, f, v))
        return FALSE;
      break;
    case JR_T_BOOL:
      if (jr_peek (r, 't'))
        v->flag[f] = TRUE;
      else if (jr_peek (r, 'f'))
        v->flag[f] = FALSE;
      else
        return jr_fail_field (r, f, "expected true or false");
      if (!jr_literal (r, v->flag[f] ? "true" : "false"))
        return FALSE;
      break;
    }
  v->seen |= JR_BIT (f);
  return TRUE;
}

/* Whether field F was present. */
static gboolean
jr_has (const JrValues *v, JrField f)
{
  return (v->seen & JR_BIT (f)) != 0;
}

/* Field F's integer, 0 when absent. */
static guint64
jr_num (const JrValues *v, JrField f)
{
  return jr_has (v, f) ? v->num[f] : 0;
}

/* Whether field F was present and true. */
static gboolean
jr_flag (const JrValues *v, JrField f)
{
  return jr_has (v, f) && v->flag[f];
}

/* Readies V to be filled: only what says which values are there is
 * cleared, not the values (about 2 KiB a record), which are read only
 * where it says so. */
static void
jr_values_init (JrValues *v)
{
  v->seen = 0;
  v->owned = 0;
  v->argv = NULL;
}

/* Sets an error about the record as a whole.  Returns FALSE. */
static gboolean G_GNUC_PRINTF (3, 4)
jr_invalid (GError **error, int code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, JSONREAD_ERROR, code, msg);
  return FALSE;
}

/* Converts "time" (ISO 8601) to CLOCK_REALTIME ns. */
static gboolean
jr_parse_time (const char *s, gint64 *out, GError **error)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) dt = g_date_time_new_from_iso8601 (s, utc);
  const gint64 limit = G_MAXINT64 / G_GINT64_CONSTANT (1000000000) - 1;

  if (!dt)
    return jr_invalid (error, JSONREAD_ERROR_INVALID,
                       "\"time\": not an ISO 8601 date and time");
  gint64 sec = g_date_time_to_unix (dt);
  if (sec > limit || sec < -limit)
    return jr_invalid (error, JSONREAD_ERROR_INVALID, "\"time\": out of range");
  *out = sec * G_GINT64_CONSTANT (1000000000)
         + (gint64) g_date_time_get_microsecond (dt) * 1000;
  return TRUE;
}

/* The kind the event name S says (event_kind_parse), or -1.  A kind is
 * nearly always written as its name: that is looked for first. */
static int
jr_kind (const JrSpan *s)
{
  char name[16] = "";

  for (int k = 0; k < EVENT_KIND_MAX; k++)
    if (strncmp (event_kind_name (k), s->s, s->n) == 0 && event_kind_name (k)[s->n] == '\0')
      return k;
  /* Kind names are short: longer is unknown without a copy. */
  if (s->n >= sizeof name)
    return -1;
  memcpy (name, s->s, s->n);
  return event_kind_parse (name);
}

/* Checks the fields that say where the subject runs: a container is its
 * id and runtime (with a name and a pod only then), within
 * CONTAINER_TEXT_MAX bytes each; a pid in a namespace comes with the
 * namespace's level. */
static gboolean
jr_where_check (const JrValues *v, GError **error)
{
  gboolean id = jr_has (v, JR_CONTAINER_ID), runtime = jr_has (v, JR_CONTAINER_RUNTIME);

  if (id != runtime || (!id && (jr_has (v, JR_CONTAINER_NAME) || jr_has (v, JR_POD_UID))))
    return jr_invalid (error, JSONREAD_ERROR_INVALID,
                       "a container needs \"container_id\" and \"container_runtime\"");
  for (JrField f = JR_CONTAINER_ID; f <= JR_POD_UID; f++)
    if (jr_has (v, f) && (v->str[f].n == 0 || v->str[f].n > CONTAINER_TEXT_MAX))
      return jr_invalid (error, JSONREAD_ERROR_INVALID, "\"%s\": empty, or over %d bytes",
                         jr_fields[f].name, CONTAINER_TEXT_MAX);
  if (jr_has (v, JR_NSPID) && !(jr_has (v, JR_PIDNS_LEVEL) && v->num[JR_PIDNS_LEVEL] > 0))
    return jr_invalid (error, JSONREAD_ERROR_INVALID,
                       "\"nspid\" needs a \"pidns_level\" of 1 or more");
  return TRUE;
}

/* Sets on E where its subject runs, when V says it (jr_where_check has
 * passed): EVENT_F_WHERE and E->where, the container's name given to it
 * if it has none. */
static void
jr_where (JrValues *v, Event *e)
{
  Container *c = NULL;

  if (!jr_has (v, JR_PIDNS_LEVEL) && !jr_has (v, JR_CONTAINER_ID))
    return;
  if (jr_has (v, JR_CONTAINER_ID))
    {
      g_autofree char *runtime = jr_take (v, JR_CONTAINER_RUNTIME);
      g_autofree char *id = jr_take (v, JR_CONTAINER_ID);
      g_autofree char *pod = jr_take (v, JR_POD_UID);
      g_autofree char *name = jr_take (v, JR_CONTAINER_NAME);
      c = container_get (runtime, id, pod);
      if (c && name)
        container_set_name (c, name);
    }
  e->flags |= EVENT_F_WHERE;
  e->where = where_new ((gint) jr_num (v, JR_NSPID), (guint) jr_num (v, JR_PIDNS_LEVEL), c);
  container_unref (c);
}

/* Gives the exit E what it cost, as V says: the cost fields present, and
 * cost_unknown and oom_kill. */
static void
jr_build_cost (const JrValues *v, Event *e)
{
  CostValues cost;

  cost.have = (guint32) (v->seen >> JR_COST) & (COST_BIT (COST_FIELD_MAX) - 1);
  for (guint c = 0; cost.have && c < COST_FIELD_MAX; c++)
    cost.v[c] = jr_num (v, JR_COST + c);
  e->cost = cost_new (&cost);
  if (jr_flag (v, JR_COST_UNKNOWN))
    e->flags |= EVENT_F_COST_UNKNOWN;
  if (jr_flag (v, JR_OOM_KILL))
    e->flags |= EVENT_F_OOM;
}

/* Builds the event from the values found.  Takes V's strings. */
static gboolean
jr_build (JrValues *v, Event *ev, GError **error)
{
  Event e = { 0 };

  if (!jr_has (v, JR_EVENT) && jr_has (v, JR_NOTICE))
    return jr_invalid (error, JSONREAD_ERROR_NOTICE, "a notice, not an event");
  if (!jr_has (v, JR_EVENT) && jr_has (v, JR_FORKSCOPE))
    return jr_invalid (error, JSONREAD_ERROR_HEADER, "a header record, not an event");
  if (!jr_has (v, JR_EVENT) && jr_has (v, JR_USER))
    return jr_invalid (error, JSONREAD_ERROR_USER, "a user record, not an event");
  if (!jr_has (v, JR_EVENT))
    return jr_invalid (error, JSONREAD_ERROR_INVALID, "missing \"event\"");
  int kind = jr_kind (&v->str[JR_EVENT]);
  if (kind < 0)
    {
      g_autofree char *event = jr_take (v, JR_EVENT);
      g_autofree char *shown = g_strescape (event, NULL);
      return jr_invalid (error, JSONREAD_ERROR_UNKNOWN_EVENT,
                         "unknown event \"%.64s\"", shown);
    }
  if (!jr_has (v, JR_PID))
    return jr_invalid (error, JSONREAD_ERROR_INVALID, "missing \"pid\"");
  guint f = event_kind_fields (kind);
  if ((f & EVENT_FIELDS_UID) && !(jr_has (v, JR_UID) && jr_has (v, JR_EUID)))
    return jr_invalid (error, JSONREAD_ERROR_INVALID,
                       "a uid event needs \"uid\" and \"euid\"");
  if ((f & EVENT_FIELDS_GID) && !(jr_has (v, JR_GID) && jr_has (v, JR_EGID)))
    return jr_invalid (error, JSONREAD_ERROR_INVALID,
                       "a gid event needs \"gid\" and \"egid\"");
  if ((f & EVENT_FIELDS_EXIT_SIGNAL) && jr_has (v, JR_ENDS))
    {
      if (jr_str_is (v, JR_ENDS, "process"))
        e.ends = EVENT_ENDS_PROCESS;
      else if (jr_str_is (v, JR_ENDS, "thread"))
        e.ends = EVENT_ENDS_THREAD;
      else
        return jr_invalid (error, JSONREAD_ERROR_INVALID,
                           "\"ends\": neither \"process\" nor \"thread\"");
    }

  if ((kind == EVENT_EXIT || kind == EVENT_COREDUMP) && jr_has (v, JR_PPID_SOURCE))
    {
      if (!jr_str_is (v, JR_PPID_SOURCE, "model"))
        return jr_invalid (error, JSONREAD_ERROR_INVALID,
                           "\"ppid_source\": not \"model\"");
      e.flags |= EVENT_F_PARENT_MODEL;
    }

  gboolean where = (v->seen & JR_WHERE_BITS) != 0;
  if (where && !jr_where_check (v, error))
    return FALSE;

  if (jr_has (v, JR_WALL_NS))
    e.wall_ns = (gint64) jr_num (v, JR_WALL_NS);
  else if (jr_has (v, JR_TIME))
    {
      g_autofree char *time = jr_take (v, JR_TIME);
      if (!jr_parse_time (time, &e.wall_ns, error))
        return FALSE;
    }
  else if (!jr_has (v, JR_MONO_NS))
    return jr_invalid (error, JSONREAD_ERROR_INVALID,
                       "missing time: need \"mono_ns\", \"wall_ns\" or \"time\"");
  e.mono_ns = jr_has (v, JR_MONO_NS) ? (gint64) jr_num (v, JR_MONO_NS) : e.wall_ns;

  e.kind = kind;
  e.cpu = (guint32) jr_num (v, JR_CPU);
  e.pid = (gint) jr_num (v, JR_PID);
  e.tgid = jr_has (v, JR_TGID) ? (gint) jr_num (v, JR_TGID) : e.pid;
  if (f & EVENT_FIELDS_PARENT)
    {
      e.ppid = (gint) jr_num (v, JR_PPID);
      e.ptgid = (gint) jr_num (v, JR_PTGID);
    }
  if (f & EVENT_FIELDS_UID)
    {
      e.ruid = (guint32) jr_num (v, JR_UID);
      e.euid = (guint32) jr_num (v, JR_EUID);
    }
  else if (f & EVENT_FIELDS_GID)
    {
      e.rgid = (guint32) jr_num (v, JR_GID);
      e.egid = (guint32) jr_num (v, JR_EGID);
    }
  else if (jr_has (v, JR_UID) && jr_has (v, JR_EUID) && jr_has (v, JR_GID)
           && jr_has (v, JR_EGID))
    {
      e.flags |= EVENT_F_CREDS;
      e.ruid = (guint32) jr_num (v, JR_UID);
      e.euid = (guint32) jr_num (v, JR_EUID);
      e.rgid = (guint32) jr_num (v, JR_GID);
      e.egid = (guint32) jr_num (v, JR_EGID);
    }
  if (f & EVENT_FIELDS_SID)
    e.sid = (gint) jr_num (v, JR_SID);
  if (f & EVENT_FIELDS_TRACER)
    {
      e.tracer_pid = (gint) jr_num (v, JR_TRACER_PID);
      e.tracer_tgid = (gint) jr_num (v, JR_TRACER_TGID);
    }
  if (f & EVENT_FIELDS_EXIT)
    e.exit_code = (guint32) jr_num (v, JR_EXIT_CODE);
  if (f & EVENT_FIELDS_EXIT_SIGNAL)
    e.exit_signal = (gint32) jr_num (v, JR_EXIT_SIGNAL);
  if ((f & EVENT_FIELDS_EXEC_THREAD) && jr_has (v, JR_EXEC_TID))
    {
      e.flags |= EVENT_F_EXEC_THREAD;
      e.exec_tid = (gint) jr_num (v, JR_EXEC_TID);
    }
  if (f & EVENT_FIELDS_LOST)
    e.lost = jr_num (v, JR_LOST);
  if ((f & EVENT_FIELDS_LOST) && jr_has (v, JR_LOST_IN))
    {
      if (!jr_str_is (v, JR_LOST_IN, "output"))
        return jr_invalid (error, JSONREAD_ERROR_INVALID, "\"lost_in\": not \"output\"");
      e.flags |= EVENT_F_LOST_OUTPUT;
    }
  if (jr_has (v, JR_START_NS))
    {
      e.flags |= EVENT_F_START;
      e.start_ns = (gint64) jr_num (v, JR_START_NS);
    }
  if (jr_flag (v, JR_STATUS_UNKNOWN))
    e.flags |= EVENT_F_STATUS_UNKNOWN;
  if (jr_flag (v, JR_KTHREAD))
    e.flags |= EVENT_F_KTHREAD;
  if (f & EVENT_FIELDS_COST)
    jr_build_cost (v, &e);
  e.entity_id = jr_take (v, JR_ENTITY_ID);
  e.parent_entity_id = jr_take (v, JR_PARENT_ENTITY_ID);
  if (where)
    jr_where (v, &e);
  if (f & EVENT_FIELDS_COMM)
    e.comm = jr_take (v, JR_COMM);
  if (f & EVENT_FIELDS_CMDLINE)
    {
      e.exe = jr_take (v, JR_EXE);
      if (v->argv)
        {
          g_ptr_array_add (v->argv, NULL);
          e.argv = (char **) g_ptr_array_free (g_steal_pointer (&v->argv), FALSE);
        }
    }
  *ev = e;
  return TRUE;
}

/* Parses LINE (LEN bytes) as one JSON object into V (readied here; the
 * caller frees it with jr_values_clear whatever the result; its strings
 * may point into LINE).  Returns FALSE with ERROR on a syntax or field
 * error. */
static gboolean
jr_parse (const char *line, gsize len, JrValues *v, GError **error)
{
  JsonReader r = { .start = line, .p = line, .end = line + len, .error = error };
  gboolean ok;

  jr_values_init (v);
  jr_ws (&r);
  if (r.p >= r.end)
    ok = jr_fail (&r, "empty line");
  else if (!jr_peek (&r, '{'))
    ok = jr_fail_unexpected (&r, "a JSON object '{'");
  else if ((ok = jr_object (&r, jr_member, v)))
    {
      jr_ws (&r);
      if (r.p < r.end)
        ok = jr_fail (&r, "unexpected data after the object");
    }
  if (r.buf)
    g_string_free (r.buf, TRUE);
  if (r.key)
    g_string_free (r.key, TRUE);
  return ok;
}

gboolean
jsonread_event (const char *line, gsize len, Event *ev, GError **error)
{
  JrValues v;
  gboolean ok = jr_parse (line, len, &v, error) && jr_build (&v, ev, error);

  jr_values_clear (&v);
  return ok;
}

gboolean
jsonread_header (const char *line, gsize len, Origin **origin, GError **error)
{
  JrValues v;
  gboolean ok = jr_parse (line, len, &v, error);

  if (ok && (jr_has (&v, JR_EVENT) || !jr_has (&v, JR_FORKSCOPE)))
    ok = jr_invalid (error, JSONREAD_ERROR_INVALID, "not a header record");
  if (ok)
    {
      Origin *o = origin_new ();
      o->version = jr_take (&v, JR_FORKSCOPE);
      o->host = jr_take (&v, JR_HOST);
      o->boot_id = jr_take (&v, JR_BOOT_ID);
      o->kernel = jr_take (&v, JR_KERNEL);
      *origin = o;
    }
  jr_values_clear (&v);
  return ok;
}

gboolean
jsonread_user (const char *line, gsize len, guint32 *uid, char **name, GError **error)
{
  JrValues v;
  gboolean ok = jr_parse (line, len, &v, error);

  if (ok && (jr_has (&v, JR_EVENT) || !jr_has (&v, JR_USER) || !jr_has (&v, JR_UID)))
    ok = jr_invalid (error, JSONREAD_ERROR_INVALID, "not a user record (\"user\" and \"uid\")");
  g_autofree char *user = ok ? jr_take (&v, JR_USER) : NULL;
  if (ok && !json_user_name_ok (user))
    ok = jr_invalid (error, JSONREAD_ERROR_INVALID, "\"user\": not a user name (1 to "
                     G_STRINGIFY (JSON_USER_NAME_MAX) " bytes, no control character)");
  if (ok)
    {
      *uid = (guint32) jr_num (&v, JR_UID);
      *name = g_steal_pointer (&user);
    }
  jr_values_clear (&v);
  return ok;
}
