/* memspill.c - test support: a spill backend in memory (see memspill.h). */
#include "memspill.h"

#include <errno.h>
#include <string.h>

/* SpillClass.write */
static int
memspill_write (Spill *s, guint64 offset, const void *buf, gsize len)
{
  MemSpill *m = (MemSpill *) s;

  if (m->fail_after && m->writes >= m->fail_after)
    return -m->fail_errno;
  m->writes++;
  if (m->bytes->len < offset + len)
    g_byte_array_set_size (m->bytes, (guint) (offset + len));
  memcpy (m->bytes->data + offset, buf, len);
  return 0;
}

/* SpillClass.read */
static int
memspill_read (Spill *s, guint64 offset, void *buf, gsize len)
{
  MemSpill *m = (MemSpill *) s;

  if (offset + len > m->bytes->len)
    return -EIO;
  memcpy (buf, m->bytes->data + offset, len);
  return 0;
}

/* SpillClass.free */
static void
memspill_free (Spill *s)
{
  MemSpill *m = (MemSpill *) s;

  if (m->freed)
    *m->freed = TRUE;
  g_byte_array_unref (m->bytes);
  g_free (m);
}

static const SpillClass memspill_class = { memspill_write, memspill_read, memspill_free };

MemSpill *
memspill_new (void)
{
  MemSpill *m = g_new0 (MemSpill, 1);

  m->base.klass = &memspill_class;
  m->bytes = g_byte_array_new ();
  m->fail_errno = ENOSPC;
  return m;
}
