/* users.h - this machine's user database, and the names a recording gave.
 *
 * Names shown for uids, and the one parser for what a user types as a user
 * (a name or a uid), used by the command line and the viewer alike.  A
 * replay's uids are another machine's: its user records (json.h) name them
 * instead (users_record, users_recorded). */
#pragma once

#include <glib.h>
#include <sys/types.h>

/* The name of user UID, or NULL when it does not resolve.  Results are
 * cached for the life of the process; the string stays valid.  Its
 * signature is a WordsUserName (words.h). */
const char *users_name (guint32 uid);

/* Parses a user name or a numeric uid into *UID.  Returns FALSE (UID
 * untouched) when it is neither. */
gboolean users_parse (const char *s, guint32 *uid);

/* users_parse as a FilterUserParse (USER unused), for the filters parsed
 * outside the viewer: the command line's and the settings file's. */
gboolean users_resolve (const char *s, guint32 *uid, gpointer user);

/* The most uids users_record keeps names for: a recording chooses them. */
#define USERS_RECORDED_MAX 65536

/* Notes that a recording names user UID NAME (the last word for a uid
 * wins); beyond USERS_RECORDED_MAX uids, new ones are not kept.  For the
 * life of the process. */
void users_record (guint32 uid, const char *name);

/* The name a recording gave user UID, or NULL (a WordsUserName). */
const char *users_recorded (guint32 uid);

/* Parses a user name a recording gave, or a numeric uid, into *UID.
 * Returns FALSE (UID untouched) when it is neither. */
gboolean users_parse_recorded (const char *s, guint32 *uid);

/* A user's account, as running a command as that user needs it. */
typedef struct {
  guint32 uid, gid;     /* the user, and the primary group */
  char *name;           /* the login name */
  char *home;           /* the home directory */
  gid_t *groups;        /* the groups (the primary one included) */
  int n_groups;
} UsersAccount;

/* Reads the account of the user S names (a name or a uid) into *OUT.
 * Returns FALSE, OUT untouched, when there is no such account. */
gboolean users_account (const char *s, UsersAccount *out);

/* Frees what A holds. */
void users_account_clear (UsersAccount *a);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UsersAccount, users_account_clear)
