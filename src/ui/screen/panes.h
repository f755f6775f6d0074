/* panes.h - the registry: which view goes in each place of the layout,
 * and which dialog each key opens.  Adding a pane or a dialog touches its
 * own file (views/, dialogs/), this registry, the layout (core/layout.c:
 * where a pane goes) and the key table (core/keys.c). */
#pragma once

#include "dialog.h"
#include "view.h"

/* A pane of the registry. */
typedef struct {
  LayoutPane pane;             /* its place in the layout */
  const ViewClass *view;
  /* Whether the view is in that place now: the first entry of a place
   * whose answer is yes (NULL: always) is its view. */
  gboolean (*shown) (const Viewer *v);
} PanesEntry;

/* The panes, in the order they are drawn. */
extern const PanesEntry panes_table[];
extern const guint panes_table_len;

/* The index in panes_table of the view in PANE's place now, or -1. */
gint panes_entry (const Viewer *v, LayoutPane pane);

/* The dialog that a key of ACTION opens (when the focused pane and the
 * key table's handler leave the key to it), or NULL. */
const DialogClass *panes_dialog (KeysAction action);
