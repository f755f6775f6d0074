/* source.c - dispatch to the source classes. */
#include "source.h"

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
