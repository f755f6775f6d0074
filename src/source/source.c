/* source.c - dispatch to the source classes, and what the kernel's
 * sockets share. */
#include "source.h"

#include <errno.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

/* The receive buffer asked for; the kernel doubles it (32 MiB, room for
 * about 40,000 queued connector events of 832 bytes each). */
#define SOURCE_RCVBUF (16 << 20)

void
source_attach (Source *src)
{
  src->klass->attach (src);
}

gboolean
source_holding (Source *src)
{
  return src->klass->holding && src->klass->holding (src);
}

/* Each class frees all of its source, the common fields included. */
void
source_free (Source *src)
{
  if (src)
    src->klass->free (src);
}

gint64
source_clock_ns (clockid_t clock_id)
{
  struct timespec ts;
  clock_gettime (clock_id, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

int
source_grow_rcvbuf (int fd)
{
  const char *forced = g_getenv ("FORKSCOPE_RCVBUF");
  int size = forced ? (int) CLAMP (g_ascii_strtoll (forced, NULL, 10), 1, G_MAXINT / 2)
                    : SOURCE_RCVBUF;
  socklen_t len = sizeof size;

  if (setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
    (void) setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (getsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, &len) < 0)
    return 0;
  return size;
}

gboolean
source_socket_drops (int fd, guint32 *drops)
{
  guint32 mem[SK_MEMINFO_VARS] = { 0 };
  socklen_t len = sizeof mem;

  if (getsockopt (fd, SOL_SOCKET, SO_MEMINFO, mem, &len) < 0
      || len <= SK_MEMINFO_DROPS * sizeof mem[0])
    return FALSE;
  *drops = mem[SK_MEMINFO_DROPS];
  return TRUE;
}

int
source_connect_kernel (int fd)
{
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

  return connect (fd, (struct sockaddr *) &kernel, sizeof kernel) < 0 ? -errno : 0;
}
