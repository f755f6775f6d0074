/* memspill.h - test support: a spill backend (spill.h) in memory, whose
 * bytes a test can change under the store's feet, and which fails writes
 * on demand. */
#pragma once

#include "spill.h"

/* The backend; tests read and change its fields. */
typedef struct {
  Spill base;
  GByteArray *bytes;    /* the file */
  guint writes;         /* writes done */
  guint fail_after;     /* writes that succeed before they fail (0: never) */
  int fail_errno;       /* what a failing write returns (-FAIL_ERRNO) */
  gboolean *freed;      /* set when the store frees it, if not NULL */
} MemSpill;

/* A new backend (the store frees it through spill_free). */
MemSpill *memspill_new (void);
