/* view.h - what a pane is: the interface every file of views/ implements.
 *
 * A pane (the tree, the log, the details, the header, the function bar,
 * and the ones to come) has its own state, draws itself into the window
 * of its place in the layout, answers the keys of the actions it knows
 * when it has the focus, and the mouse in its place.  Each returns what
 * it invalidated (reaction.h).  The registry (screen/panes.c) says which
 * view goes in which place of the layout (layout.h) and in which order
 * they are drawn.  A view's logic is in core/ (actions.h), where it is
 * tested without a terminal; the view maps keys and clicks to it and
 * draws. */
#pragma once

#include <curses.h>
#include "viewer.h"

/* A pane's view (its state begins with this). */
typedef struct View View;

/* A press of the mouse in a pane. */
typedef struct {
  int y, x;        /* the cell in the pane: 0, 0 is its top left */
  int wheel;       /* -1 up, 1 down, 0 a click of the first button */
  int press;       /* the pane's answer: a key the click presses (0: none) */
} ViewClick;

/* A kind of pane. */
typedef struct {
  const char *name;
  gsize size;                      /* of its state, a View first */
  /* Frees what its state holds (not the state).  NULL: nothing. */
  void (*dispose) (View *view);
  /* Draws the pane into W (its place) and wnoutrefresh-es it. */
  void (*draw) (View *view, Viewer *v, WINDOW *w);
  /* ACTION's key while the pane has the focus; REACTION_PASS for an action
   * it leaves to the key table.  NULL: none. */
  Reaction (*key) (View *view, Viewer *v, KeysAction action);
  /* A press of the mouse in its place.  NULL: ignored. */
  Reaction (*click) (View *view, Viewer *v, ViewClick *c);
} ViewClass;

/* The state every view starts with. */
struct View {
  const ViewClass *klass;
};

/* Whether ACTION is one of the moves every pane knows (Up, Down, PgUp,
 * PgDn, Home, End); then *N rows (PAGE of them a page) or *TO_END (-1 the
 * first, 1 the last, else 0) say where it goes. */
gboolean view_move (KeysAction action, gint page, gint *n, int *to_end);

/* Rows the mouse wheel moves in the tree pane. */
#define VIEW_WHEEL_ROWS 3

/* The key of the views in the tree pane's place (the tree, the
 * timeline: ViewClass.key) while it has the focus: ACTION moves the
 * tree's selection, or is not one of the moves (REACTION_PASS). */
Reaction view_tree_key (View *view, Viewer *v, KeysAction action);

/* Draws, on line 1 of W, why the tree pane's place has no row: nothing
 * matches the filter, or there is no process. */
void view_tree_empty (Viewer *v, WINDOW *w);

/* How the selected row of the tree pane's place is drawn: bright while the
 * tree has the focus or the details follow it, dim while they show a
 * process picked in the log. */
attr_t view_tree_selected_attr (const Viewer *v);

/* A new view of KLASS, its state zeroed; view_free frees it (NULL:
 * nothing). */
View *view_new (const ViewClass *klass);
void view_free (View *view);
