/* nlrecv.c - a batch of connector datagrams, received at once and decoded. */
#include "nlrecv.h"

#include <errno.h>

void
nlrecv_init (NlRecv *rx)
{
  for (int i = 0; i < NLRECV_BATCH; i++)
    {
      rx->iov[i].iov_base = rx->bufs[i];
      rx->iov[i].iov_len = sizeof rx->bufs[i];
      rx->msgs[i].msg_hdr.msg_name = &rx->addrs[i];
      rx->msgs[i].msg_hdr.msg_namelen = sizeof rx->addrs[i];
      rx->msgs[i].msg_hdr.msg_iov = &rx->iov[i];
      rx->msgs[i].msg_hdr.msg_iovlen = 1;
    }
}

void
nlrecv_clear (NlRecv *rx)
{
  for (int i = 0; i < NLRECV_BATCH; i++)
    event_clear (&rx->events[i]);
}

int
nlrecv_read (NlRecv *rx, int fd)
{
  int n = recvmmsg (fd, rx->msgs, NLRECV_BATCH, MSG_DONTWAIT, NULL);
  if (n <= 0)
    return n == 0 ? -EAGAIN : -errno;
  /* The kernel wrote the sender's length over the room there was. */
  for (int i = 0; i < n; i++)
    rx->msgs[i].msg_hdr.msg_namelen = sizeof rx->addrs[i];
  return n;
}

NlparseKind
nlrecv_parse (NlRecv *rx, int i)
{
  const struct msghdr *h = &rx->msgs[i].msg_hdr;
  guint32 sender = h->msg_namelen >= sizeof (struct sockaddr_nl)
                   ? rx->addrs[i].nl_pid : G_MAXUINT32;
  return nlparse_datagram (rx->bufs[i], rx->msgs[i].msg_len, sender,
                           &rx->results[i], &rx->events[i]);
}
