/* fuzz-nlparse.c - any bytes as a connector datagram from the kernel. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlparse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Parses DATA and checks what the parser promises about its results. */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (NlparseSeq) seq = nlparse_seq_new ();
  NlparseResult res;
  Event ev = { .pid = -4242 };

  NlparseKind kind = nlparse_datagram (data, size, 0, &res, &ev);
  if (kind != res.kind || (kind == NLPARSE_DROP) != (res.drop != NLPARSE_DROP_NONE))
    abort ();
  if (kind != NLPARSE_EVENT && ev.pid != -4242)
    abort ();
  if (kind == NLPARSE_EVENT
      && ((guint) ev.kind >= EVENT_KIND_MAX
          || (ev.comm && strlen (ev.comm) > 16)))
    abort ();
  if (kind == NLPARSE_EVENT)
    event_clear (&ev);

  /* The same sequence number twice is never a gap. */
  nlparse_seq_gap (seq, res.cpu, res.seq);
  if (nlparse_seq_gap (seq, res.cpu, res.seq) != 0)
    abort ();
  return 0;
}
