/* nlsock.c - a process-connector socket's requests and batches (nlsock.h). */
#include "nlsock.h"

#include <errno.h>
#include <string.h>
#include <linux/connector.h>

int
nlsock_send (struct mnl_socket *nl, guint32 ack, const void *data, guint16 len)
{
  union {
    struct nlmsghdr align;
    char buf[NLMSG_SPACE (sizeof (struct cn_msg) + sizeof (struct proc_input))];
  } msg = { 0 };
  struct nlmsghdr *nlh = mnl_nlmsg_put_header (msg.buf);
  struct cn_msg *cn;

  g_assert (len <= sizeof (struct proc_input));
  nlh->nlmsg_type = NLMSG_DONE;
  nlh->nlmsg_pid = mnl_socket_get_portid (nl);
  cn = mnl_nlmsg_put_extra_header (nlh, sizeof *cn + len);
  cn->id.idx = CN_IDX_PROC;
  cn->id.val = CN_VAL_PROC;
  cn->seq = ack;
  cn->ack = ack;
  cn->len = len;
  memcpy (cn->data, data, len);
  if (mnl_socket_sendto (nl, nlh, nlh->nlmsg_len) < 0)
    return -errno;
  return 0;
}

void
nlsock_batch_init (NlsockBatch *b)
{
  for (int i = 0; i < NLSOCK_BATCH; i++)
    {
      b->iov[i].iov_base = b->bufs[i];
      b->iov[i].iov_len = sizeof b->bufs[i];
      b->msgs[i].msg_hdr.msg_name = &b->addrs[i];
      b->msgs[i].msg_hdr.msg_namelen = sizeof b->addrs[i];
      b->msgs[i].msg_hdr.msg_iov = &b->iov[i];
      b->msgs[i].msg_hdr.msg_iovlen = 1;
    }
}

void
nlsock_batch_clear (NlsockBatch *b)
{
  for (int i = 0; i < NLSOCK_BATCH; i++)
    event_clear (&b->events[i]);
}

int
nlsock_read (NlsockBatch *b, int fd, gboolean wait)
{
  int n = recvmmsg (fd, b->msgs, NLSOCK_BATCH, wait ? MSG_WAITFORONE : MSG_DONTWAIT, NULL);
  if (n <= 0)
    return n == 0 ? -EAGAIN : -errno;
  /* The kernel wrote the sender's length over the room there was. */
  for (int i = 0; i < n; i++)
    b->msgs[i].msg_hdr.msg_namelen = sizeof b->addrs[i];
  return n;
}

NlparseKind
nlsock_parse (NlsockBatch *b, int i)
{
  const struct msghdr *h = &b->msgs[i].msg_hdr;
  guint32 sender = h->msg_namelen >= sizeof (struct sockaddr_nl)
                   ? b->addrs[i].nl_pid : G_MAXUINT32;
  return nlparse_datagram (b->bufs[i], b->msgs[i].msg_len, sender,
                           &b->results[i], &b->events[i]);
}
