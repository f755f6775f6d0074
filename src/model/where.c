/* where.c - a process's container and pid namespace (where.h). */
#include "where.h"

/* A Where and its count of references. */
typedef struct {
  Where w;      /* first: a Where* is a WhereBox* */
  gint refs;    /* atomic */
} WhereBox;

Where *
where_new (gint nspid, guint level, Container *container)
{
  WhereBox *box;

  if (level == 0 && !container)
    return NULL;
  box = g_new (WhereBox, 1);
  box->w = (Where) { .nspid = level > 0 ? MAX (nspid, 0) : 0, .level = level,
                     .container = container_ref (container) };
  box->refs = 1;
  return &box->w;
}

Where *
where_ref (Where *w)
{
  if (w)
    g_atomic_int_inc (&((WhereBox *) w)->refs);
  return w;
}

void
where_unref (Where *w)
{
  if (w && g_atomic_int_dec_and_test (&((WhereBox *) w)->refs))
    {
      container_unref (w->container);
      g_free (w);
    }
}

guint
where_level (const Where *w)
{
  return w ? w->level : 0;
}

Container *
where_container (const Where *w)
{
  return w ? w->container : NULL;
}

gint
where_nspid (const Where *w, gint pid)
{
  return w && w->level > 0 ? w->nspid : pid;
}

gboolean
where_equal (const Where *a, const Where *b)
{
  if (a == b)
    return TRUE;
  return where_level (a) == where_level (b) && where_container (a) == where_container (b)
         && (!a || !b || a->nspid == b->nspid);
}

Where *
where_inherit (Where *parent)
{
  if (!parent || parent->level == 0)
    return where_ref (parent);
  return where_new (0, parent->level, parent->container);
}

gboolean
where_is_entry (const Where *w, const Where *parent)
{
  return where_level (w) > where_level (parent);
}
