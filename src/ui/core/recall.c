/* recall.c - lines typed before (see recall.h). */
#include "recall.h"

#include <string.h>

void
recall_init (Recall *r)
{
  r->lines = g_ptr_array_new_with_free_func (g_free);
  r->at = 0;
  r->draft = NULL;
}

void
recall_clear (Recall *r)
{
  g_clear_pointer (&r->lines, g_ptr_array_unref);
  g_clear_pointer (&r->draft, g_free);
}

void
recall_rewind (Recall *r)
{
  g_clear_pointer (&r->draft, g_free);
  r->at = r->lines->len;
}

void
recall_add (Recall *r, const char *line)
{
  if (line && *line)
    {
      for (guint i = 0; i < r->lines->len; i++)
        if (strcmp (r->lines->pdata[i], line) == 0)
          {
            g_ptr_array_remove_index (r->lines, i);
            break;
          }
      if (r->lines->len == RECALL_MAX)
        g_ptr_array_remove_index (r->lines, 0);
      g_ptr_array_add (r->lines, g_strdup (line));
    }
  recall_rewind (r);
}

const char *
recall_step (Recall *r, int dir, const char *typed)
{
  if (!r->draft)
    {
      r->draft = g_strdup (typed ? typed : "");
      r->at = r->lines->len;
    }
  if (dir < 0)
    {
      if (r->at == 0)
        return NULL;
      r->at--;
    }
  else
    {
      if (r->at >= r->lines->len)
        return NULL;
      r->at++;
    }
  return r->at < r->lines->len ? r->lines->pdata[r->at] : r->draft;
}
