/* layout.h - where each pane goes for a terminal size (pure arithmetic).
 *
 * The tree pane is kept at every size; as the terminal shrinks the details
 * pane goes first, then the activity graph (a strip of one row under the
 * header, more on taller terminals), then the event log, then the
 * function bar, then the header.  Every rectangle lies inside the
 * terminal and none overlap. */
#pragma once

#include <glib.h>

/* The panes, in focus (Tab) order for the ones that take focus. */
typedef enum {
  PANE_TREE,
  PANE_LOG,
  PANE_DETAILS,
  PANE_HEADER,
  PANE_FNBAR,
  PANE_GRAPH,
  PANE_MAX
} LayoutPane;

/* A rectangle in terminal cells; h == 0 or w == 0 means not shown. */
typedef struct {
  int y, x, h, w;
} LayoutRect;

/* The computed layout. */
typedef struct {
  int cols, lines;
  gboolean side_details;  /* details right of the tree, not stacked */
  LayoutRect pane[PANE_MAX];
} Layout;

/* Computes the layout for a COLS x LINES terminal (either may be 0 or
 * negative: then nothing is shown). */
void layout_compute (int cols, int lines, Layout *out);

/* Whether PANE has a non-empty rectangle. */
gboolean layout_visible (const Layout *l, LayoutPane pane);

/* The pane under cell (Y, X), or PANE_MAX when none. */
LayoutPane layout_hit (const Layout *l, int y, int x);

/* The next visible focusable pane (tree, log, details) after FROM, wrapping;
 * FROM itself when it is the only one, PANE_TREE when FROM is not shown. */
LayoutPane layout_next_focus (const Layout *l, LayoutPane from);
