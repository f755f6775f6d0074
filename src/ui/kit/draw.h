/* draw.h - writing the viewer's text into curses windows: cut at their
 * edges, in the theme's attributes, pane titles, boxes over the panes,
 * the bottom line.  For views and dialogs; a frame is drawn into windows
 * with wnoutrefresh and shown by one doupdate (screen/screen.c). */
#pragma once

#include <curses.h>
#include "viewer.h"

/* Appends TEXT at the cursor of W with ATTR, cut at the window's edge.
 * Returns the cells left on the line. */
int draw_put (const Viewer *v, WINDOW *w, attr_t attr, const char *text);

/* Writes TEXT on line Y of W from column X, padded to the edge, in ATTR. */
void draw_line (const Viewer *v, WINDOW *w, int y, int x, attr_t attr, const char *text);

/* The title line of PANE's window W, marked when the pane is focused. */
void draw_title (const Viewer *v, WINDOW *w, LayoutPane pane, const char *text);

/* Writes the N CELLS (graph.h) on line Y of W from column X: each kind in
 * its colour (starts as new processes, ends as tombstones, failures as
 * failed ones, the time cursor's line as the frozen marker), the time
 * cursor's cells in reverse. */
void draw_cells (const Viewer *v, WINDOW *w, int y, int x, const GraphCell *cells, int n);

/* Starts the bottom line W over, blank in the function bar's colours, the
 * cursor at its start. */
void draw_bar (WINDOW *w);

/* A boxed window of H x W cells centred on the screen (clamped to it),
 * titled TITLE, or NULL when the screen is too small for a box. */
WINDOW *draw_box (const Viewer *v, int h, int w, const char *title);

/* Shows LINES in BOX (from draw_box) from line FIRST, SEL highlighted
 * (-1: none), then frees the box. */
void draw_box_show (const Viewer *v, WINDOW *box, GPtrArray *lines, gint first, gint sel);
