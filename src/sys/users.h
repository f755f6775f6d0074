/* users.h - this machine's user database.
 *
 * Names shown for uids, and the one parser for what a user types as a user
 * (a name or a uid), used by the command line and the viewer alike. */
#pragma once

#include <glib.h>

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
