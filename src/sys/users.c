/* users.c - user names from the user database (see users.h). */
#include "users.h"

#include <grp.h>
#include <pwd.h>
#include <string.h>

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

/* The names recordings gave: uid -> name. */
static GHashTable *users_recorded_names;

void
users_record (guint32 uid, const char *name)
{
  gpointer key = GUINT_TO_POINTER (uid);

  if (!users_recorded_names)
    users_recorded_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                  g_free);
  if (g_hash_table_size (users_recorded_names) < USERS_RECORDED_MAX
      || g_hash_table_contains (users_recorded_names, key))
    g_hash_table_insert (users_recorded_names, key, g_strdup (name));
}

const char *
users_recorded (guint32 uid)
{
  return users_recorded_names
         ? g_hash_table_lookup (users_recorded_names, GUINT_TO_POINTER (uid)) : NULL;
}

/* Parses a numeric uid (not the last one, -1, which means none). */
static gboolean
users_parse_number (const char *s, guint32 *uid)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT32 - 1, &n, NULL))
    return FALSE;
  *uid = (guint32) n;
  return TRUE;
}

gboolean
users_parse_recorded (const char *s, guint32 *uid)
{
  GHashTableIter it;
  gpointer key, name;

  if (users_recorded_names)
    {
      g_hash_table_iter_init (&it, users_recorded_names);
      while (g_hash_table_iter_next (&it, &key, &name))
        if (strcmp (name, s) == 0)
          {
            *uid = GPOINTER_TO_UINT (key);
            return TRUE;
          }
    }
  return users_parse_number (s, uid);
}

gboolean
users_parse (const char *s, guint32 *uid)
{
  struct passwd pw, *res = NULL;
  char buf[4096];

  if (getpwnam_r (s, &pw, buf, sizeof buf, &res) == 0 && res)
    {
      *uid = res->pw_uid;
      return TRUE;
    }
  return users_parse_number (s, uid);
}

gboolean
users_resolve (const char *s, guint32 *uid, gpointer user)
{
  return users_parse (s, uid);
}

gboolean
users_account (const char *s, UsersAccount *out)
{
  struct passwd pw, *res = NULL;
  char buf[4096];
  guint32 uid;
  int n = 0;

  if (!users_parse (s, &uid) || getpwuid_r ((uid_t) uid, &pw, buf, sizeof buf, &res) != 0
      || !res)
    return FALSE;
  /* The first call says how many groups there are. */
  (void) getgrouplist (res->pw_name, res->pw_gid, NULL, &n);
  g_autofree gid_t *groups = g_new (gid_t, MAX (n, 1));
  if (getgrouplist (res->pw_name, res->pw_gid, groups, &n) < 0)
    return FALSE;
  *out = (UsersAccount) { .uid = res->pw_uid, .gid = res->pw_gid,
                          .name = g_strdup (res->pw_name), .home = g_strdup (res->pw_dir),
                          .groups = g_steal_pointer (&groups), .n_groups = n };
  return TRUE;
}

void
users_account_clear (UsersAccount *a)
{
  g_clear_pointer (&a->name, g_free);
  g_clear_pointer (&a->home, g_free);
  g_clear_pointer (&a->groups, g_free);
  a->n_groups = 0;
}
