/* users.c - user names from the user database (see users.h). */
#include "users.h"

#include <pwd.h>

const char *
users_name (guint32 uid)
{
  /* uid -> name, or NULL for a uid known not to resolve. */
  static GHashTable *cache;
  gpointer key = GUINT_TO_POINTER (uid), name;

  if (!cache)
    cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  if (g_hash_table_lookup_extended (cache, key, NULL, &name))
    return name;

  struct passwd pw, *res = NULL;
  char buf[4096];
  char *found = NULL;
  if (getpwuid_r ((uid_t) uid, &pw, buf, sizeof buf, &res) == 0 && res)
    found = g_strdup (res->pw_name);
  g_hash_table_insert (cache, key, found);
  return found;
}

gboolean
users_parse (const char *s, guint32 *uid)
{
  struct passwd pw, *res = NULL;
  char buf[4096];
  guint64 n;

  if (getpwnam_r (s, &pw, buf, sizeof buf, &res) == 0 && res)
    {
      *uid = res->pw_uid;
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT32 - 1, &n, NULL))
    {
      *uid = (guint32) n;
      return TRUE;
    }
  return FALSE;
}

gboolean
users_resolve (const char *s, guint32 *uid, gpointer user)
{
  return users_parse (s, uid);
}
