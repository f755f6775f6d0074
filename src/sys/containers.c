/* containers.c - containers' names from their runtimes' files (see
 * containers.h). */
#include "containers.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonread.h"

/* Where containerd keeps its running containers' bundles, by namespace. */
#define CONTAINERS_CONTAINERD "run/containerd/io.containerd.runtime.v2.task"

/* Reads the file ROOT/PATH whole into *TEXT and *LEN, refusing one over
 * CONTAINERS_FILE_MAX bytes.  0 or -errno. */
static int
containers_read_file (const char *root, const char *path, char **text, gsize *len)
{
  g_autofree char *full = g_build_filename (root, path, NULL);
  int fd = open (full, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  gsize n = 0;

  if (fd < 0)
    return -errno;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || st.st_size > CONTAINERS_FILE_MAX)
    {
      int err = fstat (fd, &st) < 0 ? -errno : !S_ISREG (st.st_mode) ? -EINVAL : -EFBIG;
      close (fd);
      return err;
    }
  g_autofree char *buf = g_malloc ((gsize) st.st_size + 1);
  while (n < (gsize) st.st_size)
    {
      ssize_t r = read (fd, buf + n, (gsize) st.st_size - n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      n += (gsize) r;
    }
  close (fd);
  buf[n] = '\0';
  *text = g_steal_pointer (&buf);
  *len = n;
  return 0;
}

/* The string at PATH (jsonread_find) in the JSON file ROOT/FILE, into
 * *NAME.  0, -ENOENT where it holds none, or -errno. */
static int
containers_find (const char *root, const char *file, const char *const *path, char **name)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  int r = containers_read_file (root, file, &text, &len);

  if (r < 0)
    return r;
  *name = jsonread_find (text, len, path);
  return *name ? 0 : -ENOENT;
}

/* The name an OCI bundle's config.json ROOT/FILE gives in its annotations,
 * the first of the keys runtimes write it under. */
static int
containers_annotated (const char *root, const char *file, char **name)
{
  static const char *const keys[] = {
    "io.kubernetes.cri.container-name", "io.kubernetes.container.name", "nerdctl/name",
  };
  int r = -ENOENT;

  for (guint i = 0; i < G_N_ELEMENTS (keys) && r == -ENOENT; i++)
    {
      const char *path[] = { "annotations", keys[i], NULL };
      r = containers_find (root, file, path, name);
    }
  return r;
}

/* Docker's name of ID: its config's "Name", without the leading '/'. */
static int
containers_docker (const char *root, const char *id, char **name)
{
  static const char *const path[] = { "Name", NULL };
  g_autofree char *file = g_build_filename ("var/lib/docker/containers", id, "config.v2.json",
                                            NULL);
  int r = containers_find (root, file, path, name);

  if (r == 0 && **name == '/')
    memmove (*name, *name + 1, strlen (*name));
  return r;
}

/* Podman's name of ID: containers/storage's first name for it. */
static int
containers_podman (const char *root, const char *id, char **name)
{
  g_autofree char *entry = g_strdup_printf ("[id=%s]", id);
  const char *path[] = { entry, "names", "[0]", NULL };

  return containers_find (root, "var/lib/containers/storage/overlay-containers/containers.json",
                          path, name);
}

/* containerd's name of ID: its bundle's annotations, in whichever
 * namespace it runs. */
static int
containers_containerd (const char *root, const char *id, char **name)
{
  g_autofree char *dir = g_build_filename (root, CONTAINERS_CONTAINERD, NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *ns;

  /* The id is in one namespace at most: the others have no such bundle. */
  while (d && (ns = g_dir_read_name (d)))
    {
      g_autofree char *file = g_build_filename (CONTAINERS_CONTAINERD, ns, id, "config.json",
                                                NULL);
      if (containers_annotated (root, file, name) == 0)
        return 0;
    }
  return -ENOENT;
}

/* CRI-O's name of ID: its bundle's annotations. */
static int
containers_crio (const char *root, const char *id, char **name)
{
  g_autofree char *file = g_build_filename ("run/containers/storage/overlay-containers", id,
                                            "userdata", "config.json", NULL);

  return containers_annotated (root, file, name);
}

int
containers_read_name (const char *root, const Container *c, char **name)
{
  int r;

  /* An id is one path component; anything else is no runtime's. */
  if (!container_id_is_hex (c))
    {
      if (strcmp (c->runtime, "lxc") != 0 && strcmp (c->runtime, "machine") != 0)
        return -ENOENT;
      *name = g_strdup (c->id);
      return 0;
    }
  if (strcmp (c->runtime, "docker") == 0)
    return containers_docker (root, c->id, name);
  if (strcmp (c->runtime, "podman") == 0)
    return containers_podman (root, c->id, name);
  if (strcmp (c->runtime, "containerd") == 0)
    return containers_containerd (root, c->id, name);
  if (strcmp (c->runtime, "cri-o") == 0)
    return containers_crio (root, c->id, name);
  if (strcmp (c->runtime, "kubernetes") == 0)
    {
      r = containers_containerd (root, c->id, name);
      return r == -ENOENT ? containers_crio (root, c->id, name) : r;
    }
  return -ENOENT;
}
