/* shared.c - strings and command lines shared by reference (shared.h). */
#include "shared.h"

#include <string.h>

/* An interned string: its count of references, then its bytes.  The
 * string handed out points at the bytes. */
typedef struct {
  guint32 refs;
  char s[];
} SharedStr;

/* A packed command line: its count of references, then the NULL-terminated
 * pointers (handed out), then the strings they point at. */
typedef struct {
  gint refs;   /* atomic: a command line is in no table */
  char *argv[];
} SharedArgv;

/* The interned strings (a set of SharedStr.s, NULL while there is none)
 * and the lock of their counts. */
static GHashTable *shared_strings;
static GMutex shared_lock;

/* The SharedStr whose bytes are S. */
static SharedStr *
shared_str_box (char *s)
{
  return (SharedStr *) (void *) (s - G_STRUCT_OFFSET (SharedStr, s));
}

/* The SharedArgv whose pointers are ARGV. */
static SharedArgv *
shared_argv_box (char **argv)
{
  return (SharedArgv *) (void *) ((char *) argv - G_STRUCT_OFFSET (SharedArgv, argv));
}

char *
shared_str (const char *s)
{
  char *found;

  if (!s)
    return NULL;
  g_mutex_lock (&shared_lock);
  if (!shared_strings)
    shared_strings = g_hash_table_new (g_str_hash, g_str_equal);
  found = g_hash_table_lookup (shared_strings, s);
  if (found)
    shared_str_box (found)->refs++;
  else
    {
      gsize n = strlen (s) + 1;
      SharedStr *box = g_malloc (sizeof *box + n);
      box->refs = 1;
      memcpy (box->s, s, n);
      found = box->s;
      g_hash_table_add (shared_strings, found);
    }
  g_mutex_unlock (&shared_lock);
  return found;
}

char *
shared_str_ref (char *s)
{
  if (s)
    {
      g_mutex_lock (&shared_lock);
      shared_str_box (s)->refs++;
      g_mutex_unlock (&shared_lock);
    }
  return s;
}

void
shared_str_unref (char *s)
{
  SharedStr *box;

  if (!s)
    return;
  box = shared_str_box (s);
  g_mutex_lock (&shared_lock);
  if (--box->refs == 0)
    {
      g_hash_table_remove (shared_strings, s);
      g_free (box);
      if (g_hash_table_size (shared_strings) == 0)
        g_clear_pointer (&shared_strings, g_hash_table_unref);
    }
  g_mutex_unlock (&shared_lock);
}

guint
shared_str_count (void)
{
  guint n;

  g_mutex_lock (&shared_lock);
  n = shared_strings ? g_hash_table_size (shared_strings) : 0;
  g_mutex_unlock (&shared_lock);
  return n;
}

char **
shared_argv (char *const *argv)
{
  gsize argc = 0, bytes = 0;

  if (!argv)
    return NULL;
  for (; argv[argc]; argc++)
    bytes += strlen (argv[argc]) + 1;
  SharedArgv *box = g_malloc (sizeof *box + (argc + 1) * sizeof (char *) + bytes);
  char *at = (char *) &box->argv[argc + 1];
  box->refs = 1;
  for (gsize i = 0; i < argc; i++)
    {
      gsize n = strlen (argv[i]) + 1;
      box->argv[i] = memcpy (at, argv[i], n);
      at += n;
    }
  box->argv[argc] = NULL;
  return box->argv;
}

char **
shared_argv_ref (char **argv)
{
  if (argv)
    g_atomic_int_inc (&shared_argv_box (argv)->refs);
  return argv;
}

void
shared_argv_unref (char **argv)
{
  if (argv && g_atomic_int_dec_and_test (&shared_argv_box (argv)->refs))
    g_free (shared_argv_box (argv));
}
