/* cgroup.h - what a cgroup path is called: the systemd unit or the
 * container it stands for.  Pure: the path comes from the monitor
 * (Proc.cgroup); the unit column, the details and the filter's unit:
 * term all name a cgroup with this one function. */
#pragma once

#include <glib.h>

/* The name of cgroup PATH: a container's short id (its first 12 hex
 * digits) for a container runtime's scope (docker-ID.scope,
 * libpod-ID.scope, crio-ID.scope, cri-containerd-ID.scope, where ID is 64
 * hex digits); else the innermost systemd unit in it (NAME.service,
 * .scope, .slice, .socket, .mount, .swap): "ssh.service",
 * "session-4.scope", and "user@1000.service" for its init.scope (a
 * service manager's own process); else the path itself ("/" for the root
 * cgroup).  Returns a new string, NULL when PATH is NULL. */
char *cgroup_unit (const char *path);
