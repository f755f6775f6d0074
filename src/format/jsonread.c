/* jsonread.c - one JSON Lines record back into an Event (see jsonread.h),
 * a header or a user; the JSON and the fields in jsonreadsyntax.c and
 * jsonreadfields.c (see jsonreadprivate.h). */
#include "jsonreadprivate.h"

#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK (jsonread-error-quark, jsonread_error)

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
  int k = event_kind_lookup (s->s, s->n);

  if (k >= 0)
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
                         jsonread_field_name (f), CONTAINER_TEXT_MAX);
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
  /* Other kinds' ptgid, comm and lifetime_ns are what the recorder knew
   * of the subject: kept for the processes the replay never saw start
   * (proctab_event_ptgid, proctab_event_comm, proctab_event_lifetime). */
  if (f & EVENT_FIELDS_PARENT)
    e.ppid = (gint) jr_num (v, JR_PPID);
  e.ptgid = (gint) jr_num (v, JR_PTGID);
  if (kind == EVENT_EXIT && jr_has (v, JR_LIFETIME_NS))
    {
      e.flags |= EVENT_F_LIFETIME;
      e.lifetime_ns = (gint64) jr_num (v, JR_LIFETIME_NS);
    }
  /* Every record may carry all four ids (a uid or gid change the others,
   * as the recorder knew them): kept, for a replay whose table never saw
   * the process (a recording of some kinds of events only). */
  gboolean creds = jr_has (v, JR_UID) && jr_has (v, JR_EUID) && jr_has (v, JR_GID)
                   && jr_has (v, JR_EGID);
  if (creds)
    e.flags |= EVENT_F_CREDS;
  if ((f & EVENT_FIELDS_UID) || creds)
    {
      e.ruid = (guint32) jr_num (v, JR_UID);
      e.euid = (guint32) jr_num (v, JR_EUID);
    }
  if ((f & EVENT_FIELDS_GID) || creds)
    {
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
  /* An end that named its process names it again (proctab_apply_exit). */
  if (e.kind == EVENT_EXIT && e.pid == e.tgid && jr_flag (v, JR_COMM_FROM_EXIT))
    e.flags |= EVENT_F_NAMED_AT_END;
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

gboolean
jsonread_event (const char *line, gsize len, Event *ev, GError **error)
{
  JrValues v;
  gboolean ok = jsonread_parse (line, len, &v, error) && jr_build (&v, ev, error);

  jsonread_values_clear (&v);
  return ok;
}

gboolean
jsonread_header (const char *line, gsize len, Origin **origin, GError **error)
{
  JrValues v;
  gboolean ok = jsonread_parse (line, len, &v, error);

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
  jsonread_values_clear (&v);
  return ok;
}

gboolean
jsonread_notice (const char *line, gsize len, char **text, GError **error)
{
  JrValues v;
  gboolean ok = jsonread_parse (line, len, &v, error);

  if (ok && (jr_has (&v, JR_EVENT) || !jr_has (&v, JR_NOTICE)))
    ok = jr_invalid (error, JSONREAD_ERROR_INVALID, "not a notice");
  if (ok)
    *text = jr_take (&v, JR_NOTICE);
  jsonread_values_clear (&v);
  return ok;
}

gboolean
jsonread_user (const char *line, gsize len, guint32 *uid, char **name, GError **error)
{
  JrValues v;
  gboolean ok = jsonread_parse (line, len, &v, error);

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
  jsonread_values_clear (&v);
  return ok;
}
