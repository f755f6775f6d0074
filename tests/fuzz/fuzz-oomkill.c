/* fuzz-oomkill.c - any bytes as a record of the kernel's log. */
#include <stdint.h>
#include <stdlib.h>

#include "oomkill.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Parses DATA: a victim named is a pid; the kernel's facility only. */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gint pid = oomkill_parse ((const char *) data, size);

  if (pid < 0 || (pid > 0 && (size < 2 || data[1] != ',' || data[0] > '7')))
    abort ();
  return 0;
}
