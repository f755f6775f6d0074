/* filter.c - the filter language: parsing and matching (see filter.h). */
#include "filter.h"

#include <fnmatch.h>
#include <math.h>
#include <string.h>

#include "cgroup.h"

G_DEFINE_QUARK (filter-error-quark, filter_error)

/* What one term tests. */
typedef enum {
  FILTER_TERM_NAME,
  FILTER_TERM_CMD,
  FILTER_TERM_USER,
  FILTER_TERM_PID,
  FILTER_TERM_PPID,
  FILTER_TERM_EVENT,
  FILTER_TERM_FAILED,
  FILTER_TERM_LIVED_LT,
  FILTER_TERM_LIVED_GT,
  FILTER_TERM_UNIT,
  FILTER_TERM_CGROUP,
  FILTER_TERM_CONTAINER,
} FilterTermKind;

/* One term of an expression. */
typedef struct {
  FilterTermKind kind;
  gboolean negate;
  char **patterns;     /* NAME, CMD, UNIT, CGROUP, CONTAINER: any may
                          match (CONTAINER: NULL for any container) */
  GArray *ids;         /* USER: guint32; PID, PPID: gint */
  guint kinds;         /* EVENT: EventKind mask */
  gint64 ns;           /* LIVED_*: the duration */
  char *text;          /* as typed, quotes and all */
} FilterTerm;

struct Filter {
  GArray *terms;       /* of FilterTerm */
  char *text;          /* the expression, normalised */
};

/* What a term is matched against: a process, or the subject of an event
 * as it was at the event. */
typedef struct {
  const char *comm;
  char **argv;         /* NULL when unknown */
  char *cmdline;       /* argv joined by spaces, made when first needed */
  gboolean creds;
  guint32 ruid, euid;
  gint pid, ppid;      /* the process and its parent, 0 unknown */
  const Proc *proc;    /* for ancestry; NULL when unknown */
  gint64 lifetime;     /* ns, -1 when unknown */
  guint kinds;         /* EventKind mask: kinds the process had, or the event's */
  gboolean failed;
  const char *cgroup;  /* the cgroup path, NULL when unknown */
  const Where *where;  /* where it runs, NULL the host */
} FilterSubject;

/* The key each kind of term answers to in filter_text_without(). */
static const char *const filter_kind_keys[] = {
  [FILTER_TERM_NAME] = "comm", [FILTER_TERM_CMD] = "cmd", [FILTER_TERM_USER] = "user",
  [FILTER_TERM_PID] = "pid", [FILTER_TERM_PPID] = "ppid", [FILTER_TERM_EVENT] = "event",
  [FILTER_TERM_FAILED] = "failed", [FILTER_TERM_LIVED_LT] = "lived",
  [FILTER_TERM_LIVED_GT] = "lived", [FILTER_TERM_UNIT] = "unit",
  [FILTER_TERM_CGROUP] = "cgroup", [FILTER_TERM_CONTAINER] = "container",
};

/* Keys of the keyed terms, in the order of the error message. */
static const struct {
  const char *key;
  FilterTermKind kind;
} filter_keys[] = {
  { "comm", FILTER_TERM_NAME }, { "cmd", FILTER_TERM_CMD },
  { "user", FILTER_TERM_USER }, { "pid", FILTER_TERM_PID },
  { "ppid", FILTER_TERM_PPID }, { "event", FILTER_TERM_EVENT },
  { "unit", FILTER_TERM_UNIT }, { "cgroup", FILTER_TERM_CGROUP },
  { "container", FILTER_TERM_CONTAINER },
};

/* The longest lived< or lived> accepted: a hundred years. */
#define FILTER_MAX_LIVED_S (100.0 * 365 * 24 * 3600)

/* Frees what a term holds. */
static void
filter_term_clear (gpointer data)
{
  FilterTerm *t = data;
  g_strfreev (t->patterns);
  g_free (t->text);
  if (t->ids)
    g_array_unref (t->ids);
}

void
filter_free (Filter *f)
{
  if (!f)
    return;
  g_array_unref (f->terms);
  g_free (f->text);
  g_free (f);
}

const char *
filter_text (const Filter *f)
{
  return f->text;
}

gboolean
filter_is_empty (const Filter *f)
{
  return f->terms->len == 0;
}

gboolean
filter_has_kinds (const Filter *f)
{
  for (guint i = 0; i < f->terms->len; i++)
    if (g_array_index (f->terms, FilterTerm, i).kind == FILTER_TERM_EVENT)
      return TRUE;
  return FALSE;
}

gboolean
filter_needs_cgroup (const Filter *f)
{
  for (guint i = 0; i < f->terms->len; i++)
    {
      FilterTermKind k = g_array_index (f->terms, FilterTerm, i).kind;
      if (k == FILTER_TERM_UNIT || k == FILTER_TERM_CGROUP || k == FILTER_TERM_CONTAINER)
        return TRUE;
    }
  return FALSE;
}

gboolean
filter_failures_only (const Filter *f)
{
  for (guint i = 0; i < f->terms->len; i++)
    {
      const FilterTerm *t = &g_array_index (f->terms, FilterTerm, i);
      if (t->kind == FILTER_TERM_FAILED && !t->negate)
        return TRUE;
    }
  return FALSE;
}

char *
filter_text_without (const Filter *f, const char *key)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < f->terms->len; i++)
    {
      const FilterTerm *t = &g_array_index (f->terms, FilterTerm, i);
      if (strcmp (filter_kind_keys[t->kind], key) == 0)
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, t->text);
    }
  return g_string_free (out, FALSE);
}

void
filter_append_quoted (GString *out, const char *s)
{
  if (*s && !strpbrk (s, " \t\"\\"))
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      if (*s == '"' || *s == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

/* The parser's position in an expression. */
typedef struct {
  const char *expr;
  const char *p;
  GError **error;
} FilterLexer;

/* A vector of one pattern, S. */
static char **
filter_single (const char *s)
{
  char **v = g_new0 (char *, 2);
  v[0] = g_strdup (s);
  return v;
}

/* Sets a parse error at AT (a pointer into the expression).  Returns
 * FALSE. */
static gboolean G_GNUC_PRINTF (3, 4)
filter_fail (FilterLexer *lx, const char *at, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  glong col = g_utf8_validate (lx->expr, at - lx->expr, NULL)
              ? g_utf8_pointer_to_offset (lx->expr, at) + 1 : (at - lx->expr) + 1;
  g_set_error (lx->error, FILTER_ERROR, FILTER_ERROR_PARSE, "column %ld: %s", col, msg);
  return FALSE;
}

/* Reads the next term into RAW (quotes removed): from the first byte that
 * is not a space to the first space outside quotes.  *KEY_END is the
 * offset in RAW of the first ':' seen before any quote, or -1.  Returns
 * FALSE at the end of the expression, or with an error. */
static gboolean
filter_next_token (FilterLexer *lx, GString *raw, gssize *key_end, gboolean *ok)
{
  gboolean quoted = FALSE, seen_quote = FALSE;
  const char *open = NULL;

  *ok = TRUE;
  *key_end = -1;
  g_string_truncate (raw, 0);
  while (*lx->p == ' ' || *lx->p == '\t')
    lx->p++;
  if (!*lx->p)
    return FALSE;
  for (; *lx->p; lx->p++)
    {
      char c = *lx->p;
      if (!quoted && (c == ' ' || c == '\t'))
        break;
      if (c == '"')
        {
          quoted = !quoted;
          seen_quote = TRUE;
          open = lx->p;
          continue;
        }
      if (quoted && c == '\\' && (lx->p[1] == '"' || lx->p[1] == '\\'))
        c = *++lx->p;
      else if (c == ':' && !seen_quote && *key_end < 0)
        *key_end = raw->len;
      g_string_append_c (raw, c);
    }
  if (quoted)
    *ok = filter_fail (lx, open, "a quote is not closed");
  return TRUE;
}

/* Parses a duration such as "20ms", "1.5s" or "3" (seconds) into *NS. */
static gboolean
filter_parse_duration (const char *s, gint64 *ns)
{
  static const struct { const char *unit; double ns; } units[] = {
    { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 }, { "h", 3600e9 },
    { "d", 86400e9 }, { "", 1e9 },
  };
  char *end;
  double v = g_ascii_strtod (s, &end);

  if (end == s || !g_ascii_isdigit (*s) || !isfinite (v) || v < 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (end, units[i].unit) == 0)
      {
        double x = v * units[i].ns;
        if (x > FILTER_MAX_LIVED_S * 1e9)
          return FALSE;
        *ns = (gint64) x;
        return TRUE;
      }
  return FALSE;
}

/* Whether terms of KIND match text patterns (not ids, kinds or times). */
static gboolean
filter_takes_patterns (FilterTermKind kind)
{
  return kind == FILTER_TERM_NAME || kind == FILTER_TERM_CMD || kind == FILTER_TERM_UNIT
         || kind == FILTER_TERM_CGROUP || kind == FILTER_TERM_CONTAINER;
}

/* Checks that no pattern of PATTERNS is a bare '=' (an exact match of
 * nothing).  AT is where they start, for errors. */
static gboolean
filter_check_exact (FilterLexer *lx, const char *at, char **patterns)
{
  for (char **p = patterns; *p; p++)
    if (strcmp (*p, "=") == 0)
      return filter_fail (lx, at, "'=' needs a name after it (=sh: exactly sh)");
  return TRUE;
}

/* Parses VALUE, the comma-separated list after KEY:, into T.  AT is where
 * the value starts, for errors. */
static gboolean
filter_parse_value (FilterLexer *lx, const char *at, const char *key,
                    const char *value, FilterUserParse resolve, gpointer user,
                    FilterTerm *t)
{
  g_auto (GStrv) items = g_strsplit (value, ",", -1);
  g_autofree char *bad = NULL;

  /* container: alone is any container (and !container: none). */
  if (t->kind == FILTER_TERM_CONTAINER && !*value)
    return TRUE;
  if (!*value || (t->kind != FILTER_TERM_CMD && t->kind != FILTER_TERM_CGROUP
                  && g_strv_contains ((const char *const *) items, "")))
    return filter_fail (lx, at, "%s: needs %s", key,
                        *value ? "a value after each comma"
                        : filter_takes_patterns (t->kind) ? "a pattern" : "a value");
  if (filter_takes_patterns (t->kind))
    {
      /* A command line or a cgroup path may hold commas: only names and
       * units are lists. */
      t->patterns = t->kind == FILTER_TERM_NAME || t->kind == FILTER_TERM_UNIT
                    || t->kind == FILTER_TERM_CONTAINER
                    ? g_steal_pointer (&items) : filter_single (value);
      return filter_check_exact (lx, at, t->patterns);
    }
  if (t->kind == FILTER_TERM_EVENT)
    {
      if (!*value || event_kind_mask_parse (value, &t->kinds, &bad) < 0)
        return filter_fail (lx, at, "unknown event kind '%s' (known: fork, exec, exit, "
                            "uid, gid, sid, ptrace, comm, coredump, lost, snapshot, all)",
                            bad ? bad : "");
      return TRUE;
    }
  t->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (char **it = items; *it; it++)
    {
      guint64 n;
      guint32 uid;
      if (t->kind == FILTER_TERM_USER)
        {
          if (!**it || !resolve || !resolve (*it, &uid, user))
            return filter_fail (lx, at, "no such user '%s'", *it);
          g_array_append_val (t->ids, uid);
        }
      else if (g_ascii_string_to_unsigned (*it, 10, 1, G_MAXINT, &n, NULL))
        {
          gint pid = (gint) n;
          g_array_append_val (t->ids, pid);
        }
      else
        return filter_fail (lx, at, "%s: needs pids (1 to %d), not '%s'", key, G_MAXINT, *it);
    }
  return TRUE;
}

/* Parses one term (RAW, unquoted; KEY_END as filter_next_token gives it)
 * that started at AT into T. */
static gboolean
filter_parse_term (FilterLexer *lx, const char *at, const char *raw, gssize key_end,
                   FilterUserParse resolve, gpointer user, FilterTerm *t)
{
  const char *s = raw;

  if (*s == '!')
    {
      t->negate = TRUE;
      s++;
      key_end--;
      at++;
    }
  if (!*s)
    return filter_fail (lx, at, "'!' needs a term after it");
  if (strcmp (s, "failed") == 0)
    {
      t->kind = FILTER_TERM_FAILED;
      return TRUE;
    }
  if (g_str_has_prefix (s, "lived<") || g_str_has_prefix (s, "lived>"))
    {
      t->kind = s[5] == '<' ? FILTER_TERM_LIVED_LT : FILTER_TERM_LIVED_GT;
      if (!filter_parse_duration (s + 6, &t->ns))
        return filter_fail (lx, at + 6, "lived%c needs a duration such as 500ms, 2s, 5m, "
                            "1h (at most 100 years)", s[5]);
      return TRUE;
    }
  if (key_end > 0)
    {
      g_autofree char *key = g_strndup (s, key_end);
      gboolean word = TRUE;
      for (const char *k = key; *k; k++)
        word &= g_ascii_islower (*k);
      for (guint i = 0; word && i < G_N_ELEMENTS (filter_keys); i++)
        if (strcmp (key, filter_keys[i].key) == 0)
          {
            t->kind = filter_keys[i].kind;
            return filter_parse_value (lx, at + key_end + 1, key, s + key_end + 1,
                                       resolve, user, t);
          }
      if (word)
        return filter_fail (lx, at, "unknown term '%s:' (known: comm: cmd: user: pid: "
                            "ppid: event: unit: cgroup: container: failed lived< lived>)", key);
    }
  t->kind = FILTER_TERM_NAME;
  t->patterns = filter_single (s);
  return filter_check_exact (lx, at, t->patterns);
}

Filter *
filter_parse (const char *expr, FilterUserParse resolve, gpointer user, GError **error)
{
  g_autoptr (Filter) f = g_new0 (Filter, 1);
  g_autoptr (GString) raw = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  FilterLexer lx = { .expr = expr ? expr : "", .p = expr ? expr : "", .error = error };
  gssize key_end;
  gboolean ok;

  f->terms = g_array_new (FALSE, TRUE, sizeof (FilterTerm));
  g_array_set_clear_func (f->terms, filter_term_clear);
  for (;;)
    {
      while (*lx.p == ' ' || *lx.p == '\t')
        lx.p++;
      const char *at = lx.p;
      if (!filter_next_token (&lx, raw, &key_end, &ok))
        break;
      if (!ok)
        return NULL;
      FilterTerm t = { 0 };
      if (!filter_parse_term (&lx, at, raw->str, key_end, resolve, user, &t))
        {
          filter_term_clear (&t);
          return NULL;
        }
      t.text = g_strndup (at, lx.p - at);
      g_array_append_val (f->terms, t);
      if (text->len)
        g_string_append_c (text, ' ');
      g_string_append (text, t.text);
    }
  f->text = g_string_free (g_steal_pointer (&text), FALSE);
  return g_steal_pointer (&f);
}

gboolean
filter_comm_matches (const char *pattern, const char *name)
{
  if (!name || !pattern)
    return FALSE;
  if (*pattern == '=')
    return strcmp (pattern + 1, name) == 0;
  if (strpbrk (pattern, "*?["))
    return fnmatch (pattern, name, 0) == 0;
  return strstr (name, pattern) != NULL;
}

/* Whether any of PATTERNS matches S. */
static gboolean
filter_any_pattern (char **patterns, const char *s)
{
  for (char **p = patterns; *p; p++)
    if (filter_comm_matches (*p, s))
      return TRUE;
  return FALSE;
}

/* Whether container C matches PATTERN: RUNTIME:REST for a container of
 * that runtime (REST empty: any), else REST alone for any runtime; REST
 * matches the name as names do (filter_comm_matches), or the id as it
 * is, or as its start (a short id). */
static gboolean
filter_container_matches (const char *pattern, const Container *c)
{
  const char *colon = strchr (pattern, ':');
  const char *rest = pattern;

  if (colon)
    {
      if (strncmp (pattern, c->runtime, (gsize) (colon - pattern)) != 0
          || c->runtime[colon - pattern] != '\0')
        return FALSE;
      rest = colon + 1;
      if (!*rest)
        return TRUE;
    }
  if (filter_comm_matches (rest, container_name (c)))
    return TRUE;
  if (*rest == '=' || strpbrk (rest, "*?["))
    return filter_comm_matches (rest, c->id);
  return g_str_has_prefix (c->id, rest);
}

/* Whether the id V is in IDS (of guint32 or gint, the same size). */
static gboolean
filter_has_id (const GArray *ids, guint32 v)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, guint32, i) == v)
      return TRUE;
  return FALSE;
}

/* Whether term T holds for S (before negation). */
static gboolean
filter_term_holds (const FilterTerm *t, FilterSubject *s)
{
  switch (t->kind)
    {
    case FILTER_TERM_NAME:
      return filter_any_pattern (t->patterns, s->comm);
    case FILTER_TERM_CMD:
      if (!s->argv)
        return FALSE;
      if (!s->cmdline)
        s->cmdline = g_strjoinv (" ", s->argv);
      return filter_any_pattern (t->patterns, s->cmdline);
    case FILTER_TERM_USER:
      return s->creds && (filter_has_id (t->ids, s->ruid) || filter_has_id (t->ids, s->euid));
    case FILTER_TERM_PID:
      for (guint i = 0; i < t->ids->len; i++)
        {
          gint pid = g_array_index (t->ids, gint, i);
          if (s->proc ? proc_is_descendant (s->proc, pid) : s->pid == pid)
            return TRUE;
        }
      return FALSE;
    case FILTER_TERM_PPID:
      return s->ppid > 0 && filter_has_id (t->ids, (guint32) s->ppid);
    case FILTER_TERM_EVENT:
      return (t->kinds & s->kinds) != 0;
    case FILTER_TERM_FAILED:
      return s->failed;
    case FILTER_TERM_LIVED_LT:
      return s->lifetime >= 0 && s->lifetime < t->ns;
    case FILTER_TERM_LIVED_GT:
      return s->lifetime >= 0 && s->lifetime > t->ns;
    case FILTER_TERM_UNIT:
      {
        g_autofree char *unit = cgroup_unit (s->cgroup);
        return filter_any_pattern (t->patterns, unit);
      }
    case FILTER_TERM_CGROUP:
      return filter_any_pattern (t->patterns, s->cgroup);
    case FILTER_TERM_CONTAINER:
      {
        const Container *c = where_container (s->where);
        if (!c || !t->patterns)
          return c != NULL;
        for (char **p = t->patterns; *p; p++)
          if (filter_container_matches (*p, c))
            return TRUE;
        return FALSE;
      }
    }
  return FALSE;
}

/* Whether every term of F holds for S; frees what S made. */
static gboolean
filter_match_subject (const Filter *f, FilterSubject *s)
{
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < f->terms->len; i++)
    {
      const FilterTerm *t = &g_array_index (f->terms, FilterTerm, i);
      ok = filter_term_holds (t, s) != t->negate;
    }
  g_free (s->cmdline);
  return ok;
}

/* The lifetime of P at NOW_NS (its end, if it has ended), -1 unknown. */
static gint64
filter_lifetime (const Proc *p, gint64 now_ns)
{
  return proc_lifetime (p, now_ns);
}

/* Fills S with what process P says about itself. */
static void
filter_subject_of_proc (FilterSubject *s, const Proc *p, gint64 now_ns)
{
  s->comm = p->comm;
  s->argv = p->argv;
  s->creds = (p->flags & PROC_F_CREDS) != 0;
  s->ruid = p->ruid;
  s->euid = p->euid;
  s->pid = p->pid;
  s->ppid = p->ppid;
  s->proc = p;
  s->lifetime = filter_lifetime (p, now_ns);
  s->cgroup = p->cgroup;
  s->where = proc_where (p);
}

gboolean
filter_match_proc (const Filter *f, const Proc *p, gint64 now_ns)
{
  FilterSubject s = { 0 };

  if (f->terms->len == 0)
    return TRUE;
  filter_subject_of_proc (&s, p, now_ns);
  s.kinds = p->events;
  s.failed = !p->alive && ((p->flags & PROC_F_COREDUMP)
                           || event_status_failed (p->exit_code,
                                                   (p->flags & PROC_F_STATUS_UNKNOWN) != 0));
  return filter_match_subject (f, &s);
}

gboolean
filter_match_event (const Filter *f, const Event *ev, const Proc *p,
                    const char *comm, guint show)
{
  if (ev->kind == EVENT_LOST)
    return TRUE;
  if (ev->kind == EVENT_SNAPSHOT && !(show & FILTER_SHOW_SNAPSHOTS)
      && !filter_has_kinds (f))
    return FALSE;
  if (ev->kind == EVENT_EXIT && !(show & FILTER_SHOW_THREADS) && !event_ends_process (ev))
    return FALSE;
  if (f->terms->len == 0)
    return TRUE;

  FilterSubject s = { 0 };
  if (p)
    filter_subject_of_proc (&s, p, ev->mono_ns);
  else
    {
      s.pid = ev->tgid;
      s.lifetime = -1;
    }
  /* What the event says wins over what the process says now. */
  s.comm = comm ? comm : proctab_event_comm (ev, p);
  if (ev->argv)
    s.argv = ev->argv;
  if (ev->flags & EVENT_F_CREDS)
    {
      s.creds = TRUE;
      s.ruid = ev->ruid;
      s.euid = ev->euid;
    }
  if (ev->kind == EVENT_UID)
    {
      s.creds = TRUE;
      s.ruid = ev->ruid;
      s.euid = ev->euid;
    }
  gint ptgid = proctab_event_ptgid (ev, p);
  gint64 lifetime = proctab_event_lifetime (ev, p);
  if (ptgid > 0)
    s.ppid = ptgid;
  if (lifetime >= 0)
    s.lifetime = lifetime;
  if (ev->flags & EVENT_F_WHERE)
    s.where = ev->where;
  s.kinds = EVENT_MASK (ev->kind);
  s.failed = event_failed (ev);
  return filter_match_subject (f, &s);
}
