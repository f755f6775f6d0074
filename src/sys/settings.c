/* settings.c - the viewer's settings file (see settings.h). */
#include "settings.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "filter.h"
#include "users.h"

/* The one group of the file. */
#define SETTINGS_GROUP "viewer"

/* What a key holds. */
typedef enum {
  SETTINGS_BOOL,     /* true or false */
  SETTINGS_SECONDS,  /* a double in [min, max] */
  SETTINGS_COUNT,    /* a gint64 in [min, max] */
  SETTINGS_CHOICE,   /* one name of a SettingsChoices list */
  SETTINGS_LIST,     /* names of a SettingsChoices list, ';'- or ','-separated */
  SETTINGS_FILTER,   /* a filter expression (filter_parse's) */
} SettingsType;

/* One key: its name, type, field in Settings, and what it accepts. */
typedef struct {
  const char *key;
  SettingsType type;
  gsize offset;      /* of the field in Settings */
  gsize choices;     /* CHOICE, LIST: of the list in SettingsChoices */
  gint64 min, max;   /* SECONDS, COUNT */
} SettingsKey;

/* Every key, in the order a new file lists them. */
static const SettingsKey settings_keys[] = {
  { "threads", SETTINGS_BOOL, offsetof (Settings, threads), 0, 0, 0 },
  { "kernel-threads", SETTINGS_BOOL, offsetof (Settings, kthreads), 0, 0, 0 },
  { "command-lines", SETTINGS_BOOL, offsetof (Settings, cmdline), 0, 0, 0 },
  { "tombstones", SETTINGS_SECONDS, offsetof (Settings, tombstones), 0, 0,
    SETTINGS_SECONDS_MAX },
  { "keep", SETTINGS_SECONDS, offsetof (Settings, keep), 0, 0, SETTINGS_SECONDS_MAX },
  { "history", SETTINGS_COUNT, offsetof (Settings, history), 0, SETTINGS_HISTORY_MIN,
    SETTINGS_HISTORY_MAX },
  { "scheme", SETTINGS_CHOICE, offsetof (Settings, scheme),
    offsetof (SettingsChoices, schemes), 0, 0 },
  { "columns", SETTINGS_LIST, offsetof (Settings, columns),
    offsetof (SettingsChoices, columns), 0, 0 },
  { "sort", SETTINGS_CHOICE, offsetof (Settings, sort), offsetof (SettingsChoices, sorts),
    0, 0 },
  { "sort-reverse", SETTINGS_BOOL, offsetof (Settings, sort_reverse), 0, 0, 0 },
  { "filter", SETTINGS_FILTER, offsetof (Settings, filter), 0, 0, 0 },
  { "save-on-quit", SETTINGS_BOOL, offsetof (Settings, save), 0, 0, 0 },
};

struct SettingsFile {
  char *path;
  GKeyFile *kf;       /* the file as read: unknown keys and comments too */
  Settings loaded;    /* the values it gave (defaults where it gave none) */
  gboolean exists;    /* there was a file */
  gboolean broken;    /* it did not parse: never written */
};

/* The types of the string and list fields, so that a const field of
 * them is the pointer that is const. */
typedef char *SettingsStr;
typedef char **SettingsStrv;

/* The field of key K in S, and in a const S. */
#define SETTINGS_FIELD(s, k, type) ((type *) (void *) ((char *) (s) + (k)->offset))
#define SETTINGS_CFIELD(s, k, type) \
  ((const type *) (const void *) ((const char *) (s) + (k)->offset))

/* The list of names key K takes from CHOICES. */
static const char *const *
settings_choice_list (const SettingsChoices *choices, const SettingsKey *k)
{
  return *(const char *const *const *) (const void *) ((const char *) choices + k->choices);
}

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

void
settings_init (Settings *s, const SettingsChoices *choices)
{
  *s = (Settings) {
    .tombstones = 5, .keep = 60, .history = 10000,
    .scheme = g_strdup (choices->schemes[0]), .columns = g_new0 (char *, 1),
    .sort = g_strdup (choices->sorts[0]), .filter = g_strdup (""), .save = TRUE,
  };
}

void
settings_clear (Settings *s)
{
  g_clear_pointer (&s->scheme, g_free);
  g_clear_pointer (&s->columns, g_strfreev);
  g_clear_pointer (&s->sort, g_free);
  g_clear_pointer (&s->filter, g_free);
}

void
settings_copy (Settings *dst, const Settings *src)
{
  settings_clear (dst);
  *dst = *src;
  dst->scheme = g_strdup (src->scheme);
  dst->columns = g_strdupv (src->columns);
  dst->sort = g_strdup (src->sort);
  dst->filter = g_strdup (src->filter);
}

/* The number (from 1) of the line of PATH's text TEXT that sets KEY in
 * GROUP (the last one: the one GKeyFile keeps), or with KEY NULL the line
 * that opens GROUP (the first), or 0. */
static guint
settings_line (const char *text, const char *group, const char *key)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_group = FALSE;
  guint found = 0;

  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      while (g_ascii_isspace (*l))
        l++;
      if (*l == '[')
        {
          const char *end = strchr (l, ']');
          in_group = end && (gsize) (end - l - 1) == strlen (group)
                     && strncmp (l + 1, group, end - l - 1) == 0;
          if (in_group && !key && !found)
            found = i + 1;
          continue;
        }
      const char *eq = strchr (l, '=');
      if (!key || !in_group || *l == '#' || !eq)
        continue;
      const char *kend = eq;
      while (kend > l && g_ascii_isspace (kend[-1]))
        kend--;
      if ((gsize) (kend - l) == strlen (key) && strncmp (l, key, kend - l) == 0)
        found = i + 1;
    }
  return found;
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

/* The names of a list's value TEXT, separated by ';' (as GKeyFile's lists
 * are) or ',' (as --columns's are); one separator may end it, as GKeyFile
 * writes them.  New vector. */
static char **
settings_split_list (const char *text)
{
  char **list = g_strsplit_set (text, ";,", -1);
  guint n = g_strv_length (list);

  if (n > 0 && !*list[n - 1])
    g_clear_pointer (&list[n - 1], g_free);
  return list;
}

/* Parses the value of key K in KF into S, or says why not in *WHY (new
 * string).  Returns whether it did. */
static gboolean
settings_parse_key (GKeyFile *kf, const SettingsKey *k, const SettingsChoices *choices,
                    Settings *s, char **why)
{
  g_autofree char *raw = g_key_file_get_value (kf, SETTINGS_GROUP, k->key, NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) list = NULL;
  g_autoptr (Filter) filter = NULL;
  g_autoptr (GError) error = NULL;
  const char *const *names = NULL;
  char *end = NULL;

  switch (k->type)
    {
    case SETTINGS_BOOL:
      {
        gboolean b = g_key_file_get_boolean (kf, SETTINGS_GROUP, k->key, &error);
        if (error)
          break;
        *SETTINGS_FIELD (s, k, gboolean) = b;
        return TRUE;
      }
    case SETTINGS_SECONDS:
      {
        double d = g_ascii_strtod (raw, &end);
        if (end == raw || *end || !isfinite (d) || d < k->min || d > k->max)
          break;
        *SETTINGS_FIELD (s, k, double) = d;
        return TRUE;
      }
    case SETTINGS_COUNT:
      {
        gint64 n;
        if (!g_ascii_string_to_signed (raw, 10, k->min, k->max, &n, NULL))
          break;
        *SETTINGS_FIELD (s, k, gint64) = n;
        return TRUE;
      }
    case SETTINGS_CHOICE:
      names = settings_choice_list (choices, k);
      text = g_key_file_get_string (kf, SETTINGS_GROUP, k->key, NULL);
      if (!text || !g_strv_contains (names, text))
        break;
      g_free (*SETTINGS_FIELD (s, k, char *));
      *SETTINGS_FIELD (s, k, char *) = g_steal_pointer (&text);
      return TRUE;
    case SETTINGS_LIST:
      names = settings_choice_list (choices, k);
      text = g_key_file_get_string (kf, SETTINGS_GROUP, k->key, NULL);
      list = text ? settings_split_list (text) : NULL;
      for (char **it = list; it && *it; it++)
        if (!g_strv_contains (names, *it))
          {
            g_clear_pointer (&list, g_strfreev);
            break;
          }
      if (!list)
        break;
      g_strfreev (*SETTINGS_FIELD (s, k, char **));
      *SETTINGS_FIELD (s, k, char **) = g_steal_pointer (&list);
      return TRUE;
    case SETTINGS_FILTER:
      text = g_key_file_get_string (kf, SETTINGS_GROUP, k->key, NULL);
      filter = text ? filter_parse (text, users_resolve, NULL, &error) : NULL;
      if (!filter)
        break;
      g_free (*SETTINGS_FIELD (s, k, char *));
      *SETTINGS_FIELD (s, k, char *) = g_steal_pointer (&text);
      return TRUE;
    }
  switch (k->type)
    {
    case SETTINGS_BOOL:
      *why = g_strdup ("true or false");
      break;
    case SETTINGS_SECONDS:
      *why = g_strdup_printf ("seconds from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                              k->min, k->max);
      break;
    case SETTINGS_COUNT:
      *why = g_strdup_printf ("a whole number from %" G_GINT64_FORMAT " to %"
                              G_GINT64_FORMAT, k->min, k->max);
      break;
    case SETTINGS_CHOICE:
    case SETTINGS_LIST:
      {
        g_autoptr (GString) all = g_string_new (NULL);
        for (const char *const *n = names; *n; n++)
          g_string_append_printf (all, "%s%s", all->len ? ", " : "", *n);
        *why = g_strdup_printf ("%s of: %s", k->type == SETTINGS_LIST
                                ? "names separated by ';' or ',', each one" : "one", all->str);
        break;
      }
    case SETTINGS_FILTER:
      /* No text: an escape other than \s \n \t \\ (GKeyFile's). */
      *why = g_strdup_printf ("a filter (%s)", error ? error->message
                              : "text with the escapes \\s \\n \\t \\\\ only");
      break;
    }
  return FALSE;
}

/* Whether key K is known. */
static const SettingsKey *
settings_find_key (const char *group, const char *key)
{
  if (strcmp (group, SETTINGS_GROUP) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (settings_keys); i++)
    if (strcmp (settings_keys[i].key, key) == 0)
      return &settings_keys[i];
  return NULL;
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
 * does not know, and each group of no key but [viewer], naming its line.
 * TEXT is the file's text. */
static void
settings_warn_unknown (SettingsFile *f, const char *text, GArray *found)
{
  g_auto (GStrv) groups = g_key_file_get_groups (f->kf, NULL);

  for (char **g = groups; *g; g++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (f->kf, *g, NULL, NULL);
      if (!keys || !*keys)
        {
          if (strcmp (*g, SETTINGS_GROUP) != 0)
            settings_warn (found, f->path, settings_line (text, *g, NULL),
                           "unknown group [%s] (kept as it is)", *g);
          continue;
        }
      for (char **k = keys; *k; k++)
        if (!settings_find_key (*g, *k))
          settings_warn (found, f->path, settings_line (text, *g, *k),
                         "unknown key '%s' in [%s] (kept as it is)", *k, *g);
    }
}

SettingsFile *
settings_load (const char *path, const SettingsChoices *choices, Settings *s,
               GPtrArray *warnings)
{
  SettingsFile *f = g_new0 (SettingsFile, 1);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *why = NULL;
  gsize len;

  f->path = g_strdup (path);
  f->kf = g_key_file_new ();
  if (!g_file_get_contents (path, &text, &len, &error))
    {
      /* No file is the usual case; one that cannot be read is not. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_ptr_array_add (warnings, g_strdup_printf ("%s: %s; using the defaults",
                                                      path, error->message));
          f->exists = f->broken = TRUE;
        }
      settings_copy (&f->loaded, s);
      return f;
    }
  f->exists = TRUE;
  guint bad = memchr (text, '\0', len) ? 1 : settings_bad_line (text, &why);
  if (bad || !g_key_file_load_from_data (f->kf, text, len, G_KEY_FILE_KEEP_COMMENTS,
                                         &error))
    {
      if (bad)
        g_ptr_array_add (warnings, g_strdup_printf ("%s:%u: %s; using the defaults (the "
                                                    "file is left as it is)", path, bad,
                                                    why ? why : "a NUL byte"));
      else
        g_ptr_array_add (warnings, g_strdup_printf ("%s: %s; using the defaults (the "
                                                    "file is left as it is)", path,
                                                    error->message));
      f->broken = TRUE;
      settings_copy (&f->loaded, s);
      return f;
    }
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (SettingsWarning));
  for (guint i = 0; i < G_N_ELEMENTS (settings_keys); i++)
    {
      const SettingsKey *k = &settings_keys[i];
      g_autofree char *need = NULL;
      if (!g_key_file_has_key (f->kf, SETTINGS_GROUP, k->key, NULL)
          || settings_parse_key (f->kf, k, choices, s, &need))
        continue;
      g_autofree char *raw = g_key_file_get_value (f->kf, SETTINGS_GROUP, k->key, NULL);
      settings_warn (found, path, settings_line (text, SETTINGS_GROUP, k->key),
                     "%s takes %s, not '%s'; using the default", k->key, need, raw);
    }
  settings_warn_unknown (f, text, found);
  g_array_sort (found, settings_warning_cmp);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (warnings, g_array_index (found, SettingsWarning, i).text);
  settings_copy (&f->loaded, s);
  return f;
}

void
settings_file_free (SettingsFile *f)
{
  if (!f)
    return;
  g_free (f->path);
  g_key_file_unref (f->kf);
  settings_clear (&f->loaded);
  g_free (f);
}

/* Whether key K has the same value in A and B. */
static gboolean
settings_same (const SettingsKey *k, const Settings *a, const Settings *b)
{
  switch (k->type)
    {
    case SETTINGS_BOOL:
      return !*SETTINGS_CFIELD (a, k, gboolean) == !*SETTINGS_CFIELD (b, k, gboolean);
    case SETTINGS_SECONDS:
      return *SETTINGS_CFIELD (a, k, double) == *SETTINGS_CFIELD (b, k, double);
    case SETTINGS_COUNT:
      return *SETTINGS_CFIELD (a, k, gint64) == *SETTINGS_CFIELD (b, k, gint64);
    case SETTINGS_CHOICE:
    case SETTINGS_FILTER:
      return g_strcmp0 (*SETTINGS_CFIELD (a, k, SettingsStr), *SETTINGS_CFIELD (b, k, SettingsStr)) == 0;
    case SETTINGS_LIST:
      return g_strv_equal ((const char *const *) *SETTINGS_CFIELD (a, k, SettingsStrv),
                           (const char *const *) *SETTINGS_CFIELD (b, k, SettingsStrv));
    }
  return FALSE;
}

/* Sets key K of KF to its value in S. */
static void
settings_set_key (GKeyFile *kf, const SettingsKey *k, const Settings *s)
{
  switch (k->type)
    {
    case SETTINGS_BOOL:
      g_key_file_set_boolean (kf, SETTINGS_GROUP, k->key, *SETTINGS_CFIELD (s, k, gboolean));
      break;
    case SETTINGS_SECONDS:
      g_key_file_set_double (kf, SETTINGS_GROUP, k->key, *SETTINGS_CFIELD (s, k, double));
      break;
    case SETTINGS_COUNT:
      g_key_file_set_int64 (kf, SETTINGS_GROUP, k->key, *SETTINGS_CFIELD (s, k, gint64));
      break;
    case SETTINGS_CHOICE:
    case SETTINGS_FILTER:
      g_key_file_set_string (kf, SETTINGS_GROUP, k->key, *SETTINGS_CFIELD (s, k, SettingsStr));
      break;
    case SETTINGS_LIST:
      {
        /* ';' between the names and none after, unlike GKeyFile's lists. */
        g_autofree char *joined = g_strjoinv (";", *SETTINGS_CFIELD (s, k, SettingsStrv));
        g_key_file_set_string (kf, SETTINGS_GROUP, k->key, joined);
        break;
      }
    }
}

int
settings_save (SettingsFile *f, const Settings *s, GError **error)
{
  gboolean changed = FALSE;

  if (f->broken)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s was not read (see the warning above): not overwritten", f->path);
      return -1;
    }
  if (!f->exists)
    g_key_file_set_comment (f->kf, NULL, NULL,
                            " forkscope's viewer settings: see FILES in forkscope(1).\n"
                            " The viewer writes what is changed in it on quitting.", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (settings_keys); i++)
    if (!f->exists || !settings_same (&settings_keys[i], s, &f->loaded))
      {
        settings_set_key (f->kf, &settings_keys[i], s);
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
   * what is replaced.  An existing file keeps its mode. */
  g_autofree char *target = realpath (f->path, NULL);
  struct stat st;
  gboolean keep_mode = target && g_stat (target, &st) == 0;
  int mode = keep_mode ? (int) (st.st_mode & 07777) : 0666;
  /* A temporary file in the target's directory renamed over the target:
   * never half written. */
  if (!g_file_set_contents_full (target ? target : f->path, data, len,
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
  settings_copy (&f->loaded, s);
  return 1;
}
