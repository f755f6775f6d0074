/* jsonreadprivate.h - what the files of the JSON Lines reader share:
 * jsonreadsyntax.c (JSON's syntax: strings, numbers, objects and arrays
 * walked, values skipped, jsonread_find), jsonreadfields.c (the fields a
 * record may carry, their index, and a line read into their values) and
 * jsonread.c (those values made into an event, a header or a user).
 * Nothing outside src/format/ includes this. */
#pragma once

#include "jsonread.h"
#include "json.h"

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
  JR_COMM_FROM_EXIT, JR_LIFETIME_NS,
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

/* Called for each member of an object with P at its value; must consume it. */
typedef gboolean (*JrMemberFunc) (JsonReader *r, const char *key, gsize key_len,
                                  gpointer user);
/* Called for each element of an array with P at it; must consume it. */
typedef gboolean (*JrElementFunc) (JsonReader *r, gpointer user);

/* Skips whitespace. */
static inline void
jr_ws (JsonReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

/* Whether the next byte is C. */
static inline gboolean
jr_peek (JsonReader *r, char c)
{
  return r->p < r->end && *r->p == c;
}

/* Shared between the files, each described at its definition:
 * jsonreadsyntax.c's, JSON's syntax. */
gboolean jsonread_fail (JsonReader *r, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
gboolean jsonread_fail_unexpected (JsonReader *r, const char *expected);
gboolean jsonread_literal (JsonReader *r, const char *word);
gboolean jsonread_string (JsonReader *r, GString **scratch, JrSpan *out);
gboolean jsonread_number (JsonReader *r, JrNumber *n);
gboolean jsonread_object (JsonReader *r, JrMemberFunc fn, gpointer user);
gboolean jsonread_array (JsonReader *r, JrElementFunc fn, gpointer user);
gboolean jsonread_skip_value (JsonReader *r);

/* jsonreadfields.c's: the fields and a line read into their values. */
const char *jsonread_field_name (JrField f);
void jsonread_values_clear (JrValues *v);
gboolean jsonread_parse (const char *line, gsize len, JrValues *v, GError **error);
