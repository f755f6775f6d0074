/* container.c - containers held once, by reference (container.h). */
#include "container.h"

#include <stdint.h>
#include <string.h>

/* A container and what only this module sees of it. */
typedef struct {
  Container c;      /* first: a Container* is a ContainerBox* */
  guint refs;       /* under container_lock */
  gint claimed;     /* atomic: container_claim_lookup was called */
  char *name;       /* atomic: set once, NULL until then */
  char text[];      /* the runtime, the id and the pod, NUL after each */
} ContainerBox;

/* The containers held (a set keyed by their identity, NULL while there is
 * none) and the lock of it and of their counts. */
static GHashTable *container_set;
static GMutex container_lock;

/* Hashes a container by its identity. */
static guint
container_hash (gconstpointer data)
{
  const Container *c = data;
  guint h = g_str_hash (c->runtime) * 31 + g_str_hash (c->id);
  return c->pod ? h * 31 + g_str_hash (c->pod) : h;
}

/* Whether two containers have the same identity. */
static gboolean
container_equal (gconstpointer a, gconstpointer b)
{
  const Container *x = a, *y = b;
  return strcmp (x->runtime, y->runtime) == 0 && strcmp (x->id, y->id) == 0
         && g_strcmp0 (x->pod, y->pod) == 0;
}

/* Whether S can be a part of an identity: not empty, not too long. */
static gboolean
container_text_ok (const char *s)
{
  return s && *s && strnlen (s, CONTAINER_TEXT_MAX + 1) <= CONTAINER_TEXT_MAX;
}

Container *
container_get (const char *runtime, const char *id, const char *pod)
{
  Container key = { runtime, id, pod };
  ContainerBox *box;

  if (!container_text_ok (runtime) || !container_text_ok (id)
      || (pod && !container_text_ok (pod)))
    return NULL;
  g_mutex_lock (&container_lock);
  if (!container_set)
    container_set = g_hash_table_new (container_hash, container_equal);
  box = g_hash_table_lookup (container_set, &key);
  if (box)
    box->refs++;
  else
    {
      gsize rl = strlen (runtime) + 1, il = strlen (id) + 1, pl = pod ? strlen (pod) + 1 : 0;
      box = g_malloc0 (sizeof *box + rl + il + pl);
      box->refs = 1;
      box->c.runtime = memcpy (box->text, runtime, rl);
      box->c.id = memcpy (box->text + rl, id, il);
      box->c.pod = pod ? memcpy (box->text + rl + il, pod, pl) : NULL;
      g_hash_table_add (container_set, box);
    }
  g_mutex_unlock (&container_lock);
  return &box->c;
}

Container *
container_ref (Container *c)
{
  if (c)
    {
      g_mutex_lock (&container_lock);
      ((ContainerBox *) c)->refs++;
      g_mutex_unlock (&container_lock);
    }
  return c;
}

void
container_unref (Container *c)
{
  ContainerBox *box = (ContainerBox *) c;

  if (!c)
    return;
  g_mutex_lock (&container_lock);
  if (--box->refs == 0)
    {
      g_hash_table_remove (container_set, box);
      if (g_hash_table_size (container_set) == 0)
        g_clear_pointer (&container_set, g_hash_table_unref);
    }
  else
    box = NULL;
  g_mutex_unlock (&container_lock);
  if (box)
    {
      g_free (box->name);
      g_free (box);
    }
}

const char *
container_name (const Container *c)
{
  /* Read atomically, though C is not changed: the name is set once. */
  ContainerBox *box = (ContainerBox *) (uintptr_t) c;

  return g_atomic_pointer_get (&box->name);
}

gboolean
container_set_name (Container *c, const char *name)
{
  ContainerBox *box = (ContainerBox *) c;
  char *copy;

  if (!container_text_ok (name))
    return FALSE;
  copy = g_strdup (name);
  if (!g_atomic_pointer_compare_and_exchange (&box->name, NULL, copy))
    g_free (copy);
  return strcmp (container_name (c), name) == 0;
}

gboolean
container_claim_lookup (Container *c)
{
  return g_atomic_int_compare_and_exchange (&((ContainerBox *) c)->claimed, 0, 1);
}

gboolean
container_id_is_hex (const Container *c)
{
  for (const char *s = c->id; *s; s++)
    if (!g_ascii_isxdigit (*s))
      return FALSE;
  return TRUE;
}

void
container_label (GString *out, const Container *c)
{
  const char *name = container_name (c);

  g_string_append (out, c->runtime);
  g_string_append_c (out, ':');
  if (name)
    g_string_append (out, name);
  else if (container_id_is_hex (c))
    g_string_append_len (out, c->id, MIN (strlen (c->id), CONTAINER_SHORT_ID));
  else
    g_string_append (out, c->id);
}

guint
container_count (void)
{
  guint n;

  g_mutex_lock (&container_lock);
  n = container_set ? g_hash_table_size (container_set) : 0;
  g_mutex_unlock (&container_lock);
  return n;
}
