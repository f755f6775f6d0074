/* settings.c - the viewer's settings file (see settings.h). */
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "escape.h"

/* The one group of the file. */
#define SETTINGS_GROUP "viewer"

/* A loaded settings file (settings.h). */
struct SettingsFile {
  char *path;
  char *shown;        /* the path escaped, as warnings say it */
  GKeyFile *kf;       /* the file as read: unknown keys and comments too */
  Options loaded;     /* the values it gave (defaults where it gave none) */
  gboolean exists;    /* there was a file */
  gboolean broken;    /* it did not parse: never written */
};

char *
settings_default_path (void)
{
  /* Not g_get_user_config_dir (): it takes a relative XDG_CONFIG_HOME as
   * it is, where the XDG Base Directory spec says to ignore it. */
  const char *config = g_getenv ("XDG_CONFIG_HOME");

  if (config && g_path_is_absolute (config))
    return g_build_filename (config, "forkscope", "forkscoperc", NULL);
  return g_build_filename (g_get_home_dir (), ".config", "forkscope", "forkscoperc", NULL);
}

/* Where each group and key of a file's TEXT is, read once, so that a
 * warning names its line whatever the size of the file: "[GROUP]" ->
 * the line that first opens GROUP, "GROUP\nKEY" -> the line that last
 * sets KEY in GROUP (the one GKeyFile keeps); lines count from 1 (as
 * GUINT_TO_POINTER). */
static GHashTable *
settings_lines (const char *text)
{
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *group = NULL;
  guint n = 0;

  for (const char *l = text; l; )
    {
      const char *nl = strchr (l, '\n');
      const char *end = nl ? nl : l + strlen (l);
      n++;
      while (l < end && g_ascii_isspace (*l))
        l++;
      const char *close = l < end && *l == '[' ? memchr (l, ']', end - l) : NULL;
      const char *eq = l < end ? memchr (l, '=', end - l) : NULL;
      if (l < end && *l == '[')
        {
          g_free (group);
          group = close ? g_strndup (l + 1, close - l - 1) : NULL;
          char *name = group ? g_strdup_printf ("[%s]", group) : NULL;
          if (name && !g_hash_table_contains (lines, name))
            g_hash_table_insert (lines, g_steal_pointer (&name), GUINT_TO_POINTER (n));
          g_free (name);
        }
      else if (group && eq && *l != '#')
        {
          const char *kend = eq;
          while (kend > l && g_ascii_isspace (kend[-1]))
            kend--;
          g_hash_table_insert (lines, g_strdup_printf ("%s\n%.*s", group, (int) (kend - l), l),
                               GUINT_TO_POINTER (n));
        }
      l = nl ? nl + 1 : NULL;
    }
  return lines;
}

/* The line of LINES (settings_lines) that sets KEY in GROUP, or with KEY
 * NULL that opens GROUP, or 0. */
static guint
settings_line (GHashTable *lines, const char *group, const char *key)
{
  g_autofree char *name = key ? g_strdup_printf ("%s\n%s", group, key)
                              : g_strdup_printf ("[%s]", group);
  return GPOINTER_TO_UINT (g_hash_table_lookup (lines, name));
}

/* Checks that TEXT is what GKeyFile reads: blank lines, # comments,
 * [groups] and key=value lines after a group, all in UTF-8.  Returns the
 * number of the first line that is not (with *WHY, a static string), or
 * 0. */
static guint
settings_bad_line (const char *text, const char **why)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean group = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      while (g_ascii_isspace (*l))
        l++;
      if (!g_utf8_validate (l, -1, NULL))
        *why = "not UTF-8";
      else if (!*l || *l == '#')
        continue;
      else if (*l == '[')
        {
          const char *end = strchr (l, ']');
          if (end && end > l + 1 && !end[1 + strspn (end + 1, " \t\r")])
            {
              group = TRUE;
              continue;
            }
          *why = "a group needs a name in [brackets] alone on its line";
        }
      else if (!strchr (l, '=') || *l == '=')
        *why = "neither a [group], a key=value nor a # comment";
      else if (!group)
        *why = "a key before any [group] (the keys go under [" SETTINGS_GROUP "])";
      else
        continue;
      return i + 1;
    }
  return 0;
}

/* A warning about a line of the file, kept until all are found so that
 * they are said in the order of their lines. */
typedef struct {
  guint line;
  char *text;   /* "PATH:LINE: why" */
} SettingsWarning;

/* Adds to FOUND a warning about line LINE of PATH: "PATH:LINE: " and the
 * message of FMT. */
static void
settings_warn (GArray *found, const char *path, guint line, const char *fmt, ...)
  G_GNUC_PRINTF (4, 5);

static void
settings_warn (GArray *found, const char *path, guint line, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  SettingsWarning w = { line, g_strdup_printf ("%s:%u: %s", path, line, why) };
  g_array_append_val (found, w);
}

/* GCompareFunc of SettingsWarning: by line. */
static gint
settings_warning_cmp (gconstpointer a, gconstpointer b)
{
  guint la = ((const SettingsWarning *) a)->line, lb = ((const SettingsWarning *) b)->line;
  return la < lb ? -1 : la > lb;
}

/* Adds to FOUND a warning about each key of F's file that this version
 * does not know, and each group of no key but [viewer], naming its line
 * (LINES: settings_lines of the file's text). */
static void
settings_warn_unknown (SettingsFile *f, GHashTable *lines, GArray *found)
{
  g_auto (GStrv) groups = g_key_file_get_groups (f->kf, NULL);
  /* GKeyFile lists a key set twice in a group twice: said once. */
  g_autoptr (GHashTable) said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (char **g = groups; *g; g++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (f->kf, *g, NULL, NULL);
      g_autofree char *group = escape_display (*g, 0);
      if (!keys || !*keys)
        {
          if (strcmp (*g, SETTINGS_GROUP) != 0)
            settings_warn (found, f->shown, settings_line (lines, *g, NULL),
                           "unknown group [%s] (kept as it is)", group);
          continue;
        }
      for (char **k = keys; *k; k++)
        if ((strcmp (*g, SETTINGS_GROUP) != 0 || !options_find (*k, TRUE))
            && g_hash_table_add (said, g_strdup_printf ("%s\n%s", *g, *k)))
          {
            g_autofree char *key = escape_display (*k, 0);
            settings_warn (found, f->shown, settings_line (lines, *g, *k),
                           "unknown key '%s' in [%s] (kept as it is)", key, group);
          }
    }
}

/* What a file of mode MODE is, when not a regular file: "a FIFO". */
static const char *
settings_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a file";
}

/* Reads PATH whole into *TEXT (NUL-terminated) and *LEN if it is a
 * regular file of at most SETTINGS_SIZE_MAX bytes.  Opened without
 * blocking (a FIFO, a device) and checked as opened, so that nothing
 * else read is waited on or read whole.  Returns 0; -ENOENT for no
 * file; -1 with *WHY (new string) for one that is refused. */
static int
settings_read (const char *path, char **text, gsize *len, char **why)
{
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat st;

  if (fd < 0)
    {
      int err = errno;
      if (err == ENOENT)
        return -ENOENT;
      *why = g_strdup (g_strerror (err));
      return -1;
    }
  if (fstat (fd, &st) < 0)
    *why = g_strdup (g_strerror (errno));
  else if (!S_ISREG (st.st_mode))
    *why = g_strdup_printf ("%s, not a regular file", settings_kind (st.st_mode));
  if (*why)
    {
      close (fd);
      return -1;
    }
  /* A byte more than the most taken tells a larger file, whatever its
   * size said (it may grow, or say 0 as /proc's do). */
  g_autofree char *buf = g_malloc (SETTINGS_SIZE_MAX + 2);
  gsize got = 0;
  while (got <= SETTINGS_SIZE_MAX)
    {
      ssize_t n = read (fd, buf + got, SETTINGS_SIZE_MAX + 1 - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *why = g_strdup (g_strerror (errno));
          close (fd);
          return -1;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  if (got > SETTINGS_SIZE_MAX)
    {
      *why = g_strdup ("larger than 1 MiB");
      return -1;
    }
  buf[got] = '\0';
  *len = got;
  *text = g_realloc (g_steal_pointer (&buf), got + 1);
  return 0;
}

SettingsFile *
settings_load (const char *path, const OptionsChoices *choices, Options *o,
               GPtrArray *warnings)
{
  SettingsFile *f = g_new0 (SettingsFile, 1);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *why = NULL;
  gsize len;

  f->path = g_strdup (path);
  f->shown = escape_display (path, 0);
  f->kf = g_key_file_new ();
  g_autofree char *unread = NULL;
  int r = settings_read (path, &text, &len, &unread);
  if (r < 0)
    {
      /* No file is the usual case; one that cannot be read is not. */
      if (r != -ENOENT)
        {
          g_ptr_array_add (warnings, g_strdup_printf ("%s: %s; using the defaults (the file "
                                                      "is left as it is)", f->shown, unread));
          f->exists = f->broken = TRUE;
        }
      options_copy (&f->loaded, o);
      return f;
    }
  f->exists = TRUE;
  guint bad = memchr (text, '\0', len) ? 1 : settings_bad_line (text, &why);
  if (bad || !g_key_file_load_from_data (f->kf, text, len, G_KEY_FILE_KEEP_COMMENTS,
                                         &error))
    {
      if (bad)
        g_ptr_array_add (warnings, g_strdup_printf ("%s:%u: %s; using the defaults (the "
                                                    "file is left as it is)", f->shown, bad,
                                                    why ? why : "a NUL byte"));
      else
        {
          g_autofree char *msg = escape_display (error->message, 0);
          g_ptr_array_add (warnings, g_strdup_printf ("%s: %s; using the defaults (the "
                                                      "file is left as it is)", f->shown,
                                                      msg));
        }
      f->broken = TRUE;
      options_copy (&f->loaded, o);
      return f;
    }
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (SettingsWarning));
  g_autoptr (GHashTable) lines = settings_lines (text);
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      if (!spec->key || !g_key_file_has_key (f->kf, SETTINGS_GROUP, spec->key, NULL))
        continue;
      g_autofree char *value = g_key_file_get_string (f->kf, SETTINGS_GROUP, spec->key, NULL);
      g_autoptr (GError) refused = NULL;
      guint line = settings_line (lines, SETTINGS_GROUP, spec->key);
      if (!value)
        {
          /* An escape other than GKeyFile's. */
          g_autofree char *raw = g_key_file_get_value (f->kf, SETTINGS_GROUP, spec->key, NULL);
          g_autofree char *shown = escape_display (raw, 0);
          settings_warn (found, f->shown, line, "%s takes text with the escapes \\s \\n \\t "
                         "\\\\ only, not '%s'; using the default", spec->key, shown);
        }
      else if (!options_set (spec, value, TRUE, choices, o, &refused))
        settings_warn (found, f->shown, line, "%s%s", refused->message,
                       spec->type == OPTIONS_GONE ? "" : "; using the default");
    }
  settings_warn_unknown (f, lines, found);
  g_array_sort (found, settings_warning_cmp);
  for (guint i = 0; i < found->len; i++)
    {
      char *w = g_array_index (found, SettingsWarning, i).text;
      if (i < SETTINGS_WARNINGS_MAX)
        g_ptr_array_add (warnings, w);
      else
        g_free (w);
    }
  if (found->len > SETTINGS_WARNINGS_MAX)
    g_ptr_array_add (warnings, g_strdup_printf ("%s: and %u more warnings like these",
                                                f->shown, found->len - SETTINGS_WARNINGS_MAX));
  options_copy (&f->loaded, o);
  return f;
}

void
settings_file_free (SettingsFile *f)
{
  if (!f)
    return;
  g_free (f->path);
  g_free (f->shown);
  g_key_file_unref (f->kf);
  options_clear (&f->loaded);
  g_free (f);
}

/* Whether SPEC has the same value in A and B. */
static gboolean
settings_same (const OptionsSpec *spec, const Options *a, const Options *b)
{
  g_autofree char *ta = options_text (spec, a);
  g_autofree char *tb = options_text (spec, b);

  return strcmp (ta, tb) == 0;
}

/* Symbolic links followed before giving up, as the kernel does (ELOOP). */
#define SETTINGS_MAX_LINKS 40

/* The file that saving F writes: its path, or what the chain of symbolic
 * links there points to, whether it exists or not (realpath() fails on a
 * link to a file still to be made).  New string, or NULL with ERROR for a
 * loop of links. */
static char *
settings_target (const SettingsFile *f, GError **error)
{
  g_autofree char *path = g_strdup (f->path);

  for (guint i = 0; i < SETTINGS_MAX_LINKS; i++)
    {
      g_autofree char *link = g_file_read_link (path, NULL);
      if (!link)
        return g_steal_pointer (&path);
      g_autofree char *dir = g_path_get_dirname (path);
      g_free (path);
      path = g_path_is_absolute (link) ? g_steal_pointer (&link)
                                       : g_build_filename (dir, link, NULL);
    }
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (ELOOP), "%s: %s", f->shown,
               g_strerror (ELOOP));
  return NULL;
}

int
settings_save (SettingsFile *f, const Options *o, GError **error)
{
  gboolean changed = FALSE;

  if (f->broken)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s was not read (see the warning above): not overwritten", f->shown);
      return -1;
    }
  if (!f->exists)
    g_key_file_set_comment (f->kf, NULL, NULL,
                            " forkscope's viewer settings: see FILES in forkscope(1).\n"
                            " The viewer writes what is changed in it on quitting.", NULL);
  for (guint i = 0; i < options_table_len; i++)
    {
      const OptionsSpec *spec = &options_table[i];
      if (!spec->key || spec->type == OPTIONS_GONE
          || (f->exists && settings_same (spec, o, &f->loaded)))
        continue;
      /* Lists: ';' between the names and none after, unlike GKeyFile's. */
      g_autofree char *value = options_text (spec, o);
      g_key_file_set_string (f->kf, SETTINGS_GROUP, spec->key, value);
      changed = TRUE;
    }
  if (!changed)
    return 0;

  g_autofree char *dir = g_path_get_dirname (f->path);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   "Cannot create %s: %s", dir, g_strerror (err));
      return -1;
    }
  gsize len;
  g_autofree char *data = g_key_file_to_data (f->kf, &len, NULL);
  /* A symlink (into a dotfiles repository, say) stays one: its target is
   * what is replaced, or created.  An existing file keeps its mode. */
  g_autofree char *target = settings_target (f, error);
  if (!target)
    return -1;
  struct stat st;
  gboolean keep_mode = g_stat (target, &st) == 0;
  /* Never renamed over a device, a FIFO or a directory made since the
   * file was loaded (loading refuses them). */
  if (keep_mode && !S_ISREG (st.st_mode))
    {
      g_autofree char *shown = escape_display (target, 0);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is %s, not a regular file: "
                   "not written", shown, settings_kind (st.st_mode));
      return -1;
    }
  int mode = keep_mode ? (int) (st.st_mode & 07777) : 0666;
  /* A temporary file in the target's directory renamed over the target:
   * never half written. */
  if (!g_file_set_contents_full (target, data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT
                                 | G_FILE_SET_CONTENTS_ONLY_EXISTING, mode, error))
    return -1;
  /* open(2) took the umask off the mode: the file gets it whole again. */
  if (keep_mode && g_chmod (target, mode) < 0)
    {
      int err = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   "%s was written, but its mode could not be set back to %04o: %s",
                   target, (unsigned) mode, g_strerror (err));
      return -1;
    }
  f->exists = TRUE;
  options_copy (&f->loaded, o);
  return 1;
}
