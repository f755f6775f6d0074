/* cgroup.c - what cgroup paths say (see cgroup.h). */
#include "cgroup.h"

#include <string.h>

/* Digits of a full container id. */
#define CGROUP_FULL_ID 64
/* Characters of a pod's uid, 8-4-4-4-12 hex digits. */
#define CGROUP_UUID 36
/* The innermost components of a path that are looked at: deeper ones
 * name nothing a runtime makes. */
#define CGROUP_MAX_PARTS 64

/* One component of a path: N bytes at S, no '/'. */
typedef struct {
  const char *s;
  gsize n;
} CgroupPart;

/* The components of a path, the innermost CGROUP_MAX_PARTS of them. */
typedef struct {
  CgroupPart part[CGROUP_MAX_PARTS];
  guint n;
} CgroupPath;

/* A container's identity where a component names one. */
typedef struct {
  const char *runtime;
  const char *id;        /* ID_LEN bytes in the path */
  gsize id_len;
  gboolean escaped;      /* systemd's \xNN escapes to undo (machines) */
} CgroupMatch;

/* The scopes runtimes make for their containers: PREFIX, the id, .scope. */
static const struct {
  const char *prefix;
  const char *runtime;
} cgroup_scopes[] = {
  { "docker-", "docker" }, { "libpod-", "podman" }, { "crio-", "cri-o" },
  { "cri-containerd-", "containerd" }, { "nerdctl-", "containerd" },
};

/* The suffixes of systemd units that hold processes or group them. */
static const char *const cgroup_suffixes[] = {
  ".service", ".scope", ".slice", ".socket", ".mount", ".swap",
};

/* Splits PATH into its components, the innermost CGROUP_MAX_PARTS. */
static void
cgroup_split (const char *path, CgroupPath *out)
{
  out->n = 0;
  for (const char *s = path; *s;)
    {
      gsize n = strcspn (s, "/");
      if (n)
        {
          if (out->n == CGROUP_MAX_PARTS)
            {
              memmove (out->part, out->part + 1, (CGROUP_MAX_PARTS - 1) * sizeof *out->part);
              out->n--;
            }
          out->part[out->n++] = (CgroupPart) { s, n };
        }
      s += n;
      if (*s)
        s++;
    }
}

/* Whether the N bytes at S are all hex digits. */
static gboolean
cgroup_is_hex (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* Whether P is LIT. */
static gboolean
cgroup_is (const CgroupPart *p, const char *lit)
{
  return p->n == strlen (lit) && strncmp (p->s, lit, p->n) == 0;
}

/* Whether P starts with LIT; then *REST is what follows it. */
static gboolean
cgroup_starts (const CgroupPart *p, const char *lit, CgroupPart *rest)
{
  gsize l = strlen (lit);

  if (p->n < l || strncmp (p->s, lit, l) != 0)
    return FALSE;
  *rest = (CgroupPart) { p->s + l, p->n - l };
  return TRUE;
}

/* Whether P ends with LIT; then P is cut before it. */
static gboolean
cgroup_ends (CgroupPart *p, const char *lit)
{
  gsize l = strlen (lit);

  if (p->n < l || strncmp (p->s + p->n - l, lit, l) != 0)
    return FALSE;
  p->n -= l;
  return TRUE;
}

/* Whether P is a full container id. */
static gboolean
cgroup_is_id (const CgroupPart *p)
{
  return p->n == CGROUP_FULL_ID && cgroup_is_hex (p->s, p->n);
}

/* Whether P is a uid, 8-4-4-4-12 hex digits with SEP between them. */
static gboolean
cgroup_is_uuid (const CgroupPart *p, char sep)
{
  if (p->n != CGROUP_UUID)
    return FALSE;
  for (gsize i = 0; i < p->n; i++)
    if ((i == 8 || i == 13 || i == 18 || i == 23) ? p->s[i] != sep
                                                  : !g_ascii_isxdigit (p->s[i]))
      return FALSE;
  return TRUE;
}

/* The pod uid in component P when it is a Kubernetes pod's cgroup:
 * pod<UID> (cgroupfs) or a slice ...kubepods...-pod<UID_>.slice (systemd:
 * kubepods-burstable-pod<UID_>.slice, kind's kubelet-kubepods-pod...);
 * the uid in *UID, whose dashes are *SEP. */
static gboolean
cgroup_pod (const CgroupPart *p, CgroupPart *uid, char *sep)
{
  CgroupPart rest = *p;

  if (cgroup_starts (p, "pod", uid) && cgroup_is_uuid (uid, '-'))
    {
      *sep = '-';
      return TRUE;
    }
  if (!cgroup_ends (&rest, ".slice") || rest.n < CGROUP_UUID + strlen ("-pod")
      || !g_strstr_len (rest.s, rest.n, "kubepods"))
    return FALSE;
  *uid = (CgroupPart) { rest.s + rest.n - CGROUP_UUID, CGROUP_UUID };
  *sep = '_';
  return strncmp (uid->s - strlen ("-pod"), "-pod", strlen ("-pod")) == 0
         && cgroup_is_uuid (uid, '_');
}

/* Whether a component before index I of PATH is Kubernetes' own
 * (kubepods, kubepods.slice, kind's kubelet-kubepods.slice...). */
static gboolean
cgroup_under_kubepods (const CgroupPath *path, guint i)
{
  for (guint j = 0; j < i; j++)
    if (g_strstr_len (path->part[j].s, path->part[j].n, "kubepods"))
      return TRUE;
  return FALSE;
}

/* The index of the pod component above component I of PATH, under
 * Kubernetes' own, or -1; its uid in *UID and *SEP. */
static gint
cgroup_pod_above (const CgroupPath *path, guint i, CgroupPart *uid, char *sep)
{
  for (guint j = i; j-- > 0;)
    if (cgroup_pod (&path->part[j], uid, sep))
      return cgroup_under_kubepods (path, j) ? (gint) j : -1;
  return -1;
}

/* Whether component I of PATH names a container: its identity in *M. */
static gboolean
cgroup_match (const CgroupPath *path, guint i, CgroupMatch *m)
{
  const CgroupPart *c = &path->part[i];
  CgroupPart rest, uid;
  char sep;

  *m = (CgroupMatch) { 0 };
  for (guint k = 0; k < G_N_ELEMENTS (cgroup_scopes); k++)
    if (cgroup_starts (c, cgroup_scopes[k].prefix, &rest)
        && (cgroup_ends (&rest, ".scope")
            /* podman's cgroupfs manager: libpod-ID, no suffix */
            || strcmp (cgroup_scopes[k].runtime, "podman") == 0)
        && cgroup_is_id (&rest))
      {
        *m = (CgroupMatch) { cgroup_scopes[k].runtime, rest.s, rest.n, FALSE };
        return TRUE;
      }
  if (cgroup_is_id (c) && i > 0)
    {
      /* A bare id says its runtime by where it is. */
      if (cgroup_is (&path->part[i - 1], "docker"))
        m->runtime = "docker";
      else if (cgroup_pod (&path->part[i - 1], &uid, &sep) && cgroup_under_kubepods (path, i - 1))
        m->runtime = "kubernetes";
      else
        return FALSE;
      m->id = c->s;
      m->id_len = c->n;
      return TRUE;
    }
  if (cgroup_starts (c, "lxc.payload.", &rest) && rest.n > 0)
    {
      *m = (CgroupMatch) { "lxc", rest.s, rest.n, FALSE };
      return TRUE;
    }
  /* LXC before 4.0: /lxc/NAME, at the top. */
  if (i == 1 && cgroup_is (&path->part[0], "lxc"))
    {
      *m = (CgroupMatch) { "lxc", c->s, c->n, FALSE };
      return TRUE;
    }
  /* A machine: its scope (systemd-nspawn run by hand, machined), whose
   * supervisor (nspawn itself, with payload and supervisor split) is
   * outside it; or the payload of the service machinectl starts. */
  if (cgroup_starts (c, "machine-", &rest) && cgroup_ends (&rest, ".scope") && rest.n > 0
      && !(i + 1 < path->n && cgroup_is (&path->part[i + 1], "supervisor")))
    {
      *m = (CgroupMatch) { "machine", rest.s, rest.n, TRUE };
      return TRUE;
    }
  if (cgroup_is (c, "payload") && i > 0
      && cgroup_starts (&path->part[i - 1], "systemd-nspawn@", &rest)
      && cgroup_ends (&rest, ".service") && rest.n > 0)
    {
      *m = (CgroupMatch) { "machine", rest.s, rest.n, TRUE };
      return TRUE;
    }
  return FALSE;
}

/* The index of the innermost component of PATH that names a container
 * (*M says which), or -1. */
static gint
cgroup_find (const CgroupPath *path, CgroupMatch *m)
{
  for (guint i = path->n; i-- > 0;)
    if (cgroup_match (path, i, m))
      return (gint) i;
  return -1;
}

/* The N bytes at S with systemd's \xNN escapes undone.  A new string. */
static char *
cgroup_unescape (const char *s, gsize n)
{
  GString *out = g_string_sized_new (n);

  for (gsize i = 0; i < n; i++)
    {
      int byte = s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' && g_ascii_isxdigit (s[i + 2])
                 && g_ascii_isxdigit (s[i + 3])
                 ? g_ascii_xdigit_value (s[i + 2]) << 4 | g_ascii_xdigit_value (s[i + 3]) : 0;
      /* A NUL would cut the name: \x00 stays as it is. */
      if (byte)
        {
          g_string_append_c (out, (char) byte);
          i += 3;
        }
      else
        g_string_append_c (out, s[i]);
    }
  return g_string_free (out, FALSE);
}

Container *
cgroup_container (const char *path)
{
  CgroupPath parts;
  CgroupMatch m;
  CgroupPart uid;
  char sep;
  gint i;

  if (!path)
    return NULL;
  cgroup_split (path, &parts);
  i = cgroup_find (&parts, &m);
  if (i < 0)
    return NULL;
  g_autofree char *id = m.escaped ? cgroup_unescape (m.id, m.id_len) : g_strndup (m.id, m.id_len);
  g_autofree char *pod = NULL;
  if (cgroup_pod_above (&parts, (guint) i, &uid, &sep) >= 0)
    {
      pod = g_strndup (uid.s, uid.n);
      g_strdelimit (pod, "_", '-');
    }
  return container_get (m.runtime, id, pod);
}

/* Whether component C is a systemd unit's name. */
static gboolean
cgroup_is_unit (const CgroupPart *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_suffixes); i++)
    {
      CgroupPart rest = *c;
      if (cgroup_ends (&rest, cgroup_suffixes[i]) && rest.n > 0)
        return TRUE;
    }
  return FALSE;
}

char *
cgroup_unit (const char *path)
{
  CgroupPath parts;
  CgroupMatch m;

  if (!path)
    return NULL;
  cgroup_split (path, &parts);
  /* From the innermost component outwards: a container, else a unit. */
  for (guint i = parts.n; i-- > 0;)
    {
      const CgroupPart *c = &parts.part[i];
      if (cgroup_match (&parts, i, &m) && cgroup_is_hex (m.id, m.id_len))
        return g_strndup (m.id, CONTAINER_SHORT_ID);
      /* A service manager's own init.scope is known by its unit
       * (user@1000.service/init.scope: the user's systemd). */
      if (cgroup_is_unit (c) && !(i > 0 && cgroup_is (c, "init.scope")))
        return g_strndup (c->s, c->n);
    }
  return g_strdup (path);
}

/* One line of a /proc/PID/cgroup file: its controllers and path. */
typedef struct {
  const char *ctl;     /* CTL_LEN bytes: "" for the unified line */
  gsize ctl_len;
  gboolean unified;    /* "0::" */
  char *path;
} CgroupLine;

/* Frees a line's path. */
static void
cgroup_line_clear (gpointer data)
{
  g_free (((CgroupLine *) data)->path);
}

/* Parses the line of LEN bytes at S, "ID:CONTROLLERS:PATH" with an
 * absolute path, into *OUT; FALSE when it is not one. */
static gboolean
cgroup_parse_line (const char *s, gsize len, CgroupLine *out)
{
  const char *c1 = memchr (s, ':', len), *c2;
  guint64 id;

  if (!c1 || !(c2 = memchr (c1 + 1, ':', len - (gsize) (c1 + 1 - s))) || c2 + 1 >= s + len
      || c2[1] != '/')
    return FALSE;
  g_autofree char *digits = g_strndup (s, (gsize) (c1 - s));
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT, &id, NULL))
    return FALSE;
  *out = (CgroupLine) { .ctl = c1 + 1, .ctl_len = (gsize) (c2 - c1 - 1),
                        .unified = id == 0 && c2 == c1 + 1,
                        .path = g_strndup (c2 + 1, (gsize) (s + len - c2 - 1)) };
  return TRUE;
}

/* Whether LINE is the name=systemd hierarchy's. */
static gboolean
cgroup_line_is_systemd (const CgroupLine *l)
{
  return l->ctl_len == strlen ("name=systemd") && strncmp (l->ctl, "name=systemd", l->ctl_len) == 0;
}

/* The rank of LINE in the order lines are looked at: unified, systemd,
 * the others. */
static guint
cgroup_line_rank (const CgroupLine *l)
{
  return l->unified ? 0 : cgroup_line_is_systemd (l) ? 1 : 2;
}

char *
cgroup_pick (const char *text)
{
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (CgroupLine));
  const CgroupLine *best = NULL;

  g_array_set_clear_func (lines, cgroup_line_clear);
  for (const char *s = text; s && *s;)
    {
      gsize len = strcspn (s, "\n");
      CgroupLine l;
      if (cgroup_parse_line (s, len, &l))
        g_array_append_val (lines, l);
      s += len;
      if (*s)
        s++;
    }
  for (guint rank = 0; rank < 3; rank++)
    for (guint i = 0; i < lines->len; i++)
      {
        const CgroupLine *l = &g_array_index (lines, CgroupLine, i);
        if (cgroup_line_rank (l) != rank)
          continue;
        Container *c = cgroup_container (l->path);
        if (c)
          {
            container_unref (c);
            return g_strdup (l->path);
          }
        if (!best || cgroup_line_rank (l) < cgroup_line_rank (best))
          best = l;
      }
  return best ? g_strdup (best->path) : NULL;
}
