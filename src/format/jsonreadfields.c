/* jsonreadfields.c - the fields a JSON Lines record may carry, their
 * index, and a line read into their values (see jsonreadprivate.h). */
#include "jsonreadprivate.h"

#include <string.h>

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
  [JR_COMM_FROM_EXIT] = { "comm_from_exit", JR_T_BOOL, 0, 0 },
  [JR_LIFETIME_NS] = { "lifetime_ns", JR_INT (0, G_MAXINT64) },
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
const char *
jsonread_field_name (JrField f)
{
  return f >= JR_COST ? cost_field_name (f - JR_COST) : jr_fields[f].name;
}

/* Sets an error about field F's value at the current column.  Returns FALSE. */
static gboolean
jr_fail_field (JsonReader *r, JrField f, const char *what)
{
  g_set_error (r->error, JSONREAD_ERROR, JSONREAD_ERROR_INVALID,
               "column %u: \"%s\": %s", (guint) (r->p - r->start) + 1,
               jsonread_field_name (f), what);
  return FALSE;
}

/* Reads a string for field F into *OUT (see jsonread_string: valid until the
 * next string), refusing U+0000 (only an escape can make one). */
static gboolean
jr_field_string (JsonReader *r, JrField f, JrSpan *out)
{
  if (!jr_peek (r, '"'))
    return jr_fail_field (r, f, "expected a string");
  if (!jsonread_string (r, &r->buf, out))
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
  if (!jsonread_number (r, &n))
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
void
jsonread_values_clear (JrValues *v)
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
  const char *name[JR_FIELD_MAX];    /* each field's (jsonread_field_name) */
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
          gsize n = strlen (jsonread_field_name (f));
          guchar c = (guchar) jsonread_field_name (f)[0];
          g_assert (n <= JR_KEY_MAX && c < 128);
          index.name[f] = jsonread_field_name (f);
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

/* JrMemberFunc for the top-level object: stores known fields, skips others. */
static gboolean
jr_member (JsonReader *r, const char *key, gsize key_len, gpointer user)
{
  JrValues *v = user;
  int f = jr_field_lookup (key, key_len);

  if (f < 0)
    return jsonread_skip_value (r);

  jr_values_forget (v, f);  /* the last of duplicate keys wins */
  if (jr_peek (r, 'n'))
    return jsonread_literal (r, "null");

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
      if (!jsonread_array (r, jr_argv_element, v))
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
      if (!jsonread_literal (r, v->flag[f] ? "true" : "false"))
        return FALSE;
      break;
    }
  v->seen |= JR_BIT (f);
  return TRUE;
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

/* Parses LINE (LEN bytes) as one JSON object into V (readied here; the
 * caller frees it with jsonread_values_clear whatever the result; its strings
 * may point into LINE).  Returns FALSE with ERROR on a syntax or field
 * error. */
gboolean
jsonread_parse (const char *line, gsize len, JrValues *v, GError **error)
{
  JsonReader r = { .start = line, .p = line, .end = line + len, .error = error };
  gboolean ok;

  jr_values_init (v);
  jr_ws (&r);
  if (r.p >= r.end)
    ok = jsonread_fail (&r, "empty line");
  else if (!jr_peek (&r, '{'))
    ok = jsonread_fail_unexpected (&r, "a JSON object '{'");
  else if ((ok = jsonread_object (&r, jr_member, v)))
    {
      jr_ws (&r);
      if (r.p < r.end)
        ok = jsonread_fail (&r, "unexpected data after the object");
    }
  if (r.buf)
    g_string_free (r.buf, TRUE);
  if (r.key)
    g_string_free (r.key, TRUE);
  return ok;
}
