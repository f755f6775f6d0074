/* source.c - dispatch to the source classes. */
#include "source/source.h"

void
source_attach (Source *src)
{
  src->klass->attach (src);
}

/* Each class frees all of its source, the common fields included. */
void
source_free (Source *src)
{
  if (src)
    src->klass->free (src);
}
