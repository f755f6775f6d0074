/* filter.h - the one filter language: what a user asked to see.
 *
 * An expression is a list of terms separated by spaces, all of which must
 * hold; "!" before a term negates it.  The same expression filters the
 * viewer's tree (processes), its event log and the headless printers
 * (events):
 *
 *   NAME          the name: a glob against the whole name when it holds
 *                 * ? or [, else a substring; case sensitive
 *   =NAME         exactly NAME, no glob: =sh is sh, not bash; any pattern
 *                 below matches exactly when it starts with '='
 *                 (comm:=sh,=dash, cmd:=TEXT, unit:=U, cgroup:=PATH,
 *                 container:=NAME)
 *   comm:P,P...   the same, any of the patterns
 *   cmd:TEXT      the command line, arguments joined by spaces: a glob
 *                 against the whole of it, else a substring
 *   user:U,U...   the real or effective user, by name or uid
 *   pid:N,N...    process N and its descendants
 *   ppid:N,N...   the children of N
 *   event:K,K...  events of these kinds (fork, exec, exit, ..., all);
 *                 a process: one that had such an event
 *   failed        an exit with a non-zero code or by a signal, a core dump;
 *                 a process: one that ended so
 *   lived<D       lived less than D (500us, 20ms, 2s, 5m, 1h, 2d; a bare
 *   lived>D       number is seconds), so far for a live process; a process
 *                 whose start is unknown matches neither
 *   unit:P,P...   the cgroup's name (cgroup_unit: a systemd unit or a
 *                 container's short id), as names match
 *   cgroup:P      the cgroup path, as cmd: matches; a process whose
 *                 cgroup is not known (Proc.cgroup) matches neither
 *   container:P,P... the container it runs in (where.h): P is
 *                 RUNTIME:REST for one of that runtime (REST empty: any of
 *                 it), or REST alone; REST matches the container's name as
 *                 names match, or its id (=ID exactly, a glob, else the
 *                 id's start: a short id); container: alone is any
 *                 container, !container: the host's processes
 *
 * Double quotes keep spaces in a term: cmd:"sleep 1001"; inside them \" is
 * a quote and \\ a backslash.  An event matches the process terms through
 * its subject as it was at the event; LOST events always match. */
#pragma once

#include <glib.h>
#include "event.h"
#include "proctab.h"

#define FILTER_ERROR (filter_error_quark ())
GQuark filter_error_quark (void);

/* The one error code: the expression does not parse ("column N: why"). */
typedef enum {
  FILTER_ERROR_PARSE,
} FilterError;

/* Resolves what a user typed as a user (a name or a uid) into *UID; FALSE
 * when it is neither.  USER is filter_parse's.  The model cannot ask the
 * user database itself. */
typedef gboolean (*FilterUserParse) (const char *s, guint32 *uid, gpointer user);

/* A parsed expression (opaque). */
typedef struct Filter Filter;

/* Parses EXPR (NULL or blank: a filter that matches everything).
 * RESOLVE (with USER) turns user terms into uids.  Returns the filter, or
 * NULL with
 * ERROR set (FILTER_ERROR_PARSE, "column N: what is wrong", N counting
 * characters from 1). */
Filter *filter_parse (const char *expr, FilterUserParse resolve, gpointer user,
                      GError **error);
void filter_free (Filter *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Filter, filter_free)

/* The expression as parsed, normalised (one space between terms): what a
 * header shows.  "" for the empty filter. */
const char *filter_text (const Filter *f);

/* Whether F has no terms (matches everything). */
gboolean filter_is_empty (const Filter *f);

/* Whether F names event kinds (event:...), so that snapshots may match. */
gboolean filter_has_kinds (const Filter *f);

/* Whether F has unit:, cgroup: or container: terms, which need every
 * process's cgroup known (a container that shares the host's pid
 * namespace is found by its cgroup alone). */
gboolean filter_needs_cgroup (const Filter *f);

/* Whether F holds the term "failed" (not negated). */
gboolean filter_failures_only (const Filter *f);

/* F's expression without its terms of KEY, negated or not: "comm" (names,
 * bare or comm:), "cmd", "user", "pid", "ppid", "event", "unit",
 * "cgroup", "container", "failed" or "lived".  Returns a new string. */
char *filter_text_without (const Filter *f, const char *key);

/* Appends S to OUT as one term's text: as it is when it holds no space,
 * quote or backslash, else in double quotes with \" and \\.  The quoting
 * filter_parse reads back. */
void filter_append_quoted (GString *out, const char *s);

/* Whether NAME matches PATTERN: exactly the rest of it when it starts
 * with '=', else a glob ('*', '?', '[') against the whole name when it
 * has one of those characters, else a substring.  Case sensitive.  NULL
 * names never match. */
gboolean filter_comm_matches (const char *pattern, const char *name);

/* Whether process P passes, at monotonic time NOW_NS (for the lifetime of
 * a live process). */
gboolean filter_match_proc (const Filter *f, const Proc *p, gint64 now_ns);

/* What a stream of events shows besides what the filter asks for. */
typedef enum {
  FILTER_SHOW_SNAPSHOTS = 1 << 0,  /* snapshots without an event: term (a
                                      recording wants them, a log not) */
  FILTER_SHOW_THREADS = 1 << 1,    /* exits that end a thread, not its
                                      process (event_ends_process) */
} FilterShow;

/* Whether event EV passes (already applied, so that it says what it
 * ended).  P is its process after the event, or NULL when unknown; COMM
 * its subject's name as of the event (NULL: from EV or P).  SHOW
 * (FilterShow) lets snapshots and thread exits through.  LOST events
 * always pass: losses are never hidden. */
gboolean filter_match_event (const Filter *f, const Event *ev, const Proc *p,
                             const char *comm, guint show);
