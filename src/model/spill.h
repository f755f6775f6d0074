/* spill.h - where the history puts what does not fit in memory: a file of
 * its own, behind this small interface so that the model does no I/O
 * (sys/spillfile.c is the real one; tests use memory and inject faults).
 *
 * The history lays its chunks out in the file as a ring (history.h) and
 * checks each one it reads back: the backend only moves bytes. */
#pragma once

#include <glib.h>

typedef struct Spill Spill;

/* What a backend does.  Both calls move all LEN bytes or fail. */
typedef struct {
  /* Writes LEN bytes at OFFSET; 0, or -errno (-ENOSPC, -EIO...). */
  int (*write) (Spill *s, guint64 offset, const void *buf, gsize len);
  /* Reads LEN bytes at OFFSET; 0, or -errno (-EIO when the file is
   * shorter). */
  int (*read) (Spill *s, guint64 offset, void *buf, gsize len);
  /* Closes the file and frees S. */
  void (*free) (Spill *s);
} SpillClass;

/* A backend: implementations embed it first. */
struct Spill {
  const SpillClass *klass;
};

/* Frees S through its class (NULL is a no-op). */
static inline void
spill_free (Spill *s)
{
  if (s)
    s->klass->free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Spill, spill_free)
