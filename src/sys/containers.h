/* containers.h - a container's name, where its runtime keeps it on disk,
 * read without asking a daemon.
 *
 * Every path is under ROOT ("/", or a fixture tree in tests):
 *
 *   docker       var/lib/docker/containers/ID/config.v2.json, "Name"
 *                (its leading '/' left out)
 *   podman       var/lib/containers/storage/overlay-containers/
 *                containers.json, the "names" of the entry whose "id" is
 *                ID (containers/storage's; rootful podman's)
 *   containerd   run/containerd/io.containerd.runtime.v2.task/NS/ID/
 *                config.json (the bundle's OCI spec, in whichever
 *                namespace NS), the annotation
 *                io.kubernetes.cri.container-name (Kubernetes) or
 *                nerdctl/name
 *   cri-o        run/containers/storage/overlay-containers/ID/userdata/
 *                config.json, the annotation io.kubernetes.container.name
 *   kubernetes   (a bare id: the runtime is not known) containerd's place,
 *                then CRI-O's
 *   lxc, machine the name they run under is the id itself
 *
 * Reading costs a file of a few kilobytes (containers.json: all of
 * podman's containers), so the monitor reads it once per container, on
 * its tick, never on the way of an event.  Files over
 * CONTAINERS_FILE_MAX bytes are not read. */
#pragma once

#include <glib.h>
#include "container.h"

/* The largest runtime file read. */
#define CONTAINERS_FILE_MAX (8 << 20)

/* Reads the name of C under ROOT into *NAME (a new string).  Returns 0,
 * -ENOENT where the runtime keeps none for it (or none is known for its
 * runtime), -EFBIG for a file over CONTAINERS_FILE_MAX, or the -errno of
 * reading. */
int containers_read_name (const char *root, const Container *c, char **name);
