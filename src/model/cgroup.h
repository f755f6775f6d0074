/* cgroup.h - what a cgroup path says: the container it stands for, its
 * systemd unit, and which line of /proc/PID/cgroup to read it from.  Pure:
 * the text comes from the monitor (procfs_read_cgroup); the UNIT and
 * CONTAINER columns, the details, the filter's unit:, cgroup: and
 * container: terms and the JSON records all name a cgroup with these.
 *
 * The shapes of paths a runtime gives its containers (ID is 64 hex
 * digits; the innermost container wins where they nest, as docker in
 * docker or kind):
 *
 *   docker       docker-ID.scope (systemd driver), /docker/ID (cgroupfs)
 *   podman       libpod-ID.scope, libpod-ID (cgroupfs); its monitor's
 *                libpod-conmon-ID.scope is outside the container: none
 *   cri-o        crio-ID.scope; crio-conmon-ID.scope: none
 *   containerd   cri-containerd-ID.scope, nerdctl-ID.scope
 *   kubernetes   a container under a pod's cgroup, kubepods.../pod<UID>/ID
 *                (cgroupfs) or kubepods-...-pod<UID>.slice/RUNTIME-ID.scope
 *                (systemd, the uid's dashes written '_'): the pod's uid
 *                too, and the runtime the scope names ("kubernetes" for a
 *                bare ID, whose runtime the path does not say)
 *   lxc          lxc.payload.NAME (LXC 4 and later, LXD), /lxc/NAME (older);
 *                lxc.monitor.NAME is the monitor: none
 *   machine      machine-NAME.scope (systemd-nspawn, machined; its
 *                supervisor/ cgroup is nspawn's, outside), or the payload/
 *                of systemd-nspawn@NAME.service (machinectl start); NAME
 *                unescaped (\x2d is '-')
 *
 * Lookalikes are none: docker.service, docker-compose@x.service, an id of
 * another length, a bare id under anything but docker/ or a pod. */
#pragma once

#include <glib.h>
#include "container.h"

/* The container cgroup PATH names (the innermost where they nest), with a
 * new reference; NULL when it names none or PATH is NULL. */
Container *cgroup_container (const char *path);

/* The name of cgroup PATH: a container's short id (its first 12 hex
 * digits) for a runtime's container named by a hex id; else the innermost
 * systemd unit in it (NAME.service, .scope, .slice, .socket, .mount,
 * .swap): "ssh.service", "session-4.scope", and "user@1000.service" for
 * its init.scope (a service manager's own process); else the path itself
 * ("/" for the root cgroup).  Returns a new string, NULL when PATH is
 * NULL. */
char *cgroup_unit (const char *path);

/* The path that stands for a process among the lines of TEXT, the whole
 * of a /proc/PID/cgroup file ("ID:CONTROLLERS:PATH" per line: one line,
 * "0::PATH", on cgroup v2; one per hierarchy on v1, and the unified one
 * too on hybrid systems).  The first path that names a container, looked
 * for in the unified line ("0::"), then the name=systemd line, then the
 * others in their order: a runtime makes its container's cgroup in every
 * hierarchy it manages, which on v1 may not be the unified one; else the
 * unified line's path, else the name=systemd line's (the units), else the
 * first line's.  Returns a new string, NULL when no line is one. */
char *cgroup_pick (const char *text);
