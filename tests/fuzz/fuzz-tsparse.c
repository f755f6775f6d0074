/* fuzz-tsparse.c - any bytes as a task statistics message from the kernel. */
#include <stdint.h>
#include <stdlib.h>

#include "tsparse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The family id of the seed corpus (captured on Linux 6.18). */
#define FUZZ_FAMILY 31

/* Parses DATA and checks what the parser promises about its results. */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  TsparseResult res;
  TsparseKind kind = tsparse_message (data, size, 0, FUZZ_FAMILY, &res);

  if (kind != res.kind || (kind == TSPARSE_DROP) != (res.drop != TSPARSE_DROP_NONE)
      || (guint) res.drop >= TSPARSE_DROP_MAX)
    abort ();
  if ((kind == TSPARSE_STATS) != (res.n_stats > 0) || res.n_stats > 2)
    abort ();
  if (kind == TSPARSE_FAMILY && res.family == 0)
    abort ();
  for (guint i = 0; i < res.n_stats; i++)
    if (res.stats[i].version < 8 || res.stats[i].have >= TSPARSE_BIT (TSPARSE_FIELD_MAX)
        || res.stats[i].group != (i == 1 || (res.n_stats == 1 && res.stats[i].group)))
      abort ();
  /* Statistics are never taken while the family is not known. */
  if (tsparse_message (data, size, 0, 0, &res) == TSPARSE_STATS)
    abort ();
  return 0;
}
