/* json.c - the JSON Lines writer (field list in json.h). */
#include "json.h"

#include "decimal.h"
#include "put.h"
#include "words.h"

#include <string.h>
#include <time.h>

/* Appends the string literal LIT. */
#define json_lit(out, lit) put_bytes ((out), "" lit, sizeof (lit) - 1)

/* 16 times A, for the rows of json_plain. */
#define JSON_ROW(a) a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a

const guint8 json_plain[256] = {
  JSON_ROW (0), JSON_ROW (0),
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x22 '"' */
  JSON_ROW (1), JSON_ROW (1),
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x5c '\\' */
  JSON_ROW (1),
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,  /* 0x7f DEL */
  JSON_ROW (0), JSON_ROW (0), JSON_ROW (0), JSON_ROW (0),
  JSON_ROW (0), JSON_ROW (0), JSON_ROW (0), JSON_ROW (0),
};
#undef JSON_ROW

/* The end of the run of plain bytes (json_plain) that starts at S: four
 * bytes a step while they are all plain (the NUL is not: nothing is read
 * past it), then one. */
static inline const char *
json_plain_end (const char *s)
{
  const guchar *u = (const guchar *) s;

  while (json_plain[u[0]] && json_plain[u[1]] && json_plain[u[2]] && json_plain[u[3]])
    u += 4;
  while (json_plain[*u])
    u++;
  return (const char *) u;
}

void
json_append_string (GString *out, const char *s)
{
  if (!s)
    {
      json_lit (out, "null");
      return;
    }
  const char *end = json_plain_end (s);
  /* Most strings are plain all through: one copy between the quotes. */
  if (!*end)
    {
      gsize n = (gsize) (end - s);
      char *d = put_room (out, n + 2);
      *d++ = '"';
      d = mempcpy (d, s, n);
      *d++ = '"';
      put_end (out, d);
      return;
    }
  put_byte (out, '"');
  for (const char *p = s; *p;)
    {
      /* Runs of printable ASCII, most of any name, go in one copy. */
      const char *run = p;
      p = json_plain_end (p);
      if (p > run)
        {
          put_bytes (out, run, p - run);
          continue;
        }
      guchar b = (guchar) *p;
      if (b < 0x80)
        {
          switch (b)
            {
            case '"': json_lit (out, "\\\""); break;
            case '\\': json_lit (out, "\\\\"); break;
            case '\b': json_lit (out, "\\b"); break;
            case '\f': json_lit (out, "\\f"); break;
            case '\n': json_lit (out, "\\n"); break;
            case '\r': json_lit (out, "\\r"); break;
            case '\t': json_lit (out, "\\t"); break;
            default:
              g_string_append_printf (out, "\\u%04x", b);
            }
          p++;
          continue;
        }
      /* Bytes after P are NUL-terminated, so a truncated sequence is
       * reported (-2 or -1) before reading past the end. */
      gunichar c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          json_lit (out, "\xef\xbf\xbd");  /* U+FFFD, as a real one is written */
          p++;
          continue;
        }
      if (c <= 0x9f || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", c);
      else
        put_bytes (out, p, g_unichar_to_utf8 (c, NULL));
      p += g_unichar_to_utf8 (c, NULL);
    }
  put_byte (out, '"');
}

/* A field's key as written: ,"NAME": (every field but the first starts
 * with a comma).  The functions below take keys so made, with their
 * length, through macros. */
#define JSON_KEY(lit) ",\"" lit "\":"
#define JSON_KEY_LEN(lit) (sizeof (JSON_KEY (lit)) - 1)

/* The most bytes json_num_put writes with a key of SIZE bytes. */
#define JSON_NUM_ROOM(size) ((size) + 1 + DECIMAL_MAX)

/* Writes at D, which has JSON_NUM_ROOM (SIZE) bytes of room, the KEY of
 * N bytes and the decimal V, after a minus sign when NEG, and returns the
 * end of them.  KEY holds SIZE bytes, a constant (N for a literal), copied
 * whole (put_span). */
static inline char *
json_num_put (char *d, const char *key, gsize n, gsize size, guint64 v, gboolean neg)
{
  d = put_span (d, key, n, size);
  if (neg)
    *d++ = '-';
  return decimal_put (d, v);
}

/* Appends the same (json_num_put). */
static inline void
json_num (GString *out, const char *key, gsize n, gsize size, guint64 v, gboolean neg)
{
  put_end (out, json_num_put (put_room (out, JSON_NUM_ROOM (size)), key, n, size, v, neg));
}

/* Writes a signed integer field at D (json_num_put: room for a key of N
 * bytes) and returns its end. */
static inline char *
json_int_n_put (char *d, const char *key, gsize n, gint64 v)
{
  return json_num_put (d, key, n, n, v < 0 ? -(guint64) v : (guint64) v, v < 0);
}

/* Appends a signed integer field. */
static inline void
json_int_n (GString *out, const char *key, gsize n, gint64 v)
{
  put_end (out, json_int_n_put (put_room (out, JSON_NUM_ROOM (n)), key, n, v));
}

/* Appends a string field, unless S is NULL. */
static void
json_str_n (GString *out, const char *key, gsize n, const char *s)
{
  if (!s)
    return;
  put_bytes (out, key, n);
  json_append_string (out, s);
}
#define json_int(out, lit, v) json_int_n ((out), JSON_KEY (lit), JSON_KEY_LEN (lit), (v))
#define json_uint(out, lit, v) \
  json_num ((out), JSON_KEY (lit), JSON_KEY_LEN (lit), JSON_KEY_LEN (lit), (v), FALSE)
#define json_str(out, lit, s) json_str_n ((out), JSON_KEY (lit), JSON_KEY_LEN (lit), (s))
/* json_int and json_uint at a cursor D that has room (json_num_put). */
#define json_int_put(d, lit, v) json_int_n_put ((d), JSON_KEY (lit), JSON_KEY_LEN (lit), (v))
#define json_uint_put(d, lit, v) \
  json_num_put ((d), JSON_KEY (lit), JSON_KEY_LEN (lit), JSON_KEY_LEN (lit), (v), FALSE)

/* A clock's seconds as last written in decimal: a clock's value in ns is
 * written as its seconds' digits and nine more, and the seconds change
 * once a second, many records apart. */
typedef struct {
  gint64 sec;  /* 0: none yet (json_ns_put writes no seconds below 1) */
  gsize len;
  char digits[DECIMAL_MAX];
} JsonSeconds;

/* Returns the seconds of NS, a clock's value (rounded down), and writes
 * the nine digits of its fraction at FRAC. */
static inline gint64
json_seconds (gint64 ns, char *frac)
{
  const gint64 second = G_GINT64_CONSTANT (1000000000);
  gint64 sec = ns / second, rest = ns % second;

  if (rest < 0)
    {
      sec--;
      rest += second;
    }
  decimal_put_width (frac, (guint32) rest, 9);
  return sec;
}

/* The most bytes json_ns_put writes with a key of N bytes. */
#define JSON_NS_ROOM(n) ((n) + DECIMAL_MAX + 9)

/* Writes at D, which has JSON_NS_ROOM (N) bytes of room, the field KEY (N
 * bytes) holding NS, a clock's value, of seconds SEC and fraction FRAC
 * (json_seconds), the seconds' digits kept in S; returns the end. */
static inline char *
json_ns_put (char *d, const char *key, gsize n, gint64 ns, gint64 sec, const char *frac,
             JsonSeconds *s)
{
  if (sec <= 0)
    return json_int_n_put (d, key, n, ns);
  if (G_UNLIKELY (sec != s->sec))
    {
      s->sec = sec;
      s->len = (gsize) (decimal_put (s->digits, (guint64) sec) - s->digits);
    }
  d = mempcpy (d, key, n);
  d = put_span (d, s->digits, s->len, sizeof s->digits);
  return mempcpy (d, frac, 9);
}

/* The date json_clock_put writes: "YYYY-MM-DDTHH:MM:SS" and room. */
#define JSON_DATE_SIZE 32

/* The most bytes json_clock_put writes (mono_ns and wall_ns: keys of one
 * length). */
#define JSON_CLOCK_ROOM \
  (sizeof "\"time\":\"" + JSON_DATE_SIZE + 1 + 6 + 2 + 2 * JSON_NS_ROOM (JSON_KEY_LEN ("wall_ns")))

/* Writes at D, which has JSON_CLOCK_ROOM bytes of room, the first fields
 * of a record: "time":"...Z" (to the microsecond), mono_ns and wall_ns,
 * from MONO_NS and WALL_NS (those of CLOCK_MONOTONIC and CLOCK_REALTIME);
 * returns the end.  The date and time are formatted once per second, as
 * are the seconds of each clock: events come many per second. */
static inline char *
json_clock_put (char *d, gint64 mono_ns, gint64 wall_ns)
{
  static gint64 cached_sec = G_MININT64;
  static char cached[JSON_DATE_SIZE];
  static gsize cached_len;
  static JsonSeconds mono_digits, wall_digits;
  char mono_frac[9], wall_frac[9];
  gint64 mono_sec = json_seconds (mono_ns, mono_frac);
  gint64 sec = json_seconds (wall_ns, wall_frac);

  if (sec != cached_sec)
    {
      time_t t = (time_t) sec;
      struct tm tm;
      if (!gmtime_r (&t, &tm)
          || strftime (cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
        g_strlcpy (cached, "1970-01-01T00:00:00", sizeof cached);
      cached_sec = sec;
      cached_len = strlen (cached);
    }
  /* The key, the date, a point, six digits (microseconds), Z". */
  d = mempcpy (d, "\"time\":\"", sizeof "\"time\":\"" - 1);
  d = put_span (d, cached, cached_len, sizeof cached);
  *d++ = '.';
  d = mempcpy (d, wall_frac, 6);
  *d++ = 'Z';
  *d++ = '"';
  d = json_ns_put (d, JSON_KEY ("mono_ns"), JSON_KEY_LEN ("mono_ns"), mono_ns, mono_sec,
                   mono_frac, &mono_digits);
  return json_ns_put (d, JSON_KEY ("wall_ns"), JSON_KEY_LEN ("wall_ns"), wall_ns, sec,
                      wall_frac, &wall_digits);
}

/* The most bytes of an event field (json_kind_put). */
#define JSON_KIND_ROOM 32

/* Writes at D, which has JSON_KIND_ROOM bytes of room, the field event,
 * the name of KIND, and returns its end: the fields of the kinds, with
 * their key, are made once (the names are lower-case letters, "?" for a
 * kind out of range: nothing to escape). */
static inline char *
json_kind_put (char *d, EventKind kind)
{
  static char fields[EVENT_KIND_MAX + 1][JSON_KIND_ROOM];
  static gsize field_len[EVENT_KIND_MAX + 1];
  guint k = MIN ((guint) kind, EVENT_KIND_MAX);

  if (G_UNLIKELY (!field_len[k]))
    field_len[k] = (gsize) g_snprintf (fields[k], sizeof fields[k], ",\"event\":\"%s\"",
                                       event_kind_name (k));
  return put_span (d, fields[k], field_len[k], sizeof fields[k]);
}

/* Where EV's ids of KIND (EVENT_UID: the user ids, EVENT_GID: the group
 * ids) come from: the event itself (a change of them, or one that carries
 * them all: EVENT_F_CREDS), else the process after it, P (context), else
 * nowhere (NULL, FALSE).  A change of the other ids takes them from the
 * process where it knows them (a poll's change carries the new ones of
 * both kinds, which come in two events), else from the event (a replay
 * that never saw the process).  Sets *FROM_EVENT. */
static gboolean
json_ids_from (const Event *ev, const Proc *p, EventKind kind, gboolean *from_event)
{
  gboolean known = p && (p->flags & PROC_F_CREDS);
  gboolean change = ev->kind == EVENT_UID || ev->kind == EVENT_GID;

  *from_event = ev->kind == kind || ((ev->flags & EVENT_F_CREDS) && (!change || !known));
  return *from_event || known;
}

gboolean
json_user_ids (const Event *ev, const Proc *p, guint32 *ruid, guint32 *euid)
{
  gboolean own;

  if (!json_ids_from (ev, p, EVENT_UID, &own))
    return FALSE;
  *ruid = own ? ev->ruid : p->ruid;
  *euid = own ? ev->euid : p->euid;
  return TRUE;
}

/* Two id fields as last written (uid and euid, or gid and egid): a
 * storm's records mostly have the same ids. */
typedef struct {
  gboolean set;
  guint32 a, b;
  gsize len;
  char text[2 * (JSON_KEY_LEN ("euid") + DECIMAL_MAX)];
} JsonPair;

/* Appends the fields KEY_A (N_A bytes, JSON_KEY) holding A and KEY_B
 * holding B, the keys of M: its text if it holds A and B, else made
 * again. */
static inline void
json_pair (GString *out, JsonPair *m, const char *key_a, gsize n_a, guint32 a,
           const char *key_b, gsize n_b, guint32 b)
{
  if (G_UNLIKELY (!m->set || m->a != a || m->b != b))
    {
      char *d = decimal_put (mempcpy (m->text, key_a, n_a), a);
      d = decimal_put (mempcpy (d, key_b, n_b), b);
      m->len = (gsize) (d - m->text);
      m->a = a;
      m->b = b;
      m->set = TRUE;
    }
  /* Room for all of text: put_span. */
  char *d = put_room (out, sizeof m->text);
  put_end (out, put_span (d, m->text, m->len, sizeof m->text));
}
/* json_pair with the literal keys LIT_A and LIT_B. */
#define json_pair_of(out, m, lit_a, a, lit_b, b) \
  json_pair ((out), (m), JSON_KEY (lit_a), JSON_KEY_LEN (lit_a), (a), JSON_KEY (lit_b), \
             JSON_KEY_LEN (lit_b), (b))

/* Appends the id fields: the event's own, else the process's (context). */
static void
json_creds (GString *out, const Event *ev, const Proc *p)
{
  static JsonPair users, groups;
  guint32 ruid, euid;
  gboolean own;

  if (json_user_ids (ev, p, &ruid, &euid))
    json_pair_of (out, &users, "uid", ruid, "euid", euid);
  if (json_ids_from (ev, p, EVENT_GID, &own))
    json_pair_of (out, &groups, "gid", own ? ev->rgid : p->rgid, "egid", own ? ev->egid : p->egid);
}

gboolean
json_user_name_ok (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > JSON_USER_NAME_MAX || !g_utf8_validate (name, len, NULL))
    return FALSE;
  for (const char *c = name; *c; c += g_utf8_skip[(guchar) *c])
    if (g_unichar_iscntrl (g_utf8_get_char (c)))
      return FALSE;
  return TRUE;
}

gboolean
json_user (GString *out, guint32 uid, const char *name)
{
  if (!json_user_name_ok (name))
    return FALSE;
  json_lit (out, "{\"user\":");
  json_append_string (out, name);
  json_uint (out, "uid", uid);
  json_lit (out, "}\n");
  return TRUE;
}

/* How many entity ids json_entity keeps of each field (a power of two),
 * by pid: a process's records come close together (its fork, exec and
 * exit), and its parent's id is in the records of all its children. */
#define JSON_MEMO_SLOTS 8

/* The longest boot id whose entity ids are kept: /proc's have 36 bytes. */
#define JSON_MEMO_BOOT_MAX 40

/* An entity id json_entity made, for the next records of its process. */
typedef struct {
  gint pid;
  gint64 start_ns;  /* 0: the slot is empty */
  gsize len;
  char id[ORIGIN_ENTITY_ID_ROOM (JSON_MEMO_BOOT_MAX)];
} JsonMemo;

/* The entity ids made last, and the boot id they were made from: a
 * repeated id is a copy, not three numbers written again.  The ids of
 * entity_id and parent_entity_id are kept apart: a storm's children
 * would take the slot of their parent's. */
static struct {
  gboolean ok;  /* boot holds the boot id (not too long to keep) */
  char boot[JSON_MEMO_BOOT_MAX + 1];
  gsize boot_len;
  JsonMemo own[JSON_MEMO_SLOTS];
  JsonMemo parent[JSON_MEMO_SLOTS];
} json_memo;

/* Returns the length of BOOT_ID, a live record's boot id, once per
 * record; forgets the ids made from another one. */
static gsize
json_memo_boot (const char *boot_id)
{
  if (G_LIKELY (json_memo.ok && strcmp (boot_id, json_memo.boot) == 0))
    return json_memo.boot_len;
  memset (&json_memo, 0, sizeof json_memo);
  json_memo.boot_len = strlen (boot_id);
  json_memo.ok = json_memo.boot_len <= JSON_MEMO_BOOT_MAX;
  if (json_memo.ok)
    memcpy (json_memo.boot, boot_id, json_memo.boot_len + 1);
  return json_memo.boot_len;
}

/* Appends the field KEY (N bytes, JSON_KEY) holding the entity id of
 * process Q (origin_entity_id during boot BOOT_ID, BOOT_LEN bytes: that
 * json_memo_boot returned last), kept in the slots MEMO, unless it cannot
 * be made.  Inline: the key's copy is then of known length. */
static inline void
json_entity (GString *out, const char *key, gsize n, JsonMemo *memo, const char *boot_id,
             gsize boot_len, const Proc *q)
{
  JsonMemo *m = &memo[(guint) q->pid % JSON_MEMO_SLOTS];

  if (json_memo.ok && (m->start_ns != q->start_ns || m->pid != q->pid))
    {
      char *end = origin_entity_id_put (m->id, boot_id, boot_len, q->pid, q->start_ns);
      if (!end)
        return;
      m->pid = q->pid;
      m->start_ns = q->start_ns;
      m->len = (gsize) (end - m->id);
    }
  /* Room for the whole slot: put_span. */
  char *d = put_room (out, n + 2 + MAX (sizeof m->id, ORIGIN_ENTITY_ID_ROOM (boot_len)));

  d = mempcpy (d, key, n);
  *d++ = '"';
  /* The boot id is hex and dashes (procfs_read_origin): nothing to escape. */
  if (json_memo.ok && m->start_ns > 0)
    d = put_span (d, m->id, m->len, sizeof m->id);
  else if (!(d = origin_entity_id_put (d, boot_id, boot_len, q->pid, q->start_ns)))
    {
      put_end (out, out->str + out->len);  /* none: what was written goes */
      return;
    }
  *d++ = '"';
  put_end (out, d);
}

/* Appends entity_id (after tgid) or parent_entity_id (after the parent's
 * ids), the field KEY of N bytes: the event's own, read from a recording,
 * else that of Q made from BOOT_ID of BOOT_LEN bytes (live events; NULL
 * makes none), kept in MEMO. */
static inline void
json_entity_id (GString *out, const char *key, gsize n, const char *recorded, JsonMemo *memo,
                const char *boot_id, gsize boot_len, const Proc *q)
{
  if (recorded)
    json_str_n (out, key, n, recorded);
  else if (boot_id && q)
    json_entity (out, key, n, memo, boot_id, boot_len, q);
}

/* Appends where EV's subject runs, W (not the host: proc_event_where).
 * Out of line: most records have none, and json_event stays as small as
 * it was without it. */
static G_GNUC_NO_INLINE void
json_where (GString *out, const Event *ev, const Where *w)
{
  const Container *c = where_container (w);

  if (w->level > 0)
    {
      if (w->nspid > 0)
        json_int (out, "nspid", w->nspid);
      json_int (out, "pidns_level", (gint) w->level);
    }
  if (ev->flags & EVENT_F_NS_ENTRY)
    json_lit (out, ",\"pidns_entry\":true");
  if (!c)
    return;
  json_str (out, "container_id", c->id);
  json_str (out, "container_runtime", c->runtime);
  json_str (out, "container_name", container_name (c));
  json_str (out, "pod_uid", c->pod);
}

/* Appends what the end EV cost (the fields measured), or that it was
 * looked for in vain, and whether the OOM killer ended it.  Every end
 * carries a cost: the keys are quoted once. */
static void
json_cost (GString *out, const Event *ev)
{
  static char keys[COST_FIELD_MAX][48];
  static gsize key_len[COST_FIELD_MAX];
  CostValues v;

  if (ev->cost)
    {
      if (!key_len[0])
        for (guint c = 0; c < COST_FIELD_MAX; c++)
          key_len[c] = (gsize) g_snprintf (keys[c], sizeof keys[c], ",\"%s\":",
                                           cost_field_name (c));
      cost_values (ev->cost, &v);
      /* Room for every field, made once. */
      char *d = put_room (out, COST_FIELD_MAX * JSON_NUM_ROOM (sizeof keys[0]));
      for (guint32 left = v.have; left;)
        {
          guint c = cost_field_take (&left);
          d = json_num_put (d, keys[c], key_len[c], sizeof keys[c], v.v[c], FALSE);
        }
      put_end (out, d);
    }
  if (ev->flags & EVENT_F_COST_UNKNOWN)
    json_lit (out, ",\"cost_unknown\":true");
  if (ev->flags & EVENT_F_OOM)
    json_lit (out, ",\"oom_kill\":true");
}

void
json_header (GString *out, const Origin *o)
{
  json_lit (out, "{\"forkscope\":");
  json_append_string (out, o->version);
  json_str (out, "host", o->host);
  json_str (out, "boot_id", o->boot_id);
  json_str (out, "kernel", o->kernel);
  json_lit (out, "}\n");
}

void
json_event (GString *out, const Event *ev, const Proc *p, const char *boot_id)
{
  guint f = event_kind_fields (ev->kind);
  gint ptgid = proctab_event_ptgid (ev, p);
  const Proc *parent = p && p->parent && ptgid && p->parent->pid == ptgid ? p->parent : NULL;
  gsize boot_len = boot_id ? json_memo_boot (boot_id) : 0;

  /* The first fields, of bounded size, in room made once. */
  char *d = put_room (out, 1 + JSON_CLOCK_ROOM + JSON_KIND_ROOM
                      + 3 * JSON_NUM_ROOM (JSON_KEY_LEN ("tgid")));
  *d++ = '{';
  d = json_clock_put (d, ev->mono_ns, ev->wall_ns);
  d = json_kind_put (d, ev->kind);
  d = json_uint_put (d, "cpu", ev->cpu);
  d = json_int_put (d, "pid", ev->pid);
  d = json_int_put (d, "tgid", ev->tgid);
  put_end (out, d);
  json_entity_id (out, JSON_KEY ("entity_id"), JSON_KEY_LEN ("entity_id"), ev->entity_id,
                  json_memo.own, boot_id, boot_len, p);
  if (f & EVENT_FIELDS_PARENT)
    {
      json_int (out, "ppid", ev->ppid);
      json_int (out, "ptgid", ev->ptgid);
      if (ev->flags & EVENT_F_PARENT_MODEL)
        json_lit (out, ",\"ppid_source\":\"model\"");
    }
  else if (ptgid)
    json_int (out, "ptgid", ptgid);
  json_entity_id (out, JSON_KEY ("parent_entity_id"), JSON_KEY_LEN ("parent_entity_id"),
                  ev->parent_entity_id, json_memo.parent, boot_id, boot_len, parent);
  json_creds (out, ev, p);
  if (f & EVENT_FIELDS_SID)
    json_int (out, "sid", ev->sid);
  if ((f & EVENT_FIELDS_COMM) && ev->kind != EVENT_FORK)
    json_str (out, "comm", ev->comm);
  else
    json_str (out, "comm", proctab_event_comm (ev, p));
  if (ev->flags & EVENT_F_NAMED_AT_END)
    json_lit (out, ",\"comm_from_exit\":true");
  if (f & EVENT_FIELDS_CMDLINE)
    {
      json_str (out, "exe", ev->exe);
      if (ev->argv)
        {
          json_lit (out, JSON_KEY ("argv") "[");
          for (char **a = ev->argv; *a; a++)
            {
              if (a != ev->argv)
                put_byte (out, ',');
              json_append_string (out, *a);
            }
          put_byte (out, ']');
        }
    }
  const Where *w = proc_event_where (p, ev);
  if (w)
    json_where (out, ev, w);
  if ((f & EVENT_FIELDS_EXEC_THREAD) && (ev->flags & EVENT_F_EXEC_THREAD))
    json_int (out, "exec_tid", ev->exec_tid);
  if (event_unread (ev))
    json_lit (out, ",\"unread\":true");
  if (f & EVENT_FIELDS_TRACER)
    {
      json_int (out, "tracer_pid", ev->tracer_pid);
      json_int (out, "tracer_tgid", ev->tracer_tgid);
    }
  /* An unknown status has no code and no signal: 0 would read as a
   * success. */
  gboolean unknown = (ev->flags & EVENT_F_STATUS_UNKNOWN) != 0;
  if (f & EVENT_FIELDS_EXIT)
    {
      if (!unknown)
        json_uint (out, "exit_code", ev->exit_code);
      /* The status is ASCII: no escaping needed. */
      json_lit (out, ",\"status\":\"");
      words_status (out, ev->exit_code, unknown, FALSE);
      put_byte (out, '"');
    }
  if (f & EVENT_FIELDS_EXIT_SIGNAL)
    {
      if (!unknown)
        json_int (out, "exit_signal", ev->exit_signal);
      else
        json_lit (out, ",\"status_unknown\":true");
      gint64 lifetime = proctab_event_lifetime (ev, p);
      if (event_ends_process (ev))
        json_lit (out, ",\"ends\":\"process\"");
      else
        json_lit (out, ",\"ends\":\"thread\"");
      if (lifetime >= 0)
        json_int (out, "lifetime_ns", lifetime);
    }
  if (f & EVENT_FIELDS_COST)
    json_cost (out, ev);
  if (f & EVENT_FIELDS_LOST)
    json_uint (out, "lost", ev->lost);
  if (ev->flags & EVENT_F_LOST_OUTPUT)
    json_lit (out, ",\"lost_in\":\"output\"");
  if (ev->flags & EVENT_F_START)
    json_int (out, "start_ns", ev->start_ns);
  if (ev->flags & EVENT_F_KTHREAD)
    json_lit (out, ",\"kthread\":true");
  json_lit (out, "}\n");
}
