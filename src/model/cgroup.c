/* cgroup.c - names of cgroups (see cgroup.h). */
#include "cgroup.h"

#include <string.h>

/* Digits of a container id kept in its short form (docker ps shows 12). */
#define CGROUP_SHORT_ID 12
/* Digits of a full container id. */
#define CGROUP_FULL_ID 64

/* Prefixes of the scopes container runtimes make for their containers. */
static const char *const cgroup_runtimes[] = {
  "docker-", "libpod-", "crio-", "cri-containerd-",
};

/* The suffixes of systemd units that hold processes or group them. */
static const char *const cgroup_suffixes[] = {
  ".service", ".scope", ".slice", ".socket", ".mount", ".swap",
};

/* Whether the N bytes at S are all hex digits. */
static gboolean
cgroup_is_hex (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* The container id in component C (LEN bytes) when it is a runtime's
 * scope, else NULL. */
static const char *
cgroup_container (const char *c, gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_runtimes); i++)
    {
      gsize pl = strlen (cgroup_runtimes[i]);
      if (len == pl + CGROUP_FULL_ID + strlen (".scope")
          && strncmp (c, cgroup_runtimes[i], pl) == 0
          && strncmp (c + pl + CGROUP_FULL_ID, ".scope", strlen (".scope")) == 0
          && cgroup_is_hex (c + pl, CGROUP_FULL_ID))
        return c + pl;
    }
  return NULL;
}

/* Whether component C (LEN bytes) is a systemd unit's name. */
static gboolean
cgroup_is_unit (const char *c, gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (cgroup_suffixes); i++)
    {
      gsize sl = strlen (cgroup_suffixes[i]);
      if (len > sl && strncmp (c + len - sl, cgroup_suffixes[i], sl) == 0)
        return TRUE;
    }
  return FALSE;
}

char *
cgroup_unit (const char *path)
{
  const char *end, *c;

  if (!path)
    return NULL;
  /* From the innermost component outwards: a container, else a unit. */
  for (end = path + strlen (path); end > path; end = c - 1)
    {
      c = end;
      while (c > path && c[-1] != '/')
        c--;
      gsize len = end - c;
      const char *id = cgroup_container (c, len);
      if (id)
        return g_strndup (id, CGROUP_SHORT_ID);
      /* A service manager's own init.scope is known by its unit
       * (user@1000.service/init.scope: the user's systemd). */
      if (cgroup_is_unit (c, len)
          && !(c > path + 1 && len == strlen ("init.scope")
               && strncmp (c, "init.scope", len) == 0))
        return g_strndup (c, len);
      if (c == path)
        break;
    }
  return g_strdup (path);
}
