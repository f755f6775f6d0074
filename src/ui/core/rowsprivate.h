/* rowsprivate.h - what the files of the tree's rows share: rows.c (the
 * walk that flattens the tree, filters, collapse, tombstone windows),
 * rowsfold.c (folds of exited siblings) and rowssort.c (the sort keys and
 * the children's order).  Nothing outside src/ui/core/ includes this. */
#pragma once

#include "rows.h"

/* The exited children of one parent with one name, while they are grouped. */
typedef struct {
  RowsFold *fold;       /* moves to the fold row once emitted */
  GPtrArray *members;   /* Proc*, in the parent's order */
} RowsGroup;

/* The folds among one parent's children. */
typedef struct {
  GHashTable *by_name;     /* RowsFold.name -> RowsGroup* (owns them) */
  GHashTable *by_member;   /* Proc* -> its RowsGroup* */
} RowsFolding;

/* State of one rows_build() walk: the walk keeps its own stacks, so that
 * no depth of tree (a chain of 50,000) can exhaust the C stack. */
typedef struct {
  const RowsOptions *o;
  GArray *rows;
  gboolean filtering;
  GArray *frames;        /* of RowsFrame: the processes being visited */
  GPtrArray *probe;      /* scratch stack of rows_probe() */
  const RowsFolding *sorting;  /* the folds among the children being
                                  sorted: a fold's members sort by the
                                  fold's TCPU */
} RowsWalk;

/* Shared between the files, each described at its definition: rows.c's, */
gboolean rows_proc_failed (const Proc *p);
gboolean rows_held (const RowsOptions *o, const Proc *p);
gboolean rows_on_reveal_path (const RowsOptions *o, const Proc *p);
gboolean rows_probe (RowsWalk *w, Proc *p);
/* rowsfold.c's, */
void rows_fold_free (RowsFold *f);
void rows_folding_free (RowsFolding *fg);
RowsFolding *rows_fold_groups (RowsWalk *w, const Proc *p);
gboolean rows_emit_fold (RowsWalk *w, RowsGroup *g, guint depth);
/* rowssort.c's. */
gint rows_cmp (gconstpointer a, gconstpointer b, gpointer user);
GPtrArray *rows_sorted (RowsWalk *w, GList *procs);
