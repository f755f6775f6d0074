/* container.h - a container's identity, as its cgroup names it, and its
 * name.
 *
 * A container is named by its runtime ("docker", "podman", "containerd",
 * "cri-o", "kubernetes", "lxc", "machine", or whatever a recording says),
 * its id (64 hex digits, or for LXC and machines the name they run under)
 * and, in Kubernetes, its pod's uid: cgroup_container() reads them from a
 * cgroup path, and a recording's records carry them.  Each distinct
 * identity is held once (interned) and counted by reference, so that the
 * processes of a container, the events about them and every copy of a
 * table share one, and a container compares by pointer.
 *
 * A container is immutable but for its name, which the runtime keeps on
 * disk (sys/containers.c reads it, live, on the monitor's tick) or a
 * recording gave: it is set once, and then read by every output.  Safe
 * from any thread. */
#pragma once

#include <glib.h>

/* The longest id, runtime, pod uid or name a container holds (a longer
 * one is no container's: container_get refuses it). */
#define CONTAINER_TEXT_MAX 256

/* Digits of an id shown in its short form (docker ps shows 12). */
#define CONTAINER_SHORT_ID 12

/* One container.  Read its fields; never change or free them. */
typedef struct {
  const char *runtime;  /* never NULL */
  const char *id;       /* never NULL */
  const char *pod;      /* a Kubernetes pod's uid, else NULL */
} Container;

/* The container RUNTIME, ID, POD (NULL: none), with one more reference;
 * NULL when RUNTIME or ID is NULL, empty or longer than
 * CONTAINER_TEXT_MAX, or POD is empty or too long. */
Container *container_get (const char *runtime, const char *id, const char *pod);

/* One more reference to C (NULL: NULL). */
Container *container_ref (Container *c);

/* Drops a reference to C (NULL: nothing). */
void container_unref (Container *c);

/* C's name, NULL while it is not known. */
const char *container_name (const Container *c);

/* Gives C the name NAME unless it has one, or NAME is empty or longer than
 * CONTAINER_TEXT_MAX.  Returns whether C has the name NAME now. */
gboolean container_set_name (Container *c, const char *name);

/* Whether C's name has not been looked for yet; the first call for a
 * container returns TRUE and later ones FALSE (the monitor looks for it
 * once, however many processes the container has). */
gboolean container_claim_lookup (Container *c);

/* Appends how C is shown: "RUNTIME:NAME", or "RUNTIME:ID" with a hex id
 * cut to CONTAINER_SHORT_ID digits where the name is not known.  As
 * stored: the caller escapes it for a terminal. */
void container_label (GString *out, const Container *c);

/* Whether C's id is a runtime's hex id (not a name: LXC, machines). */
gboolean container_id_is_hex (const Container *c);

/* How many distinct containers are held now (for tests). */
guint container_count (void);
