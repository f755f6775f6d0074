/* origin.h - where a stream of events was recorded, and the stable id of
 * each process in it.
 *
 * A recording starts with a header record naming its origin (json.h):
 * the forkscope that wrote it, the host, the boot and the kernel.  The boot
 * id (/proc/sys/kernel/random/boot_id, new at every boot) makes process
 * ids that survive pid reuse and reboots: origin_entity_id(). */
#pragma once

#include <glib.h>

#include "decimal.h"

/* The machine and program a stream of events comes from.  Any field may be
 * NULL where it is not known (a recording's header may leave one out). */
typedef struct {
  char *version;   /* forkscope's version, as written into the header */
  char *host;      /* host name (the UTS nodename) */
  char *boot_id;   /* /proc/sys/kernel/random/boot_id, as the kernel gives
                      it: 36 characters, lower-case hex and dashes */
  char *kernel;    /* kernel release (uname -r) */
} Origin;

/* A new empty origin. */
Origin *origin_new (void);

/* Frees O (NULL is a no-op). */
void origin_free (Origin *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Origin, origin_free)

/* A deep copy of O (NULL gives NULL). */
Origin *origin_dup (const Origin *o);

/* Whether A and B say the same (NULL fields equal only NULL ones). */
gboolean origin_equal (const Origin *a, const Origin *b);

/* Appends the entity id of the process TGID that started at START_NS
 * (CLOCK_MONOTONIC ns) during boot BOOT_ID:
 *
 *     BOOT_ID ":" TGID ":" START_NS / 10000000
 *
 * the boot id as /proc gives it, the process id and its start time in the
 * 10 ms clock ticks of /proc/PID/stat (field 22) in decimal, such as
 * "2a8c265f-f463-4ecf-81fe-4f72face922a:4242:1714566".  A pid is reused only
 * after pid_max others, never within one tick; the boot id is new at every
 * boot.  Ticks, not nanoseconds: a process seen at its fork (the kernel's
 * timestamp) and one seen in /proc by a later run (field 22) get the same
 * id, except when the fork was reported in the tick after the one it
 * started in (about 0.1% of forks), or after a suspend (field 22 counts
 * the time asleep, the kernel's timestamps do not).  Returns FALSE, appending nothing,
 * when BOOT_ID is NULL or the start is not known (START_NS <= 0). */
gboolean origin_entity_id (GString *out, const char *boot_id, gint tgid, gint64 start_ns);

/* The most bytes an entity id takes with a boot id of BOOT_LEN bytes. */
#define ORIGIN_ENTITY_ID_ROOM(boot_len) ((boot_len) + 2 + 2 * DECIMAL_MAX)

/* Writes the same entity id at D, which has ORIGIN_ENTITY_ID_ROOM
 * (BOOT_LEN) bytes of room, for the writers that make room themselves;
 * BOOT_LEN is the length of BOOT_ID.  Returns the end of it (no NUL), or
 * NULL, writing nothing, where origin_entity_id returns FALSE. */
char *origin_entity_id_put (char *d, const char *boot_id, gsize boot_len, gint tgid,
                            gint64 start_ns);
