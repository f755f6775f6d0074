/* jsonread.h - the JSON Lines reader: one record (as json_event writes it,
 * see json.h beside it for the fields) back into an Event.
 *
 * A small strict JSON parser (RFC 8259): objects, arrays, strings with all
 * escapes (\uXXXX surrogate pairs; a lone surrogate becomes U+FFFD),
 * numbers, true/false/null.  Strings must be valid UTF-8 and must not hold
 * U+0000 where they are used.  Integers are range-checked per field (no
 * overflow, no clamping: out of range is an error).  Nesting deeper than
 * JSONREAD_MAX_DEPTH is refused.
 *
 * Unknown fields are skipped whatever their value (forward compatibility);
 * null counts as absent.  Required: "event" and "pid", and one of
 * "mono_ns", "wall_ns" or "time" (a missing wall_ns is taken from "time", a
 * missing mono_ns from wall_ns).  "tgid" defaults to "pid".  The event takes
 * the fields its kind carries (event_kind_fields), and uid, euid, gid, egid
 * (all four: EVENT_F_CREDS), start_ns (EVENT_F_START), kthread and
 * status_unknown wherever present, where the subject runs (nspid,
 * pidns_level, container_id, container_runtime, container_name, pod_uid,
 * any kind: EVENT_F_WHERE; a container needs its id and its runtime, each
 * of its strings 1 to CONTAINER_TEXT_MAX bytes, nspid a pidns_level; the
 * name is given to the container unless it has one), and an exit's or coredump's
 * "ppid_source", which must be "model" (EVENT_F_PARENT_MODEL), and a lost
 * event's "lost_in", which must be "output" (EVENT_F_LOST_OUTPUT); uid and
 * gid events require their pair.
 * An exit's "ends" must be "process" or "thread"; absent, Event.ends is
 * EVENT_ENDS_UNSAID (recordings older than the field).  "entity_id" and
 * "parent_entity_id" are kept as they are (Event.entity_id), any kind.
 *
 * A header record (json.h: "forkscope" and no "event") is no event:
 * jsonread_event refuses it with JSONREAD_ERROR_HEADER, and
 * jsonread_header reads it; likewise a user record ("user" and no
 * "event": JSONREAD_ERROR_USER, jsonread_user). */
#pragma once

#include <glib.h>
#include "event.h"
#include "origin.h"

/* Deepest nesting of objects and arrays accepted. */
#define JSONREAD_MAX_DEPTH 64

#define JSONREAD_ERROR (jsonread_error_quark ())
GQuark jsonread_error_quark (void);

/* Error codes in JSONREAD_ERROR. */
typedef enum {
  JSONREAD_ERROR_SYNTAX,         /* not JSON, or truncated */
  JSONREAD_ERROR_INVALID,        /* JSON, but a field is missing, mistyped or out of range */
  JSONREAD_ERROR_UNKNOWN_EVENT,  /* "event" names a kind this version does not know */
  JSONREAD_ERROR_NOTICE,         /* a {"notice": ...} record: says why, is no event */
  JSONREAD_ERROR_HEADER,         /* a {"forkscope": ...} header record (jsonread_header) */
  JSONREAD_ERROR_USER,           /* a {"user": ...} user record (jsonread_user) */
} JsonreadError;

/* Parses LINE (LEN bytes, any bytes, NUL not required; surrounding
 * whitespace and a trailing newline are allowed) into EV.  Returns TRUE, or
 * FALSE with ERROR set ("column N: what is wrong" for syntax errors; the
 * caller adds the file and line) and EV untouched. */
gboolean jsonread_event (const char *line, gsize len, Event *ev, GError **error);

/* Parses LINE (as jsonread_event) as a header record into a new *ORIGIN
 * (its "forkscope", "host", "boot_id" and "kernel"; those absent NULL).
 * Returns TRUE, or FALSE with ERROR set (JSONREAD_ERROR_INVALID when the
 * line is an object but no header: it has "event", or no "forkscope") and
 * *ORIGIN untouched. */
gboolean jsonread_header (const char *line, gsize len, Origin **origin, GError **error);

/* Parses LINE (as jsonread_event) as a notice record into a new *TEXT (its
 * "notice", as written: the caller escapes it for a display).  Returns
 * TRUE, or FALSE with ERROR set (JSONREAD_ERROR_INVALID when it is an
 * object but no notice: it has "event", or no "notice") and *TEXT
 * untouched. */
gboolean jsonread_notice (const char *line, gsize len, char **text, GError **error);

/* Parses LINE (as jsonread_event) as a user record into *UID and a new
 * *NAME.  Returns TRUE, or FALSE with ERROR set (JSONREAD_ERROR_INVALID
 * when it is an object but no user record: it has "event", lacks "user"
 * or "uid", or its name is none json_user writes) and both untouched. */
gboolean jsonread_user (const char *line, gsize len, guint32 *uid, char **name,
                        GError **error);

/* The string at PATH in the JSON document TEXT (LEN bytes: a runtime's
 * file), read with the same parser: PATH is a NULL-terminated list of
 * steps, each the name of an object's member, "[0]" for an array's first
 * element, or "[KEY=VALUE]" for the first element of an array that is an
 * object whose member KEY is the string VALUE (the step after it names a
 * member of that element).  {"Name"}; {"annotations", "io.x/name"};
 * {"[id=ABC]", "names", "[0]"}.  Returns a new string, or NULL where there
 * is no such string (a string holding U+0000 is none), or the text is
 * not JSON. */
char *jsonread_find (const char *text, gsize len, const char *const *path);
