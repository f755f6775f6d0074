/* where.h - what a process runs inside of besides the host: its container
 * and its pid namespace, and its pid there.
 *
 * A process of the host (forkscope's own pid namespace, in no container)
 * has no Where: NULL stands for it throughout and costs nothing.  Any other
 * has one, immutable and counted by reference, shared between the events
 * that read it, its process in every copy of a table, and its forked
 * children where they inherit it whole (where_inherit).  Safe from any
 * thread.
 *
 * Pid namespaces nest: a process's namespace is its parent's or one below
 * it (CLONE_NEWPID, or unshare/setns before the fork), never above.  So
 * the depth of the namespace (Where.level: the NSpid entries of
 * /proc/PID/status less one, as forkscope's /proc shows them) says where
 * a process entered a namespace of its own: its level is deeper than its
 * parent's (where_is_entry). */
#pragma once

#include <glib.h>
#include "container.h"

/* The deepest pid namespace (the kernel's MAX_PID_NS_LEVEL). */
#define WHERE_LEVEL_MAX 32

/* Where a process runs.  Read its fields; never change them. */
typedef struct {
  gint nspid;            /* its pid in its own pid namespace (the last
                            NSpid entry); 0 unknown, and at level 0 (where
                            it is the pid itself) */
  guint level;           /* how deep its pid namespace is: 0 forkscope's */
  Container *container;  /* the container it runs in, NULL none */
} Where;

/* A new Where of a process at pid NSPID (0 unknown) in a pid namespace
 * LEVEL deep, in CONTAINER (NULL: none; a reference is taken); NULL (the
 * host) for level 0 and no container.  NSPID is kept only below level 0. */
Where *where_new (gint nspid, guint level, Container *container);

/* One more reference to W (NULL: NULL). */
Where *where_ref (Where *w);

/* Drops a reference to W (NULL: nothing). */
void where_unref (Where *w);

/* W's level, 0 for NULL (the host). */
guint where_level (const Where *w);

/* W's container, NULL for none (or NULL W). */
Container *where_container (const Where *w);

/* W's pid in its namespace: PID itself at level 0, else W's nspid (0
 * when not known). */
gint where_nspid (const Where *w, gint pid);

/* Whether A and B say the same: level, pid and container. */
gboolean where_equal (const Where *a, const Where *b);

/* What a child forked by a process at PARENT inherits until it is read:
 * the same namespace and container, its pid there not known (a new
 * reference to PARENT itself at level 0, where there is no pid to know). */
Where *where_inherit (Where *parent);

/* Whether a process at W entered a pid namespace its parent at PARENT is
 * not in: W is deeper. */
gboolean where_is_entry (const Where *w, const Where *parent);
