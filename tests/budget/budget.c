/* budget.c - the budgets file, read and checked (see budget.h). */
#include "budget.h"

#include <string.h>

GHashTable *
budget_load (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) budgets = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, g_free);

  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *hash = strchr (lines[i], '#');
      if (hash)
        *hash = '\0';
      g_auto (GStrv) split = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      const char *words[3];
      guint n = 0;
      for (guint w = 0; split[w]; w++)
        if (*split[w] && n < G_N_ELEMENTS (words))
          words[n++] = split[w];
      if (n == 0)
        continue;
      char *end = NULL;
      double v = n == 2 ? g_ascii_strtod (words[1], &end) : 0;
      if (n != 2 || *end || end == words[1])
        {
          g_printerr ("%s:%u: expected \"NAME VALUE\"\n", path, i + 1);
          return NULL;
        }
      g_hash_table_replace (budgets, g_strdup (words[0]), g_memdup2 (&v, sizeof v));
    }
  return g_steal_pointer (&budgets);
}

gboolean
budget_check (GHashTable *budgets, const char *name, double value)
{
  const double *limit = g_hash_table_lookup (budgets, name);

  if (!limit)
    {
      g_print ("%s: %.1f (no budget in the file)\n", name, value);
      return FALSE;
    }
  g_print ("%s: %.1f (budget %.1f)%s\n", name, value, *limit,
           value <= *limit ? "" : ": OVER BUDGET");
  return value <= *limit;
}
